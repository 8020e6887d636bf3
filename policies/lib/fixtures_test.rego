# Inputs and inventories shared by the pack's unit tests (tests only: the
# pack build leaves *_test.rego files out).
package rtc.fixtures

import rego.v1

kata_selector := {"katacontainers.io/kata-runtime": "true"}

_class(name, handler, sandbox, extra) := object.union(
	{
		"name": name,
		"handler": handler,
		"sandbox": sandbox,
		"sandboxed": sandbox in {"vm", "gvisor"},
		"firecracker": false,
		"classifiedBy": "handler-name",
		"source": "repository",
		"definitions": [],
	},
	extra,
)

kata_qemu_object := {
	"apiVersion": "node.k8s.io/v1",
	"kind": "RuntimeClass",
	"metadata": {"name": "kata-qemu"},
	"handler": "kata-qemu",
	"overhead": {"podFixed": {"cpu": "250m", "memory": "320Mi"}},
	"scheduling": {
		"nodeSelector": kata_selector,
		"tolerations": [{"key": "sandbox", "operator": "Equal", "value": "kata", "effect": "NoSchedule"}],
	},
}

runtime_classes := {
	"kata-qemu": _class("kata-qemu", "kata-qemu", "vm", {
		"hypervisor": "qemu",
		"overhead": {"cpu": "250m", "memory": "320Mi"},
		"nodeSelector": kata_selector,
		"object": kata_qemu_object,
		"definitions": [{"file": "rc/kata-qemu.yaml", "documentIndex": 0, "line": 1, "object": kata_qemu_object}],
	}),
	"kata-fc": _class("kata-fc", "kata-fc", "vm", {
		"hypervisor": "firecracker",
		"firecracker": true,
		"overhead": {"cpu": "250m", "memory": "130Mi"},
		"nodeSelector": kata_selector,
	}),
	"kata-clh": _class("kata-clh", "kata-clh", "vm", {"hypervisor": "cloud-hypervisor"}),
	"gvisor": _class("gvisor", "runsc", "gvisor", {"overhead": {"cpu": "100m", "memory": "64Mi"}}),
	"runc": _class("runc", "runc", "none", {}),
	"wasm": _class("wasm", "spin", "unknown", {}),
}

config := {
	"rules": {},
	"runtimeClasses": {},
	"sandbox": {
		"classes": ["vm", "gvisor"],
		"namespaces": ["tenant-a"],
		"minimumOverhead": {
			"qemu": {"memory": "320Mi"},
			"cloud-hypervisor": {"memory": "130Mi"},
			"firecracker": {"memory": "130Mi"},
			"vm": {"memory": "130Mi"},
		},
	},
	"ignore": [],
	"kubernetesVersion": "1.34",
	"failLevel": "error",
}

# data.rtpolicy as the inventory builds it for a repository with the classes above.
inventory := {
	"runtimeClasses": runtime_classes,
	"runtimeHandlers": {},
	"namespaces": {
		"tenant-a": {"name": "tenant-a", "labels": {}, "requiresSandbox": true, "source": "config"},
		"tenant-b": {"name": "tenant-b", "labels": {"isolation": "sandboxed"}, "requiresSandbox": true, "source": "repository"},
		"default": {"name": "default", "labels": {}, "requiresSandbox": false, "source": "repository"},
	},
	"nodeConfigs": [],
	"config": config,
	"kubernetesVersion": "1.34",
}

# A containerd config (version 2) whose kata-qemu entry passes host devices to privileged containers.
kata_handler_entry := {
	"handler": "kata-qemu",
	"format": "containerd",
	"configVersion": 2,
	"pluginPath": `plugins."io.containerd.grpc.v1.cri".containerd.runtimes`,
	"runtimeType": "io.containerd.kata-qemu.v2",
	"allowedAnnotations": [],
	"raw": {"runtime_type": "io.containerd.kata-qemu.v2"},
	"isDefault": false,
	"file": "nodes/config.toml",
	"line": 7,
	"column": 3,
	"path": ["config", "plugins", "io.containerd.grpc.v1.cri", "containerd", "runtimes", "kata-qemu"],
	"sandbox": "vm",
	"hypervisor": "qemu",
}

with_node_config(entries) := object.union(inventory, {
	"runtimeHandlers": {entry.handler: [entry] | some entry in entries},
	"nodeConfigs": [{"file": "nodes/config.toml", "format": "containerd", "version": 2, "handlers": [e.handler | some e in entries]}],
})

container := {"name": "app", "image": "nginx:1.27"}

privileged_container := object.union(container, {"securityContext": {"privileged": true}})

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "default"}, "spec": spec}

pod_in(namespace, spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": namespace}, "spec": spec}

deployment(spec) := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "web"},
	"spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": spec}},
}

daemonset(spec) := {
	"apiVersion": "apps/v1",
	"kind": "DaemonSet",
	"metadata": {"name": "agent"},
	"spec": {"selector": {"matchLabels": {"app": "agent"}}, "template": {"metadata": {"labels": {"app": "agent"}}, "spec": spec}},
}

cronjob(spec) := {
	"apiVersion": "batch/v1",
	"kind": "CronJob",
	"metadata": {"name": "nightly"},
	"spec": {"schedule": "0 0 * * *", "jobTemplate": {"spec": {"template": {"spec": spec}}}},
}

runtime_class(fields) := object.union({"apiVersion": "node.k8s.io/v1", "kind": "RuntimeClass", "metadata": {"name": "kata-qemu"}}, fields)

# The findings of rule `id` among `findings`.
of(findings, id) := {f | some f in findings; f.id == id}

# Whether `findings` hold a finding of `id` at `path`.
reported(findings, id, path) if {
	some f in findings
	f.id == id
	f.path == path
}

has(findings, id) if count(of(findings, id)) > 0
