// The `data` document a policy set sees: a bundle's own data, then the
// `--data` files (JSON or YAML, merged in order), then `data.rtpolicy` (the
// inventory), which nothing else may define. Objects merge key by key; two
// different values at one place are a usage error that names the place.
import { readFile } from 'node:fs/promises';
import { load } from 'js-yaml';
import { UsageError } from './exit-status.js';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Merges `source` into `target` (in place). */
function mergeInto(
  target: Record<string, unknown>,
  source: Record<string, unknown>,
  where: string,
  path: string[] = [],
): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (existing === undefined) {
      target[key] = value;
    } else if (isRecord(existing) && isRecord(value)) {
      mergeInto(existing, value, where, [...path, key]);
    } else if (JSON.stringify(existing) !== JSON.stringify(value)) {
      throw new UsageError(
        `${where}: data.${[...path, key].join('.')} is already defined with another value`,
      );
    }
  }
}

/** Reads the `--data` files into one object. */
export async function readDataFiles(files: readonly string[]): Promise<Record<string, unknown>> {
  const data: Record<string, unknown> = {};
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new UsageError(`--data ${file}: cannot read it (${(err as Error).message})`);
    }
    let value: unknown;
    try {
      value = file.toLowerCase().endsWith('.json') ? JSON.parse(text) : load(text);
    } catch (err) {
      throw new UsageError(
        `--data ${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`,
      );
    }
    if (value === undefined || value === null) continue;
    if (!isRecord(value))
      throw new UsageError(`--data ${file}: the top level must be an object (its keys go under data)`);
    mergeInto(data, value, `--data ${file}`);
  }
  if ('rtpolicy' in data) {
    throw new UsageError(
      '--data: data.rtpolicy is reserved for the inventory rtpolicy builds; use another key',
    );
  }
  return data;
}

/** `data` for one policy set: its own data, the user's, and `data.rtpolicy`. */
export function policyData(
  setData: Record<string, unknown> | undefined,
  userData: Record<string, unknown>,
  inventory: unknown,
  setLabel: string,
): Record<string, unknown> {
  const data: Record<string, unknown> = structuredClone(setData ?? {});
  mergeInto(data, userData, `--data and ${setLabel}`);
  if ('rtpolicy' in data)
    throw new UsageError(`${setLabel}: its data defines data.rtpolicy, which rtpolicy reserves`);
  data.rtpolicy = inventory;
  return data;
}
