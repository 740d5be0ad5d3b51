// main.js — the TuneLab page: settings, the compute worker, results and charts.
//
// The worker (worker.js) holds the data set and runs searches; this module's own wasm
// instance only draws charts on the canvases (plotters-canvas needs the DOM). Settings
// live in the URL hash so that a link restores them. User text (file names, CSV
// headers, class names) reaches the DOM only through textContent.

import init, {
  catalog as coreCatalog,
  expanded_features as expansionCount,
  draw_confusion,
  draw_heatmap,
  draw_loss,
  draw_trajectory,
  draw_validation,
  heatmap_cell_at,
} from './pkg/tunelab.js';
import { CancelledError, REQUEST, WorkerClient } from './protocol.js';
import {
  LOGISTIC, MODEL_ARRAY_KEYS, MODEL_LIST_KEYS, MODEL_TEXT_KEYS, applyModelDefaults, applyModelSettings,
  expansionNote, fillModelSelect, mismatch, modelDom, modelFieldControls, modelInfo, modelInputs,
  modelParams, parseDegrees, readModelSettings, showModelControls,
} from './models.js';
import {
  dataDom, datasetInfo, fillDatasetSelect, markGeneratedInvalid, onGeneratedEdit, readGeneratedSpec, showGenerated,
} from './datasets.js';

// ------------------------------------------------------------------ DOM

const $ = (id) => document.getElementById(id);
const dom = {
  status: $('status'),
  datasetSelect: $('dataset-select'),
  csvOption: $('csv-option'),
  dataPanel: $('data-panel'),
  fileInput: $('file-input'),
  pasteBox: $('paste-box'),
  pasteText: $('paste-text'),
  pasteLoad: $('paste-load'),
  dataError: $('data-error'),
  dataNote: $('data-note'),
  labelSelect: $('label-select'),
  dataSummary: $('data-summary'),
  previewTable: $('preview-table'),
  paramC: $('param-C'),
  logFrom: $('logrange-from'),
  logTo: $('logrange-to'),
  logCount: $('logrange-count'),
  logFill: $('logrange-fill'),
  penalties: ['none', 'l1', 'l2', 'elasticnet'].map((p) => $(`penalty-${p}`)),
  l1Ratio: $('param-l1-ratio'),
  l1RatioRow: $('l1-ratio-row'),
  solvers: [...document.querySelectorAll('input[name="solver"]')],
  learningRates: $('param-lr'),
  batchSize: $('batch-size'),
  maxIter: $('max-iter'),
  presetSeed: $('preset-seed'),
  presetOptimizers: $('preset-optimizers'),
  folds: $('cv-folds'),
  seed: $('seed'),
  stratified: $('stratified'),
  shuffle: $('shuffle'),
  scoring: $('scoring'),
  testSize: $('test-size'),
  gridSize: $('grid-size'),
  gridError: $('grid-error'),
  runButton: $('run-button'),
  runError: $('run-error'),
  confirmRun: $('confirm-run'),
  confirmText: $('confirm-text'),
  confirmYes: $('confirm-yes'),
  confirmNo: $('confirm-no'),
  results: $('results'),
  staleNote: $('stale-note'),
  cancelButton: $('cancel-button'),
  shareButton: $('share-button'),
  progress: $('progress'),
  progressText: $('progress-text'),
  bestParams: $('best-params'),
  bestWith: $('best-with'),
  bestScore: $('best-score'),
  testScore: $('test-score'),
  heatmapX: $('heatmap-x'),
  heatmapY: $('heatmap-y'),
  planeKind: $('plane-kind'),
  planeI: $('plane-i'),
  planeJ: $('plane-j'),
  confusionHint: $('confusion-hint'),
  confusionNote: $('confusion-note'),
  stratifiedLabel: $('stratified-label'),
  validationHint: $('validation-hint'),
  resultsTable: $('results-table'),
  canvases: {
    heatmap: $('chart-heatmap'),
    validation: $('chart-validation'),
    loss: $('chart-loss'),
    trajectory: $('chart-trajectory'),
    confusion: $('chart-confusion'),
  },
};

/** Chart name → the wasm function that draws its data. */
const DRAW = {
  heatmap: draw_heatmap,
  validation: draw_validation,
  loss: draw_loss,
  trajectory: draw_trajectory,
  confusion: draw_confusion,
};

/** What the page knows; the worker holds the data itself. */
const state = {
  /** @type {WorkerClient | null} */
  client: null,
  /** Summary of the loaded data set. */
  summary: null,
  /** The loaded CSV ({ text, name, label, target }), kept so a fresh worker can reload it; null = not a CSV. */
  csv: null,
  /** The loaded built-in or generated set when no CSV is: { name, spec } (spec: generated only). */
  dataset: { name: 'iris', spec: null },
  /** The core's catalog(): models, data sets, scorers, limits (set at start). */
  catalog: null,
  running: false,
  run: null,
  /** The last search's report and the settings it ran with. */
  report: null,
  /** Selected candidates (indices into cv_results), the most recent last. */
  selection: [],
  selectionToken: 0,
  /** Each chart's last data (null: a message instead). */
  charts: { heatmap: null, validation: null, loss: null, trajectory: null, confusion: null },
  messages: {},
  sort: { column: null, descending: false },
};

const SCORE_DIGITS = 4;

/** Read-only hook for the browser tests and the console: the page's state and last report. */
globalThis.tunelab = {
  state,
  get lastReport() {
    return state.report;
  },
};
globalThis.__tunelab = globalThis.tunelab;

// ------------------------------------------------------------------ small helpers

/** Shows what happened on the status line. */
function setStatus(text, kind = 'info') {
  dom.status.textContent = text;
  dom.status.dataset.kind = kind;
}

/** A duration in ms as "12 ms" or "1.23 s". */
function formatDuration(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/**
 * A score with 4 decimals, or with 4 significant digits when 4 decimals would hide
 * them (an MSE of 0.0059 or of 7.04e+5), or "NaN".
 */
function formatScore(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'NaN';
  const a = Math.abs(v);
  if (a === 0 || (a >= 0.01 && a < 1000)) return v.toFixed(SCORE_DIGITS);
  if (a >= 1000 && a < 1e5) return v.toFixed(1);
  return v.toPrecision(SCORE_DIGITS).replace('e+', 'e');
}

/** A parameter value as sklearn would print it. */
function formatValue(v) {
  if (v === null || v === undefined) return '—';
  return String(v);
}

/** Parses a list of numbers ("0.1, 1 10"); throws with the bad entry. */
function parseNumbers(text, what) {
  const parts = String(text).split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0) throw new Error(`${what}: give at least one value`);
  return parts.map((p) => {
    const v = Number(p);
    if (!Number.isFinite(v)) throw new Error(`${what}: '${p}' is not a number`);
    return v;
  });
}

/** Removes repeats, keeping the first. */
const unique = (values) => [...new Set(values)];

/** Replaces an element's children with an <option> per [value, label]. */
function fillSelect(select, options, selected) {
  select.replaceChildren(
    ...options.map(([value, label]) => {
      const option = document.createElement('option');
      option.value = String(value);
      option.textContent = label;
      return option;
    }),
  );
  if (selected !== undefined && options.some(([v]) => String(v) === String(selected))) select.value = String(selected);
}

// ------------------------------------------------------------------ settings ↔ config

/** The grid panel's settings, read from the controls. */
function readSettings() {
  const spec = state.csv ? null : state.dataset.spec;
  return {
    data: state.csv ? state.csv.name : state.dataset.name,
    ...(spec ? { rows: String(spec.n_samples), noise: String(spec.noise), gseed: String(spec.seed) } : {}),
    ...readModelSettings(),
    C: dom.paramC.value,
    penalty: dom.penalties.filter((c) => c.checked).map((c) => c.value),
    l1_ratio: dom.l1Ratio.value,
    solver: dom.solvers.filter((c) => c.checked).map((c) => c.value),
    lr: dom.learningRates.value,
    batch: dom.batchSize.value,
    max_iter: dom.maxIter.value,
    k: dom.folds.value,
    stratified: dom.stratified.checked,
    shuffle: dom.shuffle.checked,
    seed: dom.seed.value,
    scoring: dom.scoring.value,
    test: dom.testSize.value,
  };
}

/** Integer from a control's text, within [min, max]; throws with `what`. */
function parseInteger(text, what, min, max = Number.MAX_SAFE_INTEGER) {
  const v = Number(text);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new Error(`${what}: give a whole number${max < Number.MAX_SAFE_INTEGER ? ` from ${min} to ${max}` : ` ≥ ${min}`}`);
  }
  return v;
}

/** An error for the user about the setting `field` (a readSettings key). */
function invalid(field, message) {
  return Object.assign(new Error(message), { field });
}

/** Runs `fn`; an error it throws is about the setting `field`. */
function check(field, fn) {
  try {
    return fn();
  } catch (err) {
    err.field ??= field;
    throw err;
  }
}

/**
 * What the page knows about the data that the search would refuse or that would give
 * empty folds, checked before running: the stratified test split needs a row of every
 * class in test and in train (and two rows of every class), and k folds need k rows of
 * every class in the cross-validation part (k rows, unstratified). Throws with the
 * numbers; the training-part class sizes are estimated as floor(count · n_train / n).
 */
function checkAgainstData(config, summary) {
  if (!summary) return;
  const problem = mismatch(state.catalog, modelInfo(state.catalog, config.model), summary);
  if (problem) throw invalid('model', problem);
  const degrees = config.grid[0]?.degree ?? [config.base.degree ?? 1];
  expansionNote(degrees, summary.n_features); // throws the core's message, naming the limit
  if (summary.regression) {
    checkRegressionSplits(config, summary.n_samples);
    return;
  }
  const n = summary.n_samples;
  const names = summary.class_names;
  const counts = summary.class_counts;
  const k = config.cv.k;
  const test = config.test_size;
  let nCv = n;
  let cvCounts = counts;
  if (test > 0) {
    const nTest = Math.min(Math.ceil(test * n), n);
    const nTrain = n - nTest;
    const single = names.filter((_, i) => counts[i] < 2);
    if (single.length) {
      throw invalid('test', `the test split needs at least 2 rows of every class; class “${single[0]}” has 1 (set the test fraction to 0)`);
    }
    if (nTest < names.length) {
      throw invalid('test', `a test fraction of ${test} gives ${nTest} test row${nTest === 1 ? '' : 's'} of ${n}, fewer than the ${names.length} classes; the test split needs at least one row of every class`);
    }
    if (nTrain < names.length) {
      throw invalid('test', `a test fraction of ${test} leaves ${nTrain} training row${nTrain === 1 ? '' : 's'} of ${n}, fewer than the ${names.length} classes`);
    }
    nCv = nTrain;
    cvCounts = counts.map((c) => Math.floor((c * nTrain) / n));
  }
  const where = test > 0 ? `the ${nCv} training rows` : `the ${nCv} rows`;
  if (config.cv.stratified) {
    // As scikit-learn: refused only when every class is smaller than k (a
    // smaller class just leaves some folds without it, which it warns about).
    const largest = cvCounts.reduce((best, c, i) => (c > cvCounts[best] ? i : best), 0);
    if (k > cvCounts[largest]) {
      throw invalid('k', `${k} folds need at least ${k} rows of some class in ${where}; the largest, “${names[largest]}”, has ${cvCounts[largest]}`);
    }
  } else if (k > nCv) {
    throw invalid('k', `${k} folds need at least ${k} rows; there are ${nCv} in ${where.slice(4)}`);
  }
}

/** As checkAgainstData for a numeric target: KFold needs k rows, the test split one row. */
function checkRegressionSplits(config, n) {
  const k = config.cv.k;
  let nCv = n;
  if (config.test_size > 0) {
    const nTest = Math.min(Math.ceil(config.test_size * n), n);
    if (nTest < 1 || n - nTest < 1) {
      throw invalid('test', `a test fraction of ${config.test_size} leaves no ${nTest < 1 ? 'test' : 'training'} rows of ${n}`);
    }
    nCv = n - nTest;
  }
  if (k > nCv) {
    const where = config.test_size > 0 ? `the ${nCv} training rows` : `the ${nCv} rows`;
    throw invalid('k', `${k} folds need at least ${k} rows; there are ${nCv} in ${where.slice(4)}`);
  }
}

/** The SearchConfig for the controls, checked against the loaded data; throws as buildConfig. */
function currentConfig() {
  const config = buildConfig(readSettings());
  checkAgainstData(config, state.summary);
  return config;
}

/**
 * The SearchConfig for `settings` (see src/select/search.rs), or throws a message for
 * the user. elasticnet and its l1_ratio go in their own sub-grid, and lbfgs (which has
 * no learning rate) in its own, so no candidate gets a parameter it does not use.
 */
function buildConfig(s) {
  const model = modelInfo(state.catalog, s.model);
  if (!model) throw invalid('model', `model: the core has no model “${s.model}”`);
  const degrees = parseDegrees(s.degree, state.catalog.limits);
  const config = model.name === LOGISTIC ? buildLogisticConfig(s) : buildModelConfig(model, s);
  // The pipeline's degree: fixed in base, or an axis of every sub-grid.
  if (degrees.length === 1) config.base.degree = degrees[0];
  else config.grid = config.grid.map((g) => ({ degree: degrees, ...g }));
  config.model = model.name;
  config.standardize = s.std;
  return config;
}

/** The common part of every SearchConfig: folds, scoring, test split; throws about a setting. */
function splitSettings(s) {
  const k = check('k', () => parseInteger(s.k, 'folds', 2, Number(dom.folds.max) || 1000));
  const seed = check('seed', () => parseInteger(s.seed, 'seed', 0));
  const testMax = Number(dom.testSize.max) || 0.9;
  const test = String(s.test).trim() === '' ? NaN : Number(s.test);
  if (!(test >= 0 && test <= testMax)) {
    throw invalid('test', `test fraction: give a number from 0 (no test split) to ${testMax}`);
  }
  return {
    cv: { k, stratified: s.stratified, shuffle: s.shuffle, seed },
    scoring: [s.scoring],
    test_size: test,
    test_seed: seed,
  };
}

/** The SearchConfig of a model other than logistic regression (the generic panel). */
function buildModelConfig(model, s) {
  const split = splitSettings(s);
  const { base, axes } = modelParams(model, s, split.cv.seed);
  return { base, grid: [axes], ...split };
}

/** The SearchConfig of logistic regression (the original C / penalty / solver panel). */
function buildLogisticConfig(s) {
  const C = check('C', () => {
    const values = unique(parseNumbers(s.C, 'C'));
    if (values.some((c) => !(c > 0))) throw new Error('C: every value must be positive');
    return values;
  });
  if (s.penalty.length === 0) throw invalid('penalty', 'penalty: tick at least one');
  if (s.solver.length === 0) throw invalid('solver', 'solver: tick at least one');
  const teaching = s.solver.filter((v) => v !== 'lbfgs');
  const lrs = check('lr', () => {
    const values = teaching.length ? unique(parseNumbers(s.lr, 'learning rate')) : [0.1];
    if (values.some((v) => !(v > 0))) throw new Error('learning rate: every value must be positive');
    return values;
  });
  const batch = check('batch', () => parseInteger(s.batch, 'batch size', 1));
  const maxIter = check('max_iter', () => parseInteger(s.max_iter, 'max_iter', 1));
  const split = splitSettings(s);
  const seed = split.cv.seed;

  const penaltyGroups = [];
  const plain = s.penalty.filter((p) => p !== 'elasticnet');
  if (plain.length) penaltyGroups.push({ penalty: plain });
  if (s.penalty.includes('elasticnet')) {
    const ratios = check('l1_ratio', () => {
      const values = unique(parseNumbers(s.l1_ratio, 'l1_ratio'));
      if (values.some((r) => !(r >= 0 && r <= 1))) throw new Error('l1_ratio: every value must lie in [0, 1]');
      return values;
    });
    penaltyGroups.push({ penalty: ['elasticnet'], l1_ratio: ratios });
  }

  const base = { learning_rate: lrs[0], batch_size: batch, max_iter: maxIter, random_state: seed };
  const solverGroups = [];
  if (s.solver.length === 1) {
    base.solver = s.solver[0];
    solverGroups.push(teaching.length && lrs.length > 1 ? { learning_rate: lrs } : {});
  } else {
    if (s.solver.includes('lbfgs')) solverGroups.push({ solver: ['lbfgs'] });
    if (teaching.length) solverGroups.push(lrs.length > 1 ? { solver: teaching, learning_rate: lrs } : { solver: teaching });
  }

  const grid = [];
  for (const p of penaltyGroups) for (const g of solverGroups) grid.push({ C, ...p, ...g });
  return { base, grid, ...split };
}

/** Candidates in a grid (a list of sub-grids). */
function countCandidates(grid) {
  return grid.reduce((sum, g) => sum + Object.values(g).reduce((n, values) => n * values.length, 1), 0);
}

/** Puts `settings` into the controls (missing keys keep their value). */
function applySettings(s) {
  applyModelSettings(s);
  if (s.C !== undefined) dom.paramC.value = s.C;
  if (s.penalty !== undefined) dom.penalties.forEach((c) => (c.checked = s.penalty.includes(c.value)));
  if (s.l1_ratio !== undefined) dom.l1Ratio.value = s.l1_ratio;
  if (s.solver !== undefined) dom.solvers.forEach((c) => (c.checked = s.solver.includes(c.value)));
  if (s.lr !== undefined) dom.learningRates.value = s.lr;
  if (s.batch !== undefined) dom.batchSize.value = s.batch;
  if (s.max_iter !== undefined) dom.maxIter.value = s.max_iter;
  if (s.k !== undefined) dom.folds.value = s.k;
  if (s.stratified !== undefined) dom.stratified.checked = s.stratified;
  if (s.shuffle !== undefined) dom.shuffle.checked = s.shuffle;
  if (s.seed !== undefined) dom.seed.value = s.seed;
  if (s.scoring !== undefined && [...dom.scoring.options].some((o) => o.value === s.scoring)) dom.scoring.value = s.scoring;
  if (s.test !== undefined) dom.testSize.value = s.test;
}

/** Settings written as number lists ("0.1, 1, 10"); in the hash as "0.1,1,10". */
const LIST_KEYS = ['C', 'l1_ratio', 'lr', ...MODEL_LIST_KEYS];

/** The settings as a URL hash ("#data=iris&C=0.001,0.01&…"). */
function settingsToHash(s) {
  const p = new URLSearchParams();
  for (const [key, value] of Object.entries(s)) {
    let text;
    if (Array.isArray(value)) text = value.join(',');
    else if (typeof value === 'boolean') text = value ? '1' : '0';
    else if (LIST_KEYS.includes(key)) text = String(value).split(/[\s,;]+/).filter(Boolean).join(',');
    else text = String(value).trim();
    p.set(key, text);
  }
  return '#' + p.toString().replace(/%2C/g, ',');
}

/** Settings read from a URL hash; only the keys it has. */
function hashToSettings(hash) {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const s = {};
  const text = ['data', 'rows', 'noise', 'gseed', 'batch', 'max_iter', 'k', 'seed', 'scoring', 'test', ...MODEL_TEXT_KEYS];
  for (const key of text) if (p.has(key)) s[key] = p.get(key);
  for (const key of LIST_KEYS) if (p.has(key)) s[key] = p.get(key).split(',').filter(Boolean).join(', ');
  for (const key of ['penalty', 'solver', ...MODEL_ARRAY_KEYS]) if (p.has(key)) s[key] = p.get(key).split(',').filter(Boolean);
  for (const key of ['stratified', 'shuffle', 'std']) if (p.has(key)) s[key] = p.get(key) === '1' || p.get(key) === 'true';
  return s;
}

/** Re-reads the controls: grid size, errors, the URL hash, the run button. */
function onSettingsChanged() {
  const settings = readSettings();
  dom.l1RatioRow.hidden = !settings.penalty.includes('elasticnet');
  const model = modelInfo(state.catalog, settings.model);
  if (model) showModelControls(model);
  const regression = Boolean(state.summary?.regression);
  dom.stratified.disabled = regression;
  dom.stratifiedLabel.title = regression ? 'a numeric target is cut by KFold (no classes to stratify)' : '';
  let ok = true;
  let badField = null;
  dom.gridSize.textContent = '';
  showDegreeNote(settings);
  try {
    const config = buildConfig(settings);
    const n = countCandidates(config.grid);
    const k = config.cv.k;
    dom.gridSize.textContent = `${n} candidate${n === 1 ? '' : 's'} × ${k} folds = ${n * k} fits (+1 refit)`;
    checkAgainstData(config, state.summary);
    dom.gridError.hidden = true;
    dom.gridError.textContent = '';
  } catch (err) {
    ok = false;
    badField = err.field ?? null;
    dom.gridError.textContent = err.message;
    dom.gridError.hidden = false;
  }
  // A model that does not fit the data is said by the picker, whatever else is wrong.
  const problem = model ? mismatch(state.catalog, model, state.summary) : null;
  modelDom.error.textContent = problem ?? '';
  modelDom.error.hidden = !problem;
  markInvalid(badField);
  const hash = settingsToHash(settings);
  if (location.hash !== hash) history.replaceState(null, '', hash);
  state.settingsOk = ok;
  hideConfirm();
  updateButtons();
  updateStale();
}

/**
 * The degree field's note: how many columns the largest degree makes of the data's
 * features (the core's count), or why the core refuses it (aria-invalid by the field).
 */
function showDegreeNote(settings) {
  const note = modelDom.degreeNote;
  note.classList.remove('error');
  note.textContent = '';
  if (!state.summary) return;
  try {
    note.textContent = expansionNote(parseDegrees(settings.degree, state.catalog.limits), state.summary.n_features);
  } catch (err) {
    note.textContent = err.message;
    note.classList.add('error');
  }
}

/** The controls of each setting (readSettings keys), for marking one invalid. */
function fieldControls(field) {
  const model = modelFieldControls(field);
  if (model) return model;
  switch (field) {
    case 'C': return [dom.paramC];
    case 'penalty': return dom.penalties;
    case 'solver': return dom.solvers;
    case 'lr': return [dom.learningRates];
    case 'l1_ratio': return [dom.l1Ratio];
    case 'batch': return [dom.batchSize];
    case 'max_iter': return [dom.maxIter];
    case 'k': return [dom.folds];
    case 'seed': return [dom.seed];
    case 'test': return [dom.testSize];
    default: return [];
  }
}

/** Marks the controls of `field` invalid (aria-invalid, red border) and no other. */
function markInvalid(field) {
  const bad = new Set(fieldControls(field));
  for (const el of document.querySelectorAll('#grid-panel [aria-invalid], #cv-panel [aria-invalid]')) {
    if (bad.has(el)) continue;
    el.removeAttribute('aria-invalid');
    el.removeAttribute('aria-errormessage');
  }
  for (const el of bad) {
    el.setAttribute('aria-invalid', 'true');
    el.setAttribute('aria-errormessage', el === modelDom.degree ? 'degree-note' : el === modelDom.select ? 'model-error' : 'grid-error');
  }
}

/** Enables the buttons that make sense now. */
function updateButtons() {
  dom.runButton.disabled = state.running || !state.client || !state.workerReady || !state.settingsOk;
  dom.cancelButton.disabled = !state.running;
}

// ------------------------------------------------------------------ worker

/** Starts a fresh worker and loads the current data set into it; resolves with its summary. */
async function startWorker() {
  state.workerReady = false;
  updateButtons();
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  const client = new WorkerClient(worker);
  state.client = client;
  let summary = await client.ready;
  if (state.csv) {
    summary = await client.call(REQUEST.LOAD_CSV, { text: state.csv.text, options: csvOptions(state.csv) });
  } else if (state.dataset.spec) {
    summary = await client.call(REQUEST.LOAD_GENERATED, state.dataset.spec);
  } else if (state.dataset.name !== 'iris') {
    summary = await client.call(REQUEST.LOAD_BUILTIN, { name: state.dataset.name });
  }
  if (client === state.client) {
    state.workerReady = true;
    updateButtons();
  }
  return summary;
}

/** CsvOptions for the loaded CSV (see src/data/csv.rs). */
function csvOptions({ name, label, target = 'classes' }) {
  if (label === 'last') return { name, label: 'last', target };
  if (typeof label === 'object' && label !== null) return { name, label: { name: String(label.name) }, target };
  return { name, label: { index: label }, target };
}

/** How the chosen model wants a CSV's label: 'values' for a regressor, else 'classes'. */
function wantedTarget() {
  const model = modelInfo(state.catalog, modelDom.select.value);
  return model && !model.classifier ? 'values' : 'classes';
}

/**
 * The header of CSV text as the page can guess it without the core: the first line
 * split by the most frequent of , ; and tab. Cells that are all numbers (no header)
 * are named "column N". Used to offer label choices for a file that did not load.
 */
function guessHeader(text) {
  const first = String(text).replace(/^\uFEFF/, '').split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  const count = (ch) => first.split(ch).length - 1;
  const delimiter = [',', ';', '\t'].reduce((best, ch) => (count(ch) > count(best) ? ch : best), ',');
  const cells = first.split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, '$1').replace(/""/g, '"'));
  const numeric = cells.every((c) => c !== '' && Number.isFinite(Number(c)));
  return cells.map((c, i) => (numeric || c === '' ? `column ${i + 1}` : c));
}

/** The column a "… is not a number" load error points at: { index, name } or null. */
function nonNumericColumn(message) {
  const m = /column (\d+) \("((?:[^"\\]|\\.)*)"\): .* is not a number$/.exec(String(message));
  if (!m) return null;
  let name = m[2];
  try {
    name = JSON.parse(`"${m[2]}"`);
  } catch {
    // keep the text as shown
  }
  return { index: Number(m[1]) - 1, name };
}

// ------------------------------------------------------------------ data

/** Shows a data error next to the inputs (or hides it when `message` is empty). */
function showDataError(message) {
  dom.dataError.textContent = message;
  dom.dataError.hidden = !message;
}

/** A long decimal cell ("0.014925128909664798") with 6 significant digits; other text as is. */
function shortNumber(cell) {
  const text = String(cell);
  if (!/^-?\d*\.\d{7,}(e-?\d+)?$/i.test(text)) return text;
  return String(Number(Number(text).toPrecision(6)));
}

/** Shows the loaded data set: summary line, label choices, first rows. */
function renderSummary(summary) {
  const taskChanged = Boolean(state.summary?.regression) !== Boolean(summary.regression) || !state.scoringFilled;
  state.summary = summary;
  const features = `${summary.n_features} feature${summary.n_features === 1 ? '' : 's'}`;
  if (summary.regression) {
    dom.dataSummary.textContent =
      `${summary.name}: ${summary.n_samples} rows · ${features} · numeric target “${summary.label_name}” (regression)`;
  } else {
    const counts = summary.class_names.map((c, i) => `${c}: ${summary.class_counts[i]}`).join(', ');
    dom.dataSummary.textContent =
      `${summary.name}: ${summary.n_samples} rows · ${features} · ` +
      `${summary.class_names.length} classes (${counts}) · label “${summary.label_name}”`;
  }
  if (summary.hint) dom.dataSummary.append(document.createElement('br'), Object.assign(document.createElement('small'), { textContent: summary.hint }));
  if (taskChanged) fillScoring(summary.regression);

  const labelIndex = summary.header.indexOf(summary.label_name);
  showLabelInUse();

  dom.datasetSelect.value = state.csv ? 'csv' : state.dataset.name;
  dom.csvOption.textContent = state.csv ? `CSV: ${state.csv.name}` : 'CSV file…';
  showGenerated(state.csv ? null : datasetInfo(state.catalog, state.dataset.name), state.dataset.spec);

  const head = document.createElement('thead');
  const headRow = head.insertRow();
  summary.header.forEach((h, i) => {
    const th = document.createElement('th');
    th.textContent = h;
    if (i === labelIndex) th.className = 'label-col';
    headRow.append(th);
  });
  const body = document.createElement('tbody');
  for (const row of summary.preview) {
    const tr = body.insertRow();
    row.forEach((cell, i) => {
      const td = tr.insertCell();
      td.textContent = shortNumber(cell);
      if (i === labelIndex) td.className = 'label-col';
    });
  }
  const caption = document.createElement('caption');
  caption.textContent = `first ${summary.preview.length} of ${summary.n_samples} rows`;
  dom.previewTable.replaceChildren(caption, head, body);
  fillPlaneSelectors(summary);
}

/** After new data: show it, forget results that belonged to the old data. */
function onDataLoaded(summary, message, note = '') {
  showDataError('');
  showDataNote(note);
  state.pendingCsv = null;
  renderSummary(summary);
  clearResults('Run the search to see results for this data set.');
  resetProgress();
  showRunError('');
  onSettingsChanged();
  setStatus(message);
}

/** Shows a plain note under the data inputs (or hides it when `note` is empty). */
function showDataNote(note) {
  dom.dataNote.textContent = note;
  dom.dataNote.hidden = !note;
}

/** Refuses data changes while a search runs. */
function busy() {
  if (!state.running) return false;
  setStatus('A search is running: wait for it or cancel it before changing the data.', 'warn');
  return true;
}

/**
 * The scoring choices of the data's task (the core's scorers), with the task's default
 * selected unless the current choice fits: accuracy for classes, MSE for numbers (it
 * shows overfitting best; r2 is there too).
 */
function fillScoring(regression) {
  const scorers = state.catalog.scorers.filter((sc) => sc.regression === Boolean(regression));
  const current = dom.scoring.value;
  const fallback = regression ? 'neg_mean_squared_error' : 'accuracy';
  fillSelect(dom.scoring, scorers.map((sc) => [sc.name, sc.name]), scorers.some((sc) => sc.name === current) && state.scoringFilled ? current : fallback);
  state.scoringFilled = true;
}

/** Loads a built-in data set (iris, wine, breast_cancer, diabetes). */
async function loadBuiltin(name) {
  if (busy()) return;
  const t0 = performance.now();
  try {
    const summary = await state.client.call(REQUEST.LOAD_BUILTIN, { name });
    state.csv = null;
    state.dataset = { name, spec: null };
    onDataLoaded(summary, `Loaded ${name} (${summary.n_samples} rows) in ${formatDuration(performance.now() - t0)}.`);
  } catch (err) {
    if (err instanceof CancelledError) return;
    dataLoadFailed(name, err);
  }
}

/** The data set of the generated-set inputs (after an edit); errors stay by the inputs. */
function regenerate() {
  if (state.csv || !state.dataset.spec) return;
  let spec;
  try {
    spec = readGeneratedSpec(state.dataset.name, state.catalog.limits);
  } catch (err) {
    markGeneratedInvalid(err.control ?? null);
    showDataError(`${state.dataset.name}: ${err.message} — still using the data generated before`);
    return;
  }
  const same = JSON.stringify(spec) === JSON.stringify(state.dataset.spec);
  if (!same) loadGenerated(spec);
}

/** Generates a teaching set from `spec` ({ kind, n_samples, noise, seed }). */
async function loadGenerated(spec) {
  if (busy()) return;
  const t0 = performance.now();
  try {
    const summary = await state.client.call(REQUEST.LOAD_GENERATED, spec);
    state.csv = null;
    state.dataset = { name: spec.kind, spec: { kind: spec.kind, n_samples: summary.n_samples, noise: spec.noise, seed: spec.seed } };
    markGeneratedInvalid(null);
    onDataLoaded(summary, `Generated ${spec.kind}: ${summary.n_samples} rows, noise ${spec.noise}, seed ${spec.seed} in ${formatDuration(performance.now() - t0)}.`);
  } catch (err) {
    if (err instanceof CancelledError) return;
    dataLoadFailed(spec.kind, err);
  }
}

/**
 * A built-in or generated set did not load: the message stays by the data inputs, the
 * previous data (and its picker entry and rows / noise / seed) stay.
 */
function dataLoadFailed(name, err) {
  const kept = state.summary ? ` — still using ${state.summary.name}` : '';
  showDataError(`${name}: ${err.message}${kept}`);
  const field = /parameter (rows|noise|seed)/.exec(err.message)?.[1];
  if (field && !state.csv && name === state.dataset.name) markGeneratedInvalid(dataDom[field]);
  else {
    dom.datasetSelect.value = state.csv ? 'csv' : state.dataset.name;
    showGenerated(state.csv ? null : datasetInfo(state.catalog, state.dataset.name), state.dataset.spec);
  }
  setStatus(`Could not load ${name}${kept}.`, 'error');
  if (err.fatal) replaceCrashedWorker(err);
}

/** Loads the data set chosen in the picker (a CSV entry re-reads the loaded file or asks for one). */
function loadChosen() {
  const name = dom.datasetSelect.value;
  if (name === 'csv') {
    if (!state.csv) {
      dom.datasetSelect.value = state.dataset.name;
      dom.fileInput.click();
    } else loadCsv(state.csv.text, state.csv.name, state.csv.label);
    return;
  }
  const entry = datasetInfo(state.catalog, name);
  if (!entry) return;
  if (entry.generated) loadGenerated({ kind: name, n_samples: entry.n_samples, noise: entry.noise, seed: 0 });
  else loadBuiltin(name);
}

/**
 * Loads CSV text; on error the previous data set stays and the error shows by the inputs.
 * With the label column left at its default (the last one), a text column elsewhere is
 * taken as the label: if the load fails because a cell "is not a number", it is tried
 * once more with that column as the label. With a regressor chosen the label is read as
 * numbers (target 'values'), and no text column is tried instead.
 */
async function loadCsv(text, name, label = 'last') {
  if (busy()) return;
  const t0 = performance.now();
  const client = state.client;
  const target = wantedTarget();
  const load = (lbl) => client.call(REQUEST.LOAD_CSV, { text, options: csvOptions({ name, label: lbl, target }) });
  try {
    let summary;
    let used = label;
    let note = '';
    try {
      summary = await load(label);
    } catch (err) {
      const column = label === 'last' && target === 'classes' && !err.fatal ? nonNumericColumn(err.message) : null;
      if (target === 'values' && !err.fatal) err.message += ` (the label is read as numbers because ${modelDom.select.value} predicts numbers; pick a classifier to read it as classes)`;
      if (!column) throw err;
      const header = guessHeader(text);
      used = header[column.index] === column.name ? { name: column.name } : column.index;
      try {
        summary = await load(used);
      } catch {
        throw err; // the first error says best what is wrong
      }
      note = `Labels taken from column “${column.name}”, the only text column (choose another under Label column)`;
    }
    const labelIndex = used === 'last' ? summary.n_features : typeof used === 'number' ? used : guessHeader(text).indexOf(used.name);
    state.csv = { text, name, label: used, labelIndex, target };
    onDataLoaded(
      summary,
      `Loaded ${name}: ${summary.n_samples} rows, ${summary.n_features} features in ${formatDuration(performance.now() - t0)}.`,
      note,
    );
  } catch (err) {
    if (err instanceof CancelledError) return;
    const kept = state.summary ? ` — still using ${state.summary.name}` : '';
    dom.datasetSelect.value = state.csv ? 'csv' : state.dataset.name;
    showDataNote('');
    if (state.csv && state.csv.text === text && state.csv.name === name) {
      // Another label column for the loaded file: the dropdown goes back to the one in use.
      state.pendingCsv = null;
      showDataError(`${name}: ${err.message}`);
      showLabelInUse();
    } else {
      // A new file: offer its columns, so that the user can pick the label and retry.
      state.pendingCsv = { text, name };
      showDataError(`${name}: ${err.message}\nChoose its label column below to try again.`);
      fillSelect(dom.labelSelect, [['', `— label column of ${name} —`], ...guessHeader(text).map((h, i) => [i, h])], '');
      dom.labelSelect.options[0].disabled = true;
      dom.labelSelect.disabled = false;
    }
    setStatus(`Could not load ${name}${kept}.`, 'error');
    if (err.fatal) await replaceCrashedWorker(err);
  }
}

/**
 * Sets the label dropdown to the loaded data set's label column. The options are the
 * file's columns in file order (the summary's header has the label last), valued by
 * their index in the file.
 */
function showLabelInUse() {
  const summary = state.summary;
  if (!summary) return;
  if (!state.csv) {
    fillSelect(dom.labelSelect, summary.header.map((h, i) => [i, h]), summary.header.indexOf(summary.label_name));
    dom.labelSelect.disabled = true;
    return;
  }
  const li = Math.min(Math.max(state.csv.labelIndex, 0), summary.n_features);
  const columns = [...summary.feature_names];
  columns.splice(li, 0, summary.label_name);
  fillSelect(dom.labelSelect, columns.map((h, i) => [i, h]), li);
  dom.labelSelect.disabled = false;
}

/** Reads a File chosen or dropped by the user. */
async function loadFile(file) {
  if (!file) return;
  if (file.size > 50 * 1024 * 1024) {
    showDataError(`${file.name}: the file is ${(file.size / 1048576).toFixed(0)} MB; TuneLab takes files up to 50 MB.`);
    return;
  }
  let text;
  try {
    text = await file.text();
  } catch (err) {
    showDataError(`${file.name}: could not read the file (${err.message})`);
    return;
  }
  await loadCsv(text, file.name);
}

// ------------------------------------------------------------------ run / cancel

/** Updates the progress bar and its text; `ms` (elapsed) defaults to the running search's. */
function showProgress(done, total, ms = state.run ? performance.now() - state.run.t0 : 0) {
  dom.progress.max = Math.max(total, 1);
  dom.progress.value = done;
  dom.progressText.textContent = total ? `${done} / ${total} fits · ${formatDuration(ms)}` : '';
}

/** Shows why the last search failed by the Run button (or hides it when `message` is empty). */
function showRunError(message) {
  dom.runError.textContent = message;
  dom.runError.hidden = !message;
}

/** Empties the progress bar and its text (after a failed run or new data). */
function resetProgress() {
  dom.progress.max = 1;
  dom.progress.value = 0;
  dom.progressText.textContent = '';
}

/** Above this many fits the page asks before running. */
const CONFIRM_FITS = 20_000;
/** Fits per second assumed for an estimate before any run on the data (a cautious guess). */
const DEFAULT_FITS_PER_SECOND = 250;

/** How long `fits` would take: { ms, basis } from the last run on this data, or the default. */
function estimate(fits) {
  const name = state.summary?.name;
  const measured = state.speed && state.speed.data === name ? state.speed.fitsPerSecond : null;
  const rate = measured ?? DEFAULT_FITS_PER_SECOND;
  const basis = measured
    ? `at the ${Math.round(rate).toLocaleString('en')} fits/s of the last run on ${name}`
    : `at a cautious ${rate} fits/s (no run on ${name ?? 'this data'} yet)`;
  return { ms: (fits / rate) * 1000, basis };
}

/** An estimated duration, rounded as an estimate should be ("40 s", "3 min", "2.5 h"). */
function roughDuration(ms) {
  const seconds = ms / 1000;
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** Asks (in the Run panel) whether to run `fits` fits; the answer's button runs or hides. */
function askToRun(fits) {
  const { ms, basis } = estimate(fits);
  dom.confirmText.textContent =
    `This grid has ${fits.toLocaleString('en')} fits: about ${roughDuration(ms)} ${basis}. ` +
    'Run it anyway? (Cancel stops it at any time.)';
  dom.confirmRun.hidden = false;
  dom.confirmYes.focus();
}

/** Hides the run confirmation. */
function hideConfirm() {
  dom.confirmRun.hidden = true;
}

/** Marks the shown results as being replaced (dimmed) or not. */
function setResultsBusy(busy) {
  if (busy) dom.results.setAttribute('aria-busy', 'true');
  else dom.results.removeAttribute('aria-busy');
}

/** Ends `run` (once): stops its timer and re-enables the controls. */
function finishRun(run) {
  clearInterval(run.timer);
  if (state.run !== run) return;
  state.running = false;
  state.run = null;
  setResultsBusy(false);
  updateButtons();
  updateStale();
}

/**
 * Runs the grid search in the worker and shows its results. A grid of more than
 * CONFIRM_FITS fits is only run once confirmed. The previous results stay, dimmed,
 * until the new ones arrive (or the run is cancelled).
 */
async function runSearch(confirmed = false) {
  let config;
  try {
    config = currentConfig();
  } catch (err) {
    setStatus(err.message, 'error');
    return;
  }
  const client = state.client;
  const n = countCandidates(config.grid);
  const total = n * config.cv.k + 1;
  if (total > CONFIRM_FITS && !confirmed) {
    askToRun(total);
    return;
  }
  hideConfirm();
  const settingsHash = settingsToHash(readSettings());
  const dataName = state.summary?.name;
  state.running = true;
  const run = { t0: performance.now(), done: 0, total, timer: 0 };
  state.run = run;
  run.timer = setInterval(() => showProgress(run.done, run.total), 100);
  updateButtons();
  updateStale();
  showRunError('');
  if (state.report) setResultsBusy(true);
  else clearResults('Searching…');
  showProgress(0, total);
  setStatus(`Searching ${n} candidates × ${config.cv.k} folds on ${dataName ?? 'the data'}…`);
  try {
    const report = await client.call(REQUEST.RUN, config, ({ done, total: t }) => {
      run.done = done;
      run.total = t;
      showProgress(done, t);
    });
    const ms = performance.now() - run.t0;
    finishRun(run); // the search is done: the trajectories below are a separate step
    state.lastRunMs = ms;
    state.speed = { data: dataName, fitsPerSecond: run.total / Math.max(ms / 1000, 1e-3) };
    run.done = run.total;
    showProgress(run.total, run.total, ms);
    state.report = { ...report, config, settingsHash };
    renderResults();
    updateStale();
    state.lastRunMessage =
      `Searched ${n} candidates × ${config.cv.k} folds (${n * config.cv.k + 1} fits) in ${formatDuration(ms)}; ` +
      `best ${report.result.refit_scorer} ${formatScore(report.result.best_score)}.`;
    setStatus(state.lastRunMessage, 'ok');
    await selectCandidates([report.result.best_index]);
  } catch (err) {
    if (err instanceof CancelledError) return;
    finishRun(run);
    const brief = err.message.length > 140 ? `${err.message.slice(0, 140)}… (in full under Run search)` : err.message;
    setStatus(`The search failed: ${brief}`, 'error');
    showRunError(`The search failed: ${err.message}`);
    resetProgress();
    // Results from before stay (marked stale); without any, the charts say what failed.
    if (state.report) updateStale();
    else clearResults('The search failed: see the message under Run search.');
    if (err.fatal) await replaceCrashedWorker(err);
  } finally {
    finishRun(run);
  }
}

/**
 * Stops the search at once: terminates the worker and starts a fresh one with the same
 * data. The previous results stay on the page, but the fresh worker does not have them:
 * selecting their candidates needs another run.
 */
async function cancelSearch() {
  const run = state.run;
  if (!run) return;
  state.client.terminate();
  finishRun(run);
  const seconds = ((performance.now() - run.t0) / 1000).toFixed(1);
  const where = `after ${run.done} of ${run.total} fits (${seconds} s)`;
  if (state.report) {
    state.report.detached = true;
    state.selectionToken++;
    updateStale();
  } else {
    clearResults('Cancelled.');
  }
  setStatus(`Cancelled ${where}; starting a fresh worker…`, 'warn');
  try {
    await startWorker();
    setStatus(`Cancelled ${where}. Ready for another run.`, 'warn');
  } catch (err) {
    setStatus(`Cancelled ${where}, but the new worker failed: ${err.message}`, 'error');
  }
  updateButtons();
}

/**
 * Shows the note above the results when they no longer match the settings (or, after a
 * cancel, no longer live in the worker); hides it during a run and without results.
 */
function updateStale() {
  const report = state.report;
  let note = '';
  if (report && !state.running) {
    if (settingsToHash(readSettings()) !== report.settingsHash) note = 'Settings changed since this run — press Run to update.';
    else if (report.detached) note = 'These are the results from before the cancelled run — press Run to explore them again.';
  }
  dom.staleNote.textContent = note;
  dom.staleNote.hidden = !note;
}

/** After a wasm trap in the worker: a fresh worker with the same data (results are lost). */
async function replaceCrashedWorker(err) {
  state.client.terminate();
  clearResults('The worker crashed; run the search again.');
  try {
    await startWorker();
    setStatus(`The worker crashed (${err.message}) and was restarted with the same data.`, 'error');
  } catch (again) {
    setStatus(`The worker crashed and could not be restarted: ${again.message}`, 'error');
  }
}

// ------------------------------------------------------------------ results

/** Empties results and charts, with `message` where the charts were. */
function clearResults(message) {
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
  dom.resultsTable.replaceChildren();
  dom.confusionHint.textContent = 'refit model';
  showConfusionNote(Boolean(state.summary?.regression));
  for (const id of ['heatmap-x-label', 'heatmap-y-label']) $(id).hidden = true;
  for (const name of Object.keys(DRAW)) drawChart(name, null, message);
}

/** The grid's parameter names, from the cv_results columns. */
function paramNames(cv) {
  return Object.keys(cv)
    .filter((c) => c.startsWith('param_'))
    .map((c) => c.slice('param_'.length));
}

/** Shows the last report: best candidate, table, heatmap choices and the fixed charts. */
function renderResults() {
  const { result, validation, confusion, heatmap } = state.report;
  const entries = Object.entries(result.best_params);
  dom.bestParams.textContent = entries.map(([k, v]) => `${k}=${formatValue(v)}`).join(', ');
  dom.bestParams.dataset.value = JSON.stringify(result.best_params);
  const fixed = fixedSettings(result.best_params, state.report.config.base, state.report.config.model);
  dom.bestWith.textContent = fixed.length ? `with: ${fixed.map(([k, v]) => `${k}=${formatValue(v)}`).join(', ')}` : '';
  dom.bestWith.hidden = !fixed.length;
  dom.bestScore.textContent = `${formatScore(result.best_score)} ± ${formatScore(result.best_score_std)} (${result.refit_scorer})`;
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
  for (const id of ['heatmap-x-label', 'heatmap-y-label']) $(id).hidden = false;
  dom.validationHint.textContent = state.report.x_param
    ? validation?.log_y
      ? `train and CV error against ${state.report.x_param} on a log scale (lower is better), ±1 std over the folds`
      : `train and CV score against ${state.report.x_param}, ±1 std over the folds`
    : 'train and CV score against a grid parameter';
  state.sort = { column: null, descending: false };
  fillPlaneSelectors(state.summary, state.report.config);
  renderTable();
  drawChart('heatmap', heatmap ?? null, 'The heatmap needs two grid parameters.');
  drawChart('validation', validation ?? null, 'The validation curve needs a grid axis with two or more values.');
  showConfusionNote(Boolean(result.regression));
  drawChart('confusion', confusion ?? null, result.regression ? 'No confusion matrix for a numeric target.' : 'No confusion matrix.');
}

/** Hides the confusion matrix with a short note for a numeric target, or shows it. */
function showConfusionNote(regression) {
  dom.confusionNote.hidden = !regression;
  dom.canvases.confusion.hidden = regression;
  dom.confusionHint.hidden = regression;
}

/**
 * The settings the best candidate ran with that are not grid axes: the solver, and for
 * a teaching solver its learning_rate, max_iter (and batch_size for sgd).
 */
function fixedSettings(bestParams, base, model = LOGISTIC) {
  if (model !== LOGISTIC) {
    return Object.entries(base).filter(([k]) => !(k in bestParams) && k !== 'random_state');
  }
  const fixed = [];
  const solver = bestParams.solver ?? base.solver ?? 'lbfgs';
  if (!('solver' in bestParams)) fixed.push(['solver', solver]);
  if (solver !== 'lbfgs') {
    const keys = ['learning_rate', 'max_iter', ...(solver === 'sgd' ? ['batch_size'] : [])];
    for (const key of keys) if (!(key in bestParams) && base[key] !== undefined) fixed.push([key, base[key]]);
  }
  if (base.degree !== undefined && base.degree !== 1) fixed.push(['degree', base.degree]);
  return fixed;
}

/** The score-column suffix: "score" for one scorer, else the refit scorer's name. */
function scoreSuffix(cv, result) {
  return 'mean_test_score' in cv ? 'score' : result.refit_scorer;
}

/** A fit_status for a table cell: the first fold's note and how many folds had one. */
function shortStatus(status) {
  if (!status || status === 'ok') return status ?? '';
  const notes = status.split('; ');
  const first = notes[0].replace(/^fold \d+: /, '');
  return notes.length > 1 ? `${first} (${notes.length} folds)` : notes[0];
}

/** cv_results columns in seconds, shown in ms. */
const TIME_COLUMNS = ['mean_fit_time', 'mean_score_time'];

/** Seconds as milliseconds with 2 significant digits ("0.061 ms", "12 ms"), or "NaN". */
function formatSeconds(v) {
  if (!Number.isFinite(v)) return 'NaN';
  const ms = Number((v * 1000).toPrecision(2));
  return `${ms.toLocaleString('en', { maximumSignificantDigits: 2 })} ms`;
}

/** Builds the cv_results table, sorted as asked, best and selected rows marked. */
function renderTable() {
  const { result } = state.report;
  const cv = result.cv_results;
  const s = scoreSuffix(cv, result);
  const columns = [
    ...paramNames(cv).map((n) => `param_${n}`),
    `mean_test_${s}`,
    `std_test_${s}`,
    `rank_test_${s}`,
    `mean_train_${s}`,
    'mean_fit_time',
    'mean_score_time',
    'fit_status',
  ].filter((c) => c in cv);
  const n = cv.params.length;
  const order = [...Array(n).keys()];
  const { column, descending } = state.sort;
  if (column) {
    const values = cv[column];
    const key = (i) => values[i];
    order.sort((a, b) => {
      const va = key(a);
      const vb = key(b);
      const missingA = va === null || va === undefined || (typeof va === 'number' && Number.isNaN(va));
      const missingB = vb === null || vb === undefined || (typeof vb === 'number' && Number.isNaN(vb));
      if (missingA || missingB) return missingA - missingB || a - b; // missing last, always
      const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
      return (descending ? -c : c) || a - b;
    });
  }

  const head = document.createElement('thead');
  const headRow = head.insertRow();
  const th0 = document.createElement('th');
  th0.textContent = '#';
  headRow.append(th0);
  for (const c of columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.dataset.column = c;
    th.tabIndex = 0;
    th.textContent = c;
    th.title = TIME_COLUMNS.includes(c) ? 'milliseconds per fold; click to sort' : 'click to sort';
    th.setAttribute('aria-sort', c === column ? (descending ? 'descending' : 'ascending') : 'none');
    headRow.append(th);
  }
  const body = document.createElement('tbody');
  for (const i of order) {
    const tr = body.insertRow();
    tr.dataset.index = String(i);
    tr.tabIndex = 0;
    const status = cv.fit_status?.[i] ?? 'ok';
    const mean = cv[`mean_test_${s}`]?.[i];
    if (i === result.best_index) tr.classList.add('best');
    if (status !== 'ok') tr.classList.add(Number.isFinite(mean) ? 'warn' : 'failed');
    if (state.selection.includes(i)) tr.classList.add('selected');
    const idx = tr.insertCell();
    idx.textContent = i === result.best_index ? `★ ${i}` : String(i);
    for (const c of columns) {
      const td = tr.insertCell();
      const v = cv[c][i];
      if (c.startsWith('param_')) td.textContent = formatValue(v);
      else if (c === 'fit_status') {
        td.textContent = shortStatus(v);
        td.title = v;
        td.className = 'status-cell';
      } else if (c.startsWith('rank_')) td.textContent = String(v);
      else if (TIME_COLUMNS.includes(c)) td.textContent = formatSeconds(v);
      else td.textContent = formatScore(v);
      if (!c.startsWith('param_') && c !== 'fit_status') td.classList.add('num');
    }
  }
  dom.resultsTable.replaceChildren(head, body);
}

/** Marks the selected rows without rebuilding the table. */
function markSelectedRows() {
  for (const tr of dom.resultsTable.querySelectorAll('tbody tr')) {
    tr.classList.toggle('selected', state.selection.includes(Number(tr.dataset.index)));
  }
}

/** Redraw only the heatmap (an axis changed). */
const HEATMAP_ONLY = { heatmap: true, paths: false };
/** Redraw only the loss and trajectory charts (the plane changed). */
const PATHS_ONLY = { heatmap: false, paths: true };

/**
 * Selects candidates and redraws the heatmap, loss and trajectory charts for them;
 * `parts` limits the redraw (an axis change needs no refit, a plane change no heatmap).
 */
async function selectCandidates(selection, parts = { heatmap: true, paths: true }) {
  if (!state.report || state.running) return;
  if (state.report.detached) {
    setStatus('These results are from before the cancelled run: press Run search to select their candidates again.', 'warn');
    return;
  }
  state.selection = selection;
  markSelectedRows();
  const token = ++state.selectionToken;
  const client = state.client;
  const t0 = performance.now();
  const x = dom.heatmapX.value;
  const y = dom.heatmapY.value;
  try {
    const [heatmap, paths] = await Promise.all([
      parts.heatmap ? client.call(REQUEST.HEATMAP, { x, y, selected: selection }) : null,
      parts.paths ? client.call(REQUEST.TRAJECTORIES, { candidates: selection, plane: currentPlane() }) : null,
    ]);
    if (token !== state.selectionToken) return;
    if (parts.heatmap) drawChart('heatmap', heatmap, 'The heatmap needs two different grid parameters.');
    if (!parts.paths) return;
    drawChart('loss', paths.loss, 'No loss history.');
    drawChart('trajectory', paths.trajectory, 'No trajectory.');
    const names = selection.map((i) => `#${i}`).join(', ');
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
    if (err.fatal) await replaceCrashedWorker(err);
  }
}

/** Toggles `index` in the selection (add = shift/ctrl/⌘-click) or selects it alone. */
function pick(index, add) {
  if (!state.report || state.running) return;
  let next;
  if (add) {
    next = state.selection.includes(index) ? state.selection.filter((i) => i !== index) : [...state.selection, index];
    if (next.length === 0) next = [index];
  } else {
    next = [index];
  }
  selectCandidates(next);
}

/** The plane chosen for the trajectory chart. */
function currentPlane() {
  if (dom.planeKind.value === 'weights') {
    return { kind: 'weights', i: Number(dom.planeI.value), j: Number(dom.planeJ.value) };
  }
  return { kind: 'principal' };
}

/**
 * Fills the weight choices of the plane selector: W[class, feature] and b[class] for
 * logistic regression on the raw features; otherwise the model's parameters by index
 * (the chart's axes name them), as many as the smallest candidate has.
 */
function fillPlaneSelectors(summary, config = null) {
  const model = config?.model ?? LOGISTIC;
  const degrees = config ? (config.grid[0]?.degree ?? [config.base.degree ?? 1]) : [1];
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
    const options = [...Array(Math.min(n, 200)).keys()].map((i) => [i, `parameter ${i}`]);
    const [i, j] = [dom.planeI.value, dom.planeJ.value];
    fillSelect(dom.planeI, options, 0);
    fillSelect(dom.planeJ, options, Math.min(1, options.length - 1));
    if (i !== j && Number(i) < options.length && Number(j) < options.length) [dom.planeI.value, dom.planeJ.value] = [i, j];
    return;
  }
  const rows = summary.class_names.length === 2 ? 1 : summary.class_names.length;
  const d = summary.n_features;
  const options = [];
  for (let k = 0; k < rows; k++) {
    const cls = rows === 1 ? summary.class_names[1] : summary.class_names[k];
    for (let f = 0; f < d; f++) options.push([k * d + f, `W[${k}, ${f}] ${cls} · ${summary.feature_names[f]}`]);
  }
  for (let k = 0; k < rows; k++) options.push([rows * d + k, `b[${k}] intercept`]);
  fillSelect(dom.planeI, options, 0);
  fillSelect(dom.planeJ, options, Math.min(1, options.length - 1));
}

// ------------------------------------------------------------------ charts

/** Sizes a canvas buffer to its CSS size × devicePixelRatio; returns the ratio. */
function fitCanvas(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const rect = canvas.getBoundingClientRect();
  const w = Math.max(1, Math.round(rect.width * dpr));
  const h = Math.max(1, Math.round(rect.height * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  return dpr;
}

/** Writes a calm centred message on a canvas (no chart data). */
function drawMessage(canvas, message, dpr) {
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#5b6472';
  ctx.font = `${16 * dpr}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(message, canvas.width / 2, canvas.height / 2, canvas.width * 0.9);
}

/** Draws chart `name` with `data` (or `message` when data is null) and remembers it. */
function drawChart(name, data, message = '') {
  state.charts[name] = data;
  state.messages[name] = message;
  const canvas = dom.canvases[name];
  canvas.dataset.version = String(Number(canvas.dataset.version ?? 0) + 1);
  const dpr = fitCanvas(canvas);
  if (data === null || data === undefined) {
    drawMessage(canvas, message || 'Run the search to see this chart.', dpr);
    canvas.dataset.drawn = '0';
    return;
  }
  try {
    DRAW[name](canvas, data, dpr);
    canvas.dataset.drawn = '1';
  } catch (err) {
    drawMessage(canvas, `Could not draw: ${err.message}`, dpr);
    canvas.dataset.drawn = '0';
  }
}

/** Redraws every chart at its current size (after a resize). */
function redrawAll() {
  for (const name of Object.keys(DRAW)) drawChart(name, state.charts[name], state.messages[name]);
}

/** Heatmap click → the candidate of that cell. */
async function onHeatmapClick(event) {
  const data = state.charts.heatmap;
  if (!data || !state.report || state.running) return;
  if (state.report.detached) {
    selectCandidates(state.selection);
    return;
  }
  const canvas = dom.canvases.heatmap;
  const rect = canvas.getBoundingClientRect();
  const dpr = window.devicePixelRatio || 1;
  const x = ((event.clientX - rect.left) * canvas.width) / rect.width;
  const y = ((event.clientY - rect.top) * canvas.height) / rect.height;
  const cell = heatmap_cell_at(data, dpr, canvas.width, canvas.height, x, y);
  if (!cell) return;
  const add = event.shiftKey || event.ctrlKey || event.metaKey;
  try {
    const index = await state.client.call(REQUEST.HEATMAP_CANDIDATE, {
      x: dom.heatmapX.value,
      y: dom.heatmapY.value,
      row: cell[0],
      col: cell[1],
    });
    if (index !== null && index !== undefined) pick(index, add);
  } catch (err) {
    if (!(err instanceof CancelledError)) setStatus(err.message, 'error');
  }
}

// ------------------------------------------------------------------ events

/** Fills the C list with `count` log-spaced values from..to. */
function fillLogRange() {
  const from = Number(dom.logFrom.value);
  const to = Number(dom.logTo.value);
  const count = Math.round(Number(dom.logCount.value));
  if (!(from > 0 && to > 0 && count >= 1 && count <= 50)) {
    setStatus('log range: give positive from/to and a count from 1 to 50', 'error');
    return;
  }
  const values = [];
  for (let i = 0; i < count; i++) {
    const t = count === 1 ? 0 : i / (count - 1);
    values.push(Number((from * Math.pow(to / from, t)).toPrecision(3)));
  }
  dom.paramC.value = unique(values).join(', ');
  onSettingsChanged();
}

/** The seed example: C × penalty with lbfgs. */
function presetSeed() {
  applySettings({
    C: '0.001, 0.01, 0.1, 1, 10, 100',
    penalty: ['l1', 'l2'],
    solver: ['lbfgs'],
    lr: '0.1',
    max_iter: '1000',
  });
  onSettingsChanged();
}

/** Optimisers compared: gd, momentum and adam at learning rates up to one far too large. */
function presetOptimizers() {
  applySettings({
    C: '1',
    penalty: ['l2'],
    solver: ['gd', 'momentum', 'adam'],
    lr: '0.01, 0.1, 1, 30',
    max_iter: '200',
  });
  onSettingsChanged();
}

/** Connects the controls. */
function bindEvents() {
  const settingsInputs = [
    dom.paramC, dom.l1Ratio, dom.learningRates, dom.batchSize, dom.maxIter, dom.folds,
    dom.seed, dom.stratified, dom.shuffle, dom.scoring, dom.testSize, ...dom.penalties, ...dom.solvers,
  ];
  for (const el of [...settingsInputs, ...modelInputs().filter((el) => el !== modelDom.select)]) {
    el.addEventListener('input', onSettingsChanged);
    el.addEventListener('change', onSettingsChanged);
  }
  modelDom.select.addEventListener('change', onModelChosen);
  onGeneratedEdit(regenerate);
  dom.logFill.addEventListener('click', fillLogRange);
  dom.presetSeed.addEventListener('click', presetSeed);
  dom.presetOptimizers.addEventListener('click', presetOptimizers);

  dom.datasetSelect.addEventListener('change', loadChosen);
  dom.fileInput.addEventListener('change', () => {
    const file = dom.fileInput.files?.[0];
    dom.fileInput.value = '';
    loadFile(file);
  });
  dom.pasteLoad.addEventListener('click', () => {
    const text = dom.pasteText.value;
    if (!text.trim()) {
      showDataError('pasted text: nothing to load');
      return;
    }
    loadCsv(text, 'pasted.csv');
  });
  dom.labelSelect.addEventListener('change', () => {
    if (dom.labelSelect.value === '') return;
    const source = state.pendingCsv ?? state.csv;
    if (source) loadCsv(source.text, source.name, Number(dom.labelSelect.value));
  });

  // Drag and drop a file onto the data panel; elsewhere a drop must not open the file.
  for (const type of ['dragover', 'drop']) window.addEventListener(type, (e) => e.preventDefault());
  dom.dataPanel.addEventListener('dragover', (e) => {
    e.preventDefault();
    dom.dataPanel.classList.add('dragging');
  });
  dom.dataPanel.addEventListener('dragleave', () => dom.dataPanel.classList.remove('dragging'));
  dom.dataPanel.addEventListener('drop', (e) => {
    e.preventDefault();
    dom.dataPanel.classList.remove('dragging');
    loadFile(e.dataTransfer?.files?.[0]);
  });

  dom.runButton.addEventListener('click', () => runSearch(false));
  dom.confirmYes.addEventListener('click', () => runSearch(true));
  dom.confirmNo.addEventListener('click', () => {
    hideConfirm();
    dom.runButton.focus();
  });
  dom.confirmRun.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') dom.confirmNo.click();
  });
  dom.cancelButton.addEventListener('click', cancelSearch);
  dom.shareButton.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      setStatus('Link with these settings copied.', 'ok');
    } catch {
      setStatus(`Share this link: ${location.href}`);
    }
  });

  dom.resultsTable.addEventListener('click', (e) => {
    const th = e.target.closest('th[data-column]');
    if (th && state.report) {
      const column = th.dataset.column;
      const descending = state.sort.column === column ? !state.sort.descending : column.startsWith('mean_test') || column.startsWith('mean_train');
      state.sort = { column, descending };
      renderTable();
      return;
    }
    const tr = e.target.closest('tbody tr');
    if (tr) pick(Number(tr.dataset.index), e.shiftKey || e.ctrlKey || e.metaKey);
  });
  dom.resultsTable.addEventListener('keydown', (e) => {
    const th = e.target.closest('th[data-column]');
    if (th && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      th.click();
      return;
    }
    const tr = e.target.closest('tbody tr');
    if (tr && e.target === tr && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      pick(Number(tr.dataset.index), e.shiftKey || e.ctrlKey || e.metaKey);
    }
  });

  dom.canvases.heatmap.addEventListener('click', onHeatmapClick);
  for (const select of [dom.heatmapX, dom.heatmapY]) {
    select.addEventListener('change', () => state.report && selectCandidates(state.selection, HEATMAP_ONLY));
  }
  dom.planeKind.addEventListener('change', () => {
    const weights = dom.planeKind.value === 'weights';
    dom.planeI.hidden = !weights;
    dom.planeJ.hidden = !weights;
    if (state.report) selectCandidates(state.selection, PATHS_ONLY);
  });
  for (const select of [dom.planeI, dom.planeJ]) {
    select.addEventListener('change', () => state.report && selectCandidates(state.selection, PATHS_ONLY));
  }

  window.addEventListener('hashchange', async () => {
    await restoreFromHash();
    onSettingsChanged();
  });
  let pending = 0;
  new ResizeObserver(() => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(redrawAll);
  }).observe(document.querySelector('.charts'));
}

/**
 * The user picked another model: its controls and defaults; a loaded CSV is read again
 * when the model wants its label the other way (numbers for a regressor, classes for a
 * classifier) — if that fails, the data stay and the picker says what fits.
 */
function onModelChosen() {
  const model = modelInfo(state.catalog, modelDom.select.value);
  if (!model) return;
  applyModelDefaults(model);
  onSettingsChanged();
  if (state.csv && !state.running && (state.csv.target ?? 'classes') !== wantedTarget()) {
    loadCsv(state.csv.text, state.csv.name, state.csv.label);
  }
}

/**
 * Applies the URL hash's settings; loads the built-in or generated data set it names
 * (rows / noise / seed too); says so if it names a CSV that is not loaded.
 */
async function restoreFromHash() {
  if (!location.hash || location.hash === '#') return;
  const settings = hashToSettings(location.hash);
  const model = modelInfo(state.catalog, settings.model);
  if (model) {
    modelDom.select.value = model.name;
    applyModelDefaults(model);
  }
  const entry = settings.data ? datasetInfo(state.catalog, settings.data) : null;
  const spec = state.dataset.spec;
  const same = entry && !state.csv && state.dataset.name === entry.name &&
    (!entry.generated || (String(spec?.n_samples) === String(settings.rows ?? spec?.n_samples) &&
      String(spec?.noise) === String(settings.noise ?? spec?.noise) && String(spec?.seed) === String(settings.gseed ?? spec?.seed)));
  if (entry && !same) {
    try {
      let summary;
      if (entry.generated) {
        const spec = {
          kind: entry.name,
          n_samples: settings.rows !== undefined ? Number(settings.rows) : entry.n_samples,
          noise: settings.noise !== undefined ? Number(settings.noise) : entry.noise,
          seed: settings.gseed !== undefined ? Number(settings.gseed) : 0,
        };
        summary = await state.client.call(REQUEST.LOAD_GENERATED, spec);
        state.dataset = { name: entry.name, spec: { ...spec, n_samples: summary.n_samples } };
      } else {
        summary = await state.client.call(REQUEST.LOAD_BUILTIN, { name: entry.name });
        state.dataset = { name: entry.name, spec: null };
      }
      state.csv = null;
      renderSummary(summary);
      if (state.report) clearResults('Run the search to see results for this data set.');
    } catch (err) {
      state.hashDataNote = `This link's data set “${settings.data}” did not load (${err.message}); Iris is loaded instead.`;
    }
  } else if (settings.data && !entry && settings.data !== state.csv?.name) {
    state.hashDataNote = `This link was made with the data set “${settings.data}”: load that file to use it.`;
  }
  applySettings(settings);
}

// ------------------------------------------------------------------ start

/** Starts the worker and the page's own wasm instance; marks the page ready. */
async function initialise() {
  const t0 = performance.now();
  try {
    const workerStarted = startWorker();
    await init();
    state.catalog = coreCatalog();
    fillModelSelect(state.catalog);
    fillDatasetSelect(state.catalog);
    showModelControls(modelInfo(state.catalog, LOGISTIC));
    bindEvents();
    const summary = await workerStarted;
    renderSummary(summary);
    await restoreFromHash();
    clearResults('Run the search to see this chart.');
    onSettingsChanged();
    const where = globalThis.TUNELAB_SINGLE_FILE === true ? ' (offline copy)' : '';
    const loaded = `${state.summary?.name ?? 'Iris'} is loaded: press Run search.`;
    setStatus(`Ready in ${formatDuration(performance.now() - t0)}${where}. ${state.hashDataNote ?? loaded}`, state.hashDataNote ? 'warn' : 'info');
    state.readyAt = performance.now();
    document.body.dataset.ready = '1';
  } catch (err) {
    setStatus(`TuneLab could not start: ${err.message}`, 'error');
    document.body.dataset.ready = 'error';
  }
}

initialise();
