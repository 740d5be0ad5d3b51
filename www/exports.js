// exports.js — the Export buttons: cv_results_ as CSV, the report as JSON, a chart as
// PNG, the search as a scikit-learn script (the core writes it). Downloads only.

import { REQUEST, CancelledError } from './protocol.js';
import { CHART_LABELS, canvases, pngCanvas } from './charts.js';
import { canvasPng, download, downloadText } from './download.js';
import { cvResultsCsv, reportJson } from './teach.js';
import { hooks, state } from './store.js';
import { $, setStatus } from './util.js';

const dom = {
  csv: $('export-csv'),
  json: $('export-json'),
  png: $('export-png'),
  sklearn: $('export-sklearn'),
};

/** Names the chart "chart PNG" saves: the one last used. */
export function showPngTarget() {
  dom.png.textContent = `chart PNG (${CHART_LABELS[state.focusChart] ?? state.focusChart})`;
}

/**
 * Says what an export did on the status line and beside the buttons (on a phone the
 * status line is screens above them).
 */
function said(text, kind) {
  setStatus(text, kind);
  const note = $('export-note');
  note.textContent = text;
  note.dataset.kind = kind;
  note.hidden = false;
}

/** Enables the buttons when there are results to export. */
export function updateExportButtons() {
  const has = Boolean(state.report);
  for (const el of Object.values(dom)) el.disabled = !has;
}

/** Saves chart `name` as tunelab_NAME.png (a chart without data: says so). */
export async function savePng(name) {
  const canvas = canvases[name];
  if (!canvas || canvas.dataset.drawn !== '1' || canvas.closest('[hidden]')) {
    said(`The ${CHART_LABELS[name] ?? name} chart has nothing drawn to save yet.`, 'warn');
    return;
  }
  try {
    download(await canvasPng(pngCanvas(name)), `tunelab_${name}.png`);
    said(`Saved tunelab_${name}.png.`, 'ok');
  } catch (err) {
    said(`Could not save the chart: ${err.message}`, 'error');
  }
}

/** The scikit-learn script of the shown search (and the data file it reads, for a large CSV). */
async function saveSklearn() {
  if (!state.report) return;
  try {
    const script = await state.client.call(REQUEST.SKLEARN_SCRIPT, state.report.config);
    downloadText(script, 'tunelab_search.py', 'text/x-python');
    if (script.includes('tunelab_data.csv')) {
      downloadText(await state.client.call(REQUEST.DATA_CSV), 'tunelab_data.csv', 'text/csv');
      said('Saved tunelab_search.py and the data it reads, tunelab_data.csv: keep them in one folder.', 'ok');
    } else {
      said('Saved tunelab_search.py: run it with python3 where scikit-learn is installed.', 'ok');
    }
  } catch (err) {
    if (!(err instanceof CancelledError)) said(`Could not write the scikit-learn script: ${err.message}`, 'error');
  }
}

/** Connects the Export buttons and remembers the chart last used (for "chart PNG"). */
export function bindExports() {
  hooks.savePng = savePng;
  hooks.showPngTarget = showPngTarget;
  dom.csv.addEventListener('click', () => {
    if (!state.report) return;
    downloadText(cvResultsCsv(state.report.result.cv_results), 'cv_results.csv', 'text/csv');
    said('Saved cv_results.csv.', 'ok');
  });
  dom.json.addEventListener('click', () => {
    if (!state.report) return;
    downloadText(reportJson(state.report.result), 'tunelab_report.json', 'application/json');
    said('Saved tunelab_report.json.', 'ok');
  });
  dom.png.addEventListener('click', () => savePng(state.focusChart));
  dom.sklearn.addEventListener('click', saveSklearn);
  const charts = document.querySelector('.charts');
  const remember = (event) => {
    const name = event.target.closest?.('figure[data-chart]')?.dataset.chart;
    if (name) {
      state.focusChart = name;
      showPngTarget();
    }
  };
  charts.addEventListener('pointerdown', remember);
  charts.addEventListener('focusin', remember);
  updateExportButtons();
  showPngTarget();
}
