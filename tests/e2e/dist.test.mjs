// The distributable builds run the default grid: dist/ served over http (made by
// `make dist`), and the single file dist/tunelab.html opened from file:// (built here
// by scripts/build_single.mjs into a temporary folder, so the test needs only www/pkg),
// under its own Content-Security-Policy with no violation, and loads the built-in sets
// (inlined there: the wasm does not hold them); the single file holds both builds of the
// core, with and without SIMD.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ROOT, startSession } from './harness.mjs';
import { runAndWait, tid } from './playground.mjs';

const DIST = path.join(ROOT, 'dist');
let tmp;
let single;
before(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'tunelab-single-'));
  single = path.join(tmp, 'tunelab.html');
  await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts', 'build_single.mjs'), ROOT, single], { cwd: ROOT });
});
after(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('the single-file build runs the default grid from file://, under its own CSP', async () => {
  const s = await startSession({ root: null });
  try {
    await s.context.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = await s.openPage(single);
    assert.match(await page.textContent('#status'), /offline copy/);
    assert.equal(await page.evaluate(() => globalThis.tunelab.state.client.wasm), 'simd');
    const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(policy, /^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]+=*' 'wasm-unsafe-eval'; worker-src blob:; style-src 'sha256-/);
    assert.match(policy, /object-src 'none'; base-uri 'none'/);
    assert.equal(await page.locator('script[src], link[rel="stylesheet"]').count(), 0, 'nothing is loaded from a file');
    const got = await runAndWait(page);
    assert.deepEqual(got.bestParams, { C: 100, penalty: 'l1' });
    assert.equal(got.bestScore, 0.9666666666666666);
    for (const button of await page.locator('button.show-data[aria-expanded="false"]').all()) {
      if (await button.isVisible()) await button.click();
    }
    const download = page.waitForEvent('download');
    await page.click(tid('export-png'));
    assert.match((await download).suggestedFilename(), /\.png$/);
    // The built-in sets besides Iris are not in the wasm: this file holds their CSV text.
    for (const [name, shape] of [['wine', '178 rows · 13 features'], ['breast_cancer', '569 rows · 30 features'], ['diabetes', '442 rows · 10 features · numeric target']]) {
      await page.selectOption(tid('dataset-select'), name);
      await page.waitForFunction((n) => document.getElementById('data-summary').textContent.startsWith(`${n}:`), name);
      assert.match(await page.textContent('#data-summary'), new RegExp(`^${name}: ${shape}`));
    }
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    await s.screenshot(page, 'single-file');
    s.assertClean();
  } finally {
    await s.close();
  }
});

test('the single file holds the scalar build too, for a browser without SIMD', async () => {
  const s = await startSession({ root: null });
  try {
    const page = await s.openPage(`${pathToFileURL(single).href}?wasm=scalar`);
    assert.equal(await page.evaluate(() => document.body.dataset.wasm), 'scalar');
    // The worker started from the Blob URL was handed the scalar bytes too, and says so.
    assert.equal(await page.evaluate(() => globalThis.tunelab.state.client.wasm), 'scalar');
    assert.match(await page.textContent('#status'), /offline copy; this browser has no WebAssembly SIMD/);
    const got = await runAndWait(page);
    assert.deepEqual(got.bestParams, { C: 100, penalty: 'l1' });
    assert.equal(got.bestScore, 0.9666666666666666);
    s.assertClean();
  } finally {
    await s.close();
  }
});

test('dist/ (from `make dist`) runs the default grid over http', { skip: !existsSync(path.join(DIST, 'index.html')) && 'dist/index.html is missing: run `make dist`' }, async () => {
  const s = await startSession({ root: DIST });
  try {
    const page = await s.openPage('index.html');
    const got = await runAndWait(page);
    assert.deepEqual(got.bestParams, { C: 100, penalty: 'l1' });
    s.assertClean();
  } finally {
    await s.close();
  }
});

test('dist/tunelab.html (from `make dist`) runs from file://', { skip: !existsSync(path.join(DIST, 'tunelab.html')) && 'dist/tunelab.html is missing: run `make dist`' }, async () => {
  const s = await startSession({ root: null });
  try {
    const page = await s.openPage(path.join(DIST, 'tunelab.html'));
    const got = await runAndWait(page);
    assert.deepEqual(got.bestParams, { C: 100, penalty: 'l1' });
    s.assertClean();
  } finally {
    await s.close();
  }
});
