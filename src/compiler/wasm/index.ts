// Code generation and linking: ir.Policy + runtime.wasm -> policy.wasm.
import { readFile } from 'node:fs/promises';
import type binaryen from 'binaryen';
import { assetPath } from '../../paths.js';
import type { Policy } from '../ir.js';
import { type LinkOptions, linkPolicy } from './link.js';

export type { LinkOptions } from './link.js';

export interface GenerateOptions extends LinkOptions {
  /** runtime.wasm to link with (default: the build's `runtime/runtime.wasm`). */
  runtimeWasm?: Uint8Array;
}

let binaryenModule: Promise<typeof binaryen> | undefined;
let runtimeBytes: Promise<Uint8Array> | undefined;

/** binaryen takes ~0.4 s to load: only compiling pays for it. */
export function loadBinaryen(): Promise<typeof binaryen> {
  binaryenModule ??= import('binaryen').then((m) => m.default);
  return binaryenModule;
}

function loadRuntime(): Promise<Uint8Array> {
  runtimeBytes ??= readFile(assetPath('runtime/runtime.wasm')).then(
    (buf) => new Uint8Array(buf),
    (err: NodeJS.ErrnoException) => {
      runtimeBytes = undefined;
      throw new Error(
        err.code === 'ENOENT'
          ? `runtime.wasm not found at ${assetPath('runtime/runtime.wasm')}: run \`node scripts/build.mjs runtime\``
          : `cannot read runtime.wasm: ${err.message}`,
      );
    },
  );
  return runtimeBytes;
}

/** Compiles a planned policy to the bytes of an OPA-ABI policy.wasm. */
export async function generateWasm(policy: Policy, options: GenerateOptions = {}): Promise<Uint8Array> {
  const [b, runtime] = await Promise.all([loadBinaryen(), options.runtimeWasm ?? loadRuntime()]);
  return linkPolicy(b, runtime, policy, options);
}
