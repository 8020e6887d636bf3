package rtc.tenancy_test

import data.rtc.fixtures as fx
import data.rtc.tenancy
import rego.v1

deny_for(obj) := fs if {
	fs := tenancy.deny with input as obj with data.rtpolicy as fx.inventory
}

test_rtc040_tenant_pod_without_runtime_class if {
	fs := deny_for(fx.pod_in("tenant-a", {"containers": [fx.container]}))
	fx.reported(fs, "RTC040", ["spec"])
	some f in fx.of(fs, "RTC040")
	contains(f.msg, "sandbox.namespaces")
}

test_rtc040_namespace_by_label_with_runc_class if {
	fs := deny_for(fx.pod_in("tenant-b", {"runtimeClassName": "runc", "containers": [fx.container]}))
	fx.reported(fs, "RTC040", ["spec", "runtimeClassName"])
	some f in fx.of(fs, "RTC040")
	contains(f.msg, "namespaceSelector")
}

test_rtc040_sandboxed_tenant_pod_passes if {
	not fx.has(deny_for(fx.pod_in("tenant-a", {"runtimeClassName": "gvisor", "containers": [fx.container]})), "RTC040")
}

test_rtc040_other_namespace_passes if {
	not fx.has(deny_for(fx.pod_in("default", {"containers": [fx.container]})), "RTC040")
}

test_rtc040_patch_without_containers_passes if {
	patch := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "tenant-a"}, "spec": {"template": {"spec": {"nodeSelector": {"a": "b"}}}}}
	not fx.has(deny_for(patch), "RTC040")
}
