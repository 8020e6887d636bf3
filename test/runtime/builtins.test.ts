// Every native builtin against OPA's topdown semantics (v1/topdown/*.go):
// results, edge cases, wrong operand types (undefined, as OPA's Wasm
// runtime) and evaluation errors (which abort).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AbortError, loadRuntime, type Runtime } from './harness.js';

let rt: Runtime;
beforeAll(() => {
  rt = loadRuntime();
});

type Case = [name: string, args: string[], expected: string];

/** Runs a case; an abort is reported as "ERROR <message>". */
function run(name: string, args: string[]): string {
  try {
    return rt.call(name, ...args);
  } catch (e) {
    if (e instanceof AbortError) return `ERROR ${e.message}`;
    throw e;
  }
}

/**
 * Expected errors are OPA's builtin errors: with strict builtin errors they
 * abort with OPA's message, by default the call is undefined.
 */
function table(title: string, cases: Case[]) {
  describe(title, () => {
    for (const [name, args, expected] of cases) {
      it(`${name}(${args.join(', ')}) = ${expected}`, () => {
        rt.x.opa_strict_builtin_errors(1);
        expect(run(name, args)).toBe(expected);
        rt.x.opa_strict_builtin_errors(0);
        expect(run(name, args)).toBe(
          expected.startsWith('ERROR eval_builtin_error') ? 'undefined' : expected,
        );
      });
    }
  });
}

table('comparison', [
  ['equal', ['1', '1.0'], 'true'],
  ['equal', ['1', '"1"'], 'false'],
  ['equal', ['{"a": [1, {2}]}', '{"a": [1.0, {2}]}'], 'true'],
  ['neq', ['{}', 'set()'], 'true'],
  ['neq', ['[1]', '[1]'], 'false'],
  ['lt', ['"a"', '"b"'], 'true'],
  ['lt', ['null', 'false'], 'true'],
  ['lt', ['[1, 2]', '[1, 2, 0]'], 'true'],
  ['lte', ['2', '2.0'], 'true'],
  ['gt', ['set()', '{"a": 1}'], 'true'],
  ['gt', ['28857836529306024611913', '28857836529306024611912'], 'true'],
  ['gte', ['-1', '-1.5'], 'true'],
]);

table('arithmetic', [
  ['plus', ['1', '2'], '3'],
  ['plus', ['9223372036854775807', '1'], '9223372036854775808'],
  ['plus', ['1.5', '1.5'], '3'],
  ['plus', ['0.5', '0.25'], '0.75'],
  ['plus', ['123456789012345678901234567890', '-123456789012345678901234567890'], '0'],
  ['plus', ['1', '"2"'], 'undefined'],
  ['minus', ['-9223372036854775808', '1'], '-9223372036854775809'],
  ['minus', ['5', '7'], '-2'],
  ['minus', ['{1, 2, 3}', '{2, 4}'], '{1,3}'],
  ['minus', ['{1}', '1'], 'undefined'],
  ['minus', ['1', '{1}'], 'undefined'],
  ['mul', ['6', '7'], '42'],
  ['mul', ['4294967296', '4294967296'], '18446744073709551616'],
  ['mul', ['123456789012345678901234567890', '-2'], '-246913578024691357802469135780'],
  ['mul', ['1.5', '4'], '6'],
  ['mul', ['0.1', '3'], '0.30000000000000004'],
  ['div', ['7', '2'], '3.5'],
  ['div', ['6', '3'], '2'],
  ['div', ['-6', '4'], '-1.5'],
  ['div', ['1', '3'], '0.3333333333333333'],
  ['div', ['0', '5'], '0'],
  ['div', ['1', '0'], 'ERROR eval_builtin_error: div: divide by zero'],
  ['div', ['1', '0.0'], 'ERROR eval_builtin_error: div: divide by zero'],
  ['div', ['"a"', '0'], 'undefined'],
  ['rem', ['7', '3'], '1'],
  ['rem', ['7', '-3'], '1'],
  ['rem', ['-7', '3'], '-1'],
  ['rem', ['-9223372036854775808', '-1'], '0'],
  ['rem', ['123456789012345678901234567890', '7'], '0'],
  ['rem', ['123456789012345678901234567891', '-7'], '1'],
  ['rem', ['-123456789012345678901234567891', '10'], '-1'],
  ['rem', ['4.0', '3'], '1'],
  ['rem', ['1', '0'], 'ERROR eval_builtin_error: rem: modulo by zero'],
  ['rem', ['7.5', '2'], 'ERROR eval_builtin_error: rem: modulo on floating-point number'],
  ['abs', ['-5'], '5'],
  ['abs', ['-1.5'], '1.5'],
  ['abs', ['-9223372036854775808'], '9223372036854775808'],
  ['abs', ['-123456789012345678901234567890'], '123456789012345678901234567890'],
  ['abs', ['"x"'], 'undefined'],
  ['round', ['2.5'], '3'],
  ['round', ['-2.5'], '-3'],
  ['round', ['2.4999'], '2'],
  ['round', ['0.49999999999999994'], '0'],
  ['round', ['7'], '7'],
  ['round', ['123456789012345678901234567890.5'], '123456789012345678901234567891'],
  ['round', ['-0.4'], '0'],
  ['ceil', ['1.2'], '2'],
  ['ceil', ['-1.5'], '-1'],
  ['ceil', ['-0.5'], '0'],
  ['floor', ['-1.5'], '-2'],
  ['floor', ['1.9'], '1'],
  ['floor', ['-123456789012345678901234567890.5'], '-123456789012345678901234567891'],
  ['floor', ['1e-400'], '0'],
]);

table('numbers and bits', [
  ['numbers.range', ['1', '4'], '[1,2,3,4]'],
  ['numbers.range', ['2', '-1'], '[2,1,0,-1]'],
  ['numbers.range', ['3', '3'], '[3]'],
  ['numbers.range', ['1.0', '2'], '[1,2]'],
  ['numbers.range', ['3', '3.14'], 'undefined'],
  ['numbers.range', ['"1"', '2'], 'undefined'],
  ['numbers.range_step', ['0', '10', '3'], '[0,3,6,9]'],
  ['numbers.range_step', ['10', '0', '5'], '[10,5,0]'],
  [
    'numbers.range_step',
    ['0', '10', '-2'],
    'ERROR eval_builtin_error: numbers.range_step: step must be a positive integer',
  ],
  [
    'numbers.range_step',
    ['0', '10', '0'],
    'ERROR eval_builtin_error: numbers.range_step: step must be a positive integer',
  ],
  ['bits.or', ['12', '10'], '14'],
  ['bits.and', ['12', '10'], '8'],
  ['bits.xor', ['12', '10'], '6'],
  ['bits.xor', ['-10', '-20'], '26'],
  ['bits.negate', ['5'], '-6'],
  ['bits.lsh', ['1', '3'], '8'],
  ['bits.lsh', ['2147483647', '1'], '4294967294'],
  ['bits.lsh', ['9223372036854775807', '1'], '18446744073709551614'],
  ['bits.lsh', ['-3', '70'], '-3541774862152233910272'],
  ['bits.lsh', ['7', '-1'], 'undefined'],
  ['bits.rsh', ['8', '3'], '1'],
  ['bits.rsh', ['-9', '1'], '-5'],
  ['bits.rsh', ['-1', '100'], '-1'],
  ['bits.rsh', ['5', '64'], '0'],
  ['bits.and', ['7.2', '42'], 'undefined'],
  ['bits.or', ['"a"', '1'], 'undefined'],
]);

table('aggregates', [
  ['count', ['"héllo😀"'], '6'],
  ['count', ['""'], '0'],
  ['count', ['[1, 2, 3]'], '3'],
  ['count', ['{"a": 1}'], '1'],
  ['count', ['{1, 1.0, 2}'], '2'],
  ['count', ['5'], 'undefined'],
  ['sum', ['[1, 2, 3.5]'], '6.5'],
  ['sum', ['{1, 2}'], '3'],
  ['sum', ['[]'], '0'],
  ['sum', ['[9223372036854775807, 1]'], '9223372036854775808'],
  ['sum', ['[1, "a"]'], 'undefined'],
  ['product', ['[2, 3, 4]'], '24'],
  ['product', ['[]'], '1'],
  ['product', ['{0.5, 4}'], '2'],
  ['max', ['[1, "a", null]'], '"a"'],
  ['max', ['{3, 1, 2}'], '3'],
  ['max', ['[]'], 'undefined'],
  ['max', ['"abc"'], 'undefined'],
  ['min', ['[3, 1, 2]'], '1'],
  ['min', ['{[1], 2, "x"}'], '2'],
  ['min', ['set()'], 'undefined'],
  ['sort', ['[3, "a", null, [1], 1.5, true, {}, set()]'], '[null,true,1.5,3,"a",[1],{},set()]'],
  ['sort', ['{3, 1}'], '[1,3]'],
  ['sort', ['"x"'], 'undefined'],
  ['all', ['[true, true]'], 'true'],
  ['all', ['[true, 1]'], 'false'],
  ['all', ['[]'], 'true'],
  ['any', ['[false, true]'], 'true'],
  ['any', ['set()'], 'false'],
  ['any', ['{"a": true}'], 'undefined'],
  ['internal.member_2', ['2', '[1, 2]'], 'true'],
  ['internal.member_2', ['2.0', '[1, 2]'], 'true'],
  ['internal.member_2', ['3', '[1, 2]'], 'false'],
  ['internal.member_2', ['"b"', '{"a": "b"}'], 'true'],
  ['internal.member_2', ['"a"', '{"a": "b"}'], 'false'],
  ['internal.member_2', ['1', '{1}'], 'true'],
  ['internal.member_2', ['"1"', '"1"'], 'false'],
  ['internal.member_3', ['1', '"x"', '["a", "x"]'], 'true'],
  ['internal.member_3', ['0', '"x"', '["a", "x"]'], 'false'],
  ['internal.member_3', ['5', '"x"', '["a", "x"]'], 'false'],
  ['internal.member_3', ['"a"', '1', '{"a": 1}'], 'true'],
  ['internal.member_3', ['"a"', '2', '{"a": 1}'], 'false'],
  ['internal.member_3', ['1', '1', '{1}'], 'true'],
  ['internal.member_3', ['1', '2', '{1, 2}'], 'false'],
]);

table('objects and arrays', [
  ['object.get', ['{"a": 1}', '"a"', '0'], '1'],
  ['object.get', ['{"a": 1}', '"z"', '0'], '0'],
  ['object.get', ['{"a": {"b": 1}}', '["a", "b"]', '0'], '1'],
  ['object.get', ['{"a": [1, {"b": 2}]}', '["a", 1, "b"]', '0'], '2'],
  ['object.get', ['{"a": {"b": 1}}', '["a", "c"]', '"d"'], '"d"'],
  ['object.get', ['{"a": 1}', '[]', '0'], '{"a":1}'],
  ['object.get', ['{["a"]: 1}', '["a"]', '0'], '0'],
  ['object.get', ['"s"', '"a"', '0'], 'undefined'],
  ['object.keys', ['{"b": 1, "a": 2}'], '{"a","b"}'],
  ['object.keys', ['{}'], 'set()'],
  ['object.keys', ['[1]'], 'undefined'],
  [
    'object.union',
    ['{"a": {"b": 1, "c": 2}, "d": 1}', '{"a": {"b": 3}, "e": 2}'],
    '{"a":{"b":3,"c":2},"d":1,"e":2}',
  ],
  ['object.union', ['{"a": {"b": 1}}', '{"a": 1}'], '{"a":1}'],
  ['object.union', ['{"a": 1}', '[1]'], 'undefined'],
  ['object.union_n', ['[{"a": {"b": 2}}, {"a": 4}, {"a": {"c": 3}}]'], '{"a":{"c":3}}'],
  ['object.union_n', ['[{"a": 1}, {"b": 2}, {"a": 3}]'], '{"a":3,"b":2}'],
  ['object.union_n', ['[]'], '{}'],
  ['object.union_n', ['[{"a": 1}, 2]'], 'undefined'],
  ['object.remove', ['{"a": 1, "b": 2, "c": 3}', '["a", "x"]'], '{"b":2,"c":3}'],
  ['object.remove', ['{"a": 1, "b": 2}', '{"b"}'], '{"a":1}'],
  ['object.remove', ['{"a": 1, "b": 2}', '{"a": "ignored"}'], '{"b":2}'],
  ['object.remove', ['{1: 1, "1": 2}', '[1]'], '{"1":2}'],
  ['object.remove', ['{"a": 1}', 'null'], 'undefined'],
  ['object.filter', ['{"a": 1, "b": 2, "c": 3}', '{"a", "c"}'], '{"a":1,"c":3}'],
  ['object.filter', ['{"a": 1, "b": 2}', '["b", "z"]'], '{"b":2}'],
  ['object.filter', ['{"a": 1}', '{"a": 0}'], '{"a":1}'],
  ['object.filter', ['1', '["a"]'], 'undefined'],
  ['array.concat', ['[1]', '[2, 3]'], '[1,2,3]'],
  ['array.concat', ['[]', '[]'], '[]'],
  ['array.concat', ['[1]', '{2}'], 'undefined'],
  ['array.slice', ['[1, 2, 3, 4]', '1', '3'], '[2,3]'],
  ['array.slice', ['[1, 2, 3, 4]', '-1', '10'], '[1,2,3,4]'],
  ['array.slice', ['[1, 2, 3]', '2', '1'], '[]'],
  ['array.slice', ['[1, 2, 3]', '5', '6'], '[]'],
  ['array.slice', ['[1, 2, 3]', '1.5', '2'], 'undefined'],
  ['array.reverse', ['[1, 2, 3]'], '[3,2,1]'],
  ['array.reverse', ['[]'], '[]'],
  ['array.reverse', ['{"a": 1}'], 'undefined'],
]);

table('sets', [
  ['and', ['{1, 2, 3}', '{2, 3, 4}'], '{2,3}'],
  ['and', ['{1}', 'set()'], 'set()'],
  ['and', ['{1}', '[1]'], 'undefined'],
  ['or', ['{1}', '{2, 1.0}'], '{1,2}'],
  ['set_diff', ['{1, 2}', '{2}'], '{1}'],
  ['intersection', ['{{1, 2}, {2, 3}, {2, 4}}'], '{2}'],
  ['intersection', ['{{1}}'], '{1}'],
  ['intersection', ['set()'], 'set()'],
  ['intersection', ['{{1}, [1]}'], 'undefined'],
  ['union', ['{{1}, {2}, set()}'], '{1,2}'],
  ['union', ['set()'], 'set()'],
  ['union', ['[{1}]'], 'undefined'],
]);

table('strings', [
  ['concat', ['"-"', '["a", "b", "c"]'], '"a-b-c"'],
  ['concat', ['","', '{"b", "a"}'], '"a,b"'],
  ['concat', ['","', '[]'], '""'],
  ['concat', ['","', '["a", 1]'], 'undefined'],
  ['contains', ['"abc"', '"bc"'], 'true'],
  ['contains', ['"abc"', '""'], 'true'],
  ['contains', ['"abc"', '"cd"'], 'false'],
  ['startswith', ['"abc"', '"ab"'], 'true'],
  ['startswith', ['"ab"', '"abc"'], 'false'],
  ['endswith', ['"abc"', '"bc"'], 'true'],
  ['endswith', ['"abc"', '1'], 'undefined'],
  ['lower', ['"ÀBÇ Σ İ"'], '"àbç σ i"'],
  ['lower', ['"abc"'], '"abc"'],
  ['upper', ['"straße ǆ ı"'], '"STRAßE Ǆ I"'],
  ['upper', ['"hello"'], '"HELLO"'],
  ['upper', ['1'], 'undefined'],
  ['split', ['"a,b,,c"', '","'], '["a","b","","c"]'],
  ['split', ['"abc"', '","'], '["abc"]'],
  ['split', ['"héllo"', '""'], '["h","é","l","l","o"]'],
  ['split', ['""', '""'], '[]'],
  ['split', ['""', '","'], '[""]'],
  ['replace', ['"aaa"', '"a"', '"b"'], '"bbb"'],
  ['replace', ['"aaaa"', '"aa"', '"a"'], '"aa"'],
  ['replace', ['"abc"', '""', '"-"'], '"-a-b-c-"'],
  ['replace', ['"abc"', '"x"', '"y"'], '"abc"'],
  ['trim', ['"xxhixx"', '"x"'], '"hi"'],
  ['trim', ['"  hi "', '" "'], '"hi"'],
  ['trim', ['"abc"', '""'], '"abc"'],
  ['trim', ['"¡¡hi¡"', '"¡!"'], '"hi"'],
  ['trim_left', ['"¡¡hi!!"', '"¡"'], '"hi!!"'],
  ['trim_right', ['"hi!!?"', '"?!"'], '"hi"'],
  ['trim_prefix', ['"prefix-x"', '"prefix-"'], '"x"'],
  ['trim_prefix', ['"x"', '"prefix-"'], '"x"'],
  ['trim_suffix', ['"x.yaml"', '".yaml"'], '"x"'],
  ['trim_space', ['" \\t\\n hi \\u3000\\u00a0"'], '"hi"'],
  ['trim_space', ['"   "'], '""'],
  ['indexof', ['"héllo"', '"l"'], '2'],
  ['indexof', ['"hello"', '"z"'], '-1'],
  ['indexof', ['"abc"', '""'], 'ERROR eval_builtin_error: indexof: empty search character'],
  ['indexof_n', ['"aaaa"', '"aa"'], '[0,1,2]'],
  ['indexof_n', ['"héé"', '"é"'], '[1,2]'],
  ['indexof_n', ['"abc"', '"z"'], '[]'],
  ['indexof_n', ['"abc"', '""'], 'ERROR eval_builtin_error: indexof_n: empty search character'],
  ['substring', ['"héllo"', '1', '3'], '"éll"'],
  ['substring', ['"hello"', '2', '-1'], '"llo"'],
  ['substring', ['"hello"', '0', '100'], '"hello"'],
  ['substring', ['"hello"', '10', '1'], '""'],
  ['substring', ['"hello"', '-1', '2'], 'ERROR eval_builtin_error: substring: negative offset'],
  ['substring', ['"hello"', '1.5', '2'], 'undefined'],
  ['strings.reverse', ['"héllo😀"'], '"😀olléh"'],
  ['strings.reverse', ['""'], '""'],
  ['strings.count', ['"cheese"', '"e"'], '3'],
  ['strings.count', ['"aaaa"', '"aa"'], '2'],
  ['strings.count', ['"five"', '""'], '5'],
  ['format_int', ['255', '16'], '"ff"'],
  ['format_int', ['-255', '2'], '"-11111111"'],
  ['format_int', ['8', '8'], '"10"'],
  ['format_int', ['3.9', '10'], '"3"'],
  ['format_int', ['-3.9', '8'], '"-3"'],
  ['format_int', ['123456789012345678901234567890', '16'], '"18ee90ff6c373e0ee4e3f0ad2"'],
  ['format_int', ['10', '3'], 'undefined'],
  ['format_int', ['"10"', '10'], 'undefined'],
]);

table('types and to_number', [
  ['is_null', ['null'], 'true'],
  ['is_boolean', ['false'], 'true'],
  ['is_number', ['1.5'], 'true'],
  ['is_string', ['1'], 'false'],
  ['is_array', ['[]'], 'true'],
  ['is_object', ['set()'], 'false'],
  ['is_set', ['set()'], 'true'],
  ['type_name', ['null'], '"null"'],
  ['type_name', ['true'], '"boolean"'],
  ['type_name', ['1'], '"number"'],
  ['type_name', ['"s"'], '"string"'],
  ['type_name', ['[]'], '"array"'],
  ['type_name', ['{}'], '"object"'],
  ['type_name', ['{1}'], '"set"'],
  ['to_number', ['"1.5"'], '1.5'],
  ['to_number', ['"-7"'], '-7'],
  ['to_number', ['"+5"'], '5'],
  ['to_number', ['".5"'], '0.5'],
  ['to_number', ['"5."'], '5'],
  ['to_number', ['"1e3"'], '1e3'],
  ['to_number', ['"007"'], '7'],
  ['to_number', ['"123456789012345678901234567890"'], '123456789012345678901234567890'],
  ['to_number', ['true'], '1'],
  ['to_number', ['null'], '0'],
  ['to_number', ['42'], '42'],
  ['to_number', ['"inf"'], 'undefined'],
  ['to_number', ['"-Infinity"'], 'undefined'],
  ['to_number', ['"NaN"'], 'undefined'],
  ['to_number', ['[1]'], 'undefined'],
  [
    'to_number',
    ['"abc"'],
    'ERROR eval_builtin_error: to_number: strconv.ParseFloat: parsing "abc": invalid syntax',
  ],
  [
    'to_number',
    ['" 1"'],
    'ERROR eval_builtin_error: to_number: strconv.ParseFloat: parsing " 1": invalid syntax',
  ],
  [
    'to_number',
    ['"1e400"'],
    'ERROR eval_builtin_error: to_number: strconv.ParseFloat: parsing "1e400": value out of range',
  ],
]);

describe('the contract', () => {
  it('exports exactly the native builtins README.md lists', () => {
    const readme = readFileSync(new URL('../../src/runtime/README.md', import.meta.url), 'utf8');
    const listed = new Set<string>();
    for (const line of readme.split('\n')) {
      const m =
        /^\| (comparison|arithmetic|aggregates|membership|objects|arrays|sets|strings|types) \| (.*) \|$/.exec(
          line,
        );
      if (!m) continue;
      for (const code of m[2].matchAll(/`([^`]+)`/g)) {
        for (const name of code[1].split(/\s+/)) listed.add(`builtin_${name.replaceAll('.', '__')}`);
      }
    }
    const exported = new Set(Object.keys(rt.x).filter((k) => k.startsWith('builtin_')));
    expect([...listed].sort()).toEqual([...exported].sort());
  });

  it('aborts, strict or not, on what the runtime cannot compute', () => {
    rt.x.opa_strict_builtin_errors(0);
    expect(run('numbers.range', ['1', '123456789012345678901234567890'])).toBe(
      'ERROR eval_builtin_error: numbers.range: integers beyond 64 bits are not supported',
    );
    expect(run('div', ['1e300', '1e-300'])).toBe(
      'ERROR eval_builtin_error: div: result is out of the range of a double',
    );
    // Integers stay exact however large (OPA's big.Int path).
    expect(run('mul', ['1e300', '1.5e300'])).toBe(`15${'0'.repeat(599)}`);
    expect(run('bits.and', ['123456789012345678901234567890', '1'])).toBe(
      'ERROR eval_builtin_error: bits.and: integers beyond 64 bits are not supported',
    );
  });

  it('never leaves the result of a builtin sharing a collection with its operand', () => {
    const arr = rt.vparse('[1, 2]');
    const copy = rt.x.builtin_array__concat(arr, rt.vparse('[]'));
    rt.x.opa_array_append(copy, rt.vparse('3'));
    expect(rt.vdump(arr)).toBe('[1,2]');
  });
});
