// `--bundle`: an OPA bundle holding policy.wasm, built by `opa build -t wasm`
// or `rtpolicy build`. What it evaluates is decided by its entrypoints (see
// evaluator.ts); when the bundle carries its Rego sources, as both tools'
// bundles do, their METADATA describes the rules.
import { posix } from 'node:path';
import { UsageError } from './exit-status.js';
import type { PolicyRule } from './policy-rules.js';
import type { PolicySet } from './policy-set.js';
import type { Log } from './policy-sources.js';
import type { RuleInfo } from './types.js';

/** The `.rego` files inside a bundle, by their path in it. */
async function regoSourcesOf(path: string): Promise<{ filename: string; source: string }[]> {
  const tar = await import('tar');
  const sources: { filename: string; source: string }[] = [];
  await tar.list({
    file: path,
    onReadEntry(entry) {
      if (entry.type !== 'File' || !entry.path.endsWith('.rego')) {
        entry.resume();
        return;
      }
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => {
        const name = posix.normalize(entry.path.replace(/^(\.?\/)+/, ''));
        sources.push({ filename: `${path}#${name}`, source: Buffer.concat(chunks).toString('utf8') });
      });
    },
  });
  return sources.sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
}

export async function loadBundlePolicy(path: string, log?: Log): Promise<PolicySet> {
  const { readBundle, BundleError } = await import('../compiler/bundle.js');
  let bundle: Awaited<ReturnType<typeof readBundle>>;
  try {
    bundle = await readBundle(path);
  } catch (err) {
    if (err instanceof BundleError) throw new UsageError(`--bundle ${err.message}`);
    throw err;
  }
  let rules: PolicyRule[] = [];
  let catalog: RuleInfo[] = [];
  const sources = await regoSourcesOf(path).catch(() => []);
  if (sources.length > 0) {
    const regoVersion = bundle.manifest.rego_version === 0 ? 'v0' : 'v1';
    try {
      const { parseModules } = await import('../rego/parser.js');
      const { discoverRules } = await import('./policy-rules.js');
      ({ rules, catalog } = discoverRules(parseModules(sources, { regoVersion }), 'policy'));
    } catch (err) {
      // The wasm is what runs; sources we cannot read only cost the rules' descriptions.
      log?.(`--bundle ${path}: rule metadata unavailable (${(err as Error).message.split('\n')[0]})`);
    }
  }
  return {
    label: `--bundle ${path}`,
    origin: 'policy',
    wasm: bundle.wasm,
    rules,
    catalog,
    data: bundle.data,
    bundle: true,
  };
}
