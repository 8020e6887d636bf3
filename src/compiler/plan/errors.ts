// Errors the planner reports: constructs it cannot plan, reported with OPA's
// codes and the location of the construct.

import { type Location, RegoError, type VarTerm } from '../../rego/ast.js';
import { NO_LOCATION } from './terms.js';

function detail(code: string, location: Location | undefined, message: string) {
  const at = location ?? NO_LOCATION;
  return { code, message, location: { file: at.file, row: at.row, col: at.col } };
}

export function compileError(location: Location | undefined, message: string): RegoError {
  return new RegoError([detail('rego_compile_error', location, message)]);
}

export function typeError(location: Location | undefined, message: string): RegoError {
  return new RegoError([detail('rego_type_error', location, message)]);
}

export function unsafeError(v: VarTerm): RegoError {
  return new RegoError([detail('rego_unsafe_var_error', v.location, `var ${v.name} is unsafe`)]);
}
