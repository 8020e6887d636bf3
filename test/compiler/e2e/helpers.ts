// Compiles Rego with compileWasm and loads it with the unmodified SDK and rtpolicy's host builtins.
import { type LoadedPolicy, loadPolicy } from '@open-policy-agent/opa-wasm';
import { hostBuiltins } from '../../../src/builtins/index.js';
import { compileWasm } from '../../../src/compiler/index.js';
import type { RegoError } from '../../../src/rego/ast.js';

export async function compileRego(
  sources: Record<string, string>,
  entrypoints: string[],
  regoVersion: 'v0' | 'v1' = 'v1',
): Promise<LoadedPolicy> {
  const modules = Object.entries(sources).map(([filename, source]) => ({ filename, source }));
  const wasm = await compileWasm({ modules, entrypoints, regoVersion });
  return loadPolicy(wasm, undefined, hostBuiltins);
}

/** The error compileWasm rejects with. */
export async function compileError(
  sources: Record<string, string>,
  entrypoints: string[],
  regoVersion: 'v0' | 'v1' = 'v1',
): Promise<RegoError> {
  const modules = Object.entries(sources).map(([filename, source]) => ({ filename, source }));
  try {
    await compileWasm({ modules, entrypoints, regoVersion });
  } catch (err) {
    return err as RegoError;
  }
  throw new Error('expected a compile error');
}

/** The message of what `fn` throws (the SDK throws strings from opa_abort). */
export function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return typeof err === 'string' ? err : String((err as Error).message ?? err);
  }
  throw new Error('expected an exception');
}

export function deployment(
  name: string,
  containers: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'apps', labels: { app: name } },
    spec: { replicas: 2, template: { metadata: { labels: { app: name } }, spec: { containers, ...extra } } },
  };
}
