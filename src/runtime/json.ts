// Parsing JSON (strict, RFC 8259) and Rego value text (JSON plus sets
// `{1, 2}` / `set()` and objects with non-string keys).
//
// The parser is iterative (an explicit stack of open containers), so deep
// nesting cannot overflow the Wasm call stack; nesting deeper than MAX_DEPTH
// is rejected (as Go's encoding/json does beyond 10,000), because comparing,
// hashing or copying such values recurses and must not exhaust the stack. Elements wait on a value stack
// until their container closes, which is then built with its exact size.
// Strings without escapes point into the parsed text instead of being
// copied, and so do number texts kept verbatim (big integers, decimals), so
// the text must stay in place while its values live (it does: nothing is
// freed before the heap is reset).
import { Buf, bufByte, bufBytes, bufNew } from './buffer';
import { abortMessage } from './errors';
import { alloc, heapMark, heapRelease, realloc } from './heap';
import {
  makeObject,
  makeSet,
  makeTableSized,
  tableAppend,
  tableFind,
  tableInsert,
  tableSortNow,
} from './table';
import { specialBytes, firstFlagged } from './swar';
import { encode, REPLACEMENT, validSequenceLength } from './utf8';
import {
  ASCII_NO,
  ASCII_YES,
  TYPE_OBJECT,
  TYPE_SET,
  arrayElems,
  makeArray,
  makeArrayOfLength,
  makeBool,
  makeInt,
  makeNull,
  makeNumberRef,
  makeStringAscii,
  strData,
  strLen,
  typeOf,
  TYPE_STRING,
} from './value';

/** The deepest nesting accepted: far beyond real documents, well within the Wasm stack. */
export const MAX_DEPTH: u32 = 2048;

// What an open container expects next.
const IN_ARRAY: u32 = 0;
const OBJECT_KEY: u32 = 1; // a key has just been parsed
const OBJECT_VALUE: u32 = 2; // a value has just been parsed
const IN_SET: u32 = 3;
const BRACE_FIRST: u32 = 4; // Rego: first element of `{...}`, object or set not yet known

// Parser state (the parser is not reentrant; nothing it calls parses).
let end: usize = 0;
let pos: usize = 0;
// Whether the last failed parse failed for nesting too deep (rather than syntax).
let tooDeep = false;
// Elements of the open containers, innermost last (object keys and values
// alternate); a container is built with its exact size when it closes.
let values: usize = 0;
let valuesLen: u32 = 0;
let valuesCap: u32 = 0;
// Open containers: state@0 and the index of their first element in `values`@4.
let frames: usize = 0;
let framesCap: u32 = 0;

// Documents the host parses may outlive heap resets (data), so their objects
// and sets are sorted as they are built (see table.ts). The input that
// opa_eval parses lives for one evaluation and is sorted only when iterated.

export function opa_json_parse(p: usize, len: u32): usize {
  return parse(p, len, false, true);
}

export function opa_value_parse(p: usize, len: u32): usize {
  return parse(p, len, true, true);
}

/**
 * The value a string value holds as Rego value text: an exact host
 * builtin's result. 0 stays 0 (undefined); anything else aborts, since the
 * host broke the calling convention.
 */
export function opa_value_from_text(s: usize): usize {
  if (s == 0) return 0;
  const v = typeOf(s) == TYPE_STRING ? parse(strData(s), strLen(s), true, true) : 0;
  if (v == 0) abortMessage('internal error: a host builtin returned something other than Rego value text');
  return v;
}

// @ts-ignore: decorator
@inline
function isSpace(c: u32): bool {
  return c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09;
}

// @ts-ignore: decorator
@inline
function skipSpace(): u32 {
  let q = pos;
  const stop = end;
  while (q < stop) {
    const c = <u32>load<u8>(q);
    if (!isSpace(c)) {
      pos = q;
      return c;
    }
    q++;
  }
  pos = q;
  return 0;
}

// @ts-ignore: decorator
@inline
function pushValue(v: usize): void {
  if (valuesLen == valuesCap) {
    const cap = valuesCap << 1;
    values = realloc(values, (<usize>valuesCap) << 2, (<usize>cap) << 2);
    valuesCap = cap;
  }
  store<usize>(values + ((<usize>valuesLen) << 2), v);
  valuesLen++;
}

/**
 * Parses one value spanning the whole text; 0 on any syntax error.
 * `sortNow` sorts objects and sets as they close.
 */
export function parse(p: usize, len: u32, rego: bool, sortNow: bool): usize {
  end = p + len;
  pos = p;
  tooDeep = false;
  const mark = heapMark();
  valuesCap = 64;
  valuesLen = 0;
  values = alloc((<usize>valuesCap) << 2);
  framesCap = 16;
  frames = alloc((<usize>framesCap) << 3);
  let depth: u32 = 0;
  let v: usize = 0;
  while (true) {
    // Parse the start of a value; containers open a frame and continue with their first element.
    let c = skipSpace();
    v = 0;
    if (c == 0x7b || c == 0x5b) {
      if (depth >= MAX_DEPTH) {
        tooDeep = true;
        return fail(mark);
      }
      pos++;
      const close: u32 = c == 0x7b ? 0x7d : 0x5d;
      const next = skipSpace();
      if (next == close) {
        pos++;
        v = c == 0x7b ? makeObject() : makeArray(0);
      } else {
        if (c == 0x7b && !rego && next != 0x22) return fail(mark);
        if (depth == framesCap) {
          frames = realloc(frames, (<usize>framesCap) << 3, (<usize>framesCap) << 4);
          framesCap <<= 1;
        }
        const f = frames + ((<usize>depth) << 3);
        store<u32>(f, c == 0x5b ? IN_ARRAY : rego ? BRACE_FIRST : OBJECT_KEY);
        store<u32>(f, valuesLen, 4);
        depth++;
        continue;
      }
    } else if (c == 0x22) {
      v = parseString();
    } else if (c == 0x2d || (c >= 0x30 && c <= 0x39)) {
      v = parseNumber();
    } else if (c == 0x74) {
      v = literal(TRUE_TEXT, 4, makeBool(true));
    } else if (c == 0x66) {
      v = literal(FALSE_TEXT, 5, makeBool(false));
    } else if (c == 0x6e) {
      v = literal(NULL_TEXT, 4, makeNull());
    } else if (c == 0x73 && rego) {
      v = literal(SET_TEXT, 5, 0);
      if (v != 0) v = makeSet();
    }
    if (v == 0) return fail(mark);

    // A value is complete: hand it to the enclosing containers, closing those that end here.
    while (true) {
      if (depth == 0) {
        if (skipSpace() != 0 || pos != end) return fail(mark);
        return v;
      }
      const f = frames + ((<usize>(depth - 1)) << 3);
      c = skipSpace();
      let state = load<u32>(f);
      if (state == BRACE_FIRST) {
        state = c == 0x3a ? OBJECT_KEY : IN_SET;
        store<u32>(f, state);
      }
      pushValue(v);
      if (state == OBJECT_KEY) {
        if (c != 0x3a) return fail(mark);
        pos++;
        store<u32>(f, OBJECT_VALUE);
        break;
      }
      if (c == 0x2c) {
        pos++;
        if (state == OBJECT_VALUE) {
          store<u32>(f, OBJECT_KEY);
          if (!rego && skipSpace() != 0x22) return fail(mark);
        }
        break;
      }
      if (c != (state == IN_ARRAY ? 0x5d : 0x7d)) return fail(mark);
      pos++;
      const base = load<u32>(f, 4);
      v = build(state, values + ((<usize>base) << 2), valuesLen - base, sortNow);
      valuesLen = base;
      depth--;
    }
  }
  return 0;
}

/** Builds a container from its n elements (object: n/2 key, value pairs). */
function build(state: u32, elems: usize, n: u32, sortNow: bool): usize {
  if (state == IN_ARRAY) {
    const a = makeArrayOfLength(n);
    memory.copy(arrayElems(a), elems, (<usize>n) << 2);
    return a;
  }
  let t: usize;
  if (state == IN_SET) {
    t = makeTableSized(TYPE_SET, n);
    for (let i: u32 = 0; i < n; i++) {
      const e = load<usize>(elems + ((<usize>i) << 2));
      if (tableFind(t, e) < 0) tableAppend(t, e, e);
    }
  } else {
    t = makeTableSized(TYPE_OBJECT, n >> 1);
    for (let i: u32 = 0; i < n; i += 2) {
      tableInsert(t, load<usize>(elems + ((<usize>i) << 2)), load<usize>(elems + ((<usize>(i + 1)) << 2)));
    }
  }
  if (sortNow) tableSortNow(t);
  return t;
}

/** True when the last parse that failed did so because the text nests deeper than MAX_DEPTH. */
export function lastParseTooDeep(): bool {
  return tooDeep;
}

function fail(mark: usize): usize {
  heapRelease(mark);
  return 0;
}

const TRUE_TEXT = memory.data<u8>([0x74, 0x72, 0x75, 0x65]);
const FALSE_TEXT = memory.data<u8>([0x66, 0x61, 0x6c, 0x73, 0x65]);
const NULL_TEXT = memory.data<u8>([0x6e, 0x75, 0x6c, 0x6c]);
const SET_TEXT = memory.data<u8>([0x73, 0x65, 0x74, 0x28, 0x29]);

/** Matches a keyword; returns `value` (or 1 when value is 0) on success, 0 otherwise. */
function literal(text: usize, n: u32, value: usize): usize {
  if (pos + n > end) return 0;
  for (let i: u32 = 0; i < n; i++) {
    if (load<u8>(pos + i) != load<u8>(text + i)) return 0;
  }
  pos += n;
  return value != 0 ? value : 1;
}

function parseNumber(): usize {
  const start = pos;
  let neg = false;
  if (load<u8>(pos) == 0x2d) {
    neg = true;
    pos++;
  }
  if (pos >= end) return 0;
  let c = <u32>load<u8>(pos);
  let digits: u32 = 0;
  let magnitude: u64 = 0;
  if (c == 0x30) {
    pos++;
    digits = 1;
  } else if (c >= 0x31 && c <= 0x39) {
    while (pos < end) {
      c = <u32>load<u8>(pos) - 0x30;
      if (c > 9) break;
      // Exact while at most 19 digits; longer integers are kept as text anyway.
      magnitude = magnitude * 10 + c;
      digits++;
      pos++;
    }
  } else {
    return 0;
  }
  let integer = true;
  if (pos < end && load<u8>(pos) == 0x2e) {
    pos++;
    if (!skipDigits()) return 0;
    integer = false;
  }
  if (pos < end && (load<u8>(pos) | 0x20) == 0x65) {
    pos++;
    if (pos < end && (load<u8>(pos) == 0x2b || load<u8>(pos) == 0x2d)) pos++;
    if (!skipDigits()) return 0;
    integer = false;
  }
  // Up to 19 digits the magnitude is exact (below 2^64); it must also fit an i64.
  const limit: u64 = neg ? 0x8000000000000000 : 0x7fffffffffffffff;
  if (integer && (digits <= 18 || (digits == 19 && magnitude <= limit))) {
    return makeInt(neg ? -(<i64>magnitude) : <i64>magnitude);
  }
  return makeNumberRef(start, <u32>(pos - start));
}

function skipDigits(): bool {
  const start = pos;
  while (pos < end && <u32>load<u8>(pos) - 0x30 <= 9) pos++;
  return pos > start;
}

/** Parses a string at pos (the opening quote). */
function parseString(): usize {
  const start = pos + 1;
  const stop = end;
  let q = start;
  let ascii = true;
  while (true) {
    // Skip eight ordinary ASCII bytes at a time.
    while (q + 8 <= stop) {
      const mask = specialBytes(load<u64>(q));
      if (mask != 0) {
        q += firstFlagged(mask);
        break;
      }
      q += 8;
    }
    if (q >= stop) break;
    const c = <u32>load<u8>(q);
    if (c == 0x22) {
      pos = q + 1;
      return makeStringAscii(start, <u32>(q - start), ascii ? ASCII_YES : ASCII_NO);
    }
    if (c == 0x5c) {
      pos = q;
      return parseStringSlow(start);
    }
    if (c < 0x20) return 0;
    if (c >= 0x80) {
      const n = validSequenceLength(q, stop);
      if (n == 0) {
        pos = q;
        return parseStringSlow(start);
      }
      ascii = false;
      q += n;
    } else {
      q++;
    }
  }
  return 0;
}

/** Decodes a string with escapes or invalid UTF-8 into a new buffer. */
function parseStringSlow(start: usize): usize {
  const out = bufNew(<u32>(pos - start) + 16);
  bufBytes(out, start, <u32>(pos - start));
  while (pos < end) {
    const c = <u32>load<u8>(pos);
    if (c == 0x22) {
      pos++;
      return makeStringAscii(out.data, out.len, 0);
    }
    if (c < 0x20) return 0;
    if (c == 0x5c) {
      if (!parseEscape(out)) return 0;
      continue;
    }
    if (c >= 0x80) {
      const n = validSequenceLength(pos, end);
      if (n == 0) {
        encode(out, REPLACEMENT);
        pos++;
      } else {
        bufBytes(out, pos, n);
        pos += n;
      }
      continue;
    }
    bufByte(out, c);
    pos++;
  }
  return 0;
}

function parseEscape(out: Buf): bool {
  pos++;
  if (pos >= end) return false;
  const c = <u32>load<u8>(pos);
  pos++;
  switch (c) {
    case 0x22:
    case 0x5c:
    case 0x2f:
      bufByte(out, c);
      return true;
    case 0x62:
      bufByte(out, 0x08);
      return true;
    case 0x66:
      bufByte(out, 0x0c);
      return true;
    case 0x6e:
      bufByte(out, 0x0a);
      return true;
    case 0x72:
      bufByte(out, 0x0d);
      return true;
    case 0x74:
      bufByte(out, 0x09);
      return true;
    case 0x75: {
      let cp = hex4();
      if (cp < 0) return false;
      if (cp >= 0xd800 && cp < 0xdc00) {
        // A high surrogate: combine with a following low surrogate, else it stands alone (U+FFFD).
        if (pos + 6 <= end && load<u8>(pos) == 0x5c && load<u8>(pos + 1) == 0x75) {
          const save = pos;
          pos += 2;
          const lo = hex4();
          if (lo >= 0xdc00 && lo < 0xe000) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          } else {
            pos = save;
            cp = <i32>REPLACEMENT;
          }
        } else {
          cp = <i32>REPLACEMENT;
        }
      }
      encode(out, <u32>cp);
      return true;
    }
  }
  return false;
}

function hex4(): i32 {
  if (pos + 4 > end) return -1;
  let v: i32 = 0;
  for (let i = 0; i < 4; i++) {
    const c = <u32>load<u8>(pos + i);
    let d: i32;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) d = (c | 0x20) - 0x61 + 10;
    else return -1;
    v = (v << 4) | d;
  }
  pos += 4;
  return v;
}
