// wasm.js — starts the core's wasm module (www/pkg, built by `make wasm`) in the page
// and in the worker: served, the glue fetches pkg/tunelab_bg.wasm beside itself. The
// one-file build (scripts/build_single.mjs) replaces this module with one that hands
// the glue the inlined bytes.

import init from './pkg/tunelab.js';

/** Initialises the wasm module; resolves when its exports can be called. */
export default function startWasm() {
  return init();
}
