// Links a planned policy into runtime.wasm: adds the generated functions,
// resolves the runtime's `policy.*` imports with them, appends the policy's
// static data, and leaves exactly OPA's Wasm ABI exported.
import type binaryen from 'binaryen';
import * as ir from '../ir.js';
import { BuiltinLinker } from './builtins.js';
import { type FuncTarget, FunctionCompiler, type PolicyContext } from './codegen.js';
import { Emitter, type Expr } from './emitter.js';
import {
  ABI_FUNCTION_EXPORTS,
  ABI_MINOR_VERSION,
  ABI_VERSION,
  HOST_FUNCTION_IMPORTS,
  MAX_INITIAL_MEMORY_PAGES,
  POLICY_IMPORTS,
} from './runtime-abi.js';
import { IMPORTED_MEMORY_NAME, RuntimeModule, stripCustomSections } from './runtime-module.js';
import { SetConversions } from './set-conversion.js';
import { StaticData } from './static-data.js';

const PAGE_SIZE = 65536;

// Node's global, which the project's TypeScript libraries (no DOM) leave undeclared.
declare const WebAssembly: { validate(bytes: Uint8Array): boolean };

export interface LinkOptions {
  /**
   * 0: no passes; 1 (default): drop the runtime code nothing reaches;
   * 2: also binaryen's -O2 over the generated functions. Level 2 costs
   * 0.4-2 s on a cold process and bought no evaluation speed in
   * bench/eval.bench.mjs (V8 optimises the generated code itself), so it is
   * not the default.
   */
  optimizeLevel?: 0 | 1 | 2;
}

/** Returns policy.wasm for `policy`, linked with the runtime module `runtimeWasm`. */
export function linkPolicy(
  b: typeof binaryen,
  runtimeWasm: Uint8Array,
  policy: ir.Policy,
  options: LinkOptions = {},
): Uint8Array {
  const module = b.readBinary(stripCustomSections(runtimeWasm));
  try {
    module.setFeatures(wasmFeatures(b));
    const runtime = new RuntimeModule(b, module);
    const data = new StaticData(align(runtime.staticDataEnd, 8));
    const e = new Emitter(runtime, data);
    const generated = new PolicyLinker(e, policy).link();
    finishMemory(e, runtime, data);
    finishExports(e, runtime, generated);
    checkImports(b, runtime);
    optimize(b, module, generated.functions, options.optimizeLevel ?? 1);
    const wasm = module.emitBinary();
    // V8's validator is a fraction of binaryen's cost on a cold process.
    if (!WebAssembly.validate(wasm)) {
      throw new Error('internal error: the linked policy module is not valid Wasm');
    }
    return wasm;
  } finally {
    module.dispose();
  }
}

interface Generated {
  /** Every function the code generator added (the candidates for optimisation). */
  functions: string[];
  builtins: string;
  entrypoints: string;
}

class PolicyLinker {
  private readonly ctx: PolicyContext;
  private readonly functions: string[] = [];
  /** The address that stands for "memoized as undefined". */
  private undefinedMark: number | undefined;

  constructor(
    private readonly e: Emitter,
    private readonly policy: ir.Policy,
  ) {
    this.ctx = {
      e,
      policy,
      funcs: new Map(),
      builtins: new BuiltinLinker((name) => e.runtime.exports.get(name)),
      conversions: new SetConversions(e),
    };
  }

  link(): Generated {
    const { e, policy } = this;
    // Names first: functions may call each other in any order.
    let memoIds = 0;
    const memoized = new Map<ir.Func, number>();
    for (const func of policy.funcs) {
      if (this.ctx.funcs.has(func.name))
        throw new Error(`internal error: invalid IR: two functions named ${func.name}`);
      this.ctx.funcs.set(func.name, { func, wasmName: e.uniqueName(func.name) });
      if (func.memoize) memoized.set(func, memoIds++);
    }
    for (const target of this.ctx.funcs.values()) {
      const id = memoized.get(target.func);
      if (id === undefined) this.compileFunc(target, target.wasmName);
      else this.compileMemoized(target, id);
    }
    const plans = policy.plans.map((plan) => this.compilePlan(plan));
    this.resolveImport('eval', this.evalFunction(plans));
    this.resolveImport('entrypoint_count', e.const(policy.plans.length));
    const builtins = this.jsonFunction('builtins', this.ctx.builtins.table());
    const entrypoints = this.jsonFunction(
      'entrypoints',
      Object.fromEntries(policy.plans.map((p, i) => [p.name, i])),
    );
    this.startFunction();
    return { functions: [...this.functions, ...this.ctx.conversions.functionNames()], builtins, entrypoints };
  }

  private add(name: string, params: number, result: number, vars: number[], body: Expr): void {
    const { b, m, i32 } = this.e;
    m.addFunction(name, b.createType(Array(params).fill(i32)), result, vars, body);
    this.functions.push(name);
  }

  private compileFunc(target: FuncTarget, name: string): void {
    const { func } = target;
    if (func.params[0] !== ir.INPUT || func.params[1] !== ir.DATA) {
      throw new Error(`internal error: invalid IR: ${func.name} must take input and data first`);
    }
    const fc = new FunctionCompiler(this.ctx, func.params);
    const body = fc.compileBlocks(func.blocks);
    // Running off the last block returns undefined.
    this.add(
      name,
      func.params.length,
      this.e.i32,
      fc.vars,
      this.e.m.block(null, [body, this.e.const(0)], this.e.i32),
    );
  }

  /**
   * A rule without arguments is computed once per evaluation: the wrapper
   * consults the runtime's memo table (reset by `eval`, pushed and popped
   * around `with`). Undefined is remembered through a sentinel address,
   * since 0 means "not memoized yet".
   */
  private compileMemoized(target: FuncTarget, id: number): void {
    const { e } = this;
    const { m, i32 } = e;
    if (target.func.params.length !== 2) {
      throw new Error(`internal error: invalid IR: memoized ${target.func.name} takes arguments`);
    }
    const inner = e.uniqueName(`${target.func.name}$body`);
    this.compileFunc(target, inner);
    this.undefinedMark ??= e.data.reserve(8, 8);
    const mark = () => e.const(this.undefinedMark!);
    const V = 2;
    const v = () => m.local.get(V, i32);
    this.add(
      target.wasmName,
      2,
      i32,
      [i32],
      m.block(
        null,
        [
          m.local.set(V, e.call('opa_memoize_get', [e.const(id)])),
          m.if(v(), m.return(m.select(m.i32.eq(v(), mark()), e.const(0), v()))),
          m.local.set(V, m.call(inner, [m.local.get(0, i32), m.local.get(1, i32)], i32)),
          e.call('opa_memoize_insert', [e.const(id), m.select(v(), v(), mark())]),
          v(),
        ],
        i32,
      ),
    );
  }

  /** A plan is `(input, data, resultSet) -> void`. */
  private compilePlan(plan: ir.Plan): string {
    const name = this.e.uniqueName(`plan:${plan.name}`);
    const fc = new FunctionCompiler(this.ctx, [ir.INPUT, ir.DATA], 2);
    const body = fc.compileBlocks(plan.blocks);
    this.add(name, 3, this.e.b.none, fc.vars, body);
    return name;
  }

  /** `policy.eval(ctx)`: runs the context's entrypoint, adding to the result set the runtime put in the context. */
  private evalFunction(plans: string[]): Expr {
    const { e } = this;
    const { m, i32 } = e;
    const CTX = 0;
    const INPUT = 1;
    const DATA = 2;
    const RESULT = 3;
    const get = (i: number) => m.local.get(i, i32);
    const done = e.uniqueName('eval_done');
    const invalid = e.uniqueName('eval_invalid');
    const labels = plans.map(() => e.uniqueName('eval_plan'));
    // block $done { block $invalid { block $pN ... { block $p0 { br_table } call plan0; br $done } ... } abort }
    let dispatch: Expr = m.switch(labels, invalid, e.call('opa_eval_ctx_get_entrypoint', [get(CTX)]));
    plans.forEach((plan, i) => {
      dispatch = m.block(null, [
        m.block(labels[i], [dispatch]),
        m.call(plan, [get(INPUT), get(DATA), get(RESULT)], e.b.none),
        m.br(done),
      ]);
    });
    return m.block(
      null,
      [
        m.local.set(INPUT, e.call('opa_eval_ctx_get_input', [get(CTX)])),
        m.local.set(DATA, e.call('opa_eval_ctx_get_data', [get(CTX)])),
        m.local.set(RESULT, e.call('opa_eval_ctx_get_result', [get(CTX)])),
        m.block(done, [
          m.block(invalid, [dispatch]),
          e.callHost('opa_abort', [e.const(e.data.cstring('internal: illegal entrypoint id'))]),
          m.unreachable(),
        ]),
        e.const(0),
      ],
      i32,
    );
  }

  /** Replaces the runtime's import `policy.<name>` by a generated function under the same internal name. */
  private resolveImport(name: keyof typeof POLICY_IMPORTS, body: Expr): void {
    const { e } = this;
    const imported = e.runtime.imports.get(`policy.${name}`);
    if (!imported) throw new Error(`internal error: runtime.wasm does not import policy.${name}`);
    if (!e.runtime.matches(imported, POLICY_IMPORTS[name])) {
      throw new Error(`internal error: runtime.wasm imports policy.${name} with an unexpected signature`);
    }
    e.m.removeFunction(imported.internal);
    const vars = name === 'eval' ? [e.i32, e.i32, e.i32] : [];
    this.add(imported.internal, imported.params.length, imported.result, vars, body);
  }

  /** `builtins()` and `entrypoints()` return a JSON object parsed from static data. */
  private jsonFunction(hint: string, value: Record<string, number>): string {
    const { e } = this;
    const text = e.data.utf8(JSON.stringify(value));
    const name = e.uniqueName(hint);
    this.add(name, 0, e.i32, [], e.call('opa_json_parse', [e.const(text.ptr), e.const(text.len)]));
    return name;
  }

  /**
   * Runs the runtime's own initialiser, moves the heap past the policy's
   * static data, then builds the constants.
   */
  private startFunction(): void {
    const { e } = this;
    const { m } = e;
    const heapStart = align(e.data.end, 8);
    const body: Expr[] = [];
    if (e.runtime.start) body.push(m.call(e.runtime.start, [], e.b.none));
    body.push(
      m.if(
        m.i32.lt_u(e.call('opa_heap_ptr_get', []), e.const(heapStart)),
        e.call('opa_heap_ptr_set', [e.const(heapStart)]),
      ),
      ...e.constants.initializers(),
    );
    const name = e.uniqueName('start');
    this.add(name, 0, e.b.none, [], m.block(null, body, e.b.none));
    m.setStart(m.getFunction(name));
  }
}

/** Re-declares the imported memory with the policy's data segment after the runtime's. */
function finishMemory(e: Emitter, runtime: RuntimeModule, data: StaticData): void {
  const { m } = e;
  const segments = runtime.segments.map((s) => ({
    name: s.name,
    offset: m.i32.const(s.offset),
    data: s.data,
    passive: false,
  }));
  segments.push({
    name: 'policy$data',
    offset: m.i32.const(data.base),
    data: data.contents(),
    passive: false,
  });
  const needed = Math.ceil(align(data.end, 8) / PAGE_SIZE);
  const initial = Math.max(needed, Math.min(runtime.initialPages, MAX_INITIAL_MEMORY_PAGES), 1);
  m.setMemory(initial, -1, null, segments, false, false, IMPORTED_MEMORY_NAME);
  m.addMemoryImport(IMPORTED_MEMORY_NAME, 'env', 'memory');
}

function finishExports(e: Emitter, runtime: RuntimeModule, generated: Generated): void {
  const { m, i32 } = e;
  const abi = new Set<string>(ABI_FUNCTION_EXPORTS);
  for (const name of runtime.exportNames) if (!abi.has(name)) m.removeExport(name);
  for (const name of ABI_FUNCTION_EXPORTS) {
    if (!runtime.exports.has(name)) throw new Error(`internal error: runtime.wasm does not export ${name}`);
  }
  m.addFunctionExport(generated.builtins, 'builtins');
  m.addFunctionExport(generated.entrypoints, 'entrypoints');
  m.addGlobal('opa_wasm_abi_version', i32, false, e.const(ABI_VERSION));
  m.addGlobal('opa_wasm_abi_minor_version', i32, false, e.const(ABI_MINOR_VERSION));
  m.addGlobalExport('opa_wasm_abi_version', 'opa_wasm_abi_version');
  m.addGlobalExport('opa_wasm_abi_minor_version', 'opa_wasm_abi_minor_version');
}

/** A policy module may import only what the OPA SDKs provide. */
/**
 * Only the SDK's `env` functions may remain imported; the `policy.*` imports
 * are the generated functions (PolicyLinker.resolveImport). The generated
 * code adds no imports but `env` ones (Emitter.callHost), so the runtime's
 * own imports, which RuntimeModule listed while reading it, are all there is
 * to check: walking every function again costs ~20 ms on a cold process.
 */
function checkImports(b: typeof binaryen, runtime: RuntimeModule): void {
  const allowed = new Set([
    ...Object.keys(HOST_FUNCTION_IMPORTS).map((n) => `env.${n}`),
    ...Object.keys(POLICY_IMPORTS).map((n) => `policy.${n}`),
  ]);
  for (const name of runtime.imports.keys()) {
    if (!allowed.has(name)) {
      throw new Error(`internal error: runtime.wasm imports ${name}, which OPA's SDKs do not provide`);
    }
  }
  const { module } = runtime;
  for (let i = 0; i < module.getNumGlobals(); i++) {
    const info = b.getGlobalInfo(module.getGlobalByIndex(i));
    if (info.module)
      throw new Error(`internal error: runtime.wasm imports global ${info.module}.${info.base}`);
  }
}

function optimize(b: typeof binaryen, module: binaryen.Module, functions: string[], level: 0 | 1 | 2): void {
  if (level >= 2) {
    b.setOptimizeLevel(2);
    b.setShrinkLevel(0);
    for (const name of functions) module.optimizeFunction(name);
  }
  // Runtime functions that no ABI export or generated code reaches (most
  // native builtins) are dropped: a third of the module.
  if (level >= 1) module.runPasses(['remove-unused-module-elements']);
}

/**
 * The post-MVP features runtime.wasm may use (AssemblyScript's defaults
 * without SIMD or reference types): all of them run on Node 18+ and current
 * browsers, and none changes what the SDK sees.
 */
function wasmFeatures(b: typeof binaryen): binaryen.Features {
  const f = b.Features;
  return f.MutableGlobals | f.NontrappingFPToInt | f.SignExt | f.BulkMemory | f.BulkMemoryOpt;
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
