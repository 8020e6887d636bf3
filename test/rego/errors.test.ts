import { describe, expect, it } from 'vitest';
import { formatRegoError, RegoError } from '../../src/rego/ast.js';
import { parseModule, parseModules } from '../../src/rego/parser.js';
import { errors, parseErrors } from './helpers.js';

describe('syntax errors', () => {
  it('say what was found and what was expected, where', () => {
    expect(parseErrors('package p\np := }')).toEqual([
      '2:6: unexpected } token: expected rule value term (e.g., p := <VALUE> { ... })',
    ]);
    expect(parseErrors('package p\np if { x := [1, 2 }')).toEqual([
      '2:19: unexpected } token: expected , or ]',
    ]);
    expect(parseErrors('package p\np if { x := }')).toEqual(['2:13: unexpected } token: expected term']);
    expect(parseErrors('package p\np if { f(x ]')).toEqual(['2:12: unexpected ] token: expected , or )']);
    expect(parseErrors('package p\np if { {"a" 1} }')).toEqual([
      '2:13: unexpected number 1: expected , or : or }',
    ]);
    expect(parseErrors('package p\nx := 1 +')).toEqual(['2:9: unexpected end of file: expected term']);
    expect(parseErrors('package p\np if {\n  true')).toEqual(['3:7: unexpected end of file: expected }']);
    expect(parseErrors('package p\np if { x = (1 + 2 }')).toEqual(['2:19: unexpected } token: expected )']);
    expect(parseErrors('package p\n+ := 1')).toEqual([
      '2:1: unexpected + token: expected rule, import or package',
    ]);
    expect(parseErrors('package p\np + 1')).toEqual(['2:3: unexpected + token']);
  });

  it('report lexical errors at the offending token', () => {
    expect(parseErrors('package p\np if { x := "abc }')).toEqual(['2:13: non-terminated string']);
    expect(parseErrors('package p\np := 01')).toEqual(['2:6: expected number without leading zero']);
    expect(parseErrors('package p\np := "\\q"')).toEqual(['2:6: illegal escape sequence']);
    expect(parseErrors('package p\np if { a ! b }')).toEqual(['2:10: illegal ! character']);
  });

  it('are collected across modules, each at its own file', () => {
    const parse = () =>
      parseModules([
        { filename: 'a.rego', source: 'package a\np := }' },
        { filename: 'ok.rego', source: 'package ok\np := 1' },
        { filename: 'b.rego', source: 'package b\nq if {' },
      ]);
    expect(parse).toThrow(RegoError);
    try {
      parse();
    } catch (err) {
      expect((err as RegoError).errors.map((e) => `${e.location.file}:${e.location.row}`)).toEqual([
        'a.rego:2',
        'b.rego:2',
      ]);
    }
    expect(
      parseModules([{ filename: 'ok.rego', source: 'package ok\np := 1' }]).map((m) => m.package.path.length),
    ).toEqual([2]);
  });

  it('are reported for several rules of one file, each once', () => {
    const source = [
      'package p',
      'a := [1, 2',
      'b := 1',
      'c if {',
      '  x := )',
      '}',
      'd if { true }',
      'e := {',
      '  "k" 1,',
      '}',
    ].join('\n');
    expect(parseErrors(source)).toEqual([
      '3:1: unexpected identifier "b": expected , or ]',
      '5:8: unexpected ) token: expected term',
      '9:7: unexpected number 1: expected , or : or }',
    ]);
  });

  it('combine syntax errors with Rego v1 errors', () => {
    expect(parseErrors('package p\np { true }\nq := ]')).toEqual([
      '2:1: `if` keyword is required before rule body (hint: this is Rego v0 syntax: rewrite it for Rego v1, or parse the policy with --rego-version v0)',
      '3:6: unexpected ] token: expected rule value term (e.g., q := <VALUE> { ... })',
    ]);
  });

  it('are RegoErrors with OPA codes and file:row:col messages', () => {
    const e = (() => {
      try {
        parseModule('package p\np := ]', 'policies/x.rego');
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(RegoError);
    const err = e as RegoError;
    expect(err.code).toBe('rego_parse_error');
    expect(err.errors).toEqual([
      {
        code: 'rego_parse_error',
        message: 'unexpected ] token: expected rule value term (e.g., p := <VALUE> { ... })',
        location: { file: 'policies/x.rego', row: 2, col: 6 },
      },
    ]);
    expect(err.message).toBe(formatRegoError(err.errors[0]));
  });

  it('stop after many errors', () => {
    const source = `package p\n${'x := ]\n'.repeat(500)}`;
    expect(errors(() => parseModule(source)).length).toBe(100);
  });
});
