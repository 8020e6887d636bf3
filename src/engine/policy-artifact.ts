// A compiled policy on disk: `<name>.wasm` (an OPA-ABI module) beside
// `<name>.json` (its manifest: the rules it reports, their catalog, how to
// evaluate them). The built-in pack ships as lib/pack/pack.{wasm,json}; the
// compile cache stores custom policies the same way.
//
// Writers replace files by rename, wasm first and manifest last, so a reader
// never sees a half-written file; the manifest records the wasm's hash, so a
// manifest paired with another run's wasm is detected and ignored.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RegoVersion } from '../rego/ast.js';
import type { PolicyRule } from './policy-rules.js';
import type { RuleInfo } from './types.js';

/** Bump when the manifest's shape or the way it is evaluated changes. */
export const POLICY_MANIFEST_SCHEMA = 1;

export interface PolicyManifest {
  schema: typeof POLICY_MANIFEST_SCHEMA;
  rtpolicyVersion: string;
  regoVersion: RegoVersion;
  /**
   * The entrypoint of the generated module that evaluates every rule into one
   * object keyed by rule ref, so that each document is evaluated once.
   */
  gather?: string;
  /** The entrypoint that evaluates `gather` for each document of an input array. */
  batch?: string;
  rules: PolicyRule[];
  catalog: RuleInfo[];
  /** The source files compiled, as named in error messages. */
  sources: string[];
  /** SHA-256 (hex) of the wasm file this manifest belongs to. */
  wasmSha256: string;
  /** Set by the pack build: a hash of its inputs, to skip rebuilding an unchanged pack. */
  inputsSha256?: string;
}

export interface CompiledPolicy {
  manifest: PolicyManifest;
  wasm: Uint8Array;
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes `content` to `file` through a private temporary file and a rename (atomic on POSIX). */
async function replaceFile(file: string, content: Uint8Array | string): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content);
    await rename(temporary, file);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}

/** Writes a compiled policy as `base.wasm` and `base.json`, creating the directory. */
export async function writeCompiledPolicy(base: string, compiled: CompiledPolicy): Promise<void> {
  await mkdir(dirname(base), { recursive: true });
  await replaceFile(`${base}.wasm`, compiled.wasm);
  await replaceFile(`${base}.json`, `${JSON.stringify(compiled.manifest, null, 2)}\n`);
}

/** Why a stored policy cannot be used; the caller recompiles or reports it. */
export class PolicyArtifactError extends Error {}

/** Reads `base.json` and `base.wasm`; throws PolicyArtifactError when they are missing, stale or do not match. */
export async function readCompiledPolicy(base: string, expectedVersion?: string): Promise<CompiledPolicy> {
  let manifest: PolicyManifest;
  let wasm: Uint8Array;
  try {
    manifest = JSON.parse(await readFile(`${base}.json`, 'utf8')) as PolicyManifest;
    wasm = new Uint8Array(await readFile(`${base}.wasm`));
  } catch (err) {
    throw new PolicyArtifactError(`${base}: ${(err as Error).message}`);
  }
  if (manifest?.schema !== POLICY_MANIFEST_SCHEMA || !Array.isArray(manifest.rules)) {
    throw new PolicyArtifactError(
      `${base}.json: manifest schema ${manifest?.schema}, expected ${POLICY_MANIFEST_SCHEMA}`,
    );
  }
  if (expectedVersion !== undefined && manifest.rtpolicyVersion !== expectedVersion) {
    throw new PolicyArtifactError(
      `${base}.json: built by rtpolicy ${manifest.rtpolicyVersion}, not ${expectedVersion}`,
    );
  }
  if (sha256(wasm) !== manifest.wasmSha256) {
    throw new PolicyArtifactError(`${base}.wasm does not match its manifest`);
  }
  return { manifest, wasm };
}
