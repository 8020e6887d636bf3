import { describe, expect, it } from 'vitest';
import { call, callError, callJson } from './helpers.js';

describe('units.parse_bytes', () => {
  it('parses decimal and binary units, case-insensitively', () => {
    expect(call('units.parse_bytes', '0')).toBe(0);
    expect(call('units.parse_bytes', '12345')).toBe(12345);
    expect(call('units.parse_bytes', '10KB')).toBe(10000);
    expect(call('units.parse_bytes', '10Kib')).toBe(10240);
    expect(call('units.parse_bytes', '200mb')).toBe(200000000);
    expect(call('units.parse_bytes', '300GiB')).toBe(322122547200);
    expect(call('units.parse_bytes', '"100TIB"')).toBe(109951162777600);
  });

  it('truncates fractions and keeps big results exact', () => {
    expect(call('units.parse_bytes', '1.1KiB')).toBe(1126);
    expect(call('units.parse_bytes', '.5KB')).toBe(500);
    expect(call('units.parse_bytes', '.0')).toBe(0);
    expect(callJson('units.parse_bytes', '10ei')).toBe('11529215046068469760');
    expect(callJson('units.parse_bytes', '100pib')).toBe('112589990684262400');
    expect(call('units.parse_bytes', '1e3')).toBe(1000);
  });

  it('reports bad amounts and units', () => {
    expect(callError('units.parse_bytes', '').message).toBe('units.parse_bytes: no byte amount provided');
    expect(callError('units.parse_bytes', '1 kb').message).toBe(
      'units.parse_bytes: spaces not allowed in resource strings',
    );
    expect(callError('units.parse_bytes', '1xb').message).toBe(
      'units.parse_bytes: byte unit xb not recognized',
    );
    expect(callError('units.parse_bytes', '1..2').message).toBe(
      'units.parse_bytes: could not parse byte amount to a number',
    );
    expect(callError('units.parse_bytes', '1e1234567').message).toBe('units.parse_bytes: exponent too large');
  });
});

describe('units.parse', () => {
  it('distinguishes milli from mega and parses binary units', () => {
    expect(call('units.parse', '500m')).toBe(0.5);
    expect(call('units.parse', '1M')).toBe(1000000);
    expect(call('units.parse', '1Mi')).toBe(1048576);
    expect(call('units.parse', '1MI')).toBe(1048576);
    expect(call('units.parse', '2.5K')).toBe(2500);
    expect(call('units.parse', '100')).toBe(100);
    expect(call('units.parse', '1m')).toBe(0.001);
    expect(call('units.parse', '-1.5k')).toBe(-1500);
    expect(callJson('units.parse', '10E')).toBe('10000000000000000000');
  });

  it('reports the same errors as OPA', () => {
    expect(callError('units.parse', '').message).toBe('units.parse: no amount provided');
    expect(callError('units.parse', 'G').message).toBe('units.parse: no amount provided');
    expect(callError('units.parse', '0.0.0').message).toBe('units.parse: could not parse amount to a number');
    expect(callError('units.parse', '.5.2').message).toBe('units.parse: could not parse amount to a number');
    expect(callError('units.parse', ' 327Mi ').message).toBe(
      'units.parse: spaces not allowed in resource strings',
    );
    expect(callError('units.parse', '1Q').message).toBe('units.parse: unit Q not recognized');
  });
});
