// Hand-written IR compiled, linked with runtime.wasm and evaluated through the SDK.
import { describe, expect, it } from 'vitest';
import type * as ir from '../../../src/compiler/ir.js';
import { block, bool, local, PolicyBuilder, resultOf } from './ir-builder.js';
import { loadIr, thrown } from './sdk.js';

const INPUT = 0;
const DATA = 1;

describe('statements', () => {
  it('returns constants of every kind', async () => {
    const p = new PolicyBuilder();
    const big = p.strIndex('123456789012345678901234567890');
    p.plan(
      'test/p',
      resultOf(
        2,
        { op: 'MakeObject', target: 2 },
        { op: 'MakeNumberInt', value: -7, target: 3 },
        { op: 'ObjectInsert', key: p.str('int'), value: local(3), object: 2 },
        { op: 'MakeNumberRef', index: big, target: 4 },
        { op: 'ObjectInsert', key: p.str('big'), value: local(4), object: 2 },
        { op: 'MakeNull', target: 5 },
        { op: 'ObjectInsert', key: p.str('null'), value: local(5), object: 2 },
        { op: 'ObjectInsert', key: p.str('bool'), value: bool(false), object: 2 },
        { op: 'MakeArray', capacity: 2, target: 6 },
        { op: 'ArrayAppend', value: p.str('a'), array: 6 },
        { op: 'ArrayAppend', value: bool(true), array: 6 },
        { op: 'ObjectInsert', key: p.str('array'), value: local(6), object: 2 },
        { op: 'MakeSet', target: 7 },
        { op: 'SetAdd', value: p.str('z'), set: 7 },
        { op: 'SetAdd', value: p.str('y'), set: 7 },
        { op: 'SetAdd', value: p.str('z'), set: 7 },
        { op: 'ObjectInsert', key: p.str('set'), value: local(7), object: 2 },
      ),
    );
    const policy = await loadIr(p.policy);
    expect(policy.evaluate({})).toEqual([
      {
        result: {
          int: -7,
          big: Number('123456789012345678901234567890'),
          null: null,
          bool: false,
          array: ['a', true],
          set: ['y', 'z'],
        },
      },
    ]);
  });

  it('reads input and data, and an undefined statement stops its block only', async () => {
    const p = new PolicyBuilder();
    p.plan(
      'test/kind',
      block(
        { op: 'Dot', source: local(INPUT), key: p.str('kind'), target: 2 },
        { op: 'Equal', a: local(2), b: p.str('Pod') },
        { op: 'AssignVar', source: p.str('pod'), target: 3 },
      ),
      block(
        { op: 'IsUndefined', source: 3 },
        { op: 'Dot', source: local(DATA), key: p.str('fallback'), target: 3 },
      ),
      resultOf(3, { op: 'IsDefined', source: 3 }),
    );
    const policy = await loadIr(p.policy);
    policy.setData({ fallback: 'from data' });
    expect(policy.evaluate({ kind: 'Pod' })).toEqual([{ result: 'pod' }]);
    expect(policy.evaluate({ kind: 'Service' })).toEqual([{ result: 'from data' }]);
    policy.setData({});
    expect(policy.evaluate({ kind: 'Service' })).toEqual([]);
  });

  it('scans arrays, objects and sets, and Break leaves the right block', async () => {
    const p = new PolicyBuilder();
    // deny contains name if { c := input.containers[_]; c.privileged == true; name := c.name }
    p.plan(
      'test/deny',
      block(
        { op: 'MakeSet', target: 2 },
        { op: 'Dot', source: local(INPUT), key: p.str('containers'), target: 3 },
        {
          op: 'Scan',
          source: 3,
          key: 4,
          value: 5,
          block: block(
            { op: 'Dot', source: local(5), key: p.str('privileged'), target: 6 },
            { op: 'Equal', a: local(6), b: bool(true) },
            { op: 'Dot', source: local(5), key: p.str('name'), target: 7 },
            { op: 'SetAdd', value: local(7), set: 2 },
          ),
        },
        { op: 'ResultSetAdd', value: 2 },
      ),
    );
    // first := the first key of input.m in iteration order (Break 1 leaves the scan's enclosing block)
    p.plan(
      'test/first',
      block(
        { op: 'Dot', source: local(INPUT), key: p.str('m'), target: 2 },
        {
          op: 'Block',
          blocks: [
            block({
              op: 'Scan',
              source: 2,
              key: 3,
              value: 4,
              block: block({ op: 'AssignVar', source: local(3), target: 5 }, { op: 'Break', index: 1 }),
            }),
          ],
        },
        { op: 'IsDefined', source: 5 },
        { op: 'ResultSetAdd', value: 5 },
      ),
    );
    const policy = await loadIr(p.policy);
    const input = {
      containers: [
        { name: 'a', privileged: true },
        { name: 'b', privileged: false },
        { name: 'c', privileged: true },
        { name: 'd' },
      ],
      m: { zeta: 1, alpha: 2 },
    };
    expect(policy.evaluate(input, 'test/deny')).toEqual([{ result: ['a', 'c'] }]);
    expect(policy.evaluate({ containers: 'not a collection' }, 'test/deny')).toEqual([{ result: [] }]);
    expect(policy.evaluate(input, 'test/first')).toEqual([{ result: 'alpha' }]);
    expect(policy.evaluate({ m: {} }, 'test/first')).toEqual([]);
  });

  it('negates a block with Not', async () => {
    const p = new PolicyBuilder();
    p.plan(
      'test/p',
      resultOf(
        2,
        { op: 'Not', block: block({ op: 'Dot', source: local(INPUT), key: p.str('x'), target: 3 }) },
        { op: 'AssignVar', source: bool(true), target: 2 },
      ),
    );
    const policy = await loadIr(p.policy);
    expect(policy.evaluate({})).toEqual([{ result: true }]);
    expect(policy.evaluate({ x: false })).toEqual([]);
  });

  it('tests types and lengths', async () => {
    const p = new PolicyBuilder();
    const kinds: [string, ir.Stmt['op']][] = [
      ['array', 'IsArray'],
      ['object', 'IsObject'],
      ['set', 'IsSet'],
    ];
    for (const [name, op] of kinds) {
      p.plan(
        `test/${name}`,
        resultOf(2, { op, source: local(INPUT) } as ir.Stmt, { op: 'Len', source: local(INPUT), target: 2 }),
      );
    }
    const policy = await loadIr(p.policy);
    expect(policy.evaluate([1, 2, 3], 'test/array')).toEqual([{ result: 3 }]);
    expect(policy.evaluate({ a: 1 }, 'test/array')).toEqual([]);
    expect(policy.evaluate({ a: 1, b: 2 }, 'test/object')).toEqual([{ result: 2 }]);
    expect(policy.evaluate('abc', 'test/object')).toEqual([]);
    expect(policy.evaluate([1], 'test/set')).toEqual([]);
  });

  it('merges objects', async () => {
    const p = new PolicyBuilder();
    p.plan(
      'test/p',
      resultOf(
        4,
        { op: 'Dot', source: local(INPUT), key: p.str('a'), target: 2 },
        { op: 'Dot', source: local(INPUT), key: p.str('b'), target: 3 },
        { op: 'ObjectMerge', a: 2, b: 3, target: 4 },
      ),
    );
    const policy = await loadIr(p.policy);
    expect(policy.evaluate({ a: { x: 1, n: { p: 1 } }, b: { x: 2, y: 3, n: { q: 2 } } })).toEqual([
      { result: { x: 1, y: 3, n: { p: 1, q: 2 } } },
    ]);
    expect(policy.evaluate({ a: { x: 1 }, b: 5 })).toEqual([]);
  });
});

describe('functions', () => {
  // f(x) := concat-free "double": returns [x, x]
  function pairFunc(name: string): ir.Func {
    return {
      name,
      params: [INPUT, DATA, 2],
      return: 3,
      blocks: [
        block(
          { op: 'MakeArray', capacity: 2, target: 3 },
          { op: 'ArrayAppend', value: local(2), array: 3 },
          { op: 'ArrayAppend', value: local(2), array: 3 },
          { op: 'ReturnLocal', source: 3 },
        ),
      ],
      path: ['g0', 'data', 'lib', 'pair'],
    };
  }

  it('calls functions with input and data passed along', async () => {
    const p = new PolicyBuilder();
    p.func(pairFunc('g0.data.lib.pair'));
    p.plan(
      'test/p',
      resultOf(
        3,
        { op: 'Dot', source: local(INPUT), key: p.str('v'), target: 2 },
        { op: 'Call', func: 'g0.data.lib.pair', args: [local(INPUT), local(DATA), local(2)], result: 3 },
      ),
    );
    const policy = await loadIr(p.policy);
    expect(policy.evaluate({ v: 'x' })).toEqual([{ result: ['x', 'x'] }]);
    expect(policy.evaluate({})).toEqual([]);
  });

  it('returns undefined when a function runs off its end', async () => {
    const p = new PolicyBuilder();
    p.func({
      name: 'g0.data.lib.never',
      params: [INPUT, DATA],
      return: 2,
      blocks: [
        block(
          { op: 'Dot', source: local(INPUT), key: p.str('nope'), target: 2 },
          { op: 'ReturnLocal', source: 2 },
        ),
      ],
    });
    p.plan(
      'test/p',
      resultOf(2, { op: 'Call', func: 'g0.data.lib.never', args: [local(INPUT), local(DATA)], result: 2 }),
    );
    const policy = await loadIr(p.policy);
    expect(policy.evaluate({ yes: 1 })).toEqual([]);
    expect(policy.evaluate({ nope: 1 })).toEqual([{ result: 1 }]);
  });

  it('dispatches CallDynamic on the run-time path', async () => {
    const p = new PolicyBuilder();
    // Functions at data.pkgs.<pkg>.<rule>, each returning "<pkg>.<rule>".
    const f = (pkg: string, rule: string): ir.Func => ({
      name: `g0.data.pkgs.${pkg}.${rule}`,
      params: [INPUT, DATA],
      return: 2,
      blocks: [
        block(
          { op: 'AssignVar', source: p.str(`${pkg}.${rule}`), target: 2 },
          { op: 'ReturnLocal', source: 2 },
        ),
      ],
      path: ['g0', 'data', 'pkgs', pkg, rule],
    });
    p.func(f('a', 'r')).func(f('a', 's')).func(f('b', 'r')).func(f('c', 's'));
    const call = (rule: ir.Operand): ir.Stmt => ({
      op: 'CallDynamic',
      args: [INPUT, DATA],
      path: [p.str('g0'), p.str('data'), p.str('pkgs'), local(2), rule],
      result: 4,
    });
    const readPkg: ir.Stmt = { op: 'Dot', source: local(INPUT), key: p.str('pkg'), target: 2 };
    const readRule: ir.Stmt = { op: 'Dot', source: local(INPUT), key: p.str('rule'), target: 3 };
    p.plan('test/r', resultOf(4, readPkg, call(p.str('r'))));
    p.plan('test/any', resultOf(4, readPkg, readRule, call(local(3))));
    const policy = await loadIr(p.policy);
    expect(policy.evaluate({ pkg: 'a' }, 'test/r')).toEqual([{ result: 'a.r' }]);
    expect(policy.evaluate({ pkg: 'b' }, 'test/r')).toEqual([{ result: 'b.r' }]);
    expect(policy.evaluate({ pkg: 'c' }, 'test/r')).toEqual([]);
    expect(policy.evaluate({ pkg: 1 }, 'test/r')).toEqual([]);
    expect(policy.evaluate({ pkg: 'a', rule: 's' }, 'test/any')).toEqual([{ result: 'a.s' }]);
    expect(policy.evaluate({ pkg: 'c', rule: 's' }, 'test/any')).toEqual([{ result: 'c.s' }]);
    expect(policy.evaluate({ pkg: 'c', rule: 'r' }, 'test/any')).toEqual([]);
    expect(policy.evaluate({ pkg: 'b', rule: 's' }, 'test/any')).toEqual([]);
  });

  it('memoizes rules without arguments for one evaluation, and not across with', async () => {
    const p = new PolicyBuilder();
    // rule := input.x (memoized); plan: [rule, rule with input.x as "w", rule]
    p.func({
      name: 'g0.data.test.rule',
      params: [INPUT, DATA],
      return: 2,
      memoize: true,
      blocks: [
        block(
          { op: 'Dot', source: local(INPUT), key: p.str('x'), target: 2 },
          { op: 'ReturnLocal', source: 2 },
        ),
      ],
    });
    const call = (result: number): ir.Stmt => ({
      op: 'Call',
      func: 'g0.data.test.rule',
      args: [local(INPUT), local(DATA)],
      result,
    });
    p.plan(
      'test/p',
      resultOf(
        5,
        { op: 'MakeArray', capacity: 3, target: 5 },
        call(2),
        { op: 'ArrayAppend', value: local(2), array: 5 },
        {
          op: 'With',
          local: INPUT,
          path: [p.strIndex('x')],
          value: p.str('w'),
          block: block(call(3), { op: 'ArrayAppend', value: local(3), array: 5 }),
        },
        call(4),
        { op: 'ArrayAppend', value: local(4), array: 5 },
      ),
    );
    // An undefined rule is memoized too and stays undefined.
    p.plan('test/undefined', resultOf(2, { op: 'Block', blocks: [block(call(3))] }, call(2)));
    const policy = await loadIr(p.policy);
    expect(policy.evaluate({ x: 'a' }, 'test/p')).toEqual([{ result: ['a', 'w', 'a'] }]);
    expect(policy.evaluate({ x: 'b' }, 'test/p')).toEqual([{ result: ['b', 'w', 'b'] }]);
    expect(policy.evaluate({}, 'test/undefined')).toEqual([]);
    expect(policy.evaluate({ x: 1 }, 'test/undefined')).toEqual([{ result: 1 }]);
  });
});

describe('with', () => {
  it('replaces part of input or data for a block and restores it, also when a Break leaves early', async () => {
    const p = new PolicyBuilder();
    p.plan(
      'test/p',
      resultOf(
        2,
        { op: 'MakeArray', capacity: 3, target: 2 },
        {
          op: 'Block',
          blocks: [
            block({
              op: 'With',
              local: INPUT,
              path: [p.strIndex('a'), p.strIndex('b')],
              value: p.str('inner'),
              block: block(
                { op: 'Dot', source: local(INPUT), key: p.str('a'), target: 3 },
                { op: 'ArrayAppend', value: local(3), array: 2 },
                { op: 'Break', index: 1 },
              ),
            }),
          ],
        },
        { op: 'ArrayAppend', value: local(INPUT), array: 2 },
        {
          op: 'With',
          local: DATA,
          path: [],
          value: p.str('whole'),
          block: block({ op: 'ArrayAppend', value: local(DATA), array: 2 }),
        },
        { op: 'ArrayAppend', value: local(DATA), array: 2 },
      ),
    );
    const policy = await loadIr(p.policy);
    policy.setData({ d: 1 });
    expect(policy.evaluate({ a: { c: 1 } })).toEqual([
      { result: [{ b: 'inner', c: 1 }, { a: { c: 1 } }, 'whole', { d: 1 }] },
    ]);
    // No input at all: `with input.a.b` builds the objects.
    expect(policy.evaluate(undefined)[0].result[0]).toEqual({ b: 'inner' });
  });
});

describe('runtime errors', () => {
  it('reports conflicting values with the rule location', async () => {
    const p = new PolicyBuilder();
    p.plan(
      'test/p',
      block(
        { op: 'Dot', source: local(INPUT), key: p.str('xs'), target: 2 },
        {
          op: 'Scan',
          source: 2,
          key: 3,
          value: 4,
          block: block({
            op: 'AssignVarOnce',
            source: local(4),
            target: 5,
            location: p.at('policy/p.rego', 4, 3),
          }),
        },
        { op: 'ResultSetAdd', value: 5 },
      ),
    );
    p.plan(
      'test/obj',
      resultOf(
        2,
        { op: 'MakeObject', target: 2 },
        { op: 'ObjectInsertOnce', key: p.str('k'), value: p.str('v'), object: 2 },
        { op: 'ObjectInsertOnce', key: p.str('k'), value: p.str('v'), object: 2 },
        {
          op: 'Dot',
          source: local(INPUT),
          key: p.str('v'),
          target: 3,
        },
        {
          op: 'ObjectInsertOnce',
          key: p.str('k'),
          value: local(3),
          object: 2,
          location: p.at('o.rego', 9, 1),
        },
      ),
    );
    const policy = await loadIr(p.policy);
    expect(policy.evaluate({ xs: [1, 1.0, 1] }, 'test/p')).toEqual([{ result: 1 }]);
    expect(thrown(() => policy.evaluate({ xs: [1, 2] }, 'test/p'))).toBe(
      'policy/p.rego:4:3: eval_conflict_error: complete rules must not produce multiple outputs',
    );
    expect(policy.evaluate({ v: 'v' }, 'test/obj')).toEqual([{ result: { k: 'v' } }]);
    expect(thrown(() => policy.evaluate({ v: 'w' }, 'test/obj'))).toMatch(
      /^o\.rego:9:1: eval_conflict_error: object keys must be unique/,
    );
    // The instance stays usable after an error.
    expect(policy.evaluate({ xs: [2] }, 'test/p')).toEqual([{ result: 2 }]);
  });

  it('rejects an entrypoint id that does not exist', async () => {
    const p = new PolicyBuilder();
    p.plan('test/p', resultOf(0));
    const policy = await loadIr(p.policy);
    expect(() => policy.evaluate({}, 5)).toThrow();
  });
});

describe('memory', () => {
  it('declares enough initial memory for large string constants', async () => {
    const p = new PolicyBuilder();
    const big = 'x'.repeat(200_000);
    p.plan('test/p', resultOf(2, { op: 'AssignVar', source: p.str(big), target: 2 }));
    const policy = await loadIr(p.policy);
    expect(policy.evaluate({})[0].result).toBe(big);
  });

  it('evaluates 100,000 times without growing memory', async () => {
    const p = new PolicyBuilder();
    p.plan(
      'test/deny',
      block(
        { op: 'MakeSet', target: 2 },
        { op: 'Dot', source: local(INPUT), key: p.str('containers'), target: 3 },
        {
          op: 'Scan',
          source: 3,
          key: 4,
          value: 5,
          block: block(
            { op: 'Dot', source: local(5), key: p.str('privileged'), target: 6 },
            { op: 'Equal', a: local(6), b: bool(true) },
            { op: 'MakeObject', target: 7 },
            { op: 'ObjectInsert', key: p.str('msg'), value: p.str('privileged container'), object: 7 },
            { op: 'SetAdd', value: local(7), set: 2 },
          ),
        },
        { op: 'ResultSetAdd', value: 2 },
      ),
    );
    const policy = await loadIr(p.policy);
    const input = { containers: [{ privileged: true }, { privileged: false }, { name: 'x'.repeat(200) }] };
    for (let i = 0; i < 1000; i++) policy.evaluate(input);
    const pages = policy.mem.buffer.byteLength;
    for (let i = 0; i < 100_000; i++) policy.evaluate(input);
    expect(policy.mem.buffer.byteLength).toBe(pages);
    expect(policy.evaluate(input)).toEqual([{ result: [{ msg: 'privileged container' }] }]);
  });
});
