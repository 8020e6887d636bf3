import { describe, expect, it } from 'vitest';
import { brief, compiledRules, errorsOf } from './helpers.js';

const v0 = { v0: true };

describe('rego v0 modules', () => {
  it('compiles conftest and Gatekeeper style partial rules', () => {
    const src = [
      'package main',
      'deny[msg] {',
      '  input.kind == "Deployment"',
      '  not input.spec.template.spec.securityContext.runAsNonRoot',
      '  msg = "must not run as root"',
      '}',
      'violation[{"msg": msg}] {',
      '  c := containers[_]',
      '  c.securityContext.privileged',
      '  msg := sprintf("privileged: %v", [c.name])',
      '}',
      'containers[c] { c := input.spec.containers[_] }',
      'labels[k] = v { v := input.metadata.labels[k] }',
    ].join('\n');
    expect(compiledRules(src, v0)).toEqual([
      'deny contains L1 { eq(input.kind, "Deployment"); not input.spec.template.spec.securityContext.runAsNonRoot; eq(L1, "must not run as root") }',
      'violation contains {"msg": L1} { eq(L2, data.main.containers[L3]); L2.securityContext.privileged; eq(L4, L2.name); sprintf("privileged: %v", [L4], L5); eq(L1, L5) }',
      'containers contains L1 { eq(L1, input.spec.containers[L2]) }',
      'labels[L1] = L2 { eq(L2, input.metadata.labels[L1]) }',
    ]);
  });

  it('checks v0 modules with the same rules, except the v1-only ones', () => {
    expect(brief(errorsOf('package main\ndeny[msg] { msg := x }', v0))).toEqual([
      'rego_unsafe_var_error 2:13 var msg is unsafe',
      'rego_unsafe_var_error 2:13 var x is unsafe',
    ]);
    // Deprecated builtins, duplicate imports and shadowing `input` are allowed in v0.
    expect(() =>
      compiledRules('package main\nimport data.a\nimport data.b.a\np { input := 1; re_match("a", "a") }', v0),
    ).not.toThrow();
  });
});
