// Error collection for the checker, with OPA's error codes.

import type { Location, RegoErrorDetail } from '../../rego/ast.js';

export const CompileErr = 'rego_compile_error';
export const TypeErr = 'rego_type_error';
export const UnsafeVarErr = 'rego_unsafe_var_error';
export const RecursionErr = 'rego_recursion_error';
export const ParseErr = 'rego_parse_error';

export type ErrorCode =
  | typeof CompileErr
  | typeof TypeErr
  | typeof UnsafeVarErr
  | typeof RecursionErr
  | typeof ParseErr;

/** The errors found so far; a stage adds to it and the driver stops after a stage that failed. */
export class Diagnostics {
  readonly errors: RegoErrorDetail[] = [];

  add(code: ErrorCode, location: Location, message: string): void {
    this.errors.push({
      code,
      message,
      location: { file: location.file, row: location.row, col: location.col },
    });
  }

  get failed(): boolean {
    return this.errors.length > 0;
  }
}

/** OPA's `Location.String()` for messages: `file:row`. */
export function locationString(location: Location): string {
  return location.file ? `${location.file}:${location.row}` : `${location.row}:${location.col}`;
}
