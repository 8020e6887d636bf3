// What the engine reads from a compiled module itself: the host builtins it
// calls (its `builtins()` table), which decide the builtin modules loaded.
import { describe, expect, it } from 'vitest';
import { compileWasm } from '../../src/compiler/index.js';
import { calledHostBuiltins, compileWasmModule } from '../../src/engine/wasm-module.js';

const POLICY = `package p

import rego.v1

deny contains msg if {
	regex.match("^a+$", input.name)
	msg := sprintf("%s: %v", [input.name, time.now_ns()])
}
`;

describe('calledHostBuiltins', () => {
  it('names the host builtins of the module, as the SDK looks them up', async () => {
    const wasm = await compileWasm({
      modules: [{ filename: 'p.rego', source: POLICY }],
      entrypoints: ['p/deny'],
    });
    expect(calledHostBuiltins(await compileWasmModule(wasm))?.sort()).toEqual([
      'regex.match',
      'rtpolicy.exact.sprintf',
      'time.now_ns',
    ]);
  });

  it('is empty for a module that calls none', async () => {
    const wasm = await compileWasm({
      modules: [{ filename: 'q.rego', source: 'package q\n\nimport rego.v1\n\nallow if input.x == 1\n' }],
      entrypoints: ['q/allow'],
    });
    expect(calledHostBuiltins(await compileWasmModule(wasm))).toEqual([]);
  });

  it('is undefined (any builtin) for a module it cannot instantiate', async () => {
    // A valid module without OPA's exports.
    const empty = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    expect(calledHostBuiltins(await compileWasmModule(empty))).toBeUndefined();
  });
});
