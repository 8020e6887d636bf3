// json.filter, json.remove (paths as "a/b/c" JSON pointers or arrays of
// segments), json.patch (RFC 6902, as OPA applies it, sets included), and
// JSON Schema (jsonschema.ts). json.filter and json.remove take JSON, where a
// set inside the document arrives as an array and is filtered as one.

import { arrayOperand, BuiltinFailure, fail, objectOperand, operandFail, operandTypeFail } from './errors.js';
import {
  type Exact,
  type ExactRecord,
  exactEquals,
  exactType,
  makeObject,
  makeSet,
  objectEntries,
  objectGet,
  type RegoObject,
  RegoSet,
} from './exact.js';
import { checkSchema, matchSchema, SchemaError } from './jsonschema.js';
import type { HostImplementations } from './types.js';
import { isObject, type Value } from './values.js';

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
// JSON Patch, on exact values (json.patch is an exact builtin): as OPA's edit
// tree applies it, a set's member is addressed by the member itself, and
// objects match keys of any type. Values are never modified: each step
// builds the changed containers along the path.

class PatchError extends Error {}

function arrayIndex(segment: Exact, length: number, allowEnd: boolean): number {
  if (allowEnd && segment === '-') return length;
  const n =
    typeof segment === 'number'
      ? segment
      : typeof segment === 'string' && /^\d+$/.test(segment)
        ? Number(segment)
        : Number.NaN;
  if (!Number.isInteger(n) || n < 0 || n > (allowEnd ? length : length - 1)) {
    throw new PatchError(`index ${JSON.stringify(String(segment))} out of range`);
  }
  return n;
}

/** The child of a container under one path segment. */
function childOf(node: Exact, segment: Exact): Exact {
  if (node instanceof RegoSet) {
    const member = node.find((x) => exactEquals(x, segment));
    if (member === undefined) throw new PatchError('set member not found');
    return member;
  }
  if (Array.isArray(node)) return node[arrayIndex(segment, node.length, false)];
  if (exactType(node) === 'object') {
    const child = objectGet(node as ExactRecord | RegoObject, segment);
    if (child !== undefined) return child;
  }
  throw new PatchError('path not found');
}

/** The container with the child under `segment` replaced by `child` (or dropped, when undefined). */
function withChild(node: Exact, segment: Exact, child: Exact | undefined, inserting: boolean): Exact {
  if (node instanceof RegoSet) {
    const others = node.filter((x) => !exactEquals(x, segment));
    if (inserting && child !== undefined && !exactEquals(segment, child)) {
      throw new PatchError('a set member must be added under its own value');
    }
    return makeSet(child === undefined ? others : [...others, child]);
  }
  if (Array.isArray(node)) {
    const out = [...node];
    const at = arrayIndex(segment, node.length, inserting);
    if (child === undefined) out.splice(at, 1);
    else out.splice(at, inserting ? 0 : 1, child);
    return out;
  }
  if (exactType(node) === 'object') {
    const entries = objectEntries(node as ExactRecord | RegoObject).filter(([k]) => !exactEquals(k, segment));
    return makeObject(child === undefined ? entries : [...entries, [segment, child]]);
  }
  throw new PatchError('path not found');
}

function getAt(doc: Exact, path: Exact[]): Exact {
  return path.reduce(childOf, doc);
}

/** JSON Patch's add: an array gets a new element, an object or set the member (replacing an object's key). */
function insertAt(doc: Exact, path: Exact[], value: Exact): Exact {
  if (path.length === 0) return value;
  const [segment, ...rest] = path;
  if (rest.length === 0) return withChild(doc, segment, value, true);
  return withChild(doc, segment, insertAt(childOf(doc, segment), rest, value), false);
}

function deleteAt(doc: Exact, path: Exact[]): Exact {
  if (path.length === 0) throw new PatchError('cannot remove the root');
  const [segment, ...rest] = path;
  if (rest.length === 0) {
    childOf(doc, segment);
    return withChild(doc, segment, undefined, false);
  }
  return withChild(doc, segment, deleteAt(childOf(doc, segment), rest), false);
}

/** "/a/b~1c" -> ["a", "b/c"]; an array is its segments as they are. */
function patchPath(path: Exact): Exact[] {
  if (path instanceof RegoSet || !Array.isArray(path)) return parsePath(path as Value);
  return path;
}

function applyPatch(target: Exact, operations: Exact[]): Exact {
  let doc = target;
  for (const op of operations) {
    if (exactType(op) !== 'object') throw new PatchError('must be an array of JSON-Patch objects');
    const attr = (name: string): Exact => {
      const v = objectGet(op as ExactRecord | RegoObject, name);
      if (v === undefined) throw new PatchError(`missing '${name}' attribute`);
      return v;
    };
    const kind = attr('op');
    if (typeof kind !== 'string') throw new PatchError("attribute 'op' must be a string");
    if (!['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(kind)) {
      throw new PatchError(`unrecognized op '${kind}'`);
    }
    const path = patchPath(attr('path'));
    switch (kind) {
      case 'add':
        doc = insertAt(doc, path, attr('value'));
        break;
      case 'remove':
        doc = deleteAt(doc, path);
        break;
      case 'replace':
        doc = path.length === 0 ? attr('value') : insertAt(deleteAt(doc, path), path, attr('value'));
        break;
      case 'move': {
        const from = patchPath(attr('from'));
        const chunk = getAt(doc, from);
        doc = insertAt(deleteAt(doc, from), path, chunk);
        break;
      }
      case 'copy':
        doc = insertAt(doc, path, getAt(doc, patchPath(attr('from'))));
        break;
      default:
        if (!exactEquals(getAt(doc, path), attr('value'))) throw new PatchError('test failed');
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

  'json.patch': (target: Exact, operations: Exact) => {
    if (operations instanceof RegoSet) operandTypeFail(2, operations as Value, 'array');
    const ops = arrayOperand(operations as Value, 2) as Exact[];
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
