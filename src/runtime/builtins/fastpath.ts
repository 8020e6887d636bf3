// Fast paths of host builtins: the common cases of a builtin whose full
// semantics live on the host (src/builtins/). A fast path returns the result
// when it can compute it exactly as the host would, and 0 otherwise, in which
// case the generated code calls the host. A call through `opa_builtinN`
// costs a JSON round trip of every argument and of the result, several
// times what formatting a short message costs here.
//
// Exported as `fastpath_` + the Rego name with `.` as `__` (README.md).
import { Buf, bufByte, bufBytes, bufI64, bufNew, bufReserve } from '../buffer';
import {
  REPR_INT,
  TYPE_ARRAY,
  TYPE_BOOLEAN,
  TYPE_NULL,
  TYPE_NUMBER,
  TYPE_STRING,
  arrayGet,
  arrayLen,
  boolValue,
  intValue,
  makeString,
  numberRepr,
  strData,
  strLen,
  typeOf,
} from '../value';

const PERCENT: u32 = 0x25;
const QUOTE: u32 = 0x22;
const BACKSLASH: u32 = 0x5c;
const NULL_TEXT = memory.data<u8>([0x6e, 0x75, 0x6c, 0x6c]);
const TRUE_TEXT = memory.data<u8>([0x74, 0x72, 0x75, 0x65]);
const FALSE_TEXT = memory.data<u8>([0x66, 0x61, 0x6c, 0x73, 0x65]);

/**
 * Appends `arg` formatted with `verb` as Go's fmt does for the value OPA's
 * sprintf passes (a string; an int64 for an exact integer; the Rego text of
 * a boolean or null), or returns false for anything else: other verbs,
 * floats and decimal text (Go formats those by their type), composite
 * values, `%q` of a string that is not printable ASCII, and the error
 * notations (`%!s(int64=1)`).
 */
function formatArg(out: Buf, verb: u32, arg: usize): bool {
  const t = typeOf(arg);
  if (t == TYPE_STRING) {
    const p = strData(arg);
    const n = strLen(arg);
    if (verb == 0x73 /* s */ || verb == 0x76 /* v */) {
      bufBytes(out, p, n);
      return true;
    }
    if (verb != 0x71 /* q */) return false;
    // strconv.Quote: printable ASCII stays as it is but for `"` and `\`.
    bufReserve(out, n + 2);
    bufByte(out, QUOTE);
    for (let i: u32 = 0; i < n; i++) {
      const c = <u32>load<u8>(p + i);
      if (c < 0x20 || c > 0x7e) return false;
      if (c == QUOTE || c == BACKSLASH) bufByte(out, BACKSLASH);
      bufByte(out, c);
    }
    bufByte(out, QUOTE);
    return true;
  }
  if (t == TYPE_NUMBER) {
    if (numberRepr(arg) != REPR_INT) return false;
    if (verb != 0x64 /* d */ && verb != 0x76 /* v */) return false;
    bufI64(out, intValue(arg));
    return true;
  }
  if (t == TYPE_BOOLEAN || t == TYPE_NULL) {
    if (verb != 0x73 /* s */ && verb != 0x76 /* v */) return false;
    if (t == TYPE_NULL) bufBytes(out, NULL_TEXT, 4);
    else if (boolValue(arg)) bufBytes(out, TRUE_TEXT, 4);
    else bufBytes(out, FALSE_TEXT, 5);
    return true;
  }
  return false;
}

/**
 * `sprintf(format, values)` for formats of plain `%s %v %d %q %%` verbs (no
 * flags, width, precision or argument indexes) with exactly one value per
 * verb, each of a kind formatArg takes.
 */
export function fastpath_sprintf(format: usize, values: usize): usize {
  if (format == 0 || values == 0) return 0;
  if (typeOf(format) != TYPE_STRING || typeOf(values) != TYPE_ARRAY) return 0;
  const p = strData(format);
  const n = strLen(format);
  const count = arrayLen(values);
  const out = bufNew(n + 16 * count);
  let next: u32 = 0;
  let literal: u32 = 0; // start of the text since the last verb
  for (let i: u32 = 0; i < n; i++) {
    if (<u32>load<u8>(p + i) != PERCENT) continue;
    bufBytes(out, p + literal, i - literal);
    if (i + 1 >= n) return 0; // `%!(NOVERB)`
    const verb = <u32>load<u8>(p + i + 1);
    i++;
    literal = i + 1;
    if (verb == PERCENT) {
      bufByte(out, PERCENT);
      continue;
    }
    if (next >= count) return 0; // `%!s(MISSING)`
    if (!formatArg(out, verb, arrayGet(values, next))) return 0;
    next++;
  }
  if (next != count) return 0; // `%!(EXTRA ...)`
  bufBytes(out, p + literal, n - literal);
  return makeString(out.data, out.len);
}
