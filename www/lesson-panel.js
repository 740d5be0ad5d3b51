// lesson-panel.js — the lesson picker and the lesson's text. Choosing a lesson applies
// its data, model, grid and settings (as a link would: #lesson=<id>), runs the search,
// selects its candidate, brings its chart into view (and keeps it there while the page
// settles) and says what to notice; a lesson about training gets a Play button beside
// its text. The optimism lesson then runs the search on 20 splits (Session.optimism).

import { LESSONS, lessonById } from './lessons.js';
import { lessonSettings, lessonSelection, lessonView } from './teach.js';
import { toHash } from './settings.js';
import { REQUEST, CancelledError } from './protocol.js';
import { drawChart } from './charts.js';
import { hooks, state } from './store.js';
import { $, formatDuration, keepBelowRun, setStatus } from './util.js';

const dom = {
  select: $('lesson-select'),
  runPanel: $('run-panel'),
  results: $('results'),
  panel: $('lesson-panel'),
  title: $('lesson-title'),
  intro: $('lesson-intro'),
  notice: $('lesson-notice'),
  noticeBox: $('lesson-notice-box'),
  body: $('lesson-intro').parentElement,
  after: $('lesson-after'),
  close: $('lesson-close'),
  play: $('lesson-play'),
  playback: $('play-button'),
  optimismFigure: $('figure-optimism'),
  optimismProgress: $('optimism-progress'),
};

/** The figure of each focus chart. */
const FIGURES = {
  validation: 'figure-validation',
  heatmap: 'figure-heatmap',
  loss: 'figure-loss',
  trajectory: 'figure-trajectory',
  boundary: 'figure-boundary',
  learning: 'figure-learning',
  regpath: 'figure-regpath',
  optimism: 'figure-optimism',
};

/** The lesson shown (from the link or the picker), or undefined. */
export const currentLesson = () => lessonById(state.lesson.lesson);

/** Fills the picker: "— choose a lesson —" and one option per lesson. */
export function fillLessonSelect() {
  dom.select.replaceChildren(
    new Option('— choose a lesson —', ''),
    ...LESSONS.map((l, i) => new Option(`${i + 1}. ${l.title}`, l.id)),
  );
}

/** Shows the current lesson's text and its focus chart's mark (or hides them). */
export function showLesson() {
  const lesson = currentLesson();
  dom.select.value = lesson?.id ?? '';
  dom.panel.hidden = !lesson;
  for (const [name, id] of Object.entries(FIGURES)) $(id).classList.toggle('focus', lesson?.focus === name);
  dom.play.hidden = !(lesson?.focus === 'loss' || lesson?.focus === 'trajectory');
  dom.optimismFigure.hidden = lesson?.focus !== 'optimism' && !state.charts.optimism;
  placeLessonText();
  if (!lesson) return;
  dom.title.textContent = lesson.title;
  dom.intro.textContent = lesson.text;
  dom.notice.replaceChildren(
    ...lesson.notice.map((text) => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    }),
  );
  markMore();
}

/** The link of `lesson`: its settings and its id. */
export function lessonHash(lesson) {
  return toHash({ ...lessonSettings(lesson), ...lessonView(lesson), lesson: lesson.id });
}

/** After a run: the lesson's chart into view; the optimism lesson's experiment. */
async function afterRun(report) {
  const lesson = currentLesson();
  if (!lesson) return;
  state.focusChart = lesson.focus;
  hooks.showPngTarget();
  const figure = $(FIGURES[lesson.focus]);
  if (lesson.focus === 'optimism') dom.optimismFigure.hidden = false;
  // On a phone the text sits right above the chart: both come into view from its top.
  // (below the Run panel, which stays at the top of a phone's screen).
  const narrow = dom.panel.nextElementSibling === figure;
  if (narrow) keepBelowRun(dom.panel);
  holdInView(narrow ? dom.panel : figure, narrow ? 'start' : 'nearest');
  if (lesson.focus === 'optimism') await runOptimism(lesson, report);
}

/** Stops the current holdInView, if any. */
let stopHolding = () => {};

/**
 * Brings `el` into view (scrollIntoView with `block`) and keeps it there while the page
 * settles: after a run the charts around it are drawn and the selection's extras
 * (learning curve, regularisation path) computed, and each can change the page's
 * height above or below it. Stops at the reader's first scroll, touch, click or key,
 * or after five seconds.
 */
function holdInView(el, block) {
  stopHolding();
  const place = () => {
    el.scrollIntoView({ block, behavior: 'instant' });
    hideSlicedBest(el);
  };
  place();
  const watch = new ResizeObserver(place);
  watch.observe(document.body);
  watch.observe(el);
  const events = ['wheel', 'touchstart', 'pointerdown', 'keydown'];
  const timer = setTimeout(() => stopHolding(), 5000);
  stopHolding = () => {
    watch.disconnect();
    clearTimeout(timer);
    for (const e of events) removeEventListener(e, stopHolding, true);
    stopHolding = () => {};
  };
  for (const e of events) addEventListener(e, stopHolding, { capture: true, passive: true });
}

/**
 * When bringing `el` into view has left the best candidate's panel cut across at the top
 * of the screen (its last line showing, its numbers not), scrolls it out of view
 * altogether, as long as `el`'s top stays on screen.
 */
function hideSlicedBest(el) {
  const best = $('best-panel').getBoundingClientRect();
  const top = el.getBoundingClientRect().top;
  if (best.top < 0 && best.bottom > 0 && top - best.bottom >= 0) window.scrollBy(0, Math.ceil(best.bottom));
}

/** Runs the lesson's search on `lesson.seeds` hold-out splits and draws the optimism chart. */
async function runOptimism(lesson, report) {
  const seeds = lesson.seeds ?? 20;
  const progress = dom.optimismProgress;
  progress.hidden = false;
  progress.max = seeds;
  progress.value = 0;
  drawChart('optimism', null, `Running the search on ${seeds} splits…`);
  const t0 = performance.now();
  try {
    const { chart, optimism } = await state.client.call(
      REQUEST.OPTIMISM,
      { config: report.config, test_size: report.config.test_size || lesson.test || 0.3, n_seeds: seeds },
      ({ done, total }) => {
        progress.max = total;
        progress.value = done;
        drawChart('optimism', null, `Running the search on split ${done} of ${total}…`);
      },
    );
    if (report !== state.report) return;
    drawChart('optimism', chart);
    const mean = optimism.mean_gap;
    const gap = typeof mean === 'number' ? ` The winner's CV score was on average ${mean.toFixed(3)} above its held-out score.` : '';
    setStatus(`Ran the search on ${seeds} splits in ${formatDuration(performance.now() - t0)}.${gap}`, 'ok');
  } catch (err) {
    if (!(err instanceof CancelledError)) drawChart('optimism', null, `Could not run the experiment: ${err.message}`);
  } finally {
    progress.hidden = true;
  }
}

/**
 * Where the lesson's text sits: on a wide screen in the sticky Run panel, so it stays in
 * view beside the lesson's chart wherever that is scrolled; on a narrow one (a tall
 * sticky panel would hide a phone's screen) its title and introduction right above the
 * lesson's chart and what to notice right below it, so that the chart comes into view
 * with the introduction and each notice is read beside what it points at — else at the
 * top of the results.
 */
const WIDE = '(min-width: 900px)';
function placeLessonText(wide = matchMedia(WIDE).matches) {
  const lesson = currentLesson();
  const figure = lesson ? $(FIGURES[lesson.focus]) : null;
  const split = !wide && figure;
  if (wide) {
    if (dom.panel.parentElement !== dom.runPanel) dom.runPanel.append(dom.panel);
  } else if (figure) {
    if (dom.panel.nextElementSibling !== figure) figure.before(dom.panel);
    if (dom.after.previousElementSibling !== figure) figure.after(dom.after);
  } else if (dom.panel.nextElementSibling !== $('best-panel')) {
    dom.results.insertBefore(dom.panel, $('best-panel'));
  }
  const home = split ? dom.after : dom.body;
  if (dom.noticeBox.parentElement !== home) home.append(dom.noticeBox);
  dom.after.hidden = !split || dom.panel.hidden;
  dom.panel.classList.toggle('beside', wide);
  fitBeside();
}

/**
 * Beside the charts, the lesson's text is at most the height left on the screen under
 * the Run panel's other rows (which depends on how far the header has scrolled away),
 * so its end is never below the screen's edge; it scrolls within itself if taller.
 */
function fitBeside() {
  const beside = dom.panel.classList.contains('beside') && !dom.panel.hidden;
  const top = beside ? dom.panel.getBoundingClientRect().top : 0;
  dom.panel.style.maxHeight = beside ? `${Math.max(64, Math.floor(window.innerHeight - top - 12))}px` : '';
  markMore();
}

/** Marks the lesson's text when more of it is below its box's edge (a shadow there). */
function markMore() {
  const p = dom.panel;
  p.classList.toggle('more', p.scrollHeight - p.scrollTop - p.clientHeight > 2);
}
dom.panel.addEventListener('scroll', markMore, { passive: true });

let fitting = false;
/** fitBeside once per frame while the page scrolls or resizes. */
function fitBesideSoon() {
  if (fitting) return;
  fitting = true;
  requestAnimationFrame(() => {
    fitting = false;
    fitBeside();
  });
}
addEventListener('scroll', fitBesideSoon, { passive: true });
addEventListener('resize', fitBesideSoon);
// The rows above it (the grid's size, a question, progress) change height too.
new ResizeObserver(fitBesideSoon).observe(dom.runPanel);

/** Connects the picker; `applyLink(hash)` applies a link and runs it (main.js). */
export function bindLessons(applyLink) {
  fillLessonSelect();
  const wide = matchMedia(WIDE);
  placeLessonText(wide.matches);
  wide.addEventListener('change', (event) => placeLessonText(event.matches));
  const choose = () => {
    const lesson = lessonById(dom.select.value);
    if ((lesson?.id ?? '') === (currentLesson()?.id ?? '')) return;
    if (!lesson) {
      state.lesson = {};
      showLesson();
      hooks.writeHash();
      return;
    }
    applyLink(lessonHash(lesson));
  };
  // On the closed picker the arrow keys (and letters) step through the lessons, firing
  // 'change' at each step: from the keyboard a lesson starts on Enter, or when the
  // picker loses focus, not at every step (a search each); a pointer's or a touch
  // screen's pick starts at once.
  let browsing = false;
  const STEP_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);
  dom.select.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      browsing = false;
      choose();
    } else if (STEP_KEYS.has(event.key) || event.key.length === 1) {
      browsing = true;
    }
  });
  dom.select.addEventListener('pointerdown', () => {
    browsing = false;
  });
  dom.select.addEventListener('change', () => {
    if (!browsing) choose();
  });
  dom.select.addEventListener('blur', () => {
    if (browsing) {
      browsing = false;
      choose();
    }
  });
  // A lesson about training has its own Play beside its text, which stays on screen
  // (pinned beside the charts, or right above them on a phone) while the paths and
  // curves play out below: the playback's button, mirrored.
  dom.play.addEventListener('click', () => dom.playback.click());
  const mirror = () => {
    dom.play.textContent = dom.playback.textContent;
    dom.play.disabled = dom.playback.disabled;
    dom.play.setAttribute('aria-pressed', dom.playback.getAttribute('aria-pressed') ?? 'false');
  };
  new MutationObserver(mirror).observe(dom.playback, { attributes: true, childList: true, characterData: true, subtree: true });
  mirror();
  dom.close.addEventListener('click', () => {
    state.lesson = {};
    showLesson();
    hooks.writeHash();
    // The button is gone with the panel: the keyboard's place goes to the picker.
    dom.select.focus({ preventScroll: true });
  });
  hooks.defaultView = (report) => {
    const lesson = currentLesson();
    if (!lesson?.select) return null;
    const sel = lessonSelection(report.result.cv_results.params, lesson.select);
    return sel.length ? { sel } : null;
  };
  hooks.lessonFocus = () => currentLesson()?.focus ?? null;
  hooks.afterRun = afterRun;
}
