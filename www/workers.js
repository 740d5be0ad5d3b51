// workers.js — the compute workers' lifecycle, in one place: starting a worker and
// loading the page's data into it, replacing one that was cancelled, and recovering
// from a worker fault (a wasm trap, an out-of-memory, a worker that died): the page
// says what happened, a fresh worker gets the same data, and the results on screen
// stay (marked as from before). Every fault of a worker leads here once, however many
// of its requests fail with it (WorkerClient.onFault). Beside the page's worker, the
// helpers of the pool (pool.js): more workers with the same data, which only run units
// of a search; one that faults is dropped (the page's worker carries on alone).

import { builtinPayload } from './builtin-data.js';
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
  // A file goes as the File (a handle): each worker reads it itself, not the page.
  if (state.csv) return [REQUEST.LOAD_CSV, { ...state.csv.source, options: csvOptions(state.csv) }];
  if (state.dataset.spec) return [REQUEST.LOAD_GENERATED, state.dataset.spec];
  if (state.dataset.name !== 'iris') return [REQUEST.LOAD_BUILTIN, { name: state.dataset.name }];
  return null;
}

/** `load` (dataRequest) as sent: a built-in set's request with its CSV text (builtin-data.js). */
async function withText(load) {
  const [type, payload] = load;
  return type === REQUEST.LOAD_BUILTIN ? [type, await builtinPayload(payload.name)] : load;
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
    await client.call(...(await withText(load)));
    summary = await client.call(REQUEST.COMMIT_DATA);
  }
  if (client === state.client) {
    faultsInARow = 0;
    state.workerReady = true;
    hooks.workerChanged();
  }
  return summary;
}

/**
 * Replaces the page's worker with a fresh one holding the same data (the helpers stay):
 * what it was computing is dropped (its requests reject with CancelledError).
 */
export async function restartWorker() {
  state.client?.terminate();
  await startWorker();
}

/** Stops the page's worker at once (its pending requests reject with CancelledError), and the pool's helpers. */
export function stopWorker() {
  state.client?.terminate();
  stopHelpers();
}

// ------------------------------------------------------------------ the pool's helpers

/** The helpers: { client, loaded, key, ready } — `key` names the data it holds (dataKey), `loaded` its load, `ready` once it is done. */
const helpers = [];

/** What identifies the page's current data: a helper holding other data loads it again. */
function dataKey() {
  const load = dataRequest();
  if (!load) return 'iris';
  const [type, payload] = load;
  // A CSV is keyed by its File or text (the same object while it stays loaded) and options.
  if (type === REQUEST.LOAD_CSV) return { source: payload.file ?? payload.text, options: JSON.stringify(payload.options) };
  return `${type}:${JSON.stringify(payload)}`;
}

function sameKey(a, b) {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.source === b.source && a.options === b.options;
}

/** Loads the page's current data into `helper` (once per data set). */
function loadInto(helper) {
  const key = dataKey();
  if (helper.key && sameKey(helper.key, key)) return helper.loaded;
  helper.key = key;
  helper.ready = false;
  const loaded = (async () => {
    await helper.client.ready;
    const load = dataRequest();
    if (load) {
      await helper.client.call(...(await withText(load)));
      await helper.client.call(REQUEST.COMMIT_DATA);
    }
  })();
  helper.loaded = loaded;
  loaded.then(
    () => {
      if (helper.loaded === loaded) helper.ready = true;
    },
    () => {},
  );
  return loaded;
}

/** Drops `helper` from the pool and stops it. */
function dropHelper(helper) {
  const i = helpers.indexOf(helper);
  if (i >= 0) helpers.splice(i, 1);
  helper.client.terminate();
}

/**
 * `n` helpers with the page's current data loaded (started and loaded as needed, in
 * parallel); a helper that cannot start or load is dropped, so fewer may come back.
 * When some already hold the data and are idle, resolves with those at once (the
 * others load for the next search); else waits for all. Resolves with their clients.
 */
export async function poolHelpers(n) {
  while (helpers.length > n) dropHelper(helpers.at(-1));
  while (helpers.length < n) {
    const helper = { client: new WorkerClient(spawnWorker()), key: null, loaded: null, ready: false };
    helper.client.onFault = () => dropHelper(helper);
    helpers.push(helper);
  }
  const loads = helpers.map((h) => [h, loadInto(h)]);
  // Helpers that already hold the data start at once; one still loading (a new
  // helper, after another took over as the page's worker) joins the next search.
  const idle = helpers.filter((h) => h.ready && h.client.pending.size === 0);
  if (idle.length) {
    for (const [h, load] of loads) load.catch(() => dropHelper(h));
    return idle.map((h) => h.client);
  }
  const ready = await Promise.allSettled(loads.map(([, load]) => load));
  const failed = helpers.filter((_, i) => ready[i].status === 'rejected');
  for (const h of failed) dropHelper(h);
  return helpers.map((h) => h.client);
}

/**
 * Swaps a busy page's worker with an idle helper of the pool that holds the same data
 * (loaded, nothing pending), so a new search need not wait for a fresh worker to load
 * the data again. The busy worker becomes a helper: it holds the data too, and takes
 * its share of the search once it has finished what it was doing (what it answers
 * for the old results is dropped). Returns true when a helper took over, false when
 * none could (the caller restarts the worker instead).
 */
export function promoteHelper() {
  const key = dataKey();
  const old = state.client;
  for (const helper of helpers) {
    if (!helper.ready || !sameKey(helper.key, key) || helper.client.pending.size > 0) continue;
    const { client } = helper;
    client.onFault = (err) => recoverFrom(client, err);
    state.client = client;
    if (old && !old.faulted && !old.closed) {
      helper.client = old;
      old.onFault = () => dropHelper(helper);
    } else {
      helpers.splice(helpers.indexOf(helper), 1);
      old?.terminate();
    }
    faultsInARow = 0;
    state.workerReady = true;
    hooks.workerChanged();
    return true;
  }
  return false;
}

/** Drops the helper whose client is `client` (after it failed a search). */
export function dropHelperClient(client) {
  const helper = helpers.find((h) => h.client === client);
  if (helper) dropHelper(helper);
}

/** Stops every helper at once (Cancel); the next pooled search starts new ones. */
export function stopHelpers() {
  for (const helper of [...helpers]) dropHelper(helper);
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
