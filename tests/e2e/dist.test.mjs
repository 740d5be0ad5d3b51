// The distributable builds run the default grid: dist/ served over http (made by
// `make dist`), and the single file dist/tunelab.html opened from file:// (built here
// by scripts/build_single.mjs into a temporary folder, so the test needs only www/pkg).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, startSession } from './harness.mjs';
import { runAndWait } from './playground.mjs';

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

test('the single-file build runs the default grid from file://', async () => {
  const s = await startSession({ root: null });
  try {
    const page = await s.openPage(single);
    assert.match(await page.textContent('#status'), /offline copy/);
    const got = await runAndWait(page);
    assert.deepEqual(got.bestParams, { C: 100, penalty: 'l1' });
    assert.equal(got.bestScore, 0.9666666666666666);
    await s.screenshot(page, 'single-file');
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
