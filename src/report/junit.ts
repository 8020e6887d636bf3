// JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure
// Pipelines): a testsuite per file (or per rule), a failing testcase per
// finding, a skipped testcase per suppressed finding. Files without findings
// are not listed (the report does not name them); a run without any finding
// gives one passing testcase, because several CI systems treat a report with
// no tests as an error.
import type { Finding, Report, RuleInfo } from '../engine/types.js';
import { compareText, orderedFindings, plural, type RenderOptions, ruleTable } from './shared.js';

interface Suite {
  name: string;
  /** Each testcase as lines (a line may hold a multi-line text node, which must not be indented). */
  cases: string[][];
  failures: number;
  skipped: number;
}

export function renderJunit(report: Report, options: RenderOptions = {}): string {
  const groupBy = options.junitGroupBy ?? 'file';
  const rules = new Map(ruleTable(report).map((r) => [r.id, r]));
  const suites = new Map<string, Suite>();
  for (const finding of orderedFindings(report.findings)) {
    const rule = rules.get(finding.ruleId)!;
    const key = groupBy === 'file' ? finding.file : finding.ruleId;
    let suite = suites.get(key);
    if (!suite) {
      suite = {
        name: groupBy === 'file' ? finding.file : `${rule.id}: ${rule.title}`,
        cases: [],
        failures: 0,
        skipped: 0,
      };
      suites.set(key, suite);
    }
    suite.cases.push(testcase(finding, rule, groupBy));
    if (finding.suppression) suite.skipped++;
    else suite.failures++;
  }
  if (suites.size === 0) {
    const { files, documents } = report.stats;
    const name = `no findings in ${plural(files, 'file')}, ${plural(documents, 'document')}`;
    const passing = [element('testcase', { classname: report.tool.name, name })];
    suites.set('', { name: report.tool.name, cases: [passing], failures: 0, skipped: 0 });
  }

  const ordered = [...suites.entries()].sort(([a], [b]) => compareText(a, b)).map(([, s]) => s);
  const total = (pick: (s: Suite) => number) => ordered.reduce((sum, s) => sum + pick(s), 0);
  const time = options.includeTiming ? { time: (report.stats.durationMs / 1000).toFixed(3) } : {};
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    openTag('testsuites', {
      name: report.tool.name,
      tests: total((s) => s.cases.length),
      failures: total((s) => s.failures),
      errors: 0,
      skipped: total((s) => s.skipped),
      ...time,
    }),
  ];
  for (const suite of ordered) {
    lines.push(
      `  ${openTag('testsuite', { name: suite.name, tests: suite.cases.length, failures: suite.failures, errors: 0, skipped: suite.skipped })}`,
      ...suite.cases.flat().map((line) => `    ${line}`),
      '  </testsuite>',
    );
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function testcase(finding: Finding, rule: RuleInfo, groupBy: 'file' | 'rule'): string[] {
  const { file, region } = finding;
  const location = `${file}:${region.startLine}:${region.startColumn}`;
  const attributes = {
    classname: groupBy === 'file' ? file : finding.ruleId,
    name: `${finding.ruleId} at ${location}`,
    file,
    line: region.startLine,
  };
  const { suppression } = finding;
  if (suppression) {
    const why = suppression.justification ? `: ${suppression.justification}` : '';
    const skipped = element('skipped', { message: `suppressed (${suppression.kind})${why}` });
    return [openTag('testcase', attributes), `  ${skipped}`, '</testcase>'];
  }
  const details = [
    `${location} ${finding.severity} ${finding.message} (${finding.ruleId})`,
    `Rule: ${rule.title}`,
  ];
  if (rule.remediation) details.push(`How to fix: ${rule.remediation}`);
  if (rule.helpUri) details.push(`Help: ${rule.helpUri}`);
  const failure = `${openTag('failure', { message: finding.message, type: finding.severity })}${escapeText(details.join('\n'))}</failure>`;
  return [openTag('testcase', attributes), `  ${failure}`, '</testcase>'];
}

type Attributes = Record<string, string | number | undefined>;

function openTag(name: string, attributes: Attributes): string {
  const rendered = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${escapeAttribute(String(value))}"`)
    .join('');
  return `<${name}${rendered}>`;
}

function element(name: string, attributes: Attributes): string {
  return `${openTag(name, attributes).slice(0, -1)}/>`;
}

/**
 * Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates,
 * U+FFFE/U+FFFF) become U+FFFD; escaping cannot represent them.
 */
function xmlCharacters(text: string): string {
  return text.replace(
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '\ufffd',
  );
}

/** Text content; a carriage return is written as a reference because parsers turn a raw one into \\n. */
export function escapeText(text: string): string {
  return xmlCharacters(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/** Attribute values also escape quotes and keep line breaks and tabs (which parsers would normalise to spaces). */
export function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
