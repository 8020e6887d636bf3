import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../src/report/index.js';
import { escapeAttribute, escapeText } from '../../src/report/junit.js';
import { emptyReport, sampleReport } from './sample-report.js';
import { childElements, parseXml, textOf } from './xml.js';

const python = spawnSync('python3', ['--version']).status === 0;

describe('junit reporter', () => {
  it('is well-formed XML with a testsuite per file and a testcase per finding', () => {
    const root = parseXml(renderJunit(sampleReport()));
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toEqual({
      name: 'rtpolicy',
      tests: '7',
      failures: '4',
      errors: '0',
      skipped: '3',
    });
    const suites = childElements(root, 'testsuite');
    expect(
      suites.map((s) => [s.attributes.name, s.attributes.tests, s.attributes.failures, s.attributes.skipped]),
    ).toEqual([
      ['broken/naïve café.yaml', '1', '1', '0'],
      ['cluster/runtimeclasses.yaml', '2', '0', '2'],
      ['deploy/web.yaml', '4', '3', '1'],
    ]);
    const [, runtimeClasses, web] = suites;
    for (const testcase of childElements(runtimeClasses, 'testcase')) {
      expect(childElements(testcase).map((c) => c.name)).toEqual(['skipped']);
    }
    const privileged = childElements(web, 'testcase').find((t) => t.attributes.name.startsWith('RTC031'))!;
    expect(privileged.attributes).toEqual({
      classname: 'deploy/web.yaml',
      name: 'RTC031 at deploy/web.yaml:21:13',
      file: 'deploy/web.yaml',
      line: '21',
    });
    const [failure] = childElements(privileged, 'failure');
    expect(failure.attributes).toEqual({
      message: 'Container "app" is privileged but the pod runs under runc',
      type: 'error',
    });
    expect(textOf(failure)).toBe(
      [
        'deploy/web.yaml:21:13 error Container "app" is privileged but the pod runs under runc (RTC031)',
        'Rule: Privileged pod without a sandboxed RuntimeClass',
        'How to fix: Set `runtimeClassName` to a kata or gVisor RuntimeClass, or drop `privileged`.',
        'Help: https://rtpolicy.dev/rules/RTC031',
      ].join('\n'),
    );
  });

  it('escapes markup and keeps line breaks, replacing characters XML cannot carry', () => {
    const root = parseXml(renderJunit(sampleReport()));
    const web = childElements(root, 'testsuite')[2];
    const note = childElements(web, 'testcase').find((t) => t.attributes.name.startsWith('ACME-7'))!;
    const [failure] = childElements(note, 'failure');
    // ESC cannot appear in XML 1.0 at all, even escaped: it becomes U+FFFD.
    expect(failure.attributes.message).toBe(
      'Deployment "web" has no <team> label | add one & retry\nsecond line\ufffd[31m',
    );
    expect(textOf(failure)).toContain(
      'has no <team> label | add one & retry\nsecond line\ufffd[31m (ACME-7)',
    );
  });

  it('marks suppressed findings as skipped with the reason', () => {
    const root = parseXml(renderJunit(sampleReport()));
    const skipped = childElements(root, 'testsuite')
      .flatMap((s) => childElements(s, 'testcase'))
      .flatMap((t) => childElements(t, 'skipped'))
      .map((s) => s.attributes.message);
    expect(skipped).toEqual([
      'suppressed (baseline): Accepted in baseline .rtpolicy-baseline.json',
      'suppressed (annotation)',
      'suppressed (comment): debug sidecar, removed after incident 42',
    ]);
  });

  it('groups by rule when asked', () => {
    const root = parseXml(renderJunit(sampleReport(), { junitGroupBy: 'rule' }));
    const suites = childElements(root, 'testsuite');
    expect(suites.map((s) => s.attributes.name)).toEqual([
      'ACME-7: Workloads carry a team label',
      'RTC016: Sandboxed RuntimeClass without scheduling.nodeSelector',
      'RTC031: Privileged pod without a sandboxed RuntimeClass',
      'RTP001: File could not be decoded',
      'X-UNDESCRIBED: X-UNDESCRIBED',
    ]);
    const rtc031 = childElements(suites[2], 'testcase');
    expect(rtc031.map((t) => t.attributes.classname)).toEqual(['RTC031', 'RTC031']);
  });

  it('gives a clean run one passing testcase, and a duration only when asked', () => {
    const root = parseXml(renderJunit(emptyReport()));
    expect(root.attributes).toEqual({
      name: 'rtpolicy',
      tests: '1',
      failures: '0',
      errors: '0',
      skipped: '0',
    });
    const [testcase] = childElements(childElements(root, 'testsuite')[0], 'testcase');
    expect(testcase.attributes.name).toBe('no findings in 2 files, 3 documents');
    expect(childElements(testcase)).toEqual([]);
    expect(parseXml(renderJunit(emptyReport(), { includeTiming: true })).attributes.time).toBe('1.534');
  });

  it.runIf(python)("is accepted by Python's XML parser too", () => {
    const result = spawnSync(
      'python3',
      ['-c', 'import sys, xml.dom.minidom; xml.dom.minidom.parseString(sys.stdin.buffer.read())'],
      { input: renderJunit(sampleReport()) },
    );
    expect(result.stderr.toString()).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('XML escaping', () => {
  it('escapes text and attributes so that they read back unchanged', () => {
    const value = `a < b && c > d "quoted" 'single'\n\ttab\r`;
    const root = parseXml(`<r a="${escapeAttribute(value)}">${escapeText(value)}</r>`);
    expect(root.attributes.a).toBe(value);
    expect(textOf(root)).toBe(value);
  });

  it('replaces control characters and lone surrogates, keeps astral characters', () => {
    expect(escapeText('a\u0000b\u0008c\u001fd')).toBe('a\ufffdb\ufffdc\ufffdd');
    expect(escapeText('x\ud800y\udc00z')).toBe('x\ufffdy\ufffdz');
    expect(escapeText('rocket \u{1f680}')).toBe('rocket \u{1f680}');
    expect(() => parseXml(`<r>${escapeText('\u0001\ud800')}</r>`)).not.toThrow();
  });

  it('is checked by a parser that rejects what is not well-formed', () => {
    for (const bad of [
      '<r>a < b</r>',
      '<r>a & b</r>',
      '<r a="<"/>',
      '<r><s></r></s>',
      '<r a="1" a="2"/>',
      '<r/><r/>',
      '<r>\u0001</r>',
      '<r>&nope;</r>',
    ]) {
      expect(() => parseXml(bad), bad).toThrow(/not well-formed/);
    }
  });
});
