// fold.js — on a narrow screen (the one-column layout: a phone, a narrow window) the
// settings fold away under a button in the sticky Run panel, so that the page opens on
// its results rather than on two screens of settings. The button names what is set
// (data set and model) and unfolds them; a setting that needs fixing (a field marked
// invalid, a data or model message) unfolds them by itself. Wide screens show the
// settings beside the results, always, and never show the button.

import { $, scrollBelowRun } from './util.js';

/** The width at which the layout turns to one column (style.css's breakpoint). */
const NARROW = '(max-width: 899px)';

const dom = {
  controls: $('settings'),
  toggle: $('settings-toggle'),
  digest: $('settings-digest'),
  runPanel: $('run-panel'),
  summary: $('data-summary'),
  model: $('model-select'),
};

let folded = false;

/** Shows the settings folded or not, and says so on the button. */
function apply() {
  dom.controls.classList.toggle('folded', folded);
  dom.toggle.setAttribute('aria-expanded', String(!folded));
}

/** The settings' messages that are shown. */
const shownErrors = () => [...dom.controls.querySelectorAll('.error')].filter((e) => !e.hidden && e.textContent.trim() !== '');

/** Something in the settings the reader must see: a field marked invalid, or a shown message. */
function needsAttention() {
  return Boolean(dom.controls.querySelector('[aria-invalid="true"]')) || shownErrors().length > 0;
}

/**
 * Scrolls the settings' first shown message into view (mid-screen) unless it is in
 * view already: a page opened on settings that need a change (a link naming a
 * regression set with a classifier) says so where the reader looks.
 */
export function revealSettingsError() {
  const el = shownErrors()[0];
  if (!el) return;
  const box = el.getBoundingClientRect();
  if (box.top < dom.runPanel.getBoundingClientRect().bottom || box.bottom > window.innerHeight) {
    el.scrollIntoView({ block: 'center', behavior: 'instant' });
  }
}

/**
 * The button's short account of the settings, the model first (a long data set name is
 * cut at the end, not the model): "LogisticRegression · iris (150 × 4)".
 */
function updateDigest() {
  const summary = dom.summary.textContent;
  const m = /^(.*): (\d+) rows · (\d+) features?/.exec(summary);
  const data = m ? `${m[1]} (${m[2]} × ${m[3]})` : '';
  const option = dom.model.selectedOptions[0];
  const model = option ? option.textContent.replace(/\s*\(.*\)\s*$/, '') : '';
  dom.digest.textContent = [model, data].filter(Boolean).join(' · ');
}

/**
 * Folds the settings when the page opens on a narrow screen, and connects the button.
 * Resizing does not fold them again: what the reader opened stays open.
 */
export function bindSettingsFold() {
  folded = matchMedia(NARROW).matches && !needsAttention();
  apply();
  dom.toggle.addEventListener('click', () => {
    folded = !folded;
    apply();
    if (!folded) scrollBelowRun(dom.controls);
  });
  // A message or a marked field appearing while folded unfolds the settings.
  new MutationObserver(() => {
    if (folded && needsAttention()) {
      folded = false;
      apply();
    }
  }).observe(dom.controls, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-invalid', 'hidden'] });
  new MutationObserver(updateDigest).observe(dom.summary, { subtree: true, childList: true, characterData: true });
  new MutationObserver(updateDigest).observe(dom.model, { subtree: true, childList: true });
  dom.model.addEventListener('change', updateDigest);
  updateDigest();
}
