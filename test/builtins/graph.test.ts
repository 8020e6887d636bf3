import { describe, expect, it } from 'vitest';
import { call, callError } from './helpers.js';

describe('graph.reachable', () => {
  it('collects every node reachable from the initial ones', () => {
    const graph = { a: ['b'], b: ['c'], c: [], d: ['a'] };
    expect(call('graph.reachable', graph, ['a'])).toEqual(['a', 'b', 'c']);
    expect(call('graph.reachable', graph, ['d', 'x'])).toEqual(['a', 'b', 'c', 'd']);
    expect(call('graph.reachable', {}, ['a'])).toEqual([]);
    expect(call('graph.reachable', { a: ['a'] }, ['a'])).toEqual(['a']);
    expect(call('graph.reachable', { 1: [2], 2: [] }, [1])).toEqual([1, 2]);
  });

  it('rejects operands that are not a graph and a collection', () => {
    expect(callError('graph.reachable', 1, [1]).code).toBe('eval_type_error');
    expect(callError('graph.reachable', { a: [] }, 'a').message).toBe(
      'graph.reachable: operand 2 must be {array, set} but got string',
    );
  });
});

describe('graph.reachable_paths', () => {
  const paths = (graph: unknown, initial: unknown) => call('graph.reachable_paths', graph, initial);

  it('lists the paths from each initial node', () => {
    expect(paths({ a: ['b'], b: ['c'], c: ['a'] }, ['a'])).toEqual([['a', 'b', 'c']]);
    expect(paths({ a: ['b', 'c'], b: ['c'], c: [] }, ['a'])).toEqual([
      ['a', 'b', 'c'],
      ['a', 'c'],
    ]);
    expect(paths({ a: ['b'], b: ['nonexistent'] }, ['a', 'b'])).toEqual([['a', 'b'], ['b']]);
    expect(paths({ a: null }, ['a'])).toEqual([['a']]);
    expect(paths({}, ['a'])).toEqual([]);
  });

  it('cuts a path where it meets a node already reached from the same start, as OPA does', () => {
    const graph = {
      one: ['two', 'five'],
      two: ['four'],
      three: [''],
      four: ['three'],
      five: ['seven', 'six'],
      six: ['nine', 'seven'],
      seven: ['eight'],
      eight: ['three'],
      nine: [''],
    };
    expect(paths(graph, ['one'])).toEqual([
      ['one', 'five', 'seven', 'eight', 'three'],
      ['one', 'five', 'six'],
      ['one', 'five', 'six', 'nine'],
      ['one', 'two', 'four', 'three'],
    ]);
  });
});

describe('walk', () => {
  it('lists every [path, value] pair, the root first', () => {
    expect(call('walk', { a: [1, { b: true }] })).toEqual([
      [[], { a: [1, { b: true }] }],
      [['a'], [1, { b: true }]],
      [['a', 0], 1],
      [['a', 1], { b: true }],
      [['a', 1, 'b'], true],
    ]);
    expect(call('walk', 'x')).toEqual([[[], 'x']]);
  });
});

describe('numbers.range_step', () => {
  it('steps up or down, including the end when it is hit', () => {
    expect(call('numbers.range_step', 0, 10, 3)).toEqual([0, 3, 6, 9]);
    expect(call('numbers.range_step', 10, 1, 3)).toEqual([10, 7, 4, 1]);
    expect(call('numbers.range_step', 2, 2, 1)).toEqual([2]);
    expect(call('numbers.range_step', -2, 2, 2)).toEqual([-2, 0, 2]);
  });

  it('rejects steps and bounds that are not positive integers', () => {
    expect(callError('numbers.range_step', 1, 5, 0).message).toBe(
      'numbers.range_step: step must be a positive number above zero',
    );
    expect(callError('numbers.range_step', 1, 5, -1).message).toBe(
      'numbers.range_step: step must be a positive number above zero',
    );
    expect(callError('numbers.range_step', 1.5, 5, 1).message).toBe(
      'numbers.range_step: operand 1 must be integer number but got floating-point number',
    );
  });
});

describe('object.subset', () => {
  it('compares objects recursively and arrays as contiguous runs', () => {
    expect(call('object.subset', { a: 'b', c: { x: { y: 1 } } }, { c: { x: {} } })).toBe(true);
    expect(call('object.subset', { a: 'b' }, { a: 'c' })).toBe(false);
    expect(call('object.subset', { a: [1, 2, 3, 4] }, { a: [2, 3] })).toBe(true);
    expect(call('object.subset', { a: [1, 2, 3, 4] }, { a: [2, 4] })).toBe(false);
    expect(call('object.subset', [1, 2, 3], [1, 2, 3])).toBe(true);
    expect(call('object.subset', [1, 2, 3], [])).toBe(true);
    expect(call('object.subset', { a: 1 }, {})).toBe(true);
    expect(call('object.subset', { a: { b: [1] } }, { a: { b: [1], c: 1 } })).toBe(false);
  });

  it('rejects scalars', () => {
    expect(callError('object.subset', 1, {}).code).toBe('eval_type_error');
  });
});

describe('rand.intn', () => {
  it('draws below n, the same value for the same key within an evaluation', async () => {
    const a = call('rand.intn', 'key', 100) as number;
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(100);
    expect(call('rand.intn', 'key', 100)).toBe(a);
    expect(call('rand.intn', 'key', -1)).toBe(0);
    expect(call('rand.intn', 'key', 0)).toBe(0);
    const draws = new Set<unknown>();
    for (let i = 0; i < 20; i++) draws.add(call('rand.intn', `k${i}`, 1000));
    expect(draws.size).toBeGreaterThan(1);
    expect(callError('rand.intn', 'key', 1.5).code).toBe('eval_type_error');
  });
});

describe('array.flatten and strings.split_n', () => {
  it('flattens nested arrays at every depth', () => {
    expect(call('array.flatten', [1, [2, [3, [4]]], [], 'a'])).toEqual([1, 2, 3, 4, 'a']);
    expect(callError('array.flatten', 'x').code).toBe('eval_type_error');
  });

  it('keeps the first n parts, or the last -n parts', () => {
    expect(call('strings.split_n', 'a,b,c,d', ',', 2)).toEqual(['a', 'b']);
    expect(call('strings.split_n', 'a,b,c', ',', 5)).toEqual(['a', 'b', 'c']);
    expect(call('strings.split_n', 'a,b,c', ',', 0)).toEqual([]);
    expect(call('strings.split_n', 'a,b,c', ',', -2)).toEqual(['b', 'c']);
    expect(call('strings.split_n', 'héllo', '', 3)).toEqual(['h', 'é', 'l']);
  });
});

describe('cast_* (deprecated, Rego v0)', () => {
  it('returns an operand of the right type and rejects others', () => {
    expect(call('cast_array', [1, 2])).toEqual([1, 2]);
    expect(call('cast_set', ['a'])).toEqual(['a']);
    expect(call('cast_string', 'x')).toBe('x');
    expect(call('cast_boolean', false)).toBe(false);
    expect(call('cast_null', null)).toBeNull();
    expect(call('cast_object', { a: 1 })).toEqual({ a: 1 });
    expect(callError('cast_array', 'x').message).toBe(
      'cast_array: operand 1 must be one of {array, set} but got string',
    );
    expect(callError('cast_boolean', 'true').message).toBe(
      'cast_boolean: operand 1 must be boolean but got string',
    );
  });
});
