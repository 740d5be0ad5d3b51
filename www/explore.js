// explore.js — what the selected candidate shows beyond the search: its decision
// boundary, learning curve and regularisation path; the training playback (loss,
// trajectory and boundary stepping through the optimiser's history together); and the
// live sliders, which refit the candidate with one parameter changed.
//
// One playback loop at a time: `playToken` is bumped by every play, pause, step and
// scrub, and a loop whose token is no longer current stops (as TensorFlow
// Playground's Player). Frames and live fits are coalesced: while one is in the worker,
// only the newest wanted frame / slider value waits; no queue builds up.

import { REQUEST, CancelledError } from './protocol.js';
import { drawChart } from './charts.js';
import { currentPlane } from './results.js';
import { hooks, state } from './store.js';
import { pickerSet } from './picker.js';
import { $, fillSelect, foldNotes, formatScore, formatScoreStd, formatValue } from './util.js';
import { fromSlider, lossUpTo, playbackIndex, sliderRange, sliderSpecs, toSlider, trajectoryUpTo } from './teach.js';

const dom = {
  candidate: $('explore-candidate'),
  play: $('play-button'),
  step: $('step-button'),
  slider: $('iteration-slider'),
  iterationText: $('iteration-text'),
  speed: $('speed-select'),
  bar: document.querySelector('.playback'),
  mini: $('mini-player'),
  miniPlay: $('mini-play'),
  miniStep: $('mini-step'),
  miniIteration: $('mini-iteration'),
  sliders: $('live-sliders'),
  scores: $('live-scores'),
  reset: $('live-reset'),
  boundaryX: $('boundary-x'),
  boundaryY: $('boundary-y'),
  boundaryXLabel: $('boundary-x-label'),
  boundaryYLabel: $('boundary-y-label'),
  boundaryHint: $('boundary-hint'),
  learningCompute: $('learning-compute'),
  regpathCompute: $('regpath-compute'),
  regpathNote: $('regpath-note'),
  regpathCanvas: $('chart-regpath'),
};

/** Grid nodes per axis of the decision regions. */
const RESOLUTION = 60;
/** Extras estimated to take longer than this (ms) wait for their Compute button. */
const AUTO_MS = 600;
/** A live refit's cross-validation (a fit per fold) starts once its slider rests this long (ms). */
const CV_DELAY_MS = 250;
/**
 * While a slider moves, a network is refitted for as many epochs as take about this long
 * (ms), a preview of its training so far; the full fit follows once the slider rests.
 */
const PREVIEW_MS = 60;
/** Epochs of a network's first preview, before the cost of an epoch is known. */
const FIRST_PREVIEW_EPOCHS = 20;

const ex = {
  /** The report and candidate the extras are shown for. */
  report: null,
  candidate: null,
  /** Iteration of each history entry of the model the boundary shows (searched or live). */
  iterations: [],
  /** History entry shown by the playback; null = the end (the full charts). */
  pos: null,
  playing: false,
  playToken: 0,
  /** Frame coalescing: the entry wanted, the one drawn, the loop drawing them. */
  wanted: null,
  shown: null,
  frameLoop: null,
  /**
   * The live refit shown ({ params, one, cv }: its single fit, then its CV scores), the
   * newest slider value waiting, the fit loop, the timer that starts the CV once sliders rest.
   */
  live: null,
  livePending: null,
  liveLoop: null,
  cvTimer: null,
  /** When a slider last moved (performance.now()): the learning curve's next size waits for a rest. */
  lastLiveAt: -Infinity,
  /** ms per (epoch × hidden unit) of the last network refit on these results: what a preview can afford. */
  epochCost: null,
  /** An iteration a link asked for, applied once the boundary's history is known. */
  pendingIter: null,
};

/** Test hook: slider-to-redraw times (ms), playback figures. */
const stats = { sliderMs: [], lastSliderMs: null, playback: null };
globalThis.tunelab.explore = stats;
Object.defineProperty(globalThis.tunelab, 'lastSliderMs', { get: () => stats.lastSliderMs });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether the worker still holds the shown search (not cancelled, not running). */
function usable() {
  return Boolean(state.report) && !state.report.detached && !state.machine.running;
}

// ------------------------------------------------------------------ boundary

/** The summary the boundary's pickers were last filled for: new data starts on its default pair. */
let pickersFor = null;

/**
 * Fills the boundary's feature pickers for `summary` (x, and y for classes) and shows them
 * when there is a choice. New data starts on the core's most informative pair of features
 * (`boundary_features`); the same data keeps the learner's choice.
 */
export function fillBoundarySelectors(summary) {
  if (!summary) return;
  const options = summary.feature_names.map((n, i) => [i, n]);
  const fresh = pickersFor !== summary;
  pickersFor = summary;
  const [bx, by] = summary.boundary_features ?? [0, Math.min(1, options.length - 1)];
  const [x, y] = fresh ? [bx, by] : [dom.boundaryX.value, dom.boundaryY.value];
  fillSelect(dom.boundaryX, options, x ?? 0);
  fillSelect(dom.boundaryY, options, y ?? Math.min(1, options.length - 1));
  if (dom.boundaryX.value === dom.boundaryY.value && options.length > 1) {
    dom.boundaryY.value = String(dom.boundaryX.value === '0' ? 1 : 0);
  }
  const regression = Boolean(summary.regression);
  dom.boundaryXLabel.hidden = regression ? options.length < 2 : options.length < 3;
  dom.boundaryYLabel.hidden = regression || options.length < 3;
  dom.boundaryHint.textContent = regression
    ? 'the fitted curve over one feature (the others at their mean); dots: training rows, rings: held out'
    : 'regions: the class predicted there (pale: unsure); dots: training rows, rings: held out, ×: wrong';
}

/** The boundary options of the pickers. */
function boundaryOptions() {
  const i = Number(dom.boundaryX.value || 0);
  let j = Number(dom.boundaryY.value || 0);
  if (j === i && !state.summary?.regression) j = i === 0 ? 1 : 0;
  return { features: [i, j], resolution: RESOLUTION };
}

/** Fetches and draws the searched candidate's boundary; sets the playback's history. */
async function showBoundary(candidate, token) {
  try {
    const reply = await state.client.call(REQUEST.BOUNDARY, { candidate, options: boundaryOptions() });
    if (token !== state.selectionToken) return false;
    drawChart('boundary', reply.chart);
    setHistory(reply.iterations);
    return true;
  } catch (err) {
    if (err instanceof CancelledError || token !== state.selectionToken) return false;
    drawChart('boundary', null, err.message);
    setHistory([]);
    if (err.fatal) await hooks.replaceCrashedWorker(err);
    return false;
  }
}

// ------------------------------------------------------------------ learning curve, regularisation path

/** The searched candidate's mean fit time in ms (NaN when unknown). */
function fitMs(candidate) {
  return 1000 * Number(state.report?.result.cv_results.mean_fit_time?.[candidate]);
}

/** Computes and draws an extra chart (`learning` or `regpath`) with progress on its canvas. */
async function computeExtra(name, candidate, token) {
  const request = name === 'learning' ? REQUEST.LEARNING_CURVE : REQUEST.REG_PATH;
  const options = name === 'learning' ? { shuffle: true, seed: 0 } : null;
  const what = name === 'learning' ? 'the learning curve' : 'the regularisation path';
  const button = name === 'learning' ? dom.learningCompute : dom.regpathCompute;
  button.hidden = true;
  drawChart(name, null, `Computing ${what}…`);
  try {
    let data;
    if (name === 'learning') {
      // One training size per request: a slider's live refit waits for one size at
      // most, not the whole curve (each size is computed on its own, so the merged
      // curve is the one a single request gives).
      for (const [i, size] of LEARNING_SIZES.entries()) {
        // A slider being moved goes first: the next size waits until it has rested a moment.
        while (ex.liveLoop || performance.now() - ex.lastLiveAt < CV_DELAY_MS) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          if (token !== state.selectionToken) return;
        }
        if (token !== state.selectionToken) return;
        const part = await state.client.call(request, { candidate, options: { ...options, train_sizes: [size] } }, ({ done, total }) => {
          if (token === state.selectionToken) drawChart(name, null, `Computing ${what}: size ${i + 1} of ${LEARNING_SIZES.length}, ${done} of ${total} fits…`);
        });
        if (token !== state.selectionToken) return;
        data = data ? mergeLearning(data, part) : part;
      }
    } else {
      data = await state.client.call(request, { candidate, options }, ({ done, total }) => {
        if (token === state.selectionToken) drawChart(name, null, `Computing ${what}: ${done} of ${total} fits…`);
      });
    }
    if (token !== state.selectionToken) return;
    drawChart(name, data);
  } catch (err) {
    if (err instanceof CancelledError || token !== state.selectionToken) return;
    if (name === 'regpath' && err.kind === 'invalid_param') showRegpathNote(err.field === 'model' && err.reason ? `No regularisation path for ${err.value}: ${err.reason}.` : `No regularisation path: ${err.message}.`);
    else drawChart(name, null, `Could not compute ${what}: ${err.message}`);
    if (err.fatal) await hooks.replaceCrashedWorker(err);
  }
}

/** The learning curve's training sizes (fractions of a fold's training part, as the core's DEFAULT_TRAIN_SIZES). */
const LEARNING_SIZES = [0.1, 0.325, 0.55, 0.775, 1.0];

/** Learning-curve data of more sizes: `b`'s points after `a`'s, their notes once each. */
export function mergeLearning(a, b) {
  const merged = { ...a };
  for (const key of ['sizes', 'train_mean', 'train_std', 'test_mean', 'test_std']) merged[key] = [...(a[key] ?? []), ...(b[key] ?? [])];
  merged.notes = [...new Set([...(a.notes ?? []), ...(b.notes ?? [])])];
  return merged;
}

/** The regularisation path's refusal (least squares, networks) in place of the chart. */
function showRegpathNote(message) {
  dom.regpathNote.textContent = message;
  dom.regpathNote.hidden = !message;
  dom.regpathCanvas.hidden = Boolean(message);
  if (message) drawChart('regpath', null, message);
}

/**
 * Computes the learning curve and the regularisation path of `candidate` now when they
 * are quick (by its fit time), or offers their Compute buttons with an estimate; a
 * lesson's focus chart is always computed.
 */
async function computeExtras(candidate, token) {
  const k = state.report.config.cv.k;
  const t = fitMs(candidate);
  const focus = hooks.lessonFocus();
  const plans = [
    ['regpath', dom.regpathCompute, t * 30],
    ['learning', dom.learningCompute, t * 5 * k * 0.7],
  ];
  showRegpathNote('');
  for (const [name, button, estimate] of plans) {
    if (token !== state.selectionToken) return;
    if (focus === name || !(estimate > AUTO_MS)) {
      await computeExtra(name, candidate, token);
    } else {
      button.hidden = false;
      button.textContent = `Compute (about ${Math.max(1, Math.round(estimate / 1000))} s)`;
      button.onclick = () => computeExtra(name, candidate, state.selectionToken);
      drawChart(name, null, `For #${candidate} this takes a while: press Compute above.`);
    }
  }
}

// ------------------------------------------------------------------ after a selection

/**
 * The selection's loss and trajectory charts are drawn: show the most recent
 * candidate's boundary, its playback history, its sliders, then its learning curve
 * and regularisation path.
 */
async function onSelectionDrawn(selection, token) {
  const candidate = selection.at(-1);
  pause(false);
  ex.live = null;
  clearTimeout(ex.cvTimer);
  ex.livePending = null;
  ex.pos = null;
  dom.reset.hidden = true;
  const same = ex.report === state.report && ex.candidate === candidate;
  ex.report = state.report;
  ex.candidate = candidate;
  showCandidateHeading();
  buildSliders(candidate);
  showLiveScores(null);
  const ok = await showBoundary(candidate, token);
  if (token !== state.selectionToken) return;
  // The playback position (a link's, or where the last candidate was paused) carries
  // over by iteration; the link keeps it as written, even past this history's end.
  const iter = ex.pendingIter ?? (state.lesson.iter !== undefined ? Number(state.lesson.iter) : null);
  ex.pendingIter = null;
  if (ok && iter !== null && Number.isFinite(iter)) await scrub(playbackIndex(ex.iterations, iter), false);
  if (!same) await computeExtras(candidate, token);
}

/**
 * The panel's heading: the selected candidate, and what a live refit changed ("#10
 * C=100, penalty=l1 → refit with C=0.00708"), so that it names what the charts show.
 */
function showCandidateHeading() {
  const params = state.report.result.cv_results.params[ex.candidate] ?? {};
  let text = `#${ex.candidate} ${Object.entries(params).map(([k, v]) => `${k}=${formatValue(v)}`).join(', ')}`;
  if (ex.live) {
    const changed = Object.entries(ex.live.params)
      .filter(([k, v]) => String(params[k] ?? candidateParams(ex.candidate)[k]) !== String(v))
      .map(([k, v]) => `${k}=${formatValue(v)}`);
    if (changed.length) text += ` → refit with ${changed.join(', ')}`;
  }
  dom.candidate.textContent = text;
}

/** New results or none: forget the extras. */
function reset(message) {
  pause(false);
  ex.report = null;
  ex.candidate = null;
  ex.epochCost = null;
  ex.live = null;
  clearTimeout(ex.cvTimer);
  ex.livePending = null;
  setHistory([]);
  dom.candidate.textContent = '';
  dom.sliders.replaceChildren();
  showLiveScores(null);
  dom.reset.hidden = true;
  dom.learningCompute.hidden = true;
  dom.regpathCompute.hidden = true;
  showRegpathNote('');
  if (message) for (const name of ['boundary', 'learning', 'regpath']) drawChart(name, null, message);
}

// ------------------------------------------------------------------ playback

/** Sets the history the playback steps through (iterations per entry) and shows the end. */
function setHistory(iterations) {
  ex.iterations = iterations;
  ex.frame = null;
  ex.pos = null;
  ex.wanted = null;
  ex.shown = null;
  const n = iterations.length;
  dom.slider.max = String(Math.max(0, n - 1));
  dom.slider.value = String(Math.max(0, n - 1));
  for (const el of [dom.play, dom.step, dom.slider]) el.disabled = n < 2;
  // Least squares and ridge are solved directly: their history is the start and the
  // answer, one step, with nothing to play; the bar then says so instead.
  dom.bar.toggleAttribute('data-one-step', oneStep());
  showPosition();
}

/** Whether the shown model was fitted in one step (a history of at most start and end). */
function oneStep() {
  const n = ex.iterations.length;
  return n > 0 && n <= 2 && ex.iterations[n - 1] <= 1;
}

/** The slider and its text for the shown position. */
function showPosition() {
  const n = ex.iterations.length;
  if (n === 0) {
    dom.iterationText.textContent = 'no training history';
    return;
  }
  if (oneStep()) {
    dom.iterationText.textContent = 'fitted in one step (solved directly): no training to play';
    syncMini();
    return;
  }
  const k = ex.pos ?? n - 1;
  dom.slider.value = String(k);
  const it = ex.iterations[k];
  const last = ex.iterations[n - 1];
  dom.iterationText.textContent = `iteration ${it} of ${last}${n - 1 > 0 ? ` (entry ${k + 1}/${n})` : ''}`;
  dom.slider.setAttribute('aria-valuetext', `iteration ${it} of ${last}`);
  syncMini();
}

/** Draws history entry `k` on the loss, trajectory and boundary charts (the end: the full charts). */
async function drawFrame(k) {
  const n = ex.iterations.length;
  if (!n || !state.report) return;
  const token = state.selectionToken;
  const live = ex.live;
  if (k >= n - 1) {
    ex.frame = null;
    drawChart('loss', state.charts.loss, state.messages.loss);
    drawChart('trajectory', state.charts.trajectory, state.messages.trajectory);
    drawChart('boundary', state.charts.boundary, state.messages.boundary);
    return;
  }
  let reply = null;
  try {
    reply = live
      ? await state.client.call(REQUEST.LIVE_BOUNDARY_AT, { snapshot: k, options: boundaryOptions() })
      : await state.client.call(REQUEST.BOUNDARY, { candidate: ex.candidate, options: boundaryOptions(), snapshot: k });
  } catch (err) {
    if (err instanceof CancelledError) return;
    reply = null;
  }
  if (token !== state.selectionToken || live !== ex.live) return;
  ex.frame = { k, boundary: reply?.chart ?? null };
  paintFrame();
}

/** Draws the last fetched frame (again: after a resize redrew the full charts). */
function paintFrame() {
  const frame = ex.frame;
  if (!frame || ex.pos === null || frame.k !== ex.pos) return;
  const upTo = ex.iterations[frame.k];
  if (state.charts.loss) drawChart('loss', state.charts.loss, '', lossUpTo(state.charts.loss, upTo));
  if (state.charts.trajectory && state.charts.loss) {
    drawChart('trajectory', state.charts.trajectory, '', trajectoryUpTo(state.charts.trajectory, state.charts.loss, upTo));
  }
  if (frame.boundary) drawChart('boundary', state.charts.boundary, '', frame.boundary);
}

/** Shows entry `k`, coalesced: while a frame is drawn only the newest wanted one waits. */
function showFrame(k) {
  ex.wanted = k;
  if (ex.frameLoop) return ex.frameLoop;
  if (ex.wanted === ex.shown) return Promise.resolve();
  const loop = (async () => {
    while (ex.wanted !== null && ex.wanted !== ex.shown) {
      const want = ex.wanted;
      await drawFrame(want);
      ex.shown = want;
    }
  })();
  ex.frameLoop = loop;
  const done = () => {
    if (ex.frameLoop === loop) ex.frameLoop = null;
  };
  loop.then(done, done);
  return loop;
}

/** Writes the playback position into the link (iter=N; none at the end). */
function writeIter() {
  const n = ex.iterations.length;
  if (ex.pos === null || ex.pos >= n - 1) delete state.lesson.iter;
  else state.lesson.iter = String(ex.iterations[ex.pos]);
  hooks.writeHash();
}

/** Whether the playback bar is on screen (an IntersectionObserver keeps it). */
let barInView = true;

/**
 * The floating copy of the playback's buttons: shown while the bar is off screen and a
 * playback is under way (playing, or paused part-way), so that a reader who scrolled to
 * the charts it moves (loss, paths, boundary) can pause and step there.
 */
function syncMini() {
  dom.mini.hidden = barInView || !(ex.playing || ex.pos !== null);
  dom.miniPlay.textContent = dom.play.textContent;
  dom.miniPlay.setAttribute('aria-pressed', dom.play.getAttribute('aria-pressed') ?? 'false');
  dom.miniIteration.textContent = dom.slider.getAttribute('aria-valuetext') ?? '';
}

/** Stops the playback loop (the frame shown stays); `write`: put the position in the link. */
function pause(write = true) {
  ex.playToken++;
  if (ex.playing) {
    ex.playing = false;
    dom.play.textContent = '▶ Play training';
    dom.play.setAttribute('aria-pressed', 'false');
    // Quiet while it played (a screen reader would read every frame): the position
    // where it stopped is read once.
    dom.iterationText.setAttribute('aria-live', 'polite');
  }
  syncMini();
  if (write) writeIter();
}

/** Plays the history from the shown entry (from the start when at the end), one loop at a time. */
async function play() {
  const n = ex.iterations.length;
  if (n < 2 || !usable()) return;
  const token = ++ex.playToken;
  ex.playing = true;
  dom.iterationText.setAttribute('aria-live', 'off');
  dom.play.textContent = '❚❚ Pause';
  dom.play.setAttribute('aria-pressed', 'true');
  syncMini();
  let k = ex.pos === null || ex.pos >= n - 1 ? 0 : ex.pos;
  const t0 = performance.now();
  let frames = 0;
  while (token === ex.playToken) {
    const started = performance.now();
    ex.pos = k;
    showPosition();
    await showFrame(k);
    frames++;
    if (token !== ex.playToken) break;
    if (k >= n - 1) {
      ex.pos = null;
      pause();
      break;
    }
    const fps = Number(dom.speed.value) || 10;
    await sleep(Math.max(0, 1000 / fps - (performance.now() - started)));
    k = Math.min(n - 1, k + 1);
  }
  const ms = performance.now() - t0;
  stats.playback = { frames, ms, fps: frames / Math.max(ms / 1000, 1e-3), speed: Number(dom.speed.value) };
}

/** Shows entry `k` (paused); `write`: put the position in the link. */
async function scrub(k, write = true) {
  pause(false);
  const n = ex.iterations.length;
  ex.pos = Math.min(Math.max(0, k), n - 1);
  showPosition();
  await showFrame(ex.pos);
  if (write) writeIter();
}

/** One entry further (from the end: back to the start). */
function step() {
  const n = ex.iterations.length;
  if (n < 2 || !usable()) return;
  const k = ex.pos === null || ex.pos >= n - 1 ? 0 : ex.pos + 1;
  return scrub(k);
}

// ------------------------------------------------------------------ live sliders

/** The candidate's full parameters: its grid values over the search's fixed settings. */
function candidateParams(candidate) {
  const { config, result } = state.report;
  const params = { ...config.base, ...result.cv_results.params[candidate] };
  delete params.random_state;
  return params;
}

/** The sliders of `candidate`'s model, at its values. */
function buildSliders(candidate) {
  const model = state.report.config.model;
  const params = candidateParams(candidate);
  const specs = sliderSpecs(model, params);
  dom.sliders.replaceChildren(
    ...specs.map((spec) => {
      const label = document.createElement('label');
      label.className = 'live-slider';
      const name = document.createElement('var');
      name.textContent = spec.label;
      const input = document.createElement('input');
      input.type = 'range';
      input.id = spec.id;
      input.dataset.testid = spec.id;
      input.dataset.param = spec.param;
      Object.assign(input, sliderRange(spec));
      input.value = String(toSlider(spec, spec.value));
      const out = document.createElement('output');
      out.textContent = formatValue(spec.value);
      input.setAttribute('aria-valuetext', `${spec.label} ${spec.value}`);
      input.addEventListener('input', (event) => {
        const value = fromSlider(spec, input.value);
        out.textContent = formatValue(value);
        input.setAttribute('aria-valuetext', `${spec.label} ${value}`);
        liveFit(spec.param, value, event.timeStamp || performance.now());
      });
      label.append(name, input, out);
      return label;
    }),
  );
}

/** A fit_status shortened as the table does (the first fold's note, and how many folds had one). */
function shortStatus(status) {
  if (!status || status === 'ok') return 'fitted without warnings';
  const { first, folds, notes } = foldNotes(status);
  return folds > 1 ? `${first} (${folds} folds)` : notes > 1 ? `${first} (and more)` : first;
}

/** The live refit's scores (or a message; null clears): its single fit at once, its CV once computed. */
function showLiveScores(live, message = '') {
  const el = dom.scores;
  el.classList.toggle('error', Boolean(message));
  if (message) {
    el.textContent = message;
    el.title = '';
    return;
  }
  if (!live) {
    el.textContent = 'Move a slider to refit this candidate with another value: the loss, path and boundary follow.';
    el.title = '';
    delete el.dataset.status;
    return;
  }
  const { one, cv, preview } = live;
  const scorer = state.report.result.refit_scorer;
  const changed = Object.entries(live.params)
    .filter(([k, v]) => String(state.report.result.cv_results.params[ex.candidate]?.[k] ?? candidateParams(ex.candidate)[k]) !== String(v))
    .map(([k, v]) => `${k}=${formatValue(v)}`);
  const score = (v) => (v === null || v === undefined ? '–' : formatScore(v));
  const cvText = cv ? `CV ${scorer} ${formatScoreStd(cv.mean_test, cv.std_test)}` : `CV ${scorer} …`;
  const test = one.test_score === null || one.test_score === undefined ? '' : ` · test ${score(one.test_score)}`;
  // The CV's status names every fold's note; until it is in, the single fit's.
  const status = cv ? cv.fit_status : one.fit_status;
  const what = changed.length ? ` (${changed.join(', ')})` : '';
  if (preview) {
    el.textContent = `Live refit${what}, after ${preview.epochs} of ${preview.of} epochs (the full fit follows when the slider rests): train ${score(one.train_score)}${test}`;
    el.title = 'A preview: the network as it was early in its training.';
    el.dataset.status = status;
    el.dataset.cv = 'pending';
    return;
  }
  el.textContent = `Live refit${what}: ${cvText} · train ${score(one.train_score)}${test} · ${shortStatus(status)}`;
  el.title = cv ? status : `${status} (cross-validation follows when the slider rests)`;
  el.dataset.status = status;
  el.dataset.cv = cv ? 'done' : 'pending';
}

/** Whether the results are a network's (whose refits can take longer than a frame). */
const isNetwork = () => /^mlp_/.test(state.report?.config?.model ?? '');

/**
 * The epochs a preview refit of `params` can afford while a slider moves (about
 * PREVIEW_MS at the cost measured on the last refit; FIRST_PREVIEW_EPOCHS before any),
 * or null for the full fit: not a network, or the full fit is about as quick.
 */
function previewEpochs(params) {
  if (!isNetwork()) return null;
  const full = Number(params.max_iter ?? 200);
  // No cost measured yet: a short first preview measures it.
  if (!ex.epochCost) return full > FIRST_PREVIEW_EPOCHS ? FIRST_PREVIEW_EPOCHS : null;
  const units = Number(params.hidden_layer_sizes ?? 100);
  const epochs = Math.floor(PREVIEW_MS / (ex.epochCost * Math.max(units, 1)));
  return epochs >= full ? null : Math.max(5, epochs);
}

/** Refits the selected candidate with `param` = `value`; the newest value wins. */
function liveFit(param, value, t0) {
  if (!usable() || ex.candidate === null) return;
  pause(false);
  const base = ex.live?.params ?? candidateParams(ex.candidate);
  const params = { ...base, ...(ex.livePending?.params ?? {}) };
  if (param !== null) params[param] = value;
  ex.livePending = { params, t0 };
  ex.lastLiveAt = performance.now();
  clearTimeout(ex.cvTimer);
  if (!ex.liveLoop) {
    ex.liveLoop = pumpLive().finally(() => {
      ex.liveLoop = null;
    });
  }
}

/**
 * Fits the waiting slider value (one fit, no folds), draws it, and goes on while newer
 * values wait. A network is previewed while the slider moves (its first epochs, as many
 * as about PREVIEW_MS allow); once the sliders rest the full fit follows, then its
 * cross-validation.
 */
async function pumpLive() {
  while (ex.livePending) {
    const { params, t0, full } = ex.livePending;
    ex.livePending = null;
    const token = state.selectionToken;
    const epochs = full ? null : previewEpochs(params);
    const fitted = epochs ? { ...params, max_iter: epochs } : params;
    try {
      const tFit = performance.now();
      // One refit: its scores, paths and decision boundary come back together.
      // A preview leaves out the path chart's landscape (hundreds of evaluations of the loss).
      const one = await state.client.call(REQUEST.FIT_ONE, { candidate: fitted, plane: currentPlane(), boundary: boundaryOptions(), paths: !epochs });
      if (token !== state.selectionToken || !state.report) return;
      const preview = epochs ? { epochs, of: Number(params.max_iter ?? 200) } : null;
      ex.live = { params, one, cv: null, preview };
      // Every refit of a network measures what an epoch costs (its drawing included, so
      // the estimate errs on the short side).
      if (isNetwork()) {
        const ran = one.loss?.series?.[0]?.iterations?.at(-1) ?? 0;
        if (ran > 0) ex.epochCost = (performance.now() - tFit) / (ran * Math.max(Number(params.hidden_layer_sizes ?? 100), 1));
      }
      drawChart('loss', one.loss, 'No loss history.');
      drawChart('trajectory', one.trajectory ?? null, epochs ? 'The path of this network is drawn when the slider rests.' : 'No trajectory.');
      drawChart('boundary', one.boundary ?? null, one.boundary_error ?? 'No decision boundary for this refit.');
      setHistory(one.loss?.series?.[0]?.iterations ?? []);
      showLiveScores(ex.live);
      showCandidateHeading();
      dom.reset.hidden = false;
      if (!full) {
        const ms = performance.now() - t0;
        stats.lastSliderMs = ms;
        stats.sliderMs.push(ms);
      }
    } catch (err) {
      if (err instanceof CancelledError || token !== state.selectionToken) return;
      showLiveScores(null, `Could not refit: ${err.message}`);
      if (err.fatal) await hooks.replaceCrashedWorker(err);
      return;
    }
  }
  clearTimeout(ex.cvTimer);
  ex.cvTimer = setTimeout(ex.live?.preview ? finishLive : crossValidateLive, CV_DELAY_MS);
}

/** The sliders rest on a previewed network: its full fit (then its cross-validation). */
function finishLive() {
  const live = ex.live;
  if (!live?.preview || ex.liveLoop || ex.livePending || !usable()) return;
  ex.livePending = { params: live.params, t0: performance.now(), full: true };
  ex.liveLoop = pumpLive().finally(() => {
    ex.liveLoop = null;
  });
}

/** The shown live refit's CV scores, unless a newer value or selection replaced it meanwhile. */
async function crossValidateLive() {
  const live = ex.live;
  if (!live || live.cv || ex.liveLoop || ex.livePending || !usable()) return;
  const token = state.selectionToken;
  try {
    const cv = await state.client.call(REQUEST.CV_ONE, { candidate: live.params });
    if (token !== state.selectionToken || live !== ex.live) return;
    live.cv = cv;
    showLiveScores(live);
  } catch (err) {
    if (err instanceof CancelledError || token !== state.selectionToken || live !== ex.live) return;
    showLiveScores(null, `Could not cross-validate the refit: ${err.message}`);
    if (err.fatal) await hooks.replaceCrashedWorker(err);
  }
}

// ------------------------------------------------------------------ wiring

/** Connects the playback, the boundary's pickers and the live panel. */
export function bindExplore(selectCandidates) {
  hooks.selectionDrawn = (selection, token) => {
    onSelectionDrawn(selection, token);
  };
  hooks.redrawOverlays = paintFrame;
  dom.play.addEventListener('click', () => (ex.playing ? pause() : play()));
  dom.step.addEventListener('click', step);
  dom.miniPlay.addEventListener('click', () => dom.play.click());
  dom.miniStep.addEventListener('click', () => dom.step.click());
  new IntersectionObserver((entries) => {
    barInView = entries.at(-1).isIntersecting;
    syncMini();
  }).observe(dom.bar);
  dom.slider.addEventListener('input', () => usable() && scrub(Number(dom.slider.value)));
  dom.reset.addEventListener('click', () => {
    if (!state.report) return;
    // The button hides itself: the keyboard's place goes to the first live slider.
    document.querySelector('#live-sliders input')?.focus({ preventScroll: true });
    selectCandidates(state.selection);
  });
  hooks.boundaryView = () => {
    const [dx, dy] = state.summary?.boundary_features ?? [0, 1];
    const [x, y] = [Number(dom.boundaryX.value), Number(dom.boundaryY.value)];
    if (!dom.boundaryX.value || (x === dx && y === dy)) return {};
    return { bx: x, by: y };
  };
  hooks.applyBoundaryView = (view) => {
    // Link values come as text (settings.js checks that they are whole numbers).
    const n = state.summary?.feature_names?.length ?? 0;
    const [bx, by] = [view.bx, view.by].map((v) => (v === null || v === undefined || v === '' ? NaN : Number(v)));
    const unused = [];
    if (Number.isInteger(bx) && bx < n) pickerSet(dom.boundaryX, bx);
    else if (!Number.isNaN(bx)) unused.push('bx');
    if (Number.isInteger(by) && by < n) pickerSet(dom.boundaryY, by);
    else if (!Number.isNaN(by)) unused.push('by');
    return unused;
  };
  for (const select of [dom.boundaryX, dom.boundaryY]) {
    select.addEventListener('change', async () => {
      hooks.writeHash();
      if (!usable() || ex.candidate === null) return;
      if (ex.live) {
        liveFit(null, null, performance.now());
        return;
      }
      const k = ex.pos;
      if (await showBoundary(ex.candidate, state.selectionToken) && k !== null) await scrub(k);
    });
  }
}

/** Forgets the extras (new results or none). */
export function resetExplore(message = '') {
  reset(message);
}

/** The iteration a link asks for, shown once the selected candidate's history is known. */
export function setPendingIter(iter) {
  ex.pendingIter = iter === undefined || iter === null || iter === '' ? null : Number(iter);
}
