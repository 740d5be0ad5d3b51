// Smoke test: the page loads its wasm and says it is ready, served over http from the
// repo root and from dist/, and as the one-file dist/tunelab.html opened from file://;
// no console error and no request leaves 127.0.0.1. Run by `make test` after `make dist`.

import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, startSession } from './harness.mjs';

const SINGLE = path.join(ROOT, 'dist', 'tunelab.html');

let s;
before(async () => {
  s = await startSession();
});
after(async () => {
  await s?.close();
});
beforeEach(() => s.clear());

/** Opens `target`, checks it is ready, clean and shows something, and saves a screenshot. */
async function loads(target, shot) {
  const page = await s.openPage(target);
  assert.equal(await page.evaluate(() => document.body.dataset.ready), '1');
  const text = await page.evaluate(() => document.body.innerText.trim());
  assert.ok(text.length > 0, 'the page shows no text');
  await s.screenshot(page, shot);
  s.assertClean();
  await page.close();
}

test('index.html served from the repo root loads its wasm', { timeout: 90_000 }, async () => {
  assert.ok(existsSync(path.join(ROOT, 'www', 'pkg')), 'www/pkg is missing: run `make wasm`');
  await loads('index.html', 'smoke-index');
  assert.ok(
    s.requests.some((r) => r.url.endsWith('.wasm')),
    'no .wasm was requested',
  );
});

test('dist/index.html is self-contained', { timeout: 90_000 }, async () => {
  assert.ok(existsSync(path.join(ROOT, 'dist', 'index.html')), 'dist/ is missing: run `make dist`');
  await loads('dist/index.html', 'smoke-dist');
  const outside = s.requests.filter((r) => r.url.startsWith(s.baseUrl) && !r.url.startsWith(`${s.baseUrl}dist/`));
  assert.deepEqual(outside.map((r) => r.url), [], 'dist/index.html fetched files from outside dist/');
});

test('dist/tunelab.html works from file://', { timeout: 90_000 }, async () => {
  assert.ok(existsSync(SINGLE), 'dist/tunelab.html is missing: run `make dist`');
  await loads(SINGLE, 'smoke-single-file');
  const network = s.requests.filter((r) => /^https?:/.test(r.url));
  assert.deepEqual(network.map((r) => r.url), [], 'the single file made http requests');
});
