// Arithmetic: exact on integers of any size (64-bit fast paths, big integers
// beyond), doubles otherwise; numbers.range*, bits.*. Errors OPA raises at
// evaluation (division by zero, modulo of non-integers) abort; wrong operand
// types make the builtin undefined.
import {
  bigAdd,
  bigCompare,
  bigCopy,
  bigDivMod,
  bigFromDigits,
  bigFromU64,
  bigIsZero,
  bigMul,
  bigMulAddSmall,
  bigShl,
  bigSub,
} from '../bignum';
import { builtinError, unsupported } from '../errors';
import { decimalIsInteger, decimalOf, numberToF64 } from '../number';
import { entryKey, makeSet, tableAppend, tableFind, tableLen } from '../table';
import {
  REPR_FLOAT,
  REPR_INT,
  TYPE_SET,
  arrayAppend,
  floatValue,
  intValue,
  makeArray,
  makeFloat,
  makeInt,
  makeNumberRef,
  numberRepr,
  refLen,
  refText,
} from '../value';
import {
  BigInt,
  bigIntOperand,
  intOperand,
  intOperandValue,
  isNumber,
  isType,
  numberFromBig,
} from './operands';

const TWO_53: f64 = 9007199254740992.0;
const TWO_63: f64 = 9223372036854775808.0;

const ADD: u32 = 0;
const SUB: u32 = 1;
const MUL: u32 = 2;

/** A double result: an exact integer when it is one (so later arithmetic takes the fast path). */
export function numberFromF64(x: f64, name: string): usize {
  if (!isFinite(x)) return unsupported(name, 'result is out of the range of a double');
  if (x == Math.trunc(x) && abs(x) < TWO_53) return makeInt(<i64>x);
  return makeFloat(x);
}

/** True when the number is integral, without expanding doubles to decimals. */
function isIntegral(v: usize): bool {
  const repr = numberRepr(v);
  if (repr == REPR_INT) return true;
  if (repr == REPR_FLOAT) {
    const x = floatValue(v);
    return x == Math.trunc(x);
  }
  return decimalIsInteger(decimalOf(v));
}

function arith(op: u32, a: usize, b: usize, name: string): usize {
  if (!isNumber(a) || !isNumber(b)) return 0;
  if (numberRepr(a) == REPR_INT && numberRepr(b) == REPR_INT) {
    const x = intValue(a);
    const y = intValue(b);
    if (op == ADD) {
      const r = x + y;
      if (((x ^ r) & (y ^ r)) >= 0) return makeInt(r);
    } else if (op == SUB) {
      const r = x - y;
      if (((x ^ y) & (x ^ r)) >= 0) return makeInt(r);
    } else {
      const r = x * y;
      if (x == 0 || (r / x == y && !(x == -1 && y == i64.MIN_VALUE))) return makeInt(r);
    }
  }
  if (isIntegral(a) && isIntegral(b)) {
    const x = bigIntOperand(a);
    const y = bigIntOperand(b);
    if (x != null && y != null) return exact(op, x, y);
  }
  const fa = numberToF64(a);
  const fb = numberToF64(b);
  return numberFromF64(op == ADD ? fa + fb : op == SUB ? fa - fb : fa * fb, name);
}

function exact(op: u32, x: BigInt, y: BigInt): usize {
  if (op == MUL) return numberFromBig(x.neg != y.neg, bigMul(x.mag, y.mag));
  const yneg = op == SUB ? !y.neg : y.neg;
  if (x.neg == yneg) {
    const m = bigCopy(x.mag);
    bigAdd(m, y.mag);
    return numberFromBig(x.neg, m);
  }
  // Opposite signs: subtract the smaller magnitude from the larger.
  if (bigCompare(x.mag, y.mag) >= 0) {
    const m = bigCopy(x.mag);
    bigSub(m, y.mag);
    return numberFromBig(x.neg, m);
  }
  const m = bigCopy(y.mag);
  bigSub(m, x.mag);
  return numberFromBig(yneg, m);
}

export function builtin_plus(a: usize, b: usize): usize {
  return arith(ADD, a, b, 'plus');
}

/** Number subtraction, or set difference. */
export function builtin_minus(a: usize, b: usize): usize {
  if (isType(a, TYPE_SET) && isType(b, TYPE_SET)) return setDifference(a, b);
  return arith(SUB, a, b, 'minus');
}

export function setDifference(a: usize, b: usize): usize {
  const r = makeSet();
  const n = tableLen(a);
  for (let i: u32 = 0; i < n; i++) {
    const k = entryKey(a, i);
    if (tableFind(b, k) < 0) tableAppend(r, k, k);
  }
  return r;
}

export function builtin_mul(a: usize, b: usize): usize {
  return arith(MUL, a, b, 'mul');
}

function isZero(v: usize): bool {
  const repr = numberRepr(v);
  if (repr == REPR_INT) return intValue(v) == 0;
  if (repr == REPR_FLOAT) return floatValue(v) == 0;
  return decimalOf(v).n == 0;
}

export function builtin_div(a: usize, b: usize): usize {
  if (!isNumber(a) || !isNumber(b)) return 0;
  if (isZero(b)) return builtinError('div', 'divide by zero');
  if (numberRepr(a) == REPR_INT && numberRepr(b) == REPR_INT) {
    const x = intValue(a);
    const y = intValue(b);
    // Exact only when the divisor divides the dividend (a zero dividend goes the float way, as OPA's).
    if (x != 0 && x % y == 0 && !(x == i64.MIN_VALUE && y == -1)) return makeInt(x / y);
  }
  return numberFromF64(numberToF64(a) / numberToF64(b), 'div');
}

export function builtin_rem(a: usize, b: usize): usize {
  if (!isNumber(a) || !isNumber(b)) return 0;
  if (numberRepr(a) == REPR_INT && numberRepr(b) == REPR_INT) {
    const y = intValue(b);
    if (y == 0) return builtinError('rem', 'modulo by zero');
    // Wasm's i64.rem_s is Go's %: the sign of the dividend (and MIN % -1 is 0).
    return makeInt(intValue(a) % y);
  }
  if (!isIntegral(a) || !isIntegral(b)) return builtinError('rem', 'modulo on floating-point number');
  const x = bigIntOperand(a);
  const y = bigIntOperand(b);
  if (x == null || y == null) return unsupported('rem', 'operand is too large');
  if (bigIsZero(y.mag)) return builtinError('rem', 'modulo by zero');
  const r = bigCopy(x.mag);
  bigDivMod(r, y.mag);
  return numberFromBig(x.neg, r);
}

export function builtin_abs(a: usize): usize {
  if (!isNumber(a)) return 0;
  const repr = numberRepr(a);
  if (repr == REPR_INT) {
    const x = intValue(a);
    if (x >= 0) return a;
    if (x != i64.MIN_VALUE) return makeInt(-x);
  } else if (repr == REPR_FLOAT) {
    return numberFromF64(abs(floatValue(a)), 'abs');
  } else {
    const text = refText(a);
    return load<u8>(text) == 0x2d ? makeNumberRef(text + 1, refLen(a) - 1) : a;
  }
  return numberFromBig(false, bigFromDigits(MIN_I64_DIGITS, 19));
}

// The magnitude of i64.MIN_VALUE, which has no positive i64.
const MIN_I64_DIGITS = memory.data<u8>([
  0x39, 0x32, 0x32, 0x33, 0x33, 0x37, 0x32, 0x30, 0x33, 0x36, 0x38, 0x35, 0x34, 0x37, 0x37, 0x35, 0x38, 0x30,
  0x38,
]);

const ROUND: u32 = 0;
const CEIL: u32 = 1;
const FLOOR: u32 = 2;

function roundNumber(mode: u32, a: usize, name: string): usize {
  if (!isNumber(a)) return 0;
  const repr = numberRepr(a);
  if (repr == REPR_INT) return a;
  if (repr == REPR_FLOAT) {
    const x = floatValue(a);
    let r: f64;
    if (mode == CEIL) r = Math.ceil(x);
    else if (mode == FLOOR) r = Math.floor(x);
    else {
      // Half away from zero; x - trunc(x) is exact, unlike x + 0.5.
      r = Math.trunc(x);
      if (abs(x - r) >= 0.5) r += x < 0 ? -1 : 1;
    }
    if (abs(r) < TWO_63) return makeInt(<i64>r);
    return numberFromF64(r, name);
  }
  // Decimal text: work on the digits, exactly.
  const d = decimalOf(a);
  if (decimalIsInteger(d)) return a;
  const intDigits = d.exp > 0 ? <u32>d.exp : 0;
  const mag = bigFromDigits(d.digits, intDigits);
  let up: bool;
  if (mode == ROUND) {
    const first = d.exp >= 0 ? <u32>load<u8>(d.digits + d.exp) : 0x30;
    up = first >= 0x35;
  } else {
    // The fraction is non-zero: ceil moves positive numbers up, floor moves negative ones down.
    up = mode == CEIL ? !d.neg : d.neg;
  }
  if (up) bigMulAddSmall(mag, 1, 1);
  return numberFromBig(d.neg && !bigIsZero(mag), mag);
}

export function builtin_round(a: usize): usize {
  return roundNumber(ROUND, a, 'round');
}

export function builtin_ceil(a: usize): usize {
  return roundNumber(CEIL, a, 'ceil');
}

export function builtin_floor(a: usize): usize {
  return roundNumber(FLOOR, a, 'floor');
}

// --- numbers.range ------------------------------------------------------------------

function range(a: usize, b: usize, step: i64, name: string): usize {
  if (!isNumber(a) || !isNumber(b)) return 0;
  if (!intOperand(a)) return rangeOperandError(a, name);
  const x = intOperandValue();
  if (!intOperand(b)) return rangeOperandError(b, name);
  const y = intOperandValue();
  const span = x <= y ? <u64>(y - x) : <u64>(x - y);
  const count = span / <u64>step + 1;
  if (count > 0x10000000) return unsupported(name, 'range is too large');
  const r = makeArray(<u32>count);
  let i = x;
  for (let k: u64 = 0; k < count; k++) {
    arrayAppend(r, makeInt(i));
    i = x <= y ? i + step : i - step;
  }
  return r;
}

/** Non-integers are a type error (undefined); integers beyond 64 bits are not supported. */
function rangeOperandError(v: usize, name: string): usize {
  if (isIntegral(v)) return unsupported(name, 'integers beyond 64 bits are not supported');
  return 0;
}

export function builtin_numbers__range(a: usize, b: usize): usize {
  return range(a, b, 1, 'numbers.range');
}

export function builtin_numbers__range_step(a: usize, b: usize, step: usize): usize {
  if (!isNumber(a) || !isNumber(b) || !isNumber(step)) return 0;
  if (!intOperand(step)) return rangeOperandError(step, 'numbers.range_step');
  const s = intOperandValue();
  if (s <= 0) return builtinError('numbers.range_step', 'step must be a positive integer');
  return range(a, b, s, 'numbers.range_step');
}

// --- bits -------------------------------------------------------------------------

const SCRATCH_PAIR = memory.data(16, 8);

/** Reads two 64-bit integer operands into SCRATCH_PAIR; false (undefined) for non-integers. */
function intPair(a: usize, b: usize, name: string): bool {
  if (!isNumber(a) || !isNumber(b)) return false;
  if (!intOperand(a)) return rangeOperandError(a, name) != 0;
  store<i64>(SCRATCH_PAIR, intOperandValue());
  if (!intOperand(b)) return rangeOperandError(b, name) != 0;
  store<i64>(SCRATCH_PAIR, intOperandValue(), 8);
  return true;
}

export function builtin_bits__or(a: usize, b: usize): usize {
  if (!intPair(a, b, 'bits.or')) return 0;
  return makeInt(load<i64>(SCRATCH_PAIR) | load<i64>(SCRATCH_PAIR, 8));
}

export function builtin_bits__and(a: usize, b: usize): usize {
  if (!intPair(a, b, 'bits.and')) return 0;
  return makeInt(load<i64>(SCRATCH_PAIR) & load<i64>(SCRATCH_PAIR, 8));
}

export function builtin_bits__xor(a: usize, b: usize): usize {
  if (!intPair(a, b, 'bits.xor')) return 0;
  return makeInt(load<i64>(SCRATCH_PAIR) ^ load<i64>(SCRATCH_PAIR, 8));
}

export function builtin_bits__negate(a: usize): usize {
  if (!isNumber(a)) return 0;
  if (!intOperand(a)) return rangeOperandError(a, 'bits.negate');
  return makeInt(~intOperandValue());
}

export function builtin_bits__lsh(a: usize, b: usize): usize {
  if (!intPair(a, b, 'bits.lsh')) return 0;
  const x = load<i64>(SCRATCH_PAIR);
  const s = load<i64>(SCRATCH_PAIR, 8);
  if (s < 0) return 0;
  if (x == 0) return makeInt(0);
  if (s < 63) {
    const r = x << s;
    if (r >> s == x) return makeInt(r);
  }
  if (s > 1 << 20) return unsupported('bits.lsh', 'shift count too large');
  // Beyond 64 bits: shift the magnitude (Go's big.Int Lsh keeps the sign).
  const mag = bigFromU64(x < 0 ? <u64>-x : <u64>x);
  bigShl(mag, <u32>s);
  return numberFromBig(x < 0, mag);
}

export function builtin_bits__rsh(a: usize, b: usize): usize {
  if (!intPair(a, b, 'bits.rsh')) return 0;
  const x = load<i64>(SCRATCH_PAIR);
  const s = load<i64>(SCRATCH_PAIR, 8);
  if (s < 0) return 0;
  // Arithmetic shift: Go's big.Int Rsh rounds toward negative infinity.
  return makeInt(s >= 64 ? (x < 0 ? -1 : 0) : x >> s);
}
