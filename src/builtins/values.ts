// Values as host builtins see them, and OPA's rules for ordering and printing
// them. The SDK hands each argument over as parsed JSON (`opa_json_dump` then
// JSON.parse), so a set arrives as a sorted array and a number as a JS number.
// A result may hold `bigint`s where a number must stay exact beyond 2^53
// (nanosecond timestamps, big integers): `encodeResult` then passes the SDK
// JSON text instead of a JS value.

/** A value as a host builtin receives it. */
export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

/**
 * What a host builtin returns: a Value whose numbers may be bigints, or
 * RawJson; `undefined` is an undefined result.
 */
export type Result =
  | null
  | boolean
  | number
  | bigint
  | string
  | RawJson
  | Result[]
  | { [key: string]: Result };

/** A result that is already JSON text (json.unmarshal): handed to the SDK as is, so its numbers stay exact. */
export class RawJson {
  constructor(readonly text: string) {}
}

export type ValueType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

export function typeOf(v: unknown): ValueType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
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

export function isObject(v: unknown): v is { [key: string]: Value } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Compares strings by code point, which is the UTF-8 byte order OPA (Go) uses. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (0xD800-0xDFFF) encode code points above 0xFFFF, which sort
    // after every BMP character, including those above the surrogate range.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** Sets an own property, even `__proto__` (plain assignment would change the prototype instead). */
export function setOwn(o: { [key: string]: Value }, key: string, value: Value): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

export function sortedKeys(o: object): string[] {
  return Object.keys(o).sort(compareStrings);
}

/**
 * The integer a JSON number stands for. Beyond 2^53 the SDK's JSON.parse has
 * already rounded it to a double; its shortest decimal form (1707133074028819000
 * rather than the double's exact 1707133074028818944) is the value that was
 * most likely written, e.g. a timestamp with microsecond precision.
 */
export function integerValue(n: number): bigint {
  if (Number.isSafeInteger(n) || Math.abs(n) >= 1e21) return BigInt(n);
  return BigInt(String(n));
}

// ---------------------------------------------------------------------------
// Printing

/** A number as OPA prints it: integers without a fraction, others in shortest round-trip form. */
export function formatNumber(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString();
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(n);
}

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Go's strconv.Quote: how OPA prints a string inside a value. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (printable.test(ch)) out += ch;
    else if (cp === 0x07) out += '\\a';
    else if (cp === 0x08) out += '\\b';
    else if (cp === 0x0c) out += '\\f';
    else if (cp === 0x0a) out += '\\n';
    else if (cp === 0x0d) out += '\\r';
    else if (cp === 0x09) out += '\\t';
    else if (cp === 0x0b) out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

// ---------------------------------------------------------------------------
// Results

function holdsBigint(v: Result): boolean {
  if (typeof v === 'bigint' || v instanceof RawJson) return true;
  if (Array.isArray(v)) return v.some(holdsBigint);
  if (isObject(v)) return Object.values(v as { [key: string]: Result }).some(holdsBigint);
  return false;
}

/** JSON text of a result; bigints are written as exact integers. */
export function resultToJson(v: Result): string {
  if (v === null) return 'null';
  if (v instanceof RawJson) return v.text;
  switch (typeof v) {
    case 'bigint':
      return v.toString();
    case 'number':
      if (!Number.isFinite(v)) throw new RangeError(`number out of range: ${v}`);
      return JSON.stringify(v);
    case 'boolean':
    case 'string':
      return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map(resultToJson).join(',')}]`;
  const o = v as { [key: string]: Result };
  return `{${Object.keys(o)
    .map((k) => `${JSON.stringify(k)}:${resultToJson(o[k])}`)
    .join(',')}}`;
}

/**
 * The result in the form the SDK loads into Wasm memory: the value itself
 * (the SDK JSON-stringifies it), or JSON text in an ArrayBuffer when the
 * value holds numbers JSON.stringify cannot write exactly.
 */
export function encodeResult(v: Result | undefined): unknown {
  if (v === undefined || !holdsBigint(v)) return v;
  const bytes = new TextEncoder().encode(resultToJson(v));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}
