// Finds where a path of a YAML document is written by scanning its text,
// without parsing it. This is the source map's fast path (sourcemap.ts): a
// full parse with the `yaml` package costs several times what decoding the
// document did, and most findings point into plain block-style manifests.
// One pass measures the indentation of every line; after it, a path reads
// only the entry lines of the collections along it (the values it passes
// are skipped by indentation), so many findings in a large document stay
// cheap.
//
// The scanner reads what such manifests are made of: block mappings and
// sequences, plain and quoted one-line scalars, block scalars, comments, and
// flow collections (JSON included). When it has to read anything else
// (anchors, aliases, tags, merge keys, explicit `?` keys, multi-line quoted
// scalars, escapes in keys), and for texts with tab-indented lines, CR line
// ends, directives or a second document, it gives up and the caller parses
// with `yaml`. The offsets it returns are those of the `yaml` parser's nodes
// (test/loader/scan-locate.test.ts compares the two over the corpus), so
// regions do not depend on which path was taken.
import { lineAt, lineStartsOf } from './lines.js';
import { formatFloatKey, resolveScalar } from './yaml11.js';

/** Offsets of the region of a path, as sourcemap.ts's `find` gives them for the `entry` target. */
export interface ScannedLocation {
  start: number;
  /** Where the node ends; past the end of the start's line when it goes on (only the first line is shown). */
  end: number;
  path: (string | number)[];
  exact: boolean;
}

/** Thrown (without a stack) when the text holds something the scanner does not read. */
const UNSUPPORTED = Symbol('unsupported YAML');

function unsupported(): never {
  throw UNSUPPORTED;
}

const SPACE = 32;
const TAB = 9;
const NEWLINE = 10;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const QUOTE = 34;
const APOSTROPHE = 39;
const BACKSLASH = 92;

/** Characters that cannot start a plain scalar or a plain key (YAML's indicators), besides `-?:`. */
const INDICATOR_START = new Set([...'&*!|>%@`,[]{}#\'"'].map((c) => c.charCodeAt(0)));
/** Characters that end a plain scalar inside a flow collection. */
const FLOW_INDICATORS = new Set([...',[]{}'].map((c) => c.charCodeAt(0)));

const isBlank = (code: number) => code === SPACE || code === TAB;
/** The end of input reads as NaN. */
const isBreakOrEnd = (code: number) => code === NEWLINE || Number.isNaN(code);
const isSpaceOrEnd = (code: number) => isBlank(code) || isBreakOrEnd(code);

/** A mapping key as the API server's JSON conversion writes it (plain scalars resolved as go-yaml does). */
function plainKeyString(source: string): string {
  const resolved = resolveScalar(source);
  return resolved.tag === 'float' ? formatFloatKey(resolved.value as number) : String(resolved.value);
}

interface Key {
  start: number;
  end: number;
  name: string;
  /** Offset of the `:` after the key. */
  colon: number;
}

type FlowNode =
  | { kind: 'flow-map'; start: number; end: number; pairs: { key: Key; value: FlowNode }[] }
  | { kind: 'flow-seq'; start: number; end: number; items: FlowNode[] }
  | { kind: 'scalar'; start: number; end: number };

type BlockNode =
  /** A block mapping whose first key starts at `start`, in column `indent` (0-based). */
  | { kind: 'map'; start: number; line: number; indent: number }
  /** A block sequence whose first `-` is at `start`. */
  | { kind: 'seq'; start: number; line: number; indent: number }
  /** An empty value (null). */
  | { kind: 'null' };

type Node = BlockNode | FlowNode;

const isCollection = (node: Node) => node.kind !== 'scalar' && node.kind !== 'null';

class Scanner {
  /** Offset of each line's first character. */
  private readonly lineStarts: number[];
  /** Column of each line's content, or -1 for a line with none (blank, or only a comment). */
  private readonly indents: Int32Array;
  /**
   * For each content line, the next content line indented less (lineCount
   * when none): the end of the collections it belongs to. Skipping along it
   * visits a block collection's entries without reading their values, so a
   * path costs its depth times its collections' widths, not the document.
   */
  private readonly nextShallower: Int32Array;

  constructor(private readonly text: string) {
    this.lineStarts = lineStartsOf(text);
    const count = this.lineStarts.length;
    this.indents = new Int32Array(count);
    this.nextShallower = new Int32Array(count).fill(count);
    const open: number[] = []; // content lines whose next shallower line is still to come
    for (let line = 0; line < count; line++) {
      const indent = this.measureIndent(line);
      this.indents[line] = indent;
      if (indent < 0) continue;
      while (open.length > 0 && this.indents[open[open.length - 1]] > indent) {
        this.nextShallower[open.pop() as number] = line;
      }
      open.push(line);
    }
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Line (0-based) of an offset. */
  lineOf(offset: number): number {
    return lineAt(this.lineStarts, offset);
  }

  lineStart(line: number): number {
    return this.lineStarts[line];
  }

  lineEnd(line: number): number {
    return line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] - 1 : this.text.length;
  }

  private code(offset: number): number {
    return this.text.charCodeAt(offset);
  }

  /** Offset of the first character that is not a space or tab, from `offset` on the same line. */
  private skipBlanks(offset: number): number {
    while (isBlank(this.code(offset))) offset++;
    return offset;
  }

  /**
   * Column of a line's content (its indentation), or -1 for a line with no
   * content (blank, or only a comment). Content indented with a tab is not
   * read (YAML forbids tabs in indentation, so the line belongs to a scalar
   * whose extent the scanner cannot tell): the whole text is given up.
   */
  private measureIndent(line: number): number {
    const start = this.lineStart(line);
    let at = start;
    while (this.code(at) === SPACE) at++;
    const c = this.code(at);
    if (c === TAB) {
      const after = this.skipBlanks(at);
      const next = this.code(after);
      if (isBreakOrEnd(next) || next === HASH) return -1;
      unsupported();
    }
    return isBreakOrEnd(c) || c === HASH ? -1 : at - start;
  }

  private indentOf(line: number): number {
    return this.indents[line];
  }

  /** The next line from `line` on that has content, or -1. */
  private nextContentLine(line: number): number {
    for (let l = line; l < this.lineCount; l++) if (this.indents[l] >= 0) return l;
    return -1;
  }

  /** The first content line after `line` indented at most `indent`, or -1. */
  private nextLineAtMost(line: number, indent: number): number {
    let l = this.nextContentLine(line + 1);
    while (l !== -1 && this.indents[l] > indent) {
      l = this.nextShallower[l];
      if (l >= this.lineCount) return -1;
    }
    return l;
  }

  /** Whether what follows `offset` on its line is nothing, or a comment (after a blank). */
  private restIsEmpty(offset: number): boolean {
    const at = this.skipBlanks(offset);
    const c = this.code(at);
    return isBreakOrEnd(c) || (c === HASH && (at === 0 || isSpaceOrEnd(this.code(at - 1))));
  }

  /** Where a `-` starts a sequence entry (followed by a blank or the line's end). */
  private isEntryDash(offset: number): boolean {
    return this.code(offset) === DASH && isSpaceOrEnd(this.code(offset + 1));
  }

  /** End of a quoted scalar that starts at `start` (after its closing quote); it must close on its line. */
  private quotedEnd(start: number): number {
    const quote = this.code(start);
    for (let at = start + 1; ; at++) {
      const c = this.code(at);
      if (isBreakOrEnd(c)) unsupported(); // a multi-line quoted scalar
      if (quote === QUOTE && c === BACKSLASH) at++;
      else if (c === quote) {
        if (quote === APOSTROPHE && this.code(at + 1) === APOSTROPHE) at++;
        else return at + 1;
      }
    }
  }

  /** The text of a quoted key; escapes in double quotes are not read. */
  private quotedKeyName(start: number, end: number): string {
    const inner = this.text.slice(start + 1, end - 1);
    if (this.code(start) === APOSTROPHE) return inner.replaceAll("''", "'");
    if (inner.includes('\\')) unsupported();
    return inner;
  }

  /** Whether a plain scalar may start at `offset` (`-?:` only when a non-blank follows). */
  private plainMayStart(offset: number, flow: boolean): boolean {
    const c = this.code(offset);
    if (INDICATOR_START.has(c) || isSpaceOrEnd(c)) return false;
    if (c === DASH || c === 63 /* ? */ || c === COLON) {
      const next = this.code(offset + 1);
      return !isSpaceOrEnd(next) && !(flow && FLOW_INDICATORS.has(next));
    }
    return true;
  }

  /**
   * The block mapping key at `offset`, or undefined when the line there is
   * not `key: ...`. Keys the scanner does not read (anchors, tags, `?`,
   * merge keys) make it give up.
   */
  private blockKey(offset: number): Key | undefined {
    const c = this.code(offset);
    if (c === QUOTE || c === APOSTROPHE) {
      const end = this.quotedEnd(offset);
      const colon = this.skipBlanks(end);
      if (this.code(colon) !== COLON) return undefined;
      if (!isSpaceOrEnd(this.code(colon + 1))) unsupported();
      return { start: offset, end, name: this.quotedKeyName(offset, end), colon };
    }
    if (!this.plainMayStart(offset, false)) {
      if (isSpaceOrEnd(c) || c === HASH) return undefined;
      unsupported(); // `&anchor`, `!tag`, `? key`, `[flow]: key`...
    }
    for (let at = offset + 1; ; at++) {
      const here = this.code(at);
      if (isBreakOrEnd(here)) return undefined;
      if (here === HASH && isBlank(this.code(at - 1))) return undefined;
      if (here === COLON && isSpaceOrEnd(this.code(at + 1))) {
        let end = at;
        while (isBlank(this.code(end - 1))) end--;
        const source = this.text.slice(offset, end);
        if (source === '<<' || end - offset > 1024) unsupported(); // a merge key; a key yaml reads otherwise
        return { start: offset, end, name: plainKeyString(source), colon: at };
      }
    }
  }

  /** A plain scalar on one line in block context: from `start` to before a comment, trailing blanks cut. */
  private blockPlainEnd(start: number): number {
    let at = start;
    for (; !isBreakOrEnd(this.code(at)); at++) {
      const c = this.code(at);
      if (c === HASH && isBlank(this.code(at - 1))) break;
      if (c === COLON && isSpaceOrEnd(this.code(at + 1))) unsupported(); // `a: b: c`, invalid
    }
    while (isBlank(this.code(at - 1))) at--;
    return at;
  }

  /**
   * The node that starts at `offset` (after `key:` or `- `), or on the lines
   * below when the rest of the line is empty. `parentIndent` is the column of
   * the key or of the `-`; a mapping's value may be a sequence at the key's
   * own column (`inMapping`).
   */
  private nodeAt(offset: number, parentIndent: number, inMapping: boolean): Node {
    const line = this.lineOf(offset);
    const at = this.skipBlanks(offset);
    if (this.restIsEmpty(at)) {
      const next = this.nextContentLine(line + 1);
      if (next === -1) return { kind: 'null' };
      const indent = this.indentOf(next);
      const start = this.lineStart(next) + indent;
      if (indent > parentIndent) return this.nodeAt(start, parentIndent, inMapping);
      if (indent === parentIndent && inMapping && this.isEntryDash(start)) {
        return { kind: 'seq', start, line: next, indent };
      }
      return { kind: 'null' };
    }
    const c = this.code(at);
    const column = at - this.lineStart(line);
    // Whether the node starts its line (else it follows `key:` or `- `).
    const ownLine = this.text.slice(this.lineStart(line), at).trim() === '';
    if (this.isEntryDash(at)) {
      if (!ownLine) unsupported(); // `a: - b` is invalid; `- - a` is not read
      return { kind: 'seq', start: at, line, indent: column };
    }
    if (c === 123 /* { */ || c === 91 /* [ */) return new FlowParser(this.text, at).parse();
    if (c === 124 /* | */ || c === 62 /* > */) {
      // A block scalar: its header and the lines below; only its first line is ever shown.
      if (!/^[|>][0-9+-]*[ \t]*(?:#.*)?$/.test(this.text.slice(at, this.lineEnd(line)))) unsupported();
      return { kind: 'scalar', start: at, end: this.lineEnd(line) + 1 };
    }
    if (this.blockKey(at)) {
      // A mapping starts here: on its own line, or as a sequence item (`- name: x`); `a: b: c` is invalid.
      if (inMapping && !ownLine) unsupported();
      return { kind: 'map', start: at, line, indent: column };
    }
    if (c === QUOTE || c === APOSTROPHE) {
      const end = this.quotedEnd(at);
      if (!this.restIsEmpty(end)) unsupported();
      return { kind: 'scalar', start: at, end };
    }
    if (!this.plainMayStart(at, false)) unsupported();
    return { kind: 'scalar', start: at, end: this.blockPlainEnd(at) };
  }

  /** The root node of the document (the piece's only one). */
  root(): Node {
    const first = this.nextContentLine(0);
    if (first === -1) return { kind: 'null' };
    let start = this.lineStart(first) + this.indentOf(first);
    if (this.text.startsWith('---', start) && isSpaceOrEnd(this.code(start + 3))) {
      if (!this.restIsEmpty(start + 3)) unsupported(); // `--- value`, `--- !tag`
      const next = this.nextContentLine(first + 1);
      if (next === -1) return { kind: 'null' };
      start = this.lineStart(next) + this.indentOf(next);
    }
    if (this.code(start) === 37 /* % */) unsupported(); // a directive
    return this.nodeAt(start, -1, false);
  }

  /**
   * The last entry of a block mapping with key `name` (the one whose value
   * counts, as duplicate keys go) and its value.
   */
  mapEntry(map: Extract<Node, { kind: 'map' }>, name: string): { key: Key; value: () => Node } | undefined {
    let found: Key | undefined;
    let valueOnLines = false; // whether the previous key's value starts below it
    for (let line = map.line; line !== -1; line = this.nextLineAtMost(line, map.indent)) {
      // The first line may be a sequence item's (`- name: x`): its key is at map.indent.
      const indent = line === map.line ? map.indent : this.indentOf(line);
      if (indent < map.indent) break;
      const start = this.lineStart(line) + indent;
      if (this.isEntryDash(start)) {
        if (!valueOnLines) unsupported(); // `a: 1\n- b` is invalid
        continue; // a sequence at the key's column is the previous key's value
      }
      if (this.text.startsWith('---', start) || this.text.startsWith('...', start)) unsupported();
      const key = this.blockKey(start);
      if (!key) unsupported();
      valueOnLines = this.restIsEmpty(key.colon + 1);
      if (key.name === name) found = key;
    }
    if (!found) return undefined;
    const key = found;
    return { key, value: () => this.nodeAt(key.colon + 1, map.indent, true) };
  }

  /** Item `index` of a block sequence. */
  seqItem(seq: Extract<Node, { kind: 'seq' }>, index: number): Node | undefined {
    let seen = -1;
    for (let line = seq.line; line !== -1; line = this.nextLineAtMost(line, seq.indent)) {
      if (this.indentOf(line) < seq.indent) return undefined;
      const start = this.lineStart(line) + seq.indent;
      if (!this.isEntryDash(start)) return undefined; // the mapping around it goes on
      if (++seen === index) {
        const item = this.nodeAt(start + 1, seq.indent, false);
        if (item.kind === 'null') unsupported(); // yaml places an empty item oddly
        return item;
      }
    }
    return undefined;
  }
}

/** Reads one flow collection (`{...}`, `[...]`, JSON) into nodes with their offsets. */
class FlowParser {
  constructor(
    private readonly text: string,
    private at: number,
  ) {}

  private code(offset = this.at): number {
    return this.text.charCodeAt(offset);
  }

  /** Skips blanks, line breaks and comments. */
  private skipSpace(): void {
    for (;;) {
      const c = this.code();
      if (isBlank(c) || c === NEWLINE) this.at++;
      else if (c === HASH && isSpaceOrEnd(this.code(this.at - 1))) {
        const eol = this.text.indexOf('\n', this.at);
        this.at = eol === -1 ? this.text.length : eol;
      } else return;
    }
  }

  parse(): FlowNode {
    this.skipSpace();
    const c = this.code();
    const start = this.at;
    if (c === 123 /* { */) {
      this.at++;
      const pairs: { key: Key; value: FlowNode }[] = [];
      for (;;) {
        this.skipSpace();
        if (this.code() === 125 /* } */) break;
        const key = this.key();
        pairs.push({ key, value: this.parse() });
        this.skipSpace();
        if (this.code() === 44 /* , */) this.at++;
        else if (this.code() !== 125) unsupported();
      }
      this.at++;
      return { kind: 'flow-map', start, end: this.at, pairs };
    }
    if (c === 91 /* [ */) {
      this.at++;
      const items: FlowNode[] = [];
      for (;;) {
        this.skipSpace();
        if (this.code() === 93 /* ] */) break;
        items.push(this.parse());
        this.skipSpace();
        if (this.code() === COLON) unsupported(); // a pair in a sequence: `[a: 1]`
        if (this.code() === 44 /* , */) this.at++;
        else if (this.code() !== 93) unsupported();
      }
      this.at++;
      return { kind: 'flow-seq', start, end: this.at, items };
    }
    return this.scalar();
  }

  private scalar(): FlowNode & { kind: 'scalar' } {
    const start = this.at;
    const c = this.code();
    if (c === QUOTE || c === APOSTROPHE) {
      for (let at = start + 1; ; at++) {
        const here = this.code(at);
        if (isBreakOrEnd(here)) unsupported(); // a multi-line quoted scalar
        if (c === QUOTE && here === BACKSLASH) at++;
        else if (here === c) {
          if (c === APOSTROPHE && this.code(at + 1) === APOSTROPHE) at++;
          else {
            this.at = at + 1;
            return { kind: 'scalar', start, end: this.at };
          }
        }
      }
    }
    if (INDICATOR_START.has(c) || isSpaceOrEnd(c)) unsupported(); // `{a: }`, `&x`, `*x`, `!t`...
    if (c === DASH || c === 63 /* ? */ || c === COLON) {
      const next = this.code(start + 1);
      if (isSpaceOrEnd(next) || FLOW_INDICATORS.has(next)) unsupported();
    }
    let at = start + 1;
    for (; ; at++) {
      const here = this.code(at);
      if (Number.isNaN(here) || FLOW_INDICATORS.has(here)) break;
      if (here === HASH && isBlank(this.code(at - 1))) break;
      if (here === COLON) {
        const next = this.code(at + 1);
        if (isSpaceOrEnd(next) || FLOW_INDICATORS.has(next)) break;
      }
      if (here === NEWLINE) {
        // A plain scalar goes on over a line break unless something ends it first.
        let next = at + 1;
        while (isBlank(this.code(next))) next++;
        const after = this.code(next);
        if (!FLOW_INDICATORS.has(after) && after !== COLON && after !== HASH && !Number.isNaN(after)) {
          unsupported();
        }
        break;
      }
    }
    let end = at;
    while (isBlank(this.code(end - 1))) end--;
    this.at = end;
    return { kind: 'scalar', start, end };
  }

  /** A key of a flow mapping and its `:`; JSON-like (quoted) keys may be followed by the value directly. */
  private key(): Key {
    const start = this.at;
    const c = this.code();
    const scalar = this.scalar();
    this.skipSpace();
    if (this.code() !== COLON) unsupported(); // `{a}`: a key without a value
    const colon = this.at;
    this.at++;
    const quoted = c === QUOTE || c === APOSTROPHE;
    if (!quoted && !isSpaceOrEnd(this.code()) && !FLOW_INDICATORS.has(this.code())) unsupported();
    const source = this.text.slice(start, scalar.end);
    if (source === '<<') unsupported();
    let name: string;
    if (!quoted) name = plainKeyString(source);
    else if (c === APOSTROPHE) name = source.slice(1, -1).replaceAll("''", "'");
    else if (source.includes('\\')) unsupported();
    else name = source.slice(1, -1);
    return { start, end: scalar.end, name, colon };
  }
}

function indexOf(segment: string | number): number {
  return typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
}

/** Whether the scanner may read this text at all: LF line ends, no document marker past the first line. */
function readable(text: string): boolean {
  return !text.includes('\r') && !/\n(?:\.\.\.|---)(?:[ \t\n]|$)/.test(text);
}

/** The scanner of one piece of a YAML file (see split.ts), holding one document. */
export class PieceScanner {
  private constructor(private readonly scanner: Scanner) {}

  /** A scanner for `text`, or undefined when its line ends or markers are ones it does not read. */
  static for(text: string): PieceScanner | undefined {
    if (!readable(text)) return undefined;
    try {
      return new PieceScanner(new Scanner(text));
    } catch (err) {
      if (err === UNSUPPORTED) return undefined;
      throw err;
    }
  }

  /** Line and column (both from 1, columns in UTF-16 units) of an offset. */
  linePos(offset: number): { line: number; col: number } {
    const line = this.scanner.lineOf(offset);
    return { line: line + 1, col: offset - this.scanner.lineStart(line) + 1 };
  }

  /**
   * The region offsets of `path` in the document, as the `yaml` parser's
   * nodes give them, or undefined when the document holds YAML that the
   * scanner does not read on the way.
   */
  locate(path: readonly (string | number)[]): ScannedLocation | undefined {
    const { scanner } = this;
    // Block collections are shown by their first line: they end past it.
    const extent = (node: Exclude<Node, { kind: 'null' }>) =>
      node.kind === 'map' || node.kind === 'seq' ? scanner.lineEnd(node.line) : node.end;
    try {
      let node = scanner.root();
      if (node.kind === 'null') return undefined;
      let found: ScannedLocation = { start: node.start, end: extent(node), path: [], exact: true };
      for (const segment of path) {
        if (node.kind === 'map' || node.kind === 'flow-map') {
          const name = String(segment);
          let entry: { key: Key; value: () => Node } | undefined;
          if (node.kind === 'map') entry = scanner.mapEntry(node, name);
          else {
            const pair = node.pairs.findLast((p) => p.key.name === name);
            if (pair) entry = { key: pair.key, value: () => pair.value };
          }
          if (!entry) return { ...found, exact: false };
          const value = entry.value();
          const { key } = entry;
          // A collection shows its key; an empty value ends right after the `:`.
          const end = isCollection(value) ? key.end : value.kind === 'null' ? key.colon + 1 : value.end;
          found = { start: key.start, end, path: [...found.path, segment], exact: true };
          node = value;
        } else if (node.kind === 'seq' || node.kind === 'flow-seq') {
          const index = indexOf(segment);
          const item: Node | undefined =
            node.kind === 'seq' ? scanner.seqItem(node, index) : node.items[index];
          if (!item || item.kind === 'null') return { ...found, exact: false };
          found = { start: item.start, end: extent(item), path: [...found.path, index], exact: true };
          node = item;
        } else {
          return { ...found, exact: false };
        }
      }
      return found;
    } catch (err) {
      if (err === UNSUPPORTED) return undefined;
      throw err;
    }
  }
}
