// The static types of the type checker, after OPA's `types` package: the
// JSON types, arrays with static and dynamic parts, objects with static keys
// and a dynamic part, sets, unions (`any<number, string>`, plain `any` is the
// top type) and functions.

import type { BuiltinType } from '../../builtins/catalog.js';
import type { Term } from '../../rego/ast.js';
import { termKey } from './terms.js';

export type Type =
  | { kind: 'any'; of: Type[] }
  | { kind: 'null' }
  | { kind: 'boolean' }
  | { kind: 'number' }
  | { kind: 'string' }
  | { kind: 'array'; static: Type[]; dynamic?: Type }
  | { kind: 'object'; static: [key: string, value: Type][]; dynamic?: [key: Type, value: Type] }
  | { kind: 'set'; of: Type }
  | { kind: 'function'; args: Type[]; result?: Type };

export const ANY: Type = { kind: 'any', of: [] };
export const NULL: Type = { kind: 'null' };
export const BOOLEAN: Type = { kind: 'boolean' };
export const NUMBER: Type = { kind: 'number' };
export const STRING: Type = { kind: 'string' };

export function arrayOf(dynamic: Type): Type {
  return { kind: 'array', static: [], dynamic };
}
export function setOf(of: Type): Type {
  return { kind: 'set', of };
}
export function objectOf(key: Type, value: Type): Type {
  return { kind: 'object', static: [], dynamic: [key, value] };
}

export function isTop(t: Type | undefined): boolean {
  return t?.kind === 'any' && t.of.length === 0;
}

export function fromBuiltinType(t: BuiltinType): Type {
  if (typeof t === 'string') {
    switch (t) {
      case 'any':
        return ANY;
      case 'null':
        return NULL;
      case 'boolean':
        return BOOLEAN;
      case 'number':
        return NUMBER;
      case 'string':
        return STRING;
    }
  }
  if ('array' in t) return arrayOf(fromBuiltinType(t.array));
  if ('set' in t) return setOf(fromBuiltinType(t.set));
  if ('object' in t) return objectOf(fromBuiltinType(t.object[0]), fromBuiltinType(t.object[1]));
  if ('tuple' in t) return { kind: 'array', static: t.tuple.map(fromBuiltinType) };
  return anyOf(t.anyOf.map(fromBuiltinType));
}

function anyOf(types: Type[]): Type {
  let out: Type | undefined;
  for (const t of types) out = or(out, t);
  return out ?? ANY;
}

/** The union of two types (OPA's types.Or); undefined stands for "no type yet". */
export function or(a: Type | undefined, b: Type | undefined): Type | undefined {
  if (!a) return b;
  if (!b) return a;
  if (isTop(a) || isTop(b)) return ANY;
  const members = [...(a.kind === 'any' ? a.of : [a]), ...(b.kind === 'any' ? b.of : [b])];
  const unique = new Map<string, Type>();
  for (const m of members) unique.set(sprint(m), m);
  if (unique.size === 1) return [...unique.values()][0];
  return { kind: 'any', of: [...unique.entries()].sort(([x], [y]) => (x < y ? -1 : 1)).map(([, t]) => t) };
}

/** Whether a value of type `a` may also be of type `b` (OPA's unifies). */
export function unifies(a: Type | undefined, b: Type | undefined): boolean {
  if (!a || !b) return false;
  if (a.kind === 'any' && b.kind !== 'function' && (a.of.length === 0 || a.of.some((x) => unifies(x, b))))
    return true;
  if (b.kind === 'any' && a.kind !== 'function' && (b.of.length === 0 || b.of.some((x) => unifies(x, a))))
    return true;
  if (a.kind === 'any' || b.kind === 'any') return false;
  switch (a.kind) {
    case 'null':
    case 'boolean':
    case 'number':
    case 'string':
      return a.kind === b.kind;
    case 'array': {
      if (b.kind !== 'array') return false;
      const staticOk = (x: typeof a, y: typeof b): boolean =>
        x.static.every((t, i) => unifies(t, selectIndex(y, i)));
      if (!staticOk(a, b) || !staticOk(b, a)) return false;
      return !a.dynamic || !b.dynamic || unifies(a.dynamic, b.dynamic);
    }
    case 'object': {
      if (b.kind !== 'object') return false;
      const staticOk = (x: typeof a, y: typeof b): boolean =>
        x.static.every(([k, t]) => unifies(t, selectKey(y, k)));
      if (!staticOk(a, b) || !staticOk(b, a)) return false;
      return !a.dynamic || !b.dynamic || unifies(a.dynamic[1], b.dynamic[1]);
    }
    case 'set':
      return b.kind === 'set' && unifies(a.of, b.of);
    case 'function':
      return (
        b.kind === 'function' &&
        a.args.length === b.args.length &&
        a.args.every((t, i) => unifies(t, b.args[i]))
      );
  }
}

/** The type of element `i` of an array type, if it can have one. */
export function selectIndex(t: Type & { kind: 'array' }, i: number): Type | undefined {
  return i < t.static.length ? t.static[i] : t.dynamic;
}

/** The type under static key `key` (a canonical key string) of an object type. */
export function selectKey(t: Type & { kind: 'object' }, key: string): Type | undefined {
  const found = t.static.find(([k]) => k === key);
  return found ? found[1] : t.dynamic?.[1];
}

/** The type of the keys of a collection type, or undefined for scalars (OPA's types.Keys). */
export function keysOf(t: Type): Type | undefined {
  switch (t.kind) {
    case 'array':
      return NUMBER;
    case 'set':
      return t.of;
    case 'object': {
      let out: Type | undefined = t.dynamic?.[0];
      for (const [k] of t.static) out = or(out, staticKeyType(k));
      return out ?? ANY;
    }
    case 'any': {
      if (t.of.length === 0) return ANY;
      let out: Type | undefined;
      for (const m of t.of) out = or(out, keysOf(m));
      return out;
    }
    default:
      return undefined;
  }
}

/** The type of the values of a collection type, or undefined for scalars (OPA's types.Values). */
export function valuesOf(t: Type): Type | undefined {
  switch (t.kind) {
    case 'array': {
      let out: Type | undefined = t.dynamic;
      for (const x of t.static) out = or(out, x);
      return out ?? ANY;
    }
    case 'set':
      return t.of;
    case 'object': {
      let out: Type | undefined = t.dynamic?.[1];
      for (const [, v] of t.static) out = or(out, v);
      return out ?? ANY;
    }
    case 'any': {
      if (t.of.length === 0) return ANY;
      let out: Type | undefined;
      for (const m of t.of) out = or(out, valuesOf(m));
      return out;
    }
    default:
      return undefined;
  }
}

function staticKeyType(key: string): Type {
  if (key.startsWith('"')) return STRING;
  if (key === 'null') return NULL;
  if (key === 'true' || key === 'false') return BOOLEAN;
  if (/^-?[\d.]/.test(key)) return NUMBER;
  return ANY;
}

/** OPA's types.Sprint. */
export function sprint(t: Type | undefined): string {
  if (!t) return '???';
  switch (t.kind) {
    case 'any':
      return t.of.length === 0 ? 'any' : `any<${t.of.map(sprint).join(', ')}>`;
    case 'null':
    case 'boolean':
    case 'number':
    case 'string':
      return t.kind;
    case 'array': {
      const s = t.static.length ? `<${t.static.map(sprint).join(', ')}>` : '';
      const d = t.dynamic ? `[${sprint(t.dynamic)}]` : '';
      return `array${s}${d}`;
    }
    case 'object': {
      const s = t.static.length ? `<${t.static.map(([k, v]) => `${k}: ${sprint(v)}`).join(', ')}>` : '';
      const d = t.dynamic ? `[${sprint(t.dynamic[0])}: ${sprint(t.dynamic[1])}]` : '';
      return `object${s}${d}`;
    }
    case 'set':
      return `set[${sprint(t.of)}]`;
    case 'function':
      return `(${t.args.map(sprint).join(', ')})${t.result ? ` => ${sprint(t.result)}` : ''}`;
  }
}

/** `(number, ???)`: argument types as OPA prints them in "have:" and "want:" lines. */
export function sprintArgs(types: (Type | undefined)[]): string {
  return `(${types.map(sprint).join(', ')})`;
}

/** The type of a literal term: scalars and composites of them; undefined when it depends on evaluation. */
export function literalType(t: Term): Type | undefined {
  switch (t.type) {
    case 'null':
      return NULL;
    case 'boolean':
      return BOOLEAN;
    case 'number':
      return NUMBER;
    case 'string':
      return STRING;
    case 'array': {
      const items = t.items.map(literalType);
      return items.every((x) => x) ? { kind: 'array', static: items as Type[] } : undefined;
    }
    case 'set': {
      let of: Type | undefined;
      for (const x of t.items) {
        const xt = literalType(x);
        if (!xt) return undefined;
        of = or(of, xt);
      }
      return setOf(of ?? ANY);
    }
    case 'object': {
      const entries: [string, Type][] = [];
      for (const [k, v] of t.items) {
        const vt = literalType(v);
        if (!vt || literalType(k) === undefined) return undefined;
        entries.push([termKey(k), vt]);
      }
      return { kind: 'object', static: entries };
    }
    default:
      return undefined;
  }
}
