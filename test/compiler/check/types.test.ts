import { describe, expect, it } from 'vitest';
import { brief, compile, errorsOf } from './helpers.js';

const firstLines = (source: string): string[] => brief(errorsOf(source)).map((line) => line.split('\n')[0]);

describe('type checking', () => {
  it('reports builtin arguments of the wrong type', () => {
    const [error] = errorsOf('package a\np if { plus("a", 1) }');
    expect(error.message).toBe(
      'plus: invalid argument(s)\n\thave: (string, number)\n\twant: (number, number)',
    );
    expect(firstLines('package a\np if { x := "s"; y := x + 1; y }')).toEqual([
      'rego_type_error 2:23 plus: invalid argument(s)',
    ]);
  });

  it('carries result types to later expressions and rules', () => {
    expect(firstLines('package a\nn := count([1])\np if { upper(n) }')).toEqual([
      'rego_type_error 3:8 upper: invalid argument(s)',
    ]);
  });

  it('reports unifications that cannot match', () => {
    expect(firstLines('package a\np if { x := 1; x = "a" }')).toEqual(['rego_type_error 2:16 match error']);
  });

  it('reports references into values of known type that select nothing', () => {
    expect(firstLines('package a\np if { x := 1; x.foo }')).toEqual([
      'rego_type_error 2:16 undefined ref: x.foo',
    ]);
    expect(firstLines('package a\nq := {"a": 1}\np if { q.b }')).toEqual([
      'rego_type_error 3:8 undefined ref: data.a.q.b',
    ]);
  });

  it('reports a rule called as a function', () => {
    expect(firstLines('package a\nq := 1\np if { q(1) }')).toEqual([
      'rego_type_error 3:8 undefined function data.a.q',
    ]);
  });

  it('accepts input, base documents and values of unknown type', () => {
    expect(() =>
      compile(
        'package a\np if { x := input.a; y := x + 1; data.b.c[_] = y; z := data.a.q.r; z }\nq := {"r": 1}',
      ),
    ).not.toThrow();
  });
});

describe('type checking of rule values', () => {
  it('does not guess the shape of a value that other rules extend', () => {
    expect(() =>
      compile('package a\np[x] := 1 if some x in ["a"]\np.q.r := 2\ns if { data.a.p.q.r == 2 }'),
    ).not.toThrow();
  });

  it('merges the definitions of a rule and of a function', () => {
    expect(() =>
      compile(
        'package a\nv := {"a": 1} if input.x\nv := {"b": "s"} if input.y\nt if { v.b == "s" }\nf(x) := 1 if x > 0\nf(x) := "one" if x == "1"\nu if { upper(f("1")) }',
      ),
    ).not.toThrow();
  });
});
