// Shared helpers for the checker's tests: parse modules, analyze them, and
// print the compiled rules with generated variables renumbered in order of
// appearance (`__local17__` -> `L1`), so that expectations do not depend on
// how many variables earlier stages generated.

import { expect } from 'vitest';
import { type AnalyzeOptions, analyze } from '../../../src/compiler/check/index.js';
import { type CompiledProgram, negationSupport } from '../../../src/compiler/program.js';
import {
  type Body,
  bodyToString,
  exprToString,
  type Module,
  RegoError,
  type RegoErrorDetail,
  type Rule,
  termToString,
} from '../../../src/rego/ast.js';
import { parseModule } from '../../../src/rego/parser.js';

export function parse(source: string, file = 'test.rego', regoVersion: 'v0' | 'v1' = 'v1'): Module {
  return parseModule(source, file, { regoVersion });
}

/** Analyzes the sources (`mod0.rego`, `mod1.rego`, ...). */
export function compile(
  sources: string | string[],
  options: AnalyzeOptions & { v0?: boolean } = {},
): CompiledProgram {
  const list = Array.isArray(sources) ? sources : [sources];
  const modules = list.map((s, i) => parse(s, `mod${i}.rego`, options.v0 ? 'v0' : 'v1'));
  return analyze(modules, options);
}

/** One line per rule (else branches too): `head { body }`, generated variables renumbered per line. */
export function compiledRules(
  sources: string | string[],
  options: AnalyzeOptions & { v0?: boolean } = {},
): string[] {
  const program = compile(sources, options);
  const lines: string[] = [];
  for (const m of program.modules) {
    for (const rule of m.rules) {
      for (let r: Rule | undefined = rule; r; r = r.else) lines.push(renumber(ruleToString(r)));
    }
  }
  return lines;
}

/** The compiled body of the rule at `index` (default: the last rule), renumbered. */
export function compiledBody(
  source: string,
  index = -1,
  options: AnalyzeOptions & { v0?: boolean } = {},
): string {
  const rules = compiledRules(source, options);
  const line = rules.at(index)!;
  return line.slice(line.indexOf('{ ') + 2, -2);
}

function ruleToString(r: Rule): string {
  const h = r.head;
  const ref = h.ref.map((t, i) => (i === 0 ? termToString(t) : `[${termToString(t)}]`)).join('');
  const args = h.args ? `(${h.args.map(termToString).join(', ')})` : '';
  const key = h.key ? ` contains ${termToString(h.key)}` : '';
  const value = h.value ? ` = ${termToString(h.value)}` : '';
  return `${r.default ? 'default ' : ''}${ref}${args}${key}${value} { ${bodyToString(r.body)} }`;
}

export function renumber(s: string): string {
  const names = new Map<string, string>();
  return s.replace(/__local\d+__/g, (v) => {
    if (!names.has(v)) names.set(v, `L${names.size + 1}`);
    return names.get(v)!;
  });
}

/** The errors analyze() throws for the sources (fails the test if it does not throw a RegoError). */
export function errorsOf(
  sources: string | string[],
  options: AnalyzeOptions & { v0?: boolean } = {},
): RegoErrorDetail[] {
  try {
    compile(sources, options);
  } catch (e) {
    if (e instanceof RegoError) return e.errors;
    throw e;
  }
  expect.fail('expected a RegoError');
}

/** `code row:col message` for compact assertions. */
export function brief(errors: RegoErrorDetail[]): string[] {
  return errors.map((e) => `${e.code} ${e.location.row}:${e.location.col} ${e.message}`);
}

/**
 * A compiled body with what each negation encloses shown as OPA prints a
 * not-body: `not { eq(L1, input.x); f(L1) }` (top-level negations only).
 */
export function enclosedNegations(body: Body): string {
  return renumber(
    body
      .map((e) => {
        const support = negationSupport(e);
        if (support.length === 0) return exprToString(e);
        return `not { ${[...support, { ...e, negated: false }].map(exprToString).join('; ')} }`;
      })
      .join('; '),
  );
}
