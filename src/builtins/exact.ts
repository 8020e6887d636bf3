// Exact values for the host builtins whose results depend on what JSON loses.
//
// The SDK hands a host builtin its arguments as JSON: a set becomes an array,
// a non-string object key becomes a string, an integer beyond 2^53 is rounded
// by JSON.parse. Modules compiled by rtpolicy call the builtins listed in
// EXACT_VALUE_BUILTINS (index.ts) differently: each argument travels as a
// string holding its Rego value text (the runtime's `opa_value_text`), and the
// result comes back the same way (`opa_value_from_text`). On the host that
// text becomes an Exact value:
//   - a set is a RegoSet, an Array subclass holding the elements in order, so
//     code written for JSON (where a set is its sorted array) still works;
//   - an object whose keys are all strings is a plain object, as from JSON;
//     one with any other key is a RegoObject (its entries in key order);
//   - an integer beyond 2^53 is a bigint; other numbers are JS numbers. The
//     builtins that format values get every number with its kind instead,
//     since OPA formats a number by its text: integers as bigints, others as
//     NumberLiterals (`2.0` is a float to sprintf, print writes `1.50`).

import { fail } from './errors.js';
import { compareStrings, formatNumber, goQuote, RawJson } from './values.js';

/** A set: its elements in order (an Array, so JSON-minded code sees the set's sorted array). */
export class RegoSet extends Array<Exact> {
  // Derived arrays (map, filter, slice...) are plain arrays, not sets.
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  has(x: Exact): boolean {
    return this.some((y) => compareExact(x, y) === 0);
  }
}

/** The set of `items`, sorted and without duplicates. */
export function makeSet(items: Iterable<Exact>): RegoSet {
  const sorted = [...items].sort(compareExact);
  const set = new RegoSet();
  for (const x of sorted) if (set.length === 0 || compareExact(set[set.length - 1], x) !== 0) set.push(x);
  return set;
}

/** An object with at least one key that is not a string; entries in key order. */
export class RegoObject {
  constructor(readonly entries: [key: Exact, value: Exact][]) {}

  get(key: Exact): Exact | undefined {
    return this.entries.find(([k]) => compareExact(k, key) === 0)?.[1];
  }
}

/**
 * A number with a fraction or an exponent, and its text (`2.0`, `1.50`,
 * `1e3`). OPA formats numbers by their text: sprintf takes `2.0` for a float
 * (`%d` of it is `%!d(float64=2)`), print and `%v` of a collection write
 * `1.50`. Only the builtins that format values are handed these (index.ts,
 * FORMATTING_BUILTINS); the others get plain numbers.
 */
export class NumberLiteral {
  constructor(
    readonly value: number,
    readonly text: string,
  ) {}
}

export interface ExactRecord {
  [key: string]: Exact;
}

/** A Rego value on the host, exactly. */
export type Exact =
  | null
  | boolean
  | number
  | bigint
  | string
  | NumberLiteral
  | Exact[]
  | RegoSet
  | RegoObject
  | ExactRecord;

export type ExactType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object' | 'set';

export function exactType(v: Exact): ExactType {
  if (v === null) return 'null';
  if (v instanceof RegoSet) return 'set';
  if (Array.isArray(v)) return 'array';
  if (v instanceof NumberLiteral) return 'number';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'number':
    case 'bigint':
      return 'number';
    case 'string':
      return 'string';
    default:
      return 'object';
  }
}

/** An object's entries in key order (OPA's iteration order). */
export function objectEntries(v: ExactRecord | RegoObject): [Exact, Exact][] {
  if (v instanceof RegoObject) return v.entries;
  return Object.keys(v)
    .sort(compareStrings)
    .map((k) => [k, v[k]]);
}

/** The value under `key` in an object, or undefined. */
export function objectGet(v: ExactRecord | RegoObject, key: Exact): Exact | undefined {
  if (v instanceof RegoObject) return v.get(key);
  return typeof key === 'string' && Object.hasOwn(v, key) ? v[key] : undefined;
}

/** An object from entries: a plain object when every key is a string. */
export function makeObject(entries: [Exact, Exact][]): ExactRecord | RegoObject {
  if (entries.every(([k]) => typeof k === 'string')) {
    const out: ExactRecord = {};
    for (const [k, v] of entries) defineOwn(out, k as string, v);
    return out;
  }
  return new RegoObject([...entries].sort(([a], [b]) => compareExact(a, b)));
}

/** Sets an own property, even `__proto__` (plain assignment would change the prototype instead). */
function defineOwn(o: ExactRecord, key: string, value: Exact): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

// ---------------------------------------------------------------------------
// Order (OPA's: null < boolean < number < string < array < object < set)

const RANK: Record<ExactType, number> = {
  null: 0,
  boolean: 1,
  number: 2,
  string: 3,
  array: 4,
  object: 5,
  set: 6,
};

export function compareExact(a: Exact, b: Exact): number {
  const ta = exactType(a);
  const tb = exactType(b);
  if (ta !== tb) return RANK[ta] - RANK[tb];
  switch (ta) {
    case 'null':
      return 0;
    case 'boolean':
      return Number(a) - Number(b);
    case 'number':
      return compareNumbers(numberOf(a), numberOf(b));
    case 'string':
      return compareStrings(a as string, b as string);
    case 'array':
    case 'set':
      return compareSequences(a as Exact[], b as Exact[]);
    default: {
      const x = objectEntries(a as ExactRecord | RegoObject);
      const y = objectEntries(b as ExactRecord | RegoObject);
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareExact(x[i][0], y[i][0]) || compareExact(x[i][1], y[i][1]);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
  }
}

function compareSequences(x: Exact[], y: Exact[]): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = compareExact(x[i], y[i]);
    if (c !== 0) return c;
  }
  return x.length - y.length;
}

function numberOf(v: Exact): number | bigint {
  return v instanceof NumberLiteral ? v.value : (v as number | bigint);
}

function compareNumbers(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  // A bigint against a double: exact, through the double's floor.
  const [big, double, sign] = typeof a === 'bigint' ? [a, b as number, 1] : [b as bigint, a as number, -1];
  const floor = BigInt(Math.floor(double));
  if (big < floor) return -sign;
  if (big > floor) return sign;
  return Number.isInteger(double) ? 0 : -sign;
}

export function exactEquals(a: Exact, b: Exact): boolean {
  return compareExact(a, b) === 0;
}

// ---------------------------------------------------------------------------
// Rego value text (as the runtime's opa_value_dump writes it)

/**
 * Parses Rego value text: JSON plus sets (`{1, 2}`, `set()`) and objects with
 * any keys. With `numberLiterals`, every integer is a bigint and every other
 * number a NumberLiteral, so that formatting knows each number's kind.
 */
export function parseRegoText(text: string, options: { numberLiterals?: boolean } = {}): Exact {
  const p = new TextParser(text, options.numberLiterals === true);
  const v = p.value();
  p.end();
  return v;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const INTEGER = /^-?\d+$/;

class TextParser {
  private i = 0;

  constructor(
    private readonly s: string,
    private readonly numberLiterals: boolean,
  ) {}

  value(): Exact {
    this.space();
    const c = this.s[this.i];
    switch (c) {
      case '{':
        return this.braces();
      case '[': {
        this.i++;
        const items: Exact[] = [];
        this.sequence(']', () => items.push(this.value()));
        return items;
      }
      case '"':
        return this.string();
      case 't':
        return this.word('true', true);
      case 'f':
        return this.word('false', false);
      case 'n':
        return this.word('null', null);
      case 's':
        return this.word('set()', new RegoSet());
      default:
        return this.number();
    }
  }

  end(): void {
    this.space();
    if (this.i !== this.s.length) this.error();
  }

  /** An object (`{}`, `{k: v, ...}`) or a non-empty set (`{a, b}`). */
  private braces(): Exact {
    this.i++;
    this.space();
    if (this.s[this.i] === '}') {
      this.i++;
      return {};
    }
    const first = this.value();
    this.space();
    if (this.s[this.i] !== ':') {
      const items = [first];
      if (this.s[this.i] === ',') {
        this.i++;
        this.sequence('}', () => items.push(this.value()), true);
      } else this.expect('}');
      return makeSet(items);
    }
    const entries: [Exact, Exact][] = [];
    let key = first;
    for (;;) {
      this.expect(':');
      entries.push([key, this.value()]);
      this.space();
      if (this.s[this.i] === '}') break;
      this.expect(',');
      key = this.value();
      this.space();
    }
    this.i++;
    return makeObject(entries);
  }

  /** Items separated by commas up to `close` (the opening bracket already read). */
  private sequence(close: string, item: () => void, started = false): void {
    this.space();
    if (!started && this.s[this.i] === close) {
      this.i++;
      return;
    }
    for (;;) {
      item();
      this.space();
      if (this.s[this.i] === close) {
        this.i++;
        return;
      }
      this.expect(',');
    }
  }

  private string(): string {
    const start = this.i++;
    while (this.i < this.s.length && this.s[this.i] !== '"') this.i += this.s[this.i] === '\\' ? 2 : 1;
    if (this.i >= this.s.length) this.error();
    this.i++;
    return JSON.parse(this.s.slice(start, this.i));
  }

  private number(): number | bigint | NumberLiteral {
    NUMBER.lastIndex = this.i;
    const match = NUMBER.exec(this.s);
    if (!match) this.error();
    const text = match[0];
    this.i += text.length;
    if (INTEGER.test(text)) {
      const n = Number(text);
      return Number.isSafeInteger(n) && !this.numberLiterals ? n : BigInt(text);
    }
    const n = Number(text);
    if (!Number.isFinite(n)) fail(`number ${text} is out of range`);
    return this.numberLiterals ? new NumberLiteral(n, text) : n;
  }

  private word<T>(word: string, value: T): T {
    if (!this.s.startsWith(word, this.i)) this.error();
    this.i += word.length;
    return value;
  }

  private expect(c: string): void {
    this.space();
    if (this.s[this.i] !== c) this.error();
    this.i++;
  }

  private space(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i])) this.i++;
  }

  private error(): never {
    throw new Error(`internal error: invalid Rego value text at offset ${this.i}: ${this.s.slice(0, 80)}`);
  }
}

/** The Rego value text of a result, for the runtime's `opa_value_from_text`. */
export function regoText(v: Exact | RawJson): string {
  if (v === null) return 'null';
  if (v instanceof RawJson || v instanceof NumberLiteral) return v.text;
  switch (typeof v) {
    case 'boolean':
    case 'string':
      return JSON.stringify(v);
    case 'bigint':
      return v.toString();
    case 'number':
      if (!Number.isFinite(v)) fail(`number out of range: ${v}`);
      return JSON.stringify(v);
  }
  if (v instanceof RegoSet) return v.length === 0 ? 'set()' : `{${v.map(regoText).join(',')}}`;
  if (Array.isArray(v)) return `[${v.map(regoText).join(',')}]`;
  const entries = v instanceof RegoObject ? v.entries : Object.entries(v);
  return `{${entries.map(([k, x]) => `${regoText(k)}:${regoText(x)}`).join(',')}}`;
}

/**
 * The JSON form of an exact result, for a module that calls the builtin with
 * JSON (one built by `opa build`): sets become arrays and other keys their
 * JSON text, as the runtime's opa_json_dump writes them.
 */
export function toJsonResult(v: Exact): Exact {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof NumberLiteral) return v.value;
  if (Array.isArray(v)) return Array.from(v, toJsonResult);
  const out: ExactRecord = {};
  for (const [k, x] of objectEntries(v))
    defineOwn(out, typeof k === 'string' ? k : regoJsonText(k), toJsonResult(x));
  return out;
}

function regoJsonText(v: Exact): string {
  return regoText(toJsonResult(v));
}

/**
 * A value in Rego syntax, as OPA's `ast.Value.String()` prints it (print,
 * sprintf's %v): `{"a": [1, "x"]}`, `{1, 2}`, `set()`, `{1: "a"}`.
 */
export function formatValue(v: Exact | RawJson): string {
  if (v === null) return 'null';
  if (v instanceof RawJson) return formatValue(parseRegoText(v.text, { numberLiterals: true }));
  if (v instanceof NumberLiteral) return v.text;
  switch (typeof v) {
    case 'boolean':
      return String(v);
    case 'number':
    case 'bigint':
      return formatNumber(v);
    case 'string':
      return goQuote(v);
  }
  if (v instanceof RegoSet) return v.length === 0 ? 'set()' : `{${v.map(formatValue).join(', ')}}`;
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
  return `{${objectEntries(v)
    .map(([k, x]) => `${formatValue(k)}: ${formatValue(x)}`)
    .join(', ')}}`;
}
