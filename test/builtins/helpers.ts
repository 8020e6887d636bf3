// Calls host builtins as the SDK does (JSON values in) and decodes what the
// SDK would load into Wasm memory (a value, or JSON text in an ArrayBuffer).

import { type BuiltinError, createHostBuiltins } from '../../src/builtins/index.js';

const strict = createHostBuiltins({ strictBuiltinErrors: true, print: () => {} });

/** What the SDK would load into Wasm memory, as JSON text (`undefined` for an undefined result). */
export function resultJson(out: unknown): string | undefined {
  if (out === undefined) return undefined;
  if (out instanceof ArrayBuffer) return new TextDecoder().decode(out);
  return JSON.stringify(out);
}

/** The result as JSON text, exactly as the runtime would parse it (`undefined` for an undefined result). */
export function callJson(name: string, ...args: unknown[]): string | undefined {
  const fn = strict[name];
  if (!fn) throw new Error(`no host builtin ${name}`);
  return resultJson(fn(...args));
}

/** The result as a JS value (big numbers lose precision: use callJson to check those). */
export function call(name: string, ...args: unknown[]): unknown {
  const json = callJson(name, ...args);
  return json === undefined ? undefined : JSON.parse(json);
}

/** The error a call raises in strict mode. */
export function callError(name: string, ...args: unknown[]): BuiltinError {
  try {
    call(name, ...args);
  } catch (e) {
    return e as BuiltinError;
  }
  throw new Error(`${name} did not fail`);
}

/**
 * Calls an exact builtin as modules compiled by rtpolicy do: arguments and
 * result as Rego value text (`undefined` for an undefined result).
 */
export function callExact(name: string, ...texts: string[]): string | undefined {
  const fn = strict[`rtpolicy.exact.${name}`];
  if (!fn) throw new Error(`no exact host builtin ${name}`);
  return fn(...texts) as string | undefined;
}
