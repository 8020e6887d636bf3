import { describe, expect, it } from 'vitest';
import {
  HAS_ESCAPES,
  NEWLINE_BEFORE,
  SPACE_BEFORE,
  TOKEN_TEXT,
  Tok,
  tokenize,
} from '../../src/rego/lexer.js';

/** [kind text, source text] for each token except EOF. */
function lex(source: string): [string, string][] {
  const ts = tokenize(source, 'f.rego');
  const out: [string, string][] = [];
  for (let i = 0; i < ts.count - 1; i++) {
    const kind = ts.kinds[i];
    const name = kind === Tok.Illegal ? `illegal(${ts.errors.get(i)})` : TOKEN_TEXT[kind];
    out.push([name, source.slice(ts.starts[i], ts.ends[i])]);
  }
  return out;
}

describe('lexer', () => {
  it('splits identifiers, keywords, numbers, strings and operators', () => {
    expect(lex('x := input.a[0] == "s"')).toEqual([
      ['identifier', 'x'],
      [':=', ':='],
      ['identifier', 'input'],
      ['.', '.'],
      ['identifier', 'a'],
      ['[', '['],
      ['number', '0'],
      [']', ']'],
      ['==', '=='],
      ['string', '"s"'],
    ]);
  });

  it('recognises every keyword, and only whole words', () => {
    const words = 'package import as default else not some with null true false if contains in every';
    expect(lex(words).map(([k]) => k)).toEqual(words.split(' '));
    expect(lex('iff nota _in contains_x every1').every(([k]) => k === 'identifier')).toBe(true);
  });

  it('reads every operator, including two-character ones', () => {
    expect(lex('+ - * / % & | = := == != < > <= >= : ; , . ( ) [ ] { }').map(([k]) => k)).toEqual(
      '+ - * / % & | = := == != < > <= >= : ; , . ( ) [ ] { }'.split(' '),
    );
  });

  it('reads numbers with fractions and exponents as one token', () => {
    expect(lex('1 1.5 1e10 2.5E-3 0.1e+2 123456789012345678901234567890')).toEqual([
      ['number', '1'],
      ['number', '1.5'],
      ['number', '1e10'],
      ['number', '2.5E-3'],
      ['number', '0.1e+2'],
      ['number', '123456789012345678901234567890'],
    ]);
  });

  it('reports malformed numbers as one illegal token', () => {
    expect(lex('1. 2e 0a2b')).toEqual([
      ['illegal(expected fraction)', '1.'],
      ['illegal(expected exponent)', '2e'],
      ['illegal(illegal number format)', '0a2b'],
    ]);
  });

  it('reads strings with escapes and flags those that need unescaping', () => {
    const ts = tokenize('"plain" "a\\n\\"b\\u00e9"', 'f');
    expect(ts.kinds[0]).toBe(Tok.String);
    expect(ts.flags[0] & HAS_ESCAPES).toBe(0);
    expect(ts.kinds[1]).toBe(Tok.String);
    expect(ts.flags[1] & HAS_ESCAPES).toBe(HAS_ESCAPES);
    expect(ts.ends[1]).toBe(ts.source.length);
  });

  it('rejects bad escapes and unterminated strings', () => {
    expect(lex('"a\\q"')).toEqual([['illegal(illegal escape sequence)', '"a\\q"']]);
    expect(lex('"\\u12g4"')).toEqual([['illegal(illegal escape sequence)', '"\\u12g4"']]);
    expect(lex('"abc\nx')).toEqual([
      ['illegal(non-terminated string)', '"abc'],
      ['identifier', 'x'],
    ]);
    expect(lex('`abc')).toEqual([['illegal(non-terminated string)', '`abc']]);
  });

  it('reads raw strings across lines and keeps counting rows after them', () => {
    const ts = tokenize('x := `a\nb\nc` y', 'f');
    expect(ts.kinds[2]).toBe(Tok.RawString);
    expect([ts.rows[2], ts.cols[2]]).toEqual([1, 6]);
    expect(ts.kinds[3]).toBe(Tok.Ident);
    expect([ts.rows[3], ts.cols[3]]).toEqual([3, 4]);
  });

  it('records rows, columns and offsets of tokens', () => {
    const ts = tokenize('package p\n\n  x := 1', 'f');
    const at = (i: number) => [ts.rows[i], ts.cols[i], ts.starts[i], ts.ends[i]];
    expect(at(0)).toEqual([1, 1, 0, 7]);
    expect(at(1)).toEqual([1, 9, 8, 9]);
    expect(at(2)).toEqual([3, 3, 13, 14]);
    expect(at(4)).toEqual([3, 8, 18, 19]);
    expect(ts.kinds[5]).toBe(Tok.EOF);
  });

  it('flags tokens preceded by space or a newline', () => {
    const ts = tokenize('a[b] c\nd # note\ne', 'f');
    const flags = Array.from(ts.flags.subarray(0, ts.count - 1));
    // a [ b ] c d e
    expect(flags).toEqual([
      0,
      0,
      0,
      0,
      SPACE_BEFORE,
      SPACE_BEFORE | NEWLINE_BEFORE,
      SPACE_BEFORE | NEWLINE_BEFORE,
    ]);
  });

  it('keeps comments with their text and location, without carriage returns', () => {
    const ts = tokenize('# first\r\nx # second\n#', 'f.rego');
    expect(ts.comments).toEqual([
      { type: 'comment', text: ' first', location: { file: 'f.rego', row: 1, col: 1, offset: 0, end: 7 } },
      { type: 'comment', text: ' second', location: { file: 'f.rego', row: 2, col: 3, offset: 11, end: 19 } },
      { type: 'comment', text: '', location: { file: 'f.rego', row: 3, col: 1, offset: 20, end: 21 } },
    ]);
  });

  it('reports characters that are not Rego', () => {
    expect(lex('a ! b $"x" é 😀')).toEqual([
      ['identifier', 'a'],
      ['illegal(illegal ! character)', '!'],
      ['identifier', 'b'],
      ['illegal(template strings ($"...") are not supported by rtpolicy)', '$'],
      ['string', '"x"'],
      ['illegal(illegal character "é")', 'é'],
      ['illegal(illegal character "😀")', '😀'],
    ]);
    expect(lex('a\u0000')).toEqual([
      ['identifier', 'a'],
      ['illegal(illegal null character)', '\u0000'],
    ]);
  });

  it('skips a leading byte-order mark and rejects one elsewhere', () => {
    expect(lex('\ufeffx')).toEqual([['identifier', 'x']]);
    expect(lex('x\ufeff')).toEqual([
      ['identifier', 'x'],
      ['illegal(illegal byte-order mark)', '\ufeff'],
    ]);
  });

  it('grows its token arrays for long inputs', () => {
    const source = 'a '.repeat(100_000);
    const ts = tokenize(source, 'f');
    expect(ts.count).toBe(100_001);
    expect(ts.starts[99_999]).toBe(199_998);
  });
});
