// units.parse ("500m" = 0.5, "1Gi" = 1073741824) and units.parse_bytes
// ("1.1KiB" = 1126), computed exactly on rationals as OPA does with big.Rat,
// so results beyond 2^53 stay exact (returned as bigint).

import { fail, stringOperand } from './errors.js';
import type { HostImplementations } from './types.js';
import type { Value } from './values.js';

/** A rational number num/den with den > 0. */
interface Rational {
  num: bigint;
  den: bigint;
}

const KI = 1024n;
const binary = (power: number) => KI ** BigInt(power);
const decimal = (power: number) => 1000n ** BigInt(power);

/** OPA caps the exponent of scientific notation at 6 digits. */
const MAX_EXPONENT_DIGITS = 6;
/** Beyond this the exact result has more digits than anyone can use; refuse rather than hang. */
const MAX_EXPONENT = 100_000;

/**
 * Splits "10.5Mi" into a number part and a unit part, as OPA does: the number
 * runs over digits, `.`, `+`, `-`, and an `e`/`E` followed by a digit or sign.
 */
function splitNumberAndUnit(s: string, exponentTooLarge: () => never): [string, string] {
  let i = 0;
  for (; i < s.length; i++) {
    const c = s[i];
    if (/[0-9.+-]/.test(c)) continue;
    if (c !== 'e' && c !== 'E') break;
    const next = s[i + 1];
    if (next === undefined || !/[0-9+-]/.test(next)) break;
    if (next === '+' || next === '-') i++;
    const digits = /^\d*/.exec(s.slice(i + 1))![0];
    if (digits.length > MAX_EXPONENT_DIGITS) exponentTooLarge();
  }
  return [s.slice(0, i), s.slice(i)];
}

/** Parses a decimal such as "-1.5e3" exactly; undefined when it is not one. */
function parseDecimal(s: string): Rational | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const digits = `${m[2]}${m[3] ?? ''}` || '0';
  const exp = -(m[3] ?? '').length + (m[4] ? Number(m[4]) : 0);
  if (Math.abs(exp) > MAX_EXPONENT) fail('exponent too large');
  let num = BigInt(digits) * (m[1] === '-' ? -1n : 1n);
  let den = 1n;
  if (exp >= 0) num *= 10n ** BigInt(exp);
  else den = 10n ** BigInt(-exp);
  return { num, den };
}

function multiply(r: Rational, factor: Rational): Rational {
  return { num: r.num * factor.num, den: r.den * factor.den };
}

/** An exact integer as a JS number when safe, otherwise as a bigint (kept exact on the way back). */
function integerResult(n: bigint): number | bigint {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/** big.Rat's FloatString(10), read back as a number. */
function rationalToNumber(r: Rational): number | bigint {
  if (r.num % r.den === 0n) return integerResult(r.num / r.den);
  const negative = r.num < 0n;
  const abs = negative ? -r.num : r.num;
  const scaled = (abs * 10n ** 10n * 2n + r.den) / (2n * r.den); // rounded half away from zero
  const text = scaled.toString().padStart(11, '0');
  return Number(`${negative ? '-' : ''}${text.slice(0, -10)}.${text.slice(-10)}`);
}

const siUnits: Record<string, Rational> = {
  '': { num: 1n, den: 1n },
  m: { num: 1n, den: 1000n },
  k: { num: decimal(1), den: 1n },
  K: { num: decimal(1), den: 1n },
  M: { num: decimal(2), den: 1n },
  g: { num: decimal(3), den: 1n },
  G: { num: decimal(3), den: 1n },
  t: { num: decimal(4), den: 1n },
  T: { num: decimal(4), den: 1n },
  p: { num: decimal(5), den: 1n },
  P: { num: decimal(5), den: 1n },
  e: { num: decimal(6), den: 1n },
  E: { num: decimal(6), den: 1n },
};
for (const [i, prefix] of ['k', 'm', 'g', 't', 'p', 'e'].entries()) {
  siUnits[`${prefix}i`] = { num: binary(i + 1), den: 1n };
  siUnits[`${prefix.toUpperCase()}i`] = { num: binary(i + 1), den: 1n };
}

const byteUnits: Record<string, bigint> = { '': 1n };
for (const [i, prefix] of ['k', 'm', 'g', 't', 'p', 'e'].entries()) {
  byteUnits[prefix] = decimal(i + 1);
  byteUnits[`${prefix}b`] = decimal(i + 1);
  byteUnits[`${prefix}i`] = binary(i + 1);
  byteUnits[`${prefix}ib`] = binary(i + 1);
}

function parseUnits(raw: string): number | bigint {
  const s = raw.replaceAll('"', '');
  if (s.includes(' ')) fail('spaces not allowed in resource strings');
  const [num, written] = splitNumberAndUnit(s, () => fail('exponent too large'));
  if (num === '') fail('no amount provided');
  // Only letters after the first are case-insensitive, so `m` (milli) and `M` (mega) differ.
  const unit = written.length > 1 ? written[0] + written.slice(1).toLowerCase() : written;
  const factor = siUnits[unit];
  if (!factor) fail(`unit ${unit} not recognized`);
  const amount = parseDecimal(num);
  if (!amount) fail('could not parse amount to a number');
  return rationalToNumber(multiply(amount, factor));
}

function parseBytes(raw: string): number | bigint {
  const s = raw.toLowerCase().replaceAll('"', '');
  if (s.includes(' ')) fail('spaces not allowed in resource strings');
  const [num, unit] = splitNumberAndUnit(s, () => fail('exponent too large'));
  if (num === '') fail('no byte amount provided');
  const factor = byteUnits[unit];
  if (factor === undefined) fail(`byte unit ${unit} not recognized`);
  const amount = parseDecimal(num);
  if (!amount) fail('could not parse byte amount to a number');
  // Truncated toward zero, as big.Float.Int does.
  return integerResult((amount.num * factor) / amount.den);
}

export const unitsBuiltins: HostImplementations = {
  'units.parse': (s: Value) => parseUnits(stringOperand(s, 1)),
  'units.parse_bytes': (s: Value) => parseBytes(stringOperand(s, 1)),
};
