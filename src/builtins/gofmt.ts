// Go's fmt.Sprintf, for the arguments OPA's sprintf hands it: int64 or
// *big.Int for integers, float64 for other numbers, string for strings, and
// the Rego text of any other value (`true`, `null`, `[1, "a"]`, `{"k": 1}`)
// as a string. Verbs, flags (`+ - # 0` and space), width, precision, `*`
// and explicit argument indexes (`%[2]d`) behave as in Go, including its
// error notation (`%!d(string=x)`, `%!s(MISSING)`, `%!(EXTRA int64=1)`).
// OPA formats 2.0 as a float and 2 as an integer. Modules compiled by
// rtpolicy call sprintf with exact values, which keep that difference
// (exact.ts NumberLiteral); through JSON a whole number arrives without its
// text, so it counts as an integer except under a float verb (%f, %e, %g),
// where it is formatted as the float it may have been.
// Floats are formatted from their exact decimal expansion, rounding half to
// even like Go's strconv (JS's toFixed rounds ties differently).

import { integerValue } from './values.js';

export type GoArg =
  /** fromJson: a whole number that reached the host as JSON, where 2.0 and 2 look alike. */
  | { kind: 'int'; value: bigint; typeName: 'int64' | '*big.Int'; fromJson?: boolean }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  /** Only from text/template's printf: OPA's sprintf passes booleans as strings. */
  | { kind: 'bool'; value: boolean };

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  precision?: number;
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** The Go argument OPA builds from a number. */
export function goNumber(n: number): GoArg {
  if (Number.isInteger(n)) {
    const value = integerValue(n);
    return {
      kind: 'int',
      value,
      typeName: value >= INT64_MIN && value <= INT64_MAX ? 'int64' : '*big.Int',
      fromJson: true,
    };
  }
  return { kind: 'float', value: n };
}

/** The Go argument OPA builds from an integer known exactly: int64, or *big.Int beyond it. */
export function goInteger(value: bigint): GoArg {
  return { kind: 'int', value, typeName: value >= INT64_MIN && value <= INT64_MAX ? 'int64' : '*big.Int' };
}

function typeName(arg: GoArg): string {
  switch (arg.kind) {
    case 'int':
      return arg.typeName;
    case 'float':
      return 'float64';
    case 'bool':
      return 'bool';
    default:
      return 'string';
  }
}

// ---------------------------------------------------------------------------
// Decimal digits of a double

/** A non-negative decimal d.ddd × 10^(point-1): `digits` without leading/trailing zeros, `point` = position of the decimal point. */
interface Decimal {
  digits: string;
  point: number;
}

const f64 = new DataView(new ArrayBuffer(8));

/** The exact decimal value of a finite, non-negative double. */
function exactDecimal(x: number): Decimal {
  if (x === 0) return { digits: '', point: 0 };
  f64.setFloat64(0, x);
  const bits = f64.getBigUint64(0);
  const biasedExp = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let exp = biasedExp - 1075;
  if (biasedExp === 0) exp = -1074;
  else mantissa |= 1n << 52n;
  let digits: string;
  let point: number;
  if (exp >= 0) {
    digits = (mantissa << BigInt(exp)).toString();
    point = digits.length;
  } else {
    // m × 2^exp = m × 5^-exp / 10^-exp
    digits = (mantissa * 5n ** BigInt(-exp)).toString();
    point = digits.length + exp;
  }
  return trimDecimal({ digits, point });
}

function trimDecimal(d: Decimal): Decimal {
  let { digits, point } = d;
  const lead = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(lead);
  point -= lead;
  digits = digits.replace(/0+$/, '');
  if (digits === '') point = 0;
  return { digits, point };
}

/** The shortest digits that read back as x (JS and Go agree on them). */
function shortestDecimal(x: number): Decimal {
  if (x === 0) return { digits: '', point: 0 };
  const [mant, e] = x.toExponential().split('e');
  return trimDecimal({ digits: mant.replace('.', ''), point: Number(e) + 1 });
}

/** Rounds to `n` significant digits (n >= 0), half to even on exact ties as Go's strconv does. */
function roundDecimal(d: Decimal, n: number): Decimal {
  if (d.digits.length <= n) return d;
  const kept = d.digits.slice(0, n);
  const next = d.digits.charCodeAt(n) - 48;
  let up: boolean;
  if (next !== 5) up = next > 5;
  else if (/[1-9]/.test(d.digits.slice(n + 1))) up = true;
  else up = n > 0 && (kept.charCodeAt(n - 1) - 48) % 2 === 1;
  if (!up) return trimDecimal({ digits: kept, point: d.point });
  const chars = kept.split('');
  let i = chars.length - 1;
  while (i >= 0 && chars[i] === '9') chars[i--] = '0';
  if (i < 0) return trimDecimal({ digits: `1${chars.join('')}`, point: d.point + 1 });
  chars[i] = String.fromCharCode(chars[i].charCodeAt(0) + 1);
  return trimDecimal({ digits: chars.join(''), point: d.point });
}

function digitAt(d: Decimal, i: number): string {
  return i >= 0 && i < d.digits.length ? d.digits[i] : '0';
}

/** %e: d.ddde±dd with `prec` digits after the point (all digits when prec < 0). */
function formatE(d: Decimal, prec: number, e: 'e' | 'E'): string {
  const shown = prec < 0 ? Math.max(d.digits.length - 1, 0) : prec;
  let out = digitAt(d, 0);
  if (shown > 0) {
    out += '.';
    for (let i = 1; i <= shown; i++) out += digitAt(d, i);
  }
  const exp = d.digits === '' ? 0 : d.point - 1;
  const abs = Math.abs(exp);
  return `${out}${e}${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

/** %f: ddd.ddd with `prec` digits after the point (as many as needed when prec < 0). */
function formatF(d: Decimal, prec: number): string {
  let out = '';
  if (d.point > 0) for (let i = 0; i < d.point; i++) out += digitAt(d, i);
  else out = '0';
  const shown = prec < 0 ? Math.max(d.digits.length - d.point, 0) : prec;
  if (shown > 0) {
    out += '.';
    for (let i = 0; i < shown; i++) out += digitAt(d, d.point + i);
  }
  return out;
}

/** strconv.FormatFloat(x, fmt, prec, 64) for x >= 0 and fmt in e, E, f, g, G. */
export function formatFloat(x: number, fmt: 'e' | 'E' | 'f' | 'g' | 'G', prec: number): string {
  const shortest = prec < 0;
  let d: Decimal;
  if (shortest) {
    d = shortestDecimal(x);
  } else {
    const exact = exactDecimal(x);
    switch (fmt) {
      case 'e':
      case 'E':
        d = roundDecimal(exact, prec + 1);
        break;
      case 'f':
        d = roundDecimal(exact, Math.max(exact.point + prec, 0));
        if (exact.point + prec < 0) d = { digits: '', point: 0 };
        break;
      default:
        d = roundDecimal(exact, prec === 0 ? 1 : prec);
    }
  }
  if (fmt === 'e' || fmt === 'E') return formatE(d, shortest ? -1 : prec, fmt);
  if (fmt === 'f') return formatF(d, shortest ? -1 : prec);
  // %g: %e when the exponent is < -4 or >= the precision (6 when shortest).
  const nd = d.digits.length;
  let eprec = shortest ? 6 : prec === 0 ? 1 : prec;
  if (!shortest && eprec > nd && nd >= d.point) eprec = nd;
  const exp = d.digits === '' ? 0 : d.point - 1;
  if (exp < -4 || exp >= eprec) {
    const p = shortest ? nd : Math.min(prec === 0 ? 1 : prec, nd);
    return formatE(d, Math.max(p - 1, 0), fmt === 'g' ? 'e' : 'E');
  }
  const p = shortest ? nd : Math.min(prec === 0 ? 1 : prec, nd);
  return formatF(d, Math.max(p - d.point, 0));
}

/** strconv.FormatFloat(x, 'x', prec, 64) for x >= 0: 0x1.8p+01. */
function formatHexFloat(x: number, prec: number, upper: boolean): string {
  let out: string;
  if (x === 0) {
    out = `0x0${prec > 0 ? `.${'0'.repeat(prec)}` : ''}p+00`;
  } else {
    f64.setFloat64(0, x);
    const bits = f64.getBigUint64(0);
    let exp = Number((bits >> 52n) & 0x7ffn);
    let mant = bits & ((1n << 52n) - 1n);
    if (exp === 0) {
      // Subnormal: normalise so that the leading bit is 1.
      exp = -1022;
      while ((mant & (1n << 52n)) === 0n) {
        mant <<= 1n;
        exp--;
      }
      mant &= (1n << 52n) - 1n;
    } else {
      exp -= 1023;
    }
    // 52 fraction bits = 13 hex digits.
    let frac = mant;
    let digits = 13;
    if (prec >= 0 && prec < 13) {
      const shift = BigInt(4 * (13 - prec));
      const half = 1n << (shift - 1n);
      const rem = frac & ((1n << shift) - 1n);
      frac >>= shift;
      if (rem > half || (rem === half && (frac & 1n) === 1n)) frac += 1n;
      digits = prec;
      if (frac >> BigInt(4 * prec) !== 0n) {
        frac = 0n;
        exp++;
      }
    }
    let hexDigits = digits > 0 ? frac.toString(16).padStart(digits, '0') : '';
    if (prec < 0) hexDigits = hexDigits.replace(/0+$/, '');
    const abs = Math.abs(exp);
    out = `0x1${hexDigits ? `.${hexDigits}` : ''}p${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
  }
  return upper ? out.toUpperCase() : out;
}

// ---------------------------------------------------------------------------
// Quoting

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** strconv.Quote (asciiOnly: QuoteToASCII); `quote` is `"` or `'`. */
function quote(s: string, asciiOnly: boolean, q: '"' | "'" = '"'): string {
  let out = q;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === q || ch === '\\') out += `\\${ch}`;
    else if (printable.test(ch) && (!asciiOnly || cp < 0x80)) out += ch;
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
  return out + q;
}

function canBackquote(s: string): boolean {
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '`' || ch === '\ufeff') return false;
    if ((cp < 0x20 && cp !== 0x09) || cp === 0x7f) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Padding

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Pads to the width: spaces on the left (right with `-`), or zeros with `0` as Go does even for strings. */
function pad(s: string, spec: Spec, zeroFill = spec.zero): string {
  const width = spec.width ?? 0;
  const n = runeCount(s);
  if (n >= width) return s;
  const fill = width - n;
  if (spec.minus) return s + ' '.repeat(fill);
  return (zeroFill ? '0' : ' ').repeat(fill) + s;
}

/** Pads a number: zeros go between the sign (or 0x prefix) and the digits. */
function padNumber(sign: string, body: string, spec: Spec, zeroAllowed = true): string {
  const width = spec.width ?? 0;
  if (spec.zero && zeroAllowed && !spec.minus && width > sign.length + body.length) {
    return sign + '0'.repeat(width - sign.length - body.length) + body;
  }
  return pad(sign + body, spec, false);
}

// ---------------------------------------------------------------------------
// Verbs

function badVerb(verb: string, arg: GoArg): string {
  if (arg.kind === 'int' && arg.typeName === '*big.Int') return `%!${verb}(big.Int=${arg.value})`;
  return `%!${verb}(${typeName(arg)}=${formatPlain(arg)})`;
}

/** %v with no flags: used inside error notations. */
function formatPlain(arg: GoArg): string {
  if (arg.kind === 'int') return arg.value.toString();
  if (arg.kind === 'float') return formatGoFloat(arg.value);
  return String(arg.value);
}

/** A float64 as Go's %v prints it: 1.5, 1e+06, -0.0001. */
export function formatGoFloat(x: number): string {
  return (x < 0 || Object.is(x, -0) ? '-' : '') + formatFloat(Math.abs(x), 'g', -1);
}

/** A JSON-decoded Go value (float64, string, bool, nil, []any, map[string]any) as %v prints it. */
export function goValueString(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return formatGoFloat(v);
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goValueString).join(' ')}]`;
  const o = v as Record<string, unknown>;
  return `map[${Object.keys(o)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => `${k}:${goValueString(o[k])}`)
    .join(' ')}]`;
}

function formatInt(value: bigint, verb: string, spec: Spec): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  let digits: string;
  let prefix = '';
  switch (verb) {
    case 'b':
      digits = abs.toString(2);
      if (spec.sharp) prefix = '0b';
      break;
    case 'o':
    case 'O':
      digits = abs.toString(8);
      if (verb === 'O') prefix = '0o';
      else if (spec.sharp && digits[0] !== '0') digits = `0${digits}`;
      break;
    case 'x':
      digits = abs.toString(16);
      if (spec.sharp) prefix = '0x';
      break;
    case 'X':
      digits = abs.toString(16).toUpperCase();
      if (spec.sharp) prefix = '0X';
      break;
    default:
      digits = abs.toString(10);
  }
  if (spec.precision !== undefined) {
    if (spec.precision === 0 && abs === 0n) digits = '';
    digits = digits.padStart(spec.precision, '0');
  }
  const sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  return padNumber(sign + prefix, digits, spec, spec.precision === undefined);
}

function formatChar(value: bigint, verb: string, spec: Spec): string {
  const valid = value >= 0n && value <= 0x10ffffn && !(value >= 0xd800n && value <= 0xdfffn);
  const cp = valid ? Number(value) : 0xfffd;
  const ch = String.fromCodePoint(cp);
  switch (verb) {
    case 'c':
      return pad(ch, spec);
    case 'q':
      return pad(quote(ch, spec.plus, "'"), spec);
    default: {
      // %U: U+0041, and with #: U+0041 'A'
      let text = `U+${cp
        .toString(16)
        .toUpperCase()
        .padStart(spec.precision ?? 4, '0')}`;
      if (spec.sharp && printable.test(ch)) text += ` '${ch}'`;
      return pad(text, spec);
    }
  }
}

function formatFloatVerb(x: number, verb: string, spec: Spec): string {
  const negative = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  let body: string;
  switch (verb) {
    case 'v':
    case 'g':
    case 'G':
      body = formatFloat(abs, verb === 'G' ? 'G' : 'g', spec.precision ?? -1);
      if (spec.sharp) body = sharpG(body, spec.precision ?? 6);
      break;
    case 'e':
    case 'E':
      body = formatFloat(abs, verb, spec.precision ?? 6);
      break;
    case 'x':
    case 'X':
      body = formatHexFloat(abs, spec.precision ?? -1, verb === 'X');
      break;
    default:
      body = formatFloat(abs, 'f', spec.precision ?? 6);
      if (spec.sharp && !body.includes('.')) body += '.';
  }
  const sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  return padNumber(sign, body, spec);
}

/** %#g keeps the decimal point and trailing zeros up to the precision. */
function sharpG(body: string, precision: number): string {
  const [mant, exp] = body.split(/(?=[eE])/);
  let digits = mant.replace('.', '').replace(/^0+/, '').length;
  let out = mant.includes('.') ? mant : `${mant}.`;
  if (digits === 0) digits = 1;
  while (digits < precision) {
    out += '0';
    digits++;
  }
  return out + (exp ?? '');
}

function formatString(s: string, verb: string, spec: Spec): string {
  switch (verb) {
    case 'v':
    case 's':
      return pad(spec.precision !== undefined ? [...s].slice(0, spec.precision).join('') : s, spec);
    case 'q': {
      const text = spec.precision !== undefined ? [...s].slice(0, spec.precision).join('') : s;
      return pad(spec.sharp && canBackquote(text) ? `\`${text}\`` : quote(text, spec.plus), spec);
    }
    default: {
      // %x, %X: hex of the UTF-8 bytes.
      let bytes = [...Buffer.from(s, 'utf8')];
      if (spec.precision !== undefined) bytes = bytes.slice(0, spec.precision);
      const digits = bytes.map((b) => hex(b, 2));
      let text: string;
      if (spec.space) text = digits.map((d) => (spec.sharp ? `0x${d}` : d)).join(' ');
      else text = (spec.sharp ? '0x' : '') + digits.join('');
      return pad(verb === 'X' ? text.toUpperCase() : text, spec);
    }
  }
}

function formatArg(arg: GoArg, verb: string, spec: Spec): string {
  if (verb === 'T') return pad(typeName(arg), spec);
  switch (arg.kind) {
    case 'bool':
      if (verb === 'v' || verb === 't') return pad(String(arg.value), spec);
      return badVerb(verb, arg);
    case 'int':
      if ('vdboOxX'.includes(verb)) return formatInt(arg.value, verb, spec);
      // *big.Int formats itself: %s is decimal, and its error notation differs.
      if (arg.typeName === '*big.Int' && verb === 's') return formatInt(arg.value, 'd', spec);
      if ('cqU'.includes(verb)) return formatChar(arg.value, verb, spec);
      // A float that happens to be whole: JSON cannot tell 2.0 from 2, so a float verb decides.
      if (arg.fromJson && 'eEfFgG'.includes(verb)) return formatFloatVerb(Number(arg.value), verb, spec);
      return badVerb(verb, arg);
    case 'float':
      if ('veEfFgGxX'.includes(verb)) return formatFloatVerb(arg.value, verb, spec);
      return badVerb(verb, arg);
    default:
      if ('vsqxX'.includes(verb)) return formatString(arg.value, verb, spec);
      return badVerb(verb, arg);
  }
}

/** fmt.Sprintf(format, args...). */
export function goSprintf(format: string, args: GoArg[]): string {
  let out = '';
  let argNum = 0;
  let reordered = false;
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const spec: Spec = { minus: false, plus: false, sharp: false, space: false, zero: false };
    // Flags.
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === '-') {
        spec.minus = true;
        spec.zero = false;
      } else if (c === '+') spec.plus = true;
      else if (c === '#') spec.sharp = true;
      else if (c === ' ') spec.space = true;
      else if (c === '0') spec.zero = !spec.minus;
      else break;
    }
    let goodIndex = true;
    // An explicit argument index: [n].
    const argIndex = (): void => {
      if (format[i] !== '[') return;
      reordered = true;
      const close = format.indexOf(']', i);
      const n = close < 0 ? Number.NaN : Number(format.slice(i + 1, close));
      if (close < 0 || !/^\d+$/.test(format.slice(i + 1, close)) || n < 1 || n > args.length) {
        goodIndex = false;
        i = close < 0 ? format.length : close + 1;
        return;
      }
      argNum = n - 1;
      i = close + 1;
    };
    argIndex();
    // Width: digits or *.
    let badWidth = false;
    if (format[i] === '*') {
      i++;
      const arg = args[argNum++];
      if (arg?.kind === 'int' && arg.value >= -1000000n && arg.value <= 1000000n) {
        spec.width = Number(arg.value);
        if (spec.width < 0) {
          spec.minus = true;
          spec.zero = false;
          spec.width = -spec.width;
        }
      } else {
        badWidth = true;
      }
    } else {
      const m = /^\d+/.exec(format.slice(i));
      if (m) {
        spec.width = Number(m[0]);
        i += m[0].length;
      }
    }
    // Precision: .digits or .*
    let badPrecision = false;
    if (format[i] === '.') {
      i++;
      argIndex();
      if (format[i] === '*') {
        i++;
        const arg = args[argNum++];
        if (arg?.kind === 'int' && arg.value >= 0n && arg.value <= 1000000n)
          spec.precision = Number(arg.value);
        else badPrecision = true;
      } else {
        const m = /^\d+/.exec(format.slice(i));
        spec.precision = m ? Number(m[0]) : 0;
        if (m) i += m[0].length;
      }
    }
    argIndex();
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (badWidth) out += '%!(BADWIDTH)';
    if (badPrecision) out += '%!(BADPREC)';
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (!goodIndex) {
      out += `%!${verb}(BADINDEX)`;
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatArg(args[argNum++], verb, spec);
  }
  if (!reordered && argNum < args.length) {
    out += `%!(EXTRA ${args
      .slice(argNum)
      .map((a) => `${typeName(a)}=${formatPlain(a)}`)
      .join(', ')})`;
  }
  return out;
}
