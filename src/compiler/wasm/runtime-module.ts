// runtime.wasm as the linker sees it: a binaryen module plus what we learned
// about it (its exported functions by export name, the `policy.*` imports to
// resolve, the extent of its static data, its start function).
import type binaryen from 'binaryen';
import {
  RUNTIME_FUNCTIONS,
  type RuntimeFunction,
  type RuntimeSignature,
  type WasmType,
} from './runtime-abi.js';

type Binaryen = typeof binaryen;

export interface FunctionRef {
  /** binaryen's internal name of the function. */
  internal: string;
  params: number[];
  result: number;
}

export interface DataSegment {
  name: string;
  offset: number;
  data: Uint8Array;
}

/** binaryen.js has this accessor, but its typings call it getMemorySegmentInfo. */
interface DataSegmentAccess {
  getNumDataSegments(): number;
  getDataSegmentInfo(segment: number): {
    name: string;
    offset: number | null;
    data: ArrayBuffer;
    passive: boolean;
  };
}

export class RuntimeModule {
  /** Exported functions by export name. */
  readonly exports = new Map<string, FunctionRef>();
  /** Every export name, whatever its kind (the linker removes those outside the ABI). */
  readonly exportNames: string[] = [];
  /** Imported functions by `module.base`. */
  readonly imports = new Map<string, FunctionRef>();
  readonly segments: DataSegment[] = [];
  /** The first address after the runtime's static data. */
  readonly staticDataEnd: number;
  readonly initialPages: number;
  /** The function the runtime needs run at instantiation, if any. */
  readonly start: string | undefined;
  private readonly checked = new Map<RuntimeFunction, FunctionRef>();

  constructor(
    readonly binaryen: Binaryen,
    readonly module: binaryen.Module,
  ) {
    const b = binaryen;
    for (let i = 0; i < module.getNumFunctions(); i++) {
      const info = b.getFunctionInfo(module.getFunctionByIndex(i));
      if (info.module) {
        this.imports.set(`${info.module}.${info.base}`, {
          internal: info.name,
          params: b.expandType(info.params),
          result: info.results,
        });
      }
    }
    for (let i = 0; i < module.getNumExports(); i++) {
      const info = b.getExportInfo(module.getExportByIndex(i));
      this.exportNames.push(info.name);
      if (info.kind !== b.ExternalFunction) continue;
      const fn = b.getFunctionInfo(module.getFunction(info.value));
      this.exports.set(info.name, {
        internal: info.value,
        params: b.expandType(fn.params),
        result: fn.results,
      });
    }

    const access = module as unknown as DataSegmentAccess;
    let end = 0;
    for (let i = 0; i < access.getNumDataSegments(); i++) {
      const info = access.getDataSegmentInfo(module.getDataSegmentByIndex(i));
      if (info.passive || info.offset === null) {
        throw new Error(
          'internal error: runtime.wasm has a passive data segment, which the linker does not support',
        );
      }
      const data = new Uint8Array(info.data);
      this.segments.push({ name: info.name, offset: info.offset, data });
      end = Math.max(end, info.offset + data.length);
    }
    // The runtime keeps all its static data, zero-filled areas included, in active segments.
    this.staticDataEnd = end;

    const memory = module.getMemoryInfo();
    if (memory.module !== 'env' || memory.base !== 'memory') {
      throw new Error('internal error: runtime.wasm must import its memory as env.memory');
    }
    this.initialPages = memory.initial;

    const start = module.getStart();
    if (start) this.start = b.getFunctionInfo(start).name;
    else {
      // An AssemblyScript module built with --exportStart leaves its
      // initialiser to the host, which the OPA SDKs do not call.
      this.start = this.exports.get('_initialize')?.internal ?? this.exports.get('_start')?.internal;
    }
  }

  /** A runtime export the generated code calls, checked against the contract's signature. */
  function(name: RuntimeFunction): FunctionRef {
    let fn = this.checked.get(name);
    if (!fn) {
      fn = this.exportedFunction(name, RUNTIME_FUNCTIONS[name]);
      this.checked.set(name, fn);
    }
    return fn;
  }

  /** An exported function with the given signature, or an error naming what runtime.wasm lacks. */
  exportedFunction(name: string, signature: RuntimeSignature): FunctionRef {
    const fn = this.exports.get(name);
    if (!fn) throw new Error(`internal error: runtime.wasm does not export ${name}`);
    if (!this.matches(fn, signature)) {
      throw new Error(`internal error: runtime.wasm exports ${name} with an unexpected signature`);
    }
    return fn;
  }

  matches(fn: FunctionRef, signature: RuntimeSignature): boolean {
    const params = signature.params.map((t) => this.type(t));
    const result = signature.result ? this.type(signature.result) : this.binaryen.none;
    return (
      fn.result === result && fn.params.length === params.length && fn.params.every((p, i) => p === params[i])
    );
  }

  type(t: WasmType): number {
    return this.binaryen[t];
  }
}

/**
 * Returns `bytes` without its custom sections (names, producers, source
 * maps). binaryen then names what it reads predictably (the imported memory
 * is `mimport$0`), and the linked module carries no stale debug names.
 */
export function stripCustomSections(bytes: Uint8Array): Uint8Array {
  const keep: Uint8Array[] = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    const start = at;
    const id = bytes[at++];
    let size = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++];
      size += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (!(byte & 0x80)) break;
    }
    at += size;
    if (id !== 0) keep.push(bytes.subarray(start, at));
  }
  const out = new Uint8Array(keep.reduce((n, c) => n + c.length, 0));
  let pos = 0;
  for (const chunk of keep) {
    out.set(chunk, pos);
    pos += chunk.length;
  }
  return out;
}

/** binaryen's internal name of the imported memory once custom sections are stripped. */
export const IMPORTED_MEMORY_NAME = 'mimport$0';
