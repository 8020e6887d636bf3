# Where pods live in Kubernetes objects (RULES.md "Where pods live", after
# pod-security-admission's pod spec extractor; src/k8s/pods.ts has the same
# table): the pod spec and metadata of the input object with their paths, and
# its containers (init, regular, ephemeral) with theirs. Paths are keys and
# indexes into the input, as findings report them.
package rtc.lib

import rego.v1

# API group of the input (`apps/v1` -> `apps`, `v1` -> "").
api_group := group if {
	parts := split(input.apiVersion, "/")
	count(parts) == 2
	group := parts[0]
}

api_group := "" if {
	is_string(input.apiVersion)
	not contains(input.apiVersion, "/")
}

# kind -> API groups that define it with that layout, and the path of its pod template.
_pod_layouts := {
	"Pod": {"groups": {""}, "template": []},
	"PodTemplate": {"groups": {""}, "template": ["template"]},
	"ReplicationController": {"groups": {""}, "template": ["spec", "template"]},
	"ReplicaSet": {"groups": {"apps", "extensions"}, "template": ["spec", "template"]},
	"Deployment": {"groups": {"apps", "extensions"}, "template": ["spec", "template"]},
	"StatefulSet": {"groups": {"apps", "extensions"}, "template": ["spec", "template"]},
	"DaemonSet": {"groups": {"apps", "extensions"}, "template": ["spec", "template"]},
	"Job": {"groups": {"batch"}, "template": ["spec", "template"]},
	"CronJob": {"groups": {"batch"}, "template": ["spec", "jobTemplate", "spec", "template"]},
}

_layout := layout if {
	layout := _pod_layouts[input.kind]
	api_group in layout.groups
}

# Path of the pod spec in the input: ["spec"] for a Pod, ["spec", "template", "spec"] for a Deployment...
pod_spec_path := array.concat(_layout.template, ["spec"]) if is_object(object.get(input, array.concat(_layout.template, ["spec"]), null))

# Path of the pod's metadata (labels, annotations).
pod_metadata_path := array.concat(_layout.template, ["metadata"]) if pod_spec_path

# The pod spec; undefined when the input is not a workload (CRDs, Services...) or has no pod spec.
pod_spec := object.get(input, pod_spec_path, null)

# The pod's metadata; {} when the template has none.
default pod_metadata := {}

pod_metadata := m if {
	m := object.get(input, pod_metadata_path, null)
	is_object(m)
}

is_workload if pod_spec_path

# Pod spec fields that hold containers.
container_fields := ["initContainers", "containers", "ephemeralContainers"]

# Every container of the pod: {"container", "field", "index", "path", "name"}.
containers contains c if {
	some field in container_fields
	some index, container in object.get(pod_spec, field, [])
	is_object(container)
	c := {
		"container": container,
		"field": field,
		"index": index,
		"path": array.concat(pod_spec_path, [field, index]),
		"name": object.get(container, "name", sprintf("%s[%d]", [field, index])),
	}
}

# Whether the object is a partial one, such as a kustomize patch: a workload
# whose pod template has no containers, or a container without an image (the
# API server requires both). Rules that report the ABSENCE of a field (no
# runtimeClassName, no limits) skip partial objects: the base it patches may
# well set the field.
partial if {
	is_workload
	count([c | some field in ["containers"]; some c in object.get(pod_spec, field, [])]) == 0
}

partial if {
	some c in containers
	c.field != "ephemeralContainers"
	not is_string(object.get(c.container, "image", null))
}

# The object as messages name it: `Deployment "ns/name"`.
object_label := sprintf("%s %q", [input.kind, _qualified_name])

_qualified_name := sprintf("%s/%s", [input.metadata.namespace, _name]) if {
	is_string(input.metadata.namespace)
	input.metadata.namespace != ""
}

_qualified_name := _name if not _has_namespace

_has_namespace if {
	is_string(input.metadata.namespace)
	input.metadata.namespace != ""
}

_name := n if {
	n := input.metadata.name
	is_string(n)
}

_name := "(unnamed)" if not is_string(object.get(input, ["metadata", "name"], null))

# Whether a value is set to true; booleans only, as the API server decodes YAML
# (`privileged: yes` already arrives as true, `"true"` in quotes is rejected).
is_true(value) if value == true

# A partial object (kustomize patch) that sets no runtimeClassName: the base
# it patches may set one, so "runs under runc" cannot be concluded.
patch_without_runtime_class if {
	partial
	not has_runtime_class_name
}
