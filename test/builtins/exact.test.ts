// Exact builtins: Rego value text in and out, so sets, non-string keys and
// big integers reach the host and come back as they are.
import { describe, expect, it } from 'vitest';
import {
  formatValue,
  makeSet,
  parseRegoText,
  RegoObject,
  RegoSet,
  regoText,
  toJsonResult,
} from '../../src/builtins/exact.js';
import { createHostBuiltins } from '../../src/builtins/index.js';
import { call, callExact } from './helpers.js';

describe('Rego value text', () => {
  it('reads sets, non-string keys and big integers, and writes them back', () => {
    const v = parseRegoText(
      '{"s": {3, 1, 2}, "o": {1: "a", [2]: {}}, "n": 12345678901234567890, "e": set()}',
    );
    expect(v).toMatchObject({ n: 12345678901234567890n });
    const record = v as Record<string, unknown>;
    expect(record.s).toBeInstanceOf(RegoSet);
    expect([...(record.s as RegoSet)]).toEqual([1, 2, 3]);
    expect(record.o).toBeInstanceOf(RegoObject);
    expect(record.e).toBeInstanceOf(RegoSet);
    expect(regoText(v)).toBe('{"s":{1,2,3},"o":{1:"a",[2]:{}},"n":12345678901234567890,"e":set()}');
  });

  it('formats values as OPA prints them, and writes JSON for modules that call with JSON', () => {
    const v = parseRegoText('{"b": {"x", "y"}, "a": [1, 2.5, null, true], "c": {1: set()}}');
    expect(formatValue(v)).toBe('{"a": [1, 2.5, null, true], "b": {"x", "y"}, "c": {1: set()}}');
    expect(toJsonResult(v)).toEqual({ a: [1, 2.5, null, true], b: ['x', 'y'], c: { '1': [] } });
  });

  it('orders values as OPA does, a set after an object and a big integer among doubles', () => {
    const set = makeSet(
      parseRegoText('[{}, set(), [], "s", 1e16, 9007199254740993, 4.5, 1, false, null]') as [],
    );
    expect(regoText(set)).toBe('{null,false,1,4.5,9007199254740993,10000000000000000,"s",[],{},set()}');
  });
});

describe('exact builtins', () => {
  it('object.subset compares sets by membership and arrays with sets as OPA does', () => {
    expect(callExact('object.subset', '{"a": {1, 2, 3, 4}}', '{"a": {4, 1}}')).toBe('true');
    expect(callExact('object.subset', '{"a": {1, 2}}', '{"a": {3}}')).toBe('false');
    expect(callExact('object.subset', '{1, 2, 3}', '{3, 1}')).toBe('true');
    expect(callExact('object.subset', '[1, 2, 3]', '{3, 1}')).toBe('true');
    // OPA counts matching array elements, duplicates included.
    expect(callExact('object.subset', '[1, 1]', '{1, 2}')).toBe('true');
    expect(callExact('object.subset', '{1: "a", "k": [1, 2, 3]}', '{1: "a", "k": [2, 3]}')).toBe('true');
    expect(callExact('object.subset', '{1: "a"}', '{"1": "a"}')).toBe('false');
    expect(() => callExact('object.subset', '{1}', '[1]')).toThrow(
      'object.subset: both arguments object.subset must be of the same type or array and set',
    );
  });

  it('json.patch addresses set members by value and objects by keys of any type', () => {
    const doc = '{"foo": {"a", "b", "c"}}';
    expect(callExact('json.patch', doc, '[{"op": "remove", "path": "foo/b"}]')).toBe('{"foo":{"a","c"}}');
    expect(callExact('json.patch', doc, '[{"op": "add", "path": "/foo/d", "value": "d"}]')).toBe(
      '{"foo":{"a","b","c","d"}}',
    );
    // A member must be added under its own value.
    expect(callExact('json.patch', doc, '[{"op": "add", "path": "foo/d", "value": "e"}]')).toBeUndefined();
    expect(callExact('json.patch', '{[1]}', '[{"op": "add", "path": [[1], 1], "value": 2}]')).toBe('{[1,2]}');
    expect(
      callExact(
        'json.patch',
        '{"f": {"a", "b"}, "g": {"c"}}',
        '[{"op": "move", "from": "f/a", "path": "g/a"}]',
      ),
    ).toBe('{"f":{"b"},"g":{"a","c"}}');
    expect(
      callExact('json.patch', '{1: "x"}', '[{"op": "replace", "path": [1], "value": 12345678901234567890}]'),
    ).toBe('{1:12345678901234567890}');
    expect(callExact('json.patch', '{1: "x"}', '[{"op": "remove", "path": "1"}]')).toBeUndefined();
    // Called with JSON (a module built by `opa build`), the result is JSON too.
    expect(call('json.patch', { a: ['x'] }, [{ op: 'add', path: '/a/-', value: 'y' }])).toEqual({
      a: ['x', 'y'],
    });
  });

  it('net.cidr_contains_matches reports a set element by the element itself', () => {
    expect(
      callExact(
        'net.cidr_contains_matches',
        '{["1.1.1.0/24", "bar"], ["1.1.2.0/24", "foo"]}',
        '{["1.1.1.1", "baz"], ["1.1.2.1", "qux"]}',
      ),
    ).toBe('{[["1.1.1.0/24","bar"],["1.1.1.1","baz"]],[["1.1.2.0/24","foo"],["1.1.2.1","qux"]]}');
    expect(
      callExact('net.cidr_contains_matches', '["10.0.0.0/8"]', '{"a": "10.1.2.3", "b": "11.0.0.1"}'),
    ).toBe('{[0,"a"]}');
  });

  it('sprintf formats sets in braces and big integers exactly', () => {
    expect(callExact('sprintf', '"%v %d %v"', '[{"b", "a"}, 12345678901234567890, {1: set()}]')).toBe(
      JSON.stringify('{"a", "b"} 12345678901234567890 {1: set()}'),
    );
  });

  it('sprintf tells numbers apart by their text, as OPA does: 2.0 is a float, 2 an integer', () => {
    const sprintf = (format: string, values: string) =>
      JSON.parse(callExact('sprintf', JSON.stringify(format), values));
    expect(sprintf('%d', '[2.0]')).toBe('%!d(float64=2)');
    expect(sprintf('%f', '[2]')).toBe('%!f(int64=2)');
    expect(sprintf('%v %v %v', '[2.0, 1e21, 2]')).toBe('2 1e+21 2');
    expect(sprintf('%.1f', '[2.5e0]')).toBe('2.5');
    // Inside a collection a number is printed as written.
    expect(sprintf('%v %v', '[[2.0, 1.50, 3], {1.0: 2.50}]')).toBe('[2.0, 1.50, 3] {1.0: 2.50}');
  });

  it('print writes numbers as they were written', () => {
    const lines: string[] = [];
    const builtins = createHostBuiltins({ print: (line) => lines.push(line) });
    builtins['rtpolicy.exact.internal.print']('[{1.50}, {[2.0, 3]}]');
    expect(lines).toEqual(['1.50 [2.0, 3]']);
  });

  it('strings.replace_n refuses a pattern object with a non-string key', () => {
    expect(callExact('strings.replace_n', '{"a": "b"}', '"aaa"')).toBe('"bbb"');
    expect(() => callExact('strings.replace_n', '{1: "b"}', '"aaa"')).toThrow('non-string key');
  });

  it('print shows each value as OPA does: strings bare, anything else in Rego syntax', () => {
    const lines: string[] = [];
    const builtins = createHostBuiltins({ print: (line) => lines.push(line) });
    expect(builtins['rtpolicy.exact.internal.print']('[{"x"}, {{"b", "a"}}, set()]')).toBe('true');
    expect(lines).toEqual(['x {"a", "b"} <undefined>']);
  });
});
