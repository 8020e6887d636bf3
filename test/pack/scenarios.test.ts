// The scenarios the pack exists for, through the built CLI as users run it:
// `rtpolicy check <fixture> --format json`, exit status and the exact
// finding (rule, line, message).
import { describe, expect, it } from 'vitest';
import { rtpolicy } from '../cli/helpers.js';

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  region: { startLine: number };
}

async function checkJson(...paths: string[]) {
  const result = await rtpolicy([
    'check',
    '--config',
    'fixtures/rules/rtpolicy.yaml',
    '--format',
    'json',
    ...paths,
  ]);
  const report = JSON.parse(result.stdout) as { findings: JsonFinding[] };
  return { status: result.status, findings: report.findings };
}

const at = (f: JsonFinding) => `${f.file}:${f.region.startLine} ${f.ruleId}`;

describe('built-in pack scenarios', () => {
  it('a privileged pod without runtimeClassName fails RTC031', async () => {
    const { status, findings } = await checkJson('fixtures/rules/RTC031/bad/privileged-pod.yaml');
    expect(status).toBe(1);
    expect(findings.map(at)).toEqual(['fixtures/rules/RTC031/bad/privileged-pod.yaml:10 RTC031']);
    expect(findings[0].message).toContain('container "buildkit" is privileged');
  });

  it('the same pod with a kata RuntimeClass passes', async () => {
    const { status, findings } = await checkJson(
      'fixtures/rules/RTC031/good/privileged-pod-kata.yaml',
      'fixtures/rules/RTC031/good/runtimeclasses.yaml',
    );
    expect(findings).toEqual([]);
    expect(status).toBe(0);
  });

  it('`privileged: yes` counts as privileged', async () => {
    const { findings } = await checkJson('fixtures/rules/RTC031/bad/privileged-yes.yaml');
    expect(findings.map(at)).toContain('fixtures/rules/RTC031/bad/privileged-yes.yaml:20 RTC031');
  });

  it('a kata RuntimeClass without overhead fails RTC015', async () => {
    const { status, findings } = await checkJson('fixtures/rules/RTC015/bad/kata-runtimeclasses.yaml');
    expect(status).toBe(1);
    const kata = findings.filter((f) => f.message.startsWith('RuntimeClass "kata" '));
    expect(kata.map((f) => `${at(f)} ${f.severity}`)).toEqual([
      'fixtures/rules/RTC015/bad/kata-runtimeclasses.yaml:2 RTC015 error',
      'fixtures/rules/RTC015/bad/kata-runtimeclasses.yaml:2 RTC015 error',
    ]);
  });

  it('a pod naming a missing RuntimeClass fails RTC010', async () => {
    const { status, findings } = await checkJson('fixtures/rules/RTC010/bad/pod.yaml');
    expect(status).toBe(1);
    expect(findings.map(at)).toEqual(['fixtures/rules/RTC010/bad/pod.yaml:6 RTC010']);
    expect(findings[0].message).toContain('RuntimeClass "kata-clh" not found');
  });

  it('...and passes once the RuntimeClass is among the inputs', async () => {
    const { findings } = await checkJson(
      'fixtures/rules/RTC010/bad/pod.yaml',
      'fixtures/rules/RTC010/good/runtimeclasses.yaml',
    );
    expect(findings.filter((f) => f.ruleId === 'RTC010')).toEqual([]);
  });

  it('a pod whose nodeSelector contradicts its class fails RTC012', async () => {
    const { status, findings } = await checkJson('fixtures/rules/RTC012/bad');
    expect(status).toBe(1);
    expect(findings.map(at)).toEqual(['fixtures/rules/RTC012/bad/deployment.yaml:16 RTC012']);
    expect(findings[0].message).toContain(
      'conflict: runtimeClass.scheduling.nodeSelector[katacontainers.io/kata-runtime]',
    );
  });
});
