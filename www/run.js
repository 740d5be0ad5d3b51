// run.js — the Run panel and the compute worker: Run / Cancel, the confirmation of a
// huge grid, progress, and the run's lifecycle, which is ONE state machine
// (run-machine.js: idle → running → done | cancelled | failed). Every change of the
// panel that depends on the run happens in onRunState, called on each transition.
// The workers' lifecycle (start, cancel, faults) is workers.js's.

import { RUN } from './run-machine.js';
import { CancelledError, REQUEST } from './protocol.js';
import { dropHelperClient, poolHelpers, promoteHelper, recoverFrom, restartWorker, startWorker, stopWorker } from './workers.js';
import { poolSize, runPooled } from './pool.js';
import { estimateRun, measuredSpeed, needsConfirm, roughDuration } from './estimate.js';
import { clearResults, renderResults, selectCandidates, setResultsBusy, applyView } from './results.js';
import { hooks, state } from './store.js';
import { shorten } from './picker.js';
import { $, formatDuration, formatScore, scrollBelowRun, setStatus } from './util.js';

const dom = {
  runButton: $('run-button'),
  cancelButton: $('cancel-button'),
  runError: $('run-error'),
  confirmRun: $('confirm-run'),
  confirmText: $('confirm-text'),
  confirmYes: $('confirm-yes'),
  confirmNo: $('confirm-no'),
  progress: $('progress'),
  progressText: $('progress-text'),
};
export const runDom = dom;

/**
 * A search estimated to take at least this long (ms) is spread over the pool's workers
 * (pool.js); a shorter one is quicker in one worker than the messages between several.
 * `?workers=N` with N ≥ 2 uses the pool for every search.
 */
const POOL_MIN_MS = 250;

/** Whether the keyboard's focus was on Run or Cancel at the last updateButtons. */
let focusOnButtons = false;

/**
 * Enables the buttons that make sense now. Run disabled under the keyboard's focus
 * (a search started from it) gets the focus back when the search is done, rather than
 * leave it on the page; it is not handed to Cancel meanwhile, where a second press of
 * Enter or Space would stop the search just started.
 */
export function updateButtons() {
  const running = state.machine.running;
  const loading = Boolean(state.loading);
  const active = document.activeElement;
  const onButtons = active === dom.runButton || active === dom.cancelButton || (focusOnButtons && (!active || active === document.body));
  dom.runButton.disabled = running || loading || !state.client || !state.workerReady || !state.settingsOk;
  dom.cancelButton.disabled = !running && !loading;
  if (onButtons && (document.activeElement?.disabled || document.activeElement === document.body || !document.activeElement)) {
    if (!dom.runButton.disabled) dom.runButton.focus({ preventScroll: true });
  }
  const now = document.activeElement;
  focusOnButtons = now === dom.runButton || now === dom.cancelButton || (onButtons && (!now || now === document.body));
  // On a narrow screen the progress line shows only while it moves (style.css).
  $('run-panel').toggleAttribute('data-busy', running || loading);
  // The live sliders refit the selected candidate in the worker that ran its search:
  // they rest while one runs, and after a cancelled one (whose worker no longer holds
  // the results shown; the note above the results says to press Run), rather than move
  // and do nothing.
  const detached = Boolean(state.report?.detached);
  for (const el of document.querySelectorAll('#live-sliders input')) el.disabled = running || detached;
}

/**
 * The one place that reacts to the run's transitions: the progress timer, the dimmed
 * results, the buttons and the stale note.
 */
function onRunState(next, previous, run) {
  document.body.dataset.run = next;
  if (next === RUN.RUNNING) {
    run.timer = setInterval(() => showProgress(run.done, run.total), 100);
    if (state.report) setResultsBusy(true);
  } else if (previous === RUN.RUNNING) {
    clearInterval(run.timer);
    setResultsBusy(false);
    // After the caller has shown the outcome (results, error or cancellation).
    setTimeout(() => hooks.runEnded(), 0);
  }
  updateButtons();
  hooks.settingsShown();
}
state.machine.onChange = onRunState;

/** Updates the progress bar and its text; `ms` (elapsed) defaults to the running search's. */
function showProgress(done, total, ms = state.machine.running ? performance.now() - state.machine.run.t0 : 0) {
  dom.progress.max = Math.max(total, 1);
  dom.progress.value = done;
  dom.progressText.textContent = total ? `${done} / ${total} fits · ${formatDuration(ms)}` : '';
}

/** Empties the progress bar and its text (after a failed run or new data). */
export function resetProgress() {
  dom.progress.max = 1;
  dom.progress.value = 0;
  dom.progressText.textContent = '';
}

/** The text of a CSV load's progress: "Reading big.csv: 41 % (21 of 52 MB)". */
export function loadProgressText(name, { done, total, phase }) {
  const share = total > 0 ? Math.floor((100 * done) / total) : 0;
  const [unit, symbol] = total >= 1e6 ? [1e6, 'MB'] : [1e3, 'kB'];
  const amount = (bytes) => (bytes / unit).toFixed(total >= 10 * unit ? 0 : 1);
  return `${phase === 'read' ? 'Reading' : 'Parsing'} ${shorten(name)}: ${share} % (${amount(done)} of ${amount(total)} ${symbol})`;
}

/** Shows a CSV load's progress ({ done, total, phase } in bytes) in the progress bar. */
function showLoadProgress(name, progress) {
  if (!state.loading || state.machine.running) return;
  dom.progress.max = Math.max(progress.total, 1);
  dom.progress.value = progress.done;
  dom.progressText.textContent = loadProgressText(name, progress);
}

/** A CSV load started (an empty bar, "Reading name…") or ended (the bar emptied); the buttons follow. */
function onLoadingChanged() {
  if (!state.machine.running) {
    resetProgress();
    if (state.loading) dom.progressText.textContent = `Reading ${shorten(state.loading.name)}…`;
    dom.progress.setAttribute('aria-label', state.loading ? 'Load progress' : 'Search progress');
  }
  updateButtons();
}
hooks.loadProgress = showLoadProgress;
hooks.loadingChanged = onLoadingChanged;

/** Shows why the last search failed by the Run button (or hides it when `message` is empty). */
export function showRunError(message) {
  dom.runError.textContent = message;
  dom.runError.hidden = !message;
}

/** How long `fits` fits of `config`'s search would take on the loaded data, in one worker. */
const estimate = (fits, config) => estimateRun(fits, config, state.summary, state.speed);

/** Asks (in the Run panel) whether to run `fits` fits; the answer's button runs or hides. */
function askToRun(fits, config) {
  const { ms, basis } = estimate(fits, config);
  dom.confirmText.textContent =
    `This grid has ${fits.toLocaleString('en')} fits: about ${roughDuration(ms)} ${basis}. ` +
    'Run it anyway? (Cancel stops it at any time.)';
  dom.confirmRun.hidden = false;
  dom.confirmYes.focus();
}

/** "1 candidate", "12 candidates". */
const candidates = (n) => `${n} candidate${n === 1 ? '' : 's'}`;

/** Hides the run confirmation. */
export function hideConfirm() {
  dom.confirmRun.hidden = true;
}

/**
 * Runs the grid search in the worker and shows its results. A search of many fits, or
 * one estimated to take long (estimate.js), is only run once confirmed: without
 * `confirmed` it then only asks, and returns 'asked'. The previous results stay,
 * dimmed, until the new ones arrive (or the run is cancelled). `view`: the selection,
 * plane and heatmap axes to show afterwards (a link's); `reveal`: scroll the results
 * into view when they are not (a click on Run on a phone).
 */
export async function runSearch({ confirmed = false, view = null, reveal = false } = {}) {
  if (!state.machine.can('start')) return;
  let config;
  try {
    config = hooks.currentConfig();
  } catch (err) {
    setStatus(err.message, 'error');
    return;
  }
  let client = state.client;
  // The core's count: candidates × folds, plus the refit.
  const plan = hooks.plan(config) ?? { candidates: 0, folds: 0, fits: 1 };
  const total = plan.fits;
  if (!confirmed && needsConfirm(total, estimate(total, config).ms)) {
    askToRun(total, config);
    return 'asked';
  }
  hideConfirm();
  const settingsHash = hooks.settingsHash();
  const dataName = state.summary?.name;
  const run = { t0: performance.now(), done: 0, total, timer: 0 };
  showRunError('');
  state.selectionToken++; // paths still being drawn for the last results are dropped
  if (!state.report) clearResults('Searching…');
  state.machine.send('start', run);
  showProgress(0, total);
  setStatus(`Searching ${candidates(plan.candidates)} × ${plan.folds} folds on ${dataName ?? 'the data'}…`);
  // A path, boundary or curve of the last results still computing in the page's worker
  // would hold the search up until it ends (a worker does one thing at a time): an idle
  // helper of the pool with the same data, or else a fresh worker, takes the search.
  if (client.pending.size > 0) {
    if (state.report) state.report.detached = 'The worker was restarted for a new search; these results are from before it — press Run to explore them again.';
    try {
      if (!promoteHelper()) await restartWorker();
    } catch (err) {
      if (state.machine.run === run) {
        state.machine.send('fail');
        setStatus(`The search could not start: ${err.message}`, 'error');
      }
      return;
    }
    if (state.machine.run !== run || !state.machine.running) return;
    client = state.client;
  }
  let report;
  const onProgress = ({ done, total: t }) => {
    run.done = done;
    run.total = t;
    showProgress(done, t);
  };
  try {
    report = await searchOn(client, config, run, onProgress);
  } catch (err) {
    if (err instanceof CancelledError || !state.machine.running || state.machine.run !== run) return;
    state.machine.send('fail');
    const brief = err.message.length > 140 ? `${err.message.slice(0, 140)}… (in full under Run search)` : err.message;
    setStatus(`The search failed: ${brief}`, 'error');
    showRunError(`The search failed: ${err.message}`);
    if (err.field) hooks.markField(err.field, config.model); // the core's error names its setting
    resetProgress();
    // Results from before stay (marked stale); without any, the charts say what failed.
    if (!state.report) clearResults('The search failed: see the message under Run search.');
    if (err.fatal) await recoverFrom(client, err);
    return;
  }
  const now = performance.now();
  const ms = now - run.t0;
  state.lastRunMs = ms;
  // Per worker, so that the estimate that decides on the pool does not count it twice;
  // from when the workers started on it (not counting a helper's start-up).
  const workers = state.lastRunWorkers ?? 1;
  const computeMs = now - (run.computeT0 ?? run.t0);
  state.speed = measuredSpeed({ summary: state.summary, config, fits: run.total, ms: computeMs, workers });
  run.done = run.total;
  state.report = { ...report, config, settingsHash };
  state.machine.send('finish'); // the search is done: the trajectories below are a separate step
  showProgress(run.total, run.total, ms);
  renderResults();
  state.lastRunMessage =
    `Searched ${candidates(plan.candidates)} × ${plan.folds} folds (${plan.fits} fits) in ${formatDuration(ms)}` +
    `${workers > 1 ? ` on ${workers} workers` : ''}; ` +
    `best ${report.result.refit_scorer} ${formatScore(report.result.best_score)}.`;
  setStatus(state.lastRunMessage, 'ok');
  // A link's view wins; without a selection in it, a lesson's candidate is selected.
  const wanted = view ?? state.pendingView;
  const lessonView = wanted?.sel?.length ? null : hooks.defaultView(state.report);
  const selection = applyView(lessonView ? { ...(wanted ?? {}), ...lessonView } : wanted);
  state.pendingView = null;
  if (reveal) revealResults();
  await selectCandidates(selection);
  hooks.afterRun(state.report);
}

/**
 * Runs `config` on the page's worker `client`, with the pool's helpers when the search
 * is long enough (or the link asks for them) and the machine has more than one core.
 * A helper that fails is dropped and the search runs again on the page's worker alone.
 * Sets `run.computeT0` when the workers start on it (after any helper's start-up).
 */
async function searchOn(client, config, run, onProgress) {
  const size = poolSize();
  const forced = new URLSearchParams(globalThis.location?.search ?? '').has('workers');
  if (size > 1 && (forced || estimate(run.total, config).ms >= POOL_MIN_MS)) {
    const helpers = await poolHelpers(size - 1);
    if (client !== state.client) throw new CancelledError();
    if (helpers.length) {
      try {
        run.computeT0 = performance.now();
        const report = await runPooled(client, helpers, config, onProgress);
        state.lastRunWorkers = 1 + helpers.length;
        return report;
      } catch (err) {
        if (!err.helper || err instanceof CancelledError) throw err;
        dropHelperClient(err.helper);
      }
    }
  }
  state.lastRunWorkers = 1;
  run.computeT0 = performance.now();
  return client.call(REQUEST.RUN, config, onProgress);
}

/**
 * Scrolls the best candidate into view, just below the Run panel where that is pinned
 * to the top, if it is not in view already (a phone, where the results are below the
 * settings, or a Run pressed with the table in view).
 */
function revealResults() {
  const best = $('best-panel');
  const box = best.getBoundingClientRect();
  if (box.top < $('run-panel').getBoundingClientRect().bottom || box.top > window.innerHeight * 0.6) scrollBelowRun(best);
}

/**
 * Stops the search at once: terminates the worker and starts a fresh one with the same
 * data. The previous results stay on the page, but the fresh worker does not have them:
 * selecting their candidates needs another run.
 */
export async function cancelSearch() {
  const run = state.machine.run;
  if (!state.machine.running) {
    if (state.loading) await cancelLoad();
    return;
  }
  stopWorker();
  if (state.report) {
    state.report.detached = true;
    state.selectionToken++;
  }
  state.machine.send('cancel');
  const seconds = ((performance.now() - run.t0) / 1000).toFixed(1);
  const where = `after ${run.done} of ${run.total} fits (${seconds} s)`;
  if (!state.report) clearResults('Cancelled.');
  setStatus(`Cancelled ${where}; starting a fresh worker…`, 'warn');
  try {
    await startWorker();
    setStatus(`Cancelled ${where}. Ready for another run.`, 'warn');
  } catch (err) {
    setStatus(`Cancelled ${where}, but the new worker failed: ${err.message}`, 'error');
  }
  updateButtons();
}

/**
 * Stops the CSV load in flight: the page's worker (busy parsing) is replaced by a fresh
 * one holding the data set in use, which never changed — data switch only once loaded
 * and shown (data-panel.js: switchTo). As after a cancelled search, the results on the
 * page stay but need a run to be explored again.
 */
async function cancelLoad() {
  const { name } = state.loading;
  state.loading = null;
  onLoadingChanged();
  if (state.report) {
    state.report.detached = 'The worker was restarted to cancel a load; these results are from before it — press Run to explore them again.';
    state.selectionToken++;
  }
  hooks.settingsShown();
  const kept = shorten(state.summary?.name ?? 'the data');
  setStatus(`Cancelled loading ${shorten(name)}; starting a fresh worker with ${kept}…`, 'warn');
  try {
    await restartWorker();
    setStatus(`Cancelled loading ${shorten(name)}: still using ${kept}.`, 'warn');
  } catch (err) {
    if (!(err instanceof CancelledError)) setStatus(`Cancelled loading ${shorten(name)}, but the new worker failed: ${err.message}`, 'error');
  }
  updateButtons();
}

/** Connects Run, Cancel and the confirmation. */
export function bindRunPanel() {
  dom.runButton.addEventListener('click', () => runSearch({ reveal: true }));
  dom.confirmYes.addEventListener('click', () => runSearch({ confirmed: true, reveal: true }));
  dom.confirmNo.addEventListener('click', () => {
    hideConfirm();
    dom.runButton.focus();
  });
  dom.confirmRun.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') dom.confirmNo.click();
  });
  dom.cancelButton.addEventListener('click', cancelSearch);
}
