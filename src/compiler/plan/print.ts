// A readable text form of the IR, for debugging and for tests that check the
// shape of a plan. One statement per line, nested blocks indented:
//
//   func g0.data.test.p(l0, l1) -> l2  path=g0/data/test/p memoize
//     block
//       Dot l0 "x" -> l3
//       ...
//
// Operands print as `lN` (locals), `true`/`false` and JSON strings; locations
// print as `@file:row:col` after the statements that carry one.

import type * as ir from '../ir.js';

export interface PrintOptions {
  /** Print statement locations (default true). */
  locations?: boolean;
}

export function printPolicy(policy: ir.Policy, options: PrintOptions = {}): string {
  const p = new Printer(policy, options);
  for (const plan of policy.plans) p.plan(plan);
  for (const fn of policy.funcs) p.func(fn);
  return p.text();
}

/** One function of a policy, by name. */
export function printFunc(policy: ir.Policy, name: string, options: PrintOptions = {}): string {
  const fn = policy.funcs.find((f) => f.name === name);
  if (!fn) throw new Error(`no function ${name}`);
  const p = new Printer(policy, options);
  p.func(fn);
  return p.text();
}

class Printer {
  private readonly lines: string[] = [];
  constructor(
    private readonly policy: ir.Policy,
    private readonly options: PrintOptions,
  ) {}

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }

  plan(plan: ir.Plan): void {
    this.lines.push(`plan ${plan.name}`);
    for (const b of plan.blocks) this.block(b, 1);
  }

  func(fn: ir.Func): void {
    const params = fn.params.map((l) => `l${l}`).join(', ');
    let head = `func ${fn.name}(${params}) -> l${fn.return}`;
    if (fn.path) head += `  path=${fn.path.join('/')}`;
    if (fn.memoize) head += ' memoize';
    this.lines.push(head);
    for (const b of fn.blocks) this.block(b, 1);
  }

  private block(block: ir.Block, depth: number): void {
    this.lines.push(`${'  '.repeat(depth)}block`);
    for (const s of block.stmts) this.stmt(s, depth + 1);
  }

  private stmt(s: ir.Stmt, depth: number): void {
    const pad = '  '.repeat(depth);
    let line = `${pad}${this.describe(s)}`;
    if (s.location && this.options.locations !== false) {
      line += `  @${this.policy.static.files[s.location.file] ?? '?'}:${s.location.row}:${s.location.col}`;
    }
    this.lines.push(line);
    switch (s.op) {
      case 'Block':
        for (const b of s.blocks) this.block(b, depth + 1);
        break;
      case 'Scan':
      case 'Not':
      case 'With':
        for (const inner of s.block.stmts) this.stmt(inner, depth + 1);
        break;
    }
  }

  private describe(s: ir.Stmt): string {
    const o = (x: ir.Operand) => this.operand(x);
    const l = (x: ir.Local) => `l${x}`;
    switch (s.op) {
      case 'ReturnLocal':
        return `ReturnLocal ${l(s.source)}`;
      case 'Call':
        return `Call ${s.func}(${s.args.map(o).join(', ')}) -> ${l(s.result)}`;
      case 'CallDynamic':
        return `CallDynamic [${s.path.map(o).join(', ')}](${s.args.map(l).join(', ')}) -> ${l(s.result)}`;
      case 'Block':
        return 'Block';
      case 'Break':
        return `Break ${s.index}`;
      case 'Dot':
        return `Dot ${o(s.source)}[${o(s.key)}] -> ${l(s.target)}`;
      case 'Len':
        return `Len ${o(s.source)} -> ${l(s.target)}`;
      case 'Scan':
        return `Scan ${l(s.source)} key=${l(s.key)} value=${l(s.value)}`;
      case 'Not':
        return 'Not';
      case 'AssignVar':
        return `AssignVar ${o(s.source)} -> ${l(s.target)}`;
      case 'AssignVarOnce':
        return `AssignVarOnce ${o(s.source)} -> ${l(s.target)}`;
      case 'AssignInt':
        return `AssignInt ${s.value} -> ${l(s.target)}`;
      case 'ResetLocal':
        return `ResetLocal ${l(s.target)}`;
      case 'MakeNull':
        return `MakeNull -> ${l(s.target)}`;
      case 'MakeNumberInt':
        return `MakeNumberInt ${s.value} -> ${l(s.target)}`;
      case 'MakeNumberRef':
        return `MakeNumberRef ${this.policy.static.strings[s.index]} -> ${l(s.target)}`;
      case 'MakeArray':
        return `MakeArray cap=${s.capacity} -> ${l(s.target)}`;
      case 'MakeObject':
        return `MakeObject -> ${l(s.target)}`;
      case 'MakeSet':
        return `MakeSet -> ${l(s.target)}`;
      case 'Equal':
        return `Equal ${o(s.a)} ${o(s.b)}`;
      case 'NotEqual':
        return `NotEqual ${o(s.a)} ${o(s.b)}`;
      case 'IsArray':
      case 'IsObject':
      case 'IsSet':
        return `${s.op} ${o(s.source)}`;
      case 'IsDefined':
      case 'IsUndefined':
        return `${s.op} ${l(s.source)}`;
      case 'ArrayAppend':
        return `ArrayAppend ${l(s.array)} ${o(s.value)}`;
      case 'ObjectInsert':
        return `ObjectInsert ${l(s.object)}[${o(s.key)}] = ${o(s.value)}`;
      case 'ObjectInsertOnce':
        return `ObjectInsertOnce ${l(s.object)}[${o(s.key)}] = ${o(s.value)}`;
      case 'ObjectMerge':
        return `ObjectMerge ${l(s.a)} ${l(s.b)} -> ${l(s.target)}`;
      case 'SetAdd':
        return `SetAdd ${l(s.set)} ${o(s.value)}`;
      case 'With': {
        const path = s.path.map((i) => JSON.stringify(this.policy.static.strings[i])).join(', ');
        return `With ${l(s.local)} [${path}] = ${o(s.value)}`;
      }
      case 'ResultSetAdd':
        return `ResultSetAdd ${l(s.value)}`;
      case 'Nop':
        return 'Nop';
    }
  }

  private operand(x: ir.Operand): string {
    switch (x.kind) {
      case 'local':
        return `l${x.local}`;
      case 'bool':
        return String(x.value);
      case 'string':
        return JSON.stringify(this.policy.static.strings[x.index]);
    }
  }
}
