import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module without type declarations.
import {
  docPath,
  renderBuiltinsDoc,
  runtimeBuiltinNames,
  runtimeWasmPath,
} from '../../scripts/gen-builtins-doc.mjs';
import { allBuiltins, signatureToString } from '../../src/builtins/catalog.js';
import { hostBuiltinNames, SDK_RESERVED_BUILTINS } from '../../src/builtins/index.js';

const render = (nativeNames: string[]) =>
  renderBuiltinsDoc({
    builtins: allBuiltins(),
    signature: signatureToString,
    hostNames: hostBuiltinNames,
    nativeNames,
    sdkReserved: [...SDK_RESERVED_BUILTINS],
  }) as string;

describe('docs/builtins.md', () => {
  it('places every builtin: runtime first, then host, else not supported', () => {
    const doc = render(['count', 'sprintf']);
    expect(doc).toContain(
      '| `count` | `count(any<string, array[any], object[any: any], set[any]>) => number` | runtime |',
    );
    expect(doc).toContain('| `sprintf` | `sprintf(string, array[any]) => string` | runtime |');
    expect(doc).toContain('| `regex.match` | `regex.match(string, string) => boolean` | host |');
    expect(doc).toContain('| `http.send` |');
    expect(doc).toMatch(/\| `http\.send` \| .* \| not supported \| nondeterministic; needs network access/);
    expect(doc).toMatch(/\| `all` \| .* \| not supported \| \*deprecated\*/);
    for (const b of allBuiltins()) expect(doc).toContain(`| \`${b.name}\` |`);
  });

  it.runIf(existsSync(runtimeWasmPath))(
    'is up to date with the catalog, the host builtins and runtime.wasm',
    () => {
      const committed = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '';
      const generated = render(runtimeBuiltinNames(runtimeWasmPath));
      // When this fails, run: node scripts/build.mjs && node scripts/gen-builtins-doc.mjs
      expect(committed).toBe(generated);
    },
  );
});
