// How long a search will take before it runs (www/estimate.js), and when the page asks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONFIRM_FITS, CONFIRM_MS, estimateRun, measuredSpeed, needsConfirm, roughDuration, workPerFit } from '../../www/estimate.js';

const iris = { name: 'iris', n_samples: 150, n_features: 4 };
const moons = { name: 'moons', n_samples: 200, n_features: 2 };
const big = { name: 'synthetic', n_samples: 100_000, n_features: 50 };
const logistic = { model: 'logistic_regression', grid: [{ C: [0.1, 1] }], base: {} };
const net = (sizes, maxIter) => ({ model: 'mlp_classifier', grid: [{ hidden_layer_sizes: sizes }], base: maxIter ? { max_iter: maxIter } : {} });

test('a measured speed counts only for the same data (name and size) and model', () => {
  const speed = measuredSpeed({ summary: iris, config: logistic, fits: 61, ms: 30 });
  const same = estimateRun(2033, logistic, iris, speed);
  assert.equal(Math.round(same.ms), 1000);
  assert.match(same.basis, /^at the 2,033 fits\/s of the last logistic_regression run on iris$/);
  // Another model on the same data, the same model on other data, or on the same name
  // at another size (a generated set regenerated bigger): the cautious guess.
  assert.match(estimateRun(10, net([100]), iris, speed).basis, /^at a cautious 10 fits\/s \(no mlp_classifier run on iris yet\)$/);
  assert.match(estimateRun(10, logistic, { ...iris, name: 'wine' }, speed).basis, /no logistic_regression run on wine yet/);
  assert.match(estimateRun(10, logistic, { ...iris, n_samples: 100_000 }, speed).basis, /cautious/);
});

test('a pool run is measured per worker', () => {
  const one = measuredSpeed({ summary: iris, config: logistic, fits: 100, ms: 1000, workers: 1 });
  const two = measuredSpeed({ summary: iris, config: logistic, fits: 100, ms: 1000, workers: 2 });
  assert.equal(Math.round(estimateRun(100, logistic, iris, one).ms), 1000);
  assert.equal(Math.round(estimateRun(100, logistic, iris, two).ms), 2000);
});

test("a network's work grows with its units and epochs", () => {
  assert.equal(workPerFit(logistic), 1);
  assert.equal(workPerFit(net([100])), 1); // scikit-learn's defaults: 100 units, 200 epochs
  assert.equal(workPerFit(net([1, 2, 5, 20, 100], 1000)), 1.28); // the hidden-size lesson
  assert.equal(workPerFit(net([[50, 50]], 400)), 2); // two layers of 50 units
  assert.equal(workPerFit({ model: 'mlp_regressor', grid: [{ max_iter: [100, 300] }], base: { hidden_layer_sizes: 10 } }), 0.1);
  // A measured run of small networks predicts a grid of big ones to be slower.
  const speed = measuredSpeed({ summary: moons, config: net([10]), fits: 26, ms: 260 });
  const bigger = estimateRun(26, net([1000]), moons, speed);
  assert.equal(Math.round(bigger.ms), 260 * 100); // 100 times the work
  assert.match(bigger.basis, /^at the 1 fits\/s of the last mlp_classifier run on moons, scaled by network size and epochs$/);
});

test('the first guess slows with the data and is slower for networks', () => {
  assert.equal(Math.round(estimateRun(100, logistic, iris, null).ms), 400); // 250 fits/s
  const large = estimateRun(100, logistic, big, null);
  assert.equal(Math.round(large.ms), Math.round((100 / (1.5e7 / 5e6)) * 1000)); // 3 fits/s
  const largeNet = estimateRun(100, net([100]), big, null);
  assert.equal(Math.round(largeNet.ms / large.ms), 200);
  assert.match(largeNet.basis, /cautious 0\.015 fits\/s/);
});

test('the page asks before many fits or a long search, not before a lesson-sized one', () => {
  assert.equal(needsConfirm(CONFIRM_FITS, 1), false);
  assert.equal(needsConfirm(CONFIRM_FITS + 1, 1), true);
  assert.equal(needsConfirm(10, CONFIRM_MS), true);
  assert.equal(needsConfirm(10, CONFIRM_MS - 1), false);
  // The hidden-size lesson (5 sizes × 5 folds + refit, max_iter 1000), before any network run.
  const lesson = net([1, 2, 5, 20, 100], 1000);
  assert.equal(needsConfirm(26, estimateRun(26, lesson, moons, null).ms), false);
  // 1 201 default networks (a grid like the one that ran 117 s unasked).
  assert.equal(needsConfirm(1201, estimateRun(1201, net([100]), moons, null).ms), true);
});

test('durations are rounded as estimates', () => {
  assert.equal(roughDuration(200), '1 s');
  assert.equal(roughDuration(40_400), '40 s');
  assert.equal(roughDuration(185_000), '3 min');
  assert.equal(roughDuration(9_000_000), '2.5 h');
});
