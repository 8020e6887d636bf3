// The source map's fast path (scan-locate.ts) must give the regions that the
// `yaml` parser gives. Compared here for every path (and a missing child of
// every collection) of every document of the fixtures, the shared corpus and
// hand-written edge cases; where the scanner gives up, the parser answers.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { globSync } from 'glob';
import { describe, expect, it } from 'vitest';
import { decodeManifest } from '../../src/loader/decode.js';
import { PieceScanner } from '../../src/loader/scan-locate.js';
import { YamlPieceMap } from '../../src/loader/sourcemap.js';
import { splitYamlDocuments } from '../../src/loader/split.js';
import { ROOT } from './helpers.js';

type Path = (string | number)[];

/** Every path into a value, and one missing child per collection (at most `limit`). */
function pathsOf(value: unknown, limit = 3000): Path[] {
  const paths: Path[] = [[]];
  const visit = (node: unknown, path: Path): void => {
    if (paths.length >= limit || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      paths.push([...path, node.length]);
      node.forEach((child, i) => {
        paths.push([...path, i]);
        visit(child, [...path, i]);
      });
      return;
    }
    paths.push([...path, 'no-such-key']);
    for (const [key, child] of Object.entries(node)) {
      paths.push([...path, key]);
      visit(child, [...path, key]);
    }
  };
  visit(value, []);
  return paths;
}

interface Comparison {
  mismatches: string[];
  scanned: number;
  parsed: number;
}

/** Locates every path of every one-document piece of `text` both ways. */
async function compare(name: string, text: string, into: Comparison): Promise<void> {
  const format = name.endsWith('.json') ? 'json' : 'yaml';
  const pieces = format === 'json' ? [{ text, line: 1 }] : splitYamlDocuments(text);
  for (const piece of pieces) {
    const decoded = await decodeManifest(piece.text, name, format, { maxAliasNodes: 10_000 });
    if (decoded.documentCount !== 1) continue;
    const fast = new YamlPieceMap(piece.text, piece.line);
    const reference = new YamlPieceMap(piece.text, piece.line, false);
    const scanner = PieceScanner.for(piece.text);
    for (const document of decoded.documents) {
      for (const relative of pathsOf(document.object)) {
        const path = [...document.basePath, ...relative];
        const [got, want] = await Promise.all([fast.locate(0, path), reference.locate(0, path)]);
        if (scanner?.locate(path)) into.scanned++;
        else into.parsed++;
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          into.mismatches.push(
            `${name}:${piece.line} ${JSON.stringify(path)}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`,
          );
        }
      }
    }
  }
}

const EDGE_CASES: Record<string, string> = {
  'null values': 'apiVersion: v1\nkind: A\na:\nb: # c\nc:   \n  # below\nd: 1\n',
  'sequence at the key column':
    'apiVersion: v1\nkind: A\nl:\n- a\n- name: x # c\n  v: 2\n-   k: 1\n    j: [1, 2]\nm: 1\n',
  scalars: `apiVersion: v1\nkind: A\np: plain text # c\nq: "dq # x" # c\ns: 'it''s'\nn: -1\nt: http://x:80/a\nu:   spaced   \n`,
  'next-line scalars':
    'apiVersion: v1\nkind: A\na:\n  value on next line\nb: # c\n  "q"\nc: multi\n  line plain\n',
  'block scalars':
    'apiVersion: v1\nkind: A\ndata:\n  a: |\n    line: one\n    - two\n  b: >-\n    folded\n  c: |2 # c\n     x\n',
  'flow collections':
    'apiVersion: v1\nkind: A\nr: { cpu: 100m, "memory": 1Gi, \'x y\': [1, -2, {z: 3}] } # c\ns: [a, b,\n  c]\nt: {}\nu: []\n',
  'keys that resolve': 'apiVersion: v1\nkind: A\nm:\n  yes: 1\n  1.0: 2\n  "yes": 3\n  ~x: 4\n  null_: 5\n',
  'duplicate keys': 'apiVersion: v1\nkind: A\nm:\n  a: 1\n  b: 2\n  a: 3\n',
  'markers and comments': '# head\n--- # start\n# more\napiVersion: v1\nkind: A\n\nspec:\n  # c\n  x: 1\n',
  'a List':
    'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: A\n  spec: {x: 1}\n- apiVersion: v1\n  kind: B\n',
  'anchors and merges': 'apiVersion: v1\nkind: A\nbase: &b\n  x: 1\nm:\n  <<: *b\n  y: 2\nt: !!str 3\n',
  tabs: 'apiVersion: v1\nkind: A\ns: |\n  \ttabbed\nm:\n  x:\t1\n',
  crlf: 'apiVersion: v1\r\nkind: A\r\nm:\r\n  x: 1\r\n',
  'multi-line quoted': 'apiVersion: v1\nkind: A\nq: "one\n  two"\nr: 1\n',
  JSON: '{\n  "apiVersion": "v1",\n  "kind": "A",\n  "spec": {"a": [1, 2.5, true, null, "x\\"y"], "b": {}}\n}\n',
  'no final newline': 'apiVersion: v1\nkind: A\nl:\n- name: x # c',
  unicode: 'apiVersion: v1\nkind: A\nmetadata:\n  annotations:\n    note: "héllo 😀" # c\n    😀: x\n',
};

describe('locating paths by scanning the text', () => {
  it('gives the yaml parser\u2019s regions on hand-written edge cases', async () => {
    const result: Comparison = { mismatches: [], scanned: 0, parsed: 0 };
    for (const [name, text] of Object.entries(EDGE_CASES)) {
      await compare(`${name}.${name === 'JSON' ? 'json' : 'yaml'}`, text, result);
    }
    expect(result.mismatches).toEqual([]);
    expect(result.scanned).toBeGreaterThan(result.parsed);
  });

  it('gives up on YAML it does not read, rather than guess', () => {
    const gaveUp = (text: string, path: Path) => PieceScanner.for(text)?.locate(path) === undefined;
    expect(gaveUp(EDGE_CASES['anchors and merges'], ['m', 'x'])).toBe(true);
    expect(gaveUp(EDGE_CASES.crlf, ['m', 'x'])).toBe(true);
    expect(gaveUp(EDGE_CASES['multi-line quoted'], ['q'])).toBe(true);
    // A value it only passes over is skipped by its indentation, not read.
    expect(gaveUp(EDGE_CASES['multi-line quoted'], ['r'])).toBe(false);
    expect(gaveUp(EDGE_CASES.scalars, ['s'])).toBe(false);
  });

  it('gives the yaml parser\u2019s regions on the fixtures', async () => {
    const result: Comparison = { mismatches: [], scanned: 0, parsed: 0 };
    for (const file of globSync('fixtures/**/*.{yaml,yml,json}', { cwd: ROOT }).sort()) {
      await compare(file, readFileSync(join(ROOT, file), 'utf8'), result);
    }
    expect(result.mismatches).toEqual([]);
    expect(result.scanned).toBeGreaterThan(1000);
  });

  const corpus = join(ROOT, '../shared/corpus/manifests');
  it.skipIf(!existsSync(corpus))(
    'gives the yaml parser\u2019s regions on the shared corpus, scanning most paths',
    async () => {
      const result: Comparison = { mismatches: [], scanned: 0, parsed: 0 };
      for (const file of globSync('**/*.{yaml,yml,json}', { cwd: corpus }).sort()) {
        await compare(file, readFileSync(join(corpus, file), 'utf8'), result);
      }
      expect(result.mismatches.slice(0, 20)).toEqual([]);
      console.log(`corpus: ${result.scanned} paths scanned, ${result.parsed} parsed`);
      expect(result.scanned).toBeGreaterThan(4 * result.parsed);
    },
    120_000,
  );
});
