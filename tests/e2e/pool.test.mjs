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
