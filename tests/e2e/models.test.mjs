// Models that can overfit: the model and data-set pickers, polynomial degree, regression
// scorers, MLPs; overfitting visible in the numbers; bad input refused in place with the
// previous data and results kept; screenshots at desktop and phone sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession } from './harness.mjs';
import { tid } from './playground.mjs';

const MODELS = ['logistic_regression', 'mlp_classifier', 'linear_regression', 'ridge', 'lasso', 'elastic_net', 'mlp_regressor'];
const DATASETS = [
  'iris', 'wine', 'breast_cancer', 'diabetes',
  'moons', 'circles', 'xor', 'blobs', 'spirals', 'linear', 'noisy-features', 'scales',
  'cos', 'line',
];
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

let s;
let page;
before(async () => {
  s = await startSession({ viewport: DESKTOP });
  page = await s.openPage('index.html');
});
after(async () => {
  await s?.close();
});

/** The data summary line. */
const summary = () => page.textContent('#data-summary');

/** Picks data set `name` and waits until its summary shows. */
async function chooseData(name) {
  await page.selectOption(tid('dataset-select'), name);
  await page.waitForFunction((n) => document.getElementById('data-summary').textContent.startsWith(`${n}:`), name);
}

/** Clicks Run and waits for a new report (or fails with the status line); returns the report's key numbers. */
async function run(timeout = 60_000) {
  const before = await page.evaluate(() => {
    const r = window.__tunelab.lastReport;
    window.__tunelabSeen = r;
    return Boolean(r);
  });
  assert.equal(await page.isEnabled(tid('run-button')), true, `run disabled: ${await page.textContent('#grid-error')}`);
  await page.click(tid('run-button'));
  await page.waitForFunction(
    () => {
      if (document.getElementById('status').dataset.kind === 'error') return true;
      const r = window.__tunelab.lastReport;
      return r && r !== window.__tunelabSeen && document.querySelector('[data-testid="chart-validation"]').dataset.drawn === '1' &&
        /Drew the optimisation path/.test(document.getElementById('status').textContent);
    },
    null,
    { timeout, polling: 50 },
  );
  const status = await page.textContent('#status');
  if ((await page.getAttribute('#status', 'data-kind')) === 'error') throw new Error(`run failed: ${status} (had results before: ${before})`);
  return page.evaluate(() => {
    const { result, x_param } = window.__tunelab.lastReport;
    const cv = result.cv_results;
    const x = cv[`param_${x_param}`];
    return { x_param, x, test: cv.mean_test_score, train: cv.mean_train_score, regression: result.regression, model: result.model, best: result.best_params };
  });
}

/** What must survive a refused input: the data summary and the shown results. */
async function shown() {
  return {
    summary: await summary(),
    best: await page.getAttribute(tid('best-params'), 'data-value'),
    rows: await page.locator(`${tid('results-table')} tbody tr`).count(),
  };
}

test('the pickers offer the seven models and the fourteen data sets, grouped', async () => {
  assert.deepEqual(await page.locator(`${tid('model-select')} option`).evaluateAll((o) => o.map((x) => x.value)), MODELS);
  assert.equal(await page.textContent(`${tid('model-select')} option[value="ridge"]`), 'Ridge (ridge)');
  const values = await page.locator(`${tid('dataset-select')} option`).evaluateAll((o) => o.map((x) => x.value));
  assert.deepEqual(values.filter((v) => v !== 'csv'), DATASETS);
  const groups = await page.locator(`${tid('dataset-select')} optgroup`).evaluateAll((gs) =>
    gs.map((g) => [g.label, [...g.querySelectorAll('option')].map((o) => o.value)]));
  assert.deepEqual(groups.slice(0, 3), [
    ['Built in', DATASETS.slice(0, 4)],
    ['Generated — classification', DATASETS.slice(4, 12)],
    ['Generated — regression', DATASETS.slice(12)],
  ]);
  // Logistic regression keeps its controls; the generic ones are hidden.
  assert.equal(await page.isVisible(tid('param-C')), true);
  assert.equal(await page.isVisible(tid('param-alpha')), false);
  assert.equal(await page.isVisible(tid('data-rows')), false);
  s.assertClean();
});

test('polynomial regression on cos overfits: CV MSE dips then explodes while train MSE keeps falling', async () => {
  await chooseData('cos');
  // Generated-set inputs show the catalog's defaults.
  assert.equal(await page.inputValue(tid('data-rows')), '30');
  assert.equal(await page.inputValue(tid('data-noise')), '0.1');
  assert.equal(await page.inputValue(tid('data-seed')), '0');
  assert.match(await summary(), /^cos: 30 rows · 1 feature · numeric target/);
  // Logistic regression on numbers: refused by the picker, naming what fits.
  assert.equal(await page.isVisible(tid('model-error')), true);
  assert.match(await page.textContent(tid('model-error')), /predicts classes.*Pick a regressor.*moons/);
  assert.equal(await page.isEnabled(tid('run-button')), false);
  // The scorers are the regression ones, MSE by default.
  assert.deepEqual(await page.locator(`${tid('scoring')} option`).evaluateAll((o) => o.map((x) => x.value)),
    ['r2', 'neg_mean_squared_error', 'neg_root_mean_squared_error', 'neg_mean_absolute_error']);
  assert.equal(await page.inputValue(tid('scoring')), 'neg_mean_squared_error');

  await page.selectOption(tid('model-select'), 'linear_regression');
  assert.equal(await page.isVisible(tid('model-error')), false);
  await page.fill(tid('param-degree'), '1,2,3,4,5,6,8,10,12,15');
  await page.fill(tid('test-size'), '0');
  assert.equal(await page.textContent(tid('degree-note')), 'degree 15: 1 feature → 15 columns');
  assert.match(await page.textContent('#grid-size'), /10 candidates × 5 folds = 50 fits/);
  const got = await run();
  assert.equal(got.regression, true);
  assert.equal(got.model, 'linear_regression');
  assert.equal(got.x_param, 'degree');
  assert.deepEqual(got.x, [1, 2, 3, 4, 5, 6, 8, 10, 12, 15]);
  const cvMse = got.test.map((v) => -v);
  const trainMse = got.train.map((v) => -v);
  const best = cvMse.indexOf(Math.min(...cvMse));
  assert.ok(best > 0 && best < cvMse.length - 1, `CV MSE minimum inside the range: ${cvMse}`);
  assert.ok(cvMse[best] < cvMse[0] * 0.7, `CV MSE falls from degree 1 (${cvMse[0]}) to ${cvMse[best]}`);
  assert.ok(cvMse.at(-1) > 10 * cvMse[best], `CV MSE at degree 15 (${cvMse.at(-1)}) > 10 × min (${cvMse[best]})`);
  for (let i = 1; i < trainMse.length; i++) {
    assert.ok(trainMse[i] <= trainMse[i - 1] * (1 + 1e-9), `train MSE rises at degree ${got.x[i]}: ${trainMse}`);
  }
  assert.ok(trainMse.at(-1) < trainMse[0] / 10, `train MSE falls a lot: ${trainMse}`);
  // Regression: no confusion matrix, a note instead; the other charts drawn.
  assert.equal(await page.isVisible(tid('chart-confusion')), false);
  assert.equal(await page.isVisible(tid('confusion-note')), true);
  for (const id of ['chart-heatmap', 'chart-validation', 'chart-loss', 'chart-trajectory']) {
    assert.equal(await page.getAttribute(tid(id), 'data-drawn'), '1', id);
  }
  // Least squares has no regularisation path: a note that says why and what to pick,
  // without the chart's PNG and Show data buttons (there is no chart).
  await page.waitForFunction(() => !document.getElementById('regpath-note').hidden, null, { timeout: 30_000 });
  assert.equal(await page.textContent(tid('regpath-note')),
    'No regularisation path for linear_regression: least squares has no regularisation to vary; pick ridge, lasso or elastic_net.');
  assert.equal(await page.isVisible('#figure-regpath .chart-foot'), false, 'no PNG or Show data under the note');
  assert.equal(await page.isVisible('#figure-heatmap .chart-foot'), true);
  // Solved directly: the playback says there is no training to play, and offers no Play.
  assert.equal(await page.textContent(tid('iteration-text')), 'fitted in one step (solved directly): no training to play');
  assert.equal(await page.isVisible(tid('play-button')), false);
  // Numbers stay readable: no 10-digit cells (MSE reaches 7e5, train MSE 0.006).
  const cells = await page.locator(`${tid('results-table')} tbody td.num`).allTextContents();
  for (const c of cells) assert.ok(c.replace(/^-/, '').length <= 10, `cell ${c}`);
  assert.ok(cells.some((c) => /e5$/.test(c)), `an MSE in the 1e5 shown as such: ${cells.slice(0, 12)}`);
  for (const [viewport, name] of [[DESKTOP, 'models-cos-degree'], [PHONE, 'models-cos-degree-phone']]) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(300);
    await s.screenshot(page, name);
  }
  await page.setViewportSize(DESKTOP);
  s.assertClean();
});

test('the URL hash carries model, data set, generated spec and the new axes', async () => {
  await page.fill(tid('data-rows'), '40');
  await page.fill(tid('data-noise'), '0.2');
  await page.fill(tid('data-seed'), '3');
  await page.waitForFunction(() => /^cos: 40 rows/.test(document.getElementById('data-summary').textContent));
  await page.selectOption(tid('model-select'), 'ridge');
  assert.equal(await page.inputValue(tid('param-alpha')), '0.001, 0.01, 0.1, 1, 10, 100', 'default_grid of ridge');
  await page.fill(tid('param-alpha'), '0.01, 1');
  await page.fill(tid('param-degree'), '1, 5');
  await page.uncheck(tid('param-standardize'));
  await page.selectOption(tid('scoring'), 'r2');
  const hash = new URL(page.url()).hash;
  for (const part of ['data=cos', 'rows=40', 'noise=0.2', 'gseed=3', 'model=ridge', 'alpha=0.01,1', 'degree=1,5', 'std=0', 'scoring=r2']) {
    assert.ok(hash.includes(part), `${part} in ${hash}`);
  }
  const copy = await s.openPage(page.url());
  try {
    await copy.waitForFunction(() => /^cos: 40 rows/.test(document.getElementById('data-summary').textContent));
    assert.equal(await copy.inputValue(tid('dataset-select')), 'cos');
    assert.equal(await copy.inputValue(tid('data-rows')), '40');
    assert.equal(await copy.inputValue(tid('data-noise')), '0.2');
    assert.equal(await copy.inputValue(tid('data-seed')), '3');
    assert.equal(await copy.inputValue(tid('model-select')), 'ridge');
    assert.equal(await copy.inputValue(tid('param-alpha')), '0.01, 1');
    assert.equal(await copy.inputValue(tid('param-degree')), '1, 5');
    assert.equal(await copy.isChecked(tid('param-standardize')), false);
    assert.equal(await copy.inputValue(tid('scoring')), 'r2');
    assert.match(await copy.textContent('#grid-size'), /4 candidates × 5 folds/);
    assert.equal(new URL(copy.url()).hash, hash);
  } finally {
    await copy.close();
  }
  s.assertClean();
});

test('an MLP on few noisy moons and logistic regression on noisy features overfit', async () => {
  await chooseData('moons');
  assert.equal(await page.inputValue(tid('data-rows')), '200');
  await page.fill(tid('data-rows'), '60');
  await page.fill(tid('data-noise'), '0.4');
  await page.waitForFunction(() => /^moons: 60 rows/.test(document.getElementById('data-summary').textContent));
  assert.equal(await page.inputValue(tid('scoring')), 'accuracy', 'back to a classification scorer');
  await page.selectOption(tid('model-select'), 'mlp_classifier');
  assert.equal(await page.inputValue(tid('param-hidden')), '1, 2, 5, 20, 100');
  assert.equal(await page.inputValue(tid('param-max-iter')), '2000');
  await page.fill(tid('test-size'), '0.2');
  await page.check(tid('param-standardize'));
  const mlp = await run();
  assert.deepEqual(mlp.x, [1, 2, 5, 20, 100]);
  const last = mlp.x.length - 1;
  assert.ok(mlp.train[last] - mlp.test[last] > 0.08, `train ${mlp.train[last]} vs CV ${mlp.test[last]} at 100 units`);
  assert.ok(mlp.train[last] > mlp.train[0] + 0.2, `train at 100 units ${mlp.train[last]} vs 1 unit ${mlp.train[0]}`);
  assert.equal(await page.isVisible(tid('chart-confusion')), true, 'classes: the confusion matrix is back');
  for (const [viewport, name] of [[DESKTOP, 'models-moons-mlp'], [PHONE, 'models-moons-mlp-phone']]) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(300);
    await s.screenshot(page, name);
  }
  await page.setViewportSize(DESKTOP);

  await chooseData('noisy-features');
  await page.selectOption(tid('model-select'), 'logistic_regression');
  await page.fill(tid('param-degree'), '1');
  await page.fill(tid('param-C'), '0.0001, 0.001, 0.01, 0.1, 1, 10, 100, 1000, 10000');
  await page.uncheck(tid('penalty-l1'));
  await page.check(tid('penalty-l2'));
  const lr = await run();
  assert.equal(lr.x_param, 'C');
  const top = lr.x.indexOf(10000);
  assert.ok(lr.train[top] >= 0.99, `train accuracy at C=1e4: ${lr.train[top]}`);
  assert.ok(lr.train[top] - lr.test[top] >= 0.15, `CV accuracy ${lr.test[top]} vs train ${lr.train[top]}`);
  s.assertClean();
});

test('bad input is refused in place; the data and the results stay', async () => {
  // Results of the last test (noisy-features, logistic) are on the page.
  const kept = await shown();
  assert.match(kept.summary, /^noisy-features: 80 rows · 30 features/);
  assert.ok(kept.rows > 0 && kept.best);

  // A degree that explodes 30 features: the core's limit, by the degree field.
  await page.fill(tid('param-degree'), '1, 8');
  assert.match(await page.textContent(tid('degree-note')), /30 features expand to .* columns at degree 8; at most 5000/);
  assert.equal(await page.getAttribute(tid('param-degree'), 'aria-invalid'), 'true');
  assert.equal(await page.isEnabled(tid('run-button')), false);
  assert.match(await page.textContent('#grid-error'), /5000/);
  assert.deepEqual(await shown(), kept);
  await page.fill(tid('param-degree'), '1');
  assert.equal(await page.getAttribute(tid('param-degree'), 'aria-invalid'), null);
  assert.match(await page.textContent(tid('degree-note')), /^degree 1: 30 features → 30 columns$/);

  // hidden_layer_sizes 0 and alpha -1: named, marked, Run refused.
  await page.selectOption(tid('model-select'), 'mlp_classifier');
  await page.fill(tid('param-hidden'), '0');
  assert.match(await page.textContent('#grid-error'), /hidden_layer_sizes: 0 is not allowed/);
  assert.equal(await page.getAttribute(tid('param-hidden'), 'aria-invalid'), 'true');
  assert.equal(await page.isEnabled(tid('run-button')), false);
  await page.fill(tid('param-hidden'), '2');
  await page.fill(tid('param-alpha'), '-1');
  assert.match(await page.textContent('#grid-error'), /alpha: -1 is not allowed: alpha must be ≥ 0/);
  assert.equal(await page.getAttribute(tid('param-alpha'), 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute(tid('param-hidden'), 'aria-invalid'), null);
  assert.equal(await page.isEnabled(tid('run-button')), false);
  assert.deepEqual(await shown(), kept);

  // A CSV whose numeric target has text, with a regressor chosen: line and column named.
  await page.selectOption(tid('model-select'), 'ridge');
  assert.match(await page.textContent(tid('model-error')), /ridge predicts numbers.*diabetes, cos, line/);
  // Said once, by the model picker: the Run panel does not repeat it in the core's words.
  assert.equal(await page.isHidden('#grid-error'), true, await page.textContent('#grid-error'));
  assert.equal(await page.isEnabled(tid('run-button')), false);
  await page.setInputFiles(tid('data-file-input'), { name: 'r.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y\n1,2\n3,abc\n') });
  await page.waitForSelector(`${tid('data-error')}:not([hidden])`);
  const error = await page.textContent(tid('data-error'));
  assert.match(error, /r\.csv: line 3, column 2 \("y"\): "abc" is not a number/);
  assert.match(error, /read as numbers because ridge predicts numbers/);
  assert.deepEqual(await shown(), kept);
  assert.equal(await page.inputValue(tid('dataset-select')), 'noisy-features');

  // A generated set the core refuses (noise above its bound): the old data stay.
  await chooseData('line');
  await page.fill(tid('data-noise'), '5000');
  await page.waitForFunction(() => /noise/.test(document.querySelector('[data-testid="data-error"]').textContent) &&
    !document.querySelector('[data-testid="data-error"]').hidden);
  assert.match(await page.textContent(tid('data-error')), /noise: 5000 is not allowed/);
  assert.match(await summary(), /^line: 50 rows/);
  assert.equal(await page.getAttribute(tid('data-noise'), 'aria-invalid'), 'true');
  s.assertClean();
});

test('ridge on diabetes: a regression run with a heatmap over alpha × degree', async () => {
  await chooseData('diabetes');
  assert.match(await summary(), /^diabetes: 442 rows · 10 features · numeric target/);
  assert.equal(await page.isVisible(tid('data-rows')), false, 'built-in sets have no rows / noise / seed');
  await page.selectOption(tid('model-select'), 'ridge');
  await page.fill(tid('param-degree'), '1, 2');
  await page.check(tid('param-standardize'));
  assert.equal(await page.textContent(tid('degree-note')), 'degree 2: 10 features → 65 columns');
  const got = await run();
  assert.equal(got.x_param, 'alpha');
  assert.equal(got.regression, true);
  assert.ok(got.test.every((v) => v < 0 && v > -10_000), `neg MSE of diabetes: ${got.test}`);
  assert.equal(await page.getAttribute(tid('chart-heatmap'), 'data-drawn'), '1');
  assert.match(await page.textContent(tid('test-score')), /on 89 held-out rows/);
  for (const [viewport, name] of [[DESKTOP, 'models-diabetes-ridge'], [PHONE, 'models-diabetes-ridge-phone']]) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(300);
    await s.screenshot(page, name);
  }
  await page.setViewportSize(DESKTOP);
  s.assertClean();
});

test('a CSV with a numeric label: the hint under the summary, and a regressor reads it as numbers', async () => {
  await page.selectOption(tid('model-select'), 'logistic_regression');
  const lines = ['x,y'];
  for (let i = 0; i < 40; i++) lines.push(`${i},${(i * 1.37).toFixed(2)}`);
  await page.setInputFiles(tid('data-file-input'), { name: 'h.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.startsWith('h.csv'));
  assert.match(await summary(), /40 classes.*looks like a regression target/);
  assert.equal(await page.inputValue(tid('scoring')), 'accuracy');
  // Picking a regressor reloads the file with its label as numbers.
  await page.selectOption(tid('model-select'), 'linear_regression');
  await page.waitForFunction(() => /numeric target/.test(document.getElementById('data-summary').textContent));
  assert.match(await summary(), /^h\.csv: 40 rows · 1 feature · numeric target “y”/);
  assert.equal(await page.inputValue(tid('scoring')), 'neg_mean_squared_error');
  assert.equal(await page.isVisible(tid('model-error')), false);
  const got = await run();
  assert.ok(got.test.every((v) => v > -1e-6), `a straight line is fitted exactly: ${got.test}`);
  s.assertClean();
});
