// Settings live in the URL hash: changing them writes it, opening a link restores them.
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

test('the URL hash round-trips the settings', async () => {
  const page = await s.openPage('index.html');
  await openDetails(page);
  await page.fill(tid('param-C'), '0.1, 1, 10');
  await page.uncheck(tid('penalty-l1'));
  await page.check('#penalty-elasticnet');
  await page.fill('#param-l1-ratio', '0.25, 0.75');
  await page.fill(tid('cv-folds'), '4');
  await page.selectOption(tid('scoring'), 'f1_macro');
  await page.fill(tid('test-size'), '0');
  await page.fill('#seed', '7');
  await page.check('#shuffle');
  const url = page.url();
  const hash = new URL(url).hash;
  for (const part of ['data=iris', 'C=0.1,1,10', 'penalty=l2,elasticnet', 'l1_ratio=0.25,0.75', 'k=4', 'scoring=f1_macro', 'test=0', 'seed=7', 'shuffle=1']) {
    assert.ok(hash.includes(part), `${part} in ${hash}`);
  }
  // 3 C × l2, plus 3 C × elasticnet × 2 l1_ratio = 9 candidates.
  assert.match(await page.textContent('#grid-size'), /9 candidates × 4 folds = 36 fits/);

  const copy = await s.openPage(url);
  assert.equal(await copy.inputValue(tid('param-C')), '0.1, 1, 10');
  assert.equal(await copy.isChecked(tid('penalty-l1')), false);
  assert.equal(await copy.isChecked(tid('penalty-l2')), true);
  assert.equal(await copy.isChecked('#penalty-elasticnet'), true);
  assert.equal(await copy.inputValue('#param-l1-ratio'), '0.25, 0.75');
  assert.equal(await copy.inputValue(tid('cv-folds')), '4');
  assert.equal(await copy.inputValue(tid('scoring')), 'f1_macro');
  assert.equal(await copy.inputValue(tid('test-size')), '0');
  assert.equal(await copy.inputValue('#seed'), '7');
  assert.equal(await copy.isChecked('#shuffle'), true);
  assert.match(await copy.textContent('#grid-size'), /9 candidates × 4 folds = 36 fits/);

  // l1_ratio only on the elasticnet candidates (its own sub-grid).
  const got = await runAndWait(copy);
  assert.ok(Number.isFinite(got.bestScore));
  assert.match(await copy.textContent(tid('test-score')), /no test split/);
  const ratios = await copy.$$eval(`${tid('results-table')} tbody tr`, (rows) => {
    const head = [...document.querySelectorAll('[data-testid="results-table"] thead th')].map((th) => th.textContent);
    const pi = head.indexOf('param_penalty');
    const ri = head.indexOf('param_l1_ratio');
    return rows.map((r) => [r.cells[pi].textContent, r.cells[ri].textContent]);
  });
  for (const [penalty, ratio] of ratios) {
    assert.equal(penalty === 'elasticnet', ratio !== '—', `${penalty} with l1_ratio ${ratio}`);
  }
  await s.screenshot(copy, 'restored-from-hash');
  s.assertClean();
});

test('a link naming a CSV that is not loaded says so', async () => {
  const page = await s.openPage('index.html#data=flowers.csv&C=1');
  assert.match(await page.textContent('#status'), /flowers\.csv/);
  assert.equal(await page.inputValue(tid('param-C')), '1');
  s.assertClean();
});
