// The fast path of `regex.match` (fastpath.ts explains fast paths): an
// unanchored search for an RE2 pattern, answered here for the common subset
// of RE2 syntax on ASCII text, by the host (src/builtins/regex.ts) for
// everything else, errors included.
//
// The pattern is parsed into a small syntax tree and compiled into a
// Thompson NFA program, which is simulated Pike-VM style: one set of states
// per input position, so the time is linear in the text whatever the
// pattern (no backtracking). Nothing outlives the call: the tree, the
// program and the state sets are heap scratch released before returning.
//
// The subset, with Go's (RE2's) meaning under regexp.Compile's default flags
// (Perl: `.` excludes `\n`, `^`/`$` anchor the text, `[^...]` includes `\n`):
//   - literal characters (ASCII; `]` and `}` are literals, as in Go);
//     escaped ASCII punctuation (`\.`, `\-`, `\\`, `\{`, `\_`, ...);
//   - `.`; `\d \w \s \D \W \S` (ASCII: [0-9], [0-9A-Za-z_], [\t\n\f\r ]);
//   - classes `[...]`, `[^...]` of characters, ranges, escaped punctuation
//     and `\d \w \s \D \W \S`; `]` first and `-` first or last are literal;
//   - groups `(...)`, `(?:...)`; alternation `|`, empty branches included;
//   - `* + ?`, `{n}`, `{n,}`, `{n,m}` (n, m <= 1000 and without leading
//     zeros), each optionally lazy (`*?`: the same language);
//   - `^ $ \A \z` (start and end of the text).
// Anything else makes the fast path answer 0 (ask the host): other escapes
// (`\b`, `\Q`, `\p`, `\x41`, `\n`, `\1`...), flags and named groups (`(?i)`,
// `(?P<n>...)`), POSIX classes, a repetition of an anchor (`^*`), any syntax
// error (unbalanced parentheses or brackets, `a**`, `x{2,1}`), a non-ASCII
// pattern or text, operands that are not strings, and programs or patterns
// beyond the size limits below.
import { alloc, heapMark, heapRelease } from '../heap';
import { TYPE_STRING, makeBool, strData, strIsAscii, strLen, typeOf } from '../value';

// --- limits ------------------------------------------------------------------

/** The most instructions a program may have (more: ask the host). */
const MAX_INST: u32 = 512;
/** The most syntax tree nodes (bounds the scratch memory of a long pattern). */
const MAX_NODES: u32 = 1024;
/** The deepest group nesting (bounds the recursion of the parser and compiler). */
const MAX_DEPTH: u32 = 100;
/** RE2's limit on repetition counts (larger counts are errors). */
const MAX_REPEAT: i32 = 1000;

// --- syntax tree ---------------------------------------------------------------
// A node is 32 bytes: kind@0, child@4 (first child of CAT/ALT, operand of
// REPEAT), next@8 (next sibling), min@12, max@16 (REPEAT; max -1: unbounded),
// braces@20 (REPEAT written `{...}`), empty@24 (REPEAT whose operand compiles
// to no instruction, such as `()` or `a{0}`); a CLASS keeps its 128-bit set of ASCII
// characters at @16 (lo: 0-63) and @24 (hi: 64-127) instead. Nodes are
// numbered from 1; 0 means none (and, returned by the parser, failure).

const N_EMPTY: u32 = 0;
const N_CLASS: u32 = 1;
const N_BEGIN: u32 = 2;
const N_END: u32 = 3;
const N_CAT: u32 = 4;
const N_ALT: u32 = 5;
const N_REPEAT: u32 = 6;

const NODE_SIZE: u32 = 32;

let nodes: usize = 0;
let nodeCount: u32 = 0;
let nodeCap: u32 = 0;

// @ts-ignore: decorator
@inline
function node(n: u32): usize {
  return nodes + (<usize>(n - 1)) * NODE_SIZE;
}

/** A new node of `kind`, all fields 0; 0 when the tree is too big. */
function newNode(kind: u32): u32 {
  if (nodeCount >= nodeCap) return 0;
  nodeCount++;
  const p = node(nodeCount);
  memory.fill(p, 0, NODE_SIZE);
  store<u32>(p, kind);
  return nodeCount;
}

// @ts-ignore: decorator
@inline
function kindOf(n: u32): u32 {
  return load<u32>(node(n));
}

// @ts-ignore: decorator
@inline
function childOf(n: u32): u32 {
  return load<u32>(node(n), 4);
}

// @ts-ignore: decorator
@inline
function nextOf(n: u32): u32 {
  return load<u32>(node(n), 8);
}

function newClass(lo: u64, hi: u64): u32 {
  const n = newNode(N_CLASS);
  if (n == 0) return 0;
  store<u64>(node(n), lo, 16);
  store<u64>(node(n), hi, 24);
  return n;
}

// --- character sets (128 bits over two u64 words) ----------------------------------

let setLo: u64 = 0;
let setHi: u64 = 0;

function setAddRange(lo: u32, hi: u32): void {
  for (let c = lo; c <= hi; c++) {
    if (c < 64) setLo |= (<u64>1) << c;
    else setHi |= (<u64>1) << (c - 64);
  }
}

// Perl classes: which one a letter names, and its sets.
const DIGIT_LO: u64 = 0x03ff000000000000; // 0-9
const WORD_LO: u64 = 0x03ff000000000000; // 0-9
const WORD_HI: u64 = 0x07fffffe87fffffe; // A-Z, _, a-z
const SPACE_LO: u64 = 0x0000000100003600; // \t \n \f \r and space

let perlLo: u64 = 0;
let perlHi: u64 = 0;

/** If `c` names a Perl class (`d s w D S W`), sets perlLo/perlHi to it and returns true. */
function perlClass(c: u32): bool {
  let lo: u64 = 0;
  let hi: u64 = 0;
  const lower = c | 0x20;
  if (lower == 0x64 /* d */) {
    lo = DIGIT_LO;
  } else if (lower == 0x77 /* w */) {
    lo = WORD_LO;
    hi = WORD_HI;
  } else if (lower == 0x73 /* s */) {
    lo = SPACE_LO;
  } else {
    return false;
  }
  if (c != lower) {
    // \D \W \S: the complement (within ASCII: the text is ASCII).
    lo = ~lo;
    hi = ~hi;
  }
  perlLo = lo;
  perlHi = hi;
  return true;
}

/** Escaped ASCII punctuation, which is always itself (Go: non-alphanumeric ASCII). */
// @ts-ignore: decorator
@inline
function isEscapablePunct(c: u32): bool {
  return (
    (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e)
  );
}

// --- parser ------------------------------------------------------------------------
// A recursive descent over Go's grammar (regexp/syntax parse.go), giving up
// (returning 0) on whatever is outside the subset.

let pat: usize = 0;
let patLen: u32 = 0;
let pos: u32 = 0;

// @ts-ignore: decorator
@inline
function peek(): u32 {
  return pos < patLen ? <u32>load<u8>(pat + pos) : 0xffffffff;
}

// @ts-ignore: decorator
@inline
function peekAt(i: u32): u32 {
  return i < patLen ? <u32>load<u8>(pat + i) : 0xffffffff;
}

/** alternation := concat ('|' concat)*, up to a `)` or the end. */
function parseAlternation(depth: u32): u32 {
  const first = parseConcat(depth);
  if (first == 0) return 0;
  if (peek() != 0x7c /* | */) return first;
  const alt = newNode(N_ALT);
  if (alt == 0) return 0;
  store<u32>(node(alt), first, 4);
  let last = first;
  while (peek() == 0x7c) {
    pos++;
    const branch = parseConcat(depth);
    if (branch == 0) return 0;
    store<u32>(node(last), branch, 8);
    last = branch;
  }
  return alt;
}

// The counts of the last `{n,m}` parsed by parseBraces.
let braceMin: i32 = 0;
let braceMax: i32 = 0;

/**
 * At a `{`: 1 after a repetition `{n}`, `{n,}` or `{n,m}` (pos after it,
 * counts in braceMin/braceMax); 0 when the `{` is a literal (Go: what does
 * not parse as a repetition); -1 to give up: an invalid count (Go's error),
 * or a count with a leading zero (Go reads `{01}` literally).
 */
function parseBraces(): i32 {
  let i = pos + 1;
  const minStart = i;
  while (peekAt(i) >= 0x30 && peekAt(i) <= 0x39) i++;
  const minDigits = i - minStart;
  if (minDigits == 0) return 0;
  let maxStart = i;
  let maxDigits: u32 = 0;
  let unbounded = false;
  if (peekAt(i) == 0x2c /* , */) {
    i++;
    maxStart = i;
    while (peekAt(i) >= 0x30 && peekAt(i) <= 0x39) i++;
    maxDigits = i - maxStart;
    unbounded = maxDigits == 0;
  }
  if (peekAt(i) != 0x7d /* } */) return 0;
  if (minDigits > 1 && peekAt(minStart) == 0x30) return -1;
  if (maxDigits > 1 && peekAt(maxStart) == 0x30) return -1;
  if (minDigits > 4 || maxDigits > 4) return -1;
  let lo: i32 = 0;
  for (let j = minStart; j < minStart + minDigits; j++) lo = lo * 10 + <i32>(peekAt(j) - 0x30);
  let hi: i32 = lo;
  if (unbounded) {
    hi = -1;
  } else if (maxDigits > 0) {
    hi = 0;
    for (let j = maxStart; j < maxStart + maxDigits; j++) hi = hi * 10 + <i32>(peekAt(j) - 0x30);
  }
  if (lo > MAX_REPEAT || hi > MAX_REPEAT || (hi >= 0 && lo > hi)) return -1;
  braceMin = lo;
  braceMax = hi;
  pos = i + 1;
  return 1;
}

/**
 * Go's repeatIsValid: the counts of nested `{n,m}` repetitions multiply to
 * at most n (Go rejects `(a{2}){600}` with "invalid repeat count").
 */
function repeatIsValid(n: u32, limit: i32): bool {
  const k = kindOf(n);
  if (k == N_REPEAT) {
    if (load<u32>(node(n), 20) != 0) {
      let m = load<i32>(node(n), 16);
      if (m == 0) return true;
      if (m < 0) m = load<i32>(node(n), 12);
      if (m > limit) return false;
      if (m > 0) limit /= m;
    }
    return repeatIsValid(childOf(n), limit);
  }
  if (k == N_CAT || k == N_ALT) {
    for (let c = childOf(n); c != 0; c = nextOf(c)) {
      if (!repeatIsValid(c, limit)) return false;
    }
  }
  return true;
}

/** True when `n` compiles to no instruction at all (`()`, `(a{0})`): its repetitions are empty too. */
function compilesToNothing(n: u32): bool {
  const k = kindOf(n);
  if (k == N_EMPTY) return true;
  if (k == N_REPEAT) return load<i32>(node(n), 16) == 0 || load<u32>(node(n), 24) != 0;
  if (k == N_CAT) {
    for (let c = childOf(n); c != 0; c = nextOf(c)) {
      if (!compilesToNothing(c)) return false;
    }
    return true;
  }
  return false; // characters, anchors, alternations (SPLIT)
}

/** concat := (atom quantifier?)*: a CAT node (or its single item, or EMPTY). */
function parseConcat(depth: u32): u32 {
  const cat = newNode(N_CAT);
  if (cat == 0) return 0;
  let first: u32 = 0;
  let last: u32 = 0;
  let count: u32 = 0;
  // The last item is a repetition (Go: another one is an error).
  let lastRepeated = false;
  // The last item is an anchor written as such (`^*` is valid RE2, but left to the host).
  let lastAnchor = false;
  for (;;) {
    const c = peek();
    if (c == 0xffffffff || c == 0x7c /* | */ || c == 0x29 /* ) */) break;
    let repeat = false;
    let lo: i32 = 0;
    let hi: i32 = 0;
    let braces = false;
    if (c == 0x2a /* * */ || c == 0x2b /* + */ || c == 0x3f /* ? */) {
      pos++;
      repeat = true;
      lo = c == 0x2b ? 1 : 0;
      hi = c == 0x3f ? 1 : -1;
    } else if (c == 0x7b /* { */) {
      const r = parseBraces();
      if (r < 0) return 0;
      if (r > 0) {
        repeat = true;
        braces = true;
        lo = braceMin;
        hi = braceMax;
      }
    }
    if (repeat) {
      if (peek() == 0x3f) pos++; // lazy: the same language
      if (last == 0 || lastRepeated || lastAnchor) return 0;
      // The last item becomes the repetition of a copy of itself (keeping its place in the list).
      const copy = newNode(N_EMPTY);
      if (copy == 0) return 0;
      memory.copy(node(copy), node(last), NODE_SIZE);
      store<u32>(node(copy), 0, 8);
      memory.fill(node(last), 0, NODE_SIZE);
      store<u32>(node(last), N_REPEAT);
      store<u32>(node(last), copy, 4);
      store<i32>(node(last), lo, 12);
      store<i32>(node(last), hi, 16);
      store<u32>(node(last), braces ? 1 : 0, 20);
      store<u32>(node(last), compilesToNothing(copy) ? 1 : 0, 24);
      if (braces && (lo >= 2 || hi >= 2) && !repeatIsValid(last, MAX_REPEAT)) return 0;
      lastRepeated = true;
      continue;
    }
    const e = peekAt(pos + 1);
    const escapedAnchor = c == 0x5c /* \ */ && (e == 0x41 /* A */ || e == 0x7a /* z */);
    lastAnchor = c == 0x5e /* ^ */ || c == 0x24 /* $ */ || escapedAnchor;
    const atom = parseAtom(depth);
    if (atom == 0) return 0;
    if (last == 0) first = atom;
    else store<u32>(node(last), atom, 8);
    last = atom;
    count++;
    lastRepeated = false;
  }
  if (count == 0) {
    store<u32>(node(cat), N_EMPTY);
    return cat;
  }
  if (count == 1) {
    // The single item stands for the concatenation (the CAT node stays unused).
    return first;
  }
  store<u32>(node(cat), first, 4);
  return cat;
}

function parseAtom(depth: u32): u32 {
  const c = peek();
  if (c == 0x28 /* ( */) {
    if (depth >= MAX_DEPTH) return 0;
    pos++;
    if (peek() == 0x3f /* ? */) {
      // Only `(?:`; flags and named groups are the host's.
      if (peekAt(pos + 1) != 0x3a /* : */) return 0;
      pos += 2;
    }
    const inner = parseAlternation(depth + 1);
    if (inner == 0 || peek() != 0x29 /* ) */) return 0;
    pos++;
    return inner;
  }
  if (c == 0x5b /* [ */) return parseClass();
  if (c == 0x2e /* . */) {
    pos++;
    // Any character but \n.
    return newClass(~(<u64>1 << 10), 0xffffffffffffffff);
  }
  if (c == 0x5e /* ^ */) {
    pos++;
    return newNode(N_BEGIN);
  }
  if (c == 0x24 /* $ */) {
    pos++;
    return newNode(N_END);
  }
  if (c == 0x5c /* \ */) {
    const e = peekAt(pos + 1);
    pos += 2;
    if (e == 0x41 /* A */) return newNode(N_BEGIN);
    if (e == 0x7a /* z */) return newNode(N_END);
    if (perlClass(e)) return newClass(perlLo, perlHi);
    if (isEscapablePunct(e)) return literal(e);
    return 0;
  }
  // `* + ?` and repetitions were taken by parseConcat, `|` and `)` end it: a literal.
  pos++;
  return literal(c);
}

function literal(c: u32): u32 {
  return c < 64 ? newClass((<u64>1) << c, 0) : newClass(0, (<u64>1) << (c - 64));
}

/**
 * A class item's single character: a literal, or escaped punctuation; -1 to
 * give up (other escapes, the end of the pattern).
 */
function classChar(): i32 {
  const c = peek();
  if (c == 0xffffffff) return -1;
  if (c == 0x5c /* \ */) {
    const e = peekAt(pos + 1);
    if (e == 0xffffffff || !isEscapablePunct(e)) return -1;
    pos += 2;
    return <i32>e;
  }
  pos++;
  return <i32>c;
}

/** `[...]` or `[^...]` (Go's parseClass, without POSIX and Unicode classes). */
function parseClass(): u32 {
  pos++; // [
  let negated = false;
  if (peek() == 0x5e /* ^ */) {
    negated = true;
    pos++;
  }
  setLo = 0;
  setHi = 0;
  let first = true; // `]` is literal first
  for (;;) {
    const c = peek();
    if (c == 0xffffffff) return 0; // missing ]
    if (c == 0x5d /* ] */ && !first) {
      pos++;
      break;
    }
    first = false;
    // `[:alpha:]`: the host's (as is any `[:` that only looks like one).
    if (c == 0x5b /* [ */ && peekAt(pos + 1) == 0x3a /* : */) return 0;
    if (c == 0x5c /* \ */) {
      const e = peekAt(pos + 1);
      if (perlClass(e)) {
        pos += 2;
        setLo |= perlLo;
        setHi |= perlHi;
        continue;
      }
    }
    const lo = classChar();
    if (lo < 0) return 0;
    let hi = lo;
    // `a-z`; a `-` before the closing `]` is literal (`[a-]`).
    if (peek() == 0x2d /* - */ && peekAt(pos + 1) != 0x5d && peekAt(pos + 1) != 0xffffffff) {
      pos++;
      hi = classChar();
      if (hi < lo) return 0; // also an escape we do not take (-1)
    }
    setAddRange(<u32>lo, <u32>hi);
  }
  if (negated) {
    setLo = ~setLo;
    setHi = ~setHi;
  }
  return newClass(setLo, setHi);
}

// --- program -------------------------------------------------------------------------
// An instruction is 32 bytes: op@0, x@4, y@8, and for CHARS the set of
// characters it consumes at @16 (lo) and @24 (hi).

const I_CHARS: u32 = 1; // consume one character of the set, go on at pc + 1
const I_SPLIT: u32 = 2; // go on at x and at y
const I_JMP: u32 = 3; // go on at x
const I_BEGIN: u32 = 4; // at the start of the text, go on at pc + 1
const I_END: u32 = 5; // at the end of the text, go on at pc + 1
const I_MATCH: u32 = 6;

const INST_SIZE: u32 = 32;

let prog: usize = 0;
let pc: u32 = 0;
let tooBig = false;

// @ts-ignore: decorator
@inline
function inst(i: u32): usize {
  return prog + (<usize>i) * INST_SIZE;
}

/** Appends an instruction and returns its address (garbage when the program is too big: check tooBig). */
function emit(op: u32, x: u32, y: u32): u32 {
  if (pc >= MAX_INST) {
    tooBig = true;
    return 0;
  }
  const p = inst(pc);
  store<u32>(p, op);
  store<u32>(p, x, 4);
  store<u32>(p, y, 8);
  return pc++;
}

// @ts-ignore: decorator
@inline
function patchX(i: u32, x: u32): void {
  if (!tooBig) store<u32>(inst(i), x, 4);
}

// @ts-ignore: decorator
@inline
function patchY(i: u32, y: u32): void {
  if (!tooBig) store<u32>(inst(i), y, 8);
}

function compile(n: u32): void {
  if (tooBig) return;
  const k = kindOf(n);
  if (k == N_EMPTY) return;
  if (k == N_CLASS) {
    const i = emit(I_CHARS, 0, 0);
    if (!tooBig) {
      store<u64>(inst(i), load<u64>(node(n), 16), 16);
      store<u64>(inst(i), load<u64>(node(n), 24), 24);
    }
    return;
  }
  if (k == N_BEGIN) {
    emit(I_BEGIN, 0, 0);
    return;
  }
  if (k == N_END) {
    emit(I_END, 0, 0);
    return;
  }
  if (k == N_CAT) {
    for (let c = childOf(n); c != 0 && !tooBig; c = nextOf(c)) compile(c);
    return;
  }
  if (k == N_ALT) {
    // SPLIT L1, next; L1: e1; JMP end; next: SPLIT L2, next'; ... ek. end:
    // The JMPs to patch are chained through their x (0xffffffff ends the chain).
    let jumps: u32 = 0xffffffff;
    for (let c = childOf(n); c != 0 && !tooBig; c = nextOf(c)) {
      if (nextOf(c) == 0) {
        compile(c);
        break;
      }
      const split = emit(I_SPLIT, pc + 1, 0);
      compile(c);
      const jmp = emit(I_JMP, jumps, 0);
      jumps = jmp;
      patchY(split, pc);
    }
    if (tooBig) return;
    while (jumps != 0xffffffff) {
      const prev = load<u32>(inst(jumps), 4);
      patchX(jumps, pc);
      jumps = prev;
    }
    return;
  }
  // N_REPEAT
  const sub = childOf(n);
  const lo = load<i32>(node(n), 12);
  const hi = load<i32>(node(n), 16);
  // `a{0}`, and an operand that compiles to nothing (`(){5}`, `(a{0})*`): nothing.
  if (hi == 0 || load<u32>(node(n), 24) != 0) return;
  if (hi < 0) {
    if (lo == 0) {
      // L: SPLIT body, out; body: e; JMP L; out:
      const split = emit(I_SPLIT, pc + 1, 0);
      compile(sub);
      emit(I_JMP, split, 0);
      patchY(split, pc);
      return;
    }
    // e{min-1} then L: e; SPLIT L, out; out:
    for (let i: i32 = 1; i < lo && !tooBig; i++) compile(sub);
    const body = pc;
    compile(sub);
    emit(I_SPLIT, body, pc + 1);
    return;
  }
  for (let i: i32 = 0; i < lo && !tooBig; i++) compile(sub);
  // (e(e(e)?)?)? for the optional ones: each SPLIT skips to the end, chained through y.
  let splits: u32 = 0xffffffff;
  for (let i: i32 = lo; i < hi && !tooBig; i++) {
    const split = emit(I_SPLIT, pc + 1, splits);
    splits = split;
    compile(sub);
  }
  if (tooBig) return;
  while (splits != 0xffffffff) {
    const prev = load<u32>(inst(splits), 8);
    patchY(splits, pc);
    splits = prev;
  }
}

// --- simulation ----------------------------------------------------------------------
// The states at a position: the CHARS instructions reached (list), marked
// with the position's stamp in `marks` to add each at most once.

let marks: usize = 0;
let stack: usize = 0;

/**
 * Adds the CHARS instructions reachable from `start` without consuming
 * (following SPLIT, JMP and the anchors that hold here) to `list` (of
 * `*count` entries); true when MATCH is reachable.
 */
function addThread(list: usize, count: usize, start: u32, stamp: u32, atBegin: bool, atEnd: bool): bool {
  let sp: u32 = 0;
  store<u32>(stack, start);
  sp = 1;
  let n = load<u32>(count);
  while (sp > 0) {
    sp--;
    const i = load<u32>(stack + ((<usize>sp) << 2));
    const mark = marks + ((<usize>i) << 2);
    if (load<u32>(mark) == stamp) continue;
    store<u32>(mark, stamp);
    const p = inst(i);
    const op = load<u32>(p);
    if (op == I_CHARS) {
      store<u32>(list + ((<usize>n) << 2), i);
      n++;
    } else if (op == I_SPLIT) {
      // y first, so x is explored first (the order does not change the answer).
      store<u32>(stack + ((<usize>sp) << 2), load<u32>(p, 8));
      store<u32>(stack + ((<usize>(sp + 1)) << 2), load<u32>(p, 4));
      sp += 2;
    } else if (op == I_JMP) {
      store<u32>(stack + ((<usize>sp) << 2), load<u32>(p, 4));
      sp++;
    } else if (op == I_BEGIN) {
      if (atBegin) {
        store<u32>(stack + ((<usize>sp) << 2), i + 1);
        sp++;
      }
    } else if (op == I_END) {
      if (atEnd) {
        store<u32>(stack + ((<usize>sp) << 2), i + 1);
        sp++;
      }
    } else {
      // I_MATCH
      store<u32>(count, n);
      return true;
    }
  }
  store<u32>(count, n);
  return false;
}

/** Does the program match anywhere in the `len` bytes at `text`? */
function search(text: usize, len: u32): bool {
  const size = (<usize>pc) << 2;
  marks = alloc(size);
  memory.fill(marks, 0, size);
  // Every instruction is marked before it is expanded, and pushes at most two: 2 per instruction.
  stack = alloc(size * 2 + 8);
  let list = alloc(size);
  let next = alloc(size);
  const counts = alloc(8);
  const count = counts;
  const nextCount = counts + 4;

  // Does the search starting inside the text (not at either end) reach nothing? Then once no state
  // is left, nothing can happen before the end of the text.
  store<u32>(nextCount, 0);
  const STAMP_INSIDE: u32 = 0xffffffff;
  const deadInside = !addThread(next, nextCount, 0, STAMP_INSIDE, false, false) && load<u32>(nextCount) == 0;

  // Positions i are stamped i + 1.
  store<u32>(count, 0);
  if (addThread(list, count, 0, 1, true, len == 0)) return true;
  for (let i: u32 = 0; i < len; i++) {
    const c = <u32>load<u8>(text + i);
    const stamp = i + 2;
    const atEnd = i + 1 == len;
    store<u32>(nextCount, 0);
    const n = load<u32>(count);
    for (let t: u32 = 0; t < n; t++) {
      const j = load<u32>(list + ((<usize>t) << 2));
      const bits = c < 64 ? load<u64>(inst(j), 16) >> c : load<u64>(inst(j), 24) >> (c - 64);
      if ((bits & 1) != 0 && addThread(next, nextCount, j + 1, stamp, false, atEnd)) return true;
    }
    if (deadInside && load<u32>(nextCount) == 0) {
      // Only the end of the text is left to try (pattern such as `^a|$`).
      store<u32>(nextCount, 0);
      return addThread(next, nextCount, 0, len + 1, false, true);
    }
    // The unanchored search: a match may also start here.
    if (addThread(next, nextCount, 0, stamp, false, atEnd)) return true;
    const swap = list;
    list = next;
    next = swap;
    store<u32>(count, load<u32>(nextCount));
  }
  return false;
}

/** The pattern's answer for the text: 1 match, 0 no match, -1 ask the host. */
function matchAscii(p: usize, pn: u32, text: usize, tn: u32): i32 {
  pat = p;
  patLen = pn;
  pos = 0;
  nodeCount = 0;
  nodeCap = min(MAX_NODES, 2 * pn + 4);
  nodes = alloc((<usize>nodeCap) * NODE_SIZE);
  const root = parseAlternation(0);
  if (root == 0 || pos != patLen) return -1; // a `)` left over, or outside the subset
  prog = alloc((<usize>MAX_INST) * INST_SIZE);
  pc = 0;
  tooBig = false;
  compile(root);
  emit(I_MATCH, 0, 0);
  if (tooBig) return -1;
  return search(text, tn) ? 1 : 0;
}

/**
 * `regex.match(pattern, value)` for an ASCII pattern of the subset above and
 * an ASCII value; 0 (ask the host) for anything else.
 */
export function fastpath_regex__match(pattern: usize, value: usize): usize {
  if (pattern == 0 || value == 0) return 0;
  if (typeOf(pattern) != TYPE_STRING || typeOf(value) != TYPE_STRING) return 0;
  if (!strIsAscii(pattern) || !strIsAscii(value)) return 0;
  const mark = heapMark();
  const r = matchAscii(strData(pattern), strLen(pattern), strData(value), strLen(value));
  heapRelease(mark);
  return r < 0 ? 0 : makeBool(r == 1);
}

/** `re_match`, the deprecated name of `regex.match`. */
export function fastpath_re_match(pattern: usize, value: usize): usize {
  return fastpath_regex__match(pattern, value);
}
