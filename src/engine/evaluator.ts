// Evaluates one policy set on documents through the unmodified opa-wasm SDK.
//
// Each `opa_eval` parses its input again, so a compiled set is evaluated
// once per document through its generated gather entrypoint, which returns
// every rule's value keyed by rule; and since each call has a cost of its
// own, several documents go in one call through the batch entrypoint (an
// array of documents in, an array of gather values out). When an evaluation
// fails (a conflict, a builtin error), the batch's documents are evaluated
// one by one, and a failing document's rules each on its own entrypoint, so
// that the failure is pinned on its document and rule and the rest still
// report.
//
// A bundle is evaluated per entrypoint: one named `.../deny`, `.../warn` or
// `.../violation` is that rule; any other is taken as a package whose
// deny/warn/violation members are the rules.
import { createRequire } from 'node:module';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { fallbackRuleId, type PolicyRule, RULE_KINDS, type RuleKind } from './policy-rules.js';
import type { PolicySet } from './policy-set.js';
import { calledHostBuiltins, compileWasmModule, type WasmModule } from './wasm-module.js';

/** One entrypoint call and the rules its value holds (the whole value, or its member `key`). */
interface EvaluationStep {
  entrypoint: string;
  outputs: { rule: PolicyRule; key?: string }[];
}

export interface RuleOutput {
  rule: PolicyRule;
  /** The rule's value: usually the array of a partial set's elements. */
  value: unknown;
}

export interface RuleFailure {
  /** The rule that failed, or the rules of an entrypoint that failed as a whole. */
  rules: PolicyRule[];
  message: string;
}

export interface EvaluationResult {
  outputs: RuleOutput[];
  failures: RuleFailure[];
}

/** Text of whatever the SDK threw: opa_abort throws the runtime's message as a string. */
function errorMessage(err: unknown): string {
  if (typeof err === 'string') return err;
  if (err instanceof Error) return err.message;
  if (err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string') {
    return (err as { message: string }).message;
  }
  return String(err);
}

/** `data.a["b-c"].deny` from `["a", "b-c", "deny"]`, written as Rego writes refs. */
function refOf(segments: readonly string[]): string {
  return segments.reduce(
    (ref, s) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? `${ref}.${s}` : `${ref}[${JSON.stringify(s)}]`),
    'data',
  );
}

/** The rule a bundle entrypoint evaluates: as its sources describe it, else named by the entrypoint. */
function ruleAt(entrypoint: string, known: Map<string, PolicyRule>): PolicyRule {
  const existing = known.get(entrypoint);
  if (existing) return existing;
  const segments = entrypoint.split('/');
  const kind = segments.pop() as RuleKind;
  const rule: PolicyRule = {
    ref: refOf([...segments, kind]),
    package: segments.join('.'),
    kind,
    entrypoint,
    ids: [],
  };
  rule.ids.push(fallbackRuleId(rule));
  known.set(entrypoint, rule);
  return rule;
}

/** What to call for a bundle, from its entrypoints. */
function bundleSteps(entrypoints: string[], rules: readonly PolicyRule[]): EvaluationStep[] {
  const known = new Map(rules.map((r) => [r.entrypoint, r]));
  return [...entrypoints].sort().map((entrypoint) => {
    const last = entrypoint.split('/').at(-1) ?? '';
    if ((RULE_KINDS as readonly string[]).includes(last)) {
      return { entrypoint, outputs: [{ rule: ruleAt(entrypoint, known) }] };
    }
    return {
      entrypoint,
      outputs: RULE_KINDS.map((kind) => ({ rule: ruleAt(`${entrypoint}/${kind}`, known), key: kind })),
    };
  });
}

/**
 * The SDK through its CommonJS entry: its ES module entry exports only
 * `loadPolicy` (its type declarations promise `loadPolicySync` too).
 */
function loadSdk(): typeof import('@open-policy-agent/opa-wasm') {
  return createRequire(import.meta.url)('@open-policy-agent/opa-wasm');
}

export class PolicyEvaluator {
  private constructor(
    readonly set: PolicySet,
    /** The compiled wasm, for other threads to instantiate without compiling again. */
    readonly module: WasmModule,
    private readonly policy: LoadedPolicy,
    private readonly steps: EvaluationStep[],
    /** Rules that have an entrypoint of their own, for evaluating them one by one after a failure. */
    private readonly isolatable: ReadonlySet<string>,
    /** The batch entrypoint, when the set has one and the module exports it. */
    private readonly batch: string | undefined,
  ) {}

  /**
   * Instantiates the set's module and gives it its data (once: every
   * document sees the same data). `module` is the set's wasm compiled
   * already (worker threads receive it from the main thread).
   */
  static async load(
    set: PolicySet,
    data: Record<string, unknown>,
    module?: WasmModule,
  ): Promise<PolicyEvaluator> {
    const [{ loadHostBuiltins }, compiled] = await Promise.all([
      import('../builtins/modules.js'),
      module ?? compileWasmModule(set.wasm),
    ]);
    // Only the modules of the builtins the policy calls (all, when its table cannot be read).
    const hostBuiltins = await loadHostBuiltins(calledHostBuiltins(compiled));
    // Instantiating the compiled module synchronously is cheap; the SDK's async
    // loadPolicy would test `instanceof Response`, which loads Node's fetch (undici).
    const policy = loadSdk().loadPolicySync(compiled, undefined, hostBuiltins);
    policy.setData(data);
    const entrypoints = Object.keys(policy.entrypoints as Record<string, number>);
    const steps =
      set.gather && !set.bundle
        ? [{ entrypoint: set.gather, outputs: set.rules.map((rule) => ({ rule, key: rule.ref })) }]
        : bundleSteps(entrypoints, set.rules);
    const batch = set.batch && steps.length === 1 && entrypoints.includes(set.batch) ? set.batch : undefined;
    return new PolicyEvaluator(set, compiled, policy, steps, new Set(entrypoints), batch);
  }

  /** The rules this set reports (for bundles, also those found from its entrypoints). */
  get rules(): PolicyRule[] {
    return this.steps.flatMap((step) => step.outputs.map((o) => o.rule));
  }

  /**
   * Evaluates every rule on one document. `input` is the document's JSON
   * text encoded as UTF-8 (encoded once for all sets), or the value itself.
   */
  evaluate(input: ArrayBuffer | unknown): EvaluationResult {
    const result: EvaluationResult = { outputs: [], failures: [] };
    for (const step of this.steps) {
      let value: unknown;
      try {
        value = this.call(input, step.entrypoint);
      } catch (err) {
        this.isolate(input, step, errorMessage(err), result);
        continue;
      }
      this.collect(step, value, result);
    }
    return result;
  }

  /**
   * Evaluates every rule on each document (`documents`: their JSON texts),
   * up to BATCH_DOCUMENTS of them per call when the set has a batch
   * entrypoint. The results are in the documents' order.
   */
  evaluateAll(documents: readonly string[]): EvaluationResult[] {
    if (!this.batch || documents.length < 2) return documents.map((text) => this.evaluate(encodeText(text)));
    const results: EvaluationResult[] = [];
    for (let start = 0; start < documents.length; ) {
      let end = start;
      let chars = 0;
      while (end < documents.length && end - start < BATCH_DOCUMENTS && chars < BATCH_CHARS) {
        chars += documents[end++].length;
      }
      results.push(...this.evaluateBatch(documents.slice(start, end)));
      start = end;
    }
    return results;
  }

  private evaluateBatch(documents: readonly string[]): EvaluationResult[] {
    if (documents.length > 1 && this.batch) {
      let values: unknown;
      try {
        values = this.call(encodeText(`[${documents.join(',')}]`), this.batch);
      } catch {
        // One document failed, or more: each on its own says which.
      }
      if (Array.isArray(values) && values.length === documents.length) {
        const [step] = this.steps;
        return values.map((value) => {
          const result: EvaluationResult = { outputs: [], failures: [] };
          this.collect(step, value, result);
          return result;
        });
      }
    }
    return documents.map((text) => this.evaluate(encodeText(text)));
  }

  private call(input: unknown, entrypoint: string): unknown {
    const resultSet = this.policy.evaluate(input, entrypoint) as { result: unknown }[];
    return resultSet.length > 0 ? resultSet[0].result : undefined;
  }

  private collect(step: EvaluationStep, value: unknown, result: EvaluationResult): void {
    for (const { rule, key } of step.outputs) {
      const ruleValue =
        key === undefined
          ? value
          : value !== null && typeof value === 'object' && !Array.isArray(value)
            ? (value as Record<string, unknown>)[key]
            : undefined;
      if (ruleValue !== undefined) result.outputs.push({ rule, value: ruleValue });
    }
  }

  /** After a step failed: evaluate its rules one by one where each has an entrypoint, else blame them all. */
  private isolate(input: unknown, step: EvaluationStep, message: string, result: EvaluationResult): void {
    const alone =
      step.outputs.length > 1 && step.outputs.every((o) => this.isolatable.has(o.rule.entrypoint));
    if (!alone) {
      result.failures.push({ rules: step.outputs.map((o) => o.rule), message });
      return;
    }
    for (const { rule } of step.outputs) {
      try {
        const value = this.call(input, rule.entrypoint);
        if (value !== undefined) result.outputs.push({ rule, value });
      } catch (err) {
        result.failures.push({ rules: [rule], message: errorMessage(err) });
      }
    }
  }
}

/**
 * Documents per batch call: enough to spread the per-call cost, few enough
 * that the heap one call fills (the SDK resets it between calls) stays small.
 */
const BATCH_DOCUMENTS = 32;
/** And at most about this many characters of JSON per batch. */
const BATCH_CHARS = 256 * 1024;

const encoder = new TextEncoder();

/** A document as the SDK's pre-encoded input: JSON text in an ArrayBuffer of exactly its length. */
export function encodeInput(document: unknown): ArrayBuffer {
  return encodeText(JSON.stringify(document));
}

function encodeText(text: string): ArrayBuffer {
  const bytes = encoder.encode(text);
  return bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}
