// JSON Schema validation for json.verify_schema and json.match_schema, with
// the behaviour and wording of gojsonschema (the library OPA uses): drafts
// 4, 6 and 7 keywords, errors as {error, type, field, desc} where field is
// `(root)`, `id` or `a.0.b`. Supported keywords: type, enum, const,
// properties, required, additionalProperties, patternProperties,
// propertyNames, dependencies, min/maxProperties, items (list or tuple),
// additionalItems, contains, min/maxItems, uniqueItems, min/maxLength,
// pattern, format (date-time, date, time, email, hostname, ipv4, ipv6, uri,
// uri-reference, uuid, regex; others are accepted as gojsonschema does for
// unknown formats), minimum, maximum, exclusiveMinimum/Maximum (boolean or
// number), multipleOf, allOf, anyOf, oneOf, not, if/then/else, definitions
// and local `$ref`s (`#`, `#/definitions/x`, JSON pointers). Remote `$ref`s
// are rejected with an error.

import { isIP } from 'node:net';
import { compareExact, exactEquals } from './exact.js';
import { compileRe2 } from './re2.js';
import { formatNumber, isObject, type Value } from './values.js';

export class SchemaError extends Error {}

export interface SchemaViolation {
  error: string;
  type: string;
  field: string;
  desc: string;
}

const TYPES = ['array', 'boolean', 'integer', 'number', 'null', 'object', 'string'];

type Schema = { [key: string]: Value } | boolean;

function schemaTypeName(v: Value): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v === 'object' ? 'object' : typeof v;
}

function matchesType(v: Value, type: string): boolean {
  const actual = schemaTypeName(v);
  return actual === type || (type === 'number' && actual === 'integer');
}

/** Go's %v of a JSON value, as gojsonschema prints allowed values. */
function goPrint(v: Value): string {
  if (v === null) return '<nil>';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goPrint).join(' ')}]`;
  return `map[${Object.keys(v)
    .sort()
    .map((k) => `${k}:${goPrint(v[k])}`)
    .join(' ')}]`;
}

// ---------------------------------------------------------------------------
// Schema checks (what gojsonschema rejects while loading a schema)

function checkKeyword(
  schema: { [key: string]: Value },
  key: string,
  ok: (v: Value) => boolean,
  type: string,
): void {
  if (Object.hasOwn(schema, key) && !ok(schema[key])) throw new SchemaError(`${key} must be of type ${type}`);
}

const isNonNegativeInteger = (v: Value) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isSchema = (v: Value) => isObject(v) || typeof v === 'boolean';

function checkSubSchema(schema: Value, root: Value): void {
  if (typeof schema === 'boolean') return;
  if (!isObject(schema))
    throw new SchemaError(`Invalid type. Expected: object, given: ${schemaTypeName(schema)}`);
  if (Object.hasOwn(schema, 'type')) {
    const t = schema.type;
    const list = typeof t === 'string' ? [t] : Array.isArray(t) ? t : null;
    if (!list) throw new SchemaError('type must be of type string or array');
    for (const name of list) {
      if (typeof name !== 'string' || !TYPES.includes(name)) {
        throw new SchemaError(
          `has a primitive type that is NOT VALID -- given: /${goPrint(name)}/ Expected valid values are:[${TYPES.join(' ')}]`,
        );
      }
    }
  }
  checkKeyword(
    schema,
    'required',
    (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'),
    'array of strings',
  );
  checkKeyword(schema, 'enum', (v) => Array.isArray(v), 'array');
  for (const k of ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties']) {
    checkKeyword(schema, k, isNonNegativeInteger, 'integer greater than or equal to 0');
  }
  for (const k of ['minimum', 'maximum']) checkKeyword(schema, k, (v) => typeof v === 'number', 'number');
  for (const k of ['exclusiveMinimum', 'exclusiveMaximum']) {
    checkKeyword(schema, k, (v) => typeof v === 'number' || typeof v === 'boolean', 'number or boolean');
  }
  checkKeyword(schema, 'multipleOf', (v) => typeof v === 'number' && v > 0, 'number greater than 0');
  checkKeyword(schema, 'uniqueItems', (v) => typeof v === 'boolean', 'boolean');
  checkKeyword(schema, 'pattern', (v) => typeof v === 'string', 'string');
  if (typeof schema.pattern === 'string') compilePattern(schema.pattern);
  for (const k of ['properties', 'patternProperties', 'definitions', 'dependencies']) {
    checkKeyword(schema, k, isObject, 'object');
  }
  for (const k of ['allOf', 'anyOf', 'oneOf']) {
    checkKeyword(schema, k, (v) => Array.isArray(v) && v.length > 0 && v.every(isSchema), 'array of schemas');
  }
  for (const k of [
    'not',
    'additionalProperties',
    'additionalItems',
    'contains',
    'propertyNames',
    'if',
    'then',
    'else',
  ]) {
    checkKeyword(schema, k, isSchema, 'object or boolean');
  }
  checkKeyword(
    schema,
    'items',
    (v) => isSchema(v) || (Array.isArray(v) && v.every(isSchema)),
    'object or array',
  );
  if (typeof schema.$ref === 'string') resolveRef(root, schema.$ref);
  const children: Value[] = [];
  for (const k of ['properties', 'patternProperties', 'definitions']) {
    if (isObject(schema[k])) children.push(...Object.values(schema[k] as object));
  }
  if (typeof schema.patternProperties === 'object' && schema.patternProperties !== null) {
    for (const p of Object.keys(schema.patternProperties)) compilePattern(p);
  }
  for (const k of ['allOf', 'anyOf', 'oneOf'])
    if (Array.isArray(schema[k])) children.push(...(schema[k] as Value[]));
  for (const k of [
    'not',
    'additionalProperties',
    'additionalItems',
    'contains',
    'propertyNames',
    'if',
    'then',
    'else',
    'items',
  ]) {
    if (schema[k] !== undefined)
      children.push(...(Array.isArray(schema[k]) ? (schema[k] as Value[]) : [schema[k]]));
  }
  if (isObject(schema.dependencies)) {
    for (const d of Object.values(schema.dependencies)) if (!Array.isArray(d)) children.push(d);
  }
  for (const child of children) if (typeof child !== 'boolean') checkSubSchema(child, root);
}

function compilePattern(pattern: string) {
  try {
    return compileRe2(pattern);
  } catch {
    throw new SchemaError(`Invalid regex pattern '${pattern}'`);
  }
}

function resolveRef(root: Value, ref: string): Schema {
  if (!ref.startsWith('#')) throw new SchemaError(`remote $ref ${ref} is not supported by rtpolicy`);
  let node: Value = root;
  const pointer = ref.slice(1);
  if (pointer !== '' && !pointer.startsWith('/'))
    throw new SchemaError(`$ref ${ref} is not supported by rtpolicy`);
  for (const raw of pointer.split('/').slice(1)) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node) && /^\d+$/.test(key)) node = node[Number(key)];
    else if (isObject(node) && Object.hasOwn(node, key)) node = node[key];
    else throw new SchemaError(`Object has no key '${key}'`);
  }
  if (!isSchema(node)) throw new SchemaError(`$ref ${ref} does not point to a schema`);
  return node as Schema;
}

/** Throws SchemaError when the schema is not one gojsonschema would load. */
export function checkSchema(schema: Value): void {
  checkSubSchema(schema, schema);
}

// ---------------------------------------------------------------------------
// Validation

const formats: Record<string, (s: string) => boolean> = {
  'date-time': (s) =>
    /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s) &&
    !Number.isNaN(Date.parse(s)),
  date: (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)),
  time: (s) => /^\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s),
  email: (s) => /^[^@\s]+@[^@\s]+$/.test(s),
  hostname: (s) =>
    s.length <= 253 && s.split('.').every((l) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l)),
  ipv4: (s) => isIP(s) === 4,
  ipv6: (s) => isIP(s) === 6,
  uri: (s) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) && URL.canParse(s),
  'uri-reference': (s) => !/\s/.test(s),
  uuid: (s) => /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s),
  regex: (s) => {
    try {
      compileRe2(s);
      return true;
    } catch {
      return false;
    }
  },
};

class Validator {
  readonly errors: SchemaViolation[] = [];

  constructor(private readonly root: Value) {}

  private report(type: string, context: string[], desc: string): void {
    const field = context.length === 1 ? '(root)' : context.slice(1).join('.');
    this.errors.push({ error: `${field}: ${desc}`, type, field, desc });
  }

  /** Validates into a scratch validator: for anyOf/oneOf/not/if. */
  private passes(value: Value, schema: Schema, context: string[]): boolean {
    const scratch = new Validator(this.root);
    scratch.validate(value, schema, context);
    return scratch.errors.length === 0;
  }

  validate(value: Value, schema: Schema, context: string[]): void {
    if (schema === true) return;
    if (schema === false) {
      this.report('false', context, 'False always fails validation');
      return;
    }
    if (typeof schema.$ref === 'string') {
      // In drafts 4-7, $ref replaces every sibling keyword.
      this.validate(value, resolveRef(this.root, schema.$ref), context);
      return;
    }
    if (schema.type !== undefined) {
      const types = (Array.isArray(schema.type) ? schema.type : [schema.type]) as string[];
      if (!types.some((t) => matchesType(value, t))) {
        const expected = types.length === 1 ? types[0] : `[${types.join(',')}]`;
        this.report(
          'invalid_type',
          context,
          `Invalid type. Expected: ${expected}, given: ${schemaTypeName(value)}`,
        );
        return;
      }
    }
    this.combinators(value, schema, context);
    if (Object.hasOwn(schema, 'const') && !exactEquals(value, schema.const)) {
      this.report('const', context, `${this.fieldName(context)} does not match: ${goPrint(schema.const)}`);
    }
    if (Array.isArray(schema.enum) && !schema.enum.some((e) => exactEquals(value, e))) {
      const allowed = schema.enum.map((e) => JSON.stringify(e)).join(', ');
      this.report('enum', context, `${this.fieldName(context)} must be one of the following: ${allowed}`);
    }
    if (Array.isArray(value)) this.array(value, schema, context);
    else if (isObject(value)) this.object(value, schema, context);
    else if (typeof value === 'string') this.string(value, schema, context);
    else if (typeof value === 'number') this.number(value, schema, context);
  }

  private fieldName(context: string[]): string {
    return context.length === 1 ? '(root)' : context.slice(1).join('.');
  }

  private combinators(value: Value, schema: { [key: string]: Value }, context: string[]): void {
    if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s) => this.passes(value, s as Schema, context))) {
      this.report('number_any_of', context, 'Must validate at least one schema (anyOf)');
    }
    if (Array.isArray(schema.oneOf)) {
      const passing = schema.oneOf.filter((s) => this.passes(value, s as Schema, context)).length;
      if (passing !== 1)
        this.report('number_one_of', context, 'Must validate one and only one schema (oneOf)');
    }
    if (Array.isArray(schema.allOf)) {
      const before = this.errors.length;
      for (const s of schema.allOf) this.validate(value, s as Schema, context);
      if (this.errors.length > before)
        this.report('number_all_of', context, 'Must validate all the schemas (allOf)');
    }
    if (schema.not !== undefined && this.passes(value, schema.not as Schema, context)) {
      this.report('number_not', context, 'Must not validate the schema (not)');
    }
    if (schema.if !== undefined) {
      if (this.passes(value, schema.if as Schema, context)) {
        if (schema.then !== undefined && !this.passes(value, schema.then as Schema, context)) {
          this.report('condition_then', context, 'Must validate "then" as "if" was valid');
        }
      } else if (schema.else !== undefined && !this.passes(value, schema.else as Schema, context)) {
        this.report('condition_else', context, 'Must validate "else" as "if" was not valid');
      }
    }
  }

  private object(value: { [key: string]: Value }, schema: { [key: string]: Value }, context: string[]): void {
    const keys = Object.keys(value);
    if (typeof schema.minProperties === 'number' && keys.length < schema.minProperties) {
      this.report('array_min_properties', context, `Must have at least ${schema.minProperties} properties`);
    }
    if (typeof schema.maxProperties === 'number' && keys.length > schema.maxProperties) {
      this.report('array_max_properties', context, `Must have at most ${schema.maxProperties} properties`);
    }
    if (Array.isArray(schema.required)) {
      for (const name of schema.required as string[]) {
        if (!Object.hasOwn(value, name)) this.report('required', context, `${name} is required`);
      }
    }
    const properties = isObject(schema.properties) ? schema.properties : {};
    const patterns = isObject(schema.patternProperties) ? schema.patternProperties : {};
    for (const key of keys.sort()) {
      let matched = false;
      if (Object.hasOwn(properties, key)) {
        matched = true;
        this.validate(value[key], properties[key] as Schema, [...context, key]);
      }
      for (const [pattern, sub] of Object.entries(patterns)) {
        const re = compilePattern(pattern).regex;
        re.lastIndex = 0;
        if (re.test(key)) {
          matched = true;
          this.validate(value[key], sub as Schema, [...context, key]);
        }
      }
      if (!matched && schema.additionalProperties !== undefined) {
        if (schema.additionalProperties === false) {
          this.report(
            'additional_property_not_allowed',
            context,
            `Additional property ${key} is not allowed`,
          );
        } else {
          this.validate(value[key], schema.additionalProperties as Schema, [...context, key]);
        }
      }
      if (schema.propertyNames !== undefined && !this.passes(key, schema.propertyNames as Schema, context)) {
        this.report('invalid_property_name', context, `Property name of "${key}" does not match`);
      }
    }
    if (isObject(schema.dependencies)) {
      for (const [key, dep] of Object.entries(schema.dependencies)) {
        if (!Object.hasOwn(value, key)) continue;
        if (Array.isArray(dep)) {
          for (const needed of dep as string[]) {
            if (!Object.hasOwn(value, needed))
              this.report('missing_dependency', context, `Has a dependency on ${needed}`);
          }
        } else {
          this.validate(value, dep as Schema, context);
        }
      }
    }
  }

  private array(value: Value[], schema: { [key: string]: Value }, context: string[]): void {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
      this.report('array_min_items', context, `Array must have at least ${schema.minItems} items`);
    }
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
      this.report('array_max_items', context, `Array must have at most ${schema.maxItems} items`);
    }
    if (schema.uniqueItems === true) {
      for (let i = 0; i < value.length; i++) {
        const j = value.findIndex((x, k) => k > i && compareExact(x, value[i]) === 0);
        if (j >= 0) {
          this.report('unique', context, `${schemaTypeName(value[i])} items[${i},${j}] must be unique`);
          break;
        }
      }
    }
    if (Array.isArray(schema.items)) {
      value.forEach((x, i) => {
        const tuple = schema.items as Value[];
        if (i < tuple.length) this.validate(x, tuple[i] as Schema, [...context, String(i)]);
        else if (schema.additionalItems === false) {
          if (i === tuple.length)
            this.report('array_no_additional_items', context, 'No additional items allowed on array');
        } else if (schema.additionalItems !== undefined) {
          this.validate(x, schema.additionalItems as Schema, [...context, String(i)]);
        }
      });
    } else if (schema.items !== undefined) {
      for (const [i, x] of value.entries()) this.validate(x, schema.items as Schema, [...context, String(i)]);
    }
    if (
      schema.contains !== undefined &&
      !value.some((x) => this.passes(x, schema.contains as Schema, context))
    ) {
      this.report('contains', context, 'At least one of the items must match');
    }
  }

  private string(value: string, schema: { [key: string]: Value }, context: string[]): void {
    const length = [...value].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) {
      this.report(
        'string_gte',
        context,
        `String length must be greater than or equal to ${schema.minLength}`,
      );
    }
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) {
      this.report('string_lte', context, `String length must be less than or equal to ${schema.maxLength}`);
    }
    if (typeof schema.pattern === 'string') {
      const re = compilePattern(schema.pattern).regex;
      re.lastIndex = 0;
      if (!re.test(value)) this.report('pattern', context, `Does not match pattern '${schema.pattern}'`);
    }
    if (typeof schema.format === 'string' && formats[schema.format] && !formats[schema.format](value)) {
      this.report('format', context, `Does not match format '${schema.format}'`);
    }
  }

  private number(value: number, schema: { [key: string]: Value }, context: string[]): void {
    if (typeof schema.multipleOf === 'number') {
      const q = value / schema.multipleOf;
      if (Math.abs(q - Math.round(q)) > 1e-9)
        this.report('multiple_of', context, `Must be a multiple of ${formatNumber(schema.multipleOf)}`);
    }
    const min = schema.minimum;
    const max = schema.maximum;
    const exMin = schema.exclusiveMinimum;
    const exMax = schema.exclusiveMaximum;
    if (typeof min === 'number') {
      if (exMin === true ? value <= min : value < min) {
        const [type, word] =
          exMin === true ? ['number_gt', 'greater than'] : ['number_gte', 'greater than or equal to'];
        this.report(type, context, `Must be ${word} ${formatNumber(min)}`);
      }
    }
    if (typeof exMin === 'number' && value <= exMin)
      this.report('number_gt', context, `Must be greater than ${formatNumber(exMin)}`);
    if (typeof max === 'number') {
      if (exMax === true ? value >= max : value > max) {
        const [type, word] =
          exMax === true ? ['number_lt', 'less than'] : ['number_lte', 'less than or equal to'];
        this.report(type, context, `Must be ${word} ${formatNumber(max)}`);
      }
    }
    if (typeof exMax === 'number' && value >= exMax)
      this.report('number_lt', context, `Must be less than ${formatNumber(exMax)}`);
  }
}

/** The violations of `document` against `schema` (empty when it matches). Throws SchemaError for a bad schema. */
export function matchSchema(document: Value, schema: Value): SchemaViolation[] {
  checkSchema(schema);
  const v = new Validator(schema);
  v.validate(document, schema as Schema, ['(root)']);
  return v.errors;
}
