// Splits a YAML stream into its documents by their `---` lines before any
// parsing, as kubectl's YAML reader does. Each piece is then decoded on its
// own, so that a syntax error in one document does not hide the others, and
// the first line of every document is known without a source map.
//
// A `---` at the start of a line followed by a space, a tab or the end of the
// line is always a document marker in YAML (block scalars and quoted strings
// cannot contain it at column 0), so this split agrees with the parser.

export interface YamlPiece {
  /** The text, starting at its `---` line (or at the start of the file). */
  text: string;
  /** Line of the piece's first character in the file (1-based). */
  line: number;
}

function isMarkerEnd(code: number): boolean {
  // end of input, space, tab, CR, LF
  return Number.isNaN(code) || code === 32 || code === 9 || code === 13 || code === 10;
}

/** Moves a split point back over directive lines (`%YAML 1.1`) that belong to the next document. */
function backOverDirectives(text: string, at: number, floor: number): number {
  let start = at;
  while (start > floor) {
    const lineStart = text.lastIndexOf('\n', start - 2) + 1;
    if (lineStart < floor || text.charCodeAt(lineStart) !== 37 /* % */) break;
    start = lineStart;
  }
  return start;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export function splitYamlDocuments(text: string): YamlPiece[] {
  const starts: number[] = [0];
  for (let i = text.indexOf('\n---'); i !== -1; i = text.indexOf('\n---', i + 4)) {
    if (!isMarkerEnd(text.charCodeAt(i + 4))) continue;
    const start = backOverDirectives(text, i + 1, starts[starts.length - 1] + 1);
    starts.push(start);
  }
  if (starts.length === 1) return [{ text, line: 1 }];
  const pieces: YamlPiece[] = [];
  let line = 1;
  for (let k = 0; k < starts.length; k++) {
    const start = starts[k];
    const end = k + 1 < starts.length ? starts[k + 1] : text.length;
    if (k > 0) line += countLines(text, starts[k - 1], start);
    pieces.push({ text: text.slice(start, end), line });
  }
  return pieces;
}

/**
 * The line of a piece's first content, past blank lines, comments, directives
 * and a bare `---`; undefined when there is none (a comment-only header before
 * the first `---` holds no document).
 */
export function firstContentLine(piece: YamlPiece): number | undefined {
  const { text } = piece;
  let line = piece.line;
  let pos = 0;
  while (pos < text.length) {
    // Look at the line's first non-blank characters only: a line can be megabytes of JSON.
    let at = pos;
    while (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9) at++;
    const c = text.charCodeAt(at);
    const blank = at >= text.length || c === 10 || c === 13;
    const comment = c === 35 /* # */ || c === 37; /* % directive */
    const marker = at === pos && text.startsWith('---', at) && isMarkerRest(text, at + 3);
    if (!blank && !comment && !marker) return line;
    const eol = text.indexOf('\n', at);
    if (eol === -1) break;
    pos = eol + 1;
    line++;
  }
  return undefined;
}

/** After `---`: nothing, or a comment (content after the marker counts as the document's). */
function isMarkerRest(text: string, at: number): boolean {
  while (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9) at++;
  const c = text.charCodeAt(at);
  return at >= text.length || c === 10 || c === 13 || (c === 35 && at > 0 && /\s/.test(text[at - 1]));
}
