// The core's two builds (www/wasm-flavour.js): a browser without WebAssembly SIMD gets
// the scalar module, in the page and in every worker, says so in the status line, and
// computes the same numbers as the SIMD module, bit for bit. `?wasm=scalar` stands in
// for such a browser (Chromium has SIMD and no switch to turn it off); the unit tests
// check that a failed SIMD probe picks the same build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSession } from './harness.mjs';
import { runAndWait } from './playground.mjs';

/** Searches run in the page's worker, on other data and models than the default. */
const CASES = [
  { data: 'wine', config: { model: 'logistic_regression', grid: { C: [0.01, 1, 100], penalty: ['l2', 'l1'] }, cv: { k: 5 } } },
  { data: 'diabetes', config: { model: 'lasso', grid: { alpha: [0.01, 0.1, 1] }, cv: { k: 5 } } },
  { data: 'diabetes', config: { model: 'ridge', grid: { alpha: [0.1, 10] }, cv: { k: 5 } } },
  { data: 'breast_cancer', config: { model: 'mlp_classifier', grid: { hidden_layer_sizes: [5, 20], alpha: [0.0001, 0.1] }, cv: { k: 3 } } },
];

/**
 * cv_results of the page's first search and of each case, without the timing columns,
 * as JSON text (so that equal means the same bits, NaN included).
 */
function results(page) {
  return page.evaluate(async (cases) => {
    const { builtinPayload } = await import('./www/builtin-data.js');
    const { state } = globalThis.tunelab;
    const strip = (cv) => JSON.stringify(Object.fromEntries(Object.entries(cv).filter(([k]) => !/time/.test(k))), (_, v) => (Number.isNaN(v) ? 'NaN' : v));
    const out = [strip(state.report.result.cv_results)];
    for (const { data, config } of cases) {
      await state.client.call('load_builtin', await builtinPayload(data));
      await state.client.call('commit_data');
      out.push(strip((await state.client.call('run', config)).result.cv_results));
    }
    return out;
  }, CASES);
}

test('without SIMD the page runs the scalar build, with the SIMD build’s numbers', async () => {
  const s = await startSession();
  try {
    const scalar = await s.openPage('index.html?wasm=scalar');
    assert.equal(await scalar.evaluate(() => document.body.dataset.wasm), 'scalar');
    assert.equal(await scalar.evaluate(() => globalThis.tunelab.state.client.wasm), 'scalar', 'the worker says which build it started');
    assert.match(await scalar.textContent('#status'), /no WebAssembly SIMD, so the core runs its slower scalar build/);
    // A second search uses the page's helpers too: each starts the scalar module.
    await runAndWait(scalar);
    const fetched = (name) => s.requests.filter((r) => r.url.endsWith(`/www/pkg/${name}`)).length;
    assert.ok(fetched('tunelab_scalar_bg.wasm') >= 2, 'the page and its worker fetch the scalar module');
    assert.equal(fetched('tunelab_bg.wasm'), 0, 'nothing fetches the SIMD module');
    const fromScalar = await results(scalar);

    const simd = await s.openPage('index.html');
    assert.equal(await simd.evaluate(() => document.body.dataset.wasm), 'simd');
    assert.equal(await simd.evaluate(() => globalThis.tunelab.state.client.wasm), 'simd');
    assert.doesNotMatch(await simd.textContent('#status'), /SIMD/);
    assert.ok(fetched('tunelab_bg.wasm') >= 2, 'the page and its worker fetch the SIMD module');
    const fromSimd = await results(simd);

    assert.equal(fromScalar.length, CASES.length + 1);
    fromScalar.forEach((got, i) => {
      assert.ok(got.length > 500, `case ${i} has results`);
      assert.equal(got, fromSimd[i], `case ${i}: the two builds differ`);
    });
    s.assertClean();
  } finally {
    await s.close();
  }
});

test('a browser without WebAssembly is told why the page cannot start', async () => {
  const s = await startSession();
  try {
    // As Safari's Lockdown Mode leaves the page: no WebAssembly object at all.
    await s.context.addInitScript(() => {
      delete globalThis.WebAssembly;
    });
    const page = await s.openPage('index.html', { waitReady: false });
    await page.waitForFunction(() => document.body.dataset.ready === 'error', null, { timeout: 30_000 });
    assert.match(await page.textContent('#status'), /^TuneLab could not start: this browser runs no WebAssembly, which TuneLab computes with/);
    assert.equal(await page.getAttribute('#status', 'data-kind'), 'error');
  } finally {
    await s.close();
  }
});
