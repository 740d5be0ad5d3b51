// models.js — the model picker and the grid controls of every model but logistic
// regression (whose controls are the original C / penalty / solver panel in main.js),
// plus the pipeline's degree and standardize, which every model has.
//
// Which controls a model shows comes from the core's catalog(): a control is marked
// with data-param="NAME" in index.html and shown when NAME is one of the model's
// `params`. Values come from the core's `default_grid` where it has one.

import { expanded_features } from './pkg/tunelab.js';

/** The model whose controls are the original logistic-regression panel. */
export const LOGISTIC = 'logistic_regression';

/** Values the page offers for the MLPs' choice parameters (the core checks them). */
const CHOICES = {
  activation: ['relu', 'tanh', 'logistic', 'identity'],
  solver: ['adam', 'sgd', 'gd', 'momentum', 'nesterov'],
};

/** Page defaults for parameters that have no default_grid entry, per kind of model. */
const MLP_DEFAULTS = { alpha: '0.0001', learning_rate_init: '0.001', max_iter: '2000' };
const LINEAR_DEFAULTS = { alpha: '1', l1_ratio: '0.5', max_iter: '1000' };

const $ = (id) => document.getElementById(id);

/** The controls of the generic model panel. */
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
};

/** Every input of the model panel (to listen to). */
export function modelInputs() {
  const d = modelDom;
  return [d.select, d.degree, d.standardize, d.hidden, d.alpha, d.l1Ratio, ...d.activation, ...d.solver, d.lrInit, d.batch, d.maxIter];
}

/** The catalog entry of model `name` (undefined if the core has none). */
export function modelInfo(catalog, name) {
  return catalog.models.find((m) => m.name === name);
}

/** Fills the model picker: "Ridge (ridge)", classifiers first as the core lists them. */
export function fillModelSelect(catalog) {
  const groups = [
    ['Classifiers (classes)', catalog.models.filter((m) => m.classifier)],
    ['Regressors (numbers)', catalog.models.filter((m) => !m.classifier)],
  ];
  modelDom.select.replaceChildren(
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
  modelDom.select.value = LOGISTIC;
}

/** Shows the controls of `model` (a catalog entry) and hides the rest. */
export function showModelControls(model) {
  const logistic = model.name === LOGISTIC;
  modelDom.logistic.hidden = !logistic;
  modelDom.params.hidden = logistic;
  for (const el of modelDom.params.querySelectorAll('[data-param]')) {
    el.hidden = logistic || !model.params.includes(el.dataset.param);
  }
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
  modelDom.degree.value = defaultGridText(model, 'degree') ?? '1';
  if (model.name === LOGISTIC) return;
  const mlp = model.params.includes('hidden_layer_sizes');
  const fallback = mlp ? MLP_DEFAULTS : LINEAR_DEFAULTS;
  const text = (param) => defaultGridText(model, param) ?? fallback[param];
  if (model.params.includes('alpha')) modelDom.alpha.value = text('alpha');
  if (model.params.includes('l1_ratio')) modelDom.l1Ratio.value = text('l1_ratio');
  if (model.params.includes('max_iter')) modelDom.maxIter.value = text('max_iter');
  if (mlp) {
    modelDom.hidden.value = text('hidden_layer_sizes');
    modelDom.lrInit.value = text('learning_rate_init');
  }
}

/** The generic panel's settings (URL-hash keys → control values). */
export function readModelSettings() {
  const d = modelDom;
  return {
    model: d.select.value,
    degree: d.degree.value,
    std: d.standardize.checked,
    alpha: d.alpha.value,
    en_l1: d.l1Ratio.value,
    hidden: d.hidden.value,
    act: d.activation.filter((c) => c.checked).map((c) => c.value),
    msolver: d.solver.filter((c) => c.checked).map((c) => c.value),
    lr_init: d.lrInit.value,
    mbatch: d.batch.value,
    miter: d.maxIter.value,
  };
}

/** Puts settings (readModelSettings keys; missing ones keep their value) into the controls. */
export function applyModelSettings(s) {
  const d = modelDom;
  if (s.degree !== undefined) d.degree.value = s.degree;
  if (s.std !== undefined) d.standardize.checked = s.std;
  if (s.alpha !== undefined) d.alpha.value = s.alpha;
  if (s.en_l1 !== undefined) d.l1Ratio.value = s.en_l1;
  if (s.hidden !== undefined) d.hidden.value = s.hidden;
  if (s.act !== undefined) d.activation.forEach((c) => (c.checked = s.act.includes(c.value)));
  if (s.msolver !== undefined) d.solver.forEach((c) => (c.checked = s.msolver.includes(c.value)));
  if (s.lr_init !== undefined) d.lrInit.value = s.lr_init;
  if (s.mbatch !== undefined) d.batch.value = s.mbatch;
  if (s.miter !== undefined) d.maxIter.value = s.miter;
}

/** Hash keys of the generic panel written as number lists. */
export const MODEL_LIST_KEYS = ['degree', 'alpha', 'en_l1', 'hidden', 'lr_init'];
/** Hash keys of the generic panel that are lists of names. */
export const MODEL_ARRAY_KEYS = ['act', 'msolver'];
/** Hash keys of the generic panel that are plain text. */
export const MODEL_TEXT_KEYS = ['model', 'mbatch', 'miter'];

/** Error about setting `field` (a settings key, for marking its control). */
function invalid(field, message) {
  return Object.assign(new Error(message), { field });
}

/** A list of numbers from `text`, each passing `ok`; throws about `field` with `rule`. */
function numbers(text, name, field, ok, rule) {
  const parts = String(text).split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0) throw invalid(field, `${name}: give at least one value`);
  const values = parts.map((p) => {
    const v = Number(p);
    if (!Number.isFinite(v)) throw invalid(field, `${name}: '${p}' is not a number`);
    if (!ok(v)) throw invalid(field, `${name}: ${p} is not allowed: ${rule}`);
    return v;
  });
  return [...new Set(values)];
}

/** The degree list (whole numbers from 1 to the core's max_degree); throws about 'degree'. */
export function parseDegrees(text, limits) {
  const max = limits.max_degree;
  return numbers(text, 'degree', 'degree', (v) => Number.isInteger(v) && v >= 1 && v <= max, `give whole numbers from 1 to ${max}`);
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

/** Adds `name` to `base` (one value) or to `axes` (several). */
function place(base, axes, name, values) {
  if (values.length === 1) base[name] = values[0];
  else axes[name] = values;
}

/**
 * The parameters the generic panel sets for `model` (not logistic regression):
 * `{ base, axes }`, every list of one value fixed in base, longer lists grid axes.
 * Only parameters the catalog lists for the model are set. Throws about a setting.
 */
export function modelParams(model, s, seed) {
  const base = {};
  const axes = {};
  const has = (p) => model.params.includes(p);
  if (has('hidden_layer_sizes')) {
    place(base, axes, 'hidden_layer_sizes', numbers(s.hidden, 'hidden_layer_sizes', 'hidden', (v) => Number.isInteger(v) && v >= 1, 'the hidden layer needs a whole number of units ≥ 1'));
  }
  if (has('alpha')) place(base, axes, 'alpha', numbers(s.alpha, 'alpha', 'alpha', (v) => v >= 0, 'alpha must be ≥ 0'));
  if (has('l1_ratio')) place(base, axes, 'l1_ratio', numbers(s.en_l1, 'l1_ratio', 'en_l1', (v) => v >= 0 && v <= 1, 'l1_ratio must lie in [0, 1]'));
  for (const [param, key] of [['activation', 'act'], ['solver', 'msolver']]) {
    if (!has(param)) continue;
    const values = s[key].filter((v) => CHOICES[param].includes(v));
    if (values.length === 0) throw invalid(key, `${param}: tick at least one`);
    place(base, axes, param, values);
  }
  if (has('learning_rate_init')) {
    place(base, axes, 'learning_rate_init', numbers(s.lr_init, 'learning_rate_init', 'lr_init', (v) => v > 0, 'it must be positive'));
  }
  if (has('batch_size') && String(s.mbatch).trim() !== '') {
    const v = Number(s.mbatch);
    if (!Number.isInteger(v) || v < 1) throw invalid('mbatch', 'batch_size: give a whole number ≥ 1, or leave it empty for min(200, rows)');
    base.batch_size = v;
  }
  if (has('max_iter')) {
    const v = Number(s.miter);
    if (!Number.isInteger(v) || v < 1) throw invalid('miter', 'max_iter: give a whole number ≥ 1');
    base.max_iter = v;
  }
  if (has('random_state')) base.random_state = seed;
  return { base, axes };
}

/** The controls of a generic-panel setting (for aria-invalid), or null. */
export function modelFieldControls(field) {
  const d = modelDom;
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
    default: return null;
  }
}

/**
 * Whether `model` fits data whose target is numeric (`regression`); if not, the
 * message for the picker, naming the data sets that fit.
 */
export function mismatch(catalog, model, summary) {
  if (!summary || model.classifier !== Boolean(summary.regression)) return null;
  const fitting = catalog.datasets.filter((d) => d.regression === !model.classifier).map((d) => d.name);
  if (model.classifier) {
    return `${model.name} predicts classes, but “${summary.label_name}” of ${summary.name} holds numbers. ` +
      `Pick a regressor, or a data set with classes: ${fitting.join(', ')} (or a CSV with a class label).`;
  }
  return `${model.name} predicts numbers, but “${summary.label_name}” of ${summary.name} holds classes. ` +
    `Pick a classifier, or a data set with a numeric target: ${fitting.join(', ')} (or a CSV whose label is numbers).`;
}
