import { describe, expect, it } from 'vitest';
import { call, callError } from './helpers.js';

const glob = (pattern: string, delimiters: string[] | null, text: string) =>
  call('glob.match', pattern, delimiters, text);

describe('glob.match (gobwas/glob)', () => {
  it("matches OPA's documented examples", () => {
    expect(glob('*.github.com', [], 'api.github.com')).toBe(true);
    expect(glob('*.github.com', [], 'api.cdn.github.com')).toBe(false);
    expect(glob('*hub.com', null, 'api.cdn.github.com')).toBe(true);
    expect(glob('*:github:com', [':'], 'api:github:com')).toBe(true);
    expect(glob('api.**.com', [], 'api.github.com')).toBe(true);
    expect(glob('api.**.com', [], 'api.cdn.github.com')).toBe(true);
    expect(glob('?at', [], 'cat')).toBe(true);
    expect(glob('?at', [], 'at')).toBe(false);
    expect(glob('[abc]at', [], 'bat')).toBe(true);
    expect(glob('[abc]at', [], 'fat')).toBe(false);
    expect(glob('[a-c]at', [], 'cat')).toBe(true);
    expect(glob('[!abc]at', [], 'fat')).toBe(true);
    expect(glob('[!a-c]at', [], 'cat')).toBe(false);
    expect(glob('{cat,bat,[fr]at}', [], 'rat')).toBe(true);
    expect(glob('{cat,bat,[fr]at}', [], 'at')).toBe(false);
  });

  it('uses `.` as the default delimiter for an empty list and none for null', () => {
    expect(glob('*', [], 'a.b')).toBe(false);
    expect(glob('*', null, 'a.b')).toBe(true);
    expect(glob('?', [], '.')).toBe(false);
  });

  it('treats escaped metacharacters literally and counts code points', () => {
    expect(glob('\\*.com', [], '*.com')).toBe(true);
    expect(glob('\\*.com', [], 'a.com')).toBe(false);
    expect(glob('日?語', [], '日本語')).toBe(true);
    expect(glob('a+b', [], 'a+b')).toBe(true);
  });

  it('rejects malformed patterns and operands', () => {
    expect(callError('glob.match', '[abc', [], 'a').message).toContain('unclosed [');
    expect(callError('glob.match', '{a,b', [], 'a').message).toContain('unclosed {');
    expect(callError('glob.match', '*', 'x', 'a').code).toBe('eval_type_error');
    expect(callError('glob.match', '*', ['ab'], 'a').code).toBe('eval_type_error');
  });

  it('quotes metacharacters', () => {
    expect(call('glob.quote_meta', '*.github.com')).toBe('\\*.github.com');
    expect(call('glob.quote_meta', '[a-z]{x,y}?\\')).toBe('\\[a-z\\]\\{x\\,y\\}\\?\\\\');
    expect(glob(call('glob.quote_meta', '{a*}') as string, [], '{a*}')).toBe(true);
  });
});
