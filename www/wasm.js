// wasm.js — starts the core's wasm module (www/pkg, built by `make wasm`) in the page
// and in the worker: the SIMD build where the engine has SIMD, else the scalar one
// (wasm-flavour.js). Served, the glue fetches the chosen file beside itself. The
// one-file build (scripts/build_single.mjs) replaces this module with one that hands
// the glue the inlined bytes.

import init from './pkg/tunelab.js';
import { WASM_FILES, requireWasm, startError, wasmFlavour } from './wasm-flavour.js';

/** Initialises the wasm module; resolves to the build started (`'simd'` or `'scalar'`). */
export default async function startWasm() {
  requireWasm();
  const flavour = wasmFlavour();
  try {
    await init({ module_or_path: new URL(`./pkg/${WASM_FILES[flavour]}`, import.meta.url) });
  } catch (err) {
    throw startError(err);
  }
  return flavour;
}
