import binaryen from 'binaryen';
import { describe, expect, it } from 'vitest';
import { linkPolicy } from '../../../src/compiler/wasm/link.js';
import { ABI_FUNCTION_EXPORTS } from '../../../src/compiler/wasm/runtime-abi.js';
import { RegoError } from '../../../src/rego/ast.js';
import { fakeRuntime } from './fake-runtime.js';
import { block, local, PolicyBuilder, resultOf } from './ir-builder.js';

function simplePolicy() {
  const p = new PolicyBuilder();
  p.plan('test/p', resultOf(2, { op: 'AssignVar', source: p.str('hello, world'), target: 2 }));
  p.plan('test/q', resultOf(2, { op: 'MakeNumberInt', value: 42, target: 2 }));
  return p;
}

function link(p: PolicyBuilder, runtime = fakeRuntime()) {
  return linkPolicy(binaryen, runtime, p.policy);
}

describe('linking with runtime.wasm', () => {
  it('exports exactly the OPA ABI', () => {
    const mod = new WebAssembly.Module(link(simplePolicy()));
    const exports = WebAssembly.Module.exports(mod).map((e) => `${e.kind}:${e.name}`);
    expect(exports.sort()).toEqual(
      [
        ...ABI_FUNCTION_EXPORTS.map((n) => `function:${n}`),
        'function:builtins',
        'function:entrypoints',
        'global:opa_wasm_abi_version',
        'global:opa_wasm_abi_minor_version',
      ].sort(),
    );
  });

  it('imports only what the SDK provides, with a small memory', () => {
    const wasm = link(simplePolicy(), fakeRuntime({ initialPages: 3 }));
    const mod = new WebAssembly.Module(wasm);
    const imports = WebAssembly.Module.imports(mod);
    for (const imp of imports) {
      expect(imp.module).toBe('env');
      expect(
        ['memory', 'opa_abort', 'opa_println', /^opa_builtin[0-4]$/].some((n) =>
          typeof n === 'string' ? n === imp.name : n.test(imp.name),
        ),
      ).toBe(true);
    }
    expect(imports.find((i) => i.kind === 'memory')?.name).toBe('memory');
    const m = binaryen.readBinary(wasm);
    try {
      expect(m.getMemoryInfo().initial).toBeLessThanOrEqual(2);
      expect(m.getMemoryInfo().module).toBe('env');
    } finally {
      m.dispose();
    }
  });

  it('places string constants after the runtime static data and keeps the runtime data', () => {
    const wasm = link(simplePolicy(), fakeRuntime({ dataOffset: 2000, dataText: 'runtime-data' }));
    const m = binaryen.readBinary(wasm);
    try {
      const access = m as unknown as {
        getNumDataSegments(): number;
        getDataSegmentInfo(s: number): { offset: number; data: ArrayBuffer };
      };
      const segments = Array.from({ length: access.getNumDataSegments() }, (_, i) =>
        access.getDataSegmentInfo(m.getDataSegmentByIndex(i)),
      ).map((s) => ({ offset: s.offset, text: new TextDecoder().decode(s.data) }));
      expect(segments).toContainEqual({ offset: 2000, text: 'runtime-data' });
      const policy = segments.find((s) => s.text.includes('hello, world'));
      expect(policy).toBeDefined();
      expect(policy!.offset).toBeGreaterThanOrEqual(2000 + 'runtime-data'.length);
      expect(policy!.offset % 8).toBe(0);
    } finally {
      m.dispose();
    }
  });

  it('links a runtime that carries debug names', () => {
    const runtime = fakeRuntime({ debugNames: true });
    expect(WebAssembly.Module.customSections(new WebAssembly.Module(runtime), 'name').length).toBe(1);
    const mod = new WebAssembly.Module(link(simplePolicy(), runtime));
    expect(WebAssembly.Module.customSections(mod, 'name')).toEqual([]);
    expect(WebAssembly.Module.exports(mod).some((e) => e.name === 'entrypoints')).toBe(true);
  });

  it('resolves the policy imports', () => {
    const mod = new WebAssembly.Module(link(simplePolicy()));
    expect(WebAssembly.Module.imports(mod).some((i) => i.module === 'policy')).toBe(false);
  });

  it('rejects a runtime that imports something the SDK does not provide', () => {
    expect(() => link(simplePolicy(), fakeRuntime({ extraImports: ['abort'] }))).toThrow(/env\.abort/);
  });

  it('calls a native builtin directly and a catalog builtin through the host', () => {
    const p = new PolicyBuilder();
    p.plan(
      'test/p',
      resultOf(
        3,
        { op: 'Call', func: 'count', args: [p.str('abc')], result: 2 },
        { op: 'Call', func: 'regex.match', args: [p.str('a'), p.str('abc')], result: 3 },
      ),
    );
    const wasm = link(p, fakeRuntime({ builtins: { builtin_count: 1 } }));
    const m = binaryen.readBinary(wasm);
    try {
      const text = m.emitText();
      expect(text).toMatch(/\(import "env" "opa_builtin2"/);
      expect(text).not.toMatch(/\(import "env" "opa_builtin1"/);
    } finally {
      m.dispose();
    }
  });

  it('reports an unknown builtin as a type error at the call', () => {
    const p = new PolicyBuilder();
    p.plan(
      'test/p',
      block({
        op: 'Call',
        func: 'no.such.builtin',
        args: [local(0)],
        result: 2,
        location: p.at('x.rego', 3, 5),
      }),
    );
    let error: unknown;
    try {
      link(p);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RegoError);
    expect((error as RegoError).errors[0]).toMatchObject({
      code: 'rego_type_error',
      message: expect.stringContaining('undefined function no.such.builtin'),
      location: { file: 'x.rego', row: 3, col: 5 },
    });
  });
});
