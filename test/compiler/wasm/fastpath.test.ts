// Fast paths of host builtins (src/runtime/builtins/fastpath.ts): the runtime
// answers the common cases, the host the rest, and the answer never depends
// on which of the two gave it. Each case runs through the unmodified SDK with
// the real host implementation, and is compared with what the host alone
// says for the same arguments.
import { describe, expect, it } from 'vitest';
import { hostBuiltins } from '../../../src/builtins/index.js';
import { local, PolicyBuilder, resultOf } from './ir-builder.js';
import { loadIr } from './sdk.js';

const HOST_SPRINTF = 'rtpolicy.exact.sprintf';
const host = hostBuiltins[HOST_SPRINTF] as (format: string, values: string) => string;

/** sprintf(input.f, input.a), with the host's calls counted. */
async function sprintfPolicy() {
  const p = new PolicyBuilder();
  p.plan(
    'test/p',
    resultOf(
      2,
      { op: 'Dot', source: local(0), key: p.str('f'), target: 10 },
      { op: 'Dot', source: local(0), key: p.str('a'), target: 11 },
      { op: 'Call', func: 'sprintf', args: [local(10), local(11)], result: 2 },
    ),
  );
  const calls = { count: 0 };
  const policy = await loadIr(p.policy, {
    [HOST_SPRINTF]: (format: string, values: string) => {
      calls.count++;
      return host(format, values);
    },
  });
  return { policy, calls };
}

// A case is a format and its values as JSON text, so that numbers travel
// exactly (2.0 stays a decimal, 9007199254740993 stays itself). The input is
// that JSON, and the Rego value text of JSON values is their JSON.
type Case = [format: string, values: string];
const inputOf = ([f, a]: Case) => new TextEncoder().encode(`{"f": ${JSON.stringify(f)}, "a": ${a}}`).buffer;
const hostAnswer = ([f, a]: Case) => JSON.parse(host(JSON.stringify(f), a)) as string;

describe('the sprintf fast path', () => {
  const fast: Case[] = [
    ['plain text', '[]'],
    ['', '[]'],
    ['%s/%s', '["team", "web"]'],
    ['%v and %v', '["text", 42]'],
    ['%d%%', '[-7]'],
    ['%q', String.raw`["with \"quotes\" and \\ backslash"]`],
    ['%s, %v, %s', '[true, false, null]'],
    ['héllo %s ✓', '["wörld"]'],
    ['%d', '[9007199254740993]'],
    ['%s %q %d %v', '["a", "b", 3, "d"]'],
  ];
  const slow: Case[] = [
    ['%5d', '[1]'],
    ['%-8s|', '["x"]'],
    ['%.2f', '[1.5]'],
    ['%v', '[1.5]'],
    ['%d', '[2.0]'],
    ['%d', '["text"]'],
    ['%s', '[12]'],
    ['%q', String.raw`["tab\there"]`],
    ['%q', '["ünïcode"]'],
    ['%v', '[[1, "a"]]'],
    ['%v', '[{"k": "v"}]'],
    ['%s %s', '["missing one"]'],
    ['%s', '["one", "extra"]'],
    ['trailing %', '[]'],
    ['%[2]s %[1]s', '["a", "b"]'],
    ['%x', '[255]'],
    ['%d', '[123456789012345678901234567890]'],
  ];

  it('formats plain verbs with string, integer, boolean and null values in the runtime', async () => {
    const { policy, calls } = await sprintfPolicy();
    for (const c of fast) {
      expect(policy.evaluate(inputOf(c)), c.join(' ')).toEqual([{ result: hostAnswer(c) }]);
    }
    expect(calls.count).toBe(0);
  });

  it('leaves flags, floats, composites, quoting beyond ASCII and Go error notations to the host', async () => {
    const { policy, calls } = await sprintfPolicy();
    for (const c of slow) {
      const before = calls.count;
      expect(policy.evaluate(inputOf(c)), c.join(' ')).toEqual([{ result: hostAnswer(c) }]);
      expect(calls.count, `${c.join(' ')} goes to the host`).toBe(before + 1);
    }
  });

  it('leaves operands of the wrong type to the host, which decides', async () => {
    const { policy, calls } = await sprintfPolicy();
    expect(policy.evaluate({ f: 1, a: [] })).toEqual([]);
    expect(policy.evaluate({ f: '%s', a: 'not an array' })).toEqual([]);
    expect(calls.count).toBe(2);
  });
});
