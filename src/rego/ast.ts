// The Rego abstract syntax tree.
//
// This is the contract between the parser (src/rego/parser.ts), the semantic
// checks and rewriting (src/compiler/check), the planner (src/compiler/plan)
// and tooling (rules listing, the test runner). It follows the shape of OPA's
// own AST (github.com/open-policy-agent/opa/v1/ast) so that OPA's
// documentation and error codes carry over directly:
//   - infix operators are calls of the named builtins (`=` is `eq`, `:=` is
//     `assign`, `==` is `equal`, `+` is `plus`, `in` is `internal.member_2`);
//   - a reference is a list of terms whose head is a variable (`data`,
//     `input`, a local) or, rarely, a composite or call term;
//   - numbers keep their literal text, so big and decimal numbers stay exact.
// Every node carries a location; nothing in the source is lost except
// whitespace (comments are kept on the module).

/**
 * A position in a source file. Rows and columns count from 1; columns count UTF-16 code units + 1.
 * Nodes may share one Location object (a rule's implicit `true` value and body reuse its head's
 * location): replace a node's location rather than mutating it.
 */
export interface Location {
  file: string;
  row: number;
  col: number;
  /** Offset of the first character in the source string (UTF-16 units). */
  offset: number;
  /** Offset just past the last character of the node. */
  end: number;
}

export type RegoVersion = 'v0' | 'v1';

// ---------------------------------------------------------------------------
// Terms

export interface NullTerm {
  type: 'null';
  location: Location;
}
export interface BooleanTerm {
  type: 'boolean';
  value: boolean;
  location: Location;
}
/**
 * A number, kept as its literal text (e.g. "1", "-3.5", "1e400", "123456789012345678901234567890").
 * The text is always valid JSON number syntax: the parser reads Rego's `.5` as "0.5".
 */
export interface NumberTerm {
  type: 'number';
  value: string;
  location: Location;
}
export interface StringTerm {
  type: 'string';
  /** The decoded value (escapes resolved). */
  value: string;
  /** True when written as a raw string (`...`). */
  raw?: boolean;
  location: Location;
}
export interface VarTerm {
  type: 'var';
  name: string;
  location: Location;
}
/**
 * A reference: `input.spec.containers[i].name`, `data.x[y]`, `f(x).y`.
 * `terms[0]` is the head (a VarTerm in almost all cases; a call, array,
 * object, set or comprehension term when a reference is taken into one).
 * Dotted keys (`.name`) are StringTerms; bracket keys are any term.
 */
export interface RefTerm {
  type: 'ref';
  terms: Term[];
  location: Location;
}
export interface ArrayTerm {
  type: 'array';
  items: Term[];
  location: Location;
}
export interface ObjectTerm {
  type: 'object';
  items: [key: Term, value: Term][];
  location: Location;
}
export interface SetTerm {
  type: 'set';
  items: Term[];
  location: Location;
}
export interface ArrayComprehensionTerm {
  type: 'arraycomprehension';
  term: Term;
  body: Body;
  location: Location;
}
export interface SetComprehensionTerm {
  type: 'setcomprehension';
  term: Term;
  body: Body;
  location: Location;
}
export interface ObjectComprehensionTerm {
  type: 'objectcomprehension';
  key: Term;
  value: Term;
  body: Body;
  location: Location;
}
/**
 * A call used as a value: `count(x)`, `a + b` inside a term, `data.lib.f(x)`.
 * `operator` is the callee reference (`count` is a ref of one var;
 * `array.concat` is a ref `array` + "concat"). Use `operatorName()` for the
 * dotted name.
 */
export interface CallTerm {
  type: 'call';
  operator: RefTerm;
  args: Term[];
  location: Location;
}

export type ScalarTerm = NullTerm | BooleanTerm | NumberTerm | StringTerm;
export type ComprehensionTerm = ArrayComprehensionTerm | SetComprehensionTerm | ObjectComprehensionTerm;
export type Term =
  | ScalarTerm
  | VarTerm
  | RefTerm
  | ArrayTerm
  | ObjectTerm
  | SetTerm
  | ComprehensionTerm
  | CallTerm;

// ---------------------------------------------------------------------------
// Expressions and bodies

/** `with <target> as <value>`; target is a ref to `input...`, `data...` or a function/builtin name. */
export interface With {
  type: 'with';
  target: RefTerm;
  value: Term;
  location: Location;
}

/** `some x, y` (symbols are VarTerms) or `some x in xs` / `some k, v in xs` (one CallTerm of internal.member_2/3). */
export interface SomeDecl {
  type: 'some';
  symbols: Term[];
  location: Location;
}

/** `every v in xs { body }` / `every k, v in xs { body }`. */
export interface Every {
  type: 'every';
  key?: Term;
  value: Term;
  domain: Term;
  body: Body;
  location: Location;
}

/**
 * One expression (literal) of a body.
 *   kind 'term':  a bare term, `input.x`, `true`, `data.p[x]`;
 *   kind 'call':  an operator applied to args; infix forms included
 *                 (`x = 1` is eq(x, 1), `x := 1` is assign(x, 1),
 *                 `x in xs` is internal.member_2(x, xs));
 *                 a call with one more argument than the builtin takes binds
 *                 its result to the last argument (`count(xs, n)`);
 *   kind 'some':  a `some` declaration;
 *   kind 'every': an `every` quantifier.
 */
export type ExprBody =
  | { kind: 'term'; term: Term }
  | { kind: 'call'; operator: RefTerm; args: Term[] }
  | { kind: 'some'; decl: SomeDecl }
  | { kind: 'every'; every: Every };

export type Expr = ExprBody & {
  type: 'expr';
  /** `not <expr>` */
  negated: boolean;
  /**
   * The `with` modifiers. The parser gives expressions without any one shared frozen empty array:
   * build a new array to add modifiers rather than pushing onto it.
   */
  with: With[];
  /** Set by compiler rewrites for expressions the user did not write. */
  generated?: boolean;
  location: Location;
};

export type Body = Expr[];

// ---------------------------------------------------------------------------
// Rules

/**
 * A rule head. OPA 1.x model:
 *   `p := 1`, `p = 1`, `p if {..}`      ref [p],        value set (implicit `true` for `p if`)
 *   `p contains x if {..}`              ref [p],        key x (multi-value rule: a partial set)
 *   `p[k] := v if {..}` / `a.b[k] := v` ref [a,"b",k],  value v (single-value rule with a ref head)
 *   `a.b contains x`                    ref [a,"b"],    key x
 *   `f(x, y) := v if {..}`              ref [f], args [x, y], value v
 *   v0 only: `p[x] { .. }`              ref [p], key x  (partial set, as OPA v0 reads it)
 * The first element of `ref` is a VarTerm (the rule's name); the rest are
 * StringTerms for dotted parts and any term for brackets.
 * Wildcards (`_`) are kept as VarTerms named "_" (the checker makes each one distinct).
 * The heads of `else` branches and of extra bodies (`p if {..} {..}`) are deep copies.
 */
export interface RuleHead {
  type: 'head';
  ref: Term[];
  /** Present for functions (possibly empty for `f() := ..`). */
  args?: Term[];
  /** Present for multi-value rules (`contains`, v0 `p[x]`). */
  key?: Term;
  /** Present for single-value rules and functions. */
  value?: Term;
  /** True when written with `:=`. */
  assign: boolean;
  /** True when the value is implicit `true` (`p if {..}`, `f(x) if {..}`). */
  implicitValue?: boolean;
  location: Location;
}

export interface Rule {
  type: 'rule';
  default: boolean;
  head: RuleHead;
  /** The body; an implicit `true` body (a rule written without one) is one generated `true` expression. */
  body: Body;
  /** True when the rule was written without a body. */
  implicitBody?: boolean;
  /** `else [= value] [if] { .. }`: the next rule of the chain (its head shares the ref and args). */
  else?: Rule;
  /** METADATA blocks that apply to this rule (scope rule, or document scope of its first definition). */
  annotations: Annotations[];
  location: Location;
}

export interface Package {
  type: 'package';
  /** The full reference, starting with the `data` var: `package a.b` is [data, "a", "b"]. */
  path: Term[];
  location: Location;
}

export interface Import {
  type: 'import';
  /** `data.x.y`, `input.x`, `future.keywords.in`, `rego.v1`. */
  path: RefTerm;
  alias?: string;
  location: Location;
}

export interface Comment {
  type: 'comment';
  /** The text after `#`. */
  text: string;
  location: Location;
}

export interface RelatedResource {
  ref: string;
  description?: string;
}
export interface Author {
  name?: string;
  email?: string;
}
export interface SchemaAnnotation {
  path: Term[];
  schema?: Term[];
  definition?: unknown;
}

/**
 * One `# METADATA` block (OPA's annotations). `scope` is the declared one, or the one inferred from the
 * statement below the block (rule, document for a rule block with `entrypoint: true`, package).
 * Schema refs carry the location of the block. OPA's `compile` field is accepted and not kept.
 */
export interface Annotations {
  type: 'annotations';
  scope: 'package' | 'subpackages' | 'rule' | 'document';
  title?: string;
  description?: string;
  organizations?: string[];
  relatedResources?: RelatedResource[];
  authors?: Author[];
  schemas?: SchemaAnnotation[];
  entrypoint?: boolean;
  custom?: Record<string, unknown>;
  location: Location;
}

export interface Module {
  type: 'module';
  package: Package;
  imports: Import[];
  rules: Rule[];
  comments: Comment[];
  /** Every METADATA block of the file, in source order (also attached to rules). */
  annotations: Annotations[];
  regoVersion: RegoVersion;
  file: string;
}

export interface ParseOptions {
  /**
   * Default 'v1', as in OPA 1.x. A 'v0' module that imports `rego.v1` must be valid v1 and is
   * reported with regoVersion 'v1' (OPA's "v0 compatible with v1").
   */
  regoVersion?: RegoVersion;
}

// ---------------------------------------------------------------------------
// Errors

export interface RegoErrorDetail {
  /** OPA's codes: rego_parse_error, rego_compile_error, rego_type_error, rego_unsafe_var_error, rego_recursion_error. */
  code: string;
  message: string;
  location: { file: string; row: number; col: number };
}

/** Thrown by the parser and the compiler; `errors` holds one entry per problem. */
export class RegoError extends Error {
  readonly errors: RegoErrorDetail[];
  readonly code: string;
  constructor(errors: RegoErrorDetail[]) {
    super(errors.map(formatRegoError).join('\n'));
    this.name = 'RegoError';
    this.errors = errors;
    this.code = errors[0]?.code ?? 'rego_compile_error';
  }
}

/** `file:row:col: code: message`, the form the CLI prints. */
export function formatRegoError(e: RegoErrorDetail): string {
  return `${e.location.file}:${e.location.row}:${e.location.col}: ${e.code}: ${e.message}`;
}

// ---------------------------------------------------------------------------
// Helpers shared by every stage

/** The dotted name of a call operator or a ref of strings: `array.concat`, `data.lib.f`. */
export function operatorName(ref: RefTerm): string {
  return refToString(ref);
}

/** Renders a ref as Rego source: `data.a["b c"][x]`. */
export function refToString(ref: RefTerm): string {
  let out = '';
  ref.terms.forEach((t, i) => {
    if (i === 0) out += t.type === 'var' ? t.name : termToString(t);
    else if (t.type === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.value)) out += `.${t.value}`;
    else out += `[${termToString(t)}]`;
  });
  return out;
}

/** True when a term holds no variables, references or calls: a scalar, or a composite of such terms. */
export function isGroundTerm(t: Term): boolean {
  switch (t.type) {
    case 'null':
    case 'boolean':
    case 'number':
    case 'string':
      return true;
    case 'array':
    case 'set':
      return t.items.every(isGroundTerm);
    case 'object':
      return t.items.every(([k, v]) => isGroundTerm(k) && isGroundTerm(v));
    default:
      return false;
  }
}

/** Renders a term as Rego source (for messages and tests, not for round-tripping comments). */
export function termToString(t: Term): string {
  switch (t.type) {
    case 'null':
      return 'null';
    case 'boolean':
      return String(t.value);
    case 'number':
      return t.value;
    case 'string':
      return JSON.stringify(t.value);
    case 'var':
      return t.name;
    case 'ref':
      return refToString(t);
    case 'array':
      return `[${t.items.map(termToString).join(', ')}]`;
    case 'set':
      return t.items.length ? `{${t.items.map(termToString).join(', ')}}` : 'set()';
    case 'object':
      return `{${t.items.map(([k, v]) => `${termToString(k)}: ${termToString(v)}`).join(', ')}}`;
    case 'arraycomprehension':
      return `[${termToString(t.term)} | ${bodyToString(t.body)}]`;
    case 'setcomprehension':
      return `{${termToString(t.term)} | ${bodyToString(t.body)}}`;
    case 'objectcomprehension':
      return `{${termToString(t.key)}: ${termToString(t.value)} | ${bodyToString(t.body)}}`;
    case 'call':
      return `${operatorName(t.operator)}(${t.args.map(termToString).join(', ')})`;
  }
}

export function exprToString(e: Expr): string {
  let s: string;
  switch (e.kind) {
    case 'term':
      s = termToString(e.term);
      break;
    case 'call':
      s = `${operatorName(e.operator)}(${e.args.map(termToString).join(', ')})`;
      break;
    case 'some':
      s = `some ${e.decl.symbols.map(termToString).join(', ')}`;
      break;
    case 'every': {
      const ev = e.every;
      const vars = ev.key ? `${termToString(ev.key)}, ${termToString(ev.value)}` : termToString(ev.value);
      s = `every ${vars} in ${termToString(ev.domain)} { ${bodyToString(ev.body)} }`;
      break;
    }
  }
  if (e.negated) s = `not ${s}`;
  for (const w of e.with) s += ` with ${refToString(w.target)} as ${termToString(w.value)}`;
  return s;
}

export function bodyToString(body: Body): string {
  return body.map(exprToString).join('; ');
}
