// strings.render_template: Go's text/template, executed with the option
// missingkey=error over the template variables (JSON values, so numbers are
// float64 and objects are maps, as OPA passes them). Supported: text and
// `{{- -}}` trimming, comments, `.a.b` / `$x.a` field chains, variables
// (`$x := ...`, `$x = ...`), pipelines with `|`, parenthesised pipelines,
// literals, `if`/`else if`/`else`, `range` (arrays, maps in key order,
// integers) with `break`/`continue`, `with`/`else with`, and the functions
// and, or, not, len, index, slice, eq, ne, lt, le, gt, ge, print, printf,
// println, html, js, urlquery. Named templates (`define`, `template`,
// `block`) are rejected with an error saying so.

import { fail, objectOperand, stringOperand } from './errors.js';
import { formatGoFloat, type GoArg, goNumber, goSprintf, goValueString } from './gofmt.js';
import type { HostImplementations } from './types.js';
import { compareStrings, isObject, type Value } from './values.js';

/** An integer constant of the template (Go's untyped int), distinct from the float64 of JSON data. */
class GoInt {
  constructor(readonly value: number) {}
}

type TValue = Value | GoInt | undefined;

interface Pipe {
  decl: string[];
  /** `=` (assign an existing variable) rather than `:=`. */
  assign: boolean;
  cmds: Arg[][];
}

type Arg =
  | { kind: 'dot' }
  | { kind: 'field'; receiver: Arg | null; fields: string[] }
  | { kind: 'var'; name: string }
  | { kind: 'literal'; value: TValue }
  | { kind: 'func'; name: string }
  | { kind: 'pipe'; pipe: Pipe };

interface ControlNode {
  kind: 'if' | 'with' | 'range';
  pipe: Pipe;
  list: TNode[];
  elseList: TNode[] | null;
}

type TNode =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipe; source: string; line: number }
  | ControlNode
  | { kind: 'break' | 'continue' };

class TemplateError extends Error {}

function parseFail(line: number, message: string): never {
  throw new TemplateError(`template: template:${line}: ${message}`);
}

// ---------------------------------------------------------------------------
// Lexing: split into text and actions, applying trim markers.

interface Action {
  body: string;
  line: number;
}

function split(src: string): (string | Action)[] {
  const out: (string | Action)[] = [];
  let i = 0;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    let text = open < 0 ? src.slice(i) : src.slice(i, open);
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, '');
    if (open < 0) {
      if (text) out.push(text);
      break;
    }
    const line = src.slice(0, open).split('\n').length;
    let start = open + 2;
    if (
      /^- [\s\S]/.test(src.slice(start)) ||
      src.slice(start).startsWith('-\t') ||
      src.slice(start).startsWith('-\n')
    ) {
      text = text.replace(/[ \t\r\n]+$/, '');
      start++;
    }
    if (text) out.push(text);
    // Find the closing delimiter outside string literals and comments.
    let j = start;
    let quote: string | null = null;
    for (; j < src.length; j++) {
      const c = src[j];
      if (quote) {
        if (c === '\\' && quote !== '`') j++;
        else if (c === quote) quote = null;
      } else if (src.startsWith('/*', j)) {
        const end = src.indexOf('*/', j + 2);
        if (end < 0) parseFail(line, 'unclosed comment');
        j = end + 1;
      } else if (c === '"' || c === '`' || c === "'") {
        quote = c;
      } else if (src.startsWith('}}', j)) {
        break;
      }
    }
    if (j >= src.length) parseFail(line, 'unclosed action');
    let end = j;
    trimNext = false;
    if (/[ \t\r\n]-$/.test(src.slice(start, end))) {
      end--;
      trimNext = true;
    }
    out.push({ body: src.slice(start, end).trim(), line });
    i = j + 2;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Parsing actions

const TOKEN =
  /\s+|:=|=|\||\(|\)|,|"(?:[^"\\]|\\.)*"|`[^`]*`|'(?:[^'\\]|\\.)*'|\$[\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*|\.[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*|[+-]?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|\.|[\p{L}_][\p{L}\p{N}_]*|\S/uy;

function tokenize(body: string, line: number): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < body.length) {
    const m = TOKEN.exec(body);
    if (!m) parseFail(line, `unexpected character in action: ${body}`);
    if (!/^\s+$/.test(m[0])) tokens.push(m[0]);
  }
  return tokens;
}

function unquote(token: string, line: number): string {
  if (token.startsWith('`')) return token.slice(1, -1);
  try {
    return JSON.parse(
      token
        .replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')
        .replace(/\\a/g, '\\u0007')
        .replace(/\\v/g, '\\u000b'),
    );
  } catch {
    parseFail(line, `invalid syntax: ${token}`);
  }
}

class PipeParser {
  private i = 0;
  constructor(
    private readonly tokens: string[],
    private readonly line: number,
  ) {}

  done(): boolean {
    return this.i >= this.tokens.length;
  }

  pipeline(allowDecl: boolean, rangeDecl = false): Pipe {
    const pipe: Pipe = { decl: [], assign: false, cmds: [] };
    if (allowDecl) {
      const t = this.tokens;
      const j = this.i;
      if (t[j]?.startsWith('$') && (t[j + 1] === ':=' || t[j + 1] === '=')) {
        pipe.decl = [t[j]];
        pipe.assign = t[j + 1] === '=';
        this.i += 2;
      } else if (
        rangeDecl &&
        t[j]?.startsWith('$') &&
        t[j + 1] === ',' &&
        t[j + 2]?.startsWith('$') &&
        t[j + 3] === ':='
      ) {
        pipe.decl = [t[j], t[j + 2]];
        this.i += 4;
      }
    }
    for (;;) {
      const cmd: Arg[] = [];
      while (!this.done() && this.tokens[this.i] !== '|' && this.tokens[this.i] !== ')')
        cmd.push(this.operand());
      if (cmd.length === 0) parseFail(this.line, 'missing value for command');
      pipe.cmds.push(cmd);
      if (this.tokens[this.i] !== '|') break;
      this.i++;
    }
    return pipe;
  }

  private operand(): Arg {
    const t = this.tokens[this.i++];
    let arg: Arg;
    if (t === '(') {
      const pipe = this.pipeline(false);
      if (this.tokens[this.i++] !== ')') parseFail(this.line, 'unclosed left paren');
      arg = { kind: 'pipe', pipe };
      // A field chain may follow: (pipeline).a.b
      const next = this.tokens[this.i];
      if (next?.startsWith('.') && next.length > 1 && !/^\.\d/.test(next)) {
        this.i++;
        return { kind: 'field', receiver: arg, fields: next.slice(1).split('.') };
      }
      return arg;
    }
    if (t === '.') return { kind: 'dot' };
    if (t.startsWith('$')) {
      const [name, ...fields] = t.split('.');
      const v: Arg = { kind: 'var', name };
      return fields.length ? { kind: 'field', receiver: v, fields } : v;
    }
    if (t.startsWith('.') && !/^\.\d/.test(t))
      return { kind: 'field', receiver: null, fields: t.slice(1).split('.') };
    if (t.startsWith('"') || t.startsWith('`')) return { kind: 'literal', value: unquote(t, this.line) };
    if (t.startsWith("'"))
      return { kind: 'literal', value: new GoInt(unquote(`"${t.slice(1, -1)}"`, this.line).codePointAt(0)!) };
    if (t === 'true' || t === 'false') return { kind: 'literal', value: t === 'true' };
    if (t === 'nil') return { kind: 'literal', value: null };
    if (/^[+-]?[\d.]/.test(t)) {
      const clean = t.replace(/_/g, '');
      if (/^[+-]?(0[xXbBoO]|\d+$)/.test(clean)) {
        const sign = clean.startsWith('-') ? -1 : 1;
        const digits = clean.replace(/^[+-]/, '');
        const n = /^0[oO]/.test(digits) ? Number.parseInt(digits.slice(2), 8) : Number(digits);
        return { kind: 'literal', value: new GoInt(sign * n) };
      }
      return { kind: 'literal', value: Number(clean) };
    }
    if (/^[\p{L}_]/u.test(t)) return { kind: 'func', name: t };
    parseFail(this.line, `unexpected "${t}" in operand`);
  }
}

function parse(src: string): TNode[] {
  const items = split(src);
  let pos = 0;
  type Stop = 'end' | 'else' | 'eof';
  const list = (inside: string | null): { nodes: TNode[]; stop: Stop; rest?: string[]; line?: number } => {
    const nodes: TNode[] = [];
    while (pos < items.length) {
      const item = items[pos++];
      if (typeof item === 'string') {
        nodes.push({ kind: 'text', text: item });
        continue;
      }
      const { body, line } = item;
      if (body.startsWith('/*')) continue;
      const tokens = tokenize(body, line);
      const keyword = tokens[0];
      switch (keyword) {
        case 'end':
          if (!inside) parseFail(line, 'unexpected {{end}}');
          return { nodes, stop: 'end' };
        case 'else':
          if (!inside) parseFail(line, 'unexpected {{else}}');
          return { nodes, stop: 'else', rest: tokens.slice(1), line };
        case 'if':
        case 'with':
        case 'range':
          nodes.push(control(keyword, tokens.slice(1), line));
          break;
        case 'break':
        case 'continue':
          nodes.push({ kind: keyword });
          break;
        case 'define':
        case 'template':
        case 'block':
          parseFail(
            line,
            `{{${keyword}}} (named templates) is not supported by strings.render_template in rtpolicy`,
          );
          break;
        default: {
          const p = new PipeParser(tokens, line);
          const pipe = p.pipeline(true);
          if (!p.done()) parseFail(line, `unexpected token in command: ${body}`);
          nodes.push({ kind: 'action', pipe, source: body, line });
        }
      }
    }
    if (inside) parseFail(0, `unexpected EOF in ${inside}`);
    return { nodes, stop: 'eof' };
  };
  const control = (kind: 'if' | 'with' | 'range', tokens: string[], line: number): TNode => {
    const p = new PipeParser(tokens, line);
    const pipe = p.pipeline(true, kind === 'range');
    if (!p.done()) parseFail(line, `unexpected token in ${kind}`);
    const body = list(kind);
    let elseList: TNode[] | null = null;
    if (body.stop === 'else') {
      const rest = body.rest ?? [];
      if (rest[0] === 'if' || rest[0] === 'with') {
        // `{{else if x}}` is `{{else}}{{if x}}...{{end}}` sharing the outer {{end}}.
        elseList = [control(rest[0], rest.slice(1), body.line ?? line)];
      } else {
        const tail = list(kind);
        if (tail.stop !== 'end') parseFail(line, `expected end; found {{else}}`);
        elseList = tail.nodes;
      }
    }
    return { kind, pipe, list: body.nodes, elseList };
  };
  return list(null).nodes;
}

// ---------------------------------------------------------------------------
// Execution

class BreakSignal {}
class ContinueSignal {}

function truthy(v: TValue): boolean {
  if (v === undefined || v === null) return false;
  if (v instanceof GoInt) return v.value !== 0;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v !== '';
  if (Array.isArray(v)) return v.length > 0;
  return Object.keys(v).length > 0;
}

function printValue(v: TValue): string {
  if (v === undefined || v === null) return '<no value>';
  if (v instanceof GoInt) return String(v.value);
  if (typeof v === 'number') return formatGoFloat(v);
  return goValueString(v);
}

type Kind = 'bool' | 'int' | 'float' | 'string' | 'nil' | 'other';

function kindOf(v: TValue): Kind {
  if (v === undefined || v === null) return 'nil';
  if (v instanceof GoInt) return 'int';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'string';
  return 'other';
}

function scalar(v: TValue): boolean | number | string | null {
  if (v instanceof GoInt) return v.value;
  return (v ?? null) as boolean | number | string | null;
}

function compare(a: TValue, b: TValue, op: string): number {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka !== kb || ka === 'other' || ka === 'nil') {
    if ((ka === 'nil' || kb === 'nil') && (op === 'eq' || op === 'ne')) return ka === kb ? 0 : 1;
    throw new TemplateError('incompatible types for comparison');
  }
  if (ka === 'bool' && op !== 'eq' && op !== 'ne') throw new TemplateError('invalid type for comparison');
  const x = scalar(a)!;
  const y = scalar(b)!;
  if (typeof x === 'string') return compareStrings(x, y as string);
  return x < y ? -1 : x > y ? 1 : 0;
}

function toGoArg(v: TValue): GoArg {
  if (v instanceof GoInt) return goNumber(v.value);
  if (typeof v === 'number') return { kind: 'float', value: v };
  if (typeof v === 'string') return { kind: 'string', value: v };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  return { kind: 'string', value: printValue(v) };
}

/** fmt.Sprint: spaces between operands when neither is a string. */
function sprint(args: TValue[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += printValue(a);
  });
  return out;
}

function htmlEscape(s: string): string {
  return s.replace(/[<>&'"\0]/g, (c) =>
    c === '\0' ? '\uFFFD' : { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;' }[c]!,
  );
}

function jsEscape(s: string): string {
  return s.replace(/[\\'"<>&=\u0000-\u001f]/g, (c) => {
    const named: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"' };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  });
}

function index(item: TValue, keys: TValue[]): TValue {
  let v = item;
  for (const k of keys) {
    if (Array.isArray(v)) {
      const i = k instanceof GoInt ? k.value : typeof k === 'number' ? k : Number.NaN;
      if (!Number.isInteger(i)) throw new TemplateError(`cannot index slice/array with type ${kindOf(k)}`);
      if (i < 0 || i >= v.length) throw new TemplateError(`error calling index: index out of range: ${i}`);
      v = v[i];
    } else if (isObject(v)) {
      if (typeof k !== 'string')
        throw new TemplateError('error calling index: value has type int; should be string');
      v = Object.hasOwn(v, k) ? v[k] : undefined;
    } else if (v === null || v === undefined) {
      throw new TemplateError('error calling index: index of untyped nil');
    } else {
      throw new TemplateError(`error calling index: can't index item of type ${kindOf(v)}`);
    }
  }
  return v;
}

function goLen(v: TValue): GoInt {
  if (typeof v === 'string') return new GoInt(Buffer.byteLength(v, 'utf8'));
  if (Array.isArray(v)) return new GoInt(v.length);
  if (isObject(v)) return new GoInt(Object.keys(v).length);
  throw new TemplateError(`error calling len: len of type ${kindOf(v)}`);
}

class Executor {
  private out = '';
  private vars: [string, TValue][][] = [];

  constructor(private readonly root: Value) {}

  run(nodes: TNode[]): string {
    this.vars = [[['$', this.root]]];
    this.list(nodes, this.root);
    return this.out;
  }

  private lookupVar(name: string): TValue {
    for (let s = this.vars.length - 1; s >= 0; s--) {
      for (let i = this.vars[s].length - 1; i >= 0; i--)
        if (this.vars[s][i][0] === name) return this.vars[s][i][1];
    }
    throw new TemplateError(`undefined variable: ${name}`);
  }

  private setVar(name: string, value: TValue, declare: boolean): void {
    if (declare) {
      this.vars[this.vars.length - 1].push([name, value]);
      return;
    }
    for (let s = this.vars.length - 1; s >= 0; s--) {
      for (let i = this.vars[s].length - 1; i >= 0; i--) {
        if (this.vars[s][i][0] === name) {
          this.vars[s][i][1] = value;
          return;
        }
      }
    }
    throw new TemplateError(`undefined variable: ${name}`);
  }

  private scoped(fn: () => void): void {
    this.vars.push([]);
    try {
      fn();
    } finally {
      this.vars.pop();
    }
  }

  private list(nodes: TNode[], dot: TValue): void {
    for (const node of nodes) this.node(node, dot);
  }

  private node(node: TNode, dot: TValue): void {
    switch (node.kind) {
      case 'text':
        this.out += node.text;
        return;
      case 'action': {
        try {
          const v = this.pipe(node.pipe, dot);
          if (node.pipe.decl.length === 0) this.out += printValue(v);
        } catch (e) {
          if (e instanceof TemplateError && !e.message.startsWith('template:')) {
            throw new TemplateError(
              `template: template:${node.line}: executing "template" at <${node.source}>: ${e.message}`,
            );
          }
          throw e;
        }
        return;
      }
      case 'break':
        throw new BreakSignal();
      case 'continue':
        throw new ContinueSignal();
      case 'if':
      case 'with':
        this.scoped(() => {
          const v = this.pipe(node.pipe, dot);
          if (truthy(v)) this.scoped(() => this.list(node.list, node.kind === 'with' ? v : dot));
          else if (node.elseList) this.scoped(() => this.list(node.elseList!, dot));
        });
        return;
      case 'range':
        this.scoped(() => this.range(node, dot));
        return;
    }
  }

  private range(node: ControlNode, dot: TValue): void {
    const pipe = { ...node.pipe, decl: [] };
    const v = this.pipe(pipe, dot);
    let entries: [TValue, TValue][];
    if (Array.isArray(v)) entries = v.map((x, i) => [new GoInt(i), x]);
    else if (isObject(v))
      entries = Object.keys(v)
        .sort(compareStrings)
        .map((k) => [k, v[k]]);
    else if (v instanceof GoInt)
      entries = Array.from({ length: Math.max(v.value, 0) }, (_, i) => [new GoInt(i), new GoInt(i)]);
    else if (v === null || v === undefined) entries = [];
    else throw new TemplateError(`range can't iterate over ${printValue(v)}`);
    if (entries.length === 0) {
      if (node.elseList) this.scoped(() => this.list(node.elseList!, dot));
      return;
    }
    for (const [key, elem] of entries) {
      try {
        this.scoped(() => {
          if (node.pipe.decl.length === 1) this.setVar(node.pipe.decl[0], elem, true);
          if (node.pipe.decl.length === 2) {
            this.setVar(node.pipe.decl[0], key, true);
            this.setVar(node.pipe.decl[1], elem, true);
          }
          this.list(node.list, elem);
        });
      } catch (e) {
        if (e instanceof BreakSignal) break;
        if (e instanceof ContinueSignal) continue;
        throw e;
      }
    }
  }

  private pipe(pipe: Pipe, dot: TValue): TValue {
    let value: TValue;
    let first = true;
    for (const cmd of pipe.cmds) {
      value = this.command(cmd, dot, first ? undefined : { value });
      first = false;
    }
    for (const name of pipe.decl) this.setVar(name, value, !pipe.assign);
    return value;
  }

  /** A command; `piped` holds the previous command's value, passed as the last argument. */
  private command(cmd: Arg[], dot: TValue, piped?: { value: TValue }): TValue {
    const [head, ...rest] = cmd;
    if (head.kind === 'func') {
      if (head.name === 'and' || head.name === 'or') {
        const args = [...rest];
        let v: TValue;
        const all = piped
          ? [...args.map((a) => () => this.arg(a, dot)), () => piped.value]
          : args.map((a) => () => this.arg(a, dot));
        if (all.length === 0)
          throw new TemplateError(`wrong number of args for ${head.name}: want at least 1 got 0`);
        for (const get of all) {
          v = get();
          if (head.name === 'and' ? !truthy(v) : truthy(v)) return v;
        }
        return v;
      }
      const args = rest.map((a) => this.arg(a, dot));
      if (piped) args.push(piped.value);
      return this.call(head.name, args);
    }
    if (rest.length > 0 || piped) {
      throw new TemplateError(`can't give argument to non-function ${cmd.map((a) => a.kind).join(' ')}`);
    }
    return this.arg(head, dot);
  }

  private arg(arg: Arg, dot: TValue): TValue {
    switch (arg.kind) {
      case 'dot':
        return dot;
      case 'var':
        return this.lookupVar(arg.name);
      case 'literal':
        return arg.value;
      case 'pipe':
        return this.pipe(arg.pipe, dot);
      case 'func':
        return this.call(arg.name, []);
      case 'field': {
        let v = arg.receiver ? this.arg(arg.receiver, dot) : dot;
        for (const f of arg.fields) {
          if (isObject(v)) {
            if (!Object.hasOwn(v, f)) throw new TemplateError(`map has no entry for key "${f}"`);
            v = v[f];
          } else if (v === null || v === undefined) {
            throw new TemplateError(`nil pointer evaluating interface {}.${f}`);
          } else {
            throw new TemplateError(`can't evaluate field ${f} in type ${kindOf(v)}`);
          }
        }
        return v;
      }
    }
  }

  private call(name: string, args: TValue[]): TValue {
    const want = (n: number) => {
      if (args.length !== n)
        throw new TemplateError(`wrong number of args for ${name}: want ${n} got ${args.length}`);
    };
    switch (name) {
      case 'not':
        want(1);
        return !truthy(args[0]);
      case 'len':
        want(1);
        return goLen(args[0]);
      case 'index':
        if (args.length < 1) throw new TemplateError('wrong number of args for index: want at least 1 got 0');
        return index(args[0], args.slice(1));
      case 'slice': {
        const [item, ...bounds] = args;
        const ints = bounds.map((b) => (b instanceof GoInt ? b.value : Number.NaN));
        if (ints.some((n) => !Number.isInteger(n)))
          throw new TemplateError('error calling slice: non-integer index');
        if (typeof item === 'string')
          return Buffer.from(item, 'utf8').subarray(ints[0], ints[1]).toString('utf8');
        if (Array.isArray(item)) return item.slice(ints[0], ints[1]);
        throw new TemplateError(`error calling slice: can't slice item of type ${kindOf(item)}`);
      }
      case 'eq': {
        if (args.length < 2) throw new TemplateError('wrong number of args for eq: want at least 2');
        return args.slice(1).some((b) => compare(args[0], b, 'eq') === 0);
      }
      case 'ne':
        want(2);
        return compare(args[0], args[1], 'ne') !== 0;
      case 'lt':
        want(2);
        return compare(args[0], args[1], 'lt') < 0;
      case 'le':
        want(2);
        return compare(args[0], args[1], 'le') <= 0;
      case 'gt':
        want(2);
        return compare(args[0], args[1], 'gt') > 0;
      case 'ge':
        want(2);
        return compare(args[0], args[1], 'ge') >= 0;
      case 'print':
        return sprint(args);
      case 'println':
        return `${args.map(printValue).join(' ')}\n`;
      case 'printf': {
        if (typeof args[0] !== 'string') throw new TemplateError('wrong type for value; expected string');
        return goSprintf(args[0], args.slice(1).map(toGoArg));
      }
      case 'html':
        return htmlEscape(sprint(args));
      case 'js':
        return jsEscape(sprint(args));
      case 'urlquery':
        return encodeURIComponent(sprint(args))
          .replace(/%20/g, '+')
          .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
      default:
        throw new TemplateError(`function "${name}" not defined`);
    }
  }
}

/** Renders a Go text/template with missingkey=error; errors fail the builtin with Go's wording. */
export function renderGoTemplate(template: string, vars: { [key: string]: Value }): string {
  try {
    return new Executor(vars).run(parse(template));
  } catch (e) {
    if (e instanceof TemplateError) fail(e.message);
    throw e;
  }
}

export const templateBuiltins: HostImplementations = {
  'strings.render_template': (template: Value, vars: Value) =>
    renderGoTemplate(stringOperand(template, 1), objectOperand(vars, 2)),
};
