// Settings → SearchConfig (www/config.js), without wasm. The checks against the data are
// the core's own (plan_for_summary), tested in tests/web.rs and the browser tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConfig } from '../../www/config.js';
import { defaults, parseHash, withDefaults } from '../../www/settings.js';

const catalog = {
  limits: { max_degree: 20 },
  models: [
    { name: 'logistic_regression', classifier: true, params: [] },
    { name: 'ridge', classifier: false, params: ['alpha'] },
  ],
  datasets: [{ name: 'iris', regression: false }, { name: 'cos', regression: true }],
};

test('the defaults make the seed grid: C × penalty, 12 candidates × 5 folds', () => {
  const config = buildConfig(defaults(), catalog);
  assert.deepEqual(config.grid, [{ C: [0.001, 0.01, 0.1, 1, 10, 100], penalty: ['l1', 'l2'] }]);
  assert.equal(config.base.solver, 'lbfgs');
  assert.equal(config.base.degree, 1);
});

test('a link’s settings build the config it describes', () => {
  const s = withDefaults(parseHash('#C=0.1,1,10&penalty=l2,elasticnet&l1_ratio=0.25,0.75&k=4&test=0').values);
  const config = buildConfig(s, catalog);
  assert.deepEqual(config.grid[0].C, [0.1, 1, 10]);
  assert.equal(config.cv.k, 4);
  assert.equal(config.test_size, 0);
  const ridge = buildConfig(withDefaults(parseHash('#model=ridge&alpha=0.01,1&degree=1,5&std=0').values), catalog);
  assert.deepEqual(ridge.grid, [{ degree: [1, 5], alpha: [0.01, 1] }]);
  assert.equal(ridge.standardize, false);
});

test('settings that cannot be read are refused with the field', () => {
  assert.throws(() => buildConfig(withDefaults({ penalty: [] }), catalog), (err) => err.field === 'penalty');
  assert.throws(() => buildConfig(withDefaults({ C: '1, -1' }), catalog), (err) => err.field === 'C');
  assert.throws(() => buildConfig(withDefaults({ test: '0.95' }), catalog), (err) => err.field === 'test');
});

test("whole numbers the core reads as usize are bounded by the core's limits, naming the field and the limit", () => {
  const limits = { max_degree: 20, max_iter: 1_000_000, max_rows: 1_000_000, max_folds: 100, max_hidden_units: 10_000 };
  const limited = { ...catalog, limits, models: [...catalog.models, { name: 'mlp_classifier', classifier: true, params: ['hidden_layer_sizes', 'max_iter', 'batch_size'] }] };
  const refused = (s, field, limit) =>
    assert.throws(() => buildConfig(withDefaults(s), limited), (err) => err.field === field && err.message.includes(String(limit)), `${field}`);
  refused({ max_iter: '4294967296' }, 'max_iter', 1_000_000);
  refused({ batch: '4294967296' }, 'batch', 1_000_000);
  refused({ model: 'mlp_classifier', miter: '4294967296' }, 'miter', 1_000_000);
  refused({ model: 'mlp_classifier', mbatch: '1000001' }, 'mbatch', 1_000_000);
  refused({ model: 'mlp_classifier', hidden: '5, 10001' }, 'hidden', 10_000);
  assert.equal(buildConfig(withDefaults({ max_iter: '1000000' }), limited).base.max_iter, 1_000_000);
});

test('grid values are decimal numbers: hex, Infinity and 1e400 are refused, saying which', () => {
  const build = (C) => () => buildConfig(withDefaults({ C }), catalog);
  assert.throws(build('0x10'), /C: '0x10' is not a number/);
  assert.throws(build('1, Infinity'), /'Infinity' is not a number/);
  assert.throws(build('1e400'), /'1e400' is too large/);
  assert.deepEqual(buildConfig(withDefaults({ C: '.5, 1e-3, +2, 10.' }), catalog).grid[0].C, [0.5, 0.001, 2, 10]);
});
