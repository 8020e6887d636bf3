// METADATA annotations: `# METADATA` comment blocks holding YAML, as OPA defines them
// (https://www.openpolicyagent.org/docs/policy-language#metadata).
//
// A block starts at a comment whose text begins with METADATA and continues
// over the comments on the following lines that start in column 1. Its YAML is
// the text of those comments, less one leading space. A block applies to the
// first package, import or rule that starts below its METADATA line; without a
// `scope` it takes the scope of that statement (rule, or document when it
// declares an entrypoint; package). A rule's own blocks, and the document-scope
// blocks of rules with the same path, are listed on Rule.annotations as OPA's
// attachRuleAnnotations does.

import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import type {
  Annotations,
  Author,
  Comment,
  Location,
  RegoErrorDetail,
  RelatedResource,
  Rule,
  SchemaAnnotation,
  Term,
} from './ast.js';
import { isGroundTerm, termToString } from './ast.js';

export interface AnnotationInput {
  comments: Comment[];
  /** The statements a block can attach to: the package (row 0 when missing), imports and rules. */
  packageRow: number;
  importRows: number[];
  /** The module's top-level rules, in source order. */
  rules: Rule[];
  /** Errors are appended here (code rego_parse_error). */
  errors: RegoErrorDetail[];
  /** Attach blocks to statements and rules (skipped when the module has syntax errors). */
  attach: boolean;
  /** Parses a schema path or reference, located at `location`; undefined when the text is not a reference. */
  parseRef: (text: string, location: Location) => Term[] | undefined;
}

const SCOPES = ['rule', 'document', 'package', 'subpackages'] as const;
type Scope = (typeof SCOPES)[number];

const FIELDS = [
  'scope',
  'title',
  'description',
  'organizations',
  'related_resources',
  'authors',
  'schemas',
  'entrypoint',
  'custom',
  'compile',
];

/** A parsed block whose scope may still have to be inferred from the statement below it. */
interface Block {
  annotations: Annotations;
  declaredScope: string | undefined;
}

/** Parses every METADATA block of a module; returns them in source order. */
export function processAnnotations(input: AnnotationInput): Annotations[] {
  const blocks: Block[] = [];
  for (const lines of findBlocks(input.comments)) {
    const block = parseBlock(lines, input);
    if (block) blocks.push(block);
  }
  if (input.attach) attach(blocks, input);
  return blocks.map((b) => b.annotations);
}

/** Groups comments into METADATA blocks: the METADATA line, then the lines of YAML. */
function findBlocks(comments: Comment[]): Comment[][] {
  const blocks: Comment[][] = [];
  let current: Comment[] | undefined;
  for (let i = 0; i < comments.length; i++) {
    const c = comments[i];
    if (current) {
      const prev = comments[i - 1];
      if (c.location.row === prev.location.row + 1 && c.location.col === 1) {
        current.push(c);
        continue;
      }
      current = undefined;
    }
    if (c.text.trimStart().startsWith('METADATA')) {
      current = [c];
      blocks.push(current);
    }
  }
  return blocks;
}

class MetadataError extends Error {
  constructor(
    message: string,
    /** The top-level field the problem is in, to point at its line. */
    readonly field?: string,
  ) {
    super(message);
  }
}

// js-yaml rather than the `yaml` package: METADATA blocks are small and numerous, and js-yaml decodes
// them about nine times faster. The core schema is YAML 1.2's, as Go's yaml.v3 that OPA uses: `yes`
// and dates stay strings.
const YAML_OPTIONS = { schema: CORE_SCHEMA };

/** Bounds the work on values built from YAML aliases (a few lines can describe a huge tree). */
const MAX_VALUE_NODES = 10_000;

function parseBlock(lines: Comment[], input: AnnotationInput): Block | undefined {
  const header = lines[0].location;
  const body = lines.slice(1);
  const yamlLines = body.map((c) => (c.text.startsWith(' ') ? c.text.slice(1) : c.text));
  const last = lines[lines.length - 1].location;
  const location: Location = { ...header, end: last.end };

  // Row and column in the Rego file of a (0-based) line and column of the YAML text.
  const position = (line: number, column: number) => {
    const comment = body[Math.min(line, body.length - 1)];
    const stripped = comment.text.startsWith(' ') ? 1 : 0;
    return { row: comment.location.row, col: comment.location.col + 1 + stripped + column };
  };
  const report = (message: string, at?: { row: number; col: number }) => {
    input.errors.push({
      code: 'rego_parse_error',
      message,
      location: { file: header.file, row: at?.row ?? header.row, col: at?.col ?? header.col },
    });
  };

  const text = yamlLines.join('\n');
  if (text.trim() === '') {
    report('expected METADATA block, found whitespace');
    return undefined;
  }
  let raw: unknown;
  try {
    raw = load(text, YAML_OPTIONS);
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    const line = Math.min(e.mark.line, yamlLines.length - 1);
    report(`yaml: line ${line + 1}: ${e.reason}`, position(line, Math.max(0, e.mark.column)));
    return undefined;
  }

  try {
    return decodeFields(raw, location, input.parseRef);
  } catch (e) {
    if (!(e instanceof MetadataError)) throw e;
    // Point at the line of the offending top-level field.
    const line = e.field === undefined ? -1 : yamlLines.findIndex((l) => l.startsWith(`${e.field}:`));
    report(e.message, line >= 0 ? position(line, 0) : undefined);
    return undefined;
  }
}

/** Checks and converts the decoded YAML of a block. */
function decodeFields(raw: unknown, location: Location, parseRef: AnnotationInput['parseRef']): Block {
  // The scope is settled at attachment, from the declared one or the statement below.
  const annotations: Annotations = { type: 'annotations', scope: 'rule', location };
  let declaredScope: string | undefined;
  if (raw === null || raw === undefined) return { annotations, declaredScope };
  if (!isPlainObject(raw))
    throw new MetadataError('METADATA must be a YAML mapping of fields (title, description, ...)');
  for (const [field, value] of Object.entries(raw)) {
    const fail = (message: string): never => {
      throw new MetadataError(message, field);
    };
    switch (field) {
      case 'scope': {
        const scope = asString(value, 'scope', fail);
        if (!(SCOPES as readonly string[]).includes(scope))
          fail(`invalid annotation scope '${scope}'. ${SCOPE_CHOICES}`);
        declaredScope = scope;
        break;
      }
      case 'title':
        annotations.title = asString(value, 'title', fail);
        break;
      case 'description':
        annotations.description = asString(value, 'description', fail);
        break;
      case 'organizations':
        annotations.organizations = asList(value, 'organizations', fail).map((v) =>
          asString(v, 'organizations', fail),
        );
        break;
      case 'related_resources':
        annotations.relatedResources = asList(value, 'related_resources', fail).map((v) =>
          relatedResource(v, fail),
        );
        break;
      case 'authors':
        annotations.authors = asList(value, 'authors', fail).map((v) => author(v, fail));
        break;
      case 'schemas':
        annotations.schemas = asList(value, 'schemas', fail).map((v) =>
          schema(v, fail, (text) => parseRef(text, location)),
        );
        break;
      case 'entrypoint':
        if (typeof value !== 'boolean') fail('entrypoint must be true or false');
        annotations.entrypoint = value as boolean;
        break;
      case 'custom':
        if (value === null) break;
        if (!isPlainObject(value)) fail('custom must be a mapping');
        checkSize(value, 'custom', fail);
        annotations.custom = value as Record<string, unknown>;
        break;
      case 'compile':
        // OPA's partial-evaluation hints (unknowns, mask_rule): valid, and irrelevant to evaluation.
        break;
      default:
        fail(`unknown METADATA field "${field}" (known fields: ${FIELDS.join(', ')})`);
    }
  }
  return { annotations, declaredScope };
}

const SCOPE_CHOICES = "Use one of 'rule', 'document', 'package', or 'subpackages'";

type Fail = (message: string) => never;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A scalar as a string (numbers and booleans as written in decimal, as OPA's YAML decoding does). */
function asString(value: unknown, field: string, fail: Fail): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fail(`${field} must be a string`);
}

function asList(value: unknown, field: string, fail: Fail): unknown[] {
  if (value === null) return [];
  if (!Array.isArray(value)) return fail(`${field} must be a list`);
  return value;
}

/** A string field of a mapping; non-strings read as '' (as OPA's getSafeString). */
function stringField(value: Record<string, unknown>, key: string): string {
  const v = value[key];
  return typeof v === 'string' ? v.trim() : '';
}

function relatedResource(value: unknown, fail: Fail): RelatedResource {
  if (typeof value === 'string') {
    if (value === '') fail('invalid related-resource definition: ref URL may not be empty string');
    return { ref: value };
  }
  if (isPlainObject(value)) {
    const ref = stringField(value, 'ref');
    if (!ref) fail("invalid related-resource definition: 'ref' value required in object");
    const description = stringField(value, 'description');
    return description ? { ref, description } : { ref };
  }
  return fail('invalid related-resource definition: invalid value type, must be string or map');
}

/** `Jane Doe <jane@example.com>` or `{name, email}`. */
function author(value: unknown, fail: Fail): Author {
  let name = '';
  let email = '';
  if (typeof value === 'string') {
    const words = value.split(/\s+/).filter(Boolean);
    if (words.length === 0) fail('invalid author definition: author is an empty string');
    const last = words[words.length - 1];
    if (last.length >= 2 && last.startsWith('<') && last.endsWith('>')) {
      email = last.slice(1, -1);
      words.pop();
    }
    name = words.join(' ');
  } else if (isPlainObject(value)) {
    name = stringField(value, 'name');
    email = stringField(value, 'email');
    if (!name && !email) fail("invalid author definition: 'name' and/or 'email' values required in object");
  } else {
    fail('invalid author definition: invalid value type, must be string or map');
  }
  const result: Author = {};
  if (name) result.name = name;
  if (email) result.email = email;
  return result;
}

/** `- input.x: schema.y` or `- input.x: {definition}`. */
function schema(
  value: unknown,
  fail: Fail,
  parseRef: (text: string) => Term[] | undefined,
): SchemaAnnotation {
  const entries = isPlainObject(value) ? Object.entries(value) : [];
  if (entries.length !== 1) return fail('invalid schema declaration: expected one `path: schema` entry');
  const [key, declaration] = entries[0];
  const path = parseRef(key);
  if (!path) return fail(`invalid document reference "${key}"`);
  if (typeof declaration === 'string') {
    const ref = parseRef(declaration);
    const head = ref?.[0];
    if (!ref || head?.type !== 'var' || head.name !== 'schema')
      return fail(`invalid schema reference "${declaration}"`);
    return { path, schema: ref };
  }
  if (isPlainObject(declaration)) {
    checkSize(declaration, 'schema definition', fail);
    return { path, definition: declaration };
  }
  return fail(`invalid schema declaration for path "${key}"`);
}

/** Rejects values that YAML aliases blow up into huge trees. */
function checkSize(value: unknown, what: string, fail: Fail): void {
  let budget = MAX_VALUE_NODES;
  const visit = (v: unknown): void => {
    if (--budget < 0) fail(`${what} is too large (more than ${MAX_VALUE_NODES} values)`);
    if (Array.isArray(v)) for (const x of v) visit(x);
    else if (isPlainObject(v)) for (const x of Object.values(v)) visit(x);
  };
  visit(value);
}

// -----------------------------------------------------------------------------
// Attachment

function attach(blocks: Block[], input: AnnotationInput): void {
  const { errors, importRows, rules, packageRow } = input;
  const report = (a: Annotations, message: string) => {
    errors.push({
      code: 'rego_parse_error',
      message,
      location: { file: a.location.file, row: a.location.row, col: a.location.col },
    });
  };

  const ruleBlocks = new Map<Rule, Annotations[]>();
  // Blocks, imports and rules are all in source order: walk them together.
  let nextImport = 0;
  let nextRule = 0;
  for (const block of blocks) {
    const a = block.annotations;
    const row = a.location.row;
    while (nextImport < importRows.length && importRows[nextImport] <= row) nextImport++;
    while (nextRule < rules.length && rules[nextRule].location.row <= row) nextRule++;
    // The first statement below the block.
    const importRow = nextImport < importRows.length ? importRows[nextImport] : Infinity;
    const rule = nextRule < rules.length ? rules[nextRule] : undefined;
    const ruleRow = rule ? rule.location.row : Infinity;
    let target: 'package' | 'import' | 'rule' | undefined;
    if (packageRow > row && packageRow <= importRow && packageRow <= ruleRow) target = 'package';
    else if (importRow < ruleRow) target = 'import';
    else if (rule) target = 'rule';

    let scope = block.declaredScope;
    if (scope === undefined) {
      if (target === 'rule') scope = a.entrypoint ? 'document' : 'rule';
      else scope = target ?? '';
    }
    const have = target ? ` (have ${target})` : '';
    if (scope === 'rule' || scope === 'document') {
      if (target !== 'rule') {
        report(a, `annotation scope '${scope}' must be applied to rule${have}`);
        continue;
      }
    } else if (scope === 'package' || scope === 'subpackages') {
      if (target !== 'package') {
        report(a, `annotation scope '${scope}' must be applied to package${have}`);
        continue;
      }
    } else {
      const hint = target ? '' : ' (hint: no package or rule follows this METADATA block)';
      report(a, `invalid annotation scope '${scope}'. ${SCOPE_CHOICES}${hint}`);
      continue;
    }
    a.scope = scope as Scope;
    if (a.entrypoint && scope !== 'document' && scope !== 'package') {
      report(a, `annotation entrypoint applied to non-document or package scope '${scope}'`);
    }
    if (target === 'rule' && rule) {
      const list = ruleBlocks.get(rule);
      if (list) list.push(a);
      else ruleBlocks.set(rule, [a]);
    }
  }
  if (ruleBlocks.size === 0) return;

  // Blocks by the path of the rule they sit on; a rule collects the document-scope blocks of its path and
  // the first rule-scope block above it (which then belongs to no other rule).
  const byPath = new Map<string, Annotations[]>();
  const names = new Set<string>();
  for (const [rule, list] of ruleBlocks) {
    const key = pathKey(rule);
    const existing = byPath.get(key);
    if (existing) existing.push(...list);
    else byPath.set(key, [...list]);
    names.add(ruleName(rule));
  }
  for (const list of byPath.values()) list.sort((x, y) => x.location.offset - y.location.offset);
  for (const rule of rules) {
    if (!names.has(ruleName(rule))) continue;
    const candidates = byPath.get(pathKey(rule));
    if (!candidates) continue;
    let claimed = -1;
    candidates.forEach((a, i) => {
      if (a.scope === 'document') rule.annotations.push(a);
      else if (a.scope === 'rule' && rule.location.row > a.location.row) {
        claimed = i;
        rule.annotations.push(a);
      }
    });
    if (claimed >= 0) candidates.splice(claimed, 1);
  }
}

function ruleName(rule: Rule): string {
  const head = rule.head.ref[0];
  return head.type === 'var' ? head.name : '';
}

/** The ground prefix of a rule's ref (`p[x].y` is `p`), as a comparable string. */
function pathKey(rule: Rule): string {
  let key = '';
  for (const [i, t] of rule.head.ref.entries()) {
    if (i > 0 && !isGroundTerm(t)) break;
    key += `${termToString(t)}\u0000`;
  }
  return key;
}
