package rtc.admission_test

import data.rtc.admission
import data.rtc.fixtures as fx
import rego.v1

deny_for(obj) := fs if {
	fs := admission.deny with input as obj with data.rtpolicy as fx.inventory
}

spec_path := ["spec", "template", "spec"]

# --- RTC010 ---

test_rtc010_missing_runtime_class if {
	fs := deny_for(fx.deployment({"runtimeClassName": "kata-cc", "containers": [fx.container]}))
	fx.reported(fs, "RTC010", ["spec", "template", "spec", "runtimeClassName"])
	some f in fx.of(fs, "RTC010")
	contains(f.msg, `RuntimeClass "kata-cc" not found`)
}

test_rtc010_runtime_class_in_repository_passes if {
	not fx.has(deny_for(fx.deployment({"runtimeClassName": "kata-qemu", "containers": [fx.container]})), "RTC010")
}

test_rtc010_cluster_provided_runtime_class_passes if {
	declared := object.union(fx.inventory, {"runtimeClasses": {"kata-cc": {"name": "kata-cc", "sandbox": "vm", "sandboxed": true, "source": "config", "definitions": []}}})
	fs := admission.deny with input as fx.pod({"runtimeClassName": "kata-cc", "containers": [fx.container]})
		with data.rtpolicy as declared
	not fx.has(fs, "RTC010")
}

test_rtc010_no_runtime_class_name_passes if {
	not fx.has(deny_for(fx.pod({"containers": [fx.container]})), "RTC010")
}

test_rtc010_cronjob_path if {
	fs := deny_for(fx.cronjob({"runtimeClassName": "missing", "containers": [fx.container]}))
	fx.reported(fs, "RTC010", ["spec", "jobTemplate", "spec", "template", "spec", "runtimeClassName"])
}

# --- RTC011 ---

test_rtc011_overhead_without_runtime_class if {
	fs := deny_for(fx.pod({"overhead": {"cpu": "250m"}, "containers": [fx.container]}))
	fx.reported(fs, "RTC011", ["spec", "overhead"])
}

test_rtc011_overhead_with_class_without_overhead if {
	fs := deny_for(fx.pod({"runtimeClassName": "kata-clh", "overhead": {"cpu": "250m"}, "containers": [fx.container]}))
	fx.reported(fs, "RTC011", ["spec", "overhead"])
}

test_rtc011_overhead_differs if {
	fs := deny_for(fx.pod({"runtimeClassName": "kata-qemu", "overhead": {"cpu": "250m", "memory": "160Mi"}, "containers": [fx.container]}))
	some f in fx.of(fs, "RTC011")
	not f.severity
	contains(f.msg, "doesn't match")
}

test_rtc011_equal_by_value_is_a_warning if {
	fs := deny_for(fx.pod({"runtimeClassName": "kata-qemu", "overhead": {"cpu": 0.25, "memory": "320Mi"}, "containers": [fx.container]}))
	some f in fx.of(fs, "RTC011")
	f.severity == "warning"
	count(fx.of(fs, "RTC011")) == 1
}

test_rtc011_no_overhead_passes if {
	not fx.has(deny_for(fx.pod({"runtimeClassName": "kata-qemu", "containers": [fx.container]})), "RTC011")
}

test_rtc011_before_pod_overhead_beta_is_a_warning if {
	fs := admission.deny with input as fx.pod({"overhead": {"cpu": "250m"}, "containers": [fx.container]})
		with data.rtpolicy as object.union(fx.inventory, {"kubernetesVersion": "1.17"})
	some f in fx.of(fs, "RTC011")
	f.severity == "warning"
}

# --- RTC012 ---

test_rtc012_node_selector_conflict if {
	spec := {"runtimeClassName": "kata-qemu", "nodeSelector": {"katacontainers.io/kata-runtime": "false"}, "containers": [fx.container]}
	fs := deny_for(fx.deployment(spec))
	fx.reported(fs, "RTC012", array.concat(spec_path, ["nodeSelector", "katacontainers.io/kata-runtime"]))
}

test_rtc012_same_value_passes if {
	spec := {"runtimeClassName": "kata-qemu", "nodeSelector": {"katacontainers.io/kata-runtime": "true", "zone": "a"}, "containers": [fx.container]}
	not fx.has(deny_for(fx.deployment(spec)), "RTC012")
}

# --- RTC013 ---

affinity(expressions) := {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": expressions}]}}}

test_rtc013_affinity_excludes_runtime_nodes if {
	spec := {
		"runtimeClassName": "kata-qemu",
		"affinity": affinity([{"key": "katacontainers.io/kata-runtime", "operator": "NotIn", "values": ["true"]}]),
		"containers": [fx.container],
	}
	fs := deny_for(fx.pod(spec))
	fx.reported(fs, "RTC013", ["spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms", 0, "matchExpressions", 0])
}

test_rtc013_one_satisfiable_term_passes if {
	terms := [
		{"matchExpressions": [{"key": "katacontainers.io/kata-runtime", "operator": "DoesNotExist"}]},
		{"matchExpressions": [{"key": "katacontainers.io/kata-runtime", "operator": "In", "values": ["true"]}]},
	]
	spec := {
		"runtimeClassName": "kata-qemu",
		"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": terms}}},
		"containers": [fx.container],
	}
	not fx.has(deny_for(fx.pod(spec)), "RTC013")
}

test_rtc013_node_name if {
	fs := deny_for(fx.pod({"runtimeClassName": "kata-qemu", "nodeName": "worker-1", "containers": [fx.container]}))
	fx.reported(fs, "RTC013", ["spec", "nodeName"])
}

test_rtc013_node_name_without_class_selector_passes if {
	not fx.has(deny_for(fx.pod({"runtimeClassName": "kata-clh", "nodeName": "worker-1", "containers": [fx.container]})), "RTC013")
}

# --- RTC014 ---

test_rtc014_daemonset_without_selector_and_tolerations if {
	fs := deny_for(fx.daemonset({"runtimeClassName": "kata-qemu", "containers": [fx.container]}))
	count(fx.of(fs, "RTC014")) == 2
	fx.reported(fs, "RTC014", spec_path)
}

test_rtc014_daemonset_repeating_scheduling_passes if {
	spec := {
		"runtimeClassName": "kata-qemu",
		"nodeSelector": fx.kata_selector,
		"tolerations": [{"key": "sandbox", "operator": "Exists", "effect": "NoSchedule"}],
		"containers": [fx.container],
	}
	not fx.has(deny_for(fx.daemonset(spec)), "RTC014")
}

test_rtc014_deployment_passes if {
	not fx.has(deny_for(fx.deployment({"runtimeClassName": "kata-qemu", "containers": [fx.container]})), "RTC014")
}
