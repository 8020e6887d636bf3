// Encodings with Go's exact rules: base64 (strict alphabet and padding, CR/LF
// ignored), hex, URL query escaping (net/url), JSON (encoding/json: sorted
// keys, HTML-safe escapes, MarshalIndent) and YAML (sigs.k8s.io/yaml: YAML
// 1.1 scalars, first document only). OPA strings are Go strings, so binary
// results are decoded as UTF-8 with U+FFFD for invalid bytes, as OPA's JSON
// output shows them.

import { booleanOperand, fail, objectOperand, operandFail, stringOperand } from './errors.js';
import type { HostImplementations } from './types.js';
import { compareStrings, formatNumber, RawJson, type Result, sortedKeys, type Value } from './values.js';

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const fromBytes = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

// ---------------------------------------------------------------------------
// base64

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Go's base64 Encoding.DecodeString for a padded encoding (non-strict): CR
 * and LF are skipped anywhere; errors give the byte offset as Go does.
 */
function decodeBase64(s: string, alphabet: string): Uint8Array {
  const src = utf8(s);
  const illegal = (at: number): never => fail(`illegal base64 data at input byte ${at}`);
  const isNewline = (b: number) => b === 0x0a || b === 0x0d;
  const out: number[] = [];
  let si = 0;
  for (;;) {
    const quantum: number[] = [];
    let length = 4;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out);
        illegal(si - j);
      }
      const b = src[si++];
      const v = b < 0x80 ? alphabet.indexOf(String.fromCharCode(b)) : -1;
      if (v >= 0) {
        quantum.push(v);
        continue;
      }
      if (isNewline(b)) {
        j--;
        continue;
      }
      if (b !== 0x3d || j < 2) illegal(si - 1);
      if (j === 2) {
        // "==" is expected; the first "=" is consumed.
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) illegal(src.length);
        if (src[si] !== 0x3d) illegal(si - 1);
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      if (si < src.length) illegal(si);
      length = j;
      break;
    }
    const bits = quantum.reduce((acc, v) => acc * 64 + v, 0) * 64 ** (4 - length);
    out.push(Math.floor(bits / 65536) & 0xff);
    if (length > 2) out.push(Math.floor(bits / 256) & 0xff);
    if (length > 3) out.push(bits & 0xff);
    if (length < 4) return Uint8Array.from(out);
  }
}

// ---------------------------------------------------------------------------
// URL query escaping (net/url)

function queryEscape(s: string): string {
  let out = '';
  for (const b of utf8(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function queryUnescape(s: string): string {
  const bytes: number[] = [];
  const raw = utf8(s);
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (b === 0x25) {
      const hex = raw.subarray(i + 1, i + 3).toString('latin1');
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
        // Go quotes at most the three bytes of the bad escape.
        fail(`invalid URL escape ${JSON.stringify(raw.subarray(i, i + 3).toString('utf8'))}`);
      }
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(b === 0x2b ? 0x20 : b);
    }
  }
  return fromBytes(Uint8Array.from(bytes));
}

/** Go's url.ParseQuery: `&`-separated pairs; a `;` is an error (since Go 1.17). */
function parseQuery(query: string): { [key: string]: string[] } {
  const out: { [key: string]: string[] } = Object.create(null);
  let firstError: string | undefined;
  for (const part of query.split('&')) {
    if (part === '') continue;
    if (part.includes(';')) {
      firstError ??= 'invalid semicolon separator in query';
      continue;
    }
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    let key: string;
    let value: string;
    try {
      key = queryUnescape(rawKey);
      value = queryUnescape(rawValue);
    } catch (e) {
      firstError ??= (e as Error).message;
      continue;
    }
    out[key] ??= [];
    out[key].push(value);
  }
  if (firstError) fail(firstError);
  return out;
}

// ---------------------------------------------------------------------------
// JSON (encoding/json)

/** A string as encoding/json writes it: `<`, `>`, `&`, U+2028 and U+2029 escaped, like Go's HTML-safe default. */
function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029) {
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

/** json.Marshal (indent undefined) or json.MarshalIndent(v, prefix, indent). */
export function goJsonMarshal(v: Value, indent?: { prefix: string; indent: string }, depth = 0): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return String(v);
    case 'number':
      return formatNumber(v);
    case 'string':
      return goJsonString(v);
  }
  const items: string[] = [];
  const isArray = Array.isArray(v);
  if (isArray) {
    for (const x of v) items.push(goJsonMarshal(x, indent, depth + 1));
  } else {
    const o = v as { [key: string]: Value };
    for (const k of sortedKeys(o)) {
      items.push(`${goJsonString(k)}:${indent ? ' ' : ''}${goJsonMarshal(o[k], indent, depth + 1)}`);
    }
  }
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (items.length === 0) return open + close;
  if (!indent) return `${open}${items.join(',')}${close}`;
  const line = (d: number) => `\n${indent.prefix}${indent.indent.repeat(d)}`;
  return `${open}${items.map((item) => line(depth + 1) + item).join(',')}${line(depth)}${close}`;
}

function marshalWithOptions(value: Value, options: Value): string {
  const opts = objectOperand(options, 2);
  let indent = '\t';
  let prefix = '';
  let implicitPretty = false;
  let explicitPretty: boolean | undefined;
  for (const key of Object.keys(opts).sort(compareStrings)) {
    const v = opts[key];
    switch (key) {
      case 'prefix':
        if (typeof v !== 'string') operandFail(2, `key ${key} failed cast to string`);
        prefix = v;
        implicitPretty = true;
        break;
      case 'indent':
        if (typeof v !== 'string') operandFail(2, `key ${key} failed cast to string`);
        indent = v;
        implicitPretty = true;
        break;
      case 'pretty':
        if (typeof v !== 'boolean') operandFail(2, `key ${key} failed cast to bool`);
        explicitPretty = booleanOperand(v, 2);
        break;
      default:
        operandFail(2, `object contained unknown key ${key}`);
    }
  }
  if (!(explicitPretty ?? implicitPretty)) return goJsonMarshal(value);
  // MarshalIndent does not prefix the first line; OPA does.
  return prefix + goJsonMarshal(value, { prefix, indent });
}

/** Go's json.Unmarshal accepts what JSON.parse accepts; the text itself is returned so big numbers stay exact. */
function unmarshalJson(text: string): RawJson {
  try {
    JSON.parse(text);
  } catch (e) {
    fail((e as Error).message);
  }
  return new RawJson(text);
}

// ---------------------------------------------------------------------------
// YAML (sigs.k8s.io/yaml)

// The `yaml` package takes about 30 ms to load and few policies call the
// yaml builtins: it is loaded by loadYamlPackage, which modules.ts awaits
// for the policies that call them (and index.ts for its `hostBuiltins`).
let yamlPackage: typeof import('yaml') | undefined;

export async function loadYamlPackage(): Promise<void> {
  yamlPackage ??= await import('yaml');
}

function yamlLib(): typeof import('yaml') {
  if (!yamlPackage) throw new Error('internal error: a yaml builtin was called before loadYamlPackage()');
  return yamlPackage;
}

/** YAML to a JSON value as sigs.k8s.io/yaml decodes it: YAML 1.1 scalars, keys as strings, the first document. */
function yamlToValue(text: string): Value {
  const docs = yamlLib().parseAllDocuments(text, { version: '1.1', merge: true, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const doc = list[0];
  if (!doc) return null;
  if (doc.errors.length > 0) fail(doc.errors[0].message.split('\n')[0]);
  const value = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  return toJsonValue(value);
}

/** Maps YAML's JS values onto JSON: Map keys become strings, dates RFC 3339, non-finite numbers are errors. */
function toJsonValue(v: unknown): Value {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) fail(`json: unsupported value: ${v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN'}`);
    return v;
  }
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().replace('.000Z', 'Z');
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v instanceof Set) return [...v].map(toJsonValue);
  const out: { [key: string]: Value } = Object.create(null);
  const entries = v instanceof Map ? [...v.entries()] : Object.entries(v as object);
  for (const [k, x] of entries) out[typeof k === 'string' ? k : String(toJsonValue(k))] = toJsonValue(x);
  return out;
}

function yamlMarshal(v: Value): string {
  return yamlLib().stringify(v, {
    version: '1.1',
    indentSeq: false,
    lineWidth: 0,
    sortMapEntries: true,
    aliasDuplicateObjects: false,
  });
}

// ---------------------------------------------------------------------------

function hexDecode(s: string): string {
  const bytes = utf8(s);
  const nibble = (b: number): number => {
    const c = String.fromCharCode(b);
    if (!/^[0-9a-fA-F]$/.test(c)) {
      const rune = `U+${b.toString(16).toUpperCase().padStart(4, '0')}`;
      fail(`encoding/hex: invalid byte: ${rune} '${String.fromCharCode(b)}'`);
    }
    return Number.parseInt(c, 16);
  };
  const out: number[] = [];
  let i = 0;
  for (; i + 1 < bytes.length; i += 2) out.push((nibble(bytes[i]) << 4) | nibble(bytes[i + 1]));
  if (bytes.length % 2 === 1) {
    nibble(bytes[i]);
    fail('encoding/hex: odd length hex string');
  }
  return fromBytes(Uint8Array.from(out));
}

function encodeObject(v: Value): string {
  const obj = objectOperand(v, 1);
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort(compareStrings)) {
    const value = obj[key];
    const values = typeof value === 'string' ? [value] : Array.isArray(value) ? value : null;
    if (!values || values.some((x) => typeof x !== 'string')) {
      operandFail(1, 'values must be string, array[string], or set[string]');
    }
    for (const x of values as string[]) parts.push(`${queryEscape(key)}=${queryEscape(x)}`);
  }
  return parts.join('&');
}

export const encodingBuiltins: HostImplementations = {
  'base64.encode': (s: Value) => utf8(stringOperand(s, 1)).toString('base64'),
  'base64.decode': (s: Value) => fromBytes(decodeBase64(stringOperand(s, 1), STD)),
  'base64.is_valid': (s: Value) => {
    if (typeof s !== 'string') return false;
    try {
      decodeBase64(s, STD);
      return true;
    } catch {
      return false;
    }
  },
  'base64url.encode': (s: Value) =>
    utf8(stringOperand(s, 1)).toString('base64').replaceAll('+', '-').replaceAll('/', '_'),
  'base64url.encode_no_pad': (s: Value) => utf8(stringOperand(s, 1)).toString('base64url'),
  'base64url.decode': (s: Value) => {
    let text = stringOperand(s, 1);
    // Unpadded input is accepted (RFC 7515 appendix C).
    if (!text.endsWith('=')) {
      const rem = utf8(text).length % 4;
      if (rem === 1) fail(`illegal base64url string: ${text}`);
      if (rem > 0) text += '='.repeat(4 - rem);
    }
    return fromBytes(decodeBase64(text, URL));
  },

  'hex.encode': (s: Value) => utf8(stringOperand(s, 1)).toString('hex'),
  'hex.decode': (s: Value) => hexDecode(stringOperand(s, 1)),

  'urlquery.encode': (s: Value) => queryEscape(stringOperand(s, 1)),
  'urlquery.decode': (s: Value) => queryUnescape(stringOperand(s, 1)),
  'urlquery.encode_object': (o: Value) => encodeObject(o),
  'urlquery.decode_object': (s: Value) => parseQuery(stringOperand(s, 1)) as Result,

  'json.marshal': (v: Value) => goJsonMarshal(v),
  'json.marshal_with_options': (v: Value, options: Value) => marshalWithOptions(v, options),
  'json.unmarshal': (s: Value) => unmarshalJson(stringOperand(s, 1)),
  'json.is_valid': (s: Value) => {
    if (typeof s !== 'string') return false;
    try {
      JSON.parse(s);
      return true;
    } catch {
      return false;
    }
  },

  'yaml.marshal': (v: Value) => yamlMarshal(v),
  'yaml.unmarshal': (s: Value) => yamlToValue(stringOperand(s, 1)),
  'yaml.is_valid': (s: Value) => {
    if (typeof s !== 'string') return false;
    try {
      yamlToValue(s);
      return true;
    } catch {
      return false;
    }
  },
};
