// Builtin calls: native runtime exports vs host calls through opa_builtinN.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allBuiltins, type BuiltinDecl } from '../../../src/builtins/catalog.js';
import { EXACT_VALUE_BUILTINS, isHostBuiltin, SDK_RESERVED_BUILTINS } from '../../../src/builtins/index.js';
import type * as ir from '../../../src/compiler/ir.js';
import { containsSet } from '../../../src/compiler/wasm/builtins.js';
import { generateWasm } from '../../../src/compiler/wasm/index.js';
import { nativeBuiltinExport } from '../../../src/compiler/wasm/runtime-abi.js';
import { assetPath, packageRoot } from '../../../src/paths.js';
import { RegoError } from '../../../src/rego/ast.js';
import { block, local, PolicyBuilder, resultOf } from './ir-builder.js';
import { loadIr } from './sdk.js';

const INPUT = 0;

const runtimeExports = new Set(
  WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(assetPath('runtime/runtime.wasm')))).map(
    (e) => e.name,
  ),
);

/** Catalog builtins the runtime does not implement, so that calls go to the host. */
function hostCalled(accept: (d: BuiltinDecl) => boolean): BuiltinDecl {
  const found = allBuiltins().find(
    (d) =>
      !runtimeExports.has(nativeBuiltinExport(d.name)) &&
      isHostBuiltin(d.name) &&
      !SDK_RESERVED_BUILTINS.has(d.name) &&
      !EXACT_VALUE_BUILTINS.has(d.name) &&
      accept(d),
  );
  if (!found) throw new Error('no catalog builtin fits the test');
  return found;
}

/** A plan that calls `name` with input[0..n-1] and returns the result. */
function callPlan(name: string, arity: number): ir.Policy {
  const p = new PolicyBuilder();
  const args: ir.Operand[] = [];
  const stmts: ir.Stmt[] = [];
  for (let i = 0; i < arity; i++) {
    stmts.push({ op: 'Dot', source: local(INPUT), key: p.str(`a${i}`), target: 10 + i });
    args.push(local(10 + i));
  }
  p.plan('test/p', resultOf(2, ...stmts, { op: 'Call', func: name, args, result: 2 }));
  return p.policy;
}

describe('host builtins', () => {
  it('renames exactly the builtins the SDK implements itself', () => {
    const require = createRequire(import.meta.url);
    const sdkBuiltins = require(
      join(packageRoot, 'node_modules/@open-policy-agent/opa-wasm/src/builtins/index.js'),
    ) as Record<string, unknown>;
    expect(new Set(Object.keys(sdkBuiltins))).toEqual(SDK_RESERVED_BUILTINS);
  });

  for (let arity = 0; arity <= 4; arity++) {
    it(`passes ${arity} arguments through opa_builtin${arity}`, async () => {
      const decl = hostCalled(
        (d) => d.args.length === arity && !d.variadic && d.result !== undefined && !containsSet(d.result),
      );
      const policy = await loadIr(callPlan(decl.name, arity), {
        [decl.name]: (...args: unknown[]) => ({ called: decl.name, args }),
      });
      const input = Object.fromEntries(
        Array.from({ length: arity }, (_, i) => [`a${i}`, i === 1 ? [i] : `v${i}`]),
      );
      expect(policy.evaluate(input)).toEqual([
        { result: { called: decl.name, args: Array.from({ length: arity }, (_, i) => input[`a${i}`]) } },
      ]);
    });
  }

  it('treats a host result of undefined as undefined', async () => {
    const decl = hostCalled((d) => d.args.length === 1 && d.result !== undefined && !containsSet(d.result));
    const policy = await loadIr(callPlan(decl.name, 1), { [decl.name]: () => undefined });
    expect(policy.evaluate({ a0: 'x' })).toEqual([]);
  });

  it('surfaces a host exception as an evaluation error', async () => {
    const decl = hostCalled((d) => d.args.length === 1 && d.result !== undefined && !containsSet(d.result));
    const policy = await loadIr(callPlan(decl.name, 1), {
      [decl.name]: () => {
        throw new Error('host failure');
      },
    });
    expect(() => policy.evaluate({ a0: 'x' })).toThrow('host failure');
  });

  it('turns the arrays of a declared set result back into sets', async () => {
    const decl = hostCalled((d) => typeof d.result === 'object' && 'set' in d.result && d.args.length <= 4);
    const p = new PolicyBuilder();
    const args: ir.Operand[] = decl.args.map(() => local(INPUT));
    p.plan(
      'test/p',
      resultOf(
        3,
        { op: 'Call', func: decl.name, args, result: 2 },
        { op: 'IsSet', source: local(2) },
        { op: 'Len', source: local(2), target: 3 },
      ),
    );
    const policy = await loadIr(p.policy, { [decl.name]: () => ['b', 'a', 'b'] });
    expect(policy.evaluate({})).toEqual([{ result: 2 }]);
  });

  it('names the builtins the SDK shadows rtpolicy.<name>, so that ours are called', async () => {
    const p = new PolicyBuilder();
    p.plan(
      'test/p',
      resultOf(2, { op: 'Call', func: 'regex.split', args: [p.str(','), local(INPUT)], result: 2 }),
    );
    const wasm = await generateWasm(p.policy);
    const { loadPolicy } = await import('@open-policy-agent/opa-wasm');
    const policy = await loadPolicy(wasm, undefined, {
      'rtpolicy.regex.split': (pattern: string, s: string) => ['ours', pattern, s],
    });
    expect(policy.evaluate('a,b')).toEqual([{ result: ['ours', ',', 'a,b'] }]);
  });

  it('passes exact builtins Rego value text under rtpolicy.exact.<name>, and reads their result back', async () => {
    const p = new PolicyBuilder();
    p.plan(
      'test/p',
      resultOf(
        3,
        { op: 'MakeSet', target: 4 },
        { op: 'SetAdd', value: p.str('b'), set: 4 },
        { op: 'SetAdd', value: p.str('a'), set: 4 },
        { op: 'Call', func: 'sprintf', args: [p.str('%v'), local(4)], result: 2 },
        { op: 'IsSet', source: local(2) },
        { op: 'Len', source: local(2), target: 3 },
      ),
    );
    const seen: unknown[] = [];
    const wasm = await generateWasm(p.policy);
    const { loadPolicy } = await import('@open-policy-agent/opa-wasm');
    const policy = await loadPolicy(wasm, undefined, {
      'rtpolicy.exact.sprintf': (...args: unknown[]) => {
        seen.push(args);
        // A result that JSON could not carry: a set with a non-string-keyed object.
        return '{1, {2: "x"}, 12345678901234567890}';
      },
    });
    expect(policy.evaluate({})).toEqual([{ result: 3 }]);
    expect(seen).toEqual([['"%v"', '{"a","b"}']]);
  });

  it('calls a builtin without a result for its effect and counts it as true', async () => {
    const p = new PolicyBuilder();
    p.plan(
      'test/p',
      resultOf(
        2,
        { op: 'MakeArray', capacity: 0, target: 3 },
        { op: 'Call', func: 'internal.print', args: [local(3)], result: 2 },
      ),
    );
    const printed: unknown[] = [];
    const policy = await loadIr(p.policy, {
      'rtpolicy.exact.internal.print': (x: unknown) => {
        printed.push(x);
      },
    });
    expect(policy.evaluate({})).toEqual([{ result: true }]);
    // internal.print takes exact values: its operand arrives as Rego value text.
    expect(printed).toEqual(['[]']);
  });

  it('rejects more host arguments than opa_builtin4 takes, at compile time', async () => {
    const p = new PolicyBuilder();
    p.plan(
      'test/p',
      block({
        op: 'Call',
        func: 'print',
        args: [1, 2, 3, 4, 5].map(() => local(INPUT)),
        result: 2,
        location: p.at('a.rego', 2, 3),
      }),
    );
    const error = await generateWasm(p.policy).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegoError);
    expect((error as RegoError).errors[0]).toMatchObject({
      code: 'rego_type_error',
      location: { row: 2, col: 3 },
    });
  });
});
