// A policy set: one Wasm module to evaluate, the rules it reports and how
// to call them. The built-in pack, the `--policy` files (compiled together)
// and each `--bundle` are one set each.
import type { PolicyRule } from './policy-rules.js';
import type { RuleInfo } from './types.js';

export interface PolicySet {
  /** How messages name it: `the built-in pack`, `--policy policies/`, `--bundle out.tar.gz`. */
  label: string;
  /** `builtin` for the pack; `policy` for everything users bring. */
  origin: 'builtin' | 'policy';
  wasm: Uint8Array;
  /**
   * Rules known before evaluation (compiled sets: every rule; bundles: those
   * their Rego sources describe, when the bundle carries them).
   */
  rules: PolicyRule[];
  /** RuleInfo from METADATA. */
  catalog: RuleInfo[];
  /** The entrypoint that evaluates every rule at once (compiled sets). */
  gather?: string;
  /** The entrypoint that evaluates `gather` on each document of an array (compiled sets). */
  batch?: string;
  /** Data of the set's own (a bundle's data.json), merged under the run's data. */
  data?: Record<string, unknown>;
  /** Bundles: their entrypoints decide what is evaluated (see evaluator.ts). */
  bundle?: boolean;
}
