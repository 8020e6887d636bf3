// The builtins the Wasm runtime does not implement, run on the host: the
// SDK calls them through `opa_builtinN` and passes `hostBuiltins` as its
// `customBuiltins`. Arguments arrive as JSON (sets as sorted arrays); a
// result declared as a set in the catalog is returned as an array and turned
// back into a set by the generated code. The builtins whose answers depend
// on what JSON loses (EXACT_VALUE_BUILTINS) are also exported under
// `rtpolicy.exact.<name>`, which modules compiled by rtpolicy call with
// exact values (see exact.ts).
//
// Errors follow OPA: by default a builtin error (a bad regex, a malformed
// CIDR, an operand of the wrong type) makes the call undefined, exactly as
// `opa eval` without --strict-builtin-errors does, and the error is reported
// to `onBuiltinError`. With `strictBuiltinErrors` the error is thrown and
// evaluation fails with OPA's message (`regex.match: error parsing regexp:
// ...`), carrying `code` `eval_builtin_error` or `eval_type_error`.

import { arrayBuiltins } from './arrays.js';
import { castBuiltins } from './casts.js';
import { getBuiltin } from './catalog.js';
import type { RuntimeOptions } from './context.js';
import { cryptoBuiltins } from './crypto.js';
import { encodingBuiltins, loadYamlPackage, YAML_BUILTINS } from './encoding.js';
import { BuiltinError, BuiltinFailure } from './errors.js';
import { type Exact, parseRegoText, regoText, toJsonResult } from './exact.js';
import { globBuiltins } from './glob.js';
import { graphBuiltins } from './graph.js';
import { jsonBuiltins } from './json.js';
import { jwtBuiltins } from './jwt.js';
import { netBuiltins } from './net.js';
import { numberBuiltins } from './numbers.js';
import { regexBuiltins } from './regex.js';
import { runtimeBuiltins } from './runtime.js';
import { semverBuiltins } from './semver.js';
import { stringBuiltins } from './strings.js';
import { timeBuiltins } from './time.js';
import type { HostImplementations } from './types.js';
import { unitsBuiltins } from './units.js';
import { uuidBuiltins } from './uuid.js';
import { encodeResult, RawJson, type Result, type Value } from './values.js';

export { BuiltinError } from './errors.js';

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

function implementations(options: HostBuiltinOptions): HostImplementations {
  return {
    ...arrayBuiltins,
    ...castBuiltins,
    ...regexBuiltins,
    ...globBuiltins,
    ...stringBuiltins,
    ...unitsBuiltins,
    ...encodingBuiltins,
    ...jsonBuiltins,
    ...netBuiltins,
    ...semverBuiltins,
    ...uuidBuiltins(options),
    ...cryptoBuiltins,
    ...jwtBuiltins,
    ...timeBuiltins(options),
    ...graphBuiltins,
    ...numberBuiltins(options),
    ...runtimeBuiltins(options),
  };
}

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
 * The `customBuiltins` map for the SDK: each host builtin under its name and
 * under `rtpolicy.<name>` (JSON), and each of EXACT_VALUE_BUILTINS under
 * `rtpolicy.exact.<name>` too.
 */
export function createHostBuiltins(options: HostBuiltinOptions = {}): Record<string, HostBuiltinFunction> {
  const out: Record<string, HostBuiltinFunction> = {};
  for (const [name, impl] of Object.entries(implementations(options))) {
    if (!getBuiltin(name)) throw new Error(`host builtin ${name} is missing from the catalog`);
    const fn = adapt(name, impl, options);
    out[name] = fn;
    out[HOST_NAME_PREFIX + name] = fn;
    if (EXACT_VALUE_BUILTINS.has(name)) out[EXACT_NAME_PREFIX + name] = adaptExact(name, impl, options);
  }
  return out;
}

/**
 * Loads what the host builtins `names` need before they can be called: the
 * `yaml` package for the yaml builtins, which most policies never call.
 * Names may carry the prefixes of hostCallName. Without `names`, loads what
 * every builtin needs (for a module whose builtins are not known).
 */
export async function loadHostDependencies(names?: Iterable<string>): Promise<void> {
  const plain = names === undefined ? undefined : [...names].map(plainBuiltinName);
  if (plain === undefined || plain.some((name) => YAML_BUILTINS.has(name))) await loadYamlPackage();
}

/** `rtpolicy.exact.sprintf` -> `sprintf`. */
function plainBuiltinName(name: string): string {
  if (name.startsWith(EXACT_NAME_PREFIX)) return name.slice(EXACT_NAME_PREFIX.length);
  return name.startsWith(HOST_NAME_PREFIX) ? name.slice(HOST_NAME_PREFIX.length) : name;
}

/** The host builtins with OPA's default behaviour (builtin errors make the call undefined). */
export const hostBuiltins: Record<string, HostBuiltinFunction> = createHostBuiltins();

/** The Rego names of all host-implemented builtins, sorted. */
export const hostBuiltinNames: readonly string[] = Object.keys(hostBuiltins)
  .filter((n) => !n.startsWith(HOST_NAME_PREFIX))
  .sort();

for (const name of EXACT_VALUE_BUILTINS) {
  if (!hostBuiltinNames.includes(name)) throw new Error(`exact builtin ${name} has no host implementation`);
}

const hostNames = new Set(hostBuiltinNames);

/** True when the builtin is implemented on the host (and so callable through opa_builtinN). */
export function isHostBuiltin(name: string): boolean {
  return hostNames.has(name);
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
