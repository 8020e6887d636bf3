// The loader's entry points: from paths (and stdin) to LoadedFiles, one file
// at a time, so that a run over 100,000 documents keeps only the file at
// hand in memory.

import { DEFAULT_MAX_ALIAS_NODES, DEFAULT_MAX_FILE_SIZE } from '../config/defaults.js';
import { decodeManifest } from './decode.js';
import { type Discovery, discoverInputs, formatOf, type InputFormat } from './discover.js';
import { decodeNodeConfig, detectNodeConfig } from './nodeconfig.js';
import { type DecodeOutcome, decodeBytes, readInputFile } from './read.js';
import type { DocumentSkipReason, FileSkipReason, LoadedFile, LoaderOptions } from './types.js';

const STDIN_NAME = '<stdin>';

function skippedFile(file: string, reason: FileSkipReason, path?: string): LoadedFile {
  const result: LoadedFile = {
    file,
    format: 'yaml',
    documents: [],
    problems: [],
    documentCount: 0,
    skipped: {},
    skippedListItems: 0,
    fileSkipped: reason,
  };
  if (path !== undefined) result.path = path;
  return result;
}

/**
 * Decodes the text of one file: a manifest (YAML, JSON) or a node config
 * (TOML; a `.toml`/`.conf` file that is neither containerd's nor CRI-O's is
 * skipped as `not-node-config`).
 */
export async function loadText(
  text: string,
  file: string,
  format: InputFormat = formatOf(file),
  options: LoaderOptions = {},
): Promise<LoadedFile> {
  if (format === 'toml') {
    const nodeConfig = detectNodeConfig(text);
    return nodeConfig ? decodeNodeConfig(text, file, nodeConfig) : skippedFile(file, 'not-node-config');
  }
  return decodeManifest(text, file, format, {
    maxAliasNodes: options.maxAliasNodes ?? DEFAULT_MAX_ALIAS_NODES,
    onlyKinds: options.onlyKinds,
  });
}

let stdin: Promise<Buffer> | undefined;

/** Reads process.stdin once; both passes of a run (inventory, evaluation) see the same bytes. */
function readStdin(): Promise<Buffer> {
  stdin ??= (async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  })();
  return stdin;
}

/**
 * Loads every file under the inputs (paths, directories, `-` for stdin), in
 * display-path order, stdin last. The first iteration throws InputPathError
 * when an input does not exist, before anything is loaded; bad files become
 * problems. Pass `discovery` to reuse a file list (the engine's two passes).
 */
export async function* loadInputs(
  inputs: readonly string[],
  options: LoaderOptions = {},
  discovery?: Discovery,
): AsyncGenerator<LoadedFile> {
  discovery ??= discoverInputs(inputs, options);
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  for (const input of discovery.files) {
    if (input.duplicateOf !== undefined) {
      yield skippedFile(input.file, 'duplicate', input.path);
      continue;
    }
    const kept = options.keptTexts?.take(input.path);
    const read: DecodeOutcome =
      kept !== undefined ? { ok: true, text: kept } : readInputFile(input.path, input.file, maxFileSize);
    if (!read.ok) {
      const result = skippedFile(input.file, read.reason, input.path);
      result.problems.push(read.problem);
      yield result;
      continue;
    }
    options.keepTexts?.keep(input.path, read.text);
    const loaded = await loadText(read.text, input.file, input.format, options);
    loaded.path = input.path;
    loaded.text = read.text;
    yield loaded;
  }
  if (discovery.stdin) {
    const name = options.stdinFilename ?? STDIN_NAME;
    const bytes = await (options.readStdin ?? readStdin)();
    if (bytes.length > maxFileSize) {
      const result = skippedFile(name, 'too-large');
      result.problems.push({
        ruleId: 'RTP003',
        severity: 'warning',
        message: `stdin holds ${bytes.length} bytes, over the ${maxFileSize} byte limit (maxFileSize); not checked`,
        file: name,
        region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
      });
      yield result;
      return;
    }
    const decoded = decodeBytes(name, bytes);
    if (!decoded.ok) {
      const result = skippedFile(name, decoded.reason);
      result.problems.push(decoded.problem);
      yield result;
      return;
    }
    const loaded = await loadText(
      decoded.text,
      name,
      options.stdinFilename ? formatOf(name) : 'yaml',
      options,
    );
    loaded.text = decoded.text;
    yield loaded;
  }
}

/** Totals over loaded files, for RunStats and for the `loaded + skipped = total` check. */
export class LoadStats {
  files = 0;
  /** YAML documents seen (checked or skipped). */
  documents = 0;
  /** Objects handed to the engine (List items expanded, node configs included). */
  objects = 0;
  skippedDocuments: Partial<Record<DocumentSkipReason, number>> = {};
  skippedFiles: Partial<Record<FileSkipReason, number>> = {};
  skippedListItems = 0;
  problems = 0;

  add(file: LoadedFile): void {
    this.files++;
    this.documents += file.documentCount;
    this.objects += file.documents.length;
    this.skippedListItems += file.skippedListItems;
    this.problems += file.problems.length;
    for (const [reason, n] of Object.entries(file.skipped) as [DocumentSkipReason, number][]) {
      this.skippedDocuments[reason] = (this.skippedDocuments[reason] ?? 0) + n;
    }
    if (file.fileSkipped)
      this.skippedFiles[file.fileSkipped] = (this.skippedFiles[file.fileSkipped] ?? 0) + 1;
  }

  /** Documents that were checked (not skipped). */
  get checkedDocuments(): number {
    return this.documents - Object.values(this.skippedDocuments).reduce((a, b) => a + b, 0);
  }
}
