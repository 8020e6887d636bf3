// Bad input never crashes a run (issue #4, item 8), end to end through the
// CLI: beside good manifests, a directory holds malformed YAML, duplicate
// keys, an alias bomb, a binary file, non-UTF-8 text, a file over the size
// limit, unreadable files, symlink loops, empty documents, non-Kubernetes
// YAML and a Helm template. The good documents are still checked, every
// problem is a finding with its location, and skipped documents are counted.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, rtpolicy } from './helpers.js';

interface JsonFinding {
  ruleId: string;
  file: string;
  message: string;
  region: { startLine: number; startColumn: number };
  object?: { name?: string };
}

let dir: string;
const asRoot = process.getuid?.() === 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rtpolicy-bad-input-'));
  const input = join(dir, 'input');
  await cp(join(fixtures, 'bad-input'), input, { recursive: true });
  // What a repository cannot hold: a file over the 8 MiB limit, links that loop
  // or lead nowhere, a FIFO (which must not block the run: the loader reads it
  // without waiting for a writer), a directory link back up the tree, an unreadable file.
  const entry = `  key: "${'x'.repeat(100)}"\n`;
  await writeFile(
    join(input, 'huge.yaml'),
    `apiVersion: v1\nkind: ConfigMap\ndata:\n${entry.repeat(90_000)}`,
  );
  await symlink('loop.yaml', join(input, 'loop.yaml'));
  await symlink('missing.yaml', join(input, 'dangling.yaml'));
  execFileSync('mkfifo', [join(input, 'fifo.yaml')]);
  await mkdir(join(input, 'sub'));
  await symlink('..', join(input, 'sub/up'));
  if (!asRoot) {
    await writeFile(join(input, 'secret.yaml'), 'apiVersion: v1\nkind: Secret\n');
    await chmod(join(input, 'secret.yaml'), 0o000);
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('rtpolicy check on bad input', () => {
  it('checks the good documents and reports every problem with its location', async () => {
    const { status, stdout, stderr } = await rtpolicy(
      ['check', '--no-builtin', '--policy', join(fixtures, 'policies/images'), '--format', 'json', 'input'],
      { cwd: dir, env: { XDG_CACHE_HOME: join(dir, 'cache') } },
    );
    expect(stderr).toBe('');
    expect(status).toBe(1);
    const report = JSON.parse(stdout);
    const findings = report.findings as JsonFinding[];
    const where = (f: JsonFinding) => `${f.file}:${f.region.startLine}:${f.region.startColumn} ${f.ruleId}`;
    const problems = findings.filter((f) => f.ruleId.startsWith('RTP')).map(where);
    expect(problems).toEqual([
      'input/alias-bomb.yaml:7:10 RTP004',
      'input/binary.yaml:3:1 RTP003',
      'input/dangling.yaml:1:1 RTP003',
      'input/duplicate-keys.yaml:10:7 RTP002',
      'input/huge.yaml:1:1 RTP003',
      'input/latin1.yaml:4:12 RTP003',
      'input/loop.yaml:1:1 RTP003',
      'input/malformed.yaml:15:8 RTP001',
      ...(asRoot ? [] : ['input/secret.yaml:1:1 RTP003']),
    ]);
    const messages = Object.fromEntries(findings.map((f) => [f.file.replace('input/', ''), f.message]));
    expect(messages['huge.yaml']).toMatch(/over the 8\.0 MiB limit/);
    expect(messages['loop.yaml']).toMatch(/symbolic link loop/);
    expect(messages['latin1.yaml']).toMatch(/not UTF-8/);
    // Every good document was evaluated, including those beside the broken one and the duplicate key.
    expect(findings.filter((f) => f.ruleId === 'ACME-1').map((f) => f.object?.name)).toEqual([
      'twice',
      'before-the-broken-one',
      'after-the-broken-one',
      'good',
    ]);
    expect(report.summary).toMatchObject({
      documents: 5,
      skipped: { 'alias-limit': 1, empty: 3, 'helm-template': 1, 'invalid-yaml': 1, 'not-kubernetes': 1 },
    });
  }, 60_000);

  it('does the same in text, with a summary that counts what was skipped', async () => {
    const { status, stdout } = await rtpolicy(
      ['check', '--no-builtin', '--policy', join(fixtures, 'policies/images'), 'input'],
      { cwd: dir, env: { XDG_CACHE_HOME: join(dir, 'cache') } },
    );
    expect(status).toBe(1);
    expect(stdout).toMatch(
      /checked \d+ files, 5 documents; skipped 7 documents \(1 alias-limit, 3 empty, 1 helm-template, 1 invalid-yaml, 1 not-kubernetes\)/,
    );
  }, 60_000);
});

const corpus = join(fixtures, '../../../shared/corpus/manifests');

describe.skipIf(!existsSync(corpus))('rtpolicy check on the shared corpus of real manifests', () => {
  it('completes without a crash and counts every document', async () => {
    const { status, stdout, stderr } = await rtpolicy(
      ['check', '--no-builtin', '--policy', join(fixtures, 'policies/images'), '--format', 'json', corpus],
      { cwd: dir, env: { XDG_CACHE_HOME: join(dir, 'cache') } },
    );
    expect(stderr).toBe('');
    expect([0, 1]).toContain(status);
    const report = JSON.parse(stdout);
    expect(report.summary.files).toBeGreaterThan(1000);
    expect(report.summary.documents).toBeGreaterThan(2000);
    // Findings on every kind of file, and no policy failure.
    expect(report.findings.some((f: JsonFinding) => f.ruleId === 'ACME-1')).toBe(true);
    expect(report.findings.some((f: JsonFinding) => f.ruleId === 'RTP010')).toBe(false);
  }, 180_000);
});
