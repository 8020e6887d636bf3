import { describe, expect, it } from 'vitest';
import { translateRe2 } from '../../src/builtins/re2.js';
import { call, callError } from './helpers.js';

const match = (pattern: string, text: string) => call('regex.match', pattern, text);

describe('RE2 patterns on the JS engine', () => {
  it('matches the documented examples', () => {
    expect(match('^[a-z]+\\[[0-9]+\\]$', 'foo[1]')).toBe(true);
    expect(call('regex.is_valid', '.+')).toBe(true);
    expect(call('regex.is_valid', '++')).toBe(false);
    expect(call('regex.is_valid', 10)).toBe(false);
  });

  it('applies flags globally and per group, as RE2 does', () => {
    expect(match('(?i)ABC', 'xabcx')).toBe(true);
    expect(match('a(?i)b', 'aB')).toBe(true);
    expect(match('a(?i)b', 'AB')).toBe(false);
    expect(match('(?i:a)b', 'Ab')).toBe(true);
    expect(match('(?i:a)b', 'AB')).toBe(false);
    expect(match('(?s)a.b', 'a\nb')).toBe(true);
    expect(match('a.b', 'a\nb')).toBe(false);
    expect(match('(?m)^b$', 'a\nb\nc')).toBe(true);
    expect(match('^b$', 'a\nb\nc')).toBe(false);
    expect(call('regex.find_n', '(?U)a+', 'aaa', -1)).toEqual(['a', 'a', 'a']);
    expect(call('regex.find_n', '(?U)a+?', 'aaa', -1)).toEqual(['aaa']);
  });

  it('keeps the meaning of constructs that differ from JS', () => {
    // `.` matches \r in RE2 (not in JS); `\s` excludes \v; `\z` is the end of text only.
    expect(match('^a.b$', 'a\rb')).toBe(true);
    expect(match('\\s', '\v')).toBe(false);
    expect(match('a\\z', 'a\n')).toBe(false);
    expect(match('\\Aab\\z', 'ab')).toBe(true);
    expect(match('\\x{1F600}', '😀')).toBe(true);
    expect(match('\\101', 'A')).toBe(true);
    expect(match('\\Qa.b\\E', 'a.b')).toBe(true);
    expect(match('\\Qa.b\\E', 'axb')).toBe(false);
    expect(match('[[:alpha:]]+[[:^alpha:]]', 'ab1')).toBe(true);
    expect(match('\\pL\\p{Greek}', 'aπ')).toBe(true);
    expect(match('\\PL', 'a')).toBe(false);
    expect(match('\\_\\-\\#', '_-#')).toBe(true);
    expect(match('a{,2}', 'a{,2}')).toBe(true);
    expect(match('^*a', 'a')).toBe(true);
    expect(match('[]a]+', ']a')).toBe(true);
    expect(match('[^\\n]', '\n')).toBe(false);
    expect(match('x*', '')).toBe(true);
  });

  it('understands named groups', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Go replacement template, not a JS one
    expect(call('regex.replace', 'key=value', '(?P<k>\\w+)=(?<v>\\w+)', '${v}=$k')).toBe('value=key');
    expect(translateRe2('(?P<1a>x)').groupNames).toEqual([undefined, '1a']);
  });

  it("rejects what Go rejects, with Go's messages", () => {
    expect(callError('regex.match', '[', 'x').message).toBe(
      'regex.match: error parsing regexp: missing closing ]: `[`',
    );
    expect(callError('regex.match', '(a', 'x').message).toBe(
      'regex.match: error parsing regexp: missing closing ): `(a`',
    );
    expect(callError('regex.match', 'a)', 'x').message).toBe(
      'regex.match: error parsing regexp: unexpected ): `a)`',
    );
    expect(callError('regex.match', '*a', 'x').message).toBe(
      'regex.match: error parsing regexp: missing argument to repetition operator: `*`',
    );
    expect(callError('regex.match', 'a**', 'x').message).toBe(
      'regex.match: error parsing regexp: invalid nested repetition operator: `**`',
    );
    expect(callError('regex.match', '(?=a)', 'x').message).toBe(
      'regex.match: error parsing regexp: invalid or unsupported Perl syntax: `(?=`',
    );
    expect(callError('regex.match', '\\1', 'x').message).toBe(
      'regex.match: error parsing regexp: invalid escape sequence: `\\1`',
    );
    expect(callError('regex.match', 'a{1001}', 'x').message).toBe(
      'regex.match: error parsing regexp: invalid repeat count: `{1001}`',
    );
    expect(callError('regex.match', '[z-a]', 'x').message).toBe(
      'regex.match: error parsing regexp: invalid character class range: `z-a`',
    );
    expect(callError('regex.match', 'a\\', 'x').message).toBe(
      'regex.match: error parsing regexp: trailing backslash at end of expression: ``',
    );
    expect(callError('regex.match', 1, 'x').message).toBe(
      'regex.match: operand 1 must be string but got number',
    );
    expect(callError('regex.match', 1, 'x').code).toBe('eval_type_error');
  });

  it('makes a bad pattern undefined by default, as OPA does without strict builtin errors', async () => {
    const { hostBuiltins } = await import('../../src/builtins/index.js');
    expect(hostBuiltins['regex.match']('[', 'x')).toBeUndefined();
  });
});

describe('regex builtins', () => {
  it('finds matches like Go FindAllString', () => {
    expect(call('regex.find_n', 'a.', 'paranormal', -1)).toEqual(['ar', 'an', 'al']);
    expect(call('regex.find_n', 'a.', 'paranormal', 2)).toEqual(['ar', 'an']);
    expect(call('regex.find_n', 'bork', 'paranormal', -1)).toEqual([]);
    expect(call('regex.find_n', 'a*', 'baaac', -1)).toEqual(['', 'aaa', '']);
    expect(call('regex.find_n', '', 'héllo', -1)).toEqual(['', '', '', '', '', '']);
  });

  it('returns submatches, empty for groups that did not take part', () => {
    expect(call('regex.find_all_string_submatch_n', 'a(x*)b', '-axxb-ab-', -1)).toEqual([
      ['axxb', 'xx'],
      ['ab', ''],
    ]);
    expect(
      call('regex.find_all_string_submatch_n', '[^aouiye]([aouiye])([^aouiye])?', 'somestri', 1),
    ).toEqual([['som', 'o', 'm']]);
    expect(call('regex.find_all_string_submatch_n', '(a)|(b)', 'b', -1)).toEqual([['b', '', 'b']]);
  });

  it('replaces with Go template expansion', () => {
    expect(call('regex.replace', '-wy-wxxy-', 'w(x*)y', '0')).toBe('-0-0-');
    expect(call('regex.replace', 'foo', '(foo)', '$1$1')).toBe('foofoo');
    expect(call('regex.replace', 'foo', '(f)(o+)', '$1x$$')).toBe('$');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Go replacement template, not a JS one
    expect(call('regex.replace', 'foo', '(f)(o+)', '${1}x$$')).toBe('fx$');
    expect(call('regex.replace', 'baaac', 'a*', '-')).toBe('-b-c-');
    expect(call('regex.replace', 'αβγ', 'β', 'b')).toBe('αbγ');
  });

  it('splits like Go Regexp.Split', () => {
    expect(call('regex.split', 'a', 'banana')).toEqual(['b', 'n', 'n', '']);
    expect(call('regex.split', 'z+', 'pizza')).toEqual(['pi', 'a']);
    expect(call('regex.split', '^x', '')).toEqual(['']);
    expect(call('regex.split', '', 'abc')).toEqual(['a', 'b', 'c']);
  });

  it('matches templates with delimiters', () => {
    expect(call('regex.template_match', 'urn:foo:{.*}', 'urn:foo:bar:baz', '{', '}')).toBe(true);
    expect(call('regex.template_match', 'urn:foo:<.*>', 'urn:foo:bar:baz', '<', '>')).toBe(true);
    expect(call('regex.template_match', 'urn:foo.bar:{[0-9]+}', 'urn:fooxbar:1', '{', '}')).toBe(false);
    expect(callError('regex.template_match', 'a{b', 'x', '{', '}').message).toBe(
      'regex.template_match: unbalanced braces in "a{b"',
    );
    expect(callError('regex.template_match', 'a', 'x', '{{', '}').message).toContain('start delimiter');
  });

  it('decides whether two globs share a string', () => {
    expect(call('regex.globs_match', 'a.a.', '.b.b')).toBe(true);
    expect(call('regex.globs_match', '[a-z]+', '[0-9]*')).toBe(false);
    expect(call('regex.globs_match', 'a+b*', 'aaab')).toBe(true);
    expect(call('regex.globs_match', 'a+', 'b*')).toBe(false);
    expect(call('regex.globs_match', '\\.', '.')).toBe(true);
    expect(call('regex.globs_match', 'x*', 'y*')).toBe(false);
    expect(callError('regex.globs_match', '*a', 'a').message).toContain(
      "flag '*' must be preceded by a non-flag",
    );
  });

  it('keeps the deprecated re_match working', () => {
    expect(call('re_match', '^a', 'abc')).toBe(true);
  });
});
