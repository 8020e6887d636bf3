// The shape of host builtin implementations.

import type { Exact } from './exact.js';
import type { RawJson, Result, Value } from './values.js';

/** A host builtin: JSON arguments in (sets as arrays), a result out, or undefined for an undefined result. */
export type HostImplementation = (...args: Value[]) => Result | undefined;

/**
 * A builtin that also takes exact values (EXACT_VALUE_BUILTINS in index.ts):
 * sets, objects with any keys and big integers as ./exact.ts represents
 * them. It must still work on JSON arguments, which a module built by
 * `opa build` passes.
 */
export type ExactImplementation = (...args: Exact[]) => Exact | RawJson | undefined;

export type HostImplementations = Record<string, HostImplementation | ExactImplementation>;
