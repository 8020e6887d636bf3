// Rego -> parse -> check -> plan -> Wasm, evaluated through the SDK: the policies
// rtpolicy exists for (conftest and Gatekeeper style) over Kubernetes objects.
import { describe, expect, it } from 'vitest';
import { compileError, compileRego, deployment, thrown } from './helpers.js';

const conftestV1 = `package main

import rego.v1

sandboxed := {"kata", "gvisor"}

deny contains msg if {
  input.kind == "Deployment"
  some c in input.spec.template.spec.containers
  c.securityContext.privileged
  not input.spec.template.spec.runtimeClassName in sandboxed
  msg := sprintf("container %s is privileged and not sandboxed", [c.name])
}

deny contains {"msg": "replicas must be at least 2", "path": ["spec", "replicas"]} if {
  input.kind == "Deployment"
  input.spec.replicas < 2
}

warn contains msg if {
  some c in input.spec.template.spec.containers
  endswith(c.image, ":latest")
  msg := sprintf("%s uses a latest tag", [c.image])
}
`;

describe('conftest-style policies (Rego v1)', () => {
  it('reports deny and warn messages for a Deployment', async () => {
    const policy = await compileRego({ 'policy/main.rego': conftestV1 }, ['main/deny', 'main/warn']);
    const doc = deployment(
      'web',
      [
        { name: 'app', image: 'nginx:latest', securityContext: { privileged: true } },
        { name: 'sidecar', image: 'envoy:1.30' },
      ],
      // A RuntimeClass outside the sandboxed set: with none at all, OPA's `not x in s` is
      // undefined rather than true (see negation.test.ts), and so is rtpolicy's.
      { runtimeClassName: 'runc' },
    );
    (doc.spec as { replicas: number }).replicas = 1;
    expect(policy.evaluate(doc, 'main/deny')).toEqual([
      {
        result: [
          'container app is privileged and not sandboxed',
          { msg: 'replicas must be at least 2', path: ['spec', 'replicas'] },
        ],
      },
    ]);
    expect(policy.evaluate(doc, 'main/warn')).toEqual([{ result: ['nginx:latest uses a latest tag'] }]);
    expect(policy.entrypoints).toEqual({ 'main/deny': 0, 'main/warn': 1 });
  });

  it('finds nothing in a compliant object and ignores other kinds', async () => {
    const policy = await compileRego({ 'policy/main.rego': conftestV1 }, ['main/deny']);
    const sandboxed = deployment(
      'db',
      [{ name: 'db', image: 'pg:16', securityContext: { privileged: true } }],
      {
        runtimeClassName: 'kata',
      },
    );
    expect(policy.evaluate(sandboxed, 'main/deny')).toEqual([{ result: [] }]);
    expect(policy.evaluate({ kind: 'ConfigMap', data: {} }, 'main/deny')).toEqual([{ result: [] }]);
  });

  it('uses data.rtpolicy for what spans documents', async () => {
    const policy = await compileRego(
      {
        'rc.rego': `package rtpolicy.runtimeclass
import rego.v1

deny contains msg if {
  name := input.spec.template.spec.runtimeClassName
  not data.rtpolicy.runtimeClasses[name]
  msg := sprintf("RuntimeClass %q is not defined", [name])
}

deny contains msg if {
  name := input.spec.template.spec.runtimeClassName
  rc := data.rtpolicy.runtimeClasses[name]
  rc.sandbox == "vm"
  not rc.object.overhead.podFixed.memory
  msg := sprintf("RuntimeClass %s runs VMs but declares no pod overhead", [name])
}
`,
      },
      ['rtpolicy/runtimeclass/deny'],
    );
    policy.setData({
      rtpolicy: {
        runtimeClasses: {
          kata: { sandbox: 'vm', object: { handler: 'kata' } },
          gvisor: { sandbox: 'userspace-kernel', object: { handler: 'runsc' } },
        },
      },
    });
    const with_ = (rc: string) => deployment('x', [{ name: 'c', image: 'i:1' }], { runtimeClassName: rc });
    expect(policy.evaluate(with_('kata'))).toEqual([
      { result: ['RuntimeClass kata runs VMs but declares no pod overhead'] },
    ]);
    expect(policy.evaluate(with_('gvisor'))).toEqual([{ result: [] }]);
    expect(policy.evaluate(with_('runc-fast'))).toEqual([
      { result: ['RuntimeClass "runc-fast" is not defined'] },
    ]);
  });
});

describe('conftest and Gatekeeper-style policies (Rego v0)', () => {
  it('evaluates deny[msg] rules', async () => {
    const policy = await compileRego(
      {
        'v0.rego': `package main

deny[msg] {
  input.kind == "Deployment"
  not input.spec.template.spec.securityContext.runAsNonRoot
  msg := sprintf("%s must set runAsNonRoot", [input.metadata.name])
}

deny[msg] {
  input.kind == "Deployment"
  c := input.spec.template.spec.containers[_]
  not c.resources.limits
  msg := sprintf("container %s has no limits", [c.name])
}
`,
      },
      ['main/deny'],
      'v0',
    );
    const doc = deployment('web', [{ name: 'a', resources: { limits: { cpu: '1' } } }, { name: 'b' }]);
    expect(policy.evaluate(doc)).toEqual([
      { result: ['container b has no limits', 'web must set runAsNonRoot'] },
    ]);
  });

  it('evaluates violation[{"msg": msg}] rules', async () => {
    const policy = await compileRego(
      {
        'gk.rego': `package k8sdisallowedtags

violation[{"msg": msg, "details": {"container": c.name}}] {
  c := input_containers[_]
  tag := split(c.image, ":")[1]
  tag == input.parameters.tags[_]
  msg := sprintf("container <%v> uses a disallowed tag <%v>", [c.name, tag])
}

input_containers[c] {
  c := input.review.object.spec.containers[_]
}

input_containers[c] {
  c := input.review.object.spec.initContainers[_]
}
`,
      },
      ['k8sdisallowedtags/violation'],
      'v0',
    );
    const review = {
      parameters: { tags: ['latest', 'dev'] },
      review: {
        object: {
          kind: 'Pod',
          spec: {
            containers: [
              { name: 'a', image: 'nginx:latest' },
              { name: 'b', image: 'nginx:1.25' },
            ],
            initContainers: [{ name: 'init', image: 'busybox:dev' }],
          },
        },
      },
    };
    expect(policy.evaluate(review)).toEqual([
      {
        result: [
          { details: { container: 'a' }, msg: 'container <a> uses a disallowed tag <latest>' },
          { details: { container: 'init' }, msg: 'container <init> uses a disallowed tag <dev>' },
        ],
      },
    ]);
  });
});

describe('language features end to end', () => {
  it('evaluates functions, comprehensions, every, with and else', async () => {
    const policy = await compileRego(
      {
        'lib.rego': `package lib
import rego.v1

image_registry(image) := registry if {
  contains(image, "/")
  registry := split(image, "/")[0]
} else := "docker.io"

limits_ok(c) if {
  c.resources.limits.memory
  c.resources.limits.cpu
}
`,
        'main.rego': `package main
import rego.v1
import data.lib

registries := {lib.image_registry(c.image) | some c in input.spec.containers}

all_limited if {
  every c in input.spec.containers {
    lib.limits_ok(c)
  }
}

names := [c.name | some c in input.spec.containers]

mocked := r if {
  r := registries with input.spec.containers as [{"image": "quay.io/x"}]
}

summary := {"registries": registries, "names": names, "mocked": mocked}
`,
      },
      ['main/summary', 'main/all_limited'],
    );
    const pod = {
      spec: {
        containers: [
          { name: 'a', image: 'ghcr.io/org/a:1', resources: { limits: { memory: '1Gi', cpu: '1' } } },
          { name: 'b', image: 'nginx', resources: { limits: { memory: '1Gi' } } },
        ],
      },
    };
    expect(policy.evaluate(pod, 'main/all_limited')).toEqual([]);
    const result = policy.evaluate(pod, 'main/summary')[0].result;
    expect(result.registries).toEqual(['docker.io', 'ghcr.io']);
    expect(result.names).toEqual(['a', 'b']);
    expect(result.mocked).toEqual(['quay.io']);
  });

  it('raises conflicts at run time with the location of the rule', async () => {
    const policy = await compileRego(
      {
        'conflict.rego': `package c
import rego.v1

owner := name if {
  some name in input.owners
}

f(x) := "small" if x < 10
f(x) := "positive" if x > 0

g := f(input.n)
`,
      },
      ['c/owner', 'c/g'],
    );
    expect(policy.evaluate({ owners: ['a'] }, 'c/owner')).toEqual([{ result: 'a' }]);
    expect(thrown(() => policy.evaluate({ owners: ['a', 'b'] }, 'c/owner'))).toMatch(
      /^conflict\.rego:\d+:\d+: eval_conflict_error: complete rules must not produce multiple outputs/,
    );
    expect(policy.evaluate({ n: 20 }, 'c/g')).toEqual([{ result: 'positive' }]);
    expect(thrown(() => policy.evaluate({ n: 5 }, 'c/g'))).toMatch(
      /^conflict\.rego:\d+:\d+: eval_conflict_error: functions must not produce multiple outputs for same inputs/,
    );
  });

  it('evaluates 100,000 documents without growing memory', async () => {
    const policy = await compileRego({ 'policy/main.rego': conftestV1 }, ['main/deny', 'main/warn']);
    const docs = [
      deployment('a', [{ name: 'a', image: 'a:latest', securityContext: { privileged: true } }]),
      deployment('b', [{ name: 'b', image: 'b:1' }]),
      { kind: 'Service', metadata: { name: 's' } },
    ];
    const evaluate = (i: number) => policy.evaluate(docs[i % 3], i % 2 ? 'main/deny' : 'main/warn');
    for (let i = 0; i < 3000; i++) evaluate(i);
    const bytes = policy.mem.buffer.byteLength;
    for (let i = 0; i < 100_000; i++) evaluate(i);
    expect(policy.mem.buffer.byteLength).toBe(bytes);
    expect(policy.evaluate(docs[0], 'main/warn')).toEqual([{ result: ['a:latest uses a latest tag'] }]);
  }, 120_000);
});

describe('compile errors', () => {
  it('reports parse errors of every module with OPA codes and locations', async () => {
    const err = await compileError({ 'a.rego': 'package a\np if {', 'b.rego': 'package b\nq := [' }, ['a/p']);
    expect(err.errors.map((e) => [e.code, e.location.file])).toEqual([
      ['rego_parse_error', 'a.rego'],
      ['rego_parse_error', 'b.rego'],
    ]);
  });

  it('reports an unknown function as rego_type_error at the call', async () => {
    const err = await compileError({ 'a.rego': 'package a\n\np if {\n  x := no_such_fn(input)\n  x\n}\n' }, [
      'a/p',
    ]);
    expect(err.errors[0]).toMatchObject({ code: 'rego_type_error', location: { file: 'a.rego', row: 4 } });
    expect(err.errors[0].message).toMatch(/undefined function no_such_fn/);
  });

  it('refuses a builtin of OPA that rtpolicy does not implement, at the call, rather than fail at run time', async () => {
    const err = await compileError(
      {
        'a.rego':
          'package a\n\np if {\n  r := http.send({"method": "GET", "url": "https://x"})\n  r.status_code == 200\n}\n',
      },
      ['a/p'],
    );
    expect(err.errors[0]).toMatchObject({ code: 'rego_type_error', location: { file: 'a.rego', row: 4 } });
    expect(err.errors[0].message).toMatch(/http\.send is not supported by rtpolicy/);
  });

  it('reports unsafe variables', async () => {
    const err = await compileError({ 'a.rego': 'package a\n\np if {\n  x > 1\n}\n' }, ['a/p']);
    expect(err.errors[0]).toMatchObject({
      code: 'rego_unsafe_var_error',
      location: { file: 'a.rego', row: 4 },
    });
  });
});
