// What `with` modifiers change in the planner's view of the policy.

import type { Term } from '../../rego/ast.js';
import type { DocNode } from './doc-tree.js';

/**
 * A set of planned rule functions. Rules are planned once per generation; a
 * `with` that replaces rules or functions starts a new generation, so that
 * everything evaluated under it is planned again against the replacement.
 */
export interface Generation {
  id: number;
  /** Rule set path (JSON) -> name of its planned function. */
  funcs: Map<string, string>;
}

/** What a `with` put in place of a function or builtin. */
export type Replacement =
  | { kind: 'builtin'; name: string }
  | { kind: 'function'; node: DocNode }
  | { kind: 'value'; term: Term }
  /**
   * A value computed at run time where the `with` is. Rule functions planned
   * under the `with` receive it as an extra parameter (see Scope.values).
   */
  | { kind: 'computed'; term: Term };

/** The planner's view of the rules, as the `with` modifiers in force change it. */
export interface Scope {
  generation: Generation;
  /** Paths below `data` whose rules a `with` replaced by a base value. */
  hidden: (readonly string[])[];
  /** Function replacements, innermost `with` last. */
  replacements: Map<string, Replacement>[];
  /**
   * The computed replacement values in force: every rule function planned in
   * this scope takes them as parameters after its arguments, and every call
   * of one passes them on.
   */
  values: Replacement[];
}
