// worker.js — the compute worker: one wasm Session holding the data set, the last
// search and the last live refit; answers the requests of protocol.js. Started by
// main.js as a module worker.

import init, { Session } from './pkg/tunelab.js';
import { REQUEST, REPLY, errorPayload } from './protocol.js';

/** @type {Session | null} */
let session = null;
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

/** Answers one request with its result (or throws). */
function dispatch(id, type, payload) {
  const progress = (done, total) => self.postMessage({ id, type: REPLY.PROGRESS, payload: { done, total } });
  switch (type) {
    case REQUEST.LOAD_IRIS:
    case REQUEST.LOAD_BUILTIN:
    case REQUEST.LOAD_GENERATED:
    case REQUEST.LOAD_CSV: {
      return loadInto(session, { type, payload });
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
      return session.fit_one(payload.candidate, payload.plane ?? null, payload.boundary ?? null);
    case REQUEST.CV_ONE:
      return session.cv_one(payload.candidate);
    case REQUEST.JOB_UNITS:
      return session.job_units(payload);
    case REQUEST.RUN_UNITS:
      return session.run_units(payload.config, Uint32Array.from(payload.units ?? []), progress);
    case REQUEST.ASSEMBLE:
      return session.assemble(payload.config, payload.outcomes);
    case REQUEST.BOUNDARY:
      return session.boundary(payload.candidate, payload.options ?? null, payload.snapshot ?? undefined);
    case REQUEST.LIVE_BOUNDARY_AT:
      return session.live_boundary(payload.options ?? null, payload.snapshot ?? undefined);
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
  self.postMessage({ id: 0, type: REPLY.READY, payload: session.summary() });
} catch (err) {
  self.postMessage({ id: 0, type: REPLY.ERROR, payload: errorPayload(err) });
}
