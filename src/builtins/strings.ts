// String builtins that run on the host: sprintf (Go's fmt), strings.replace_n
// (Go's strings.Replacer) and prefix/suffix matching over collections.
// (strings.render_template is in gotemplate.ts.)

import {
  arrayOperand,
  objectOperand,
  operandFail,
  operandTypeFail,
  stringOperand,
  stringsOperand,
} from './errors.js';
import { type Exact, formatValue, NumberLiteral, objectEntries, RegoObject } from './exact.js';
import { type GoArg, goInteger, goNumber, goSprintf } from './gofmt.js';
import type { HostImplementations } from './types.js';
import type { Value } from './values.js';

/** How OPA hands a value to Go's Sprintf: numbers and strings natively, anything else as its Rego text. */
function toGoArg(v: Exact): GoArg {
  // Exact calls tell integers (bigint) from floats (NumberLiteral); JSON calls cannot.
  if (v instanceof NumberLiteral) return { kind: 'float', value: v.value };
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'bigint') return goInteger(v);
  if (typeof v === 'string') return { kind: 'string', value: v };
  return { kind: 'string', value: formatValue(v) };
}

/**
 * Go's strings.NewReplacer(old1, new1, ...).Replace(s): one left-to-right
 * pass without overlaps; where several olds match at a position, the
 * earliest pair wins. An empty old matches at every position, but not twice
 * in a row (so "" -> "-" turns "ab" into "-a-b-").
 */
export function replaceMany(s: string, pairs: [string, string][]): string {
  let out = '';
  let last = 0;
  let prevMatchEmpty = false;
  for (let i = 0; i <= s.length; ) {
    const pair = pairs.find(([old]) => (old !== '' || !prevMatchEmpty) && s.startsWith(old, i));
    prevMatchEmpty = pair !== undefined && pair[0] === '';
    if (pair) {
      out += s.slice(last, i) + pair[1];
      i += pair[0].length;
      last = i;
      continue;
    }
    i += i < s.length && s.codePointAt(i)! > 0xffff ? 2 : 1;
  }
  return last < s.length ? out + s.slice(last) : out;
}

/** A string, or an array/set of strings (sets arrive as arrays). */
function stringOrStrings(v: Value, pos: number): string[] {
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v)) operandTypeFail(pos, v, 'string', 'set', 'array');
  return stringsOperand(v, pos);
}

function anyAffixMatch(search: Value, base: Value, matches: (s: string, affix: string) => boolean): boolean {
  const strings = stringOrStrings(search, 1);
  const affixes = stringOrStrings(base, 2);
  return strings.some((s) => affixes.some((a) => matches(s, a)));
}

export const stringBuiltins: HostImplementations = {
  sprintf: (format: Exact, values: Exact) => {
    const f = stringOperand(format as Value, 1);
    return goSprintf(f, arrayOperand(values as Value, 2).map(toGoArg));
  },

  'strings.replace_n': (patterns: Exact, text: Exact) => {
    // A key that is not a string arrives as a RegoObject (exact calls) or as its JSON text (JSON calls).
    if (patterns instanceof RegoObject) operandFail(1, 'non-string key found in pattern object');
    const table = objectOperand(patterns as Value, 1);
    const s = stringOperand(text as Value, 2);
    const pairs = objectEntries(table).map(([k, v]): [string, string] => {
      if (typeof v !== 'string') operandFail(1, 'non-string value found in pattern object');
      return [k as string, v];
    });
    return replaceMany(s, pairs);
  },

  'strings.any_prefix_match': (search: Value, base: Value) =>
    anyAffixMatch(search, base, (s, prefix) => s.startsWith(prefix)),

  'strings.any_suffix_match': (search: Value, base: Value) =>
    anyAffixMatch(search, base, (s, suffix) => s.endsWith(suffix)),
};
