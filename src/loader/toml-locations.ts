// Positions of the keys and values of a TOML file, for findings on node
// configs. smol-toml, which parses, keeps no positions; this scanner walks
// the same text (already known to be valid TOML) and records where each
// table, key, array element and inline-table key starts and ends.
import type { Region } from '../engine/types.js';
import { lineAt, lineStartsOf } from './lines.js';
import type { DocumentPath } from './types.js';

type TomlPath = (string | number)[];

interface Span {
  start: number;
  end: number;
  /** Set for table headers; they win over tables created implicitly by dotted keys. */
  explicit: boolean;
}

const BARE_KEY = /[A-Za-z0-9_-]/;
const ESCAPES: Record<string, string> = {
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
  e: '\x1b',
  '"': '"',
  '\\': '\\',
};

export class TomlLocations {
  private readonly spans = new Map<string, Span>();
  private readonly arrayTables = new Map<string, number>();
  private readonly lineStarts: number[];
  private pos = 0;

  constructor(private readonly text: string) {
    this.lineStarts = lineStartsOf(text);
    this.scanDocument();
  }

  /** Region of a TOML path, or of its deepest existing parent (then `exact` is false). */
  locate(path: DocumentPath): { region: Region; exact: boolean; path: (string | number)[] } {
    for (let n = path.length; n > 0; n--) {
      const span = this.spans.get(JSON.stringify(path.slice(0, n)));
      if (span)
        return {
          region: this.region(span.start, span.end),
          exact: n === path.length,
          path: path.slice(0, n),
        };
    }
    return { region: this.region(0, 0), exact: path.length === 0, path: [] };
  }

  private region(start: number, end: number): Region {
    const newline = this.text.indexOf('\n', start);
    let stop = newline !== -1 && newline < end ? newline : Math.max(start, end);
    while (stop > start && /\s/.test(this.text[stop - 1])) stop--;
    const from = this.position(start);
    const to = this.position(stop);
    return {
      startLine: from.line,
      startColumn: from.column,
      endLine: to.line,
      endColumn: stop === start ? from.column + 1 : to.column,
    };
  }

  private position(offset: number): { line: number; column: number } {
    const line = lineAt(this.lineStarts, offset);
    return { line: line + 1, column: offset - this.lineStarts[line] + 1 };
  }

  private record(path: TomlPath, start: number, end: number, explicit = false): void {
    const key = JSON.stringify(path);
    const existing = this.spans.get(key);
    if (!existing || (explicit && !existing.explicit)) this.spans.set(key, { start, end, explicit });
  }

  /** Records the tables that a dotted key or header creates on its way. */
  private recordParents(path: TomlPath, depth: number, start: number, end: number): void {
    for (let n = depth; n < path.length; n++) this.record(path.slice(0, n), start, end);
  }

  private peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }

  private skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }

  /** Skips whitespace, newlines and comments (inside arrays and between expressions). */
  private skipBlank(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') this.pos++;
      else if (c === '#') this.skipToLineEnd();
      else return;
    }
  }

  private skipToLineEnd(): void {
    const eol = this.text.indexOf('\n', this.pos);
    this.pos = eol === -1 ? this.text.length : eol;
  }

  private scanDocument(): void {
    let table: TomlPath = [];
    while (this.pos < this.text.length) {
      this.skipBlank();
      if (this.pos >= this.text.length) break;
      const start = this.pos;
      if (this.peek() === '[') {
        const isArray = this.peek(1) === '[';
        this.pos += isArray ? 2 : 1;
        const keys = this.scanKey();
        this.pos += isArray ? 2 : 1; // `]]` or `]`
        const end = this.pos;
        if (isArray) {
          const array = [...this.resolveTable(keys.slice(0, -1)), keys[keys.length - 1]];
          const arrayKey = JSON.stringify(array);
          const index = this.arrayTables.get(arrayKey) ?? 0;
          this.arrayTables.set(arrayKey, index + 1);
          table = [...array, index];
          this.recordParents(array, 1, start, end);
          this.record(array, start, end, true);
        } else {
          table = this.resolveTable(keys);
          this.recordParents(table, 1, start, end);
        }
        this.record(table, start, end, true);
      } else {
        this.scanKeyValue(table);
      }
      if (this.pos === start) this.pos++; // never loop on text this scanner does not know
      this.skipSpaces();
      if (this.peek() === '#') this.skipToLineEnd();
    }
  }

  /** A header's path, with the current index of every array of tables on the way. */
  private resolveTable(keys: string[]): TomlPath {
    const path: TomlPath = [];
    for (const key of keys) {
      path.push(key);
      const count = this.arrayTables.get(JSON.stringify(path));
      if (count !== undefined) path.push(count - 1);
    }
    return path;
  }

  private scanKeyValue(table: TomlPath): void {
    const start = this.pos;
    const keys = this.scanKey();
    this.skipSpaces();
    this.pos++; // `=`
    this.skipSpaces();
    const path = [...table, ...keys];
    this.scanValue(path);
    this.recordParents(path, table.length + 1, start, this.pos);
    this.record(path, start, this.pos);
  }

  /** A dotted key: bare, "basic" or 'literal' parts. */
  private scanKey(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipSpaces();
      const c = this.peek();
      if (c === '"') parts.push(this.scanBasicString());
      else if (c === "'") parts.push(this.scanLiteralString());
      else {
        const begin = this.pos;
        while (BARE_KEY.test(this.peek())) this.pos++;
        parts.push(this.text.slice(begin, this.pos));
      }
      this.skipSpaces();
      if (this.peek() !== '.') return parts;
      this.pos++;
    }
  }

  private scanBasicString(): string {
    this.pos++; // opening quote
    let out = '';
    while (this.pos < this.text.length && this.peek() !== '"') {
      if (this.peek() === '\\') {
        const e = this.peek(1);
        if (e === 'u' || e === 'U' || e === 'x') {
          const length = e === 'u' ? 4 : e === 'U' ? 8 : 2;
          out += String.fromCodePoint(
            Number.parseInt(this.text.slice(this.pos + 2, this.pos + 2 + length), 16),
          );
          this.pos += 2 + length;
        } else {
          out += ESCAPES[e] ?? e;
          this.pos += 2;
        }
      } else {
        out += this.peek();
        this.pos++;
      }
    }
    this.pos++; // closing quote
    return out;
  }

  private scanLiteralString(): string {
    const end = this.text.indexOf("'", this.pos + 1);
    const value = this.text.slice(this.pos + 1, end);
    this.pos = end + 1;
    return value;
  }

  /** Skips a multi-line string; its closing delimiter may be followed by one or two more quotes. */
  private skipMultiline(quote: string): void {
    const delimiter = quote.repeat(3);
    this.pos += 3;
    while (this.pos < this.text.length) {
      if (quote === '"' && this.peek() === '\\') {
        this.pos += 2;
      } else if (this.text.startsWith(delimiter, this.pos)) {
        this.pos += 3;
        for (let extra = 0; extra < 2 && this.peek() === quote; extra++) this.pos++;
        return;
      } else {
        this.pos++;
      }
    }
  }

  private scanValue(path: TomlPath): void {
    const c = this.peek();
    if (c === '"' || c === "'") {
      if (this.text.startsWith(c.repeat(3), this.pos)) this.skipMultiline(c);
      else if (c === '"') this.scanBasicString();
      else this.scanLiteralString();
    } else if (c === '[') {
      this.pos++;
      for (let index = 0; ; index++) {
        this.skipBlank();
        if (this.peek() === ']' || this.pos >= this.text.length) break;
        const start = this.pos;
        this.scanValue([...path, index]);
        if (this.pos === start) this.pos++;
        this.record([...path, index], start, this.pos);
        this.skipBlank();
        if (this.peek() === ',') this.pos++;
      }
      this.pos++; // `]`
    } else if (c === '{') {
      this.pos++;
      for (;;) {
        this.skipBlank();
        if (this.peek() === '}' || this.pos >= this.text.length) break;
        const start = this.pos;
        this.scanKeyValue(path);
        if (this.pos === start) this.pos++;
        this.skipBlank();
        if (this.peek() === ',') this.pos++;
      }
      this.pos++; // `}`
    } else {
      // Numbers, booleans, dates (`1979-05-27 07:32:00Z` has a space).
      while (this.pos < this.text.length && !',]}#\r\n'.includes(this.peek())) this.pos++;
      while (this.text[this.pos - 1] === ' ' || this.text[this.pos - 1] === '\t') this.pos--;
    }
  }
}
