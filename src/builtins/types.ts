// The shape of host builtin implementations.

import type { Result, Value } from './values.js';

/** A host builtin: JSON arguments in (sets as arrays), a result out, or undefined for an undefined result. */
export type HostImplementation = (...args: Value[]) => Result | undefined;

export type HostImplementations = Record<string, HostImplementation>;
