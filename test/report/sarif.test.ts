import { describe, expect, it } from 'vitest';
import { FINGERPRINT_KEY, renderSarif, SARIF_SCHEMA } from '../../src/report/index.js';
import { sampleReport } from './sample-report.js';

// biome-ignore lint/suspicious/noExplicitAny: SARIF is inspected as plain JSON.
type Json = any;

const run = (sarif: string): Json => JSON.parse(sarif).runs[0];

describe('sarif reporter', () => {
  const report = sampleReport();
  const sarif = renderSarif(report);
  const { tool, results } = run(sarif);

  it('is a SARIF 2.1.0 log with one run of rtpolicy', () => {
    const log = JSON.parse(sarif);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe(SARIF_SCHEMA);
    expect(log.runs).toHaveLength(1);
    expect(tool.driver).toMatchObject({
      name: 'rtpolicy',
      version: '0.1.0',
      semanticVersion: '0.1.0',
      informationUri: 'https://github.com/rtpolicy/rtpolicy',
    });
  });

  it('describes every rule, sorted by id, with GitHub metadata', () => {
    const ids = tool.driver.rules.map((r: Json) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toContain('X-UNDESCRIBED'); // used by a finding, absent from report.rules
    const rtc031 = tool.driver.rules.find((r: Json) => r.id === 'RTC031');
    expect(rtc031).toEqual({
      id: 'RTC031',
      name: 'PrivilegedWithoutSandbox',
      shortDescription: { text: 'Privileged pod without a sandboxed RuntimeClass.' },
      fullDescription: {
        text: expect.stringContaining('shares the host kernel'),
        markdown: expect.stringContaining('shares the host kernel'),
      },
      help: {
        text: expect.stringContaining('How to fix: Set `runtimeClassName`'),
        markdown: expect.stringContaining('[Documentation for RTC031](https://rtpolicy.dev/rules/RTC031)'),
      },
      helpUri: 'https://rtpolicy.dev/rules/RTC031',
      defaultConfiguration: { level: 'error' },
      properties: {
        tags: ['security', 'runtimeclass'],
        precision: 'very-high',
        'problem.severity': 'error',
        'security-severity': '8.0',
      },
    });
    const acme = tool.driver.rules.find((r: Json) => r.id === 'ACME-7');
    // Not a security rule, not a built-in: no security-severity, no precision claim.
    expect(acme.properties).toEqual({ 'problem.severity': 'recommendation' });
    expect(acme.defaultConfiguration).toEqual({ level: 'note' });
    const undescribed = tool.driver.rules.find((r: Json) => r.id === 'X-UNDESCRIBED');
    expect(undescribed.name).toBeUndefined(); // a name equal to the id is left out (SARIF1001)
  });

  it('gives each result its rule index, level, message, location and fingerprint', () => {
    expect(results).toHaveLength(report.findings.length);
    for (const result of results) {
      expect(tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    }
    const privileged = results.find((r: Json) => r.message.text.startsWith('Container "app"'));
    const finding = report.findings.find((f) => f.message.startsWith('Container "app"'))!;
    expect(privileged).toEqual({
      ruleId: 'RTC031',
      ruleIndex: tool.driver.rules.findIndex((r: Json) => r.id === 'RTC031'),
      level: 'error',
      message: { text: 'Container "app" is privileged but the pod runs under runc.' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'deploy/web.yaml', uriBaseId: '%SRCROOT%' },
            region: { startLine: 21, startColumn: 13, endLine: 21, endColumn: 25 },
          },
          logicalLocations: [{ name: 'web', fullyQualifiedName: 'Deployment/shop/web', kind: 'object' }],
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
      properties: { documentIndex: 0, path: finding.path },
    });
  });

  it('percent-encodes paths into URIs', () => {
    const broken = results.find((r: Json) => r.ruleId === 'RTP001');
    expect(broken.locations[0].physicalLocation.artifactLocation.uri).toBe(
      'broken/na%C3%AFve%20caf%C3%A9.yaml',
    );
    expect(broken.locations[0].logicalLocations).toBeUndefined();
  });

  it('marks suppressed findings: in source for annotations and comments, external for baselines', () => {
    const suppressions = results
      .filter((r: Json) => r.suppressions)
      .map((r: Json) => [r.ruleId, r.suppressions]);
    expect(suppressions).toEqual([
      [
        'RTC016',
        [
          {
            kind: 'external',
            status: 'accepted',
            justification: 'Accepted in baseline .rtpolicy-baseline.json',
          },
        ],
      ],
      [
        'RTC016',
        [
          {
            kind: 'inSource',
            status: 'accepted',
            justification: 'Ignored by the rtpolicy.io/ignore annotation.',
          },
        ],
      ],
      [
        'RTC031',
        [{ kind: 'inSource', status: 'accepted', justification: 'debug sidecar, removed after incident 42' }],
      ],
    ]);
  });

  it('makes paths relative to the repository root, and absolute outside it', () => {
    const rebased = sampleReport();
    rebased.findings[0] = { ...rebased.findings[0], file: '../../outside.yaml' };
    const { results: rebasedResults, originalUriBaseIds } = run(
      renderSarif(rebased, { sourceRoot: '/repo', baseDir: '/repo/manifests' }),
    );
    expect(originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///repo/' } });
    const uris = rebasedResults.map((r: Json) => r.locations[0].physicalLocation.artifactLocation);
    expect(uris).toContainEqual({ uri: 'manifests/deploy/web.yaml', uriBaseId: '%SRCROOT%' });
    expect(uris).toContainEqual({ uri: 'file:///outside.yaml' });
  });

  it('keeps a region valid when it is given inverted, and an empty message readable', () => {
    const odd = sampleReport();
    odd.findings = [
      { ...odd.findings[0], message: '', region: { startLine: 5, startColumn: 9, endLine: 4, endColumn: 2 } },
    ];
    const [result] = run(renderSarif(odd)).results;
    expect(result.locations[0].physicalLocation.region).toEqual({
      startLine: 5,
      startColumn: 9,
      endLine: 5,
      endColumn: 9,
    });
    expect(result.message.text).toBe('Privileged pod without a sandboxed RuntimeClass.');
  });

  it('leaves the duration out unless asked', () => {
    expect(sarif).not.toContain('212');
    expect(run(renderSarif(report, { includeTiming: true })).properties).toEqual({ durationMs: 212.4 });
  });
});
