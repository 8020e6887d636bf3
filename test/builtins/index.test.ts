import { describe, expect, it } from 'vitest';
import { allBuiltins, getBuiltin, hasSetResult } from '../../src/builtins/catalog.js';
import {
  type BuiltinError,
  createHostBuiltins,
  EXACT_NAME_PREFIX,
  EXACT_VALUE_BUILTINS,
  HOST_NAME_PREFIX,
  hostBuiltinNames,
  hostBuiltins,
  hostCallName,
  isHostBuiltin,
  SDK_RESERVED_BUILTINS,
} from '../../src/builtins/index.js';
import { resultJson } from './helpers.js';

describe('hostBuiltins', () => {
  it('exports every host builtin under its name and under rtpolicy.<name>', () => {
    for (const name of hostBuiltinNames) {
      expect(getBuiltin(name), name).toBeDefined();
      expect(hostBuiltins[name]).toBe(hostBuiltins[HOST_NAME_PREFIX + name]);
    }
    for (const name of EXACT_VALUE_BUILTINS) {
      expect(typeof hostBuiltins[EXACT_NAME_PREFIX + name], name).toBe('function');
      expect(hostBuiltins[EXACT_NAME_PREFIX + name]).not.toBe(hostBuiltins[name]);
    }
    // Nothing else: every key is one of the three names above.
    expect(Object.keys(hostBuiltins)).toHaveLength(2 * hostBuiltinNames.length + EXACT_VALUE_BUILTINS.size);
  });

  it('covers the builtins the brief names', () => {
    for (const name of [
      'sprintf',
      'regex.match',
      'regex.globs_match',
      'glob.match',
      'units.parse_bytes',
      'strings.render_template',
      'json.patch',
      'json.match_schema',
      'yaml.unmarshal',
      'base64url.decode',
      'hex.decode',
      'urlquery.decode_object',
      'time.diff',
      'semver.compare',
      'net.cidr_merge',
      'uuid.parse',
      'crypto.hmac.sha512',
      'graph.reachable_paths',
      'walk',
      'object.subset',
      'numbers.range_step',
      'rand.intn',
      'io.jwt.verify_rs256',
      'opa.runtime',
      'internal.print',
    ]) {
      expect(isHostBuiltin(name), name).toBe(true);
    }
    expect(isHostBuiltin('count')).toBe(false);
    expect(isHostBuiltin('http.send')).toBe(false);
  });

  it('names the builtins the SDK shadows rtpolicy.<name> in modules, and exact ones rtpolicy.exact.<name>', () => {
    expect(hostCallName('sprintf')).toBe('rtpolicy.exact.sprintf');
    expect(hostCallName('object.subset')).toBe('rtpolicy.exact.object.subset');
    expect(hostCallName('yaml.unmarshal')).toBe('rtpolicy.yaml.unmarshal');
    expect(hostCallName('regex.match')).toBe('regex.match');
    for (const name of SDK_RESERVED_BUILTINS) expect(isHostBuiltin(name), name).toBe(true);
  });

  it('returns set results as arrays, which the catalog marks for conversion', () => {
    expect(hasSetResult(getBuiltin('net.cidr_expand')!)).toBe(true);
    expect(Array.isArray(hostBuiltins['net.cidr_expand']('10.0.0.0/31'))).toBe(true);
  });

  it('makes errors undefined by default and reports them, or throws in strict mode', () => {
    const seen: BuiltinError[] = [];
    const lenient = createHostBuiltins({ onBuiltinError: (e) => seen.push(e) });
    expect(lenient['units.parse']('')).toBeUndefined();
    expect(seen.map((e) => [e.code, e.builtin, e.message])).toEqual([
      ['eval_builtin_error', 'units.parse', 'units.parse: no amount provided'],
    ]);
    const strict = createHostBuiltins({ strictBuiltinErrors: true });
    expect(() => strict['units.parse']('')).toThrow('units.parse: no amount provided');
    expect(() => strict[`${HOST_NAME_PREFIX}units.parse`](1)).toThrow(
      expect.objectContaining({
        code: 'eval_type_error',
        message: 'units.parse: operand 1 must be string but got number',
      }),
    );
  });

  it('hands exact big numbers to the SDK as JSON text', () => {
    const out = hostBuiltins['time.parse_rfc3339_ns']('2017-06-02T19:00:00.000000001Z');
    expect(out).toBeInstanceOf(ArrayBuffer);
    expect(resultJson(out)).toBe('1496430000000000001');
    expect(hostBuiltins['units.parse_bytes']('1KiB')).toBe(1024);
  });
});

describe('the catalog', () => {
  it('declares every builtin of OPA 1.x once, with signatures', () => {
    const names = allBuiltins().map((b) => b.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBe(206);
    expect(getBuiltin('glob.match')).toMatchObject({
      args: ['string', { anyOf: ['null', { array: 'string' }] }, 'string'],
      result: 'boolean',
    });
    expect(getBuiltin('plus')?.infix).toBe('+');
    expect(getBuiltin('internal.member_3')?.infix).toBe('in');
    expect(getBuiltin('print')).toMatchObject({ args: [], variadic: 'any' });
    expect(getBuiltin('print')?.result).toBeUndefined();
    expect(getBuiltin('walk')?.relation).toBe(true);
    expect(getBuiltin('time.now_ns')?.nondeterministic).toBe(true);
  });

  it('flags the deprecated builtins that Rego v1 rejects', () => {
    const deprecated = allBuiltins()
      .filter((b) => b.deprecated)
      .map((b) => b.name)
      .sort();
    expect(deprecated).toEqual([
      'all',
      'any',
      'cast_array',
      'cast_boolean',
      'cast_null',
      'cast_object',
      'cast_set',
      'cast_string',
      'net.cidr_overlap',
      're_match',
      'set_diff',
    ]);
  });
});

describe('loadHostBuiltins', () => {
  // In a process of its own: this one has loaded the yaml package already.
  it('loads the yaml package only for modules that call a yaml builtin', async () => {
    const lib = (file: string) => JSON.stringify(new URL(`../../lib/builtins/${file}`, import.meta.url).href);
    const script = `
      const { loadHostBuiltins } = await import(${lib('modules.js')});
      const { encodingBuiltins } = await import(${lib('encoding.js')});
      let before;
      try { encodingBuiltins['yaml.unmarshal']('a: 1'); before = 'called'; } catch (e) { before = e.message; }
      await loadHostBuiltins(['regex.match', 'rtpolicy.exact.sprintf']);
      let middle;
      try { encodingBuiltins['yaml.unmarshal']('a: 1'); middle = 'called'; } catch (e) { middle = 'not loaded'; }
      const builtins = await loadHostBuiltins(['rtpolicy.yaml.unmarshal']);
      console.log(JSON.stringify([before.includes('loadYamlPackage'), middle, builtins['rtpolicy.yaml.unmarshal']('a: 1')]));
    `;
    const { spawnSync } = await import('node:child_process');
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([true, 'not loaded', { a: 1 }]);
  });
});
