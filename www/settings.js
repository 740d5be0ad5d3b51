// settings.js — the page's settings as a table of properties, and the URL hash that
// carries them. PURE: no DOM, no wasm, no globals; tested in Node (tests/unit/).
//
// As TensorFlow Playground's state.ts: every property has a name (its hash key), a
// type, its allowed values and a default. A control a teacher can hide is the same
// property with a `_hide` suffix (`#…&penalty_hide=1`). A value that does not parse,
// or lies outside its limits, is ignored (the default stays) and reported in `ignored`.
//
// Values are kept as the controls hold them: text for numbers and number lists
// ("0.001, 0.01"), booleans for switches, arrays of names for tick boxes, arrays of
// integers for the selection.

/** Property types: how a value is parsed from and written to the hash. */
export const TYPE = Object.freeze({
  /** free text (trimmed); `pattern` limits it */
  TEXT: 'text',
  /** a whole number written as text, within [min, max]; `empty: true` also allows '' */
  INT: 'int',
  /** a number written as text, within [min, max] */
  NUMBER: 'number',
  /** a list of numbers ("0.1, 1, 10"), written "0.1,1,10" */
  LIST: 'list',
  /** true / false, written 1 / 0 */
  BOOL: 'bool',
  /** a set of names from `values` (tick boxes), written "l1,l2" */
  SET: 'set',
  /** one name from `values` */
  ENUM: 'enum',
  /** a list of whole numbers ≥ 0 (candidate indices), written "8,3" */
  INTS: 'ints',
});

/**
 * The properties, in hash order. `kind`: 'setting' (decides the search: part of a run's
 * identity), 'view' (what is shown of the results: selection, plane, heatmap axes) or
 * 'lesson' (reserved for lessons and playback: parsed and kept, unused for now).
 * `hide`: a teacher can hide its control with NAME_hide=1. `optional`: absent unless set
 * (default null). View properties equal to their default are left out of the hash.
 */
export const PROPS = Object.freeze([
  // Data
  { name: 'data', kind: 'setting', type: TYPE.TEXT, default: 'iris', pattern: /^.{1,200}$/u, hide: true },
  { name: 'rows', kind: 'setting', type: TYPE.INT, default: null, optional: true, min: 1, max: 1_000_000, hide: true },
  { name: 'noise', kind: 'setting', type: TYPE.NUMBER, default: null, optional: true, min: 0, max: 1e6, hide: true },
  { name: 'gseed', kind: 'setting', type: TYPE.INT, default: null, optional: true, min: 0, max: 2 ** 32 - 1, hide: true },
  // Model and pipeline
  { name: 'model', kind: 'setting', type: TYPE.TEXT, default: 'logistic_regression', pattern: /^[a-z][a-z0-9_]{0,40}$/, hide: true },
  { name: 'degree', kind: 'setting', type: TYPE.LIST, default: '1', hide: true },
  { name: 'std', kind: 'setting', type: TYPE.BOOL, default: true, hide: true },
  // The other models' grid controls
  { name: 'alpha', kind: 'setting', type: TYPE.LIST, default: '1', hide: true },
  { name: 'en_l1', kind: 'setting', type: TYPE.LIST, default: '0.5', hide: true },
  { name: 'hidden', kind: 'setting', type: TYPE.LIST, default: '1, 2, 5, 20, 100', hide: true },
  { name: 'act', kind: 'setting', type: TYPE.SET, default: ['relu'], values: ['relu', 'tanh', 'logistic', 'identity'], hide: true },
  { name: 'msolver', kind: 'setting', type: TYPE.SET, default: ['adam'], values: ['adam', 'sgd', 'gd', 'momentum', 'nesterov'], hide: true },
  { name: 'lr_init', kind: 'setting', type: TYPE.LIST, default: '0.001', hide: true },
  { name: 'mbatch', kind: 'setting', type: TYPE.INT, default: '', empty: true, min: 1, max: 1_000_000, hide: true },
  { name: 'miter', kind: 'setting', type: TYPE.INT, default: '1000', min: 1, max: 1_000_000, hide: true },
  // Logistic regression
  { name: 'C', kind: 'setting', type: TYPE.LIST, default: '0.001, 0.01, 0.1, 1, 10, 100', hide: true },
  { name: 'penalty', kind: 'setting', type: TYPE.SET, default: ['l1', 'l2'], values: ['none', 'l1', 'l2', 'elasticnet'], hide: true },
  { name: 'l1_ratio', kind: 'setting', type: TYPE.LIST, default: '0.5', hide: true },
  { name: 'solver', kind: 'setting', type: TYPE.SET, default: ['lbfgs'], values: ['lbfgs', 'gd', 'sgd', 'momentum', 'nesterov', 'adam'], hide: true },
  { name: 'lr', kind: 'setting', type: TYPE.LIST, default: '0.1', hide: true },
  { name: 'batch', kind: 'setting', type: TYPE.INT, default: '16', min: 1, max: 1_000_000, hide: true },
  { name: 'max_iter', kind: 'setting', type: TYPE.INT, default: '1000', min: 1, max: 1_000_000, hide: true },
  // Cross-validation
  { name: 'k', kind: 'setting', type: TYPE.INT, default: '5', min: 2, max: 50, hide: true },
  { name: 'stratified', kind: 'setting', type: TYPE.BOOL, default: true, hide: true },
  { name: 'shuffle', kind: 'setting', type: TYPE.BOOL, default: false, hide: true },
  { name: 'seed', kind: 'setting', type: TYPE.INT, default: '42', min: 0, max: 2 ** 32 - 1, hide: true },
  { name: 'scoring', kind: 'setting', type: TYPE.TEXT, default: 'accuracy', pattern: /^[a-z][a-z0-9_]{0,40}$/, hide: true },
  { name: 'test', kind: 'setting', type: TYPE.NUMBER, default: '0.2', min: 0, max: 0.9, hide: true },
  // What is shown of the results
  { name: 'sel', kind: 'view', type: TYPE.INTS, default: [], max: 100_000 },
  { name: 'plane', kind: 'view', type: TYPE.ENUM, default: 'principal', values: ['principal', 'weights'] },
  { name: 'pi', kind: 'view', type: TYPE.INT, default: null, optional: true, min: 0, max: 100_000 },
  { name: 'pj', kind: 'view', type: TYPE.INT, default: null, optional: true, min: 0, max: 100_000 },
  { name: 'hx', kind: 'view', type: TYPE.TEXT, default: null, optional: true, pattern: /^[A-Za-z][A-Za-z0-9_]{0,40}$/ },
  { name: 'bx', kind: 'view', type: TYPE.INT, default: null, optional: true, min: 0, max: 100_000 },
  { name: 'by', kind: 'view', type: TYPE.INT, default: null, optional: true, min: 0, max: 100_000 },
  { name: 'hy', kind: 'view', type: TYPE.TEXT, default: null, optional: true, pattern: /^([A-Za-z][A-Za-z0-9_]{0,40})?$/ },
  // Reserved for lessons and playback
  { name: 'lesson', kind: 'lesson', type: TYPE.TEXT, default: null, optional: true, pattern: /^[\w.-]{1,80}$/ },
  { name: 'iter', kind: 'lesson', type: TYPE.INT, default: null, optional: true, min: 0, max: 10_000_000 },
]);

/** The suffix of a hide flag: `penalty_hide=1`. */
export const HIDE_SUFFIX = '_hide';

const BY_NAME = new Map(PROPS.map((p) => [p.name, p]));

/** The property `name`, or undefined. */
export function prop(name) {
  return BY_NAME.get(name);
}

/** Names of the properties of `kind` ('setting', 'view', 'lesson'). */
export function namesOf(kind) {
  return PROPS.filter((p) => p.kind === kind).map((p) => p.name);
}

/** Names of the properties a teacher can hide. */
export const HIDEABLE = Object.freeze(PROPS.filter((p) => p.hide).map((p) => p.name));

/** A copy of a default (arrays copied, so callers may change them). */
function copy(v) {
  return Array.isArray(v) ? [...v] : v;
}

/** Every property at its default (optional ones null). */
export function defaults() {
  return Object.fromEntries(PROPS.map((p) => [p.name, copy(p.default)]));
}

/** The parts of a number list ("0.1, 1 10;100" → ['0.1', '1', '10', '100']). */
function listParts(text) {
  return String(text).split(/[\s,;]+/).filter(Boolean);
}

/**
 * Parses the hash text `raw` of property `p`; returns { ok, value }. Only what the
 * property allows is ok: a number within its limits, names among its values, …
 */
export function parseValue(p, raw) {
  const text = String(raw).trim();
  const bad = { ok: false, value: undefined };
  switch (p.type) {
    case TYPE.TEXT:
      if (p.pattern && !p.pattern.test(text)) return bad;
      return { ok: true, value: text };
    case TYPE.INT: {
      if (text === '' && p.empty) return { ok: true, value: '' };
      if (!/^[+-]?\d+$/.test(text)) return bad;
      const v = Number(text);
      if (!Number.isSafeInteger(v) || v < p.min || v > p.max) return bad;
      return { ok: true, value: String(v) };
    }
    case TYPE.NUMBER: {
      if (text === '') return bad;
      const v = Number(text);
      if (!Number.isFinite(v) || v < p.min || v > p.max) return bad;
      return { ok: true, value: text };
    }
    case TYPE.LIST: {
      const parts = listParts(text);
      if (parts.length === 0 || parts.length > 200 || parts.some((x) => !Number.isFinite(Number(x)))) return bad;
      return { ok: true, value: parts.join(', ') };
    }
    case TYPE.BOOL:
      if (['1', 'true', 'on', 'yes'].includes(text)) return { ok: true, value: true };
      if (['0', 'false', 'off', 'no'].includes(text)) return { ok: true, value: false };
      return bad;
    case TYPE.SET: {
      // An empty set is a setting too (no box ticked: the page says what is missing).
      const names = text.split(',').map((x) => x.trim()).filter(Boolean);
      if (names.some((n) => !p.values.includes(n))) return bad;
      return { ok: true, value: [...new Set(names)] };
    }
    case TYPE.ENUM:
      return p.values.includes(text) ? { ok: true, value: text } : bad;
    case TYPE.INTS: {
      if (text === '') return { ok: true, value: [] };
      const parts = text.split(',');
      if (parts.length > 1000 || parts.some((x) => !/^\d+$/.test(x.trim()) || Number(x) > p.max)) return bad;
      return { ok: true, value: [...new Set(parts.map(Number))] };
    }
    default:
      return bad;
  }
}

/** The hash text of `value` for property `p` (lists without spaces). */
export function formatValue(p, value) {
  switch (p.type) {
    case TYPE.BOOL:
      return value ? '1' : '0';
    case TYPE.SET:
    case TYPE.INTS:
      return value.join(',');
    case TYPE.LIST:
      return listParts(value).join(',');
    default:
      return String(value).trim();
  }
}

/** Whether `a` and `b` are the same value (arrays by their entries, lists by their parts). */
function same(p, a, b) {
  if (a === null || b === null || a === undefined || b === undefined) return a === b;
  return formatValue(p, a) === formatValue(p, b);
}

/**
 * Reads a URL hash ("#data=iris&C=0.1,1&penalty_hide=1").
 * Returns `{ values, hidden, ignored }`: `values` holds only the properties the hash
 * sets with an allowed value; `hidden` the names whose control is hidden (in table
 * order); `ignored` the keys the hash had that were unknown or not allowed.
 */
export function parseHash(hash) {
  const params = new URLSearchParams(String(hash ?? '').replace(/^#/, ''));
  const values = {};
  const hidden = new Set();
  const ignored = [];
  for (const [key, raw] of params) {
    if (key.endsWith(HIDE_SUFFIX)) {
      const name = key.slice(0, -HIDE_SUFFIX.length);
      const flag = parseValue({ type: TYPE.BOOL }, raw);
      if (HIDEABLE.includes(name) && flag.ok) {
        if (flag.value) hidden.add(name);
        else hidden.delete(name);
      } else ignored.push(key);
      continue;
    }
    const p = BY_NAME.get(key);
    const parsed = p ? parseValue(p, raw) : { ok: false };
    if (parsed.ok) values[key] = parsed.value;
    else ignored.push(key);
  }
  return { values, hidden: HIDEABLE.filter((n) => hidden.has(n)), ignored };
}

/** Every property: the defaults, overridden by `values`. */
export function withDefaults(values = {}) {
  const all = defaults();
  for (const [k, v] of Object.entries(values)) if (BY_NAME.has(k) && v !== undefined) all[k] = copy(v);
  return all;
}

/**
 * The URL hash of `values` (any properties; others are ignored) and the `hidden`
 * controls. Settings are always written (a link says everything the search used);
 * optional properties only when set; view properties only when they differ from
 * their default. Values are written as given (the page checks them before running).
 */
export function toHash(values, hidden = []) {
  const params = new URLSearchParams();
  for (const p of PROPS) {
    if (!(p.name in values)) continue;
    const v = values[p.name];
    if (v === null || v === undefined) continue;
    if (p.kind === 'view' && same(p, v, p.default)) continue;
    params.set(p.name, formatValue(p, v));
  }
  for (const name of HIDEABLE) if (hidden.includes(name)) params.set(`${name}${HIDE_SUFFIX}`, '1');
  const text = params.toString().replace(/%2C/g, ',');
  return text ? `#${text}` : '';
}

/** Only the properties of `kind` from `values`. */
export function pick(values, kind) {
  const names = namesOf(kind);
  return Object.fromEntries(Object.entries(values).filter(([k]) => names.includes(k)));
}

/** The properties whose value in `values` differs from the default (for opening collapsed controls). */
export function changedFromDefault(values) {
  return Object.entries(values)
    .filter(([k, v]) => BY_NAME.has(k) && !same(BY_NAME.get(k), v, BY_NAME.get(k).default))
    .map(([k]) => k);
}
