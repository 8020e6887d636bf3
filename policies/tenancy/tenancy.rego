# Tenancy: namespaces that rtpolicy.yaml marks as requiring a sandbox.
package rtc.tenancy

import data.rtc.lib
import rego.v1

_namespace := ns if {
	ns := input.metadata.namespace
	is_string(ns)
	ns != ""
}

_namespace_info := data.rtpolicy.namespaces[_namespace]

# Why the namespace requires a sandbox, for the message.
_reason := "rtpolicy.yaml sandbox.namespaces lists it" if _namespace in object.get(lib.config, ["sandbox", "namespaces"], [])

_reason := sprintf("its labels %v match rtpolicy.yaml sandbox.namespaceSelector", [_namespace_info.labels]) if {
	not _namespace in object.get(lib.config, ["sandbox", "namespaces"], [])
}

# METADATA
# title: Workload in a sandbox-only namespace without a sandboxed RuntimeClass
# description: >-
#   rtpolicy.yaml marks some namespaces (by name, or by the labels of the
#   repository's Namespace objects) as tenant namespaces whose workloads
#   must run in a sandbox, so that a compromised tenant container meets a VM
#   or gVisor's kernel rather than the node's. A workload there that sets no
#   runtimeClassName, or one that is not a sandbox, runs under runc and
#   breaks that isolation promise.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/multi-tenancy/#sandboxing-containers
#   - ref: https://kubernetes.io/docs/concepts/containers/runtime-class/
# custom:
#   id: RTC040
#   severity: error
#   remediation: >-
#     Set runtimeClassName in the pod template to one of the sandboxed
#     RuntimeClasses, or move the workload out of the tenant namespace.
#   tags: [tenancy, sandbox]
deny contains f if {
	lib.is_workload
	_namespace_info.requiresSandbox == true
	lib.pod_sandbox
	not lib.pod_sandboxed
	not lib.patch_without_runtime_class
	f := lib.finding(
		"RTC040",
		sprintf(
			"%s runs in namespace %q, which requires a sandbox (%s), but runs with %s; %s",
			[lib.object_label, _namespace, _reason, lib.pod_runtime_label, lib.sandbox_suggestion],
		),
		lib.runtime_class_name_path,
	)
}

