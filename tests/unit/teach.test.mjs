// Lessons → settings → SearchConfig, live-slider scales, playback cuts and the exports
// (www/teach.js, www/lessons.js), without wasm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LESSONS, lessonById } from '../../www/lessons.js';
import {
  candidateIndex, lessonChanges, lessonSelection, cvResultsCsv, fromSlider, lessonSettings, lossUpTo, playbackIndex, reportJson, sliderRange, sliderSpecs,
  toSlider, trajectoryUpTo,
} from '../../www/teach.js';
import { buildConfig } from '../../www/config.js';
import { parseHash, toHash, withDefaults } from '../../www/settings.js';

/** The core's catalog as far as buildConfig reads it (models' params, limits). */
const catalog = {
  limits: { max_degree: 20 },
  models: [
    { name: 'logistic_regression', classifier: true, params: ['C', 'penalty', 'l1_ratio', 'solver', 'max_iter', 'tol', 'learning_rate', 'batch_size', 'momentum', 'fit_intercept', 'random_state'] },
    { name: 'mlp_classifier', classifier: true, params: ['hidden_layer_sizes', 'activation', 'alpha', 'solver', 'learning_rate_init', 'batch_size', 'momentum', 'max_iter', 'tol', 'n_iter_no_change', 'shuffle', 'random_state'] },
    { name: 'linear_regression', classifier: false, params: ['fit_intercept', 'tol'] },
    { name: 'lasso', classifier: false, params: ['alpha', 'fit_intercept', 'max_iter', 'tol'] },
  ],
  datasets: [],
};

test('every lesson has an id, a title, text, notices and a known focus chart', () => {
  const focus = ['validation', 'heatmap', 'loss', 'trajectory', 'boundary', 'learning', 'regpath', 'optimism'];
  const ids = new Set();
  for (const l of LESSONS) {
    assert.match(l.id, /^[\w.-]{1,80}$/);
    assert.ok(!ids.has(l.id), `${l.id} once`);
    ids.add(l.id);
    assert.ok(l.title && l.text && l.notice.length >= 2, l.id);
    assert.ok(focus.includes(l.focus), `${l.id}: ${l.focus}`);
    assert.equal(lessonById(l.id), l);
  }
  assert.equal(LESSONS.length, 7);
});

test("a lesson's settings build its grid, its fixed settings and its split", () => {
  for (const lesson of LESSONS) {
    const config = buildConfig(withDefaults(lessonSettings(lesson)), catalog);
    assert.equal(config.model, lesson.model, lesson.id);
    assert.equal(config.cv.k, lesson.cv);
    assert.equal(config.test_size, lesson.test);
    // Every grid axis of the lesson, with its values, in some sub-grid; no other axis varies.
    const axes = {};
    for (const g of config.grid) for (const [k, v] of Object.entries(g)) if (v.length > 1) axes[k] = v;
    for (const [k, v] of Object.entries(lesson.grid)) {
      const got = axes[k] ?? config.grid[0][k] ?? [config.base[k]];
      assert.deepEqual(got.map(String), v.map(String), `${lesson.id}: ${k}`);
    }
    for (const k of Object.keys(axes)) assert.ok(k in lesson.grid, `${lesson.id}: only the lesson's axes vary (${k})`);
    for (const [k, v] of Object.entries(lesson.base)) {
      if (k === 'standardize') assert.equal(config.standardize, v);
      else assert.equal(String(config.base[k] ?? config.grid[0][k]?.[0]), String(v), `${lesson.id}: ${k}`);
    }
  }
});

test("a lesson's link carries its id and its settings", () => {
  const lesson = lessonById('hidden');
  const { values, ignored } = parseHash(toHash({ ...lessonSettings(lesson), lesson: 'hidden', iter: '40' }));
  assert.deepEqual(ignored, []);
  assert.equal(values.lesson, 'hidden');
  assert.equal(values.iter, '40');
  assert.equal(values.data, 'moons');
  assert.equal(values.rows, '200');
  assert.equal(values.hidden, '1, 2, 5, 20, 100');
  assert.equal(values.lr_init, '0.01');
});

test("candidateIndex finds a lesson's candidate, numbers compared as numbers", () => {
  const params = [{ degree: 1 }, { degree: 15 }, { C: 1, penalty: 'l2', solver: 'gd' }];
  assert.equal(candidateIndex(params, { degree: 15 }), 1);
  assert.equal(candidateIndex(params, { solver: 'gd' }), 2);
  assert.equal(candidateIndex(params, { degree: 7 }), -1);
  assert.equal(candidateIndex(params, null), -1);
});

test('lessonSelection: one selector or a list, in order, missing ones left out', () => {
  const params = [{ solver: 'gd' }, { solver: 'momentum' }, { solver: 'adam' }];
  assert.deepEqual(lessonSelection(params, { solver: 'adam' }), [2]);
  assert.deepEqual(lessonSelection(params, [{ solver: 'adam' }, { solver: 'gd' }, { solver: 'sgd' }]), [2, 0]);
  assert.deepEqual(lessonSelection(params, null), []);
  // Every list a lesson gives finds each of its candidates in the lesson's own grid.
  for (const lesson of LESSONS.filter((l) => Array.isArray(l.select))) {
    const axes = Object.entries(lesson.grid);
    const grid = axes.reduce((acc, [k, vs]) => acc.flatMap((p) => vs.map((v) => ({ ...p, [k]: v }))), [{}]);
    assert.equal(lessonSelection(grid, lesson.select).length, lesson.select.length, lesson.id);
  }
});

test('lessonChanges: none for a lesson\'s own settings, whatever the spacing or tick order', () => {
  for (const lesson of LESSONS) assert.deepEqual(lessonChanges(lesson, lessonSettings(lesson)), [], lesson.id);
  const lesson = lessonById('momentum');
  const own = lessonSettings(lesson);
  const spaced = { ...own, solver: [...own.solver].reverse(), lr: ` ${own.lr} ` };
  assert.deepEqual(lessonChanges(lesson, spaced), []);
  // A changed grid value, data set or parameter is named as the page names it.
  assert.deepEqual(lessonChanges(lesson, { ...own, C: '0.5', data: 'moons', lr: '0.1' }), ['C', 'learning_rate', 'data set']);
  assert.deepEqual(lessonChanges(lesson, { ...own, solver: ['gd', 'adam'] }), ['solver']);
  const hidden = lessonById('hidden');
  assert.deepEqual(lessonChanges(hidden, { ...lessonSettings(hidden), hidden: '1, 2, 5' }), ['hidden_layer_sizes']);
});

test('sliders: which parameters a model has, log scales round-trip', () => {
  const names = (model, params) => sliderSpecs(model, params).map((s) => s.id);
  assert.deepEqual(names('logistic_regression', { C: 1 }), ['slider-C', 'slider-degree']);
  assert.deepEqual(names('logistic_regression', { C: 1, solver: 'momentum', learning_rate: 0.1 }), ['slider-C', 'slider-lr', 'slider-momentum', 'slider-degree']);
  assert.deepEqual(names('lasso', { alpha: 1 }), ['slider-alpha', 'slider-degree']);
  assert.deepEqual(names('linear_regression', {}), ['slider-degree']);
  assert.deepEqual(names('mlp_classifier', { hidden_layer_sizes: 5 }), ['slider-alpha', 'slider-lr', 'slider-hidden', 'slider-degree']);
  const c = sliderSpecs('logistic_regression', { C: 0.01 })[0];
  assert.equal(c.value, 0.01);
  const range = sliderRange(c);
  assert.equal(range.min, 0);
  assert.equal(range.max, 160);
  for (const v of [1e-4, 0.01, 1, 100, 1e4]) assert.equal(fromSlider(c, toSlider(c, v)), v);
  const hidden = sliderSpecs('mlp_classifier', { hidden_layer_sizes: 20 }).find((s) => s.param === 'hidden_layer_sizes');
  assert.ok(Number.isInteger(fromSlider(hidden, 17)));
});

test('playback marks the loss chart and cuts the paths at an iteration', () => {
  const loss = { title: 't', y_label: 'y', log_x: false, series: [
    { label: '#0', iterations: [0, 2, 4, 6], objective: [4, 3, 2, 1], diverged_at: null, oscillating: true },
  ] };
  const marked = lossUpTo(loss, 3);
  assert.equal(marked.marker, 3);
  assert.deepEqual(marked.series, loss.series, 'the series stay whole: the axes do not move');
  const trajectory = { paths: [{ label: '#0', points: [[0, 0], [1, 1], [2, 2], [3, 3]], diverged: false, oscillating: true }] };
  assert.deepEqual(trajectoryUpTo(trajectory, loss, 4).paths[0].points, [[0, 0], [1, 1], [2, 2]]);
  assert.equal(playbackIndex([0, 2, 4, 6], 5), 2);
  assert.equal(playbackIndex([0, 2, 4, 6], 100), 3);
});

test('cv_results_ as CSV: one row per candidate, fields quoted as needed', () => {
  const cv = {
    params: [{ C: 1, penalty: 'l2' }, { C: 10, penalty: 'l1' }],
    param_C: [1, 10],
    mean_test_score: [0.9, NaN],
    fit_status: ['ok', 'fold 0: stopped at max_iter = 5, before converging'],
  };
  const lines = cvResultsCsv(cv).trim().split('\r\n');
  assert.equal(lines[0], 'params,param_C,mean_test_score,fit_status');
  assert.equal(lines.length, 3);
  assert.equal(lines[1], '"{""C"":1,""penalty"":""l2""}",1,0.9,ok');
  assert.equal(lines[2], '"{""C"":10,""penalty"":""l1""}",10,,"fold 0: stopped at max_iter = 5, before converging"');
});

test('the report as JSON: NaN as null, the best candidate', () => {
  const json = JSON.parse(reportJson({ cv_results: { mean_test_score: [NaN, 1] }, best_index: 1, best_params: { C: 1 }, best_score: 1, refit_scorer: 'score', test_score: null }));
  assert.deepEqual(json.cv_results.mean_test_score, [null, 1]);
  assert.deepEqual(json.best_params, { C: 1 });
  assert.equal(json.best_score, 1);
});
