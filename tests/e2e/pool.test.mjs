// The worker pool: a search spread over several workers (?workers=N) gives the result
// one worker gives, bit for bit (times apart), on built-in and generated data and after
// a data switch (the helpers load the new data); Cancel stops every worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession } from './harness.mjs';
import { openDetails, runAndWait, tid } from './playground.mjs';

let s;
before(async () => {
  s = await startSession();
});
after(async () => {
  await s?.close();
});

/** The last search's cv_results without its timing columns, and its best candidate. */
async function lastSearch(page) {
  return page.evaluate(() => {
    const { result } = globalThis.tunelab.state.report;
    const cv = Object.fromEntries(Object.entries(result.cv_results).filter(([k]) => !k.includes('_time')));
    return { cv, best: result.best_params, test: result.test_score };
  });
}

test('two workers give what one worker gives, bit for bit, also after a data switch', async () => {
  const one = await s.openPage('index.html?workers=1');
  const two = await s.openPage('index.html?workers=2');
  for (const page of [one, two]) await runAndWait(page);
  assert.match(await two.textContent('#status'), /on 2 workers/);
  assert.doesNotMatch(await one.textContent('#status'), /workers/);
  assert.deepEqual(await lastSearch(two), await lastSearch(one));

  // A network grid on moons (a data switch the helpers must follow).
  for (const page of [one, two]) {
    await page.selectOption(tid('lesson-select'), 'hidden');
    await page.waitForFunction(() => /hidden_layer_sizes/.test(document.getElementById('explore-candidate').textContent), null, { timeout: 90_000 });
  }
  assert.match(await two.textContent('#status'), /on 2 workers/);
  const [a, b] = [await lastSearch(one), await lastSearch(two)];
  assert.equal(a.cv.params.length, 5);
  assert.deepEqual(b, a);
  s.assertClean();
  await one.close();
  await two.close();
});

test('Cancel stops every worker of the pool; the next search runs on fresh ones', async () => {
  const page = await s.openPage('index.html?workers=2');
  await openDetails(page);
  await page.fill('#logrange-count', '40');
  await page.click('#logrange-fill');
  await page.check('#penalty-none');
  await page.fill(tid('cv-folds'), '10');
  await page.fill('#max-iter', '3000');
  await page.check('input[name="solver"][value="gd"]');
  await page.uncheck('input[name="solver"][value="lbfgs"]');
  await page.click(tid('run-button'));
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]').value) > 0, null, { polling: 20 });
  await page.click(tid('cancel-button'));
  await page.waitForFunction(() => /Ready for another run/.test(document.getElementById('status').textContent), null, { timeout: 30_000 });
  await page.click('#preset-seed');
  await page.fill(tid('cv-folds'), '5');
  await page.check('input[name="solver"][value="lbfgs"]');
  await page.uncheck('input[name="solver"][value="gd"]');
  const got = await runAndWait(page);
  assert.match(got.status, /Searched 12 candidates × 5 folds \(61 fits\) in .* on 2 workers/);
  s.assertClean();
  await page.close();
});

test('a new search while the page’s worker is busy goes to an idle helper and the busy one becomes a helper: no worker is made, no data loaded again', async () => {
  // Every worker the page makes, in order (the page's own and the pool's helpers).
  await s.context.addInitScript(() => {
    const Base = globalThis.Worker;
    globalThis.__made = [];
    globalThis.Worker = class extends Base {
      constructor(...args) {
        super(...args);
        globalThis.__made.push(this);
      }
    };
  });
  const page = await s.openPage('index.html?workers=3');
  await runAndWait(page);
  const first = await lastSearch(page);
  const madeBefore = await page.evaluate(() => globalThis.__made.length);
  assert.equal(madeBefore, 3, 'the page’s worker and two helpers');
  // Mark the workers that exist now, keep the page's worker busy with a request, and
  // press Run in the same task: the worker cannot have answered yet.
  const before = await page.evaluate(() => {
    const { state } = globalThis.tunelab;
    globalThis.__busy = state.client.worker;
    globalThis.__busyClient = state.client;
    state.client.call('summary').catch(() => {});
    const pending = state.client.pending.size;
    document.querySelector('[data-testid="run-button"]').click();
    return pending;
  });
  assert.ok(before > 0, 'the page’s worker was busy when Run was pressed');
  await page.waitForFunction(() => !globalThis.tunelab.state.machine.running && globalThis.tunelab.state.client.worker !== globalThis.__busy, null, { timeout: 60_000 });
  await page.waitForFunction(() => /Searched 12 candidates/.test(document.getElementById('status').textContent), null, { timeout: 60_000 });
  const status = await page.textContent('#status');
  assert.doesNotMatch(status, /restarted|starting a fresh/, status);
  // The search ran on a helper that took over (the pool's other helper with it).
  assert.match(status, /on 2 workers|on 3 workers/, status);
  assert.deepEqual(await lastSearch(page), first);
  // The page's worker now is one of the helpers that held the data before Run, and
  // no worker was made: the busy one became a helper.
  const after = await page.evaluate((n) => ({
    fromBefore: globalThis.__made.slice(0, n).includes(globalThis.tunelab.state.client.worker),
    made: globalThis.__made.length,
  }), madeBefore);
  assert.ok(after.fromBefore, 'a helper took over as the page’s worker');
  assert.equal(after.made, madeBefore);
  // And the next search runs on all three again, once every worker has answered what it
  // was asked: the former page's worker what it was asked before it became a helper (a
  // helper with requests pending sits a search out), and the page's worker the path of
  // the search just done (a busy page's worker hands the search to a helper). On a
  // loaded machine either can take a moment; idle means idle for 300 ms on end.
  await page.waitForFunction(
    () => {
      const busy = globalThis.__busyClient.pending.size + globalThis.tunelab.state.client.pending.size;
      const now = performance.now();
      if (busy > 0) globalThis.__idleSince = undefined;
      else globalThis.__idleSince ??= now;
      return globalThis.__idleSince !== undefined && now - globalThis.__idleSince >= 300;
    },
    null,
    { timeout: 60_000, polling: 50 },
  );
  const again = await runAndWait(page);
  assert.match(again.status, /on 3 workers/, again.status);
  assert.deepEqual(await lastSearch(page), first);
  s.assertClean();
  await page.close();
});
