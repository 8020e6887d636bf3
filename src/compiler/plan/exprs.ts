// Planning queries: bodies, expressions (unification, calls, negation,
// `every`) and `with` modifiers. See planner.ts for the planning model.

import { getBuiltin } from '../../builtins/catalog.js';
import {
  type ArrayTerm,
  type Body,
  type Every,
  type Expr,
  type Location,
  operatorName,
  type RefTerm,
  refToString,
  type SetTerm,
  type SomeDecl,
  type Term,
} from '../../rego/ast.js';
import * as ir from '../ir.js';
import { negationSupport } from '../program.js';
import { type Cont, FALSE, local, sameConstant } from './builder.js';
import type { DocNode } from './doc-tree.js';
import { compileError, typeError } from './errors.js';
import type { Replacement, Scope } from './scope.js';
import { isConstant, stringTerm } from './terms.js';
import { ValuePlanner } from './values.js';

export abstract class ExprPlanner extends ValuePlanner {
  // -------------------------------------------------------------------------
  // Bodies and expressions

  protected planBody(body: Body, k: Cont, i = 0): void {
    if (i === body.length) {
      k();
      return;
    }
    const expr = body[i];
    this.atLocation(expr.location, () => this.planExpr(expr, () => this.planBody(body, k, i + 1)));
  }

  protected planExpr(e: Expr, k: Cont): void {
    if (e.negated) {
      // What the checker hoisted out of `e` into the negation is evaluated inside it, first.
      const support = negationSupport(e);
      this.planNot((found) => this.planBody(support, () => this.planModified(e, found)), k);
    } else {
      this.planModified(e, k);
    }
  }

  /** An expression with its `with` modifiers (not its negation). */
  protected planModified(e: Expr, k: Cont): void {
    if (e.with.length > 0) this.planWith(e, k);
    else this.planPlainExpr(e, k);
  }

  protected planPlainExpr(e: Expr, k: Cont): void {
    switch (e.kind) {
      case 'term':
        this.planTruth(e.term, k);
        return;
      case 'call':
        this.planCall(e.operator, e.args, k);
        return;
      case 'every':
        this.planEvery(e.every, k);
        return;
      case 'some':
        this.planSome(e.decl, k);
        return;
    }
  }

  /** A bare term: defined and not false. */
  protected planTruth(t: Term, k: Cont): void {
    if (t.type === 'boolean') {
      this.continueIf(t.value, k);
      return;
    }
    if (t.type !== 'var' && t.type !== 'ref') {
      // A constant or a collection being built is defined, and not `false`.
      if (isConstant(t)) {
        k();
        return;
      }
    }
    this.planTerm(t, (v) => {
      this.emitNotFalse(v);
      k();
    });
  }

  protected emitNotFalse(v: ir.Operand): void {
    if (v.kind === 'bool') {
      if (!v.value) this.b.fail();
    } else if (v.kind === 'local') {
      this.b.emit({ op: 'NotEqual', a: v, b: FALSE });
    }
  }

  /**
   * `not e`: planned as a search for a solution of `e` inside a Not. When `e`
   * may succeed inside a nested block (a scan, alternatives) the search leaves
   * with a Break on its first solution, inside a second Not that turns "found"
   * into "defined":
   *
   *   Not { Not { Block { <e>; on success: break out of the inner Not } } }
   *
   * When `e` succeeds only at the end of its own block, `Not { <e> }` is enough.
   */
  protected planNot(search: (found: Cont) => void, k: Cont): void {
    const outer: ir.NotStmt = { op: 'Not', block: { stmts: [] } };
    const inner: ir.NotStmt = { op: 'Not', block: { stmts: [] } };
    const body: ir.Block = { stmts: [] };
    let flat = true;
    let success: ir.BreakStmt | undefined;
    this.b.within(outer.block, () =>
      this.b.within(inner.block, () =>
        this.b.within(body, () =>
          search(() => {
            if (success || !this.b.isInnermost(body)) flat = false;
            success = this.b.breakOut(inner.block);
          }),
        ),
      ),
    );
    if (flat && (!success || body.stmts[body.stmts.length - 1] === success)) {
      if (success) body.stmts.pop();
      this.b.emit({ op: 'Not', block: body });
    } else {
      inner.block.stmts.push({ op: 'Block', blocks: [body] });
      outer.block.stmts.push(inner);
      this.b.emit(outer);
    }
    k();
  }

  /**
   * `every k, v in domain { body }`: the domain must be a collection, and no
   * element may be a counterexample (an element for which the body fails):
   *
   *   Not { Block { Scan domain { <bind k, v>; not body; break out of Block } ; break out of Not } }
   *
   * A counterexample leaves the Block, so the Not runs to its end (undefined);
   * a finished scan leaves the Not's block early (defined).
   */
  protected planEvery(every: Every, k: Cont): void {
    this.planTerm(every.domain, (domainValue) => {
      const domain = this.toLocal(domainValue);
      this.requireCollection(domain);
      const check: ir.NotStmt = { op: 'Not', block: { stmts: [] } };
      const search: ir.Block = { stmts: [] };
      check.block.stmts.push({ op: 'Block', blocks: [search] });
      this.b.within(check.block, () =>
        this.b.within(search, () => {
          const key = this.b.newLocal();
          const value = this.b.newLocal();
          const element: ir.Block = { stmts: [] };
          this.b.emit({ op: 'Scan', source: domain, key, value, block: element });
          this.b.within(element, () => {
            const bindKey = (next: Cont) =>
              every.key ? this.unifyOperand(local(key), every.key, next) : next();
            bindKey(() =>
              this.unifyOperand(local(value), every.value, () =>
                this.planNot(
                  (found) => this.planBody(every.body, found),
                  () => this.b.breakOut(search),
                ),
              ),
            );
          });
          this.b.breakOut(check.block);
        }),
      );
      this.b.emit(check);
      k();
    });
  }

  /** Undefined unless `value` is an array, an object or a set. */
  protected requireCollection(value: ir.Local): void {
    const tests = (['IsArray', 'IsObject', 'IsSet'] as const).map((op) => (done: Cont) => {
      this.b.emit({ op, source: local(value) });
      done();
    });
    this.firstOf(tests, () => {});
  }

  /** `some x` declares; `some x in xs` (if the checker left it) iterates. */
  protected planSome(decl: SomeDecl, k: Cont): void {
    const [symbol] = decl.symbols;
    if (decl.symbols.length !== 1 || symbol.type !== 'call') {
      k();
      return;
    }
    const args = symbol.args;
    const domain = args[args.length - 1];
    this.planTerm(domain, (d) => {
      const source = this.toLocal(d);
      const key = this.b.newLocal();
      const value = this.b.newLocal();
      const block: ir.Block = { stmts: [] };
      this.b.emit({ op: 'Scan', source, key, value, block });
      this.b.within(block, () => {
        if (args.length === 3) {
          this.unifyOperand(local(key), args[0], () => this.unifyOperand(local(value), args[1], k));
        } else {
          this.unifyOperand(local(value), args[0], k);
        }
      });
    });
  }

  // -------------------------------------------------------------------------
  // Calls

  protected planCall(operator: RefTerm, args: Term[], k: Cont): void {
    const name = operatorName(operator);
    if ((name === 'eq' || name === 'assign') && args.length === 2) {
      this.unify(args[0], args[1], k);
      return;
    }
    const replacement = this.replacementFor(name);
    if (replacement) {
      this.planReplacedCall(name, replacement, args, k);
      return;
    }
    if (name === 'equal' && args.length === 2) {
      this.planComparison('Equal', args, k);
      return;
    }
    if (name === 'neq' && args.length === 2) {
      this.planComparison('NotEqual', args, k);
      return;
    }
    if (name === 'internal.member_2' && args.length === 2 && isSmallConstantCollection(args[1])) {
      this.planConstantMembership(args[0], args[1], k);
      return;
    }
    const fn = this.functionNode(operator);
    if (fn) {
      this.planCallTo(this.funcFor(fn), fn.arity, args, k, { rule: true });
      return;
    }
    this.planBuiltinCall(name, args, k, operator.location);
  }

  protected planComparison(op: 'Equal' | 'NotEqual', args: Term[], k: Cont): void {
    this.planTerms(args, ([a, b]) => {
      if (a.kind !== 'local' && b.kind !== 'local') {
        this.continueIf(sameConstant(a, b) === (op === 'Equal'), k);
        return;
      }
      this.b.emit({ op, a, b });
      k();
    });
  }

  /**
   * `x in {"a", "b"}`: compares `x` with each element instead of building
   * the collection and calling the builtin (the most common membership test
   * in policies, often inside loops).
   */
  protected planConstantMembership(element: Term, collection: Term, k: Cont): void {
    const items =
      collection.type === 'object'
        ? collection.items.map(([, v]) => v)
        : (collection as ArrayTerm | SetTerm).items;
    this.planTerm(element, (x) =>
      this.firstOf(
        items.map((item) => (found: Cont) => this.planTerm(item, (v) => this.emitEqual(x, v, found))),
        k,
      ),
    );
  }

  protected planBuiltinCall(name: string, args: Term[], k: Cont, location?: Location): void {
    const decl = getBuiltin(name);
    if (!decl) throw typeError(location, `undefined function ${name}`);
    const arity = decl.variadic ? args.length : decl.args.length;
    this.statics.builtin(name, arity);
    this.planCallTo(name, arity, args, k, { relation: decl.relation, void: decl.result === undefined });
  }

  /**
   * Calls `func` with `leading` operands then the first `arity` arguments;
   * an extra argument receives the result (unified with it), otherwise the
   * result must not be false.
   */
  protected planCallTo(
    func: string,
    arity: number,
    args: Term[],
    k: Cont,
    kind: { rule?: boolean; values?: Replacement[]; relation?: boolean; void?: boolean } = {},
  ): void {
    if (args.length !== arity && args.length !== arity + 1) {
      throw compileError(
        args[0]?.location,
        `${func}: wrong number of arguments (${args.length}, want ${arity})`,
      );
    }
    this.planTerms(args.slice(0, arity), (ops) => {
      const result = this.b.newLocal();
      const callArgs = kind.rule ? [...this.rootOperands(), ...ops, ...this.valueOperands(kind.values)] : ops;
      this.b.emit({ op: 'Call', func, args: callArgs, result });
      if (args.length === arity) {
        if (!kind.void && !kind.relation) this.b.emit({ op: 'NotEqual', a: local(result), b: FALSE });
        k();
      } else if (!kind.relation) {
        this.unifyOperand(local(result), args[arity], k);
      } else {
        // A relation returns all its results; each is a solution.
        const scanned = this.scan(local(result));
        this.b.within(scanned.block, () => this.unifyOperand(local(scanned.value), args[arity], k));
      }
    });
  }

  /** The user function a call names (`data.lib.f`), if it is one. */
  protected functionNode(operator: RefTerm): DocNode | undefined {
    const [head, ...rest] = operator.terms;
    if (head.type !== 'var' || head.name !== 'data') return undefined;
    const node = this.ruleSetAt(rest);
    if (!node) throw compileError(operator.location, `undefined function ${refToString(operator)}`);
    if (!node.isFunction) throw compileError(operator.location, `${refToString(operator)} is not a function`);
    return node;
  }

  /**
   * The rule set at a path of string terms, looked up to find functions:
   * a `with` on `data` does not hide them, since they are not documents.
   */
  protected ruleSetAt(path: Term[]): DocNode | undefined {
    let node: DocNode | undefined = this.root;
    for (const t of path) {
      if (!node || node.rules.length > 0 || t.type !== 'string') return undefined;
      node = node.children.get(t.value);
    }
    return node && node.rules.length > 0 ? node : undefined;
  }

  protected planReplacedCall(name: string, replacement: Replacement, args: Term[], k: Cont): void {
    const arity = this.arityOf(name);
    switch (replacement.kind) {
      case 'builtin': {
        this.statics.builtin(replacement.name, arity);
        const decl = getBuiltin(replacement.name);
        this.planCallTo(replacement.name, arity, args, k, { void: decl?.result === undefined });
        return;
      }
      case 'function': {
        // The replacement itself is planned without the replacements of this `with`.
        const outer = this.scope;
        const inner: Scope = {
          generation: this.newGeneration(),
          hidden: outer.hidden,
          replacements: [],
          values: [],
        };
        this.scope = inner;
        const func = this.funcFor(replacement.node);
        this.scope = outer;
        this.planCallTo(func, arity, args, k, { rule: true, values: [] });
        return;
      }
      case 'value':
      case 'computed': {
        // The arguments are still evaluated (they must be defined), then the call "returns" the value.
        this.planTerms(args.slice(0, arity), () => {
          const withValue = (v: ir.Operand) => {
            if (args.length > arity) {
              this.unifyOperand(v, args[arity], k);
            } else {
              this.emitNotFalse(v);
              k();
            }
          };
          if (replacement.kind === 'value') this.planTerm(replacement.term, withValue);
          else withValue(this.replacementValue(replacement));
        });
        return;
      }
    }
  }

  protected arityOf(name: string): number {
    if (name.startsWith('data.')) {
      const node = this.ruleSetAt(
        name
          .split('.')
          .slice(1)
          .map((p) => stringTerm(p)),
      );
      if (node) return node.arity;
    }
    const decl = getBuiltin(name);
    if (!decl) throw compileError(undefined, `undefined function ${name}`);
    return decl.args.length;
  }

  protected replacementFor(name: string): Replacement | undefined {
    const frames = this.scope.replacements;
    for (let i = frames.length - 1; i >= 0; i--) {
      const r = frames[i].get(name);
      if (r) return r;
    }
    return undefined;
  }

  // -------------------------------------------------------------------------
  // `with`

  /**
   * `e with t1 as v1 ...`: the values are computed first; `input` and `data`
   * targets become With statements around `e`; a `data` target that replaces
   * rules hides them, and function targets are replaced, in a new generation
   * so that every rule `e` evaluates is planned again under the modifiers.
   * The rest of the query runs with the original documents again.
   */
  protected planWith(e: Expr, k: Cont): void {
    const documents: { local: ir.Local; path: number[]; value: Term }[] = [];
    const functions: { name: string; value: Term; replacement?: Replacement }[] = [];
    const hidden: string[][] = [];
    for (const w of e.with) {
      const [head, ...keys] = w.target.terms;
      const root = head.type === 'var' ? head.name : '';
      const isDocument = root === 'input' || (root === 'data' && !this.ruleSetAt(keys)?.isFunction);
      if (!isDocument) {
        functions.push({
          name: refToString(w.target),
          value: w.value,
          replacement: this.functionReplacement(w.value),
        });
        continue;
      }
      const path = keys.map((key) => {
        if (key.type !== 'string')
          throw compileError(key.location, 'with: target path must be made of strings');
        return key.value;
      });
      const target = root === 'input' ? ir.INPUT : ir.DATA;
      documents.push({ local: target, path: path.map((p) => this.statics.string(p)), value: w.value });
      if (root === 'data' && this.nodeAt(path)) hidden.push(path);
    }

    const computed = functions.filter((f) => !f.replacement && !isConstant(f.value));
    const values = [...documents.map((d) => d.value), ...computed.map((f) => f.value)];
    this.planTerms(values, (ops) => {
      const replacements = new Map<string, Replacement>();
      const computedValues: Replacement[] = [];
      for (const f of functions) {
        let replacement = f.replacement;
        if (!replacement && computed.includes(f)) {
          replacement = { kind: 'computed', term: f.value };
          this.b.replacementValues.set(replacement, ops[documents.length + computed.indexOf(f)]);
          computedValues.push(replacement);
        }
        replacements.set(f.name, replacement ?? { kind: 'value', term: f.value });
      }

      const saved = new Map<ir.Local, ir.Local>();
      for (const d of documents) {
        if (saved.has(d.local)) continue;
        const copy = this.b.newLocal();
        this.b.emit({ op: 'AssignVar', source: local(d.local), target: copy });
        saved.set(d.local, copy);
      }

      const outer = this.scope;
      const inner: Scope =
        hidden.length > 0 || replacements.size > 0
          ? {
              generation: this.newGeneration(),
              hidden: [...outer.hidden, ...hidden],
              replacements: [...outer.replacements, replacements],
              values: [...outer.values, ...computedValues],
            }
          : outer;
      this.scope = inner;
      this.nestWith(
        documents.map((d, i) => ({ local: d.local, path: d.path, value: ops[i] })),
        () =>
          this.planPlainExpr(e, () => {
            this.scope = outer;
            const restore = [...saved].map(([original, copy]) => ({
              local: original,
              path: [],
              value: local(copy),
            }));
            this.nestWith(restore, k);
            this.scope = inner;
          }),
      );
      this.scope = outer;
    });
  }

  protected nestWith(withs: { local: ir.Local; path: number[]; value: ir.Operand }[], k: Cont, i = 0): void {
    if (i === withs.length) {
      k();
      return;
    }
    const w = withs[i];
    const block: ir.Block = { stmts: [] };
    this.b.emit({ op: 'With', local: w.local, path: w.path, value: w.value, block });
    this.b.within(block, () => this.nestWith(withs, k, i + 1));
  }

  /** The function or builtin `with f as value` puts in place of `f`; undefined when `value` is a value. */
  protected functionReplacement(value: Term): Replacement | undefined {
    if (value.type === 'ref' && value.terms[0].type === 'var' && value.terms[0].name === 'data') {
      const node = this.ruleSetAt(value.terms.slice(1));
      return node?.isFunction ? { kind: 'function', node } : undefined;
    }
    const name = value.type === 'ref' ? refToString(value) : value.type === 'var' ? value.name : undefined;
    if (name !== undefined && !this.isBound(name.split('.')[0]) && getBuiltin(name))
      return { kind: 'builtin', name };
    return undefined;
  }
}

/** Collections whose membership test is planned as comparisons: literal, constant, and small. */
const MAX_UNROLLED_MEMBERS = 16;

function isSmallConstantCollection(t: Term): boolean {
  return (
    (t.type === 'array' || t.type === 'set' || t.type === 'object') &&
    t.items.length <= MAX_UNROLLED_MEMBERS &&
    isConstant(t)
  );
}
