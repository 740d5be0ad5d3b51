// pool.js — a grid search spread over several workers. The page's worker splits the
// search into units (one fold × one chain of candidates along C or alpha, the same
// split however many workers there are), every worker — the page's and the helpers,
// each with its own wasm instance and copy of the data — takes the next unit as soon
// as it is free, and the page's worker assembles the outcomes and refits the best
// candidate. The result is the one a single worker gives, bit for bit (times apart).
// No SharedArrayBuffer: plain messages, so it works from file:// and any static host.

import { REQUEST } from './protocol.js';

/** The most workers a search uses unless the link asks for another number (`?workers=N`). */
export const MAX_WORKERS = 4;

/**
 * How many workers to use: `?workers=N` in the page's address (1 to 16), else the
 * machine's cores, at most MAX_WORKERS.
 */
export function poolSize(search = globalThis.location?.search ?? '', cores = globalThis.navigator?.hardwareConcurrency ?? 1) {
  const asked = Number(new URLSearchParams(search).get('workers'));
  if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, 16);
  return Math.max(1, Math.min(Number(cores) || 1, MAX_WORKERS));
}

/**
 * Runs `config` on `main` (the page's worker) and `helpers` (workers with the same data
 * loaded). `onProgress({ done, total })` gets the fits done over all workers. Resolves
 * with the report `main` assembles; rejects with the first error (a helper's fault is
 * reported with the helper, `err.helper`, so the caller can drop it).
 */
export async function runPooled(main, helpers, config, onProgress) {
  const plan = await main.call(REQUEST.JOB_UNITS, config);
  const total = plan.total_fits;
  const finished = new Array(plan.units).fill(0); // fits done per unit
  const report = () => onProgress?.({ done: finished.reduce((a, b) => a + b, 0), total });
  const outcomes = [];
  let next = 0;
  const work = async (client) => {
    while (next < plan.units) {
      const unit = next++;
      try {
        const [outcome] = await client.call(REQUEST.RUN_UNITS, { config, units: [unit] }, ({ done }) => {
          finished[unit] = done;
          report();
        });
        finished[unit] = plan.fits[unit];
        outcomes.push(outcome);
        report();
      } catch (err) {
        next = plan.units; // the others stop after their current unit
        if (client !== main) err.helper = client;
        throw err;
      }
    }
  };
  await Promise.all([main, ...helpers].map(work));
  const result = await main.call(REQUEST.ASSEMBLE, { config, outcomes });
  onProgress?.({ done: total, total });
  return result;
}
