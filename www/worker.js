// worker.js — the compute worker: one wasm Session holding the data set, the last
// search and the last live refit; answers the requests of protocol.js. Started by
// workers.js as a module worker (a classic one from a Blob URL in the one-file build).
// New data are loaded into a second, staged Session and put in use only when the page
// commits them (protocol.js: COMMIT_DATA), so a page that cannot show them leaves the
// data and the last search in use as they were.

import { Session, csv_columns_bytes } from './pkg/tunelab.js';
import startWasm from './wasm.js';
import { REQUEST, REPLY, errorPayload } from './protocol.js';

/** The data in use and the last search on them. @type {Session | null} */
let session = null;
/** Data loaded but not yet in use (COMMIT_DATA / DISCARD_DATA). @type {Session | null} */
let staged = null;

/** Drops the staged data, if any. */
function dropStaged() {
  staged?.free();
  staged = null;
}

/** The smallest wasm module whose one function traps (`unreachable`). */
const TRAP_MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // types: () -> ()
  0x03, 0x02, 0x01, 0x00, // functions: one of type 0
  0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, // exports: "f" = function 0
  0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b, // code: no locals, unreachable, end
]);
/** Bytes of a file's start read for its column names (as the page's HEADER_CHARS). */
const HEADER_BYTES = 8_000_000;

/**
 * `read(offset, length)` of `file` for the core's streaming loader: that slice of the
 * file, read synchronously; throws "could not read the file (…)".
 */
function sliceReader(file) {
  let reader = null;
  return (offset, length) => {
    try {
      reader ??= new FileReaderSync();
      return new Uint8Array(reader.readAsArrayBuffer(file.slice(offset, offset + length)));
    } catch (err) {
      throw new Error(`could not read the file (${err.message})`);
    }
  };
}

/** Loads the data into `target` as request `load` ({ type, payload }) did; `progress(done, total, phase)` hears of a CSV's bytes. */
function loadInto(target, { type, payload }, progress = null) {
  switch (type) {
    case REQUEST.LOAD_IRIS:
      return target.load_iris();
    case REQUEST.LOAD_BUILTIN:
      return target.load_builtin(String(payload?.name ?? ''), payload?.text == null ? undefined : String(payload.text));
    case REQUEST.LOAD_GENERATED:
      return target.load_generated(payload ?? {});
    case REQUEST.LOAD_CSV: {
      const options = payload?.options ?? null;
      // A file is read a megabyte at a time as the core parses it: the worker never
      // holds it whole (a 99 MB file took 99 MB of the worker's wasm memory).
      if (payload?.file) {
        const file = payload.file;
        return target.load_csv_file(sliceReader(file), file.size, options, progress && ((done, total) => progress(done, total, 'read')));
      }
      const bytes = new TextEncoder().encode(String(payload?.text ?? ''));
      return target.load_csv_bytes(bytes, options, progress && ((done, total) => progress(done, total, 'parse')));
    }
    default:
      throw new Error(`not a data request: '${type}'`);
  }
}

/** Answers one request with its result (or throws). */
function dispatch(id, type, payload) {
  const progress = (done, total, phase) => self.postMessage({ id, type: REPLY.PROGRESS, payload: phase ? { done, total, phase } : { done, total } });
  switch (type) {
    case REQUEST.LOAD_IRIS:
    case REQUEST.LOAD_BUILTIN:
    case REQUEST.LOAD_GENERATED:
    case REQUEST.LOAD_CSV: {
      dropStaged();
      const next = new Session();
      try {
        const summary = loadInto(next, { type, payload }, progress);
        staged = next;
        return summary;
      } catch (err) {
        next.free();
        throw err;
      }
    }
    case REQUEST.COMMIT_DATA: {
      if (!staged) throw new Error('no loaded data to put in use');
      session.free();
      session = staged;
      staged = null;
      return session.summary();
    }
    case REQUEST.CSV_COLUMNS:
      return csv_columns_bytes(payload?.file ? sliceReader(payload.file)(0, HEADER_BYTES) : new TextEncoder().encode(String(payload?.text ?? '').slice(0, HEADER_BYTES)));
    case REQUEST.DISCARD_DATA:
      dropStaged();
      return null;
    case REQUEST.SIMULATE_FAULT:
      // A genuine trap (WebAssembly.RuntimeError), as a panic in the core raises.
      return new WebAssembly.Instance(new WebAssembly.Module(TRAP_MODULE)).exports.f();
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
    case REQUEST.TOOLTIP:
      return session.tooltip(payload.index);
    case REQUEST.FIT_ONE:
      return session.fit_one(payload.candidate, payload.plane ?? null, payload.boundary ?? null, payload.paths ?? true);
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

startWasm().then(
  (flavour) => {
    session = new Session();
    self.postMessage({ id: 0, type: REPLY.READY, payload: session.summary(), wasm: flavour });
  },
  (err) => self.postMessage({ id: 0, type: REPLY.ERROR, payload: errorPayload(err) }),
);
