// dist/ is committed (a runner executes it as checked out); this catches a
// dist/ that no longer matches the sources by rebuilding it elsewhere and
// comparing bytes. The build runs after `npm run build` (lib/ has the pack).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { repoRoot } from './runner.js';

const temp = mkdtempSync(join(tmpdir(), 'rtpolicy-dist-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

function buildInto(out: string): void {
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build-action.mjs'), '--out', out], {
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

it('dist/ is what scripts/build-action.mjs builds from the sources (else: npm run build:action)', () => {
  const fresh = join(temp, 'fresh');
  buildInto(fresh);
  const committed = join(repoRoot, 'dist');
  expect(filesUnder(committed), 'files in dist/').toEqual(filesUnder(fresh));
  const stale = filesUnder(fresh).filter(
    (file) => !readFileSync(join(fresh, file)).equals(readFileSync(join(committed, file))),
  );
  expect(stale, 'files of dist/ that differ from a fresh build: run `npm run build:action`').toEqual([]);
});

it('the build is deterministic: two builds give the same bytes', () => {
  const again = join(temp, 'again');
  buildInto(again);
  const fresh = join(temp, 'fresh');
  for (const file of filesUnder(fresh)) {
    expect(readFileSync(join(again, file)).equals(readFileSync(join(fresh, file))), file).toBe(true);
  }
});
