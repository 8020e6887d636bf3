// Which module implements each host builtin, so that a policy loads only the
// modules of the builtins it calls: together they are some 250 KB of
// JavaScript (a Go template engine, RE2 translation, time zones, JSON
// Schema...), a good part of a small run's start-up, and a typical policy
// calls two or three of them. index.ts loads every module (the library's
// `hostBuiltins`); test/builtins/modules.test.ts checks that this table
// names exactly what each module implements.
import type { RuntimeOptions } from './context.js';
import {
  type HostBuiltinFunction,
  type HostBuiltinOptions,
  plainBuiltinName,
  wrapHostBuiltins,
} from './host.js';
import type { HostImplementations } from './types.js';

interface HostModule {
  /** The builtins the module implements. */
  names: readonly string[];
  load(options: RuntimeOptions): Promise<HostImplementations>;
}

export const HOST_MODULES: Readonly<Record<string, HostModule>> = {
  arrays: {
    names: ['array.flatten', 'strings.split_n'],
    load: async () => (await import('./arrays.js')).arrayBuiltins,
  },
  casts: {
    names: ['cast_array', 'cast_boolean', 'cast_null', 'cast_object', 'cast_set', 'cast_string'],
    load: async () => (await import('./casts.js')).castBuiltins,
  },
  crypto: {
    names: [
      'crypto.hmac.equal',
      'crypto.hmac.md5',
      'crypto.hmac.sha1',
      'crypto.hmac.sha256',
      'crypto.hmac.sha512',
      'crypto.md5',
      'crypto.sha1',
      'crypto.sha256',
    ],
    load: async () => (await import('./crypto.js')).cryptoBuiltins,
  },
  encoding: {
    names: [
      'base64.decode',
      'base64.encode',
      'base64.is_valid',
      'base64url.decode',
      'base64url.encode',
      'base64url.encode_no_pad',
      'hex.decode',
      'hex.encode',
      'json.is_valid',
      'json.marshal',
      'json.marshal_with_options',
      'json.unmarshal',
      'urlquery.decode',
      'urlquery.decode_object',
      'urlquery.encode',
      'urlquery.encode_object',
      'yaml.is_valid',
      'yaml.marshal',
      'yaml.unmarshal',
    ],
    load: async () => {
      const encoding = await import('./encoding.js');
      // The yaml builtins need the `yaml` package, which the module loads on request.
      await encoding.loadYamlPackage();
      return encoding.encodingBuiltins;
    },
  },
  glob: {
    names: ['glob.match', 'glob.quote_meta'],
    load: async () => (await import('./glob.js')).globBuiltins,
  },
  graph: {
    names: ['graph.reachable', 'graph.reachable_paths', 'walk'],
    load: async () => (await import('./graph.js')).graphBuiltins,
  },
  json: {
    names: ['json.filter', 'json.match_schema', 'json.patch', 'json.remove', 'json.verify_schema'],
    load: async () => (await import('./json.js')).jsonBuiltins,
  },
  jwt: {
    names: [
      'io.jwt.decode',
      'io.jwt.verify_eddsa',
      'io.jwt.verify_es256',
      'io.jwt.verify_es384',
      'io.jwt.verify_es512',
      'io.jwt.verify_hs256',
      'io.jwt.verify_hs384',
      'io.jwt.verify_hs512',
      'io.jwt.verify_ps256',
      'io.jwt.verify_ps384',
      'io.jwt.verify_ps512',
      'io.jwt.verify_rs256',
      'io.jwt.verify_rs384',
      'io.jwt.verify_rs512',
    ],
    load: async () => (await import('./jwt.js')).jwtBuiltins,
  },
  net: {
    names: [
      'net.cidr_contains',
      'net.cidr_contains_matches',
      'net.cidr_expand',
      'net.cidr_intersects',
      'net.cidr_is_valid',
      'net.cidr_merge',
      'net.cidr_overlap',
    ],
    load: async () => (await import('./net.js')).netBuiltins,
  },
  numbers: {
    names: ['numbers.range_step', 'object.subset', 'rand.intn'],
    load: async (options) => (await import('./numbers.js')).numberBuiltins(options),
  },
  regex: {
    names: [
      're_match',
      'regex.find_all_string_submatch_n',
      'regex.find_n',
      'regex.globs_match',
      'regex.is_valid',
      'regex.match',
      'regex.replace',
      'regex.split',
      'regex.template_match',
    ],
    load: async () => (await import('./regex.js')).regexBuiltins,
  },
  runtime: {
    names: ['internal.print', 'internal.template_string', 'opa.runtime', 'print', 'trace'],
    load: async (options) => (await import('./runtime.js')).runtimeBuiltins(options),
  },
  semver: {
    names: ['semver.compare', 'semver.is_valid'],
    load: async () => (await import('./semver.js')).semverBuiltins,
  },
  strings: {
    names: ['sprintf', 'strings.any_prefix_match', 'strings.any_suffix_match', 'strings.replace_n'],
    load: async () => (await import('./strings.js')).stringBuiltins,
  },
  templates: {
    names: ['strings.render_template'],
    load: async () => (await import('./gotemplate.js')).templateBuiltins,
  },
  time: {
    names: [
      'time.add_date',
      'time.clock',
      'time.date',
      'time.diff',
      'time.format',
      'time.now_ns',
      'time.parse_duration_ns',
      'time.parse_ns',
      'time.parse_rfc3339_ns',
      'time.weekday',
    ],
    load: async (options) => (await import('./time.js')).timeBuiltins(options),
  },
  units: {
    names: ['units.parse', 'units.parse_bytes'],
    load: async () => (await import('./units.js')).unitsBuiltins,
  },
  uuid: {
    names: ['uuid.parse', 'uuid.rfc4122'],
    load: async (options) => (await import('./uuid.js')).uuidBuiltins(options),
  },
};

const moduleOf = new Map<string, HostModule>();
for (const module of Object.values(HOST_MODULES)) for (const name of module.names) moduleOf.set(name, module);

/** True when the builtin is implemented on the host (and so callable through opa_builtinN). */
export function isHostBuiltin(name: string): boolean {
  return moduleOf.has(name);
}

/** The Rego names of all host-implemented builtins, sorted. */
export const hostBuiltinNames: readonly string[] = [...moduleOf.keys()].sort();

/** Every implementation of the modules that hold `names` (all modules when undefined). */
export async function loadImplementations(
  names: Iterable<string> | undefined,
  options: RuntimeOptions = {},
): Promise<HostImplementations> {
  let modules = Object.values(HOST_MODULES);
  if (names !== undefined) {
    const wanted = new Set<HostModule>();
    for (const name of names) {
      const module = moduleOf.get(plainBuiltinName(name));
      if (module) wanted.add(module);
    }
    modules = [...wanted];
  }
  const loaded = await Promise.all(modules.map((module) => module.load(options)));
  return Object.assign({}, ...loaded);
}

/**
 * The `customBuiltins` map for a module that calls the host builtins `names`
 * (as its `builtins()` table lists them, prefixes included): only their
 * modules are loaded. Without `names`, every host builtin.
 */
export async function loadHostBuiltins(
  names?: Iterable<string>,
  options: HostBuiltinOptions = {},
): Promise<Record<string, HostBuiltinFunction>> {
  return wrapHostBuiltins(await loadImplementations(names, options), options);
}
