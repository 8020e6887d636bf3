// Batching for worker threads, and statistics that add up across threads.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLoadStats, planBatches, workerCount } from '../../src/engine/parallel.js';
import { discoverInputs } from '../../src/loader/discover.js';
import { LoadStats } from '../../src/loader/load.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rtpolicy-parallel-test-'));
  await mkdir(join(dir, 'real'));
  for (let i = 0; i < 70; i++)
    await writeFile(join(dir, 'real', `f${String(i).padStart(2, '0')}.yaml`), 'a: 1\n');
  await symlink('real', join(dir, 'zlink'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('planBatches', () => {
  it('cuts the files into batches in order, second paths to a file included (the loader skips them)', () => {
    const discovery = discoverInputs(['real', 'zlink/f00.yaml', 'zlink/f01.yaml'], { cwd: dir });
    const batches = planBatches(discovery.files);
    expect(batches.map((b) => b.length)).toEqual([32, 32, 8]);
    const files = batches.flat();
    expect(files[0].file).toBe('real/f00.yaml');
    expect(files.filter((f) => f.duplicateOf !== undefined).map((f) => f.file)).toEqual([
      'zlink/f00.yaml',
      'zlink/f01.yaml',
    ]);
  });
});

describe('addLoadStats', () => {
  it('adds counts and skip reasons', () => {
    const total = new LoadStats();
    total.skippedDocuments.empty = 1;
    const other = new LoadStats();
    other.files = 2;
    other.documents = 5;
    other.objects = 6;
    other.skippedDocuments = { empty: 2, 'helm-template': 1 };
    other.skippedFiles = { binary: 1 };
    addLoadStats(total, other);
    expect(total).toMatchObject({
      files: 2,
      documents: 5,
      objects: 6,
      skippedDocuments: { empty: 3, 'helm-template': 1 },
      skippedFiles: { binary: 1 },
    });
    expect(total.checkedDocuments).toBe(1);
  });
});

describe('workerCount', () => {
  it('starts no workers when running from the TypeScript sources (no built worker script)', () => {
    expect(workerCount(1_000_000)).toBe(0);
    expect(workerCount(1_000_000, 3)).toBe(0);
  });
});
