// docs/rules/<ID>.md: one page per rule of the pack, with what it checks,
// why, how to fix, a bad and a good example, and its sources; the examples
// are the rule's fixtures verbatim (which fixtures.test.ts checks), and
// the rule's help link points at the page.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './fixture-expectations.js';

interface CatalogRule {
  id: string;
  title: string;
  severity: string;
  helpUri?: string;
  relatedResources?: string[];
  remediation?: string;
  description: string;
}

const catalog = JSON.parse(readFileSync(join(REPO_ROOT, 'lib/pack/pack.json'), 'utf8'))
  .catalog as CatalogRule[];

/** The examples of a section: `path` line, then a fenced block with the file's text. */
function examples(page: string, section: string): Map<string, string> {
  const start = page.indexOf(`## ${section}\n`);
  const end = page.indexOf('\n## ', start + 1);
  const text = page.slice(start, end === -1 ? undefined : end);
  const out = new Map<string, string>();
  for (const match of text.matchAll(/^`([^`\n]+)`\n\n```\w+\n([\s\S]*?)\n```$/gm))
    out.set(match[1], match[2]);
  return out;
}

function fixtureFiles(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? fixtureFiles(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

describe('rule documentation', () => {
  it('has an index listing every rule', () => {
    const index = readFileSync(join(REPO_ROOT, 'docs/rules/README.md'), 'utf8');
    for (const rule of catalog) expect(index).toContain(`| [${rule.id}](${rule.id}.md) |`);
  });

  for (const rule of catalog) {
    it(`${rule.id}: page with every section, examples from the fixtures, sources`, () => {
      expect(rule.helpUri).toMatch(new RegExp(`/docs/rules/${rule.id}\\.md$`));
      const file = join(REPO_ROOT, 'docs/rules', `${rule.id}.md`);
      expect(existsSync(file)).toBe(true);
      const page = readFileSync(file, 'utf8');
      expect(page.split('\n')[0]).toBe(`# ${rule.id}: ${rule.title}`);
      for (const section of [
        'What it checks',
        'Why it matters',
        'How to fix',
        'Bad example',
        'Good example',
        'Sources',
      ]) {
        expect(page).toContain(`\n## ${section}\n`);
      }
      expect(page).toContain(rule.description);
      expect(page).toContain(rule.remediation);
      expect(rule.relatedResources?.length).toBeGreaterThan(0);
      for (const source of rule.relatedResources ?? []) expect(page).toContain(`<${source}>`);
      for (const [section, kind] of [
        ['Bad example', 'bad'],
        ['Good example', 'good'],
      ] as const) {
        const shown = examples(page, section);
        const files = fixtureFiles(join('fixtures/rules', rule.id, kind));
        expect([...shown.keys()]).toEqual(files);
        for (const path of files)
          expect(shown.get(path)).toBe(readFileSync(join(REPO_ROOT, path), 'utf8').trimEnd());
      }
    });
  }
});
