// The Rego parser: a recursive-descent parser over the lexer's token stream,
// producing the AST of ast.ts. It follows the grammar of OPA 1.x's parser
// (github.com/open-policy-agent/opa/v1/ast/parser.go), including its quirks
// where real policies depend on them, so that a module parses here exactly
// when it parses in OPA.
//
// Error handling: a syntax error throws a ParseFailure, which unwinds to the
// statement loop; the loop records it and resumes at the next line that starts
// a statement, so one run reports the errors of several rules. The few places
// where the grammar is ambiguous (a set or a comprehension, `some x in xs` or
// `some x, y`, `p if {...}` as a body or as an object) parse speculatively and
// backtrack on failure, like OPA does.

import { processAnnotations } from './annotations.js';
import type {
  Body,
  CallTerm,
  Every,
  Expr,
  Import,
  Location,
  Module,
  Package,
  ParseOptions,
  RefTerm,
  RegoErrorDetail,
  RegoVersion,
  Rule,
  RuleHead,
  StringTerm,
  Term,
  VarTerm,
  With,
} from './ast.js';
import { isGroundTerm, RegoError } from './ast.js';
import {
  FIRST_KEYWORD,
  HAS_ESCAPES,
  LAST_KEYWORD,
  NEWLINE_BEFORE,
  SPACE_BEFORE,
  TOKEN_TEXT,
  Tok,
  tokenize,
} from './lexer.js';
import { checkNumber, unescapeString } from './literals.js';
import { NameTable } from './names.js';

/**
 * Parses one Rego module. Throws a RegoError whose `errors` are `rego_parse_error`s when the module is
 * not valid Rego for the requested version (default v1).
 */
export function parseModule(source: string, filename = '', options: ParseOptions = {}): Module {
  return new Parser(source, filename, options.regoVersion ?? 'v1').parseModule();
}

/**
 * Parses several modules (`{filename, source}`), reporting the syntax errors
 * of all of them in one RegoError, so that a user sees every file's mistakes
 * in one run.
 */
export function parseModules(
  sources: readonly { filename: string; source: string }[],
  options: ParseOptions = {},
): Module[] {
  const modules: Module[] = [];
  const errors: RegoError['errors'] = [];
  for (const { filename, source } of sources) {
    try {
      modules.push(parseModule(source, filename, options));
    } catch (err) {
      if (!(err instanceof RegoError)) throw err;
      errors.push(...err.errors);
    }
  }
  if (errors.length > 0) throw new RegoError(errors);
  return modules;
}

/** Parses one term (`data.x[y]`, `{"a": 1}`, `f(x) + 1`). Throws a RegoError. */
export function parseTerm(source: string, filename = '', options: ParseOptions = {}): Term {
  return new Parser(source, filename, options.regoVersion ?? 'v1').parseStandaloneTerm();
}

/** Parses a query body (expressions separated by newlines or `;`). Throws a RegoError. */
export function parseBody(source: string, filename = '', options: ParseOptions = {}): Body {
  return new Parser(source, filename, options.regoVersion ?? 'v1').parseStandaloneBody();
}

/** A syntax error, thrown to unwind to the statement loop (or to a backtracking point). */
class ParseFailure {
  constructor(
    readonly message: string,
    /** Token at which the error was found. */
    readonly index: number,
  ) {}
}

const OPERATOR_NAMES: Partial<Record<number, string>> = {
  [Tok.Add]: 'plus',
  [Tok.Sub]: 'minus',
  [Tok.Mul]: 'mul',
  [Tok.Quo]: 'div',
  [Tok.Rem]: 'rem',
  [Tok.And]: 'and',
  [Tok.Or]: 'or',
  [Tok.Unify]: 'eq',
  [Tok.Assign]: 'assign',
  [Tok.Equal]: 'equal',
  [Tok.Neq]: 'neq',
  [Tok.Lt]: 'lt',
  [Tok.Gt]: 'gt',
  [Tok.Lte]: 'lte',
  [Tok.Gte]: 'gte',
};

/** Keywords that Rego v0 reserves only after `import future.keywords...` or `import rego.v1`. */
const FUTURE_KEYWORDS = ['contains', 'every', 'if', 'in'];
const FUTURE_KEYWORD_KINDS: Record<string, number> = {
  contains: Tok.Contains,
  every: Tok.Every,
  if: Tok.If,
  in: Tok.In,
};
const V0_KEYWORDS = new Set([
  'package',
  'import',
  'as',
  'default',
  'else',
  'not',
  'some',
  'with',
  'null',
  'true',
  'false',
]);
const V1_KEYWORDS = new Set([...V0_KEYWORDS, ...FUTURE_KEYWORDS]);
const IMPORT_ROOTS = new Set(['data', 'input', 'future', 'rego']);

const V0_HINT = 'this is Rego v0 syntax: rewrite it for Rego v1, or parse the policy with --rego-version v0';
const REGO_V1_IMPORT_HINT = 'the module imports rego.v1, which requires Rego v1 syntax';

/** Guards against stack exhaustion on pathologically nested input. */
const MAX_NESTING = 1000;
const MAX_ERRORS = 100;

/** Binding strength of the infix operators below `in` (0: not one of them); all are left-associative. */
const PRECEDENCE = new Uint8Array(64);
const RELATION = 1;
for (const kind of [Tok.Equal, Tok.Neq, Tok.Lt, Tok.Gt, Tok.Lte, Tok.Gte]) PRECEDENCE[kind] = RELATION;
PRECEDENCE[Tok.Or] = 2;
PRECEDENCE[Tok.And] = 3;
PRECEDENCE[Tok.Add] = 4;
PRECEDENCE[Tok.Sub] = 4;
PRECEDENCE[Tok.Mul] = 5;
PRECEDENCE[Tok.Quo] = 5;
PRECEDENCE[Tok.Rem] = 5;

/** The `with` list of the (many) expressions without modifiers; see Expr in ast.ts. */
const NO_WITHS = Object.freeze([]) as unknown as With[];

/** How a rule was written, for the Rego v1 checks (bit flags). */
const WROTE_IF = 1;
const WROTE_CONTAINS = 2;

class Parser {
  private readonly source: string;
  private readonly file: string;
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly rows: Int32Array;
  private readonly cols: Int32Array;
  private readonly flags: Uint8Array;
  private readonly lexerErrors: Map<number, string>;
  private readonly comments: Module['comments'];
  private pos = 0;
  private depth = 0;

  /** The version asked for; `import rego.v1` in a v0 module switches `version` (not this) to v1. */
  private readonly requestedVersion: RegoVersion;
  private version: RegoVersion;
  /** In v0, the future keywords not yet imported, with the tokens spelled like them (demoted to Ident). */
  private readonly dormantKeywords = new Map<string, number[]>();

  private readonly errors: RegoErrorDetail[] = [];
  /** Every rule and else branch, with how it was written (WROTE_IF, WROTE_CONTAINS), for the v1 checks. */
  private readonly writtenRules: Rule[] = [];
  private readonly writtenAs: number[] = [];
  /** Rows of the package and import statements (METADATA blocks attach to the next statement). */
  private packageRow = 0;
  private readonly importRows: number[] = [];
  /**
   * Terms already parsed at a token index, kept when backtracking over them (`{a + b}` first parses `a`
   * alone hoping for a comprehension), so that nested backtracking stays linear.
   */
  private readonly reparse = new Map<number, { term: Term; next: number }>();
  private readonly names: NameTable;

  constructor(source: string, file: string, version: RegoVersion) {
    const ts = tokenize(source, file);
    this.source = source;
    this.file = file;
    this.kinds = ts.kinds;
    this.starts = ts.starts;
    this.ends = ts.ends;
    this.rows = ts.rows;
    this.cols = ts.cols;
    this.flags = ts.flags;
    this.lexerErrors = ts.errors;
    this.comments = ts.comments;
    this.names = new NameTable(source);
    this.requestedVersion = version;
    this.version = version;
    if (version === 'v0') this.demoteFutureKeywords(ts.count);
  }

  // ---------------------------------------------------------------------------
  // Entry points

  parseModule(): Module {
    let pkg: Package | undefined;
    const imports: Import[] = [];
    const rules: Rule[] = [];
    const kinds = this.kinds;
    if (kinds[0] === Tok.EOF) {
      this.errors.push({
        code: 'rego_parse_error',
        message: 'empty module',
        location: { file: this.file, row: 1, col: 1 },
      });
    }
    let first = true;
    while (kinds[this.pos] !== Tok.EOF && this.errors.length < MAX_ERRORS) {
      const start = this.pos;
      this.depth = 0;
      try {
        const kind = kinds[start];
        if (kind === Tok.Package && !this.isKeywordRef(start)) {
          const p = this.parsePackage();
          if (first) pkg = p;
          else this.report('unexpected package', start);
        } else {
          if (first) this.report('package expected', start);
          if (kind === Tok.Import && !this.isKeywordRef(start)) imports.push(this.parseImport());
          else this.parseRule(rules);
        }
      } catch (e) {
        this.recover(this.asFailure(e), start);
      }
      first = false;
    }

    if (this.version === 'v1') {
      for (let i = 0; i < this.writtenRules.length; i++)
        this.checkRegoV1(this.writtenRules[i], this.writtenAs[i]);
    }
    const annotations = processAnnotations({
      comments: this.comments,
      packageRow: this.packageRow,
      importRows: this.importRows,
      rules,
      errors: this.errors,
      attach: this.errors.length === 0,
      parseRef: parseSchemaRef,
    });
    if (this.errors.length > 0) throw new RegoError(sortErrors(this.errors));
    return {
      type: 'module',
      package: pkg!,
      imports,
      rules,
      comments: this.comments,
      annotations,
      regoVersion: this.version,
      file: this.file,
    };
  }

  parseStandaloneTerm(): Term {
    return this.standalone(() => this.parseTermIn(true));
  }

  parseStandaloneBody(): Body {
    return this.standalone(() => this.parseBody(Tok.EOF));
  }

  private standalone<T>(parse: () => T): T {
    try {
      const result = parse();
      if (this.kinds[this.pos] !== Tok.EOF) this.unexpected('expected end of input');
      return result;
    } catch (e) {
      const f = this.asFailure(e);
      this.report(f.message, f.index);
      throw new RegoError(this.errors);
    }
  }

  // ---------------------------------------------------------------------------
  // Errors

  private fail(message: string, index = this.pos): never {
    throw new ParseFailure(message, index);
  }

  /** Fails with "unexpected <token>: <expected>". */
  private unexpected(expected?: string, index = this.pos): never {
    const lexerError = this.lexerErrors.get(index);
    if (lexerError !== undefined) this.fail(lexerError, index);
    let message = `unexpected ${this.describe(index)}`;
    if (expected) message += `: ${expected}`;
    this.fail(message + this.futureKeywordHint(index), index);
  }

  /** Records an error at a token, without stopping the parse. */
  private report(message: string, index: number): void {
    this.errors.push({
      code: 'rego_parse_error',
      message,
      location: { file: this.file, row: this.rows[index], col: this.cols[index] },
    });
  }

  /** Records an error at a node, without stopping the parse. */
  private reportAt(message: string, location: Location): void {
    this.errors.push({
      code: 'rego_parse_error',
      message,
      location: { file: location.file, row: location.row, col: location.col },
    });
  }

  private asFailure(e: unknown): ParseFailure {
    if (e instanceof ParseFailure) return e;
    if (e instanceof RangeError) return new ParseFailure('expression nested too deeply', this.pos);
    throw e;
  }

  /** Records a failure and moves to the next token that can start a statement on a new line. */
  private recover(failure: ParseFailure, statementStart: number): void {
    this.report(failure.message, failure.index);
    const { kinds, flags, cols } = this;
    let i = Math.max(failure.index, statementStart + 1);
    for (; kinds[i] !== Tok.EOF; i++) {
      if (!(flags[i] & NEWLINE_BEFORE) || cols[i] !== 1) continue;
      const k = kinds[i];
      if (k === Tok.Ident || k === Tok.Default || k === Tok.Package || k === Tok.Import) break;
    }
    this.pos = i;
  }

  private describe(index: number): string {
    const kind = this.kinds[index];
    switch (kind) {
      case Tok.EOF:
        return 'end of file';
      case Tok.Ident:
        return `identifier ${JSON.stringify(this.text(index))}`;
      case Tok.Number:
        return `number ${this.text(index)}`;
      case Tok.String:
      case Tok.RawString:
        return 'string token';
    }
    if (kind >= FIRST_KEYWORD && kind <= LAST_KEYWORD) return `${TOKEN_TEXT[kind]} keyword`;
    return `${TOKEN_TEXT[kind]} token`;
  }

  /** In v0, an identifier spelled like a future keyword probably wanted to be one. */
  private futureKeywordHint(index: number): string {
    if (this.kinds[index] !== Tok.Ident) return '';
    const name = this.text(index);
    if (!this.dormantKeywords.has(name)) return '';
    return ` (hint: \`${name}\` is a keyword in Rego v0 only after \`import rego.v1\` or \`import future.keywords.${name}\`)`;
  }

  // ---------------------------------------------------------------------------
  // Tokens

  private text(index: number): string {
    return this.source.slice(this.starts[index], this.ends[index]);
  }

  /** The text of an identifier token, shared between all its occurrences. */
  private name(index: number): string {
    return this.names.get(this.starts[index], this.ends[index]);
  }

  private isKeyword(kind: number): boolean {
    return kind >= FIRST_KEYWORD && kind <= LAST_KEYWORD;
  }

  /**
   * A keyword directly followed by `.` or `[` starts a reference (`if.x`, `not[x]`): OPA allows keywords
   * as reference heads there. Inside expressions, the value keywords (null, true, false) keep their
   * meaning (`true.x` is an error); at the start of a rule or an expression they are names too.
   */
  private isKeywordRef(index: number, includeValues = false): boolean {
    const kind = this.kinds[index];
    if (!this.isKeyword(kind)) return false;
    if (!includeValues && (kind === Tok.Null || kind === Tok.True || kind === Tok.False)) return false;
    const next = this.kinds[index + 1];
    return (next === Tok.Dot || next === Tok.LBrack) && !(this.flags[index + 1] & SPACE_BEFORE);
  }

  /** Location from token `start` to the end of the last consumed token. */
  private loc(start: number): Location {
    return {
      file: this.file,
      row: this.rows[start],
      col: this.cols[start],
      offset: this.starts[start],
      end: this.ends[this.pos - 1],
    };
  }

  /** Location from the start of `from` to the end of the last consumed token. */
  private locFrom(from: Location): Location {
    return {
      file: this.file,
      row: from.row,
      col: from.col,
      offset: from.offset,
      end: this.ends[this.pos - 1],
    };
  }

  private tokenLoc(index: number): Location {
    return {
      file: this.file,
      row: this.rows[index],
      col: this.cols[index],
      offset: this.starts[index],
      end: this.ends[index],
    };
  }

  private expect(kind: number, what = `expected ${TOKEN_TEXT[kind]}`): void {
    if (this.kinds[this.pos] !== kind) this.unexpected(what);
    this.pos++;
  }

  /** Runs `parse`; on a syntax error, restores the position and returns undefined. */
  private attempt<T>(parse: () => T): T | undefined {
    const pos = this.pos;
    const depth = this.depth;
    try {
      return parse();
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
      this.pos = pos;
      this.depth = depth;
      return undefined;
    }
  }

  /** Parses a body up to (not including) `end`; returns the failure instead of throwing it. */
  private attemptBody(end: number): Body | ParseFailure {
    const depth = this.depth;
    try {
      return this.parseBody(end);
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
      this.depth = depth;
      return e;
    }
  }

  private demoteFutureKeywords(count: number): void {
    for (const name of FUTURE_KEYWORDS) this.dormantKeywords.set(name, []);
    const kinds = this.kinds;
    for (let i = 0; i < count; i++) {
      const k = kinds[i];
      if (k === Tok.If || k === Tok.Contains || k === Tok.In || k === Tok.Every) {
        this.dormantKeywords.get(TOKEN_TEXT[k])!.push(i);
        kinds[i] = Tok.Ident;
      }
    }
  }

  /** Makes future keywords keywords from the current position on (v0 `import future.keywords...`). */
  private enableKeywords(names: readonly string[]): void {
    for (const name of names) {
      const tokens = this.dormantKeywords.get(name);
      if (tokens === undefined) continue;
      this.dormantKeywords.delete(name);
      for (const i of tokens) if (i >= this.pos) this.kinds[i] = FUTURE_KEYWORD_KINDS[name];
      // `every x in xs` needs `in`.
      if (name === 'every') this.enableKeywords(['in']);
    }
  }

  // ---------------------------------------------------------------------------
  // Package and imports

  private parsePackage(): Package {
    const start = this.pos++;
    if (this.kinds[this.pos] !== Tok.Ident && !this.isKeyword(this.kinds[this.pos])) {
      this.unexpected('expected package path');
    }
    const first = this.pos++;
    const path: Term[] = [
      { type: 'var', name: 'data', location: this.tokenLoc(first) },
      { type: 'string', value: this.text(first), location: this.tokenLoc(first) },
    ];
    this.parsePathRest(path);
    if (this.packageRow === 0) this.packageRow = this.rows[start];
    return { type: 'package', path, location: this.loc(start) };
  }

  /** The `.name` and `["name"]` elements of a package or import path. */
  private parsePathRest(path: Term[]): void {
    const { kinds, flags } = this;
    for (;;) {
      const kind = kinds[this.pos];
      if (flags[this.pos] & SPACE_BEFORE) return;
      if (kind === Tok.Dot) {
        const i = ++this.pos;
        if (flags[i] & SPACE_BEFORE || (kinds[i] !== Tok.Ident && !this.isKeyword(kinds[i]))) {
          this.unexpected('expected identifier after .');
        }
        path.push({ type: 'string', value: this.text(i), location: this.tokenLoc(i) });
        this.pos++;
      } else if (kind === Tok.LBrack) {
        this.pos++;
        const k = kinds[this.pos];
        if (k !== Tok.String && k !== Tok.RawString) this.unexpected('expected string');
        path.push(this.parseString());
        this.expect(Tok.RBrack);
      } else return;
    }
  }

  private parseImport(): Import {
    const start = this.pos++;
    const headIndex = this.pos;
    if (this.kinds[headIndex] !== Tok.Ident && !this.isKeyword(this.kinds[headIndex])) {
      this.unexpected('expected import path');
    }
    this.pos++;
    const head: VarTerm = { type: 'var', name: this.text(headIndex), location: this.tokenLoc(headIndex) };
    const terms: Term[] = [head];
    this.parsePathRest(terms);
    const path: RefTerm = { type: 'ref', terms, location: this.locFrom(head.location) };
    let alias: string | undefined;
    if (this.kinds[this.pos] === Tok.As) {
      this.pos++;
      if (this.kinds[this.pos] !== Tok.Ident) this.unexpected('expected var');
      alias = this.text(this.pos++);
    }
    const imp: Import = { type: 'import', path, location: this.loc(start) };
    if (alias !== undefined) imp.alias = alias;
    this.checkImport(imp, headIndex);
    this.importRows.push(this.rows[start]);
    return imp;
  }

  private checkImport(imp: Import, headIndex: number): void {
    const terms = imp.path.terms;
    const root = (terms[0] as VarTerm).name;
    const names = terms.slice(1).map((t) => (t as StringTerm).value);
    if (!IMPORT_ROOTS.has(root)) {
      this.fail(
        `unexpected import path, must begin with one of: {data, future, input, rego}, got: ${root}`,
        headIndex,
      );
    }
    if (root === 'future') {
      if (names[0] !== 'keywords') this.fail('invalid import, must be `future.keywords`', headIndex);
      if (imp.alias !== undefined) this.fail('`future` imports cannot be aliased', headIndex);
      if (names.length > 2)
        this.fail('invalid import, must be `future.keywords.x`, e.g. `import future.keywords.in`', headIndex);
      if (names.length === 2 && !FUTURE_KEYWORDS.includes(names[1])) {
        this.fail(`unexpected keyword, must be one of [${FUTURE_KEYWORDS.join(' ')}]`, headIndex);
      }
      this.enableKeywords(names.length === 2 ? [names[1]] : FUTURE_KEYWORDS);
      return;
    }
    if (root === 'rego') {
      if (names.length !== 1 || names[0] !== 'v1') {
        this.fail(`invalid import \`${[root, ...names].join('.')}\`, must be \`rego.v1\``, headIndex);
      }
      if (this.requestedVersion === 'v0') {
        if (imp.alias !== undefined) this.fail('`rego` imports cannot be aliased', headIndex);
        // A v0 module importing rego.v1 must be valid v1 (OPA's "v0 compatible with v1" mode).
        this.enableKeywords(FUTURE_KEYWORDS);
        this.version = 'v1';
      }
      return;
    }
    if (imp.alias === undefined) {
      const last = names.length > 0 ? names[names.length - 1] : root;
      const keywords = this.requestedVersion === 'v1' ? V1_KEYWORDS : V0_KEYWORDS;
      if (keywords.has(last)) {
        this.fail(
          `unexpected import path, must not end with a keyword, got: ${last} (hint: import a different path or use an alias)`,
          headIndex,
        );
      }
    }
  }

  // ---------------------------------------------------------------------------
  // Rules

  /** Parses a rule statement (with its `else` chain and extra bodies) and appends it to `rules`. */
  private parseRule(rules: Rule[]): void {
    const { kinds } = this;
    const start = this.pos;
    let isDefault = false;
    if (kinds[start] === Tok.Default && !this.isKeywordRef(start)) {
      isDefault = true;
      this.pos++;
    }
    const headStart = this.pos;
    const head = this.parseHead(isDefault);
    const usesContains = head.key !== undefined;

    if (isDefault) {
      this.checkDefaultRule(head, start);
      const rule = this.makeRule(true, head, this.implicitBody(head.location), start);
      this.addRule(rules, rule, false, usesContains);
      return;
    }

    const hasIf = kinds[this.pos] === Tok.If;
    if (head.ref.length === 2 && !usesContains && head.args === undefined && head.value === undefined) {
      if (hasIf) {
        // `p[x] if ...` is a single-value rule p[x] = true.
        head.value = { type: 'boolean', value: true, location: head.location };
        head.implicitValue = true;
      } else {
        // `p[x] { ... }` and `p.q { ... }` are partial sets, as in Rego v0 (v1 rejects them below).
        head.key = head.ref[1];
        head.ref = [head.ref[0]];
      }
    }

    let body: Body;
    let implicitBody = false;
    if (hasIf) {
      this.pos++;
      body = kinds[this.pos] === Tok.LBrace ? this.parseIfBraces() : [this.parseLiteral()];
    } else if (kinds[this.pos] === Tok.LBrace) {
      this.pos++;
      body = this.parseBody(Tok.RBrace);
      this.pos++;
    } else {
      this.checkBodylessRule(head, headStart);
      body = this.implicitBody(head.location);
      implicitBody = true;
    }

    const rule = this.makeRule(false, head, body, start);
    if (implicitBody) rule.implicitBody = true;
    this.addRule(rules, rule, hasIf, usesContains);
    if (implicitBody) return;

    if (kinds[this.pos] === Tok.Else && !this.isKeywordRef(this.pos)) {
      if (head.ref.length > 1 && !head.ref.slice(1).every(isGroundTerm)) {
        this.fail('else keyword cannot be used on rules with variables in head');
      }
      if (head.key !== undefined) this.fail('else keyword cannot be used on multi-value rules');
      rule.else = this.parseElse(head, hasIf);
      rule.location = this.loc(start);
    }

    // `p { a } { b }`: more bodies for the same head, each a rule of its own.
    while (kinds[this.pos] === Tok.LBrace) {
      if (rule.else !== undefined) this.unexpected('expected else keyword');
      const bodyStart = this.pos++;
      const extraBody = this.parseBody(Tok.RBrace);
      this.pos++;
      const extraHead = cloneHead(head);
      extraHead.location = this.tokenLoc(bodyStart);
      const extra = this.makeRule(false, extraHead, extraBody, bodyStart);
      this.addRule(rules, extra, hasIf, usesContains);
    }
  }

  private makeRule(isDefault: boolean, head: RuleHead, body: Body, start: number): Rule {
    return { type: 'rule', default: isDefault, head, body, annotations: [], location: this.loc(start) };
  }

  private addRule(rules: Rule[], rule: Rule, hasIf: boolean, usesContains: boolean): void {
    rules.push(rule);
    this.written(rule, hasIf, usesContains);
  }

  private written(rule: Rule, hasIf: boolean, usesContains: boolean): void {
    this.writtenRules.push(rule);
    this.writtenAs.push((hasIf ? WROTE_IF : 0) | (usesContains ? WROTE_CONTAINS : 0));
  }

  /** The head: name or ref, optional arguments, then `contains key`, `= value` or `:= value`. */
  private parseHead(isDefault: boolean): RuleHead {
    const { kinds } = this;
    const start = this.pos;
    const kind = kinds[start];
    if (kind !== Tok.Ident && kind !== Tok.Contains && !this.isKeywordRef(start, true)) {
      this.unexpected(isDefault ? 'expected rule name' : 'expected rule, import or package');
    }
    this.pos++;
    const name: VarTerm = { type: 'var', name: this.name(start), location: this.tokenLoc(start) };
    const next = kinds[this.pos];
    if (next >= Tok.Add && next <= Tok.Gte && next !== Tok.Unify && next !== Tok.Assign) this.unexpected();
    // Unlike in expressions, space may separate a rule's name from its first `[`, `.` or `(`.
    const headTerm =
      next === Tok.Dot || next === Tok.LBrack || next === Tok.LParen ? this.parseRefRest(name, true) : name;

    let ref: Term[];
    let args: Term[] | undefined;
    if (headTerm.type === 'var') ref = [headTerm];
    else if (headTerm.type === 'ref' && headTerm.terms[0].type === 'var') ref = headTerm.terms;
    else if (headTerm.type === 'call' && headTerm.operator.terms[0].type === 'var') {
      ref = headTerm.operator.terms;
      args = headTerm.args;
    } else this.fail('invalid rule head: a rule name must be a name or a reference', start);

    let key: Term | undefined;
    let value: Term | undefined;
    let assign = false;
    switch (kinds[this.pos]) {
      case Tok.Contains:
        if (args !== undefined) {
          this.unexpected(
            `the contains keyword can only be used with multi-value rule definitions (e.g., ${refText(ref)} contains <VALUE> { ... })`,
          );
        }
        this.pos++;
        if (!this.canStartTerm(this.pos)) {
          this.unexpected(`expected rule key term (e.g., ${refText(ref)} contains <VALUE> { ... })`);
        }
        key = this.parseTermIn(true);
        break;
      case Tok.Unify:
      case Tok.Assign: {
        assign = kinds[this.pos] === Tok.Assign;
        this.pos++;
        if (!this.canStartTerm(this.pos)) {
          const op = assign ? ':=' : '=';
          const name = refText(ref);
          let example = `${name} ${op} <VALUE> { ... }`;
          if (args !== undefined) example = `${name}(...) ${op} <VALUE> { ... }`;
          else if (isDefault) example = `default ${name} ${op} <VALUE>`;
          this.unexpected(`expected rule value term (e.g., ${example})`);
        }
        value = this.parseTermIn(true);
        break;
      }
    }
    // A head that is just a name spans the name: share its location.
    const location = this.pos - 1 === start ? name.location : this.loc(start);
    const head: RuleHead = { type: 'head', ref, assign, location };
    if (args !== undefined) head.args = args;
    if (key !== undefined) head.key = key;
    if (value !== undefined) head.value = value;
    else if (key === undefined && (ref.length !== 2 || args !== undefined)) {
      head.value = { type: 'boolean', value: true, location: head.location };
      head.implicitValue = true;
    }
    return head;
  }

  private expectTermStart(expected: string): void {
    if (!this.canStartTerm(this.pos)) this.unexpected(expected);
  }

  private canStartTerm(index: number): boolean {
    switch (this.kinds[index]) {
      case Tok.Ident:
      case Tok.Contains:
      case Tok.Number:
      case Tok.String:
      case Tok.RawString:
      case Tok.Null:
      case Tok.True:
      case Tok.False:
      case Tok.LBrack:
      case Tok.LBrace:
      case Tok.LParen:
      case Tok.Sub:
      case Tok.Dot:
        return true;
    }
    return this.isKeywordRef(index);
  }

  /** A rule without a body must have a value (`p := 1`), a key (`p contains 1`) or be a function or ref. */
  private checkBodylessRule(head: RuleHead, headStart: number): void {
    // In v0, `p if {` without the import reads `if` as a name: say so.
    const next = this.pos;
    if (this.kinds[next] === Tok.Ident && !(this.flags[next] & NEWLINE_BEFORE)) {
      const word = this.text(next);
      if ((word === 'if' || word === 'contains') && this.dormantKeywords.has(word)) this.unexpected();
    }
    if (head.implicitValue && head.ref.length === 1 && head.args === undefined) {
      this.fail(`rule ${refText(head.ref)} needs a value (\`:=\`) or a body (\`if\`)`, headStart);
    }
  }

  /**
   * `p if { ... }`: OPA first tries a single expression (`p if {"a": 1}` is an object), and reads the
   * braces as a body only when that fails or yields a bare set (`{ x }`). We try the body first (the
   * common case) and fall back to an expression when the braces are followed by more of one.
   */
  private parseIfBraces(): Body {
    const open = this.pos;
    this.pos++;
    const body = this.attemptBody(Tok.RBrace);
    const afterBody = this.pos + 1; // past the closing brace, when the body parsed
    if (!(body instanceof ParseFailure) && !this.continuesExpression(afterBody)) {
      this.pos = afterBody;
      return body;
    }
    this.pos = open;
    const expr = this.attempt(() => this.parseLiteral());
    if (expr !== undefined && !(expr.kind === 'term' && expr.term.type === 'set')) return [expr];
    if (body instanceof ParseFailure) throw body;
    this.pos = afterBody;
    return body;
  }

  /** Whether the token at `index` continues an expression started by a preceding term. */
  private continuesExpression(index: number): boolean {
    const kind = this.kinds[index];
    if (kind === Tok.Dot || kind === Tok.LBrack || kind === Tok.LParen)
      return !(this.flags[index] & SPACE_BEFORE);
    return (kind >= Tok.Add && kind <= Tok.Gte) || kind === Tok.In || kind === Tok.Comma;
  }

  /** `else [= value | := value] [if] [{ body } | expr]`. */
  private parseElse(head: RuleHead, parentHasIf: boolean): Rule {
    const { kinds } = this;
    const start = this.pos++;
    const elseHead = cloneHead(head);
    delete elseHead.value;
    delete elseHead.implicitValue;
    elseHead.assign = false;
    switch (kinds[this.pos]) {
      case Tok.LBrace:
      case Tok.If:
        elseHead.value = { type: 'boolean', value: true, location: this.tokenLoc(start) };
        elseHead.implicitValue = true;
        break;
      case Tok.Assign:
      case Tok.Unify:
        elseHead.assign = kinds[this.pos] === Tok.Assign;
        this.pos++;
        this.expectTermStart('expected else value term');
        elseHead.value = this.parseTermIn(true);
        break;
      default:
        this.unexpected('expected else value term or rule body');
    }
    elseHead.location = this.loc(start);

    const hasIf = kinds[this.pos] === Tok.If;
    let body: Body;
    let implicitBody = false;
    if (hasIf) this.pos++;
    if (kinds[this.pos] === Tok.LBrace) {
      this.pos++;
      body = this.parseBody(Tok.RBrace);
      this.pos++;
    } else if (hasIf) {
      if (kinds[this.pos] === Tok.EOF) this.unexpected('rule body expected');
      body = [this.parseLiteral()];
    } else {
      body = this.implicitBody(elseHead.location);
      implicitBody = true;
    }
    const rule = this.makeRule(false, elseHead, body, start);
    if (implicitBody) rule.implicitBody = true;
    // OPA copies the head's keywords into the else branch, so `if` on the first rule covers the chain.
    this.written(rule, hasIf || parentHasIf, false);
    if (!implicitBody && kinds[this.pos] === Tok.Else) {
      rule.else = this.parseElse(head, parentHasIf);
      rule.location = this.loc(start);
    }
    return rule;
  }

  private implicitBody(location: Location): Body {
    return [
      {
        type: 'expr',
        kind: 'term',
        term: { type: 'boolean', value: true, location },
        negated: false,
        with: NO_WITHS,
        generated: true,
        location,
      },
    ];
  }

  /** `default p := v`: the value must be constant; function arguments must be distinct variables. */
  private checkDefaultRule(head: RuleHead, start: number): void {
    const location = this.loc(start);
    if (head.value === undefined) {
      this.reportAt('illegal default rule (must have a value)', location);
      return;
    }
    const bad = firstNonConstant(head.value);
    if (bad !== undefined) this.reportAt(`illegal default rule (value cannot contain ${bad})`, location);
    if (head.args === undefined) return;
    const seen = new Set<string>();
    for (const arg of head.args) {
      if (arg.type !== 'var') {
        this.reportAt(`illegal default rule (arguments cannot contain ${arg.type})`, location);
      } else if (arg.name !== '_') {
        if (seen.has(arg.name))
          this.reportAt(`illegal default rule (arguments cannot be repeated ${arg.name})`, location);
        seen.add(arg.name);
      }
    }
  }

  /** OPA's Rego v1 rule checks (run for v1 modules and v0 modules importing rego.v1). */
  private checkRegoV1(rule: Rule, writtenAs: number): void {
    const hasIf = (writtenAs & WROTE_IF) !== 0;
    const usesContains = (writtenAs & WROTE_CONTAINS) !== 0;
    const head = rule.head;
    const what = head.args !== undefined ? 'function' : 'rule';
    const location = rule.location;
    const hint = this.requestedVersion === 'v0' ? REGO_V1_IMPORT_HINT : V0_HINT;
    if (head.ref.length === 1) {
      const name = (head.ref[0] as VarTerm).name;
      if (V1_KEYWORDS.has(name)) this.reportAt(`${name} keyword cannot be used for rule name`, location);
    }
    if (rule.implicitBody && head.implicitValue) {
      this.reportAt(`${what} must have value assignment and/or body declaration`, location);
    }
    if (!rule.implicitBody && !hasIf && !rule.default) {
      this.reportAt(`\`if\` keyword is required before ${what} body (hint: ${hint})`, location);
    }
    if (head.key !== undefined && !usesContains) {
      this.reportAt(`\`contains\` keyword is required for partial set rules (hint: ${hint})`, location);
    }
  }

  // ---------------------------------------------------------------------------
  // Bodies and expressions

  /** Expressions up to `end` (not consumed), separated by `;` or newlines. */
  private parseBody(end: number): Body {
    const { kinds, flags } = this;
    if (kinds[this.pos] === end) this.fail('found empty body');
    const body: Body = [];
    for (;;) {
      body.push(this.parseLiteral());
      const kind = kinds[this.pos];
      if (kind === Tok.Semicolon) {
        this.pos++;
        continue;
      }
      if (kind === end) return body;
      if (kind === Tok.EOF) this.unexpected(`expected ${TOKEN_TEXT[end]}`);
      if (!(flags[this.pos] & NEWLINE_BEFORE)) this.unexpected(`expected \\n or ; or ${TOKEN_TEXT[end]}`);
    }
  }

  private parseLiteral(): Expr {
    const start = this.pos;
    const kind = this.kinds[start];
    if (this.isKeywordRef(start, true)) {
      this.kinds[start] = Tok.Ident;
      return this.parseExpr(start, false);
    }
    if (kind === Tok.Not) {
      this.pos++;
      const next = this.kinds[this.pos];
      if (next === Tok.Some || next === Tok.Every) this.fail(`illegal negation of '${TOKEN_TEXT[next]}'`);
      return this.parseExpr(start, true);
    }
    if (kind === Tok.Some) return this.parseSome(start);
    if (kind === Tok.Every) return this.parseEvery(start);
    return this.parseExpr(start, false);
  }

  private parseExpr(start: number, negated: boolean): Expr {
    const lhs = this.parseTermIn(true);
    const kind = this.kinds[this.pos];
    let operator: RefTerm | undefined;
    let args: Term[] | undefined;
    if (kind === Tok.Assign || kind === Tok.Unify) {
      operator = this.operator(this.pos++);
      args = [lhs, this.parseTermIn(true)];
    } else if (lhs.type === 'call') {
      operator = lhs.operator;
      args = lhs.args;
    }
    const withs = this.kinds[this.pos] === Tok.With ? this.parseWiths() : NO_WITHS;
    // An expression that is just its term (or call) spans the same text: share the location.
    const span = lhs.location;
    const location =
      span.offset === this.starts[start] && span.end === this.ends[this.pos - 1] ? span : this.loc(start);
    if (operator !== undefined) {
      return { type: 'expr', kind: 'call', operator, args: args!, negated, with: withs, location };
    }
    return { type: 'expr', kind: 'term', term: lhs, negated, with: withs, location };
  }

  private parseWiths(): With[] {
    const withs: With[] = [];
    while (this.kinds[this.pos] === Tok.With) {
      const start = this.pos++;
      if (this.kinds[this.pos] !== Tok.Ident && !this.isKeywordRef(this.pos))
        this.unexpected('expected with target');
      const targetStart = this.pos;
      const t = this.parseTerm();
      let target: RefTerm;
      if (t.type === 'var') target = { type: 'ref', terms: [t], location: { ...t.location } };
      else if (t.type === 'ref' && t.terms[0].type === 'var') target = t;
      else this.fail('expected with target path (input, data or a function name)', targetStart);
      this.expect(Tok.As, 'expected as keyword');
      this.expectTermStart('expected with value term');
      const value = this.parseTermIn(true);
      withs.push({ type: 'with', target, value, location: this.loc(start) });
    }
    return withs;
  }

  /** `some x, y`, `some x in xs`, `some k, v in xs`. */
  private parseSome(start: number): Expr {
    this.pos++;
    const afterSome = this.pos;
    const depth = this.depth;
    let term: Term | undefined;
    let failure: ParseFailure | undefined;
    try {
      term = this.parseTermIn(true);
    } catch (e) {
      failure = this.asFailure(e);
      this.depth = depth;
    }
    if (term !== undefined && term.type === 'call') {
      if (!isMembership(term)) this.fail('expected `x in xs` or `x, y in xs` expression', afterSome);
      const location = this.loc(start);
      const decl = { type: 'some' as const, symbols: [term], location };
      if (this.kinds[this.pos] !== Tok.With) {
        return { type: 'expr', kind: 'some', decl, negated: false, with: NO_WITHS, location };
      }
      const withs = this.parseWiths();
      return { type: 'expr', kind: 'some', decl, negated: false, with: withs, location: this.loc(start) };
    }
    this.pos = afterSome;
    const symbols: Term[] = [];
    for (;;) {
      if (this.kinds[this.pos] !== Tok.Ident) this.unexpected('expected var');
      symbols.push({ type: 'var', name: this.name(this.pos), location: this.tokenLoc(this.pos) });
      this.pos++;
      if (this.kinds[this.pos] !== Tok.Comma) break;
      this.pos++;
    }
    // `some x in <broken>`: report what broke the domain, not the `in`.
    if (failure !== undefined && this.kinds[this.pos] === Tok.In) throw failure;
    const location = this.loc(start);
    const decl = { type: 'some' as const, symbols, location };
    return { type: 'expr', kind: 'some', decl, negated: false, with: NO_WITHS, location };
  }

  /** `every x in xs { ... }`, `every k, v in xs { ... }`. */
  private parseEvery(start: number): Expr {
    this.pos++;
    const domainStart = this.pos;
    const term = this.parseTermIn(true);
    if (term.type !== 'call' || !isMembership(term)) {
      this.fail('expected `x[, y] in xs { ... }` expression', domainStart);
    }
    const args = term.args; // isMembership checked the arity
    const key: Term | undefined = args.length === 3 ? args[0] : undefined;
    const value = args[args.length - 2];
    const domain = args[args.length - 1];
    if (key !== undefined && key.type !== 'var') this.fail('expected key to be a variable', domainStart);
    if (value.type !== 'var') this.fail('expected value to be a variable', domainStart);
    if (this.kinds[this.pos] !== Tok.LBrace) this.unexpected('expected { (every needs a body)');
    this.pos++;
    const body = this.parseBody(Tok.RBrace);
    this.pos++;
    const location = this.loc(start);
    const every: Every =
      key === undefined
        ? { type: 'every', value, domain, body, location }
        : { type: 'every', key, value, domain, body, location };
    if (this.kinds[this.pos] !== Tok.With) {
      return { type: 'expr', kind: 'every', every, negated: false, with: NO_WITHS, location };
    }
    const withs = this.parseWiths();
    return { type: 'expr', kind: 'every', every, negated: false, with: withs, location: this.loc(start) };
  }

  // ---------------------------------------------------------------------------
  // Terms, by operator precedence (lowest first): in, relations, |, &, + -, * / %, then operands

  /** `keyVal` allows `k, v in xs` (not inside lists, where the comma separates items). */
  private parseTermIn(keyVal: boolean): Term {
    let lhs = this.parseInfix(RELATION);
    for (;;) {
      const kind = this.kinds[this.pos];
      if (keyVal && kind === Tok.Comma) {
        const comma = this.pos++;
        const middle = this.attempt(() => this.parseInfix(RELATION));
        if (middle !== undefined && this.kinds[this.pos] === Tok.In) {
          const op = this.memberOperator(this.pos++, 'member_3');
          lhs = this.binaryCall(op, [lhs, middle, this.parseInfix(RELATION)], lhs.location);
          continue;
        }
        this.pos = comma;
        return lhs;
      }
      if (kind !== Tok.In) return lhs;
      const op = this.memberOperator(this.pos++, 'member_2');
      lhs = this.binaryCall(op, [lhs, this.parseInfix(RELATION)], lhs.location);
    }
  }

  /**
   * Infix operators other than `in`, by precedence climbing: a term, then operators binding at least as
   * tightly as `minPrecedence`, each applied to the operand on its right (left-associative).
   */
  private parseInfix(minPrecedence: number): Term {
    let lhs = this.parseTerm();
    for (;;) {
      const precedence = PRECEDENCE[this.kinds[this.pos]];
      if (precedence === 0 || precedence < minPrecedence) return lhs;
      const op = this.operator(this.pos++);
      lhs = this.binaryCall(op, [lhs, this.parseInfix(precedence + 1)], lhs.location);
    }
  }

  /** The callee of an infix operator: `+` is a call of `plus`. */
  private operator(index: number): RefTerm {
    const location = this.tokenLoc(index);
    const name = OPERATOR_NAMES[this.kinds[index]]!;
    return { type: 'ref', terms: [{ type: 'var', name, location }], location };
  }

  private memberOperator(index: number, name: 'member_2' | 'member_3'): RefTerm {
    const location = this.tokenLoc(index);
    return {
      type: 'ref',
      terms: [
        { type: 'var', name: 'internal', location },
        { type: 'string', value: name, location },
      ],
      location,
    };
  }

  private binaryCall(operator: RefTerm, args: Term[], from: Location): CallTerm {
    return { type: 'call', operator, args, location: this.locFrom(from) };
  }

  /** One operand: a scalar, variable, composite, comprehension or parenthesised term, with any ref suffix. */
  private parseTerm(): Term {
    const i = this.pos;
    if (this.reparse.size > 0) {
      const done = this.reparse.get(i);
      if (done !== undefined) {
        this.reparse.delete(i);
        this.pos = done.next;
        return done.term;
      }
    }
    let term: Term;
    switch (this.kinds[i]) {
      case Tok.Ident:
      case Tok.Contains: // `contains` is a keyword only in rule heads; elsewhere it names the builtin
        this.pos++;
        term = { type: 'var', name: this.name(i), location: this.tokenLoc(i) };
        break;
      case Tok.Number:
      case Tok.Sub:
      case Tok.Dot:
        return this.parseNumber();
      case Tok.String:
      case Tok.RawString:
        term = this.parseString();
        break;
      case Tok.Null:
        this.pos++;
        term = { type: 'null', location: this.tokenLoc(i) };
        break;
      case Tok.True:
      case Tok.False:
        this.pos++;
        term = { type: 'boolean', value: this.kinds[i] === Tok.True, location: this.tokenLoc(i) };
        break;
      case Tok.LBrack:
        this.enter();
        term = this.parseArray();
        this.depth--;
        break;
      case Tok.LBrace:
        this.enter();
        term = this.parseSetOrObject();
        this.depth--;
        break;
      case Tok.LParen:
        this.enter();
        this.pos++;
        term = this.parseTermIn(true);
        this.expect(Tok.RParen, 'expected )');
        this.depth--;
        break;
      default:
        if (!this.isKeywordRef(i)) this.unexpected('expected term');
        this.pos++;
        term = { type: 'var', name: this.name(i), location: this.tokenLoc(i) };
    }
    const next = this.kinds[this.pos];
    if (
      (next === Tok.Dot || next === Tok.LBrack || next === Tok.LParen) &&
      !(this.flags[this.pos] & SPACE_BEFORE)
    ) {
      return this.parseRefRest(term, false);
    }
    if (term.type === 'var' && (term.name === 'input' || term.name === 'data')) {
      return { type: 'ref', terms: [term], location: term.location };
    }
    return term;
  }

  private enter(): void {
    if (++this.depth > MAX_NESTING) this.fail('expression nested too deeply');
  }

  /** `-1`, `1.5e3`, `.5` (read as 0.5). */
  private parseNumber(): Term {
    const { kinds } = this;
    const start = this.pos;
    let prefix = '';
    if (kinds[this.pos] === Tok.Sub) {
      prefix = '-';
      this.pos++;
      if (kinds[this.pos] !== Tok.Number && kinds[this.pos] !== Tok.Dot) this.unexpected('expected number');
    }
    let leadingDot = false;
    if (kinds[this.pos] === Tok.Dot) {
      this.pos++;
      if (kinds[this.pos] !== Tok.Number) this.unexpected('expected number');
      prefix += '0.';
      leadingDot = true;
    }
    const digits = this.names.get(this.starts[this.pos], this.ends[this.pos]);
    if (leadingDot && digits.includes('.')) this.fail('invalid float', start);
    const value = prefix === '' ? digits : prefix + digits;
    const problem = checkNumber(value);
    if (problem) this.fail(problem, start);
    this.pos++;
    return { type: 'number', value, location: this.loc(start) };
  }

  private parseString(): StringTerm {
    const i = this.pos++;
    const from = this.starts[i] + 1;
    const to = this.ends[i] - 1;
    const location = this.tokenLoc(i);
    if (this.kinds[i] === Tok.RawString) {
      return { type: 'string', value: this.source.slice(from, to), raw: true, location };
    }
    // Short strings repeat (keys, labels, kinds): share them like names.
    let value: string;
    if (this.flags[i] & HAS_ESCAPES) value = unescapeString(this.source, from, to);
    else value = to - from <= 16 ? this.names.get(from, to) : this.source.slice(from, to);
    return { type: 'string', value, location };
  }

  /**
   * The `.name`, `[key]` and `(args)` suffixes of a term. `allowLeadingSpace` lets rule heads write
   * `p [x]`; in expressions, space ends a reference (`[a [1]]` is two items).
   */
  private parseRefRest(head: Term, allowLeadingSpace: boolean): Term {
    const { kinds, flags } = this;
    let terms: Term[];
    switch (head.type) {
      case 'ref':
        terms = head.terms.slice();
        break;
      case 'var':
      case 'array':
      case 'object':
      case 'set':
      case 'arraycomprehension':
      case 'setcomprehension':
      case 'objectcomprehension':
      case 'call':
        terms = [head];
        break;
      default:
        this.fail(`illegal ref (head cannot be ${head.type})`);
    }
    let first = allowLeadingSpace;
    for (;;) {
      const kind = kinds[this.pos];
      if (flags[this.pos] & SPACE_BEFORE && !first) break;
      first = false;
      if (kind === Tok.Dot) {
        const i = ++this.pos;
        if (flags[i] & SPACE_BEFORE || (kinds[i] !== Tok.Ident && !this.isKeyword(kinds[i]))) {
          this.unexpected('expected identifier after .');
        }
        terms.push({ type: 'string', value: this.name(i), location: this.tokenLoc(i) });
        this.pos++;
      } else if (kind === Tok.LBrack) {
        this.pos++;
        this.enter();
        terms.push(this.parseTermIn(true));
        this.depth--;
        this.expect(Tok.RBrack, 'expected ]');
      } else if (kind === Tok.LParen) {
        // `f(...)`: the callee is the bare name; it spans what its head spans.
        const location = terms.length === 1 ? head.location : this.locFrom(head.location);
        const operator: RefTerm = { type: 'ref', terms, location };
        const call = this.parseCall(operator);
        // `f(x).y`, `f(x)[0]`: a reference into the call's result.
        const next = kinds[this.pos];
        if ((next !== Tok.Dot && next !== Tok.LBrack) || flags[this.pos] & SPACE_BEFORE) return call;
        head = call;
        terms = [call];
      } else break;
    }
    return { type: 'ref', terms, location: this.locFrom(head.location) };
  }

  /** `(args)` after a callee; `set()` is the empty set. */
  private parseCall(operator: RefTerm): Term {
    this.pos++;
    this.enter();
    const args: Term[] = [];
    if (this.kinds[this.pos] !== Tok.RParen) {
      for (;;) {
        args.push(this.parseTermIn(false));
        const kind = this.kinds[this.pos];
        if (kind === Tok.RParen) break;
        if (kind !== Tok.Comma) this.unexpected('expected , or )');
        this.pos++;
        if (this.kinds[this.pos] === Tok.RParen) break;
      }
    }
    this.pos++;
    this.depth--;
    const location = this.locFrom(operator.location);
    const callee = operator.terms[0];
    if (args.length === 0 && operator.terms.length === 1 && callee.type === 'var' && callee.name === 'set') {
      return { type: 'set', items: [], location };
    }
    return { type: 'call', operator, args, location };
  }

  /** `[...]`: an array or an array comprehension (`[x | body]` wins over `[x | y]` as an `or` call). */
  private parseArray(): Term {
    const start = this.pos++;
    if (this.kinds[this.pos] === Tok.RBrack) {
      this.pos++;
      return { type: 'array', items: [], location: this.loc(start) };
    }
    let maybeComprehension = true;
    if (this.kinds[this.pos] === Tok.Comma) {
      // `[, x]` is accepted for compatibility with OPA.
      maybeComprehension = false;
      this.pos++;
    }
    const itemsStart = this.pos;
    const head = this.parseTerm();
    const headEnd = this.pos;
    switch (this.kinds[this.pos]) {
      case Tok.RBrack:
        this.pos++;
        return { type: 'array', items: [head], location: this.loc(start) };
      case Tok.Comma:
        this.pos++;
        return { type: 'array', items: this.parseList(Tok.RBrack, [head]), location: this.loc(start) };
      case Tok.Or:
        if (maybeComprehension) {
          this.pos++;
          const body = this.attemptBody(Tok.RBrack);
          if (!(body instanceof ParseFailure)) {
            this.pos++;
            return { type: 'arraycomprehension', term: head, body, location: this.loc(start) };
          }
          if (this.kinds[body.index] !== Tok.Comma) throw body;
        }
    }
    this.reparse.set(itemsStart, { term: head, next: headEnd });
    this.pos = itemsStart;
    return { type: 'array', items: this.parseList(Tok.RBrack, []), location: this.loc(start) };
  }

  /** Comma-separated terms up to `end` (consumed); a trailing comma is allowed. */
  private parseList(end: number, items: Term[]): Term[] {
    if (this.kinds[this.pos] === end) {
      this.pos++;
      return items;
    }
    for (;;) {
      items.push(this.parseTermIn(false));
      const kind = this.kinds[this.pos];
      if (kind === end) break;
      if (kind !== Tok.Comma) this.unexpected(`expected , or ${TOKEN_TEXT[end]}`);
      this.pos++;
      if (this.kinds[this.pos] === end) break;
    }
    this.pos++;
    return items;
  }

  /** `{...}`: an object, a set, or a comprehension of either. `{}` is the empty object. */
  private parseSetOrObject(): Term {
    const start = this.pos++;
    if (this.kinds[this.pos] === Tok.RBrace) {
      this.pos++;
      return { type: 'object', items: [], location: this.loc(start) };
    }
    let maybeComprehension = true;
    if (this.kinds[this.pos] === Tok.Comma) {
      maybeComprehension = false;
      this.pos++;
    }
    const itemsStart = this.pos;
    // A lone term first, so that `{a | b}` reads as a comprehension rather than a set holding `a | b`.
    let head = this.parseTerm();
    const headEnd = this.pos;
    switch (this.kinds[this.pos]) {
      case Tok.Or:
        if (maybeComprehension) return this.parseSetRest(start, itemsStart, head, headEnd, true);
        break;
      case Tok.RBrace:
      case Tok.Comma:
        return this.parseSetRest(start, itemsStart, head, headEnd, false);
      case Tok.Colon:
        return this.parseObjectRest(start, head, maybeComprehension);
    }
    this.reparse.set(itemsStart, { term: head, next: headEnd });
    this.pos = itemsStart;
    head = this.parseTermIn(false);
    switch (this.kinds[this.pos]) {
      case Tok.RBrace:
      case Tok.Comma:
        return this.parseSetRest(start, itemsStart, head, this.pos, false);
      case Tok.Colon:
        return this.parseObjectRest(start, head, maybeComprehension);
    }
    this.unexpected('expected , or : or }');
  }

  private parseSetRest(
    start: number,
    itemsStart: number,
    head: Term,
    headEnd: number,
    maybeComprehension: boolean,
  ): Term {
    const kind = this.kinds[this.pos];
    if (kind === Tok.RBrace) {
      this.pos++;
      return { type: 'set', items: [head], location: this.loc(start) };
    }
    if (kind === Tok.Comma) {
      this.pos++;
      return { type: 'set', items: this.parseList(Tok.RBrace, [head]), location: this.loc(start) };
    }
    // `|` after the first term: a set comprehension if a body follows.
    if (maybeComprehension) {
      this.pos++;
      const body = this.attemptBody(Tok.RBrace);
      if (!(body instanceof ParseFailure)) {
        this.pos++;
        return { type: 'setcomprehension', term: head, body, location: this.loc(start) };
      }
      if (this.kinds[body.index] !== Tok.Comma) throw body;
    }
    this.reparse.set(itemsStart, { term: head, next: headEnd });
    this.pos = itemsStart;
    return { type: 'set', items: this.parseList(Tok.RBrace, []), location: this.loc(start) };
  }

  /** After `{key:`, an object or an object comprehension. */
  private parseObjectRest(start: number, key: Term, maybeComprehension: boolean): Term {
    this.pos++;
    const valueStart = this.pos;
    let value = this.parseTerm();
    const valueEnd = this.pos;
    const kind = this.kinds[this.pos];
    if (kind === Tok.RBrace || kind === Tok.Comma) return this.finishObject(start, key, value);
    if (kind === Tok.Or && maybeComprehension) {
      this.pos++;
      const body = this.attemptBody(Tok.RBrace);
      if (!(body instanceof ParseFailure)) {
        this.pos++;
        return { type: 'objectcomprehension', key, value, body, location: this.loc(start) };
      }
    }
    this.reparse.set(valueStart, { term: value, next: valueEnd });
    this.pos = valueStart;
    value = this.parseTermIn(false);
    const after = this.kinds[this.pos];
    if (after !== Tok.RBrace && after !== Tok.Comma) this.unexpected('expected , or }');
    return this.finishObject(start, key, value);
  }

  private finishObject(start: number, key: Term, value: Term): Term {
    const items: [Term, Term][] = [[key, value]];
    if (this.kinds[this.pos] === Tok.Comma) {
      this.pos++;
      while (this.kinds[this.pos] !== Tok.RBrace) {
        const k = this.parseTermIn(false);
        this.expect(Tok.Colon, 'expected :');
        const v = this.parseTermIn(false);
        items.push([k, v]);
        const kind = this.kinds[this.pos];
        if (kind === Tok.RBrace) break;
        if (kind !== Tok.Comma) this.unexpected('expected , or }');
        this.pos++;
      }
    }
    this.pos++;
    return { type: 'object', items, location: this.loc(start) };
  }
}

// -----------------------------------------------------------------------------
// Helpers

function isMembership(call: CallTerm): boolean {
  const t = call.operator.terms;
  if (t.length !== 2 || t[0].type !== 'var' || t[0].name !== 'internal' || t[1].type !== 'string')
    return false;
  return (
    (t[1].value === 'member_2' && call.args.length === 2) ||
    (t[1].value === 'member_3' && call.args.length === 3)
  );
}

/** The first variable, reference or call in a default rule's value (comprehensions may hold anything). */
function firstNonConstant(t: Term): string | undefined {
  switch (t.type) {
    case 'var':
      return 'var';
    case 'ref':
      return 'ref';
    case 'call':
      return 'call';
    case 'array':
    case 'set':
      for (const item of t.items) {
        const bad = firstNonConstant(item);
        if (bad) return bad;
      }
      return undefined;
    case 'object':
      for (const [k, v] of t.items) {
        const bad = firstNonConstant(k) ?? firstNonConstant(v);
        if (bad) return bad;
      }
      return undefined;
    default:
      return undefined;
  }
}

function refText(ref: Term[]): string {
  return ref
    .map((t, i) => {
      if (i === 0) return t.type === 'var' ? t.name : '?';
      if (t.type === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.value)) return `.${t.value}`;
      if (t.type === 'var') return `[${t.name}]`;
      if (t.type === 'string') return `[${JSON.stringify(t.value)}]`;
      return '[...]';
    })
    .join('');
}

/** Deep copy of a head, so that `else` branches and extra bodies never share nodes with the first rule. */
function cloneHead(head: RuleHead): RuleHead {
  return deepCopy(head);
}

/** Copies plain AST data (objects, arrays, primitives). */
function deepCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const key in value) copy[key] = deepCopy(value[key]);
    return copy as T;
  }
  return value;
}

function sortErrors(errors: RegoErrorDetail[]): RegoErrorDetail[] {
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.location.row - b.e.location.row || a.e.location.col - b.e.location.col || a.i - b.i)
    .map(({ e }) => e);
}

/**
 * Parses a METADATA schema path or reference (`input.x`, `schema.y`); undefined if it is not a reference.
 * Its terms get the location of the METADATA block, since the YAML text is not Rego source.
 */
function parseSchemaRef(text: string, location: Location): Term[] | undefined {
  let term: Term;
  try {
    term = parseTerm(text, location.file);
  } catch {
    return undefined;
  }
  const terms = term.type === 'ref' ? term.terms : [term];
  if (terms[0].type !== 'var') return undefined;
  return terms.map((t) => ({ ...t, location: { ...location } }));
}
