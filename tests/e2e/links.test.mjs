// Teacher links: the hash carries the settings, the selection, the trajectory plane and
// the heatmap's axes (and the reserved lesson / iter keys); a fresh page with it runs
// the search and shows the same best candidate and selection; NAME_hide=1 hides a
// control; Copy link copies the full link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession } from './harness.mjs';
import { canvasStats, selectedRows, tid, waitRedrawn } from './playground.mjs';

let s;
before(async () => {
  s = await startSession({ viewport: { width: 1366, height: 768 } });
});
after(async () => {
  await s?.close();
});

/** The URL hash of `page` as a URLSearchParams. */
const params = (page) => new URLSearchParams(new URL(page.url()).hash.slice(1));

/** Waits until the page's selection (table rows) is `want` (sorted). */
async function waitSelection(page, want) {
  await page.waitForFunction(
    (w) => JSON.stringify([...document.querySelectorAll('[data-testid="results-table"] tr.selected')].map((r) => Number(r.dataset.index)).sort((a, b) => a - b)) === JSON.stringify(w),
    want,
  );
}

test('a link restores the selection, the plane and the heatmap axes, and runs on open', async () => {
  const page = await s.openPage('index.html');
  // The best candidate alone is the default selection: not in the hash.
  assert.equal(params(page).has('sel'), false);
  await page.fill(tid('param-C'), '0.01, 1, 100');
  await page.click(tid('run-button'));
  await page.waitForFunction(() => /^Searched 6 candidates.*Drew/.test(document.getElementById('status').textContent));
  // Select two candidates, swap the heatmap's axes, two weights as the plane.
  let traj = await canvasStats(page, 'chart-trajectory');
  await page.click(`${tid('results-table')} tbody tr[data-index="0"]`);
  await page.click(`${tid('results-table')} tbody tr[data-index="1"]`, { modifiers: ['Shift'] });
  await waitSelection(page, [0, 1]);
  await waitRedrawn(page, 'chart-trajectory', traj.version);
  const heat = await canvasStats(page, 'chart-heatmap');
  await page.selectOption(tid('heatmap-x'), 'penalty');
  await page.selectOption(tid('heatmap-y'), 'C');
  await waitRedrawn(page, 'chart-heatmap', heat.version);
  traj = await canvasStats(page, 'chart-trajectory');
  await page.selectOption(tid('plane-kind'), 'weights');
  await page.selectOption(tid('plane-i'), '2');
  await page.selectOption(tid('plane-j'), '5');
  await waitRedrawn(page, 'chart-trajectory', traj.version);
  // The boundary over the sepals instead of the petals (Iris's default pair).
  assert.deepEqual([await page.inputValue(tid('boundary-x')), await page.inputValue(tid('boundary-y'))], ['2', '3']);
  const boundary = await canvasStats(page, 'chart-boundary');
  await page.selectOption(tid('boundary-x'), '0');
  await page.selectOption(tid('boundary-y'), '1');
  await waitRedrawn(page, 'chart-boundary', boundary.version);
  const p = params(page);
  assert.equal(p.get('bx'), '0');
  assert.equal(p.get('by'), '1');
  assert.equal(p.get('C'), '0.01,1,100');
  assert.equal(p.get('sel'), '0,1');
  assert.equal(p.get('hx'), 'penalty');
  assert.equal(p.get('hy'), 'C');
  assert.equal(p.get('plane'), 'weights');
  assert.equal(p.get('pi'), '2');
  assert.equal(p.get('pj'), '5');
  const bestParams = await page.getAttribute(tid('best-params'), 'data-value');

  // A teacher adds a lesson, a playback step and hides the penalty control.
  const link = `${page.url()}&lesson=regularisation&iter=12&penalty_hide=1`;
  const copy = await s.openPage(link);
  try {
    // It ran on open: the same best candidate, the same selection, axes and plane.
    assert.equal(await copy.getAttribute(tid('best-params'), 'data-value'), bestParams);
    await waitSelection(copy, [0, 1]);
    assert.equal(await copy.inputValue(tid('heatmap-x')), 'penalty');
    assert.equal(await copy.inputValue(tid('heatmap-y')), 'C');
    assert.equal(await copy.inputValue(tid('plane-kind')), 'weights');
    assert.equal(await copy.inputValue(tid('plane-i')), '2');
    assert.equal(await copy.inputValue(tid('plane-j')), '5');
    assert.equal(await copy.isVisible(tid('plane-i')), true);
    assert.deepEqual([await copy.inputValue(tid('boundary-x')), await copy.inputValue(tid('boundary-y'))], ['0', '1']);
    const heatmap = await copy.evaluate(() => globalThis.tunelab.heatmap);
    assert.equal(heatmap.x_label, 'penalty');
    assert.equal(heatmap.y_label, 'C');
    assert.deepEqual(await copy.evaluate(() => globalThis.tunelab.state.charts.loss.series.length), 2);
    // The hidden control is gone, the others stay; the hash keeps the flags and the lesson keys.
    assert.equal(await copy.isVisible(tid('penalty-l1')), false);
    assert.equal(await copy.isVisible(tid('param-C')), true);
    const q = params(copy);
    assert.equal(q.get('penalty_hide'), '1');
    assert.equal(q.get('lesson'), 'regularisation');
    assert.equal(q.get('iter'), '12');
    assert.equal(q.get('sel'), '0,1');
    // Changing the selection updates the link.
    await copy.click(`${tid('results-table')} tbody tr[data-index="2"]`);
    await copy.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get('sel') === '2');
    await s.screenshot(copy, 'link-restored');

    // Copy link: the full link (settings, selection, axes, plane, hidden controls, lesson).
    await s.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.baseUrl.replace(/\/$/, '') }).catch(() => {});
    await copy.click('#share-button');
    await copy.waitForFunction(() => /Link copied|Share this link/.test(document.getElementById('status').textContent));
    const status = await copy.textContent('#status');
    const copied = /Link copied/.test(status) ? await copy.evaluate(() => navigator.clipboard.readText()) : status.replace(/^Share this link: /, '');
    assert.equal(copied, copy.url());
    for (const part of ['sel=2', 'hx=penalty', 'plane=weights', 'penalty_hide=1', 'lesson=regularisation', 'iter=12', 'C=0.01,1,100']) {
      assert.ok(copied.includes(part), `${part} in ${copied}`);
    }
  } finally {
    await copy.close();
  }
  s.assertClean();
  await page.close();
});

test('hide flags: each hides its own control; a link with bad values keeps the defaults and still runs', async () => {
  const page = await s.openPage('index.html#k_hide=1&data_hide=1&solver_hide=1&scoring_hide=1&k=3&C=oops&test=5');
  try {
    for (const id of ['cv-folds', 'dataset-select', 'label-select', 'data-file-input', 'scoring']) {
      assert.equal(await page.isVisible(tid(id)), false, `${id} hidden`);
    }
    assert.equal(await page.isVisible('#optimiser-box'), false, 'the solver group hidden');
    assert.equal(await page.isVisible('#preset-seed'), false, 'presets would change the solver: hidden too');
    for (const id of ['param-C', 'penalty-l1', 'test-size', 'run-button']) assert.equal(await page.isVisible(tid(id)), true, `${id} shown`);
    // k=3 applies (hidden controls still count); the bad C and test keep their defaults.
    assert.equal(await page.inputValue(tid('cv-folds')), '3');
    assert.equal(await page.inputValue(tid('param-C')), '0.001, 0.01, 0.1, 1, 10, 100');
    assert.equal(await page.inputValue(tid('test-size')), '0.2');
    assert.match(await page.textContent('#status'), /Searched 12 candidates × 3 folds/);
    const p = params(page);
    assert.equal(p.get('k_hide'), '1');
    assert.equal(p.get('C'), '0.001,0.01,0.1,1,10,100', 'the hash is rewritten with the value in use');
    await s.screenshot(page, 'link-hidden-controls');
  } finally {
    await page.close();
  }
  s.assertClean();
});

test('following another link (hashchange) applies it and runs', async () => {
  const page = await s.openPage('index.html');
  const t = await canvasStats(page, 'chart-validation');
  await page.evaluate(() => { location.hash = '#C=0.1,1&penalty=l2&sel=1'; });
  await waitRedrawn(page, 'chart-validation', t.version);
  await page.waitForFunction(() => /Drew the optimisation path of #1 /.test(document.getElementById('status').textContent));
  assert.equal(await page.inputValue(tid('param-C')), '0.1, 1');
  assert.deepEqual(await selectedRows(page), [1]);
  s.assertClean();
  await page.close();
});

test('a link followed during a search cancels it first: the results are the new link\'s alone', async () => {
  const page = await s.openPage('index.html');
  // A slow search on Iris (networks of 1000–2000 units), then, while it runs, a link
  // to another data set and model. Before, the page's worker switched data under the
  // running search, whose results mixed folds of both sets.
  // Estimated long (no network run on Iris yet), so the page asks first, and says so.
  await page.evaluate(() => { location.hash = '#data=iris&model=mlp_classifier&hidden=1000,2000&miter=3000&test=0'; });
  await page.locator(tid('confirm-run')).waitFor({ state: 'visible' });
  assert.match(await page.textContent(tid('confirm-run')), /11 fits: about .+ at a cautious 0\.044 fits\/s \(no mlp_classifier run on iris yet\)/);
  assert.match(await page.textContent('#status'), /^The link is open\. This search is long: confirm it under Run search/);
  assert.equal(await page.evaluate(() => globalThis.tunelab.state.machine.running), false, 'nothing runs before the answer');
  await s.screenshot(page, 'link-asks-first');
  await page.click(tid('confirm-yes'));
  await page.waitForFunction(() => globalThis.tunelab.state.machine.running && /Searching 2 candidates/.test(document.getElementById('status').textContent));
  await page.evaluate(() => { location.hash = '#data=wine&model=logistic_regression&C=0.1,1&penalty=l2&test=0'; });
  await page.waitForFunction(() => {
    const st = globalThis.tunelab.state;
    return st.summary?.name === 'wine' && st.report && !st.machine.running && st.client.pending.size === 0 && /^Searched/.test(document.getElementById('status').textContent);
  }, null, { timeout: 120_000 });
  const got = await page.evaluate(() => {
    const { report, summary } = globalThis.tunelab.state;
    return { model: report.config.model, params: report.result.cv_results.params.length, rows: summary.n_samples, folds: report.result.cv_results.split4_test_score.length };
  });
  assert.deepEqual(got, { model: 'logistic_regression', params: 2, rows: 178, folds: 2 });
  s.assertClean();
  await page.close();
});

test('a link\'s values the page has no place for are named in the status line, and the defaults shown', async () => {
  const page = await s.openPage('index.html#scoring=roc_auc&lesson=nope&sel=99999&plane=weights&pi=99&hx=nope&bx=999');
  await page.waitForFunction(() => /^Ready in .*Searched/.test(document.getElementById('status').textContent) && /could not be used/.test(document.getElementById('status').textContent) && /results do not have/.test(document.getElementById('status').textContent));
  const status = await page.textContent('#status');
  for (const key of ['scoring', 'lesson', 'sel', 'pi', 'hx', 'bx']) assert.match(status, new RegExp(`“${key}”`), `${key} named: ${status}`);
  assert.equal(await page.inputValue(tid('scoring')), 'accuracy');
  assert.deepEqual(await selectedRows(page), [await page.evaluate(() => globalThis.tunelab.state.report.result.best_index)]);
  s.assertClean();
  await page.close();
});

test('two links followed at once: the later one alone is loaded and run', async () => {
  const page = await s.openPage('index.html');
  await page.evaluate(() => {
    location.hash = '#data=wine&model=logistic_regression&C=0.1,1&penalty=l2&test=0';
    location.hash = '#data=diabetes&model=ridge&alpha=0.1,1,10&test=0';
  });
  await page.waitForFunction(() => {
    const st = globalThis.tunelab.state;
    return st.summary?.name === 'diabetes' && st.report?.config?.model === 'ridge' && !st.machine.running && st.client.pending.size === 0;
  }, null, { timeout: 60_000 });
  await page.waitForTimeout(500); // nothing of the first link may follow
  const got = await page.evaluate(() => ({ data: globalThis.tunelab.state.summary.name, model: globalThis.tunelab.state.report.config.model, candidates: globalThis.tunelab.state.report.result.cv_results.params.length }));
  assert.deepEqual(got, { data: 'diabetes', model: 'ridge', candidates: 3 });
  assert.doesNotMatch(await page.textContent('#status'), /could not be used/);
  s.assertClean();
  await page.close();
});
