// teach.js — the pure side of lessons, live sliders and exports. PURE: no DOM, no wasm;
// tested in Node (tests/unit/teach.test.mjs).
//
//   lessonSettings(lesson)       a lesson (lessons.js) → the page's settings (settings.js names)
//   candidateIndex(params, want) the candidate whose parameters match `want`
//   lessonSelection(params, select) the candidates a lesson selects (one or a list)
//   lessonChanges(lesson, settings) the settings (by their names on the page) that differ from a lesson's
//   sliderSpecs(model, params)   the live sliders a candidate has: name, parameter, scale, range
//   toSlider / fromSlider        a parameter value ↔ a slider position (log or linear)
//   cvResultsCsv(cv)             cv_results_ as CSV, one row per candidate (scikit-learn's columns)
//   reportJson(result)           cv_results + best_params + best_score (+ test_score) as JSON text
//   playbackIndex(iterations, n) the history entry of iteration n (the last at or before it)

import { LOGISTIC } from './config.js';

/** The settings key of each model parameter, on the logistic panel and on the generic one. */
const LOGISTIC_KEYS = Object.freeze({
  C: 'C', penalty: 'penalty', l1_ratio: 'l1_ratio', solver: 'solver', learning_rate: 'lr', batch_size: 'batch', max_iter: 'max_iter',
});
const MODEL_KEYS = Object.freeze({
  alpha: 'alpha', l1_ratio: 'en_l1', hidden_layer_sizes: 'hidden', activation: 'act', solver: 'msolver',
  learning_rate_init: 'lr_init', batch_size: 'mbatch', max_iter: 'miter',
});
const PIPELINE_KEYS = Object.freeze({ degree: 'degree', standardize: 'std' });

/** Settings that are sets of names (tick boxes). */
const SET_KEYS = new Set(['penalty', 'solver', 'act', 'msolver']);

/**
 * scikit-learn's single defaults for what a lesson does not set: one candidate each,
 * so that only the lesson's own grid axes vary.
 */
function lessonDefaults(model) {
  const mlp = model.startsWith('mlp_');
  return {
    degree: '1', std: true,
    C: '1', penalty: ['l2'], l1_ratio: '0.5', solver: ['lbfgs'], lr: '0.1', batch: '16', max_iter: '1000',
    alpha: mlp ? '0.0001' : '1', en_l1: '0.5', hidden: '100', act: ['relu'], msolver: ['adam'], lr_init: '0.001', mbatch: '', miter: mlp ? '2000' : '1000',
    k: '5', stratified: true, shuffle: false, seed: '42', test: '0.2',
  };
}

/** The settings value of `values` for settings key `key`. */
function settingValue(key, values) {
  if (key === 'std') return Boolean(values[0]);
  if (SET_KEYS.has(key)) return values.map(String);
  return values.map(String).join(', ');
}

/** How `lesson`'s results are shown (its view keys, e.g. the path chart's plane). */
export function lessonView(lesson) {
  return { ...(lesson.view ?? {}) };
}

/**
 * The page's settings (settings.js names) for `lesson`: its data set, model, grid axes
 * and fixed settings over scikit-learn's defaults, its folds, test fraction and scoring
 * (null: accuracy for a classifier, r2 for a regressor). Throws on a parameter the page
 * has no control for (a mistake in lessons.js, caught by the unit tests).
 */
export function lessonSettings(lesson) {
  const s = lessonDefaults(lesson.model);
  s.model = lesson.model;
  s.data = lesson.data.name;
  if (lesson.data.rows != null) s.rows = String(lesson.data.rows);
  if (lesson.data.noise != null) s.noise = String(lesson.data.noise);
  if (lesson.data.seed != null) s.gseed = String(lesson.data.seed);
  const own = lesson.model === LOGISTIC ? LOGISTIC_KEYS : MODEL_KEYS;
  const put = (param, values) => {
    const key = PIPELINE_KEYS[param] ?? own[param];
    if (!key) throw new Error(`lesson ${lesson.id}: the page has no control for ${param} of ${lesson.model}`);
    s[key] = settingValue(key, values);
  };
  for (const [param, value] of Object.entries(lesson.base ?? {})) put(param, [value]);
  for (const [param, values] of Object.entries(lesson.grid ?? {})) put(param, values);
  s.k = String(lesson.cv ?? 5);
  s.shuffle = Boolean(lesson.shuffle);
  s.test = String(lesson.test ?? 0);
  s.scoring = lesson.scoring ?? (lesson.model.endsWith('_classifier') || lesson.model === LOGISTIC ? 'accuracy' : 'r2');
  return s;
}

/**
 * The settings (settings.js names) in which `settings` differ from `lesson`'s: the
 * lesson's text no longer describes what is on screen once any has changed.
 */
export function lessonChanges(lesson, settings) {
  const norm = (key, v) => {
    if (!SET_KEYS.has(key)) return String(v ?? '').replace(/\s+/g, '');
    // A set of tick boxes, in any order.
    const names = Array.isArray(v) ? v.map(String) : String(v ?? '').split(',');
    return names.map((n) => n.trim()).filter(Boolean).sort().join(',');
  };
  const own = lesson.model === LOGISTIC ? LOGISTIC_KEYS : MODEL_KEYS;
  const names = { ...SETTING_NAMES, ...invert(PIPELINE_KEYS), ...invert(own) };
  return Object.entries(lessonSettings(lesson))
    .filter(([key, value]) => norm(key, settings[key]) !== norm(key, value))
    .map(([key]) => names[key] ?? key);
}

/** `{ a: 'b' }` → `{ b: 'a' }`. */
const invert = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [v, k]));

/** What the page calls the settings that are not model parameters. */
const SETTING_NAMES = Object.freeze({
  data: 'data set', rows: 'rows', noise: 'noise', gseed: 'data seed', model: 'model',
  k: 'folds', test: 'test fraction', scoring: 'scoring', stratified: 'stratified', shuffle: 'shuffle', seed: 'seed',
});

/** Whether parameter values `a` (from cv_results) and `b` (a lesson's) are the same. */
function sameValue(a, b) {
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b);
  return String(a) === String(b);
}

/**
 * The index of the first candidate (`params`: cv_results.params) whose parameters
 * include every entry of `want`; -1 when none does or `want` is empty.
 */
export function candidateIndex(params, want) {
  const entries = Object.entries(want ?? {});
  if (!entries.length) return -1;
  return params.findIndex((p) => entries.every(([k, v]) => k in p && sameValue(p[k], v)));
}

/**
 * The candidates a lesson selects after its run: `select` is one `{ param: value }` or a
 * list of them (the curves its notes compare, drawn together); indices in that order,
 * those not in the results left out.
 */
export function lessonSelection(params, select) {
  const wants = Array.isArray(select) ? select : [select];
  const indices = wants.map((want) => candidateIndex(params, want)).filter((i) => i >= 0);
  return [...new Set(indices)];
}

// ------------------------------------------------------------------ live sliders

/** The slider of each parameter: range, scale, how to show its value. */
const SLIDERS = Object.freeze({
  C: { id: 'slider-C', label: 'C', log: true, min: 1e-4, max: 1e4, fallback: 1 },
  alpha: { id: 'slider-alpha', label: 'alpha', log: true, min: 1e-4, max: 1e3, fallback: 1 },
  learning_rate: { id: 'slider-lr', label: 'learning_rate', log: true, min: 1e-4, max: 100, fallback: 0.1 },
  learning_rate_init: { id: 'slider-lr', label: 'learning_rate_init', log: true, min: 1e-4, max: 1, fallback: 0.001 },
  momentum: { id: 'slider-momentum', label: 'momentum', log: false, min: 0, max: 0.99, step: 0.01, fallback: 0.9 },
  degree: { id: 'slider-degree', label: 'degree', log: false, min: 1, max: 15, step: 1, integer: true, fallback: 1 },
  hidden_layer_sizes: { id: 'slider-hidden', label: 'hidden_layer_sizes', log: true, min: 1, max: 200, integer: true, fallback: 100 },
});

/** Slider positions per decade on a log slider. */
const LOG_STEPS = 20;

/**
 * The live sliders of a candidate of `model` whose full parameters (its own and the
 * search's fixed ones) are `params`: C (logistic) or alpha (the others that have it),
 * the learning rate of a solver that has one, momentum where the solver uses it, the
 * pipeline's degree, the hidden layer's size. Each: { id, param, label, log, min, max,
 * step, integer, value } with `value` the candidate's own (or scikit-learn's default).
 */
export function sliderSpecs(model, params) {
  const logistic = model === LOGISTIC;
  const mlp = model.startsWith('mlp_');
  const solver = params.solver ?? (logistic ? 'lbfgs' : mlp ? 'adam' : null);
  const names = [];
  if (logistic) names.push('C');
  else if (model !== 'linear_regression') names.push('alpha');
  if (logistic && solver && solver !== 'lbfgs') names.push('learning_rate');
  if (mlp && solver !== 'lbfgs') names.push('learning_rate_init');
  if (['momentum', 'nesterov'].includes(solver) || (mlp && solver === 'sgd')) names.push('momentum');
  if (mlp) names.push('hidden_layer_sizes');
  names.push('degree');
  return names.map((param) => {
    const spec = SLIDERS[param];
    const raw = Number(params[param] ?? spec.fallback);
    const value = Number.isFinite(raw) ? Math.min(Math.max(raw, spec.min), spec.max) : spec.fallback;
    return { ...spec, param, value, step: spec.step ?? null, integer: Boolean(spec.integer) };
  });
}

/** The slider's range of positions: { min, max, step } for an <input type="range">. */
export function sliderRange(spec) {
  if (spec.log) return { min: 0, max: Math.round(Math.log10(spec.max / spec.min) * LOG_STEPS), step: 1 };
  return { min: spec.min, max: spec.max, step: spec.step ?? (spec.max - spec.min) / 100 };
}

/** The slider position of parameter value `v`. */
export function toSlider(spec, v) {
  if (!spec.log) return v;
  return Math.round(Math.log10(Math.max(v, spec.min) / spec.min) * LOG_STEPS);
}

/** The parameter value at slider position `pos`, rounded to 3 significant digits (whole numbers for integers). */
export function fromSlider(spec, pos) {
  const v = spec.log ? spec.min * 10 ** (Number(pos) / LOG_STEPS) : Number(pos);
  if (spec.integer) return Math.max(spec.min, Math.round(v));
  return Number(v.toPrecision(3));
}

// ------------------------------------------------------------------ playback

/** The index of the last history entry whose iteration is at most `iteration` (0 if none). */
export function playbackIndex(iterations, iteration) {
  let k = 0;
  for (let i = 0; i < iterations.length; i++) if (iterations[i] <= iteration) k = i;
  return k;
}

/**
 * LossData marked at iteration `upTo` (the playback position): the series stay whole, so
 * the axes stay put while a vertical line walks along them.
 */
export function lossUpTo(loss, upTo) {
  return { ...loss, marker: upTo };
}

/**
 * TrajectoryData with every path cut after iteration `upTo`: a path has one point per
 * history entry, whose iterations are those of the loss series with the same label
 * (a path without one is kept whole).
 */
export function trajectoryUpTo(trajectory, loss, upTo) {
  const byLabel = new Map(loss.series.map((s) => [s.label, s.iterations]));
  return {
    ...trajectory,
    paths: trajectory.paths.map((p) => {
      const iterations = byLabel.get(p.label);
      if (!iterations) return p;
      const n = Math.max(1, iterations.filter((i) => i <= upTo).length);
      const whole = n >= p.points.length;
      return { ...p, points: p.points.slice(0, n), diverged: whole && p.diverged, oscillating: whole && p.oscillating };
    }),
  };
}

// ------------------------------------------------------------------ exports

/** One CSV field: quoted when it holds a comma, quote or line break; NaN/null empty. */
function csvField(v) {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '';
  const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * cv_results_ as CSV: scikit-learn's column names (params as a JSON object, the
 * param_* columns, mean/std/rank/split scores, times, fit_status), one row per
 * candidate, in grid order.
 */
export function cvResultsCsv(cv) {
  const columns = Object.keys(cv).filter((c) => Array.isArray(cv[c]));
  const n = cv.params?.length ?? 0;
  const lines = [columns.map(csvField).join(',')];
  for (let i = 0; i < n; i++) lines.push(columns.map((c) => csvField(cv[c][i])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** NaN and ±∞ (not JSON) as null. */
function jsonSafe(_key, v) {
  return typeof v === 'number' && !Number.isFinite(v) ? null : v;
}

/** The report as JSON text: cv_results, best_index, best_params, best_score, refit scorer, test_score. */
export function reportJson(result) {
  const out = {
    cv_results: result.cv_results,
    best_index: result.best_index,
    best_params: result.best_params,
    best_score: result.best_score,
    refit_scorer: result.refit_scorer,
    test_score: result.test_score ?? null,
  };
  return `${JSON.stringify(out, jsonSafe, 2)}\n`;
}
