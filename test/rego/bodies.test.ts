import { describe, expect, it } from 'vitest';
import { parseBody } from '../../src/rego/parser.js';
import {
  arr,
  body,
  callExpr,
  errors,
  expr,
  n,
  nodes,
  obj,
  op,
  parse,
  parseErrors,
  ref,
  s,
  shape,
  termExpr,
  v,
} from './helpers.js';

const member2 = op('internal', 'member_2');
const member3 = op('internal', 'member_3');

describe('body separators', () => {
  it('separates expressions by newlines or semicolons', () => {
    expect(body('a\nb; c\n\n  d').map((e) => shape(e))).toEqual(
      [v('a'), v('b'), v('c'), v('d')].map(termExpr),
    );
  });

  it('continues an expression over newlines inside it', () => {
    expect(shape(body('x := 1 +\n  2\ny := [\n  1,\n]'))).toEqual([
      callExpr(op('assign'), v('x'), { type: 'call', operator: op('plus'), args: [n('1'), n('2')] }),
      callExpr(op('assign'), v('y'), arr(n('1'))),
    ]);
  });

  it('requires a separator between expressions', () => {
    expect(parseErrors('package p\np if { x := 1 y := 2 }')).toEqual([
      '2:15: unexpected identifier "y": expected \\n or ; or }',
    ]);
  });

  it('rejects an empty body', () => {
    expect(parseErrors('package p\nxs := [x | ]')).toEqual(['2:12: found empty body']);
    expect(parseErrors('package p\np if { x | }')).toEqual(['2:12: unexpected } token: expected term']);
    expect(parseErrors('package p\np { }', { regoVersion: 'v0' })).toEqual(['2:5: found empty body']);
  });
});

describe('assignment, unification and calls', () => {
  it('parses := and = as assign and eq calls', () => {
    expect(shape(expr('x := input.a'))).toEqual(callExpr(op('assign'), v('x'), ref(v('input'), s('a'))));
    expect(shape(expr('[x, "b"] = ["a", y]'))).toEqual(
      callExpr(op('eq'), arr(v('x'), s('b')), arr(s('a'), v('y'))),
    );
  });

  it('turns a top-level call into a call expression', () => {
    expect(shape(expr('count(xs, n)'))).toEqual(callExpr(ref(v('count')), v('xs'), v('n')));
    expect(shape(expr('x > 1'))).toEqual(callExpr(op('gt'), v('x'), n('1')));
    expect(shape(expr('data.lib.check(input)'))).toEqual(
      callExpr(ref(v('data'), s('lib'), s('check')), ref(v('input'))),
    );
  });

  it('keeps a bare term as a term expression', () => {
    expect(shape(expr('input.spec.hostNetwork'))).toEqual(
      termExpr(ref(v('input'), s('spec'), s('hostNetwork'))),
    );
    expect(shape(expr('f(x).ok'))).toEqual(
      termExpr(ref({ type: 'call', operator: ref(v('f')), args: [v('x')] }, s('ok'))),
    );
  });
});

describe('membership', () => {
  it('parses `x in xs` and `k, v in xs` expressions', () => {
    expect(shape(expr('"a" in xs'))).toEqual(callExpr(member2, s('a'), v('xs')));
    expect(shape(expr('k, "v" in obj'))).toEqual(callExpr(member3, v('k'), s('v'), v('obj')));
  });
});

describe('some', () => {
  it('declares variables', () => {
    expect(shape(expr('some x, y'))).toEqual({
      type: 'expr',
      kind: 'some',
      decl: { type: 'some', symbols: [v('x'), v('y')] },
      negated: false,
      with: [],
    });
  });

  it('iterates with `some x in xs` and `some k, v in xs`', () => {
    expect(shape(expr('some x in input.items'))).toMatchObject({ kind: 'some' });
    expect(shape(expr('some x in input.items'))).toHaveProperty('decl', {
      type: 'some',
      symbols: [{ type: 'call', operator: member2, args: [v('x'), ref(v('input'), s('items'))] }],
    });
    expect(shape(expr('some k, v in {"a": 1}'))).toHaveProperty('decl', {
      type: 'some',
      symbols: [{ type: 'call', operator: member3, args: [v('k'), v('v'), obj([s('a'), n('1')])] }],
    });
  });

  it('rejects other forms', () => {
    expect(parseErrors('package p\np if { some x == y }')).toEqual([
      '2:13: expected `x in xs` or `x, y in xs` expression',
    ]);
    expect(parseErrors('package p\np if { some 1 }')).toEqual(['2:13: unexpected number 1: expected var']);
    expect(parseErrors('package p\np if { not some x in xs }')).toEqual(["2:12: illegal negation of 'some'"]);
  });
});

describe('every', () => {
  it('parses `every v in xs` and `every k, v in xs`', () => {
    const e = shape(expr('every x in input.xs {\n  x > 0\n  x < 9\n}'));
    expect(e).toEqual({
      type: 'expr',
      kind: 'every',
      every: {
        type: 'every',
        value: v('x'),
        domain: ref(v('input'), s('xs')),
        body: [callExpr(op('gt'), v('x'), n('0')), callExpr(op('lt'), v('x'), n('9'))],
      },
      negated: false,
      with: [],
    });
    const kv = shape(expr('every k, v in obj { k != v }'));
    expect(kv.kind === 'every' && [kv.every.key, kv.every.value, kv.every.domain]).toEqual([
      v('k'),
      v('v'),
      v('obj'),
    ]);
  });

  it('requires variables and a body', () => {
    expect(parseErrors('package p\np if { every 1 in xs { true } }')).toEqual([
      '2:14: expected value to be a variable',
    ]);
    expect(parseErrors('package p\np if { every x in xs }')).toEqual([
      '2:22: unexpected } token: expected { (every needs a body)',
    ]);
    expect(parseErrors('package p\np if { every x { true } }')).toEqual([
      '2:14: expected `x[, y] in xs { ... }` expression',
    ]);
    expect(parseErrors('package p\np if { not every x in xs { true } }')).toEqual([
      "2:12: illegal negation of 'every'",
    ]);
  });
});

describe('not and with', () => {
  it('negates an expression', () => {
    expect(shape(expr('not input.x == 1'))).toEqual({
      ...callExpr(op('equal'), ref(v('input'), s('x')), n('1')),
      negated: true,
    });
  });

  it('parses one or several with modifiers', () => {
    const e = shape(expr('allow with input as {"a": 1} with data.x.y as 2 with count as mock_count'));
    expect(e.with).toEqual([
      { type: 'with', target: ref(v('input')), value: obj([s('a'), n('1')]) },
      { type: 'with', target: ref(v('data'), s('x'), s('y')), value: n('2') },
      { type: 'with', target: ref(v('count')), value: v('mock_count') },
    ]);
    const negated = shape(expr('not deny["x"] with input as {}'));
    expect(negated.negated).toBe(true);
    expect(negated.with).toHaveLength(1);
  });

  it('rejects with targets that are not paths', () => {
    expect(parseErrors('package p\np if { x with 1 as 2 }')).toEqual([
      '2:15: unexpected number 1: expected with target',
    ]);
    expect(parseErrors('package p\np if { x with input }')).toEqual([
      '2:21: unexpected } token: expected as keyword',
    ]);
  });

  it('locates an expression over its modifiers', () => {
    const source = 'package p\np if {\n  not x with input as 1\n}';
    const [e] = parse(source).rules[0].body;
    expect(source.slice(e.location.offset, e.location.end)).toBe('not x with input as 1');
    expect(e.with[0].location).toMatchObject({ row: 3, col: 9 });
  });
});

describe('locations', () => {
  it('gives every node of a module a location inside its source', () => {
    const source = `package p
import rego.v1
# METADATA
# title: T
deny contains msg if {
\tsome i, c in input.spec.containers
\tevery k, v in c.env { k != v }
\tnot c.securityContext.privileged with input as {"a": [1, {2}]}
\tmsg := sprintf("%s", [c.name])
\tx := {k: 1 | k := [y | y := 1][0]}
}
f(x) := 1 if x else := 2
default d := set()
`;
    const m = parse(source, {});
    const all = nodes(m);
    expect(all.length).toBeGreaterThan(80);
    for (const { path, node } of all) {
      if (node.type === 'module') continue;
      const loc = node.location as { file: string; row: number; col: number; offset: number; end: number };
      expect(loc, path).toBeDefined();
      expect(loc.file, path).toBe('test.rego');
      expect(loc.offset, path).toBeGreaterThanOrEqual(0);
      expect(loc.end, path).toBeGreaterThanOrEqual(loc.offset);
      expect(loc.end, path).toBeLessThanOrEqual(source.length);
      // row and col agree with the offset
      const before = source.slice(0, loc.offset).split('\n');
      expect([loc.row, loc.col], path).toEqual([before.length, before[before.length - 1].length + 1]);
    }
  });
});

describe('standalone bodies and line endings', () => {
  it('parses a query body on its own', () => {
    expect(shape(parseBody('x := input.a; x > 1\ncount(x) == 2'))).toHaveLength(3);
    expect(errors(() => parseBody('x := ')).map((e) => e.message)).toEqual([
      'unexpected end of file: expected term',
    ]);
  });

  it('reads CRLF sources like LF ones', () => {
    const crlf = parse('package p\r\n\r\n# METADATA\r\n# title: t\r\np if {\r\n  input.x == 1\r\n}\r\n');
    const lf = parse('package p\n\n# METADATA\n# title: t\np if {\n  input.x == 1\n}\n');
    expect(shape(crlf.rules)).toEqual(shape(lf.rules));
    expect(crlf.rules[0].body[0].location).toMatchObject({ row: 6, col: 3 });
    expect(crlf.comments[1].text).toBe(' title: t');
  });
});

describe('some errors', () => {
  it('point at the broken domain of `some x in`', () => {
    expect(parseErrors('package p\np if { some x in }')).toEqual(['2:18: unexpected } token: expected term']);
  });
});

describe('AST sharing', () => {
  it('gives expressions without modifiers a frozen empty with-list', () => {
    const [e] = body('x := 1');
    expect(e.with).toEqual([]);
    expect(Object.isFrozen(e.with)).toBe(true);
    expect(() => e.with.push(e.with[0])).toThrow(TypeError);
  });
});
