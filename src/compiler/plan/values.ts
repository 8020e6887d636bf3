// Planning values: terms, references (to input, locals, and to `data`,
// where rules and base documents meet), and unification. The base of the
// planner's layers (values.ts <- exprs.ts <- planner.ts); see planner.ts
// for the planning model.

import {
  type ArrayComprehensionTerm,
  type Body,
  type Location,
  type ObjectComprehensionTerm,
  type ObjectTerm,
  operatorName,
  type RefTerm,
  type SetComprehensionTerm,
  type Term,
  type VarTerm,
} from '../../rego/ast.js';
import * as ir from '../ir.js';
import { bool, type Cont, FuncBuilder, local, sameConstant, type ValueCont } from './builder.js';
import type { DocNode } from './doc-tree.js';
import { compileError, unsafeError } from './errors.js';
import type { Generation, Replacement, Scope } from './scope.js';
import { StaticTables } from './statics.js';
import { isConstant, keyText, pathName, safeInteger, stringTerm } from './terms.js';

/** The base document at `path` below `source` (the `data` local or a value found while scanning it). */
interface BaseDoc {
  source: ir.Operand;
  path: Term[];
}

export abstract class ValuePlanner {
  protected readonly statics = new StaticTables();
  protected readonly funcs: ir.Func[] = [];
  private generations = 0;
  protected scope: Scope = { generation: this.newGeneration(), hidden: [], replacements: [], values: [] };
  /** The function or plan being planned. */
  protected b = new FuncBuilder();

  constructor(protected readonly root: DocNode) {}

  /** The name of the function computing the rule set at `node`, planning it on first use. */
  protected abstract funcFor(node: DocNode): string;

  /** Plans a query body; `k` runs once per solution. */
  protected abstract planBody(body: Body, k: Cont): void;

  protected newGeneration(): Generation {
    return { id: this.generations++, funcs: new Map() };
  }

  /**
   * Runs `alternatives` in order until one reaches `done`; planning then goes
   * on after them, once. When none does, `otherwise` runs (it must not fail),
   * or else the current block stops.
   */
  protected firstOf(alternatives: ((done: Cont) => void)[], k: Cont, otherwise?: Cont): void {
    const here = this.b.block;
    this.b.nested((outer) => {
      for (const alternative of alternatives) this.b.nested(() => alternative(() => this.b.breakOut(outer)));
      if (otherwise) otherwise();
      else this.b.breakOut(here);
    });
    k();
  }

  /** Goes on with `k` when a condition known at planning time holds; otherwise the block stops here. */
  protected continueIf(holds: boolean, k: Cont): void {
    if (holds) k();
    else this.b.fail();
  }

  /** The `input` and `data` operands every rule function receives first. */
  protected rootOperands(): ir.Operand[] {
    return [local(ir.INPUT), local(ir.DATA)];
  }

  /** The computed replacement values rule functions of the current scope take after their arguments. */
  protected valueOperands(values = this.scope.values): ir.Operand[] {
    return values.map((v) => this.replacementValue(v));
  }

  protected replacementValue(replacement: Replacement): ir.Operand {
    const value = this.b.replacementValues.get(replacement);
    if (!value) throw new Error('planner: replacement value not in scope');
    return value;
  }

  // -------------------------------------------------------------------------
  // Terms

  protected planTerms(terms: Term[], k: (values: ir.Operand[]) => void, done: ir.Operand[] = []): void {
    if (done.length === terms.length) {
      k(done);
      return;
    }
    this.planTerm(terms[done.length], (v) => this.planTerms(terms, k, [...done, v]));
  }

  protected planTerm(t: Term, k: ValueCont): void {
    switch (t.type) {
      case 'null': {
        const target = this.b.newLocal();
        this.b.emit({ op: 'MakeNull', target });
        k(local(target));
        return;
      }
      case 'boolean':
        k(bool(t.value));
        return;
      case 'number':
        k(local(this.makeNumber(t.value)));
        return;
      case 'string':
        k({ kind: 'string', index: this.statics.string(t.value) });
        return;
      case 'var':
        if (t.name === 'input') {
          k(this.inputValue());
          return;
        }
        if (t.name === 'data') {
          this.planDataRef([], k);
          return;
        }
        k(this.boundValue(t));
        return;
      case 'ref':
        this.planRef(t, k);
        return;
      case 'array':
        this.planTerms(t.items, (items) => {
          const target = this.b.newLocal();
          this.b.emit({ op: 'MakeArray', capacity: items.length, target });
          for (const value of items) this.b.emit({ op: 'ArrayAppend', value, array: target });
          k(local(target));
        });
        return;
      case 'set':
        this.planTerms(t.items, (items) => {
          const target = this.b.newLocal();
          this.b.emit({ op: 'MakeSet', target });
          for (const value of items) this.b.emit({ op: 'SetAdd', value, set: target });
          k(local(target));
        });
        return;
      case 'object':
        this.planTerms(t.items.flat(), (parts) => {
          const target = this.b.newLocal();
          this.b.emit({ op: 'MakeObject', target });
          for (let i = 0; i < parts.length; i += 2) {
            this.b.emit({ op: 'ObjectInsert', key: parts[i], value: parts[i + 1], object: target });
          }
          k(local(target));
        });
        return;
      case 'arraycomprehension':
      case 'setcomprehension':
      case 'objectcomprehension':
        this.planComprehension(t, k);
        return;
      case 'call':
        throw compileError(
          t.location,
          `call ${operatorName(t.operator)} inside a term (not in compiled form)`,
        );
    }
  }

  protected makeNumber(text: string): ir.Local {
    const target = this.b.newLocal();
    const int = safeInteger(text);
    if (int !== undefined) this.b.emit({ op: 'MakeNumberInt', value: int, target });
    else this.b.emit({ op: 'MakeNumberRef', index: this.statics.string(text), target });
    return target;
  }

  protected planComprehension(
    t: ArrayComprehensionTerm | SetComprehensionTerm | ObjectComprehensionTerm,
    k: ValueCont,
  ): void {
    const target = this.b.newLocal();
    const make: ir.Stmt =
      t.type === 'arraycomprehension'
        ? { op: 'MakeArray', capacity: 0, target }
        : t.type === 'setcomprehension'
          ? { op: 'MakeSet', target }
          : { op: 'MakeObject', target };
    this.b.emit(make);
    this.b.nested(() =>
      this.planBody(t.body, () => {
        if (t.type === 'objectcomprehension') {
          this.planTerm(t.key, (key) =>
            this.planTerm(t.value, (value) =>
              this.b.emit({ op: 'ObjectInsertOnce', key, value, object: target }),
            ),
          );
        } else {
          this.planTerm(t.term, (value) =>
            this.b.emit(
              t.type === 'arraycomprehension'
                ? { op: 'ArrayAppend', value, array: target }
                : { op: 'SetAdd', value, set: target },
            ),
          );
        }
      }),
    );
    k(local(target));
  }

  // -------------------------------------------------------------------------
  // References

  protected planRef(ref: RefTerm, k: ValueCont): void {
    const [head, ...keys] = ref.terms;
    if (head.type !== 'var') {
      this.planTerm(head, (v) => this.planPath(v, keys, k));
      return;
    }
    if (head.name === 'data') {
      this.planDataRef(keys, k);
      return;
    }
    if (head.name !== 'input') {
      this.planPath(this.boundValue(head), keys, k);
    } else if (keys.length > 0) {
      this.planPath(local(ir.INPUT), keys, k);
    } else {
      k(this.inputValue());
    }
  }

  /**
   * Follows `keys` from `source`: a key whose variables are bound is a Dot,
   * a key with unbound variables scans the collection and unifies each key
   * with it.
   */
  protected planPath(source: ir.Operand, keys: Term[], k: ValueCont): void {
    this.followPath(source, keys, k, 0, false);
  }

  /**
   * A path into base documents. OPA reads those from its store, whose paths
   * are strings: a number key also finds the object key of the same text
   * (`data[2]` finds `{"2": ...}`).
   */
  protected planBasePath(source: ir.Operand, keys: Term[], k: ValueCont): void {
    this.followPath(source, keys, k, 0, true);
  }

  protected followPath(source: ir.Operand, keys: Term[], k: ValueCont, i: number, store: boolean): void {
    if (i === keys.length) {
      k(source);
      return;
    }
    const key = keys[i];
    const next = (value: ir.Operand) => this.followPath(value, keys, k, i + 1, store);
    if (this.isPattern(key)) {
      const scanned = this.scan(source);
      this.b.within(scanned.block, () =>
        this.unifyOperand(local(scanned.key), key, () => next(local(scanned.value))),
      );
      return;
    }
    this.planTerm(key, (keyValue) => {
      const target = this.b.newLocal();
      const candidates = store && key.type === 'number' ? [keyValue, this.str(key.value)] : [keyValue];
      const lookups = candidates.map((candidate) => (done: Cont) => {
        this.b.emit({ op: 'Dot', source, key: candidate, target });
        done();
      });
      if (lookups.length === 1) lookups[0](() => next(local(target)));
      else this.firstOf(lookups, () => next(local(target)));
    });
  }

  /** Emits a Scan of `source` and returns its locals and block (to be filled by the caller). */
  protected scan(source: ir.Operand): { key: ir.Local; value: ir.Local; block: ir.Block } {
    const scan: ir.ScanStmt = {
      op: 'Scan',
      source: this.toLocal(source),
      key: this.b.newLocal(),
      value: this.b.newLocal(),
      block: { stmts: [] },
    };
    this.b.emit(scan);
    return scan;
  }

  /**
   * `data.<keys>`: rules (virtual documents) merged over the base documents
   * passed in at run time, as OPA defines it. A rule set on the path is
   * called and the rest of the path followed into its value; a path ending
   * above rule sets builds their extent; a variable key enumerates the rule
   * tree's children and then the base document's other keys.
   */
  protected planDataRef(keys: Term[], k: ValueCont): void {
    if (this.planDynamicDispatch(keys, k)) return;
    this.walkData(this.root, { source: local(ir.DATA), path: [] }, keys, 0, k);
  }

  protected walkData(node: DocNode | undefined, base: BaseDoc, keys: Term[], i: number, k: ValueCont): void {
    if (node && this.hasRuleSet(node)) {
      this.callRuleSet(node, (v) => this.planPath(v, keys.slice(i), k));
      return;
    }
    if (i === keys.length) {
      this.planExtent(node, base, k);
      return;
    }
    if (!node || !this.hasVisibleChildren(node)) {
      this.planBasePath(base.source, [...base.path, ...keys.slice(i)], k);
      return;
    }
    const key = keys[i];
    if (key.type === 'string') {
      this.walkData(this.visibleChild(node, key.value), extend(base, key), keys, i + 1, k);
      return;
    }
    if (isConstant(key)) {
      this.walkData(undefined, extend(base, key), keys, i + 1, k);
      return;
    }

    // A key only known at run time: each rule subtree, then the rest of the base document.
    const children = this.documentChildren(node);
    const branches: ir.Block[] = [];
    this.b.emit({ op: 'Block', blocks: branches });
    for (const child of children) {
      const name = child.path[child.path.length - 1];
      const block: ir.Block = { stmts: [] };
      branches.push(block);
      this.b.within(block, () =>
        this.unifyOperand(this.str(name), key, () =>
          this.walkData(child, extend(base, stringTerm(name)), keys, i + 1, k),
        ),
      );
    }
    const rest: ir.Block = { stmts: [] };
    branches.push(rest);
    const excluded = children.map((c) => this.str(c.path[c.path.length - 1]));
    this.b.within(rest, () =>
      this.planBasePath(base.source, base.path, (doc) =>
        this.planKeyExcept(doc, key, excluded, (value) =>
          this.walkData(undefined, { source: value, path: [] }, keys, i + 1, k),
        ),
      ),
    );
  }

  /** `doc[key]` for keys other than `excluded` (scanning when `key` has unbound variables). */
  protected planKeyExcept(doc: ir.Operand, key: Term, excluded: ir.Operand[], k: ValueCont): void {
    const exclude = (keyValue: ir.Operand) => {
      for (const a of excluded) this.b.emit({ op: 'NotEqual', a, b: keyValue });
    };
    if (this.isPattern(key)) {
      const scanned = this.scan(doc);
      this.b.within(scanned.block, () => {
        exclude(local(scanned.key));
        this.unifyOperand(local(scanned.key), key, () => k(local(scanned.value)));
      });
      return;
    }
    this.planTerm(key, (keyValue) => {
      exclude(keyValue);
      const target = this.b.newLocal();
      this.b.emit({ op: 'Dot', source: doc, key: keyValue, target });
      k(local(target));
    });
  }

  /**
   * The whole document at a node: the object of its rule sets' values (and
   * of its subtrees'), merged with the base document there, if any.
   */
  protected planExtent(node: DocNode | undefined, base: BaseDoc | undefined, k: ValueCont): void {
    if (!node) {
      if (!base) throw new Error('planner: extent of nothing');
      this.planBasePath(base.source, base.path, k);
      return;
    }
    if (this.hasRuleSet(node)) {
      this.callRuleSet(node, k);
      return;
    }
    const virtual = this.virtualObject(node);
    if (!base) {
      k(local(virtual));
      return;
    }
    const merged = this.b.newLocal();
    this.firstOf(
      [
        (done) =>
          this.planBasePath(base.source, base.path, (doc) => {
            this.b.emit({ op: 'ObjectMerge', a: this.toLocal(doc), b: virtual, target: merged });
            done();
          }),
      ],
      () => k(local(merged)),
      // No base document there (or not an object): the rules' values alone.
      () => this.b.emit({ op: 'AssignVar', source: local(virtual), target: merged }),
    );
  }

  /** The object of the values of the rule sets below `node` (undefined ones left out, functions skipped). */
  protected virtualObject(node: DocNode): ir.Local {
    const object = this.b.newLocal();
    this.b.emit({ op: 'MakeObject', target: object });
    for (const child of this.visibleChildren(node)) {
      const key = this.str(child.path[child.path.length - 1]);
      if (this.hasRuleSet(child)) {
        if (child.isFunction) continue;
        this.b.nested(() =>
          this.callRuleSet(child, (value) => this.b.emit({ op: 'ObjectInsert', key, value, object })),
        );
      } else {
        this.b.emit({ op: 'ObjectInsert', key, value: local(this.virtualObject(child)), object });
      }
    }
    return object;
  }

  protected callRuleSet(node: DocNode, k: ValueCont): void {
    if (node.isFunction) {
      throw compileError(node.rules[0].rule.location, `function ${pathName(node.path)} used as a value`);
    }
    const func = this.funcFor(node);
    const result = this.b.newLocal();
    this.b.emit({ op: 'Call', func, args: [...this.rootOperands(), ...this.valueOperands()], result });
    k(local(result));
  }

  /**
   * `data.pkg[x].allow` with `x` bound: when the variable keys lead only to
   * rule sets, call the one whose path the keys spell at run time
   * (CallDynamic) instead of trying each; a path no rule set has falls back
   * to the base document.
   */
  protected planDynamicDispatch(keys: Term[], k: ValueCont): boolean {
    let nodes: DocNode[] = [this.root];
    let dynamic = false;
    let end = -1;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key.type === 'string') {
        nodes = nodes.flatMap((n) => this.visibleChild(n, key.value) ?? []);
      } else if (key.type === 'var' && this.b.lookup(key.name)) {
        dynamic = true;
        nodes = nodes.flatMap((n) => this.documentChildren(n));
      } else {
        return false;
      }
      end = i;
      const leaves = nodes.every((n) => this.hasRuleSet(n) || !this.hasVisibleChildren(n));
      if (leaves) break;
      // A rule set met on the way would need its value followed, not a path lookup.
      if (nodes.some((n) => this.hasRuleSet(n))) return false;
    }
    if (!dynamic || nodes.some((n) => !this.hasRuleSet(n) && this.hasVisibleChildren(n))) return false;
    const ruleSets = nodes.filter((n) => this.hasRuleSet(n));
    if (ruleSets.some((n) => n.isFunction)) return false;
    if (ruleSets.length === 0) {
      this.planBasePath(local(ir.DATA), keys, k);
      return true;
    }
    for (const n of ruleSets) this.funcFor(n);
    const prefix = keys.slice(0, end + 1);
    const path: ir.Operand[] = [this.str(`g${this.scope.generation.id}`), this.str('data')];
    for (const key of prefix)
      path.push(key.type === 'string' ? this.str(key.value) : this.boundValue(key as VarTerm));
    const result = this.b.newLocal();
    this.firstOf(
      [
        (done) => {
          const args = [ir.INPUT, ir.DATA, ...this.valueOperands().map((v) => this.toLocal(v))];
          this.b.emit({ op: 'CallDynamic', args, path, result });
          done();
        },
        (done) =>
          this.planBasePath(local(ir.DATA), prefix, (doc) => {
            this.b.emit({ op: 'AssignVar', source: doc, target: result });
            done();
          }),
      ],
      () => this.planPath(local(result), keys.slice(end + 1), k),
    );
    return true;
  }

  // -------------------------------------------------------------------------
  // The rule tree as `with` modifiers leave it visible

  protected isHidden(node: DocNode): boolean {
    return this.scope.hidden.some(
      (h) => h.length <= node.path.length && h.every((p, i) => node.path[i] === p),
    );
  }

  protected hasRuleSet(node: DocNode): boolean {
    return node.rules.length > 0 && !this.isHidden(node);
  }

  protected visibleChild(node: DocNode, key: string): DocNode | undefined {
    const child = node.children.get(key);
    return child && !this.isHidden(child) ? child : undefined;
  }

  protected visibleChildren(node: DocNode): DocNode[] {
    if (node.rules.length > 0) return [];
    return node.sortedChildren().filter((c) => !this.isHidden(c));
  }

  /** The children that are documents: functions are not part of one. */
  protected documentChildren(node: DocNode): DocNode[] {
    return this.visibleChildren(node).filter((c) => !(c.rules.length > 0 && c.isFunction));
  }

  protected hasVisibleChildren(node: DocNode): boolean {
    return this.visibleChildren(node).length > 0;
  }

  /** The node at exactly `path`, if the tree has one (rule sets end the walk). */
  protected nodeAt(path: readonly string[]): DocNode | undefined {
    let node: DocNode | undefined = this.root;
    for (const key of path) {
      if (!node || node.rules.length > 0) return undefined;
      node = node.children.get(key);
    }
    return node;
  }

  // -------------------------------------------------------------------------
  // Unification

  /** `a = b`: binds the unbound variables of either side, compares the rest. */
  protected unify(a: Term, b: Term, k: Cont): void {
    if (this.isFreeVar(a)) {
      if (this.isFreeVar(b)) throw unsafeError(a);
      this.planTerm(b, (v) => this.unifyOperand(v, a, k));
      return;
    }
    if (this.isFreeVar(b)) {
      this.planTerm(a, (v) => this.unifyOperand(v, b, k));
      return;
    }
    if (a.type === 'array' && b.type === 'array') {
      if (a.items.length !== b.items.length) {
        this.b.fail();
        return;
      }
      this.unifyPairs(a.items, b.items, k);
      return;
    }
    if (a.type === 'object' && b.type === 'object' && (this.isPattern(a) || this.isPattern(b))) {
      this.unifyObjects(a, b, k);
      return;
    }
    if (this.isPattern(a)) {
      this.planTerm(b, (v) => this.unifyOperand(v, a, k));
      return;
    }
    this.planTerm(a, (v) => this.unifyOperand(v, b, k));
  }

  protected unifyPairs(as: Term[], bs: Term[], k: Cont, i = 0): void {
    if (i === as.length) {
      k();
      return;
    }
    this.unify(as[i], bs[i], () => this.unifyPairs(as, bs, k, i + 1));
  }

  protected unifyObjects(a: ObjectTerm, b: ObjectTerm, k: Cont): void {
    const bValues = new Map<string, Term>();
    for (const [key, value] of b.items) {
      if (!isConstant(key)) throw compileError(key.location, 'unification of objects with variable keys');
      bValues.set(keyText(key), value);
    }
    if (a.items.length !== b.items.length) {
      this.b.fail();
      return;
    }
    const as: Term[] = [];
    const bs: Term[] = [];
    for (const [key, value] of a.items) {
      if (!isConstant(key)) throw compileError(key.location, 'unification of objects with variable keys');
      const other = bValues.get(keyText(key));
      if (!other) {
        this.b.fail();
        return;
      }
      as.push(value);
      bs.push(other);
    }
    this.unifyPairs(as, bs, k);
  }

  /** Unifies a computed value with a term: binds its unbound variables, compares the rest. */
  protected unifyOperand(value: ir.Operand, t: Term, k: Cont): void {
    if (t.type === 'var' && this.isFreeVar(t)) {
      this.bindVar(t.name, value, k);
      return;
    }
    if (t.type === 'array' && this.isPattern(t)) {
      this.unifyArray(value, t.items, k);
      return;
    }
    if (t.type === 'object' && this.isPattern(t)) {
      this.unifyObject(value, t, k);
      return;
    }
    if (t.type === 'set' && this.isPattern(t))
      throw compileError(t.location, 'unification of sets with variables');
    this.planTerm(t, (v) => this.emitEqual(value, v, k));
  }

  protected emitEqual(a: ir.Operand, b: ir.Operand, k: Cont): void {
    if (a.kind !== 'local' && b.kind !== 'local') {
      this.continueIf(sameConstant(a, b), k);
      return;
    }
    this.b.emit({ op: 'Equal', a, b });
    k();
  }

  protected unifyArray(value: ir.Operand, items: Term[], k: Cont): void {
    // A string or boolean constant is never an array.
    if (value.kind !== 'local') {
      this.b.fail();
      return;
    }
    this.emitShape('IsArray', value, items.length);
    const elements = (i: number): void => {
      if (i === items.length) {
        k();
        return;
      }
      const element = this.b.newLocal();
      this.b.emit({ op: 'Dot', source: value, key: local(this.makeInt(i)), target: element });
      this.unifyOperand(local(element), items[i], () => elements(i + 1));
    };
    elements(0);
  }

  protected unifyObject(value: ir.Operand, t: ObjectTerm, k: Cont): void {
    if (value.kind !== 'local') {
      this.b.fail();
      return;
    }
    this.emitShape('IsObject', value, t.items.length);
    const entries = (i: number): void => {
      if (i === t.items.length) {
        k();
        return;
      }
      const [key, item] = t.items[i];
      if (this.isPattern(key)) throw compileError(key.location, 'unification of objects with variable keys');
      this.planTerm(key, (keyValue) => {
        const element = this.b.newLocal();
        this.b.emit({ op: 'Dot', source: value, key: keyValue, target: element });
        this.unifyOperand(local(element), item, () => entries(i + 1));
      });
    };
    entries(0);
  }

  /** `value` is an array (object) of `length` elements. */
  protected emitShape(test: 'IsArray' | 'IsObject', value: ir.Operand, length: number): void {
    this.b.emit({ op: test, source: value });
    const actual = this.b.newLocal();
    this.b.emit({ op: 'Len', source: value, target: actual });
    this.b.emit({ op: 'Equal', a: local(actual), b: local(this.makeInt(length)) });
  }

  protected makeInt(value: number): ir.Local {
    const target = this.b.newLocal();
    this.b.emit({ op: 'MakeNumberInt', value, target });
    return target;
  }

  protected bindVar(name: string, value: ir.Operand, k: Cont): void {
    // `input` and `data` locals change under `with`: a variable keeps the value it was bound to.
    if (value.kind === 'local' && (value.local === ir.INPUT || value.local === ir.DATA)) {
      const copy = this.b.newLocal();
      this.b.emit({ op: 'AssignVar', source: value, target: copy });
      value = local(copy);
    }
    this.b.bind(name, value, k);
  }

  // -------------------------------------------------------------------------
  // Variables

  protected isBound(name: string): boolean {
    return name === 'input' || name === 'data' || this.b.lookup(name) !== undefined;
  }

  protected isFreeVar(t: Term): t is VarTerm {
    return t.type === 'var' && !this.isBound(t.name);
  }

  protected boundValue(v: VarTerm): ir.Operand {
    const value = this.b.lookup(v.name);
    if (!value) throw unsafeError(v);
    return value;
  }

  /** A term with unbound variables that unification must bind (refs and comprehensions compute values instead). */
  protected isPattern(t: Term): boolean {
    switch (t.type) {
      case 'var':
        return !this.isBound(t.name);
      case 'array':
      case 'set':
        return t.items.some((item) => this.isPattern(item));
      case 'object':
        return t.items.some(([key, value]) => this.isPattern(key) || this.isPattern(value));
      default:
        return false;
    }
  }

  // -------------------------------------------------------------------------
  // Helpers

  /** `input` as a value: it is undefined when the caller gave none. */
  protected inputValue(): ir.Operand {
    this.b.emit({ op: 'IsDefined', source: ir.INPUT });
    return local(ir.INPUT);
  }

  protected str(value: string): ir.Operand {
    return { kind: 'string', index: this.statics.string(value) };
  }

  protected toLocal(value: ir.Operand): ir.Local {
    if (value.kind === 'local') return value.local;
    const target = this.b.newLocal();
    this.b.emit({ op: 'AssignVar', source: value, target });
    return target;
  }

  protected irLocation(location: Location): ir.IrLocation {
    return { file: this.statics.file(location.file), row: location.row, col: location.col };
  }

  /** Runs `f` with `location` attached to the statements that can fail at run time. */
  protected atLocation(location: Location, f: Cont): void {
    const saved = this.b.location;
    this.b.location = this.irLocation(location);
    f();
    this.b.location = saved;
  }

  protected located<S extends ir.Stmt>(stmt: S, location: Location): S {
    stmt.location = this.irLocation(location);
    return stmt;
  }
}

function extend(base: BaseDoc, key: Term): BaseDoc {
  return { source: base.source, path: [...base.path, key] };
}
