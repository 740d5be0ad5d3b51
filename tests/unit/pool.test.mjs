// The worker pool's scheduling (www/pool.js) with stand-in workers: every unit runs
// exactly once, on whichever worker is free, progress adds up over the workers, and
// the page's worker assembles what all of them returned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_WORKERS, poolSize, runPooled } from '../../www/pool.js';
import { REQUEST } from '../../www/protocol.js';

/** A stand-in worker: answers the pool's three requests; `delay(unit)` ms per unit. */
function fakeWorker(name, log, { units = 7, fitsPerUnit = 3, delay = () => 1, failOn = null } = {}) {
  return {
    name,
    async call(type, payload, onProgress) {
      if (type === REQUEST.JOB_UNITS) return { units, fits: new Array(units).fill(fitsPerUnit), total_fits: units * fitsPerUnit + 1 };
      if (type === REQUEST.RUN_UNITS) {
        const [unit] = payload.units;
        if (unit === failOn) throw new Error(`unit ${unit} failed`);
        for (let f = 1; f <= fitsPerUnit; f++) {
          await new Promise((r) => setTimeout(r, delay(unit)));
          onProgress?.({ done: f, total: fitsPerUnit });
        }
        log.push([name, unit]);
        return [{ unit, fold: unit % 5, fits: [] }];
      }
      if (type === REQUEST.ASSEMBLE) return { assembledBy: name, units: payload.outcomes.map((o) => o.unit).sort((a, b) => a - b) };
      throw new Error(`unexpected request ${type}`);
    },
  };
}

test('every unit runs once, on the worker that is free; the page worker assembles them all', async () => {
  const log = [];
  // The helper is three times faster: it takes most of the units.
  const main = fakeWorker('main', log, { delay: () => 6 });
  const helper = fakeWorker('helper', log, { delay: () => 2 });
  const seen = [];
  const report = await runPooled(main, [helper], { grid: {} }, (p) => seen.push(p));
  assert.equal(report.assembledBy, 'main');
  assert.deepEqual(report.units, [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(log.map(([, u]) => u).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6]);
  assert.ok(log.filter(([w]) => w === 'helper').length > log.filter(([w]) => w === 'main').length, JSON.stringify(log));
  // Progress never goes backwards and ends at every fit, the refit included.
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i].done >= seen[i - 1].done);
  assert.deepEqual(seen.at(-1), { done: 22, total: 22 });
});

test('an error stops the pool and names the helper it came from', async () => {
  const log = [];
  const main = fakeWorker('main', log);
  const helper = fakeWorker('helper', log, { failOn: 1 });
  await assert.rejects(runPooled(main, [helper], {}, null), (err) => err.message === 'unit 1 failed' && err.helper === helper);
});

test('pool size: ?workers=N wins, else the cores up to the cap', () => {
  assert.equal(poolSize('?workers=3', 8), 3);
  assert.equal(poolSize('?workers=1', 8), 1);
  assert.equal(poolSize('?workers=0', 8), Math.min(8, MAX_WORKERS));
  assert.equal(poolSize('', 2), 2);
  assert.equal(poolSize('', 32), MAX_WORKERS);
  assert.equal(poolSize('', undefined), 1);
});
