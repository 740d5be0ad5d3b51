// util.js — small helpers shared by the page's modules: element lookup, the status
// line, number formats, <select> filling. User text reaches the DOM only as textContent.

import { fillPicker, pickerOffers } from './picker.js';

/** The element with id `id`. */
export const $ = (id) => document.getElementById(id);

/** Shows what happened on the status line. */
export function setStatus(text, kind = 'info') {
  const status = $('status');
  status.textContent = text;
  status.dataset.kind = kind;
}

/**
 * Scrolls `el` to the top of the screen, just below the Run panel where that is
 * pinned (sticky) there, so that the panel does not cover its start.
 */
export function scrollBelowRun(el) {
  keepBelowRun(el);
  el.scrollIntoView({ block: 'start', behavior: 'instant' });
}

/** Sets `el`'s scroll margin so that scrolling it to the top leaves it below a pinned Run panel. */
export function keepBelowRun(el) {
  const panel = $('run-panel');
  const pinned = getComputedStyle(panel).position === 'sticky';
  el.style.scrollMarginTop = `${pinned ? Math.ceil(panel.getBoundingClientRect().height) + 8 : 8}px`;
}

/**
 * Keeps the keyboard's focus in sight: an element focused under the pinned Run panel
 * (Shift+Tab scrolls it in at the top of the screen, where the panel covers it) is
 * scrolled to just below the panel.
 */
export function keepFocusBelowRun() {
  document.addEventListener('focusin', (event) => {
    const el = event.target;
    const panel = $('run-panel');
    if (!(el instanceof Element) || panel.contains(el) || getComputedStyle(panel).position !== 'sticky') return;
    // After the browser's own scrolling to the focused element.
    requestAnimationFrame(() => {
      const p = panel.getBoundingClientRect();
      const r = el.getBoundingClientRect();
      const beside = r.right <= p.left || r.left >= p.right; // the panel covers its own column only
      const under = p.bottom + 8 - r.top;
      if (!beside && under > 0 && document.activeElement === el) window.scrollBy({ top: -under, behavior: 'instant' });
    });
  });
}

/** A duration in ms as "12 ms" or "1.23 s". */
export function formatDuration(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

const SCORE_DIGITS = 4;

/**
 * A score with 4 decimals, or with 4 significant digits when 4 decimals would hide
 * them (an MSE of 0.0059 or of 7.04e+5), or "NaN".
 */
export function formatScore(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'NaN';
  const a = Math.abs(v);
  if (a === 0 || (a >= 0.01 && a < 1000)) return v.toFixed(SCORE_DIGITS);
  if (a >= 1000 && a < 1e5) return v.toFixed(1);
  return v.toPrecision(SCORE_DIGITS).replace('e+', 'e');
}

/**
 * "mean ± std" with the std to the mean's decimals (-2907.5 ± 341.2, not ± 341.1938);
 * in the mean's notation when that has an exponent.
 */
export function formatScoreStd(mean, std) {
  const m = formatScore(mean);
  if (typeof std !== 'number' || !Number.isFinite(std) || /[eN]/.test(m)) return `${m} ± ${formatScore(std)}`;
  const dot = m.indexOf('.');
  return `${m} ± ${std.toFixed(dot < 0 ? 0 : m.length - dot - 1)}`;
}

/** A parameter value as sklearn would print it. */
export function formatValue(v) {
  if (v === null || v === undefined) return '—';
  return String(v);
}

/**
 * Replaces a <select>'s children with an <option> per [value, label] (at most
 * picker.js's PICKER_CAP shown, the rest behind a search box); keeps `selected` if offered.
 */
export function fillSelect(select, options, selected) {
  fillPicker(select, options, selected);
}

/** Whether `select` offers `value` (shown or behind its search box). */
export function offers(select, value) {
  return pickerOffers(select, value);
}

/**
 * A fit_status ("fold 0: …; folds 1–3: …; folds 2, 4: …") as its first note without
 * the folds it names, and how many folds had a note: `{ first, folds }`.
 */
export function foldNotes(status) {
  const notes = String(status ?? '').split('; ').filter(Boolean);
  const folds = new Set();
  for (const note of notes) {
    const m = /^folds? ([\d–, ]+): /.exec(note);
    if (!m) continue;
    for (const part of m[1].split(', ')) {
      const [a, b = a] = part.split('–').map(Number);
      for (let f = a; f <= b; f++) folds.add(f);
    }
  }
  return { first: (notes[0] ?? '').replace(/^folds? [\d–, ]+: /, ''), folds: folds.size, notes: notes.length };
}
