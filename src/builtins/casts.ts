// The deprecated cast_* builtins (callable from Rego v0 modules only): each
// returns its operand when it already has the type, and fails otherwise.

import { operandTypeFail } from './errors.js';
import type { HostImplementations } from './types.js';
import { isObject, type Value } from './values.js';

function cast(accepts: (v: Value) => boolean, ...expected: string[]) {
  return (v: Value) => {
    if (!accepts(v)) operandTypeFail(1, v, ...expected);
    return v;
  };
}

export const castBuiltins: HostImplementations = {
  // A set arrives as an array, and a declared set result is turned back into a set.
  cast_array: cast(Array.isArray, 'array', 'set'),
  cast_set: cast(Array.isArray, 'array', 'set'),
  cast_string: cast((v) => typeof v === 'string', 'string'),
  cast_boolean: cast((v) => typeof v === 'boolean', 'boolean'),
  cast_null: cast((v) => v === null, 'null'),
  cast_object: cast(isObject, 'object'),
};
