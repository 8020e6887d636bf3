# A policy of our own, next to the built-in pack: the same conventions as
# conftest (deny/warn/violation), with METADATA for the rule's id, severity
# and help, and a `path` that rtpolicy turns into the line and column.
package acme.images

import rego.v1

# Where the pod spec is, per kind of workload.
pod_spec_path := ["spec"] if input.kind == "Pod"

pod_spec_path := ["spec", "template", "spec"] if {
	input.kind in {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}
}

pod_spec_path := ["spec", "jobTemplate", "spec", "template", "spec"] if input.kind == "CronJob"

# METADATA
# title: Image not pinned to a version
# description: >-
#   An image without a tag, or tagged latest, changes under the workload: two
#   nodes can run different code, and a rollback pulls the same new image.
# related_resources:
#   - https://kubernetes.io/docs/concepts/containers/images/#image-names
# custom:
#   id: ACME001
#   severity: warning
#   remediation: Use a version tag such as nginx:1.27.3, or a digest (image@sha256:...).
warn contains finding if {
	some i, container in object.get(input, pod_spec_path, {}).containers
	not pinned(container.image)
	finding := {
		"id": "ACME001",
		"msg": sprintf("container %q runs image %q: pin a version tag or a digest", [container.name, container.image]),
		"path": array.concat(pod_spec_path, ["containers", i, "image"]),
	}
}

pinned(image) if contains(image, "@sha256:")

pinned(image) if {
	not contains(image, "@")
	# The tag follows the last ":" of the last path segment (a registry port is not a tag).
	segments := split(image, "/")
	name := segments[count(segments) - 1]
	contains(name, ":")
	not endswith(name, ":latest")
}
