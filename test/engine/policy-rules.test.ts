// Rule discovery (deny/warn/violation per package) and METADATA -> RuleInfo.
import { describe, expect, it } from 'vitest';
import { discoverRules } from '../../src/engine/policy-rules.js';
import { RegoError } from '../../src/rego/ast.js';
import { parseModule } from '../../src/rego/parser.js';

const parse = (source: string, file = 'p.rego', regoVersion: 'v0' | 'v1' = 'v1') =>
  parseModule(source, file, { regoVersion });

describe('discoverRules', () => {
  it('finds deny, warn and violation in every package, and nothing else', () => {
    const { rules } = discoverRules(
      [
        parse(`package k8s.pods
deny contains "d" if input.x
warn contains "w" if input.y
allow if input.z
deny_fn(x) := x
`),
        parse(`package gk
violation contains {"msg": "v"} if input.x
`),
        parse(`package fns
deny(x) := true if x
`),
        parse(`package refs
deny.nested contains "not a policy rule" if input.x
`),
      ],
      'policy',
    );
    expect(rules.map((r) => [r.ref, r.entrypoint, r.kind, r.package])).toEqual([
      ['data.gk.violation', 'gk/violation', 'violation', 'gk'],
      ['data.k8s.pods.deny', 'k8s/pods/deny', 'deny', 'k8s.pods'],
      ['data.k8s.pods.warn', 'k8s/pods/warn', 'warn', 'k8s.pods'],
    ]);
  });

  it('reads v0 rules (deny[msg] { ... }) the same way', () => {
    const { rules, catalog } = discoverRules(
      [
        parse(
          'package main\n\ndeny[msg] {\n  msg := "x"\n}\n\nwarn[msg] {\n  msg := "y"\n}\n',
          'p.rego',
          'v0',
        ),
      ],
      'policy',
    );
    expect(rules.map((r) => r.ref)).toEqual(['data.main.deny', 'data.main.warn']);
    // Without METADATA: `<package>.<rule>`, error for deny, warning for warn.
    expect(catalog.map((r) => [r.id, r.severity, r.origin])).toEqual([
      ['main.deny', 'error', 'policy'],
      ['main.warn', 'warning', 'policy'],
    ]);
  });

  it('describes each definition from its METADATA, falling back on the package block', () => {
    const { rules, catalog } = discoverRules(
      [
        parse(`# METADATA
# title: Area
# description: Shared description of the package
# custom:
#   remediation: Fix it the package way.
package area

import rego.v1

# METADATA
# title: Privileged container
# related_resources:
#   - https://example.com/a
#   - ref: https://example.com/b
#     description: more
# custom:
#   id: RTC031
#   severity: error
#   tags: [security, pods]
deny contains {"id": "RTC031", "msg": "m"} if input.a

# METADATA
# title: hostPath volume
# custom:
#   id: RTC033
#   severity: warning
#   remediation: Drop the volume.
#   help_uri: https://docs.example/RTC033
deny contains {"id": "RTC033", "msg": "m"} if input.b
`),
      ],
      'policy',
    );
    expect(rules).toHaveLength(1);
    expect(rules[0].ids).toEqual(['RTC031', 'RTC033']);
    const [rtc031, rtc033] = catalog;
    expect(rtc031).toEqual({
      id: 'RTC031',
      name: 'privileged-container',
      title: 'Privileged container',
      description: 'Shared description of the package',
      severity: 'error',
      remediation: 'Fix it the package way.',
      helpUri: 'https://example.com/a',
      relatedResources: ['https://example.com/a', 'https://example.com/b'],
      tags: ['security', 'pods'],
      origin: 'policy',
      policyRef: 'data.area.deny',
    });
    expect(rtc033).toMatchObject({
      id: 'RTC033',
      severity: 'warning',
      remediation: 'Drop the volume.',
      helpUri: 'https://docs.example/RTC033',
    });
  });

  it('links built-in rules to docs/rules/<ID>.md', () => {
    const { catalog } = discoverRules(
      [parse('package p\n\n# METADATA\n# custom:\n#   id: RTC002\ndeny contains "x" if input.a\n')],
      'builtin',
    );
    expect(catalog[0]).toMatchObject({
      id: 'RTC002',
      origin: 'builtin',
      helpUri: 'https://github.com/rtpolicy/rtpolicy/blob/main/docs/rules/RTC002.md',
    });
  });

  it('rejects a severity or id METADATA cannot mean, with its location', () => {
    const bad = parse(
      'package p\n\n# METADATA\n# custom:\n#   severity: high\ndeny contains "x" if input.a\n',
      'bad.rego',
    );
    let error: unknown;
    try {
      discoverRules([bad], 'policy');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RegoError);
    const [detail] = (error as RegoError).errors;
    expect(detail.code).toBe('rego_metadata_error');
    expect(detail.message).toContain('custom.severity must be one of error, warning, note');
    expect(detail.location).toMatchObject({ file: 'bad.rego', row: 3 });
    expect(() =>
      discoverRules(
        [parse('package p\n\n# METADATA\n# custom:\n#   id: 7\ndeny contains "x" if input.a\n')],
        'policy',
      ),
    ).toThrow(/custom.id must be a non-empty string/);
  });
});
