// The playground's main flow: load, run the default grid, compare with the native CLI,
// every chart drawn, selection by table row and heatmap cell, sorting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SCREENSHOT_DIR, startSession } from './harness.mjs';
import { CHARTS, canvasStats, clickHeatmapCell, cliSearch, openDetails, runAndWait, selectedRows, tid, waitRedrawn } from './playground.mjs';

const TEST_IDS = [
  'dataset-select', 'data-file-input', 'label-select', 'data-error', 'param-C', 'penalty-l1',
  'penalty-l2', 'cv-folds', 'test-size', 'scoring', 'run-button', 'cancel-button', 'progress',
  'results-table', 'best-params', 'best-score', 'test-score', ...CHARTS,
];

let s;
let page;
let cli;
before(async () => {
  // The CLI (release build, cached by cargo) runs while the browser starts.
  const answer = cliSearch(['--data', 'iris', '--test-size', '0.2', '--seed', '42']);
  s = await startSession();
  cli = await answer;
});
after(async () => {
  await s?.close();
});

test('the page loads clean, with every test hook and the default grid', async () => {
  page = await s.openPage('index.html');
  await openDetails(page);
  for (const id of TEST_IDS) assert.equal(await page.locator(tid(id)).count(), 1, `data-testid=${id}`);
  assert.equal(await page.inputValue(tid('param-C')), '0.001, 0.01, 0.1, 1, 10, 100');
  assert.equal(await page.isChecked(tid('penalty-l1')), true);
  assert.equal(await page.isChecked(tid('penalty-l2')), true);
  assert.equal(await page.inputValue(tid('cv-folds')), '5');
  assert.equal(await page.inputValue(tid('test-size')), '0.2');
  assert.equal(await page.inputValue(tid('scoring')), 'accuracy');
  assert.match(await page.textContent('#grid-size'), /12 candidates × 5 folds = 60 fits/);
  assert.match(await page.textContent('#data-summary'), /150 rows · 4 features · 3 classes/);
  assert.equal(await page.locator('#preview-table tbody tr').count(), 8);
  s.assertClean();
});

test('the default grid gives the native CLI’s best params and scores', async () => {
  const got = await runAndWait(page);
  assert.deepEqual(got.bestParams, cli.best_params);
  assert.equal(got.bestScore, cli.best_score);
  assert.equal(Number(got.testScore), cli.test_score);
  assert.match(got.status, /Searched 12 candidates × 5 folds \(61 fits\) in/);
  assert.equal(await page.getAttribute(tid('progress'), 'value'), '61');
  // The table: one row per candidate, sklearn's columns, the best row marked.
  const headers = await page.locator(`${tid('results-table')} thead th`).allTextContents();
  for (const c of ['param_C', 'param_penalty', 'mean_test_score', 'std_test_score', 'rank_test_score', 'mean_train_score', 'mean_fit_time', 'fit_status']) {
    assert.ok(headers.includes(c), `column ${c} in ${headers}`);
  }
  assert.equal(await page.locator(`${tid('results-table')} tbody tr`).count(), 12);
  assert.equal(await page.getAttribute(`${tid('results-table')} tr.best`, 'data-index'), String(cli.best_index));
  // The one solver is no grid axis: it is named under the best params.
  assert.equal(await page.textContent(tid('best-with')), 'with: solver=lbfgs');
  // Times in ms with 2 significant digits.
  const head = await page.locator(`${tid('results-table')} thead th`).allTextContents();
  for (const c of ['mean_fit_time', 'mean_score_time']) {
    const cells = await page.locator(`${tid('results-table')} tbody td:nth-child(${head.indexOf(c) + 1})`).allTextContents();
    for (const cell of cells) assert.match(cell, /^(0|0\.0*[1-9]\d?|[1-9](\.\d)?|[1-9]\d*) ms$/, `${c}: ${cell}`);
  }
  // The progress text's time is the status line's (the timer stops when the result arrives).
  const took = /\(61 fits\) in (\d+ ms|[\d.]+ s)/.exec(got.status)[1];
  assert.equal(await page.textContent('#progress-text'), `61 / 61 fits · ${took}`);
  assert.match(got.status, new RegExp(`Drew the optimisation path of #${cli.best_index} in \\d+ ms\\.$`));
  await s.screenshot(page, 'default-run');
  s.assertClean();
});

test('every chart canvas has drawn a chart at device-pixel size', async () => {
  const dpr = await page.evaluate(() => window.devicePixelRatio);
  for (const id of CHARTS) {
    const st = await canvasStats(page, id);
    const css = await page.$eval(tid(id), (c) => c.getBoundingClientRect().width);
    assert.equal(st.drawn, '1', id);
    assert.equal(st.width, Math.round(css * dpr), `${id} buffer width`);
    assert.ok(st.share > 0.01, `${id}: only ${(st.share * 100).toFixed(1)}% of pixels drawn`);
  }
});

test('clicking a table row redraws the loss and trajectory charts', async () => {
  const loss = await canvasStats(page, 'chart-loss');
  const traj = await canvasStats(page, 'chart-trajectory');
  await page.click(`${tid('results-table')} tbody tr[data-index="1"]`);
  await waitRedrawn(page, 'chart-trajectory', traj.version);
  await waitRedrawn(page, 'chart-loss', loss.version);
  const traj2 = await canvasStats(page, 'chart-trajectory');
  const loss2 = await canvasStats(page, 'chart-loss');
  assert.notEqual(traj2.hash, traj.hash, 'trajectory pixels changed');
  assert.notEqual(loss2.hash, loss.hash, 'loss pixels changed');
  assert.equal(await page.getAttribute(`${tid('results-table')} tr.selected`, 'data-index'), '1');

  // Shift-click adds a second candidate.
  await page.click(`${tid('results-table')} tbody tr[data-index="7"]`, { modifiers: ['Shift'] });
  await waitRedrawn(page, 'chart-trajectory', traj2.version);
  assert.deepEqual(
    await page.locator(`${tid('results-table')} tr.selected`).evaluateAll((rows) => rows.map((r) => r.dataset.index).sort()),
    ['1', '7'],
  );
  await s.screenshot(page, 'two-selected');
  s.assertClean();
});

test('table rows are selectable from the keyboard: Enter selects, shift+Enter adds', async () => {
  const row = (i) => page.locator(`${tid('results-table')} tbody tr[data-index="${i}"]`);
  assert.equal(await row(5).getAttribute('tabindex'), '0');
  const traj = await canvasStats(page, 'chart-trajectory');
  await row(5).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="results-table"] tr.selected')?.dataset.index === '5');
  await waitRedrawn(page, 'chart-trajectory', traj.version);
  await row(6).focus();
  await page.keyboard.press('Shift+Enter');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="results-table"] tr.selected').length === 2);
  assert.deepEqual((await selectedRows(page)).sort((a, b) => a - b), [5, 6]);
  await page.keyboard.press(' ');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="results-table"] tr.selected').length === 1);
  assert.deepEqual(await selectedRows(page), [6]);
  await page.waitForFunction(() => /Drew the optimisation path of #6 in/.test(document.getElementById('status').textContent));
  s.assertClean();
});

test('clicking a heatmap cell selects its candidate; ctrl-click adds one', async () => {
  const traj = await canvasStats(page, 'chart-trajectory');
  // Cell (row 1 = l2, col 0 = C 0.001) is candidate 1.
  await clickHeatmapCell(page, 1, 0);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="results-table"] tr.selected').length === 1
    && document.querySelector('[data-testid="results-table"] tr.selected').dataset.index === '1');
  await waitRedrawn(page, 'chart-trajectory', traj.version);
  // Cell (row 0 = l1, col 4 = C 10) is candidate 8.
  await clickHeatmapCell(page, 0, 4, ['Control']);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="results-table"] tr.selected').length === 2);
  assert.deepEqual((await selectedRows(page)).sort((a, b) => a - b), [1, 8]);
  // Both selected cells are outlined: the latest as `selected`, the other as `also_selected`.
  await page.waitForFunction(() => {
    const h = globalThis.tunelab.state.charts.heatmap;
    return h && h.selected?.[0] === 0 && h.selected?.[1] === 4 && h.also_selected?.length === 1;
  });
  assert.deepEqual(await page.evaluate(() => globalThis.tunelab.state.charts.heatmap.also_selected), [[1, 0]]);
  s.assertClean();
});

test('clicking a header sorts the table; again reverses it', async () => {
  const header = page.locator(`${tid('results-table')} th[data-column="mean_test_score"]`);
  await header.click();
  const scores = async () =>
    (await page.locator(`${tid('results-table')} tbody tr td:nth-child(4)`).allTextContents()).map(Number);
  const desc = await scores();
  assert.deepEqual(desc, [...desc].sort((a, b) => b - a));
  await page.locator(`${tid('results-table')} th[data-column="mean_test_score"]`).click();
  const asc = await scores();
  assert.deepEqual(asc, [...asc].sort((a, b) => a - b));
  s.assertClean();
});

test('settings the data cannot support are refused before running, naming the numbers', async () => {
  const gridError = () => page.textContent('#grid-error');
  const invalid = (sel) => page.getAttribute(sel, 'aria-invalid');
  await page.fill(tid('cv-folds'), '41');
  // The core's own check (plan_for_summary), on the main thread, as the search would say it.
  assert.match(await gridError(), /cannot split 120 samples into 41 folds: .*the largest class, “setosa”, has 40 rows.*; use at most 40 folds \(k\), or a smaller test fraction$/);
  assert.equal(await page.isDisabled(tid('run-button')), true);
  assert.equal(await invalid(tid('cv-folds')), 'true');
  // Without the test split all 150 rows go to cross-validation: 41 folds are fine.
  await page.fill(tid('test-size'), '0');
  assert.equal(await page.isHidden('#grid-error'), true);
  assert.equal(await invalid(tid('cv-folds')), null);
  assert.equal(await page.isEnabled(tid('run-button')), true);
  await page.fill(tid('cv-folds'), '500');
  assert.match(await gridError(), /folds: give a whole number from 2 to 50/);
  await page.fill(tid('cv-folds'), '5');
  await page.fill(tid('test-size'), '0.01');
  assert.match(await gridError(), /test_size: 0\.01 is not allowed: The test_size = 2 should be greater or equal to the number of classes = 3/);
  assert.equal(await invalid(tid('test-size')), 'true');
  await page.fill(tid('test-size'), '');
  assert.match(await gridError(), /test fraction: give a number from 0 \(no test split\) to 0\.9/);
  assert.equal(await page.isDisabled(tid('run-button')), true);
  await page.fill(tid('test-size'), '0.95');
  assert.match(await gridError(), /test fraction: give a number from 0 \(no test split\) to 0\.9/);
  const border = await page.$eval(tid('test-size'), (el) => getComputedStyle(el).borderTopColor);
  assert.equal(border, 'rgb(179, 38, 30)', 'an invalid field has a red border');
  await s.screenshot(page, 'invalid-field');
  await page.fill(tid('test-size'), '0.2');
  assert.equal(await invalid(tid('test-size')), null);
  assert.equal(await page.isEnabled(tid('run-button')), true);
  s.assertClean();
});

test('a search the core refuses shows its message by the Run button', async () => {
  // Every fit diverges at this learning rate: the page cannot know that beforehand.
  await page.uncheck('input[name="solver"][value="lbfgs"]');
  await page.check('input[name="solver"][value="gd"]');
  await page.fill('#param-lr', '1000000');
  await page.fill('#max-iter', '50');
  await page.fill(tid('param-C'), '1, 10');
  await page.uncheck(tid('penalty-l1'));
  await page.click(tid('run-button'));
  await page.waitForFunction(() => document.getElementById('status').dataset.kind === 'error');
  assert.match(await page.textContent('#status'), /The search failed: every candidate failed to fit/);
  const runError = page.locator(tid('run-error'));
  assert.equal(await runError.isVisible(), true);
  assert.equal(await runError.getAttribute('role'), 'alert');
  assert.match(await runError.textContent(), /The search failed: every candidate failed to fit or to be scored \(accuracy\); the first reason: folds? 0(–4)?: diverged/);
  assert.equal(await page.textContent('#progress-text'), '', 'no stale progress after a failed run');
  assert.equal(await page.isEnabled(tid('run-button')), true);
  await s.screenshot(page, 'run-error');
  await page.fill('#param-lr', '0.1');
  await page.fill('#max-iter', '200');
  const withGd = await runAndWait(page);
  assert.ok(Number.isFinite(withGd.bestScore));
  assert.equal(await page.textContent(tid('best-with')), 'with: solver=gd, learning_rate=0.1, max_iter=200');
  await page.click('#preset-seed');
  const got = await runAndWait(page);
  assert.deepEqual(got.bestParams, cli.best_params);
  assert.equal(await runError.isHidden(), true, 'the next run removes the error');
  s.assertClean();
});

test('on a HiDPI screen the canvases have device-pixel buffers and clicks still map', async () => {
  const hidpi = await s.context.newPage();
  const cdp = await s.context.newCDPSession(hidpi);
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 900, deviceScaleFactor: 2, mobile: false });
  await hidpi.goto(s.url('index.html'));
  await hidpi.waitForFunction(() => document.body.dataset.ready === '1');
  assert.equal(await hidpi.evaluate(() => window.devicePixelRatio), 2);
  await runAndWait(hidpi);
  for (const id of CHARTS) {
    const st = await canvasStats(hidpi, id);
    const css = await hidpi.$eval(tid(id), (c) => c.getBoundingClientRect().width);
    assert.equal(st.width, Math.round(css * 2), `${id} buffer is 2× its CSS width`);
    assert.ok(st.share > 0.01, `${id} drawn`);
  }
  const before = (await canvasStats(hidpi, 'chart-trajectory')).version;
  await clickHeatmapCell(hidpi, 1, 1); // C=0.01, l2: candidate 3
  await waitRedrawn(hidpi, 'chart-trajectory', before);
  assert.deepEqual(await selectedRows(hidpi), [3]);
  await s.screenshot(hidpi, 'hidpi');
  await hidpi.locator(tid('chart-heatmap')).screenshot({ path: path.join(SCREENSHOT_DIR, 'hidpi-heatmap.png') });
  await hidpi.close();
  s.assertClean();
});
