// Semantic analysis and rewriting: parsed modules in, the compiled form out
// (see ../README.md), or a RegoError with every problem found, using OPA's
// error codes and messages. The stages run in OPA's order; as in OPA, a stage
// that finds errors ends the analysis, since later stages rely on what it
// guarantees.

import { type Module, RegoError } from '../../rego/ast.js';
import type { CompiledProgram } from '../program.js';
import { checkRuleConflicts } from './conflicts.js';
import { type AnalyzeOptions, CheckContext } from './context.js';
import { checkDefaultRules } from './defaults.js';
import { checkDeprecatedBuiltins } from './deprecated.js';
import { rewriteDynamicTerms } from './dynamics.js';
import { rewriteEquals } from './equals.js';
import { rewriteExprTerms } from './exprterms.js';
import { checkUndefinedFuncs } from './funcs.js';
import { rewriteRuleHeadRefs } from './headrefs.js';
import { rewriteComprehensionTerms, rewriteRefsInHead } from './hoist.js';
import { rewriteLocalVars } from './localvars.js';
import { rewriteRegoMetadataCalls } from './metadata.js';
import { encloseNegationSupport } from './negation.js';
import { prepareModules } from './prepare.js';
import { checkVoidCalls, rewritePrintCalls } from './print.js';
import { checkRecursion, type DependencyGraph } from './recursion.js';
import { checkAndRemoveImports, checkKeywordOverrides, resolveRefs } from './resolve.js';
import { checkSafetyRuleBodies, checkSafetyRuleHeads } from './safety.js';
import { checkTypes } from './typecheck.js';
import { makeVarsUnique } from './uniquevars.js';
import { rewriteWithValues } from './with.js';

export type { AnalyzeOptions } from './context.js';

/**
 * Checks and rewrites `modules` (left untouched) into the compiled form.
 * Throws a RegoError listing every error of the first stage that found any.
 */
export function analyze(modules: readonly Module[], options: AnalyzeOptions = {}): CompiledProgram {
  const ctx = new CheckContext(prepareModules(modules), options);
  let graph: DependencyGraph | undefined;
  const stages: [name: string, run: () => void][] = [
    ['CheckDefaultRules', () => checkDefaultRules(ctx)],
    ['ResolveRefs', () => resolveRefs(ctx)],
    ['RewriteRuleHeadRefs', () => rewriteRuleHeadRefs(ctx)],
    ['CheckKeywordOverrides', () => checkKeywordOverrides(ctx)],
    ['CheckDuplicateImports', () => checkAndRemoveImports(ctx)],
    ['RewriteLocalVars', () => rewriteLocalVars(ctx)],
    ['MakeVarsUnique', () => makeVarsUnique(ctx)],
    ['CheckVoidCalls', () => checkVoidCalls(ctx)],
    ['RewritePrintCalls', () => rewritePrintCalls(ctx)],
    ['RewriteExprTerms', () => rewriteExprTerms(ctx)],
    ['RewriteRegoMetadataCalls', () => rewriteRegoMetadataCalls(ctx)],
    ['RewriteComprehensionTerms', () => rewriteComprehensionTerms(ctx)],
    ['RewriteRefsInHead', () => rewriteRefsInHead(ctx)],
    ['RewriteWithValues', () => rewriteWithValues(ctx)],
    ['CheckRuleConflicts', () => checkRuleConflicts(ctx)],
    ['CheckUndefinedFuncs', () => checkUndefinedFuncs(ctx)],
    ['CheckSafetyRuleHeads', () => checkSafetyRuleHeads(ctx)],
    ['CheckSafetyRuleBodies', () => checkSafetyRuleBodies(ctx)],
    ['RewriteEquals', () => rewriteEquals(ctx)],
    ['RewriteDynamicTerms', () => rewriteDynamicTerms(ctx)],
    [
      'CheckRecursion',
      () => {
        graph = checkRecursion(ctx);
      },
    ],
    ['CheckTypes', () => checkTypes(ctx, graph!)],
    ['CheckDeprecatedBuiltins', () => checkDeprecatedBuiltins(ctx)],
    // Last: the stages above see hoisted expressions in the body, in front of their negation.
    ['EncloseNegationSupport', () => encloseNegationSupport(ctx)],
  ];
  for (const [, run] of stages) {
    run();
    if (ctx.diagnostics.failed) throw new RegoError(ctx.diagnostics.errors);
  }
  return { modules: ctx.modules, ruleTree: ctx.ruleTree };
}
