// Policies as users write them: parsed, checked into compiled form by
// src/compiler/check, planned, and run with the IR interpreter.

import { describe, expect, test } from 'vitest';
import { analyze } from '../../../src/compiler/check/index.js';
import { plan } from '../../../src/compiler/plan/index.js';
import { parseModule } from '../../../src/rego/parser.js';
import { evaluate, type RunOptions } from './interpret.js';

function run(sources: string[], entrypoint: string, options: RunOptions = {}): unknown {
  const modules = sources.map((source, i) => parseModule(source, `p${i}.rego`));
  const results = evaluate(plan(analyze(modules), [entrypoint]), entrypoint, options) as {
    result: unknown;
  }[];
  return results[0]?.result;
}

describe('policies in source form', () => {
  const pack = `package k8s

import rego.v1

pod := input.spec.template.spec if input.kind in {"Deployment", "StatefulSet"}

pod := input.spec if input.kind == "Pod"

containers contains c if some c in pod.containers

containers contains c if some c in pod.initContainers

deny contains msg if {
  some c in containers
  c.securityContext.privileged
  not pod.runtimeClassName in {"kata", "gvisor"}
  msg := sprintf("privileged %s", [c.name])
}

deny contains {"msg": "no limits", "path": ["spec", "containers", i]} if {
  some i, c in pod.containers
  not c.resources.limits
}

all_named if every c in containers { c.name != "" }
`;
  const sprintf = {
    sprintf: (f: unknown, args: unknown) => (f as string).replace('%s', String((args as unknown[])[0])),
  };

  test('multi-value deny rules over a pod template', () => {
    const input = {
      kind: 'Deployment',
      spec: {
        template: {
          spec: {
            runtimeClassName: 'runc',
            containers: [
              { name: 'a', securityContext: { privileged: true }, resources: { limits: { cpu: 1 } } },
              { name: 'b' },
            ],
            initContainers: [{ name: 'init', securityContext: { privileged: true } }],
          },
        },
      },
    };
    expect(run([pack], 'k8s/deny', { input, builtins: sprintf })).toEqual([
      'privileged a',
      'privileged init',
      { msg: 'no limits', path: ['spec', 'containers', 1] },
    ]);
    expect(run([pack], 'k8s/all_named', { input })).toBe(true);
  });

  test('a sandboxed runtime class clears the privileged finding', () => {
    const input = {
      kind: 'Pod',
      spec: {
        runtimeClassName: 'kata',
        containers: [{ name: 'a', securityContext: { privileged: true }, resources: { limits: {} } }],
      },
    };
    expect(run([pack], 'k8s/deny', { input, builtins: sprintf })).toEqual([]);
  });

  test('rules of another package through imports, with a mocked function', () => {
    const lib = `package lib
is_sandboxed(name) if name in {"kata", "gvisor"}
`;
    const main = `package main
import data.lib

default allowed := false
allowed if lib.is_sandboxed(input.runtime)

mocked if allowed with lib.is_sandboxed as true
`;
    expect(run([lib, main], 'main/allowed', { input: { runtime: 'kata' } })).toBe(true);
    expect(run([lib, main], 'main/allowed', { input: { runtime: 'runc' } })).toBe(false);
    expect(run([lib, main], 'main/mocked', { input: { runtime: 'runc' } })).toBe(true);
  });

  test('ref heads build nested documents', () => {
    const src = `package classes
sandbox[name].kind := "vm" if some name in {"kata-qemu", "kata-fc"}
sandbox.gvisor.kind := "user-space-kernel"
`;
    expect(run([src], 'classes/sandbox')).toEqual({
      gvisor: { kind: 'user-space-kernel' },
      'kata-fc': { kind: 'vm' },
      'kata-qemu': { kind: 'vm' },
    });
  });

  test('conftest-style v0 rules', () => {
    const src = `package main
deny[msg] {
  input.kind == "Pod"
  not input.spec.runtimeClassName
  msg := "pods need a runtime class"
}
labels[k] = v { v := input.metadata.labels[k] }
`;
    const modules = [parseModule(src, 'v0.rego', { regoVersion: 'v0' })];
    const policy = plan(analyze(modules, { regoVersion: 'v0' }), ['main/deny', 'main/labels']);
    const input = { kind: 'Pod', spec: {}, metadata: { labels: { app: 'web' } } };
    expect(evaluate(policy, 'main/deny', { input })).toEqual([{ result: ['pods need a runtime class'] }]);
    expect(evaluate(policy, 'main/labels', { input })).toEqual([{ result: { app: 'web' } }]);
  });

  test('data documents and rules under one path', () => {
    const src = `package rtpolicy.config
default strict := false
`;
    const main = `package main
names contains name if some name, _ in data.rtpolicy.config
`;
    const data = { rtpolicy: { config: { namespaces: ['prod'] } } };
    expect(run([src, main], 'main/names', { data })).toEqual(['namespaces', 'strict']);
  });
});
