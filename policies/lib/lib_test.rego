package rtc.lib_test

import data.rtc.fixtures as fx
import data.rtc.lib
import rego.v1

test_pod_spec_paths_per_kind if {
	lib.pod_spec_path == ["spec"] with input as fx.pod({"containers": [fx.container]})
	lib.pod_spec_path == ["spec", "template", "spec"] with input as fx.deployment({"containers": [fx.container]})
	lib.pod_spec_path == ["spec", "jobTemplate", "spec", "template", "spec"] with input as fx.cronjob({"containers": [fx.container]})
	lib.pod_spec_path == ["template", "spec"] with input as {"apiVersion": "v1", "kind": "PodTemplate", "template": {"spec": {}}}
}

test_kinds_outside_their_group_are_not_workloads if {
	not lib.is_workload with input as {"apiVersion": "example.com/v1", "kind": "Pod", "spec": {}}
	not lib.is_workload with input as {"apiVersion": "v1", "kind": "Service", "spec": {}}
}

test_containers_of_every_kind if {
	spec := {"initContainers": [fx.container], "containers": [fx.container, fx.container], "ephemeralContainers": [fx.container]}
	paths := {c.path | some c in lib.containers} with input as fx.pod(spec)
	paths == {
		["spec", "initContainers", 0], ["spec", "containers", 0],
		["spec", "containers", 1], ["spec", "ephemeralContainers", 0],
	}
}

test_partial_objects if {
	lib.partial with input as fx.deployment({"containers": [{"name": "app"}]})
	lib.partial with input as fx.deployment({"nodeSelector": {"a": "b"}})
	not lib.partial with input as fx.deployment({"containers": [fx.container]})
}

test_pod_sandbox if {
	lib.pod_sandbox == "none" with input as fx.pod({"containers": [fx.container]}) with data.rtpolicy as fx.inventory
	lib.pod_sandbox == "vm" with input as fx.pod({"runtimeClassName": "kata-fc", "containers": [fx.container]}) with data.rtpolicy as fx.inventory
	not lib.pod_sandbox with input as fx.pod({"runtimeClassName": "nope", "containers": [fx.container]}) with data.rtpolicy as fx.inventory
}

test_quantities if {
	lib.quantity_value("250m") == 0.25
	lib.quantity_value("1Gi") == 1073741824
	lib.quantity_value("1e3") == 1000
	lib.quantity_value(2) == 2
	not lib.quantity("1.2.3")
	not lib.quantity("10 Mi")
	not lib.quantity("Mi")
}

test_names if {
	lib.dns_label("kata-qemu")
	not lib.dns_label("kata.qemu")
	lib.dns_subdomain("kata.qemu")
	not lib.dns_subdomain("-kata")
	not lib.dns_subdomain("Kata")
}

test_kubernetes_version if {
	lib.kubernetes_minor == 29 with data.rtpolicy.kubernetesVersion as "1.29"
	lib.kubernetes_minor == 34
}
