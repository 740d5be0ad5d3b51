// One screen and accessibility: at 1366×768 Run, the best candidate and the main chart
// are in view without scrolling once the page is loaded (the default search runs on
// load); at 390×844 every chart fits the width with numbers in the heatmap's cells and
// a square confusion matrix; the focus ring has ≥ 3:1 contrast; every chart is
// role="img" with a "Show data" table; the heatmap is usable from the keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SCREENSHOT_DIR, startSession } from './harness.mjs';
import { CHARTS, runAndWait, selectedRows, tid, waitRedrawn, canvasStats } from './playground.mjs';

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

let s;
before(async () => {
  s = await startSession({ viewport: DESKTOP });
});
after(async () => {
  await s?.close();
});

/** Saves what the viewport shows (not the full page) as tests/e2e/screenshots/NAME.png. */
function viewShot(page, name) {
  return page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

/** The bounding boxes of `ids` (data-testid or element id) in CSS pixels. */
function boxes(page, ids) {
  return page.evaluate((list) => Object.fromEntries(list.map((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`) ?? document.getElementById(id);
    const r = el.getBoundingClientRect();
    return [id, { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height }];
  })), ids);
}

/** A page opened at 390×844 from the start (so that it loads as a phone's would), once ready. */
async function openPhone(target) {
  const page = await s.context.newPage();
  await page.setViewportSize(PHONE);
  await page.goto(s.url(target));
  await page.waitForFunction(() => document.body.dataset.ready === '1');
  return page;
}

/** Asserts that box `b` of `id` lies inside the viewport. */
function inView(id, b, viewport) {
  assert.ok(b.width > 0 && b.height > 0, `${id} is shown`);
  assert.ok(b.left >= 0 && b.top >= 0, `${id} starts in view: ${JSON.stringify(b)}`);
  assert.ok(b.right <= viewport.width + 0.5 && b.bottom <= viewport.height + 0.5, `${id} ends in view (${viewport.width}×${viewport.height}): ${JSON.stringify(b)}`);
}

/** WCAG contrast ratio of two "rgb(r, g, b)" colours. */
function contrast(a, b) {
  const lum = (css) => {
    const [r, g, bl] = css.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test('1366×768: Run, the best candidate and the main chart in view after load, without scrolling', async () => {
  const page = await s.openPage('index.html');
  // The default search ran on load: no chart is empty.
  for (const id of CHARTS) assert.equal(await page.getAttribute(tid(id), 'data-drawn'), '1', `${id} drawn on load`);
  assert.ok(await page.getAttribute(tid('best-params'), 'data-value'), 'best params on load');
  assert.equal(await page.evaluate(() => window.scrollY), 0);
  const ids = ['run-button', 'best-panel', 'best-params', 'best-score', 'chart-heatmap', 'chart-validation'];
  let b = await boxes(page, ids);
  for (const id of ids) inView(id, b[id], DESKTOP);
  // Two columns: the settings left (~360 px), the results right.
  const layout = await boxes(page, ['data-panel', 'results']);
  assert.ok(layout['data-panel'].width <= 380 && layout['data-panel'].width >= 300, `settings column ${layout['data-panel'].width}px`);
  assert.ok(layout.results.left >= layout['data-panel'].right, 'results right of the settings');
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no horizontal scroll');
  await s.screenshot(page, 'layout-desktop-full');
  await viewShot(page, 'layout-desktop');

  // A run from the Run button keeps everything in place.
  await runAndWait(page);
  b = await boxes(page, ids);
  for (const id of ids) inView(id, b[id], DESKTOP);
  // Scrolled down to the table, Run stays at the top (sticky).
  await page.locator(tid('results-table')).scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  assert.ok(await page.evaluate(() => window.scrollY) > 300);
  inView('run-button', (await boxes(page, ['run-button']))['run-button'], DESKTOP);
  await page.evaluate(() => window.scrollTo(0, 0));
  await viewShot(page, 'layout-desktop-run');
  // A short window (a projector's 1366 × 768 at 150 % zoom: 911 × 512) keeps the charts
  // tall enough to read, not squashed to fit under the fold.
  await page.setViewportSize({ width: 911, height: 512 });
  await page.waitForTimeout(300);
  const short = await boxes(page, ['chart-validation', 'chart-heatmap', 'chart-loss']);
  for (const [id, box] of Object.entries(short)) assert.ok(box.height >= 370, `${id} ${box.height} px tall in a 911 × 512 window`);
  await page.setViewportSize(DESKTOP);
  s.assertClean();
  await page.close();
});

test('390×844: every chart within the width, numbers in the heatmap cells, a square confusion matrix', async () => {
  const page = await openPhone('index.html');
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no horizontal scroll');
  inView('run-button', (await boxes(page, ['run-button']))['run-button'], PHONE);
  // The settings fold under a button that names them, so the page opens on its results.
  assert.equal(await page.getAttribute(tid('settings-toggle'), 'aria-expanded'), 'false');
  assert.equal(await page.isVisible('#data-panel'), false, 'the settings folded on a phone');
  assert.equal(await page.textContent(tid('settings-digest')), 'LogisticRegression · iris (150 × 4)');
  const first = await boxes(page, ['best-panel', 'chart-heatmap', 'settings-toggle']);
  inView('best-panel', first['best-panel'], PHONE);
  inView('settings-toggle', first['settings-toggle'], PHONE);
  assert.ok(first['chart-heatmap'].top < PHONE.height * 0.9, `the first chart starts on the first screen: top ${first['chart-heatmap'].top}`);
  const b = await boxes(page, CHARTS);
  for (const id of CHARTS) {
    assert.ok(b[id].left >= 0 && b[id].right <= PHONE.width, `${id} within the width: ${JSON.stringify(b[id])}`);
    assert.ok(b[id].height >= 250, `${id} is ${b[id].height}px tall`);
    assert.equal(await page.getAttribute(tid(id), 'data-drawn'), '1', id);
  }
  // Line and point charts drawn at no less than 0.85 of their desktop type (ticks and
  // legends about 12 px); the grids may shrink further, to keep their numbers in their cells.
  const scales = await page.evaluate((ids) => Object.fromEntries(ids.map((id) => [id, Number(document.querySelector(`[data-testid="${id}"]`).dataset.scale) / devicePixelRatio])), CHARTS);
  for (const [id, scale] of Object.entries(scales)) {
    const grid = id === 'chart-heatmap' || id === 'chart-confusion';
    assert.ok(scale >= (grid ? 0.72 : 0.85) - 1e-9, `${id} drawn at ${scale} of its desktop size`);
  }
  const cm = b['chart-confusion'];
  assert.ok(Math.abs(cm.width - cm.height) <= 2, `confusion matrix square: ${cm.width}×${cm.height}`);

  // The heatmap's data (test hook), and ink of a number inside a cell that is neither best nor selected.
  const heatmap = await page.evaluate(() => globalThis.tunelab.heatmap);
  assert.deepEqual(heatmap.x_ticks.length * heatmap.y_ticks.length, 12);
  const text = await page.evaluate(async () => {
    const { heatmap_cell_at } = await import('./www/pkg/tunelab.js');
    const canvas = document.querySelector('[data-testid="chart-heatmap"]');
    const data = globalThis.tunelab.heatmap;
    const scale = Number(canvas.dataset.scale);
    const ctx = canvas.getContext('2d');
    const { data: px } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const out = [];
    for (const [r, c] of [[1, 0], [1, 2], [0, 3]]) {
      // The cell's pixels, by the chart's own hit test.
      let [x0, y0, x1, y1] = [Infinity, Infinity, -1, -1];
      for (let y = 0; y < canvas.height; y += 2) {
        for (let x = 0; x < canvas.width; x += 2) {
          const cell = heatmap_cell_at(data, scale, canvas.width, canvas.height, x, y);
          if (cell && cell[0] === r && cell[1] === c) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
        }
      }
      // Inside the cell (away from its white borders), count pixels far from the fill colour.
      const at = (x, y) => px.slice((y * canvas.width + x) * 4, (y * canvas.width + x) * 4 + 3);
      const inset = Math.round((x1 - x0) * 0.12);
      const fill = at(x0 + inset, y0 + inset);
      let ink = 0;
      for (let y = y0 + inset; y < y1 - inset; y++) {
        for (let x = x0 + inset; x < x1 - inset; x++) {
          const p = at(x, y);
          if (Math.abs(p[0] - fill[0]) + Math.abs(p[1] - fill[1]) + Math.abs(p[2] - fill[2]) > 120) ink++;
        }
      }
      out.push({ cell: [r, c], width: (x1 - x0) / window.devicePixelRatio, ink });
    }
    return out;
  });
  for (const t of text) assert.ok(t.ink >= 15, `heatmap cell ${t.cell} (${t.width}px wide) shows its number: ${t.ink} text pixels`);

  // A title the canvas is too narrow for is shown in full above it, not cut.
  const traj = await page.evaluate(() => globalThis.tunelab.state.charts.trajectory.title);
  const caption = page.locator('#caption-trajectory');
  assert.equal(await caption.isVisible(), true, 'the trajectory title above its canvas');
  assert.equal(await caption.textContent(), traj);
  // Each chart's notes (how to read it) are page text under its canvas, at a size a
  // phone can read, not type drawn small inside the chart.
  const notes = await page.evaluate(() => Object.fromEntries(['validation', 'loss', 'trajectory', 'boundary', 'learning', 'regpath'].map((n) => {
    const el = document.getElementById(`notes-${n}`);
    return [n, { text: el.textContent, shown: !el.hidden && el.offsetHeight > 0, px: parseFloat(getComputedStyle(el).fontSize) }];
  })));
  for (const [n, note] of Object.entries(notes)) {
    assert.ok(note.shown && note.text.length > 20, `${n}: notes under the chart: ${JSON.stringify(note)}`);
    assert.ok(note.px >= 13, `${n}: notes in ${note.px}px type`);
  }
  assert.match(notes.validation.text, /Shaded bands: ±1 standard deviation/);
  assert.match(notes.boundary.text, /^How to read: each region/);
  assert.match(notes.regpath.text, /On the black zero line/);
  await s.screenshot(page, 'layout-phone-full');
  await viewShot(page, 'layout-phone');

  // A tap on the button unfolds the settings, their top just under the sticky Run panel.
  await page.click(tid('settings-toggle'));
  assert.equal(await page.getAttribute(tid('settings-toggle'), 'aria-expanded'), 'true');
  const open = await boxes(page, ['data-panel', 'run-panel']);
  inView('run-panel', open['run-panel'], PHONE);
  assert.ok(open['data-panel'].top >= open['run-panel'].bottom - 1 && open['data-panel'].top < PHONE.height / 2, `the settings in view under Run: ${JSON.stringify(open)}`);

  // Tap targets: sliders, toggles, Run's buttons, the lesson picker, the tick boxes'
  // labels and the charts' buttons at least 36 px tall.
  const small = await page.evaluate(() =>
    [...document.querySelectorAll("input[type='range'], details > summary, .chart-foot button, .exports button, #settings-toggle, .run-panel .buttons button, #lesson-select, label:has(> input[type='checkbox'])")]
      .filter((e) => e.offsetParent)
      .map((e) => [e.id || e.textContent.trim().slice(0, 20), e.getBoundingClientRect().height])
      .filter(([, h]) => h < 35.5),
  );
  assert.deepEqual(small, [], 'tap targets under 36 px on a phone');

  // A run on the phone: the results are scrolled into view.
  await page.evaluate(() => window.scrollTo(0, 0));
  await runAndWait(page);
  const after = await boxes(page, ['best-panel', 'run-panel']);
  const best = after['best-panel'];
  assert.ok(best.top >= after['run-panel'].bottom - 1 && best.top < PHONE.height, `best candidate in view after Run, below the pinned Run panel: ${JSON.stringify(after)}`);
  await viewShot(page, 'layout-phone-run');

  // The table on a phone: no shift key, so a box makes a tap add to the selection; a
  // note says which candidates the charts (far above) now show, with a way up to them.
  const row = (i) => page.locator(`${tid('results-table')} tbody tr[data-index="${i}"]`);
  assert.equal(await page.isVisible(tid('table-add')), true, 'the add box on a phone');
  await row(2).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="results-table"] tr.selected')?.dataset.index === '2');
  assert.equal(await page.textContent('#table-picked-text'), 'Showing #2 in the charts above.');
  await page.check(tid('table-add'));
  await row(4).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="results-table"] tr.selected').length === 2);
  assert.deepEqual((await selectedRows(page)).sort((a, b) => a - b), [2, 4]);
  assert.equal(await page.textContent('#table-picked-text'), 'Showing #2 and #4 in the charts above.');
  await page.uncheck(tid('table-add'));
  // The # column stays in view as the table scrolls sideways.
  await page.evaluate(() => { document.getElementById('results-table').parentElement.scrollLeft = 400; });
  const number = await row(4).locator('td').first().boundingBox();
  const wrap = await page.locator(tid('results-table')).locator('xpath=..').boundingBox();
  assert.ok(Math.abs(number.x - wrap.x) <= 1, `the # cell stays at the left edge: ${number.x} vs ${wrap.x}`);
  await page.click(tid('table-to-charts'));
  const up = await boxes(page, ['explore-panel', 'run-panel']);
  assert.ok(up['explore-panel'].top >= up['run-panel'].bottom - 1 && up['explore-panel'].top < PHONE.height / 2, `up to the charts, below the pinned Run panel: ${JSON.stringify(up)}`);

  // A file with a long name, and an error quoting a long cell: wrapped, never wider than the screen.
  const longName = 'customer_churn_training_data_2024_q3_cleaned_normalised_final_v2.csv';
  await page.setInputFiles(tid('data-file-input'), { name: longName, mimeType: 'text/csv', buffer: Buffer.from('a,b,y\n1,2,p\n3,4,q\n5,6,p\n7,8,q\n1,3,p\n2,4,q\n') });
  await page.waitForFunction((n) => globalThis.tunelab.state.csv?.name === n && document.getElementById('data-summary').textContent.startsWith('customer_churn'), longName);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no horizontal scroll with a long file name');
  await page.setInputFiles(tid('data-file-input'), { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`a,b,y\n1,${'x'.repeat(300)},p\n`) });
  await page.waitForFunction(() => !document.getElementById('data-error').hidden);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no horizontal scroll with a long cell in an error');
  s.assertClean();
  await page.close();

  // Opened on a setting that needs fixing (a regression set with a classifier), the
  // settings are not folded: the message by the model picker shows.
  const cos = await openPhone('index.html#data=cos');
  assert.equal(await cos.getAttribute(tid('settings-toggle'), 'aria-expanded'), 'true');
  assert.equal(await cos.isVisible(tid('model-error')), true);
  assert.match(await cos.textContent(tid('settings-digest')), /^LogisticRegression · cos \(30 × 1\)$/);
  // The message is brought into view, below the pinned Run panel, and the status says where it is.
  let shown = await boxes(cos, ['model-error', 'run-panel']);
  assert.ok(shown['model-error'].top >= shown['run-panel'].bottom && shown['model-error'].bottom <= PHONE.height, `the model's message in view: ${JSON.stringify(shown)}`);
  assert.match(await cos.textContent('#status'), /cos is loaded, but the settings need a change: see the red message under Model/);
  await cos.close();
  // On a wide screen too, where the message sat below the first screen.
  const wide = await s.openPage('index.html#data=cos');
  inView('model-error', (await boxes(wide, ['model-error']))['model-error'], DESKTOP);
  await wide.close();
});

test('390×844: while training plays, its buttons stay in view at the foot of the screen', async () => {
  const page = await openPhone('index.html');
  await page.locator(tid('play-button')).scrollIntoViewIfNeeded();
  await page.selectOption(tid('speed-select'), '3');
  assert.equal(await page.isHidden(tid('mini-player')), true, 'not before a playback');
  await page.click(tid('play-button'));
  // Scrolled down to the boundary it redraws: the floating buttons show, in view.
  await page.locator('#figure-boundary').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => !document.querySelector('[data-testid="mini-player"]').hidden);
  inView('mini-player', (await boxes(page, ['mini-player']))['mini-player'], PHONE);
  assert.match(await page.textContent(tid('mini-iteration')), /^iteration \d+ of \d+$/);
  await page.click(tid('mini-play'));
  assert.equal(await page.getAttribute(tid('play-button'), 'aria-pressed'), 'false', 'paused from the floating button');
  const before = await page.textContent(tid('mini-iteration'));
  await page.click(tid('mini-step'));
  await page.waitForFunction((t) => document.querySelector('[data-testid="mini-iteration"]').textContent !== t, before);
  // Back at the bar, the floating copy goes.
  await page.locator(tid('play-button')).scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('[data-testid="mini-player"]').hidden);
  s.assertClean();
  await page.close();
});

test('the focus ring has at least 3:1 contrast on white, on the panels and on the page', async () => {
  const page = await s.openPage('index.html');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    const st = getComputedStyle(el);
    const bg = (node) => {
      for (let n = node; n; n = n.parentElement) {
        const c = getComputedStyle(n).backgroundColor;
        if (c && !/rgba\(0, 0, 0, 0\)|transparent/.test(c)) return c;
      }
      return 'rgb(255, 255, 255)';
    };
    return {
      id: el.id,
      color: st.outlineColor,
      width: parseFloat(st.outlineWidth),
      style: st.outlineStyle,
      around: bg(el.parentElement),
      page: getComputedStyle(document.body).backgroundColor,
      panel: getComputedStyle(document.querySelector('.panel')).backgroundColor,
    };
  });
  assert.equal(focused.id, 'run-button', 'Run is first in the tab order');
  assert.equal(focused.style, 'solid');
  assert.ok(focused.width >= 2, `outline ${focused.width}px`);
  for (const [where, bg] of [['white', 'rgb(255, 255, 255)'], ['around the button', focused.around], ['page', focused.page], ['panel', focused.panel]]) {
    const ratio = contrast(focused.color, bg);
    assert.ok(ratio >= 3, `focus ring ${focused.color} on ${where} ${bg}: ${ratio.toFixed(2)}:1`);
  }
  // The same ring on a selected table row (light blue).
  await page.click(`${tid('results-table')} tbody tr[data-index="1"]`);
  await page.waitForFunction(() => document.querySelector('[data-testid="results-table"] tr.selected')?.dataset.index === '1');
  await page.locator(`${tid('results-table')} tbody tr[data-index="0"]`).focus();
  await page.keyboard.press('ArrowDown'); // a key press: the focus is shown as for the keyboard
  await page.locator(`${tid('results-table')} tbody tr[data-index="1"]`).focus();
  const row = await page.evaluate(() => {
    const el = document.activeElement;
    return { visible: el.matches(':focus-visible'), color: getComputedStyle(el).outlineColor, bg: getComputedStyle(el).backgroundColor };
  });
  assert.equal(row.visible, true);
  assert.ok(contrast(row.color, row.bg) >= 3, `ring on the selected row: ${contrast(row.color, row.bg).toFixed(2)}:1`);
  s.assertClean();
  await page.close();
});

test('every chart is an image with a label and a "Show data" table one key away', async () => {
  const page = await s.openPage('index.html');
  const report = await page.evaluate(() => {
    const r = globalThis.tunelab.lastReport;
    return { best: r.result.best_index, heatmap: globalThis.tunelab.heatmap };
  });
  for (const id of CHARTS) {
    const name = id.replace('chart-', '');
    const canvas = page.locator(tid(id));
    assert.equal(await canvas.getAttribute('role'), 'img', id);
    const label = await canvas.getAttribute('aria-label');
    assert.ok(label && label.length > 30, `${id}: aria-label ${label}`);
    const button = page.locator(tid(`show-data-${name}`));
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator(tid(`data-${name}`)).isHidden(), true);
    await button.focus();
    await page.keyboard.press('Enter');
    assert.equal(await button.getAttribute('aria-expanded'), 'true', `${id}: Enter opens the table`);
    // Named for its chart (eight charts have a "Show data" and a "PNG" button each).
    assert.match(await button.getAttribute('aria-label'), /^Hide data: \w/, `${id}: the button names its chart`);
    assert.match(await page.locator(tid(`png-${name}`)).getAttribute('aria-label'), /^PNG of the \w/);
    assert.equal(await page.locator(`${tid(`data-${name}`)} table`).isVisible(), true, `${id}: table shown`);
  }
  // The heatmap's table: the grid of means, as the chart's data.
  const cells = await page.locator(`${tid('data-heatmap')} tbody tr`).evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  assert.equal(cells.length, report.heatmap.y_ticks.length);
  cells.forEach((row, r) => {
    assert.equal(row[0], report.heatmap.y_ticks[r]);
    row.slice(1).forEach((v, c) => assert.ok(Math.abs(Number(v) - report.heatmap.values[r][c]) < 5e-5, `cell ${r},${c}: ${v}`));
  });
  assert.match(await page.textContent(`${tid('data-heatmap')} caption`), /mean CV accuracy/i);
  // Validation curve: x, train, CV per point (two series of six C values).
  const validation = await page.locator(`${tid('data-validation')} thead th`).allTextContents();
  assert.deepEqual(validation, ['series', 'C', 'train', 'CV']);
  assert.equal(await page.locator(`${tid('data-validation')} tbody tr`).count(), 12);
  // Loss: the last value of the selected candidate; confusion: counts summing to the test rows.
  assert.equal(await page.locator(`${tid('data-loss')} tbody tr`).count(), 1);
  const counts = await page.locator(`${tid('data-confusion')} tbody td`).allTextContents();
  assert.equal(counts.map(Number).reduce((a, b) => a + b, 0), 30);
  // Regularisation path: the penalty's values as written (0.001, 0.0316, 100), not as scores (0.001000, 0.0100).
  await page.click(tid('show-data-regpath'));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="data-regpath"] tbody tr').length > 0);
  const penalties = await page.locator(`${tid('data-regpath')} tbody tr`).evaluateAll((rows) => rows.map((r) => r.cells[0].textContent));
  assert.ok(penalties.length >= 10, `${penalties.length} values`);
  for (const v of penalties) assert.equal(v, String(Number(v)), `a penalty written as the number it is: ${v}`);
  await s.screenshot(page, 'show-data');
  // Tables follow the charts: a new selection updates the loss table.
  await page.click(`${tid('results-table')} tbody tr[data-index="1"]`, { modifiers: ['Shift'] });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="data-loss"] tbody tr').length === 2);
  s.assertClean();
  await page.close();
});

test('the heatmap from the keyboard: arrows move a cursor, Enter selects, shift+Enter adds', async () => {
  const page = await s.openPage('index.html');
  const best = await page.evaluate(() => globalThis.tunelab.lastReport.result.best_index);
  assert.deepEqual(await selectedRows(page), [best]);
  const heatmap = page.locator(tid('chart-heatmap'));
  assert.equal(await heatmap.getAttribute('tabindex'), '0');
  await heatmap.focus();
  const traj = await canvasStats(page, 'chart-trajectory');
  // The cursor starts on the selected cell (l1, C=100), then moves down to l2 and left to C=10.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowLeft');
  assert.match(await page.textContent('#cursor-heatmap'), /penalty=l2, C=10: mean CV accuracy 0\.9583/);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="results-table"] tr.selected')?.dataset.index === '9');
  await waitRedrawn(page, 'chart-trajectory', traj.version);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Shift+Enter');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="results-table"] tr.selected').length === 2);
  assert.deepEqual((await selectedRows(page)).sort((a, b) => a - b), [8, 9]);
  s.assertClean();
  await page.close();
});

test('Shift+Tab up the page never leaves the focus under the pinned Run panel', async () => {
  for (const viewport of [DESKTOP, PHONE]) {
    const page = await s.openPage('index.html');
    await page.setViewportSize(viewport);
    if (viewport === PHONE) await page.click(tid('settings-toggle'));
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.focus('#export-csv');
    const hidden = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Shift+Tab');
      await page.waitForTimeout(50); // the scroll that brings it below the panel, a frame later
      const under = await page.evaluate(() => {
        const el = document.activeElement;
        const panel = document.getElementById('run-panel');
        if (!el || el === document.body || panel.contains(el) || getComputedStyle(panel).position !== 'sticky') return null;
        const a = el.getBoundingClientRect();
        const b = panel.getBoundingClientRect();
        const beside = a.right <= b.left || a.left >= b.right;
        return !beside && a.top < b.bottom - 2 ? el.id || el.tagName : null;
      });
      if (under) hidden.push(under);
    }
    assert.deepEqual(hidden, [], `${viewport.width}×${viewport.height}: focused under the Run panel`);
    await page.close();
  }
  s.assertClean();
});
