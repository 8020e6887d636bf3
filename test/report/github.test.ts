import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { gitHubLinkContext, publishGitHub, renderJobSummary } from '../../src/report/index.js';
import { emptyReport, sampleReport } from './sample-report.js';

let dir: string;
let summaryFile: string;
let stdout: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rtpolicy-github-'));
  // @actions/core remembers the summary path of its first write, so every test shares this file.
  summaryFile = join(dir, 'step-summary.md');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await writeFile(summaryFile, '');
  for (const name of [
    'GITHUB_STEP_SUMMARY',
    'GITHUB_WORKSPACE',
    'GITHUB_SERVER_URL',
    'GITHUB_REPOSITORY',
    'GITHUB_SHA',
  ]) {
    vi.stubEnv(name, undefined);
  }
  vi.stubEnv('GITHUB_EVENT_PATH', undefined);
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const commands = () => stdout.join('').split('\n').filter(Boolean);

describe('github reporter: workflow commands', () => {
  it('writes one annotation per unsuppressed finding, with file, lines, columns and title', async () => {
    await publishGitHub(sampleReport());
    expect(commands()).toEqual([
      '::error title=RTP001%3A File could not be decoded,file=broken/naïve café.yaml,line=3,endLine=3,col=5,endColumn=5::did not find expected key while parsing a block mapping',
      // A multi-line region: GitHub takes columns only on single-line annotations.
      '::notice title=ACME-7%3A Workloads carry a team label,file=deploy/web.yaml,line=4,endLine=6::Deployment "web" has no <team> label | add one & retry%0Asecond line\u001b[31m',
      '::error title=RTC031%3A Privileged pod without a sandboxed RuntimeClass,file=deploy/web.yaml,line=21,endLine=21,col=13,endColumn=24::Container "app" is privileged but the pod runs under runc',
      '::warning title=X-UNDESCRIBED%3A X-UNDESCRIBED,file=deploy/web.yaml,line=21,endLine=21,col=13,endColumn=24::A finding from a rule the report does not describe',
    ]);
  });

  it('makes paths relative to GITHUB_WORKSPACE', async () => {
    vi.stubEnv('GITHUB_WORKSPACE', '/home/runner/work/shop');
    await publishGitHub(sampleReport(), { baseDir: '/home/runner/work/shop/k8s' });
    expect(commands()[2]).toContain(',file=k8s/deploy/web.yaml,');
  });

  it('writes nothing for a clean run and no summary without GITHUB_STEP_SUMMARY', async () => {
    await publishGitHub(emptyReport());
    expect(stdout).toEqual([]);
    expect(await readFile(summaryFile, 'utf8')).toBe('');
  });
});

describe('github reporter: job summary', () => {
  const links = { serverUrl: 'https://github.com', repository: 'acme/shop', ref: '0123abc' };

  it('appends counts per rule and severity and a table of findings linking to the lines', async () => {
    vi.stubEnv('GITHUB_STEP_SUMMARY', summaryFile);
    await publishGitHub(sampleReport(), { links });
    const summary = await readFile(summaryFile, 'utf8');
    expect(summary).toBe(
      [
        '## rtpolicy: 2 errors, 1 warning, 1 note',
        '',
        'Checked 4 files, 7 documents; 3 findings suppressed.',
        '',
        '| Rule | Title | Severity | Findings |',
        '| --- | --- | --- | ---: |',
        '| ACME-7 | Workloads carry a team label | note | 1 |',
        '| [RTC031](https://rtpolicy.dev/rules/RTC031) | Privileged pod without a sandboxed RuntimeClass | error | 1 |',
        '| RTP001 | File could not be decoded | error | 1 |',
        '| X-UNDESCRIBED | X-UNDESCRIBED | warning | 1 |',
        '',
        '### 4 findings',
        '',
        '| Severity | Location | Rule | Message |',
        '| --- | --- | --- | --- |',
        '| error | [broken/naïve café.yaml:3](https://github.com/acme/shop/blob/0123abc/broken/na%C3%AFve%20caf%C3%A9.yaml#L3) | RTP001 | did not find expected key while parsing a block mapping |',
        '| note | [deploy/web.yaml:4](https://github.com/acme/shop/blob/0123abc/deploy/web.yaml#L4-L6) | ACME-7 | Deployment "web" has no &lt;team&gt; label \\| add one &amp; retry second line\\\\u001b\\[31m |',
        '| error | [deploy/web.yaml:21](https://github.com/acme/shop/blob/0123abc/deploy/web.yaml#L21) | RTC031 | Container "app" is privileged but the pod runs under runc |',
        '| warning | [deploy/web.yaml:21](https://github.com/acme/shop/blob/0123abc/deploy/web.yaml#L21) | X-UNDESCRIBED | A finding from a rule the report does not describe |',
        '',
      ].join('\n'),
    );
  });

  it('appends to what earlier steps wrote', async () => {
    await writeFile(summaryFile, '# Earlier step\n');
    vi.stubEnv('GITHUB_STEP_SUMMARY', summaryFile);
    await publishGitHub(emptyReport());
    expect(await readFile(summaryFile, 'utf8')).toBe(
      '# Earlier step\n## rtpolicy: 0 errors, 0 warnings, 0 notes\n\nChecked 2 files, 3 documents.\n',
    );
  });

  it('keeps the annotations and warns when the summary cannot be written', async () => {
    vi.stubEnv('GITHUB_STEP_SUMMARY', summaryFile);
    // A directory in place of the file: appending fails even for root.
    await rm(summaryFile);
    await mkdir(summaryFile);
    try {
      await publishGitHub(sampleReport());
    } finally {
      await rm(summaryFile, { recursive: true });
    }
    expect(commands()).toHaveLength(5);
    expect(commands()[4]).toMatch(/^::warning::rtpolicy: job summary not written: /);
  });

  it('keeps links and cells intact whatever the path or help link holds', () => {
    const report = sampleReport();
    report.findings = [
      { ...report.findings[0], file: 'deploy/web (copy)|1.yaml', region: { ...report.findings[0].region } },
    ];
    report.rules = report.rules.map((r) =>
      r.id === 'RTC031' ? { ...r, helpUri: 'https://x.test/a (b)|c' } : r,
    );
    const summary = renderJobSummary(report, { links });
    expect(summary).toContain('| [RTC031](https://x.test/a%20%28b%29%7Cc) |');
    expect(summary).toContain(
      '[deploy/web (copy)\\|1.yaml:21](https://github.com/acme/shop/blob/0123abc/deploy/web%20%28copy%29%7C1.yaml#L21)',
    );
  });

  it('limits the findings table', () => {
    const summary = renderJobSummary(sampleReport(), { summaryFindingLimit: 2 });
    expect(summary).toContain('### Findings (first 2 of 4)');
    expect(summary.split('\n').filter((l) => /^\| (error|warning|note) \|/.test(l))).toHaveLength(2);
    // Without a link context, locations are plain text.
    expect(summary).toContain('| error | broken/naïve café.yaml:3 | RTP001 |');
  });

  it('links pull requests to the head commit from the event payload', async () => {
    const event = join(dir, 'event.json');
    await writeFile(event, JSON.stringify({ pull_request: { head: { sha: 'feedbeef' } } }));
    const env = {
      GITHUB_SERVER_URL: 'https://github.example.com',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SHA: 'merge123',
      GITHUB_EVENT_PATH: event,
    };
    expect(gitHubLinkContext(env)).toEqual({
      serverUrl: 'https://github.example.com',
      repository: 'acme/shop',
      ref: 'feedbeef',
    });
    expect(gitHubLinkContext({ ...env, GITHUB_EVENT_PATH: join(dir, 'missing.json') })?.ref).toBe('merge123');
    expect(gitHubLinkContext({})).toBeUndefined();
  });
});
