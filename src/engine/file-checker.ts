// Checks loaded files: the loader's problems, then every document through
// every policy set; then each file's findings get their fingerprints and
// source suppressions (src/report/README.md's order; the baseline, which
// needs no source, is applied by the caller). Files are checked in groups of
// a few dozen documents, which each policy set evaluates in few calls
// (evaluator.ts evaluateAll). Runs on the main thread and in worker threads
// alike.
import type { LoadedFile } from '../loader/types.js';
import type { EvaluationResult, PolicyEvaluator } from './evaluator.js';
import { findingsFor, policyFailureFinding } from './findings.js';
import { assignFingerprints, type UnfingerprintedFinding } from './fingerprint.js';
import type { IgnoreDirective } from './ignore-comments.js';
import type { RuleCatalog } from './rule-catalog.js';
import type { SuppressionSources } from './suppress.js';
import type { Finding } from './types.js';

export interface FileCheckContext {
  evaluators: readonly PolicyEvaluator[];
  catalog: RuleCatalog;
}

/** What every suppression comment contains (see ignore-comments.ts). */
const IGNORE_DIRECTIVE = 'rtpolicy:ignore';

let suppressModule: Promise<typeof import('./suppress.js')> | undefined;

const NO_COMMENTS: ReadonlyMap<number, IgnoreDirective[]> = new Map();

/** What suppressions look up in one file: its objects by document index, and its ignore comments. */
async function suppressionSources(file: LoadedFile): Promise<SuppressionSources> {
  const byIndex = new Map<number, unknown>();
  for (const document of file.documents) {
    if (document.itemIndex === undefined) {
      byIndex.set(document.documentIndex, document.object);
      continue;
    }
    // The items of a List share their document: rebuild enough of the List for suppress.ts to find each one.
    const list = (byIndex.get(document.documentIndex) as { items: unknown[] } | undefined) ?? {
      kind: 'List',
      items: [],
    };
    list.items[document.itemIndex] = document.object;
    byIndex.set(document.documentIndex, list);
  }
  // Lexing the file for `# rtpolicy:ignore` comments is only worth it when it has one.
  let comments = NO_COMMENTS;
  if (file.text?.includes(IGNORE_DIRECTIVE)) {
    comments = (await import('./ignore-comments.js')).findIgnoreComments(file.text);
  }
  return { document: (_file, index) => byIndex.get(index), comments: () => comments };
}

/** Files are grouped until they hold this many documents (a file is never split). */
const GROUP_DOCUMENTS = 32;

/**
 * Checks files as they are loaded, in groups (see GROUP_DOCUMENTS); `onFile`
 * sees each file as it arrives. Returns every file's findings, file by file.
 */
export async function checkLoadedFiles(
  files: AsyncIterable<LoadedFile>,
  context: FileCheckContext,
  onFile: (file: LoadedFile) => void = () => {},
): Promise<Finding[]> {
  const findings: Finding[] = [];
  let group: LoadedFile[] = [];
  let documents = 0;
  const flush = async () => {
    for (const finding of await checkFileGroup(group, context)) findings.push(finding);
    group = [];
    documents = 0;
  };
  for await (const file of files) {
    onFile(file);
    group.push(file);
    documents += file.documents.length;
    if (documents >= GROUP_DOCUMENTS) await flush();
  }
  if (group.length > 0) await flush();
  return findings;
}

/** The findings of a group of files, each file's fingerprinted and with its source suppressions applied. */
async function checkFileGroup(files: readonly LoadedFile[], context: FileCheckContext): Promise<Finding[]> {
  const documents = context.evaluators.length > 0 ? files.flatMap((file) => file.documents) : [];
  const texts = documents.map((document) => JSON.stringify(document.object));
  // results[set][document], in the order of `documents`.
  const results = context.evaluators.map((evaluator) => evaluator.evaluateAll(texts));
  const findings: Finding[] = [];
  let next = 0;
  for (const file of files) {
    const start = next;
    next += documents.length > 0 ? file.documents.length : 0;
    const evaluated = results.map((perSet) => perSet.slice(start, next));
    for (const finding of await fileFindings(file, evaluated, context)) findings.push(finding);
  }
  return findings;
}

/** The findings of one file from its evaluation results (`evaluated[set][document of the file]`). */
async function fileFindings(
  file: LoadedFile,
  evaluated: EvaluationResult[][],
  context: FileCheckContext,
): Promise<Finding[]> {
  const { catalog, evaluators } = context;
  const raw: UnfingerprintedFinding[] = [];
  for (const problem of file.problems) {
    if (catalog.enabled(problem.ruleId)) {
      raw.push({ ...problem, severity: catalog.severity(problem.ruleId, problem.severity) });
    }
  }
  for (const [index, document] of (evaluators.length > 0 ? file.documents : []).entries()) {
    for (const [set, evaluator] of evaluators.entries()) {
      const { outputs, failures } = evaluated[set][index];
      for (const { rule, value } of outputs) {
        if (Array.isArray(value) && value.length === 0) continue;
        raw.push(...(await findingsFor(document, rule, value, catalog, evaluator.set.origin)));
      }
      for (const failure of failures) {
        const finding = await policyFailureFinding(document, failure.rules, failure.message, catalog);
        if (finding) raw.push(finding);
      }
    }
  }
  if (raw.length === 0) return [];
  suppressModule ??= import('./suppress.js');
  const { applySuppressions } = await suppressModule;
  return applySuppressions(assignFingerprints(raw), await suppressionSources(file));
}
