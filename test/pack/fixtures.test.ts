// The rule fixtures: `rtpolicy check` on fixtures/rules/<ID>/bad reports
// exactly the findings its `# expect:` comments mark (rule ids and lines),
// and nothing at all on fixtures/rules/<ID>/good.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFixture, expectedFindings, FIXTURES, REPO_ROOT, ruleFolders } from './fixture-expectations.js';

const catalog = JSON.parse(readFileSync(join(REPO_ROOT, 'lib/pack/pack.json'), 'utf8')).catalog as {
  id: string;
}[];
const ruleIds = catalog.map((r) => r.id);

describe('rule fixtures', () => {
  it('cover every rule of the pack, and only those', () => {
    expect(ruleIds.length).toBe(24);
    expect(ruleFolders()).toEqual(ruleIds);
  });

  for (const id of ruleFolders()) {
    describe(id, () => {
      it('bad: reports exactly the expected findings', async () => {
        const dir = join(FIXTURES, id, 'bad');
        const expected = expectedFindings(dir);
        // A bad fixture exists for its own rule.
        expect(expected.some((line) => line.endsWith(` ${id}`))).toBe(true);
        const { lines } = await checkFixture(dir);
        expect(lines).toEqual(expected);
      });

      it('good: reports nothing', async () => {
        const dir = join(FIXTURES, id, 'good');
        expect(existsSync(dir)).toBe(true);
        expect(expectedFindings(dir)).toEqual([]);
        const { findings } = await checkFixture(dir);
        expect(findings.map((f) => `${f.file}:${f.region.startLine} ${f.ruleId} ${f.message}`)).toEqual([]);
      });
    });
  }
});
