// Worker faults (issue 9): a wasm trap in the worker, or a worker that dies in the middle
// of a search (as an out-of-memory kills it), is caught: the page says what happened,
// starts a fresh worker with the data loaded again, and keeps the last results on screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession } from './harness.mjs';
import { runAndWait, tid } from './playground.mjs';

/** A small two-class CSV. */
function smallCsv() {
  const lines = ['x1,x2,kind'];
  for (let i = 0; i < 60; i++) {
    const k = i % 2;
    lines.push(`${((k ? 1.5 : -1.5) + Math.sin(i)).toFixed(3)},${((k ? -1 : 1) + Math.cos(i * 1.7)).toFixed(3)},${k ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

let s;
let page;
before(async () => {
  s = await startSession({ viewport: { width: 1366, height: 768 } });
  page = await s.openPage('index.html');
});
after(async () => {
  await s?.close();
});

/** What the results show: best params, rows of the table. */
const shownResults = async () => ({
  best: await page.getAttribute(tid('best-params'), 'data-value'),
  rows: await page.locator(`${tid('results-table')} tbody tr`).count(),
});

/** The data the (current) worker has in use. */
const workerData = () => page.evaluate(async () => (await globalThis.tunelab.state.client.call('summary')).name);

/** Waits until a fresh worker is ready after a fault. */
const recovered = () =>
  page.waitForFunction(() => /A fresh worker has .* loaded again/.test(document.getElementById('status').textContent) && !document.querySelector('[data-testid="run-button"]').disabled);

test('a wasm trap in the worker: said, a fresh worker with the CSV loaded again, the results kept', async () => {
  await page.setInputFiles(tid('data-file-input'), { name: 'small.csv', mimeType: 'text/csv', buffer: Buffer.from(smallCsv()) });
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.startsWith('small.csv'));
  await runAndWait(page);
  const results = await shownResults();
  assert.ok(results.best && results.rows > 0);
  const reply = await page.evaluate(async () => {
    globalThis.__oldClient = globalThis.tunelab.state.client;
    try {
      await globalThis.tunelab.state.client.call('simulate_fault', { kind: 'trap' });
      return 'answered';
    } catch (err) {
      return { message: err.message, fatal: err.fatal };
    }
  });
  assert.equal(reply.fatal, true, JSON.stringify(reply));
  assert.match(reply.message, /unreachable/);
  await recovered();
  assert.match(await page.textContent('#status'), /The worker stopped \(.*unreachable.*\)\. A fresh worker has small\.csv loaded again; the results shown are from before/);
  assert.equal(await page.getAttribute('#status', 'data-kind'), 'error');
  assert.deepEqual(await shownResults(), results, 'the results stay on screen');
  assert.match(await page.textContent(tid('stale-note')), /The worker stopped after a fault; these results are from before it/);
  assert.equal(await page.evaluate(() => globalThis.__oldClient !== globalThis.tunelab.state.client), true, 'a new worker');
  assert.equal(await workerData(), 'small.csv', 'the new worker has the data');
  await s.screenshot(page, 'worker-trap-1366');
  // The fresh worker runs searches.
  const got = await runAndWait(page);
  assert.ok(got.bestScore > 0.8, `best score ${got.bestScore}`);
  assert.equal(await page.isHidden(tid('stale-note')), true);
  s.assertClean();
});

test('a worker that dies in the middle of a search: the search fails with the reason, a fresh worker is ready, the results kept', async () => {
  const results = await shownResults();
  // A grid that runs for a while: 300 values of C × 2 penalties × 10 folds.
  const values = Array.from({ length: 300 }, (_, i) => (10 ** (-3 + (5 * i) / 299)).toPrecision(4)).join(', ');
  await page.fill(tid('param-C'), values);
  await page.fill(tid('cv-folds'), '10');
  await page.click(tid('run-button'));
  if (await page.isVisible(tid('confirm-run'))) await page.click(tid('confirm-yes'));
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]').value) > 0);
  // As an out-of-memory kills a worker: it is gone, and its error event is all the page hears.
  await page.evaluate(() => {
    const worker = globalThis.tunelab.state.client.worker;
    worker.terminate();
    worker.dispatchEvent(new ErrorEvent('error', { message: 'Uncaught RangeError: Out of memory (simulated)' }));
  });
  await recovered();
  assert.match(await page.textContent(tid('run-error')), /The search failed: the worker stopped: Uncaught RangeError: Out of memory \(simulated\)/);
  assert.match(await page.textContent('#status'), /The worker stopped \(Uncaught RangeError: Out of memory \(simulated\)\)\. A fresh worker has small\.csv loaded again/);
  assert.equal(await page.evaluate(() => document.body.dataset.run), 'failed');
  assert.deepEqual(await shownResults(), results, 'the results stay on screen');
  assert.equal(await workerData(), 'small.csv');
  await s.screenshot(page, 'worker-died-1366');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await s.screenshot(page, 'worker-died-390');
  await page.setViewportSize({ width: 1366, height: 768 });
  // Searches run again on the fresh worker.
  await page.fill(tid('param-C'), '0.1, 1, 10');
  await page.fill(tid('cv-folds'), '5');
  const got = await runAndWait(page);
  assert.ok(got.bestScore > 0.8);
  s.assertClean();
});
