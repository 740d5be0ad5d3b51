// config.js — settings → the core's SearchConfig, and the checks the page makes before
// running. PURE: no DOM; the core's expanded-feature count is passed in (`expand`).
// Tested in Node (tests/unit/config.test.mjs).

import { prop } from './settings.js';

/** The model whose controls are the original logistic-regression panel. */
export const LOGISTIC = 'logistic_regression';

/** Values the page offers for the MLPs' choice parameters (the core checks them). */
export const CHOICES = Object.freeze({
  activation: prop('act').values,
  solver: prop('msolver').values,
});

/** The catalog entry of model `name` (undefined if the core has none). */
export function modelInfo(catalog, name) {
  return catalog.models.find((m) => m.name === name);
}

/** The catalog entry of data set `name`, or undefined (e.g. a CSV). */
export function datasetInfo(catalog, name) {
  return catalog.datasets.find((d) => d.name === name);
}

/** An error for the user about the setting `field` (a settings key). */
export function invalid(field, message) {
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

/** Removes repeats, keeping the first. */
export const unique = (values) => [...new Set(values)];

/** A decimal number as people write it (`0.1`, `-2`, `1e-3`, `.5`); no hex, binary or `Infinity`. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * The number `p` says, or an Error saying why it is none: not a decimal number, or one
 * too large for a double (`1e400`).
 */
function readNumber(p, what) {
  if (!DECIMAL.test(p)) return new Error(`${what}: '${p}' is not a number`);
  const v = Number(p);
  if (!Number.isFinite(v)) return new Error(`${what}: '${p}' is too large (the largest is about 1.8e308)`);
  return v;
}

/** Parses a list of numbers ("0.1, 1 10"); throws with the bad entry. */
export function parseNumbers(text, what) {
  const parts = String(text).split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0) throw new Error(`${what}: give at least one value`);
  return parts.map((p) => {
    const v = readNumber(p, what);
    if (v instanceof Error) throw v;
    return v;
  });
}

/** Integer from a control's text, within [min, max]; throws with `what`. */
export function parseInteger(text, what, min, max = Number.MAX_SAFE_INTEGER) {
  const v = Number(text);
  if (String(text).trim() === '' || !Number.isInteger(v) || v < min || v > max) {
    throw new Error(`${what}: give a whole number${max < Number.MAX_SAFE_INTEGER ? ` from ${min} to ${max}` : ` ≥ ${min}`}`);
  }
  return v;
}

/** A list of numbers from `text`, each passing `ok`; throws about `field` with `rule`. */
function numbers(text, name, field, ok, rule) {
  const parts = String(text).split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0) throw invalid(field, `${name}: give at least one value`);
  const values = parts.map((p) => {
    const v = readNumber(p, name);
    if (v instanceof Error) throw invalid(field, v.message);
    if (!ok(v)) throw invalid(field, `${name}: ${p} is not allowed: ${rule}`);
    return v;
  });
  return unique(values);
}

/** The degree list (whole numbers from 1 to the core's max_degree); throws about 'degree'. */
export function parseDegrees(text, limits) {
  const max = limits.max_degree;
  return numbers(text, 'degree', 'degree', (v) => Number.isInteger(v) && v >= 1 && v <= max, `give whole numbers from 1 to ${max}`);
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
export function modelParams(model, s, seed, limits = {}) {
  const base = {};
  const axes = {};
  const has = (p) => model.params.includes(p);
  if (has('hidden_layer_sizes')) {
    const most = limits.max_hidden_units ?? Number.MAX_SAFE_INTEGER;
    place(base, axes, 'hidden_layer_sizes', numbers(s.hidden, 'hidden_layer_sizes', 'hidden', (v) => Number.isInteger(v) && v >= 1 && v <= most, `the hidden layer needs a whole number of units from 1 to ${most} (the limit)`));
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
    const most = limits.max_rows ?? Number.MAX_SAFE_INTEGER;
    if (!Number.isInteger(v) || v < 1 || v > most) throw invalid('mbatch', `batch_size: give a whole number from 1 to ${most} (the most rows a data set may have), or leave it empty for min(200, rows)`);
    base.batch_size = v;
  }
  if (has('max_iter')) {
    const v = Number(s.miter);
    const most = limits.max_iter ?? Number.MAX_SAFE_INTEGER;
    if (!Number.isInteger(v) || v < 1 || v > most) throw invalid('miter', `max_iter: give a whole number from 1 to ${most} (the limit)`);
    base.max_iter = v;
  }
  if (has('random_state')) base.random_state = seed;
  return { base, axes };
}

/**
 * The SearchConfig for settings `s` (see src/select/search.rs), or throws a message for
 * the user (with `field`). elasticnet and its l1_ratio go in their own sub-grid, and
 * lbfgs (which has no learning rate) in its own, so no candidate gets a parameter it
 * does not use.
 */
export function buildConfig(s, catalog) {
  const model = modelInfo(catalog, s.model);
  if (!model) throw invalid('model', `model: the core has no model “${s.model}”`);
  const degrees = parseDegrees(s.degree, catalog.limits);
  const limits = catalog.limits ?? {};
  const config = model.name === LOGISTIC ? buildLogisticConfig(s, limits) : buildModelConfig(model, s, limits);
  // The pipeline's degree: fixed in base, or an axis of every sub-grid.
  if (degrees.length === 1) config.base.degree = degrees[0];
  else config.grid = config.grid.map((g) => ({ degree: degrees, ...g }));
  config.model = model.name;
  config.standardize = s.std;
  return config;
}

/** The common part of every SearchConfig: folds, scoring, test split; throws about a setting. */
function splitSettings(s, limits) {
  const k = check('k', () => parseInteger(s.k, 'folds', prop('k').min, Math.min(prop('k').max, limits.max_folds ?? Infinity)));
  const seed = check('seed', () => parseInteger(s.seed, 'seed', 0));
  const testMax = prop('test').max;
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
function buildModelConfig(model, s, limits) {
  const split = splitSettings(s, limits);
  const { base, axes } = modelParams(model, s, split.cv.seed, limits);
  return { base, grid: [axes], ...split };
}

/** The SearchConfig of logistic regression (the C / penalty / solver panel). */
function buildLogisticConfig(s, limits) {
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
  // Whole numbers the core reads as usize: bounded by its limits (a batch by the most rows).
  const batch = check('batch', () => parseInteger(s.batch, 'batch size', 1, limits.max_rows));
  const maxIter = check('max_iter', () => parseInteger(s.max_iter, 'max_iter', 1, limits.max_iter));
  const split = splitSettings(s, limits);
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

/** The degrees of `config`: its degree axis, or its one fixed degree. */
export function degreesOf(config) {
  return config.grid[0]?.degree ?? [config.base.degree ?? 1];
}

/**
 * Whether `model` fits data whose target is numeric (`summary.regression`); if not, the
 * message for the picker, naming the data sets that fit.
 */
export function mismatch(catalog, model, summary) {
  if (!summary || !model || model.classifier !== Boolean(summary.regression)) return null;
  const fitting = catalog.datasets.filter((d) => d.regression === !model.classifier).map((d) => d.name);
  if (model.classifier) {
    return `${model.name} predicts classes, but “${summary.label_name}” of ${summary.name} holds numbers. ` +
      `Pick a regressor, or a data set with classes: ${fitting.join(', ')} (or a CSV with a class label).`;
  }
  return `${model.name} predicts numbers, but “${summary.label_name}” of ${summary.name} holds classes. ` +
    `Pick a classifier, or a data set with a numeric target: ${fitting.join(', ')} (or a CSV whose label is numbers).`;
}

/**
 * The settings the best candidate ran with that are not grid axes: the solver, and for
 * a teaching solver its learning_rate, max_iter (and batch_size for sgd).
 */
export function fixedSettings(bestParams, base, model = LOGISTIC) {
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

/**
 * The setting (settings.js name) of a core error's `field` (a parameter of `model`, or
 * a split setting), for marking its control; null when none matches.
 */
export function settingOfField(field, model) {
  const logistic = model === LOGISTIC;
  const common = { degree: 'degree', standardize: 'std', cv: 'k', k: 'k', n_splits: 'k', test_size: 'test', scoring: 'scoring', seed: 'seed' };
  const own = logistic
    ? { C: 'C', penalty: 'penalty', l1_ratio: 'l1_ratio', solver: 'solver', learning_rate: 'lr', batch_size: 'batch', max_iter: 'max_iter' }
    : { alpha: 'alpha', l1_ratio: 'en_l1', hidden_layer_sizes: 'hidden', activation: 'act', solver: 'msolver', learning_rate_init: 'lr_init', batch_size: 'mbatch', max_iter: 'miter' };
  return own[field] ?? common[field] ?? null;
}
