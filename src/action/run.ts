// One run of the GitHub Action: check the workspace, then publish what the
// runner and code scanning consume (annotations, job summary, SARIF file,
// step outputs) and decide whether the step fails.
//
// With `only-changed`, every file under `paths` is still read, because
// RuntimeClasses, Namespaces and node configs elsewhere in the repository
// decide whether a changed workload is right (data.rtpolicy); only the
// findings in files the pull request changed are annotated, summarised,
// counted in the outputs and can fail the step. The SARIF file keeps every
// finding: code scanning compares it with the base branch's analysis, and
// would take an alert missing from it for a fixed one.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import * as core from '@actions/core';
import { loadConfig } from '../config/index.js';
import { check } from '../engine/check.js';
import { type FailLevel, failingFindings } from '../engine/exit-status.js';
import { TOOL } from '../engine/tool.js';
import type { Report } from '../engine/types.js';
import { gitHubLinkContext, renderJobSummary } from '../report/github.js';
import { type OutputTarget, writeReports } from '../report/outputs.js';
import { plural } from '../report/shared.js';
import { type ChangedFiles, pullRequestChangedFiles } from './changed-files.js';
import { type ActionInputs, InputError, versionMatches } from './inputs.js';

export interface RunnerEnvironment {
  /** The checkout (GITHUB_WORKSPACE). */
  workspace: string;
  eventName?: string;
  eventPath?: string;
}

export interface ActionResult {
  /** Unsuppressed findings in the reported files. */
  findings: number;
  /** Of those, the ones with severity error. */
  errors: number;
  /** Findings at or above the fail level: the step fails when there are any. */
  failing: number;
  failLevel: FailLevel;
  sarifFile?: string;
  /** The files reported on, when `only-changed` could limit them. */
  changedFiles?: Set<string>;
}

export async function runAction(inputs: ActionInputs, env: RunnerEnvironment): Promise<ActionResult> {
  if (inputs.version !== undefined && !versionMatches(inputs.version, TOOL.version)) {
    throw new InputError(
      'version',
      `this action bundles rtpolicy ${TOOL.version} and its built-in pack, not ${inputs.version}; ` +
        `pin the action instead (uses: rtpolicy/rtpolicy@v${inputs.version.replace(/^v/, '')})`,
    );
  }
  const cwd = env.workspace;
  const changed = inputs.onlyChanged ? pullRequestChangedFiles(env) : undefined;
  if (changed?.kind === 'all') core.notice(`rtpolicy: checking all files: ${changed.reason}`);
  const sourceRoot = changed?.kind === 'changed' ? changed.root : cwd;

  const { report: full } = await check({
    cwd,
    paths: inputs.paths,
    policies: inputs.policies,
    config: inputs.config,
    failLevel: inputs.failLevel,
    kubernetesVersion: inputs.kubernetesVersion,
    sourceRoot,
    log: (message) => core.debug(message),
  });
  const report = changed?.kind === 'changed' ? onlyFiles(full, changed.files, cwd) : full;
  const failLevel = inputs.failLevel ?? (await loadConfig({ cwd, configFile: inputs.config })).failLevel;

  await publish(report, inputs, { cwd, sourceRoot, changed, sarifReport: full });

  const active = report.findings.filter((f) => !f.suppression);
  const result: ActionResult = {
    findings: active.length,
    errors: active.filter((f) => f.severity === 'error').length,
    failing: failingFindings(report.findings, failLevel).length,
    failLevel,
    ...(inputs.sarifFile ? { sarifFile: inputs.sarifFile } : {}),
    ...(changed?.kind === 'changed' ? { changedFiles: changed.files } : {}),
  };
  core.setOutput('findings', result.findings);
  core.setOutput('errors', result.errors);
  core.setOutput('sarif-file', result.sarifFile ?? '');
  return result;
}

/** The report restricted to findings in `files` (absolute paths, as git gives them: symlinks resolved). */
function onlyFiles(report: Report, files: Set<string>, cwd: string): Report {
  const base = realpathSync(cwd);
  return { ...report, findings: report.findings.filter((f) => files.has(resolve(base, f.file))) };
}

async function publish(
  report: Report,
  inputs: ActionInputs,
  where: { cwd: string; sourceRoot: string; changed?: ChangedFiles; sarifReport: Report },
): Promise<void> {
  const options = { baseDir: where.cwd, sourceRoot: where.sourceRoot };
  // Annotations (and, with them, the job summary) first: they are what a reviewer sees.
  if (inputs.annotations) {
    await writeReports(report, [{ format: 'github' }], options);
  } else if (process.env.GITHUB_STEP_SUMMARY) {
    await core.summary.addRaw(renderJobSummary(report, { ...options, links: gitHubLinkContext() })).write();
  }
  if (where.changed?.kind === 'changed' && process.env.GITHUB_STEP_SUMMARY) {
    const { files, base, head } = where.changed;
    await core.summary
      .addRaw(
        `\nOnly findings in the ${plural(files.size, 'file')} changed by this pull request ` +
          `(\`${base.slice(0, 7)}...${head.slice(0, 7)}\`) are reported.\n`,
      )
      .write();
  }
  core.startGroup('rtpolicy report');
  await writeReports(report, [{ format: 'text' }], options);
  core.endGroup();
  if (inputs.sarifFile) {
    const target: OutputTarget = { format: 'sarif', file: resolve(where.cwd, inputs.sarifFile) };
    await writeReports(where.sarifReport, [target], options);
    core.info(`rtpolicy: SARIF written to ${inputs.sarifFile}`);
  }
}
