import { describe, expect, it } from 'vitest';
import { call, callError, callJson } from './helpers.js';

describe('semver', () => {
  it('validates versions', () => {
    expect(call('semver.is_valid', '1.0.0')).toBe(true);
    expect(call('semver.is_valid', '1.0.0-rc.1+build.5')).toBe(true);
    expect(call('semver.is_valid', 'v1.2.3')).toBe(true);
    expect(call('semver.is_valid', '1')).toBe(false);
    expect(call('semver.is_valid', '1.0')).toBe(false);
    expect(call('semver.is_valid', '1.0.0-')).toBe(true);
    expect(call('semver.is_valid', '1.0.0-a..b')).toBe(false);
    expect(call('semver.is_valid', 1)).toBe(false);
  });

  it('orders versions by SemVer precedence', () => {
    const order = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ];
    for (let i = 0; i + 1 < order.length; i++) {
      expect(call('semver.compare', order[i], order[i + 1])).toBe(-1);
      expect(call('semver.compare', order[i + 1], order[i])).toBe(1);
    }
    expect(call('semver.compare', '1.0.0+a', '1.0.0+b')).toBe(0);
    expect(call('semver.compare', '2.0.0', '10.0.0')).toBe(-1);
    expect(callError('semver.compare', '1.0.0', '1').message).toBe(
      'semver.compare: operand 2: string "1" is not a valid SemVer',
    );
  });
});

describe('uuid', () => {
  it('generates version 4 UUIDs, stable per key within an evaluation', () => {
    const a = call('uuid.rfc4122', 'a') as string;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(call('uuid.rfc4122', 'a')).toBe(a);
    expect(call('uuid.rfc4122', 'b')).not.toBe(a);
  });

  it('parses the forms google/uuid accepts', () => {
    const v4 = { variant: 'RFC4122', version: 4 };
    expect(call('uuid.parse', '00000000-0000-4000-8000-000000000000')).toEqual(v4);
    expect(call('uuid.parse', '{00000000-0000-4000-8000-000000000000}')).toEqual(v4);
    expect(call('uuid.parse', 'urn:uuid:00000000-0000-4000-8000-000000000000')).toEqual(v4);
    expect(call('uuid.parse', '6bea8ef2d3d33cd184e09bab06a52ece')).toEqual({
      variant: 'RFC4122',
      version: 3,
    });
    expect(call('uuid.parse', 'not-a-uuid')).toBeUndefined();
  });

  it('decodes the time-based fields of versions 1 and 2', () => {
    const { time, ...fields } = JSON.parse(
      callJson('uuid.parse', '000003e8-48b9-21ee-b200-325096b39f47') as string,
    );
    expect(typeof time).toBe('number');
    expect(fields).toEqual({
      clocksequence: 12800,
      domain: 'Person',
      id: 1000,
      macvariables: 'local:unicast',
      nodeid: '32-50-96-b3-9f-47',
      variant: 'RFC4122',
      version: 2,
    });
    expect(callJson('uuid.parse', '000003e8-48b9-21ee-b200-325096b39f47')).toContain(
      '"time":1693566990121469600',
    );
  });
});
