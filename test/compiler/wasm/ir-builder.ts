// Small helpers to write ir.Policy values by hand in tests.
import type * as ir from '../../../src/compiler/ir.js';

export const local = (n: number): ir.Operand => ({ kind: 'local', local: n });
export const bool = (value: boolean): ir.Operand => ({ kind: 'bool', value });
export const block = (...stmts: ir.Stmt[]): ir.Block => ({ stmts });

export class PolicyBuilder {
  readonly policy: ir.Policy = { static: { strings: [], builtins: [], files: [] }, plans: [], funcs: [] };

  /** A string constant operand. */
  str(text: string): ir.Operand {
    return { kind: 'string', index: this.strIndex(text) };
  }

  strIndex(text: string): number {
    let i = this.policy.static.strings.indexOf(text);
    if (i < 0) i = this.policy.static.strings.push(text) - 1;
    return i;
  }

  file(name: string): number {
    let i = this.policy.static.files.indexOf(name);
    if (i < 0) i = this.policy.static.files.push(name) - 1;
    return i;
  }

  at(file: string, row: number, col: number): ir.IrLocation {
    return { file: this.file(file), row, col };
  }

  plan(name: string, ...blocks: ir.Block[]): this {
    this.policy.plans.push({ name, blocks });
    return this;
  }

  func(func: ir.Func): this {
    this.policy.funcs.push(func);
    return this;
  }
}

/** A plan body that adds local `n` to the result set when the statements before it succeed. */
export function resultOf(n: number, ...stmts: ir.Stmt[]): ir.Block {
  return block(...stmts, { op: 'ResultSetAdd', value: n });
}
