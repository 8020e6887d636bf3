// The intermediate representation between the planner and the Wasm code
// generator.
//
// An imperative, block-structured model in the manner of OPA's own planner IR
// (OPA's `ir` package), so that a policy is planned once and can be emitted
// for any backend (Wasm here; an interpreter for debugging is possible).
//
// Execution model
// - A *local* is a numbered slot holding a pointer to a runtime value, or 0
//   meaning "undefined". Locals are scoped to one plan or function.
//   Local 0 is `input` and local 1 is `data` in every plan and function.
// - A *block* is a list of statements run in order. A statement that is
//   *undefined* (a failed comparison, a missing key, a call that returns
//   undefined...) stops the block: execution continues after the block.
//   Reaching the end of a block normally continues after it too; blocks do not
//   "return" unless a ReturnLocal is reached.
// - `break n` leaves n+1 enclosing blocks (0 = the innermost). The blocks
//   that count are exactly the `Block` objects of the IR that enclose the
//   Break: each of a Block statement's blocks, the block of a Scan (leaving
//   it ends the current iteration: the scan moves on to the next element),
//   of a Not (leaving it counts as stopping early: the Not is defined), of a
//   With (leaving it restores the local), and a function's or plan's
//   top-level blocks. `break 0` is therefore "this statement is undefined".
// - A function returns through ReturnLocal; if it runs off its last block it
//   returns undefined (0).
// - Values are immutable once built, except for the collection being built by
//   Make*/ArrayAppend/ObjectInsert/SetAdd in the same plan (so code generators
//   may build them in place).

/** A plan- or function-scoped variable. */
export type Local = number;
export const INPUT: Local = 0;
export const DATA: Local = 1;
/** The first local a plan or function may allocate. */
export const FIRST_FREE_LOCAL: Local = 2;

/** What a statement reads: a local, a boolean constant, or a string constant (index into `Policy.static.strings`). */
export type Operand =
  | { kind: 'local'; local: Local }
  | { kind: 'bool'; value: boolean }
  | { kind: 'string'; index: number };

/** Source position attached to statements, for runtime errors (file is an index into `Policy.static.files`). */
export interface IrLocation {
  file: number;
  row: number;
  col: number;
}

export interface Block {
  stmts: Stmt[];
}

interface StmtBase {
  location?: IrLocation;
}

/** Return `source` from the current function (or stop the plan). */
export interface ReturnLocalStmt extends StmtBase {
  op: 'ReturnLocal';
  source: Local;
}
/**
 * Call a builtin (by its Rego name, e.g. `plus`, `count`, `regex.match`) or a
 * planned function (by `Func.name`). Functions receive `input`, `data`, then
 * the arguments: for a function, `args` starts with the operands passed as
 * input and data (one operand per `Func.params` entry). Undefined when the
 * callee returns undefined; a builtin declared without a result (`print`)
 * sets `result` to true.
 */
export interface CallStmt extends StmtBase {
  op: 'Call';
  func: string;
  args: Operand[];
  result: Local;
}
/**
 * Call the function whose `Func.path` equals `path` (evaluated at run time,
 * e.g. `data.pkg[x].f`); `args` starts with input and data (one local per
 * `Func.params` entry of the functions it may call). Undefined when no
 * function has that path.
 */
export interface CallDynamicStmt extends StmtBase {
  op: 'CallDynamic';
  args: Local[];
  path: Operand[];
  result: Local;
}
/** Run each block in turn; a block that stops early only ends itself. Never undefined itself. */
export interface BlockStmt extends StmtBase {
  op: 'Block';
  blocks: Block[];
}
/** Leave `index + 1` enclosing blocks. */
export interface BreakStmt extends StmtBase {
  op: 'Break';
  index: number;
}
/** target = source[key] (object key, array index, set member); undefined when absent or source is a scalar. */
export interface DotStmt extends StmtBase {
  op: 'Dot';
  source: Operand;
  key: Operand;
  target: Local;
}
/** target = number of elements of an array, object or set (undefined for other values). */
export interface LenStmt extends StmtBase {
  op: 'Len';
  source: Operand;
  target: Local;
}
/**
 * For each element of `source` (array: index/value, object: key/value,
 * set: element/element), set `key` and `value` and run `block`. Never
 * undefined; a scalar source runs the block zero times.
 */
export interface ScanStmt extends StmtBase {
  op: 'Scan';
  source: Local;
  key: Local;
  value: Local;
  block: Block;
}
/** Undefined if `block` runs to its end; defined if the block stops early. */
export interface NotStmt extends StmtBase {
  op: 'Not';
  block: Block;
}
/** target = source. */
export interface AssignVarStmt extends StmtBase {
  op: 'AssignVar';
  source: Operand;
  target: Local;
}
/** target = source, unless target is already defined: then equal values are fine and different ones abort with a conflict error (`eval_conflict_error`). */
export interface AssignVarOnceStmt extends StmtBase {
  op: 'AssignVarOnce';
  source: Operand;
  target: Local;
}
/** target = raw integer (not a runtime value; used for counters and flags). */
export interface AssignIntStmt extends StmtBase {
  op: 'AssignInt';
  value: number;
  target: Local;
}
/** target = undefined. */
export interface ResetLocalStmt extends StmtBase {
  op: 'ResetLocal';
  target: Local;
}
export interface MakeNullStmt extends StmtBase {
  op: 'MakeNull';
  target: Local;
}
/** A number that fits a safe integer (|v| <= 2^53-1). */
export interface MakeNumberIntStmt extends StmtBase {
  op: 'MakeNumberInt';
  value: number;
  target: Local;
}
/** A number from its literal text (`Policy.static.strings[index]`): big integers, decimals, exponents. */
export interface MakeNumberRefStmt extends StmtBase {
  op: 'MakeNumberRef';
  index: number;
  target: Local;
}
export interface MakeArrayStmt extends StmtBase {
  op: 'MakeArray';
  capacity: number;
  target: Local;
}
export interface MakeObjectStmt extends StmtBase {
  op: 'MakeObject';
  target: Local;
}
export interface MakeSetStmt extends StmtBase {
  op: 'MakeSet';
  target: Local;
}
/** Undefined unless a == b (Rego equality: 1 == 1.0). */
export interface EqualStmt extends StmtBase {
  op: 'Equal';
  a: Operand;
  b: Operand;
}
export interface NotEqualStmt extends StmtBase {
  op: 'NotEqual';
  a: Operand;
  b: Operand;
}
export interface IsArrayStmt extends StmtBase {
  op: 'IsArray';
  source: Operand;
}
export interface IsObjectStmt extends StmtBase {
  op: 'IsObject';
  source: Operand;
}
export interface IsSetStmt extends StmtBase {
  op: 'IsSet';
  source: Operand;
}
export interface IsDefinedStmt extends StmtBase {
  op: 'IsDefined';
  source: Local;
}
export interface IsUndefinedStmt extends StmtBase {
  op: 'IsUndefined';
  source: Local;
}
export interface ArrayAppendStmt extends StmtBase {
  op: 'ArrayAppend';
  value: Operand;
  array: Local;
}
export interface ObjectInsertStmt extends StmtBase {
  op: 'ObjectInsert';
  key: Operand;
  value: Operand;
  object: Local;
}
/** Insert; if the key exists with a different value, abort with a conflict error (`eval_conflict_error`, "object keys must be unique"). */
export interface ObjectInsertOnceStmt extends StmtBase {
  op: 'ObjectInsertOnce';
  key: Operand;
  value: Operand;
  object: Local;
}
/** target = recursive merge of objects a and b (a wins on scalar conflicts); undefined if either is not an object. */
export interface ObjectMergeStmt extends StmtBase {
  op: 'ObjectMerge';
  a: Local;
  b: Local;
  target: Local;
}
export interface SetAddStmt extends StmtBase {
  op: 'SetAdd';
  value: Operand;
  set: Local;
}
/**
 * Run `block` with `local` replaced by a copy in which the value at `path`
 * (string constant indexes) is `value` (creating intermediate objects); with
 * an empty path the whole local is replaced. The local is restored afterwards.
 */
export interface WithStmt extends StmtBase {
  op: 'With';
  local: Local;
  path: number[];
  value: Operand;
  block: Block;
}
/** Add `value` to the plan's result set (as `{"result": value}`). */
export interface ResultSetAddStmt extends StmtBase {
  op: 'ResultSetAdd';
  value: Local;
}
export interface NopStmt extends StmtBase {
  op: 'Nop';
}

export type Stmt =
  | ReturnLocalStmt
  | CallStmt
  | CallDynamicStmt
  | BlockStmt
  | BreakStmt
  | DotStmt
  | LenStmt
  | ScanStmt
  | NotStmt
  | AssignVarStmt
  | AssignVarOnceStmt
  | AssignIntStmt
  | ResetLocalStmt
  | MakeNullStmt
  | MakeNumberIntStmt
  | MakeNumberRefStmt
  | MakeArrayStmt
  | MakeObjectStmt
  | MakeSetStmt
  | EqualStmt
  | NotEqualStmt
  | IsArrayStmt
  | IsObjectStmt
  | IsSetStmt
  | IsDefinedStmt
  | IsUndefinedStmt
  | ArrayAppendStmt
  | ObjectInsertStmt
  | ObjectInsertOnceStmt
  | ObjectMergeStmt
  | SetAddStmt
  | WithStmt
  | ResultSetAddStmt
  | NopStmt;

/**
 * A planned rule set or function. Params start with input (0) and data (1),
 * then the function's arguments, then (only for functions planned under a
 * `with` that replaces a function by a value computed at run time) those
 * values, which every call of such a function passes on.
 */
export interface Func {
  name: string;
  params: Local[];
  return: Local;
  blocks: Block[];
  /**
   * The document path the function computes (`["g0", "data", "pkg", "rule"]`;
   * the first element names the planner's generation: rules planned again
   * under a `with` get a new one), used by CallDynamic.
   */
  path?: string[];
  /**
   * Set for rules without arguments whose value the code generator may
   * memoize for one evaluation. A memoized value holds for the `input` and
   * `data` it was computed with: it must not be reused inside a With block
   * that replaced them (nor outside one after being computed inside it).
   */
  memoize?: boolean;
}

/** An entrypoint: evaluated by `opa_eval`/`eval`, it adds its results to the result set. */
export interface Plan {
  /** The entrypoint as written to `opa build -e`: `pkg/path/rule`. */
  name: string;
  blocks: Block[];
}

/** A builtin the policy calls; the code generator decides whether the runtime implements it or the host does. */
export interface BuiltinRef {
  name: string;
  /** Number of arguments. */
  arity: number;
}

export interface Policy {
  static: {
    strings: string[];
    builtins: BuiltinRef[];
    files: string[];
  };
  plans: Plan[];
  funcs: Func[];
}
