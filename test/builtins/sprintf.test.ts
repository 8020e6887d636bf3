import { describe, expect, it } from 'vitest';
import { goSprintf } from '../../src/builtins/gofmt.js';
import { call } from './helpers.js';

const sprintf = (format: string, ...values: unknown[]) => call('sprintf', format, values);

describe('sprintf (Go fmt as OPA calls it)', () => {
  it('formats OPA documentation examples', () => {
    expect(sprintf('hello %s', 'world')).toBe('hello world');
    expect(sprintf('%d apples', 5)).toBe('5 apples');
    expect(sprintf('%v', [1, 'a'])).toBe('[1, "a"]');
  });

  it('prints composite values in Rego syntax with sorted keys', () => {
    expect(sprintf('%v', { b: [1, { c: null }], a: 'x' })).toBe('{"a": "x", "b": [1, {"c": null}]}');
    expect(sprintf('%s', { k: true })).toBe('{"k": true}');
    expect(sprintf('%v', [])).toBe('[]');
  });

  it('hands booleans and null to Go as strings, as OPA does', () => {
    expect(sprintf('%v %s', true, null)).toBe('true null');
    expect(sprintf('%t', true)).toBe('%!t(string=true)');
  });

  it('formats integers with every integer verb, width and flags', () => {
    expect(sprintf('%d|%5d|%-5d|%05d|%+d|% d', 42, 42, 42, 42, 42, 42)).toBe('42|   42|42   |00042|+42| 42');
    expect(sprintf('%b %o %O %x %X %#x %#o', 10, 10, 10, 255, 255, 255, 8)).toBe(
      '1010 12 0o12 ff FF 0xff 010',
    );
    expect(sprintf('%c %q %U %#U', 65, 65, 0x1f600, 65)).toBe("A 'A' U+1F600 U+0041 'A'");
    expect(sprintf('%.3d|%6.3d', 7, -7)).toBe('007|  -007');
    expect(sprintf('%x', -255)).toBe('-ff');
  });

  it('formats floats like Go, rounding half to even', () => {
    expect(sprintf('%f %.2f %e %E', 12.34567, 12.34567, 123456.789, 0.000123)).toBe(
      '12.345670 12.35 1.234568e+05 1.230000E-04',
    );
    expect(sprintf('%g %g %g %g', 1e6, 123456.0, 1e-5, 100000.5)).toBe('1e+06 123456 1e-05 100000.5');
    expect(sprintf('%v', 1.5)).toBe('1.5');
    // Whole numbers arrive without their literal text: a float verb formats them as floats.
    expect(sprintf('%f %v %d', 2, 2, 2)).toBe('2.000000 2 2');
    expect(sprintf('%.0f %.0f %.0f %.1f %.2f', 0.5, 1.5, 2.5, 0.25, 1.005)).toBe('0 2 2 0.2 1.00');
    expect(sprintf('%.3g %G %08.3f %+.1e', 0.000012345, 1e-10, -12.34567, 12345.0)).toBe(
      '1.23e-05 1E-10 -012.346 +1.2e+04',
    );
    expect(sprintf('%#g %#.3g', 1.0, 2.0)).toBe('1.00000 2.00');
    expect(sprintf('%x %X %.1x', 0.25, 3.5, 1.96875)).toBe('0x1p-02 0X1.CP+01 0x1.0p+01');
  });

  it('formats strings with quoting, hex and precision by runes', () => {
    expect(sprintf('%q', 'a"b\n')).toBe('"a\\"b\\n"');
    expect(sprintf('%+q %#q', 'é', 'raw')).toBe('"\\u00e9" `raw`');
    expect(sprintf('%x % x %X', 'hi', 'hi', 'hi')).toBe('6869 68 69 6869');
    expect(sprintf('%.2s|%5s|%-5s|%05s', 'héllo', 'é', 'é', 'ab')).toBe('hé|    é|é    |000ab');
    expect(sprintf('%s', '日本語')).toBe('日本語');
  });

  it('reports Go formatting errors inline', () => {
    expect(sprintf('%d %d', 1)).toBe('1 %!d(MISSING)');
    expect(sprintf('%d', 1, 'x')).toBe('1%!(EXTRA string=x)');
    expect(sprintf('%d', 'x')).toBe('%!d(string=x)');
    expect(sprintf('%s', 1.5)).toBe('%!s(float64=1.5)');
    expect(sprintf('%z', 1)).toBe('%!z(int64=1)');
    expect(sprintf('100%%')).toBe('100%');
    expect(sprintf('%!')).toBe('%!!(MISSING)');
    expect(sprintf('abc%')).toBe('abc%!(NOVERB)');
  });

  it('supports argument indexes and * width/precision', () => {
    expect(sprintf('%[2]d %[1]d', 1, 2)).toBe('2 1');
    expect(sprintf('%[3]d', 1)).toBe('%!d(BADINDEX)');
    expect(sprintf('%*d|%-*d|%.*f', 4, 7, 3, 7, 2, 12.34567)).toBe('   7|7  |12.35');
    expect(sprintf('%*d', 'x', 1)).toBe('%!(BADWIDTH)1');
  });

  it('prints %T as the Go type OPA passes', () => {
    expect(sprintf('%T %T %T %T', 1, 1.5, 's', [1])).toBe('int64 float64 string string');
  });

  it('formats integers beyond 2^53 exactly when given exactly', () => {
    const big = { kind: 'int', value: 123456789123456789123n, typeName: '*big.Int' } as const;
    expect(goSprintf('%d %s %v %x', [big, big, big, big])).toBe(
      '123456789123456789123 123456789123456789123 123456789123456789123 6b14e9f9b0df36a83',
    );
    expect(goSprintf('%t', [big])).toBe('%!t(big.Int=123456789123456789123)');
  });

  it('rejects a non-array values operand with an OPA type error', () => {
    expect(() => call('sprintf', '%d', 1)).toThrow('sprintf: operand 2 must be array but got number');
  });
});
