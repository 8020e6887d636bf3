// The builtin catalog: every builtin function of OPA 1.x, with its signature.
// Shared by the checker (undefined functions, arity, types, deprecated
// builtins), the planner and the code generator (runtime-native or host call,
// and how to convert a host result back: a host function sees sets as arrays,
// so a declared set result is converted back into a set).
//
// The signatures follow OPA's own declarations (its capabilities files and the
// "Policy Reference" page). Which builtins are implemented where is not
// recorded here: the runtime exports its native ones (`builtin_<name>`), and
// `src/builtins/index.ts` lists the host ones (`isHostBuiltin`).

/** A small type language, close to OPA's `types` package. */
export type BuiltinType =
  | 'any'
  | 'null'
  | 'boolean'
  | 'number'
  | 'string'
  /** An array whose elements all have one type (OPA's dynamic array). */
  | { array: BuiltinType }
  /** An array of fixed length with a type per position (OPA's static array, e.g. `time.date`'s result). */
  | { tuple: BuiltinType[] }
  | { set: BuiltinType }
  | { object: [key: BuiltinType, value: BuiltinType] }
  | { anyOf: BuiltinType[] };

export interface BuiltinDecl {
  /** The Rego name, dotted: `count`, `array.concat`, `internal.member_2`. */
  name: string;
  /** The family it belongs to in OPA's Policy Reference (`strings`, `regex`, `numbers`...). */
  category: string;
  args: BuiltinType[];
  /**
   * The result type; absent for functions that produce no value (`print`,
   * `internal.print`, `internal.test_case`): such a call is true when it
   * succeeds and cannot take an output argument.
   */
  result?: BuiltinType;
  /** Further arguments of this type may follow `args` (only `print`). */
  variadic?: BuiltinType;
  /** The infix operator when there is one (`+` for plus, `==` for equal). */
  infix?: string;
  /** Results may differ between calls with the same arguments (rand.intn, time.now_ns, uuid.rfc4122). */
  nondeterministic?: boolean;
  /**
   * Deprecated in OPA 1.x. OPA rejects every deprecated builtin in Rego v1
   * modules (`rego_type_error`: "deprecated built-in function calls in
   * expression: NAME"); v0 modules may still call them.
   */
  deprecated?: boolean;
  /**
   * A relation: the call may produce several results (`walk(x, [path, value])`
   * enumerates every node), so the planner must iterate rather than bind once.
   */
  relation?: boolean;
}

const catalog = new Map<string, BuiltinDecl>();

export function getBuiltin(name: string): BuiltinDecl | undefined {
  return catalog.get(name);
}

export function allBuiltins(): BuiltinDecl[] {
  return [...catalog.values()];
}

/** True when OPA rejects calls of this builtin in a module of the given Rego version. */
export function isRejectedIn(decl: BuiltinDecl, regoVersion: 'v0' | 'v1'): boolean {
  return regoVersion === 'v1' && decl.deprecated === true;
}

/** True when the declared result is a set (a host result arrives as an array and must become a set). */
export function hasSetResult(decl: BuiltinDecl): boolean {
  return decl.result !== undefined && typeof decl.result === 'object' && 'set' in decl.result;
}

/** OPA's notation for a type: `array[string]`, `set[any]`, `object[string: any]`, `any<null, string>`. */
export function typeToString(type: BuiltinType): string {
  if (typeof type === 'string') return type;
  if ('array' in type) return `array[${typeToString(type.array)}]`;
  if ('tuple' in type) return `array<${type.tuple.map(typeToString).join(', ')}>`;
  if ('set' in type) return `set[${typeToString(type.set)}]`;
  if ('object' in type) return `object[${typeToString(type.object[0])}: ${typeToString(type.object[1])}]`;
  return `any<${type.anyOf.map(typeToString).join(', ')}>`;
}

/** The signature as OPA's documentation writes it: `glob.match(string, any<null, array[string]>, string) => boolean`. */
export function signatureToString(decl: BuiltinDecl): string {
  const args = decl.args.map(typeToString);
  if (decl.variadic) args.push(`${typeToString(decl.variadic)}...`);
  const result = decl.result ? ` => ${typeToString(decl.result)}` : '';
  return `${decl.name}(${args.join(', ')})${result}`;
}

// ---------------------------------------------------------------------------
// The table. Short names keep the declarations readable.

const S = 'string';
const N = 'number';
const B = 'boolean';
const A = 'any';
const NULL = 'null';
const arr = (of: BuiltinType): BuiltinType => ({ array: of });
const set = (of: BuiltinType): BuiltinType => ({ set: of });
const obj = (key: BuiltinType, value: BuiltinType): BuiltinType => ({ object: [key, value] });
const anyOf = (...of: BuiltinType[]): BuiltinType => ({ anyOf: of });
const tuple = (...of: BuiltinType[]): BuiltinType => ({ tuple: of });

const anyObject = obj(A, A);
const stringKeyedObject = obj(S, A);
const arrayOrSet = anyOf(arr(A), set(A));
const collection = anyOf(arr(A), anyObject, set(A));
/** A JSON path for json.filter/json.remove: "a/b/c" or ["a", "b", "c"]. */
const jsonPath = anyOf(S, arr(A));
const jsonPaths = anyOf(arr(jsonPath), set(jsonPath));
/** A time argument: nanoseconds since the epoch, or [ns, timezone] (and [ns, tz, layout] for time.format). */
const timeArg = anyOf(N, tuple(N, S));
const stringOrObject = anyOf(S, anyObject);
const certParseResult = tuple(B, arr(stringKeyedObject));

type Extra = Pick<BuiltinDecl, 'infix' | 'nondeterministic' | 'deprecated' | 'relation' | 'variadic'>;

/** Declares the builtins of one category. */
function category(name: string) {
  return (builtin: string, args: BuiltinType[], result: BuiltinType | undefined, extra: Extra = {}): void => {
    const decl: BuiltinDecl = { name: builtin, category: name, args, ...extra };
    if (result !== undefined) decl.result = result;
    catalog.set(builtin, decl);
  };
}

{
  const d = category('assignment');
  d('eq', [A, A], B, { infix: '=' });
  d('assign', [A, A], B, { infix: ':=' });
}

{
  const d = category('comparison');
  d('equal', [A, A], B, { infix: '==' });
  d('neq', [A, A], B, { infix: '!=' });
  d('lt', [A, A], B, { infix: '<' });
  d('lte', [A, A], B, { infix: '<=' });
  d('gt', [A, A], B, { infix: '>' });
  d('gte', [A, A], B, { infix: '>=' });
}

{
  const d = category('numbers');
  d('plus', [N, N], N, { infix: '+' });
  d('minus', [anyOf(N, set(A)), anyOf(N, set(A))], anyOf(N, set(A)), { infix: '-' });
  d('mul', [N, N], N, { infix: '*' });
  d('div', [N, N], N, { infix: '/' });
  d('rem', [N, N], N, { infix: '%' });
  d('abs', [N], N);
  d('ceil', [N], N);
  d('floor', [N], N);
  d('round', [N], N);
  d('numbers.range', [N, N], arr(N));
  d('numbers.range_step', [N, N, N], arr(N));
  d('rand.intn', [S, N], N, { nondeterministic: true });
}

{
  const d = category('bits');
  d('bits.and', [N, N], N);
  d('bits.or', [N, N], N);
  d('bits.xor', [N, N], N);
  d('bits.negate', [N], N);
  d('bits.lsh', [N, N], N);
  d('bits.rsh', [N, N], N);
}

{
  const d = category('aggregates');
  d('count', [anyOf(S, arr(A), anyObject, set(A))], N);
  d('sum', [anyOf(arr(N), set(N))], N);
  d('product', [anyOf(arr(N), set(N))], N);
  d('max', [arrayOrSet], A);
  d('min', [arrayOrSet], A);
  d('sort', [arrayOrSet], arr(A));
  d('all', [arrayOrSet], B, { deprecated: true });
  d('any', [arrayOrSet], B, { deprecated: true });
}

{
  const d = category('array');
  d('array.concat', [arr(A), arr(A)], arr(A));
  d('array.flatten', [arr(A)], arr(A));
  d('array.reverse', [arr(A)], arr(A));
  d('array.slice', [arr(A), N, N], arr(A));
}

{
  const d = category('sets');
  d('and', [set(A), set(A)], set(A), { infix: '&' });
  d('or', [set(A), set(A)], set(A), { infix: '|' });
  d('intersection', [set(set(A))], set(A));
  d('union', [set(set(A))], set(A));
  d('set_diff', [set(A), set(A)], set(A), { deprecated: true });
}

{
  const d = category('object');
  d('object.get', [anyObject, A, A], A);
  d('object.keys', [anyObject], set(A));
  d('object.remove', [anyObject, collection], anyObject);
  d('object.filter', [anyObject, collection], anyObject);
  d('object.union', [anyObject, anyObject], anyObject);
  d('object.union_n', [arr(anyObject)], anyObject);
  d('object.subset', [collection, collection], B);
  d('json.filter', [anyObject, jsonPaths], anyObject);
  d('json.remove', [anyObject, jsonPaths], anyObject);
  d('json.patch', [A, arr(anyObject)], A);
  d('json.verify_schema', [stringOrObject], tuple(B, anyOf(NULL, S)));
  d('json.match_schema', [stringOrObject, stringOrObject], tuple(B, arr(obj(S, S))));
}

{
  const d = category('strings');
  d('concat', [S, anyOf(arr(S), set(S))], S);
  d('contains', [S, S], B);
  d('endswith', [S, S], B);
  d('startswith', [S, S], B);
  d('format_int', [N, N], S);
  d('indexof', [S, S], N);
  d('indexof_n', [S, S], arr(N));
  d('lower', [S], S);
  d('upper', [S], S);
  d('replace', [S, S, S], S);
  d('split', [S, S], arr(S));
  d('sprintf', [S, arr(A)], S);
  d('substring', [S, N, N], S);
  d('trim', [S, S], S);
  d('trim_left', [S, S], S);
  d('trim_prefix', [S, S], S);
  d('trim_right', [S, S], S);
  d('trim_suffix', [S, S], S);
  d('trim_space', [S], S);
  const stringOrStrings = anyOf(S, arr(S), set(S));
  d('strings.any_prefix_match', [stringOrStrings, stringOrStrings], B);
  d('strings.any_suffix_match', [stringOrStrings, stringOrStrings], B);
  d('strings.count', [S, S], N);
  d('strings.render_template', [S, stringKeyedObject], S);
  d('strings.replace_n', [obj(S, S), S], S);
  d('strings.reverse', [S], S);
  d('strings.split_n', [S, S, N], arr(S));
}

{
  const d = category('regex');
  d('regex.match', [S, S], B);
  d('regex.is_valid', [S], B);
  d('regex.find_n', [S, S, N], arr(S));
  d('regex.find_all_string_submatch_n', [S, S, N], arr(arr(S)));
  d('regex.replace', [S, S, S], S);
  d('regex.split', [S, S], arr(S));
  d('regex.template_match', [S, S, S, S], B);
  d('regex.globs_match', [S, S], B);
  d('re_match', [S, S], B, { deprecated: true });
}

{
  const d = category('glob');
  d('glob.match', [S, anyOf(NULL, arr(S)), S], B);
  d('glob.quote_meta', [S], S);
}

{
  const d = category('conversions');
  d('to_number', [anyOf(NULL, B, N, S)], N);
  d('cast_array', [A], arr(A), { deprecated: true });
  d('cast_boolean', [A], B, { deprecated: true });
  d('cast_null', [A], NULL, { deprecated: true });
  d('cast_object', [A], anyObject, { deprecated: true });
  d('cast_set', [A], set(A), { deprecated: true });
  d('cast_string', [A], S, { deprecated: true });
}

{
  const d = category('units');
  d('units.parse', [S], N);
  d('units.parse_bytes', [S], N);
}

{
  const d = category('types');
  for (const name of ['is_number', 'is_string', 'is_boolean', 'is_array', 'is_set', 'is_object', 'is_null']) {
    d(name, [A], B);
  }
  d('type_name', [A], S);
}

{
  const d = category('encoding');
  d('base64.encode', [S], S);
  d('base64.decode', [S], S);
  d('base64.is_valid', [S], B);
  d('base64url.encode', [S], S);
  d('base64url.encode_no_pad', [S], S);
  d('base64url.decode', [S], S);
  d('hex.encode', [S], S);
  d('hex.decode', [S], S);
  d('json.marshal', [A], S);
  d('json.marshal_with_options', [A, stringKeyedObject], S);
  d('json.unmarshal', [S], A);
  d('json.is_valid', [S], B);
  d('urlquery.encode', [S], S);
  d('urlquery.decode', [S], S);
  d('urlquery.encode_object', [obj(S, anyOf(S, arr(S), set(S)))], S);
  d('urlquery.decode_object', [S], obj(S, arr(S)));
  d('yaml.marshal', [A], S);
  d('yaml.unmarshal', [S], A);
  d('yaml.is_valid', [S], B);
}

{
  const d = category('uri');
  d('uri.parse', [S], obj(S, S));
  d('uri.is_valid', [S], B);
}

{
  const d = category('time');
  d('time.now_ns', [], N, { nondeterministic: true });
  d('time.parse_ns', [S, S], N);
  d('time.parse_rfc3339_ns', [S], N);
  d('time.parse_duration_ns', [S], N);
  d('time.format', [anyOf(N, tuple(N, S), tuple(N, S, S))], S);
  d('time.date', [timeArg], tuple(N, N, N));
  d('time.clock', [timeArg], tuple(N, N, N));
  d('time.weekday', [timeArg], S);
  d('time.add_date', [N, N, N, N], N);
  d('time.diff', [timeArg, timeArg], tuple(N, N, N, N, N, N));
}

{
  const d = category('crypto');
  for (const hash of ['md5', 'sha1', 'sha256']) d(`crypto.${hash}`, [S], S);
  for (const hash of ['md5', 'sha1', 'sha256', 'sha512']) d(`crypto.hmac.${hash}`, [S, S], S);
  d('crypto.hmac.equal', [S, S], B);
  d('crypto.x509.parse_certificates', [S], arr(stringKeyedObject));
  d('crypto.x509.parse_and_verify_certificates', [S], certParseResult);
  d('crypto.x509.parse_and_verify_certificates_with_options', [S, stringKeyedObject], certParseResult);
  d('crypto.x509.parse_certificate_request', [S], stringKeyedObject);
  d('crypto.x509.parse_keypair', [S, S], stringKeyedObject);
  d('crypto.x509.parse_rsa_private_key', [S], stringKeyedObject);
  d('crypto.parse_private_keys', [S], arr(stringKeyedObject));
}

{
  const d = category('tokens');
  d('io.jwt.decode', [S], tuple(anyObject, anyObject, S));
  d('io.jwt.decode_verify', [S, stringKeyedObject], tuple(B, anyObject, anyObject), {
    nondeterministic: true,
  });
  for (const alg of ['es256', 'es384', 'es512', 'hs256', 'hs384', 'hs512', 'ps256', 'ps384', 'ps512']) {
    d(`io.jwt.verify_${alg}`, [S, S], B);
  }
  for (const alg of ['rs256', 'rs384', 'rs512', 'eddsa']) d(`io.jwt.verify_${alg}`, [S, S], B);
  d('io.jwt.encode_sign', [stringKeyedObject, stringKeyedObject, stringKeyedObject], S, {
    nondeterministic: true,
  });
  d('io.jwt.encode_sign_raw', [S, S, S], S, { nondeterministic: true });
}

{
  const d = category('graph');
  const graph = obj(A, arrayOrSet);
  d('walk', [A], tuple(arr(A), A), { relation: true });
  d('graph.reachable', [graph, arrayOrSet], set(A));
  d('graph.reachable_paths', [graph, arrayOrSet], set(arr(A)));
}

{
  const d = category('graphql');
  d('graphql.is_valid', [stringOrObject, stringOrObject], B);
  d('graphql.parse', [stringOrObject, stringOrObject], tuple(anyObject, anyObject));
  d('graphql.parse_and_verify', [stringOrObject, stringOrObject], tuple(B, anyObject, anyObject));
  d('graphql.parse_query', [S], anyObject);
  d('graphql.parse_schema', [S], anyObject);
  d('graphql.schema_is_valid', [stringOrObject], B);
}

{
  const d = category('net');
  const cidrOrIp = anyOf(S, arr(A));
  const cidrs = anyOf(S, arr(cidrOrIp), obj(S, cidrOrIp), set(cidrOrIp));
  d('net.cidr_contains', [S, S], B);
  d('net.cidr_contains_matches', [cidrs, cidrs], set(tuple(A, A)));
  d('net.cidr_expand', [S], set(S));
  d('net.cidr_intersects', [S, S], B);
  d('net.cidr_is_valid', [S], B);
  d('net.cidr_merge', [anyOf(arr(anyOf(S)), set(S))], set(S));
  d('net.cidr_overlap', [S, S], B, { deprecated: true });
  d('net.lookup_ip_addr', [S], set(S), { nondeterministic: true });
}

{
  const d = category('semver');
  d('semver.compare', [S, S], N);
  d('semver.is_valid', [A], B);
}

{
  const d = category('uuid');
  d('uuid.rfc4122', [S], S, { nondeterministic: true });
  d('uuid.parse', [S], stringKeyedObject);
}

{
  const d = category('http');
  d('http.send', [stringKeyedObject], anyObject, { nondeterministic: true });
}

{
  const d = category('providers.aws');
  d('providers.aws.sign_req', [stringKeyedObject, stringKeyedObject, N], anyObject);
}

{
  const d = category('opa');
  d('opa.runtime', [], stringKeyedObject, { nondeterministic: true });
}

{
  const d = category('rego');
  d('rego.metadata.chain', [], arr(A));
  d('rego.metadata.rule', [], A);
  d('rego.parse_module', [S, S], stringKeyedObject);
}

{
  const d = category('tracing');
  d('trace', [S], B);
  d('print', [], undefined, { variadic: A });
}

{
  // Produced by OPA's compiler rewriting, never written by users: `x in xs`,
  // `k, v in xs`, print() calls, template strings and `opa test` cases.
  const d = category('internal');
  d('internal.member_2', [A, A], B, { infix: 'in' });
  d('internal.member_3', [A, A, A], B, { infix: 'in' });
  d('internal.print', [arr(set(A))], undefined);
  d('internal.template_string', [arr(A)], S);
  d('internal.test_case', [arr(A)], undefined);
}
