package rtc.nodeconfig_test

import data.rtc.fixtures as fx
import data.rtc.nodeconfig
import rego.v1

node_inventory := fx.with_node_config([fx.kata_handler_entry])

deny_with(obj, inventory) := fs if {
	fs := nodeconfig.deny with input as obj with data.rtpolicy as inventory
}

# --- RTC020 ---

test_rtc020_handler_not_configured if {
	fs := deny_with(fx.runtime_class({"metadata": {"name": "gvisor"}, "handler": "runsc"}), node_inventory)
	fx.reported(fs, "RTC020", ["handler"])
}

test_rtc020_configured_handler_passes if {
	not fx.has(deny_with(fx.kata_qemu_object, node_inventory), "RTC020")
}

test_rtc020_builtin_runc_passes if {
	not fx.has(deny_with(fx.runtime_class({"metadata": {"name": "runc"}, "handler": "runc"}), node_inventory), "RTC020")
}

test_rtc020_without_node_configs_passes if {
	not fx.has(deny_with(fx.runtime_class({"metadata": {"name": "gvisor"}, "handler": "runsc"}), fx.inventory), "RTC020")
}

# --- RTC021 ---

containerd(version, entries) := {
	"apiVersion": "rtpolicy.io/v1",
	"kind": "ContainerdConfig",
	"metadata": {"name": "nodes/config.toml"},
	"version": version,
	"handlers": entries,
	"config": {},
}

crio(entries) := {"apiVersion": "rtpolicy.io/v1", "kind": "CrioConfig", "metadata": {"name": "crio.conf"}, "handlers": entries, "config": {}}

v2_entry(handler, runtime_type) := {"handler": handler, "pluginPath": `plugins."io.containerd.grpc.v1.cri".containerd.runtimes`, "runtimeType": runtime_type}

v3_entry(handler, runtime_type) := {"handler": handler, "pluginPath": `plugins."io.containerd.cri.v1.runtime".containerd.runtimes`, "runtimeType": runtime_type}

test_rtc021_v3_config_with_v2_path if {
	fs := deny_with(containerd(3, [v2_entry("kata", "io.containerd.kata.v2")]), fx.inventory)
	fx.reported(fs, "RTC021", ["handlers", 0])
}

test_rtc021_v2_config_with_v3_path if {
	fs := deny_with(containerd(2, [v3_entry("kata", "io.containerd.kata.v2")]), fx.inventory)
	fx.reported(fs, "RTC021", ["handlers", 0])
}

test_rtc021_removed_shim if {
	fs := deny_with(containerd(3, [v3_entry("runc", "io.containerd.runc.v1")]), fx.inventory)
	some f in fx.of(fs, "RTC021")
	f.path == ["handlers", 0, "runtimeType"]
	not f.severity
}

test_rtc021_deprecated_shim_in_v2_is_a_warning if {
	fs := deny_with(containerd(2, [v2_entry("runc", "io.containerd.runtime.v1.linux")]), fx.inventory)
	some f in fx.of(fs, "RTC021")
	f.severity == "warning"
}

test_rtc021_crio_kata_without_vm if {
	entry := {"handler": "kata", "runtimePath": "/usr/bin/containerd-shim-kata-v2", "runtimeType": "oci"}
	fx.reported(deny_with(crio([entry]), fx.inventory), "RTC021", ["handlers", 0, "runtimeType"])
}

test_rtc021_crio_entry_without_runtime_path if {
	fs := deny_with(crio([{"handler": "kata-qemu", "runtimeType": "vm"}]), fx.inventory)
	some f in fx.of(fs, "RTC021")
	f.severity == "warning"
}

test_rtc021_well_formed_entries_passes if {
	not fx.has(deny_with(containerd(2, [v2_entry("kata", "io.containerd.kata.v2"), v2_entry("runc", "io.containerd.runc.v2")]), fx.inventory), "RTC021")
	not fx.has(deny_with(containerd(3, [v3_entry("kata", "io.containerd.kata.v2")]), fx.inventory), "RTC021")
	crio_entries := [
		{"handler": "kata", "runtimePath": "/usr/bin/containerd-shim-kata-v2", "runtimeType": "vm"},
		{"handler": "runsc", "runtimePath": "/usr/local/bin/runsc", "runtimeType": "oci"},
		{"handler": "crun"},
	]
	not fx.has(deny_with(crio(crio_entries), fx.inventory), "RTC021")
}

# --- RTC022 ---

test_rtc022_privileged_kata_pod_with_host_devices if {
	fs := deny_with(fx.pod({"runtimeClassName": "kata-qemu", "containers": [fx.privileged_container]}), node_inventory)
	fx.reported(fs, "RTC022", ["spec", "containers", 0, "securityContext", "privileged"])
}

test_rtc022_privileged_without_host_devices_passes if {
	safe := fx.with_node_config([object.union(fx.kata_handler_entry, {"privilegedWithoutHostDevices": true})])
	not fx.has(deny_with(fx.pod({"runtimeClassName": "kata-qemu", "containers": [fx.privileged_container]}), safe), "RTC022")
}

test_rtc022_unprivileged_pod_passes if {
	not fx.has(deny_with(fx.pod({"runtimeClassName": "kata-qemu", "containers": [fx.container]}), node_inventory), "RTC022")
}
