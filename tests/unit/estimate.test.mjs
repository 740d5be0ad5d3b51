// How long a search will take before it runs (www/estimate.js), and when the page asks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONFIRM_FITS, CONFIRM_MS, estimateRun, measuredSpeed, needsConfirm, roughDuration } from '../../www/estimate.js';

const iris = { name: 'iris', n_samples: 150, n_features: 4 };
const big = { name: 'synthetic', n_samples: 100_000, n_features: 50 };

test('a measured speed counts only for the same data and model', () => {
  const speed = measuredSpeed({ data: 'iris', model: 'logistic_regression', fits: 61, ms: 30 });
  assert.equal(Math.round(speed.fitsPerSecond), 2033);
  const same = estimateRun(2033, 'logistic_regression', iris, speed);
  assert.equal(Math.round(same.ms), 1000);
  assert.match(same.basis, /^at the 2,033 fits\/s of the last logistic_regression run on iris$/);
  // Another model on the same data, or the same model on other data: the cautious guess.
  const network = estimateRun(2033, 'mlp_classifier', iris, speed);
  assert.match(network.basis, /^at a cautious 10 fits\/s \(no mlp_classifier run on iris yet\)$/);
  assert.equal(Math.round(network.ms), 203_300);
  const other = estimateRun(2033, 'logistic_regression', { ...iris, name: 'wine' }, speed);
  assert.match(other.basis, /no logistic_regression run on wine yet/);
});

test('a pool run is measured per worker', () => {
  const one = measuredSpeed({ data: 'iris', model: 'ridge', fits: 100, ms: 1000, workers: 1 });
  const two = measuredSpeed({ data: 'iris', model: 'ridge', fits: 100, ms: 1000, workers: 2 });
  assert.equal(one.fitsPerSecond, 100);
  assert.equal(two.fitsPerSecond, 50);
});

test('the first guess slows with the data and is slower for networks', () => {
  const small = estimateRun(100, 'logistic_regression', iris, null);
  assert.equal(Math.round(small.ms), 400); // 250 fits/s
  const large = estimateRun(100, 'logistic_regression', big, null);
  assert.equal(Math.round(large.ms), Math.round((100 / (1.5e7 / 5e6)) * 1000)); // 3 fits/s
  const largeNet = estimateRun(100, 'mlp_regressor', big, null);
  assert.equal(Math.round(largeNet.ms / large.ms), 200);
  assert.match(largeNet.basis, /cautious 0\.015 fits\/s/);
});

test('the page asks before many fits or a long search, not before a lesson-sized one', () => {
  assert.equal(needsConfirm(CONFIRM_FITS, 1), false);
  assert.equal(needsConfirm(CONFIRM_FITS + 1, 1), true);
  assert.equal(needsConfirm(10, CONFIRM_MS), true);
  assert.equal(needsConfirm(10, CONFIRM_MS - 1), false);
  // The hidden-size lesson (5 sizes × 5 folds + refit) on two moons, before any network run.
  const moons = { name: 'moons', n_samples: 200, n_features: 2 };
  assert.equal(needsConfirm(26, estimateRun(26, 'mlp_classifier', moons, null).ms), false);
  // 1 201 network fits (the grid that ran 117 s unasked).
  assert.equal(needsConfirm(1201, estimateRun(1201, 'mlp_classifier', moons, null).ms), true);
});

test('durations are rounded as estimates', () => {
  assert.equal(roughDuration(200), '1 s');
  assert.equal(roughDuration(40_400), '40 s');
  assert.equal(roughDuration(185_000), '3 min');
  assert.equal(roughDuration(9_000_000), '2.5 h');
});
