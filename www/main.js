// main.js — the TuneLab page's wiring: starts the worker and the page's own wasm
// instance, connects the panels, keeps the URL hash in step with what is shown, and
// runs the search on load, on a preset and on opening a link.
//
//   settings.js     the properties (name, type, allowed values, default, _hide) ↔ URL hash  [pure]
//   config.js       settings → the core's SearchConfig, checks against the data               [pure]
//   run-machine.js  the run's one state machine: idle → running → done | cancelled | failed  [pure]
//   data-panel.js   data-set picker, CSV file / drop / paste, label column, summary
//   model-panel.js  model picker, grid controls, presets, cross-validation
//   run.js          Run / Cancel, confirmation, progress, the worker
//   estimate.js     how long a search will take, before it runs; when to ask first          [pure]
//   results.js      best candidate, stale note, selection, heatmap axes, plane
//   charts.js       the canvases, their aria-labels and "Show data" tables, the heatmap's tooltip
//   table.js        the cv_results_ table
//   explore.js      the selected candidate: boundary, learning curve, regularisation path,
//                   training playback, live sliders
//   lesson-panel.js the lesson picker and text (lessons.js: the lessons as data [pure])
//   exports.js      CSV, JSON, PNG and scikit-learn script downloads (teach.js: pure helpers)
//   store.js        shared state and the hooks wired here; util.js small helpers
//
// The worker (worker.js) holds the data set and runs searches; this module's own wasm
// instance only draws charts (plotters-canvas needs the DOM). User text (file names,
// CSV headers, class names) reaches the DOM only through textContent.

import { catalog as coreCatalog, limits as coreLimits, plan_for_summary as corePlan } from './pkg/tunelab.js';
import startWasm from './wasm.js';
import { changedFromDefault, parseHash, pick as pickKind, toHash } from './settings.js';
import { buildConfig, modelInfo, mismatch, parseDegrees, settingOfField } from './config.js';
import { bindDataPanel, fillDatasetSelect, loadCsv, loadFromLink, readDataSettings, renderSummary, showDataError, wantedTarget } from './data-panel.js';
import {
  PRESETS, applyGridSettings, applyModelDefaults, expansionNote, fillLogRange, fillModelSelect, markInvalid, modelDom,
  readGridSettings, settingInputs, showDegreeNote, showModelControls, showModelError,
} from './model-panel.js';
import { bindRunPanel, cancelSearch, hideConfirm, resetProgress, runSearch, showRunError, updateButtons } from './run.js';
import { replaceCrashedWorker, startWorker } from './workers.js';
import { bindResults, clearResults, fillPlaneSelectors, pick, pickCell, selectCandidates, updateStale, viewValues } from './results.js';
import { addDataToggles, bindHeatmapKeys, bindHeatmapTooltip, redrawAll } from './charts.js';
import { bindExplore, fillBoundarySelectors, resetExplore, setPendingIter } from './explore.js';
import { bindLessons, currentLesson, showLesson } from './lesson-panel.js';
import { bindExports, updateExportButtons } from './exports.js';
import { bindSettingsFold, revealSettingsError } from './fold.js';
import { lessonById } from './lessons.js';
import { lessonChanges, lessonSettings, lessonView } from './teach.js';
import { bindTable } from './table.js';
import { hooks, state } from './store.js';
import { shorten } from './picker.js';
import { $, formatDuration, keepFocusBelowRun, setStatus } from './util.js';

// ------------------------------------------------------------------ settings ↔ hash

/** The settings of every panel (settings.js names). */
function readSettings() {
  return { ...readDataSettings(), ...readGridSettings() };
}

/** The hash of the settings alone: what a run is compared with for the stale note. */
const settingsHash = () => toHash(readSettings());

/** How many links are being applied (their settings arrive one panel at a time). */
let applyingLinks = 0;

/**
 * Leaves the lesson once a setting it made has been changed: its text would describe
 * another search, and a copied link would pair the two.
 */
function leaveChangedLesson() {
  const lesson = currentLesson();
  if (!lesson || applyingLinks > 0) return;
  const changed = lessonChanges(lesson, readSettings());
  if (!changed.length) return;
  state.lesson = {};
  showLesson();
  setStatus(`Left the lesson "${lesson.title}": its settings were changed (${changed.join(', ')}).`, 'info');
}

/** Writes the URL hash: settings, what is shown of the results, hidden controls, lesson keys. */
function writeHash() {
  leaveChangedLesson();
  const hash = toHash({ ...readSettings(), ...viewValues(), ...state.lesson }, state.hidden);
  if (location.hash !== hash) history.replaceState(null, '', hash || `${location.pathname}${location.search}`);
}

/**
 * The core's own checks of `config` against the loaded data, known by its summary
 * (class counts, rows, features): `{ candidates, folds, fits, … }`, or throws the error a
 * search would, with `field` turned into the setting to mark.
 */
function planWithCore(config) {
  if (!state.summary) return null;
  try {
    return corePlan(state.summary, config);
  } catch (err) {
    const e = new Error(err.message);
    e.field = settingOfField(err.field, config.model) ?? (err.field === 'model' ? 'model' : null);
    throw e;
  }
}

/** The SearchConfig for the controls, checked against the loaded data; throws with `field`. */
function currentConfig() {
  const config = buildConfig(readSettings(), state.catalog);
  planWithCore(config);
  return config;
}

/** Re-reads the controls: grid size, errors, the URL hash, the run button, the stale note. */
function onSettingsChanged() {
  const settings = readSettings();
  const model = modelInfo(state.catalog, settings.model);
  if (model) showModelControls(model, settings);
  let ok = true;
  let badField = null;
  const gridSize = $('grid-size');
  const gridError = $('grid-error');
  const gridWarning = $('grid-warning');
  gridSize.textContent = '';
  gridWarning.hidden = true;
  showDegreeNote(() => parseDegrees(settings.degree, state.catalog.limits));
  try {
    const config = buildConfig(settings, state.catalog);
    const plan = planWithCore(config);
    if (plan) {
      const fits = plan.fits - 1;
      gridSize.textContent = `${plan.candidates} candidate${plan.candidates === 1 ? '' : 's'} × ${plan.folds} folds = ${fits} fits (+1 refit)`;
      // A class too small for every test fold: scikit-learn's warning (the search runs).
      gridWarning.textContent = plan.warning ?? '';
      gridWarning.hidden = !plan.warning;
    }
    gridError.hidden = true;
    gridError.textContent = '';
  } catch (err) {
    ok = false;
    badField = err.field ?? null;
    gridError.textContent = err.message;
    gridError.hidden = false;
  }
  // A model that does not fit the data is said by the picker, whatever else is wrong
  // (and only there: the core's wording of the same refusal would repeat it).
  const mismatched = model ? mismatch(state.catalog, model, state.summary) : null;
  showModelError(mismatched);
  if (mismatched && badField === 'model') {
    gridError.hidden = true;
    gridError.textContent = '';
  }
  markInvalid(badField);
  state.settingsOk = ok;
  writeHash();
  hideConfirm();
  updateButtons();
  updateStale(settingsHash());
}

/** Hides the controls a link hid (NAME_hide=1): every element whose data-prop names one. */
function applyHidden(hidden) {
  for (const el of document.querySelectorAll('[data-prop]')) {
    const props = el.dataset.prop.split(/\s+/);
    el.classList.toggle('teacher-hidden', props.some((p) => hidden.includes(p)));
  }
}

/** Opens the collapsed groups that hold a setting the link changed from its default. */
function openChanged(values) {
  for (const name of changedFromDefault(values)) {
    for (const el of document.querySelectorAll(`[data-prop~="${name}"]`)) {
      const box = el.closest('details');
      if (box && box.id !== 'paste-box') box.open = true;
    }
  }
}

/**
 * Applies a URL hash: loads the data set it names, sets the model (with its defaults),
 * then every setting it has (others keep their value), hides the controls it hides, and
 * keeps its view (selection, plane, heatmap axes) for the next run. Returns a note for
 * the status line when the link's data cannot be loaded (then it should not run).
 */
async function restoreFromHash(hash, token = ++linkToken) {
  applyingLinks += 1;
  try {
    return await restoreSettings(hash, token);
  } finally {
    applyingLinks -= 1;
  }
}

/** The latest link applied (restoreFromHash): an earlier one stops at its next step. */
let linkToken = 0;

/** What restoreFromHash returns when a later link took over before it was done. */
const SUPERSEDED = Symbol('superseded');

/** What restoreFromHash does, while applyingLinks counts it. */
async function restoreSettings(hash, token) {
  const { values: linkValues, hidden, ignored } = parseHash(hash);
  state.viewUnused = [];
  // A lesson's link: the lesson's settings, under whatever else the link sets.
  const lesson = lessonById(linkValues.lesson);
  const values = lesson ? { ...lessonSettings(lesson), ...lessonView(lesson), ...linkValues } : linkValues;
  state.hidden = hidden;
  applyHidden(hidden);
  state.lesson = pickKind(values, 'lesson');
  setPendingIter(values.iter);
  showLesson();
  const model = modelInfo(state.catalog, values.model);
  if (model) {
    modelDom.select.value = model.name;
    applyModelDefaults(model);
  }
  const note = await loadFromLink(values);
  if (token !== linkToken) return SUPERSEDED;
  applyGridSettings(values);
  openChanged(values);
  const view = pickKind(values, 'view');
  state.pendingView = Object.keys(view).length ? view : null;
  // Well-formed values the page has no choice for: an unknown lesson or model, a
  // scorer of the other task (roc_auc, r2 …) or of none.
  if (linkValues.lesson && !lesson) ignored.push('lesson');
  if (linkValues.model && !model) ignored.push('model');
  // (Only with the link's own data loaded: the scorers offered are those of its task.)
  if (!note && linkValues.scoring && $('scoring').value !== linkValues.scoring) ignored.push('scoring');
  linkNote = ignoredNote(ignored);
  return note;
}

/** What to add to the status line about the link last applied (its keys that were not used). */
let linkNote = null;

/** Adds the note about the link last applied, if any, to the status line (once). */
function sayLinkNote() {
  // The view keys the results had no place for (results.js: applyView).
  const unused = state.viewUnused ?? [];
  state.viewUnused = [];
  const view = unused.length
    ? `This link's ${unused.map((k) => `“${k}”`).join(', ')} named what these results do not have (a candidate, parameter or feature past their number): the defaults are shown instead.`
    : null;
  const note = [linkNote, view].filter(Boolean).join(' ');
  linkNote = null;
  if (note) setStatus(`${$('status').textContent} ${note}`, 'warn');
}

/**
 * What to say about the keys of a link that were not used (unknown, or a value the page
 * does not take: settings.js); null when there are none. The link runs with the values
 * shown, and the status line says which of its own were left out.
 */
function ignoredNote(ignored) {
  if (!ignored.length) return null;
  const names = ignored.slice(0, 5).map((k) => `“${shorten(k, 30)}”`).join(', ');
  const more = ignored.length > 5 ? ` and ${ignored.length - 5} more` : '';
  return `This link's ${names}${more} could not be used (an unknown name, a value out of range or over its limit, such as a list of more than 200 values, or a choice these data do not offer): ` +
    'the values shown were used instead.';
}

// ------------------------------------------------------------------ events

/**
 * Before new data are put in use: the plane and boundary pickers for them. On failure
 * they are filled again for the data in use, and the error is thrown (the switch is off).
 */
function prepareData(summary) {
  try {
    fillPlaneSelectors(summary);
    fillBoundarySelectors(summary);
  } catch (err) {
    fillPlaneSelectors(state.summary, state.report?.config ?? null);
    fillBoundarySelectors(state.summary);
    throw err;
  }
}

/** New data are in use: forget results of the old data. */
function onDataLoaded() {
  state.machine.send('reset');
  state.pendingView = null;
  clearResults('Press Run search to see results for this data set.');
  resetProgress();
  showRunError('');
  onSettingsChanged();
}

/**
 * The user picked another model: its controls and defaults; a loaded CSV is read again
 * when the model wants its label the other way (numbers for a regressor, classes for a
 * classifier) — if that fails, the data stay and the picker says what fits.
 */
function onModelChosen() {
  const model = modelInfo(state.catalog, modelDom.select.value);
  if (!model) return;
  applyModelDefaults(model);
  onSettingsChanged();
  csvRereadAsked = true;
  readCsvForModel();
}

/** A model was chosen whose reading of the CSV's label has not been tried yet. */
let csvRereadAsked = false;

/**
 * Reads the loaded CSV's label again when the model chosen wants it read otherwise
 * (numbers for a regressor, classes for a classifier). Not while a search runs or the
 * page's worker is being replaced: a model changed then is caught up once, when the
 * search ends (hooks.runEnded) or the worker is ready (hooks.workerChanged). Tried once
 * per choice of model: a load the user cancels, or one that fails, is not retried.
 */
function readCsvForModel() {
  if (!csvRereadAsked) return;
  if (!state.csv) {
    csvRereadAsked = false;
    return;
  }
  if (state.machine.running || !state.workerReady || state.loading) return;
  csvRereadAsked = false;
  if ((state.csv.target ?? 'classes') !== wantedTarget()) loadCsv(state.csv.source, state.csv.name, state.csv.label);
}

/**
 * Says that a search started without a click (on load, or a link's) waits for its
 * confirmation under Run search; `lead` begins the status line.
 */
function sayAsked(lead) {
  setStatus(`${lead} This search is long: confirm it under Run search, or make the grid smaller.`, 'warn');
  if (!state.report) clearResults('The search waits for a confirmation under Run search.');
}

/** A preset: its settings, then a run. */
function applyPreset(name) {
  applyGridSettings(PRESETS[name]);
  onSettingsChanged();
  if (state.settingsOk) runSearch({ reveal: true });
}

/** Copies the full link (settings, selection, plane, axes, hidden controls). */
async function copyLink() {
  writeHash();
  try {
    await navigator.clipboard.writeText(location.href);
    setStatus('Link copied: it opens these settings, this selection and these charts, and runs the search.', 'ok');
  } catch {
    setStatus(`Share this link: ${location.href}`);
  }
}

/**
 * Applies a link (a lesson's, or one the address bar followed) and runs it; a running
 * search is cancelled first, so that no search ever mixes the data or settings from
 * before the link with those after it.
 */
async function applyLink(hash) {
  const token = ++linkToken;
  await cancelSearch(); // a running search, or a CSV load in flight
  if (token !== linkToken) return;
  const note = await restoreFromHash(hash, token);
  // A later link took over while this one's data loaded: it alone runs.
  if (note === SUPERSEDED || token !== linkToken) return;
  onSettingsChanged();
  if (note) setStatus(note, 'warn');
  else if (state.settingsOk && (await runSearch()) === 'asked') sayAsked('The link is open.');
  sayLinkNote();
}

/** Connects the controls. */
function bindEvents() {
  for (const el of settingInputs()) {
    el.addEventListener('input', onSettingsChanged);
    el.addEventListener('change', onSettingsChanged);
  }
  modelDom.select.addEventListener('change', onModelChosen);
  modelDom.logFill.addEventListener('click', () => fillLogRange() && onSettingsChanged());
  modelDom.presetSeed.addEventListener('click', () => applyPreset('seed'));
  modelDom.presetOptimizers.addEventListener('click', () => applyPreset('optimizers'));
  bindDataPanel();
  bindRunPanel();
  bindResults();
  bindTable(pick);
  bindHeatmapKeys(pickCell);
  bindHeatmapTooltip();
  bindExplore(selectCandidates);
  bindExports();
  bindLessons(applyLink);
  bindSettingsFold();
  $('share-button').addEventListener('click', copyLink);
  keepFocusBelowRun();
  // Escape cancels a running search wherever the focus is, except where Escape has a
  // job of its own (an open picker, a text field, the confirmation).
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || !state.machine.running || e.defaultPrevented) return;
    if (e.target instanceof Element && e.target.closest('select, input[type="text"], input:not([type]), textarea, [role="alertdialog"]')) return;
    cancelSearch();
  });

  // Another link followed (an edited address, back, forward): as a lesson's link, a
  // running search is cancelled before its data or settings change under it.
  window.addEventListener('hashchange', () => applyLink(location.hash));
  let pending = 0;
  new ResizeObserver(() => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(redrawAll);
  }).observe(document.querySelector('.charts'));
}

// ------------------------------------------------------------------ start

hooks.settingsChanged = onSettingsChanged;
hooks.runEnded = readCsvForModel;
hooks.settingsShown = () => updateStale(settingsHash());
hooks.settingsHash = settingsHash;
hooks.currentConfig = currentConfig;
hooks.plan = planWithCore;
hooks.clearResults = clearResults;
hooks.prepareData = prepareData;
hooks.dataLoaded = onDataLoaded;
hooks.replaceCrashedWorker = replaceCrashedWorker;
hooks.workerChanged = () => {
  updateButtons();
  readCsvForModel();
};
hooks.writeHash = writeHash;
hooks.markField = (field, model) => markInvalid(settingOfField(field, model));
hooks.resultsCleared = () => {
  resetExplore();
  updateExportButtons();
};
hooks.resultsShown = () => {
  updateExportButtons();
  fillBoundarySelectors(state.summary);
  if (hooks.lessonFocus() !== 'optimism') state.charts.optimism = null;
  showLesson();
};

/**
 * Starts the worker and the page's own wasm instance, applies the link, and runs the
 * search so that no chart starts empty; marks the page ready (body[data-ready="1"])
 * once the first results are drawn (or it could not run).
 */
async function initialise() {
  const t0 = performance.now();
  try {
    const workerStarted = startWorker();
    const flavour = await startWasm();
    document.body.dataset.wasm = flavour;
    // The limits the core enforces, read from the core itself: the checks before Run use them.
    state.catalog = { ...coreCatalog(), limits: coreLimits() };
    fillModelSelect(state.catalog);
    fillDatasetSelect(state.catalog);
    addDataToggles();
    showModelControls(modelInfo(state.catalog, modelDom.select.value), readGridSettings());
    bindEvents();
    const summary = await workerStarted;
    renderSummary(summary);
    fillPlaneSelectors(summary);
    fillBoundarySelectors(summary);
    const note = location.hash && location.hash !== '#' ? await restoreFromHash(location.hash) : null;
    if (note === SUPERSEDED) {
      // Another link was followed while this one's data loaded: that one runs.
      document.body.dataset.ready = '1';
      return;
    }
    clearResults('Running the search…');
    onSettingsChanged();
    const notes = [
      globalThis.TUNELAB_SINGLE_FILE === true ? 'offline copy' : '',
      flavour === 'scalar' ? 'this browser has no WebAssembly SIMD, so the core runs its slower scalar build' : '',
    ].filter(Boolean);
    const where = notes.length ? ` (${notes.join('; ')})` : '';
    const ready = `Ready in ${formatDuration(performance.now() - t0)}${where}.`;
    state.readyAt = performance.now();
    if (note) {
      setStatus(`${ready} ${note}`, 'warn');
      clearResults('Load the data set this link names, then press Run search.');
    } else if (state.settingsOk) {
      setStatus(`${ready} Running the search on ${state.summary?.name ?? 'the data'}…`);
      if ((await runSearch()) === 'asked') sayAsked(ready);
      else if (/^Searched|^Drew/.test($('status').textContent)) setStatus(`${ready} ${$('status').textContent}`, 'ok');
    } else {
      // Said where the page says it: a model that does not suit the data by the model picker.
      const where = $('model-error').hidden ? 'under Run search' : 'under Model';
      setStatus(`${ready} ${state.summary?.name ?? 'The data'} is loaded, but the settings need a change: see the red message ${where}, then press Run search.`, 'warn');
      clearResults(`Change the settings as the red message ${where} says, then press Run search.`);
      revealSettingsError();
    }
    sayLinkNote();
    document.body.dataset.ready = '1';
  } catch (err) {
    setStatus(`TuneLab could not start: ${err.message}`, 'error');
    document.body.dataset.ready = 'error';
  }
}

initialise();
