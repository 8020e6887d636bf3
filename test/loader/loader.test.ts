// The loader on fixtures/loader and on bad input made at test time.
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverInputs, InputPathError, LoadStats, loadText } from '../../src/loader/index.js';
import { FIXTURES, loadAll, loadOne, ROOT, tempDir } from './helpers.js';

const manifest = (name: string): string => join(FIXTURES, 'manifests', name);
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n';

describe('multi-document files and Lists', () => {
  it('gives every document its index and first line, and exact regions in the 3rd document', async () => {
    const file = await loadOne(manifest('multi.yaml'));
    expect(file.problems).toEqual([]);
    expect(file.documents.map((d) => [d.documentIndex, d.line, d.object.kind])).toEqual([
      [0, 2, 'Namespace'],
      [1, 9, 'RuntimeClass'],
      [2, 19, 'Deployment'],
    ]);
    const deployment = file.documents[2];
    const privileged = ['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'privileged'];
    expect(await deployment.locate(privileged)).toEqual({
      region: { startLine: 32, startColumn: 13, endLine: 32, endColumn: 28 },
      exact: true,
      path: privileged,
    });
    // A collection is shown by its first line.
    expect((await deployment.locate(['spec', 'template', 'spec', 'containers', 0])).region).toEqual({
      startLine: 29,
      startColumn: 11,
      endLine: 29,
      endColumn: 20,
    });
    expect((await deployment.locate([])).region.startLine).toBe(19);
  });

  it('maps a path that does not exist to its deepest existing parent', async () => {
    const [, , deployment] = (await loadOne(manifest('multi.yaml'))).documents;
    const missing = ['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'capabilities', 'add'];
    expect(await deployment.locate(missing)).toEqual({
      region: { startLine: 31, startColumn: 11, endLine: 31, endColumn: 26 },
      exact: false,
      path: missing.slice(0, 6),
    });
  });

  it('expands List items, each with its own location', async () => {
    const file = await loadOne(manifest('list.yaml'));
    expect(file.documentCount).toBe(1);
    expect(file.documents.map((d) => [d.object.kind, d.itemIndex, d.basePath])).toEqual([
      ['ConfigMap', 0, ['items', 0]],
      ['Pod', 1, ['items', 1]],
    ]);
    const pod = file.documents[1];
    expect((await pod.locate([])).region.startLine).toBe(10);
    expect(await pod.locate(['spec', 'hostNetwork'])).toMatchObject({
      region: { startLine: 15, startColumn: 7, endLine: 15, endColumn: 24 },
      exact: true,
      path: ['items', 1, 'spec', 'hostNetwork'],
    });
  });

  it('locates paths in JSON files', async () => {
    const file = await loadOne(manifest('config.json'));
    expect(file.format).toBe('json');
    expect(file.documents[0].object.kind).toBe('Service');
    expect((await file.documents[0].locate(['spec', 'ports', 0, 'port'])).region).toMatchObject({
      startLine: 5,
      startColumn: 23,
    });
  });

  it('counts lines the same with CRLF line endings', async () => {
    const text = `${CONFIG_MAP}data:\n  a: "1"\n---\n${CONFIG_MAP}data:\n  b: "2"\n`.replaceAll('\n', '\r\n');
    const file = await loadText(text, 'crlf.yaml');
    expect(file.documents.map((d) => d.line)).toEqual([1, 8]);
    expect((await file.documents[1].locate(['data', 'b'])).region).toEqual({
      startLine: 13,
      startColumn: 3,
      endLine: 13,
      endColumn: 9,
    });
  });

  it('counts empty documents and skips a comment-only header', async () => {
    const file = await loadOne(manifest('empty-docs.yaml'));
    expect(file.documentCount).toBe(3);
    expect(file.skipped).toEqual({ empty: 2 });
    expect(file.documents.map((d) => [d.documentIndex, d.object.kind])).toEqual([[1, 'ServiceAccount']]);
  });

  it('decodes only documents that mention the kinds asked for (the inventory pass)', async () => {
    const file = await loadOne(manifest('multi.yaml'), { onlyKinds: ['RuntimeClass'] });
    expect(file.documents.map((d) => [d.documentIndex, d.object.kind])).toEqual([[1, 'RuntimeClass']]);
  });
});

describe('bad input never stops the run', () => {
  it('reports malformed YAML at the parser position and still loads the other documents', async () => {
    const file = await loadOne(manifest('broken.yaml'));
    expect(file.problems).toEqual([
      {
        ruleId: 'RTP001',
        severity: 'error',
        message: 'invalid YAML: bad indentation of a mapping entry',
        file: 'fixtures/loader/manifests/broken.yaml',
        region: { startLine: 10, startColumn: 8, endLine: 10, endColumn: 9 },
        documentIndex: 1,
      },
    ]);
    expect(file.documents.map((d) => [d.documentIndex, d.object.metadata?.name])).toEqual([
      [0, 'before'],
      [2, 'after'],
    ]);
    expect(file.skipped).toEqual({ 'invalid-yaml': 1 });
  });

  it('reports duplicate keys at the duplicate and checks the document with the last value', async () => {
    const file = await loadOne(manifest('duplicate.yaml'));
    expect(file.problems).toEqual([
      {
        ruleId: 'RTP002',
        severity: 'error',
        message:
          'duplicate key "hostNetwork" (first at line 6); the last value is used, as the API server\'s decoder does',
        file: 'fixtures/loader/manifests/duplicate.yaml',
        region: { startLine: 10, startColumn: 3, endLine: 10, endColumn: 14 },
        documentIndex: 0,
        path: ['spec', 'hostNetwork'],
      },
    ]);
    expect((file.documents[0].object.spec as { hostNetwork: boolean }).hostNetwork).toBe(true);
  });

  it('bounds alias expansion without expanding the document', async () => {
    const started = performance.now();
    const file = await loadOne(manifest('laughs.yaml'));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(file.documents).toEqual([]);
    expect(file.skipped).toEqual({ 'alias-limit': 1 });
    expect(file.problems).toHaveLength(1);
    expect(file.problems[0]).toMatchObject({
      ruleId: 'RTP004',
      region: { startLine: 7, startColumn: 10 },
      message: expect.stringContaining('beyond 1,000,000 nodes'),
    });
  });

  it('rejects a small table repeated far beyond its size, and keeps ordinary anchors', async () => {
    const rows = Array.from(
      { length: 9 },
      (_, i) => `  l${i + 1}: &l${i + 1} [${Array(12).fill(`*l${i}`).join(', ')}]`,
    );
    const text = `${CONFIG_MAP}data:\n  l0: &l0 [x]\n${rows.slice(0, 4).join('\n')}\n`;
    const bomb = await loadText(text, 'small-bomb.yaml');
    expect(bomb.problems[0]).toMatchObject({
      ruleId: 'RTP004',
      message: expect.stringContaining('expand the document from'),
    });
    const anchors = await loadOne(manifest('anchors.yaml'));
    expect(anchors.problems).toEqual([]);
    const containers = (
      anchors.documents[0].object.spec as { template: { spec: { containers: { env: unknown }[] } } }
    ).template.spec.containers;
    expect(containers[1].env).toEqual([{ name: 'MODE', value: 'prod' }]);
  });

  it('skips binary, non-UTF-8, oversized, dangling and looping files with RTP003, and loads the rest', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'binary.yaml'),
      Buffer.concat([Buffer.from(`${CONFIG_MAP}da`), Buffer.from([0, 1, 2])]),
    );
    writeFileSync(
      join(dir, 'latin1.yaml'),
      Buffer.concat([Buffer.from(`${CONFIG_MAP}  x: caf`), Buffer.from([0xe9, 0x0a])]),
    );
    writeFileSync(join(dir, 'huge.yaml'), `${CONFIG_MAP}data:\n  big: "${'x'.repeat(4000)}"\n`);
    writeFileSync(join(dir, 'good.yaml'), CONFIG_MAP);
    symlinkSync('loop-b.yaml', join(dir, 'loop-a.yaml'));
    symlinkSync('loop-a.yaml', join(dir, 'loop-b.yaml'));
    symlinkSync('gone.yaml', join(dir, 'dangling.yaml'));
    const files = await loadAll([dir], { cwd: dir, maxFileSize: 1024 });
    const summary = files.map((f) => [
      f.file,
      f.fileSkipped ?? 'loaded',
      f.problems.map((p) => p.ruleId).join(),
    ]);
    expect(summary).toEqual([
      ['binary.yaml', 'binary', 'RTP003'],
      ['dangling.yaml', 'unreadable', 'RTP003'],
      ['good.yaml', 'loaded', ''],
      ['huge.yaml', 'too-large', 'RTP003'],
      ['latin1.yaml', 'not-utf8', 'RTP003'],
      ['loop-a.yaml', 'symlink-loop', 'RTP003'],
      ['loop-b.yaml', 'symlink-loop', 'RTP003'],
    ]);
    const byName = Object.fromEntries(files.map((f) => [f.file, f.problems[0]]));
    expect(byName['binary.yaml'].region).toMatchObject({ startLine: 5, startColumn: 3 });
    expect(byName['latin1.yaml']).toMatchObject({ region: { startLine: 5, startColumn: 9 } });
    expect(byName['latin1.yaml'].message).toContain('invalid byte 0xe9');
    expect(byName['huge.yaml'].message).toContain('over the 1 KiB limit');
    expect(byName['loop-a.yaml'].message).toContain('symbolic link loop');
    expect(byName['dangling.yaml'].message).toContain('broken symbolic link');
    expect(files.find((f) => f.file === 'good.yaml')?.documents).toHaveLength(1);
  });

  it('stops reading a file past the default limit of 8 MiB', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'huge.yaml'), `${CONFIG_MAP}data:\n  big: "${'x'.repeat(9 * 1024 * 1024)}"\n`);
    const file = await loadOne(join(dir, 'huge.yaml'), { cwd: dir });
    expect(file.fileSkipped).toBe('too-large');
    expect(file.problems[0].message).toBe(
      'file is 9.0 MiB, over the 8.0 MiB limit (maxFileSize); not checked',
    );
  });

  // As root, chmod 000 does not stop reading, so the case cannot be made.
  it.skipIf(process.getuid?.() === 0)('skips an unreadable file with RTP003', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secret.yaml'), CONFIG_MAP);
    chmodSync(join(dir, 'secret.yaml'), 0o000);
    const file = await loadOne(join(dir, 'secret.yaml'), { cwd: dir });
    expect(file.fileSkipped).toBe('unreadable');
    expect(file.problems[0]).toMatchObject({
      ruleId: 'RTP003',
      message: expect.stringContaining('permission denied'),
    });
  });

  it('reads UTF-16 with a byte-order mark and drops a UTF-8 BOM', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'utf16.yaml'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CONFIG_MAP, 'utf16le')]),
    );
    writeFileSync(join(dir, 'bom.yaml'), `\ufeff${CONFIG_MAP}`);
    const files = await loadAll([dir], { cwd: dir });
    expect(files.map((f) => [f.file, f.documents[0]?.object.metadata?.name])).toEqual([
      ['bom.yaml', 'cm'],
      ['utf16.yaml', 'cm'],
    ]);
  });
});

describe('documents that are not checked', () => {
  it('skips non-Kubernetes YAML', async () => {
    const file = await loadOne(manifest('values.yaml'));
    expect(file).toMatchObject({
      documents: [],
      problems: [],
      documentCount: 1,
      skipped: { 'not-kubernetes': 1 },
    });
  });

  it('skips Helm templates, found by Helm objects or by actions in YAML structure', async () => {
    const files = await loadAll([join(FIXTURES, 'helm-chart/templates')]);
    expect(files.map((f) => [f.file.split('/').pop(), f.skipped])).toEqual([
      ['bare.yaml', { 'helm-template': 1 }],
      ['deployment.yaml', { 'helm-template': 1 }],
    ]);
    const structural = await loadText(
      `{{- if .enabled }}\n${CONFIG_MAP}{{- end }}\n`,
      'generic-template.yaml',
    );
    expect(structural.skipped).toEqual({ 'helm-template': 1 });
  });

  it('checks files whose templates sit inside strings (alert rules)', async () => {
    const file = await loadOne(manifest('alert-rules.yaml'));
    expect(file.skipped).toEqual({});
    expect(file.documents[0].object.kind).toBe('PrometheusRule');
  });
});

describe('discovery', () => {
  function tree(): string {
    const dir = tempDir();
    for (const sub of ['sub', 'charts/x', '.git', 'node_modules/pkg', '.hidden'])
      mkdirSync(join(dir, sub), { recursive: true });
    for (const name of [
      'a.yaml',
      'b.yml',
      'c.json',
      'sub/e.yaml',
      'charts/x/f.yaml',
      '.git/config.yaml',
      'node_modules/pkg/g.yaml',
      '.hidden/h.yaml',
    ]) {
      writeFileSync(
        join(dir, name),
        name.endsWith('.json') ? '{"apiVersion": "v1", "kind": "List", "items": []}' : CONFIG_MAP,
      );
    }
    writeFileSync(join(dir, 'notes.txt'), 'not yaml');
    return dir;
  }

  it('searches directories for .yaml, .yml and .json, without .git and node_modules', () => {
    const dir = tree();
    const found = discoverInputs([dir], { cwd: dir });
    expect(found.files.map((f) => f.file)).toEqual([
      '.hidden/h.yaml',
      'a.yaml',
      'b.yml',
      'c.json',
      'charts/x/f.yaml',
      'sub/e.yaml',
    ]);
  });

  it('leaves out ignore globs, by name anywhere or by path from their base, also for explicit files', () => {
    const dir = tree();
    const ignore = ['charts', { pattern: 'sub/*.yaml', base: dir }, '*.yml'];
    const found = discoverInputs([dir, join(dir, 'sub/e.yaml'), join(dir, '.git/config.yaml')], {
      cwd: dir,
      ignore,
    });
    expect(found.files.map((f) => f.file)).toEqual(['.hidden/h.yaml', 'a.yaml', 'c.json']);
    expect(found.ignoredFiles).toEqual(['sub/e.yaml', '.git/config.yaml']);
  });

  it('throws InputPathError for an input that does not exist', () => {
    expect(() => discoverInputs(['does-not-exist.yaml'], { cwd: ROOT })).toThrow(InputPathError);
  });

  it('loads a file reached twice through a symlinked directory once', async () => {
    const dir = tree();
    symlinkSync(join(dir, 'sub'), join(dir, 'linked'));
    const files = await loadAll([dir], { cwd: dir });
    const e = files.filter((f) => f.file.endsWith('e.yaml'));
    expect(e.map((f) => [f.file, f.fileSkipped ?? 'loaded'])).toEqual([
      ['linked/e.yaml', 'loaded'],
      ['sub/e.yaml', 'duplicate'],
    ]);
  });

  it('reads `-` from stdin under the name given by --stdin-filename', async () => {
    const readStdin = async () => Buffer.from(`${CONFIG_MAP}---\n${CONFIG_MAP}`);
    const [file] = await loadAll(['-'], { readStdin, stdinFilename: 'deploy/app.yaml' });
    expect(file.file).toBe('deploy/app.yaml');
    expect(file.documents.map((d) => [d.file, d.documentIndex])).toEqual([
      ['deploy/app.yaml', 0],
      ['deploy/app.yaml', 1],
    ]);
    const [unnamed] = await loadAll(['-'], { readStdin });
    expect(unnamed.file).toBe('<stdin>');
  });

  it('counts every document: checked + skipped = total', async () => {
    const stats = new LoadStats();
    for (const file of await loadAll([FIXTURES])) stats.add(file);
    expect(stats.checkedDocuments + Object.values(stats.skippedDocuments).reduce((a, b) => a + b, 0)).toBe(
      stats.documents,
    );
    expect(stats.skippedDocuments).toEqual({
      'alias-limit': 1,
      empty: 2,
      'helm-template': 2,
      'invalid-yaml': 1,
      'not-kubernetes': 2,
    });
  });
});
