// A long search shows progress, keeps the page responsive, stops at once on Cancel, and
// the fresh worker (with the data reloaded) runs the next search.
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

test('a large grid can be cancelled mid-run; the next run succeeds on the same data', async () => {
  const page = await s.openPage('index.html');
  await openDetails(page);
  // A CSV, so that the restart must reload it into the fresh worker.
  const lines = ['u,v,w,cls'];
  for (let i = 0; i < 90; i++) lines.push(`${Math.sin(i)},${Math.cos(i * 0.7)},${(i % 7) / 7 + (i % 3)},c${i % 3}`);
  await page.setInputFiles(tid('data-file-input'), { name: 'three.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.startsWith('three.csv'));

  // 40 C values × 3 penalties × 3 solvers × 3 learning rates × 10 folds, max_iter 2000.
  await page.fill('#logrange-count', '40');
  await page.click('#logrange-fill');
  await page.check('#penalty-none');
  for (const solver of ['gd', 'momentum', 'adam']) await page.check(`input[name="solver"][value="${solver}"]`);
  await page.uncheck('input[name="solver"][value="lbfgs"]');
  await page.fill('#param-lr', '0.001, 0.01, 0.1');
  await page.fill('#max-iter', '2000');
  await page.fill(tid('cv-folds'), '10');
  assert.match(await page.textContent('#grid-size'), /1080 candidates × 10 folds = 10800 fits/);

  // No run on this file yet: the page guesses 250 fits/s, 43 s, and asks first.
  await page.click(tid('run-button'));
  const confirm = page.locator(tid('confirm-run'));
  await confirm.waitFor({ state: 'visible' });
  assert.match(await confirm.textContent(), /10,801 fits: about 43 s at a cautious 250 fits\/s \(no logistic_regression run on three\.csv yet\)/);
  await page.click(tid('confirm-yes'));
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]').value) > 0, null, { polling: 20 });
  // The main thread answers while the worker computes.
  const t0 = Date.now();
  await page.fill(tid('param-C'), '0.1, 1');
  assert.ok(Date.now() - t0 < 1000, 'the page stays responsive');
  const done = Number(await page.getAttribute(tid('progress'), 'value'));
  const total = Number(await page.getAttribute(tid('progress'), 'max'));
  assert.ok(done < total, `still running (${done}/${total})`);
  assert.equal(await page.isEnabled(tid('cancel-button')), true);
  await page.click(tid('cancel-button'));
  await page.waitForFunction(() => /Cancelled after \d+ of 10801 fits/.test(document.getElementById('status').textContent));
  await page.waitForFunction(() => /Ready for another run/.test(document.getElementById('status').textContent));
  assert.equal(await page.isDisabled(tid('cancel-button')), true);
  assert.match(await page.textContent('#data-summary'), /^three\.csv: 90 rows/);
  await s.screenshot(page, 'cancelled');

  // A small grid on the same data now.
  await page.click('#preset-seed');
  await page.fill(tid('cv-folds'), '5');
  const got = await runAndWait(page);
  assert.ok(Number.isFinite(got.bestScore));
  assert.match(got.status, /Searched 12 candidates/);
  assert.match(await page.textContent('#data-summary'), /^three\.csv/);
  s.assertClean();
});

test('a huge grid asks first; while it runs the old results stay dimmed, and a cancel keeps them', async () => {
  const page = await s.openPage('index.html');
  await openDetails(page);
  await runAndWait(page);
  const before = await page.getAttribute(tid('best-params'), 'data-value');
  assert.equal(await page.isHidden(tid('stale-note')), true);

  // 50 C × 3 penalties × (lbfgs + 3 solvers × 4 learning rates) × 11 folds = 21 450 fits.
  await page.fill('#logrange-count', '50');
  await page.click('#logrange-fill');
  await page.check('#penalty-none');
  for (const solver of ['gd', 'momentum', 'adam']) await page.check(`input[name="solver"][value="${solver}"]`);
  await page.fill('#param-lr', '0.001, 0.01, 0.1, 1');
  await page.fill(tid('cv-folds'), '11');
  assert.match(await page.textContent('#grid-size'), /1950 candidates × 11 folds = 21450 fits/);
  assert.equal(await page.isVisible(tid('stale-note')), true, 'changed settings mark the results stale');
  assert.equal(await page.textContent(tid('stale-note')), 'Settings changed since this run — press Run to update.');

  await page.click(tid('run-button'));
  const confirm = page.locator(tid('confirm-run'));
  await confirm.waitFor({ state: 'visible' });
  assert.match(await confirm.textContent(), /21,451 fits: about .+ at the [\d,]+ fits\/s of the last logistic_regression run on iris/);
  assert.equal(await page.getAttribute(tid('progress'), 'value'), '61', 'nothing started yet');
  await s.screenshot(page, 'confirm-huge-grid');
  await page.click(tid('confirm-no'));
  assert.equal(await confirm.isHidden(), true);
  assert.equal(await page.getAttribute(tid('progress'), 'value'), '61');

  await page.click(tid('run-button'));
  await page.click(tid('confirm-yes'));
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]').value) > 0, null, { polling: 20 });
  assert.equal(await page.getAttribute('#results', 'aria-busy'), 'true');
  assert.equal(await page.getAttribute(tid('best-params'), 'data-value'), before, 'the old results stay while the new run works');
  assert.equal(await page.locator(`${tid('results-table')} tbody tr`).count(), 12);
  assert.equal(await page.isHidden(tid('stale-note')), true, 'no stale note during a run');
  await s.screenshot(page, 'running-dimmed');
  await page.click(tid('cancel-button'));
  await page.waitForFunction(() => /Ready for another run/.test(document.getElementById('status').textContent));
  assert.equal(await page.getAttribute('#results', 'aria-busy'), null);
  assert.equal(await page.getAttribute(tid('best-params'), 'data-value'), before, 'a cancel keeps the old results');
  assert.equal(await page.locator(`${tid('results-table')} tbody tr`).count(), 12);
  assert.equal(await page.isVisible(tid('stale-note')), true);
  // The kept results' worker is gone: the live sliders rest (they would refit nothing).
  assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('#live-sliders input')].map((e) => e.disabled)).then((d) => [d.length > 0, d.every(Boolean)]), [true, true], 'live sliders rest after a cancel');

  // Back to the settings of the shown results: not stale, but they need a run to explore.
  // (By hand: a preset would run the search at once.)
  await page.fill(tid('param-C'), '0.001, 0.01, 0.1, 1, 10, 100');
  await page.uncheck('#penalty-none');
  for (const solver of ['gd', 'momentum', 'adam']) await page.uncheck(`input[name="solver"][value="${solver}"]`);
  await page.fill('#param-lr', '0.1');
  await page.fill(tid('cv-folds'), '5');
  assert.match(await page.textContent(tid('stale-note')), /from before the cancelled run/);
  await page.click(`${tid('results-table')} tbody tr[data-index="3"]`);
  assert.match(await page.textContent('#status'), /press Run search to select their candidates again/);
  await runAndWait(page);
  assert.equal(await page.isHidden(tid('stale-note')), true, 'a run removes the note');
  s.assertClean();
});

test('the live sliders rest while a search runs and after a cancelled one, and work again after a search', async () => {
  const page = await s.openPage('index.html');
  await page.waitForFunction(() => document.querySelector('[data-testid="slider-C"]') && !globalThis.tunelab.state.machine.running);
  const disabled = () => page.$$eval('#live-sliders input', (els) => els.map((e) => e.disabled));
  assert.ok((await disabled()).length > 0);
  assert.deepEqual([...new Set(await disabled())], [false]);
  // A slow search: networks of 3000 and 4000 units on Iris.
  await page.selectOption(tid('model-select'), 'mlp_classifier');
  await page.fill(tid('param-hidden'), '3000, 4000');
  await page.click(tid('run-button'));
  // Long enough that the page asks first (no network run on Iris yet).
  await page.locator(tid('confirm-run')).waitFor({ state: 'visible' });
  await page.click(tid('confirm-yes'));
  await page.waitForFunction(() => globalThis.tunelab.state.machine.running);
  const during = await disabled();
  assert.ok(during.length > 0 && during.every(Boolean), `sliders during the search: ${during}`);
  await page.click(tid('cancel-button'));
  await page.waitForFunction(() => !globalThis.tunelab.state.machine.running);
  // The results kept are no longer in the worker (replaced to cancel): the sliders rest.
  assert.deepEqual([...new Set(await disabled())], [true]);
  // A search that runs to its end: they work again.
  await page.selectOption(tid('model-select'), 'logistic_regression');
  await runAndWait(page);
  await page.waitForFunction(() => document.querySelector('[data-testid="slider-C"]'));
  assert.deepEqual([...new Set(await disabled())], [false]);
  s.assertClean();
  await page.close();
});
