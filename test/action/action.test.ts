// The bundled action (dist/index.js) run as a GitHub runner runs it, on a
// workspace that is a git repository with two commits: a pull request whose
// base has one manifest with a finding and whose head adds another.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunnerFiles, runBundledAction, workflowCommands } from './runner.js';

// A custom policy keeps these tests about the action, whatever the built-in
// pack reports: its rules look at ConfigMaps only, which the pack leaves alone.
const POLICY = `package acme.configmaps

import rego.v1

# METADATA
# title: Credential in a ConfigMap
# description: ConfigMaps are not encrypted at rest; credentials belong in a Secret.
# custom:
#   id: ACME001
#   severity: error
deny contains f if {
\tinput.kind == "ConfigMap"
\tsome key, _ in input.data
\tcontains(lower(key), "password")
\tf := {"id": "ACME001", "msg": sprintf("key %q looks like a credential; move it to a Secret", [key]), "path": ["data", key]}
}

# METADATA
# title: ConfigMap without an owning team
# description: Every ConfigMap names the team that owns it.
# custom:
#   id: ACME002
#   severity: warning
warn contains f if {
\tinput.kind == "ConfigMap"
\tnot input.metadata.labels.team
\tf := {"id": "ACME002", "msg": "ConfigMap has no team label", "path": ["metadata"]}
}
`;

const BASE_MANIFEST = `apiVersion: v1
kind: ConfigMap
metadata:
  name: legacy
  labels:
    team: core
data:
  db_password: hunter2
`;

const ADDED_MANIFEST = `apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  labels:
    team: shop
data:
  greeting: hello
  ADMIN_PASSWORD: s3cret
`;

const WARNING_ONLY_MANIFEST = `apiVersion: v1
kind: ConfigMap
metadata:
  name: nolabels
data:
  greeting: hi
`;

interface SarifResult {
  locations: { physicalLocation: unknown }[];
}

let root: string;
let files: RunnerFiles;
let baseSha: string;
let headSha: string;

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
    cwd: files.workspace,
    encoding: 'utf8',
  }).trim();
}

const pullRequest = (base = baseSha, head = headSha) => ({
  pull_request: { number: 7, base: { sha: base, ref: 'main' }, head: { sha: head, ref: 'feature' } },
});

beforeAll(() => {
  if (!existsSync(join(import.meta.dirname, '..', '..', 'dist', 'index.js'))) {
    throw new Error('dist/index.js is missing: run `npm run build:action`');
  }
  root = mkdtempSync(join(tmpdir(), 'rtpolicy-action-'));
  files = { workspace: join(root, 'workspace'), runnerTemp: join(root, 'runner') };
  mkdirSync(join(files.workspace, 'policy'), { recursive: true });
  mkdirSync(join(files.workspace, 'deploy'), { recursive: true });
  mkdirSync(files.runnerTemp);
  git('init', '-q', '-b', 'main');
  writeFileSync(join(files.workspace, 'policy', 'configmaps.rego'), POLICY);
  writeFileSync(join(files.workspace, 'deploy', 'legacy.yaml'), BASE_MANIFEST);
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  baseSha = git('rev-parse', 'HEAD');
  writeFileSync(join(files.workspace, 'deploy', 'web.yaml'), ADDED_MANIFEST);
  git('add', '.');
  git('commit', '-q', '-m', 'add web');
  headSha = git('rev-parse', 'HEAD');
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('the bundled action on a pull request', () => {
  it('with only-changed, annotates, summarises and fails on the changed file only', () => {
    const run = runBundledAction(files, {
      inputs: { policy: 'policy', 'only-changed': 'true' },
      event: pullRequest(),
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);

    const annotations = workflowCommands(run.stdout).filter((c) => c.command === 'error');
    const findings = annotations.filter((c) => c.properties.file !== undefined);
    expect(findings).toEqual([
      {
        command: 'error',
        properties: {
          title: 'ACME001: Credential in a ConfigMap',
          file: 'deploy/web.yaml',
          line: '9',
          endLine: '9',
          col: '3',
          endColumn: '24',
        },
        message: 'key "ADMIN_PASSWORD" looks like a credential; move it to a Secret',
      },
    ]);
    // The step fails with a reason, as core.setFailed writes it.
    expect(annotations.at(-1)?.message).toBe('rtpolicy: 1 finding at or above fail-level error');
    expect(run.stdout).not.toContain('legacy.yaml');

    expect(run.outputs).toEqual({ findings: '1', errors: '1', 'sarif-file': 'rtpolicy.sarif' });

    expect(run.summary).toContain('## rtpolicy: 1 error, 0 warnings, 0 notes');
    expect(run.summary).toContain('| ACME001 | Credential in a ConfigMap | error | 1 |');
    // Links point at the pull request's head commit, at the finding's line.
    expect(run.summary).toContain(
      `[deploy/web.yaml:9](https://github.com/acme/shop/blob/${headSha}/deploy/web.yaml#L9)`,
    );
    expect(run.summary).toContain('Only findings in the 1 file changed by this pull request');

    // SARIF keeps every finding, so that code scanning does not take the
    // unchanged file's alert for a fixed one.
    const sarif = JSON.parse(readFileSync(join(files.workspace, 'rtpolicy.sarif'), 'utf8'));
    const results = sarif.runs[0].results;
    expect(results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['ACME001', 'ACME001']);
    expect(results.map((r: SarifResult) => r.locations[0].physicalLocation)).toEqual([
      expect.objectContaining({
        artifactLocation: { uri: 'deploy/legacy.yaml', uriBaseId: '%SRCROOT%' },
        region: expect.objectContaining({ startLine: 8, startColumn: 3 }),
      }),
      expect.objectContaining({
        artifactLocation: { uri: 'deploy/web.yaml', uriBaseId: '%SRCROOT%' },
        region: expect.objectContaining({ startLine: 9, startColumn: 3 }),
      }),
    ]);
  });

  it('without only-changed, reports every file', () => {
    const run = runBundledAction(files, { inputs: { policy: 'policy' }, event: pullRequest() });
    expect(run.status).toBe(1);
    const annotated = workflowCommands(run.stdout)
      .filter((c) => c.properties.file !== undefined)
      .map((c) => `${c.properties.file}:${c.properties.line}`);
    expect(annotated).toEqual(['deploy/legacy.yaml:8', 'deploy/web.yaml:9']);
    expect(run.outputs.findings).toBe('2');
    expect(run.summary).not.toContain('changed by this pull request');
  });

  it('falls back to every file, with a notice, when git lacks the base commit', () => {
    const missing = '0123456789abcdef0123456789abcdef01234567';
    const run = runBundledAction(files, {
      inputs: { policy: 'policy', 'only-changed': 'true' },
      event: pullRequest(missing),
    });
    const notices = workflowCommands(run.stdout).filter((c) => c.command === 'notice');
    expect(notices).toHaveLength(1);
    expect(notices[0].message).toMatch(
      /^rtpolicy: checking all files: git cannot compare 0123456789ab\.\.\./,
    );
    expect(notices[0].message).toContain('fetch-depth: 0');
    expect(run.outputs.findings).toBe('2');
  });

  it('on a push event, only-changed checks every file and says why', () => {
    const run = runBundledAction(files, {
      inputs: { policy: 'policy', 'only-changed': 'true' },
      eventName: 'push',
      event: { after: headSha },
    });
    expect(run.stdout).toContain(
      "::notice::rtpolicy: checking all files: only-changed applies to pull_request events, not 'push'",
    );
    expect(run.outputs.findings).toBe('2');
  });

  it('fail-level decides the step: none passes with findings, warning fails on a warning', () => {
    const none = runBundledAction(files, { inputs: { policy: 'policy', 'fail-level': 'none' } });
    expect(none.status).toBe(0);
    expect(none.outputs.findings).toBe('2');

    writeFileSync(join(files.workspace, 'deploy', 'nolabels.yaml'), WARNING_ONLY_MANIFEST);
    try {
      const paths = { policy: 'policy', paths: 'deploy/nolabels.yaml' };
      const atError = runBundledAction(files, { inputs: paths });
      expect(atError.status).toBe(0);
      expect(workflowCommands(atError.stdout).map((c) => [c.command, c.properties.file])).toContainEqual([
        'warning',
        'deploy/nolabels.yaml',
      ]);
      expect(atError.outputs).toMatchObject({ findings: '1', errors: '0' });

      const atWarning = runBundledAction(files, { inputs: { ...paths, 'fail-level': 'warning' } });
      expect(atWarning.status).toBe(1);
      expect(atWarning.stdout).toContain('::error::rtpolicy: 1 finding at or above fail-level warning');
    } finally {
      rmSync(join(files.workspace, 'deploy', 'nolabels.yaml'));
    }
  });

  it('with annotations off, writes the summary and SARIF but no annotations', () => {
    const run = runBundledAction(files, {
      inputs: { policy: 'policy', annotations: 'false', 'sarif-file': 'reports/out.sarif' },
    });
    expect(run.status).toBe(1);
    expect(workflowCommands(run.stdout).filter((c) => c.properties.file !== undefined)).toEqual([]);
    expect(run.summary).toContain('| ACME001 | Credential in a ConfigMap | error | 2 |');
    expect(run.outputs['sarif-file']).toBe('reports/out.sarif');
    expect(existsSync(join(files.workspace, 'reports', 'out.sarif'))).toBe(true);
  });

  it('fails the step with the input named when an input is wrong', () => {
    const run = runBundledAction(files, { inputs: { 'fail-level': 'critical' } });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      "::error::rtpolicy: input 'fail-level': expected one of error, warning, note, none, got 'critical'",
    );
    const flag = runBundledAction(files, { inputs: { annotations: 'yes please' } });
    expect(flag.stdout).toContain(
      "::error::rtpolicy: input 'annotations': expected true or false, got 'yes please'",
    );
  });

  it('annotates a policy that does not compile at the error', () => {
    writeFileSync(
      join(files.workspace, 'policy', 'broken.rego'),
      'package broken\n\ndeny contains msg if {\n',
    );
    try {
      const run = runBundledAction(files, { inputs: { policy: 'policy' } });
      expect(run.status).toBe(1);
      const [error] = workflowCommands(run.stdout).filter((c) => c.properties.file !== undefined);
      expect(error.properties).toMatchObject({
        file: 'policy/broken.rego',
        line: expect.stringMatching(/^\d+$/),
      });
      expect(error.properties.title).toBe('rtpolicy: rego_parse_error');
      expect(run.stdout).toContain('::error::rtpolicy: the policies do not compile:');
    } finally {
      rmSync(join(files.workspace, 'policy', 'broken.rego'));
    }
  });

  it('refuses a version other than the bundled one', () => {
    const { version } = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'),
    );
    const run = runBundledAction(files, { inputs: { policy: 'policy', version: '99.1' } });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`this action bundles rtpolicy ${version} and its built-in pack, not 99.1`);
    const matching = runBundledAction(files, {
      inputs: { policy: 'policy', version: version.split('.').slice(0, 2).join('.'), 'fail-level': 'none' },
    });
    expect(matching.status).toBe(0);
  });
});
