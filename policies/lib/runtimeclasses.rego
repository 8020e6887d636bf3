# RuntimeClass lookups for the pod of the input object, and the fields of a
# RuntimeClass object. Classification happens once, in the inventory
# (data.rtpolicy.runtimeClasses[name].sandbox: vm, gvisor, none, unknown),
# following RULES.md "How a RuntimeClass is classified".
package rtc.lib

import rego.v1

# data.rtpolicy, the inventory the engine builds from all inputs (src/k8s/inventory.ts).
default runtime_classes := {}

runtime_classes := data.rtpolicy.runtimeClasses

default config := {}

config := data.rtpolicy.config

# Which sandbox classes count as sandboxes (rtpolicy.yaml sandbox.classes).
default sandbox_classes := {"vm", "gvisor"}

sandbox_classes := {c | some c in config.sandbox.classes} if is_array(config.sandbox.classes)

# The classes that isolate pods from the host kernel, whatever the
# configuration counts as a sandbox: compatibility rules (host networking,
# hostPath, overhead) are about what the runtime can do.
isolating_classes := {"vm", "gvisor"}

# --- the pod's RuntimeClass ---

# The pod's runtimeClassName, when it sets one (a string).
runtime_class_name := name if {
	name := pod_spec.runtimeClassName
	is_string(name)
}

has_runtime_class_name if runtime_class_name

# The inventory entry of the pod's RuntimeClass (a repository object or one
# declared cluster-provided in rtpolicy.yaml); undefined when it is unknown.
runtime_class := runtime_classes[runtime_class_name]

# Whether the pod's runtimeClassName names a class that neither the
# repository nor rtpolicy.yaml defines (RTC010 reports it).
runtime_class_missing if {
	has_runtime_class_name
	not runtime_classes[runtime_class_name]
}

# How the pod is isolated: the class's sandbox, or "none" without a
# runtimeClassName (the node's default handler, runc); undefined when the
# class is missing.
pod_sandbox := "none" if {
	is_workload
	not has_runtime_class_name
}

pod_sandbox := runtime_class.sandbox if is_workload

# The pod runs in a sandbox that the configuration counts as one.
pod_sandboxed if pod_sandbox in sandbox_classes

# The pod runs on a runtime that isolates it from the host kernel (vm or gvisor).
pod_isolated if pod_sandbox in isolating_classes

# How messages describe the pod's runtime.
pod_runtime_label := "no runtimeClassName (the node's default runtime, runc)" if not has_runtime_class_name

pod_runtime_label := sprintf("RuntimeClass %q (%s)", [runtime_class_name, describe_class(runtime_class)]) if runtime_class

describe_class(info) := sprintf("handler %q, sandbox %s", [info.handler, info.sandbox]) if is_string(info.handler)

describe_class(info) := sprintf("sandbox %s", [info.sandbox]) if not is_string(object.get(info, "handler", null))

# Path of the pod's runtimeClassName, or of the pod spec that lacks it.
runtime_class_name_path := array.concat(pod_spec_path, ["runtimeClassName"]) if has_runtime_class_name

runtime_class_name_path := pod_spec_path if not has_runtime_class_name

# --- RuntimeClass objects ---

is_runtime_class if {
	input.kind == "RuntimeClass"
	api_group == "node.k8s.io"
}

# node.k8s.io/v1alpha1 keeps handler, overhead and scheduling under `spec`
# (and calls the handler `runtimeHandler`).
runtime_class_body_path := ["spec"] if {
	is_runtime_class
	input.apiVersion == "node.k8s.io/v1alpha1"
}

runtime_class_body_path := [] if {
	is_runtime_class
	input.apiVersion != "node.k8s.io/v1alpha1"
}

runtime_class_body := object.get(input, runtime_class_body_path, {})

handler_field := "runtimeHandler" if input.apiVersion == "node.k8s.io/v1alpha1"

handler_field := "handler" if input.apiVersion != "node.k8s.io/v1alpha1"

handler_path := array.concat(runtime_class_body_path, [handler_field])

# The input RuntimeClass's handler, when it is a string.
handler := h if {
	h := object.get(runtime_class_body, handler_field, null)
	is_string(h)
}

overhead_path := array.concat(runtime_class_body_path, ["overhead", "podFixed"])

overhead := o if {
	o := object.get(input, overhead_path, null)
	is_object(o)
}

# The inventory entry of the input RuntimeClass.
input_class := runtime_classes[input.metadata.name] if is_runtime_class

# The label messages use for the input RuntimeClass.
class_label := sprintf("RuntimeClass %q", [input.metadata.name]) if is_string(input.metadata.name)

class_label := "RuntimeClass (unnamed)" if not is_string(object.get(input, ["metadata", "name"], null))

# Names of the RuntimeClasses that count as sandboxes, for messages that suggest one.
sandboxed_class_names := sort([name | some name, info in runtime_classes; info.sandbox in sandbox_classes])

# "use a sandboxed RuntimeClass such as kata-qemu, gvisor" or a hint where to get one.
sandbox_suggestion := sprintf("use a sandboxed RuntimeClass (%s)", [concat(", ", sandboxed_class_names)]) if {
	count(sandboxed_class_names) > 0
	count(sandboxed_class_names) <= 3
}

sandbox_suggestion := sprintf("use a sandboxed RuntimeClass (%s, or one of %d more)", [
	concat(", ", array.slice(sandboxed_class_names, 0, 3)),
	count(sandboxed_class_names) - 3,
]) if {
	count(sandboxed_class_names) > 3
}

sandbox_suggestion := "use a sandboxed RuntimeClass (a Kata or gVisor class defined in the repository or declared in rtpolicy.yaml)" if {
	count(sandboxed_class_names) == 0
}
