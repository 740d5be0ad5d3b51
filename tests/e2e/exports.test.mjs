// Exports: cv_results_ as CSV, the report as JSON, a chart as PNG, the search as a
// scikit-learn script — each a download made in the page (a Blob URL), no network.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startSession } from './harness.mjs';
import { tid } from './playground.mjs';

let s;
let page;
before(async () => {
  s = await startSession();
  page = await s.openPage('index.html');
});
after(async () => {
  await s?.close();
});

/** Clicks `id` and returns the download's file name and contents. */
async function downloaded(id) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(tid(id))]);
  const file = await download.path();
  assert.ok(file, `${id}: the download was saved`);
  assert.match(download.url(), /^blob:/, 'made in the page');
  return { name: download.suggestedFilename(), body: await readFile(file) };
}

test('cv_results_ as CSV: scikit-learn column names, one row per candidate', async () => {
  const { name, body } = await downloaded('export-csv');
  assert.equal(name, 'cv_results.csv');
  const lines = body.toString('utf8').trim().split('\r\n');
  const head = lines[0].split(',');
  for (const c of ['params', 'param_C', 'param_penalty', 'mean_test_score', 'std_test_score', 'rank_test_score', 'split0_test_score', 'mean_fit_time']) {
    assert.ok(head.includes(c), `${c} in ${lines[0]}`);
  }
  assert.equal(lines.length, 1 + 12, 'one row per candidate');
  // Said beside the buttons (on a phone the status line is screens above them).
  assert.equal(await page.textContent(tid('export-note')), 'Saved cv_results.csv.');
  s.assertClean();
});

test('the report as JSON parses, with cv_results, best_params and best_score', async () => {
  const { name, body } = await downloaded('export-json');
  assert.equal(name, 'tunelab_report.json');
  const report = JSON.parse(body.toString('utf8'));
  const shown = await page.evaluate(() => window.__tunelab.lastReport.result);
  assert.deepEqual(report.best_params, shown.best_params);
  assert.equal(report.best_score, shown.best_score);
  assert.equal(report.cv_results.mean_test_score.length, 12);
  s.assertClean();
});

test('a chart as PNG (the one last used, named on the button, and each chart\'s own button)', async () => {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  assert.equal(await page.textContent(tid('export-png')), 'chart PNG (heatmap)');
  await page.click(tid('chart-validation'));
  assert.equal(await page.textContent(tid('export-png')), 'chart PNG (validation curve)', 'the button names the chart it saves');
  const { name, body } = await downloaded('export-png');
  assert.equal(await page.textContent(tid('export-note')), 'Saved tunelab_validation.png.');
  assert.equal(name, 'tunelab_validation.png');
  assert.deepEqual([...body.subarray(0, 8)], png);
  const own = await downloaded('png-boundary');
  assert.equal(own.name, 'tunelab_boundary.png');
  assert.deepEqual([...own.body.subarray(0, 8)], png);
  assert.ok(own.body.length > 5000, `a real image (${own.body.length} bytes)`);
  // The page shows the chart's notes as text under the canvas; the saved image has
  // them drawn in: the same size as the canvas, not the same picture.
  const canvasPng = await page.evaluate(() => document.querySelector('[data-testid="chart-boundary"]').toDataURL('image/png'));
  const onPage = Buffer.from(canvasPng.split(',')[1], 'base64');
  const size = (buf) => [buf.readUInt32BE(16), buf.readUInt32BE(20)];
  assert.deepEqual(size(own.body), size(onPage), 'the canvas\'s size');
  assert.notDeepEqual(own.body, onPage, 'the notes drawn in');
  s.assertClean();
});

test('the scikit-learn script runs GridSearchCV on the same grid', async () => {
  const { name, body } = await downloaded('export-sklearn');
  assert.equal(name, 'tunelab_search.py');
  const text = body.toString('utf8');
  assert.match(text, /GridSearchCV/);
  assert.match(text, /load_iris/);
  assert.match(text, /0\.001/);
  s.assertClean();
});
