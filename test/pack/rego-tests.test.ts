// The pack's own Rego unit tests (policies/**/*_test.rego), run by the built
// CLI as `rtpolicy test policies/`.
import { beforeAll, describe, expect, it } from 'vitest';
import { type RunResult, rtpolicy } from '../cli/helpers.js';

let run: RunResult;
/** Test name (`test_rtc031_...`) -> its outcome. */
const outcomes = new Map<string, string>();

beforeAll(async () => {
  run = await rtpolicy(['test', 'policies/']);
  for (const line of run.stdout.split('\n')) {
    const match = /^policies\/\S+\.rego:\d+: data\.[\w.]+\.(test_\w+): (\w+)/.exec(line);
    if (match) outcomes.set(match[1], match[2]);
  }
}, 60_000);

describe('rtpolicy test policies/', () => {
  it('passes every test of the pack', () => {
    expect(run.stderr).toBe('');
    expect([...outcomes].filter(([, outcome]) => outcome !== 'PASS')).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^PASS: ${outcomes.size}/${outcomes.size}$`, 'm'));
    expect(outcomes.size).toBeGreaterThanOrEqual(100);
  });

  it('has, for every rule, a test that reports it and one that must not (`..._passes`)', () => {
    const byRule = new Map<string, string[]>();
    for (const name of outcomes.keys()) {
      const id = /^test_(rtc\d{3})_/.exec(name)?.[1];
      if (id) byRule.set(id, [...(byRule.get(id) ?? []), name]);
    }
    expect(byRule.size).toBe(24);
    for (const [id, names] of byRule) {
      expect({ id, compliant: names.some((n) => n.endsWith('_passes')) }).toEqual({ id, compliant: true });
      expect({ id, violating: names.some((n) => !n.endsWith('_passes')) }).toEqual({ id, violating: true });
    }
  });
});
