// Defence in depth (issue 9): index.html carries a Content-Security-Policy and works under
// it (no securitypolicyviolation in normal use: a search, every "Show data" table, a PNG
// export); XSS payloads in a file name, column names, class labels, a data-set name and
// the hash execute nothing and show as text. (The one-file page's policy: dist.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession } from './harness.mjs';
import { runAndWait, tid } from './playground.mjs';

/** Payloads that set window.__xss or open a dialog if they ever run as code. */
const PAYLOADS = [
  '<img src=x onerror="window.__xss=1;alert(1)">',
  '"><script>window.__xss=2;alert(2)</script>',
  "<svg onload='window.__xss=3'>",
  'javascript:window.__xss=4',
];

let s;
const dialogs = [];
before(async () => {
  s = await startSession({ viewport: { width: 1366, height: 768 } });
  await s.context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  s.context.on('page', (page) =>
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      dialog.dismiss().catch(() => {});
    }),
  );
});
after(async () => {
  await s?.close();
});

/** What ran or was blocked on `page`: the global the payloads set, the CSP violations, the dialogs. */
const outcome = async (page) => ({
  xss: await page.evaluate(() => window.__xss ?? null),
  violations: await page.evaluate(() => window.__violations),
  dialogs: [...dialogs],
  // Elements a payload would have made: no <img>, <svg>, <iframe>, <object>, and only the page's own <script>.
  injected: await page.evaluate(() => document.querySelectorAll('img, svg, iframe, object, embed').length + document.scripts.length - 1),
});
const NOTHING = { xss: null, violations: [], dialogs: [], injected: 0 };

test('index.html has the policy and works under it: a search, every data table, a PNG export', async () => {
  const page = await s.openPage('index.html');
  const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  for (const part of ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "object-src 'none'", "base-uri 'none'"]) {
    assert.ok(policy.includes(part), `${part} in ${policy}`);
  }
  await runAndWait(page);
  for (const button of await page.locator('button.show-data[aria-expanded="false"]').all()) {
    if (await button.isVisible()) await button.click();
  }
  const download = page.waitForEvent('download');
  await page.click(tid('export-png'));
  assert.match((await download).suggestedFilename(), /\.png$/);
  assert.deepEqual(await outcome(page), NOTHING);
  s.assertClean();
});

test('payloads in a file name, column names and class labels execute nothing and show as text', async () => {
  const page = await s.openPage('index.html');
  const cell = (text) => `"${text.replace(/"/g, '""')}"`; // a CSV cell, quoted
  const lines = [[PAYLOADS[0], PAYLOADS[1], PAYLOADS[3], 'label'].map(cell).join(',')];
  for (let i = 0; i < 40; i++) {
    const k = i % 2;
    lines.push(`${(k ? 2 : -2) + Math.sin(i)},${Math.cos(i * 1.3)},${i % 7},${cell(PAYLOADS[k === 0 ? 2 : 0])}`);
  }
  const fileName = `${PAYLOADS[1]}.csv`;
  await page.setInputFiles(tid('data-file-input'), { name: fileName, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.waitForFunction(() => /40 rows/.test(document.getElementById('data-summary').textContent));
  await runAndWait(page);
  for (const button of await page.locator('button.show-data[aria-expanded="false"]').all()) {
    if (await button.isVisible()) await button.click();
  }
  await page.selectOption(tid('plane-kind'), 'weights');
  await page.hover(tid('chart-heatmap'));
  // The names are on the page as text (shortened where long, whole in their title).
  const text = await page.evaluate(() => document.body.innerText);
  assert.ok(text.includes('"><script>window.__xss=2'), 'the file name shows as text');
  assert.ok(text.includes('<svg onload='), 'a class label shows as text');
  const titles = await page.$$eval('[title]', (els) => els.map((e) => e.title));
  assert.ok(titles.includes(PAYLOADS[0]), 'a long column name is whole in a title');
  assert.deepEqual(await outcome(page), NOTHING);
  s.assertClean();
});

test('payloads in the hash (data-set name, view and lesson keys) execute nothing', async () => {
  const hash = [
    `data=${encodeURIComponent(PAYLOADS[0])}`,
    `hx=${encodeURIComponent(PAYLOADS[2])}`,
    `lesson=${encodeURIComponent(PAYLOADS[1])}`,
    `C=${encodeURIComponent(PAYLOADS[3])}`,
    `scoring=${encodeURIComponent(PAYLOADS[0])}`,
  ].join('&');
  const page = await s.openPage(`index.html#${hash}`);
  assert.match(await page.textContent('#status'), /made with the data set “<img src=x onerror=/);
  assert.deepEqual(await outcome(page), NOTHING);
  await s.screenshot(page, 'xss-hash-1366');
  s.assertClean();
});
