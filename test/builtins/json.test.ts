import { describe, expect, it } from 'vitest';
import { call, callError, callJson } from './helpers.js';

describe('json.filter', () => {
  it('keeps only the given paths', () => {
    expect(call('json.filter', { a: { b: 'x', c: 'y' }, d: 'z' }, ['a/b'])).toEqual({ a: { b: 'x' } });
    expect(call('json.filter', { a: { b: 'x', c: 'y' }, d: 'z' }, ['a/b', 'd'])).toEqual({
      a: { b: 'x' },
      d: 'z',
    });
    expect(call('json.filter', { a: [{ b: 1 }, { b: 2, c: 3 }] }, [['a', '1', 'c']])).toEqual({
      a: [{ c: 3 }],
    });
    expect(call('json.filter', { a: { b: 1 } }, ['a', 'a/b/c'])).toEqual({ a: { b: 1 } });
    expect(call('json.filter', { 'a/b': 1, 'c~d': 2 }, ['a~1b', 'c~0d'])).toEqual({ 'a/b': 1, 'c~d': 2 });
    expect(call('json.filter', { a: 1 }, [])).toEqual({});
  });

  it('reports type errors', () => {
    expect(callError('json.filter', 'x', ['a']).message).toBe(
      'json.filter: operand 1 must be object but got string',
    );
    expect(callError('json.filter', {}, 1).message).toBe(
      'json.filter: operand 2 must be one of {set, array} but got number',
    );
    expect(callError('json.filter', {}, [1]).message).toBe(
      'json.filter: operand 2 must be one of {set, array} containing string paths or array of path segments but got number',
    );
  });
});

describe('json.remove', () => {
  it('removes the given paths, shifting array elements left', () => {
    expect(call('json.remove', { a: { b: 'x', c: 'y' }, d: 'z' }, ['a/b'])).toEqual({
      a: { c: 'y' },
      d: 'z',
    });
    expect(call('json.remove', { a: [0, 1, 2] }, ['a/1'])).toEqual({ a: [0, 2] });
    expect(call('json.remove', { a: { b: 1 } }, [['a', 'b'], 'a/b/c'])).toEqual({ a: {} });
    expect(call('json.remove', { a: 1 }, ['x/y'])).toEqual({ a: 1 });
    expect(callError('json.remove', 'x', ['a']).message).toBe(
      'json.remove: operand 1 must be object but got string',
    );
  });
});

describe('json.patch (RFC 6902)', () => {
  it('applies add, remove, replace, move, copy and test', () => {
    expect(call('json.patch', { a: { foo: 1 } }, [{ op: 'add', path: '/a/bar', value: 2 }])).toEqual({
      a: { foo: 1, bar: 2 },
    });
    expect(
      call('json.patch', { a: [1, 2] }, [
        { op: 'add', path: '/a/-', value: 3 },
        { op: 'add', path: '/a/0', value: 0 },
      ]),
    ).toEqual({
      a: [0, 1, 2, 3],
    });
    expect(call('json.patch', { a: [1, 2] }, [{ op: 'remove', path: '/a/0' }])).toEqual({ a: [2] });
    expect(call('json.patch', { a: 1 }, [{ op: 'replace', path: 'a', value: 2 }])).toEqual({ a: 2 });
    expect(call('json.patch', { a: 1, b: {} }, [{ op: 'move', from: '/a', path: '/b/c' }])).toEqual({
      b: { c: 1 },
    });
    expect(call('json.patch', { a: [1] }, [{ op: 'copy', from: '/a', path: '/b' }])).toEqual({
      a: [1],
      b: [1],
    });
    expect(call('json.patch', { a: 1 }, [{ op: 'test', path: '/a', value: 1 }])).toEqual({ a: 1 });
    expect(call('json.patch', 1, [{ op: 'replace', path: '', value: { x: 1 } }])).toEqual({ x: 1 });
    expect(call('json.patch', { a: {} }, [{ op: 'add', path: ['a', 'b/c'], value: 1 }])).toEqual({
      a: { 'b/c': 1 },
    });
    // A key named __proto__ is an ordinary key, not the object's prototype.
    expect(callJson('json.patch', {}, [{ op: 'add', path: '/__proto__', value: 1 }])).toBe('{"__proto__":1}');
  });

  it('is undefined when a patch fails, as in OPA', () => {
    expect(call('json.patch', [1, 2, 3], [{ op: 'add', path: '1.2', value: 'foo' }])).toBeUndefined();
    expect(call('json.patch', { a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toBeUndefined();
    expect(call('json.patch', { a: 1 }, [{ op: 'remove', path: '/b' }])).toBeUndefined();
    expect(call('json.patch', { a: 1 }, [{ op: 'frobnicate', path: '/a' }])).toBeUndefined();
    expect(call('json.patch', { a: [] }, [{ op: 'add', path: '/a/5', value: 1 }])).toBeUndefined();
  });
});

describe('json.verify_schema / json.match_schema (gojsonschema)', () => {
  const schema = { properties: { id: { type: 'integer' } }, required: ['id'] };

  it('verifies schemas, given as values or as JSON text', () => {
    expect(call('json.verify_schema', { type: 'boolean' })).toEqual([true, null]);
    expect(call('json.verify_schema', '{"type": "boolean"}')).toEqual([true, null]);
    const bad = [
      false,
      'jsonschema: has a primitive type that is NOT VALID -- given: /unknown_type/ Expected valid values are:[array boolean integer number null object string]',
    ];
    expect(call('json.verify_schema', { type: 'unknown_type' })).toEqual(bad);
    expect(call('json.verify_schema', '{"type": "unknown_type"}')).toEqual(bad);
  });

  it('matches documents and describes violations as gojsonschema does', () => {
    expect(call('json.match_schema', { id: 5 }, schema)).toEqual([true, []]);
    expect(call('json.match_schema', '{"id": 5}', schema)).toEqual([true, []]);
    expect(call('json.match_schema', { id: 5 }, JSON.stringify(schema))).toEqual([true, []]);
    expect(call('json.match_schema', { id: 'foo' }, schema)).toEqual([
      false,
      [
        {
          desc: 'Invalid type. Expected: integer, given: string',
          error: 'id: Invalid type. Expected: integer, given: string',
          field: 'id',
          type: 'invalid_type',
        },
      ],
    ]);
    expect(call('json.match_schema', {}, schema)).toEqual([
      false,
      [{ desc: 'id is required', error: '(root): id is required', field: '(root)', type: 'required' }],
    ]);
  });

  it('checks the common keywords', () => {
    const violations = (doc: unknown, s: unknown) =>
      (call('json.match_schema', doc, s) as [boolean, { type: string; field: string }[]])[1].map(
        (v) => `${v.field}:${v.type}`,
      );
    expect(
      violations({ a: [1, 1] }, { properties: { a: { type: 'array', uniqueItems: true, maxItems: 1 } } }),
    ).toEqual(['a:array_max_items', 'a:unique']);
    expect(violations({ s: 'ab' }, { properties: { s: { minLength: 3, pattern: '^x' } } })).toEqual([
      's:string_gte',
      's:pattern',
    ]);
    const of = (s: unknown) => ({ properties: { v: s } });
    expect(violations({ v: 5 }, of({ minimum: 6, multipleOf: 2 }))).toEqual([
      'v:multiple_of',
      'v:number_gte',
    ]);
    expect(violations({ v: 5 }, of({ exclusiveMaximum: 5 }))).toEqual(['v:number_lt']);
    expect(violations({ x: 1 }, { additionalProperties: false })).toEqual([
      '(root):additional_property_not_allowed',
    ]);
    expect(violations({ v: 'b' }, of({ enum: ['a'] }))).toEqual(['v:enum']);
    expect(violations({ v: 1 }, of({ anyOf: [{ type: 'string' }, { type: 'boolean' }] }))).toEqual([
      'v:number_any_of',
    ]);
    expect(violations({ v: 1 }, of({ oneOf: [{ type: 'integer' }, { type: 'number' }] }))).toEqual([
      'v:number_one_of',
    ]);
    expect(
      violations(
        { a: [{ b: 'x' }] },
        { properties: { a: { items: { properties: { b: { type: 'integer' } } } } } },
      ),
    ).toEqual(['a.0.b:invalid_type']);
    expect(
      violations(
        { a: 'x' },
        { definitions: { n: { type: 'integer' } }, properties: { a: { $ref: '#/definitions/n' } } },
      ),
    ).toEqual(['a:invalid_type']);
    expect(violations({ v: '2024-01-02T03:04:05Z' }, of({ format: 'date-time' }))).toEqual([]);
    expect(violations({ v: 'not a date' }, of({ format: 'date-time' }))).toEqual(['v:format']);
    expect(
      violations(
        { kind: 'Pod' },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's `then` keyword
        { if: { properties: { kind: { const: 'Pod' } } }, then: { required: ['spec'] } },
      ),
    ).toEqual(['(root):condition_then']);
  });

  it('fails match_schema on an invalid schema', () => {
    expect(
      callError('json.match_schema', { id: 'foo' }, { properties: { id: { type: 'unknown' } } }).message,
    ).toBe(
      'json.match_schema: has a primitive type that is NOT VALID -- given: /unknown/ Expected valid values are:[array boolean integer number null object string]',
    );
    expect(callError('json.match_schema', {}, { $ref: 'http://example.com/s.json' }).message).toContain(
      'not supported',
    );
  });
});
