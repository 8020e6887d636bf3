// Compiling policies with the generated gather module, and evaluating them
// through the opa-wasm SDK: one call per document or per batch of documents,
// a failing rule pinned on that rule (and document) while the others still
// report, v0 policies, bundles' entrypoints.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeInput, PolicyEvaluator } from '../../src/engine/evaluator.js';
import type { CompiledPolicy } from '../../src/engine/policy-artifact.js';
import {
  BATCH_ENTRYPOINT,
  compilePolicy,
  GATHER_ENTRYPOINT,
  gatherModule,
} from '../../src/engine/policy-compiler.js';
import type { PolicySet } from '../../src/engine/policy-set.js';
import { RegoError } from '../../src/rego/ast.js';

const PODS = `package k8s.pods

import rego.v1

deny contains sprintf("pod %s is privileged", [input.metadata.name]) if {
	some c in input.spec.containers
	c.securityContext.privileged
}

warn contains {"msg": "no labels", "path": ["metadata", "labels"]} if not input.metadata.labels

# Two values for one complete rule on documents labelled "conflict": a run-time error.
mode := "a" if input.metadata.labels.conflict
mode := "b" if input.metadata.labels.conflict
`;
const GUARD = `package k8s.guard

import rego.v1

deny contains "guarded" if data.k8s.pods.mode
violation contains {"msg": sprintf("team %s", [data.settings.team])} if input.kind == "Pod"
`;

const asSet = (compiled: CompiledPolicy): PolicySet => ({
  label: 'test',
  origin: 'policy',
  wasm: compiled.wasm,
  rules: compiled.manifest.rules,
  catalog: compiled.manifest.catalog,
  gather: compiled.manifest.gather,
  batch: compiled.manifest.batch,
});

let compiled: CompiledPolicy;
let evaluator: PolicyEvaluator;

beforeAll(async () => {
  compiled = await compilePolicy(
    [
      { filename: 'pods.rego', source: PODS },
      { filename: 'guard.rego', source: GUARD },
    ],
    { origin: 'policy' },
  );
  evaluator = await PolicyEvaluator.load(asSet(compiled), { settings: { team: 'shop' } });
});

const pod = (labels?: Record<string, string>, privileged = false) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', ...(labels ? { labels } : {}) },
  spec: { containers: [{ name: 'app', securityContext: { privileged } }] },
});

const valuesOf = (result: ReturnType<PolicyEvaluator['evaluate']>) =>
  Object.fromEntries(result.outputs.map((o) => [o.rule.ref, o.value]));

describe('compilePolicy', () => {
  it('gathers every rule into one entrypoint, and keeps one entrypoint per rule', () => {
    expect(compiled.manifest.gather).toBe(GATHER_ENTRYPOINT);
    expect(compiled.manifest.rules.map((r) => r.entrypoint)).toEqual([
      'k8s/guard/deny',
      'k8s/guard/violation',
      'k8s/pods/deny',
      'k8s/pods/warn',
    ]);
    expect(compiled.manifest.sources).toEqual(['pods.rego', 'guard.rego']);
    expect(gatherModule(compiled.manifest.rules)).toContain(
      'main["data.k8s.pods.warn"] := data.k8s.pods.warn',
    );
  });

  it('reports syntax errors of all files with file, row and column', async () => {
    const error = await compilePolicy(
      [
        { filename: 'a.rego', source: 'package a\n\ndeny contains x if {\n' },
        { filename: 'b.rego', source: 'package b\n\np := [1\n' },
      ],
      { origin: 'policy' },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(RegoError);
    expect((error as RegoError).errors.map((e) => e.location.file)).toEqual(['a.rego', 'b.rego']);
    expect((error as RegoError).errors[0]).toMatchObject({ code: 'rego_parse_error' });
  });

  it('gives a policy without deny/warn/violation no rules and no wasm, without compiling', async () => {
    const empty = await compilePolicy([{ filename: 'lib.rego', source: 'package lib\n\nx := 1\n' }], {
      origin: 'policy',
    });
    expect(empty.manifest.rules).toEqual([]);
    expect(empty.wasm.byteLength).toBe(0);
  });

  it('compiles Rego v0 policies when asked', async () => {
    const v0 = await compilePolicy(
      [
        {
          filename: 'v0.rego',
          source: 'package main\n\ndeny[msg] {\n  input.kind == "Pod"\n  msg := "v0 says no"\n}\n',
        },
      ],
      { origin: 'policy', regoVersion: 'v0' },
    );
    expect(v0.manifest.regoVersion).toBe('v0');
    const loaded = await PolicyEvaluator.load(asSet(v0), {});
    expect(valuesOf(loaded.evaluate(encodeInput({ kind: 'Pod' })))).toEqual({
      'data.main.deny': ['v0 says no'],
    });
  });
});

describe('PolicyEvaluator', () => {
  it('returns every rule of a document from one evaluation, with data', () => {
    const result = evaluator.evaluate(encodeInput(pod(undefined, true)));
    expect(result.failures).toEqual([]);
    expect(valuesOf(result)).toEqual({
      'data.k8s.guard.deny': [],
      'data.k8s.guard.violation': [{ msg: 'team shop' }],
      'data.k8s.pods.deny': ['pod web is privileged'],
      'data.k8s.pods.warn': [{ msg: 'no labels', path: ['metadata', 'labels'] }],
    });
  });

  it('accepts the document itself as input', () => {
    expect(valuesOf(evaluator.evaluate(pod({ team: 'x' })))['data.k8s.pods.warn']).toEqual([]);
  });

  it('pins a run-time error on the rule that failed; the other rules still report', () => {
    const result = evaluator.evaluate(encodeInput(pod({ conflict: 'yes' }, true)));
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0].rules.map((r) => r.ref)).toEqual(['data.k8s.guard.deny']);
    expect(result.failures[0].message).toMatch(/pods\.rego:\d+:\d+: eval_conflict_error/);
    expect(valuesOf(result)).toEqual({
      'data.k8s.guard.violation': [{ msg: 'team shop' }],
      'data.k8s.pods.deny': ['pod web is privileged'],
      'data.k8s.pods.warn': [],
    });
  });

  it('evaluates many documents in few calls, with the results of one call each', () => {
    expect(compiled.manifest.batch).toBe(BATCH_ENTRYPOINT);
    const documents = Array.from({ length: 70 }, (_, i) =>
      JSON.stringify({
        ...pod(i % 3 === 0 ? undefined : { n: String(i) }, i % 2 === 0),
        metadata: { name: `p${i}` },
      }),
    );
    const one = documents.map((text) => evaluator.evaluate(new TextEncoder().encode(text).buffer));
    const sdk = (evaluator as unknown as { policy: { evaluate: (...a: unknown[]) => unknown } }).policy;
    const calls = vi.spyOn(sdk, 'evaluate');
    const many = evaluator.evaluateAll(documents);
    expect(calls).toHaveBeenCalledTimes(3); // 32 + 32 + 6
    calls.mockRestore();
    expect(many.map(valuesOf)).toEqual(one.map(valuesOf));
    expect(many.map(valuesOf)[4]['data.k8s.pods.deny']).toEqual(['pod p4 is privileged']);
  });

  it('pins a failure in a batch on its document: the other documents still report', () => {
    const documents = [pod(), pod({ conflict: 'yes' }, true), pod(undefined, true)].map((d) =>
      JSON.stringify(d),
    );
    const results = evaluator.evaluateAll(documents);
    expect(results.map((r) => r.failures.length)).toEqual([0, 1, 0]);
    expect(results[1].failures[0].rules.map((r) => r.ref)).toEqual(['data.k8s.guard.deny']);
    expect(valuesOf(results[1])['data.k8s.pods.deny']).toEqual(['pod web is privileged']);
    expect(valuesOf(results[2])['data.k8s.pods.deny']).toEqual(['pod web is privileged']);
    expect(valuesOf(results[0])['data.k8s.pods.warn']).toEqual([
      { msg: 'no labels', path: ['metadata', 'labels'] },
    ]);
  });

  it('evaluates a bundle by its entrypoints: rules by name, packages by their members', async () => {
    const bundle: PolicySet = { ...asSet(compiled), rules: [], gather: undefined, bundle: true };
    // A bundle built with `-e k8s/pods/deny -e k8s/guard` (the compiled set has these and more).
    const loaded = await PolicyEvaluator.load(bundle, { settings: { team: 'ops' } });
    const refs = loaded.rules.map((r) => r.ref);
    expect(refs).toContain('data.k8s.pods.deny');
    expect(refs).toContain('data.__rtpolicy_gather__.main.deny');
    const values = valuesOf(loaded.evaluate(encodeInput(pod(undefined, true))));
    expect(values['data.k8s.pods.deny']).toEqual(['pod web is privileged']);
    expect(values['data.k8s.guard.violation']).toEqual([{ msg: 'team ops' }]);
    const rule = loaded.rules.find((r) => r.ref === 'data.k8s.pods.deny');
    expect(rule?.ids).toEqual(['k8s.pods.deny']);
  });
});
