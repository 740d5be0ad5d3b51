// Data panel: CSV by file picker, drag-and-drop and paste; label column; errors that
// say where, with the previous data kept; user text shown as text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession } from './harness.mjs';
import { runAndWait, tid } from './playground.mjs';

/** A small two-class CSV with a second integer column that can serve as label. */
function goodCsv() {
  const lines = ['x1,x2,group,kind'];
  for (let i = 0; i < 40; i++) {
    const kind = i % 2;
    const x1 = (kind ? 2 : -2) + Math.sin(i) * 0.8;
    const x2 = (kind ? -1 : 1) + Math.cos(i * 1.7) * 0.8;
    lines.push(`${x1.toFixed(3)},${x2.toFixed(3)},${i % 3},${kind}`);
  }
  return lines.join('\n') + '\n';
}

const BAD = 'f1,f2,label\n1,2,a\n3,oops,b\n5,6,a\n';

let s;
let page;
before(async () => {
  s = await startSession();
  page = await s.openPage('index.html');
});
after(async () => {
  await s?.close();
});

/** The data summary line. */
const summary = () => page.textContent('#data-summary');

/** Chooses a file through the file input. */
async function pickFile(name, text) {
  await page.setInputFiles(tid('data-file-input'), { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

test('a malformed CSV shows its line and column; Iris stays loaded', async () => {
  assert.match(await summary(), /^iris: 150 rows/);
  await pickFile('bad.csv', BAD);
  await page.waitForSelector(`${tid('data-error')}:not([hidden])`);
  const error = await page.textContent(tid('data-error'));
  assert.match(error, /bad\.csv/);
  assert.match(error, /line 3, column 2/);
  assert.match(error, /oops/);
  assert.match(await summary(), /^iris: 150 rows/);
  assert.equal(await page.inputValue(tid('dataset-select')), 'iris');
  await s.screenshot(page, 'bad-csv');
});

test('a good CSV loads through the file input, with preview and label choices', async () => {
  await pickFile('good.csv', goodCsv());
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.startsWith('good.csv'));
  assert.match(await summary(), /good\.csv: 40 rows · 3 features · 2 classes \(0: 20, 1: 20\)/);
  assert.equal(await page.isHidden(tid('data-error')), true);
  assert.equal(await page.inputValue(tid('dataset-select')), 'csv');
  assert.deepEqual(await page.locator(`${tid('label-select')} option`).allTextContents(), ['x1', 'x2', 'group', 'kind']);
  assert.equal(await page.locator('#preview-table tbody tr').count(), 8);
  const got = await runAndWait(page);
  assert.ok(got.bestScore > 0.8, `best score ${got.bestScore}`);
  s.assertClean();
});

test('choosing another label column reloads the CSV with it', async () => {
  assert.match(await page.textContent('#progress-text'), /^61 \/ 61 fits/);
  await page.selectOption(tid('label-select'), { label: 'group' });
  await page.waitForFunction(() => /label “group”/.test(document.getElementById('data-summary').textContent));
  assert.equal(await page.textContent('#progress-text'), '', 'new data clears the last run’s progress');
  assert.equal(await page.getAttribute(tid('progress'), 'value'), '0');
  assert.match(await summary(), /40 rows · 3 features · 3 classes/);
  // The dropdown keeps the file's column order and shows the label in use.
  assert.deepEqual(await page.locator(`${tid('label-select')} option`).allTextContents(), ['x1', 'x2', 'group', 'kind']);
  assert.equal(await page.inputValue(tid('label-select')), '2');
});

test('a bad file after a good one keeps the good one', async () => {
  await pickFile('bad.csv', BAD);
  await page.waitForSelector(`${tid('data-error')}:not([hidden])`);
  assert.match(await summary(), /^good\.csv: 40 rows/);
  assert.equal(await page.inputValue(tid('dataset-select')), 'csv');
});

test('a file no label column would load (ragged, header alone) leaves the label in use', async () => {
  // good.csv is loaded with its label "group" (the bad.csv before offered its own columns).
  for (const [name, text, said] of [
    ['ragged.csv', 'a,b,label\n1,2,x\n3,y\n', /line 3: expected 3 fields/],
    ['header.csv', 'a,b,label\n', /header/],
  ]) {
    await pickFile(name, text);
    await page.waitForFunction((n) => document.querySelector('[data-testid="data-error"]').textContent.includes(n), name);
    const error = await page.textContent(tid('data-error'));
    assert.match(error, said);
    assert.doesNotMatch(error, /choose its label column below/, name);
    assert.deepEqual(await page.locator(`${tid('label-select')} option`).allTextContents(), ['x1', 'x2', 'group', 'kind'], name);
    assert.equal(await page.inputValue(tid('label-select')), '2', name);
    assert.match(await summary(), /^good\.csv: 40 rows/);
  }
});

test('text labels in the first column: retried with that column, and said so', async () => {
  const lines = ['colour;Länge;Breite;Gewicht'];
  const colours = ['rot', 'grün', 'blau'];
  for (let i = 0; i < 30; i++) lines.push(`${colours[i % 3]};${(i % 3) + Math.sin(i) * 0.3};${2 - (i % 3) + Math.cos(i) * 0.3};${i % 5}`);
  await pickFile('farben.csv', lines.join('\n'));
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.startsWith('farben.csv'));
  assert.match(await summary(), /farben\.csv: 30 rows · 3 features · 3 classes \(blau: 10, grün: 10, rot: 10\) · label “colour”/);
  assert.equal(await page.isHidden(tid('data-error')), true);
  assert.match(await page.textContent(tid('data-note')), /Labels taken from column “colour”, the only text column/);
  assert.equal(await page.inputValue(tid('label-select')), '0');
  await s.screenshot(page, 'label-retried');
  const got = await runAndWait(page);
  assert.ok(got.bestScore > 0.5, `best score ${got.bestScore}`);
  s.assertClean();
});

test('a label column that fails to load: the dropdown goes back to the one in use', async () => {
  await page.selectOption(tid('label-select'), { label: 'Gewicht' }); // "colour" becomes a feature: fails
  await page.waitForFunction(() => !document.querySelector('[data-testid="data-error"]').hidden);
  assert.match(await page.textContent(tid('data-error')), /farben\.csv: line 2, column 1 \("colour"\): "rot" is not a number/);
  assert.equal(await page.inputValue(tid('label-select')), '0', 'the dropdown shows the label in use');
  assert.match(await summary(), /label “colour”/);
  assert.equal(await page.isHidden(tid('data-note')), true);
});

test('a file that fails offers its own columns as label choices', async () => {
  const lines = ['x,y,kind,batch'];
  for (let i = 0; i < 20; i++) lines.push(`${i % 2 + Math.sin(i) * 0.4},${Math.cos(i)},${i % 2},7`);
  await pickFile('constant.csv', lines.join('\n')); // the last column has one class only
  await page.waitForFunction(() => /constant\.csv/.test(document.querySelector('[data-testid="data-error"]').textContent));
  assert.match(await page.textContent(tid('data-error')), /or choose its label column below/);
  assert.match(await summary(), /^farben\.csv/, 'the loaded data stays');
  assert.equal(await page.isEnabled(tid('label-select')), true);
  const options = await page.locator(`${tid('label-select')} option`).allTextContents();
  assert.deepEqual(options.slice(1), ['x', 'y', 'kind', 'batch']);
  await page.selectOption(tid('label-select'), { label: 'kind' });
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.startsWith('constant.csv'));
  assert.match(await summary(), /20 rows · 3 features · 2 classes \(0: 10, 1: 10\) · label “kind”/);
  assert.equal(await page.isHidden(tid('data-error')), true);
});

test('pasted text and a dropped file load too; headers are shown as text', async () => {
  await page.click('#paste-box summary');
  const evil = 'a,<img src=x onerror="window.__pwned=1">,label\n1,2,p\n3,4,q\n5,6,p\n7,8,q\n9,1,p\n2,3,q\n';
  await page.fill('#paste-text', evil);
  await page.click('#paste-load');
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.startsWith('pasted.csv'));
  assert.equal(await page.locator('#preview-table img').count(), 0);
  // A long header is shortened in the preview, with the full text on hover.
  const th = page.locator('#preview-table th').nth(1);
  assert.equal(await th.getAttribute('title'), '<img src=x onerror="window.__pwned=1">');
  assert.ok('<img src=x onerror="window.__pwned=1">'.startsWith((await th.textContent()).replace(/…$/, '')));
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  // A class too small for five folds: scikit-learn's warning under the grid's size.
  const rare = ['a,b,label', ...Array.from({ length: 30 }, (_, i) => `${i},${i % 7},p`), ...Array.from({ length: 4 }, (_, i) => `${i},5,q`)].join('\n');
  await page.fill('#paste-text', rare);
  await page.click('#paste-load');
  await page.waitForFunction(() => /^pasted\.csv: 34 rows/.test(document.getElementById('data-summary').textContent));
  await page.waitForFunction(() => !document.getElementById('grid-warning').hidden, null, { timeout: 10_000 }).catch(() => {}); // asserted below
  assert.match(await page.textContent(tid('grid-warning')),
    /^The least populated class in y has only [1-4] members, which is less than n_splits=5\. Some test folds have none of it\.$/);
  assert.equal(await page.isVisible(tid('grid-warning')), true);

  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
    document.getElementById('data-panel').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, goodCsv());
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.startsWith('dropped.csv'));
  assert.equal(await page.isVisible(tid('grid-warning')), false, 'twenty rows a class: no warning');
  s.assertClean();
});

test('the data-set menu goes back to Iris', async () => {
  await page.selectOption(tid('dataset-select'), 'iris');
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.startsWith('iris'));
  assert.equal(await page.isDisabled(tid('label-select')), true);
  assert.equal(await page.isVisible(tid('grid-warning')), false, 'fifty rows a class: no warning');
  const got = await runAndWait(page);
  assert.deepEqual(got.bestParams, { C: 100, penalty: 'l1' });
  s.assertClean();
});

test('data changes refused during a search leave the controls on the data in use; a model changed during it reads the CSV again after', async () => {
  const p = await s.openPage('index.html');
  const lines = ['a,b,grp,y'];
  for (let i = 0; i < 300; i++) lines.push(`${Math.sin(i).toFixed(4)},${Math.cos(i).toFixed(4)},${i % 3},${((i % 7) * 0.37).toFixed(2)}`);
  await p.setInputFiles(tid('data-file-input'), { name: 'c.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await p.waitForFunction(() => document.getElementById('data-summary').textContent.startsWith('c.csv') && globalThis.tunelab.state.workerReady);
  const selected = (id) => p.$eval(tid(id), (el) => el.options[el.selectedIndex].textContent);
  // A slow search: networks of 3000 and 4000 units.
  await p.selectOption(tid('model-select'), 'mlp_classifier');
  await p.fill(tid('param-hidden'), '3000, 4000');
  await p.click(tid('run-button'));
  await p.locator(tid('confirm-run')).waitFor({ state: 'visible' }); // long: the page asks first
  await p.click(tid('confirm-yes'));
  await p.waitForFunction(() => globalThis.tunelab.state.machine.running);
  // Another label, another data set: refused, and the controls say what is loaded.
  await p.selectOption(tid('label-select'), { label: 'grp' });
  await p.waitForFunction(() => /A search is running/.test(document.getElementById('status').textContent));
  assert.equal(await selected('label-select'), 'y');
  await p.selectOption(tid('dataset-select'), 'wine');
  assert.equal(await p.inputValue(tid('dataset-select')), 'csv');
  assert.match(await p.textContent('#data-summary'), /^c\.csv/);
  // A regressor chosen during the search: the label is read as numbers once it stops.
  await p.selectOption(tid('model-select'), 'ridge');
  assert.equal(await p.evaluate(() => globalThis.tunelab.state.csv.target ?? 'classes'), 'classes');
  await p.click(tid('cancel-button'));
  await p.waitForFunction(() => !globalThis.tunelab.state.machine.running && globalThis.tunelab.state.csv?.target === 'values' && globalThis.tunelab.state.summary?.regression === true, null, { timeout: 60_000 });
  assert.equal(await p.isHidden('#model-error'), true);
  s.assertClean();
  await p.close();
});

test('a paste too long for the box is loaded at once, and the note saying so stays', async () => {
  const p = await s.openPage('index.html');
  await p.evaluate(() => {
    let text = 'x1,x2,kind\n';
    for (let i = 0; text.length <= 1_100_000; i++) text += `${(i % 97) * 0.5},${(i % 89) * 0.25},${i % 2 ? 'a' : 'b'}\n`;
    const box = document.getElementById('paste-text');
    document.getElementById('paste-box').open = true;
    const data = new DataTransfer();
    data.setData('text/plain', text);
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await p.waitForFunction(() => document.getElementById('data-summary').textContent.startsWith('pasted.csv'));
  assert.equal(await p.inputValue('#paste-text'), '');
  assert.match(await p.textContent('#data-note'), /Pasted 1\.1 million characters: loaded at once, not shown in the box\./);
  assert.equal(await p.isVisible('#data-note'), true);
  s.assertClean();
  await p.close();
});

test('data of many classes: the confusion matrix says why it is not drawn, and the page does not stall', async () => {
  const p = await s.openPage('index.html');
  await p.click('#paste-box summary');
  const rows = ['a,b,label'];
  for (let i = 0; i < 400; i++) rows.push(`${(i * 37) % 101},${(i * 53) % 97},c${i % 80}`);
  await p.fill('#paste-text', rows.join('\n'));
  await p.click('#paste-load');
  await p.waitForFunction(() => /^pasted\.csv: 400 rows/.test(document.getElementById('data-summary').textContent));
  await p.fill(tid('test-size'), '0');
  await p.fill(tid('cv-folds'), '2');
  await p.fill(tid('param-C'), '1');
  await p.click(tid('run-button'));
  await p.waitForFunction(() => !globalThis.tunelab.state.machine.running && /^Searched/.test(document.getElementById('status').textContent), null, { timeout: 60_000 });
  assert.match(await p.getAttribute(tid('chart-confusion'), 'aria-label'), /80 classes are too many to read as one \(it is drawn for up to 40\)/);
  assert.equal(await p.getAttribute(tid('chart-confusion'), 'data-drawn'), '0');
  s.assertClean();
  await p.close();
});
