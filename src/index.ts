// The rtpolicy library entry (package.json "exports"): see DESIGN.md "Contracts".

export { hostBuiltins } from './builtins/index.js';
export type { CompileWasmOptions } from './compiler/index.js';
export { compileWasm } from './compiler/index.js';
export { type CheckOptions, type CheckResult, check, UsageError } from './engine/index.js';
export type {
  Finding,
  ObjectRef,
  Region,
  Report,
  RuleInfo,
  RunStats,
  Severity,
  Suppression,
} from './engine/types.js';
export type * from './rego/ast.js';
export { formatRegoError, RegoError } from './rego/ast.js';
export { parseModule } from './rego/parser.js';
