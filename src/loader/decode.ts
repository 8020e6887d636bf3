// Decodes the text of a YAML or JSON manifest file into Kubernetes objects.
// The fast path is one js-yaml pass per document with the YAML 1.1 schema;
// everything else (positions, duplicate keys, Helm detection) runs only for
// the documents that need it. Bad input becomes problems and skip counts,
// never an exception: the other documents of the file are still loaded.
import { type LoadOptions, loadAll, YAMLException } from 'js-yaml';
import type { Region } from '../engine/types.js';
import { type AliasCheck, checkAliasExpansion } from './aliases.js';
import { isHelmTemplate } from './helm.js';
import { resolveMerges } from './merge.js';
import { type NullKey, YamlPieceMap } from './sourcemap.js';
import { firstContentLine, splitYamlDocuments, type YamlPiece } from './split.js';
import type {
  DocumentPath,
  DocumentSkipReason,
  KubeObject,
  LoadedDocument,
  LoadedFile,
  LoadProblem,
  Location,
} from './types.js';
import { decodeCounters, GoFloat, KUBERNETES_YAML_SCHEMA } from './yaml11.js';

export interface DecodeOptions {
  maxAliasNodes: number;
  onlyKinds?: readonly string[];
}

// js-yaml 4.3 options beyond its type definitions: nesting deeper than
// `maxDepth` is reported instead of risking the stack.
type JsYamlOptions = LoadOptions & { maxDepth: number };
const STRICT: JsYamlOptions = { schema: KUBERNETES_YAML_SCHEMA, maxDepth: 1000 };
// `json: true` keeps the last of duplicate keys instead of failing.
const LAST_KEY_WINS: JsYamlOptions = { ...STRICT, json: true };

export function isKubeObject(value: unknown): value is KubeObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const { apiVersion, kind } = value as Record<string, unknown>;
  return typeof apiVersion === 'string' && apiVersion !== '' && typeof kind === 'string' && kind !== '';
}

/** `List`, `PodList`...: kubectl checks each of `items`. */
function isList(object: KubeObject): object is KubeObject & { items: unknown[] } {
  return object.kind.endsWith('List') && Array.isArray(object.items);
}

function lineRegion(line: number, column = 1): Region {
  return { startLine: line, startColumn: column, endLine: line, endColumn: column + 1 };
}

function startsWithMarker(text: string): boolean {
  return /^---(?:[ \t\r\n]|$)/.test(text);
}

/** How many documents a piece holds, without decoding it (one, or none for a comment-only header). */
function estimateDocuments(piece: YamlPiece, index: number): number {
  return index === 0 && !startsWithMarker(piece.text) && firstContentLine(piece) === undefined ? 0 : 1;
}

function findNonFinite(value: unknown, path: (string | number)[] = []): (string | number)[] | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (value === null || typeof value !== 'object') return undefined;
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  for (const [key, child] of entries) {
    const found = findNonFinite(child, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

// Text that a null key cannot be written without (`~:`, `null:`, `? ` for an
// explicit key, `{:` or ` :` for an empty one; js-yaml rejects an empty block
// key). One pass over the text is cheap; a hit only costs a closer look.
const NULL_KEY_HINTS = /~:|ull:|ULL:|\? |\{:| :/;
const mayHaveNullKey = (text: string): boolean => NULL_KEY_HINTS.test(text);

/** Turns GoFloat values back into numbers, in place. */
function unwrapGoFloats(root: unknown): void {
  const done = new Set<object>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || done.has(value)) return;
    done.add(value);
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const child = record[key];
      if (child instanceof GoFloat) record[key] = child.valueOf();
      else visit(child);
    }
  };
  visit(root);
}

function aliasMessage(check: Exclude<AliasCheck, { ok: true }>, limit: number): string {
  const count = (n: number): string => n.toLocaleString('en-US');
  switch (check.reason) {
    case 'cycle':
      return 'a YAML alias refers to a node that contains it, so the document never ends; not checked';
    case 'limit':
      return `YAML aliases expand the document beyond ${count(limit)} nodes (maxAliasNodes); not checked`;
    case 'ratio':
      return `YAML aliases expand the document from ${count(check.distinctNodes)} to ${count(check.expandedNodes)} nodes; not checked`;
  }
}

/** Where the first alias (`*name`) of a piece is, for RTP004. */
function firstAliasRegion(piece: YamlPiece): Region | undefined {
  const m = /(?:^|[\s[{,:-])\*[^\s,[\]{}]+/m.exec(piece.text);
  if (!m) return undefined;
  const at = m.index + m[0].indexOf('*');
  const before = piece.text.slice(0, at);
  const line = piece.line + (before.match(/\n/g)?.length ?? 0);
  const column = at - (before.lastIndexOf('\n') + 1) + 1;
  return {
    startLine: line,
    startColumn: column,
    endLine: line,
    endColumn: column + m[0].length - m[0].indexOf('*'),
  };
}

type PieceDecode =
  | { ok: true; docs: unknown[]; duplicateKeysIn: boolean }
  | { ok: false; error: YAMLException | Error };

function decodePiece(text: string): PieceDecode {
  try {
    return { ok: true, docs: loadAll(text, null, STRICT), duplicateKeysIn: false };
  } catch (err) {
    if (!(err instanceof YAMLException) || !err.reason.startsWith('duplicated mapping key')) {
      return { ok: false, error: err as Error };
    }
  }
  // Duplicate keys: decode again keeping the last value, as the API server's
  // JSON conversion does; the duplicates are reported separately.
  try {
    return { ok: true, docs: loadAll(text, null, LAST_KEY_WINS), duplicateKeysIn: true };
  } catch (err) {
    return { ok: false, error: err as Error };
  }
}

/** A document of a YAML or JSON file; its source map is built on the first `locate`. */
class YamlDocument implements LoadedDocument {
  itemIndex?: number;
  readonly #map: YamlPieceMap;
  readonly #docInPiece: number;

  constructor(
    readonly file: string,
    readonly documentIndex: number,
    readonly basePath: (string | number)[],
    readonly object: KubeObject,
    readonly line: number,
    map: YamlPieceMap,
    docInPiece: number,
  ) {
    this.#map = map;
    this.#docInPiece = docInPiece;
  }

  locate(path: DocumentPath): Promise<Location> {
    return this.#map.locate(this.#docInPiece, this.basePath.length > 0 ? [...this.basePath, ...path] : path);
  }
}

/** What is known about a decoded piece before its documents are added. */
interface PieceFacts {
  piece: YamlPiece;
  docs: unknown[];
  map: YamlPieceMap;
  contentLine: number;
  /** js-yaml found a duplicate key (decoded again keeping the last value). */
  duplicateKeys: boolean;
  /** GoFloat values to turn back into numbers. */
  goFloats: boolean;
  /** `.inf` or `.nan` somewhere in the piece. */
  nonFinite: boolean;
}

class FileDecoder {
  readonly result: LoadedFile;
  private documentIndex = 0;
  /** Whether any piece of the file may hold a null key (checked once per file). */
  nullKeysPossible = true;

  constructor(
    private readonly file: string,
    format: 'yaml' | 'json',
    private readonly options: DecodeOptions,
  ) {
    this.result = {
      file,
      format,
      documents: [],
      problems: [],
      documentCount: 0,
      skipped: {},
      skippedListItems: 0,
    };
  }

  private skip(reason: DocumentSkipReason): void {
    this.result.documentCount++;
    this.result.skipped[reason] = (this.result.skipped[reason] ?? 0) + 1;
    this.documentIndex++;
  }

  private problem(fields: Omit<LoadProblem, 'file'>): LoadProblem {
    const problem = { file: this.file, ...fields };
    this.result.problems.push(problem);
    return problem;
  }

  skipAll(pieces: YamlPiece[], reason: DocumentSkipReason): void {
    pieces.forEach((piece, index) => {
      if (estimateDocuments(piece, index) === 0) return;
      this.skip(firstContentLine(piece) === undefined ? 'empty' : reason);
    });
  }

  /**
   * Decodes one piece. Synchronous unless the piece needs its source map
   * (null keys, duplicate keys, `.inf`): then the returned promise settles
   * when the problems have their positions.
   */
  decode(piece: YamlPiece, index: number): Promise<void> | undefined {
    const { onlyKinds } = this.options;
    if (onlyKinds && !onlyKinds.some((kind) => piece.text.includes(kind))) {
      this.documentIndex += estimateDocuments(piece, index);
      return undefined;
    }
    if (index === 0 && estimateDocuments(piece, index) === 0) return undefined;
    const contentLine = firstContentLine(piece) ?? piece.line;
    const before = { ...decodeCounters };
    const decoded = decodePiece(piece.text);
    if (!decoded.ok) {
      this.reportDecodeError(decoded.error, piece, contentLine);
      return undefined;
    }
    const map = new YamlPieceMap(piece.text, piece.line);
    const facts: PieceFacts = {
      piece,
      docs: decoded.docs,
      map,
      contentLine,
      duplicateKeys: decoded.duplicateKeysIn,
      goFloats: decodeCounters.goFloats !== before.goFloats,
      nonFinite: decodeCounters.nonFinite !== before.nonFinite,
    };
    // Whether a document is checked depends on its null keys: find them first.
    if (this.nullKeysPossible && mayHaveNullKey(piece.text)) {
      return map.nullKeys().then((nullKeys) => this.addDocuments(facts, nullKeys));
    }
    return this.addDocuments(facts, []);
  }

  private addDocuments(facts: PieceFacts, nullKeys: NullKey[]): Promise<void> | undefined {
    const { piece, map, contentLine } = facts;
    const mayHaveAliases = piece.text.includes('&');
    const mayHaveMerges = piece.text.includes('<<');
    // Problems whose position needs the source map are completed afterwards.
    const pending: Promise<void>[] = [];
    const checked = new Map<number, number>(); // document in piece -> documentIndex
    for (const [docInPiece, doc] of facts.docs.entries()) {
      const documentIndex = this.documentIndex;
      const line = docInPiece === 0 ? contentLine : piece.line;
      if (doc === null || doc === undefined) {
        this.skip('empty');
        continue;
      }
      if (facts.goFloats) unwrapGoFloats(doc);
      const mergeError = mayHaveMerges ? resolveMerges(doc) : undefined;
      if (!isKubeObject(doc)) {
        this.skip('not-kubernetes');
        continue;
      }
      if (mergeError) {
        const message = `${mergeError}; not checked`;
        this.problem({
          ruleId: 'RTP001',
          severity: 'error',
          message,
          region: lineRegion(line),
          documentIndex,
        });
        this.skip('invalid-yaml');
        continue;
      }
      const nullKey = nullKeys.find((issue) => issue.docInPiece === docInPiece);
      if (nullKey) {
        const message =
          'a mapping key is null, which JSON cannot hold (the API server rejects the document); not checked';
        const { region, path } = nullKey;
        this.problem({ ruleId: 'RTP001', severity: 'error', message, region, documentIndex, path });
        this.skip('invalid-value');
        continue;
      }
      if (mayHaveAliases) {
        const check = checkAliasExpansion(doc, this.options.maxAliasNodes);
        if (!check.ok) {
          const message = aliasMessage(check, this.options.maxAliasNodes);
          const region = firstAliasRegion(piece) ?? lineRegion(line);
          this.problem({ ruleId: 'RTP004', severity: 'error', message, region, documentIndex });
          this.skip('alias-limit');
          continue;
        }
      }
      const nonFinitePath = facts.nonFinite ? findNonFinite(doc) : undefined;
      if (nonFinitePath) {
        const message =
          'a value is .inf or .nan, which JSON cannot represent (the API server rejects the document); not checked';
        const problem = this.problem({
          ruleId: 'RTP001',
          severity: 'error',
          message,
          region: lineRegion(line),
          documentIndex,
          path: nonFinitePath,
        });
        pending.push(
          map.locate(docInPiece, nonFinitePath).then(({ region }) => {
            problem.region = region;
          }),
        );
        this.skip('invalid-value');
        continue;
      }
      checked.set(docInPiece, documentIndex);
      this.result.documentCount++;
      this.documentIndex++;
      this.addObjects(doc, documentIndex, line, map, docInPiece);
    }
    if (facts.duplicateKeys) {
      pending.push(
        map.duplicateKeys().then((duplicates) => {
          for (const duplicate of duplicates) {
            const documentIndex = checked.get(duplicate.docInPiece);
            if (documentIndex === undefined) continue; // not checked anyway
            const message = `duplicate key "${duplicate.key}" (first at line ${duplicate.firstLine}); the last value is used, as the API server's decoder does`;
            const { region, path } = duplicate;
            this.problem({ ruleId: 'RTP002', severity: 'error', message, region, documentIndex, path });
          }
        }),
      );
    }
    return pending.length > 0 ? Promise.all(pending).then(() => undefined) : undefined;
  }

  private addObjects(
    doc: KubeObject,
    documentIndex: number,
    line: number,
    map: YamlPieceMap,
    docInPiece: number,
  ): void {
    const { documents } = this.result;
    if (!isList(doc)) {
      documents.push(new YamlDocument(this.file, documentIndex, [], doc, line, map, docInPiece));
      return;
    }
    doc.items.forEach((item, i) => {
      if (!isKubeObject(item)) {
        this.result.skippedListItems++;
        return;
      }
      const document = new YamlDocument(this.file, documentIndex, ['items', i], item, line, map, docInPiece);
      document.itemIndex = i;
      documents.push(document);
    });
  }

  private reportDecodeError(error: Error, piece: YamlPiece, contentLine: number): void {
    const documentIndex = this.documentIndex;
    if (!(error instanceof YAMLException)) {
      // Not a parse error (a stack overflow on absurd nesting, say): still a finding, not a crash.
      this.problem({
        ruleId: 'RTP001',
        severity: 'error',
        message: `cannot decode: ${error.message}`,
        region: lineRegion(contentLine),
        documentIndex,
      });
      this.skip('invalid-yaml');
      return;
    }
    const { reason, mark } = error;
    const region = mark ? lineRegion(piece.line + mark.line, mark.column + 1) : lineRegion(contentLine);
    if (/maxTotalMergeKeys|abnormal merge/.test(reason)) {
      this.problem({
        ruleId: 'RTP004',
        severity: 'error',
        message: `YAML merge keys (<<) ${reason.replace(/^merge keys /, '')}; not checked`,
        region,
        documentIndex,
      });
      this.skip('alias-limit');
      return;
    }
    const language = this.result.format === 'json' ? 'JSON' : 'YAML';
    this.problem({
      ruleId: 'RTP001',
      severity: 'error',
      message: `invalid ${language}: ${reason}`,
      region,
      documentIndex,
    });
    this.skip('invalid-yaml');
  }
}

/** Decodes a YAML (or JSON) file's text. */
export async function decodeManifest(
  text: string,
  file: string,
  format: 'yaml' | 'json',
  options: DecodeOptions,
): Promise<LoadedFile> {
  const decoder = new FileDecoder(file, format, options);
  // JSON has no `---`; a JSON file is one document.
  const pieces = format === 'json' ? [{ text, line: 1 }] : splitYamlDocuments(text);
  if (text.includes('{{') && (await isHelmTemplate(text))) {
    decoder.skipAll(pieces, 'helm-template');
    return decoder.result;
  }
  decoder.nullKeysPossible = pieces.length === 1 || mayHaveNullKey(text);
  for (const [index, piece] of pieces.entries()) {
    const pending = decoder.decode(piece, index);
    if (pending) await pending;
  }
  return decoder.result;
}
