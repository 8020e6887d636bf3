// Smoke test over ../shared/corpus/manifests (about 1,100 real manifest files):
// every file loads without throwing and every YAML document is accounted for.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Parser } from 'yaml';
import { LoadStats, loadInputs } from '../../src/loader/index.js';
import { ROOT } from './helpers.js';

const CORPUS = join(ROOT, '../shared/corpus/manifests');

/** Documents in a file by an independent parser (the `yaml` package's CST); a JSON file is one. */
function independentCount(path: string): number {
  if (path.endsWith('.json')) return 1;
  let documents = 0;
  for (const token of new Parser().parse(readFileSync(path, 'utf8')))
    if (token.type === 'document') documents++;
  return documents;
}

describe.skipIf(!existsSync(CORPUS))('the shared corpus of real manifests', () => {
  it('loads every file and counts every document: checked + skipped by reason = total', async () => {
    const stats = new LoadStats();
    const mismatches: string[] = [];
    for await (const file of loadInputs([CORPUS], { cwd: CORPUS })) {
      stats.add(file);
      const skipped = Object.values(file.skipped).reduce((a, b) => a + b, 0);
      const checked = new Set(file.documents.map((d) => d.documentIndex)).size;
      if (checked + skipped !== file.documentCount) mismatches.push(`${file.file}: ${checked} + ${skipped}`);
      if (file.path && !file.fileSkipped && independentCount(file.path) !== file.documentCount) {
        mismatches.push(
          `${file.file}: ${file.documentCount} documents, yaml says ${independentCount(file.path)}`,
        );
      }
    }
    expect(mismatches).toEqual([]);
    expect(stats.files).toBeGreaterThan(1000);
    expect(stats.skippedFiles).toEqual({});
    expect(stats.objects).toBeGreaterThan(2000);
    // Templates inside strings (alert rules, Argo CD notifications) are not Helm templates.
    expect(stats.skippedDocuments['helm-template'] ?? 0).toBe(0);
    console.log(
      `corpus: ${stats.files} files, ${stats.documents} documents (${stats.checkedDocuments} checked, skipped ${JSON.stringify(stats.skippedDocuments)}), ${stats.objects} objects, ${stats.problems} problems`,
    );
  });
});
