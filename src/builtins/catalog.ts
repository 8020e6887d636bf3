// The builtin catalog: every builtin function rtpolicy knows, with its
// signature. Shared by the checker (undefined functions, arity, types), the
// planner and the code generator (runtime-native or host call, and how to
// convert a host result back: a host function sees sets as arrays, so a
// declared set result is converted back into a set).

/** A small type language, close to OPA's `types` package. */
export type BuiltinType =
  | 'any'
  | 'null'
  | 'boolean'
  | 'number'
  | 'string'
  | { array: BuiltinType }
  | { set: BuiltinType }
  | { object: [key: BuiltinType, value: BuiltinType] }
  | { anyOf: BuiltinType[] };

export interface BuiltinDecl {
  /** The Rego name, dotted: `count`, `array.concat`, `internal.member_2`. */
  name: string;
  args: BuiltinType[];
  result: BuiltinType;
  /** The infix operator when there is one (`+` for plus, `==` for equal). */
  infix?: string;
  /** Results may differ between calls with the same arguments (rand.intn, time.now_ns, uuid.rfc4122). */
  nondeterministic?: boolean;
  /** Deprecated in OPA 1.x (still callable). */
  deprecated?: boolean;
}

const catalog = new Map<string, BuiltinDecl>();

export function getBuiltin(name: string): BuiltinDecl | undefined {
  return catalog.get(name);
}

export function allBuiltins(): BuiltinDecl[] {
  return [...catalog.values()];
}

function declare(decl: BuiltinDecl): void {
  catalog.set(decl.name, decl);
}

// The full table is filled in by the builtins work; these few let the other
// stages be written and tested meanwhile.
declare({ name: 'eq', args: ['any', 'any'], result: 'boolean', infix: '=' });
declare({ name: 'assign', args: ['any', 'any'], result: 'boolean', infix: ':=' });
declare({ name: 'equal', args: ['any', 'any'], result: 'boolean', infix: '==' });
declare({ name: 'neq', args: ['any', 'any'], result: 'boolean', infix: '!=' });
declare({ name: 'lt', args: ['any', 'any'], result: 'boolean', infix: '<' });
declare({ name: 'plus', args: ['number', 'number'], result: 'number', infix: '+' });
declare({
  name: 'count',
  args: [{ anyOf: ['string', { array: 'any' }, { set: 'any' }, { object: ['any', 'any'] }] }],
  result: 'number',
});
declare({ name: 'internal.member_2', args: ['any', 'any'], result: 'boolean', infix: 'in' });
declare({ name: 'regex.match', args: ['string', 'string'], result: 'boolean' });
