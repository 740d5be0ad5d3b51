// store.js — what the page knows, shared by its modules, and the hooks main.js wires
// between them (so that panels need not import each other). The worker holds the data.

import { RunMachine } from './run-machine.js';

export const state = {
  /** @type {import('./protocol.js').WorkerClient | null} */
  client: null,
  workerReady: false,
  /** The core's catalog(): models, data sets, scorers, limits (set at start). */
  catalog: null,
  /** Summary of the loaded data set. */
  summary: null,
  /** What the data panel shows for it (data-panel.js: summary line, label choices, preview). */
  display: null,
  /**
   * The loaded CSV ({ source, name, label, labelIndex, target }; source: { file } — a
   * File, read only in the workers — or { text }); null = not a CSV.
   */
  csv: null,
  /** A CSV that failed to load, kept so that its label can be picked: { source, name }. */
  pendingCsv: null,
  /** The CSV load in flight, if any: { ticket, name } (Cancel stops it; data-panel.js). */
  loading: null,
  /** The loaded built-in or generated set when no CSV is: { name, spec } (spec: generated only). */
  dataset: { name: 'iris', spec: null },
  /** The run's lifecycle (run-machine.js): idle → running → done | cancelled | failed. */
  machine: new RunMachine(),
  /** The last search's report, the config and settings it ran with. */
  report: null,
  /** Selected candidates (indices into cv_results), the most recent last. */
  selection: [],
  selectionToken: 0,
  /** Each chart's last data (null: a message instead) and message. */
  charts: {
    heatmap: null, validation: null, loss: null, trajectory: null, confusion: null,
    boundary: null, learning: null, regpath: null, optimism: null,
  },
  /** The user's "colour from chance level" choice (null: as the core sends it). */
  chanceOverride: null,
  /** The chart last used (clicked, focused or a lesson's focus), for "chart PNG". */
  focusChart: 'heatmap',
  messages: {},
  sort: { column: null, descending: false },
  /** Whether the settings can run (no error). */
  settingsOk: false,
  /** Controls a teacher hid with NAME_hide=1, lesson/iter from the link. */
  hidden: [],
  lesson: {},
  /** The view a link asked for (selection, plane, heatmap axes), applied after the next run. */
  pendingView: null,
  /** The keys of the last view applied that its results had no place for (results.js: applyView). */
  viewUnused: [],
  /** Fits per second of the last run: { data, fitsPerSecond }. */
  speed: null,
  lastRunMs: null,
  lastRunMessage: null,
  readyAt: null,
};

/** Functions main.js provides to the panels. */
export const hooks = {
  settingsChanged: () => {},
  clearResults: (_message) => {},
  replaceCrashedWorker: async (_err) => {},
  /** The worker was started, replaced or became ready (run.js: the buttons). */
  workerChanged: () => {},
  /** The boundary's features as view properties ({ bx, by }, or {} for the data's default pair) (explore.js). */
  boundaryView: () => ({}),
  /** Applies a link's boundary features, if the data has them; returns the keys it could not use (explore.js). */
  applyBoundaryView: (_view) => [],
  /** The stale note and what else depends on the settings shown (main.js). */
  settingsShown: () => {},
  /** Fills the pickers that depend on new data (plane, boundary) before the switch; restores them and throws on failure. */
  prepareData: (_summary) => {},
  /** New data are in use: forget the results of the old (main.js). */
  dataLoaded: (_summary) => {},
  markField: (_field, _model) => {},
  /** A CSV load started or ended (state.loading): run.js's buttons and progress bar. */
  loadingChanged: () => {},
  /** A CSV load's progress { done, total, phase } in bytes (run.js: the progress bar). */
  loadProgress: (_name, _progress) => {},
  writeHash: () => {},
  /** The core's plan of a search (main.js: plan_for_summary), or null without data. */
  plan: (_config) => null,
  /** After the loss and trajectory charts of a new selection are drawn (explore.js). */
  selectionDrawn: (_selection) => {},
  /** The view to show after a run when none is asked for (a lesson's candidate). */
  defaultView: (_report) => null,
  /** A search stopped running: finished, failed or cancelled (main.js: a change it held back). */
  runEnded: () => {},
  /** After a run's results are shown (lessons: the optimism experiment). */
  afterRun: (_report) => {},
  /** Redraws what is drawn over the remembered chart data (a playback frame). */
  redrawOverlays: () => {},
  /** A report's results were shown (before its selection is drawn). */
  resultsShown: () => {},
  /** The results were cleared (new data, a failed first run). */
  resultsCleared: () => {},
  /** The chart the current lesson is about (null without a lesson). */
  lessonFocus: () => null,
  /** Saves chart `name` as a PNG (exports.js). */
  savePng: (_name) => {},
  /** Names the chart "chart PNG" saves, after the focus chart changed (exports.js). */
  showPngTarget: () => {},
};

/** Read-only hook for the browser tests and the console: the page's state and last report. */
globalThis.tunelab = {
  state,
  get lastReport() {
    return state.report;
  },
  /** The heatmap's data as drawn (values, ticks, selected cells). */
  get heatmap() {
    return state.charts.heatmap;
  },
};
globalThis.__tunelab = globalThis.tunelab;
