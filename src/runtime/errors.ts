// Errors that stop an evaluation. The host's env.opa_abort throws the C
// string it is given (the SDK throws it as a JavaScript string), so every
// message is formatted here the way OPA words it.
import { Buf, bufAscii, bufBytes, bufCString, bufI64, bufNew } from './buffer';

// @ts-ignore: decorator
@external("env", "opa_abort")
declare function opa_abort(msg: usize): void;

/** Aborts with a finished message buffer. */
export function abortBuf(b: Buf): void {
  opa_abort(bufCString(b));
  unreachable();
}

/** Aborts with an ASCII message. */
export function abortMessage(msg: string): void {
  const b = bufNew(<u32>msg.length + 1);
  bufAscii(b, msg);
  abortBuf(b);
}

// Builtin errors follow OPA's default (non-strict) evaluation: the call is
// undefined and evaluation goes on. With strict builtin errors (as
// `opa eval --strict-builtin-errors`), they abort as eval_builtin_error.
let strictBuiltinErrors = false;

/** Makes builtin errors abort (1) or leave the call undefined (0, the default). */
export function opa_strict_builtin_errors(strict: i32): void {
  strictBuiltinErrors = strict != 0;
}

/**
 * An error OPA's builtin raises (division by zero, bad number text...):
 * returns 0 (undefined), or aborts with `eval_builtin_error: {name}: {msg}`
 * when builtin errors are strict.
 */
export function builtinError(name: string, msg: string): usize {
  if (!strictBuiltinErrors) return 0;
  const b = bufNew(64);
  bufAscii(b, 'eval_builtin_error: ');
  bufAscii(b, name);
  bufAscii(b, ': ');
  bufAscii(b, msg);
  abortBuf(b);
  return 0;
}

/** Like builtinError, with text (UTF-8 bytes) after the message. */
export function builtinErrorWithText(name: string, msg: string, text: usize, len: u32): usize {
  if (!strictBuiltinErrors) return 0;
  const b = bufNew(64 + len);
  bufAscii(b, 'eval_builtin_error: ');
  bufAscii(b, name);
  bufAscii(b, ': ');
  bufAscii(b, msg);
  bufBytes(b, text, len);
  abortBuf(b);
  return 0;
}

/**
 * What the runtime cannot compute (not an error of the policy): always
 * aborts, so that no answer is silently wrong.
 */
export function unsupported(name: string, msg: string): usize {
  const b = bufNew(64);
  bufAscii(b, 'eval_builtin_error: ');
  bufAscii(b, name);
  bufAscii(b, ': ');
  bufAscii(b, msg);
  abortBuf(b);
  return 0;
}

function cstrLen(p: usize): u32 {
  let n: u32 = 0;
  while (load<u8>(p + n) != 0) n++;
  return n;
}

function locationPrefix(file: usize, row: i32, col: i32): Buf {
  const b = bufNew(128);
  if (file != 0) bufBytes(b, file, cstrLen(file));
  bufAscii(b, ':');
  bufI64(b, row);
  bufAscii(b, ':');
  bufI64(b, col);
  bufAscii(b, ': ');
  return b;
}

/** Aborts with `{file}:{row}:{col}: {msg}` (file and msg are C strings). */
export function opa_runtime_error(file: usize, row: i32, col: i32, msg: usize): void {
  const b = locationPrefix(file, row, col);
  if (msg != 0) bufBytes(b, msg, cstrLen(msg));
  abortBuf(b);
}

/** A complete rule (or a variable assigned once) produced two different values. */
export function opa_conflict_error(file: usize, row: i32, col: i32): void {
  const b = locationPrefix(file, row, col);
  bufAscii(b, 'eval_conflict_error: complete rules must not produce multiple outputs');
  abortBuf(b);
}

/** A function returned two different values for the same arguments. */
export function opa_function_conflict_error(file: usize, row: i32, col: i32): void {
  const b = locationPrefix(file, row, col);
  bufAscii(b, 'eval_conflict_error: functions must not produce multiple outputs for same inputs');
  abortBuf(b);
}

/** An object rule produced two different values for one key. */
export function opa_object_conflict_error(file: usize, row: i32, col: i32): void {
  const b = locationPrefix(file, row, col);
  bufAscii(b, 'eval_conflict_error: object keys must be unique');
  abortBuf(b);
}

/** The target of AssemblyScript's own `abort` (assertions): should never run. */
export function assemblyScriptAbort(_msg: string | null, _file: string | null, _line: u32, _col: u32): void {
  abortMessage('internal error in the policy runtime');
}
