// Baselines: `--write-baseline FILE` records the fingerprints of today's
// findings; `--baseline FILE` marks the findings found there as suppressed
// (kind `baseline`), so that only new findings fail the run.
//
// The file is JSON meant to be committed and reviewed:
//   {
//     "version": 1,
//     "findings": [
//       { "fingerprint": "…:0", "ruleId": "RTC031", "file": "deploy/web.yaml",
//         "object": "Deployment shop/web", "message": "…" }
//     ]
//   }
// Entries are sorted (file, rule id, object, message, fingerprint) and carry
// no line numbers, so the file only changes when findings do. Only
// `fingerprint` is used for matching; the other fields are for humans.
import { readFile, writeFile } from 'node:fs/promises';
import { UsageError } from './exit-status.js';
import type { Finding, ObjectRef } from './types.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
  /** `Kind namespace/name` of the object, when the finding is about one. */
  object?: string;
  message: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  findings: BaselineEntry[];
}

/**
 * The baseline of a run. Findings suppressed in the source (annotation,
 * comment) are left out: they are accepted where they are written, and
 * removing that annotation should bring them back. Findings suppressed by an
 * earlier baseline are kept, so rewriting a baseline drops only fixed findings.
 */
export function createBaseline(findings: readonly Finding[]): Baseline {
  const entries = findings
    .filter((f) => !f.suppression || f.suppression.kind === 'baseline')
    .map((f): BaselineEntry => {
      const object = describeObject(f.object);
      return {
        fingerprint: f.fingerprint,
        ruleId: f.ruleId,
        file: f.file,
        ...(object ? { object } : {}),
        message: f.message,
      };
    });
  entries.sort(compareEntries);
  return { version: BASELINE_VERSION, findings: dedupe(entries) };
}

export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

export async function writeBaseline(file: string, findings: readonly Finding[]): Promise<void> {
  try {
    await writeFile(file, serializeBaseline(createBaseline(findings)), 'utf8');
  } catch (err) {
    throw new UsageError(`cannot write baseline ${file}: ${(err as Error).message}`);
  }
}

export async function readBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read baseline ${file}: ${(err as Error).message}`);
  }
  return parseBaseline(text, file);
}

/** Parses and checks a baseline file; every problem is a {@link UsageError} naming the file. */
export function parseBaseline(text: string, file: string): Baseline {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`baseline ${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (!isRecord(value) || !Array.isArray(value.findings)) {
    throw new UsageError(
      `baseline ${file} is not an rtpolicy baseline (expected {"version": 1, "findings": [...]})`,
    );
  }
  if (value.version !== BASELINE_VERSION) {
    throw new UsageError(
      `baseline ${file} has version ${JSON.stringify(value.version)}; this rtpolicy reads version ${BASELINE_VERSION} (write a new one with --write-baseline)`,
    );
  }
  const findings = value.findings.map((entry, index): BaselineEntry => {
    if (!isRecord(entry) || typeof entry.fingerprint !== 'string' || entry.fingerprint === '') {
      throw new UsageError(`baseline ${file}: findings[${index}] has no "fingerprint" string`);
    }
    return {
      fingerprint: entry.fingerprint,
      ruleId: String(entry.ruleId ?? ''),
      file: String(entry.file ?? ''),
      ...(typeof entry.object === 'string' ? { object: entry.object } : {}),
      message: String(entry.message ?? ''),
    };
  });
  return { version: BASELINE_VERSION, findings };
}

/**
 * Marks the findings whose fingerprint is in the baseline as suppressed
 * (kind `baseline`). Findings already suppressed in the source keep that
 * suppression. Returns new finding objects; the input is not modified.
 */
export function applyBaseline(
  findings: readonly Finding[],
  baseline: Baseline,
  baselineFile: string,
): Finding[] {
  const known = new Set(baseline.findings.map((e) => e.fingerprint));
  return findings.map((f) =>
    f.suppression || !known.has(f.fingerprint)
      ? f
      : { ...f, suppression: { kind: 'baseline', justification: `Accepted in baseline ${baselineFile}` } },
  );
}

function describeObject(object: ObjectRef | undefined): string | undefined {
  if (!object?.kind && !object?.name) return undefined;
  const name = object.namespace ? `${object.namespace}/${object.name ?? ''}` : (object.name ?? '');
  return [object.kind, name].filter(Boolean).join(' ');
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return (
    compareText(a.file, b.file) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.object ?? '', b.object ?? '') ||
    compareText(a.message, b.message) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dedupe(sorted: BaselineEntry[]): BaselineEntry[] {
  return sorted.filter((e, i) => i === 0 || e.fingerprint !== sorted[i - 1].fingerprint);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
