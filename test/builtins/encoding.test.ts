import { describe, expect, it } from 'vitest';
import { call, callError, callJson } from './helpers.js';

describe('base64 and base64url', () => {
  it('round-trips UTF-8 text', () => {
    expect(call('base64.encode', 'hello')).toBe('aGVsbG8=');
    expect(call('base64.decode', 'aGVsbG8=')).toBe('hello');
    expect(call('base64.encode', 'héllo 😀')).toBe('aMOpbGxvIPCfmIA=');
    expect(call('base64.decode', 'aMOpbGxvIPCfmIA=')).toBe('héllo 😀');
    expect(call('base64.decode', 'aGVs\r\nbG8=')).toBe('hello');
    expect(call('base64url.encode', 'hi?>')).toBe('aGk_Pg==');
    expect(call('base64url.encode_no_pad', 'hi?>')).toBe('aGk_Pg');
    expect(call('base64url.decode', 'aGk_Pg')).toBe('hi?>');
    expect(call('base64url.decode', 'aGk_Pg==')).toBe('hi?>');
  });

  it('is strict about the alphabet and padding, like Go', () => {
    expect(call('base64.is_valid', 'aGVsbG8=')).toBe(true);
    expect(call('base64.is_valid', 'aGVsbG8')).toBe(false);
    expect(call('base64.is_valid', 'aGk_Pg==')).toBe(false);
    expect(call('base64.is_valid', 1)).toBe(false);
    expect(callError('base64.decode', 'aGVsbG8').message).toBe(
      'base64.decode: illegal base64 data at input byte 4',
    );
    expect(callError('base64.decode', 'a=bc').message).toBe(
      'base64.decode: illegal base64 data at input byte 1',
    );
    expect(callError('base64url.decode', 'a').message).toBe('base64url.decode: illegal base64url string: a');
  });

  it('decodes bytes that are not UTF-8 with replacement characters', () => {
    expect(call('base64.decode', '/w==')).toBe('\ufffd');
  });
});

describe('hex', () => {
  it('encodes and decodes', () => {
    expect(call('hex.encode', 'Hello')).toBe('48656c6c6f');
    expect(call('hex.decode', '48656C6c6f')).toBe('Hello');
    expect(call('hex.encode', 'é')).toBe('c3a9');
  });

  it("reports Go's errors", () => {
    expect(callError('hex.decode', 'g0').message).toBe("hex.decode: encoding/hex: invalid byte: U+0067 'g'");
    expect(callError('hex.decode', 'abc').message).toBe('hex.decode: encoding/hex: odd length hex string');
    expect(callError('hex.decode', 'abz').message).toBe("hex.decode: encoding/hex: invalid byte: U+007A 'z'");
  });
});

describe('urlquery', () => {
  it('escapes like url.QueryEscape', () => {
    expect(call('urlquery.encode', 'a b&c=ü~.-_')).toBe('a+b%26c%3D%C3%BC~.-_');
    expect(call('urlquery.decode', 'a+b%26c%3D%C3%BC')).toBe('a b&c=ü');
    expect(callError('urlquery.decode', '%zz').message).toBe('urlquery.decode: invalid URL escape "%zz"');
  });

  it('encodes and decodes objects', () => {
    expect(call('urlquery.encode_object', { b: ['2', '1'], a: 'x y' })).toBe('a=x+y&b=2&b=1');
    expect(call('urlquery.decode_object', 'a=1&b=2&a=3&c')).toEqual({ a: ['1', '3'], b: ['2'], c: [''] });
    expect(callError('urlquery.encode_object', { a: 1 }).message).toBe(
      'urlquery.encode_object: operand 1 values must be string, array[string], or set[string]',
    );
    expect(callError('urlquery.decode_object', 'a=1;b=2').message).toContain('invalid semicolon separator');
  });
});

describe('json.marshal / marshal_with_options / unmarshal / is_valid', () => {
  it('marshals with sorted keys and HTML-safe escapes', () => {
    expect(call('json.marshal', { b: [1, 'x<y&z'], a: null })).toBe('{"a":null,"b":[1,"x\\u003cy\\u0026z"]}');
    expect(call('json.marshal', 'é\u2028')).toBe('"é\\u2028"');
    expect(call('json.marshal', [1.5, true])).toBe('[1.5,true]');
  });

  it('pretty-prints with prefix and indent as OPA does', () => {
    expect(call('json.marshal_with_options', [1234567890, 2000000, 1000000000], { indent: '  ' })).toBe(
      '[\n  1234567890,\n  2000000,\n  1000000000\n]',
    );
    expect(call('json.marshal_with_options', [1, 2], {})).toBe('[1,2]');
    expect(call('json.marshal_with_options', [1, 2], { pretty: true })).toBe('[\n\t1,\n\t2\n]');
    expect(call('json.marshal_with_options', [1, 2], { pretty: false, prefix: 'NO!', indent: 'BAD!' })).toBe(
      '[1,2]',
    );
    expect(call('json.marshal_with_options', { foo: 'bar', bar: 'baz' }, { prefix: 'JSON => ' })).toBe(
      'JSON => {\nJSON => \t"bar": "baz",\nJSON => \t"foo": "bar"\nJSON => }',
    );
    expect(call('json.marshal_with_options', [], { indent: '    ', prefix: '---' })).toBe('---[]');
    expect(call('json.marshal_with_options', [[[]]], { indent: ' ' })).toBe('[\n [\n  []\n ]\n]');
    expect(callError('json.marshal_with_options', 1, { include_winning_lottery_numbers: true }).message).toBe(
      'json.marshal_with_options: operand 2 object contained unknown key include_winning_lottery_numbers',
    );
    expect(callError('json.marshal_with_options', 1, { pretty: 'yes' }).code).toBe('eval_type_error');
  });

  it('unmarshals, keeping big numbers exact', () => {
    expect(call('json.unmarshal', '{"a": [1, "x"]}')).toEqual({ a: [1, 'x'] });
    expect(callJson('json.unmarshal', '123456789012345678901234567890')).toBe(
      '123456789012345678901234567890',
    );
    expect(callError('json.unmarshal', '{').code).toBe('eval_builtin_error');
    expect(callError('json.unmarshal', 1).message).toBe(
      'json.unmarshal: operand 1 must be string but got number',
    );
    expect(call('json.is_valid', '{"a": 1}')).toBe(true);
    expect(call('json.is_valid', '{a: 1}')).toBe(false);
    expect(call('json.is_valid', 1)).toBe(false);
  });
});

describe('yaml', () => {
  it('unmarshals YAML 1.1 scalars as sigs.k8s.io/yaml does', () => {
    expect(call('yaml.unmarshal', 'a: yes\nb: [1, 2]\nc: 1.5\nd: ~\n')).toEqual({
      a: true,
      b: [1, 2],
      c: 1.5,
      d: null,
    });
    expect(call('yaml.unmarshal', '1: one\ntrue: t\n')).toEqual({ 1: 'one', true: 't' });
    expect(call('yaml.unmarshal', 'a: &x [1]\nb: *x\n')).toEqual({ a: [1], b: [1] });
    expect(call('yaml.unmarshal', 'a: 1\n---\nb: 2\n')).toEqual({ a: 1 });
    expect(callError('yaml.unmarshal', 'a: [').code).toBe('eval_builtin_error');
    expect(call('yaml.is_valid', 'a: 1')).toBe(true);
    expect(call('yaml.is_valid', 'a: [')).toBe(false);
  });

  it('marshals with sorted keys and unindented sequences', () => {
    expect(call('yaml.marshal', { b: [1, 2], a: 'yes', c: { d: null } })).toBe(
      'a: "yes"\nb:\n- 1\n- 2\nc:\n  d: null\n',
    );
  });
});
