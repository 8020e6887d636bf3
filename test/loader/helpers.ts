// Shared by the loader tests: fixture paths, collecting an async load, temp dirs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { type LoadedFile, type LoaderOptions, loadInputs } from '../../src/loader/index.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = join(ROOT, 'fixtures/loader');

export async function loadAll(inputs: string[], options: LoaderOptions = {}): Promise<LoadedFile[]> {
  const files: LoadedFile[] = [];
  for await (const file of loadInputs(inputs, { cwd: ROOT, ...options })) files.push(file);
  return files;
}

export async function loadOne(input: string, options: LoaderOptions = {}): Promise<LoadedFile> {
  const files = await loadAll([input], options);
  if (files.length !== 1) throw new Error(`expected one file, got ${files.map((f) => f.file).join(', ')}`);
  return files[0];
}

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rtpolicy-loader-'));
  temps.push(dir);
  return dir;
}
