# Values as the API server validates them: names, resource quantities, and
# the target Kubernetes version; and the shape of a finding.
#
# Throughout the pack, a negated call whose argument may be undefined takes it
# through object.get(..., null) (`not is_string(object.get(c, "image", null))`):
# OPA hoists a reference used as a call argument out of the negation (OPA issue
# #8387), and rtpolicy follows OPA, so `not is_string(c.image)` is undefined,
# not true, when c.image is missing. `import future.keywords.not` would keep the
# argument inside, but OPA releases before it reject the import.
package rtc.lib

import rego.v1

# --- findings ---

# A finding of rule `id` at `path` (keys and indexes into the input); the
# rule's METADATA gives its severity.
finding(id, msg, path) := {"id": id, "msg": msg, "path": path}

# A finding with a severity other than the rule's default (error/warning rules).
finding_with_severity(id, severity, msg, path) := {"id": id, "msg": msg, "path": path, "severity": severity}

# --- names ---

# DNS-1123 label: lowercase alphanumerics and '-', starting and ending alphanumeric, at most 63.
dns_label(value) if {
	is_string(value)
	count(value) <= 63
	regex.match(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`, value)
}

# DNS-1123 subdomain: dot-separated labels, at most 253 characters.
dns_subdomain(value) if {
	is_string(value)
	count(value) <= 253
	regex.match(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`, value)
}

# A value that a template engine fills in later (Helm `{{ }}`, envsubst
# `${VAR}`, `$(VAR)`): rules leave such values alone rather than judge the
# placeholder.
templated(value) if {
	is_string(value)
	regex.match(`\{\{|\$\{|\$\(`, value)
}

# --- quantities (k8s.io/apimachinery resource.Quantity) ---

# The text form: a signed decimal number and a binary-SI, decimal-SI or exponent suffix.
_quantity_pattern := `^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$`

# Whether a value parses as a quantity (a YAML number does too).
quantity(value) if is_number(value)

quantity(value) if {
	is_string(value)
	regex.match(_quantity_pattern, value)
}

# The value of a quantity as a number ("250m" -> 0.25, "1Gi" -> 1073741824).
quantity_value(value) := value if is_number(value)

quantity_value(value) := units.parse(value) if {
	is_string(value)
	regex.match(_quantity_pattern, value)
}

# --- Kubernetes version ---

# The target minor version (1.34 -> 34), from --kubernetes-version or rtpolicy.yaml.
default kubernetes_minor := 34

kubernetes_minor := minor if {
	parts := split(data.rtpolicy.kubernetesVersion, ".")
	parts[0] == "1"
	minor := to_number(parts[1])
}

kubernetes_version := sprintf("1.%d", [kubernetes_minor])

# --- paths ---

# The longest prefix of `path` that exists in the input: where a finding
# about a missing field points (its deepest existing parent).
existing_prefix(path) := array.slice(path, 0, max(lengths)) if {
	lengths := [n | some n in numbers.range(0, count(path)); object.get(input, array.slice(path, 0, n), null) != null]
}
