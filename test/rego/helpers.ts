// Shared helpers for the Rego front-end tests: parse, strip locations, build expected AST shapes.
import type { Body, Expr, Module, ParseOptions, RegoErrorDetail, Rule, Term } from '../../src/rego/ast.js';
import { RegoError } from '../../src/rego/ast.js';
import { parseModule, parseTerm } from '../../src/rego/parser.js';

export function parse(source: string, options: ParseOptions = {}): Module {
  return parseModule(source, 'test.rego', options);
}

/** Parses `package p` followed by `rules`. */
export function rules(source: string, options: ParseOptions = {}): Rule[] {
  return parse(`package p\n${source}`, options).rules;
}

/** The body of `p if { <source> }`. */
export function body(source: string, options: ParseOptions = {}): Body {
  return rules(`p if {\n${source}\n}`, options)[0].body;
}

/** The one expression of a body. */
export function expr(source: string): Expr {
  const b = body(source);
  if (b.length !== 1) throw new Error(`expected one expression, got ${b.length}`);
  return b[0];
}

export function term(source: string): Term {
  return parseTerm(source, 'test.rego');
}

/** A deep copy without `location` properties, for comparing shapes. */
export function shape<T>(value: T): T {
  if (Array.isArray(value)) return value.map(shape) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== 'location') out[k] = shape(v);
    return out as T;
  }
  return value;
}

/** The errors thrown by `fn` (which must throw a RegoError). */
export function errors(fn: () => unknown): RegoErrorDetail[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof RegoError) return e.errors;
    throw e;
  }
  throw new Error('expected a RegoError, but nothing was thrown');
}

/** Errors of parsing `source` as a module, as `row:col: message` strings. */
export function parseErrors(source: string, options: ParseOptions = {}): string[] {
  return errors(() => parse(source, options)).map((e) => {
    if (e.code !== 'rego_parse_error') throw new Error(`unexpected code ${e.code}`);
    return `${e.location.row}:${e.location.col}: ${e.message}`;
  });
}

// Builders for expected shapes (without locations).
export const v = (name: string) => ({ type: 'var', name });
export const s = (value: string) => ({ type: 'string', value });
export const n = (value: string) => ({ type: 'number', value });
export const b = (value: boolean) => ({ type: 'boolean', value });
export const nul = { type: 'null' };
export const ref = (...terms: unknown[]) => ({ type: 'ref', terms });
export const arr = (...items: unknown[]) => ({ type: 'array', items });
export const set = (...items: unknown[]) => ({ type: 'set', items });
export const obj = (...items: [unknown, unknown][]) => ({ type: 'object', items });
/** An operator reference: `op('plus')`, `op('internal', 'member_2')`. */
export const op = (name: string, ...rest: string[]) => ref(v(name), ...rest.map(s));
export const call = (operator: unknown, ...args: unknown[]) => ({ type: 'call', operator, args });
export const callExpr = (operator: unknown, ...args: unknown[]) => ({
  type: 'expr',
  kind: 'call',
  operator,
  args,
  negated: false,
  with: [],
});
export const termExpr = (t: unknown) => ({ type: 'expr', kind: 'term', term: t, negated: false, with: [] });
/** The generated `true` body of a rule written without one. */
export const implicitBody = [{ ...termExpr(b(true)), generated: true }];

/** Every object with a `type` in the tree, with its path (for location checks). */
export function nodes(value: unknown, path = '$'): { path: string; node: Record<string, unknown> }[] {
  const out: { path: string; node: Record<string, unknown> }[] = [];
  if (Array.isArray(value)) {
    for (const [i, x] of value.entries()) out.push(...nodes(x, `${path}[${i}]`));
  } else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.type === 'string') out.push({ path, node: o });
    for (const [k, x] of Object.entries(o)) if (k !== 'location') out.push(...nodes(x, `${path}.${k}`));
  }
  return out;
}
