// Scalars resolved as the API server resolves them. kubectl and the API server
// decode YAML with sigs.k8s.io/yaml, which runs go-yaml v2 (YAML 1.1) into
// interface{} values and converts those to JSON. This module reproduces
// go-yaml v2's `resolve` for plain (unquoted) scalars, and what the JSON
// conversion makes of the result (checked against `kubectl annotate --local
// -o json`, see test/loader/yaml11.test.ts):
//   - `y`/`yes`/`on`/`true` and `n`/`no`/`off`/`false`, each in its lower,
//     Title and UPPER form, are booleans; `~`, `null` (three forms) and the
//     empty scalar are null;
//   - integers follow Go's strconv.ParseInt with base 0 after removing `_`:
//     `0x1F`, `0o17`, `0b101`, a leading 0 for octal (`0777` is 511), signs;
//     beyond 64 bits, or not octal after all (`08`), a string of digits is
//     read as a float;
//   - floats follow go-yaml's float syntax (`1e3`, `.5`, `1.`), plus
//     `.inf`/`.nan`, which JSON cannot represent (the API server rejects them);
//   - unquoted timestamps (`2001-12-14`) stay strings: go-yaml v2 keeps them
//     as written when decoding into interface{};
//   - base 60 (`1:20`) was dropped by go-yaml v2 on purpose: it stays a string.
// Keys go through the same resolution and are then written as strings by the
// JSON conversion (`yes:` is the key "true", `1.0:` is "1", floats with Go's
// float32 formatting, see GoFloat).
// It is a js-yaml schema so that the fast decoding path stays one js-yaml pass.
import { FAILSAFE_SCHEMA, type Schema, Type } from 'js-yaml';

/** What a plain scalar resolves to; strings resolve to themselves. */
export type ScalarValue = string | number | boolean | null;

const BOOL_AND_NULL = new Map<string, boolean | null>();
for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) {
  BOOL_AND_NULL.set(s, true);
}
for (const s of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) {
  BOOL_AND_NULL.set(s, false);
}
for (const s of ['', '~', 'null', 'Null', 'NULL']) BOOL_AND_NULL.set(s, null);

const SPECIAL_FLOATS = new Map<string, number>();
for (const s of ['.nan', '.NaN', '.NAN']) SPECIAL_FLOATS.set(s, Number.NaN);
for (const s of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) {
  SPECIAL_FLOATS.set(s, Number.POSITIVE_INFINITY);
}
for (const s of ['-.inf', '-.Inf', '-.INF']) SPECIAL_FLOATS.set(s, Number.NEGATIVE_INFINITY);

// go-yaml looks at the first character to decide what a scalar may be; any
// other first character means a string.
const HINT_MAP = 1; // one of the words above
const HINT_NUMBER = 2; // digit or sign: int, float or timestamp
const HINT_DOT = 3; // `.5`, `.inf`
const hints = new Uint8Array(128);
for (const c of 'yYnNtTfFoO~') hints[c.charCodeAt(0)] = HINT_MAP;
for (const c of '0123456789+-') hints[c.charCodeAt(0)] = HINT_NUMBER;
hints['.'.charCodeAt(0)] = HINT_DOT;

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
// strconv.ParseFloat on text that starts with a dot.
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;
const DIGITS: Record<number, RegExp> = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ };
const PREFIX: Record<number, string> = { 2: '0b', 8: '0o', 10: '', 16: '0x' };

/** strconv.ParseUint(s, 0, 64) on text without underscores; undefined on a syntax or range error. */
function parseGoUint(s: string): bigint | undefined {
  if (s === '') return undefined;
  let base = 10;
  let digits = s;
  if (s[0] === '0') {
    const prefix = s.length >= 3 ? s[1].toLowerCase() : '';
    const explicit = prefix === 'b' || prefix === 'o' || prefix === 'x';
    base = prefix === 'b' ? 2 : prefix === 'x' ? 16 : 8;
    digits = explicit ? s.slice(2) : s.slice(1);
    if (digits === '') return 0n; // "0"
  }
  if (!DIGITS[base].test(digits)) return undefined;
  const value = BigInt(PREFIX[base] + digits);
  return value > UINT64_MAX ? undefined : value;
}

/** strconv.ParseInt(s, 0, 64). */
function parseGoInt(s: string): bigint | undefined {
  const negative = s[0] === '-';
  const magnitude = parseGoUint(s[0] === '-' || s[0] === '+' ? s.slice(1) : s);
  if (magnitude === undefined) return undefined;
  const value = negative ? -magnitude : magnitude;
  return value > INT64_MAX || value < -INT64_MAX - 1n ? undefined : value;
}

// go-yaml v2 tries these Go time layouts on unquoted scalars that start with
// four digits and a dash: 2006-1-2T15:4:5.999999999Z07:00 (also with `t`),
// 2006-1-2 15:4:5.999999999, 2006-1-2. Month, day and time fields take one or
// two digits; the `T` forms need a zone, the space form has none.
const TIMESTAMP =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([Tt ])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?(Z|[+-]\d{2}:\d{2})?)?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Whether go-yaml v2 reads an unquoted scalar as a timestamp (it still decodes to the text). */
export function isYamlTimestamp(text: string): boolean {
  if (text.charCodeAt(4) !== 45 /* - */) return false;
  const m = TIMESTAMP.exec(text);
  if (!m) return false;
  const [, year, month, day, separator, hour, minute, second, zone] = m;
  if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1) return false;
  if (Number(day) > daysInMonth(Number(year), Number(month))) return false;
  if (separator === undefined) return true;
  if (separator === ' ' ? zone !== undefined : zone === undefined) return false;
  if (zone !== undefined && zone !== 'Z' && (Number(zone.slice(1, 3)) > 24 || Number(zone.slice(4)) > 60))
    return false;
  return Number(hour) < 24 && Number(minute) < 60 && Number(second) < 60;
}

/** The YAML tag a plain scalar resolves to, with its JSON value. */
export type ResolvedScalar =
  | { tag: 'null'; value: null }
  | { tag: 'bool'; value: boolean }
  | { tag: 'int' | 'float'; value: number }
  | { tag: 'timestamp' | 'str'; value: string };

/** Resolves a plain scalar as go-yaml v2's `resolve` does, with the value the JSON conversion gives it. */
export function resolveScalar(text: string): ResolvedScalar {
  const hint = text === '' ? HINT_MAP : hints[text.charCodeAt(0)];
  if (!hint) return { tag: 'str', value: text };
  const word = BOOL_AND_NULL.get(text);
  if (word === null) return { tag: 'null', value: null };
  if (word !== undefined) return { tag: 'bool', value: word };
  const special = SPECIAL_FLOATS.get(text);
  if (special !== undefined) return { tag: 'float', value: special };
  if (hint === HINT_DOT) {
    // strconv.ParseFloat fails on overflow (it returns ±Inf with ErrRange).
    const f = DOT_FLOAT.test(text) ? Number(text) : Number.NaN;
    return Number.isFinite(f) ? { tag: 'float', value: f } : { tag: 'str', value: text };
  }
  if (hint !== HINT_NUMBER) return { tag: 'str', value: text };
  if (isYamlTimestamp(text)) return { tag: 'timestamp', value: text };
  const plain = text.includes('_') ? text.replaceAll('_', '') : text;
  const int = parseGoInt(plain) ?? parseGoUint(plain);
  if (int !== undefined) return { tag: 'int', value: Number(int) };
  if (YAML_STYLE_FLOAT.test(plain)) {
    const f = Number(plain);
    if (Number.isFinite(f)) return { tag: 'float', value: f };
  }
  // (go-yaml's later `0b` fallbacks accept nothing that ParseInt with base 0
  // has not accepted above.)
  return { tag: 'str', value: text };
}

/** The value of a plain scalar (see resolveScalar). */
export function resolvePlainScalar(text: string): ScalarValue {
  return resolveScalar(text).value;
}

/**
 * A float map key as sigs.k8s.io/yaml writes it: strconv.FormatFloat(f, 'g',
 * -1, 32), the shortest float32 digits, exponent form below 1e-4 and from
 * 1e6 (`1e+06`), `.inf`, `-.inf`, `.nan`.
 */
export function formatFloatKey(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (value === Number.POSITIVE_INFINITY) return '.inf';
  if (value === Number.NEGATIVE_INFINITY) return '-.inf';
  const f = Math.fround(value);
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const sign = f < 0 ? '-' : '';
  const magnitude = Math.abs(f);
  let digits = '';
  let exponent = 0;
  for (let precision = 1; precision <= 9; precision++) {
    const s = magnitude.toExponential(precision - 1);
    if (Math.fround(Number(s)) === magnitude) {
      const [mantissa, exp] = s.split('e');
      digits = mantissa.replace('.', '').replace(/0+$/, '') || '0';
      exponent = Number(exp);
      break;
    }
  }
  if (exponent < -4 || exponent >= 6) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const point = exponent + 1;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

// --- the js-yaml schema ----------------------------------------------------------

/**
 * A float whose key text differs between JavaScript and Go (`1e+06`,
 * `3.1415927`, `.inf`): js-yaml writes a key with String(key), so the value
 * carries Go's text for that case. decode.ts turns these back into plain
 * numbers in values.
 */
export class GoFloat extends Number {
  override toString(): string {
    return formatFloatKey(this.valueOf());
  }
}

/**
 * Counters the decoder compares before and after a document, to learn
 * cheaply whether it needs a closer look:
 * - `nonFinite`: `.inf`/`.nan` values, which JSON cannot hold;
 * - `goFloats`: GoFloat values to turn back into numbers.
 */
export const decodeCounters = { nonFinite: 0, goFloats: 0 };

/**
 * Stands for a plain `<<` key. go-yaml v2 merges in document order (a merge
 * overrides the keys before it, the first of a list of merged maps wins),
 * unlike js-yaml's own merging, so decode.ts resolves merges afterwards. The
 * NUL cannot come from YAML text, where it is not allowed.
 */
export const MERGE_KEY = '\u0000<<';

// js-yaml calls `resolve` and then, when it matched, `construct` for the same
// scalar straight away, so the value computed by `resolve` is kept for `construct`.
let resolved: ScalarValue = null;

const implicitScalar = new Type('tag:rtpolicy.io,2025:yaml11', {
  kind: 'scalar',
  resolve(data: string | null): boolean {
    if (data === null) return false;
    // Most scalars are words that can only be strings: decide those from the
    // first character, without building a result.
    const hint = data === '' ? HINT_MAP : hints[data.charCodeAt(0)];
    if (!hint) return false;
    if (hint === HINT_MAP) {
      const word = BOOL_AND_NULL.get(data);
      if (word === undefined) return false;
      resolved = word;
      return true;
    }
    const r = resolveScalar(data);
    if (r.tag === 'str' || r.tag === 'timestamp') return false;
    resolved = r.value;
    if (r.tag === 'float' && String(r.value) !== formatFloatKey(r.value)) {
      if (!Number.isFinite(r.value)) decodeCounters.nonFinite++;
      decodeCounters.goFloats++;
      resolved = new GoFloat(r.value) as unknown as number;
    }
    return true;
  },
  construct: () => resolved,
});

const mergeKey = new Type('tag:rtpolicy.io,2025:merge', {
  kind: 'scalar',
  resolve: (data: string | null) => data === '<<',
  construct: () => MERGE_KEY,
});

/**
 * An explicit standard tag (`!!int 0x1F`, `!!bool "yes"`): go-yaml resolves
 * the text as if untagged and fails when the tags differ, except that an
 * integer may be tagged as a float.
 */
function explicitScalar(tag: ResolvedScalar['tag'], alsoAccepts?: ResolvedScalar['tag']): Type {
  return new Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve(data: string | null): boolean {
      const r = resolveScalar(data ?? '');
      if (r.tag !== tag && r.tag !== alsoAccepts) return false;
      resolved = r.value;
      return true;
    },
    construct: () => resolved,
  });
}

const explicitTypes = [
  explicitScalar('null'),
  explicitScalar('bool'),
  explicitScalar('int'),
  explicitScalar('float', 'int'),
  explicitScalar('timestamp'),
  // go-yaml decodes !!binary to bytes; the JSON conversion writes them as a
  // string, invalid UTF-8 as U+FFFD (as Buffer#toString does).
  new Type('tag:yaml.org,2002:binary', {
    kind: 'scalar',
    resolve: (data: string | null) => /^[A-Za-z0-9+/=\s]*$/.test(data ?? ''),
    construct: (data: string | null) =>
      Buffer.from((data ?? '').replace(/\s+/g, ''), 'base64').toString('utf8'),
  }),
  // Any other tag (`!Ref`, `!!set`, `!!omap`, `tag:example.com,2025:x`) is
  // ignored by go-yaml: the node keeps its plain value, a scalar stays a string.
  new Type('', { kind: 'scalar', multi: true, construct: (data: string | null) => data ?? '' }),
  new Type('', { kind: 'sequence', multi: true, construct: (data: unknown[] | null) => data ?? [] }),
  new Type('', { kind: 'mapping', multi: true, construct: (data: object | null) => data ?? {} }),
];

/** The js-yaml schema that decodes like sigs.k8s.io/yaml (go-yaml v2, YAML 1.1). */
export const KUBERNETES_YAML_SCHEMA: Schema = FAILSAFE_SCHEMA.extend({
  implicit: [implicitScalar, mergeKey],
  explicit: explicitTypes,
});
