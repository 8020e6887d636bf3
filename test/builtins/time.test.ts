import { describe, expect, it } from 'vitest';
import { createHostBuiltins } from '../../src/builtins/index.js';
import { call, callError, callJson, resultJson } from './helpers.js';

// Reference instants, computed with coreutils `date -u -d ... +%s`.
const NEW_YEAR_2024 = 1704067200000000000; // 2024-01-01T00:00:00Z, a Monday
const GO_REFERENCE = 1136214245000000000; // 2006-01-02T15:04:05Z

describe('time.parse_rfc3339_ns / parse_ns / parse_duration_ns', () => {
  it('parses RFC 3339 with exact nanoseconds and offsets', () => {
    expect(callJson('time.parse_rfc3339_ns', '2017-06-02T19:00:00.000000001Z')).toBe('1496430000000000001');
    expect(callJson('time.parse_rfc3339_ns', '2024-01-01T01:00:00+01:00')).toBe('1704067200000000000');
    expect(callJson('time.parse_rfc3339_ns', '1970-01-01T00:00:00Z')).toBe('0');
    expect(callError('time.parse_rfc3339_ns', '2024-01-01').message).toContain('cannot parse');
    expect(callError('time.parse_rfc3339_ns', '2024-02-30T00:00:00Z').message).toContain('day out of range');
    expect(callError('time.parse_rfc3339_ns', '3000-01-01T00:00:00Z').message).toBe(
      'time.parse_rfc3339_ns: time outside of valid range',
    );
  });

  it('parses Go layouts', () => {
    expect(callJson('time.parse_ns', '2006-01-02', '2022-03-04')).toBe('1646352000000000000');
    expect(callJson('time.parse_ns', 'Mon Jan _2 15:04:05 MST 2006', 'Mon Jan  2 15:04:05 UTC 2006')).toBe(
      String(GO_REFERENCE),
    );
    expect(callJson('time.parse_ns', '01/02 03:04:05PM 06 -0700', '01/02 03:04:05PM 06 -0700')).toBe(
      String(GO_REFERENCE + 7 * 3600 * 1e9),
    );
    expect(callJson('time.parse_ns', '2006-01-02 15:04:05.000', '2006-01-02 15:04:05.123')).toBe(
      '1136214245123000000',
    );
    expect(callJson('time.parse_ns', 'RFC3339', '2006-01-02T15:04:05Z')).toBe(String(GO_REFERENCE));
    expect(callError('time.parse_ns', '2006-01-02', '2022-13-04').message).toContain('month out of range');
  });

  it('parses Go durations', () => {
    expect(call('time.parse_duration_ns', '1h30m')).toBe(5400000000000);
    expect(call('time.parse_duration_ns', '1.5s')).toBe(1500000000);
    expect(call('time.parse_duration_ns', '-2m3.5µs')).toBe(-120000003500);
    expect(call('time.parse_duration_ns', '0')).toBe(0);
    expect(callError('time.parse_duration_ns', '1d').message).toBe(
      'time.parse_duration_ns: time: unknown unit "d" in duration "1d"',
    );
    expect(callError('time.parse_duration_ns', '10').message).toBe(
      'time.parse_duration_ns: time: missing unit in duration "10"',
    );
  });
});

describe('time.format / date / clock / weekday', () => {
  it('formats with the RFC 3339 default and Go layouts', () => {
    expect(call('time.format', 0)).toBe('1970-01-01T00:00:00Z');
    expect(call('time.format', 1500000000123000000)).toBe('2017-07-14T02:40:00.123Z');
    expect(call('time.format', [NEW_YEAR_2024, 'America/New_York', 'Mon Jan _2 15:04:05 MST 2006'])).toBe(
      'Sun Dec 31 19:00:00 EST 2023',
    );
    expect(call('time.format', [NEW_YEAR_2024, 'Asia/Kolkata', '2006-01-02T15:04:05Z07:00'])).toBe(
      '2024-01-01T05:30:00+05:30',
    );
    expect(call('time.format', [GO_REFERENCE, 'UTC', 'Monday, 02-Jan-06 3:4:5 pm .000 -0700 002'])).toBe(
      'Monday, 02-Jan-06 3:4:5 pm .000 +0000 002',
    );
    expect(call('time.format', [GO_REFERENCE, '', 'Kitchen'])).toBe('3:04PM');
  });

  it('keeps microsecond timestamps exact although JSON rounded them', () => {
    // 1707133074028819000 is not a double; it reaches the host as 1707133074028818944.
    expect(call('time.format', 1707133074028819000)).toBe('2024-02-05T11:37:54.028819Z');
  });

  it('returns calendar fields in a zone', () => {
    expect(call('time.date', NEW_YEAR_2024)).toEqual([2024, 1, 1]);
    expect(call('time.date', [NEW_YEAR_2024, 'America/New_York'])).toEqual([2023, 12, 31]);
    expect(call('time.clock', [NEW_YEAR_2024, 'Asia/Kolkata'])).toEqual([5, 30, 0]);
    expect(call('time.weekday', NEW_YEAR_2024)).toBe('Monday');
    expect(call('time.weekday', [NEW_YEAR_2024, 'America/Los_Angeles'])).toBe('Sunday');
    // Berlin switched to summer time at 01:00 UTC on 2023-03-26.
    expect(call('time.clock', [1679794200000000000, 'Europe/Berlin'])).toEqual([3, 30, 0]);
  });

  it('rejects bad operands', () => {
    expect(callError('time.date', [NEW_YEAR_2024, 'Mars/Olympus']).message).toBe(
      'time.date: unknown time zone Mars/Olympus',
    );
    expect(callError('time.date', 'x').message).toBe(
      'time.date: operand 1 must be either number (ns) or [number (ns), string (tz)] but got string',
    );
    expect(callError('time.date', 1.5).message).toBe('time.date: timestamp too big');
  });
});

describe('time.add_date / time.diff', () => {
  it('adds years, months and days, normalising like Go', () => {
    // 2024-01-31 + 1 month = "2024-02-31" = 2024-03-02.
    expect(callJson('time.add_date', 1706659200000000000, 0, 1, 0)).toBe('1709337600000000000');
    expect(callJson('time.add_date', NEW_YEAR_2024, -1, 0, 1)).toBe(String(1672617600000000000));
    expect(callError('time.add_date', NEW_YEAR_2024, 1000, 0, 0).message).toBe(
      'time.add_date: time outside of valid range',
    );
  });

  it('returns the calendar difference in either order', () => {
    expect(call('time.diff', NEW_YEAR_2024, 0)).toEqual([54, 0, 0, 0, 0, 0]);
    expect(call('time.diff', 0, NEW_YEAR_2024)).toEqual([54, 0, 0, 0, 0, 0]);
    // 2024-01-31 to 2024-03-02 is one month and two days (January has 31 days).
    expect(call('time.diff', 1706659200000000000, 1709337600000000000)).toEqual([0, 1, 2, 0, 0, 0]);
    expect(call('time.diff', GO_REFERENCE, GO_REFERENCE + 61e9)).toEqual([0, 0, 0, 0, 1, 1]);
  });
});

describe('time.now_ns', () => {
  it('is stable within one evaluation and follows the clock across evaluations', async () => {
    let clock = 1000n;
    const builtins = createHostBuiltins({ now: () => clock++ });
    const now = () => resultJson(builtins['time.now_ns']());
    expect(now()).toBe('1000');
    expect(now()).toBe('1000');
    await Promise.resolve();
    expect(now()).toBe('1001');
  });

  it('reads the system clock by default', () => {
    const now = call('time.now_ns') as number;
    expect(Math.abs(now / 1e6 - Date.now())).toBeLessThan(5000);
  });
});
