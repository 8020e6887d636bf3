// `rtpolicy check` as a library call: options -> Report (and exit status).
//
//   1. everything a user can get wrong is checked first (output options,
//      fail level, configuration, baseline, data files, policies), so that a
//      mistake fails fast with status 2;
//   2. the inventory pass: RuntimeClasses, Namespaces and node configs
//      across all inputs become `data.rtpolicy`;
//   3. the evaluation pass, one file at a time (only the file at hand is in
//      memory): every document is evaluated by every policy set, and the
//      file's findings are fingerprinted, matched against suppressions and
//      the baseline at once (src/report/README.md gives the order);
//   4. the report is written, the baseline too when asked, and the exit
//      status follows from `--fail-level`.
import { isAbsolute, resolve } from 'node:path';
import { applyOverrides, loadConfig, loaderOptionsFor } from '../config/index.js';
import type { Config } from '../config/types.js';
import { scanInventory } from '../k8s/inventory.js';
import { type Discovery, discoverInputs, type InputFile } from '../loader/discover.js';
import { LoadStats, loadInputs } from '../loader/load.js';
import { TextCache } from '../loader/text-cache.js';
import type { LoaderOptions } from '../loader/types.js';
import type { RegoVersion } from '../rego/ast.js';
import type { WriteOptions } from '../report/outputs.js';
import { orderedFindings } from '../report/shared.js';
import { applyBaseline, type Baseline, readBaseline, writeBaseline } from './baseline.js';
import { policyData, readDataFiles } from './data.js';
import { PolicyEvaluator } from './evaluator.js';
import { exitStatusFor, type FailLevel, parseFailLevel, UsageError } from './exit-status.js';
import { checkLoadedFiles, type FileCheckContext } from './file-checker.js';
import { addLoadStats, planBatches, WorkerPool, workerCount } from './parallel.js';
import type { PolicySet } from './policy-set.js';
import { type Log, loadBuiltinPack, loadCustomPolicies } from './policy-sources.js';
import { prepareReports } from './report-writer.js';
import { RuleCatalog } from './rule-catalog.js';
import { TOOL } from './tool.js';
import type { Finding, Report, RunStats } from './types.js';

export interface CheckOptions {
  /** Files and directories to check; `-` reads standard input. Default `.`. */
  paths?: string[];
  /** Directory that paths (and the reported file names) are relative to. Default process.cwd(). */
  cwd?: string;
  /** `.rego` files and directories of custom policies, compiled together. */
  policies?: string[];
  /** OPA bundles (`opa build -t wasm`, `rtpolicy build`). */
  bundles?: string[];
  /** Evaluate the built-in pack (default true; `--no-builtin`). */
  builtin?: boolean;
  /** JSON or YAML files merged into `data`. */
  data?: string[];
  /** rtpolicy.yaml to use instead of the one found from `cwd` upward. */
  config?: string;
  /**
   * Reports to write: `FORMAT` or `FORMAT=FILE` (see src/report/README.md).
   * Nothing is written when neither this nor `outputFile` is given.
   */
  formats?: string[];
  outputFile?: string;
  /** error (default, or rtpolicy.yaml's), warning, note or none. */
  failLevel?: string;
  /** Globs of files to leave out (as rtpolicy.yaml's `ignore`, relative to `cwd`). */
  ignore?: string[];
  kubernetesVersion?: string;
  /** Findings listed in this baseline are suppressed. */
  baseline?: string;
  /** Write the run's findings as a baseline to this file. */
  writeBaseline?: string;
  /** Syntax of the custom policies (default v1). */
  regoVersion?: RegoVersion;
  /** Display name (and format, by extension) of standard input. */
  stdinFilename?: string;
  /** Reads standard input (default process.stdin). */
  readStdin?: () => Promise<Buffer>;
  /** Compile-cache directory (default `$XDG_CACHE_HOME/rtpolicy`); false compiles every time. */
  cacheDir?: string | false;
  /** Where report standard-output targets go (default process.stdout). */
  stdout?: WriteOptions['stdout'];
  /** Repository root for SARIF and GitHub paths. */
  sourceRoot?: string;
  /** Receives progress and timing messages (the CLI's `--verbose`). */
  log?: Log;
  /** Worker threads for the evaluation pass besides the main thread (default: by input size and CPUs; 0: none). */
  workers?: number;
}

export interface CheckResult {
  report: Report;
  /** 0: nothing reaches the fail level; 1: something does. Errors throw instead (status 2). */
  exitCode: number;
}

async function resolveConfig(options: CheckOptions, cwd: string, failLevel?: FailLevel): Promise<Config> {
  const loaded = await loadConfig({ cwd, configFile: options.config, paths: options.paths });
  const { config, issues } = applyOverrides(loaded, {
    failLevel,
    kubernetesVersion: options.kubernetesVersion,
  });
  if (issues.length > 0) throw new UsageError(issues.join('\n'));
  return config;
}

async function loadPolicySets(options: CheckOptions, cwd: string, log?: Log): Promise<PolicySet[]> {
  const sets: PolicySet[] = [];
  if (options.builtin !== false) {
    const pack = await loadBuiltinPack();
    if (pack) sets.push(pack);
    else log?.('the built-in pack has no rules');
  }
  if (options.policies && options.policies.length > 0) {
    let cacheDir: string | undefined;
    if (options.cacheDir !== false) {
      cacheDir = options.cacheDir ?? (await import('./policy-cache.js')).defaultCacheDir();
    }
    sets.push(
      await loadCustomPolicies(options.policies, {
        cwd,
        regoVersion: options.regoVersion ?? 'v1',
        cacheDir,
        log,
      }),
    );
  }
  for (const bundle of options.bundles ?? []) {
    const { loadBundlePolicy } = await import('./bundle-policy.js');
    sets.push(await loadBundlePolicy(resolve(cwd, bundle), log));
  }
  return sets;
}

/** A policy set as worker threads receive it: they get the compiled module instead of the bytes. */
function withoutBytes(set: PolicySet): Omit<PolicySet, 'wasm' | 'data'> {
  const { wasm: _wasm, data: _data, ...rest } = set;
  return rest;
}

/** Loads and checks the files of `discovery` on this thread, counting them in `stats`. */
async function checkFiles(
  discovery: Discovery,
  loaderOptions: LoaderOptions,
  context: FileCheckContext,
  stats: LoadStats,
): Promise<Finding[]> {
  return checkLoadedFiles(loadInputs([], loaderOptions, discovery), context, (file) => stats.add(file));
}

/** Reads standard input (or calls `read`) once, whoever asks. */
function onceStdin(read?: () => Promise<Buffer>): () => Promise<Buffer> {
  let bytes: Promise<Buffer> | undefined;
  return () => {
    bytes ??= read
      ? read()
      : (async () => {
          const chunks: Buffer[] = [];
          for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
          return Buffer.concat(chunks);
        })();
    return bytes;
  };
}

export async function check(options: CheckOptions = {}): Promise<CheckResult> {
  const started = performance.now();
  const cwd = resolve(options.cwd ?? process.cwd());
  const fromCwd = (file: string) =>
    isAbsolute(file) || options.cwd === undefined ? file : resolve(cwd, file);
  const log = options.log;
  const lap = (() => {
    let last = started;
    return (what: string) => {
      const now = performance.now();
      log?.(`${what} (${Math.round(now - last)} ms)`);
      last = now;
    };
  })();

  // 1. Mistakes first.
  const writeReports = await prepareReports(options.formats, options.outputFile, fromCwd);
  const cliFailLevel = options.failLevel === undefined ? undefined : parseFailLevel(options.failLevel);
  const config = await resolveConfig(options, cwd, cliFailLevel);
  const baseline: Baseline | undefined = options.baseline
    ? await readBaseline(fromCwd(options.baseline))
    : undefined;
  const userData = await readDataFiles((options.data ?? []).map(fromCwd));
  const paths = options.paths && options.paths.length > 0 ? options.paths : ['.'];
  const loaderOptions: LoaderOptions = {
    ...loaderOptionsFor(config, { cwd, ignore: options.ignore, stdinFilename: options.stdinFilename }),
    // Standard input, read once: both passes and the suppression comments see these bytes.
    readStdin: onceStdin(options.readStdin),
  };
  const discovery = discoverInputs(paths, loaderOptions);
  // The inventory pass reads every file; the evaluation pass takes the texts it kept.
  const texts = new TextCache();
  for (const file of discovery.ignoredFiles) log?.(`${file}: left out by an ignore pattern`);
  const sets = await loadPolicySets(options, cwd, log);
  lap(`loaded ${sets.length} policy set(s)`);

  // 2. The inventory (data.rtpolicy), then 3. the evaluation, file by file.
  const catalog = new RuleCatalog(config.rules);
  // Workers start now, loading their modules while this thread builds the inventory.
  const workers = sets.length > 0 ? workerCount(discovery.files.length, options.workers) : 0;
  const pool = workers > 0 ? new WorkerPool(workers) : undefined;
  const stats = new LoadStats();
  const findings: Finding[] = [];
  const keep = (checked: Finding[]) => {
    for (const finding of baseline ? applyBaseline(checked, baseline, options.baseline ?? '') : checked) {
      findings.push(finding);
    }
  };
  try {
    const evaluators: PolicyEvaluator[] = [];
    const setData: Record<string, unknown>[] = [];
    if (sets.length > 0) {
      const inventory = await scanInventory([], { ...loaderOptions, keepTexts: texts }, config, discovery);
      lap('inventory pass');
      for (const set of sets) setData.push(policyData(set.data, userData, inventory, set.label));
      evaluators.push(...(await Promise.all(sets.map((set, i) => PolicyEvaluator.load(set, setData[i])))));
      for (const evaluator of evaluators) catalog.add(evaluator.set.catalog);
      lap('policies instantiated');
    }
    const evaluationOptions: LoaderOptions = { ...loaderOptions, keptTexts: texts };
    const context: FileCheckContext = {
      evaluators,
      catalog,
    };
    if (pool) {
      pool.setUp({
        sets: evaluators.map((e, i) => ({ set: withoutBytes(e.set), module: e.module, data: setData[i] })),
        ruleSettings: config.rules,
        loader: { cwd, maxFileSize: config.limits.maxFileSize, maxAliasNodes: config.limits.maxAliasNodes },
      });
      const batches = planBatches(discovery.files);
      const local = async (files: InputFile[]) => {
        const batchStats = new LoadStats();
        const checked = await checkFiles(
          { files, stdin: false, ignoredFiles: [] },
          evaluationOptions,
          context,
          batchStats,
        );
        return { findings: checked, stats: batchStats, madeUpRules: [] };
      };
      await pool.run(batches, texts, local, (result) => {
        addLoadStats(stats, result.stats);
        for (const rule of result.madeUpRules) catalog.adopt(rule);
        keep(result.findings);
      });
      // Standard input is one stream: this thread reads it, after the files.
      if (discovery.stdin) {
        keep(
          await checkFiles({ files: [], stdin: true, ignoredFiles: [] }, evaluationOptions, context, stats),
        );
      }
    } else {
      keep(await checkFiles(discovery, evaluationOptions, context, stats));
    }
  } finally {
    await pool?.close();
  }
  lap(`checked ${stats.files} file(s)${pool ? ` with ${workers} worker thread(s)` : ''}`);

  // 4. Report, baseline, exit status.
  const runStats: RunStats = {
    files: stats.files - (stats.skippedFiles.duplicate ?? 0) - (stats.skippedFiles['not-node-config'] ?? 0),
    documents: stats.checkedDocuments,
    skipped: { ...stats.skippedDocuments } as Record<string, number>,
    durationMs: performance.now() - started,
  };
  const report: Report = {
    tool: { ...TOOL },
    rules: catalog.list(),
    findings: orderedFindings(findings),
    stats: runStats,
  };
  await writeReports?.(report, {
    baseDir: cwd,
    ...(options.stdout ? { stdout: options.stdout } : {}),
    ...(options.sourceRoot ? { sourceRoot: options.sourceRoot } : {}),
  });
  if (options.writeBaseline) await writeBaseline(fromCwd(options.writeBaseline), report.findings);
  return { report, exitCode: exitStatusFor(report.findings, config.failLevel) };
}
