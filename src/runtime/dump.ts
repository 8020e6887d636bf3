// Writing values as JSON (opa_json_dump) and as Rego value text
// (opa_value_dump). Object keys and set elements come out in sorted order, so
// the same value always dumps to the same bytes.
import { Buf, bufAscii, bufByte, bufBytes, bufByteUnchecked, bufCString, bufNew, bufReserve } from './buffer';
import { alloc, realloc } from './heap';
import { firstFlagged, specialBytes } from './swar';
import { writeNumber } from './number';
import { entryKey, entryValue, sortedPermutation, tableLen } from './table';
import { encode, REPLACEMENT, validSequenceLength } from './utf8';
import {
  TYPE_ARRAY,
  TYPE_BOOLEAN,
  TYPE_NULL,
  TYPE_NUMBER,
  TYPE_OBJECT,
  TYPE_SET,
  TYPE_STRING,
  arrayGet,
  arrayLen,
  boolValue,
  makeString,
  strData,
  strLen,
  typeOf,
} from './value';

export function opa_json_dump(v: usize): usize {
  return dump(v, false);
}

export function opa_value_dump(v: usize): usize {
  return dump(v, true);
}

function dump(v: usize, rego: bool): usize {
  // The frame stack first, so that the output, last on the heap, grows in place.
  const stack = alloc(<usize>STACK_FRAMES * FRAME);
  const out = bufNew(1024);
  writeValueWith(out, v, rego, stack, STACK_FRAMES);
  return bufCString(out);
}

/**
 * v's Rego value text as a string value: how an exact host builtin receives
 * its arguments (JSON would turn sets into arrays, keys into strings, and
 * round big integers on the host).
 */
export function opa_value_text(v: usize): usize {
  const stack = alloc(<usize>STACK_FRAMES * FRAME);
  const out = bufNew(64);
  writeValueWith(out, v, true, stack, STACK_FRAMES);
  return makeString(out.data, out.len);
}

// Open collections of an iterative dump (no recursion: values as deep as the
// parser allows dump without exhausting the Wasm stack).
// Frame (16 bytes): collection@0 next index@4 length@8 sorted permutation or 0@12.
const FRAME: usize = 16;

const STACK_FRAMES: u32 = 32;

/** Appends v as JSON (rego = false: sets as arrays, non-string keys as strings) or Rego text. */
export function writeValue(out: Buf, v: usize, rego: bool): void {
  if (v != 0 && typeOf(v) >= TYPE_ARRAY)
    writeValueWith(out, v, rego, alloc(<usize>STACK_FRAMES * FRAME), STACK_FRAMES);
  else writeOpen(out, v, rego);
}

function writeValueWith(out: Buf, v: usize, rego: bool, stack: usize, cap: u32): void {
  if (!writeOpen(out, v, rego)) return;
  let depth: u32 = 0;
  pushFrame(stack, depth++, v);
  while (depth > 0) {
    const f = stack + <usize>(depth - 1) * FRAME;
    const c = load<usize>(f);
    const i = load<u32>(f, 4);
    const t = typeOf(c);
    if (i == load<u32>(f, 8)) {
      bufByte(out, t == TYPE_ARRAY || (t == TYPE_SET && !rego) ? 0x5d : 0x7d);
      depth--;
      continue;
    }
    store<u32>(f, i + 1, 4);
    if (i > 0) bufByte(out, 0x2c);
    let child: usize;
    if (t == TYPE_ARRAY) {
      child = arrayGet(c, i);
    } else {
      const perm = load<usize>(f, 12);
      const e = perm == 0 ? i : load<u32>(perm + ((<usize>i) << 2));
      child = entryKey(c, e);
      if (t == TYPE_OBJECT) {
        writeKey(out, child, rego);
        bufByte(out, 0x3a);
        child = entryValue(c, e);
      }
    }
    if (writeOpen(out, child, rego)) {
      if (depth == cap) {
        stack = realloc(stack, <usize>cap * FRAME, <usize>cap * 2 * FRAME);
        cap <<= 1;
      }
      pushFrame(stack, depth++, child);
    }
  }
}

function pushFrame(stack: usize, at: u32, v: usize): void {
  const f = stack + <usize>at * FRAME;
  store<usize>(f, v);
  store<u32>(f, 0, 4);
  const t = typeOf(v);
  store<u32>(f, t == TYPE_ARRAY ? arrayLen(v) : tableLen(v), 8);
  store<usize>(f, t == TYPE_ARRAY ? 0 : sortedPermutation(v), 12);
}

/**
 * Writes a scalar, an empty collection, or the opening bracket of a
 * non-empty collection; returns true in the last case (its elements follow).
 */
function writeOpen(out: Buf, v: usize, rego: bool): bool {
  if (v == 0) {
    // Undefined has no text; dumping it is a caller's mistake, but must not read garbage.
    writeWord(out, 0x6c6c756e);
    return false;
  }
  switch (typeOf(v)) {
    case TYPE_NULL:
      writeWord(out, 0x6c6c756e); // null
      return false;
    case TYPE_BOOLEAN:
      if (boolValue(v))
        writeWord(out, 0x65757274); // true
      else writeWord(out, 0x736c6166, 0x65); // false
      return false;
    case TYPE_NUMBER:
      writeNumber(out, v);
      return false;
    case TYPE_STRING:
      writeString(out, strData(v), strLen(v));
      return false;
    case TYPE_ARRAY:
      bufByte(out, 0x5b);
      if (arrayLen(v) != 0) return true;
      bufByte(out, 0x5d);
      return false;
    case TYPE_OBJECT:
      bufByte(out, 0x7b);
      if (tableLen(v) != 0) return true;
      bufByte(out, 0x7d);
      return false;
    case TYPE_SET:
      if (tableLen(v) == 0) {
        if (rego) bufAscii(out, 'set()');
        else writeWord(out, 0x5d5b, 0, 2); // []
        return false;
      }
      bufByte(out, rego ? 0x7b : 0x5b);
      return true;
  }
  return false;
}

function writeKey(out: Buf, k: usize, rego: bool): void {
  if (typeOf(k) == TYPE_STRING) {
    writeString(out, strData(k), strLen(k));
  } else if (rego) {
    writeValue(out, k, true);
  } else {
    // JSON keys are strings: a composite or scalar key is written as its JSON text.
    const text = bufNew(32);
    writeValue(text, k, false);
    writeString(out, text.data, text.len);
  }
}

/** Appends `n` bytes of a little-endian word (4 by default) and an optional fifth byte. */
// @ts-ignore: decorator
@inline
function writeWord(out: Buf, word: u32, fifth: u32 = 0, n: u32 = 4): void {
  bufReserve(out, 5);
  store<u32>(out.data + out.len, word);
  out.len += n;
  if (fifth != 0) bufByteUnchecked(out, fifth);
}

const HEX = memory.data<u8>([
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
]);

/** Appends a JSON string literal; invalid UTF-8 is written as U+FFFD so the output is always valid. */
export function writeString(out: Buf, p: usize, n: u32): void {
  bufReserve(out, n + 2);
  bufByteUnchecked(out, 0x22);
  const end = p + n;
  let run = p;
  let q = p;
  while (true) {
    while (q + 8 <= end) {
      const mask = specialBytes(load<u64>(q));
      if (mask != 0) {
        q += firstFlagged(mask);
        break;
      }
      q += 8;
    }
    if (q >= end) break;
    const c = <u32>load<u8>(q);
    if (c >= 0x20 && c != 0x22 && c != 0x5c && c < 0x80) {
      q++;
      continue;
    }
    if (c >= 0x80) {
      const len = validSequenceLength(q, end);
      if (len != 0) {
        q += len;
        continue;
      }
    }
    // Flush the run of bytes that need no escaping, then escape this one.
    if (q > run) bufBytes(out, run, <u32>(q - run));
    q++;
    run = q;
    writeEscape(out, c);
  }
  if (end > run) bufBytes(out, run, <u32>(end - run));
  bufByte(out, 0x22);
}

function writeEscape(out: Buf, c: u32): void {
  bufReserve(out, 6);
  if (c == 0x22 || c == 0x5c) {
    bufByteUnchecked(out, 0x5c);
    bufByteUnchecked(out, c);
  } else if (c == 0x0a) {
    bufByteUnchecked(out, 0x5c);
    bufByteUnchecked(out, 0x6e);
  } else if (c == 0x0d) {
    bufByteUnchecked(out, 0x5c);
    bufByteUnchecked(out, 0x72);
  } else if (c == 0x09) {
    bufByteUnchecked(out, 0x5c);
    bufByteUnchecked(out, 0x74);
  } else if (c == 0x08) {
    bufByteUnchecked(out, 0x5c);
    bufByteUnchecked(out, 0x62);
  } else if (c == 0x0c) {
    bufByteUnchecked(out, 0x5c);
    bufByteUnchecked(out, 0x66);
  } else if (c < 0x20) {
    bufByteUnchecked(out, 0x5c);
    bufByteUnchecked(out, 0x75);
    bufByteUnchecked(out, 0x30);
    bufByteUnchecked(out, 0x30);
    bufByteUnchecked(out, load<u8>(HEX + (c >> 4)));
    bufByteUnchecked(out, load<u8>(HEX + (c & 15)));
  } else {
    // A byte of invalid UTF-8.
    encode(out, REPLACEMENT);
  }
}
