// Checks one loaded file: the loader's problems, then every document
// through every policy set; then the file's findings get their
// fingerprints and source suppressions (src/report/README.md's order; the
// baseline, which needs no source, is applied by the caller). Runs on the
// main thread and in worker threads alike.
import type { LoadedFile } from '../loader/types.js';
import { encodeInput, type PolicyEvaluator } from './evaluator.js';
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

/** The findings of one file, fingerprinted, with source suppressions applied. */
export async function checkFile(file: LoadedFile, context: FileCheckContext): Promise<Finding[]> {
  const { catalog, evaluators } = context;
  const raw: UnfingerprintedFinding[] = [];
  for (const problem of file.problems) {
    if (catalog.enabled(problem.ruleId)) {
      raw.push({ ...problem, severity: catalog.severity(problem.ruleId, problem.severity) });
    }
  }
  for (const document of evaluators.length > 0 ? file.documents : []) {
    const input = encodeInput(document.object);
    for (const evaluator of evaluators) {
      const { outputs, failures } = evaluator.evaluate(input);
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
