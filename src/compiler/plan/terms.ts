// Small classifications of AST terms used while planning.

import { isGroundTerm, type Location, type StringTerm, type Term } from '../../rego/ast.js';

/** Where planner-made terms (entrypoint paths, implicit values) point. */
export const NO_LOCATION: Location = { file: '', row: 0, col: 0, offset: 0, end: 0 };

export function stringTerm(value: string, location: Location = NO_LOCATION): StringTerm {
  return { type: 'string', value, location };
}

export const TRUE_TERM: Term = { type: 'boolean', value: true, location: NO_LOCATION };

/** A value known when planning: a scalar, or a composite of such values. */
export const isConstant = isGroundTerm;

/** A number literal that is an integer within the safe range gets an exact `MakeNumberInt`. */
export function safeInteger(text: string): number | undefined {
  if (!/^-?\d+$/.test(text)) return undefined;
  const value = Number(text);
  // `|| 0` turns -0 into 0: Rego has no negative zero.
  return Number.isSafeInteger(value) ? value || 0 : undefined;
}

/** A canonical text for a constant term (e.g. an object key), locations left out. */
export function keyText(t: Term): string {
  return JSON.stringify(t, (k, v) => (k === 'location' ? undefined : v));
}

/** A readable, unambiguous name for a path below data: `data.a.b["x.y"]`. */
export function pathName(path: readonly string[]): string {
  let out = 'data';
  for (const p of path) out += /^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`;
  return out;
}
