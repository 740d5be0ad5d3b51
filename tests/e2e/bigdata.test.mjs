// Large data in the page: a 20,000 × 50 CSV (≈ 10 MB) chosen through the file input is
// read and parsed in the worker with progress in the page's progress bar, while
// animation frames keep ticking; Cancel during a load keeps the data set in use; an
// error deep in the file names its line and column. (The 100,000 × 50 figures come
// from `node tests/e2e/bench.mjs --big`.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSession } from './harness.mjs';
import { runAndWait, tid } from './playground.mjs';
import { startFrameMonitor, workerMemory } from './big.mjs';

const ROWS = 20_000;
const FEATURES = 50;
/** The largest gap between two animation frames allowed during the load (behaviour, not speed). */
const MAX_FRAME_GAP_MS = 250;

/**
 * A `rows` × FEATURES, 3-class CSV (a linear-congruential stream, so every run writes
 * the same bytes); `bad` = [line, column, text] puts `text` in that 1-based cell.
 */
function bigCsv(rows, bad = null) {
  let seed = 12345;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const lines = [[...Array.from({ length: FEATURES }, (_, j) => `f${j + 1}`), 'class'].join(',')];
  for (let i = 0; i < rows; i++) {
    const k = i % 3;
    const cells = Array.from({ length: FEATURES }, (_, j) => (next() * 2 - 1 + (j < 5 ? k : 0)).toFixed(6));
    cells.push(`c${k}`);
    lines.push(cells.join(','));
  }
  if (bad) {
    const [line, column, text] = bad;
    const cells = lines[line - 1].split(',');
    cells[column - 1] = text;
    lines[line - 1] = cells.join(',');
  }
  return lines.join('\n') + '\n';
}

let s;
let dir;
let big;
let bad;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tunelab-big-'));
  big = path.join(dir, 'big.csv');
  bad = path.join(dir, 'bad-big.csv');
  await writeFile(big, bigCsv(ROWS));
  await writeFile(bad, bigCsv(ROWS, [15_001, 7, 'oops']));
  s = await startSession({ viewport: { width: 1366, height: 768 } });
});
after(async () => {
  await s?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A page with its first search done and the frame monitor running. */
async function freshPage() {
  const page = await s.openPage('index.html');
  await page.waitForFunction(() => globalThis.tunelab.state.report && !globalThis.tunelab.state.machine.running, null, { timeout: 60_000 });
  await startFrameMonitor(page);
  return page;
}

test('a 20,000 × 50 CSV loads in the worker with progress while frames keep ticking', async () => {
  const page = await freshPage();
  await page.evaluate(() => {
    globalThis.__frames.reset();
    globalThis.__frames.watchLoad('big.csv');
  });
  await page.setInputFiles(tid('data-file-input'), big);
  await page.waitForFunction(() => globalThis.__frames.loadedAt !== null, null, { timeout: 120_000, polling: 100 });
  const load = await page.evaluate(() => globalThis.__frames.read());
  const summary = await page.evaluate(() => globalThis.tunelab.state.summary);
  assert.equal(summary.n_samples, ROWS);
  assert.equal(summary.n_features, FEATURES);
  assert.deepEqual(summary.class_names, ['c0', 'c1', 'c2']);
  assert.match(await page.textContent('#data-summary'), /^big\.csv: 20000 rows · 50 features · 3 classes/);
  // Progress replies reached the bar: more than one distinct text, in bytes of the file.
  const distinct = new Set(load.progress);
  assert.ok(distinct.size > 1, `progress texts seen: ${JSON.stringify(load.progress)}`);
  assert.ok(load.progress.some((t) => /^(Reading|Parsing) big\.csv: \d+ % \(\d+(\.\d)? of \d+(\.\d)? MB\)$/.test(t)), JSON.stringify(load.progress));
  // The page kept drawing frames through the load.
  assert.ok(load.frames >= 3, `${load.frames} frames during the load`);
  assert.ok(load.maxGap < MAX_FRAME_GAP_MS, `largest gap between frames ${load.maxGap.toFixed(0)} ms`);
  // The loaded file's data reach a search (the pool's helpers read the File themselves).
  await page.fill(tid('param-C'), '0.1, 1');
  await page.uncheck(tid('penalty-l1'));
  await page.fill(tid('test-size'), '0');
  const result = await runAndWait(page, 300_000);
  assert.ok(result.bestScore > 0.5, result.status);
  const memory = await workerMemory(page);
  assert.ok(memory.length >= 1 && memory.every((b) => b > 8 * FEATURES * ROWS), JSON.stringify(memory));
  s.assertClean();
  await page.close();
});

test('Cancel during a load keeps the data set in use; the page can run on it', async () => {
  const page = await freshPage();
  const before = await page.evaluate(() => globalThis.tunelab.state.summary.name);
  // Drop the file and press Cancel in the same task: the load is in flight for sure.
  await page.evaluate(async (csv) => {
    const file = new File([csv], 'big.csv', { type: 'text/csv' });
    const dt = new DataTransfer();
    dt.items.add(file);
    document.getElementById('data-panel').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    const cancel = document.querySelector('[data-testid="cancel-button"]');
    if (cancel.disabled) throw new Error('Cancel is not enabled during a load');
    cancel.click();
  }, bigCsv(ROWS));
  await page.waitForFunction(() => /Cancelled loading big\.csv: still using/.test(document.getElementById('status').textContent), null, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => globalThis.tunelab.state.summary.name), before);
  assert.equal(await page.evaluate(() => globalThis.tunelab.state.csv), null);
  assert.match(await page.textContent('#data-summary'), new RegExp(`^${before}: `));
  assert.equal(await page.textContent('#progress-text'), '');
  const result = await runAndWait(page);
  assert.ok(result.bestScore > 0.5, result.status);
  s.assertClean();
  await page.close();
});

test('an error deep in a large file names its line and column; the data in use stay', async () => {
  const page = await freshPage();
  await page.setInputFiles(tid('data-file-input'), bad);
  await page.waitForSelector(`${tid('data-error')}:not([hidden])`, { timeout: 120_000 });
  const error = await page.textContent(tid('data-error'));
  assert.match(error, /bad-big\.csv: line 15001, column 7 \("f7"\): "oops" is not a number/);
  assert.match(await page.textContent('#data-summary'), /^iris: 150 rows/);
  // Its columns are offered as label choices (read in the worker from the file's start).
  const options = await page.locator(`${tid('label-select')} option`).allTextContents();
  assert.equal(options.length, FEATURES + 2);
  assert.equal(options.at(-1), 'class');
  assert.equal(await page.textContent('#progress-text'), '');
  s.assertClean();
  await page.close();
});
