// data-panel.js — the Data panel: the data-set picker (built-in sets, generated teaching
// sets with rows / noise / seed, the CSV entry; names and sizes from the core's
// catalog), CSV by file picker, drop or paste, the label column, the summary and the
// first rows. A load that fails leaves the loaded data as it was and says why by the
// inputs. User text (file names, headers, cells) reaches the DOM only as textContent.

import * as core from './pkg/tunelab.js';
import { builtinPayload } from './builtin-data.js';
import { REQUEST, CancelledError } from './protocol.js';
import { datasetInfo, modelInfo } from './config.js';
import { fillScoring, modelDom, scoringReady } from './model-panel.js';
import { hooks, state } from './store.js';
import { setShortText, shorten } from './picker.js';
import { $, fillSelect, formatDuration, setStatus } from './util.js';

export const dataDom = {
  panel: $('data-panel'),
  select: $('dataset-select'),
  csvOption: $('csv-option'),
  generatedRow: $('generated-row'),
  rows: $('data-rows'),
  noise: $('data-noise'),
  seed: $('data-seed'),
  fileInput: $('file-input'),
  pasteText: $('paste-text'),
  pasteLoad: $('paste-load'),
  error: $('data-error'),
  note: $('data-note'),
  labelSelect: $('label-select'),
  summary: $('data-summary'),
  preview: $('preview-table'),
};
const d = dataDom;

// ------------------------------------------------------------------ picker

/**
 * Fills the picker with <optgroup>s: Built in; Generated — classification; Generated —
 * regression; Your data (the CSV entry, kept as the element index.html has).
 */
export function fillDatasetSelect(catalog) {
  const group = (label, entries) => {
    const g = document.createElement('optgroup');
    g.label = label;
    for (const entry of entries) {
      const option = document.createElement('option');
      option.value = entry.name;
      option.textContent = entry.generated ? entry.name : `${entry.name}${entry.regression ? ' (numeric target)' : ''}`;
      g.append(option);
    }
    return g;
  };
  const { datasets } = catalog;
  const csv = document.createElement('optgroup');
  csv.label = 'Your data';
  csv.append(d.csvOption);
  d.select.replaceChildren(
    group('Built in', datasets.filter((x) => !x.generated)),
    group('Generated — classification', datasets.filter((x) => x.generated && !x.regression)),
    group('Generated — regression', datasets.filter((x) => x.generated && x.regression)),
    csv,
  );
  d.rows.max = String(catalog.limits.max_generated_rows);
}

/** Shows the rows / noise / seed inputs for generated set `entry` (hides them otherwise). */
function showGenerated(entry, spec = null) {
  const generated = Boolean(entry?.generated);
  d.generatedRow.hidden = !generated;
  if (!generated) return;
  d.rows.value = String(spec?.n_samples ?? entry.n_samples);
  d.noise.value = String(spec?.noise ?? entry.noise);
  d.seed.value = String(spec?.seed ?? 0);
}

/**
 * The generated-set spec from the inputs: `{ kind, n_samples, noise, seed }`; throws a
 * message naming the input (the core checks the rest, e.g. the largest noise).
 */
function readGeneratedSpec(kind, limits) {
  const rows = Number(d.rows.value);
  const noise = d.noise.value.trim() === '' ? NaN : Number(d.noise.value);
  const seed = Number(d.seed.value);
  const max = limits.max_generated_rows;
  const bad = (el, message) => Object.assign(new Error(message), { control: el });
  if (!Number.isInteger(rows) || rows < 1 || rows > max) throw bad(d.rows, `rows: give a whole number from 1 to ${max.toLocaleString('en')}`);
  if (!(noise >= 0)) throw bad(d.noise, 'noise: give a number ≥ 0');
  if (!Number.isInteger(seed) || seed < 0) throw bad(d.seed, 'seed: give a whole number ≥ 0');
  return { kind, n_samples: rows, noise, seed };
}

/** Marks the generated-set input `el` invalid (or clears all marks when `el` is null). */
function markGeneratedInvalid(el) {
  for (const input of [d.rows, d.noise, d.seed]) {
    if (input === el) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-errormessage', 'data-error');
    } else {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-errormessage');
    }
  }
}

/** The data part of the settings (settings.js names). */
export function readDataSettings() {
  const spec = state.csv ? null : state.dataset.spec;
  return {
    data: state.csv ? state.csv.name : state.dataset.name,
    ...(spec ? { rows: String(spec.n_samples), noise: String(spec.noise), gseed: String(spec.seed) } : {}),
  };
}

// ------------------------------------------------------------------ messages

/** Shows a data error next to the inputs (or hides it when `message` is empty). */
export function showDataError(message) {
  d.error.textContent = message;
  d.error.hidden = !message;
}

/** Shows a plain note under the data inputs (or hides it when `note` is empty). */
function showDataNote(note) {
  d.note.textContent = note;
  d.note.hidden = !note;
}

/** Refuses data changes while a search runs. */
function busy() {
  if (!state.machine.running) return false;
  setStatus('A search is running: wait for it or cancel it before changing the data.', 'warn');
  showDataInUse();
  return true;
}

/**
 * Puts the data controls (set, generated-set inputs, label) back to the data in use:
 * after a refused change they would otherwise show a choice that was never loaded.
 */
function showDataInUse() {
  if (!state.display) return;
  state.pendingCsv = null; // a failed file's columns, offered as labels, are gone from the list
  const csv = state.csv;
  d.select.value = csv ? 'csv' : state.dataset.name;
  showGenerated(csv ? null : datasetInfo(state.catalog, state.dataset.name), state.dataset.spec);
  showLabelInUse();
}

// ------------------------------------------------------------------ summary

/** A long decimal cell ("0.014925128909664798") with 6 significant digits; other text as is. */
function shortNumber(cell) {
  const text = String(cell);
  if (!/^-?\d*\.\d{7,}(e-?\d+)?$/i.test(text)) return text;
  return String(Number(Number(text).toPrecision(6)));
}

/** Columns of the first-rows preview; the label column is always among them. */
const PREVIEW_COLUMNS = 40;
/** Classes named with their counts in the summary line. */
const SUMMARY_CLASSES = 20;

/** The summary line's text for `summary` (class list and names bounded). */
function summaryText(summary) {
  const name = shorten(summary.name);
  const label = shorten(summary.label_name);
  const features = `${summary.n_features} feature${summary.n_features === 1 ? '' : 's'}`;
  if (summary.regression) {
    return `${name}: ${summary.n_samples} rows · ${features} · numeric target “${label}” (regression)`;
  }
  const n = summary.class_names.length;
  const listed = summary.class_names.slice(0, SUMMARY_CLASSES).map((c, i) => `${shorten(c, 30)}: ${summary.class_counts[i]}`);
  if (n > SUMMARY_CLASSES) listed.push(`… ${n - SUMMARY_CLASSES} more`);
  return `${name}: ${summary.n_samples} rows · ${features} · ${n} classes (${listed.join(', ')}) · label “${label}”`;
}

/**
 * The preview table's parts for `summary`, detached from the page: a caption, a head
 * and a body of at most PREVIEW_COLUMNS columns (the label column kept), names and
 * cells shortened with the full text on hover.
 */
function previewTable(summary) {
  const labelIndex = summary.header.indexOf(summary.label_name);
  const total = summary.header.length;
  const shown = [];
  for (let i = 0; i < total && shown.length < PREVIEW_COLUMNS - 1; i++) if (i !== labelIndex) shown.push(i);
  if (labelIndex >= 0) shown.push(labelIndex);
  shown.sort((a, b) => a - b);
  const head = document.createElement('thead');
  const headRow = head.insertRow();
  for (const i of shown) {
    const th = document.createElement('th');
    setShortText(th, summary.header[i], 32);
    if (i === labelIndex) th.className = 'label-col';
    headRow.append(th);
  }
  const body = document.createElement('tbody');
  for (const row of summary.preview) {
    const tr = body.insertRow();
    for (const i of shown) {
      const td = tr.insertCell();
      setShortText(td, shortNumber(row[i] ?? ''), 32);
      if (i === labelIndex) td.className = 'label-col';
    }
  }
  const caption = document.createElement('caption');
  const columns = shown.length < total ? ` · ${shown.length} of ${total.toLocaleString('en')} columns` : '';
  caption.textContent = `first ${summary.preview.length} of ${summary.n_samples} rows${columns}`;
  return [caption, head, body];
}

/**
 * The label dropdown's choices for `summary` loaded from `csv` (null: a built-in or
 * generated set, whose label cannot change): { choices, selected, disabled }. The
 * options are the file's columns in file order (the summary's header has the label
 * last), valued by their index in the file.
 */
function labelChoices(summary, csv) {
  if (!csv) {
    return { choices: summary.header.map((h, i) => [i, h]), selected: summary.header.indexOf(summary.label_name), disabled: true };
  }
  const li = Math.min(Math.max(csv.labelIndex, 0), summary.n_features);
  const choices = [];
  for (let i = 0; i < summary.feature_names.length; i++) {
    if (i === li) choices.push([choices.length, summary.label_name]);
    choices.push([choices.length, summary.feature_names[i]]);
  }
  if (li >= summary.feature_names.length) choices.push([choices.length, summary.label_name]);
  return { choices, selected: li, disabled: false };
}

/**
 * Everything the panel shows for `summary` loaded as `csv` (null for a built-in or
 * generated set), built without touching the page; throws if any part cannot be built.
 */
function prepareDisplay(summary, csv) {
  const summaryNodes = [document.createTextNode(summaryText(summary))];
  if (summary.hint) summaryNodes.push(document.createElement('br'), Object.assign(document.createElement('small'), { textContent: summary.hint }));
  return { summary, csv, summaryNodes, preview: previewTable(summary), label: labelChoices(summary, csv) };
}

/** Puts a prepared display on the page: swaps of prepared nodes and bounded lists only. */
function applyDisplay(view) {
  const { summary, csv } = view;
  const taskChanged = Boolean(state.summary?.regression) !== Boolean(summary.regression) || !scoringReady();
  state.summary = summary;
  d.summary.replaceChildren(...view.summaryNodes);
  if (taskChanged) fillScoring(summary.regression);
  fillSelect(d.labelSelect, view.label.choices, view.label.selected);
  d.labelSelect.disabled = view.label.disabled;
  d.select.value = csv ? 'csv' : state.dataset.name;
  setShortText(d.csvOption, csv ? `CSV: ${csv.name}` : 'CSV file…', 40);
  showGenerated(csv ? null : datasetInfo(state.catalog, state.dataset.name), state.dataset.spec);
  d.preview.replaceChildren(...view.preview);
  state.display = view;
}

/** Shows the loaded data set: summary line, label choices, first rows. */
export function renderSummary(summary) {
  applyDisplay(prepareDisplay(summary, state.csv));
}

/** Sets the label dropdown back to the loaded data set's label column. */
function showLabelInUse() {
  if (!state.display) return;
  fillSelect(d.labelSelect, state.display.label.choices, state.display.label.selected);
  d.labelSelect.disabled = state.display.label.disabled;
}

/** Loads asked of the worker so far: each load's ticket, so that only the latest is shown. */
let loads = 0;

/**
 * Switches the page and the worker to data the worker has staged (its `summary`) as
 * one step: the display is prepared first; on any failure the worker drops the staged
 * data and the page is left as it was (the error is rethrown). `next`: the state.csv /
 * state.dataset that go with it and the load's `ticket`. Returns once the worker has switched.
 */
async function switchTo(client, summary, next) {
  // A newer load has been asked for since: its data are the worker's staged ones now,
  // and they are the ones to show (this one is dropped quietly).
  if (next.ticket !== loads) throw new CancelledError();
  let view;
  try {
    if (client !== state.client) throw new Error('the worker was replaced during the load');
    view = prepareDisplay(summary, next.csv);
    hooks.prepareData(summary); // the plane and boundary pickers; they restore themselves on failure
  } catch (err) {
    client.call(REQUEST.DISCARD_DATA).catch(() => {});
    // Not the data's fault: said as such, and no other label is offered for it.
    throw Object.assign(new Error(`the page could not show these data (${err.message})`), { display: true });
  }
  // From here on the worker and the page switch together (the commit is queued before
  // any request the page makes for the new data).
  const committed = client.call(REQUEST.COMMIT_DATA);
  state.csv = next.csv;
  state.dataset = next.dataset;
  state.pendingCsv = null;
  applyDisplay(view);
  hooks.dataLoaded(summary);
  await committed;
}

/** After new data: say so; main.js has forgotten the results of the old data. */
function onDataLoaded(message, note = '') {
  showDataError('');
  showDataNote(note);
  setStatus(message);
}

// ------------------------------------------------------------------ loading

/** Loads a built-in data set (iris, wine, breast_cancer, diabetes). */
export async function loadBuiltin(name) {
  if (busy()) return;
  const t0 = performance.now();
  try {
    const client = state.client;
    const ticket = ++loads;
    const summary = await client.call(REQUEST.LOAD_BUILTIN, await builtinPayload(name));
    await switchTo(client, summary, { csv: null, dataset: { name, spec: null }, ticket });
    onDataLoaded(`Loaded ${name} (${summary.n_samples} rows) in ${formatDuration(performance.now() - t0)}.`);
  } catch (err) {
    if (err instanceof CancelledError) return;
    dataLoadFailed(name, err);
  }
}

/** The data set of the generated-set inputs (after an edit); errors stay by the inputs. */
function regenerate() {
  if (state.csv || !state.dataset.spec) return;
  let spec;
  try {
    spec = readGeneratedSpec(state.dataset.name, state.catalog.limits);
  } catch (err) {
    markGeneratedInvalid(err.control ?? null);
    showDataError(`${state.dataset.name}: ${err.message} — still using the data generated before`);
    return;
  }
  const same = JSON.stringify(spec) === JSON.stringify(state.dataset.spec);
  if (!same) loadGenerated(spec);
}

/** Generates a teaching set from `spec` ({ kind, n_samples, noise, seed }). */
export async function loadGenerated(spec) {
  if (busy()) return;
  const t0 = performance.now();
  try {
    const client = state.client;
    const ticket = ++loads;
    const summary = await client.call(REQUEST.LOAD_GENERATED, spec);
    const dataset = { name: spec.kind, spec: { kind: spec.kind, n_samples: summary.n_samples, noise: spec.noise, seed: spec.seed } };
    await switchTo(client, summary, { csv: null, dataset, ticket });
    markGeneratedInvalid(null);
    onDataLoaded(`Generated ${spec.kind}: ${summary.n_samples} rows, noise ${spec.noise}, seed ${spec.seed} in ${formatDuration(performance.now() - t0)}.`);
  } catch (err) {
    if (err instanceof CancelledError) return;
    dataLoadFailed(spec.kind, err);
  }
}

/** The generated-set input a core error is about (its `field`; a core without error data: the message's "parameter rows"). */
function generatedField(err) {
  const field = err.kind ? err.field : /parameter (rows|noise|seed)/.exec(err.message)?.[1];
  return { rows: d.rows, n_samples: d.rows, noise: d.noise, seed: d.seed }[field] ?? null;
}

/**
 * " — still using iris" after a failed load of `name`: the data set that stays loaded,
 * with its size where it has the failed one's name (a second paste, the same file).
 */
function keptText(name) {
  if (!state.summary) return '';
  const kept = shorten(state.summary.name);
  return kept === shorten(name)
    ? ` — still using the ${kept} loaded before (${state.summary.n_samples} rows)`
    : ` — still using ${kept}`;
}

/**
 * A built-in or generated set did not load: the message stays by the data inputs, the
 * previous data (and its picker entry and rows / noise / seed) stay.
 */
function dataLoadFailed(name, err) {
  const kept = keptText(name);
  showDataError(`${name}: ${err.message}${kept}`);
  const control = generatedField(err);
  if (control && !state.csv && name === state.dataset.name) markGeneratedInvalid(control);
  else {
    d.select.value = state.csv ? 'csv' : state.dataset.name;
    showGenerated(state.csv ? null : datasetInfo(state.catalog, state.dataset.name), state.dataset.spec);
  }
  setStatus(`Could not load ${name}${kept}.`, 'error');
  if (err.fatal) hooks.replaceCrashedWorker(err);
}

/** Loads the data set chosen in the picker (a CSV entry re-reads the loaded file or asks for one). */
function loadChosen() {
  const name = d.select.value;
  if (name === 'csv') {
    if (!state.csv) {
      d.select.value = state.dataset.name;
      d.fileInput.click();
    } else loadCsv(state.csv.source, state.csv.name, state.csv.label);
    return;
  }
  const entry = datasetInfo(state.catalog, name);
  if (!entry) return;
  if (entry.generated) loadGenerated({ kind: name, n_samples: entry.n_samples, noise: entry.noise, seed: 0 });
  else loadBuiltin(name);
}

/** CsvOptions for a CSV (see src/data/csv.rs). */
export function csvOptions({ name, label, target = 'classes' }) {
  if (label === 'last' || label === 'auto') return { name, label, target };
  if (typeof label === 'object' && label !== null) return { name, label: { name: String(label.name) }, target };
  return { name, label: { index: label }, target };
}

/** How the chosen model wants a CSV's label: 'values' for a regressor, else 'classes'. */
export function wantedTarget() {
  const model = modelInfo(state.catalog, modelDom.select.value);
  return model && !model.classifier ? 'values' : 'classes';
}

/** Characters of a CSV handed to the core to read its column names. */
const HEADER_CHARS = 8_000_000;

/**
 * A CSV source, `{ text }` (pasted) or `{ file }` (a File, read in the worker only), from
 * what loadCsv is given: a string is text.
 */
function csvSource(source) {
  return typeof source === 'string' ? { text: source } : source;
}

/** Whether two CSV sources are the same data: the same File object or equal text. */
function sameSource(a, b) {
  if (!a || !b) return false;
  return a.file ? a.file === b.file : !b.file && a.text === b.text;
}

/**
 * The column names of CSV `source` as the core's loader reads them: text's here, a
 * file's from its first megabytes, read in the worker; [] when they cannot be had.
 */
async function sourceColumns(source) {
  if (!source.file) return csvColumns(source.text);
  try {
    return await state.client.call(REQUEST.CSV_COLUMNS, { file: source.file });
  } catch {
    return [];
  }
}

/**
 * The column names of CSV text as the core's loader reads them ("column 1", … without
 * a header): the label choices of a file that did not load. (A wasm build from before
 * the core's csv_columns gets the page's guess from the first line.)
 */
function csvColumns(text) {
  if (typeof core.csv_columns === 'function') {
    try {
      // The header is in the first record: a few MB at most (5,000 names of 1,000 bytes).
      return core.csv_columns(text.length > HEADER_CHARS ? text.slice(0, HEADER_CHARS) : text);
    } catch {
      // fall through to the guess
    }
  }
  const first = String(text).replace(/^\uFEFF/, '').split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  const count = (ch) => first.split(ch).length - 1;
  const delimiter = [',', ';', '\t'].reduce((best, ch) => (count(ch) > count(best) ? ch : best), ',');
  const cells = first.split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, '$1').replace(/""/g, '"'));
  const numeric = cells.every((c) => c !== '' && Number.isFinite(Number(c)));
  return cells.map((c, i) => (numeric || c === '' ? `column ${i + 1}` : c));
}

/**
 * Loads a CSV, `source`: `{ file }` (a File: read, parsed and checked in the worker,
 * with progress in the page's progress bar; the page never reads it), `{ text }` or
 * text. On error the previous data set stays and the error shows by the inputs; Cancel
 * stops a load and leaves the previous data set in place (run.js).
 * The default label is the core's 'auto': the last column, or the only text column
 * when the last holds numbers (said in the summary's label_note). With a regressor
 * chosen the label is read as numbers (target 'values').
 */
export async function loadCsv(source, name, label = 'auto') {
  if (busy()) return;
  source = csvSource(source);
  const t0 = performance.now();
  const client = state.client;
  const target = wantedTarget();
  const ticket = ++loads;
  state.loading = { ticket, name };
  hooks.loadingChanged();
  const onProgress = (p) => {
    if (state.loading?.ticket === ticket) hooks.loadProgress(name, p);
  };
  const load = (lbl) => client.call(REQUEST.LOAD_CSV, { ...source, options: csvOptions({ name, label: lbl, target }) }, onProgress);
  try {
    let summary;
    try {
      summary = await load(label);
    } catch (err) {
      if (target === 'values' && !err.fatal && !(err instanceof CancelledError)) {
        err.message += ` (the label is read as numbers because ${modelDom.select.value} predicts numbers; pick a classifier to read it as classes)`;
      }
      throw err;
    }
    const labelIndex = Number.isInteger(summary.label_index)
      ? summary.label_index
      : typeof label === 'number' ? label : label?.name ? (await sourceColumns(source)).indexOf(label.name) : summary.n_features;
    await switchTo(client, summary, { csv: { source, name, label, labelIndex, target }, dataset: state.dataset, ticket });
    const size = source.file ? ` (${(source.file.size / 1e6).toFixed(1)} MB)` : '';
    // A long paste is loaded without being put in the box: the note says why the box is empty.
    const pasted = (source.text?.length ?? 0) > PASTE_INTO_BOX_CHARS ? pastedNote(source.text) : '';
    const note = [pasted, summary.label_note ?? ''].filter(Boolean).join(' ');
    onDataLoaded(`Loaded ${shorten(name)}${size}: ${summary.n_samples} rows, ${summary.n_features} features in ${formatDuration(performance.now() - t0)}.`, note);
  } catch (err) {
    if (err instanceof CancelledError) return;
    const kept = keptText(name);
    const shown = shorten(name);
    d.select.value = state.csv ? 'csv' : state.dataset.name;
    showDataNote('');
    // An empty file, a header alone or a ragged row: no label column would load it.
    const labelCannotHelp = LABEL_CANNOT_HELP.includes(err.kind);
    if ((state.csv && sameSource(state.csv.source, source) && state.csv.name === name) || err.display || labelCannotHelp) {
      // Another label column for the loaded file, data the page could not show, or a
      // file no label column would load: the dropdown goes back to the label in use.
      state.pendingCsv = null;
      showDataError(`${shown}: ${err.message}`);
      showLabelInUse();
    } else {
      // A new file: offer its columns, so that the user can pick the label and retry.
      state.pendingCsv = { source, name };
      showDataError(`${shown}: ${err.message}\nFix that in the file and load it again, or choose its label column below.`);
      const choices = [['', `— label column of ${shown} —`, true]];
      if (!err.fatal || !source.file) for (const column of await sourceColumns(source)) choices.push([choices.length - 1, column]);
      fillSelect(d.labelSelect, choices, '');
      d.labelSelect.disabled = false;
    }
    setStatus(`Could not load ${shown}${kept}.`, 'error');
    if (err.fatal) await hooks.replaceCrashedWorker(err);
  } finally {
    if (state.loading?.ticket === ticket) {
      state.loading = null;
      hooks.loadingChanged();
    }
  }
}

/**
 * The core's error kinds of a CSV that no choice of label column would load: empty, a
 * header alone, a ragged row, text that is not CSV (bad UTF-8, an open quote), a file
 * over the size limits.
 */
const LABEL_CANNOT_HELP = ['empty_input', 'header_only', 'ragged_row', 'csv', 'over_limit'];

/**
 * Refuses input of `bytes` bytes over the core's limit (limits().max_input_bytes, the
 * same for files and pasted text) with the core's message, by the data inputs; true
 * when it may be loaded.
 */
function inputSizeOk(bytes, name) {
  try {
    core.check_input_size(bytes);
    return true;
  } catch (err) {
    const kept = state.summary ? ` — still using ${shorten(state.summary.name)}` : '';
    showDataError(`${shorten(name)}: ${err.message} (files and pasted text alike)${kept}`);
    setStatus(`Did not load ${shorten(name)}: over the limit of ${err.limit ?? 'the input size'}.`, 'error');
    return false;
  }
}

/**
 * The UTF-8 size of `text` in bytes, or a bound of it that already decides the check
 * against `max`: never more work than the text's length when it is clearly under or over.
 */
function utf8Size(text, max) {
  if (text.length > max || text.length * 3 <= max) return text.length;
  return new Blob([text]).size;
}

/**
 * Loads a File chosen or dropped by the user (refused unread when over the size
 * limit): the File itself goes to the worker, which reads it (a File is passed as a
 * handle, not copied), so a 50 MB file never stalls the page.
 */
async function loadFile(file) {
  if (!file) return;
  if (!inputSizeOk(file.size, file.name)) return;
  await loadCsv({ file }, file.name);
}

/** Pasted text longer than this is loaded at once instead of going into the box (a long text there is slow to show and edit). */
const PASTE_INTO_BOX_CHARS = 1_000_000;

/**
 * A paste into the box: over the size limit it is refused before it reaches the box;
 * over PASTE_INTO_BOX_CHARS it is loaded without being shown.
 */
function onPaste(event) {
  const text = event.clipboardData?.getData('text/plain') ?? '';
  if (text.length <= PASTE_INTO_BOX_CHARS) return;
  event.preventDefault();
  if (!inputSizeOk(utf8Size(text, state.catalog.limits.max_input_bytes), 'pasted text')) return;
  showDataNote(pastedNote(text));
  loadCsv({ text }, 'pasted.csv');
}

/** What the data panel says of a paste too long for the box. */
function pastedNote(text) {
  return `Pasted ${(text.length / 1e6).toFixed(1)} million characters: loaded at once, not shown in the box.`;
}

/**
 * Loads the data set a link names (built-in or generated, with rows / noise / seed)
 * unless it is loaded already; returns a note for the status line when it cannot.
 */
export async function loadFromLink(settings) {
  const entry = settings.data ? datasetInfo(state.catalog, settings.data) : null;
  const spec = state.dataset.spec;
  const same = entry && !state.csv && state.dataset.name === entry.name &&
    (!entry.generated || (String(spec?.n_samples) === String(settings.rows ?? spec?.n_samples) &&
      String(spec?.noise) === String(settings.noise ?? spec?.noise) && String(spec?.seed) === String(settings.gseed ?? spec?.seed)));
  if (entry && !same) {
    try {
      const client = state.client;
      const ticket = ++loads;
      let summary;
      let dataset;
      if (entry.generated) {
        const next = {
          kind: entry.name,
          n_samples: settings.rows != null ? Number(settings.rows) : entry.n_samples,
          noise: settings.noise != null ? Number(settings.noise) : entry.noise,
          seed: settings.gseed != null ? Number(settings.gseed) : 0,
        };
        summary = await client.call(REQUEST.LOAD_GENERATED, next);
        dataset = { name: entry.name, spec: { ...next, n_samples: summary.n_samples } };
      } else {
        summary = await client.call(REQUEST.LOAD_BUILTIN, await builtinPayload(entry.name));
        dataset = { name: entry.name, spec: null };
      }
      await switchTo(client, summary, { csv: null, dataset, ticket });
    } catch (err) {
      if (err instanceof CancelledError) return null;
      return `This link's data set “${shorten(settings.data)}” did not load (${err.message}); ${shorten(state.summary?.name ?? 'Iris')} is loaded instead.`;
    }
  } else if (settings.data && !entry && settings.data !== state.csv?.name) {
    return `This link was made with the data set “${shorten(settings.data)}”: load that file to use it.`;
  }
  return null;
}

/** Calls `fn` ~`delay` ms after the last edit of rows, noise or seed. */
function onGeneratedEdit(fn, delay = 300) {
  let timer = 0;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(fn, delay);
  };
  for (const el of [d.rows, d.noise, d.seed]) {
    el.addEventListener('input', later);
    el.addEventListener('change', later);
  }
}

/** Connects the panel's controls. */
export function bindDataPanel() {
  onGeneratedEdit(regenerate);
  d.select.addEventListener('change', loadChosen);
  d.fileInput.addEventListener('change', () => {
    const file = d.fileInput.files?.[0];
    d.fileInput.value = '';
    loadFile(file);
  });
  d.pasteText.addEventListener('paste', onPaste);
  d.pasteLoad.addEventListener('click', () => {
    const text = d.pasteText.value;
    if (!text.trim()) {
      showDataError('pasted text: nothing to load');
      return;
    }
    if (!inputSizeOk(utf8Size(text, state.catalog.limits.max_input_bytes), 'pasted text')) return;
    loadCsv({ text }, 'pasted.csv');
  });
  d.labelSelect.addEventListener('change', () => {
    if (d.labelSelect.value === '') return;
    const source = state.pendingCsv ?? state.csv;
    if (source) loadCsv(source.source, source.name, Number(d.labelSelect.value));
  });

  // Drag and drop a file onto the data panel; elsewhere a drop must not open the file.
  for (const type of ['dragover', 'drop']) window.addEventListener(type, (e) => e.preventDefault());
  d.panel.addEventListener('dragover', (e) => {
    e.preventDefault();
    d.panel.classList.add('dragging');
  });
  d.panel.addEventListener('dragleave', () => d.panel.classList.remove('dragging'));
  d.panel.addEventListener('drop', (e) => {
    e.preventDefault();
    d.panel.classList.remove('dragging');
    loadFile(e.dataTransfer?.files?.[0]);
  });
}
