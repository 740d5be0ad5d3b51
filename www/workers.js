// workers.js — the compute workers' lifecycle, in one place: starting a worker and
// loading the page's data into it, replacing one that was cancelled, and recovering
// from a worker fault (a wasm trap, an out-of-memory, a worker that died): the page
// says what happened, a fresh worker gets the same data, and the results on screen
// stay (marked as from before). Every fault of a worker leads here once, however many
// of its requests fail with it (WorkerClient.onFault); a pool of workers would keep one
// such record per worker.

import { csvOptions } from './data-panel.js';
import { CancelledError, REQUEST, WorkerClient } from './protocol.js';
import { spawnWorker } from './spawn-worker.js';
import { hooks, state } from './store.js';
import { setStatus } from './util.js';

/** client → the promise of its replacement, so a fault is handled once. */
const recoveries = new WeakMap();
/** Faults since a worker last started with the data loaded: a worker that faults while
 * loading the data again is not restarted endlessly. */
let faultsInARow = 0;
const MAX_FAULTS_IN_A_ROW = 2;

/** The request that loads the page's current data (a CSV, a generated or a built-in set); null for Iris. */
function dataRequest() {
  if (state.csv) return [REQUEST.LOAD_CSV, { text: state.csv.text, options: csvOptions(state.csv) }];
  if (state.dataset.spec) return [REQUEST.LOAD_GENERATED, state.dataset.spec];
  if (state.dataset.name !== 'iris') return [REQUEST.LOAD_BUILTIN, { name: state.dataset.name }];
  return null;
}

/**
 * Starts a fresh worker as the page's worker and loads the current data set into it;
 * resolves with its summary. The worker's faults go to `recoverFrom`.
 */
export async function startWorker() {
  state.workerReady = false;
  hooks.workerChanged();
  const client = new WorkerClient(spawnWorker());
  client.onFault = (err) => recoverFrom(client, err);
  state.client = client;
  let summary = await client.ready;
  const load = dataRequest();
  if (load) {
    await client.call(...load);
    summary = await client.call(REQUEST.COMMIT_DATA);
  }
  if (client === state.client) {
    faultsInARow = 0;
    state.workerReady = true;
    hooks.workerChanged();
  }
  return summary;
}

/** Stops the page's worker at once (its pending requests reject with CancelledError). */
export function stopWorker() {
  state.client?.terminate();
}

/**
 * After a fault of `client` (a wasm trap or out-of-memory reported by the worker, or a
 * worker that died): says so, keeps the results on screen (they can no longer be
 * explored in the worker), and starts a fresh worker with the same data. Resolves when
 * the new worker is ready (or could not start); a second call for the same client
 * waits for the first.
 */
export function recoverFrom(client, err) {
  if (recoveries.has(client)) return recoveries.get(client);
  const recovery = (async () => {
    client.terminate();
    if (client !== state.client) return; // a worker already replaced (cancelled) has nothing to recover
    const reason = String(err?.message ?? '').replace(/^the worker stopped: /, '');
    const what = reason ? ` (${reason})` : '';
    if (state.report) {
      state.report.detached = 'The worker stopped after a fault; these results are from before it — press Run to explore them again.';
      state.selectionToken++;
    }
    hooks.settingsShown(); // the stale note says the results are from before
    if (++faultsInARow > MAX_FAULTS_IN_A_ROW) {
      setStatus(`The worker stopped${what} again while loading ${state.summary?.name ?? 'the data'}; reload the page to start over.`, 'error');
      return;
    }
    setStatus(`The worker stopped${what}; starting a fresh one with ${state.summary?.name ?? 'the data'}…`, 'error');
    try {
      await startWorker();
      setStatus(
        `The worker stopped${what}. A fresh worker has ${state.summary?.name ?? 'the data'} loaded again; ` +
          `${state.report ? 'the results shown are from before — ' : ''}press Run to search again.`,
        'error',
      );
    } catch (again) {
      if (again instanceof CancelledError) return;
      setStatus(`The worker stopped${what} and a fresh one could not start: ${again.message}`, 'error');
    }
  })();
  recoveries.set(client, recovery);
  return recovery;
}

/** The page's hook for panels that see a fatal error: recover from the current worker's fault. */
export function replaceCrashedWorker(err) {
  return recoverFrom(state.client, err);
}
