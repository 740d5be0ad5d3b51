// protocol.js — the messages between the page (main.js) and the compute worker (worker.js).
//
// Requests:  { id, type, payload }            type is one of REQUEST below
// Replies:   { id, type: 'ready' | 'progress' | 'result' | 'error', payload }
//   - 'ready'    (id 0) once, after the worker's wasm is initialised; payload: data summary;
//                beside it `wasm`: the build of the core the worker started ('simd' or 'scalar')
//   - 'progress' while a 'run' or a load works; payload: { done, total } (a load adds `phase`)
//   - 'result'   the request's answer
//   - 'error'    the request failed; payload: { message, fatal, kind, line, column, field,
//                value, limit, reason } (fatal: the wasm instance trapped and the worker must be
//                replaced; the rest: the core's error data, when it gives them)
// The worker keeps the loaded data set and the last search between messages.
// Cancelling = terminating the worker and starting a fresh one (WorkerClient.terminate).

/** Request types the worker understands, with the payload each takes. */
export const REQUEST = Object.freeze({
  /** payload: none → data summary */
  LOAD_IRIS: 'load_iris',
  /** payload: { name } (iris, wine, breast_cancer, diabetes) → data summary */
  LOAD_BUILTIN: 'load_builtin',
  /** payload: { kind, n_samples, noise, seed } → data summary */
  LOAD_GENERATED: 'load_generated',
  /**
   * payload: { text, options: CsvOptions } or { file, options } (a File or Blob, read in
   * the worker: the page never reads or copies its bytes) → data summary. Progress
   * replies { done, total, phase } in bytes: phase 'read' while a file is read (a
   * megabyte at a time, each parsed as it comes), 'parse' while a text's rows are.
   */
  LOAD_CSV: 'load_csv',
  /** payload: { text } or { file } → the column names the loader would read (label choices of a file that did not load) */
  CSV_COLUMNS: 'csv_columns',
  /**
   * payload: none → the summary of the data now in use. The four LOAD_ requests above
   * only stage their data beside the data in use (searches and charts still use the
   * old); COMMIT_DATA puts the staged data in use (the last search goes with the old),
   * DISCARD_DATA drops it. So a page that fails to show new data leaves the worker as it was.
   */
  COMMIT_DATA: 'commit_data',
  /** payload: none → null: drops the staged data (the data in use stay) */
  DISCARD_DATA: 'discard_data',
  /** payload: none → data summary */
  SUMMARY: 'summary',
  /** payload: SearchConfig → report { result, x_param, y_param, heatmap, validation, table, confusion (null for regression) } */
  RUN: 'run',
  /** payload: { candidates: number[], plane } → { loss, trajectory } */
  TRAJECTORIES: 'trajectories',
  /** payload: { x, y, selected } → HeatmapData | null */
  HEATMAP: 'heatmap',
  /** payload: { x, y, row, col } → candidate index | undefined */
  HEATMAP_CANDIDATE: 'heatmap_candidate',
  /** payload: { index } → the hover text of that candidate (for heatmaps too large to carry them) */
  TOOLTIP: 'tooltip',
  /**
   * payload: { candidate: params, plane, boundary: options, paths? } → { params, train_score,
   * test_score, fit_status, loss, trajectory, boundary, boundary_error }: a live refit of one
   * candidate, one fit without folds (the search stays as it was; the refit is kept for
   * LIVE_BOUNDARY_AT); `paths: false` leaves the path chart out (trajectory null)
   */
  FIT_ONE: 'fit_one',
  /** payload: { candidate: params } → { params, mean_test, std_test, mean_train, fit_status }: its CV scores */
  CV_ONE: 'cv_one',
  /** payload: SearchConfig → { units, fits, total_fits }: the search split for a pool of workers (pool.js) */
  JOB_UNITS: 'job_units',
  /** payload: { config, units } → UnitOutcome[] (progress replies): units of the search run on this worker */
  RUN_UNITS: 'run_units',
  /** payload: { config, outcomes } → the report, as RUN gives it: every unit's outcome assembled, the best refitted */
  ASSEMBLE: 'assemble',
  /** payload: { candidate: index, options: { features, resolution }, snapshot? } → { chart, iterations } */
  BOUNDARY: 'boundary',
  /** payload: { snapshot, options } → { chart, iterations }: a snapshot of the last live refit's boundary */
  LIVE_BOUNDARY_AT: 'live_boundary_at',
  /** payload: { candidate, options } → LearningData (progress replies) */
  LEARNING_CURVE: 'learning_curve',
  /** payload: { candidate, options } → RegPathData (progress replies) */
  REG_PATH: 'regularisation_path',
  /** payload: { config, test_size, n_seeds } → { optimism, chart } (progress replies) */
  OPTIMISM: 'optimism',
  /** payload: SearchConfig → the scikit-learn script's text */
  SKLEARN_SCRIPT: 'sklearn_script',
  /** payload: none → the loaded data as CSV text */
  DATA_CSV: 'data_csv',
  /**
   * payload: { kind: 'trap' } → never answers with a result: a real WebAssembly trap
   * (an `unreachable` instruction) is raised in the worker, as a panic or an
   * out-of-memory in the core would be. For the browser tests of worker faults.
   */
  SIMULATE_FAULT: 'simulate_fault',
});

/** Reply types. */
export const REPLY = Object.freeze({ READY: 'ready', PROGRESS: 'progress', RESULT: 'result', ERROR: 'error' });

/** The error a pending request is rejected with when its worker is terminated. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** The data fields a core error carries (Session methods throw errors with them). */
export const ERROR_FIELDS = Object.freeze(['kind', 'line', 'column', 'field', 'value', 'limit', 'reason']);

/**
 * A plain, cloneable error payload from anything thrown (wasm throws Error objects):
 * the message, whether the instance trapped, and the core's error data (`kind`:
 * 'non_numeric', 'missing_value', 'ragged_row', 'invalid_param', 'unknown_param',
 * 'invalid_split', …; `line`, `column`, `field`, `value`) so that the page never reads
 * them out of the message.
 */
export function errorPayload(err) {
  // A RuntimeError is a wasm trap (a panic): the instance cannot be trusted afterwards.
  const fatal = typeof WebAssembly !== 'undefined' && err instanceof WebAssembly.RuntimeError;
  const payload = { message: err instanceof Error ? err.message : String(err), fatal };
  if (err && typeof err === 'object') {
    for (const key of ERROR_FIELDS) {
      const v = err[key];
      if (v === undefined || v === null) continue;
      payload[key] = typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : String(v);
    }
  }
  return payload;
}

/** An Error from a worker's error payload, with its data fields. */
export function errorFromPayload(payload) {
  const err = new Error(payload?.message ?? 'unknown error');
  err.fatal = Boolean(payload?.fatal);
  for (const key of ERROR_FIELDS) if (payload?.[key] !== undefined) err[key] = payload[key];
  return err;
}

/**
 * Promise-based requests to one worker; progress replies go to a per-request callback.
 * A fault of the worker — a reply marked fatal (a wasm trap) or the worker's error event
 * (it died, e.g. out of memory) — rejects what is pending with a fatal error and calls
 * `onFault(err)` once.
 */
export class WorkerClient {
  /** Wraps `worker`; `ready` resolves with the worker's first data summary. */
  constructor(worker) {
    this.worker = worker;
    this.nextId = 1;
    this.pending = new Map();
    /** Called once with the error of the worker's first fault. */
    this.onFault = null;
    this.faulted = false;
    this.closed = false;
    /** The build of the core the worker started ('simd' or 'scalar'), once it is ready. */
    this.wasm = null;
    this.ready = new Promise((resolve, reject) => {
      this.readyHandlers = { resolve, reject };
    });
    worker.onmessage = (event) => this.receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault?.();
      const err = Object.assign(new Error(`the worker stopped: ${event.message || 'it failed to run'}`), { fatal: true });
      this.failAll(err);
      this.fault(err);
    };
    worker.onmessageerror = () => this.failAll(new Error('the worker sent a message that cannot be read'));
  }

  /** Reports the worker's first fault to `onFault` (not after `terminate`). */
  fault(err) {
    if (this.faulted || this.closed) return;
    this.faulted = true;
    this.onFault?.(err);
  }

  /** Handles one reply. */
  receive({ id, type, payload, wasm }) {
    if (type === REPLY.READY) {
      this.wasm = wasm ?? null;
      this.readyHandlers.resolve(payload);
      return;
    }
    if (id === 0 && type === REPLY.ERROR) {
      this.readyHandlers.reject(new Error(payload?.message ?? 'the worker could not start'));
      return;
    }
    const request = this.pending.get(id);
    if (!request) return;
    if (type === REPLY.PROGRESS) {
      request.onProgress?.(payload);
    } else if (type === REPLY.RESULT) {
      this.pending.delete(id);
      request.resolve(payload);
    } else if (type === REPLY.ERROR) {
      this.pending.delete(id);
      const err = errorFromPayload(payload);
      request.reject(err);
      if (err.fatal) this.fault(err);
    }
  }

  /** Sends a request; resolves with its result, rejects with its error. */
  call(type, payload = null, onProgress = null) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ id, type, payload });
    });
  }

  /** Rejects every pending request (and readiness) with `err`. */
  failAll(err) {
    this.readyHandlers.reject(err);
    for (const request of this.pending.values()) request.reject(err);
    this.pending.clear();
  }

  /** Stops the worker at once; pending requests reject with CancelledError. */
  terminate() {
    this.closed = true;
    this.worker.terminate();
    this.failAll(new CancelledError());
  }
}
