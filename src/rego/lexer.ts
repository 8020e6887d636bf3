// The Rego lexer: turns source text into a flat token stream.
//
// Tokens live in parallel typed arrays (kind, start, end, row, col, flags)
// rather than one object per token: the parser looks ahead and backtracks by
// index, and a multi-megabyte policy lexes without allocating per token.
// Token text is never copied here; the parser slices the source on demand.
//
// Whitespace and comments are not tokens. What the grammar needs to know about
// them is kept as flags on the following token: whether any space preceded it
// (`a [1]` is not a reference, `a[1]` is) and whether a newline did (newlines
// separate the expressions of a body).

import type { Comment } from './ast.js';

/** Token kinds. Keywords have their own kinds; `if`, `contains`, `in`, `every` are keywords only in Rego v1
 *  or after `import future.keywords...` (the parser demotes them to identifiers otherwise). */
export const Tok = {
  EOF: 0,
  Illegal: 1,
  Ident: 2,
  Number: 3,
  String: 4,
  RawString: 5,
  // keywords
  Package: 6,
  Import: 7,
  As: 8,
  Default: 9,
  Else: 10,
  Not: 11,
  Some: 12,
  With: 13,
  Null: 14,
  True: 15,
  False: 16,
  If: 17,
  Contains: 18,
  In: 19,
  Every: 20,
  // punctuation
  LBrack: 21,
  RBrack: 22,
  LBrace: 23,
  RBrace: 24,
  LParen: 25,
  RParen: 26,
  Comma: 27,
  Colon: 28,
  Semicolon: 29,
  Dot: 30,
  // operators
  Add: 31,
  Sub: 32,
  Mul: 33,
  Quo: 34,
  Rem: 35,
  And: 36,
  Or: 37,
  Unify: 38,
  Assign: 39,
  Equal: 40,
  Neq: 41,
  Lt: 42,
  Gt: 43,
  Lte: 44,
  Gte: 45,
} as const;
export type Tok = (typeof Tok)[keyof typeof Tok];

export const FIRST_KEYWORD = Tok.Package;
export const LAST_KEYWORD = Tok.Every;

/** Source text of each keyword, operator and punctuation kind (for messages). */
export const TOKEN_TEXT: readonly string[] = [
  'end of file',
  'illegal',
  'identifier',
  'number',
  'string',
  'string',
  'package',
  'import',
  'as',
  'default',
  'else',
  'not',
  'some',
  'with',
  'null',
  'true',
  'false',
  'if',
  'contains',
  'in',
  'every',
  '[',
  ']',
  '{',
  '}',
  '(',
  ')',
  ',',
  ':',
  ';',
  '.',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '|',
  '=',
  ':=',
  '==',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
];

/** Token flags. */
export const SPACE_BEFORE = 1;
export const NEWLINE_BEFORE = 2;
/** A double-quoted string containing a backslash (needs unescaping). */
export const HAS_ESCAPES = 4;

export interface TokenStream {
  source: string;
  file: string;
  /** Number of tokens, including the final EOF. */
  count: number;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  rows: Int32Array;
  cols: Int32Array;
  flags: Uint8Array;
  comments: Comment[];
  /** Messages for Illegal tokens, by token index. */
  errors: Map<number, string>;
}

// ASCII character classes.
const IDENT_START = 1;
const IDENT_PART = 2;
const DIGIT = 4;
const charClass = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_]/.test(ch)) charClass[c] = IDENT_START | IDENT_PART;
  if (/[0-9]/.test(ch)) charClass[c] = IDENT_PART | DIGIT;
}

const CH_TAB = 9;
const CH_LF = 10;
const CH_CR = 13;
const CH_SPACE = 32;
const CH_QUOTE = 34;
const CH_HASH = 35;
const CH_BACKSLASH = 92;
const CH_BACKTICK = 96;
const BOM = 0xfeff;

const UNICODE_DIGIT = /^\p{Nd}$/u;

/** Tokenizes a whole Rego source file. Never throws: problems become Illegal tokens with a message. */
export function tokenize(source: string, file: string): TokenStream {
  const n = source.length;
  // Policies have about one token per four characters; the arrays grow if needed.
  let capacity = Math.max(64, ((n / 3) | 0) + 16);
  let kinds = new Uint8Array(capacity);
  let starts = new Int32Array(capacity);
  let ends = new Int32Array(capacity);
  let rows = new Int32Array(capacity);
  let cols = new Int32Array(capacity);
  let flags = new Uint8Array(capacity);
  const comments: Comment[] = [];
  const errors = new Map<number, string>();
  let count = 0;

  let i = n > 0 && source.charCodeAt(0) === BOM ? 1 : 0;
  let row = 1;
  let lineStart = i;
  let pending = 0;

  const grow = () => {
    capacity *= 2;
    const k2 = new Uint8Array(capacity);
    k2.set(kinds);
    kinds = k2;
    const s2 = new Int32Array(capacity);
    s2.set(starts);
    starts = s2;
    const e2 = new Int32Array(capacity);
    e2.set(ends);
    ends = e2;
    const r2 = new Int32Array(capacity);
    r2.set(rows);
    rows = r2;
    const c2 = new Int32Array(capacity);
    c2.set(cols);
    cols = c2;
    const f2 = new Uint8Array(capacity);
    f2.set(flags);
    flags = f2;
  };
  // Appends a token that starts at `start` on the current line (`startRow`, `startLineStart`).
  const push = (kind: number, start: number, end: number, startRow: number, startLineStart: number) => {
    if (count === capacity) grow();
    kinds[count] = kind;
    starts[count] = start;
    ends[count] = end;
    rows[count] = startRow;
    cols[count] = start - startLineStart + 1;
    flags[count] = pending;
    pending = 0;
    return count++;
  };
  const illegal = (start: number, end: number, message: string) => {
    errors.set(push(Tok.Illegal, start, end, row, lineStart), message);
  };

  for (;;) {
    // Whitespace and comments.
    let c = 0;
    while (i < n) {
      c = source.charCodeAt(i);
      if (c === CH_SPACE || c === CH_TAB || c === CH_CR) {
        pending |= SPACE_BEFORE;
        i++;
      } else if (c === CH_LF) {
        pending |= SPACE_BEFORE | NEWLINE_BEFORE;
        i++;
        row++;
        lineStart = i;
      } else if (c === CH_HASH) {
        let j = i + 1;
        while (j < n && source.charCodeAt(j) !== CH_LF) j++;
        const textEnd = j > i + 1 && source.charCodeAt(j - 1) === CH_CR ? j - 1 : j;
        comments.push({
          type: 'comment',
          text: source.slice(i + 1, textEnd),
          location: { file, row, col: i - lineStart + 1, offset: i, end: textEnd },
        });
        pending |= SPACE_BEFORE;
        i = j;
      } else break;
    }
    if (i >= n) {
      push(Tok.EOF, n, n, row, lineStart);
      break;
    }

    const start = i;
    const cls = c < 128 ? charClass[c] : 0;
    if (cls & IDENT_START) {
      i++;
      while (i < n) {
        const d = source.charCodeAt(i);
        if (d < 128 ? charClass[d] & IDENT_PART : isUnicodeDigit(source, i)) i++;
        else break;
      }
      push(keywordKind(source, start, i - start), start, i, row, lineStart);
      continue;
    }
    if (cls & DIGIT) {
      const problem = scanNumber(source, i);
      i = numberEnd;
      if (problem) illegal(start, i, problem);
      else push(Tok.Number, start, i, row, lineStart);
      continue;
    }

    i++;
    let kind: number;
    switch (c) {
      case CH_QUOTE: {
        let escapes = false;
        let problem = '';
        while (i < n) {
          const d = source.charCodeAt(i);
          if (d === CH_QUOTE) break;
          if (d === CH_LF) break;
          if (d === CH_BACKSLASH) {
            escapes = true;
            const e = i + 1 < n ? source.charCodeAt(i + 1) : -1;
            if (e === 0x75 /* u */) {
              if (!isHex4(source, i + 2)) problem ||= 'illegal escape sequence';
              i += 2;
            } else if (isSimpleEscape(e)) {
              i += 2;
            } else {
              problem ||= 'illegal escape sequence';
              i += e === CH_LF || e < 0 ? 1 : 2;
            }
            continue;
          }
          if (d === 0) problem ||= 'illegal null character';
          i++;
        }
        if (i >= n || source.charCodeAt(i) !== CH_QUOTE) {
          illegal(start, i, 'non-terminated string');
          continue;
        }
        i++;
        if (problem) {
          illegal(start, i, problem);
          continue;
        }
        const t = push(Tok.String, start, i, row, lineStart);
        if (escapes) flags[t] |= HAS_ESCAPES;
        continue;
      }
      case CH_BACKTICK: {
        const startRow = row;
        const startLineStart = lineStart;
        while (i < n) {
          const d = source.charCodeAt(i);
          if (d === CH_BACKTICK) break;
          i++;
          if (d === CH_LF) {
            row++;
            lineStart = i;
          }
        }
        if (i >= n) {
          errors.set(push(Tok.Illegal, start, i, startRow, startLineStart), 'non-terminated string');
          continue;
        }
        i++;
        push(Tok.RawString, start, i, startRow, startLineStart);
        continue;
      }
      case 0x5b:
        kind = Tok.LBrack;
        break;
      case 0x5d:
        kind = Tok.RBrack;
        break;
      case 0x7b:
        kind = Tok.LBrace;
        break;
      case 0x7d:
        kind = Tok.RBrace;
        break;
      case 0x28:
        kind = Tok.LParen;
        break;
      case 0x29:
        kind = Tok.RParen;
        break;
      case 0x2c:
        kind = Tok.Comma;
        break;
      case 0x3b:
        kind = Tok.Semicolon;
        break;
      case 0x2e:
        kind = Tok.Dot;
        break;
      case 0x2b:
        kind = Tok.Add;
        break;
      case 0x2d:
        kind = Tok.Sub;
        break;
      case 0x2a:
        kind = Tok.Mul;
        break;
      case 0x2f:
        kind = Tok.Quo;
        break;
      case 0x25:
        kind = Tok.Rem;
        break;
      case 0x26:
        kind = Tok.And;
        break;
      case 0x7c:
        kind = Tok.Or;
        break;
      case 0x3a: // : :=
        if (source.charCodeAt(i) === 0x3d) {
          i++;
          kind = Tok.Assign;
        } else kind = Tok.Colon;
        break;
      case 0x3d: // = ==
        if (source.charCodeAt(i) === 0x3d) {
          i++;
          kind = Tok.Equal;
        } else kind = Tok.Unify;
        break;
      case 0x3c: // < <=
        if (source.charCodeAt(i) === 0x3d) {
          i++;
          kind = Tok.Lte;
        } else kind = Tok.Lt;
        break;
      case 0x3e: // > >=
        if (source.charCodeAt(i) === 0x3d) {
          i++;
          kind = Tok.Gte;
        } else kind = Tok.Gt;
        break;
      case 0x21: // !=
        if (source.charCodeAt(i) === 0x3d) {
          i++;
          kind = Tok.Neq;
          break;
        }
        illegal(start, i, 'illegal ! character');
        continue;
      case 0x24: // $"..." and $`...` are OPA's template strings
        illegal(start, i, 'template strings ($"...") are not supported by rtpolicy');
        continue;
      case 0:
        illegal(start, i, 'illegal null character');
        continue;
      default: {
        if (c >= 0xd800 && c <= 0xdbff && i < n) i++; // keep a surrogate pair together
        const ch = source.slice(start, i);
        illegal(start, i, c === BOM ? 'illegal byte-order mark' : `illegal character ${JSON.stringify(ch)}`);
        continue;
      }
    }
    push(kind, start, i, row, lineStart);
  }

  return { source, file, count, kinds, starts, ends, rows, cols, flags, comments, errors };
}

/** The keyword kind of the identifier source[start, start+length), or Ident. */
function keywordKind(s: string, start: number, length: number): number {
  const c = s.charCodeAt(start);
  switch (length) {
    case 2:
      if (c === 0x61 /* a */ && s.charCodeAt(start + 1) === 0x73) return Tok.As;
      if (c === 0x69 /* i */) {
        const d = s.charCodeAt(start + 1);
        if (d === 0x66) return Tok.If;
        if (d === 0x6e) return Tok.In;
      }
      return Tok.Ident;
    case 3:
      return c === 0x6e && s.startsWith('not', start) ? Tok.Not : Tok.Ident;
    case 4:
      switch (c) {
        case 0x65:
          return s.startsWith('else', start) ? Tok.Else : Tok.Ident;
        case 0x73:
          return s.startsWith('some', start) ? Tok.Some : Tok.Ident;
        case 0x77:
          return s.startsWith('with', start) ? Tok.With : Tok.Ident;
        case 0x6e:
          return s.startsWith('null', start) ? Tok.Null : Tok.Ident;
        case 0x74:
          return s.startsWith('true', start) ? Tok.True : Tok.Ident;
      }
      return Tok.Ident;
    case 5:
      if (c === 0x66) return s.startsWith('false', start) ? Tok.False : Tok.Ident;
      if (c === 0x65) return s.startsWith('every', start) ? Tok.Every : Tok.Ident;
      return Tok.Ident;
    case 6:
      return c === 0x69 && s.startsWith('import', start) ? Tok.Import : Tok.Ident;
    case 7:
      if (c === 0x70) return s.startsWith('package', start) ? Tok.Package : Tok.Ident;
      if (c === 0x64) return s.startsWith('default', start) ? Tok.Default : Tok.Ident;
      return Tok.Ident;
    case 8:
      return c === 0x63 && s.startsWith('contains', start) ? Tok.Contains : Tok.Ident;
  }
  return Tok.Ident;
}

// scanNumber reports its end through this variable to avoid allocating a result object.
let numberEnd = 0;

/** Scans digits [. digits] [e [+-] digits] from i; returns a problem message or ''. Sets numberEnd. */
function scanNumber(s: string, i: number): string {
  const n = s.length;
  let problem = '';
  while (i < n && isAsciiDigit(s.charCodeAt(i))) i++;
  if (i < n && s.charCodeAt(i) === 0x2e /* . */) {
    i++;
    const fractionStart = i;
    while (i < n && isAsciiDigit(s.charCodeAt(i))) i++;
    if (i === fractionStart) problem = 'expected fraction';
  }
  if (i < n && (s.charCodeAt(i) | 0x20) === 0x65 /* e E */) {
    i++;
    const sign = s.charCodeAt(i);
    if (sign === 0x2b || sign === 0x2d) i++;
    const exponentStart = i;
    while (i < n && isAsciiDigit(s.charCodeAt(i))) i++;
    if (i === exponentStart) problem ||= 'expected exponent';
  }
  // `0a2b` is one bad number, not a number followed by an identifier.
  const c = i < n ? s.charCodeAt(i) : 0;
  if (c < 128 && charClass[c] & IDENT_START) {
    problem ||= 'illegal number format';
    while (i < n) {
      const d = s.charCodeAt(i);
      if (d < 128 && charClass[d] & IDENT_PART) i++;
      else break;
    }
  }
  numberEnd = i;
  return problem;
}

function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isUnicodeDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 128 && UNICODE_DIGIT.test(s[i]);
}

function isSimpleEscape(c: number): boolean {
  // \\ \" \/ \b \f \n \r \t
  return (
    c === CH_BACKSLASH ||
    c === CH_QUOTE ||
    c === 0x2f ||
    c === 0x62 ||
    c === 0x66 ||
    c === 0x6e ||
    c === 0x72 ||
    c === 0x74
  );
}

function isHex4(s: string, i: number): boolean {
  if (i + 4 > s.length) return false;
  for (let j = i; j < i + 4; j++) {
    const c = s.charCodeAt(j) | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}
