/// <reference lib="dom" />
// Loads lib/runtime/runtime.wasm on its own, with an imported memory and stub
// imports, the way the tests of the runtime need it: `env.opa_abort` throws
// the message, `policy.eval` is a JavaScript function the test supplies.
import { existsSync, readFileSync } from 'node:fs';
import { assetPath } from '../../src/paths.js';

export class AbortError extends Error {}

export interface Runtime {
  x: Record<string, (...args: number[]) => number> & Record<string, unknown>;
  memory: WebAssembly.Memory;
  /** Copies text into the heap: [pointer, byte length]. */
  put(text: string | Uint8Array): [number, number];
  parse(json: string | Uint8Array): number;
  vparse(text: string): number;
  dump(v: number): string;
  vdump(v: number): string;
  cstr(p: number): string;
  /** Calls builtin_<name> on values given as Rego value text; returns the result as Rego text or 'undefined'. */
  call(name: string, ...args: string[]): string;
  /** The policy.eval behaviour for the next evaluations. */
  policy: { eval: (ctx: number) => number; entrypointCount: number };
}

let module: WebAssembly.Module | undefined;

export function runtimeModule(): WebAssembly.Module {
  if (!module) {
    const path = assetPath('runtime/runtime.wasm');
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`node scripts/build.mjs runtime\``);
    module = new WebAssembly.Module(readFileSync(path));
  }
  return module;
}

export function loadRuntime(pages = 5): Runtime {
  const memory = new WebAssembly.Memory({ initial: pages });
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const cstr = (p: number): string => {
    const bytes = new Uint8Array(memory.buffer);
    let end = p;
    while (bytes[end] !== 0) end++;
    return decoder.decode(bytes.subarray(p, end));
  };
  const policy = { eval: (_ctx: number) => 0, entrypointCount: 1 };
  const unexpected = () => {
    throw new Error('the runtime called a host builtin');
  };
  const instance = new WebAssembly.Instance(runtimeModule(), {
    env: {
      memory,
      opa_abort: (p: number) => {
        throw new AbortError(cstr(p));
      },
      opa_println: () => {},
      opa_builtin0: unexpected,
      opa_builtin1: unexpected,
      opa_builtin2: unexpected,
      opa_builtin3: unexpected,
      opa_builtin4: unexpected,
    },
    policy: { eval: (ctx: number) => policy.eval(ctx), entrypoint_count: () => policy.entrypointCount },
  });
  const x = instance.exports as Runtime['x'];
  const put = (text: string | Uint8Array): [number, number] => {
    const bytes = typeof text === 'string' ? encoder.encode(text) : text;
    const p = x.opa_malloc(bytes.length);
    new Uint8Array(memory.buffer).set(bytes, p);
    return [p, bytes.length];
  };
  const rt: Runtime = {
    x,
    memory,
    put,
    parse: (json) => x.opa_json_parse(...put(json)),
    vparse: (text) => {
      const v = x.opa_value_parse(...put(text));
      if (v === 0) throw new Error(`not a Rego value: ${text}`);
      return v;
    },
    dump: (v) => cstr(x.opa_json_dump(v)),
    vdump: (v) => cstr(x.opa_value_dump(v)),
    cstr,
    call: (name, ...args) => {
      const fn = x[`builtin_${name.replaceAll('.', '__')}`];
      if (typeof fn !== 'function') throw new Error(`runtime.wasm does not export builtin ${name}`);
      const result = fn(...args.map((a) => rt.vparse(a)));
      return result === 0 ? 'undefined' : rt.vdump(result);
    },
    policy,
  };
  return rt;
}
