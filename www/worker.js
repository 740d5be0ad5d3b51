// worker.js — the compute worker: one wasm Session holding the data set and the last
// search; answers the requests of protocol.js. Started by main.js as a module worker.
//
// A second Session (`live`) holds the same data and fits one candidate at a time for the
// live sliders' decision boundary, so that the search in `session` stays as it was. It
// is loaded lazily (the data request is replayed) the first time a live boundary is
// asked for after the data changed.

import init, { Session } from './pkg/tunelab.js';
import { REQUEST, REPLY, errorPayload } from './protocol.js';

/** @type {Session | null} */
let session = null;
/** @type {Session | null} */
let live = null;
/** The last data request that loaded (replayed into `live`), and how many loads there were. */
let lastLoad = null;
let loads = 0;
let liveLoads = -1;

/** Loads the data into `target` as request `load` ({ type, payload }) did. */
function loadInto(target, { type, payload }) {
  switch (type) {
    case REQUEST.LOAD_IRIS:
      return target.load_iris();
    case REQUEST.LOAD_BUILTIN:
      return target.load_builtin(String(payload?.name ?? ''));
    case REQUEST.LOAD_GENERATED:
      return target.load_generated(payload ?? {});
    case REQUEST.LOAD_CSV:
      return target.load_csv(String(payload?.text ?? ''), payload?.options ?? null);
    default:
      throw new Error(`not a data request: '${type}'`);
  }
}

/** The live session with the current data. */
function liveSession() {
  if (!live || liveLoads !== loads) {
    live?.free();
    live = new Session();
    if (lastLoad) loadInto(live, lastLoad);
    liveLoads = loads;
  }
  return live;
}

/** Answers one request with its result (or throws). */
function dispatch(id, type, payload) {
  const progress = (done, total) => self.postMessage({ id, type: REPLY.PROGRESS, payload: { done, total } });
  switch (type) {
    case REQUEST.LOAD_IRIS:
    case REQUEST.LOAD_BUILTIN:
    case REQUEST.LOAD_GENERATED:
    case REQUEST.LOAD_CSV: {
      const summary = loadInto(session, { type, payload });
      lastLoad = { type, payload };
      loads++;
      return summary;
    }
    case REQUEST.SUMMARY:
      return session.summary();
    case REQUEST.RUN:
      return session.run(payload, progress);
    case REQUEST.TRAJECTORIES:
      return session.trajectories(Uint32Array.from(payload?.candidates ?? []), payload?.plane ?? null);
    case REQUEST.HEATMAP:
      return session.heatmap(payload.x, payload.y, Uint32Array.from(payload.selected ?? []));
    case REQUEST.HEATMAP_CANDIDATE:
      return session.heatmap_candidate(payload.x, payload.y, payload.row, payload.col);
    case REQUEST.FIT_ONE:
      return session.fit_one(payload.candidate, payload.plane ?? null);
    case REQUEST.BOUNDARY:
      return session.boundary(payload.candidate, payload.options ?? null, payload.snapshot ?? undefined);
    case REQUEST.LIVE_BOUNDARY: {
      const s = liveSession();
      s.run(payload.config, null);
      return s.boundary(0, payload.options ?? null, undefined);
    }
    case REQUEST.LIVE_BOUNDARY_AT:
      if (!live || liveLoads !== loads) throw new Error('no live refit on this data yet');
      return live.boundary(0, payload.options ?? null, payload.snapshot ?? undefined);
    case REQUEST.LEARNING_CURVE:
      return session.learning_curve(payload.candidate, payload.options ?? null, progress);
    case REQUEST.REG_PATH:
      return session.regularisation_path(payload.candidate, payload.options ?? null, progress);
    case REQUEST.OPTIMISM:
      return session.optimism(payload.config, payload.test_size, payload.n_seeds, progress);
    case REQUEST.SKLEARN_SCRIPT:
      if (typeof session.sklearn_script !== 'function') throw new Error('this build of the core cannot write a scikit-learn script');
      return session.sklearn_script(payload);
    case REQUEST.DATA_CSV:
      return session.data_csv();
    default:
      throw new Error(`unknown request type '${type}'`);
  }
}

self.onmessage = (event) => {
  const { id, type, payload } = event.data ?? {};
  try {
    if (!session) throw new Error('the worker is not ready yet');
    const result = dispatch(id, type, payload);
    self.postMessage({ id, type: REPLY.RESULT, payload: result });
  } catch (err) {
    self.postMessage({ id, type: REPLY.ERROR, payload: errorPayload(err) });
  }
};

try {
  await init();
  session = new Session();
  lastLoad = { type: REQUEST.LOAD_IRIS, payload: null };
  self.postMessage({ id: 0, type: REPLY.READY, payload: session.summary() });
} catch (err) {
  self.postMessage({ id: 0, type: REPLY.ERROR, payload: errorPayload(err) });
}
