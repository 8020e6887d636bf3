// A small interpreter of the planner IR, for tests: it runs a plan on plain
// JavaScript values, so that the planner's output can be checked by what it
// computes, independently of the Wasm code generator and runtime. It follows
// the execution model documented in src/compiler/ir.ts; builtins are the few
// the tests use.

import type * as ir from '../../../src/compiler/ir.js';

export type Value = null | boolean | number | string | Value[] | RObject | RSet;

export class RObject {
  readonly entries = new Map<string, [Value, Value]>();
  get(key: Value): Value | undefined {
    return this.entries.get(canon(key))?.[1];
  }
  set(key: Value, value: Value): void {
    this.entries.set(canon(key), [key, value]);
  }
}

export class RSet {
  readonly items = new Map<string, Value>();
  add(v: Value): void {
    this.items.set(canon(v), v);
  }
  has(v: Value): boolean {
    return this.items.has(canon(v));
  }
}

/** A canonical text of a value: equal values (sets and objects in any order) have equal texts. */
export function canon(v: Value): string {
  if (v instanceof RObject) {
    const parts = [...v.entries.values()].map(([k, x]) => `${canon(k)}:${canon(x)}`).sort();
    return `{${parts.join(',')}}`;
  }
  if (v instanceof RSet) return `set(${[...v.items.keys()].sort().join(',')})`;
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  return JSON.stringify(v);
}

/** JSON-like values in: objects become RObject (arrays stay arrays). */
export function fromJSON(v: unknown): Value {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(fromJSON);
  const o = new RObject();
  for (const [k, x] of Object.entries(v as object)) o.set(k, fromJSON(x));
  return o;
}

/** Values out, as JSON (sets become sorted arrays, like the OPA SDK's output). */
export function toJSON(v: Value): unknown {
  if (v instanceof RObject) {
    const out: Record<string, unknown> = {};
    const keys = [...v.entries.values()].sort(([a], [b]) => order(a, b));
    for (const [k, x] of keys) out[typeof k === 'string' ? k : canon(k)] = toJSON(x);
    return out;
  }
  if (v instanceof RSet) return [...v.items.values()].sort(order).map(toJSON);
  if (Array.isArray(v)) return v.map(toJSON);
  return v;
}

export class RegoEvalError extends Error {}

type Builtin = (...args: Value[]) => Value | undefined;

const num = (v: Value): number | undefined => (typeof v === 'number' ? v : undefined);
const arith =
  (f: (a: number, b: number) => number | undefined): Builtin =>
  (a, b) => {
    const x = num(a);
    const y = num(b);
    return x === undefined || y === undefined ? undefined : f(x, y);
  };
const compare =
  (f: (c: number) => boolean): Builtin =>
  (a, b) =>
    f(order(a, b));

const BUILTINS: Record<string, Builtin> = {
  plus: arith((a, b) => a + b),
  minus: arith((a, b) => a - b),
  mul: arith((a, b) => a * b),
  div: arith((a, b) => (b === 0 ? undefined : a / b)),
  rem: arith((a, b) => (b === 0 ? undefined : a % b)),
  gt: compare((c) => c > 0),
  gte: compare((c) => c >= 0),
  lt: compare((c) => c < 0),
  lte: compare((c) => c <= 0),
  equal: (a, b) => canon(a) === canon(b),
  neq: (a, b) => canon(a) !== canon(b),
  count: (a) => size(a),
  concat: (sep, xs) => (typeof sep === 'string' ? strings(xs)?.join(sep) : undefined),
  startswith: (s, p) => (typeof s === 'string' && typeof p === 'string' ? s.startsWith(p) : undefined),
  upper: (s) => (typeof s === 'string' ? s.toUpperCase() : undefined),
  'array.concat': (a, b) => (Array.isArray(a) && Array.isArray(b) ? [...a, ...b] : undefined),
  'internal.member_2': (x, xs) => members(xs)?.some(([, v]) => canon(v) === canon(x)),
  'internal.member_3': (k, x, xs) =>
    members(xs)?.some(([kk, v]) => canon(kk) === canon(k) && canon(v) === canon(x)),
  'numbers.range': (a, b) => {
    const x = num(a);
    const y = num(b);
    if (x === undefined || y === undefined) return undefined;
    const out: Value[] = [];
    for (let i = x; x <= y ? i <= y : i >= y; i += x <= y ? 1 : -1) out.push(i);
    return out;
  },
  walk: (x) => {
    const out: Value[] = [];
    const visit = (path: Value[], v: Value) => {
      out.push([path, v]);
      for (const [k, c] of members(v) ?? []) visit([...path, k], c);
    };
    visit([], x);
    return out;
  },
};

function size(v: Value): number | undefined {
  if (typeof v === 'string') return [...v].length;
  if (Array.isArray(v)) return v.length;
  if (v instanceof RObject) return v.entries.size;
  if (v instanceof RSet) return v.items.size;
  return undefined;
}

function strings(v: Value): string[] | undefined {
  const items = Array.isArray(v) ? v : v instanceof RSet ? [...v.items.values()] : undefined;
  return items?.every((x) => typeof x === 'string') ? (items as string[]) : undefined;
}

/** Key/value pairs of a collection, in the runtime's order (objects and sets sorted). */
function members(v: Value): [Value, Value][] | undefined {
  if (Array.isArray(v)) return v.map((x, i) => [i, x]);
  if (v instanceof RObject) return [...v.entries.values()].sort(([a], [b]) => order(a, b));
  if (v instanceof RSet) {
    return [...v.items.values()].sort(order).map((x) => [x, x]);
  }
  return undefined;
}

const TYPE_ORDER = (v: Value): number =>
  v === null
    ? 0
    : typeof v === 'boolean'
      ? 1
      : typeof v === 'number'
        ? 2
        : typeof v === 'string'
          ? 3
          : Array.isArray(v)
            ? 4
            : v instanceof RObject
              ? 5
              : 6;

export function order(a: Value, b: Value): number {
  const ta = TYPE_ORDER(a);
  const tb = TYPE_ORDER(b);
  if (ta !== tb) return ta - tb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const ca = canon(a);
  const cb = canon(b);
  return ca < cb ? -1 : ca > cb ? 1 : 0;
}

function dot(source: Value | undefined, key: Value): Value | undefined {
  if (Array.isArray(source))
    return typeof key === 'number' && Number.isInteger(key) ? source[key] : undefined;
  if (source instanceof RObject) return source.get(key);
  if (source instanceof RSet) return source.has(key) ? key : undefined;
  return undefined;
}

function merge(a: Value, b: Value): Value | undefined {
  if (!(a instanceof RObject) || !(b instanceof RObject)) return undefined;
  const out = new RObject();
  for (const [k, v] of a.entries.values()) out.set(k, v);
  for (const [k, v] of b.entries.values()) {
    const mine = out.get(k);
    if (mine === undefined) out.set(k, v);
    else if (mine instanceof RObject && v instanceof RObject) out.set(k, merge(mine, v)!);
  }
  return out;
}

function upsert(base: Value | undefined, path: string[], value: Value): Value {
  if (path.length === 0) return value;
  const out = new RObject();
  if (base instanceof RObject) for (const [k, v] of base.entries.values()) out.set(k, v);
  const [head, ...rest] = path;
  out.set(head, upsert(out.get(head), rest, value));
  return out;
}

/** How a block ended: ran to its end, stopped early, left by a Break that leaves `levels` more blocks, or returned. */
type Outcome = 'end' | 'stopped' | { levels: number } | { returned: Value | undefined };

class Frame {
  readonly locals = new Map<number, Value>();
}

export interface RunOptions {
  input?: unknown;
  data?: unknown;
  /** Extra builtins by name. */
  builtins?: Record<string, Builtin>;
}

/** Runs the plan `entrypoint` and returns its results as JSON values (`[{result: ...}]` like the SDK). */
export function evaluate(policy: ir.Policy, entrypoint: string, options: RunOptions = {}): unknown[] {
  return new Interpreter(policy, options).run(entrypoint);
}

class Interpreter {
  private readonly funcs = new Map<string, ir.Func>();
  private readonly builtins: Record<string, Builtin>;
  private results: Value[] = [];

  constructor(
    private readonly policy: ir.Policy,
    private readonly options: RunOptions,
  ) {
    for (const f of policy.funcs) this.funcs.set(f.name, f);
    this.builtins = { ...BUILTINS, ...options.builtins };
  }

  run(entrypoint: string): unknown[] {
    const plan = this.policy.plans.find((p) => p.name === entrypoint);
    if (!plan) throw new Error(`no plan ${entrypoint}`);
    const frame = new Frame();
    if (this.options.input !== undefined) frame.locals.set(0, fromJSON(this.options.input));
    frame.locals.set(1, fromJSON(this.options.data ?? {}));
    this.results = [];
    for (const b of plan.blocks) this.block(frame, b);
    return this.results.map((r) => ({ result: toJSON(r) }));
  }

  private call(fn: ir.Func, args: (Value | undefined)[]): Value | undefined {
    const frame = new Frame();
    fn.params.forEach((p, i) => {
      const v = args[i];
      if (v !== undefined) frame.locals.set(p, v);
    });
    for (const b of fn.blocks) {
      const outcome = this.block(frame, b);
      if (typeof outcome === 'object' && 'returned' in outcome) return outcome.returned;
      if (typeof outcome === 'object') throw new Error(`break out of function ${fn.name}`);
    }
    return undefined;
  }

  private block(frame: Frame, block: ir.Block): Outcome {
    for (const s of block.stmts) {
      const r = this.stmt(frame, s);
      if (r === true) continue;
      if (r === false) return 'stopped';
      if ('returned' in r) return r;
      if (r.levels === 0) return 'stopped';
      return { levels: r.levels - 1 };
    }
    return 'end';
  }

  /** true: go on; false: undefined (stop the block); otherwise a Break or a return to pass up. */
  private stmt(frame: Frame, s: ir.Stmt): boolean | { levels: number } | { returned: Value | undefined } {
    const get = (o: ir.Operand): Value | undefined =>
      o.kind === 'local'
        ? frame.locals.get(o.local)
        : o.kind === 'bool'
          ? o.value
          : this.policy.static.strings[o.index];
    const set = (l: number, v: Value | undefined) => {
      if (v === undefined) frame.locals.delete(l);
      else frame.locals.set(l, v);
    };
    const nested = (o: Outcome): boolean | { levels: number } | { returned: Value | undefined } =>
      typeof o === 'object' ? o : true;
    switch (s.op) {
      case 'ReturnLocal':
        return { returned: frame.locals.get(s.source) };
      case 'Call': {
        const args = s.args.map(get);
        const fn = this.funcs.get(s.func);
        let result: Value | undefined;
        if (fn) result = this.call(fn, args);
        else {
          const builtin = this.builtins[s.func];
          if (!builtin) throw new Error(`unknown builtin ${s.func}`);
          if (args.some((a) => a === undefined)) return false;
          result = builtin(...(args as Value[]));
        }
        if (result === undefined) return false;
        set(s.result, result);
        return true;
      }
      case 'CallDynamic': {
        const path = s.path.map(get);
        const fn = this.policy.funcs.find((f) => f.path && canon(f.path) === canon(path as Value[]));
        if (!fn) return false;
        const result = this.call(
          fn,
          s.args.map((l) => frame.locals.get(l)),
        );
        if (result === undefined) return false;
        set(s.result, result);
        return true;
      }
      case 'Block':
        for (const b of s.blocks) {
          const o = this.block(frame, b);
          if (typeof o === 'object') return o;
        }
        return true;
      case 'Break':
        return { levels: s.index };
      case 'Dot': {
        const v = dot(get(s.source), get(s.key)!);
        if (v === undefined) return false;
        set(s.target, v);
        return true;
      }
      case 'Len': {
        // Collections only: the length of a string is `count`'s business.
        const source = get(s.source);
        if (source === undefined || typeof source === 'string') return false;
        const n = size(source);
        if (n === undefined) return false;
        set(s.target, n);
        return true;
      }
      case 'Scan': {
        for (const [k, v] of members(frame.locals.get(s.source)!) ?? []) {
          set(s.key, k);
          set(s.value, v);
          const o = this.block(frame, s.block);
          if (typeof o === 'object') return o;
        }
        return true;
      }
      case 'Not': {
        const o = this.block(frame, s.block);
        if (o === 'end') return false;
        if (o === 'stopped') return true;
        return o;
      }
      case 'AssignVar':
        set(s.target, get(s.source));
        return true;
      case 'AssignVarOnce': {
        const v = get(s.source);
        const old = frame.locals.get(s.target);
        if (old !== undefined && v !== undefined && canon(old) !== canon(v)) {
          throw new RegoEvalError(`eval_conflict_error at ${this.where(s)}`);
        }
        set(s.target, v);
        return true;
      }
      case 'AssignInt':
        set(s.target, s.value);
        return true;
      case 'ResetLocal':
        set(s.target, undefined);
        return true;
      case 'MakeNull':
        set(s.target, null);
        return true;
      case 'MakeNumberInt':
        set(s.target, s.value);
        return true;
      case 'MakeNumberRef':
        set(s.target, Number(this.policy.static.strings[s.index]));
        return true;
      case 'MakeArray':
        set(s.target, []);
        return true;
      case 'MakeObject':
        set(s.target, new RObject());
        return true;
      case 'MakeSet':
        set(s.target, new RSet());
        return true;
      case 'Equal': {
        const a = get(s.a);
        const b = get(s.b);
        return a !== undefined && b !== undefined && canon(a) === canon(b);
      }
      case 'NotEqual': {
        const a = get(s.a);
        const b = get(s.b);
        return a !== undefined && b !== undefined && canon(a) !== canon(b);
      }
      case 'IsArray':
        return Array.isArray(get(s.source));
      case 'IsObject':
        return get(s.source) instanceof RObject;
      case 'IsSet':
        return get(s.source) instanceof RSet;
      case 'IsDefined':
        return frame.locals.has(s.source);
      case 'IsUndefined':
        return !frame.locals.has(s.source);
      case 'ArrayAppend':
        (frame.locals.get(s.array) as Value[]).push(get(s.value)!);
        return true;
      case 'ObjectInsert':
        (frame.locals.get(s.object) as RObject).set(get(s.key)!, get(s.value)!);
        return true;
      case 'ObjectInsertOnce': {
        const o = frame.locals.get(s.object) as RObject;
        const key = get(s.key)!;
        const value = get(s.value)!;
        const old = o.get(key);
        if (old !== undefined && canon(old) !== canon(value)) {
          throw new RegoEvalError(`eval_conflict_error: object keys must be unique at ${this.where(s)}`);
        }
        o.set(key, value);
        return true;
      }
      case 'ObjectMerge': {
        const v = merge(frame.locals.get(s.a)!, frame.locals.get(s.b)!);
        if (v === undefined) return false;
        set(s.target, v);
        return true;
      }
      case 'SetAdd':
        (frame.locals.get(s.set) as RSet).add(get(s.value)!);
        return true;
      case 'With': {
        const saved = frame.locals.get(s.local);
        const path = s.path.map((i) => this.policy.static.strings[i]);
        set(s.local, upsert(saved, path, get(s.value)!));
        const o = this.block(frame, s.block);
        set(s.local, saved);
        return nested(o);
      }
      case 'ResultSetAdd':
        this.results.push(frame.locals.get(s.value)!);
        return true;
      case 'Nop':
        return true;
    }
  }

  private where(s: ir.Stmt): string {
    const l = s.location;
    return l ? `${this.policy.static.files[l.file]}:${l.row}:${l.col}` : '?';
  }
}
