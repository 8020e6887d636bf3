# Sandbox compatibility: what privileged workloads need (a sandbox), and
# what pods running in Kata Containers or gVisor cannot have or should not
# expect (host networking, host paths, /proc mounts, SELinux labels, GPUs on
# Firecracker, Kata annotations).
package rtc.sandbox

import data.rtc.lib
import rego.v1

_host_namespaces := ["hostNetwork", "hostPID", "hostIPC"]

# --- RTC030 ---

# METADATA
# title: Host namespaces on a sandboxed RuntimeClass
# description: >-
#   A Kata pod runs in its own VM with its own kernel: it cannot join the
#   host's network namespace, and Kata refuses `hostNetwork: true` (the pod
#   fails to start); gVisor's runsc likewise refuses to run a sandbox in the
#   root network namespace. Both are errors. `hostPID` and `hostIPC` do not
#   fail, but they only share the namespaces inside the sandbox, not the
#   host's, so a pod that expects to see host processes silently does not
#   (a warning).
# related_resources:
#   - ref: https://github.com/kata-containers/kata-containers/blob/main/docs/Limitations.md
#   - ref: https://gvisor.dev/docs/user_guide/networking/
# custom:
#   id: RTC030
#   severity: error
#   remediation: >-
#     Drop hostNetwork (expose the pod through a Service or hostPort
#     instead), hostPID and hostIPC; a pod that really needs the host's
#     namespaces cannot run sandboxed.
#   tags: [sandbox, compatibility]
deny contains f if some f in _rtc030

_rtc030 contains f if {
	lib.pod_isolated
	lib.is_true(lib.pod_spec.hostNetwork)
	f := lib.finding(
		"RTC030",
		sprintf("%s sets hostNetwork: true on %s: a %s sandbox cannot use the host's network namespace, so the pod fails to start", [lib.object_label, lib.pod_runtime_label, lib.pod_sandbox]),
		array.concat(lib.pod_spec_path, ["hostNetwork"]),
	)
}

_rtc030 contains f if {
	lib.pod_isolated
	some field in ["hostPID", "hostIPC"]
	lib.is_true(lib.pod_spec[field])
	f := lib.finding_with_severity(
		"RTC030",
		"warning",
		sprintf("%s sets %s: true on %s: the namespace is the sandbox's own, not the host's", [lib.object_label, field, lib.pod_runtime_label]),
		array.concat(lib.pod_spec_path, [field]),
	)
}

# --- RTC031 ---

# Capabilities the Pod Security "baseline" level allows to add.
_baseline_capabilities := {
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
	"NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
}

# A capability as the runtimes read it: case-insensitive, with or without CAP_.
_capability_name(value) := trim_prefix(upper(value), "CAP_")

# Whether RTC031 can judge the pod: it runs unsandboxed, as far as the object says.
_runs_unsandboxed if {
	lib.pod_sandbox
	not lib.pod_sandboxed
	not lib.patch_without_runtime_class
}


# METADATA
# title: Privileged workload without a sandboxed RuntimeClass
# description: >-
#   A privileged container, a pod in the host's network, PID or IPC
#   namespace, or a container that adds capabilities beyond the Pod Security
#   baseline list (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, ALL...) can take over
#   the node when it runs under runc or crun: it shares the host kernel. Run
#   it under a sandboxed RuntimeClass (Kata Containers or gVisor, or the
#   classes rtpolicy.yaml sandbox.classes names) so that what it can reach is
#   a VM or a user-space kernel. A pod without runtimeClassName runs on the
#   node's default runtime, runc.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - ref: https://github.com/kata-containers/kata-containers/blob/main/docs/how-to/privileged.md
#   - ref: https://gvisor.dev/docs/
# custom:
#   id: RTC031
#   severity: error
#   remediation: >-
#     Set spec.runtimeClassName (spec.template.spec.runtimeClassName in a
#     workload) to a Kata or gVisor RuntimeClass, or drop the privilege. Node
#     agents that must control the host (CNI, CSI, monitoring) cannot run
#     sandboxed: turn the rule off for them with an rtpolicy.io/ignore
#     annotation or a baseline.
#   tags: [security, sandbox]
deny contains f if some f in _rtc031

_rtc031 contains f if {
	_runs_unsandboxed
	some c in lib.containers
	lib.is_true(c.container.securityContext.privileged)
	f := lib.finding(
		"RTC031",
		sprintf("%s: container %q is privileged and runs with %s; %s", [lib.object_label, c.name, lib.pod_runtime_label, lib.sandbox_suggestion]),
		array.concat(c.path, ["securityContext", "privileged"]),
	)
}

_rtc031 contains f if {
	_runs_unsandboxed
	some c in lib.containers
	some i, capability in c.container.securityContext.capabilities.add
	is_string(capability)
	not _capability_name(capability) in _baseline_capabilities
	f := lib.finding(
		"RTC031",
		sprintf(
			"%s: container %q adds capability %s, beyond the Pod Security baseline, and runs with %s; %s",
			[lib.object_label, c.name, capability, lib.pod_runtime_label, lib.sandbox_suggestion],
		),
		array.concat(c.path, ["securityContext", "capabilities", "add", i]),
	)
}

_rtc031 contains f if {
	_runs_unsandboxed
	some field in _host_namespaces
	lib.is_true(lib.pod_spec[field])
	f := lib.finding(
		"RTC031",
		sprintf("%s sets %s: true and runs with %s; %s", [lib.object_label, field, lib.pod_runtime_label, lib.sandbox_suggestion]),
		array.concat(lib.pod_spec_path, [field]),
	)
}

# --- RTC032 ---

# METADATA
# title: allowPrivilegeEscalation false with privileged or CAP_SYS_ADMIN
# description: >-
#   A privileged container, or one that adds CAP_SYS_ADMIN, can always
#   escalate privileges, so the API server rejects a securityContext that
#   also sets `allowPrivilegeEscalation: false`: `cannot set
#   allowPrivilegeEscalation to false and privileged to true` (or
#   `capabilities.Add CAP_SYS_ADMIN`). The pod, or the workload's pods, are
#   never created.
# related_resources:
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go
#   - ref: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
# custom:
#   id: RTC032
#   severity: error
#   remediation: >-
#     Remove allowPrivilegeEscalation: false from a container that must be
#     privileged (or keep it and drop privileged / CAP_SYS_ADMIN).
#   tags: [validation, security]
deny contains f if some f in _rtc032

_rtc032 contains f if {
	some c in lib.containers
	c.container.securityContext.allowPrivilegeEscalation == false
	lib.is_true(c.container.securityContext.privileged)
	f := lib.finding(
		"RTC032",
		sprintf("%s: container %q sets allowPrivilegeEscalation: false and privileged: true: the API server rejects it", [lib.object_label, c.name]),
		array.concat(c.path, ["securityContext", "allowPrivilegeEscalation"]),
	)
}

_rtc032 contains f if {
	some c in lib.containers
	c.container.securityContext.allowPrivilegeEscalation == false
	"CAP_SYS_ADMIN" in c.container.securityContext.capabilities.add
	f := lib.finding(
		"RTC032",
		sprintf("%s: container %q sets allowPrivilegeEscalation: false and adds CAP_SYS_ADMIN: the API server rejects it", [lib.object_label, c.name]),
		array.concat(c.path, ["securityContext", "allowPrivilegeEscalation"]),
	)
}

# --- RTC033 ---

_host_path_consequence := "the guest sees it through the VM's shared filesystem (virtio-fs), not as a host mount" if {
	lib.pod_sandbox == "vm"
	not lib.runtime_class.firecracker
}

_host_path_consequence := "Firecracker has no shared filesystem: the files are copied into the VM once, and writes on either side are not seen by the other" if {
	lib.runtime_class.firecracker
}

_host_path_consequence := "gVisor serves it through its gofer, not as a host mount, and GKE Sandbox does not support hostPath" if {
	lib.pod_sandbox == "gvisor"
}

_device_note(path) := "; a /dev path resolves to the sandbox's devices, not the host's" if startswith(path, "/dev")

_device_note(path) := "" if not startswith(path, "/dev")

# METADATA
# title: hostPath volume on a sandboxed RuntimeClass
# description: >-
#   A sandboxed pod does not see the host's files directly. Under Kata, a
#   hostPath reaches the VM through the shared filesystem (virtio-fs), and on
#   Firecracker or in a confidential VM (TEE) it is copied in without sync;
#   a `/dev/*` path resolves to the guest's devices, not the host's. Under
#   gVisor it is served by the gofer, and GKE Sandbox rejects hostPath
#   volumes. Sockets, device nodes and files the host changes later do not
#   behave as under runc.
# related_resources:
#   - ref: https://github.com/kata-containers/kata-containers/blob/main/docs/Limitations.md
#   - ref: https://cloud.google.com/kubernetes-engine/docs/concepts/sandbox-pods#limitations
# custom:
#   id: RTC033
#   severity: warning
#   remediation: >-
#     Use a PersistentVolumeClaim, a ConfigMap or an emptyDir instead, or run
#     the pod without a sandbox if it must share files with the host.
#   tags: [sandbox, compatibility, storage]
deny contains f if {
	lib.pod_isolated
	some i, volume in lib.pod_spec.volumes
	path := volume.hostPath.path
	f := lib.finding(
		"RTC033",
		sprintf(
			"%s mounts hostPath %q (volume %q) with %s: %s%s",
			[lib.object_label, path, object.get(volume, "name", ""), lib.pod_runtime_label, _host_path_consequence, _device_note(path)],
		),
		array.concat(lib.pod_spec_path, ["volumes", i, "hostPath"]),
	)
}

# --- RTC034 ---

# Files under /proc that Kata allows volumes onto (the rest can expose or override the guest's /proc).
_kata_proc_allowed := {
	"/proc/cpuinfo", "/proc/diskstats", "/proc/meminfo", "/proc/stat",
	"/proc/swaps", "/proc/uptime", "/proc/loadavg", "/proc/net/dev",
}

# A mount path without trailing slashes.
_normalized(path) := trim_right(path, "/") if path != "/"

_proc_target(path) if _normalized(path) == "/proc"

_proc_target(path) if startswith(_normalized(path), "/proc/")

# ProcMountType is on by default from Kubernetes 1.33; before, the API server drops procMount unless the gate is on.
_proc_mount_gate_note := "" if lib.kubernetes_minor >= 33

_proc_mount_gate_note := sprintf(" (before Kubernetes 1.33, target %s, it takes effect only with the ProcMountType feature gate)", [lib.kubernetes_version]) if {
	lib.kubernetes_minor < 33
}

# METADATA
# title: /proc mounts in Kata, or an unmasked /proc
# description: >-
#   Kata Containers rejects volume mounts onto `/proc` or `/proc/*` except a
#   short allow-list (cpuinfo, diskstats, meminfo, stat, swaps, uptime,
#   loadavg, net/dev, as LXCFS-style tools mount them): mounting over /proc
#   is how CVE-2019-16884 and CVE-2019-19921 escaped runc's AppArmor and
#   mount protections, and the Kata agent refuses to create such a container.
#   `procMount: Unmasked` removes the masking of /proc paths such as
#   /proc/kcore and /proc/sys, which exposes host kernel interfaces under
#   runc (a warning on every runtime; from Kubernetes 1.33 the ProcMountType
#   feature is on by default, and it needs hostUsers: false).
# related_resources:
#   - ref: https://github.com/kata-containers/kata-containers/blob/main/docs/Limitations.md
#   - ref: https://nvd.nist.gov/vuln/detail/CVE-2019-16884
#   - ref: https://nvd.nist.gov/vuln/detail/CVE-2019-19921
# custom:
#   id: RTC034
#   severity: error
#   remediation: >-
#     Mount the volume elsewhere (for example /host/proc) and point the tool
#     there, or mount only the allowed /proc files; remove procMount:
#     Unmasked unless the pod runs with hostUsers: false and needs it.
#   tags: [sandbox, compatibility, security]
deny contains f if some f in _rtc034

_rtc034 contains f if {
	lib.pod_sandbox == "vm"
	some c in lib.containers
	some i, mount in c.container.volumeMounts
	_proc_target(mount.mountPath)
	not _normalized(mount.mountPath) in _kata_proc_allowed
	f := lib.finding(
		"RTC034",
		sprintf(
			"%s: container %q mounts volume %q onto %s with %s: Kata refuses mounts onto /proc outside its allow-list, so the container does not start",
			[lib.object_label, c.name, object.get(mount, "name", ""), mount.mountPath, lib.pod_runtime_label],
		),
		array.concat(c.path, ["volumeMounts", i, "mountPath"]),
	)
}

_rtc034 contains f if {
	some c in lib.containers
	c.container.securityContext.procMount == "Unmasked"
	f := lib.finding_with_severity(
		"RTC034",
		"warning",
		sprintf("%s: container %q sets procMount: Unmasked, which exposes /proc paths the runtime normally masks%s", [lib.object_label, c.name, _proc_mount_gate_note]),
		array.concat(c.path, ["securityContext", "procMount"]),
	)
}

# --- RTC035 ---

# METADATA
# title: SELinux options on a gVisor pod
# description: >-
#   gVisor does not apply SELinux labels: its Sentry is the kernel the
#   container sees, and runsc cannot set the process and mount labels that
#   `seLinuxOptions` ask for. The labels are silently not enforced (or the
#   pod fails where the runtime is asked to relabel volumes), so the pod does
#   not get the isolation the manifest promises.
# related_resources:
#   - ref: https://gvisor.dev/docs/user_guide/faq/
# custom:
#   id: RTC035
#   severity: warning
#   remediation: >-
#     Remove seLinuxOptions from gVisor pods (gVisor's own sandbox replaces
#     SELinux confinement), or run the pod under a runtime that applies
#     SELinux labels.
#   tags: [sandbox, compatibility, gvisor]
deny contains f if some f in _rtc035

_rtc035 contains f if {
	lib.pod_sandbox == "gvisor"
	options := lib.pod_spec.securityContext.seLinuxOptions
	count(options) > 0
	f := lib.finding(
		"RTC035",
		sprintf("%s sets securityContext.seLinuxOptions with %s: gVisor does not apply SELinux labels", [lib.object_label, lib.pod_runtime_label]),
		array.concat(lib.pod_spec_path, ["securityContext", "seLinuxOptions"]),
	)
}

_rtc035 contains f if {
	lib.pod_sandbox == "gvisor"
	some c in lib.containers
	options := c.container.securityContext.seLinuxOptions
	count(options) > 0
	f := lib.finding(
		"RTC035",
		sprintf("%s: container %q sets seLinuxOptions with %s: gVisor does not apply SELinux labels", [lib.object_label, c.name, lib.pod_runtime_label]),
		array.concat(c.path, ["securityContext", "seLinuxOptions"]),
	)
}

# --- RTC036 ---

_sized_containers contains c if {
	some c in lib.containers
	c.field != "ephemeralContainers"
}

_gpu_resource(name) if contains(lower(name), "gpu")

_gpu_resource(name) if startswith(name, "nvidia.com/")

# METADATA
# title: Firecracker pod without limits, or asking for a GPU
# description: >-
#   Kata with Firecracker sizes the VM once, at boot, from the containers'
#   cpu and memory limits: Firecracker cannot hotplug CPUs or memory, so a
#   container without limits runs in a VM of the default size (one vCPU,
#   2 GiB in Kata's configuration-fc.toml) however much it needs (a note).
#   Firecracker has no PCI passthrough, so a GPU cannot reach the VM (only
#   QEMU supports GPUs in Kata): the pod fails to start or never sees the
#   device (a warning).
# related_resources:
#   - ref: https://github.com/kata-containers/kata-containers/blob/main/docs/hypervisors.md
#   - ref: https://github.com/kata-containers/kata-containers/blob/main/src/runtime/config/configuration-fc.toml.in
# custom:
#   id: RTC036
#   severity: note
#   remediation: >-
#     Set resources.limits.cpu and resources.limits.memory on every
#     container of Firecracker pods; run GPU workloads under a QEMU-based Kata
#     RuntimeClass (kata-qemu-nvidia-gpu).
#   tags: [sandbox, firecracker, resources]
deny contains f if some f in _rtc036

_rtc036 contains f if {
	lib.runtime_class.firecracker == true
	not lib.partial
	some c in _sized_containers
	missing := [resource | some resource in ["cpu", "memory"]; not c.container.resources.limits[resource]]
	count(missing) > 0
	f := lib.finding(
		"RTC036",
		sprintf(
			"%s: container %q has no %s limit and runs on Firecracker (%s): the VM is sized once at boot from the limits",
			[lib.object_label, c.name, concat(" or ", missing), lib.pod_runtime_label],
		),
		lib.existing_prefix(array.concat(c.path, ["resources", "limits"])),
	)
}

_rtc036 contains f if {
	lib.runtime_class.firecracker == true
	some c in _sized_containers
	some kind in ["limits", "requests"]
	some resource, _ in c.container.resources[kind]
	_gpu_resource(resource)
	f := lib.finding_with_severity(
		"RTC036",
		"warning",
		sprintf(
			"%s: container %q requests %s and runs on Firecracker (%s): Firecracker cannot pass a GPU to the VM, only QEMU can",
			[lib.object_label, c.name, resource, lib.pod_runtime_label],
		),
		array.concat(c.path, ["resources", kind, resource]),
	)
}

# --- RTC037 ---

# Kata annotations that choose host binaries or their arguments: whoever can set them runs code on the host.
_sensitive_kata_annotations := {
	"io.katacontainers.config.hypervisor.path",
	"io.katacontainers.config.hypervisor.jailer_path",
	"io.katacontainers.config.hypervisor.virtio_fs_daemon",
	"io.katacontainers.config.hypervisor.virtio_fs_extra_args",
}

_annotations := a if {
	a := lib.pod_metadata.annotations
	is_object(a)
}

_annotations_path := array.concat(lib.pod_metadata_path, ["annotations"])

# METADATA
# title: Kata annotations on a non-Kata pod, or security-sensitive ones
# description: >-
#   `io.katacontainers.*` annotations configure the Kata VM of a pod; on a
#   pod that runs under runc or gVisor nothing reads them, so the settings
#   the author expects (memory, kernel parameters) silently do not apply.
#   The annotations that name host binaries or their arguments
#   (`hypervisor.path`, `jailer_path`, `virtio_fs_daemon`,
#   `virtio_fs_extra_args`) let whoever creates pods run another program on
#   the host when the runtime allows them (`enable_annotations`,
#   containerd `pod_annotations`): they should not appear in manifests.
# related_resources:
#   - ref: https://github.com/kata-containers/kata-containers/blob/main/docs/how-to/how-to-set-sandbox-config-kata.md
# custom:
#   id: RTC037
#   severity: warning
#   remediation: >-
#     Remove Kata annotations from pods that do not run under a Kata
#     RuntimeClass (or set the RuntimeClass they were meant for); configure
#     hypervisor and virtiofsd paths in the node's Kata configuration, never
#     per pod.
#   tags: [sandbox, kata, security]
deny contains f if some f in _rtc037

_rtc037 contains f if {
	lib.pod_sandbox in {"none", "gvisor"}
	not lib.patch_without_runtime_class
	some key, _ in _annotations
	startswith(key, "io.katacontainers.")
	not key in _sensitive_kata_annotations
	f := lib.finding(
		"RTC037",
		sprintf("%s sets the Kata annotation %s but runs with %s, where nothing reads it", [lib.object_label, key, lib.pod_runtime_label]),
		array.concat(_annotations_path, [key]),
	)
}

_rtc037 contains f if {
	lib.is_workload
	some key, value in _annotations
	key in _sensitive_kata_annotations
	f := lib.finding(
		"RTC037",
		sprintf("%s sets %s to %v: this annotation makes Kata run another host binary, so anyone who can create pods could run code on the node", [lib.object_label, key, value]),
		array.concat(_annotations_path, [key]),
	)
}
