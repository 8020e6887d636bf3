package rtc.runtimeclass_test

import data.rtc.fixtures as fx
import data.rtc.runtimeclass
import rego.v1

kata_overhead := {"overhead": {"podFixed": {"cpu": "250m", "memory": "320Mi"}}, "scheduling": {"nodeSelector": fx.kata_selector}}

deny_for(obj) := fs if {
	fs := runtimeclass.deny with input as obj with data.rtpolicy as fx.inventory
}

deny_at(obj, version) := fs if {
	fs := runtimeclass.deny with input as obj with data.rtpolicy as object.union(fx.inventory, {"kubernetesVersion": version})
}

# --- RTC001 ---

test_rtc001_v1beta1_removed_in_target if {
	fs := deny_at(fx.runtime_class(object.union(kata_overhead, {"apiVersion": "node.k8s.io/v1beta1", "handler": "kata-qemu"})), "1.34")
	fx.reported(fs, "RTC001", ["apiVersion"])
	some f in fx.of(fs, "RTC001")
	not f.severity
}

test_rtc001_v1beta1_deprecated_before_removal_is_a_warning if {
	fs := deny_at(fx.runtime_class(object.union(kata_overhead, {"apiVersion": "node.k8s.io/v1beta1", "handler": "kata-qemu"})), "1.23")
	some f in fx.of(fs, "RTC001")
	f.severity == "warning"
}

test_rtc001_v1alpha1_mentions_runtime_handler if {
	rc := fx.runtime_class({"apiVersion": "node.k8s.io/v1alpha1", "spec": {"runtimeHandler": "kata-qemu"}})
	some f in fx.of(deny_at(rc, "1.30"), "RTC001")
	contains(f.msg, "spec.runtimeHandler")
}

test_rtc001_v1_passes if {
	not fx.has(deny_for(fx.runtime_class(object.union(kata_overhead, {"handler": "kata-qemu"}))), "RTC001")
}

test_rtc001_v1beta1_before_deprecation_passes if {
	rc := fx.runtime_class(object.union(kata_overhead, {"apiVersion": "node.k8s.io/v1beta1", "handler": "kata-qemu"}))
	not fx.has(deny_at(rc, "1.20"), "RTC001")
}

# --- RTC002 ---

test_rtc002_missing_handler if {
	fs := deny_for(fx.runtime_class(kata_overhead))
	fx.reported(fs, "RTC002", [])
}

test_rtc002_uppercase_handler if {
	fx.reported(deny_for(fx.runtime_class({"handler": "Kata_QEMU"})), "RTC002", ["handler"])
}

test_rtc002_v1alpha1_runtime_handler_checked if {
	rc := fx.runtime_class({"apiVersion": "node.k8s.io/v1alpha1", "spec": {"runtimeHandler": "kata qemu"}})
	fx.reported(deny_for(rc), "RTC002", ["spec", "runtimeHandler"])
}

test_rtc002_dns_label_handler_passes if {
	not fx.has(deny_for(fx.runtime_class({"handler": "kata-qemu"})), "RTC002")
}

test_rtc002_long_handler if {
	fx.has(deny_for(fx.runtime_class({"handler": concat("", [x | some _ in numbers.range(1, 64); x := "a"])})), "RTC002")
}

# --- RTC003 ---

test_rtc003_uppercase_class_name if {
	rc := fx.runtime_class({"metadata": {"name": "Kata"}, "handler": "kata"})
	fx.reported(deny_for(rc), "RTC003", ["metadata", "name"])
}

test_rtc003_pod_runtime_class_name if {
	fs := deny_for(fx.deployment({"runtimeClassName": "Kata_QEMU", "containers": [fx.container]}))
	fx.reported(fs, "RTC003", ["spec", "template", "spec", "runtimeClassName"])
}

test_rtc003_empty_runtime_class_name if {
	fx.has(deny_for(fx.pod({"runtimeClassName": "", "containers": [fx.container]})), "RTC003")
}

test_rtc003_valid_names_passes if {
	not fx.has(deny_for(fx.pod({"runtimeClassName": "kata-qemu.v2", "containers": [fx.container]})), "RTC003")
	not fx.has(deny_for(fx.runtime_class({"handler": "kata"})), "RTC003")
}

test_rtc003_templated_name_is_left_alone if {
	not fx.has(deny_for(fx.pod({"runtimeClassName": "{{ .Values.runtimeClass }}", "containers": [fx.container]})), "RTC003")
}

# --- RTC004 ---

test_rtc004_malformed_quantity if {
	fs := deny_for(fx.runtime_class({"handler": "kata", "overhead": {"podFixed": {"cpu": "250 m", "memory": "160Mi"}}}))
	fx.reported(fs, "RTC004", ["overhead", "podFixed", "cpu"])
	count(fx.of(fs, "RTC004")) == 1
}

test_rtc004_unknown_resource_and_negative if {
	fs := deny_for(fx.runtime_class({"handler": "kata", "overhead": {"podFixed": {"gpu": "1", "memory": "-1Mi"}}}))
	fx.reported(fs, "RTC004", ["overhead", "podFixed", "gpu"])
	fx.reported(fs, "RTC004", ["overhead", "podFixed", "memory"])
}

test_rtc004_fractional_extended_resource if {
	fs := deny_for(fx.runtime_class({"handler": "kata", "overhead": {"podFixed": {"cpu": "1", "example.com/device": "0.5"}}}))
	fx.reported(fs, "RTC004", ["overhead", "podFixed", "example.com/device"])
}

test_rtc004_hugepages_alone if {
	fs := deny_for(fx.runtime_class({"handler": "kata", "overhead": {"podFixed": {"hugepages-2Mi": "4Mi"}}}))
	fx.reported(fs, "RTC004", ["overhead", "podFixed", "hugepages-2Mi"])
}

test_rtc004_valid_overhead_passes if {
	rc := fx.runtime_class({"handler": "kata", "overhead": {"podFixed": {
		"cpu": 0.25, "memory": "1.5Gi", "ephemeral-storage": "1e9",
		"hugepages-2Mi": "4Mi", "example.com/device": "2",
	}}})
	not fx.has(deny_for(rc), "RTC004")
}

# --- RTC005 ---

second_definition := fx.runtime_class({"handler": "kata-qemu", "overhead": {"podFixed": {"cpu": "250m", "memory": "160Mi"}}})

inventory_with_copy := object.union(fx.inventory, {"runtimeClasses": {"kata-qemu": object.union(fx.runtime_classes["kata-qemu"], {"definitions": [
	fx.runtime_classes["kata-qemu"].definitions[0],
	{"file": "other/kata.yaml", "documentIndex": 0, "line": 3, "object": second_definition},
]})}})

test_rtc005_second_definition_differs if {
	fs := runtimeclass.deny with input as second_definition with data.rtpolicy as inventory_with_copy
	fx.reported(fs, "RTC005", ["overhead"])
	some f in fx.of(fs, "RTC005")
	contains(f.msg, "rc/kata-qemu.yaml:1")
}

test_rtc005_first_definition_passes if {
	fs := runtimeclass.deny with input as fx.kata_qemu_object with data.rtpolicy as inventory_with_copy
	not fx.has(fs, "RTC005")
}

test_rtc005_namespaced_runtime_class_is_a_note if {
	rc := object.union(fx.kata_qemu_object, {"metadata": {"name": "kata-qemu", "namespace": "kube-system"}})
	fs := deny_for(rc)
	fx.reported(fs, "RTC005", ["metadata", "namespace"])
	some f in fx.of(fs, "RTC005")
	f.severity == "note"
}

# --- RTC015 ---

test_rtc015_kata_without_overhead if {
	fs := deny_for(fx.runtime_class({"handler": "kata-qemu", "scheduling": {"nodeSelector": fx.kata_selector}}))
	count(fx.of(fs, "RTC015")) == 2
	fx.reported(fs, "RTC015", [])
}

test_rtc015_missing_cpu_points_at_pod_fixed if {
	fs := deny_for(fx.runtime_class({"handler": "kata-qemu", "overhead": {"podFixed": {"memory": "400Mi"}}}))
	fx.reported(fs, "RTC015", ["overhead", "podFixed"])
}

test_rtc015_qemu_memory_below_minimum_is_a_warning if {
	fs := deny_for(fx.runtime_class({"handler": "kata-qemu", "overhead": {"podFixed": {"cpu": "250m", "memory": "160Mi"}}}))
	some f in fx.of(fs, "RTC015")
	f.severity == "warning"
	f.path == ["overhead", "podFixed", "memory"]
}

test_rtc015_kata_with_overhead_passes if {
	not fx.has(deny_for(fx.kata_qemu_object), "RTC015")
}

test_rtc015_runc_class_passes if {
	rc := fx.runtime_class({"metadata": {"name": "runc"}, "handler": "runc"})
	not fx.has(deny_for(rc), "RTC015")
}

# --- RTC016 ---

test_rtc016_sandbox_without_node_selector if {
	rc := fx.runtime_class({"metadata": {"name": "gvisor"}, "handler": "runsc", "overhead": {"podFixed": {"cpu": "100m", "memory": "64Mi"}}})
	fx.reported(deny_for(rc), "RTC016", [])
}

test_rtc016_sandbox_with_node_selector_passes if {
	not fx.has(deny_for(fx.kata_qemu_object), "RTC016")
}
