// Builds the blocks of one planned function or plan: allocates locals, keeps
// the stack of open blocks (so that a Break can be aimed at any of them), the
// variables in scope, and the source location of what is being planned.

import * as ir from '../ir.js';

export type Cont = () => void;
export type ValueCont = (value: ir.Operand) => void;

export const local = (l: ir.Local): ir.Operand => ({ kind: 'local', local: l });
export const bool = (value: boolean): ir.Operand => ({ kind: 'bool', value });
export const FALSE = bool(false);

/** Whether two constant operands are equal (false when either is a local). */
export function sameConstant(a: ir.Operand, b: ir.Operand): boolean {
  if (a.kind === 'bool' && b.kind === 'bool') return a.value === b.value;
  if (a.kind === 'string' && b.kind === 'string') return a.index === b.index;
  return false;
}

/** Statements that can fail at run time and therefore carry a source location. */
const LOCATED: ReadonlySet<ir.Stmt['op']> = new Set([
  'Call',
  'CallDynamic',
  'AssignVarOnce',
  'ObjectInsertOnce',
]);

export class FuncBuilder {
  private nextLocal: ir.Local = ir.FIRST_FREE_LOCAL;
  /** The open blocks, outermost first; statements go to the last one. */
  private readonly open: ir.Block[] = [];
  /** Rego variables in scope and the operand holding each one's value. */
  private readonly vars = new Map<string, ir.Operand>();
  /** The location attached to the statements that can fail at run time. */
  location: ir.IrLocation | undefined;
  /** Where this function finds the values `with` modifiers computed (keys are the planner's replacements). */
  readonly replacementValues = new Map<object, ir.Operand>();

  newLocal(): ir.Local {
    return this.nextLocal++;
  }

  /** The innermost open block. */
  get block(): ir.Block {
    const block = this.open[this.open.length - 1];
    if (!block) throw new Error('planner: no open block');
    return block;
  }

  emit(stmt: ir.Stmt): void {
    if (this.location && LOCATED.has(stmt.op)) stmt.location = this.location;
    this.block.stmts.push(stmt);
  }

  /** Runs `fill` with `block` as the innermost open block. */
  within(block: ir.Block, fill: () => void): void {
    this.open.push(block);
    fill();
    this.open.pop();
  }

  /** Emits a Block statement with one new block and runs `fill` inside it. */
  nested(fill: (block: ir.Block) => void): void {
    const block: ir.Block = { stmts: [] };
    this.emit({ op: 'Block', blocks: [block] });
    this.within(block, () => fill(block));
  }

  /** True when `block` is the innermost open block. */
  isInnermost(block: ir.Block): boolean {
    return this.open[this.open.length - 1] === block;
  }

  /** Emits a Break that leaves `target` and every block opened inside it. */
  breakOut(target: ir.Block): ir.BreakStmt {
    const at = this.open.lastIndexOf(target);
    if (at < 0) throw new Error('planner: break target is not an open block');
    const stmt: ir.BreakStmt = { op: 'Break', index: this.open.length - 1 - at };
    this.emit(stmt);
    return stmt;
  }

  /** Emits a statement that is always undefined: it stops the innermost block. */
  fail(): void {
    this.emit({ op: 'Break', index: 0 });
  }

  lookup(name: string): ir.Operand | undefined {
    return this.vars.get(name);
  }

  /** Runs `k` with variable `name` bound to `value`; the binding ends with `k`. */
  bind(name: string, value: ir.Operand, k: () => void): void {
    this.vars.set(name, value);
    k();
    this.vars.delete(name);
  }
}
