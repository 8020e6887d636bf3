import { describe, expect, it } from 'vitest';
import { arr, b, call, errors, n, nul, obj, op, ref, s, set, shape, term, v } from './helpers.js';

describe('scalars', () => {
  it('parses null and booleans', () => {
    expect(shape(term('null'))).toEqual(nul);
    expect(shape(term('true'))).toEqual(b(true));
    expect(shape(term('false'))).toEqual(b(false));
  });

  it('keeps numbers as their literal text, however big or precise', () => {
    for (const text of [
      '0',
      '42',
      '-7',
      '3.14',
      '1e10',
      '2.5E-3',
      '-0.1e+2',
      '1e400',
      '123456789012345678901234567890',
    ]) {
      expect(shape(term(text))).toEqual(n(text));
    }
    expect(shape(term('0.30000000000000000000000000000001'))).toEqual(
      n('0.30000000000000000000000000000001'),
    );
  });

  it('reads .5 as 0.5 and allows space after a minus sign', () => {
    expect(shape(term('.5'))).toEqual(n('0.5'));
    expect(shape(term('-.25e2'))).toEqual(n('-0.25e2'));
    expect(shape(term('- 3'))).toEqual(n('-3'));
  });

  it('rejects leading zeros and numbers beyond OPA limits', () => {
    expect(errors(() => term('007'))[0].message).toBe('expected number without leading zero');
    expect(shape(term('0.07'))).toEqual(n('0.07'));
    expect(shape(term('0e5'))).toEqual(n('0e5'));
    expect(errors(() => term('1e400000'))[0].message).toBe('number too big');
    expect(errors(() => term('1e-400000'))[0].message).toBe('number too big');
    expect(shape(term('0e999999999'))).toEqual(n('0e999999999'));
  });

  it('decodes string escapes, including \\u escapes and surrogate pairs', () => {
    expect(shape(term(String.raw`"a\"b\\c\/d\b\f\n\r\t"`))).toEqual(s('a"b\\c/d\b\f\n\r\t'));
    expect(shape(term(String.raw`"caf\u00e9 \u2713"`))).toEqual(s('café ✓'));
    expect(shape(term(String.raw`"\ud83d\ude00"`))).toEqual(s('😀'));
    expect(shape(term('"raw 😀 é"'))).toEqual(s('raw 😀 é'));
  });

  it('replaces unpaired surrogates with U+FFFD, as OPA does', () => {
    expect(shape(term(String.raw`"\ud83d x"`))).toEqual(s('\ufffd x'));
    expect(shape(term(String.raw`"\ude00"`))).toEqual(s('\ufffd'));
    expect(shape(term(String.raw`"\ud83d\u0041"`))).toEqual(s('\ufffdA'));
  });

  it('keeps raw strings verbatim, across lines', () => {
    expect(shape(term('`a\\n\n"b"`'))).toEqual({ type: 'string', value: 'a\\n\n"b"', raw: true });
  });
});

describe('composites', () => {
  it('parses arrays, objects and sets, with trailing commas', () => {
    expect(shape(term('[]'))).toEqual(arr());
    expect(shape(term('[1, "a", [true],]'))).toEqual(arr(n('1'), s('a'), arr(b(true))));
    expect(shape(term('{}'))).toEqual(obj());
    expect(shape(term('{"a": 1, x: [2], [3]: {4},}'))).toEqual(
      obj([s('a'), n('1')], [v('x'), arr(n('2'))], [arr(n('3')), set(n('4'))]),
    );
    expect(shape(term('{1, "b", x}'))).toEqual(set(n('1'), s('b'), v('x')));
  });

  it('reads set() as the empty set and {} as the empty object', () => {
    expect(shape(term('set()'))).toEqual(set());
    expect(shape(term('{}'))).toEqual(obj());
    expect(shape(term('set(1)'))).toEqual(call(ref(v('set')), n('1')));
  });

  it('allows expressions as items and keys', () => {
    expect(shape(term('[1 + 2, x == y]'))).toEqual(
      arr(call(op('plus'), n('1'), n('2')), call(op('equal'), v('x'), v('y'))),
    );
    expect(shape(term('{a + 1: b * 2}'))).toEqual(
      obj([call(op('plus'), v('a'), n('1')), call(op('mul'), v('b'), n('2'))]),
    );
    expect(shape(term('{a - 1, 2}'))).toEqual(set(call(op('minus'), v('a'), n('1')), n('2')));
  });

  it('parses array, set and object comprehensions', () => {
    const assignX = {
      type: 'expr',
      kind: 'call',
      operator: op('assign'),
      args: [v('x'), n('1')],
      negated: false,
      with: [],
    };
    expect(shape(term('[x | x := 1]'))).toEqual({
      type: 'arraycomprehension',
      term: v('x'),
      body: [assignX],
    });
    expect(shape(term('{x | x := 1}'))).toEqual({ type: 'setcomprehension', term: v('x'), body: [assignX] });
    expect(shape(term('{x: 2 | x := 1}'))).toEqual({
      type: 'objectcomprehension',
      key: v('x'),
      value: n('2'),
      body: [assignX],
    });
  });

  it('prefers a comprehension to an `or` call, as OPA does', () => {
    expect(shape(term('{a | b}')).type).toBe('setcomprehension');
    expect(shape(term('[a | b]')).type).toBe('arraycomprehension');
    // With a leading comma, or after the first item, `|` is the union operator.
    expect(shape(term('[, a | b]'))).toEqual(arr(call(op('or'), v('a'), v('b'))));
    expect(shape(term('{1, a | b}'))).toEqual(set(n('1'), call(op('or'), v('a'), v('b'))));
    // An object value `a | b` whose "body" cannot parse falls back to the `or` call.
    expect(shape(term('{"k": a | b, "j": 1}'))).toEqual(
      obj([s('k'), call(op('or'), v('a'), v('b'))], [s('j'), n('1')]),
    );
  });

  it('parses comprehension bodies with several expressions', () => {
    const t = shape(term('[y | some x in xs; y := x * 2\n y > 1]'));
    expect(t.type).toBe('arraycomprehension');
    expect((t as { body: unknown[] }).body).toHaveLength(3);
  });

  it('stays linear on nested backtracking', () => {
    // Each level first reads its first item alone (hoping for a comprehension), then again as `x + 1`.
    const deep = `${'[ '.repeat(40)}1${' ] + 1'.repeat(40)}`;
    const started = performance.now();
    expect(term(deep).type).toBe('call'); // ((([1] + 1) ...) + 1)
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('rejects nesting beyond a safe depth with a parse error', () => {
    const e = errors(() => term(`${'['.repeat(5000)}${']'.repeat(5000)}`));
    expect(e[0].message).toBe('expression nested too deeply');
  });
});

describe('references and calls', () => {
  it('parses dotted and bracketed references', () => {
    expect(shape(term('input.spec.containers[i].name'))).toEqual(
      ref(v('input'), s('spec'), s('containers'), v('i'), s('name')),
    );
    expect(shape(term('data.x["a b"][0][[1, 2]][{"k": y}]'))).toEqual(
      ref(v('data'), s('x'), s('a b'), n('0'), arr(n('1'), n('2')), obj([s('k'), v('y')])),
    );
  });

  it('makes a bare input or data a reference', () => {
    expect(shape(term('input'))).toEqual(ref(v('input')));
    expect(shape(term('data'))).toEqual(ref(v('data')));
    expect(shape(term('x'))).toEqual(v('x'));
  });

  it('allows keywords as dotted keys', () => {
    expect(shape(term('input.if.in.contains.else.package'))).toEqual(
      ref(v('input'), s('if'), s('in'), s('contains'), s('else'), s('package')),
    );
  });

  it('takes references into composites', () => {
    expect(shape(term('[1, 2][0]'))).toEqual(ref(arr(n('1'), n('2')), n('0')));
    expect(shape(term('{"a": 1}.a'))).toEqual(ref(obj([s('a'), n('1')]), s('a')));
  });

  it('parses calls with plain and dotted names', () => {
    expect(shape(term('count(xs)'))).toEqual(call(ref(v('count')), v('xs')));
    expect(shape(term('array.concat(a, [1])'))).toEqual(
      call(ref(v('array'), s('concat')), v('a'), arr(n('1'))),
    );
    expect(shape(term('data.lib.f(x, y,)'))).toEqual(call(ref(v('data'), s('lib'), s('f')), v('x'), v('y')));
    expect(shape(term('time.now_ns()'))).toEqual(call(ref(v('time'), s('now_ns'))));
  });

  it('parses references into call results', () => {
    expect(shape(term('f(x).y'))).toEqual(ref(call(ref(v('f')), v('x')), s('y')));
    expect(shape(term('f(x)[0].z'))).toEqual(ref(call(ref(v('f')), v('x')), n('0'), s('z')));
    expect(shape(term('split(s, ".")[1]'))).toEqual(ref(call(ref(v('split')), v('s'), s('.')), n('1')));
  });

  it('ends a reference at whitespace, like OPA', () => {
    expect(errors(() => term('a [1]'))[0].message).toBe('unexpected [ token: expected end of input');
    expect(errors(() => term('a. b'))[0].message).toBe(
      'unexpected identifier "b": expected identifier after .',
    );
    expect(errors(() => term('f (x)'))[0].message).toBe('unexpected ( token: expected end of input');
  });

  it('rejects references into scalars', () => {
    expect(errors(() => term('"s".x'))[0].message).toBe('illegal ref (head cannot be string)');
    expect(errors(() => term('x.1'))[0].message).toBe('unexpected number 1: expected identifier after .');
  });
});

describe('operators', () => {
  it('follows OPA precedence: * / % over + - over & over | over relations over in', () => {
    expect(shape(term('1 + 2 * 3 - 4 / 5 % 6'))).toEqual(
      call(
        op('minus'),
        call(op('plus'), n('1'), call(op('mul'), n('2'), n('3'))),
        call(op('rem'), call(op('div'), n('4'), n('5')), n('6')),
      ),
    );
    expect(shape(term('a | b & c'))).toEqual(call(op('or'), v('a'), call(op('and'), v('b'), v('c'))));
    expect(shape(term('a + 1 < b | c'))).toEqual(
      call(op('lt'), call(op('plus'), v('a'), n('1')), call(op('or'), v('b'), v('c'))),
    );
    expect(shape(term('x == 1 in s'))).toEqual(
      call(op('internal', 'member_2'), call(op('equal'), v('x'), n('1')), v('s')),
    );
  });

  it('is left-associative and honours parentheses', () => {
    expect(shape(term('a - b - c'))).toEqual(call(op('minus'), call(op('minus'), v('a'), v('b')), v('c')));
    expect(shape(term('a - (b - c)'))).toEqual(call(op('minus'), v('a'), call(op('minus'), v('b'), v('c'))));
    expect(shape(term('(a + b).c'))).toEqual(ref(call(op('plus'), v('a'), v('b')), s('c')));
  });

  it('names every comparison after its builtin', () => {
    const names: Record<string, string> = {
      '==': 'equal',
      '!=': 'neq',
      '<': 'lt',
      '>': 'gt',
      '<=': 'lte',
      '>=': 'gte',
    };
    for (const [symbol, name] of Object.entries(names)) {
      expect(shape(term(`a ${symbol} b`))).toEqual(call(op(name), v('a'), v('b')));
    }
  });

  it('parses membership with and without a key', () => {
    expect(shape(term('x in xs'))).toEqual(call(op('internal', 'member_2'), v('x'), v('xs')));
    expect(shape(term('k, v in xs'))).toEqual(call(op('internal', 'member_3'), v('k'), v('v'), v('xs')));
    // In lists the comma separates items.
    expect(shape(term('[k, v in xs]'))).toEqual(
      arr(v('k'), call(op('internal', 'member_2'), v('v'), v('xs'))),
    );
  });

  it('reads a minus between terms as subtraction and before a number as its sign', () => {
    expect(shape(term('x-1'))).toEqual(call(op('minus'), v('x'), n('1')));
    expect(shape(term('x - -1'))).toEqual(call(op('minus'), v('x'), n('-1')));
    expect(shape(term('[-1, - 2]'))).toEqual(arr(n('-1'), n('-2')));
    expect(errors(() => term('-x'))[0].message).toBe('unexpected identifier "x": expected number');
  });
});

describe('term locations', () => {
  it('spans the whole term', () => {
    const source = 'f(x).y[0] + 1';
    const t = term(source);
    expect(t.location).toEqual({ file: 'test.rego', row: 1, col: 1, offset: 0, end: source.length });
    if (t.type !== 'call') throw new Error('expected a call');
    const [lhs, rhs] = t.args;
    expect(source.slice(lhs.location.offset, lhs.location.end)).toBe('f(x).y[0]');
    expect(source.slice(rhs.location.offset, rhs.location.end)).toBe('1');
    expect(t.operator.location).toMatchObject({ row: 1, col: 11, offset: 10, end: 11 });
  });
});
