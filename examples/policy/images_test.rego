# Unit tests of policy/images.rego: `rtpolicy test policy/` (like `opa test`).
package acme.images_test

import data.acme.images
import rego.v1

pod(image) := {"kind": "Pod", "spec": {"containers": [{"name": "app", "image": image}]}}

test_latest_is_reported_at_the_image if {
	some finding in images.warn with input as pod("nginx:latest")
	finding.id == "ACME001"
	finding.path == ["spec", "containers", 0, "image"]
}

test_untagged_image_is_reported if {
	count(images.warn) == 1 with input as pod("nginx")
}

test_registry_port_is_not_a_tag if {
	count(images.warn) == 1 with input as pod("registry.example.com:5000/web")
}

test_version_tag_and_digest_pass if {
	count(images.warn) == 0 with input as pod("nginx:1.27.3")
	count(images.warn) == 0 with input as pod("nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
}

test_cronjob_pod_spec_is_found if {
	cronjob := {
		"kind": "CronJob",
		"spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "a", "image": "busybox"}]}}}}},
	}
	some finding in images.warn with input as cronjob
	finding.path == ["spec", "jobTemplate", "spec", "template", "spec", "containers", 0, "image"]
}
