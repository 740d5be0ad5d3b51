// spawn-worker.js — makes a compute worker (worker.js) as a module worker beside this
// file. The one-file build (scripts/build_single.mjs) replaces this module with one
// that starts the bundled worker from a Blob URL.

/** A new compute worker. */
export function spawnWorker() {
  return new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
}
