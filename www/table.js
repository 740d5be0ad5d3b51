// table.js — the cv_results_ table: scikit-learn's columns, sortable by any header,
// best and selected rows marked; rows select candidates by click or keyboard.

import { state } from './store.js';
import { $, foldNotes, formatScore, formatValue, scrollBelowRun } from './util.js';

const tableEl = $('results-table');

/** The grid's parameter names, from the cv_results columns. */
export function paramNames(cv) {
  return Object.keys(cv)
    .filter((c) => c.startsWith('param_'))
    .map((c) => c.slice('param_'.length));
}

/** The score-column suffix: "score" for one scorer, else the refit scorer's name. */
function scoreSuffix(cv, result) {
  return 'mean_test_score' in cv ? 'score' : result.refit_scorer;
}

/** A fit_status for a table cell: the first fold's note and how many folds had one. */
function shortStatus(status) {
  if (!status || status === 'ok') return status ?? '';
  const { first, folds, notes } = foldNotes(status);
  return folds > 1 ? `${first} (${folds} folds)` : notes > 1 ? `${first} (and more)` : status;
}

/** cv_results columns in seconds, shown in ms. */
const TIME_COLUMNS = ['mean_fit_time', 'mean_score_time'];

/** Seconds as milliseconds with 2 significant digits ("0.061 ms", "12 ms"), or "NaN". */
function formatSeconds(v) {
  if (!Number.isFinite(v)) return 'NaN';
  const ms = Number((v * 1000).toPrecision(2));
  return `${ms.toLocaleString('en', { maximumSignificantDigits: 2 })} ms`;
}

/** Empties the table. */
export function clearTable() {
  tableEl.replaceChildren();
  rows.byIndex = new Map();
  rows.marked = new Set();
}

/** Row of each candidate in the table, and the candidates marked selected now. */
const rows = { byIndex: new Map(), marked: new Set() };

/** The table's columns and the refit scorer's mean column: the core's (report.table), else read from cv_results. */
function tableColumns(report) {
  if (report.table?.columns) return report.table;
  // Data from before the core named the columns.
  const cv = report.result.cv_results;
  const s = scoreSuffix(cv, report.result);
  const columns = [
    ...paramNames(cv).map((n) => `param_${n}`),
    `mean_test_${s}`,
    `std_test_${s}`,
    `rank_test_${s}`,
    `mean_train_${s}`,
    'mean_fit_time',
    'mean_score_time',
    'fit_status',
  ].filter((c) => c in cv);
  return { columns, mean_test: `mean_test_${s}`, max_rows: Infinity };
}

/** Builds the cv_results table, sorted as asked, best and selected rows marked. */
export function renderTable() {
  const { result } = state.report;
  const cv = result.cv_results;
  const { columns, mean_test: meanColumn, max_rows: maxRows } = tableColumns(state.report);
  const n = cv.params.length;
  const order = [...Array(n).keys()];
  const { column, descending } = state.sort;
  if (column) {
    const values = cv[column];
    order.sort((a, b) => {
      const va = values[a];
      const vb = values[b];
      const missingA = va === null || va === undefined || (typeof va === 'number' && Number.isNaN(va));
      const missingB = vb === null || vb === undefined || (typeof vb === 'number' && Number.isNaN(vb));
      if (missingA || missingB) return missingA - missingB || a - b; // missing last, always
      const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
      return (descending ? -c : c) || a - b;
    });
  }

  const head = document.createElement('thead');
  const headRow = head.insertRow();
  const th0 = document.createElement('th');
  th0.textContent = '#';
  headRow.append(th0);
  for (const c of columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.dataset.column = c;
    th.tabIndex = 0;
    th.textContent = c;
    th.title = TIME_COLUMNS.includes(c) ? 'milliseconds per fold; click to sort' : 'click to sort';
    th.setAttribute('aria-sort', c === column ? (descending ? 'descending' : 'ascending') : 'none');
    headRow.append(th);
  }
  const body = document.createElement('tbody');
  const selected = new Set(state.selection);
  rows.byIndex = new Map();
  rows.marked = new Set();
  // The first rows in this order (a 100,000-row table takes the browser minutes).
  for (const i of order.slice(0, maxRows)) {
    const tr = body.insertRow();
    rows.byIndex.set(i, tr);
    tr.dataset.index = String(i);
    tr.tabIndex = 0;
    const status = cv.fit_status?.[i] ?? 'ok';
    const mean = cv[meanColumn]?.[i];
    if (i === result.best_index) tr.classList.add('best');
    if (status !== 'ok') tr.classList.add(Number.isFinite(mean) ? 'warn' : 'failed');
    if (selected.has(i)) {
      tr.classList.add('selected');
      rows.marked.add(i);
    }
    const idx = tr.insertCell();
    idx.textContent = i === result.best_index ? `★ ${i}` : String(i);
    for (const c of columns) {
      const td = tr.insertCell();
      const v = cv[c][i];
      if (c.startsWith('param_')) td.textContent = formatValue(v);
      else if (c === 'fit_status') {
        td.textContent = shortStatus(v);
        td.title = v;
        td.className = 'status-cell';
      } else if (c.startsWith('rank_')) td.textContent = String(v);
      else if (TIME_COLUMNS.includes(c)) td.textContent = formatSeconds(v);
      else td.textContent = formatScore(v);
      if (!c.startsWith('param_') && c !== 'fit_status') td.classList.add('num');
    }
  }
  if (n > maxRows) {
    const more = document.createElement('td');
    more.colSpan = columns.length + 1;
    more.className = 'more-rows';
    more.textContent = `… ${(n - maxRows).toLocaleString('en')} more candidates: sort by a column to bring others to the top; the CSV and JSON exports hold every row.`;
    body.insertRow().append(more);
  }
  // A header sorted from the keyboard keeps the focus in its new copy.
  const focused = tableEl.contains(document.activeElement) ? document.activeElement.dataset?.column : undefined;
  tableEl.replaceChildren(head, body);
  if (focused) head.querySelector(`th[data-column="${CSS.escape(focused)}"]`)?.focus({ preventScroll: true });
}

/** Marks the selected rows without rebuilding the table: only rows whose mark changes are touched. */
export function markSelectedRows() {
  const now = new Set(state.selection);
  for (const i of rows.marked) if (!now.has(i)) rows.byIndex.get(i)?.classList.remove('selected');
  for (const i of now) rows.byIndex.get(i)?.classList.add('selected');
  rows.marked = now;
  // The note of a pick from the table goes once the selection is another (a chart, a new run).
  const picked = document.getElementById('table-picked');
  if (!picked.hidden && picked.dataset.selection !== state.selection.join(',')) picked.hidden = true;
}

/** Sorting by header click / Enter; `onPick(index, add)` for a row click / Enter / space. */
export function bindTable(onPick) {
  const addBox = document.getElementById('table-add');
  const picked = document.getElementById('table-picked');
  // A pick from the table changes the charts far above it: say so, with a way up.
  const pickRow = (index, add) => {
    onPick(index, add || addBox.checked);
    const shown = state.selection.map((i) => `#${i}`);
    if (!shown.length) return;
    const list = shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
    document.getElementById('table-picked-text').textContent = `Showing ${list} in the charts above.`;
    picked.dataset.selection = state.selection.join(',');
    picked.hidden = false;
  };
  document.getElementById('table-to-charts').addEventListener('click', () => {
    scrollBelowRun(document.getElementById('explore-panel'));
  });
  tableEl.addEventListener('click', (e) => {
    const th = e.target.closest('th[data-column]');
    if (th && state.report) {
      const column = th.dataset.column;
      const descending = state.sort.column === column ? !state.sort.descending : column.startsWith('mean_test') || column.startsWith('mean_train');
      state.sort = { column, descending };
      renderTable();
      return;
    }
    const tr = e.target.closest('tbody tr[data-index]');
    if (tr) pickRow(Number(tr.dataset.index), e.shiftKey || e.ctrlKey || e.metaKey);
  });
  tableEl.addEventListener('keydown', (e) => {
    const th = e.target.closest('th[data-column]');
    if (th && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      th.click();
      return;
    }
    const tr = e.target.closest('tbody tr[data-index]');
    if (tr && e.target === tr && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      pickRow(Number(tr.dataset.index), e.shiftKey || e.ctrlKey || e.metaKey);
    }
  });
}
