// Spreads the evaluation pass over worker threads. Decoding YAML, building
// source maps and evaluating Wasm are CPU-bound and independent per file, so
// the files are cut into batches that the main thread and the workers take
// in turn. Each worker loads the same policy sets (the compiled Wasm module
// is shared, not compiled again) with the same data, and returns each
// batch's findings (fingerprinted and suppressed: both depend on the file
// alone), load statistics and made-up rule descriptions. The report is
// sorted afterwards, so it does not depend on which thread checked what.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RuleSetting } from '../config/types.js';
import type { InputFile } from '../loader/discover.js';
import type { LoadStats } from '../loader/load.js';
import type { TextCache } from '../loader/text-cache.js';
import type { PolicySet } from './policy-set.js';
import type { Finding, RuleInfo } from './types.js';
import type { WasmModule } from './wasm-module.js';

/** What a worker needs to check files as the main thread does. */
export interface WorkerSetup {
  sets: { set: Omit<PolicySet, 'wasm' | 'data'>; module: WasmModule; data: Record<string, unknown> }[];
  ruleSettings: Record<string, RuleSetting>;
  loader: { cwd: string; maxFileSize: number; maxAliasNodes: number };
}

/** LoadStats as plain data (it crosses threads). */
export type LoadStatsData = Pick<
  LoadStats,
  'files' | 'documents' | 'objects' | 'skippedDocuments' | 'skippedFiles' | 'skippedListItems' | 'problems'
>;

export interface BatchResult {
  findings: Finding[];
  stats: LoadStatsData;
  madeUpRules: RuleInfo[];
}

export type WorkerMessage =
  | { type: 'setup'; setup: WorkerSetup }
  /** `texts[i]`: the text of `files[i]` if the main thread has it, else null (the worker reads it). */
  | { type: 'batch'; id: number; files: InputFile[]; texts: (string | null)[] };

export type WorkerReply =
  | { type: 'result'; id: number; result: BatchResult }
  | { type: 'error'; message: string };

/** Files per batch: small enough to balance the threads at the end, large enough that messages cost nothing. */
const BATCH_FILES = 32;
/** Below this many files, starting workers costs more than it saves. */
const MIN_FILES_PER_WORKER = 400;

/**
 * The worker's script, beside this module when running from lib/; none when
 * running from the TypeScript sources (tests) or from a bundle without it.
 */
function workerScript(): URL | undefined {
  const url = new URL('./worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

/** How many workers to start for `files` files (besides the main thread), given `requested` (undefined: automatic). */
export function workerCount(files: number, requested?: number): number {
  if (workerScript() === undefined) return 0;
  if (requested !== undefined) return Math.max(0, Math.floor(requested));
  // Node's garbage collector and compiler threads keep about one more core
  // busy beside the main thread: on two cores a worker only competes with
  // them (measured: no faster than none).
  const spare = availableParallelism() - 2;
  return Math.max(0, Math.min(spare, 3, Math.floor(files / MIN_FILES_PER_WORKER)));
}

export function addLoadStats(into: LoadStats, from: LoadStatsData): void {
  into.files += from.files;
  into.documents += from.documents;
  into.objects += from.objects;
  into.skippedListItems += from.skippedListItems;
  into.problems += from.problems;
  for (const [reason, n] of Object.entries(from.skippedDocuments)) {
    const key = reason as keyof LoadStats['skippedDocuments'];
    into.skippedDocuments[key] = (into.skippedDocuments[key] ?? 0) + (n ?? 0);
  }
  for (const [reason, n] of Object.entries(from.skippedFiles)) {
    const key = reason as keyof LoadStats['skippedFiles'];
    into.skippedFiles[key] = (into.skippedFiles[key] ?? 0) + (n ?? 0);
  }
}

/**
 * Cuts the files into batches, in order. A second path to the same file
 * (discovery marks it `duplicateOf`) stays in its batch: the loader skips it.
 */
export function planBatches(files: readonly InputFile[]): InputFile[][] {
  const batches: InputFile[][] = [];
  for (let i = 0; i < files.length; i += BATCH_FILES) batches.push(files.slice(i, i + BATCH_FILES));
  return batches;
}

/** A worker and its batches in flight. */
class PoolWorker {
  private readonly pending = new Map<number, (result: BatchResult) => void>();
  private failure?: (error: Error) => void;

  constructor(readonly worker: Worker) {
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'error') {
        this.fail(new Error(`worker thread: ${reply.message}`));
        return;
      }
      const resolve = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      resolve?.(reply.result);
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => {
      if (this.pending.size > 0)
        this.fail(new Error(`worker thread exited (${code}) with batches in flight`));
    });
  }

  get inFlight(): number {
    return this.pending.size;
  }

  onFailure(handler: (error: Error) => void): void {
    this.failure = handler;
  }

  private fail(error: Error): void {
    this.pending.clear();
    this.failure?.(error);
  }

  post(message: WorkerMessage): void {
    this.worker.postMessage(message);
  }

  run(id: number, files: InputFile[], texts: (string | null)[]): Promise<BatchResult> {
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.post({ type: 'batch', id, files, texts });
    });
  }
}

export class WorkerPool {
  private readonly workers: PoolWorker[];

  /** Starts the workers now, so that they load their modules while the main thread works on. */
  constructor(count: number) {
    const script = workerScript();
    if (script === undefined) throw new Error('worker threads need the built engine (lib/engine/worker.js)');
    this.workers = Array.from({ length: count }, () => new PoolWorker(new Worker(fileURLToPath(script))));
  }

  setUp(setup: WorkerSetup): void {
    for (const worker of this.workers) worker.post({ type: 'setup', setup });
  }

  /**
   * Checks every batch: the workers keep two batches each in flight, the
   * main thread takes batches with `local` meanwhile. A worker's batch
   * carries the texts `texts` holds of its files. Resolves when all are
   * done; rejects when a worker fails.
   */
  run(
    batches: readonly InputFile[][],
    texts: TextCache,
    local: (files: InputFile[]) => Promise<BatchResult>,
    collect: (result: BatchResult) => void,
  ): Promise<void> {
    let next = 0;
    let nextId = 0;
    const take = () => (next < batches.length ? batches[next++] : undefined);
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (error?: Error) => {
        if (settled) return;
        if (error) {
          settled = true;
          reject(error);
        } else if (localDone && next >= batches.length && this.workers.every((w) => w.inFlight === 0)) {
          settled = true;
          resolve();
        }
      };
      const feed = (worker: PoolWorker) => {
        while (worker.inFlight < 2) {
          const files = take();
          if (!files) return;
          const batchTexts = files.map((file) => texts.take(file.path) ?? null);
          worker.run(nextId++, files, batchTexts).then((result) => {
            collect(result);
            feed(worker);
            finish();
          });
        }
      };
      let localDone = false;
      for (const worker of this.workers) {
        worker.onFailure(finish);
        feed(worker);
      }
      (async () => {
        for (let files = take(); files; files = take()) {
          collect(await local(files));
          // Let the workers' results (and requests for more) through between batches.
          await new Promise((r) => setImmediate(r));
        }
        localDone = true;
        finish();
      })().catch(finish);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
