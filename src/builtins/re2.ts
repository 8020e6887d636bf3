// Go's regular expressions (RE2 syntax, as `regexp.Compile` accepts them) run
// on JavaScript's engine. The translator parses the RE2 pattern, rejects what
// Go rejects (with Go's error wording: `error parsing regexp: missing closing
// ]: `[a``), and writes an equivalent JavaScript pattern, spelling out every
// construct whose meaning differs between the two engines:
//   - `.` never matches `\n` only (JS also excludes `\r`, U+2028, U+2029);
//   - `\s` is `[\t\n\f\r ]` (JS adds `\v` and Unicode spaces);
//   - `^`/`$` follow the `m` flag per group; `\A`, `\z` anchor the text;
//   - flags (`(?i)`, `(?s:...)`, `(?U)`, `(?-m)`) may change mid-pattern,
//     which JS cannot express, so they are applied while translating;
//   - `(?P<name>...)` groups become numbered groups (names kept aside);
//   - octal escapes, `\Q...\E`, `\x{...}`, POSIX classes `[[:alpha:]]`,
//     Unicode scripts `\p{Greek}`, `\pL`, and escaped punctuation.
// Matching is leftmost-first in both engines, so results agree. JavaScript
// backtracks where RE2 runs in linear time; that is the one difference left.

export class RegexSyntaxError extends Error {
  constructor(code: string, expr: string) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
    this.name = 'RegexSyntaxError';
  }
}

export interface TranslatedRegex {
  /** JavaScript pattern source, to be compiled with `flags`. */
  source: string;
  /** `u`, plus `i` when the whole pattern is case-insensitive. */
  flags: string;
  /** The name of each capturing group by number (index 0 is the whole match). */
  groupNames: (string | undefined)[];
}

interface Flags {
  /** Case-insensitive. */
  i: boolean;
  /** Multi-line: `^` and `$` match at line breaks. */
  m: boolean;
  /** `.` matches `\n`. */
  s: boolean;
  /** Ungreedy: quantifiers are lazy unless followed by `?`. */
  U: boolean;
}

/** A set of code points as sorted, disjoint [lo, hi] ranges. */
type Ranges = [number, number][];

const MAX_CODE_POINT = 0x10ffff;
const MAX_REPEAT = 1000;

const posixClasses: Record<string, Ranges> = {
  alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  ascii: [[0x00, 0x7f]],
  blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  upper: [[0x41, 0x5a]],
  word: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ],
  xdigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
};

/** RE2's Perl classes are ASCII-only. */
const perlClasses: Record<string, Ranges> = {
  d: posixClasses.digit,
  s: [
    [0x09, 0x0a],
    [0x0c, 0x0d],
    [0x20, 0x20],
  ],
  w: posixClasses.word,
};

/** Unicode general categories (one or two letters); other names in `\p{...}` are scripts. */
const generalCategories = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(
    ' ',
  ),
);

function normalize(ranges: Ranges): Ranges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function negate(ranges: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of normalize(ranges)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

/** The code points that match `cp` case-insensitively (simple case folding). */
function caseVariants(cp: number): number[] {
  const ch = String.fromCodePoint(cp);
  const found = new Set<number>([cp]);
  for (const v of [ch.toLowerCase(), ch.toUpperCase(), ch.toUpperCase().toLowerCase()]) {
    const first = v.codePointAt(0)!;
    if (String.fromCodePoint(first) === v) found.add(first);
  }
  // Characters that fold onto ASCII letters without being reachable by case mapping.
  const extra: Record<number, number[]> = {
    107: [0x212a],
    75: [0x212a],
    115: [0x17f],
    83: [0x17f],
    229: [0x212b],
    197: [0x212b],
  };
  for (const e of extra[cp] ?? []) found.add(e);
  return [...found];
}

/** Adds the case variants of every code point in the ranges (letters only exist below U+1E944). */
function foldRanges(ranges: Ranges): Ranges {
  const out: Ranges = [...ranges];
  for (const [lo, hi] of ranges) {
    for (let cp = lo; cp <= Math.min(hi, 0x1e943); cp++) {
      for (const v of caseVariants(cp)) if (v !== cp) out.push([v, v]);
    }
  }
  return normalize(out);
}

function codePointText(cp: number): string {
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) {
    return String.fromCodePoint(cp);
  }
  return `\\u{${cp.toString(16)}}`;
}

function rangesText(ranges: Ranges): string {
  return ranges
    .map(([lo, hi]) => (lo === hi ? codePointText(lo) : `${codePointText(lo)}-${codePointText(hi)}`))
    .join('');
}

const isOctal = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '7';
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const isWordChar = (c: string): boolean => /^[\p{L}\p{N}_]$/u.test(c);
const isAlnumAscii = (c: string): boolean => /^[0-9A-Za-z]$/.test(c);

/** One piece of a translated concatenation. */
interface Piece {
  text: string;
  /** The text of the repetition operator applied last (to reject `a**`). */
  repeat?: string;
}

/** A class item: code point ranges, or a JS property escape such as `\p{L}` that cannot be enumerated. */
interface ClassPart {
  ranges: Ranges;
  properties: string[];
}

class Translator {
  private pos = 0;
  private flags: Flags;
  private readonly groupNames: (string | undefined)[] = [undefined];
  /** Whether `i` is on at the start and never switched off: JS's own `i` flag then applies. */
  private readonly globalCaseFold: boolean;

  constructor(private readonly src: string) {
    this.flags = { i: false, m: false, s: false, U: false };
    this.globalCaseFold = /^\(\?[msU]*i[msU]*\)/.test(src) && !/\(\?[imsU]*-[msU]*i/.test(src);
  }

  translate(): TranslatedRegex {
    const source = this.alternation(0);
    if (this.pos < this.src.length) throw new RegexSyntaxError('unexpected )', this.src);
    return {
      source: source === '' ? '(?:)' : source,
      flags: this.globalCaseFold ? 'iu' : 'u',
      groupNames: this.groupNames,
    };
  }

  private peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  /** alternation := concat ('|' concat)*, up to a `)` or the end. */
  private alternation(depth: number): string {
    const saved = { ...this.flags };
    const branches = [this.concat(depth)];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.concat(depth));
    }
    // Flags set by `(?i)` last until the end of the enclosing group.
    this.flags = saved;
    return branches.join('|');
  }

  private concat(depth: number): string {
    const pieces: Piece[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === '|' || c === ')') break;
      if (c === '*' || c === '+' || c === '?') {
        this.pos++;
        let op = c;
        if (this.peek() === '?') {
          this.pos++;
          op += '?';
        }
        this.repeat(pieces, op, c);
        continue;
      }
      if (c === '{') {
        const repeat = this.tryRepeatCount();
        if (repeat) {
          this.repeat(pieces, repeat.op, repeat.quantifier);
          continue;
        }
      }
      const atom = this.atom(depth);
      if (atom !== null) pieces.push({ text: atom });
    }
    return pieces.map((p) => p.text).join('');
  }

  /** Applies a repetition operator (`op` as written, `quantifier` without the lazy mark) to the last piece. */
  private repeat(pieces: Piece[], op: string, quantifier: string): void {
    const last = pieces[pieces.length - 1];
    if (!last) throw new RegexSyntaxError('missing argument to repetition operator', op);
    if (last.repeat !== undefined)
      throw new RegexSyntaxError('invalid nested repetition operator', last.repeat + op);
    const lazy = op.endsWith('?') && op !== '?';
    const js = `${quantifier}${lazy !== this.flags.U ? '?' : ''}`;
    pieces[pieces.length - 1] = { text: `(?:${last.text})${js}`, repeat: op };
  }

  /** `{n}`, `{n,}` or `{n,m}` (optionally followed by `?`); anything else is a literal `{`. */
  private tryRepeatCount(): { op: string; quantifier: string } | null {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
    if (!m) return null;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
    let op = m[0];
    this.pos += m[0].length;
    if (this.peek() === '?') {
      this.pos++;
      op += '?';
    }
    if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && max < min)) {
      throw new RegexSyntaxError('invalid repeat count', op);
    }
    return { op, quantifier: m[0] };
  }

  /** One atom; null for a flag group such as `(?i)` that only changes flags. */
  private atom(depth: number): string | null {
    const c = this.peek()!;
    switch (c) {
      case '(':
        return this.group(depth);
      case '[':
        return this.charClass();
      case '.':
        this.pos++;
        return this.flags.s ? '[^]' : '[^\\n]';
      case '^':
        this.pos++;
        return this.flags.m ? '(?<![^\\n])' : '^';
      case '$':
        this.pos++;
        return this.flags.m ? '(?![^\\n])' : '$';
      case '\\':
        return this.escapeAtom();
      default: {
        const cp = this.src.codePointAt(this.pos)!;
        this.pos += cp > 0xffff ? 2 : 1;
        return this.literal(cp);
      }
    }
  }

  private literal(cp: number): string {
    if (this.flags.i && !this.globalCaseFold) {
      const variants = caseVariants(cp);
      if (variants.length > 1) return `[${rangesText(normalize(variants.map((v) => [v, v])))}]`;
    }
    return codePointText(cp);
  }

  private group(depth: number): string | null {
    const start = this.pos;
    const outer = { ...this.flags };
    this.pos++; // (
    if (depth >= 1000) throw new RegexSyntaxError('expression nests too deeply', this.src);
    let prefix = '(';
    if (this.peek() === '?') {
      const rest = this.src.slice(this.pos + 1);
      const named = /^P?<([^>]*)>/.exec(rest);
      if (
        (rest.startsWith('P<') || rest.startsWith('<')) &&
        !rest.startsWith('<=') &&
        !rest.startsWith('<!')
      ) {
        if (!named) throw new RegexSyntaxError('invalid named capture', this.src.slice(start));
        const name = named[1];
        if (name === '' || ![...name].every(isWordChar)) {
          throw new RegexSyntaxError(
            'invalid named capture',
            this.src.slice(start, this.pos + 1 + named[0].length),
          );
        }
        if (this.groupNames.includes(name)) throw new RegexSyntaxError('duplicate capture group name', name);
        this.pos += 1 + named[0].length;
        this.groupNames.push(name);
      } else {
        const flagGroup = this.flagGroup(start);
        if (flagGroup === 'set') return null;
        prefix = '(?:';
      }
    } else {
      this.groupNames.push(undefined);
    }
    const inner = this.alternation(depth + 1);
    if (this.peek() !== ')') throw new RegexSyntaxError('missing closing )', this.src);
    this.pos++;
    this.flags = outer;
    return `${prefix}${inner})`;
  }

  /**
   * `(?flags)` (sets flags for the rest of the group: returns 'set') or
   * `(?flags:` (opens a non-capturing group with those flags: returns 'group').
   */
  private flagGroup(start: number): 'set' | 'group' {
    this.pos++; // ?
    const next = { ...this.flags };
    let negated = false;
    let sawFlag = false;
    for (;;) {
      const c = this.peek();
      const unsupported = () =>
        new RegexSyntaxError('invalid or unsupported Perl syntax', this.src.slice(start, this.pos));
      if (c === undefined) throw new RegexSyntaxError('missing closing )', this.src);
      this.pos++;
      if (c === 'i' || c === 'm' || c === 's' || c === 'U') {
        next[c] = !negated;
        sawFlag = true;
      } else if (c === '-') {
        if (negated) throw unsupported();
        negated = true;
        sawFlag = false;
      } else if (c === ')' || c === ':') {
        if (negated && !sawFlag) throw unsupported();
        if (c === ')') {
          this.flags = next;
          return 'set';
        }
        // The flags apply inside the group only; group() restores the outer ones after it.
        this.flags = next;
        return 'group';
      } else {
        throw unsupported();
      }
    }
  }

  private escapeAtom(): string {
    const start = this.pos;
    this.pos++; // backslash
    const c = this.peek();
    if (c === undefined) throw new RegexSyntaxError('trailing backslash at end of expression', '');
    switch (c) {
      case 'A':
        this.pos++;
        return '^';
      case 'z':
        this.pos++;
        return '$';
      case 'b':
        this.pos++;
        return '\\b';
      case 'B':
        this.pos++;
        return '\\B';
      case 'Q': {
        this.pos++;
        const end = this.src.indexOf('\\E', this.pos);
        const quoted = this.src.slice(this.pos, end < 0 ? undefined : end);
        this.pos = end < 0 ? this.src.length : end + 2;
        return [...quoted].map((ch) => this.literal(ch.codePointAt(0)!)).join('');
      }
    }
    this.pos = start;
    const part = this.classEscape();
    if (part) return this.classText(part, false);
    return this.literal(this.singleEscape());
  }

  /** `\d \s \w \D \S \W`, `\pL`, `\p{Greek}`, `\P{..}`, `\p{^..}`: a class, or null when not one. */
  private classEscape(): ClassPart | null {
    const c = this.peek(1);
    if (c === undefined) return null;
    const lower = c.toLowerCase();
    if (lower === 'd' || lower === 's' || lower === 'w') {
      this.pos += 2;
      const ranges = perlClasses[lower];
      return { ranges: c === lower ? ranges : negate(ranges), properties: [] };
    }
    if (c === 'p' || c === 'P') {
      const start = this.pos;
      this.pos += 2;
      let name: string;
      if (this.peek() === '{') {
        const end = this.src.indexOf('}', this.pos);
        if (end < 0) throw new RegexSyntaxError('invalid character class range', this.src.slice(start));
        name = this.src.slice(this.pos + 1, end);
        this.pos = end + 1;
      } else {
        const cp = this.src.codePointAt(this.pos);
        if (cp === undefined)
          throw new RegexSyntaxError('invalid character class range', this.src.slice(start));
        name = String.fromCodePoint(cp);
        this.pos += name.length;
      }
      let negated = c === 'P';
      if (name.startsWith('^')) {
        negated = !negated;
        name = name.slice(1);
      }
      const property = name === 'Any' ? 'Any' : generalCategories.has(name) ? name : `Script=${name}`;
      try {
        new RegExp(`\\p{${property}}`, 'u');
      } catch {
        throw new RegexSyntaxError('invalid character class range', this.src.slice(start, this.pos));
      }
      return { ranges: [], properties: [`\\${negated ? 'P' : 'p'}{${property}}`] };
    }
    return null;
  }

  /** A single-character escape (`\n`, `\x41`, `\x{263a}`, `\101`, `\.`), returning its code point. */
  private singleEscape(): number {
    const start = this.pos;
    this.pos++; // backslash
    const c = this.peek();
    if (c === undefined) throw new RegexSyntaxError('trailing backslash at end of expression', '');
    this.pos++;
    const invalid = () => new RegexSyntaxError('invalid escape sequence', this.src.slice(start, this.pos));
    // Octal: `\0`, or `\1`-`\7` followed by another octal digit (a lone `\1` would be a backreference).
    if (c === '0' || (c >= '1' && c <= '7' && isOctal(this.peek()))) {
      let value = Number(c);
      for (let i = 1; i < 3 && isOctal(this.peek()); i++) value = value * 8 + Number(this.src[this.pos++]);
      return value;
    }
    switch (c) {
      case 'a':
        return 0x07;
      case 'f':
        return 0x0c;
      case 't':
        return 0x09;
      case 'n':
        return 0x0a;
      case 'r':
        return 0x0d;
      case 'v':
        return 0x0b;
      case 'x': {
        if (this.peek() === '{') {
          const end = this.src.indexOf('}', this.pos);
          const digits = end < 0 ? '' : this.src.slice(this.pos + 1, end);
          if (digits === '' || ![...digits].every(isHex)) {
            this.pos = end < 0 ? this.src.length : end + 1;
            throw invalid();
          }
          this.pos = end + 1;
          const value = Number.parseInt(digits, 16);
          if (value > MAX_CODE_POINT) throw invalid();
          return value;
        }
        if (!isHex(this.peek()) || !isHex(this.peek(1))) {
          this.pos = Math.min(this.pos + 2, this.src.length);
          throw invalid();
        }
        this.pos += 2;
        return Number.parseInt(this.src.slice(this.pos - 2, this.pos), 16);
      }
    }
    const cp = c.codePointAt(0)!;
    // Escaped ASCII punctuation is always itself.
    if (cp < 0x80 && !isAlnumAscii(c)) return cp;
    throw invalid();
  }

  /** A bracketed class `[...]`, `[^...]`. */
  private charClass(): string {
    const start = this.pos;
    this.pos++; // [
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    const part: ClassPart = { ranges: [], properties: [] };
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new RegexSyntaxError('missing closing ]', this.src.slice(start));
      if (c === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      // POSIX class: [:alpha:] or [:^alpha:].
      if (c === '[' && this.peek(1) === ':') {
        const end = this.src.indexOf(':]', this.pos + 2);
        if (end >= 0) {
          const text = this.src.slice(this.pos, end + 2);
          let name = this.src.slice(this.pos + 2, end);
          const negatedPosix = name.startsWith('^');
          if (negatedPosix) name = name.slice(1);
          const ranges = posixClasses[name];
          if (!ranges) throw new RegexSyntaxError('invalid character class range', text);
          part.ranges.push(...(negatedPosix ? negate(ranges) : ranges));
          this.pos = end + 2;
          continue;
        }
      }
      if (c === '\\') {
        const sub = this.classEscape();
        if (sub) {
          part.ranges.push(...sub.ranges);
          part.properties.push(...sub.properties);
          continue;
        }
      }
      const itemStart = this.pos;
      const lo = this.classChar();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.pos++;
        const hi = this.classChar();
        if (hi < lo)
          throw new RegexSyntaxError('invalid character class range', this.src.slice(itemStart, this.pos));
        part.ranges.push([lo, hi]);
      } else {
        part.ranges.push([lo, lo]);
      }
    }
    return this.classText(part, negated);
  }

  private classChar(): number {
    if (this.peek() === '\\') return this.singleEscape();
    const cp = this.src.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  private classText(part: ClassPart, negated: boolean): string {
    let ranges = normalize(part.ranges);
    if (this.flags.i && !this.globalCaseFold) ranges = foldRanges(ranges);
    const body = rangesText(ranges) + part.properties.join('');
    if (body === '') return negated ? '[^]' : '[]';
    return `[${negated ? '^' : ''}${body}]`;
  }
}

/** Translates a Go (RE2) pattern; throws RegexSyntaxError with Go's message when Go would reject it. */
export function translateRe2(pattern: string): TranslatedRegex {
  return new Translator(pattern).translate();
}

export interface CompiledRegex {
  /** Compiled with the `g` flag: search from `lastIndex` with the whole text as context. */
  regex: RegExp;
  groupNames: (string | undefined)[];
}

const cache = new Map<string, CompiledRegex>();
const CACHE_LIMIT = 200;

/** Compiles (and caches) a Go pattern as a global JS RegExp. */
export function compileRe2(pattern: string): CompiledRegex {
  let compiled = cache.get(pattern);
  if (!compiled) {
    const t = translateRe2(pattern);
    compiled = { regex: new RegExp(t.source, `g${t.flags}`), groupNames: t.groupNames };
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(pattern, compiled);
  }
  return compiled;
}

/**
 * Go's `FindAll...`: successive non-overlapping matches, at most `n` (all
 * when n < 0). An empty match right after the previous match is skipped, as
 * Go does (JS's own global matching would report it).
 */
export function findAll(re: CompiledRegex, text: string, n: number): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  const regex = re.regex;
  let pos = 0;
  let prevEnd = -1;
  while ((n < 0 || out.length < n) && pos <= text.length) {
    regex.lastIndex = pos;
    const m = regex.exec(text);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    let accept = true;
    if (end === start) {
      if (start === prevEnd) accept = false;
      // Step over one code point (a surrogate pair is one).
      const cp = text.codePointAt(start);
      pos = start + (cp !== undefined && cp > 0xffff ? 2 : 1);
    } else {
      pos = end;
    }
    prevEnd = end;
    if (accept) out.push(m);
  }
  return out;
}

/**
 * Go's `Regexp.Expand` template: `$1`, `${1}`, `$name`, `${name}` insert a
 * group (empty when absent), `$$` is a `$`; a name is the longest run of
 * letters, digits and `_`, so `$1x` means the group named `1x`.
 */
export function expandTemplate(
  template: string,
  match: RegExpExecArray,
  groupNames: (string | undefined)[],
): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, dollar);
    i = dollar + 1;
    if (template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string;
    let next: number;
    if (template[i] === '{') {
      const close = template.indexOf('}', i + 1);
      name = close < 0 ? '' : template.slice(i + 1, close);
      next = close + 1;
      if (close < 0 || name === '' || ![...name].every(isWordChar)) {
        out += '$';
        continue;
      }
    } else {
      const m = /^[\p{L}\p{N}_]+/u.exec(template.slice(i));
      if (!m) {
        out += '$';
        continue;
      }
      name = m[0];
      next = i + name.length;
    }
    i = next;
    if (/^\d+$/.test(name)) {
      const group = Number(name);
      if (group < match.length) out += match[group] ?? '';
    } else {
      const group = groupNames.indexOf(name);
      if (group > 0) out += match[group] ?? '';
    }
  }
  return out;
}

/** Go's regexp.QuoteMeta: escapes every character that is special in a pattern. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
