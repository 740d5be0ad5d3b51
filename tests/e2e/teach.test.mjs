// Lessons, playback and live sliders: every lesson loads, runs and shows its chart and
// what to notice (screenshots at 1366×768 and 390×844); playback moves the loss,
// trajectory and boundary together; a slider refits within the aim; a lesson's link
// (lesson=, iter=) opens where it was; the heatmap's tooltip shows on hover.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { checkNotices, factsScript } from './lesson-claims.mjs';
import { startSession } from './harness.mjs';
import { canvasStats, tid } from './playground.mjs';
import { LESSONS } from '../../www/lessons.js';

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
/** The canvas of each focus chart. */
const CANVAS = {
  validation: 'chart-validation', heatmap: 'chart-heatmap', loss: 'chart-loss', trajectory: 'chart-trajectory',
  boundary: 'chart-boundary', learning: 'chart-learning-curve', regpath: 'chart-reg-path', optimism: 'chart-optimism',
};

let s;
before(async () => {
  s = await startSession({ viewport: DESKTOP });
});
after(async () => {
  await s?.close();
});

/** Picks lesson `id` and waits until its search ran and its focus chart is drawn anew. */
async function chooseLesson(page, lesson, timeout = 120_000) {
  const canvas = CANVAS[lesson.focus];
  const before = await page.evaluate((id) => {
    window.__seenReport = window.__tunelab.lastReport;
    return Number(document.querySelector(`[data-testid="${id}"]`).dataset.version ?? 0);
  }, canvas);
  await page.selectOption(tid('lesson-select'), lesson.id);
  await waitLesson(page, lesson, before, timeout);
}

/** Waits until a new report is shown and `lesson`'s focus chart drawn after version `before`. */
async function waitLesson(page, lesson, before = 0, timeout = 120_000) {
  await page.waitForFunction(
    ([id, v]) => {
      if (document.getElementById('status').dataset.kind === 'error') return true;
      const r = window.__tunelab.lastReport;
      const c = document.querySelector(`[data-testid="${id}"]`);
      return r && r !== window.__seenReport && c.dataset.drawn === '1' && Number(c.dataset.version) > v &&
        /Drew the optimisation path|Ran the search on/.test(document.getElementById('status').textContent);
    },
    [CANVAS[lesson.focus], before],
    { timeout, polling: 100 },
  );
  assert.notEqual(await page.getAttribute('#status', 'data-kind'), 'error', await page.textContent('#status'));
}

/** The candidates a lesson selects, as the page selected them (in order). */
function selectedParams(page) {
  return page.evaluate(() => {
    const { state } = window.__tunelab;
    return state.selection.map((i) => state.report.result.cv_results.params[i]);
  });
}

/** Sets an <input type=range> to `value` as a user would (an input event). */
function setRange(page, id, value) {
  return page.$eval(tid(id), (el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

test('every lesson loads, runs, selects its candidate, draws its chart and says what to notice', async () => {
  const page = await s.openPage('index.html');
  const phone = await s.context.newPage();
  await phone.setViewportSize(PHONE);
  const options = await page.locator(`${tid('lesson-select')} option`).evaluateAll((o) => o.map((x) => x.value));
  assert.deepEqual(options, ['', ...LESSONS.map((l) => l.id)]);
  assert.equal(await page.isVisible(tid('lesson-text')), false, 'no lesson text without a lesson');
  for (const lesson of LESSONS) {
    await chooseLesson(page, lesson);
    assert.equal(await page.isVisible(tid('lesson-text')), true, lesson.id);
    assert.equal(await page.textContent('#lesson-title'), lesson.title);
    assert.equal(await page.textContent('#lesson-intro'), lesson.text);
    assert.deepEqual(await page.locator(`${tid('lesson-notice')} li`).allTextContents(), lesson.notice);
    // Beside the charts on a wide screen, the notices stay in the lesson's own box.
    assert.equal(await page.locator(`${tid('lesson-text')} ${tid('lesson-notice')}`).count(), 1, `${lesson.id}: notices in the lesson box`);
    assert.equal(await page.isVisible(tid('lesson-after')), false);
    assert.match(new URL(page.url()).hash, new RegExp(`lesson=${lesson.id}(&|$)`));
    if (lesson.select) {
      const wants = [lesson.select].flat();
      const params = await selectedParams(page);
      assert.equal(params.length, wants.length, `${lesson.id}: candidates selected`);
      wants.forEach((want, i) => {
        for (const [k, v] of Object.entries(want)) assert.equal(String(params[i][k]), String(v), `${lesson.id}: ${k}`);
      });
    }
    const stats = await canvasStats(page, CANVAS[lesson.focus]);
    assert.ok(stats.share > 0.02, `${lesson.id}: focus chart has ink (${stats.share})`);
    // What it says to notice is what the numbers behind the charts show.
    checkNotices(lesson.id, await page.evaluate(factsScript));
    // A plane of two weights is named in its pickers as the text and the chart's axes
    // name it (w[0], w[1] for two classes).
    if (lesson.view?.plane === 'weights') {
      const picked = await page.evaluate(() => ['plane-i', 'plane-j'].map((id) => document.getElementById(id).selectedOptions[0]?.textContent ?? ''));
      assert.deepEqual(picked.map((t) => t.split(' ')[0]), [`w[${lesson.view.pi}]`, `w[${lesson.view.pj}]`], `${lesson.id}: ${picked}`);
    }
    // The focus chart is in view.
    const box = await page.locator(tid(CANVAS[lesson.focus])).boundingBox();
    assert.ok(box.y < DESKTOP.height && box.y + box.height > 0, `${lesson.id}: focus chart in view (${box.y})`);
    await page.waitForTimeout(300); // the extras (boundary, curves) of the selection
    // Once the page has settled, the whole focus figure (chart, legend, notes) is on
    // the screen, where it fits, as the charts around it were drawn.
    const whole = () => page.evaluate((id) => {
      const r = document.getElementById(id).getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, fits: r.height <= window.innerHeight };
    }, `figure-${lesson.focus}`);
    await page.waitForFunction((id) => {
      const r = document.getElementById(id).getBoundingClientRect();
      return r.height > window.innerHeight || (r.top >= -1 && r.bottom <= window.innerHeight + 1);
    }, `figure-${lesson.focus}`, { timeout: 6000, polling: 100 }).catch(() => {}); // asserted below
    const fig = await whole();
    assert.ok(!fig.fits || (fig.top >= -1 && fig.bottom <= DESKTOP.height + 1), `${lesson.id}: the whole focus figure in view: ${JSON.stringify(fig)}`);
    // The lesson's whole text, to its last notice, fits its box under Run (no scrolling
    // within it on a 1366×768 screen), and the best candidate's panel is either on the
    // screen or off it, not cut across at the top with its numbers gone.
    await page.waitForFunction(() => {
      const p = document.getElementById('lesson-panel');
      return p.scrollHeight <= p.clientHeight + 1;
    }, null, { timeout: 6000, polling: 100 }).catch(() => {}); // asserted below, once settled
    const box2 = await page.evaluate(() => {
      const p = document.getElementById('lesson-panel');
      const best = document.getElementById('best-panel').getBoundingClientRect();
      return { scroll: p.scrollHeight, client: p.clientHeight, bestTop: best.top, bestBottom: best.bottom, y: window.scrollY, top: p.getBoundingClientRect().top };
    });
    assert.ok(box2.scroll <= box2.client + 1, `${lesson.id}: the lesson's text fits its box (${box2.scroll} px in ${box2.client}): ${JSON.stringify(box2)}`);
    assert.ok(!(box2.bestTop < -1 && box2.bestBottom > 1), `${lesson.id}: the best panel cut across at the top (${box2.bestTop}…${box2.bestBottom})`);
    await page.screenshot({ path: `tests/e2e/screenshots/lesson-${lesson.id}-desktop.png` });
    await s.screenshot(page, `lesson-${lesson.id}-desktop-full`);

    // The same lesson from its link on a phone.
    await phone.goto(s.url(`index.html#lesson=${lesson.id}`));
    await phone.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 120_000 });
    await phone.evaluate(() => {
      window.__seenReport = null;
    });
    await waitLesson(phone, lesson);
    assert.equal(await phone.inputValue(tid('lesson-select')), lesson.id);
    assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, `${lesson.id}: no horizontal scroll on a phone`);
    // On a phone, the lesson's introduction sits right above its chart and is in view
    // (scrolled there once the selection's extras are drawn, after the focus chart),
    // with the chart starting on the same screen; what to notice follows the chart.
    await phone
      .waitForFunction(() => {
        const top = document.getElementById('lesson-panel').getBoundingClientRect().top;
        return top >= document.getElementById('run-panel').getBoundingClientRect().bottom - 1 && top < window.innerHeight;
      }, null, { timeout: 15_000, polling: 100 })
      .catch(() => {}); // the assertion below says where it was
    const placed = await phone.evaluate(() => {
      const panel = document.getElementById('lesson-panel');
      const run = document.getElementById('run-panel').getBoundingClientRect();
      const figure = panel.nextElementSibling;
      const after = figure?.nextElementSibling;
      return {
        next: figure?.id,
        top: panel.getBoundingClientRect().top,
        under: Math.max(0, run.bottom),
        height: window.innerHeight,
        canvasTop: figure?.querySelector('canvas')?.getBoundingClientRect().top,
        after: after?.id,
        afterShown: after ? !after.hidden && after.getBoundingClientRect().height > 0 : false,
        notices: after?.querySelectorAll('#lesson-notice li').length ?? 0,
      };
    });
    assert.equal(placed.next, `figure-${lesson.focus}`, `${lesson.id}: lesson text above its chart`);
    assert.ok(placed.canvasTop < placed.height - 150, `${lesson.id}: the chart starts on the first screen (${placed.canvasTop} of ${placed.height})`);
    assert.equal(placed.after, 'lesson-after', `${lesson.id}: what to notice right below the chart`);
    assert.ok(placed.afterShown && placed.notices === lesson.notice.length, `${lesson.id}: every notice below the chart (${JSON.stringify(placed)})`);
    // In view, below the Run panel that stays at the top of the screen.
    assert.ok(placed.top >= placed.under - 1 && placed.top < placed.height, `${lesson.id}: lesson text in view (${placed.top}, Run panel to ${placed.under})`);
    await phone.waitForTimeout(300);
    await phone.screenshot({ path: `tests/e2e/screenshots/lesson-${lesson.id}-phone.png` });
    await s.screenshot(phone, `lesson-${lesson.id}-phone-full`);
  }
  // Leaving the lesson keeps the settings and drops lesson= from the link.
  await page.selectOption(tid('lesson-select'), '');
  assert.equal(await page.isVisible(tid('lesson-text')), false);
  assert.doesNotMatch(new URL(page.url()).hash, /lesson=/);
  s.assertClean();
  await page.close();
  await phone.close();
});

test('playback moves the loss, the trajectory and the boundary together; one loop at a time', async () => {
  const lesson = LESSONS.find((l) => l.id === 'hidden');
  const page = await s.openPage(`index.html#lesson=${lesson.id}`);
  await page.evaluate(() => {
    window.__seenReport = null;
  });
  await waitLesson(page, lesson);
  await page.waitForFunction(() => !document.querySelector('[data-testid="play-button"]').disabled);
  const last = Number(await page.getAttribute(tid('iteration-slider'), 'max'));
  assert.ok(last >= 10, `history has ${last + 1} entries`);
  await page.locator(tid('explore-panel') + ', #explore-panel').first().scrollIntoViewIfNeeded();

  const frame = async (k) => {
    const v = (await canvasStats(page, 'chart-boundary')).version;
    await setRange(page, 'iteration-slider', k);
    await page.waitForFunction(([v0]) => Number(document.querySelector('[data-testid="chart-boundary"]').dataset.version) > v0, [v]);
    return { boundary: await canvasStats(page, 'chart-boundary'), loss: await canvasStats(page, 'chart-loss'), trajectory: await canvasStats(page, 'chart-trajectory'), text: await page.textContent(tid('iteration-text')) };
  };
  const first = await frame(0);
  await page.screenshot({ path: 'tests/e2e/screenshots/playback-first.png' });
  const end = await frame(last);
  assert.notEqual(first.boundary.hash, end.boundary.hash, 'the boundary at iteration 0 differs from the end');
  assert.notEqual(first.loss.hash, end.loss.hash, 'the loss chart shows the iteration');
  assert.notEqual(first.trajectory.hash, end.trajectory.hash, 'the paths are cut at the iteration');
  assert.match(first.text, /^iteration 0 of/);
  // Scrubbing writes iter= into the link; the end removes it.
  await frame(5);
  assert.match(new URL(page.url()).hash, /iter=\d+/);

  // Step: one history entry.
  const before = Number(await page.inputValue(tid('iteration-slider')));
  await page.click(tid('step-button'));
  await page.waitForFunction((b) => Number(document.querySelector('[data-testid="iteration-slider"]').value) === b + 1, before);

  // Play (fast), and a second Play press pauses: one loop, the slider moves.
  await page.selectOption(tid('speed-select'), '30');
  await setRange(page, 'iteration-slider', 0);
  const lossVersion = (await canvasStats(page, 'chart-loss')).version;
  await page.click(tid('play-button'));
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="iteration-slider"]').value) >= 5);
  assert.equal(await page.getAttribute(tid('play-button'), 'aria-pressed'), 'true');
  await page.click(tid('play-button'));
  const paused = Number(await page.inputValue(tid('iteration-slider')));
  await page.waitForTimeout(400);
  assert.equal(Number(await page.inputValue(tid('iteration-slider'))), paused, 'paused: the slider stays');
  const lossNow = (await canvasStats(page, 'chart-loss')).version;
  assert.ok(lossNow >= lossVersion + paused - 1, `the loss chart was redrawn per frame (${lossVersion} → ${lossNow} over ${paused} entries)`);
  // Play to the end and measure the frame rate.
  await page.click(tid('play-button'));
  await page.waitForFunction(() => document.querySelector('[data-testid="play-button"]').getAttribute('aria-pressed') === 'false', null, { timeout: 60_000 });
  const playback = await page.evaluate(() => window.__tunelab.explore.playback);
  console.log(`# playback (${lesson.id}, resolution 60): ${playback.frames} frames in ${Math.round(playback.ms)} ms = ${playback.fps.toFixed(1)} fps (asked ${playback.speed})`);
  assert.ok(playback.fps > 3, `playback ${playback.fps} fps`);
  s.assertClean();
  await page.close();
});

test('a live slider refits the selected candidate and redraws within the aim', async () => {
  const page = await s.openPage('index.html');
  await page.waitForFunction(() => document.querySelector('[data-testid="slider-C"]'));
  await page.locator(tid('slider-C')).scrollIntoViewIfNeeded();
  const times = [];
  const positions = [40, 60, 80, 100, 120, 70, 90, 110, 50, 130, 65];
  for (const pos of positions) {
    const n = await page.evaluate(() => window.__tunelab.explore.sliderMs.length);
    const v = (await canvasStats(page, 'chart-boundary')).version;
    await setRange(page, 'slider-C', pos);
    await page.waitForFunction((k) => window.__tunelab.explore.sliderMs.length > k, n);
    times.push(await page.evaluate(() => window.__tunelab.lastSliderMs));
    assert.ok((await canvasStats(page, 'chart-boundary')).version > v, 'the boundary was redrawn');
  }
  // The refit's own scores at once; its cross-validation once the slider rests.
  assert.match(await page.textContent(tid('live-scores')), /Live refit \(C=[\d.e+-]+\): CV accuracy .* · train \d\.\d{4} · test \d\.\d{4}/);
  await page.waitForFunction(() => document.querySelector('[data-testid="live-scores"]').dataset.cv === 'done', null, { timeout: 20_000 });
  assert.match(await page.textContent(tid('live-scores')), /Live refit \(C=[\d.e+-]+\): CV accuracy \d\.\d{4} ± \d\.\d{4} · train/);
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(`# slider-C → redrawn loss, trajectory, boundary (iris, logistic): median ${median.toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms over ${times.length}`);
  assert.ok(median < 500, `median ${median} ms`);
  // A burst of values: only the last is shown in the end (no queue).
  for (const pos of [10, 20, 30, 40, 150]) await setRange(page, 'slider-C', pos);
  await page.waitForFunction(() => /C=3160\b/.test(document.querySelector('[data-testid="live-scores"]').textContent), null, { timeout: 20_000 });
  // The panel's heading names the refit the charts show, until the searched one is back.
  assert.match(await page.textContent('#explore-candidate'), /^#\d+ .* → refit with C=3160$/);
  await page.click(tid('live-reset'));
  await page.waitForFunction(() => document.querySelector('[data-testid="live-reset"]').hidden);
  assert.doesNotMatch(await page.textContent('#explore-candidate'), /refit with/);

  // The learning-rate slider of a gradient-descent lesson, and alpha of the lasso.
  await page.selectOption(tid('lesson-select'), 'learning-rate');
  await page.waitForFunction(() => document.querySelector('[data-testid="slider-lr"]') && /learning_rate=30/.test(document.getElementById('explore-candidate').textContent), null, { timeout: 60_000 });
  const n = await page.evaluate(() => window.__tunelab.explore.sliderMs.length);
  await setRange(page, 'slider-lr', 60); // 0.1
  await page.waitForFunction((k) => window.__tunelab.explore.sliderMs.length > k, n);
  assert.match(await page.textContent(tid('live-scores')), /learning_rate=0\.1\b/);
  await page.selectOption(tid('lesson-select'), 'l1-path');
  await page.waitForFunction(() => document.querySelector('[data-testid="slider-alpha"]'), null, { timeout: 60_000 });
  s.assertClean();
  await page.close();
});

test('a network previews its first epochs while the slider moves, then fits in full and cross-validates', async () => {
  // A 100-unit network on breast cancer: one full fit takes far longer than a frame.
  const page = await s.openPage('index.html#data=breast_cancer&model=mlp_classifier&hidden=5,10');
  await page.waitForFunction(() => document.querySelector('[data-testid="slider-hidden"]'), null, { timeout: 60_000 });
  const scores = () => page.textContent(tid('live-scores'));
  // The first move fits in full (and measures the cost of an epoch)…
  await setRange(page, 'slider-hidden', 40); // 100 units
  await page.waitForFunction(() => /hidden_layer_sizes=100\b/.test(document.querySelector('[data-testid="live-scores"]').textContent), null, { timeout: 30_000 });
  // …the next, while the slider is still moving, previews.
  const n = await page.evaluate(() => window.__tunelab.explore.sliderMs.length);
  await setRange(page, 'slider-hidden', 42); // 126 units
  await page.waitForFunction((k) => window.__tunelab.explore.sliderMs.length > k, n, { timeout: 30_000 });
  const preview = await scores();
  assert.match(preview, /^Live refit \(hidden_layer_sizes=126\), after \d+ of \d+ epochs \(the full fit follows when the slider rests\): train /);
  const [, epochs, of] = /after (\d+) of (\d+)/.exec(preview).map(Number);
  assert.ok(epochs >= 5 && epochs < of, `${epochs} of ${of} epochs`);
  // At rest: the full fit, then its cross-validation.
  await page.waitForFunction(() => document.querySelector('[data-testid="live-scores"]').dataset.cv === 'done', null, { timeout: 60_000 });
  assert.match(await scores(), /Live refit \(hidden_layer_sizes=126\): CV accuracy \d\.\d{4} ± \d\.\d{4} · train/);
  assert.doesNotMatch(await scores(), /epochs/);
  s.assertClean();
  await page.close();
});

test('the learning curve, computed one training size per request, is the curve one request gives', async () => {
  const page = await s.openPage('index.html');
  await page.waitForFunction(() => globalThis.tunelab.state.charts.learning?.sizes?.length === 5, null, { timeout: 60_000 });
  const [chunked, whole] = await page.evaluate(async () => {
    const { state } = globalThis.tunelab;
    const candidate = state.report.result.best_index;
    const one = await state.client.call('learning_curve', { candidate, options: { shuffle: true, seed: 0 } });
    return [state.charts.learning, one];
  });
  for (const key of ['sizes', 'train_mean', 'train_std', 'test_mean', 'test_std']) assert.deepEqual(chunked[key], whole[key], key);
  assert.equal(chunked.title, whole.title);
  s.assertClean();
  await page.close();
});

test('changing a setting the lesson made leaves the lesson, and its link', async () => {
  const page = await s.openPage('index.html#lesson=momentum');
  await waitLesson(page, LESSONS.find((l) => l.id === 'momentum'));
  assert.equal(await page.isVisible(tid('lesson-text')), true);
  // Another data set: the lesson's text would describe the scales set.
  await page.selectOption(tid('dataset-select'), 'moons');
  await page.waitForFunction(() => document.getElementById('lesson-panel').hidden, null, { timeout: 30_000 });
  assert.doesNotMatch(new URL(page.url()).hash, /lesson=/);
  assert.equal(await page.inputValue(tid('lesson-select')), '');

  // A grid value of another lesson.
  await page.selectOption(tid('lesson-select'), 'learning-rate');
  await waitLesson(page, LESSONS.find((l) => l.id === 'learning-rate'));
  await page.fill(tid('param-C'), '0.5');
  await page.waitForFunction(() => document.getElementById('lesson-panel').hidden, null, { timeout: 30_000 });
  assert.doesNotMatch(new URL(page.url()).hash, /lesson=/);
  assert.match(await page.textContent('#status'), /Left the lesson "Learning rate: too small, just right, too large": its settings were changed \(C\)/);
  s.assertClean();
  await page.close();
});

test('a link with lesson= and iter= opens the lesson at that iteration', async () => {
  const page = await s.openPage('index.html#lesson=momentum&iter=50');
  await page.evaluate(() => {
    window.__seenReport = null;
  });
  await waitLesson(page, LESSONS.find((l) => l.id === 'momentum'));
  await page.waitForFunction(() => /^iteration 50 of/.test(document.querySelector('[data-testid="iteration-text"]').textContent), null, { timeout: 30_000 });
  assert.equal(await page.inputValue(tid('lesson-select')), 'momentum');
  const hash = new URL(page.url()).hash;
  assert.match(hash, /lesson=momentum/);
  assert.match(hash, /iter=50/);
  assert.match(hash, /solver=gd,momentum,adam/);
  // The lesson's view: its paths on the plane of the two weights.
  assert.match(hash, /plane=weights/);
  assert.equal(await page.inputValue(tid('plane-kind')), 'weights');
  // Its own Play, beside its text, plays and pauses the training below.
  await page.click(tid('lesson-play'));
  await page.waitForFunction(() => document.getElementById('play-button').getAttribute('aria-pressed') === 'true');
  assert.equal(await page.textContent(tid('lesson-play')), await page.textContent(tid('play-button')));
  await page.waitForFunction(() => !/^iteration 50 of/.test(document.querySelector('[data-testid="iteration-text"]').textContent));
  await page.click(tid('lesson-play'));
  await page.waitForFunction(() => document.getElementById('play-button').getAttribute('aria-pressed') === 'false');
  assert.equal(await page.getAttribute(tid('lesson-play'), 'aria-pressed'), 'false');
  s.assertClean();
  await page.close();
});

test('the heatmap shows a cell\'s tooltip on hover; colour from chance level toggles', async () => {
  const page = await s.openPage('index.html');
  const spot = await page.evaluate(async () => {
    const { heatmap_cell_at } = await import('./www/pkg/tunelab.js');
    const canvas = document.querySelector('[data-testid="chart-heatmap"]');
    const data = globalThis.tunelab.state.charts.heatmap;
    const box = canvas.getBoundingClientRect();
    const dpr = window.devicePixelRatio;
    for (let y = 0; y < box.height; y += 4) {
      for (let x = 0; x < box.width; x += 4) {
        const cell = heatmap_cell_at(data, Number(canvas.dataset.scale), canvas.width, canvas.height, x * dpr, y * dpr);
        if (cell && cell[0] === 1 && cell[1] === 2) return { x: box.left + x + 10, y: box.top + y + 10, text: data.tooltips[1][2] };
      }
    }
    return null;
  });
  assert.ok(spot?.text, 'the core sends a tooltip per cell');
  await page.mouse.move(spot.x, spot.y);
  await page.waitForSelector(`${tid('heatmap-tooltip')}:not([hidden])`);
  assert.equal(await page.textContent(tid('heatmap-tooltip')), spot.text);
  await page.screenshot({ path: 'tests/e2e/screenshots/heatmap-tooltip.png' });
  await page.mouse.move(1, 1);
  await page.waitForSelector(tid('heatmap-tooltip'), { state: 'hidden' });

  const before = await canvasStats(page, 'chart-heatmap');
  const checked = await page.isChecked(tid('colour-chance'));
  await page.click(tid('colour-chance'));
  assert.equal(await page.isChecked(tid('colour-chance')), !checked);
  const after = await canvasStats(page, 'chart-heatmap');
  assert.notEqual(before.hash, after.hash, 'the colours changed');
  s.assertClean();
  await page.close();
});

test('from the keyboard: the lesson picker steps without running, Enter starts the lesson, the focus stays on the controls', async () => {
  const page = await s.openPage('index.html');
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 120_000 });
  // Run from the keyboard: the focus is on Run again when the search is done, not lost.
  await page.focus(tid('run-button'));
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !window.__tunelab.state.machine.running && document.activeElement?.id === 'run-button', null, { timeout: 30_000 }).catch(() => {});
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'run-button', 'focus back on Run after the search');
  // A second press (a repeated key) while it runs does not cancel the search (a longer
  // one: 80 candidates).
  await page.fill(tid('param-C'), Array.from({ length: 40 }, (_, i) => (10 ** (-3 + i / 8)).toPrecision(3)).join(', '));
  await page.focus(tid('run-button'));
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.__tunelab.state.machine.running, null, { timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !window.__tunelab.state.machine.running, null, { timeout: 30_000 });
  assert.match(await page.textContent('#status'), /^Searched 80 candidates/, 'the search ran to its end');
  // Arrow keys on the closed picker only step (no lesson, no search at each step).
  await page.focus(tid('lesson-select'));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.waitForTimeout(800);
  assert.equal(await page.inputValue(tid('lesson-select')), LESSONS[1].id);
  assert.equal(await page.isVisible(tid('lesson-text')), false, 'no lesson while stepping');
  assert.match(await page.textContent('#data-summary'), /^iris/, 'the data unchanged while stepping');
  // Enter starts the lesson shown.
  await page.evaluate(() => {
    window.__seenReport = window.__tunelab.lastReport;
  });
  await page.keyboard.press('Enter');
  await waitLesson(page, LESSONS[1]);
  assert.equal(await page.isVisible(tid('lesson-text')), true);
  // Closing the lesson hands the focus to the picker (the button went with the panel).
  await page.focus(tid('lesson-close'));
  await page.keyboard.press('Enter');
  assert.equal(await page.isVisible(tid('lesson-text')), false);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'lesson-select');
  s.assertClean();
  await page.close();
});
