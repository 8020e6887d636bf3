// Reads the `# expect: RTC031, RTC031` comments of the rule fixtures and runs
// `rtpolicy check` (the engine's check()) on a fixture folder, so that tests
// compare "file:line rule" lists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { check } from '../../src/engine/check.js';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const FIXTURES = join(REPO_ROOT, 'fixtures', 'rules');

const EXPECT = /#\s*expect:\s*([A-Z0-9, ]+)$/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

/** `file:line RULE` for every expected finding under `dir` (files relative to the repository). */
export function expectedFindings(dir: string): string[] {
  const out: string[] = [];
  for (const file of filesUnder(dir)) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const match = EXPECT.exec(text.trimEnd());
        if (!match) return;
        for (const id of match[1]
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)) {
          out.push(`${relative(REPO_ROOT, file)}:${i + 1} ${id}`);
        }
      });
  }
  return out.sort();
}

/** The rtpolicy.yaml that applies to a fixture folder: its own, else the defaults in fixtures/rules. */
export function fixtureConfig(dir: string): string {
  const own = join(dir, 'rtpolicy.yaml');
  return existsSync(own) ? own : join(FIXTURES, 'rtpolicy.yaml');
}

/** Runs check on a fixture folder: every finding as `file:line RULE`, and the findings themselves. */
export async function checkFixture(dir: string) {
  const { report } = await check({
    paths: [relative(REPO_ROOT, dir)],
    cwd: REPO_ROOT,
    config: fixtureConfig(dir),
    cacheDir: false,
    workers: 0,
  });
  const lines = report.findings.map((f) => `${f.file}:${f.region.startLine} ${f.ruleId}`).sort();
  return { lines, findings: report.findings };
}

/** The rule folders: `RTC001`... */
export function ruleFolders(): string[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}
