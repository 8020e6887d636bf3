// The engine: policies (built-in pack, --policy, --bundle) evaluated on the
// loader's documents through the opa-wasm SDK, producing a Report.
export { type CheckOptions, type CheckResult, check } from './check.js';
export { UsageError } from './exit-status.js';
export type { PolicyRule, RuleKind } from './policy-rules.js';
export type { Log } from './policy-sources.js';
export type * from './types.js';
