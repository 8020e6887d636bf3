// The planner: turns a program in compiled form (src/compiler/README.md) into
// the imperative IR of src/compiler/ir.ts.
//
// Planning is written in continuation-passing style, like OPA's planner: each
// `plan*` method emits the statements that compute something and then calls
// its continuation `k` *inside* the innermost block it opened. Iteration is a
// Scan whose block holds the rest of the query, so one pass over the body
// yields nested loops, and each solution reaches the code the continuation
// emitted last (adding to a set, assigning the rule's value...). A failing
// statement stops only its innermost block, so code after a nested block is
// not guarded by what happened inside it: a search whose result matters after
// it (negation, `every`, alternatives) leaves its blocks with an explicit
// Break on success.
//
// Variables are bound for the extent of the continuation (FuncBuilder.bind),
// which is exactly the code that can see them.
//
// The planner is layered, each layer a module:
//   values.ts   terms, references (input, locals, `data` with its rules and
//               base documents), unification;
//   exprs.ts    bodies, expressions, calls, negation, `every`, `with`;
//   planner.ts  entrypoints and rule sets (one function per rule set);
// helped by doc-tree.ts (rules grouped by the document they compute),
// builder.ts (blocks, locals, variables of the function being planned),
// scope.ts (what `with` changes) and statics.ts (string and file tables).

import { type Rule, refToString, type Term } from '../../rego/ast.js';
import * as ir from '../ir.js';
import type { CompiledProgram } from '../program.js';
import { type Cont, FuncBuilder, local } from './builder.js';
import { buildDocTree, type DocNode, type PlacedRule } from './doc-tree.js';
import { compileError } from './errors.js';
import { ExprPlanner } from './exprs.js';
import { isConstant, pathName, stringTerm, TRUE_TERM } from './terms.js';

export class Planner extends ExprPlanner {
  constructor(program: CompiledProgram) {
    super(buildDocTree(program.modules));
  }

  plan(entrypoints: readonly string[]): ir.Policy {
    const plans = entrypoints.map((e) => this.planEntrypoint(e));
    return { static: this.statics.toStatic(), plans, funcs: this.funcs };
  }

  // -------------------------------------------------------------------------
  // Entrypoints and rule sets

  private planEntrypoint(entrypoint: string): ir.Plan {
    const keys = entrypoint
      .split('/')
      .filter((k) => k !== '')
      .map((k) => stringTerm(k));
    const block: ir.Block = { stmts: [] };
    this.b = new FuncBuilder();
    this.b.within(block, () =>
      this.planDataRef(keys, (value) => this.b.emit({ op: 'ResultSetAdd', value: this.toLocal(value) })),
    );
    return { name: entrypoint, blocks: [block] };
  }

  /** The name of the function computing the rule set at `node`, planning it on first use. */
  protected funcFor(node: DocNode): string {
    const key = JSON.stringify(node.path);
    const generation = this.scope.generation;
    const known = generation.funcs.get(key);
    if (known) return known;
    const name = `g${generation.id}.${pathName(node.path)}`;
    generation.funcs.set(key, name);
    const caller = this.b;
    this.b = new FuncBuilder();
    this.funcs.push(this.planRuleSet(node, name, generation.id));
    this.b = caller;
    return name;
  }

  private planRuleSet(node: DocNode, name: string, generation: number): ir.Func {
    const ret = this.b.newLocal();
    const params = [ir.INPUT, ir.DATA];
    for (let i = 0; i < node.arity; i++) params.push(this.b.newLocal());
    for (const value of this.scope.values) {
      const param = this.b.newLocal();
      params.push(param);
      this.b.replacementValues.set(value, local(param));
    }
    const fn: ir.Func = {
      name,
      params,
      return: ret,
      blocks: [],
      path: [`g${generation}`, 'data', ...node.path],
    };
    // A value that a `with` computes may differ between two evaluations of the same `with`.
    if (!node.isFunction && this.scope.values.length === 0) fn.memoize = true;

    const depth = node.path.length;
    const regular = node.rules.filter((r) => !r.rule.default);
    const defaults = node.rules.filter((r) => r.rule.default);
    const asObject = regular.some((r) => r.path.length > depth);
    const asSet = !asObject && regular.some((r) => r.rule.head.key !== undefined);

    if (asObject) {
      fn.blocks.push({ stmts: [{ op: 'MakeObject', target: ret }] });
      // Deeper rules first, so that a shallower rule writing over their
      // values meets them and conflicts (as in OPA).
      const ordered = [...regular].sort((a, b) => b.path.length - a.path.length);
      for (const r of ordered) this.planObjectRule(fn, r, depth);
    } else if (asSet) {
      fn.blocks.push({ stmts: [{ op: 'MakeSet', target: ret }] });
      for (const r of regular) this.planSetRule(fn, r);
    } else {
      for (const r of regular) this.planRuleChain(fn, r, node.arity);
    }
    if (defaults.length > 0) {
      if (asObject || asSet)
        throw compileError(defaults[0].rule.location, 'default rules must have a single value');
      for (const d of defaults) this.planDefault(fn, d.rule);
    }
    fn.blocks.push({ stmts: [{ op: 'ReturnLocal', source: ret }] });
    return fn;
  }

  /**
   * A complete rule or function definition and its `else` chain: the first
   * rule of the chain that produces a value gives it. Different values from
   * one rule, or from several definitions, are a conflict.
   */
  private planRuleChain(fn: ir.Func, placed: PlacedRule, arity: number): void {
    const result = this.b.newLocal();
    this.planChainInto(fn.blocks, placed.rule, fn.params.slice(2, 2 + arity), result);
    fn.blocks.push({
      stmts: [
        { op: 'IsDefined', source: result },
        this.located({ op: 'AssignVarOnce', source: local(result), target: fn.return }, placed.rule.location),
      ],
    });
  }

  /** Plans `first` and its else chain so that `result` holds the chain's value (or stays undefined). */
  private planChainInto(blocks: ir.Block[], first: Rule, params: ir.Local[], result: ir.Local): void {
    let chain = blocks;
    if (first.else) {
      const stmt: ir.BlockStmt = { op: 'Block', blocks: [] };
      blocks.push({ stmts: [stmt] });
      chain = stmt.blocks;
    }
    for (let rule: Rule | undefined = first; rule; rule = rule.else) {
      const current = rule;
      const block: ir.Block = { stmts: [] };
      chain.push(block);
      this.b.within(block, () => {
        if (current !== first) this.b.emit({ op: 'IsUndefined', source: result });
        const args = current.head.args ?? first.head.args ?? [];
        this.planParams(params, args, 0, () =>
          this.planBody(current.body, () =>
            this.atLocation(current.head.location, () => {
              const value = current.head.value ?? TRUE_TERM;
              this.planTerm(value, (v) => {
                this.b.emit({ op: 'AssignVarOnce', source: v, target: result });
                // Every further solution would assign the same value.
                if (isConstant(value)) this.b.breakOut(block);
              });
            }),
          ),
        );
      });
    }
  }

  private planSetRule(fn: ir.Func, placed: PlacedRule): void {
    const rule = placed.rule;
    if (rule.else) throw compileError(rule.location, 'else keyword cannot be used on multi-value rules');
    const key = rule.head.key;
    if (!key) throw compileError(rule.location, 'single-value and multi-value rules of the same name');
    const block: ir.Block = { stmts: [] };
    fn.blocks.push(block);
    this.b.within(block, () =>
      this.planBody(rule.body, () =>
        this.atLocation(rule.head.location, () =>
          this.planTerm(key, (v) => {
            this.b.emit({ op: 'SetAdd', value: v, set: fn.return });
            if (isConstant(key)) this.b.breakOut(block);
          }),
        ),
      ),
    );
  }

  /** A rule contributing to an object: `p[k] := v`, `a.b.c := v`, `a.b contains x` below a rule set at `a`. */
  private planObjectRule(fn: ir.Func, placed: PlacedRule, depth: number): void {
    const rule = placed.rule;
    const keys = placed.path.slice(depth);
    if (keys.length === 0)
      throw compileError(
        rule.location,
        `conflicting rules ${refToString({ type: 'ref', terms: placed.path, location: rule.location })}`,
      );
    const multi = rule.head.key;
    if (rule.else) {
      if (multi || !keys.every(isConstant)) {
        throw compileError(rule.location, 'else keyword cannot be used on rules with variables in head');
      }
      const result = this.b.newLocal();
      this.planChainInto(fn.blocks, rule, [], result);
      const block: ir.Block = { stmts: [{ op: 'IsDefined', source: result }] };
      fn.blocks.push(block);
      this.b.within(block, () =>
        this.atLocation(rule.head.location, () => this.insertAt(fn.return, keys, { value: local(result) })),
      );
      return;
    }
    const block: ir.Block = { stmts: [] };
    fn.blocks.push(block);
    const leafTerm = multi ?? rule.head.value ?? TRUE_TERM;
    this.b.within(block, () =>
      this.planBody(rule.body, () =>
        this.atLocation(rule.head.location, () =>
          this.planTerm(leafTerm, (v) => {
            this.insertAt(fn.return, keys, multi ? { element: v } : { value: v });
            if (isConstant(leafTerm) && keys.every(isConstant)) this.b.breakOut(block);
          }),
        ),
      ),
    );
  }

  /**
   * Puts a value at `keys` below `object`, creating nested objects on the
   * way: `{value}` is inserted once (a different value there is a conflict),
   * `{element}` is added to the set found or created there.
   */
  private insertAt(
    object: ir.Local,
    keys: Term[],
    leaf: { value: ir.Operand } | { element: ir.Operand },
  ): void {
    this.planTerm(keys[0], (key) => {
      if (keys.length > 1) {
        const child = this.lookupOrMake(object, key, 'MakeObject');
        this.insertAt(child, keys.slice(1), leaf);
        this.b.emit({ op: 'ObjectInsert', key, value: local(child), object });
      } else if ('value' in leaf) {
        this.b.emit({ op: 'ObjectInsertOnce', key, value: leaf.value, object });
      } else {
        const set = this.lookupOrMake(object, key, 'MakeSet');
        this.b.emit({ op: 'SetAdd', value: leaf.element, set });
        this.b.emit({ op: 'ObjectInsert', key, value: local(set), object });
      }
    });
  }

  /** `object[key]` when present, else a new empty object or set. */
  private lookupOrMake(object: ir.Local, key: ir.Operand, make: 'MakeObject' | 'MakeSet'): ir.Local {
    const target = this.b.newLocal();
    const lookup = (done: Cont) => {
      this.b.emit({ op: 'Dot', source: local(object), key, target });
      done();
    };
    this.firstOf(
      [lookup],
      () => {},
      () => this.b.emit({ op: make, target }),
    );
    return target;
  }

  private planDefault(fn: ir.Func, rule: Rule): void {
    const block: ir.Block = { stmts: [{ op: 'IsUndefined', source: fn.return }] };
    fn.blocks.push(block);
    this.b.within(block, () =>
      this.planBody(rule.body, () =>
        this.atLocation(rule.head.location, () =>
          this.planTerm(rule.head.value ?? TRUE_TERM, (v) =>
            this.b.emit({ op: 'AssignVarOnce', source: v, target: fn.return }),
          ),
        ),
      ),
    );
  }

  /** Unifies a function's parameters with the argument terms of one definition. */
  private planParams(params: ir.Local[], args: Term[], i: number, k: Cont): void {
    if (i === args.length) {
      k();
      return;
    }
    this.unifyOperand(local(params[i]), args[i], () => this.planParams(params, args, i + 1, k));
  }
}
