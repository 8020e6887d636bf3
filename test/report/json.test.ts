import { describe, expect, it } from 'vitest';
import { JSON_REPORT_VERSION, renderJson } from '../../src/report/index.js';
import { emptyReport, sampleReport } from './sample-report.js';

describe('json reporter', () => {
  it('carries the schema version, tool, summary, rules and every finding (suppressed ones too)', () => {
    const report = sampleReport();
    const json = JSON.parse(renderJson(report));
    expect(Object.keys(json)).toEqual(['version', 'tool', 'summary', 'rules', 'findings']);
    expect(json.version).toBe(JSON_REPORT_VERSION);
    expect(json.tool).toEqual(report.tool);
    expect(json.summary).toEqual({
      errors: 2,
      warnings: 1,
      notes: 1,
      suppressed: 3,
      files: 4,
      documents: 7,
      skipped: { 'helm-template': 2, 'not-kubernetes': 1 },
    });
    expect(json.rules.map((r: { id: string }) => r.id)).toEqual([
      'ACME-7',
      'RTC016',
      'RTC031',
      'RTP001',
      'RTP002',
      'RTP003',
      'RTP004',
      'RTP010',
      'X-UNDESCRIBED',
    ]);
    expect(json.findings).toHaveLength(report.findings.length);
  });

  it('round-trips findings: the JSON findings are the report findings in report order', () => {
    const report = sampleReport();
    const json = JSON.parse(renderJson(report));
    const byFingerprint = new Map(report.findings.map((f) => [f.fingerprint, f]));
    for (const finding of json.findings) expect(finding).toEqual(byFingerprint.get(finding.fingerprint));
    const order = json.findings.map((f: { file: string; region: { startLine: number } }) => [
      f.file,
      f.region.startLine,
    ]);
    expect(order).toEqual([
      ['broken/naïve café.yaml', 3],
      ['cluster/runtimeclasses.yaml', 1],
      ['cluster/runtimeclasses.yaml', 9],
      ['deploy/web.yaml', 4],
      ['deploy/web.yaml', 21],
      ['deploy/web.yaml', 21],
      ['deploy/web.yaml', 30],
    ]);
  });

  it('writes fields in the documented order and drops fields the schema does not know', () => {
    const report = sampleReport();
    (report.findings[0] as unknown as Record<string, unknown>).internalScratch = 42;
    const json = JSON.parse(renderJson(report));
    const privileged = json.findings.find((f: { ruleId: string }) => f.ruleId === 'RTC031');
    expect(Object.keys(privileged)).toEqual([
      'ruleId',
      'severity',
      'message',
      'file',
      'region',
      'documentIndex',
      'path',
      'object',
      'fingerprint',
    ]);
    expect(renderJson(report)).not.toContain('internalScratch');
  });

  it('includes the duration only when asked', () => {
    expect(JSON.parse(renderJson(sampleReport())).summary.durationMs).toBeUndefined();
    expect(JSON.parse(renderJson(sampleReport(), { includeTiming: true })).summary.durationMs).toBe(212.4);
  });

  it('renders a clean run', () => {
    const json = JSON.parse(renderJson(emptyReport()));
    expect(json.findings).toEqual([]);
    expect(json.summary).toMatchObject({ errors: 0, warnings: 0, notes: 0, suppressed: 0, skipped: {} });
  });
});
