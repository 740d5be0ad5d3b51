// wasm-flavour.js — which build of the core this browser runs. `make wasm` writes two:
// pkg/tunelab_bg.wasm uses WebAssembly SIMD (two f64 lanes per instruction, about twice
// as fast on the searches' products), pkg/tunelab_scalar_bg.wasm does not, for engines
// without SIMD: Safari 15 to 16.3 (older iPads stay on 15), Firefox 79 to 88. Both use
// reference types and bulk memory, which older engines lack (Safari 14, Chrome before
// 96). Both come from the same source with the same JS glue and give the same numbers,
// bit for bit.
// Pure (no imports), so the unit tests load it without a build.

/**
 * A module of one function that returns a `v128` constant: it validates only where
 * the engine has WebAssembly SIMD.
 */
export const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // types: () -> v128
  0x03, 0x02, 0x01, 0x00, // functions: one, of type 0
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, // code: one body, no locals, v128.const
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // its 16 bytes
  0x0b, // end
]);

/** Why the page cannot start where the engine has no WebAssembly at all. */
export const NO_WASM =
  'this browser runs no WebAssembly, which TuneLab computes with (Safari turns it off in Lockdown Mode, and some security settings do too)';

/** Throws an error that says so when `global` has no WebAssembly. */
export function requireWasm(global = globalThis) {
  if (typeof global.WebAssembly !== 'object' || global.WebAssembly === null) throw new Error(NO_WASM);
}

/** Why the page cannot start where the engine refuses both builds. */
export const WASM_TOO_OLD =
  "this browser's WebAssembly is too old for TuneLab's core (it needs Safari 15, Chrome 96, Firefox 79, Edge 96 or later)";

/**
 * The error to show for a failed start: a module the engine cannot compile means an
 * engine too old for it (said in plain words, the engine's message after it); any
 * other error as it is.
 */
export function startError(err, global = globalThis) {
  const CompileError = global.WebAssembly?.CompileError;
  if (typeof CompileError === 'function' && err instanceof CompileError) {
    return new Error(`${WASM_TOO_OLD} (${err.message})`);
  }
  return err;
}

/** The file of each build, beside the glue in pkg/. */
export const WASM_FILES = Object.freeze({ simd: 'tunelab_bg.wasm', scalar: 'tunelab_scalar_bg.wasm' });

/** Whether `validate` (the engine's `WebAssembly.validate`) accepts SIMD. */
export function hasSimd(validate = globalThis.WebAssembly?.validate) {
  try {
    return typeof validate === 'function' && validate.call(globalThis.WebAssembly, SIMD_PROBE) === true;
  } catch {
    return false;
  }
}

/**
 * `'simd'` where the engine has SIMD, else `'scalar'`. `?wasm=scalar` in `search` (the
 * page's address, or a worker's, which the page passes on) asks for the scalar build
 * anywhere: the tests compare the two with it.
 */
export function wasmFlavour(search = globalThis.location?.search ?? '', validate = undefined) {
  if (new URLSearchParams(search).get('wasm') === 'scalar') return 'scalar';
  return hasSimd(validate) ? 'simd' : 'scalar';
}
