// spawn-worker.js — makes a compute worker (worker.js) as a module worker beside this
// file. The one-file build (scripts/build_single.mjs) replaces this module with one
// that starts the bundled worker from a Blob URL.

/** A new compute worker; it starts the build of the core the page asked for (`?wasm=`). */
export function spawnWorker() {
  const url = new URL('./worker.js', import.meta.url);
  const asked = new URLSearchParams(globalThis.location?.search ?? '').get('wasm');
  if (asked) url.searchParams.set('wasm', asked);
  return new Worker(url, { type: 'module' });
}
