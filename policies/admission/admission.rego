# Pod admission: what the RuntimeClass admission plugin does to pods (find
# the class, set or check the overhead, merge the node selector) and what the
# scheduler and the DaemonSet controller then make of it.
package rtc.admission

import data.rtc.lib
import rego.v1

# --- RTC010 ---

# METADATA
# title: runtimeClassName names an unknown RuntimeClass
# description: >-
#   The RuntimeClass admission plugin looks up the pod's RuntimeClass and
#   rejects the pod when it does not exist: `pods "x" is forbidden: pod
#   rejected: RuntimeClass "kata" not found`. For a Deployment or a Job the
#   object is accepted, but its controller cannot create a single pod. A
#   RuntimeClass counts as existing when the repository defines it or
#   rtpolicy.yaml declares it cluster-provided (GKE Sandbox's `gvisor`, AKS's
#   `kata-vm-isolation`, a kata-deploy installed separately).
# related_resources:
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/plugin/pkg/admission/runtimeclass/admission.go
#   - ref: https://kubernetes.io/docs/concepts/containers/runtime-class/
# custom:
#   id: RTC010
#   severity: error
#   remediation: >-
#     Fix the name, add the RuntimeClass to the repository, or declare it in
#     rtpolicy.yaml under runtimeClasses (with its handler and sandbox) when
#     the cluster provides it.
#   tags: [admission, runtimeclass]
deny contains f if {
	lib.runtime_class_missing
	name := lib.runtime_class_name
	lib.dns_subdomain(name)
	not lib.templated(name)
	f := lib.finding(
		"RTC010",
		sprintf(
			"%s names RuntimeClass %q, which is neither defined in the repository nor declared in rtpolicy.yaml runtimeClasses: admission rejects its pods (pod rejected: RuntimeClass %q not found)",
			[lib.object_label, name, name],
		),
		lib.runtime_class_name_path,
	)
}

# --- RTC011 ---

_pod_overhead := o if {
	o := lib.pod_spec.overhead
	is_object(o)
}

_class_overhead := o if {
	o := lib.runtime_class.overhead
	is_object(o)
	count(o) > 0
}

_overhead_path := array.concat(lib.pod_spec_path, ["overhead"])

# Same resources with the same quantities (250m == 0.25), as apiequality.Semantic compares ResourceLists.
_same_quantities(a, b) if {
	object.keys(a) == object.keys(b)
	every name, value in a {
		lib.quantity_value(value) == lib.quantity_value(b[name])
	}
}

# METADATA
# title: Pod overhead set by hand
# description: >-
#   `spec.overhead` belongs to the RuntimeClass admission plugin, which
#   copies it from the RuntimeClass's `overhead.podFixed`. A pod that sets it
#   without a RuntimeClass, or with a RuntimeClass that declares no overhead,
#   is rejected (`pod rejected: Pod Overhead set without corresponding
#   RuntimeClass defined Overhead`), and so is one whose values differ from
#   the class's (`pod rejected: Pod's Overhead doesn't match RuntimeClass's
#   defined Overhead`; quantities compare by value, so 250m equals 0.25).
#   Equal values are accepted but redundant: the pod breaks as soon as the
#   RuntimeClass's overhead changes (a warning). Before Kubernetes 1.18 the
#   PodOverhead feature is alpha and off by default, and the API server drops
#   the field.
# related_resources:
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/plugin/pkg/admission/runtimeclass/admission.go
#   - ref: https://kubernetes.io/docs/concepts/scheduling-eviction/pod-overhead/
# custom:
#   id: RTC011
#   severity: error
#   remediation: >-
#     Remove spec.overhead from the pod template; declare the overhead once
#     in the RuntimeClass (overhead.podFixed).
#   tags: [admission, overhead]
deny contains f if some f in _rtc011

_rtc011 contains f if {
	lib.kubernetes_minor >= 18
	_pod_overhead
	not lib.has_runtime_class_name
	not lib.partial
	f := lib.finding(
		"RTC011",
		sprintf(
			"%s sets spec.overhead but no runtimeClassName: admission rejects its pods (pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead)",
			[lib.object_label],
		),
		_overhead_path,
	)
}

_rtc011 contains f if {
	lib.kubernetes_minor >= 18
	_pod_overhead
	lib.runtime_class
	not _class_overhead
	f := lib.finding(
		"RTC011",
		sprintf(
			"%s sets spec.overhead but RuntimeClass %q declares no overhead.podFixed: admission rejects its pods (pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead)",
			[lib.object_label, lib.runtime_class_name],
		),
		_overhead_path,
	)
}

_rtc011 contains f if {
	lib.kubernetes_minor >= 18
	count(_pod_overhead) > 0
	class_overhead := _class_overhead
	not _same_quantities(_pod_overhead, class_overhead)
	f := lib.finding(
		"RTC011",
		sprintf(
			"%s sets spec.overhead %v, but RuntimeClass %q declares overhead.podFixed %v: admission rejects its pods (pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead)",
			[lib.object_label, _pod_overhead, lib.runtime_class_name, class_overhead],
		),
		_overhead_path,
	)
}

_rtc011 contains f if {
	lib.kubernetes_minor >= 18
	count(_pod_overhead) > 0
	_same_quantities(_pod_overhead, _class_overhead)
	f := lib.finding_with_severity(
		"RTC011",
		"warning",
		sprintf(
			"%s sets spec.overhead equal to RuntimeClass %q's overhead.podFixed: admission sets it anyway, and the pods are rejected once the class's overhead changes",
			[lib.object_label, lib.runtime_class_name],
		),
		_overhead_path,
	)
}

_rtc011 contains f if {
	lib.kubernetes_minor < 18
	_pod_overhead
	f := lib.finding_with_severity(
		"RTC011",
		"warning",
		sprintf(
			"%s sets spec.overhead, but before Kubernetes 1.18 (target %s) the PodOverhead feature is alpha and off by default: the API server drops the field",
			[lib.object_label, lib.kubernetes_version],
		),
		_overhead_path,
	)
}

# --- RTC012 ---

_class_selector := s if {
	s := lib.runtime_class.nodeSelector
	is_object(s)
}

# METADATA
# title: Pod nodeSelector conflicts with the RuntimeClass
# description: >-
#   The RuntimeClass admission plugin merges the class's
#   `scheduling.nodeSelector` into the pod's `nodeSelector`. When both set
#   the same label key to different values the pod could never run on a
#   node with the runtime, and admission rejects it: `pod rejected: conflict:
#   runtimeClass.scheduling.nodeSelector[katacontainers.io/kata-runtime] =
#   true; pod.spec.nodeSelector[katacontainers.io/kata-runtime] = false`.
# related_resources:
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/plugin/pkg/admission/runtimeclass/admission.go
#   - ref: https://kubernetes.io/docs/concepts/containers/runtime-class/#scheduling
# custom:
#   id: RTC012
#   severity: error
#   remediation: >-
#     Drop the conflicting key from the pod's nodeSelector (the RuntimeClass
#     already places the pod), or pick a RuntimeClass whose nodes carry the
#     label value you need.
#   tags: [admission, scheduling]
deny contains f if {
	some key, value in lib.pod_spec.nodeSelector
	required := _class_selector[key]
	required != value
	f := lib.finding(
		"RTC012",
		sprintf(
			"%s sets nodeSelector %s=%v, but RuntimeClass %q requires %s=%v: admission rejects its pods (conflict: runtimeClass.scheduling.nodeSelector[%s] = %v; pod.spec.nodeSelector[%s] = %v)",
			[lib.object_label, key, value, lib.runtime_class_name, key, required, key, required, key, value],
		),
		array.concat(lib.pod_spec_path, ["nodeSelector", key]),
	)
}

# --- RTC013 ---

_required_terms_path := array.concat(
	lib.pod_spec_path,
	["affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"],
)

_required_terms := t if {
	t := object.get(input, _required_terms_path, null)
	is_array(t)
	count(t) > 0
}

# Whether a node selector requirement cannot hold on a node labelled key=value.
_contradicts(requirement, value) if {
	requirement.operator == "In"
	not value in object.get(requirement, "values", [])
}

_contradicts(requirement, value) if {
	requirement.operator == "NotIn"
	value in object.get(requirement, "values", [])
}

_contradicts(requirement, _) if requirement.operator == "DoesNotExist"

_contradicts(requirement, value) if {
	requirement.operator == "Gt"
	to_number(value) <= to_number(requirement.values[0])
}

_contradicts(requirement, value) if {
	requirement.operator == "Lt"
	to_number(value) >= to_number(requirement.values[0])
}

# Index of the first requirement of term `i` that the class's node selector contradicts.
_contradiction(i) := min(indexes) if {
	term := _required_terms[i]
	indexes := {j |
		some j, requirement in object.get(term, "matchExpressions", [])
		_contradicts(requirement, _class_selector[requirement.key])
	}
	count(indexes) > 0
}

# METADATA
# title: Required node affinity or nodeName contradicts the RuntimeClass
# description: >-
#   Admission merges only `nodeSelector` with the RuntimeClass's
#   `scheduling.nodeSelector`; it does not look at node affinity. A pod whose
#   required node affinity excludes the labels the RuntimeClass requires is
#   accepted, but no node satisfies both, so it stays Pending
#   (`0/5 nodes are available: 5 node(s) didn't match Pod's node
#   affinity/selector`). A pod that sets `nodeName` skips the scheduler: the
#   kubelet then rejects it (NodeAffinity) unless that node carries the
#   RuntimeClass's labels, which rtpolicy cannot see.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/containers/runtime-class/#scheduling
#   - ref: https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity
# custom:
#   id: RTC013
#   severity: warning
#   remediation: >-
#     Make the required node affinity admit the RuntimeClass's node labels
#     (or drop it and rely on the RuntimeClass), and schedule through
#     selectors instead of nodeName.
#   tags: [scheduling]
deny contains f if some f in _rtc013

_rtc013 contains f if {
	count(_class_selector) > 0
	every i, _ in _required_terms {
		_contradiction(i)
	}
	j := _contradiction(0)
	requirement := _required_terms[0].matchExpressions[j]
	f := lib.finding(
		"RTC013",
		sprintf(
			"%s requires node affinity %s %s %v, but RuntimeClass %q places its pods on nodes with %s=%v: no node satisfies both, so the pods stay Pending",
			[
				lib.object_label, requirement.key, requirement.operator, object.get(requirement, "values", []),
				lib.runtime_class_name, requirement.key, _class_selector[requirement.key],
			],
		),
		array.concat(_required_terms_path, [0, "matchExpressions", j]),
	)
}

_rtc013 contains f if {
	count(_class_selector) > 0
	node := lib.pod_spec.nodeName
	is_string(node)
	node != ""
	f := lib.finding(
		"RTC013",
		sprintf(
			"%s sets nodeName %q, which skips the scheduler: RuntimeClass %q's node selector %v is not used to place it, and the kubelet rejects the pod unless node %q carries those labels",
			[lib.object_label, node, lib.runtime_class_name, _class_selector, node],
		),
		array.concat(lib.pod_spec_path, ["nodeName"]),
	)
}

# --- RTC014 ---

# The class's scheduling.tolerations, from its definition in the repository.
_class_tolerations := t if {
	definition := lib.runtime_class.object
	scheduling := object.get(definition, ["scheduling"], object.get(definition, ["spec", "scheduling"], {}))
	t := scheduling.tolerations
	is_array(t)
}

# Whether the template's node affinity requires key=value in every term.
_affinity_requires(key, value) if {
	every term in _required_terms {
		some requirement in term.matchExpressions
		requirement.key == key
		requirement.operator == "In"
		requirement.values == [value]
	}
}

_selects(key, value) if lib.pod_spec.nodeSelector[key] == value

_selects(key, value) if _affinity_requires(key, value)

# Whether pod toleration `t` tolerates what class toleration `c` tolerates.
_tolerates(t, c) if {
	_toleration_key_matches(t, c)
	_toleration_effect_matches(t, c)
}

_toleration_key_matches(t, _) if {
	object.get(t, "key", "") == ""
	t.operator == "Exists"
}

_toleration_key_matches(t, c) if {
	t.key == object.get(c, "key", "")
	t.operator == "Exists"
}

_toleration_key_matches(t, c) if {
	t.key == object.get(c, "key", "")
	object.get(t, "operator", "Equal") == "Equal"
	object.get(t, "value", "") == object.get(c, "value", "")
}

_toleration_effect_matches(t, _) if object.get(t, "effect", "") == ""

_toleration_effect_matches(t, c) if t.effect == object.get(c, "effect", "")

# METADATA
# title: DaemonSet ignores its RuntimeClass's scheduling
# description: >-
#   The DaemonSet controller decides which nodes get a pod from the pod
#   template alone; it does not know the RuntimeClass's `scheduling`. It
#   creates a pod for every node, and admission then adds the class's node
#   selector, so the pods for nodes without the runtime can never run and
#   stay Pending; without the class's tolerations the DaemonSet skips the
#   tainted sandbox nodes instead. The template must repeat the class's
#   `nodeSelector` and `tolerations` (kubernetes/kubernetes#111590).
# related_resources:
#   - ref: https://github.com/kubernetes/kubernetes/issues/111590
#   - ref: https://kubernetes.io/docs/concepts/containers/runtime-class/#scheduling
# custom:
#   id: RTC014
#   severity: warning
#   remediation: >-
#     Copy the RuntimeClass's scheduling.nodeSelector into the DaemonSet's
#     spec.template.spec.nodeSelector and its tolerations into
#     spec.template.spec.tolerations.
#   tags: [scheduling, daemonset]
deny contains f if some f in _rtc014

_rtc014 contains f if {
	input.kind == "DaemonSet"
	not lib.partial
	some key, value in _class_selector
	not _selects(key, value)
	f := lib.finding(
		"RTC014",
		sprintf(
			"%s uses RuntimeClass %q, which schedules onto nodes with %s=%v, but its pod template does not select them: the controller still creates a pod for every node, and those on nodes without the runtime stay Pending",
			[lib.object_label, lib.runtime_class_name, key, value],
		),
		lib.existing_prefix(array.concat(lib.pod_spec_path, ["nodeSelector"])),
	)
}

_rtc014 contains f if {
	input.kind == "DaemonSet"
	not lib.partial
	some c in _class_tolerations
	not _tolerated(c)
	f := lib.finding(
		"RTC014",
		sprintf(
			"%s uses RuntimeClass %q, whose scheduling tolerates %v, but its pod template lacks that toleration: the DaemonSet does not run on the sandbox nodes that carry the taint",
			[lib.object_label, lib.runtime_class_name, c],
		),
		lib.existing_prefix(array.concat(lib.pod_spec_path, ["tolerations"])),
	)
}

_tolerated(c) if {
	some t in object.get(lib.pod_spec, "tolerations", [])
	_tolerates(t, c)
}
