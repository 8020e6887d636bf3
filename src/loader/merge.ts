// YAML merge keys (`<<: *base`) resolved as go-yaml v2 resolves them, which
// is not how js-yaml (or the YAML 1.1 draft) does: go-yaml applies the
// entries of a mapping in order, so a merge overrides the keys written before
// it and is overridden by those after it; of a list of merged mappings the
// first wins. The schema leaves each plain `<<` key as MERGE_KEY; this pass
// replaces it with the merged entries, keeping the order of the others.
// (JavaScript lists integer-like keys first, so such a key written after a
// merge is taken as written before it.)
import { MERGE_KEY } from './yaml11.js';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Sets a property without `__proto__` changing the prototype, as js-yaml does. */
function setProperty(object: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

/**
 * Resolves the merge keys in `root` in place. Returns an error message when a
 * merge's value is not a mapping or a list of mappings (the API server fails).
 */
export function resolveMerges(root: unknown): string | undefined {
  const done = new Set<object>();
  let error: string | undefined;
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || done.has(value) || error) return;
    done.add(value);
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        if (item === MERGE_KEY) value[i] = '<<';
        else visit(item);
      });
      return;
    }
    const object = value as JsonObject;
    for (const [key, child] of Object.entries(object)) {
      if (child === MERGE_KEY) object[key] = '<<';
      else visit(child); // merged mappings are resolved before they are merged
    }
    if (!Object.hasOwn(object, MERGE_KEY)) return;
    const entries = Object.entries(object);
    for (const key of Object.keys(object)) delete object[key];
    for (const [key, child] of entries) {
      if (key !== MERGE_KEY) {
        setProperty(object, key, child);
        continue;
      }
      const sources = Array.isArray(child) ? [...child].reverse() : [child];
      for (const source of sources) {
        if (!isObject(source)) {
          error = 'a merge key (<<) must refer to a mapping or a list of mappings';
          return;
        }
        for (const [k, v] of Object.entries(source)) setProperty(object, k, v);
      }
    }
  };
  visit(root);
  return error;
}
