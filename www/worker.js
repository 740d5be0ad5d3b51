// worker.js — the compute worker: one wasm Session holding the data set and the last
// search; answers the requests of protocol.js. Started by main.js as a module worker.

import init, { Session } from './pkg/tunelab.js';
import { REQUEST, REPLY, errorPayload } from './protocol.js';

/** @type {Session | null} */
let session = null;

/** Answers one request with its result (or throws). */
function dispatch(id, type, payload) {
  switch (type) {
    case REQUEST.LOAD_IRIS:
      return session.load_iris();
    case REQUEST.LOAD_BUILTIN:
      return session.load_builtin(String(payload?.name ?? ''));
    case REQUEST.LOAD_GENERATED:
      return session.load_generated(payload ?? {});
    case REQUEST.LOAD_CSV:
      return session.load_csv(String(payload?.text ?? ''), payload?.options ?? null);
    case REQUEST.SUMMARY:
      return session.summary();
    case REQUEST.RUN:
      return session.run(payload, (done, total) => {
        self.postMessage({ id, type: REPLY.PROGRESS, payload: { done, total } });
      });
    case REQUEST.TRAJECTORIES:
      return session.trajectories(Uint32Array.from(payload?.candidates ?? []), payload?.plane ?? null);
    case REQUEST.HEATMAP:
      return session.heatmap(payload.x, payload.y, Uint32Array.from(payload.selected ?? []));
    case REQUEST.HEATMAP_CANDIDATE:
      return session.heatmap_candidate(payload.x, payload.y, payload.row, payload.col);
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
