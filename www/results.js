// results.js — the results column: the best candidate, the stale note, the heatmap's
// axes and the trajectory's plane, and the selection of candidates (table rows,
// heatmap cells) that the loss and trajectory charts follow. What is shown of the
// results (selection, plane, axes) is part of the link: viewValues / applyView.

import { expanded_features as expansionCount } from './pkg/tunelab.js';
import { LOGISTIC, degreesOf, fixedSettings } from './config.js';
import { CancelledError, REQUEST } from './protocol.js';
import { CHART_NAMES, canvases, drawChart, heatmapCandidate, heatmapCellAt, resetHeatmapCursor, showHeatmapSelection } from './charts.js';
import { clearTable, markSelectedRows, paramNames, renderTable } from './table.js';
import { hooks, state } from './store.js';
import { pickerSet } from './picker.js';
import { $, fillSelect, formatDuration, formatScore, formatScoreStd, formatValue, offers, setStatus } from './util.js';


/** The most classes the confusion matrix is drawn for. */
export const MAX_CONFUSION_CLASSES = 40;
const dom = {
  results: $('results'),
  staleNote: $('stale-note'),
  bestParams: $('best-params'),
  bestWith: $('best-with'),
  bestScore: $('best-score'),
  testScore: $('test-score'),
  heatmapX: $('heatmap-x'),
  heatmapY: $('heatmap-y'),
  heatmapLabels: [$('heatmap-x-label'), $('heatmap-y-label')],
  planeKind: $('plane-kind'),
  planeI: $('plane-i'),
  planeJ: $('plane-j'),
  confusionHint: $('confusion-hint'),
  confusionNote: $('confusion-note'),
  validationHint: $('validation-hint'),
};
export const resultsDom = dom;

/** Marks the shown results as being replaced (dimmed) or not. */
export function setResultsBusy(busy) {
  if (busy) dom.results.setAttribute('aria-busy', 'true');
  else dom.results.removeAttribute('aria-busy');
}

/** Empties results and charts, with `message` where the charts were. */
export function clearResults(message) {
  state.report = null;
  setResultsBusy(false);
  dom.staleNote.hidden = true;
  state.lastRunMessage = null;
  state.selection = [];
  state.selectionToken++;
  for (const el of [dom.bestParams, dom.bestScore, dom.testScore]) {
    el.textContent = '—';
    delete el.dataset.value;
  }
  dom.bestWith.textContent = '';
  dom.bestWith.hidden = true;
  clearTable();
  dom.confusionHint.textContent = 'refit model';
  showConfusionNote(Boolean(state.summary?.regression));
  for (const label of dom.heatmapLabels) label.hidden = true;
  resetHeatmapCursor();
  for (const name of CHART_NAMES) drawChart(name, null, message);
  hooks.resultsCleared();
}

/** Hides the confusion matrix with a short note for a numeric target, or shows it. */
function showConfusionNote(regression) {
  dom.confusionNote.hidden = !regression;
  canvases.confusion.hidden = regression;
  dom.confusionHint.hidden = regression;
  const foot = canvases.confusion.closest('figure').querySelector('.chart-foot');
  if (foot) foot.hidden = regression;
}

/** Shows the last report: best candidate, table, heatmap choices and the fixed charts. */
export function renderResults() {
  const { result, validation, confusion, heatmap } = state.report;
  const entries = Object.entries(result.best_params);
  dom.bestParams.textContent = entries.map(([k, v]) => `${k}=${formatValue(v)}`).join(', ');
  dom.bestParams.dataset.value = JSON.stringify(result.best_params);
  const fixed = fixedSettings(result.best_params, state.report.config.base, state.report.config.model);
  dom.bestWith.textContent = fixed.length ? `with: ${fixed.map(([k, v]) => `${k}=${formatValue(v)}`).join(', ')}` : '';
  dom.bestWith.hidden = !fixed.length;
  dom.bestScore.textContent = `${formatScoreStd(result.best_score, result.best_score_std)} (${result.refit_scorer})`;
  dom.bestScore.dataset.value = String(result.best_score);
  if (result.test_score === null || result.test_score === undefined) {
    dom.testScore.textContent = 'no test split (test fraction 0)';
    dom.testScore.dataset.value = '';
  } else {
    dom.testScore.textContent = `${formatScore(result.test_score)} on ${result.n_test} held-out rows`;
    dom.testScore.dataset.value = String(result.test_score);
  }
  dom.confusionHint.textContent = result.confusion_on_test
    ? `refit model on the test split (${result.n_test} rows)`
    : 'refit model on the training data (no test split)';

  const names = paramNames(result.cv_results);
  const x = state.report.x_param ?? names[0] ?? '';
  const y = state.report.y_param ?? '';
  fillSelect(dom.heatmapX, names.map((n) => [n, n]), x);
  fillSelect(dom.heatmapY, [['', '(none)'], ...names.map((n) => [n, n])], y);
  for (const label of dom.heatmapLabels) label.hidden = false;
  dom.validationHint.textContent = state.report.x_param && validation
    ? validation.log_y
      ? `train and CV error against ${state.report.x_param} on a log scale (lower is better), ±1 std over the folds`
      : `train and CV score against ${state.report.x_param}, ±1 std over the folds`
    : 'train and CV score against a numeric grid parameter';
  state.sort = { column: null, descending: false };
  fillPlaneSelectors(state.summary, state.report.config);
  renderTable();
  resetHeatmapCursor();
  drawChart('heatmap', heatmap ?? null, 'The heatmap needs two grid parameters.');
  drawChart('validation', validation ?? null, validationMissing(result.cv_results, state.report.x_param));
  showConfusionNote(Boolean(result.regression));
  // A matrix of hundreds of classes cannot be read, and drawing one held the page for
  // seconds (1 000 classes: 5 s a draw): past MAX_CONFUSION_CLASSES it is not drawn.
  const classes = confusion?.class_names?.length ?? 0;
  const tooMany = classes > MAX_CONFUSION_CLASSES;
  drawChart(
    'confusion',
    tooMany ? null : (confusion ?? null),
    result.regression
      ? 'No confusion matrix for a numeric target.'
      : tooMany
        ? `No confusion matrix: ${classes} classes are too many to read as one (it is drawn for up to ${MAX_CONFUSION_CLASSES}).`
        : 'No confusion matrix.',
  );
  hooks.resultsShown();
}

/**
 * The note above the results when they no longer match the settings (`settingsHash`,
 * the hash of the settings now) or, after a cancel, no longer live in the worker;
 * hidden during a run and without results.
 */
export function updateStale(settingsHash) {
  const report = state.report;
  let note = '';
  if (report && !state.machine.running) {
    if (settingsHash !== report.settingsHash) note = 'Settings changed since this run — press Run to update.';
    else if (report.detached) note = typeof report.detached === 'string' ? report.detached : 'These are the results from before the cancelled run — press Run to explore them again.';
  }
  dom.staleNote.textContent = note;
  dom.staleNote.hidden = !note;
}

// ------------------------------------------------------------------ plane

/** The plane chosen for the trajectory chart. */
export function currentPlane() {
  if (dom.planeKind.value === 'weights') {
    return { kind: 'weights', i: Number(dom.planeI.value), j: Number(dom.planeJ.value) };
  }
  return { kind: 'principal' };
}

/** Shows the weight pickers when the plane is "two weights". */
export function showPlaneWeights() {
  const weights = dom.planeKind.value === 'weights';
  dom.planeI.hidden = !weights;
  dom.planeJ.hidden = !weights;
}

/**
 * Fills the weight choices of the plane selector: W[class, feature] and b[class] for
 * logistic regression on the raw features; otherwise the model's parameters by index
 * (the chart's axes name them), as many as the smallest candidate has.
 */
export function fillPlaneSelectors(summary, config = null) {
  if (!summary) return;
  const model = config?.model ?? LOGISTIC;
  const degrees = config ? degreesOf(config) : [1];
  const [i, j] = [dom.planeI.value, dom.planeJ.value];
  let options;
  if (model !== LOGISTIC || Math.min(...degrees) !== 1 || summary.regression) {
    let cols = summary.n_features;
    try {
      cols = expansionCount(summary.n_features, Math.min(...degrees));
    } catch {
      // keep the raw count
    }
    const out = summary.regression ? 1 : summary.class_names.length === 2 ? 1 : summary.class_names.length;
    const hidden = config?.grid[0]?.hidden_layer_sizes ?? [config?.base.hidden_layer_sizes].filter(Boolean);
    const n = hidden.length ? Math.min(...hidden) * (cols + 1) + out * (Math.min(...hidden) + 1) : out * (cols + 1);
    options = [...Array(Math.min(n, 200)).keys()].map((k) => [k, `parameter ${k}`]);
  } else {
    // Named as the chart's axes name them: w[feature] and b for two classes (one row
    // of weights), W[class, feature] and b[class] for more.
    const rows = summary.class_names.length === 2 ? 1 : summary.class_names.length;
    const d = summary.n_features;
    const names = summary.feature_names;
    options = [];
    if (rows === 1) {
      for (let f = 0; f < d; f++) options.push([f, `w[${f}] · ${names[f]}`]);
      options.push([d, 'b · intercept']);
    } else {
      for (let k = 0; k < rows; k++) {
        for (let f = 0; f < d; f++) options.push([k * d + f, `W[${k}, ${f}] ${summary.class_names[k]} · ${names[f]}`]);
      }
      for (let k = 0; k < rows; k++) options.push([rows * d + k, `b[${k}] ${summary.class_names[k]} · intercept`]);
    }
  }
  fillSelect(dom.planeI, options, 0);
  fillSelect(dom.planeJ, options, Math.min(1, options.length - 1));
  if (i !== j && offers(dom.planeI, i) && offers(dom.planeJ, j)) {
    pickerSet(dom.planeI, i);
    pickerSet(dom.planeJ, j);
  }
}

// ------------------------------------------------------------------ view ↔ link

/**
 * What is shown of the results, as settings.js view properties: the selection (left
 * out when it is the best candidate alone), the plane, the heatmap's axes (left out
 * when they are the report's own), the boundary's features (left out when they are the
 * data's default pair).
 */
export function viewValues() {
  if (!state.report) return state.pendingView ?? {};
  const v = {};
  const best = state.report.result.best_index;
  if (!(state.selection.length === 1 && state.selection[0] === best) && state.selection.length) v.sel = [...state.selection];
  if (dom.planeKind.value === 'weights') Object.assign(v, { plane: 'weights', pi: dom.planeI.value, pj: dom.planeJ.value });
  const x = state.report.x_param ?? '';
  const y = state.report.y_param ?? '';
  if (dom.heatmapX.value && (dom.heatmapX.value !== x || dom.heatmapY.value !== y)) Object.assign(v, { hx: dom.heatmapX.value, hy: dom.heatmapY.value });
  return Object.assign(v, hooks.boundaryView());
}

/**
 * Applies a link's view to fresh results (after renderResults): the heatmap's axes and
 * the plane, if the results have them; returns the selection to show (the link's
 * candidates that exist, else the best).
 */
export function applyView(view) {
  const n = state.report.result.cv_results.params.length;
  // The link's view keys these results have no place for: said in the status line.
  const unused = [];
  if (view?.hx && offers(dom.heatmapX, view.hx)) {
    dom.heatmapX.value = view.hx;
    const hy = offers(dom.heatmapY, view.hy ?? '');
    dom.heatmapY.value = hy ? (view.hy ?? '') : '';
    if (view.hy && !hy) unused.push('hy');
  } else if (view?.hx) {
    unused.push('hx');
  }
  if (view?.plane === 'weights') {
    dom.planeKind.value = 'weights';
    if (view.pi != null && !pickerSet(dom.planeI, view.pi)) unused.push('pi');
    if (view.pj != null && !pickerSet(dom.planeJ, view.pj)) unused.push('pj');
  } else if (view) {
    dom.planeKind.value = 'principal';
  }
  showPlaneWeights();
  unused.push(...(hooks.applyBoundaryView(view ?? {}) ?? []));
  const asked = view?.sel ?? [];
  const sel = asked.filter((i) => i < n);
  if (sel.length < asked.length) unused.push('sel');
  state.viewUnused = unused;
  return sel.length ? sel : [state.report.result.best_index];
}

// ------------------------------------------------------------------ selection

/** Redraw only the heatmap (an axis changed). */
export const HEATMAP_ONLY = { heatmap: true, paths: false };
/** Redraw only the loss and trajectory charts (the plane changed). */
export const PATHS_ONLY = { heatmap: false, paths: true };

/**
 * Selects candidates and redraws the heatmap, loss and trajectory charts for them;
 * `parts` limits the redraw (an axis change needs no refit, a plane change no heatmap).
 * The heatmap is asked of the worker only when its axes changed; otherwise only its
 * outlines are redrawn, on this thread, from the data it has.
 */
export async function selectCandidates(selection, parts = { heatmap: true, paths: true }) {
  if (!state.report || state.machine.running) return;
  if (state.report.detached) {
    setStatus('These results are from before the cancelled run: press Run search to select their candidates again.', 'warn');
    return;
  }
  state.selection = selection;
  markSelectedRows();
  hooks.writeHash();
  const token = ++state.selectionToken;
  const client = state.client;
  const t0 = performance.now();
  const x = dom.heatmapX.value;
  const y = dom.heatmapY.value;
  const shown = state.charts.heatmap;
  const sameAxes = shown && shown.x_label === x && shown.y_label === y;
  const fetchHeatmap = parts.heatmap && !(sameAxes && showHeatmapSelection(selection));
  try {
    const [heatmap, paths] = await Promise.all([
      fetchHeatmap ? client.call(REQUEST.HEATMAP, { x, y, selected: selection }) : null,
      parts.paths ? client.call(REQUEST.TRAJECTORIES, { candidates: selection, plane: currentPlane() }) : null,
    ]);
    if (token !== state.selectionToken) return;
    if (fetchHeatmap) drawChart('heatmap', heatmap, 'The heatmap needs two different grid parameters.');
    if (!parts.paths) return;
    drawChart('loss', paths.loss, 'No loss history.');
    drawChart('trajectory', paths.trajectory, 'No trajectory.');
    hooks.selectionDrawn(selection, token);
    const names = selection.slice(0, 8).map((i) => `#${i}`).join(', ') + (selection.length > 8 ? ` and ${selection.length - 8} more` : '');
    const noun = selection.length === 1 ? 'path' : 'paths';
    const traced = `Drew the optimisation ${noun} of ${names} in ${formatDuration(performance.now() - t0)}.`;
    setStatus(state.lastRunMessage ? `${state.lastRunMessage} ${traced}` : traced, 'ok');
  } catch (err) {
    if (err instanceof CancelledError || token !== state.selectionToken) return;
    if (parts.paths) {
      drawChart('loss', null, err.message);
      drawChart('trajectory', null, err.message);
      setStatus(`Could not draw the optimisation paths of the selected candidates: ${err.message}`, 'error');
    } else {
      drawChart('heatmap', null, err.message);
    }
    if (err.fatal) await hooks.replaceCrashedWorker(err);
  }
}

/** Toggles `index` in the selection (add = shift/ctrl/⌘) or selects it alone. */
export function pick(index, add) {
  if (!state.report || state.machine.running) return;
  let next;
  if (add) {
    next = state.selection.includes(index) ? state.selection.filter((i) => i !== index) : [...state.selection, index];
    if (next.length === 0) next = [index];
  } else {
    next = [index];
  }
  selectCandidates(next);
}

/** Heatmap cell (row, col) → its candidate, picked. */
export async function pickCell(row, col, add) {
  if (!state.report || state.machine.running) return;
  if (state.report.detached) {
    selectCandidates(state.selection);
    return;
  }
  // The heatmap's data names each cell's candidate; older data asks the worker.
  const local = state.charts.heatmap?.candidates?.length ? heatmapCandidate(row, col) : undefined;
  if (local !== undefined) {
    if (local !== null) pick(local, add);
    return;
  }
  try {
    const index = await state.client.call(REQUEST.HEATMAP_CANDIDATE, { x: dom.heatmapX.value, y: dom.heatmapY.value, row, col });
    if (index !== null && index !== undefined) pick(index, add);
  } catch (err) {
    if (!(err instanceof CancelledError)) setStatus(err.message, 'error');
  }
}

/** Connects the heatmap (clicks, axes) and the plane pickers. */
export function bindResults() {
  canvases.heatmap.addEventListener('click', (event) => {
    if (!state.charts.heatmap || !state.report || state.machine.running) return;
    const cell = heatmapCellAt(event);
    if (cell) pickCell(cell[0], cell[1], event.shiftKey || event.ctrlKey || event.metaKey);
    else if (state.report.detached) selectCandidates(state.selection);
  });
  for (const select of [dom.heatmapX, dom.heatmapY]) {
    select.addEventListener('change', () => state.report && selectCandidates(state.selection, HEATMAP_ONLY));
  }
  dom.planeKind.addEventListener('change', () => {
    showPlaneWeights();
    if (state.report) selectCandidates(state.selection, PATHS_ONLY);
    else hooks.writeHash();
  });
  for (const select of [dom.planeI, dom.planeJ]) {
    select.addEventListener('change', () => (state.report ? selectCandidates(state.selection, PATHS_ONLY) : hooks.writeHash()));
  }
}

/** Why there is no validation curve: no grid axis, or one with no numeric order. */
function validationMissing(cv, x) {
  const values = x ? [...new Set(cv.params.map((p) => p[x]).filter((v) => v !== undefined))] : [];
  if (values.length > 1 && values.some((v) => typeof v !== 'number')) {
    return `The validation curve draws scores along a numeric axis; ${x} (${values.join(', ')}) has no order to draw along. The table and heatmap compare its values.`;
  }
  return 'The validation curve needs a grid axis with two or more values.';
}
