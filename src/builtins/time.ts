// time.* builtins with Go's semantics: timestamps are int64 nanoseconds
// (kept exact with bigint), layouts are Go reference layouts
// ("2006-01-02T15:04:05Z07:00", also by name: "RFC3339"), durations are Go
// durations ("1h30m"), and time zones are IANA names resolved through Intl.
//
// Zone abbreviations ("MST" in a layout) print as Intl names them, which
// differs from Go for zones without a common English abbreviation
// (Europe/Berlin prints "GMT+1" where Go prints "CET").

import { EvaluationCache, type RuntimeOptions } from './context.js';
import { fail, intOperand, operandTypeFail, stringOperand } from './errors.js';
import type { HostImplementations } from './types.js';
import { integerValue, type Value } from './values.js';

const NS_PER_SECOND = 1_000_000_000n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Go's named layouts (time.RFC3339 etc.). */
const NAMED_LAYOUTS: Record<string, string> = {
  ANSIC: 'Mon Jan _2 15:04:05 2006',
  UnixDate: 'Mon Jan _2 15:04:05 MST 2006',
  RubyDate: 'Mon Jan 02 15:04:05 -0700 2006',
  RFC822: '02 Jan 06 15:04 MST',
  RFC822Z: '02 Jan 06 15:04 -0700',
  RFC850: 'Monday, 02-Jan-06 15:04:05 MST',
  RFC1123: 'Mon, 02 Jan 2006 15:04:05 MST',
  RFC1123Z: 'Mon, 02 Jan 2006 15:04:05 -0700',
  RFC3339: '2006-01-02T15:04:05Z07:00',
  RFC3339Nano: '2006-01-02T15:04:05.999999999Z07:00',
  Kitchen: '3:04PM',
  Stamp: 'Jan _2 15:04:05',
  StampMilli: 'Jan _2 15:04:05.000',
  StampMicro: 'Jan _2 15:04:05.000000',
  StampNano: 'Jan _2 15:04:05.000000000',
  DateTime: '2006-01-02 15:04:05',
  DateOnly: '2006-01-02',
  TimeOnly: '15:04:05',
};

// ---------------------------------------------------------------------------
// Calendar fields in a zone

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
  /** 0 = Sunday. */
  weekday: number;
  /** 1-366. */
  yearDay: number;
  offsetSeconds: number;
  zoneName: string;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        timeZoneName: 'longOffset',
      });
    } catch {
      fail(`unknown time zone ${zone}`);
    }
    formatters.set(zone, f);
  }
  return f;
}

/** The UTC offset of a zone at an instant, in seconds. */
function zoneOffset(zone: string, epochMs: number): number {
  if (zone === 'UTC') return 0;
  const name = formatter(zone)
    .formatToParts(new Date(epochMs))
    .find((p) => p.type === 'timeZoneName')!.value;
  const m = /^GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(name);
  if (!m) return 0;
  const seconds = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
  return m[1] === '-' ? -seconds : seconds;
}

function zoneAbbreviation(zone: string, epochMs: number, offset: number): string {
  if (zone === 'UTC') return 'UTC';
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' })
    .formatToParts(new Date(epochMs))
    .find((p) => p.type === 'timeZoneName')?.value;
  return name && !(name.startsWith('GMT') && offset !== 0) ? name : '';
}

function fieldsAt(ns: bigint, zone: string): Fields {
  const seconds = floorDiv(ns, NS_PER_SECOND);
  const nanos = Number(ns - seconds * NS_PER_SECOND);
  const epochMs = Number(seconds) * 1000;
  const offsetSeconds = zoneOffset(zone, epochMs);
  const local = new Date(epochMs + offsetSeconds * 1000);
  const year = local.getUTCFullYear();
  const startOfYear = Date.UTC(year, 0, 1);
  const dayStart = Date.UTC(year, local.getUTCMonth(), local.getUTCDate());
  return {
    year,
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    nanos,
    weekday: local.getUTCDay(),
    yearDay: Math.round((dayStart - startOfYear) / 86400000) + 1,
    offsetSeconds,
    zoneName: zoneAbbreviation(zone, epochMs, offsetSeconds),
  };
}

/** Nanoseconds since the epoch of a wall-clock time in a zone (Go's time.Date, normalising overflow). */
function fromFields(
  zone: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  nanos: bigint,
): bigint {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const wallMs = date.getTime();
  // Resolve the offset at the wall time, then once more at the resulting instant (DST edges).
  let offset = zoneOffset(zone, wallMs);
  offset = zoneOffset(zone, wallMs - offset * 1000);
  return (BigInt(wallMs) / 1000n - BigInt(offset)) * NS_PER_SECOND + nanos;
}

function checkRange(ns: bigint): bigint {
  if (ns < INT64_MIN || ns > INT64_MAX) fail('time outside of valid range');
  return ns;
}

// ---------------------------------------------------------------------------
// Operands

interface ZonedTime {
  ns: bigint;
  zone: string;
  layout: string;
}

function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
}

/** A number of nanoseconds, or [ns, zone] (and [ns, zone, layout] for time.format). */
function zonedTime(v: Value): ZonedTime {
  const expected = 'either number (ns) or [number (ns), string (tz)]';
  let n: Value = v;
  let zone = 'UTC';
  let layout = '';
  if (Array.isArray(v)) {
    if (v.length === 0) operandTypeFail(1, v, expected);
    n = v[0];
    if (v.length > 1) {
      const name = stringOperand(v[1], 1);
      zone = name === '' || name === 'UTC' ? 'UTC' : name === 'Local' ? localZone() : name;
      formatter(zone);
    }
    if (v.length > 2) layout = stringOperand(v[2], 1);
  } else if (typeof v !== 'number') {
    operandTypeFail(1, v, expected);
  }
  if (typeof n !== 'number') operandTypeFail(1, n, 'number');
  if (!Number.isInteger(n)) fail('timestamp too big');
  const ns = integerValue(n);
  if (ns < INT64_MIN || ns > INT64_MAX) fail('timestamp too big');
  return { ns, zone, layout };
}

// ---------------------------------------------------------------------------
// Go layouts

type Chunk =
  | { kind: 'literal'; text: string }
  | { kind: 'std'; std: string }
  | { kind: 'frac'; digits: number; trim: boolean; sep: string };

const STD_TOKENS = [
  'January',
  'Jan',
  'Monday',
  'Mon',
  'MST',
  'Z07:00:00',
  'Z070000',
  'Z07:00',
  'Z0700',
  'Z07',
  '-07:00:00',
  '-070000',
  '-07:00',
  '-0700',
  '-07',
  '2006',
  '002',
  '__2',
  '_2',
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '15',
  'PM',
  'pm',
  '1',
  '2',
  '3',
  '4',
  '5',
];

/** Splits a layout into literals and standard elements, as Go's nextStdChunk does. */
function parseLayout(layout: string): Chunk[] {
  const chunks: Chunk[] = [];
  let literal = '';
  const flush = () => {
    if (literal) chunks.push({ kind: 'literal', text: literal });
    literal = '';
  };
  let i = 0;
  while (i < layout.length) {
    const c = layout[i];
    if ((c === '.' || c === ',') && (layout[i + 1] === '0' || layout[i + 1] === '9')) {
      const digit = layout[i + 1];
      let j = i + 1;
      while (layout[j] === digit) j++;
      if (!/[0-9]/.test(layout[j] ?? '')) {
        flush();
        chunks.push({ kind: 'frac', digits: j - i - 1, trim: digit === '9', sep: c });
        i = j;
        continue;
      }
    }
    // `_2006` is a literal underscore followed by the year.
    if (layout.startsWith('_2006', i)) {
      literal += '_';
      i++;
      continue;
    }
    const token = STD_TOKENS.find((t) => layout.startsWith(t, i));
    // "Jan"/"Mon" are words only when not followed by a lowercase letter ("Monday" is matched first).
    if (token && !((token === 'Jan' || token === 'Mon') && /[a-z]/.test(layout[i + 3] ?? ''))) {
      flush();
      chunks.push({ kind: 'std', std: token });
      i += token.length;
      continue;
    }
    literal += c;
    i++;
  }
  flush();
  return chunks;
}

const pad = (n: number, width: number, fill = '0') => String(n).padStart(width, fill);

function formatOffset(offset: number, std: string): string {
  if (std.startsWith('Z') && offset === 0) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const h = pad(Math.floor(abs / 3600), 2);
  const m = pad(Math.floor(abs / 60) % 60, 2);
  const s = pad(abs % 60, 2);
  switch (std.replace(/^Z/, '-')) {
    case '-07':
      return sign + h;
    case '-0700':
      return sign + h + m;
    case '-07:00':
      return `${sign}${h}:${m}`;
    case '-070000':
      return sign + h + m + s;
    default:
      return `${sign}${h}:${m}:${s}`;
  }
}

function formatTime(f: Fields, layout: string): string {
  let out = '';
  for (const chunk of parseLayout(NAMED_LAYOUTS[layout] ?? layout)) {
    if (chunk.kind === 'literal') {
      out += chunk.text;
      continue;
    }
    if (chunk.kind === 'frac') {
      const digits = pad(f.nanos, 9).slice(0, chunk.digits);
      if (!chunk.trim) out += chunk.sep + digits;
      else if (/[1-9]/.test(digits)) out += chunk.sep + digits.replace(/0+$/, '');
      continue;
    }
    const hour12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
    switch (chunk.std) {
      case 'January':
        out += MONTHS[f.month - 1];
        break;
      case 'Jan':
        out += MONTHS[f.month - 1].slice(0, 3);
        break;
      case 'Monday':
        out += DAYS[f.weekday];
        break;
      case 'Mon':
        out += DAYS[f.weekday].slice(0, 3);
        break;
      case 'MST':
        out += f.zoneName || formatOffset(f.offsetSeconds, '-0700');
        break;
      case '2006':
        out += f.year < 0 ? `-${pad(-f.year, 4)}` : pad(f.year, 4);
        break;
      case '06':
        out += pad(((f.year % 100) + 100) % 100, 2);
        break;
      case '01':
        out += pad(f.month, 2);
        break;
      case '1':
        out += f.month;
        break;
      case '02':
        out += pad(f.day, 2);
        break;
      case '_2':
        out += pad(f.day, 2, ' ');
        break;
      case '2':
        out += f.day;
        break;
      case '002':
        out += pad(f.yearDay, 3);
        break;
      case '__2':
        out += pad(f.yearDay, 3, ' ');
        break;
      case '15':
        out += pad(f.hour, 2);
        break;
      case '03':
        out += pad(hour12, 2);
        break;
      case '3':
        out += hour12;
        break;
      case '04':
        out += pad(f.minute, 2);
        break;
      case '4':
        out += f.minute;
        break;
      case '05':
        out += pad(f.second, 2);
        break;
      case '5':
        out += f.second;
        break;
      case 'PM':
        out += f.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += f.hour >= 12 ? 'pm' : 'am';
        break;
      default:
        out += formatOffset(f.offsetSeconds, chunk.std);
    }
  }
  return out;
}

/** The numeric zone offsets a layout may name, as patterns for parsing. */
const OFFSET_PATTERNS: Record<string, RegExp> = {
  '-07': /^([+-])(\d{2})/,
  '-0700': /^([+-])(\d{2})(\d{2})/,
  '-07:00': /^([+-])(\d{2}):(\d{2})/,
  '-070000': /^([+-])(\d{2})(\d{2})(\d{2})/,
  '-07:00:00': /^([+-])(\d{2}):(\d{2}):(\d{2})/,
};

/** Go's time.Parse(layout, value) as nanoseconds since the epoch. */
function parseTime(layoutArg: string, value: string): bigint {
  const layout = NAMED_LAYOUTS[layoutArg] ?? layoutArg;
  function cannotParse(rest: string, elem: string): never {
    fail(
      `parsing time ${JSON.stringify(value)} as ${JSON.stringify(layout)}: cannot parse ${JSON.stringify(rest)} as ${JSON.stringify(elem)}`,
    );
  }
  function outOfRange(what: string): never {
    fail(`parsing time ${JSON.stringify(value)}: ${what} out of range`);
  }
  let year = 1;
  let month = 1;
  let day = 1;
  let yearDay = -1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let nanos = 0n;
  let pm: boolean | undefined;
  let offset: number | undefined;
  let rest = value;
  const chunks = parseLayout(layout);
  const number = (elem: string, exact: number | null, max = 2): number => {
    const m = exact ? new RegExp(`^\\d{${exact}}`).exec(rest) : new RegExp(`^\\d{1,${max}}`).exec(rest);
    if (!m) cannotParse(rest, elem);
    rest = rest.slice(m[0].length);
    return Number(m[0]);
  };
  const word = (names: string[], elem: string): number => {
    const i = names.findIndex((n) => rest.slice(0, n.length).toLowerCase() === n.toLowerCase());
    if (i < 0) cannotParse(rest, elem);
    rest = rest.slice(names[i].length);
    return i;
  };
  const fraction = (): bigint => {
    const m = /^[.,](\d+)/.exec(rest);
    if (!m) return 0n;
    rest = rest.slice(m[0].length);
    return BigInt(m[1].slice(0, 9).padEnd(9, '0'));
  };
  for (let k = 0; k < chunks.length; k++) {
    const chunk = chunks[k];
    if (chunk.kind === 'literal') {
      if (!rest.startsWith(chunk.text)) cannotParse(rest, chunk.text);
      rest = rest.slice(chunk.text.length);
      continue;
    }
    if (chunk.kind === 'frac') {
      if (!chunk.trim) {
        const m = new RegExp(`^[.,](\\d{${chunk.digits}})`).exec(rest);
        if (!m) cannotParse(rest, chunk.sep + '0'.repeat(chunk.digits));
        rest = rest.slice(m[0].length);
        nanos = BigInt(m[1].slice(0, 9).padEnd(9, '0'));
      } else {
        nanos = fraction();
      }
      continue;
    }
    const std = chunk.std;
    switch (std) {
      case '2006':
        year = number(std, 4);
        break;
      case '06': {
        const y = number(std, 2);
        year = y >= 69 ? 1900 + y : 2000 + y;
        break;
      }
      case 'January':
        month = word(MONTHS, std) + 1;
        break;
      case 'Jan':
        month =
          word(
            MONTHS.map((m) => m.slice(0, 3)),
            std,
          ) + 1;
        break;
      case 'Monday':
        word(DAYS, std);
        break;
      case 'Mon':
        word(
          DAYS.map((d) => d.slice(0, 3)),
          std,
        );
        break;
      case '01':
      case '1':
        month = number(std, std === '01' ? 2 : null);
        if (month < 1 || month > 12) outOfRange('month');
        break;
      case '02':
      case '2':
      case '_2':
        if (std === '_2' && rest.startsWith(' ')) rest = rest.slice(1);
        day = number(std, std === '02' ? 2 : null);
        break;
      case '002':
      case '__2':
        if (std === '__2') rest = rest.replace(/^ {1,2}/, '');
        yearDay = number(std, std === '002' ? 3 : null, 3);
        break;
      case '15':
        hour = number(std, null);
        if (hour > 23) outOfRange('hour');
        break;
      case '03':
      case '3':
        hour = number(std, std === '03' ? 2 : null);
        if (hour < 1 || hour > 12) outOfRange('hour');
        break;
      case '04':
      case '4':
        minute = number(std, std === '04' ? 2 : null);
        if (minute > 59) outOfRange('minute');
        break;
      case '05':
      case '5':
        second = number(std, std === '05' ? 2 : null);
        if (second > 59) outOfRange('second');
        // A fractional second may follow even when the layout has none.
        if (chunks[k + 1]?.kind !== 'frac') nanos = fraction();
        break;
      case 'PM':
      case 'pm': {
        const m = /^(AM|PM)/i.exec(rest);
        if (!m) cannotParse(rest, std);
        pm = m[1].toUpperCase() === 'PM';
        rest = rest.slice(2);
        break;
      }
      case 'MST': {
        const m = /^(UTC|GMT[+-]\d{1,2}|[A-Z]{3,5}T?)/.exec(rest);
        if (!m) cannotParse(rest, std);
        rest = rest.slice(m[0].length);
        // An unknown abbreviation gives a zero offset, as Go does for zones it cannot resolve.
        offset = 0;
        break;
      }
      default: {
        if (std.startsWith('Z') && rest.startsWith('Z')) {
          rest = rest.slice(1);
          offset = 0;
          break;
        }
        const m = OFFSET_PATTERNS[std.replace(/^Z/, '-')].exec(rest);
        if (!m) cannotParse(rest, std);
        rest = rest.slice(m[0].length);
        const [h, mi, s] = [Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0)];
        offset = (m[1] === '-' ? -1 : 1) * (h * 3600 + mi * 60 + s);
      }
    }
  }
  if (rest !== '') fail(`parsing time ${JSON.stringify(value)}: extra text: ${JSON.stringify(rest)}`);
  if (pm !== undefined) {
    if (pm && hour < 12) hour += 12;
    else if (!pm && hour === 12) hour = 0;
  }
  if (yearDay >= 0) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    if (yearDay < 1 || yearDay > (leap ? 366 : 365)) outOfRange('day-of-year');
    const d = new Date(Date.UTC(2000, 0, 1));
    d.setUTCFullYear(year, 0, yearDay);
    month = d.getUTCMonth() + 1;
    day = d.getUTCDate();
  }
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate();
  const leapFeb = month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0);
  if (day < 1 || day > (month === 2 ? (leapFeb ? 29 : 28) : daysInMonth)) outOfRange('day');
  const wall = fromFields('UTC', year, month, day, hour, minute, second, nanos);
  return checkRange(wall - BigInt(offset ?? 0) * NS_PER_SECOND);
}

// ---------------------------------------------------------------------------
// Durations (Go's time.ParseDuration)

const DURATION_UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n,
  μs: 1000n,
  ms: 1_000_000n,
  s: NS_PER_SECOND,
  m: 60n * NS_PER_SECOND,
  h: 3600n * NS_PER_SECOND,
};

function parseDuration(s: string): bigint {
  const invalid = () => fail(`time: invalid duration ${JSON.stringify(s)}`);
  let rest = s;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') invalid();
  let total = 0n;
  while (rest !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(rest)!;
    if (m[0] === '' || m[0] === '.') invalid();
    rest = rest.slice(m[0].length);
    const unit = /^[^\d.]+/.exec(rest)?.[0];
    if (!unit) fail(`time: missing unit in duration ${JSON.stringify(s)}`);
    const scale = DURATION_UNITS[unit];
    if (scale === undefined)
      fail(`time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(s)}`);
    rest = rest.slice(unit.length);
    const whole = BigInt(m[1] || '0') * scale;
    const frac = m[2] ?? '';
    // The fraction is truncated to nanoseconds, as Go does.
    const fracNs = frac === '' ? 0n : (BigInt(frac) * scale) / 10n ** BigInt(frac.length);
    total += whole + fracNs;
    if (total > INT64_MAX + (negative ? 1n : 0n)) fail(`time: invalid duration ${JSON.stringify(s)}`);
  }
  return negative ? -total : total;
}

// ---------------------------------------------------------------------------

function daysIn(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

/** The calendar difference between two instants, as years, months, days, hours, minutes, seconds. */
function diff(a: ZonedTime, b: ZonedTime): number[] {
  const [early, late] = a.ns <= b.ns ? [a.ns, b.ns] : [b.ns, a.ns];
  const x = fieldsAt(early, a.zone);
  const y = fieldsAt(late, a.zone);
  let years = y.year - x.year;
  let months = y.month - x.month;
  let days = y.day - x.day;
  let hours = y.hour - x.hour;
  let minutes = y.minute - x.minute;
  let seconds = y.second - x.second;
  // Borrow from the next larger unit, as when subtracting by hand.
  if (seconds < 0) {
    seconds += 60;
    minutes--;
  }
  if (minutes < 0) {
    minutes += 60;
    hours--;
  }
  if (hours < 0) {
    hours += 24;
    days--;
  }
  if (days < 0) {
    days += daysIn(x.year, x.month);
    months--;
  }
  if (months < 0) {
    months += 12;
    years--;
  }
  return [years, months, days, hours, minutes, seconds];
}

export function timeBuiltins(options: RuntimeOptions): HostImplementations {
  const clock = new EvaluationCache<'now', bigint>();
  const now = options.now ?? (() => BigInt(Date.now()) * 1_000_000n);
  return {
    'time.now_ns': () => clock.get('now', now),
    'time.parse_ns': (layout: Value, value: Value) =>
      parseTime(stringOperand(layout, 1), stringOperand(value, 2)),
    'time.parse_rfc3339_ns': (value: Value) => parseTime('RFC3339', stringOperand(value, 1)),
    'time.parse_duration_ns': (s: Value) => parseDuration(stringOperand(s, 1)),
    'time.format': (t: Value) => {
      const zt = zonedTime(t);
      return formatTime(fieldsAt(zt.ns, zt.zone), zt.layout || 'RFC3339Nano');
    },
    'time.date': (t: Value) => {
      const zt = zonedTime(t);
      const f = fieldsAt(zt.ns, zt.zone);
      return [f.year, f.month, f.day];
    },
    'time.clock': (t: Value) => {
      const zt = zonedTime(t);
      const f = fieldsAt(zt.ns, zt.zone);
      return [f.hour, f.minute, f.second];
    },
    'time.weekday': (t: Value) => {
      const zt = zonedTime(t);
      return DAYS[fieldsAt(zt.ns, zt.zone).weekday];
    },
    'time.add_date': (t: Value, years: Value, months: Value, days: Value) => {
      const zt = zonedTime(t);
      const f = fieldsAt(zt.ns, zt.zone);
      const y = intOperand(years, 2);
      const m = intOperand(months, 3);
      const d = intOperand(days, 4);
      return checkRange(
        fromFields(zt.zone, f.year + y, f.month + m, f.day + d, f.hour, f.minute, f.second, BigInt(f.nanos)),
      );
    },
    'time.diff': (a: Value, b: Value) => diff(zonedTime(a), zonedTime(b)),
  };
}
