// Operand checks shared by the builtins. A wrong operand type makes a builtin
// undefined (it returns 0), as in OPA's own Wasm runtime.
import { decimalIsInteger, decimalOf, decimalToBig, numberToI64 } from '../number';
import { Big, bigFitsU64, bigToU64 } from '../bignum';
import { bufByte, bufNew } from '../buffer';
import { bigWriteDigits } from '../bignum';
import { alloc } from '../heap';
import { TYPE_NUMBER, TYPE_STRING, makeInt, makeNumberRef, typeOf } from '../value';

// @ts-ignore: decorator
@inline
export function isNumber(v: usize): bool {
  return v != 0 && typeOf(v) == TYPE_NUMBER;
}

// @ts-ignore: decorator
@inline
export function isString(v: usize): bool {
  return v != 0 && typeOf(v) == TYPE_STRING;
}

// @ts-ignore: decorator
@inline
export function isType(v: usize, t: u32): bool {
  return v != 0 && typeOf(v) == t;
}

// Scratch for integer operands (builtins are not reentrant across these calls).
const INT_SCRATCH = memory.data(16, 8);

/** If v is an integer number that fits 64 bits, stores it for intOperandValue() and returns true. */
export function intOperand(v: usize): bool {
  return isNumber(v) && numberToI64(v, INT_SCRATCH);
}

/** The value stored by the last successful intOperand(v). */
// @ts-ignore: decorator
@inline
export function intOperandValue(): i64 {
  return load<i64>(INT_SCRATCH);
}

/** A signed big integer: sign and magnitude. */
// @ts-ignore: decorator
@unmanaged
export class BigInt {
  neg: bool;
  mag: Big;
}

/** Integers longer than this many digits are refused, not expanded (1e1000000 would not fit memory). */
const MAX_INTEGER_DIGITS: i32 = 100000;

/** v as a big integer, or null if it is not an integral number (or absurdly long). */
export function bigIntOperand(v: usize): BigInt | null {
  if (!isNumber(v)) return null;
  const d = decimalOf(v);
  if (!decimalIsInteger(d) || d.exp > MAX_INTEGER_DIGITS) return null;
  const r = changetype<BigInt>(alloc(offsetof<BigInt>()));
  r.neg = d.neg;
  r.mag = decimalToBig(d);
  return r;
}

/** The number for a signed big integer: exact 64-bit when it fits, decimal text otherwise. */
export function numberFromBig(neg: bool, mag: Big): usize {
  if (bigFitsU64(mag)) {
    const u = bigToU64(mag);
    if (!neg && u <= <u64>i64.MAX_VALUE) return makeInt(<i64>u);
    if (neg && u <= <u64>0x8000000000000000) return makeInt(-(<i64>u));
  }
  const out = bufNew(<u32>mag.len * 10 + 2);
  if (neg && mag.len > 0) bufByte(out, 0x2d);
  bigWriteDigits(out, mag);
  return makeNumberRef(out.data, out.len);
}
