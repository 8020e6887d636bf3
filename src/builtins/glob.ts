// glob.match and glob.quote_meta with the semantics of gobwas/glob (the
// library OPA uses): `*` matches any run of non-delimiter characters, `**`
// any run at all, `?` one non-delimiter character, `[abc]`, `[a-z]` and
// `[!a-z]` one character, `{a,b}` either alternative, `\` escapes. The
// pattern is compiled to an anchored JS regular expression.

import { fail, operandTypeFail, stringOperand, typeFail } from './errors.js';
import type { HostImplementations } from './types.js';
import type { Value } from './values.js';

/** The characters gobwas treats as special (its QuoteMeta escapes exactly these). */
const SPECIAL = new Set(['*', '?', '\\', '[', ']', '{', '}', ',']);

function escapeForClass(ch: string): string {
  return `\\u{${ch.codePointAt(0)!.toString(16)}}`;
}

function escapeLiteral(ch: string): string {
  return /^[0-9A-Za-z]$/.test(ch) ? ch : escapeForClass(ch);
}

class GlobCompiler {
  private pos = 0;
  private readonly chars: string[];
  private readonly notDelimiter: string;

  constructor(pattern: string, delimiters: string[]) {
    this.chars = [...pattern];
    this.notDelimiter = delimiters.length === 0 ? '[^]' : `[^${delimiters.map(escapeForClass).join('')}]`;
  }

  compile(): RegExp {
    const body = this.sequence(false);
    if (this.pos < this.chars.length) fail(`unexpected '${this.chars[this.pos]}' in glob pattern`);
    return new RegExp(`^${body}$`, 'u');
  }

  /** A run of pattern pieces; inside `{...}` it stops at `,` or `}`. */
  private sequence(inTerms: boolean): string {
    let out = '';
    while (this.pos < this.chars.length) {
      const c = this.chars[this.pos];
      if (inTerms && (c === ',' || c === '}')) break;
      this.pos++;
      switch (c) {
        case '*':
          if (this.chars[this.pos] === '*') {
            while (this.chars[this.pos] === '*') this.pos++;
            out += '[^]*';
          } else {
            out += `${this.notDelimiter}*`;
          }
          break;
        case '?':
          out += this.notDelimiter;
          break;
        case '[':
          out += this.range();
          break;
        case '{':
          out += this.terms();
          break;
        case '\\':
          if (this.pos >= this.chars.length)
            fail('unexpected end of input: escape at the end of glob pattern');
          out += escapeLiteral(this.chars[this.pos++]);
          break;
        default:
          out += escapeLiteral(c);
      }
    }
    return out;
  }

  /** `[abc]`, `[a-z]`, `[!a-z]` (one character, delimiters included). */
  private range(): string {
    let negated = false;
    if (this.chars[this.pos] === '!') {
      negated = true;
      this.pos++;
    }
    let items = '';
    let empty = true;
    while (this.pos < this.chars.length && this.chars[this.pos] !== ']') {
      const lo = this.chars[this.pos++];
      empty = false;
      if (
        this.chars[this.pos] === '-' &&
        this.pos + 1 < this.chars.length &&
        this.chars[this.pos + 1] !== ']'
      ) {
        const hi = this.chars[this.pos + 1];
        this.pos += 2;
        if (hi.codePointAt(0)! < lo.codePointAt(0)!) fail(`invalid range in glob pattern: ${lo}-${hi}`);
        items += `${escapeForClass(lo)}-${escapeForClass(hi)}`;
      } else {
        items += escapeForClass(lo);
      }
    }
    if (this.pos >= this.chars.length) fail('unexpected end of input: unclosed [ in glob pattern');
    this.pos++; // ]
    if (empty) fail('empty character range in glob pattern');
    return `[${negated ? '^' : ''}${items}]`;
  }

  /** `{a,b,c}`: any of the alternatives, each a pattern itself. */
  private terms(): string {
    const alternatives: string[] = [];
    for (;;) {
      alternatives.push(this.sequence(true));
      if (this.pos >= this.chars.length) fail('unexpected end of input: unclosed { in glob pattern');
      if (this.chars[this.pos++] === '}') break;
    }
    return `(?:${alternatives.join('|')})`;
  }
}

const cache = new Map<string, RegExp>();

function compileGlob(pattern: string, delimiters: string[]): RegExp {
  const key = `${delimiters.join('')}\u0000${pattern}`;
  let re = cache.get(key);
  if (!re) {
    re = new GlobCompiler(pattern, delimiters).compile();
    if (cache.size >= 200) cache.delete(cache.keys().next().value!);
    cache.set(key, re);
  }
  return re;
}

function delimitersOperand(v: Value): string[] {
  if (v === null) return [];
  if (!Array.isArray(v)) operandTypeFail(2, v, 'array', 'null');
  const delimiters = v.map((d) => {
    if (typeof d !== 'string' || [...d].length !== 1) {
      typeFail(
        `operand 2 must be array of runes (single-character strings) but got element ${JSON.stringify(d)}`,
      );
    }
    return d;
  });
  // An empty array means the default delimiter, `.`.
  return delimiters.length === 0 ? ['.'] : delimiters;
}

export function globQuoteMeta(s: string): string {
  return [...s].map((c) => (SPECIAL.has(c) ? `\\${c}` : c)).join('');
}

export const globBuiltins: HostImplementations = {
  'glob.match': (pattern: Value, delimiters: Value, text: Value) => {
    const p = stringOperand(pattern, 1);
    const d = delimitersOperand(delimiters);
    const s = stringOperand(text, 3);
    return compileGlob(p, d).test(s);
  },
  'glob.quote_meta': (pattern: Value) => globQuoteMeta(stringOperand(pattern, 1)),
};
