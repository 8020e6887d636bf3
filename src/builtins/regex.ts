// regex.* builtins with Go's regexp semantics (patterns are RE2, see re2.ts).

import { fail, intOperand, stringOperand } from './errors.js';
import {
  type CompiledRegex,
  compileRe2,
  expandTemplate,
  findAll,
  quoteMeta,
  RegexSyntaxError,
} from './re2.js';
import type { HostImplementations } from './types.js';
import { goQuote, type Value } from './values.js';

function compile(pattern: string): CompiledRegex {
  try {
    return compileRe2(pattern);
  } catch (e) {
    if (e instanceof RegexSyntaxError) fail(e.message);
    // The translation is valid RE2 that the JS engine still refuses: say so rather than guess.
    fail(`pattern not supported by rtpolicy's regular expression engine: ${(e as Error).message}`);
  }
}

function matches(pattern: string, text: string): boolean {
  const { regex } = compile(pattern);
  regex.lastIndex = 0;
  return regex.test(text);
}

/** Go's Regexp.Split(s, -1). */
function split(re: CompiledRegex, text: string): string[] {
  if (text === '') return [''];
  const out: string[] = [];
  let begin = 0;
  let end = 0;
  for (const m of findAll(re, text, -1)) {
    end = m.index;
    const matchEnd = m.index + m[0].length;
    if (matchEnd !== 0) out.push(text.slice(begin, end));
    begin = matchEnd;
  }
  if (end !== text.length) out.push(text.slice(begin));
  return out;
}

function replaceAll(re: CompiledRegex, text: string, template: string): string {
  let out = '';
  let last = 0;
  for (const m of findAll(re, text, -1)) {
    out += text.slice(last, m.index) + expandTemplate(template, m, re.groupNames);
    last = m.index + m[0].length;
  }
  return out + text.slice(last);
}

/** The first-level delimited sections of a template, as [start, end) index pairs. */
function delimitedSections(template: string, open: string, close: string): [number, number][] {
  const sections: [number, number][] = [];
  let level = 0;
  let start = 0;
  for (let i = 0; i < template.length; i++) {
    if (template[i] === open) {
      if (++level === 1) start = i;
    } else if (template[i] === close) {
      if (--level === 0) sections.push([start, i + 1]);
      else if (level < 0) fail(`unbalanced braces in ${goQuote(template)}`);
    }
  }
  if (level !== 0) fail(`unbalanced braces in ${goQuote(template)}`);
  return sections;
}

/** `urn:foo:{.*}` with `{`/`}`: the delimited parts are patterns, the rest is matched literally. */
function templateRegex(template: string, open: string, close: string): string {
  let pattern = '^';
  let end = 0;
  for (const [start, stop] of delimitedSections(template, open, close)) {
    const part = template.slice(start + 1, stop - 1);
    compile(`^${part}$`);
    pattern += `${quoteMeta(template.slice(end, start))}(${part})`;
    end = stop;
  }
  return `${pattern}${quoteMeta(template.slice(end))}$`;
}

/** The byte length of a string in UTF-8 (Go's len). */
function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

export const regexBuiltins: HostImplementations = {
  'regex.is_valid': (pattern: Value) => {
    if (typeof pattern !== 'string') return false;
    try {
      compileRe2(pattern);
      return true;
    } catch {
      return false;
    }
  },

  'regex.match': (pattern: Value, text: Value) => matches(stringOperand(pattern, 1), stringOperand(text, 2)),

  re_match: (pattern: Value, text: Value) => matches(stringOperand(pattern, 1), stringOperand(text, 2)),

  'regex.find_n': (pattern: Value, text: Value, n: Value) => {
    const re = compile(stringOperand(pattern, 1));
    const s = stringOperand(text, 2);
    return findAll(re, s, intOperand(n, 3)).map((m) => m[0]);
  },

  'regex.find_all_string_submatch_n': (pattern: Value, text: Value, n: Value) => {
    const re = compile(stringOperand(pattern, 1));
    const s = stringOperand(text, 2);
    return findAll(re, s, intOperand(n, 3)).map((m) => [...m].map((group) => group ?? ''));
  },

  'regex.replace': (text: Value, pattern: Value, replacement: Value) => {
    const s = stringOperand(text, 1);
    const re = compile(stringOperand(pattern, 2));
    return replaceAll(re, s, stringOperand(replacement, 3));
  },

  'regex.split': (pattern: Value, text: Value) => {
    const re = compile(stringOperand(pattern, 1));
    return split(re, stringOperand(text, 2));
  },

  'regex.template_match': (template: Value, text: Value, open: Value, close: Value) => {
    const tpl = stringOperand(template, 1);
    const s = stringOperand(text, 2);
    const start = stringOperand(open, 3);
    const end = stringOperand(close, 4);
    // OPA's message for a bad end delimiter reports the start delimiter's length; kept for parity.
    if (byteLength(start) !== 1) {
      fail(`start delimiter has to be exactly one character long but is ${byteLength(start)} long`);
    }
    if (byteLength(end) !== 1) {
      fail(`end delimiter has to be exactly one character long but is ${byteLength(start)} long`);
    }
    return matches(templateRegex(tpl, start, end), s);
  },

  'regex.globs_match': (a: Value, b: Value) => globsIntersect(stringOperand(a, 1), stringOperand(b, 2)),
};

// ---------------------------------------------------------------------------
// regex.globs_match: do two "regexp-style globs" match a common non-empty
// string? The globs know `.` (any character), `[...]` classes with ranges,
// `+` and `*` after a token, and `\` escapes; everything else is literal.
// Both globs are anchored at both ends. The answer is decided exactly, by a
// search of the product of the two globs' automata.

interface GlobToken {
  /** A literal character, any character (dot), or a set of characters. */
  kind: 'char' | 'dot' | 'set';
  chars: Set<number>;
  repeat: 'one' | 'star';
  /** Written with `+` or `*` (another flag may not follow). */
  flagged: boolean;
}

function tokenizeGlob(glob: string): GlobToken[] {
  const cps = [...glob].map((c) => c.codePointAt(0)!);
  const tokens: GlobToken[] = [];
  const invalid = (pos: number, why: string) => fail(`the input provided is invalid: pos:${pos}:${why}`);
  let i = 0;
  const next = (): { cp: number; escaped: boolean } => {
    if (cps[i] === 0x5c) {
      if (i === cps.length - 1) invalid(i, 'input ends with a \\ (escape) character');
      i += 2;
      return { cp: cps[i - 1], escaped: true };
    }
    return { cp: cps[i++], escaped: false };
  };
  while (i < cps.length) {
    const { cp, escaped } = next();
    const c = String.fromCodePoint(cp);
    if (!escaped && (c === '+' || c === '*')) {
      const last = tokens[tokens.length - 1];
      if (!last || last.flagged) invalid(i, `flag '${c}' must be preceded by a non-flag`);
      last.flagged = true;
      // `x+` is `x` then `x*`.
      if (c === '+') tokens.push({ ...last, repeat: 'star' });
      else last.repeat = 'star';
      continue;
    }
    if (!escaped && c === '.') {
      tokens.push({ kind: 'dot', chars: new Set(), repeat: 'one', flagged: false });
    } else if (!escaped && c === ']') {
      invalid(i, "set-close ']' with no preceding '['");
    } else if (!escaped && c === '[') {
      const chars = new Set<number>();
      let prev: number | undefined;
      let complete = false;
      while (i < cps.length) {
        const item = next();
        if (!item.escaped && item.cp === 0x5d) {
          complete = true;
          break;
        }
        if (!item.escaped && item.cp === 0x2d) {
          if (prev === undefined) invalid(i, "range character '-' must be preceded by a Unicode character");
          if (i >= cps.length) invalid(i, "range character '-' must be followed by a Unicode character");
          const hi = next();
          if (!hi.escaped && (hi.cp === 0x5d || hi.cp === 0x2d)) {
            invalid(i, "range character '-' cannot be followed by a special symbol");
          }
          if (hi.cp < prev!) invalid(i, 'range is out of order');
          for (let x = prev!; x <= hi.cp; x++) chars.add(x);
          prev = undefined;
          continue;
        }
        chars.add(item.cp);
        prev = item.cp;
      }
      if (!complete) invalid(i, 'found [ without matching ]');
      tokens.push({ kind: 'set', chars, repeat: 'one', flagged: false });
    } else {
      tokens.push({ kind: 'char', chars: new Set([cp]), repeat: 'one', flagged: false });
    }
  }
  return tokens;
}

/** Can one character match both tokens? */
function tokensOverlap(a: GlobToken, b: GlobToken): boolean {
  if (a.kind === 'dot') return b.kind !== 'set' || b.chars.size > 0;
  if (b.kind === 'dot') return a.chars.size > 0;
  const [small, large] = a.chars.size <= b.chars.size ? [a.chars, b.chars] : [b.chars, a.chars];
  for (const c of small) if (large.has(c)) return true;
  return false;
}

function globsIntersect(a: string, b: string): boolean {
  const g1 = tokenizeGlob(a);
  const g2 = tokenizeGlob(b);
  // State: positions in both globs and whether a character was consumed yet.
  const key = (i: number, j: number, consumed: boolean) => `${i},${j},${consumed ? 1 : 0}`;
  const seen = new Set<string>();
  const queue: [number, number, boolean][] = [];
  const push = (i: number, j: number, consumed: boolean) => {
    // A starred token may be skipped (epsilon move).
    if (i < g1.length && g1[i].repeat === 'star') push(i + 1, j, consumed);
    if (j < g2.length && g2[j].repeat === 'star') push(i, j + 1, consumed);
    const k = key(i, j, consumed);
    if (!seen.has(k)) {
      seen.add(k);
      queue.push([i, j, consumed]);
    }
  };
  push(0, 0, false);
  while (queue.length > 0) {
    const [i, j, consumed] = queue.shift()!;
    if (i === g1.length && j === g2.length && consumed) return true;
    if (i === g1.length || j === g2.length || !tokensOverlap(g1[i], g2[j])) continue;
    // Consume one common character; a starred token may stay in place.
    const nextI = g1[i].repeat === 'star' ? [i, i + 1] : [i + 1];
    const nextJ = g2[j].repeat === 'star' ? [j, j + 1] : [j + 1];
    for (const ni of nextI) for (const nj of nextJ) push(ni, nj, true);
  }
  return false;
}
