// GitHub Actions output: one workflow command per unsuppressed finding
// (`::error file=…,line=…::message`, written to stdout by @actions/core, which
// the runner turns into annotations on the pull request's diff), and a
// Markdown job summary appended to $GITHUB_STEP_SUMMARY through core.summary.

import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import type { Finding, Report, RuleInfo } from '../engine/types.js';
import {
  compareText,
  oneLine,
  orderedFindings,
  pathInRepository,
  plural,
  type RenderOptions,
  ruleTable,
  severityCounts,
  tally,
} from './shared.js';

/** Where links in the job summary point: `<serverUrl>/<repository>/blob/<ref>/<path>#L<line>`. */
export interface GitHubLinkContext {
  serverUrl: string;
  repository: string;
  ref: string;
}

export interface GitHubOptions extends RenderOptions {
  /** Links for the summary table; default from the Actions environment (`gitHubLinkContext()`). */
  links?: GitHubLinkContext;
  /** Rows in the summary's table of findings (default 20). */
  summaryFindingLimit?: number;
}

const COMMAND = { error: core.error, warning: core.warning, note: core.notice } as const;

/**
 * Emits the annotations and, when GITHUB_STEP_SUMMARY is set, appends the job
 * summary. Paths are made relative to GITHUB_WORKSPACE (the checkout) unless
 * `sourceRoot` says otherwise, because that is what annotations resolve against.
 */
export async function publishGitHub(report: Report, options: GitHubOptions = {}): Promise<void> {
  const resolved: GitHubOptions = {
    ...options,
    sourceRoot: options.sourceRoot ?? process.env.GITHUB_WORKSPACE,
  };
  const rules = new Map(ruleTable(report).map((r) => [r.id, r]));
  for (const finding of orderedFindings(report.findings)) {
    if (finding.suppression) continue;
    COMMAND[finding.severity](
      finding.message,
      annotationProperties(finding, rules.get(finding.ruleId)!, resolved),
    );
  }
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const links = options.links ?? gitHubLinkContext();
  try {
    await core.summary.addRaw(renderJobSummary(report, { ...resolved, links })).write();
  } catch (err) {
    // A missing summary must not fail the check: the annotations are already out.
    core.summary.emptyBuffer();
    core.warning(`rtpolicy: job summary not written: ${(err as Error).message}`);
  }
}

function annotationProperties(
  finding: Finding,
  rule: RuleInfo,
  options: RenderOptions,
): core.AnnotationProperties {
  const { startLine, startColumn, endLine, endColumn } = finding.region;
  // GitHub accepts columns only on single-line annotations; its end column is inclusive.
  const columns =
    endLine <= startLine ? { startColumn, endColumn: Math.max(startColumn, endColumn - 1) } : undefined;
  return {
    title: `${finding.ruleId}: ${rule.title}`,
    file: pathInRepository(finding.file, options) ?? finding.file,
    startLine,
    endLine: Math.max(startLine, endLine),
    ...columns,
  };
}

/** The job summary in GitHub-flavoured Markdown. */
export function renderJobSummary(report: Report, options: GitHubOptions = {}): string {
  const counts = tally(report.findings);
  const active = orderedFindings(report.findings).filter((f) => !f.suppression);
  const rules = new Map(ruleTable(report).map((r) => [r.id, r]));
  const { files, documents } = report.stats;
  const lines = [
    `## ${escapeMarkdown(report.tool.name)}: ${severityCounts(counts)}`,
    '',
    `Checked ${plural(files, 'file')}, ${plural(documents, 'document')}` +
      (counts.suppressed > 0 ? `; ${plural(counts.suppressed, 'finding')} suppressed.` : '.'),
  ];
  if (active.length === 0) return `${lines.join('\n')}\n`;

  lines.push('', '| Rule | Title | Severity | Findings |', '| --- | --- | --- | ---: |');
  const perRule = new Map<string, { rule: RuleInfo; count: number; severity: Finding['severity'] }[]>();
  for (const f of active) {
    const rows = perRule.get(f.ruleId) ?? [];
    const row = rows.find((r) => r.severity === f.severity);
    if (row) row.count++;
    else rows.push({ rule: rules.get(f.ruleId)!, count: 1, severity: f.severity });
    perRule.set(f.ruleId, rows);
  }
  for (const id of [...perRule.keys()].sort(compareText)) {
    for (const { rule, count, severity } of perRule.get(id)!) {
      const ruleCell = rule.helpUri
        ? `[${escapeMarkdown(id)}](${markdownUrl(rule.helpUri)})`
        : escapeMarkdown(id);
      lines.push(`| ${ruleCell} | ${escapeMarkdown(rule.title)} | ${severity} | ${count} |`);
    }
  }

  const limit = options.summaryFindingLimit ?? 20;
  const shown = active.slice(0, limit);
  lines.push(
    '',
    active.length > shown.length
      ? `### Findings (first ${shown.length} of ${active.length})`
      : `### ${plural(active.length, 'finding')}`,
    '',
    '| Severity | Location | Rule | Message |',
    '| --- | --- | --- | --- |',
  );
  for (const f of shown) {
    lines.push(
      `| ${f.severity} | ${locationCell(f, options)} | ${escapeMarkdown(f.ruleId)} | ${escapeMarkdown(oneLine(f.message))} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function locationCell(finding: Finding, options: GitHubOptions): string {
  const path = pathInRepository(finding.file, options);
  const label = escapeMarkdown(`${path ?? finding.file}:${finding.region.startLine}`);
  if (!options.links || path === undefined) return label;
  const { serverUrl, repository, ref } = options.links;
  const { startLine, endLine } = finding.region;
  const anchor = endLine > startLine ? `#L${startLine}-L${endLine}` : `#L${startLine}`;
  const encodedPath = path.split('/').map(encodeURIComponent).join('/');
  return `[${label}](${markdownUrl(`${serverUrl}/${repository}/blob/${ref}/${encodedPath}${anchor}`)})`;
}

/**
 * The link context of the current workflow run, or undefined outside Actions.
 * On pull requests the links point at the head commit (the lines the author
 * wrote), not at GitHub's temporary merge commit.
 */
export function gitHubLinkContext(
  env: Record<string, string | undefined> = process.env,
): GitHubLinkContext | undefined {
  const { GITHUB_SERVER_URL: serverUrl, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env;
  if (!serverUrl || !repository || !sha) return undefined;
  return { serverUrl, repository, ref: pullRequestHeadSha(env.GITHUB_EVENT_PATH) ?? sha };
}

function pullRequestHeadSha(eventPath: string | undefined): string | undefined {
  if (!eventPath) return undefined;
  try {
    const event = JSON.parse(readFileSync(eventPath, 'utf8'));
    const sha = event?.pull_request?.head?.sha;
    return typeof sha === 'string' ? sha : undefined;
  } catch {
    return undefined;
  }
}

/** A link target that cannot end the link early or split the table cell. */
function markdownUrl(url: string): string {
  return url.replace(/[\s()<>|]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Text safe inside a Markdown table cell: no HTML, no emphasis or links, no column breaks. */
function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1');
}
