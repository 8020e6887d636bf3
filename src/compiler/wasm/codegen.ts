// IR -> Wasm: one Wasm function per plan and per planned function.
//
// IR locals become i32 Wasm locals (value pointers, 0 = undefined). Every IR
// block becomes a labelled Wasm block; a statement that is undefined branches
// to the end of its innermost block, and `Break n` to the end of the n-th
// enclosing one. Statements call the runtime by export name.
import { RegoError } from '../../rego/ast.js';
import type * as ir from '../ir.js';
import { BuiltinLinkError, type BuiltinLinker } from './builtins.js';
import type { Emitter, Expr, HostImport } from './emitter.js';
import { TypeCode } from './runtime-abi.js';
import type { SetConversions } from './set-conversion.js';

/** A planned function as the code generator sees it. */
export interface FuncTarget {
  func: ir.Func;
  /** The Wasm function callers call (the memoizing wrapper when there is one). */
  wasmName: string;
}

/** What every function compiler of one policy shares. */
export interface PolicyContext {
  e: Emitter;
  policy: ir.Policy;
  funcs: Map<string, FuncTarget>;
  builtins: BuiltinLinker;
  conversions: SetConversions;
}

type Frame =
  | { kind: 'block'; label: string }
  /** A `With` in force: what leaving it early (Break, ReturnLocal) must undo. */
  | { kind: 'with'; undo: () => Expr[] };

export class FunctionCompiler {
  /** Wasm types of the locals after the parameters. */
  readonly vars: number[] = [];
  private readonly locals = new Map<ir.Local, number>();
  private readonly frames: Frame[] = [];
  private readonly paramCount: number;
  private location: ir.IrLocation | undefined;
  /** The locals some statement reads (a Scan skips fetching keys or values nobody reads). */
  private readLocals = new Set<ir.Local>();
  private readonly assignConflict: 'opa_conflict_error' | 'opa_function_conflict_error';

  /**
   * `params` are the IR locals passed in, in order; a plan also receives the
   * result set in the Wasm parameter after them (`resultSet`).
   */
  constructor(
    private readonly ctx: PolicyContext,
    params: ir.Local[],
    private readonly resultSet?: number,
  ) {
    // Two values for one variable: in a function with arguments that is a function conflict.
    this.assignConflict = params.length > 2 ? 'opa_function_conflict_error' : 'opa_conflict_error';
    params.forEach((local, i) => {
      this.locals.set(local, i);
    });
    this.paramCount = params.length + (resultSet === undefined ? 0 : 1);
  }

  /** The blocks of a plan or function, run in turn. */
  compileBlocks(blocks: ir.Block[]): Expr {
    this.readLocals = localsRead(blocks);
    return this.seq(blocks.map((b) => this.block(b)));
  }

  // -------------------------------------------------------------------------
  // Locals, labels, helpers

  private get e(): Emitter {
    return this.ctx.e;
  }

  private get m() {
    return this.ctx.e.m;
  }

  private local(l: ir.Local): number {
    let index = this.locals.get(l);
    if (index === undefined) {
      index = this.newWasmLocal();
      this.locals.set(l, index);
    }
    return index;
  }

  private newWasmLocal(): number {
    this.vars.push(this.e.i32);
    return this.paramCount + this.vars.length - 1;
  }

  private get(l: ir.Local): Expr {
    return this.m.local.get(this.local(l), this.e.i32);
  }

  private set(l: ir.Local, value: Expr): Expr {
    return this.m.local.set(this.local(l), value);
  }

  private getWasmLocal(index: number): Expr {
    return this.m.local.get(index, this.e.i32);
  }

  private operand(op: ir.Operand): Expr {
    switch (op.kind) {
      case 'local':
        return this.get(op.local);
      case 'bool':
        return this.e.constants.boolean(op.value);
      case 'string':
        return this.e.constants.string(this.staticString(op.index));
    }
  }

  private staticString(index: number): string {
    const s = this.ctx.policy.static.strings[index];
    if (s === undefined) throw this.internal(`string constant ${index} does not exist`);
    return s;
  }

  private seq(exprs: Expr[]): Expr {
    if (exprs.length === 1) return exprs[0];
    return this.m.block(null, exprs, this.e.b.none);
  }

  private block(block: ir.Block, epilogue?: Expr[]): Expr {
    const label = this.e.uniqueName('block');
    this.frames.push({ kind: 'block', label });
    const body = block.stmts.map((s) => this.stmt(s));
    this.frames.pop();
    return this.m.block(label, [...body, ...(epilogue ?? [])], this.e.b.none);
  }

  /** The label that ends the innermost block: where an undefined statement goes. */
  private innermostLabel(): string {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i];
      if (frame.kind === 'block') return frame.label;
    }
    throw this.internal('statement outside of any block');
  }

  private undefinedIf(condition: Expr): Expr {
    return this.m.br(this.innermostLabel(), condition);
  }

  private undefinedIfZero(value: Expr): Expr {
    return this.undefinedIf(this.m.i32.eqz(value));
  }

  /** Undoes the `With`s left by jumping to frame `depth` (exclusive), innermost first. */
  private unwindTo(depth: number): Expr[] {
    const undo: Expr[] = [];
    for (let i = this.frames.length - 1; i >= depth; i--) {
      const frame = this.frames[i];
      if (frame.kind === 'with') undo.push(...frame.undo());
    }
    return undo;
  }

  private compare(a: Expr, b: Expr): Expr {
    return this.e.call('opa_value_compare', [a, b]);
  }

  /** Aborts with OPA's eval_conflict_error for a rule, a function or an object key. */
  private conflict(
    kind: 'opa_conflict_error' | 'opa_function_conflict_error' | 'opa_object_conflict_error',
  ): Expr {
    const loc = this.location;
    const file = loc ? (this.ctx.policy.static.files[loc.file] ?? '') : '';
    return this.seq([
      this.e.call(kind, [
        this.e.const(this.e.data.cstring(file)),
        this.e.const(loc?.row ?? 0),
        this.e.const(loc?.col ?? 0),
      ]),
      this.m.unreachable(),
    ]);
  }

  private internal(message: string): Error {
    return new Error(`internal error: invalid IR: ${message}`);
  }

  private typeError(message: string): RegoError {
    const loc = this.location;
    return new RegoError([
      {
        code: 'rego_type_error',
        message,
        location: {
          file: loc ? (this.ctx.policy.static.files[loc.file] ?? '') : '',
          row: loc?.row ?? 0,
          col: loc?.col ?? 0,
        },
      },
    ]);
  }

  // -------------------------------------------------------------------------
  // Statements

  private stmt(s: ir.Stmt): Expr {
    if (s.location) this.location = s.location;
    const m = this.m;
    const e = this.e;
    switch (s.op) {
      case 'ReturnLocal': {
        const undo = this.unwindTo(0);
        const ret = this.resultSet === undefined ? m.return(this.get(s.source)) : m.return();
        return this.seq([...undo, ret]);
      }
      case 'Call':
        return this.seq([this.set(s.result, this.call(s)), this.undefinedIfZero(this.get(s.result))]);
      case 'CallDynamic':
        return this.callDynamic(s);
      case 'Block':
        return this.seq(s.blocks.length ? s.blocks.map((b) => this.block(b)) : [m.nop()]);
      case 'Break':
        return this.break(s.index);
      case 'Dot':
        return this.seq([
          this.set(s.target, e.call('opa_value_get', [this.operand(s.source), this.operand(s.key)])),
          this.undefinedIfZero(this.get(s.target)),
        ]);
      case 'Len': {
        const v = this.newWasmLocal();
        return this.seq([
          m.local.set(v, this.operand(s.source)),
          this.undefinedIfZero(this.getWasmLocal(v)),
          this.undefinedIf(
            m.i32.lt_u(e.call('opa_value_type', [this.getWasmLocal(v)]), e.const(TypeCode.array)),
          ),
          this.set(
            s.target,
            e.call('opa_number_int', [m.i64.extend_u(e.call('opa_value_length', [this.getWasmLocal(v)]))]),
          ),
        ]);
      }
      case 'Scan':
        return this.scan(s);
      case 'Not': {
        // The block reaching its end makes the Not undefined: leave the enclosing block.
        const enclosing = this.innermostLabel();
        return this.block(s.block, [m.br(enclosing)]);
      }
      case 'AssignVar':
        return this.set(s.target, this.operand(s.source));
      case 'AssignVarOnce':
        return this.seq([
          m.if(
            this.get(s.target),
            m.if(
              this.compare(this.get(s.target), this.operand(s.source)),
              this.conflict(this.assignConflict),
            ),
            this.set(s.target, this.operand(s.source)),
          ),
        ]);
      case 'AssignInt':
        return this.set(s.target, e.const(s.value));
      case 'ResetLocal':
        return this.set(s.target, e.const(0));
      case 'MakeNull':
        return this.set(s.target, e.constants.null());
      case 'MakeNumberInt':
        if (!Number.isSafeInteger(s.value))
          throw this.internal(`MakeNumberInt ${s.value} is not a safe integer`);
        return this.set(s.target, e.constants.numberInt(s.value));
      case 'MakeNumberRef':
        return this.set(s.target, e.constants.numberRef(this.staticString(s.index)));
      case 'MakeArray':
        return this.set(s.target, e.call('opa_array_with_cap', [e.const(s.capacity)]));
      case 'MakeObject':
        return this.set(s.target, e.call('opa_object', []));
      case 'MakeSet':
        return this.set(s.target, e.call('opa_set', []));
      case 'Equal':
        return this.undefinedIf(this.compare(this.operand(s.a), this.operand(s.b)));
      case 'NotEqual':
        return this.undefinedIf(m.i32.eqz(this.compare(this.operand(s.a), this.operand(s.b))));
      case 'IsArray':
        return this.typeTest(s.source, TypeCode.array);
      case 'IsObject':
        return this.typeTest(s.source, TypeCode.object);
      case 'IsSet':
        return this.typeTest(s.source, TypeCode.set);
      case 'IsDefined':
        return this.undefinedIfZero(this.get(s.source));
      case 'IsUndefined':
        return this.undefinedIf(this.get(s.source));
      case 'ArrayAppend':
        return e.call('opa_array_append', [this.get(s.array), this.operand(s.value)]);
      case 'ObjectInsert':
        return e.call('opa_object_insert', [this.get(s.object), this.operand(s.key), this.operand(s.value)]);
      case 'ObjectInsertOnce': {
        const existing = this.newWasmLocal();
        return this.seq([
          m.local.set(existing, e.call('opa_value_get', [this.get(s.object), this.operand(s.key)])),
          m.if(
            this.getWasmLocal(existing),
            m.if(
              this.compare(this.getWasmLocal(existing), this.operand(s.value)),
              this.conflict('opa_object_conflict_error'),
            ),
            e.call('opa_object_insert', [this.get(s.object), this.operand(s.key), this.operand(s.value)]),
          ),
        ]);
      }
      case 'ObjectMerge':
        return this.seq([
          this.set(s.target, e.call('opa_value_merge', [this.get(s.a), this.get(s.b)])),
          this.undefinedIfZero(this.get(s.target)),
        ]);
      case 'SetAdd':
        return e.call('opa_set_add', [this.get(s.set), this.operand(s.value)]);
      case 'With':
        return this.with(s);
      case 'ResultSetAdd': {
        if (this.resultSet === undefined) throw this.internal('ResultSetAdd outside of a plan');
        const result = this.newWasmLocal();
        return this.seq([
          m.local.set(result, e.call('opa_object', [])),
          e.call('opa_object_insert', [
            this.getWasmLocal(result),
            e.constants.string('result'),
            this.get(s.value),
          ]),
          e.call('opa_set_add', [this.getWasmLocal(this.resultSet), this.getWasmLocal(result)]),
        ]);
      }
      case 'Nop':
        return m.nop();
      default:
        s satisfies never;
        throw this.internal(`unknown statement ${(s as { op: string }).op}`);
    }
  }

  private break(index: number): Expr {
    let blocks = -1;
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i];
      if (frame.kind !== 'block' || ++blocks < index) continue;
      return this.seq([...this.unwindTo(i + 1), this.m.br(frame.label)]);
    }
    throw this.internal(`Break ${index} leaves more blocks than enclose it`);
  }

  private typeTest(source: ir.Operand, code: number): Expr {
    const v = this.newWasmLocal();
    return this.seq([
      this.m.local.set(v, this.operand(source)),
      this.undefinedIfZero(this.getWasmLocal(v)),
      this.undefinedIf(
        this.m.i32.ne(this.e.call('opa_value_type', [this.getWasmLocal(v)]), this.e.const(code)),
      ),
    ]);
  }

  /**
   * Scans by position (`opa_value_key_at`/`value_at` are O(1); the runtime's
   * `opa_value_iter` searches for the previous key), fetching only the key
   * and value the body reads: an array index costs a number allocation.
   */
  private scan(s: ir.ScanStmt): Expr {
    const { m, e } = this;
    const source = this.newWasmLocal();
    const length = this.newWasmLocal();
    const position = this.newWasmLocal();
    const done = e.uniqueName('scan_done');
    const next = e.uniqueName('scan_next');
    const at = (name: 'opa_value_key_at' | 'opa_value_value_at') =>
      e.call(name, [this.getWasmLocal(source), this.getWasmLocal(position)]);
    return m.block(done, [
      m.local.set(source, this.get(s.source)),
      m.br(done, m.i32.eqz(this.getWasmLocal(source))),
      // 0 for scalars: they are scanned zero times.
      m.local.set(length, e.call('opa_value_length', [this.getWasmLocal(source)])),
      m.local.set(position, e.const(0)),
      m.loop(
        next,
        m.block(null, [
          m.br(done, m.i32.ge_u(this.getWasmLocal(position), this.getWasmLocal(length))),
          this.readLocals.has(s.key) ? this.set(s.key, at('opa_value_key_at')) : m.nop(),
          this.readLocals.has(s.value) ? this.set(s.value, at('opa_value_value_at')) : m.nop(),
          m.local.set(position, m.i32.add(this.getWasmLocal(position), e.const(1))),
          this.block(s.block),
          m.br(next),
        ]),
      ),
    ]);
  }

  private with(s: ir.WithStmt): Expr {
    const { m, e } = this;
    const saved = this.newWasmLocal();
    const target = this.local(s.local);
    let replacement: Expr;
    if (s.path.length === 0) replacement = this.operand(s.value);
    else {
      const path = e.constants.stringArray(s.path.map((i) => this.staticString(i)));
      // An undefined document (no input) gets the objects the path needs.
      const base = m.if(
        m.i32.eqz(this.getWasmLocal(target)),
        e.call('opa_object', []),
        this.getWasmLocal(target),
      );
      replacement = e.call('opa_value_upsert', [base, path, this.operand(s.value)]);
    }
    const undo = () => [e.call('opa_memoize_pop', []), m.local.set(target, this.getWasmLocal(saved))];
    this.frames.push({ kind: 'with', undo });
    const body = this.block(s.block);
    this.frames.pop();
    return this.seq([
      m.local.set(saved, this.getWasmLocal(target)),
      m.local.set(target, replacement),
      // Memoized rule values computed under the replacement must not outlive it.
      e.call('opa_memoize_push', []),
      body,
      ...undo(),
    ]);
  }

  // -------------------------------------------------------------------------
  // Calls

  private call(s: ir.CallStmt): Expr {
    const target = this.ctx.funcs.get(s.func);
    if (target) {
      return this.m.call(target.wasmName, this.functionArgs(target.func, s.args), this.e.i32);
    }
    let binding: ReturnType<BuiltinLinker['link']>;
    try {
      binding = this.ctx.builtins.link(s.func, s.args.length);
    } catch (err) {
      if (err instanceof BuiltinLinkError) throw this.typeError(err.message);
      throw err;
    }
    const args = s.args.map((a) => this.operand(a));
    if (binding.kind === 'native') return this.m.call(binding.fn.internal, args, this.e.i32);
    const dispatcher = `opa_builtin${args.length}` as HostImport;
    const hostArgs = binding.exact ? args.map((a) => this.e.call('opa_value_text', [a])) : args;
    let result = this.e.callHost(dispatcher, [this.e.const(binding.id), this.e.const(0), ...hostArgs]);
    if (binding.exact) result = this.e.call('opa_value_from_text', [result]);
    if (binding.noResult) {
      return this.m.block(null, [this.m.drop(result), this.e.constants.boolean(true)], this.e.i32);
    }
    if (binding.setResult) result = this.ctx.conversions.arrayToSet(result);
    if (!binding.fastPath) return result;
    // The runtime answers what it can; the host only the rest.
    const fast = this.newWasmLocal();
    const fastCall = this.m.call(
      binding.fastPath.internal,
      s.args.map((a) => this.operand(a)),
      this.e.i32,
    );
    return this.m.if(this.m.local.tee(fast, fastCall, this.e.i32), this.getWasmLocal(fast), result);
  }

  /** Call arguments of a planned function: input and data, then the Rego arguments. */
  private functionArgs(func: ir.Func, args: ir.Operand[]): Expr[] {
    if (args.length !== func.params.length) {
      throw this.internal(
        `${func.name} takes ${func.params.length} operands (input, data, arguments), given ${args.length}`,
      );
    }
    return args.map((a) => this.operand(a));
  }

  /**
   * Calls the function whose `Func.path` equals the run-time path. The
   * candidates are the functions whose paths agree with the path's constant
   * parts; a decision tree over the variable parts (one comparison per
   * distinct path segment and level) finds the one to call.
   */
  private callDynamic(s: ir.CallDynamicStmt): Expr {
    const { m, e } = this;
    const statics = s.path.map((op) => (op.kind === 'string' ? this.staticString(op.index) : undefined));
    const candidates = [...this.ctx.funcs.values()].filter(
      ({ func }) =>
        func.path?.length === s.path.length &&
        func.params.length === s.args.length &&
        s.path.every((op, i) => op.kind === 'local' || statics[i] === func.path![i]),
    );
    const found = e.uniqueName('dynamic_found');
    const decide = (group: FuncTarget[], position: number): Expr[] => {
      if (position === s.path.length) {
        const call = m.call(
          group[0].wasmName,
          s.args.map((l) => this.get(l)),
          e.i32,
        );
        return [this.set(s.result, call), m.br(found)];
      }
      const op = s.path[position];
      if (op.kind !== 'local') return decide(group, position + 1);
      const bySegment = new Map<string, FuncTarget[]>();
      for (const target of group) {
        const segment = target.func.path![position];
        bySegment.set(segment, [...(bySegment.get(segment) ?? []), target]);
      }
      return [...bySegment].map(([segment, next]) =>
        m.if(
          m.i32.eqz(this.compare(this.get(op.local), e.constants.string(segment))),
          m.block(null, decide(next, position + 1)),
        ),
      );
    };
    return this.seq([
      m.block(found, [...(candidates.length ? decide(candidates, 0) : []), this.set(s.result, e.const(0))]),
      this.undefinedIfZero(this.get(s.result)),
    ]);
  }
}

/** Every local a statement of `blocks` reads (as opposed to only writes). */
function localsRead(blocks: ir.Block[]): Set<ir.Local> {
  const read = new Set<ir.Local>();
  const operand = (op: ir.Operand) => {
    if (op.kind === 'local') read.add(op.local);
  };
  const visit = (block: ir.Block): void => {
    for (const s of block.stmts) {
      switch (s.op) {
        case 'ReturnLocal':
        case 'IsDefined':
        case 'IsUndefined':
          read.add(s.source);
          break;
        case 'Call':
          s.args.forEach(operand);
          break;
        case 'CallDynamic':
          for (const l of s.args) read.add(l);
          s.path.forEach(operand);
          break;
        case 'Block':
          s.blocks.forEach(visit);
          break;
        case 'Dot':
          operand(s.source);
          operand(s.key);
          break;
        case 'Len':
        case 'IsArray':
        case 'IsObject':
        case 'IsSet':
        case 'AssignVar':
          operand(s.source);
          break;
        case 'AssignVarOnce':
          operand(s.source);
          read.add(s.target);
          break;
        case 'Scan':
          read.add(s.source);
          visit(s.block);
          break;
        case 'Not':
          visit(s.block);
          break;
        case 'Equal':
        case 'NotEqual':
          operand(s.a);
          operand(s.b);
          break;
        case 'ArrayAppend':
          operand(s.value);
          read.add(s.array);
          break;
        case 'ObjectInsert':
        case 'ObjectInsertOnce':
          operand(s.key);
          operand(s.value);
          read.add(s.object);
          break;
        case 'ObjectMerge':
          read.add(s.a);
          read.add(s.b);
          break;
        case 'SetAdd':
          operand(s.value);
          read.add(s.set);
          break;
        case 'With':
          read.add(s.local);
          operand(s.value);
          visit(s.block);
          break;
        case 'ResultSetAdd':
          read.add(s.value);
          break;
        case 'Break':
        case 'AssignInt':
        case 'ResetLocal':
        case 'MakeNull':
        case 'MakeNumberInt':
        case 'MakeNumberRef':
        case 'MakeArray':
        case 'MakeObject':
        case 'MakeSet':
        case 'Nop':
          break;
        default:
          // A statement added to the IR must say which locals it reads.
          s satisfies never;
      }
    }
  };
  blocks.forEach(visit);
  return read;
}
