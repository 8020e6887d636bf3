// The JSON report: the whole Report in a stable, versioned schema
// (documented in src/report/README.md). Every object is rebuilt field by field
// in a fixed key order, so the output is byte-identical for the same input and
// does not grow fields that the schema does not document.
import type { Finding, Report, RuleInfo } from '../engine/types.js';
import { compareText, orderedFindings, type RenderOptions, ruleTable, tally } from './shared.js';

/** Bump on any change that is not a new optional field. */
export const JSON_REPORT_VERSION = 1;

export function renderJson(report: Report, options: RenderOptions = {}): string {
  const counts = tally(report.findings);
  const { files, documents, skipped, durationMs } = report.stats;
  const document = {
    version: JSON_REPORT_VERSION,
    tool: {
      name: report.tool.name,
      version: report.tool.version,
      informationUri: report.tool.informationUri,
    },
    summary: {
      errors: counts.error,
      warnings: counts.warning,
      notes: counts.note,
      suppressed: counts.suppressed,
      files,
      documents,
      skipped: Object.fromEntries(Object.entries(skipped).sort(([a], [b]) => compareText(a, b))),
      ...(options.includeTiming ? { durationMs } : {}),
    },
    rules: ruleTable(report).map(jsonRule),
    findings: orderedFindings(report.findings).map(jsonFinding),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function jsonRule(rule: RuleInfo) {
  return {
    id: rule.id,
    name: rule.name,
    title: rule.title,
    description: rule.description,
    severity: rule.severity,
    remediation: rule.remediation,
    helpUri: rule.helpUri,
    relatedResources: rule.relatedResources,
    tags: rule.tags,
    origin: rule.origin,
    policyRef: rule.policyRef,
  };
}

function jsonFinding(finding: Finding) {
  const { region, object, suppression } = finding;
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    file: finding.file,
    region: {
      startLine: region.startLine,
      startColumn: region.startColumn,
      endLine: region.endLine,
      endColumn: region.endColumn,
    },
    documentIndex: finding.documentIndex,
    path: finding.path,
    object: object && {
      apiVersion: object.apiVersion,
      kind: object.kind,
      namespace: object.namespace,
      name: object.name,
    },
    fingerprint: finding.fingerprint,
    suppression: suppression && { kind: suppression.kind, justification: suppression.justification },
  };
}
