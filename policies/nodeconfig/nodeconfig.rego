# Node configs: the containerd config.toml and CRI-O crio.conf files in the
# repository (documents of kind ContainerdConfig / CrioConfig, see
# src/loader/nodeconfig.ts), checked on their own and against the
# RuntimeClasses and pods that use their handlers.
package rtc.nodeconfig

import data.rtc.lib
import rego.v1

_node_config_kinds := {"ContainerdConfig", "CrioConfig"}

is_node_config if {
	input.apiVersion == "rtpolicy.io/v1"
	input.kind in _node_config_kinds
}

_node_configs := object.get(data.rtpolicy, "nodeConfigs", [])

_handlers := object.get(data.rtpolicy, "runtimeHandlers", {})

# Handlers every node has without configuring them: containerd's built-in
# runc runtime, and CRI-O's default runc and crun entries.
_builtin_handlers contains "runc" if some c in _node_configs

_builtin_handlers contains "crun" if {
	some c in _node_configs
	c.format == "crio"
}

# --- RTC020 ---

# METADATA
# title: RuntimeClass handler not configured on any node
# description: >-
#   The kubelet passes the RuntimeClass's `handler` to the container runtime,
#   which must have a runtime entry of that name: containerd
#   `[plugins."io.containerd.cri.v1.runtime".containerd.runtimes.<handler>]`
#   (config version 3; `io.containerd.grpc.v1.cri` in version 2) or CRI-O
#   `[crio.runtime.runtimes.<handler>]`. When none of the node configs in
#   the repository defines it, every pod of the class fails with
#   `RunPodSandbox from runtime service failed: ... no runtime for "kata" is
#   configured`. Checked only when the repository holds node configs.
# related_resources:
#   - ref: https://github.com/containerd/containerd/blob/main/docs/cri/config.md
#   - ref: https://github.com/cri-o/cri-o/blob/main/docs/crio.conf.5.md
# custom:
#   id: RTC020
#   severity: error
#   remediation: >-
#     Add a runtime entry named after the handler to the node configuration,
#     or change the RuntimeClass's handler to a configured one.
#   tags: [runtimeclass, node-config]
deny contains f if {
	lib.is_runtime_class
	count(_node_configs) > 0
	handler := lib.handler
	not _handlers[handler]
	not handler in _builtin_handlers
	not lib.templated(handler)
	files := concat(", ", sort([c.file | some c in _node_configs]))
	f := lib.finding(
		"RTC020",
		sprintf(
			"%s has handler %q, which no node config in the repository defines (%s): its pods fail with no runtime for %q is configured",
			[lib.class_label, handler, files, handler],
		),
		lib.handler_path,
	)
}

# --- RTC021 ---

_v2_plugin := `plugins."io.containerd.grpc.v1.cri"`

_v3_plugin := `plugins."io.containerd.cri.v1.runtime"`

_removed_runtime_types := {"io.containerd.runtime.v1.linux", "io.containerd.runc.v1"}

# containerd shims v2 that CRI-O must start as runtime_type "vm".
_shim_binaries := {"containerd-shim-kata-v2", "containerd-shim-runsc-v1"}

# Runtime names CRI-O finds on $PATH when runtime_path is not set.
_path_binaries := {"runc", "crun", "runsc", "youki", "kata-runtime", "crun-wasm"}

_basename(path) := parts[count(parts) - 1] if parts := split(path, "/")

_entry_path(i) := ["handlers", i]

# METADATA
# title: Malformed runtime entry in a node config
# description: >-
#   A runtime entry that the container runtime ignores or cannot start
#   breaks every pod of the RuntimeClasses that use it. containerd 2.x reads
#   its CRI runtimes from `plugins."io.containerd.cri.v1.runtime"` in a
#   version 3 config and from `plugins."io.containerd.grpc.v1.cri"` in a
#   version 2 config; runtimes under the other version's path are ignored.
#   containerd 2.0 removed the `io.containerd.runtime.v1.linux` and
#   `io.containerd.runc.v1` shims (an error in a version 3 config, a warning
#   before). CRI-O must start Kata's shim, containerd-shim-kata-v2 (and
#   gVisor's containerd-shim-runsc-v1), with `runtime_type = "vm"`; with the
#   default "oci" it runs the shim as if it were runc and pods fail to
#   start. A CRI-O entry without `runtime_path` is looked up by its name on
#   $PATH, which fails at CRI-O start-up for names such as kata-qemu (a
#   warning).
# related_resources:
#   - ref: https://github.com/containerd/containerd/blob/main/docs/containerd-2.0.md
#   - ref: https://github.com/containerd/containerd/blob/main/docs/cri/config.md
#   - ref: https://github.com/cri-o/cri-o/blob/main/docs/crio.conf.5.md
#   - ref: https://gvisor.dev/docs/user_guide/containerd/configuration/
# custom:
#   id: RTC021
#   severity: error
#   remediation: >-
#     Put runtimes under the plugin path of the config's version, use
#     runtime_type io.containerd.runc.v2 instead of the removed shims, set
#     runtime_type = "vm" for Kata (and runsc shim) entries in CRI-O, and
#     give every CRI-O entry a runtime_path.
#   tags: [node-config]
deny contains f if some f in _rtc021

_rtc021 contains f if {
	input.kind == "ContainerdConfig"
	is_node_config
	input.version == 3
	some i, entry in input.handlers
	startswith(entry.pluginPath, _v2_plugin)
	f := lib.finding(
		"RTC021",
		sprintf("%s: runtime %q is under %s in a version 3 config: containerd 2.x reads runtimes from %s, so this one is ignored", [input.metadata.name, entry.handler, _v2_plugin, _v3_plugin]),
		_entry_path(i),
	)
}

_rtc021 contains f if {
	input.kind == "ContainerdConfig"
	is_node_config
	input.version == 2
	some i, entry in input.handlers
	startswith(entry.pluginPath, _v3_plugin)
	f := lib.finding(
		"RTC021",
		sprintf("%s: runtime %q is under %s in a version 2 config: that is the version 3 path, which containerd 1.x does not read; use %s or set version = 3", [input.metadata.name, entry.handler, _v3_plugin, _v2_plugin]),
		_entry_path(i),
	)
}

_rtc021 contains f if {
	input.kind == "ContainerdConfig"
	is_node_config
	input.version >= 3
	some i, entry in input.handlers
	entry.runtimeType in _removed_runtime_types
	f := lib.finding(
		"RTC021",
		sprintf("%s: runtime %q uses runtime_type %s, which containerd 2.0 removed: use io.containerd.runc.v2", [input.metadata.name, entry.handler, entry.runtimeType]),
		array.concat(_entry_path(i), ["runtimeType"]),
	)
}

_rtc021 contains f if {
	input.kind == "ContainerdConfig"
	is_node_config
	input.version < 3
	some i, entry in input.handlers
	entry.runtimeType in _removed_runtime_types
	f := lib.finding_with_severity(
		"RTC021",
		"warning",
		sprintf("%s: runtime %q uses runtime_type %s, deprecated and removed in containerd 2.0: use io.containerd.runc.v2", [input.metadata.name, entry.handler, entry.runtimeType]),
		array.concat(_entry_path(i), ["runtimeType"]),
	)
}

_rtc021 contains f if {
	input.kind == "CrioConfig"
	is_node_config
	some i, entry in input.handlers
	_basename(entry.runtimePath) in _shim_binaries
	object.get(entry, "runtimeType", "oci") != "vm"
	f := lib.finding(
		"RTC021",
		sprintf(
			"%s: runtime %q runs %s with runtime_type %q: CRI-O must start a containerd shim as runtime_type = \"vm\", so its pods fail to start",
			[input.metadata.name, entry.handler, _basename(entry.runtimePath), object.get(entry, "runtimeType", "oci")],
		),
		lib.existing_prefix(array.concat(_entry_path(i), ["runtimeType"])),
	)
}

_rtc021 contains f if {
	input.kind == "CrioConfig"
	is_node_config
	some i, entry in input.handlers
	not entry.runtimePath
	not entry.handler in _path_binaries
	f := lib.finding_with_severity(
		"RTC021",
		"warning",
		sprintf("%s: runtime %q has no runtime_path: CRI-O looks for a binary named %q on $PATH and does not start when there is none", [input.metadata.name, entry.handler, entry.handler]),
		_entry_path(i),
	)
}

# --- RTC022 ---

# Node-config entries of the pod's handler that pass host devices to privileged containers.
_device_passing_entries contains entry if {
	lib.pod_isolated
	some entry in _handlers[lib.runtime_class.handler]
	entry.sandbox in lib.isolating_classes
	not entry.privilegedWithoutHostDevices == true
}

# METADATA
# title: Privileged pod on a sandbox handler that passes host devices
# description: >-
#   By default containerd and CRI-O give a privileged container every device
#   of the host. For a Kata VM that means trying to pass all host devices
#   into the guest: the container fails to start, or the VM gets host
#   devices the sandbox was meant to keep away. Kata's documentation asks
#   for `privileged_without_host_devices = true` on its runtime entries
#   whenever privileged pods run on them (the container is then privileged
#   inside the VM only).
# related_resources:
#   - ref: https://github.com/kata-containers/kata-containers/blob/main/docs/how-to/privileged.md
#   - ref: https://github.com/containerd/containerd/blob/main/docs/cri/config.md
# custom:
#   id: RTC022
#   severity: error
#   remediation: >-
#     Set privileged_without_host_devices = true in the handler's runtime
#     entry (containerd or CRI-O), or drop privileged from the pod.
#   tags: [node-config, sandbox, security]
deny contains f if {
	some entry in _device_passing_entries
	some c in lib.containers
	lib.is_true(c.container.securityContext.privileged)
	f := lib.finding(
		"RTC022",
		sprintf(
			"%s: container %q is privileged and runs with %s, whose runtime entry in %s:%d does not set privileged_without_host_devices = true: the runtime passes every host device into the sandbox",
			[lib.object_label, c.name, lib.pod_runtime_label, entry.file, entry.line],
		),
		array.concat(c.path, ["securityContext", "privileged"]),
	)
}
