// Validates rtpolicy's SARIF with Microsoft's SARIF Multitool: the SARIF 2.1.0
// schema and its rules, plus GitHub's ingestion rules (Gh) and GitHub Advanced
// Security's (Ghas), the checks code scanning applies on upload.
//
// The platform binary is called directly: the npm wrapper passes arguments
// through a shell, which would split "Sarif;Gh;Ghas" at the semicolons.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { renderSarif } from '../../src/report/index.js';
import { emptyReport, sampleReport } from './sample-report.js';

const MULTITOOL = join(packageRoot, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');

interface Problem {
  level: string;
  ruleId: string;
  where: string;
  text: string;
}

interface MultitoolLog {
  runs: {
    tool: {
      driver: {
        rules?: {
          id: string;
          defaultConfiguration?: { level?: string };
          messageStrings?: Record<string, { text: string }>;
        }[];
      };
    };
    results?: {
      ruleId: string;
      ruleIndex?: number;
      level?: string;
      message: { text?: string; id?: string; arguments?: string[] };
    }[];
  }[];
}

let workDir: string;
let counter = 0;

/** Runs `validate --rule-kind "Sarif;Gh;Ghas"` and returns every result it reports, with its effective level. */
async function validate(sarif: string): Promise<Problem[]> {
  const input = join(workDir, `input-${++counter}.sarif`);
  const output = join(workDir, `output-${counter}.sarif`);
  await writeFile(input, sarif);
  await promisify(execFile)(
    MULTITOOL,
    ['validate', '--rule-kind', 'Sarif;Gh;Ghas', '--level', 'Error;Warning;Note', input, '--output', output],
    // .NET needs ICU for culture data unless told to run culture-invariant.
    { env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' }, timeout: 60_000 },
  );
  const log = JSON.parse(await readFile(output, 'utf8')) as MultitoolLog;
  const run = log.runs[0];
  const rules = run.tool.driver.rules ?? [];
  return (run.results ?? []).map((result) => {
    const rule = result.ruleIndex !== undefined ? rules[result.ruleIndex] : undefined;
    const template = result.message.id ? rule?.messageStrings?.[result.message.id]?.text : undefined;
    const args = result.message.arguments ?? [];
    const text =
      result.message.text ?? template?.replace(/\{(\d+)\}/g, (_, i) => args[Number(i)] ?? '') ?? '';
    return {
      // SARIF's default level is warning when neither the result nor its rule says otherwise.
      level: result.level ?? rule?.defaultConfiguration?.level ?? 'warning',
      ruleId: result.ruleId,
      where: args[0] ?? '',
      text,
    };
  });
}

const serious = (problems: Problem[]) => problems.filter((p) => p.level === 'error' || p.level === 'warning');

// The Multitool ships for Linux only (in CI and on this project's machines it is always there).
describe.runIf(process.platform === 'linux')('SARIF validated by the SARIF Multitool', () => {
  beforeAll(async () => {
    expect(existsSync(MULTITOOL), `${MULTITOOL} is missing: run npm ci`).toBe(true);
    workDir = await mkdtemp(join(tmpdir(), 'rtpolicy-sarif-'));
  });
  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('passes the SARIF, Gh and Ghas rules for a report with findings of every kind', async () => {
    const problems = await validate(renderSarif(sampleReport()));
    expect(serious(problems)).toEqual([]);
  });

  it('passes with paths rebased onto a repository root and an absolute path outside it', async () => {
    const report = sampleReport();
    report.findings[0] = { ...report.findings[0], file: '../../elsewhere/outside.yaml' };
    const sarif = renderSarif(report, { sourceRoot: '/repo', baseDir: '/repo/sub' });
    expect(serious(await validate(sarif))).toEqual([]);
  });

  it('passes for a run without findings', async () => {
    expect(serious(await validate(renderSarif(emptyReport())))).toEqual([]);
  });

  it('reports GitHub ingestion errors when a result lacks its location (the check can fail)', async () => {
    const sarif = JSON.parse(renderSarif(sampleReport()));
    delete sarif.runs[0].results[0].locations;
    const problems = await validate(JSON.stringify(sarif));
    const errors = problems.filter((p) => p.level === 'error');
    expect(errors.map((p) => p.ruleId)).toEqual(expect.arrayContaining([expect.stringMatching(/^GH\d+$/)]));
  });
});
