// estimate.js — how long a search will take, before it runs: from the speed of the last
// run of the same model on the same data, or else a cautious guess from the data's size
// and the kind of model. The page asks before a search it expects to be long, and
// spreads over the pool's workers one it expects to take more than a moment.

/** Above this many fits the page asks before running, however fast the fits. */
export const CONFIRM_FITS = 20_000;
/** A search estimated to take at least this long (ms) is only run once confirmed. */
export const CONFIRM_MS = 30_000;
/** Fits per second assumed for a linear model before any run of it on the data. */
const LINEAR_FITS_PER_SECOND = 250;
/**
 * Fits per second assumed for a network of 100 hidden units trained for 200 epochs
 * (scikit-learn's defaults; others are scaled by workPerFit) before any run of it on
 * the data: a network trains for up to `max_iter` epochs where a linear model converges
 * in tens of steps (a grid of 1 201 network fits on a small data set took 117 s).
 */
const NETWORK_FITS_PER_SECOND = 10;
/**
 * Cells (rows × features) a worker fits through per second, for the first estimate on
 * large data: a fit costs about its cells / 15 million seconds. Measured in the wasm
 * (Node, one fit per fold of the 10,000 × 50 set): logistic regression, cold, 26 ms a
 * fit (19 million cells/s; warm starts along C take it to ~9 ms); scikit-learn's
 * default network (100 hidden units, 200 epochs of adam) 5.0 s, about 200 times that.
 */
const CELLS_PER_SECOND = 1.5e7;
const NETWORK_COST = 200;

/** True for the models whose fits are trained networks. */
const isNetwork = (model) => typeof model === 'string' && model.startsWith('mlp_');

/** The mean of the numbers in `values` (an array of numbers or of arrays of them), or null. */
function meanOf(values, size = (v) => v) {
  const sizes = values.map(size).filter((v) => Number.isFinite(v) && v > 0);
  return sizes.length ? sizes.reduce((a, b) => a + b, 0) / sizes.length : null;
}

/**
 * The work of one fit of `config`'s search relative to the reference fit the rates are
 * for: 1 for a linear model; for a network, its mean hidden units × mean `max_iter`
 * over the grid against scikit-learn's defaults (100 units, 200 epochs), as a
 * network's cost grows with both (a network that stops early costs less: cautious).
 */
export function workPerFit(config) {
  if (!isNetwork(config?.model)) return 1;
  const grids = [].concat(config.grid ?? []);
  const param = (name, size) =>
    meanOf(grids.flatMap((g) => g?.[name] ?? []), size) ?? meanOf([config.base?.[name]].filter((v) => v !== undefined), size);
  const layers = (v) => [].concat(v).reduce((a, b) => a + Number(b), 0);
  const units = param('hidden_layer_sizes', layers) ?? 100;
  const epochs = param('max_iter', Number) ?? 200;
  return Math.max((units * epochs) / (100 * 200), 0.01);
}

/** What identifies a data set for a measured speed: its name and its size. */
const dataKey = (summary) => `${summary?.name ?? ''}|${summary?.n_samples ?? 0}|${summary?.n_features ?? 0}`;

/**
 * The measured speed of a finished search of `fits` fits of `config` on `summary`'s
 * data that computed for `ms` on `workers` workers: reference fits per second and
 * worker (so that an estimate for one worker does not count the pool twice).
 */
export function measuredSpeed({ summary, config, fits, ms, workers = 1 }) {
  const work = fits * workPerFit(config);
  return { data: dataKey(summary), model: config?.model, perSecond: work / Math.max(ms / 1000, 1e-3) / Math.max(workers, 1) };
}

/**
 * How long `fits` fits of `config` on `summary`'s data would take in one worker:
 * `{ ms, basis }`, `basis` saying what the figure rests on. `speed` (from
 * measuredSpeed) counts only when it was measured on the same data (name and size) and
 * model; a network's fits are scaled by their size and epochs (workPerFit).
 */
export function estimateRun(fits, config, summary, speed) {
  const model = config?.model;
  const measured = speed && speed.data === dataKey(summary) && speed.model === model ? speed.perSecond : null;
  const network = isNetwork(model);
  const cells = (summary?.n_samples ?? 0) * (summary?.n_features ?? 0);
  const cautious = Math.min(
    network ? NETWORK_FITS_PER_SECOND : LINEAR_FITS_PER_SECOND,
    CELLS_PER_SECOND / (Math.max(cells, 1) * (network ? NETWORK_COST : 1)),
  );
  const perFit = workPerFit(config);
  const rate = (measured ?? cautious) / perFit; // fits of this search per second
  const data = summary?.name ?? 'this data';
  const shown = rate >= 10 ? Math.round(rate).toLocaleString('en') : Number(rate.toPrecision(2));
  const basis = measured
    ? `at the ${shown} fits/s of the last ${model} run on ${data}${network ? ', scaled by network size and epochs' : ''}`
    : `at a cautious ${shown} fits/s (no ${model} run on ${data} yet)`;
  return { ms: (fits / rate) * 1000, basis };
}

/** Whether a search of `fits` fits estimated at `ms` should be confirmed first. */
export const needsConfirm = (fits, ms) => fits > CONFIRM_FITS || ms >= CONFIRM_MS;

/** An estimated duration, rounded as an estimate should be ("40 s", "3 min", "2.5 h"). */
export function roughDuration(ms) {
  const seconds = ms / 1000;
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
