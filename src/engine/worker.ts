// A worker thread of the evaluation pass (see parallel.ts): sets up the
// policy sets it is sent, then checks batches of files as the main thread
// does, one batch at a time, and replies with each batch's findings.
import { parentPort } from 'node:worker_threads';
import { LoadStats, loadInputs } from '../loader/load.js';
import { TextCache } from '../loader/text-cache.js';
import { PolicyEvaluator } from './evaluator.js';
import { checkLoadedFiles, type FileCheckContext } from './file-checker.js';
import type { BatchResult, WorkerMessage, WorkerReply, WorkerSetup } from './parallel.js';
import type { PolicySet } from './policy-set.js';
import { RuleCatalog } from './rule-catalog.js';

const port = parentPort;
if (!port) throw new Error('engine/worker.js runs as a worker thread');

// Load what evaluation needs while the main thread builds the inventory.
void import('../builtins/modules.js');
void import('@open-policy-agent/opa-wasm');

interface WorkerState {
  context: FileCheckContext;
  loader: WorkerSetup['loader'];
}

async function setUp(setup: WorkerSetup): Promise<WorkerState> {
  const catalog = new RuleCatalog(setup.ruleSettings);
  const evaluators = await Promise.all(
    setup.sets.map(({ set, module, data }) =>
      PolicyEvaluator.load({ ...set, wasm: new Uint8Array() } as PolicySet, data, module),
    ),
  );
  for (const { set } of setup.sets) catalog.add(set.catalog);
  return { context: { evaluators, catalog }, loader: setup.loader };
}

async function checkBatch(
  state: WorkerState,
  files: WorkerMessage & { type: 'batch' },
): Promise<BatchResult> {
  const stats = new LoadStats();
  const discovery = { files: files.files, stdin: false, ignoredFiles: [] };
  const keptTexts = new TextCache(Number.POSITIVE_INFINITY);
  files.texts.forEach((text, i) => {
    if (text !== null) keptTexts.keep(files.files[i].path, text);
  });
  const findings = await checkLoadedFiles(
    loadInputs([], { ...state.loader, keptTexts }, discovery),
    state.context,
    (file) => stats.add(file),
  );
  const { documents, objects, skippedDocuments, skippedFiles, skippedListItems, problems } = stats;
  return {
    findings,
    stats: {
      files: stats.files,
      documents,
      objects,
      skippedDocuments,
      skippedFiles,
      skippedListItems,
      problems,
    },
    madeUpRules: state.context.catalog.madeUpRules(),
  };
}

let state: Promise<WorkerState> | undefined;
let queue: Promise<void> = Promise.resolve();

const reply = (message: WorkerReply) => port.postMessage(message);
const failed = (err: unknown) => reply({ type: 'error', message: (err as Error)?.stack ?? String(err) });

port.on('message', (message: WorkerMessage) => {
  if (message.type === 'setup') {
    state = setUp(message.setup);
    state.catch(failed);
    return;
  }
  queue = queue
    .then(async () => {
      if (!state) throw new Error('a batch arrived before the setup');
      reply({ type: 'result', id: message.id, result: await checkBatch(await state, message) });
    })
    .catch(failed);
});
