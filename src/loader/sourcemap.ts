// Maps a path of a decoded document (keys and indexes) back to a line and
// column of its file. js-yaml, which decodes on the fast path, keeps no
// positions. A finding's region is first looked for by scanning the text
// along the path (scan-locate.ts); when the document holds YAML the scanner
// does not read, the map is built with the `yaml` package's parser, which
// also serves bad input (duplicate and null keys). `yaml` itself is imported
// on first use, so a run over plain manifests never loads it.
import type { Document, LineCounter, Pair, YAMLMap, Node as YamlNode } from 'yaml';
import { PieceScanner } from './scan-locate.js';
import type { DocumentPath, Location } from './types.js';
import { formatFloatKey, resolveScalar } from './yaml11.js';

type YamlLibrary = typeof import('yaml');
let yamlLibrary: Promise<YamlLibrary> | undefined;

/** The `yaml` package, imported once, on first use. */
export function loadYamlLibrary(): Promise<YamlLibrary> {
  yamlLibrary ??= import('yaml');
  return yamlLibrary;
}

interface ParsedPiece {
  Y: YamlLibrary;
  docs: Document.Parsed[];
  lineCounter: LineCounter;
}

/** Which part of a map entry a region covers. */
export type LocateTarget = 'entry' | 'key' | 'value';

interface Found {
  /** Offsets into the piece: where the region starts and ends. */
  start: number;
  end: number;
  /** The node the path ends at (a value, an item), when it has one. */
  node: YamlNode | null;
  path: (string | number)[];
  exact: boolean;
}

/**
 * Source map of one piece of a YAML file (see split.ts): the documents in it,
 * parsed once on first use. Offsets in the piece plus `firstLine` give file
 * lines; pieces start at a line start, so columns need no adjustment.
 */
export class YamlPieceMap {
  private parsed?: Promise<ParsedPiece>;
  /** The scanner of the text; null when the text is one it does not read. */
  private scanner?: PieceScanner | null;

  constructor(
    readonly text: string,
    readonly firstLine: number,
    /** Whether `locate` may scan the text instead of parsing it (tests compare the two). */
    private readonly scan = true,
  ) {}

  private parse(): Promise<ParsedPiece> {
    this.parsed ??= loadYamlLibrary().then((Y) => {
      const lineCounter = new Y.LineCounter();
      const docs = Y.parseAllDocuments(this.text, {
        lineCounter,
        keepSourceTokens: false,
        uniqueKeys: false,
      });
      return { Y, docs: Array.isArray(docs) ? docs : [], lineCounter };
    });
    return this.parsed;
  }

  /** The region of `path` in document `docInPiece` of this piece. */
  async locate(docInPiece: number, path: DocumentPath, target: LocateTarget = 'entry'): Promise<Location> {
    if (this.scan && docInPiece === 0 && target === 'entry') {
      this.scanner ??= PieceScanner.for(this.text) ?? null;
      const scanned = this.scanner?.locate(path);
      if (scanned) {
        const { scanner } = this;
        const region = this.region(
          (offset) => (scanner as PieceScanner).linePos(offset),
          scanned.start,
          scanned.end,
        );
        return { region, exact: scanned.exact, path: scanned.path };
      }
    }
    const parsed = await this.parse();
    const found = this.find(parsed, docInPiece, path, target);
    return {
      region: this.region(parsed.lineCounter.linePos, found.start, found.end),
      exact: found.exact,
      path: found.path,
    };
  }

  /** The source text of the scalar at `path` (how a value was written, e.g. `1.30`). */
  async scalarSource(docInPiece: number, path: DocumentPath): Promise<string | undefined> {
    const parsed = await this.parse();
    const found = this.find(parsed, docInPiece, path, 'value');
    if (!found.exact || !found.node || !parsed.Y.isScalar(found.node) || !found.node.range) return undefined;
    return this.text.slice(found.node.range[0], found.node.range[1]);
  }

  /** Every key that repeats an earlier key of the same mapping (RTP002). */
  async duplicateKeys(): Promise<DuplicateKey[]> {
    const parsed = await this.parse();
    const { Y } = parsed;
    const out: DuplicateKey[] = [];
    const visit = (
      doc: Document.Parsed,
      docInPiece: number,
      node: unknown,
      path: (string | number)[],
    ): void => {
      if (Y.isMap(node)) {
        const seen = new Map<string, YamlNode>();
        for (const pair of node.items) {
          if (isMergeKey(Y, pair.key)) continue;
          const key = keyString(Y, doc, pair.key);
          if (key !== undefined) {
            const first = seen.get(key);
            const keyNode = pair.key as YamlNode;
            if (first?.range && keyNode.range) {
              out.push({
                docInPiece,
                path: [...path, key],
                key,
                region: this.region(parsed.lineCounter.linePos, keyNode.range[0], keyNode.range[1]),
                firstLine: this.region(parsed.lineCounter.linePos, first.range[0], first.range[1]).startLine,
              });
            } else if (!first) {
              seen.set(key, keyNode);
            }
          }
          visit(doc, docInPiece, pair.value, key === undefined ? path : [...path, key]);
        }
      } else if (Y.isSeq(node)) {
        node.items.forEach((item, i) => {
          visit(doc, docInPiece, item, [...path, i]);
        });
      }
    };
    parsed.docs.forEach((doc, i) => {
      visit(doc, i, doc.contents, []);
    });
    return out;
  }

  /** Mappings with a null key (`~: x`, an empty key), which the API server cannot convert to JSON. */
  async nullKeys(): Promise<NullKey[]> {
    const parsed = await this.parse();
    const { Y } = parsed;
    const found: NullKey[] = [];
    const visit = (
      doc: Document.Parsed,
      docInPiece: number,
      node: unknown,
      path: (string | number)[],
    ): void => {
      if (Y.isSeq(node)) {
        node.items.forEach((item, i) => {
          visit(doc, docInPiece, item, [...path, i]);
        });
        return;
      }
      if (!Y.isMap(node)) return;
      for (const pair of node.items) {
        const key = pair.key as YamlNode | null;
        const isNull =
          key === null ||
          (Y.isScalar(key) &&
            key.type === 'PLAIN' &&
            key.source !== undefined &&
            resolveScalar(key.source).tag === 'null');
        if (isNull) {
          const at = key?.range ?? (pair.value as YamlNode | null)?.range ?? node.range ?? [0, 0];
          found.push({ docInPiece, path, region: this.region(parsed.lineCounter.linePos, at[0], at[1]) });
          continue;
        }
        const name = keyString(Y, doc, key);
        if (name !== undefined) visit(doc, docInPiece, pair.value, [...path, name]);
      }
    };
    parsed.docs.forEach((doc, i) => {
      visit(doc, i, doc.contents, []);
    });
    return found;
  }

  private find(parsed: ParsedPiece, docInPiece: number, path: DocumentPath, target: LocateTarget): Found {
    const { Y } = parsed;
    const doc = parsed.docs[docInPiece];
    const root = doc?.contents ?? null;
    const rootStart = root?.range?.[0] ?? doc?.range?.[0] ?? 0;
    let found: Found = {
      start: rootStart,
      end: root?.range?.[1] ?? rootStart,
      node: root,
      path: [],
      exact: true,
    };
    let node: unknown = root;
    for (const segment of path) {
      if (Y.isAlias(node)) node = node.resolve(doc);
      if (Y.isMap(node)) {
        const pair = findPair(Y, doc, node, String(segment), 0);
        if (!pair) return { ...found, exact: false };
        const key = pair.key as YamlNode | null;
        const value = pair.value as YamlNode | null;
        const keyRange = key?.range;
        const valueRange = value?.range;
        const start = (target === 'value' && valueRange ? valueRange[0] : keyRange?.[0]) ?? found.start;
        const end =
          target === 'key' || !valueRange || (target === 'entry' && Y.isCollection(value))
            ? (keyRange?.[1] ?? start)
            : valueRange[1];
        found = { start, end, node: value, path: [...found.path, segment], exact: true };
        node = value;
      } else if (Y.isSeq(node)) {
        const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
        const item = node.items[index] as YamlNode | undefined;
        if (!item?.range) return { ...found, exact: false };
        found = {
          start: item.range[0],
          end: item.range[1],
          node: item,
          path: [...found.path, index],
          exact: true,
        };
        node = item;
      } else {
        return { ...found, exact: false };
      }
    }
    return found;
  }

  /** A region from offsets, clipped to the first line (a collection is shown by its first line). */
  private region(linePos: (offset: number) => { line: number; col: number }, start: number, end: number) {
    const newline = this.text.indexOf('\n', start);
    let stop = newline !== -1 && newline < end ? newline : Math.max(end, start);
    while (stop > start && /\s/.test(this.text[stop - 1])) stop--;
    const from = linePos(start);
    const to = linePos(stop);
    const offset = this.firstLine - 1;
    return {
      startLine: from.line + offset,
      startColumn: from.col,
      endLine: to.line + offset,
      endColumn: stop === start ? from.col + 1 : to.col,
    };
  }
}

export interface NullKey {
  docInPiece: number;
  /** Path of the mapping that has the null key. */
  path: (string | number)[];
  region: Location['region'];
}

export interface DuplicateKey {
  docInPiece: number;
  /** Path of the repeated key in its document. */
  path: (string | number)[];
  key: string;
  region: Location['region'];
  /** Line of the key's first occurrence. */
  firstLine: number;
}

function isMergeKey(Y: YamlLibrary, key: unknown): boolean {
  return Y.isScalar(key) && key.type === 'PLAIN' && key.source === '<<';
}

/**
 * A key as the API server's JSON conversion writes it: plain scalars resolved
 * as go-yaml resolves them (`yes` is "true", `1.0` is "1"), quoted ones as written.
 */
function keyString(Y: YamlLibrary, doc: Document.Parsed, key: unknown): string | undefined {
  if (Y.isAlias(key)) return keyString(Y, doc, key.resolve(doc));
  if (!Y.isScalar(key)) return undefined;
  if (key.type !== 'PLAIN' || typeof key.source !== 'string') return String(key.value);
  const r = resolveScalar(key.source);
  return r.tag === 'float' ? formatFloatKey(r.value) : String(r.value);
}

/**
 * The pair that gave `key` its value: go-yaml applies a mapping's entries in
 * order, merges (`<<: *base`) included, so the last entry that sets the key
 * wins; of a list of merged mappings, the first that has it.
 */
function findPair(
  Y: YamlLibrary,
  doc: Document.Parsed,
  map: YAMLMap,
  key: string,
  depth: number,
): Pair | undefined {
  for (let i = map.items.length - 1; i >= 0; i--) {
    const pair = map.items[i];
    if (!isMergeKey(Y, pair.key)) {
      if (keyString(Y, doc, pair.key) === key) return pair;
      continue;
    }
    if (depth > 32) continue; // merge chains that deep are a bomb, not a manifest
    const sources = Y.isSeq(pair.value) ? pair.value.items : [pair.value];
    for (let source of sources) {
      if (Y.isAlias(source)) source = source.resolve(doc);
      if (!Y.isMap(source)) continue;
      const found = findPair(Y, doc, source, key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}
