# RuntimeClass objects: served API versions, handler and name validation,
# overhead, duplicates, and what sandboxed classes must declare. RTC003 also
# checks the runtimeClassName of pods, with the same name rules.
package rtc.runtimeclass

import data.rtc.lib
import rego.v1

# --- RTC001 ---

# Minor version that stopped serving each old RuntimeClass API version, and the one that deprecated it.
_removed_in := {"node.k8s.io/v1alpha1": 24, "node.k8s.io/v1beta1": 25}

_deprecated_in := {"node.k8s.io/v1alpha1": 14, "node.k8s.io/v1beta1": 22}

_migration_hint := "use node.k8s.io/v1 and move spec.runtimeHandler to handler, spec.overhead and spec.scheduling to the top level" if {
	input.apiVersion == "node.k8s.io/v1alpha1"
}

_migration_hint := "use node.k8s.io/v1 (the same fields)" if input.apiVersion == "node.k8s.io/v1beta1"

# METADATA
# title: RuntimeClass apiVersion no longer served
# description: >-
#   Kubernetes stopped serving `node.k8s.io/v1alpha1` RuntimeClasses in 1.24 and
#   `node.k8s.io/v1beta1` in 1.25. Applying such an object to a cluster of the
#   target version fails with `no matches for kind "RuntimeClass" in version
#   "node.k8s.io/v1beta1"`, so the RuntimeClass is never created and every pod
#   that names it is rejected. Before the removal the version is deprecated
#   (a warning). The target version is `--kubernetes-version` or rtpolicy.yaml
#   `kubernetesVersion`.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/using-api/deprecation-guide/#runtimeclass-v125
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.24.md
# custom:
#   id: RTC001
#   severity: error
#   remediation: >-
#     Change apiVersion to node.k8s.io/v1. From v1alpha1, also move
#     spec.runtimeHandler to handler and spec.overhead / spec.scheduling to the
#     top level.
#   tags: [runtimeclass, deprecation]
deny contains f if some f in _rtc001

_rtc001 contains f if {
	lib.is_runtime_class
	removed := _removed_in[input.apiVersion]
	lib.kubernetes_minor >= removed
	f := lib.finding(
		"RTC001",
		sprintf(
			"%s uses %s, which Kubernetes 1.%d and later no longer serve (target %s): the API server rejects it; %s",
			[lib.class_label, input.apiVersion, removed, lib.kubernetes_version, _migration_hint],
		),
		["apiVersion"],
	)
}

_rtc001 contains f if {
	lib.is_runtime_class
	removed := _removed_in[input.apiVersion]
	lib.kubernetes_minor >= _deprecated_in[input.apiVersion]
	lib.kubernetes_minor < removed
	f := lib.finding_with_severity(
		"RTC001",
		"warning",
		sprintf(
			"%s uses %s, deprecated and no longer served from Kubernetes 1.%d (target %s); %s",
			[lib.class_label, input.apiVersion, removed, lib.kubernetes_version, _migration_hint],
		),
		["apiVersion"],
	)
}

# --- RTC002 ---

# METADATA
# title: RuntimeClass handler missing or not a DNS-1123 label
# description: >-
#   `handler` names the CRI runtime handler (the containerd or CRI-O runtime
#   entry) that runs the pods. It is required and immutable, and must be a
#   DNS-1123 label: lowercase letters, digits and '-', starting and ending
#   with a letter or digit, at most 63 characters. The API server rejects
#   the RuntimeClass otherwise (`handler: Invalid value: ... a lowercase RFC
#   1123 label must consist of ...` or `handler: Required value`).
# related_resources:
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/node/validation/validation.go
#   - ref: https://kubernetes.io/docs/concepts/containers/runtime-class/
# custom:
#   id: RTC002
#   severity: error
#   remediation: >-
#     Set handler to the name of the runtime entry in the nodes' containerd
#     (runtimes.<name>) or CRI-O (crio.runtime.runtimes.<name>) configuration,
#     for example kata-qemu or runsc.
#   tags: [runtimeclass, validation]
deny contains f if some f in _rtc002

_rtc002 contains f if {
	lib.is_runtime_class
	value := object.get(input, lib.handler_path, null)
	value == null
	f := lib.finding(
		"RTC002",
		sprintf("%s has no %s: the API server rejects it (%s: Required value)%s", [lib.class_label, lib.handler_field, lib.handler_field, _alpha_field_hint]),
		lib.runtime_class_body_path,
	)
}

_rtc002 contains f if {
	lib.is_runtime_class
	value := object.get(input, lib.handler_path, null)
	value != null
	not lib.dns_label(value)
	not lib.templated(value)
	f := lib.finding(
		"RTC002",
		sprintf(
			"%s has %s %v, which is not a DNS-1123 label (lowercase alphanumerics and '-', at most 63 characters): the API server rejects it",
			[lib.class_label, lib.handler_field, value],
		),
		lib.handler_path,
	)
}

# A v1 object that still carries the v1alpha1 field.
default _alpha_field_hint := ""

_alpha_field_hint := "; spec.runtimeHandler is the v1alpha1 field, node.k8s.io/v1 reads the top-level handler" if {
	input.apiVersion != "node.k8s.io/v1alpha1"
	is_string(input.spec.runtimeHandler)
}


# --- RTC003 ---

# METADATA
# title: RuntimeClass name or runtimeClassName is not a DNS-1123 subdomain
# description: >-
#   RuntimeClass names, and so a pod's `runtimeClassName`, must be DNS-1123
#   subdomains: lowercase letters, digits, '-' and '.', starting and ending
#   with a letter or digit, at most 253 characters. The API server rejects a
#   RuntimeClass with another name (`metadata.name: Invalid value`) and a pod
#   or workload whose runtimeClassName is not one (`spec.runtimeClassName:
#   Invalid value: "Kata": a lowercase RFC 1123 subdomain must consist of
#   ...`), including an empty string.
# related_resources:
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go
#   - ref: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names
# custom:
#   id: RTC003
#   severity: error
#   remediation: >-
#     Use a lowercase name such as kata-qemu or gvisor, for the RuntimeClass
#     and for every runtimeClassName that refers to it.
#   tags: [runtimeclass, validation]
deny contains f if some f in _rtc003

_rtc003 contains f if {
	lib.is_runtime_class
	name := input.metadata.name
	is_string(name)
	not lib.dns_subdomain(name)
	not lib.templated(name)
	f := lib.finding(
		"RTC003",
		sprintf("RuntimeClass name %q is not a DNS-1123 subdomain (lowercase alphanumerics, '-' and '.'): the API server rejects it", [name]),
		["metadata", "name"],
	)
}

_rtc003 contains f if {
	value := lib.pod_spec.runtimeClassName
	value != null
	not lib.dns_subdomain(value)
	not lib.templated(value)
	f := lib.finding(
		"RTC003",
		sprintf(
			"%s sets runtimeClassName %v, which is not a DNS-1123 subdomain (lowercase alphanumerics, '-' and '.'): the API server rejects the pod",
			[lib.object_label, _shown(value)],
		),
		array.concat(lib.pod_spec_path, ["runtimeClassName"]),
	)
}

_shown(value) := sprintf("%q", [value]) if is_string(value)

_shown(value) := sprintf("%v", [value]) if not is_string(value)

# --- RTC004 ---

_standard_resources := {"cpu", "memory", "ephemeral-storage"}

# A hugepages resource: hugepages-<page size quantity>, e.g. hugepages-2Mi.
_hugepages(name) if {
	startswith(name, "hugepages-")
	lib.quantity(substring(name, count("hugepages-"), -1))
}

# An extended resource: domain-qualified, outside kubernetes.io, e.g. nvidia.com/gpu.
_extended(name) if {
	contains(name, "/")
	not contains(name, "kubernetes.io/")
	not startswith(name, "requests.")
	regex.match(
		`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`,
		name,
	)
}

_valid_resource_name(name) if name in _standard_resources

_valid_resource_name(name) if _hugepages(name)

_valid_resource_name(name) if _extended(name)

# METADATA
# title: Invalid RuntimeClass overhead.podFixed
# description: >-
#   `overhead.podFixed` lists the resources a pod of this class uses beyond
#   its containers (the VM, the gVisor Sentry). The API server validates it
#   like container limits: each name must be a standard container resource
#   (`cpu`, `memory`, `ephemeral-storage`, `hugepages-<size>`) or a
#   domain-qualified extended resource, each value a non-negative quantity
#   (`250m`, `160Mi`), integral for extended resources, and hugepages need
#   cpu or memory too. Otherwise the RuntimeClass is rejected
#   (`overhead.podFixed[...]: Invalid value`), and a malformed quantity does
#   not even decode (`quantities must match the regular expression ...`).
# related_resources:
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/node/validation/validation.go
#   - ref: https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
# custom:
#   id: RTC004
#   severity: error
#   remediation: >-
#     Write quantities as the API expects them (cpu: "250m", memory:
#     "160Mi"), and only for cpu, memory, ephemeral-storage, hugepages-<size>
#     or extended resources such as example.com/device.
#   tags: [runtimeclass, validation, overhead]
deny contains f if some f in _rtc004

_rtc004 contains f if {
	lib.is_runtime_class
	some name, _ in lib.overhead
	not _valid_resource_name(name)
	f := lib.finding(
		"RTC004",
		sprintf(
			"%s overhead.podFixed names the resource %q, which is neither a standard container resource (cpu, memory, ephemeral-storage, hugepages-<size>) nor a domain-qualified extended resource: the API server rejects it",
			[lib.class_label, name],
		),
		array.concat(lib.overhead_path, [name]),
	)
}

_rtc004 contains f if {
	lib.is_runtime_class
	some name, value in lib.overhead
	not lib.quantity(value)
	f := lib.finding(
		"RTC004",
		sprintf("%s overhead.podFixed.%s is %v, which is not a quantity (such as 250m or 160Mi): the API server rejects it", [lib.class_label, name, _shown(value)]),
		array.concat(lib.overhead_path, [name]),
	)
}

_rtc004 contains f if {
	lib.is_runtime_class
	some name, value in lib.overhead
	lib.quantity_value(value) < 0
	f := lib.finding(
		"RTC004",
		sprintf("%s overhead.podFixed.%s is negative (%v): the API server rejects it (must be greater than or equal to 0)", [lib.class_label, name, value]),
		array.concat(lib.overhead_path, [name]),
	)
}

_rtc004 contains f if {
	lib.is_runtime_class
	some name, value in lib.overhead
	_extended(name)
	amount := lib.quantity_value(value)
	amount >= 0
	amount != floor(amount)
	f := lib.finding(
		"RTC004",
		sprintf("%s overhead.podFixed.%s is %v, but extended resources are counted in whole units: the API server rejects it (must be an integer)", [lib.class_label, name, value]),
		array.concat(lib.overhead_path, [name]),
	)
}

_rtc004 contains f if {
	lib.is_runtime_class
	some name, _ in lib.overhead
	_hugepages(name)
	not lib.overhead.cpu
	not lib.overhead.memory
	f := lib.finding(
		"RTC004",
		sprintf("%s overhead.podFixed sets %s without cpu or memory: the API server rejects it (HugePages require cpu or memory)", [lib.class_label, name]),
		array.concat(lib.overhead_path, [name]),
	)
}

# --- RTC005 ---

# What a RuntimeClass definition means to the cluster, whatever its apiVersion.
_effective(definition) := {
	"handler": object.get(body, handler_key, null),
	"overhead": object.get(body, "overhead", null),
	"scheduling": object.get(body, "scheduling", null),
} if {
	alpha := definition.apiVersion == "node.k8s.io/v1alpha1"
	body := _alpha_body(definition, alpha)
	handler_key := _handler_key(alpha)
}

_alpha_body(definition, true) := object.get(definition, "spec", {})

_alpha_body(definition, false) := definition

_handler_key(true) := "runtimeHandler"

_handler_key(false) := "handler"

_field_path("handler") := lib.handler_path

_field_path(field) := array.concat(lib.runtime_class_body_path, [field]) if field != "handler"

# METADATA
# title: RuntimeClass defined twice differently, or namespaced
# description: >-
#   A RuntimeClass is one cluster-wide object. When the repository defines
#   the same name twice with a different handler, overhead or scheduling,
#   whichever is applied last wins, so pods get another runtime, overhead or
#   node placement than one of the files says (a warning). RuntimeClass is
#   cluster-scoped: `metadata.namespace` on it is ignored by the API server,
#   which hints at a copy-paste or a kustomize namespace transformer applied
#   too broadly (a note).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#not-all-objects-are-in-a-namespace
#   - ref: https://kubernetes.io/docs/concepts/containers/runtime-class/
# custom:
#   id: RTC005
#   severity: warning
#   remediation: >-
#     Keep one definition per RuntimeClass name (or make the copies
#     identical), and drop metadata.namespace from RuntimeClasses.
#   tags: [runtimeclass, consistency]
deny contains f if some f in _rtc005

_rtc005 contains f if {
	lib.is_runtime_class
	definitions := lib.input_class.definitions
	count(definitions) > 1
	first := definitions[0]
	mine := _effective(input)
	theirs := _effective(first.object)
	differing := [field | some field in ["handler", "overhead", "scheduling"]; mine[field] != theirs[field]]
	count(differing) > 0
	f := lib.finding(
		"RTC005",
		sprintf(
			"%s is also defined in %s:%d with a different %s; the cluster keeps whichever is applied last",
			[lib.class_label, first.file, first.line, concat(", ", differing)],
		),
		lib.existing_prefix(_field_path(differing[0])),
	)
}

_rtc005 contains f if {
	lib.is_runtime_class
	namespace := input.metadata.namespace
	is_string(namespace)
	namespace != ""
	f := lib.finding_with_severity(
		"RTC005",
		"note",
		sprintf("%s sets metadata.namespace %q, but RuntimeClass is cluster-scoped: the API server ignores it", [lib.class_label, namespace]),
		["metadata", "namespace"],
	)
}

# --- RTC015 ---

# The minimum overhead configured for a class (sandbox.minimumOverhead): by
# hypervisor, `vm` when a VM's hypervisor is unknown, `gvisor` for gVisor.
_minimum_key(info) := info.hypervisor if {
	info.sandbox == "vm"
	is_string(info.hypervisor)
}

_minimum_key(info) := "vm" if {
	info.sandbox == "vm"
	not is_string(object.get(info, "hypervisor", null))
}

_minimum_key(info) := "gvisor" if info.sandbox == "gvisor"

_minimum(info) := lib.config.sandbox.minimumOverhead[_minimum_key(info)]

_vmm_label(info) := sprintf(" (%s)", [info.hypervisor]) if is_string(info.hypervisor)

_vmm_label(info) := "" if not is_string(object.get(info, "hypervisor", null))

# METADATA
# title: Sandboxed RuntimeClass without pod overhead
# description: >-
#   A Kata VM or a gVisor sandbox uses memory and CPU beyond the containers'
#   requests: the guest kernel, the agent, the VMM or the Sentry. Without
#   `overhead.podFixed` the scheduler and the kubelet do not count it, so
#   nodes get overcommitted and sandboxed pods are OOM-killed or evict
#   others. A sandboxed class needs both cpu and memory overhead (an error
#   when missing). For a VM, memory below what the hypervisor needs
#   (kata-deploy's values: about 130Mi for Firecracker or Cloud Hypervisor,
#   320Mi for QEMU; rtpolicy.yaml sandbox.minimumOverhead) is a warning.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/scheduling-eviction/pod-overhead/
#   - ref: https://github.com/kata-containers/kata-containers/tree/main/tools/packaging/kata-deploy/helm-chart
# custom:
#   id: RTC015
#   severity: error
#   remediation: >-
#     Add overhead.podFixed with cpu and memory to the RuntimeClass, for
#     example cpu "250m" and memory "160Mi" for Cloud Hypervisor, or the
#     values your Kata configuration's default_memory implies.
#   tags: [runtimeclass, sandbox, overhead]
deny contains f if some f in _rtc015

_rtc015 contains f if {
	info := lib.input_class
	info.sandbox in lib.isolating_classes
	some resource in ["cpu", "memory"]
	not lib.overhead[resource]
	f := lib.finding(
		"RTC015",
		sprintf(
			"%s runs pods in a %s sandbox%s but declares no overhead.podFixed.%s: the scheduler does not count what the sandbox itself uses",
			[lib.class_label, info.sandbox, _vmm_label(info), resource],
		),
		lib.existing_prefix(array.concat(lib.overhead_path, [resource])),
	)
}

_rtc015 contains f if {
	info := lib.input_class
	info.sandbox in lib.isolating_classes
	some resource, minimum in _minimum(info)
	declared := lib.overhead[resource]
	lib.quantity(declared)
	lib.quantity(minimum)
	lib.quantity_value(declared) < lib.quantity_value(minimum)
	f := lib.finding_with_severity(
		"RTC015",
		"warning",
		sprintf(
			"%s declares overhead.podFixed.%s %v, below the %v a %s sandbox%s needs (sandbox.minimumOverhead.%s)",
			[lib.class_label, resource, declared, minimum, info.sandbox, _vmm_label(info), _minimum_key(info)],
		),
		array.concat(lib.overhead_path, [resource]),
	)
}

# --- RTC016 ---

# METADATA
# title: Sandboxed RuntimeClass without scheduling.nodeSelector
# description: >-
#   Without `scheduling.nodeSelector` the RuntimeClass is assumed to be
#   supported by every node, so its pods can land on nodes that lack the
#   Kata or gVisor runtime and fail to start (`failed to get sandbox
#   runtime: no runtime for "kata-qemu" is configured`). Setting a node
#   selector (and tolerations for dedicated nodes) makes the scheduler place
#   them on nodes that have the runtime.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/containers/runtime-class/#scheduling
# custom:
#   id: RTC016
#   severity: warning
#   remediation: >-
#     Add scheduling.nodeSelector with the label your sandbox nodes carry,
#     for example katacontainers.io/kata-runtime: "true" (set by kata-deploy).
#   tags: [runtimeclass, sandbox, scheduling]
deny contains f if some f in _rtc016

_rtc016 contains f if {
	info := lib.input_class
	info.sandbox in lib.isolating_classes
	selector := object.get(input, array.concat(lib.runtime_class_body_path, ["scheduling", "nodeSelector"]), {})
	count(selector) == 0
	f := lib.finding(
		"RTC016",
		sprintf(
			"%s runs pods in a %s sandbox but has no scheduling.nodeSelector: its pods may be scheduled to nodes without that runtime",
			[lib.class_label, info.sandbox],
		),
		lib.existing_prefix(array.concat(lib.runtime_class_body_path, ["scheduling", "nodeSelector"])),
	)
}
