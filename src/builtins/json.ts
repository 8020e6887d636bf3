// json.filter, json.remove (paths as "a/b/c" JSON pointers or arrays of
// segments), json.patch (RFC 6902, as OPA applies it), and JSON Schema
// (jsonschema.ts). A set inside the document arrives as an array on the
// host, so it is filtered, removed from and patched as an array.

import { arrayOperand, BuiltinFailure, fail, objectOperand, operandFail, operandTypeFail } from './errors.js';
import { checkSchema, matchSchema, SchemaError } from './jsonschema.js';
import type { HostImplementations } from './types.js';
import { isObject, setOwn, type Value, valuesEqual } from './values.js';

type Path = Value[];

/** A path segment's identity in a path tree: "0" (string) and 0 (number) are different segments, as in OPA. */
const segmentKey = (segment: Value): string => JSON.stringify(segment);

/** "/a/b~1c" -> ["a", "b/c"]; ["a", 0] stays as it is. */
function parsePath(path: Value): Path {
  if (typeof path === 'string') {
    if (path === '') return [];
    return path
      .replace(/^\/+/, '')
      .split('/')
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
  }
  if (Array.isArray(path)) return path;
  operandFail(
    2,
    `must be one of {set, array} containing string paths or array of path segments but got ${isObject(path) ? 'object' : path === null ? 'null' : typeof path}`,
  );
}

function pathsOperand(v: Value): Path[] {
  if (!Array.isArray(v)) operandTypeFail(2, v, 'set', 'array');
  return v.map(parsePath);
}

/** Paths as a tree; a leaf (null) ends a path, and a shorter path wins over a longer one through it. */
type PathTree = Map<string, PathTree | null>;

function pathsToTree(paths: Path[]): PathTree {
  const root: PathTree = new Map();
  for (const path of paths) {
    if (path.length === 0) continue;
    let node = root;
    let done = false;
    for (let i = 0; i < path.length - 1 && !done; i++) {
      const key = segmentKey(path[i]);
      const child = node.get(key);
      if (child === undefined) {
        const next: PathTree = new Map();
        node.set(key, next);
        node = next;
      } else if (child === null) {
        done = true;
      } else {
        node = child;
      }
    }
    if (!done) node.set(segmentKey(path[path.length - 1]), null);
  }
  return root;
}

/** Keeps only what the tree names (a null subtree keeps the whole value). */
function filter(v: Value, tree: PathTree | null): Value {
  if (tree === null) return v;
  if (Array.isArray(v)) {
    const out: Value[] = [];
    v.forEach((x, i) => {
      const sub = tree.get(segmentKey(String(i)));
      if (sub !== undefined) out.push(filter(x, sub));
    });
    return out;
  }
  if (isObject(v)) {
    const out: { [key: string]: Value } = Object.create(null);
    for (const [k, x] of Object.entries(v)) {
      const sub = tree.get(segmentKey(k));
      if (sub !== undefined) out[k] = filter(x, sub);
    }
    return out;
  }
  return v;
}

/** Drops what the tree names; array elements shift left as in JSON Patch. Undefined means "removed". */
function remove(v: Value, tree: PathTree | null | undefined): Value | undefined {
  if (tree === undefined) return v;
  if (tree === null) return undefined;
  if (Array.isArray(v)) {
    const out: Value[] = [];
    v.forEach((x, i) => {
      const kept = remove(x, tree.get(segmentKey(String(i))));
      if (kept !== undefined) out.push(kept);
    });
    return out;
  }
  if (isObject(v)) {
    const out: { [key: string]: Value } = Object.create(null);
    for (const [k, x] of Object.entries(v)) {
      const kept = remove(x, tree.get(segmentKey(k)));
      if (kept !== undefined) out[k] = kept;
    }
    return out;
  }
  return v;
}

// ---------------------------------------------------------------------------
// JSON Patch

class PatchError extends Error {}

function clone(v: Value): Value {
  return v === null || typeof v !== 'object' ? v : JSON.parse(JSON.stringify(v));
}

function arrayIndex(segment: Value, length: number, allowEnd: boolean): number {
  if (allowEnd && segment === '-') return length;
  const n =
    typeof segment === 'number'
      ? segment
      : typeof segment === 'string' && /^\d+$/.test(segment)
        ? Number(segment)
        : Number.NaN;
  if (!Number.isInteger(n) || n < 0 || n > (allowEnd ? length : length - 1)) {
    throw new PatchError(`index ${JSON.stringify(segment)} out of range`);
  }
  return n;
}

function objectKey(segment: Value): string {
  if (typeof segment !== 'string')
    throw new PatchError(`object key ${JSON.stringify(segment)} is not a string`);
  return segment;
}

/** The container holding the last segment of the path. */
function parentOf(doc: Value, path: Path): Value {
  let node = doc;
  for (const segment of path.slice(0, -1)) {
    if (Array.isArray(node)) node = node[arrayIndex(segment, node.length, false)];
    else if (isObject(node) && Object.hasOwn(node, objectKey(segment))) node = node[segment as string];
    else throw new PatchError('path not found');
  }
  return node;
}

function getAt(doc: Value, path: Path): Value {
  if (path.length === 0) return doc;
  const parent = parentOf(doc, path);
  const last = path[path.length - 1];
  if (Array.isArray(parent)) return parent[arrayIndex(last, parent.length, false)];
  if (isObject(parent) && Object.hasOwn(parent, objectKey(last))) return parent[last as string];
  throw new PatchError('path not found');
}

/** Returns the new document (the root may be replaced). */
function addAt(doc: Value, path: Path, value: Value): Value {
  if (path.length === 0) return value;
  const parent = parentOf(doc, path);
  const last = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, true), 0, value);
  else if (isObject(parent)) setOwn(parent, objectKey(last), value);
  else throw new PatchError('cannot add to a scalar');
  return doc;
}

function removeAt(doc: Value, path: Path): Value {
  if (path.length === 0) throw new PatchError('cannot remove the root');
  const parent = parentOf(doc, path);
  const last = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, false), 1);
  else if (isObject(parent) && Object.hasOwn(parent, objectKey(last))) delete parent[last as string];
  else throw new PatchError('path not found');
  return doc;
}

function applyPatch(target: Value, operations: Value[]): Value {
  let doc = clone(target);
  for (const op of operations) {
    if (!isObject(op)) throw new PatchError('must be an array of JSON-Patch objects');
    const attr = (name: string): Value => {
      if (!Object.hasOwn(op, name)) throw new PatchError(`missing '${name}' attribute`);
      return op[name];
    };
    const kind = attr('op');
    if (typeof kind !== 'string') throw new PatchError("attribute 'op' must be a string");
    if (!['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(kind)) {
      throw new PatchError(`unrecognized op '${kind}'`);
    }
    const path = parsePath(attr('path'));
    switch (kind) {
      case 'add':
        doc = addAt(doc, path, clone(attr('value')));
        break;
      case 'remove':
        doc = removeAt(doc, path);
        break;
      case 'replace':
        getAt(doc, path);
        doc =
          path.length === 0 ? clone(attr('value')) : addAt(removeAt(doc, path), path, clone(attr('value')));
        break;
      case 'move': {
        const from = parsePath(attr('from'));
        const chunk = getAt(doc, from);
        doc = addAt(removeAt(doc, from), path, chunk);
        break;
      }
      case 'copy': {
        const from = parsePath(attr('from'));
        doc = addAt(doc, path, clone(getAt(doc, from)));
        break;
      }
      default:
        if (!valuesEqual(getAt(doc, path), attr('value'))) throw new PatchError('test failed');
    }
  }
  return doc;
}

// ---------------------------------------------------------------------------

/** A schema or document given as JSON text or as a value. */
function parseJsonOperand(v: Value, pos: number): Value {
  if (typeof v !== 'string') {
    if (!isObject(v) && !Array.isArray(v)) operandTypeFail(pos, v, 'string', 'object');
    return v;
  }
  try {
    return JSON.parse(v);
  } catch (e) {
    fail(`operand ${pos}: ${(e as Error).message}`);
  }
}

export const jsonBuiltins: HostImplementations = {
  'json.filter': (obj: Value, paths: Value) =>
    filter(objectOperand(obj, 1), pathsToTree(pathsOperand(paths))),

  'json.remove': (obj: Value, paths: Value) => {
    const o = objectOperand(obj, 1);
    return remove(o, pathsToTree(pathsOperand(paths))) ?? null;
  },

  'json.patch': (target: Value, operations: Value) => {
    const ops = arrayOperand(operations, 2);
    try {
      return applyPatch(target, ops);
    } catch (e) {
      // OPA makes a failed patch undefined, without an error (a malformed path included).
      if (e instanceof PatchError || e instanceof BuiltinFailure) return undefined;
      throw e;
    }
  },

  'json.verify_schema': (schema: Value) => {
    try {
      checkSchema(parseJsonOperand(schema, 1));
      return [true, null];
    } catch (e) {
      if (e instanceof SchemaError) return [false, `jsonschema: ${e.message}`];
      throw e;
    }
  },

  'json.match_schema': (document: Value, schema: Value) => {
    const doc = parseJsonOperand(document, 1);
    const s = parseJsonOperand(schema, 2);
    try {
      const errors = matchSchema(doc, s);
      return [errors.length === 0, errors.map((e) => ({ ...e }))];
    } catch (e) {
      if (e instanceof SchemaError) fail(e.message);
      throw e;
    }
  },
};
