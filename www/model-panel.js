// model-panel.js — the "Model and grid" and "Cross-validation" panels: the model picker
// (the core's catalog), the pipeline's degree and standardize, each model's own grid
// controls (shown by data-param="NAME" when NAME is one of the model's params), the
// logistic-regression C / penalty / solver controls with their presets, and the folds,
// scoring and test split. Reads and writes the settings of settings.js.

import { expanded_features } from './pkg/tunelab.js';
import { LOGISTIC, invalid } from './config.js';
import { state } from './store.js';
import { $, fillSelect, offers, setStatus } from './util.js';

/** Page defaults for parameters that have no default_grid entry, per kind of model. */
const MLP_DEFAULTS = { alpha: '0.0001', learning_rate_init: '0.001', max_iter: '2000' };
const LINEAR_DEFAULTS = { alpha: '1', l1_ratio: '0.5', max_iter: '1000' };

/** The panel's controls. */
export const modelDom = {
  select: $('model-select'),
  error: $('model-error'),
  logistic: $('logistic-params'),
  params: $('model-params'),
  degree: $('param-degree'),
  degreeNote: $('degree-note'),
  standardize: $('param-standardize'),
  hidden: $('param-hidden'),
  alpha: $('param-alpha'),
  l1Ratio: $('param-en-l1-ratio'),
  activation: [...document.querySelectorAll('input[name="activation"]')],
  solver: [...document.querySelectorAll('input[name="mlp-solver"]')],
  lrInit: $('param-lr-init'),
  batch: $('param-mlp-batch'),
  maxIter: $('param-max-iter'),
  // logistic regression
  paramC: $('param-C'),
  logFrom: $('logrange-from'),
  logTo: $('logrange-to'),
  logCount: $('logrange-count'),
  logFill: $('logrange-fill'),
  penalties: ['none', 'l1', 'l2', 'elasticnet'].map((p) => $(`penalty-${p}`)),
  lrL1Ratio: $('param-l1-ratio'),
  l1RatioRow: $('l1-ratio-row'),
  lrSolvers: [...document.querySelectorAll('input[name="solver"]')],
  learningRates: $('param-lr'),
  batchSize: $('batch-size'),
  lrMaxIter: $('max-iter'),
  presetSeed: $('preset-seed'),
  presetOptimizers: $('preset-optimizers'),
  // cross-validation
  folds: $('cv-folds'),
  seed: $('seed'),
  stratified: $('stratified'),
  stratifiedLabel: $('stratified-label'),
  shuffle: $('shuffle'),
  scoring: $('scoring'),
  testSize: $('test-size'),
};

const d = modelDom;
const checked = (boxes) => boxes.filter((c) => c.checked).map((c) => c.value);
const tick = (boxes, values) => boxes.forEach((c) => (c.checked = values.includes(c.value)));

/** Every input of the panels (to listen to), the model picker excepted. */
export function settingInputs() {
  return [
    d.degree, d.standardize, d.hidden, d.alpha, d.l1Ratio, ...d.activation, ...d.solver, d.lrInit, d.batch, d.maxIter,
    d.paramC, ...d.penalties, d.lrL1Ratio, ...d.lrSolvers, d.learningRates, d.batchSize, d.lrMaxIter,
    d.folds, d.seed, d.stratified, d.shuffle, d.scoring, d.testSize,
  ];
}

/** The panels' settings (settings.js names). */
export function readGridSettings() {
  return {
    model: d.select.value,
    degree: d.degree.value,
    std: d.standardize.checked,
    alpha: d.alpha.value,
    en_l1: d.l1Ratio.value,
    hidden: d.hidden.value,
    act: checked(d.activation),
    msolver: checked(d.solver),
    lr_init: d.lrInit.value,
    mbatch: d.batch.value,
    miter: d.maxIter.value,
    C: d.paramC.value,
    penalty: checked(d.penalties),
    l1_ratio: d.lrL1Ratio.value,
    solver: checked(d.lrSolvers),
    lr: d.learningRates.value,
    batch: d.batchSize.value,
    max_iter: d.lrMaxIter.value,
    k: d.folds.value,
    stratified: d.stratified.checked,
    shuffle: d.shuffle.checked,
    seed: d.seed.value,
    scoring: d.scoring.value,
    test: d.testSize.value,
  };
}

/** Puts settings (missing keys keep their value) into the controls; not the model. */
export function applyGridSettings(s) {
  const text = { degree: d.degree, alpha: d.alpha, en_l1: d.l1Ratio, hidden: d.hidden, lr_init: d.lrInit, mbatch: d.batch,
    miter: d.maxIter, C: d.paramC, l1_ratio: d.lrL1Ratio, lr: d.learningRates, batch: d.batchSize, max_iter: d.lrMaxIter,
    k: d.folds, seed: d.seed, test: d.testSize };
  for (const [key, el] of Object.entries(text)) if (s[key] !== undefined && s[key] !== null) el.value = s[key];
  const boxes = { act: d.activation, msolver: d.solver, penalty: d.penalties, solver: d.lrSolvers };
  for (const [key, els] of Object.entries(boxes)) if (Array.isArray(s[key])) tick(els, s[key]);
  if (s.std !== undefined) d.standardize.checked = s.std;
  if (s.stratified !== undefined) d.stratified.checked = s.stratified;
  if (s.shuffle !== undefined) d.shuffle.checked = s.shuffle;
  if (s.scoring !== undefined && offers(d.scoring, s.scoring)) d.scoring.value = s.scoring;
}

/** Fills the model picker: "Ridge (ridge)", classifiers first as the core lists them. */
export function fillModelSelect(catalog) {
  const groups = [
    ['Classifiers (classes)', catalog.models.filter((m) => m.classifier)],
    ['Regressors (numbers)', catalog.models.filter((m) => !m.classifier)],
  ];
  d.select.replaceChildren(
    ...groups.map(([label, models]) => {
      const group = document.createElement('optgroup');
      group.label = label;
      for (const m of models) {
        const option = document.createElement('option');
        option.value = m.name;
        option.textContent = `${m.sklearn_class} (${m.name})`;
        group.append(option);
      }
      return group;
    }),
  );
  d.select.value = LOGISTIC;
}

/** Shows the controls of `model` (a catalog entry) and hides the rest. */
export function showModelControls(model, settings) {
  const logistic = model.name === LOGISTIC;
  d.logistic.hidden = !logistic;
  d.params.hidden = logistic;
  for (const el of d.params.querySelectorAll('[data-param]')) {
    el.hidden = logistic || !model.params.includes(el.dataset.param);
  }
  d.l1RatioRow.hidden = !settings.penalty.includes('elasticnet');
  const regression = Boolean(state.summary?.regression);
  d.stratified.disabled = regression;
  d.stratifiedLabel.title = regression ? 'a numeric target is cut by KFold (no classes to stratify)' : '';
}

/** The first default_grid values of `param` for `model`, as a list text, or undefined. */
function defaultGridText(model, param) {
  for (const g of model.default_grid ?? []) if (Array.isArray(g[param])) return g[param].join(', ');
  return undefined;
}

/**
 * Puts `model`'s defaults into the controls (after the user picks another model): its
 * default_grid values, else the page's defaults (degree 1; max_iter 2000 for the MLPs
 * so that they converge).
 */
export function applyModelDefaults(model) {
  d.degree.value = defaultGridText(model, 'degree') ?? '1';
  if (model.name === LOGISTIC) return;
  const mlp = model.params.includes('hidden_layer_sizes');
  const fallback = mlp ? MLP_DEFAULTS : LINEAR_DEFAULTS;
  const text = (param) => defaultGridText(model, param) ?? fallback[param];
  if (model.params.includes('alpha')) d.alpha.value = text('alpha');
  if (model.params.includes('l1_ratio')) d.l1Ratio.value = text('l1_ratio');
  if (model.params.includes('max_iter')) d.maxIter.value = text('max_iter');
  if (mlp) {
    d.hidden.value = text('hidden_layer_sizes');
    d.lrInit.value = text('learning_rate_init');
  }
}

/**
 * What the degree list does to `nFeatures` columns, by the core's own count:
 * "degree 15: 1 feature → 15 columns" for the largest degree. Throws (about 'degree')
 * the core's message, which names the limit, when the expansion is refused.
 */
export function expansionNote(degrees, nFeatures) {
  const top = Math.max(...degrees);
  let columns;
  try {
    columns = expanded_features(nFeatures, top);
  } catch (err) {
    throw invalid('degree', err instanceof Error ? err.message : String(err));
  }
  const f = `${nFeatures} feature${nFeatures === 1 ? '' : 's'}`;
  return `degree ${top}: ${f} → ${columns.toLocaleString('en')} column${columns === 1 ? '' : 's'}`;
}

/** The degree field's note (the core's count, or why it refuses). */
export function showDegreeNote(degreesOrError) {
  const note = d.degreeNote;
  note.classList.remove('error');
  note.textContent = '';
  if (!state.summary) return;
  try {
    note.textContent = expansionNote(degreesOrError(), state.summary.n_features);
  } catch (err) {
    note.textContent = err.message;
    note.classList.add('error');
  }
}

/** The controls of each setting (settings.js names), for marking one invalid. */
function fieldControls(field) {
  switch (field) {
    case 'model': return [d.select];
    case 'degree': return [d.degree];
    case 'hidden': return [d.hidden];
    case 'alpha': return [d.alpha];
    case 'en_l1': return [d.l1Ratio];
    case 'act': return d.activation;
    case 'msolver': return d.solver;
    case 'lr_init': return [d.lrInit];
    case 'mbatch': return [d.batch];
    case 'miter': return [d.maxIter];
    case 'C': return [d.paramC];
    case 'penalty': return d.penalties;
    case 'solver': return d.lrSolvers;
    case 'lr': return [d.learningRates];
    case 'l1_ratio': return [d.lrL1Ratio];
    case 'batch': return [d.batchSize];
    case 'max_iter': return [d.lrMaxIter];
    case 'k': return [d.folds];
    case 'seed': return [d.seed];
    case 'test': return [d.testSize];
    default: return [];
  }
}

/** Marks the controls of `field` invalid (aria-invalid, red border) and no other; opens a collapsed one. */
export function markInvalid(field) {
  const bad = new Set(fieldControls(field));
  for (const el of document.querySelectorAll('#grid-panel [aria-invalid], #cv-panel [aria-invalid]')) {
    if (bad.has(el)) continue;
    el.removeAttribute('aria-invalid');
    el.removeAttribute('aria-errormessage');
  }
  for (const el of bad) {
    el.setAttribute('aria-invalid', 'true');
    el.setAttribute('aria-errormessage', el === d.degree ? 'degree-note' : el === d.select ? 'model-error' : 'grid-error');
    const box = el.closest('details');
    if (box) box.open = true;
  }
}

/** Shows (or hides) the picker's message that the model does not fit the data. */
export function showModelError(problem) {
  d.error.textContent = problem ?? '';
  d.error.hidden = !problem;
}

/**
 * The scoring choices of the data's task (the core's scorers), with the task's default
 * selected unless the current choice fits: accuracy for classes, MSE for numbers.
 */
let scoringFilled = false;
export function fillScoring(regression) {
  const scorers = state.catalog.scorers.filter((sc) => sc.regression === Boolean(regression));
  const current = d.scoring.value;
  const fallback = regression ? 'neg_mean_squared_error' : 'accuracy';
  fillSelect(d.scoring, scorers.map((sc) => [sc.name, sc.name]), scorers.some((sc) => sc.name === current) && scoringFilled ? current : fallback);
  scoringFilled = true;
}
/** Whether the scoring choices were filled for a task yet. */
export const scoringReady = () => scoringFilled;

/** The presets: settings for the logistic-regression panel. */
export const PRESETS = {
  seed: { C: '0.001, 0.01, 0.1, 1, 10, 100', penalty: ['l1', 'l2'], solver: ['lbfgs'], lr: '0.1', max_iter: '1000' },
  optimizers: { C: '1', penalty: ['l2'], solver: ['gd', 'momentum', 'adam'], lr: '0.01, 0.1, 1, 30', max_iter: '200' },
};

/** Fills the C list with `count` log-spaced values from..to; returns false on bad input. */
export function fillLogRange() {
  const from = Number(d.logFrom.value);
  const to = Number(d.logTo.value);
  const count = Math.round(Number(d.logCount.value));
  if (!(from > 0 && to > 0 && count >= 1 && count <= 50)) {
    setStatus('log range: give positive from/to and a count from 1 to 50', 'error');
    return false;
  }
  const values = [];
  for (let i = 0; i < count; i++) {
    const t = count === 1 ? 0 : i / (count - 1);
    values.push(Number((from * Math.pow(to / from, t)).toPrecision(3)));
  }
  d.paramC.value = [...new Set(values)].join(', ');
  return true;
}
