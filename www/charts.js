// charts.js — the chart canvases (heatmap, validation, loss, trajectory, confusion,
// decision boundary, learning curve, regularisation path, optimism): drawing the core's chart data (the page's own
// wasm instance), sizing for the screen, a title above the canvas where the canvas is
// too narrow for the core's one-line title, the chart's notes (how to read it) as text
// under the canvas, at the page's font size, and for each chart a text alternative: the
// canvas is role="img" with an aria-label that says what it shows, and a "Show data"
// button under it toggles a table built from the same chart data.

import {
  draw_boundary,
  draw_confusion,
  draw_heatmap,
  draw_heatmap_base,
  draw_heatmap_selection,
  draw_learning,
  draw_loss,
  draw_optimism,
  draw_regpath,
  draw_trajectory,
  draw_validation,
  heatmap_cell_at,
  heatmap_frame_cell,
} from './pkg/tunelab.js';
import { REQUEST } from './protocol.js';
import { hooks, state } from './store.js';
import { $, formatScore } from './util.js';

/** Chart name → the wasm function that draws its data. */
const DRAW = {
  heatmap: draw_heatmap,
  validation: draw_validation,
  loss: draw_loss,
  trajectory: draw_trajectory,
  confusion: draw_confusion,
  boundary: draw_boundary,
  learning: draw_learning,
  regpath: draw_regpath,
  optimism: draw_optimism,
};

export const CHART_NAMES = Object.keys(DRAW);

/** What each chart is, for its aria-label before it has data. */
const WHAT = {
  heatmap: 'Heatmap of the mean CV score over two grid parameters',
  validation: 'Validation curve: train and CV score against a grid parameter',
  loss: 'Loss curves: objective per iteration of the selected candidates',
  trajectory: 'Optimiser paths on a plane through the optimum',
  confusion: 'Confusion matrix of the refit model',
  boundary: 'Decision boundary (or fitted curve) of the selected candidate',
  learning: 'Learning curve: train and CV score against the training-set size',
  regpath: 'Regularisation path: each coefficient against the penalty',
  optimism: 'The best CV score against its held-out score over 20 splits',
};

/** Each chart's short name, as buttons and messages name it ("PNG of the heatmap"). */
export const CHART_LABELS = {
  heatmap: 'heatmap',
  validation: 'validation curve',
  loss: 'loss',
  trajectory: 'paths',
  boundary: 'boundary',
  learning: 'learning curve',
  regpath: 'regularisation path',
  confusion: 'confusion matrix',
  optimism: 'optimism',
};

export const canvases = Object.fromEntries(CHART_NAMES.map((n) => [n, $(`chart-${n}`)]));

/** The core's title font at scale 1 (Sizes::title) and its width estimate (text_width). */
const TITLE_PX = 20;
const TITLE_PAD = 10;

/**
 * Below this CSS width the charts are drawn smaller (a phone), down to a floor: the
 * grids (heatmap, confusion matrix) to MIN_SHRINK, the rest to LINE_SHRINK.
 */
const FULL_WIDTH = 480;
const MIN_SHRINK = 0.72;
const LINE_SHRINK = 0.85;
const GRIDS = new Set(['heatmap', 'confusion']);

/**
 * The scale the core draws chart `name` on a canvas `cssWidth` wide with:
 * devicePixelRatio, times a shrink on narrow screens. A grid shrinks most, so that the
 * core's fixed margins (axis titles, colour bar) leave its cells wide enough for their
 * numbers (the core drops a number that would be smaller than 8 px at its scale); the
 * line and point charts less, so that their ticks and legends stay near 12 px.
 */
export function chartScale(cssWidth, name = '') {
  const dpr = window.devicePixelRatio || 1;
  const floor = GRIDS.has(name) ? MIN_SHRINK : LINE_SHRINK;
  return dpr * Math.min(1, Math.max(floor, cssWidth / FULL_WIDTH));
}

/** Sizes a canvas buffer to its CSS size × devicePixelRatio; returns the drawing scale. */
function fitCanvas(canvas, name) {
  const dpr = window.devicePixelRatio || 1;
  const rect = canvas.getBoundingClientRect();
  const w = Math.max(1, Math.round(rect.width * dpr));
  const h = Math.max(1, Math.round(rect.height * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const scale = chartScale(rect.width, name);
  canvas.dataset.scale = String(scale);
  return scale;
}

/** Writes a calm centred message on a canvas (no chart data). */
function drawMessage(canvas, message, dpr) {
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#4d5562';
  ctx.font = `${15 * dpr}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  // Wrap by words to the canvas width.
  const max = canvas.width * 0.9;
  const lines = [];
  let line = '';
  for (const word of String(message).split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > max) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  const step = 20 * dpr;
  lines.forEach((l, i) => ctx.fillText(l, canvas.width / 2, canvas.height / 2 + (i - (lines.length - 1) / 2) * step, max));
}

/**
 * The data to draw on a canvas `cssWidth` wide: when the core's one-line title would
 * not fit (its own estimate: 0.6 em per character), the title goes above the canvas,
 * where it wraps, and the canvas gets none. Returns [data, caption or ''].
 */
function titleFor(data, cssWidth, shrink) {
  const title = typeof data?.title === 'string' ? data.title : '';
  if (!title) return [data, ''];
  const fits = title.length * TITLE_PX * shrink * 0.6 <= cssWidth - 2 * TITLE_PAD * shrink;
  return fits ? [data, ''] : [{ ...data, title: '' }, title];
}

/**
 * Draws chart `name` with `data` (or `message` when data is null) and remembers it.
 * `overlay` changes only what is drawn, not what is remembered (the heatmap's
 * keyboard cursor).
 */
export function drawChart(name, data, message = '', overlay = null) {
  if (!overlay) {
    state.charts[name] = data;
    state.messages[name] = message;
  }
  const canvas = canvases[name];
  canvas.dataset.version = String(Number(canvas.dataset.version ?? 0) + 1);
  const scale = fitCanvas(canvas, name);
  const dpr = window.devicePixelRatio || 1;
  const caption = $(`caption-${name}`);
  if (data === null || data === undefined) {
    if (name === 'heatmap') heat.frame = null;
    drawMessage(canvas, message || 'Run the search to see this chart.', dpr);
    canvas.dataset.drawn = '0';
    caption.hidden = true;
    showNotes(name, []);
    canvas.setAttribute('aria-label', `${WHAT[name]}: ${message || 'no data yet'}`);
    refreshTable(name);
    return;
  }
  let drawn = overlay ?? data;
  if (name === 'heatmap') drawn = heatmapShown(drawn);
  const [shown, title] = titleFor(drawn, canvas.getBoundingClientRect().width, scale / dpr);
  caption.textContent = title;
  caption.hidden = !title;
  try {
    if (name === 'heatmap') {
      drawHeatmapBase(canvas, shown, scale);
      showNotes(name, []);
    } else {
      showNotes(name, DRAW[name](canvas, shown, scale, true));
    }
    canvas.dataset.drawn = '1';
    lastDrawn[name] = drawn;
  } catch (err) {
    drawMessage(canvas, `Could not draw: ${err.message}`, dpr);
    canvas.dataset.drawn = '0';
    showNotes(name, []);
  }
  canvas.setAttribute('aria-label', describe(name, overlay ?? data));
  if (!overlay) refreshTable(name);
  if (name === 'heatmap' && !overlay) showChanceToggle(data);
}

/** The data each chart was last drawn with (an overlay's, while one is shown). */
const lastDrawn = {};

/** Shows chart `name`'s notes under its canvas, one paragraph each (none: hidden). */
function showNotes(name, notes) {
  const box = $(`notes-${name}`);
  const list = Array.isArray(notes) ? notes : [];
  const key = list.join('\n');
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  box.replaceChildren(
    ...list.map((text) => {
      const p = document.createElement('p');
      p.textContent = text;
      return p;
    }),
  );
  box.hidden = list.length === 0;
}

/**
 * The canvas to save as chart `name`'s PNG: the page's own, or, when its notes are
 * shown under it, the same chart drawn again at the same size with its notes in the
 * image (so a saved chart still says how to read it).
 */
export function pngCanvas(name) {
  const canvas = canvases[name];
  const data = lastDrawn[name];
  if (name === 'heatmap' || !data || $(`notes-${name}`).hidden) return canvas;
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  DRAW[name](copy, data, Number(canvas.dataset.scale) || 1, false);
  return copy;
}

/** Redraws every chart at its current size (after a resize). */
export function redrawAll() {
  for (const name of CHART_NAMES) drawChart(name, state.charts[name], state.messages[name]);
  hooks.redrawOverlays();
}

// ------------------------------------------------------------------ text alternatives

/** A number for a table cell: scores as formatScore, other numbers with 4 significant digits. */
function num(v) {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return 'NaN';
  return formatScore(v);
}

/** A parameter's value for a table cell: as written, to 4 significant digits (0.001, 0.0316, 100). */
function paramNum(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}

/** The aria-label of chart `name` with `data`: what it is and its key numbers. */
function describe(name, d) {
  const title = d.title ? `${d.title}. ` : '';
  switch (name) {
    case 'heatmap': {
      const best = d.best ? ` Best cell: ${d.y_label ? `${d.y_label}=${d.y_ticks[d.best[0]]}, ` : ''}${d.x_label}=${d.x_ticks[d.best[1]]}, ${num(d.values[d.best[0]][d.best[1]])}.` : '';
      return `${title}Heatmap of ${d.value_label}: ${d.y_ticks.length} × ${d.x_ticks.length} cells, ${d.x_label} across${d.y_label ? `, ${d.y_label} down` : ''}.${best} Show data gives every value.`;
    }
    case 'validation':
      return `${title}Validation curve of ${d.y_label} against ${d.param_name}, ${d.series.length} series. Show data gives every point.`;
    case 'loss':
      return `${title}${d.y_label} per iteration of ${d.series.map((s) => s.label).join(', ')}. Show data gives the last values.`;
    case 'trajectory':
      return `${title}Optimiser paths of ${d.paths.map((p) => p.label).join(', ')} on ${d.x_label} × ${d.y_label}. Show data gives where each ended.`;
    case 'confusion':
      return `${title}Confusion matrix over ${d.class_names.length} classes. Show data gives the counts.`;
    case 'boundary': {
      const wrong = [...d.train, ...d.test].filter((p) => p.misclassified).length;
      if (d.kind.type === 'curve') {
        return `${title}Fitted curve of ${d.y_label} against ${d.x_label}, with ${d.train.length} training and ${d.test.length} held-out rows. Show data gives points of the curve.`;
      }
      return `${title}Regions of the classes ${d.kind.class_names.join(', ')} over ${d.x_label} × ${d.y_label}; ${d.train.length} training and ${d.test.length} held-out rows, ${wrong} misclassified. Show data gives the counts per class.`;
    }
    case 'learning':
      return `${title}${d.y_label} of training and cross-validation against ${d.x_label}, ${d.sizes.length} sizes. Show data gives every point.`;
    case 'regpath':
      return `${title}${d.series.length} coefficients against ${d.param_name} over ${d.values.length} values. Show data gives the coefficients.`;
    case 'optimism':
      return `${title}Best CV ${d.scorer} and held-out ${d.scorer} over ${d.best_cv.length} splits. Show data gives every split.`;
    default:
      return title;
  }
}

/** A <table> from a caption, a header row and body rows (cells as text; the first of a row is its header). */
function table(caption, head, rows) {
  const t = document.createElement('table');
  t.className = 'data-table';
  const c = document.createElement('caption');
  c.textContent = caption;
  const thead = t.createTHead();
  const hr = thead.insertRow();
  for (const h of head) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    hr.append(th);
  }
  const body = t.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    row.forEach((cell, i) => {
      const el = document.createElement(i === 0 ? 'th' : 'td');
      if (i === 0) el.scope = 'row';
      el.textContent = String(cell);
      tr.append(el);
    });
  }
  t.prepend(c);
  return t;
}

/** The data table of chart `name` (or a note when it has no data). */
export function dataTable(name, d) {
  if (!d) {
    const p = document.createElement('p');
    p.textContent = state.messages[name] || 'No data yet.';
    return p;
  }
  switch (name) {
    case 'heatmap':
      return table(
        `${d.value_label}: ${d.y_label || '(one row)'} down, ${d.x_label} across`,
        [`${d.y_label || ''} \\ ${d.x_label}`, ...d.x_ticks],
        d.y_ticks.map((y, r) => [y, ...d.values[r].map(num)]),
      );
    case 'validation': {
      const several = d.series.length > 1;
      const rows = [];
      for (const s of d.series) {
        s.x.forEach((x, i) => rows.push([
          ...(several ? [s.label] : []),
          x,
          `${num(s.train_mean[i])} ± ${num(s.train_std[i])}`,
          `${num(s.test_mean[i])} ± ${num(s.test_std[i])}`,
        ]));
      }
      // The first cell heads a row: with several series it is the series' label.
      return table(`${d.y_label} against ${d.param_name} (mean ± std over the folds)`, [...(several ? ['series'] : []), d.param_name, 'train', 'CV'], rows);
    }
    case 'loss':
      return table(
        `${d.y_label}: the last iteration of each selected candidate`,
        ['candidate', 'iterations', `last ${d.y_label}`, 'diverged at'],
        d.series.map((s) => [s.label, s.iterations.at(-1) ?? 0, num(s.objective.at(-1)), s.diverged_at ?? '—']),
      );
    case 'trajectory':
      return table(
        `Paths on ${d.x_label} × ${d.y_label}; ${d.star_label || 'optimum'} at (${num(d.optimum[0])}, ${num(d.optimum[1])})`,
        ['candidate', 'points', 'start', 'end', 'diverged'],
        d.paths.map((p) => [
          p.label,
          p.points.length,
          p.points.length ? `(${num(p.points[0][0])}, ${num(p.points[0][1])})` : '—',
          p.points.length ? `(${num(p.points.at(-1)[0])}, ${num(p.points.at(-1)[1])})` : '—',
          p.diverged ? 'yes' : 'no',
        ]),
      );
    case 'confusion':
      return table(
        `${d.title}: true class down, predicted class across`,
        ['true \\ predicted', ...d.class_names],
        d.class_names.map((c, i) => [c, ...d.matrix[i]]),
      );
    case 'boundary': {
      if (d.kind.type === 'curve') {
        const { xs, ys } = d.kind;
        const step = Math.max(1, Math.floor(xs.length / 20));
        const rows = [];
        for (let i = 0; i < xs.length; i += step) rows.push([num(xs[i]), num(ys[i])]);
        return table(`The fitted curve (every ${step === 1 ? '' : `${step}th `}point); ${d.train.length} training rows, ${d.test.length} held out`, [d.x_label, `predicted ${d.y_label}`], rows);
      }
      const count = (points, k, wrong) => points.filter((p) => p.class === k && (!wrong || p.misclassified)).length;
      return table(
        `Rows per true class over ${d.x_label} × ${d.y_label}`,
        ['class', 'training rows', 'of them wrong', 'held-out rows', 'of them wrong'],
        d.kind.class_names.map((c, k) => [c, count(d.train, k), count(d.train, k, true), count(d.test, k), count(d.test, k, true)]),
      );
    }
    case 'learning':
      return table(
        `${d.y_label} against ${d.x_label} (mean ± std over the folds)`,
        [d.x_label, 'train', 'CV'],
        d.sizes.map((n, i) => [n, `${num(d.train_mean[i])} ± ${num(d.train_std[i])}`, `${num(d.test_mean[i])} ± ${num(d.test_std[i])}`]),
      );
    case 'regpath':
      return table(
        `Coefficients against ${d.param_name}`,
        [d.param_name, ...d.series.map((s) => s.name)],
        d.values.map((v, i) => [paramNum(v), ...d.series.map((s) => num(s.coef[i]))]),
      );
    case 'optimism':
      return table(
        `The winner's CV ${d.scorer} and its held-out ${d.scorer}, per split`,
        ['split', 'best CV', 'held out', 'CV − held out'],
        d.best_cv.map((cv, i) => [i, num(cv), num(d.test[i]), num(cv - d.test[i])]),
      );
    default:
      return document.createElement('p');
  }
}

/** Rebuilds chart `name`'s data table if it is shown. */
function refreshTable(name) {
  const box = $(`data-${name}`);
  if (box && !box.hidden) box.replaceChildren(dataTable(name, state.charts[name]));
}

/**
 * Adds under every chart its notes box (filled when the chart is drawn), the PNG and
 * "Show data" buttons and the (hidden) table box.
 */
export function addDataToggles() {
  for (const name of CHART_NAMES) {
    const canvas = canvases[name];
    const notes = document.createElement('div');
    notes.id = `notes-${name}`;
    notes.dataset.testid = `notes-${name}`;
    notes.className = 'chart-notes';
    notes.hidden = true;
    canvas.after(notes);
    const described = canvas.getAttribute('aria-describedby');
    canvas.setAttribute('aria-describedby', described ? `${described} ${notes.id}` : notes.id);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'show-data';
    button.id = `show-data-${name}`;
    button.dataset.testid = `show-data-${name}`;
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-controls', `data-${name}`);
    button.textContent = 'Show data';
    // Eight charts, eight "Show data" and "PNG" buttons: each named for its chart.
    button.setAttribute('aria-label', `Show data: ${CHART_LABELS[name]}`);
    const box = document.createElement('div');
    box.id = `data-${name}`;
    box.dataset.testid = `data-${name}`;
    box.className = 'data-box table-wrap';
    box.hidden = true;
    button.addEventListener('click', () => {
      const open = box.hidden;
      box.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
      button.textContent = open ? 'Hide data' : 'Show data';
      button.setAttribute('aria-label', `${button.textContent}: ${CHART_LABELS[name]}`);
      if (open) box.replaceChildren(dataTable(name, state.charts[name]));
    });
    const png = document.createElement('button');
    png.type = 'button';
    png.className = 'show-data';
    png.dataset.testid = `png-${name}`;
    png.textContent = 'PNG';
    png.title = 'Save this chart as a PNG image';
    png.setAttribute('aria-label', `PNG of the ${CHART_LABELS[name]}`);
    png.addEventListener('click', () => hooks.savePng(name));
    const foot = document.createElement('div');
    foot.className = 'chart-foot';
    foot.append(png, button);
    canvas.closest('figure').append(foot, box);
  }
}

// ------------------------------------------------------------------ heatmap selection

/**
 * The heatmap as last drawn: its base image (no selection outlines) kept in an
 * offscreen canvas, the core's frame (where its cells are), the scale, and each cell's
 * candidate as a Map. A new selection copies the base back and has the core draw only
 * the outlines — no worker round trip, no chart data sent to the core again.
 */
const heat = { base: null, frame: null, scale: 1, cellOf: null, cellsFor: null };

/** Draws the heatmap's base image with the core and keeps it, then outlines its selection. */
function drawHeatmapBase(canvas, data, scale) {
  heat.frame = draw_heatmap_base(canvas, data, scale) ?? null;
  heat.scale = scale;
  heat.base ??= document.createElement('canvas');
  heat.base.width = canvas.width;
  heat.base.height = canvas.height;
  heat.base.getContext('2d').drawImage(canvas, 0, 0);
  if (heat.frame) draw_heatmap_selection(canvas, heat.frame, selectionCells(data), scale);
}

/** The cells the core outlines for heatmap data `d`: the selected one, then the others. */
function selectionCells(d) {
  return [d.selected, ...(d.also_selected ?? [])].filter(Boolean);
}

/** Candidate → [row, col] of heatmap data `d` (built once per data). */
function cellIndex(d) {
  if (heat.cellsFor !== d.candidates) {
    heat.cellOf = new Map();
    (d.candidates ?? []).forEach((line, r) => line.forEach((i, c) => i !== null && i !== undefined && heat.cellOf.set(i, [r, c])));
    heat.cellsFor = d.candidates;
  }
  return heat.cellOf;
}

/** The candidate heatmap cell [row, col] shows, or null (empty cell, or data without candidates). */
export function heatmapCandidate(row, col) {
  return state.charts.heatmap?.candidates?.[row]?.[col] ?? null;
}

/**
 * Marks candidates `selection` (the last is the current one) on the heatmap as the core
 * would (`selected`, `also_selected` in row-major order) and redraws only the outlines.
 * Returns false when the heatmap cannot do that (no data or no cell candidates).
 */
export function showHeatmapSelection(selection) {
  const d = state.charts.heatmap;
  if (!d?.candidates?.length) return false;
  const where = cellIndex(d);
  const last = selection.at(-1);
  const selected = where.get(last) ?? null;
  const also = [...new Set(selection.slice(0, -1))]
    .filter((i) => i !== last && where.has(i))
    .map((i) => where.get(i))
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  state.charts.heatmap = { ...d, selected, also_selected: also };
  outlineHeatmap(state.charts.heatmap);
  return true;
}

/**
 * Redraws heatmap data `d` whose cells and values are those drawn and only its
 * outlines may differ: the base image copied back and the outlines drawn over it; the
 * whole chart when the key changes (a selected cell appears or goes) or the canvas
 * was resized.
 */
function outlineHeatmap(d, overlay = null) {
  const canvas = canvases.heatmap;
  const shown = overlay ?? d;
  const sameSize = heat.base && heat.base.width === canvas.width && heat.base.height === canvas.height;
  if (!heat.frame || !sameSize || Boolean(shown.selected) !== heat.frame.selected_key) {
    drawChart('heatmap', d, state.messages.heatmap, overlay);
    return;
  }
  canvas.getContext('2d').drawImage(heat.base, 0, 0);
  draw_heatmap_selection(canvas, heat.frame, selectionCells(shown), heat.scale);
  canvas.dataset.version = String(Number(canvas.dataset.version ?? 0) + 1);
  canvas.setAttribute('aria-label', describe('heatmap', shown));
}

// ------------------------------------------------------------------ heatmap input

/** The heatmap cell at a pointer event, or null. */
export function heatmapCellAt(event) {
  const data = state.charts.heatmap;
  if (!data) return null;
  const canvas = canvases.heatmap;
  const rect = canvas.getBoundingClientRect();
  const x = ((event.clientX - rect.left) * canvas.width) / rect.width;
  const y = ((event.clientY - rect.top) * canvas.height) / rect.height;
  // The frame of the drawn chart maps the pixel without sending the chart data to the core.
  if (heat.frame && heat.base?.width === canvas.width && heat.base?.height === canvas.height) {
    return heatmap_frame_cell(heat.frame, x, y) ?? null;
  }
  return heatmap_cell_at(data, Number(canvas.dataset.scale), canvas.width, canvas.height, x, y) ?? null;
}

/** The keyboard cursor on the heatmap ([row, col]) or null. */
let cursor = null;

/** Describes cell [r, c] of the heatmap for the live region. */
function cellText(d, [r, c]) {
  const where = `${d.y_label ? `${d.y_label}=${d.y_ticks[r]}, ` : ''}${d.x_label}=${d.x_ticks[c]}`;
  return `${where}: ${d.value_label} ${num(d.values[r][c])}. Enter selects it, shift+Enter adds it.`;
}

/**
 * Arrow keys move a cursor over the heatmap's cells (drawn as the selected cell);
 * Enter / space call `onPick(row, col, add)`; Escape removes the cursor.
 */
export function bindHeatmapKeys(onPick) {
  const canvas = canvases.heatmap;
  const live = $('cursor-heatmap');
  const show = () => {
    const d = state.charts.heatmap;
    if (!d || !cursor) return;
    outlineHeatmap(d, { ...d, selected: cursor });
    live.textContent = cellText(d, cursor);
  };
  canvas.addEventListener('keydown', (e) => {
    const d = state.charts.heatmap;
    if (!d) return;
    const rows = d.y_ticks.length;
    const cols = d.x_ticks.length;
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (moves[e.key]) {
      e.preventDefault();
      const start = cursor ?? d.selected ?? d.best ?? [0, 0];
      const [dr, dc] = cursor ? moves[e.key] : [0, 0];
      cursor = [Math.min(Math.max(start[0] + dr, 0), rows - 1), Math.min(Math.max(start[1] + dc, 0), cols - 1)];
      show();
    } else if ((e.key === 'Enter' || e.key === ' ') && cursor) {
      e.preventDefault();
      onPick(cursor[0], cursor[1], e.shiftKey || e.ctrlKey || e.metaKey);
    } else if (e.key === 'Escape' && cursor) {
      cursor = null;
      outlineHeatmap(state.charts.heatmap);
    }
  });
  canvas.addEventListener('blur', () => {
    if (!cursor) return;
    cursor = null;
    live.textContent = '';
    if (state.charts.heatmap) outlineHeatmap(state.charts.heatmap);
  });
}

/** Forgets the heatmap cursor (new heatmap data). */
export function resetHeatmapCursor() {
  cursor = null;
}

// ------------------------------------------------------------------ heatmap tooltip, chance colours

/** The heatmap data as drawn: the "colour from chance level" choice applied. */
function heatmapShown(d) {
  if (!d || state.chanceOverride === null || d.chance === null || d.chance === undefined) return d;
  return { ...d, colour_from_chance: state.chanceOverride };
}

/** Shows the "colour from chance level" box when the heatmap has a chance level; ticks it as drawn. */
function showChanceToggle(d) {
  const has = Boolean(d) && d.chance !== null && d.chance !== undefined;
  $('chance-label').hidden = !has;
  if (has) $('colour-chance').checked = heatmapShown(d).colour_from_chance;
}

/** Hover texts asked of the worker for a heatmap too large to carry them: candidate → text. */
const asked = { report: null, texts: new Map(), pending: null };

/**
 * The hover text of heatmap cell [r, c]: from the data, or for a large heatmap (no
 * texts in its data) from the worker, once per candidate; null until it arrives
 * (`onText` is then called with it, if the pointer is still there).
 */
function tooltipText(d, [r, c], onText) {
  if (d.tooltips?.length) return d.tooltips[r]?.[c] || null;
  const i = d.candidates?.[r]?.[c];
  if (i === null || i === undefined || !state.report || state.report.detached || state.machine.running) return null;
  if (asked.report !== state.report) Object.assign(asked, { report: state.report, texts: new Map(), pending: null });
  if (asked.texts.has(i)) return asked.texts.get(i);
  if (asked.pending !== i) {
    asked.pending = i;
    const report = state.report;
    state.client
      .call(REQUEST.TOOLTIP, { index: i })
      .then((text) => {
        if (asked.report !== report) return;
        asked.texts.set(i, text ?? null);
        if (asked.pending === i) onText(text);
      })
      .catch(() => {});
  }
  return null;
}

/** Shows the tooltip of heatmap cell [r, c] at (x, y) in the figure's CSS pixels, or hides it. */
function showTooltip(cell, x = 0, y = 0) {
  const tip = $('heatmap-tooltip');
  const d = state.charts.heatmap;
  if (!cell) asked.pending = null;
  const text = cell && d && tooltipText(d, cell, () => showTooltip(cell, x, y));
  if (!text) {
    tip.hidden = true;
    return;
  }
  tip.textContent = text;
  tip.hidden = false;
  const figure = tip.parentElement.getBoundingClientRect();
  const w = tip.offsetWidth;
  const left = Math.min(Math.max(4, x + 14), figure.width - w - 4);
  const top = y + 18 + tip.offsetHeight > figure.height ? y - tip.offsetHeight - 10 : y + 18;
  tip.style.left = `${left}px`;
  tip.style.top = `${Math.max(4, top)}px`;
}

/** The heatmap's per-cell tooltip (pointer and keyboard cursor) and its chance-colour box. */
export function bindHeatmapTooltip() {
  const canvas = canvases.heatmap;
  canvas.addEventListener('mousemove', (event) => {
    const figure = canvas.closest('figure').getBoundingClientRect();
    showTooltip(heatmapCellAt(event), event.clientX - figure.left, event.clientY - figure.top);
  });
  canvas.addEventListener('mouseleave', () => showTooltip(null));
  canvas.addEventListener('blur', () => showTooltip(null));
  canvas.addEventListener('keyup', () => {
    // The keyboard cursor's numbers go to the live region too; the tooltip sits at the canvas's corner.
    const box = canvas.getBoundingClientRect();
    const figure = canvas.closest('figure').getBoundingClientRect();
    if (cursor) showTooltip(cursor, box.left - figure.left - 6, box.top - figure.top - 10);
  });
  $('colour-chance').addEventListener('change', (e) => {
    state.chanceOverride = e.target.checked;
    drawChart('heatmap', state.charts.heatmap, state.messages.heatmap);
  });
}
