// How host builtins meet the SDK: the names a module calls them by, and the
// wrapping of each TypeScript implementation into the function the SDK calls
// (JSON values or Rego value text in and out, OPA's error handling). The
// implementations themselves are in the modules that modules.ts lists.
import { getBuiltin } from './catalog.js';
import type { RuntimeOptions } from './context.js';
import { BuiltinError, BuiltinFailure } from './errors.js';
import { type Exact, parseRegoText, regoText, toJsonResult } from './exact.js';
import type { HostImplementations } from './types.js';
import { encodeResult, RawJson, type Result, type Value } from './values.js';

/** A function as the SDK calls it: JSON values in, a JSON value (or undefined) out. */
export type HostBuiltinFunction = (...args: unknown[]) => unknown;

export interface HostBuiltinOptions extends RuntimeOptions {
  /**
   * OPA's --strict-builtin-errors: throw builtin errors (evaluation fails)
   * instead of making the call undefined. Default false, as in OPA.
   */
  strictBuiltinErrors?: boolean;
  /** Receives each builtin error that made a call undefined (non-strict mode). */
  onBuiltinError?: (error: BuiltinError) => void;
}

/**
 * Builtins whose name the SDK reserves: its own implementations (sprintf via
 * sprintf-js, regex.split, json/yaml helpers) win over customBuiltins of the
 * same name and differ from OPA's, so modules must call ours under
 * `rtpolicy.<name>` (see hostCallName).
 */
export const SDK_RESERVED_BUILTINS: ReadonlySet<string> = new Set([
  'sprintf',
  'json.is_valid',
  'regex.split',
  'yaml.is_valid',
  'yaml.marshal',
  'yaml.unmarshal',
]);

/** The prefix under which every host builtin is also exported. */
export const HOST_NAME_PREFIX = 'rtpolicy.';

/**
 * Host builtins whose answers depend on sets, non-string object keys or
 * integers beyond 2^53, which JSON loses: compiled modules pass them Rego
 * value text and call them under `rtpolicy.exact.<name>` (exact.ts).
 */
export const EXACT_VALUE_BUILTINS: ReadonlySet<string> = new Set([
  'sprintf',
  'internal.print',
  'print',
  'object.subset',
  'json.patch',
  'strings.replace_n',
  'net.cidr_contains_matches',
]);

/** Exact builtins that format values: they get numbers with their kind (exact.ts NumberLiteral). */
const FORMATTING_BUILTINS: ReadonlySet<string> = new Set(['sprintf', 'internal.print', 'print']);

/** The prefix of the exact-value exports. */
export const EXACT_NAME_PREFIX = 'rtpolicy.exact.';

/** Runs an implementation with OPA's error handling: a builtin error makes the call undefined, or throws. */
function guarded<T>(name: string, options: HostBuiltinOptions, call: () => T): T | undefined {
  try {
    return call();
  } catch (e) {
    if (!(e instanceof BuiltinFailure)) throw e;
    const error = new BuiltinError(name, e.message, e.code);
    if (options.strictBuiltinErrors) throw error;
    options.onBuiltinError?.(error);
    return undefined;
  }
}

/** Wraps an implementation for the SDK's JSON calls: exact-number results, exact values written as JSON. */
function adapt(
  name: string,
  impl: HostImplementations[string],
  options: HostBuiltinOptions,
): HostBuiltinFunction {
  return (...args: unknown[]) =>
    guarded(name, options, () => {
      const result = impl(...(args as Value[]));
      if (result === undefined || result instanceof RawJson) return encodeResult(result);
      return encodeResult(toJsonResult(result as Exact) as Result);
    });
}

/** Wraps an implementation for exact calls: Rego value text in and out (exact.ts). */
function adaptExact(
  name: string,
  impl: HostImplementations[string],
  options: HostBuiltinOptions,
): HostBuiltinFunction {
  return (...texts: unknown[]) => {
    const args = texts.map((t) => {
      if (typeof t !== 'string') throw new Error(`internal error: ${name}: expected Rego value text`);
      return parseRegoText(t, { numberLiterals: FORMATTING_BUILTINS.has(name) });
    });
    return guarded(name, options, () => {
      const result = (impl as (...a: Exact[]) => Exact | RawJson | undefined)(...args);
      return result === undefined ? undefined : regoText(result);
    });
  };
}

/**
 * The `customBuiltins` map for the SDK of `implementations`: each host builtin under its name and
 * under `rtpolicy.<name>` (JSON), and each of EXACT_VALUE_BUILTINS under
 * `rtpolicy.exact.<name>` too.
 */
export function wrapHostBuiltins(
  implementations: HostImplementations,
  options: HostBuiltinOptions = {},
): Record<string, HostBuiltinFunction> {
  const out: Record<string, HostBuiltinFunction> = {};
  for (const [name, impl] of Object.entries(implementations)) {
    if (!getBuiltin(name)) throw new Error(`host builtin ${name} is missing from the catalog`);
    const fn = adapt(name, impl, options);
    out[name] = fn;
    out[HOST_NAME_PREFIX + name] = fn;
    if (EXACT_VALUE_BUILTINS.has(name)) out[EXACT_NAME_PREFIX + name] = adaptExact(name, impl, options);
  }
  return out;
}

/** `rtpolicy.exact.sprintf` -> `sprintf`. */
export function plainBuiltinName(name: string): string {
  if (name.startsWith(EXACT_NAME_PREFIX)) return name.slice(EXACT_NAME_PREFIX.length);
  return name.startsWith(HOST_NAME_PREFIX) ? name.slice(HOST_NAME_PREFIX.length) : name;
}

/** True when compiled modules pass the builtin exact values (Rego value text) rather than JSON. */
export function usesExactValues(name: string): boolean {
  return EXACT_VALUE_BUILTINS.has(name);
}

/**
 * The name a compiled module lists in its `builtins()` table for a host
 * builtin: `rtpolicy.exact.<name>` for one that takes exact values,
 * `rtpolicy.<name>` where the SDK would shadow ours, the plain Rego name
 * otherwise (so other OPA SDKs can supply their own implementations).
 */
export function hostCallName(name: string): string {
  if (usesExactValues(name)) return EXACT_NAME_PREFIX + name;
  return SDK_RESERVED_BUILTINS.has(name) ? HOST_NAME_PREFIX + name : name;
}
