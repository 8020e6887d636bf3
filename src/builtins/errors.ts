// Errors of host builtins, worded like OPA's (`v1/topdown/builtins`): an
// implementation throws a BuiltinFailure without knowing its own name, and
// the dispatcher (index.ts) turns it into a BuiltinError named after the
// builtin: `regex.match: error parsing regexp: missing closing ]: `[a``.

import { typeOf, type Value } from './values.js';

export type BuiltinErrorCode = 'eval_builtin_error' | 'eval_type_error';

/** Thrown by an implementation; the dispatcher adds the builtin's name. */
export class BuiltinFailure extends Error {
  constructor(
    message: string,
    readonly code: BuiltinErrorCode = 'eval_builtin_error',
  ) {
    super(message);
    this.name = 'BuiltinFailure';
  }
}

/** A builtin's evaluation error, as OPA reports it: `code`, and a message prefixed with the builtin's name. */
export class BuiltinError extends Error {
  constructor(
    readonly builtin: string,
    readonly detail: string,
    readonly code: BuiltinErrorCode = 'eval_builtin_error',
  ) {
    super(`${builtin}: ${detail}`);
    this.name = 'BuiltinError';
  }
}

export function fail(message: string): never {
  throw new BuiltinFailure(message);
}

export function typeFail(message: string): never {
  throw new BuiltinFailure(message, 'eval_type_error');
}

// ---------------------------------------------------------------------------
// Operand checks (positions count from 1, as in OPA's messages)

/** `operand 2 must be string but got number`, or `must be one of {set, array}` for several types. */
export function operandTypeFail(pos: number, got: Value, ...expected: string[]): never {
  const want = expected.length === 1 ? expected[0] : `one of {${expected.join(', ')}}`;
  typeFail(`operand ${pos} must be ${want} but got ${typeOf(got)}`);
}

export function operandFail(pos: number, message: string): never {
  typeFail(`operand ${pos} ${message}`);
}

export function stringOperand(v: Value, pos: number): string {
  if (typeof v !== 'string') operandTypeFail(pos, v, 'string');
  return v;
}

export function numberOperand(v: Value, pos: number): number {
  if (typeof v !== 'number') operandTypeFail(pos, v, 'number');
  return v;
}

export function intOperand(v: Value, pos: number): number {
  const n = numberOperand(v, pos);
  if (!Number.isInteger(n)) typeFail(`operand ${pos} must be integer number but got floating-point number`);
  return n;
}

export function booleanOperand(v: Value, pos: number): boolean {
  if (typeof v !== 'boolean') operandTypeFail(pos, v, 'boolean');
  return v;
}

export function arrayOperand(v: Value, pos: number): Value[] {
  if (!Array.isArray(v)) operandTypeFail(pos, v, 'array');
  return v;
}

export function objectOperand(v: Value, pos: number): { [key: string]: Value } {
  if (typeOf(v) !== 'object') operandTypeFail(pos, v, 'object');
  return v as { [key: string]: Value };
}

/** An array or set (both arrive as arrays) whose elements are all strings. */
export function stringsOperand(v: Value, pos: number): string[] {
  if (!Array.isArray(v)) operandTypeFail(pos, v, 'set', 'array');
  for (const x of v) {
    if (typeof x !== 'string')
      typeFail(`operand ${pos} must be array of strings but got array containing ${typeOf(x)}`);
  }
  return v as string[];
}
