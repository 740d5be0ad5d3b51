// The settings table and the URL hash (www/settings.js), in Node without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  HIDEABLE, PROPS, TYPE, changedFromDefault, defaults, namesOf, parseHash, parseValue, prop, toHash, withDefaults,
} from '../../www/settings.js';

/** A value of property `p` other than its default, allowed by it. */
function another(p) {
  switch (p.type) {
    case TYPE.TEXT:
      return { data: 'moons', model: 'ridge', scoring: 'r2', hx: 'penalty', hy: 'C', lesson: 'overfitting-1' }[p.name];
    case TYPE.INT:
      return String(Math.min(p.max, Math.max(p.min, 7)));
    case TYPE.NUMBER:
      return String(Math.min(p.max, 0.35));
    case TYPE.LIST:
      return '0.5, 2, 30';
    case TYPE.BOOL:
      return !p.default;
    case TYPE.SET:
      return p.values.slice(-2);
    case TYPE.ENUM:
      return p.values.find((v) => v !== p.default);
    case TYPE.INTS:
      return [8, 3, 11];
    default:
      throw new Error(`no value for ${p.name}`);
  }
}

test('every property has a name, a type, a default and what it allows', () => {
  const names = new Set();
  for (const p of PROPS) {
    assert.ok(!names.has(p.name), `${p.name} twice`);
    names.add(p.name);
    assert.ok(Object.values(TYPE).includes(p.type), `${p.name}: type ${p.type}`);
    assert.ok(['setting', 'view', 'lesson'].includes(p.kind), `${p.name}: kind`);
    if (p.type === TYPE.SET || p.type === TYPE.ENUM) assert.ok(p.values.length > 0, `${p.name}: values`);
    if (p.type === TYPE.INT || p.type === TYPE.NUMBER) assert.ok(p.min <= p.max, `${p.name}: limits`);
    assert.notEqual(another(p), undefined, `${p.name}: test value`);
    assert.ok(!p.name.endsWith('_hide'));
    // The default itself is allowed (or null for optional properties).
    if (p.default !== null && !(p.type === TYPE.INTS)) {
      const text = Array.isArray(p.default) ? p.default.join(',') : p.type === TYPE.BOOL ? (p.default ? '1' : '0') : String(p.default);
      assert.ok(parseValue(p, text).ok, `${p.name}: default ${text} parses`);
    }
  }
  for (const key of ['sel', 'plane', 'pi', 'pj', 'hx', 'hy']) assert.equal(prop(key).kind, 'view', key);
  assert.deepEqual(namesOf('lesson'), ['lesson', 'iter']);
});

test('defaults are the page’s first settings (the seed grid on Iris)', () => {
  const d = defaults();
  assert.equal(d.data, 'iris');
  assert.equal(d.model, 'logistic_regression');
  assert.equal(d.C, '0.001, 0.01, 0.1, 1, 10, 100');
  assert.deepEqual(d.penalty, ['l1', 'l2']);
  assert.deepEqual(d.solver, ['lbfgs']);
  assert.equal(d.k, '5');
  assert.equal(d.test, '0.2');
  assert.equal(d.seed, '42');
  assert.equal(d.stratified, true);
  assert.deepEqual(d.sel, []);
  assert.equal(d.plane, 'principal');
  assert.equal(d.lesson, null);
  // Copies: changing one does not change the table.
  d.penalty.push('none');
  assert.deepEqual(defaults().penalty, ['l1', 'l2']);
});

test('every property round-trips through the hash, alone and all together', () => {
  const all = {};
  for (const p of PROPS) {
    const value = another(p);
    all[p.name] = value;
    const hash = toHash({ [p.name]: value });
    assert.match(hash, new RegExp(`^#${p.name}=`), `${p.name}: ${hash}`);
    const { values, ignored } = parseHash(hash);
    assert.deepEqual(ignored, [], `${p.name}: ${hash}`);
    assert.deepEqual(values, { [p.name]: value }, `${p.name}: ${hash}`);
  }
  const hash = toHash(all);
  const back = parseHash(hash);
  assert.deepEqual(back.values, all);
  assert.equal(toHash(back.values), hash, 'the same hash again');
});

test('the hash is readable: lists without spaces or escapes, booleans as 1/0, table order', () => {
  const hash = toHash(withDefaults({ C: '0.1, 1  10', shuffle: true, penalty: ['l2', 'elasticnet'], sel: [8, 3] }));
  assert.ok(hash.startsWith('#data=iris&model=logistic_regression&degree=1&std=1&'), hash);
  assert.ok(hash.includes('&C=0.1,1,10&penalty=l2,elasticnet&'), hash);
  assert.ok(hash.includes('&shuffle=1&'), hash);
  assert.ok(hash.endsWith('&sel=8,3'), hash);
  // Optional properties that are not set, and views at their default, are left out.
  for (const key of ['&rows=', '&noise=', '&gseed=', '&plane=', '&hx=', '&lesson=', '&iter=']) assert.ok(!hash.includes(key), `${key} in ${hash}`);
  // Text with & or # survives (a CSV file name).
  const odd = toHash({ data: 'a&b #1.csv' });
  assert.equal(parseHash(odd).values.data, 'a&b #1.csv');
});

test('bad values are ignored: the default stays and the key is reported', () => {
  const cases = {
    k: ['1', '51', '2.5', 'five', ''],
    test: ['-0.1', '0.95', 'x', ''],
    seed: ['-1', '1e3', '4.2'],
    C: ['', 'abc', '1,,x', '0.1;two'],
    penalty: ['l3', 'l1,ridge'],
    solver: ['lbfgs,magic'],
    std: ['maybe', '2'],
    plane: ['diagonal'],
    sel: ['1,-2', 'a', '1.5'],
    rows: ['0', '-5', '1e9'],
    noise: ['-1'],
    model: ['Ridge!', '<script>'],
    scoring: ['no spaces'],
    iter: ['-1'],
    hx: ['1abc'],
  };
  for (const [key, bads] of Object.entries(cases)) {
    for (const bad of bads) {
      const { values, ignored } = parseHash(`#${key}=${encodeURIComponent(bad)}&k=4`);
      assert.ok(!(key in values) || key === 'k', `${key}=${bad} was accepted as ${JSON.stringify(values[key])}`);
      if (key !== 'k') assert.equal(values.k, '4', 'the other keys still count');
      assert.ok(ignored.includes(key), `${key}=${bad} not reported`);
      assert.deepEqual(withDefaults(values)[key], key === 'k' ? '4' : defaults()[key]);
    }
  }
  const unknown = parseHash('#colour=red&C=1');
  assert.deepEqual(unknown.ignored, ['colour']);
  assert.deepEqual(unknown.values, { C: '1' });
  assert.deepEqual(parseHash('').values, {});
  assert.deepEqual(parseHash('#').values, {});
});

test('limits: the ends are allowed, one step beyond is not', () => {
  const ok = (key, text) => parseHash(`#${key}=${text}`).values[key];
  assert.equal(ok('k', '2'), '2');
  assert.equal(ok('k', '50'), '50');
  assert.equal(ok('k', '51'), undefined);
  assert.equal(ok('test', '0'), '0');
  assert.equal(ok('test', '0.9'), '0.9');
  assert.equal(ok('test', '0.91'), undefined);
  assert.equal(ok('noise', '0'), '0');
  assert.equal(ok('rows', '1'), '1');
  assert.equal(ok('rows', String(prop('rows').max)), String(prop('rows').max));
  assert.equal(ok('rows', String(prop('rows').max + 1)), undefined);
  assert.equal(ok('mbatch', ''), '', 'an empty batch_size means min(200, rows)');
  // An empty set is allowed (the page says which box to tick), an empty list is not.
  assert.deepEqual(ok('penalty', ''), []);
  assert.equal(ok('C', ''), undefined);
  // Repeats are dropped; sets keep their order.
  assert.deepEqual(ok('penalty', 'l2,l1,l2'), ['l2', 'l1']);
  assert.deepEqual(ok('sel', '3,3,1'), [3, 1]);
});

test('hidden controls: NAME_hide=1 for any control, written back, unknown ones ignored', () => {
  assert.ok(HIDEABLE.includes('penalty') && HIDEABLE.includes('data') && HIDEABLE.includes('k'));
  for (const key of ['sel', 'plane', 'lesson']) assert.ok(!HIDEABLE.includes(key), `${key} is no control`);
  const { values, hidden, ignored } = parseHash('#C=1&solver_hide=1&penalty_hide=true&k_hide=0&sel_hide=1&magic_hide=1');
  assert.deepEqual(values, { C: '1' });
  assert.deepEqual(hidden, ['penalty', 'solver'], 'table order; k_hide=0 shows k');
  assert.deepEqual(ignored, ['sel_hide', 'magic_hide']);
  const hash = toHash(values, hidden);
  assert.equal(hash, '#C=1&penalty_hide=1&solver_hide=1');
  assert.deepEqual(parseHash(hash).hidden, hidden);
  assert.equal(toHash({}, ['nonsense']), '', 'only known controls are written');
});

test('lesson and iter are parsed and kept', () => {
  const { values } = parseHash('#lesson=overfitting-2&iter=40&C=1');
  assert.deepEqual(values, { lesson: 'overfitting-2', iter: '40', C: '1' });
  assert.equal(toHash(values), '#C=1&lesson=overfitting-2&iter=40');
});

test('view properties at their default are left out; changedFromDefault names the rest', () => {
  assert.equal(toHash({ sel: [], plane: 'principal', hx: null }), '');
  assert.equal(toHash({ plane: 'weights', pi: '2', pj: '5' }), '#plane=weights&pi=2&pj=5');
  assert.equal(toHash({ hx: 'penalty', hy: '' }), '#hx=penalty&hy=');
  assert.deepEqual(parseHash('#hx=penalty&hy=').values, { hx: 'penalty', hy: '' });
  assert.deepEqual(changedFromDefault({ C: '0.001,0.01,0.1,1,10,100', k: '4', penalty: ['l1', 'l2'], shuffle: true }), ['k', 'shuffle']);
});
