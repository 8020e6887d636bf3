package rtc.sandbox_test

import data.rtc.fixtures as fx
import data.rtc.sandbox
import rego.v1

deny_for(obj) := fs if {
	fs := sandbox.deny with input as obj with data.rtpolicy as fx.inventory
}

with_class(class, spec) := object.union(spec, {"runtimeClassName": class})

# --- RTC030 ---

test_rtc030_host_network_on_kata if {
	fs := deny_for(fx.pod({"runtimeClassName": "kata-qemu", "hostNetwork": true, "containers": [fx.container]}))
	fx.reported(fs, "RTC030", ["spec", "hostNetwork"])
	some f in fx.of(fs, "RTC030")
	not f.severity
}

test_rtc030_host_pid_on_gvisor_is_a_warning if {
	fs := deny_for(fx.pod({"runtimeClassName": "gvisor", "hostPID": true, "containers": [fx.container]}))
	some f in fx.of(fs, "RTC030")
	f.severity == "warning"
	f.path == ["spec", "hostPID"]
}

test_rtc030_host_network_on_runc_passes if {
	not fx.has(deny_for(fx.pod({"runtimeClassName": "runc", "hostNetwork": true, "containers": [fx.container]})), "RTC030")
}

# --- RTC031 ---

test_rtc031_privileged_without_runtime_class if {
	fs := deny_for(fx.pod({"containers": [fx.privileged_container]}))
	fx.reported(fs, "RTC031", ["spec", "containers", 0, "securityContext", "privileged"])
}

test_rtc031_privileged_with_kata_passes if {
	not fx.has(deny_for(fx.pod({"runtimeClassName": "kata-qemu", "containers": [fx.privileged_container]})), "RTC031")
}

test_rtc031_privileged_with_runc_class if {
	fs := deny_for(fx.deployment({"runtimeClassName": "runc", "initContainers": [fx.privileged_container], "containers": [fx.container]}))
	fx.reported(fs, "RTC031", ["spec", "template", "spec", "initContainers", 0, "securityContext", "privileged"])
}

test_rtc031_unknown_class_is_not_a_sandbox if {
	fx.has(deny_for(fx.pod({"runtimeClassName": "wasm", "containers": [fx.privileged_container]})), "RTC031")
}

test_rtc031_capabilities_beyond_baseline if {
	c := object.union(fx.container, {"securityContext": {"capabilities": {"add": ["NET_BIND_SERVICE", "sys_admin", "CAP_NET_ADMIN"]}}})
	fs := deny_for(fx.cronjob({"containers": [c]}))
	base := ["spec", "jobTemplate", "spec", "template", "spec", "containers", 0, "securityContext", "capabilities", "add"]
	fx.reported(fs, "RTC031", array.concat(base, [1]))
	fx.reported(fs, "RTC031", array.concat(base, [2]))
	count(fx.of(fs, "RTC031")) == 2
}

test_rtc031_baseline_capabilities_pass if {
	c := object.union(fx.container, {"securityContext": {"capabilities": {"add": ["CHOWN", "CAP_NET_BIND_SERVICE"]}}})
	not fx.has(deny_for(fx.pod({"containers": [c]})), "RTC031")
}

test_rtc031_host_namespaces if {
	fs := deny_for(fx.pod({"hostNetwork": true, "hostPID": true, "containers": [fx.container]}))
	fx.reported(fs, "RTC031", ["spec", "hostNetwork"])
	fx.reported(fs, "RTC031", ["spec", "hostPID"])
}

test_rtc031_sandbox_classes_follow_configuration if {
	vm_only := json.patch(fx.inventory, [{"op": "replace", "path": "/config/sandbox/classes", "value": ["vm"]}])
	fs := sandbox.deny with input as fx.pod({"runtimeClassName": "gvisor", "containers": [fx.privileged_container]})
		with data.rtpolicy as vm_only
	fx.has(fs, "RTC031")
}

test_rtc031_missing_class_left_to_rtc010 if {
	not fx.has(deny_for(fx.pod({"runtimeClassName": "nope", "containers": [fx.privileged_container]})), "RTC031")
}

test_rtc031_kustomize_patch_without_image_passes if {
	patch := {
		"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent"},
		"spec": {"template": {"spec": {"containers": [{"name": "agent", "securityContext": {"privileged": true}}]}}},
	}
	not fx.has(deny_for(patch), "RTC031")
}

test_rtc031_not_a_workload_passes if {
	crd := {"apiVersion": "example.com/v1", "kind": "Deployment", "metadata": {"name": "x"}, "spec": {"template": {"spec": {"containers": [fx.privileged_container]}}}}
	not fx.has(deny_for(crd), "RTC031")
}

# --- RTC032 ---

test_rtc032_no_escalation_but_privileged if {
	c := object.union(fx.container, {"securityContext": {"privileged": true, "allowPrivilegeEscalation": false}})
	fs := deny_for(fx.pod({"runtimeClassName": "kata-qemu", "containers": [c]}))
	fx.reported(fs, "RTC032", ["spec", "containers", 0, "securityContext", "allowPrivilegeEscalation"])
}

test_rtc032_no_escalation_but_cap_sys_admin if {
	c := object.union(fx.container, {"securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"add": ["CAP_SYS_ADMIN"]}}})
	fx.has(deny_for(fx.pod({"containers": [c]})), "RTC032")
}

test_rtc032_no_escalation_alone_passes if {
	c := object.union(fx.container, {"securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"add": ["SYS_ADMIN"]}}})
	not fx.has(deny_for(fx.pod({"containers": [c]})), "RTC032")
}

# --- RTC033 ---

host_path_spec := {"volumes": [{"name": "data", "hostPath": {"path": "/var/lib/data"}}], "containers": [fx.container]}

test_rtc033_host_path_on_kata if {
	fx.reported(deny_for(fx.pod(with_class("kata-qemu", host_path_spec))), "RTC033", ["spec", "volumes", 0, "hostPath"])
}

test_rtc033_firecracker_message if {
	some f in fx.of(deny_for(fx.pod(with_class("kata-fc", host_path_spec))), "RTC033")
	contains(f.msg, "copied")
}

test_rtc033_host_path_on_runc_passes if {
	not fx.has(deny_for(fx.pod(host_path_spec)), "RTC033")
}

# --- RTC034 ---

proc_mount(path) := object.union(fx.container, {"volumeMounts": [{"name": "host-proc", "mountPath": path}]})

test_rtc034_proc_mount_on_kata if {
	fs := deny_for(fx.pod({"runtimeClassName": "kata-qemu", "containers": [proc_mount("/proc/sys/")]}))
	fx.reported(fs, "RTC034", ["spec", "containers", 0, "volumeMounts", 0, "mountPath"])
}

test_rtc034_allowed_proc_file_passes if {
	not fx.has(deny_for(fx.pod({"runtimeClassName": "kata-qemu", "containers": [proc_mount("/proc/meminfo")]})), "RTC034")
}

test_rtc034_similar_prefix_passes if {
	not fx.has(deny_for(fx.pod({"runtimeClassName": "kata-qemu", "containers": [proc_mount("/process")]})), "RTC034")
}

test_rtc034_proc_mount_on_gvisor_passes if {
	not fx.has(deny_for(fx.pod({"runtimeClassName": "gvisor", "containers": [proc_mount("/proc")]})), "RTC034")
}

test_rtc034_unmasked_proc_mount_is_a_warning if {
	c := object.union(fx.container, {"securityContext": {"procMount": "Unmasked"}})
	some f in fx.of(deny_for(fx.pod({"containers": [c]})), "RTC034")
	f.severity == "warning"
	f.path == ["spec", "containers", 0, "securityContext", "procMount"]
}

# --- RTC035 ---

test_rtc035_selinux_on_gvisor if {
	spec := {"runtimeClassName": "gvisor", "securityContext": {"seLinuxOptions": {"level": "s0:c123,c456"}}, "containers": [fx.container]}
	fx.reported(deny_for(fx.pod(spec)), "RTC035", ["spec", "securityContext", "seLinuxOptions"])
}

test_rtc035_selinux_on_kata_passes if {
	spec := {"runtimeClassName": "kata-qemu", "securityContext": {"seLinuxOptions": {"level": "s0:c123,c456"}}, "containers": [fx.container]}
	not fx.has(deny_for(fx.pod(spec)), "RTC035")
}

# --- RTC036 ---

test_rtc036_firecracker_without_limits_is_a_note if {
	fs := deny_for(fx.deployment({"runtimeClassName": "kata-fc", "containers": [fx.container]}))
	fx.reported(fs, "RTC036", ["spec", "template", "spec", "containers", 0])
}

test_rtc036_firecracker_gpu_is_a_warning if {
	c := object.union(fx.container, {"resources": {"limits": {"cpu": "1", "memory": "1Gi", "nvidia.com/gpu": 1}}})
	fs := deny_for(fx.pod({"runtimeClassName": "kata-fc", "containers": [c]}))
	some f in fx.of(fs, "RTC036")
	f.severity == "warning"
	f.path == ["spec", "containers", 0, "resources", "limits", "nvidia.com/gpu"]
	count(fx.of(fs, "RTC036")) == 1
}

test_rtc036_qemu_without_limits_passes if {
	not fx.has(deny_for(fx.pod({"runtimeClassName": "kata-qemu", "containers": [fx.container]})), "RTC036")
}

# --- RTC037 ---

annotated_pod(class, annotations) := object.union(
	fx.pod(with_class(class, {"containers": [fx.container]})),
	{"metadata": {"name": "web", "annotations": annotations}},
)

test_rtc037_kata_annotation_on_runc_pod if {
	fs := deny_for(annotated_pod("runc", {"io.katacontainers.config.hypervisor.default_memory": "4096"}))
	fx.reported(fs, "RTC037", ["metadata", "annotations", "io.katacontainers.config.hypervisor.default_memory"])
}

test_rtc037_sensitive_annotation_on_kata_pod if {
	fs := deny_for(annotated_pod("kata-qemu", {"io.katacontainers.config.hypervisor.path": "/usr/bin/qemu-evil"}))
	fx.reported(fs, "RTC037", ["metadata", "annotations", "io.katacontainers.config.hypervisor.path"])
}

test_rtc037_kata_annotation_on_kata_pod_passes if {
	not fx.has(deny_for(annotated_pod("kata-qemu", {"io.katacontainers.config.hypervisor.default_memory": "4096"})), "RTC037")
}
