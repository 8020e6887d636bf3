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
import { cryptoBuiltins } from './crypto.js';
import { encodingBuiltins, loadYamlPackage } from './encoding.js';
import { globBuiltins } from './glob.js';
import { templateBuiltins } from './gotemplate.js';
import { graphBuiltins } from './graph.js';
import {
  EXACT_VALUE_BUILTINS,
  type HostBuiltinFunction,
  type HostBuiltinOptions,
  wrapHostBuiltins,
} from './host.js';
import { jsonBuiltins } from './json.js';
import { jwtBuiltins } from './jwt.js';
import { hostBuiltinNames } from './modules.js';
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

export { BuiltinError } from './errors.js';
export {
  EXACT_NAME_PREFIX,
  EXACT_VALUE_BUILTINS,
  HOST_NAME_PREFIX,
  type HostBuiltinFunction,
  type HostBuiltinOptions,
  hostCallName,
  SDK_RESERVED_BUILTINS,
  usesExactValues,
} from './host.js';
export { hostBuiltinNames, isHostBuiltin, loadHostBuiltins } from './modules.js';

function implementations(options: HostBuiltinOptions): HostImplementations {
  return {
    ...arrayBuiltins,
    ...castBuiltins,
    ...regexBuiltins,
    ...globBuiltins,
    ...stringBuiltins,
    ...templateBuiltins,
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

/**
 * The `customBuiltins` map for the SDK, with every host builtin: each under
 * its name and under `rtpolicy.<name>` (JSON), and each of
 * EXACT_VALUE_BUILTINS under `rtpolicy.exact.<name>` too. (The engine loads
 * only what a policy calls: modules.ts loadHostBuiltins.)
 */
export function createHostBuiltins(options: HostBuiltinOptions = {}): Record<string, HostBuiltinFunction> {
  return wrapHostBuiltins(implementations(options), options);
}

// Every builtin must be callable here, the yaml ones too (modules.ts loads
// the `yaml` package only for the policies that call them).
await loadYamlPackage();

/** The host builtins with OPA's default behaviour (builtin errors make the call undefined). */
export const hostBuiltins: Record<string, HostBuiltinFunction> = createHostBuiltins();

for (const name of EXACT_VALUE_BUILTINS) {
  if (!hostBuiltinNames.includes(name)) throw new Error(`exact builtin ${name} has no host implementation`);
}
