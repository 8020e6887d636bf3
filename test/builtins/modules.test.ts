// modules.ts lists which module implements each host builtin, so that the
// engine loads only what a policy calls: the list must be exactly what the
// modules implement, and a policy must get every builtin it calls.
import { describe, expect, it } from 'vitest';
import { createHostBuiltins, HOST_NAME_PREFIX } from '../../src/builtins/index.js';
import { HOST_MODULES, hostBuiltinNames, loadHostBuiltins } from '../../src/builtins/modules.js';

describe('the host builtin modules', () => {
  for (const [name, module] of Object.entries(HOST_MODULES)) {
    it(`${name} implements exactly the builtins listed for it`, async () => {
      expect(Object.keys(await module.load({})).sort()).toEqual([...module.names].sort());
    });
  }

  it('together implement every host builtin, each once', () => {
    const all = Object.keys(createHostBuiltins()).filter((n) => !n.startsWith(HOST_NAME_PREFIX));
    expect([...hostBuiltinNames]).toEqual(all.sort());
    const listed = Object.values(HOST_MODULES).flatMap((m) => m.names);
    expect(listed).toHaveLength(new Set(listed).size);
  });

  it('give a policy the builtins its table names, under the names it calls them by', async () => {
    const builtins = await loadHostBuiltins([
      'regex.match',
      'rtpolicy.exact.sprintf',
      'rtpolicy.yaml.unmarshal',
    ]);
    expect(builtins['regex.match']('^a', 'abc')).toBe(true);
    expect(builtins['rtpolicy.exact.sprintf']('"%s-%d"', '["x", 2]')).toBe('"x-2"');
    expect(builtins['rtpolicy.yaml.unmarshal']('a: yes')).toEqual({ a: true });
    // Builtins of modules the table does not name are not loaded.
    expect(builtins['time.now_ns']).toBeUndefined();
    expect(builtins['net.cidr_contains']).toBeUndefined();
  });

  it('give every builtin when the table is unknown', async () => {
    const builtins = await loadHostBuiltins();
    expect(Object.keys(builtins).sort()).toEqual(Object.keys(createHostBuiltins()).sort());
  });
});
