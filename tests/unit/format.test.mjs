// The page's number formats (www/util.js), in Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldNotes, formatScore, formatScoreStd } from '../../www/util.js';

test('a score and its std share their decimals', () => {
  assert.equal(formatScoreStd(-2907.5123, 341.19384), '-2907.5 ± 341.2');
  assert.equal(formatScoreStd(0.96667, 0.0421637), '0.9667 ± 0.0422');
  assert.equal(formatScoreStd(0.9, 0), '0.9000 ± 0.0000');
  // Exponent notation, or no number: each is written on its own.
  assert.equal(formatScoreStd(-7.04e5, 1234.5), `${formatScore(-7.04e5)} ± ${formatScore(1234.5)}`);
  assert.equal(formatScoreStd(NaN, 0.1), 'NaN ± 0.1000');
  assert.equal(formatScoreStd(0.5, NaN), '0.5000 ± NaN');
});

test('fit_status notes: the first without its folds, and how many folds had one', () => {
  assert.deepEqual(foldNotes('fold 0: stopped at max_iter = 5, before converging'), { first: 'stopped at max_iter = 5, before converging', folds: 1, notes: 1 });
  assert.deepEqual(foldNotes('folds 0–4: fit failed: C too small; folds 1, 3: stalled'), { first: 'fit failed: C too small', folds: 5, notes: 2 });
  assert.deepEqual(foldNotes('folds 1, 3: stalled; fold 4: oscillating'), { first: 'stalled', folds: 3, notes: 2 });
  assert.deepEqual(foldNotes('the test split has no class “b”'), { first: 'the test split has no class “b”', folds: 0, notes: 1 });
});
