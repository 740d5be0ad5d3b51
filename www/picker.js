// picker.js — bounded <select>s: however many choices a data set brings (10,000 columns,
// 130,000 weights), a <select> holds at most PICKER_CAP options; the rest are reached
// through a search box beside it that filters by name or number. Options are appended
// one by one (never spread into a call: `replaceChildren(...array)` overflows the stack
// at ~130,000 arguments), long names are shortened with the full text in `title`, and
// user text reaches the DOM only as textContent.

/** The most options a picker shows at once. */
export const PICKER_CAP = 200;

/** Characters of a choice's name shown in a picker or table before it is shortened. */
export const NAME_CHARS = 60;

/** `text` cut to `max` characters with "…" (whole when it fits). */
export function shorten(text, max = NAME_CHARS) {
  const s = String(text);
  if (s.length <= max) return s;
  // Cut on a code point boundary, never inside a surrogate pair.
  return `${Array.from(s.slice(0, max + 1)).slice(0, max - 1).join('')}…`;
}

/** Sets `el`'s text to `text` shortened, with the full text on hover when it was cut. */
export function setShortText(el, text, max = NAME_CHARS) {
  const full = String(text);
  const short = shorten(full, max);
  el.textContent = short;
  if (short !== full) el.title = full;
  else el.removeAttribute('title');
}

/** select → { choices: [value, label][], find: <input> | null } */
const lists = new WeakMap();

/** One <option>. */
function option(value, label, disabled = false) {
  const o = document.createElement('option');
  o.value = String(value);
  setShortText(o, label);
  o.disabled = disabled;
  return o;
}

/**
 * The choices of `select` to show for `query` (empty: the first PICKER_CAP): those
 * whose name contains it (ignoring case) or whose value or 1-based position is it;
 * `keep` (the chosen value) is always among them. Returns { shown, matched }.
 */
function visibleChoices(choices, query, keep) {
  const q = query.trim().toLowerCase();
  const shown = [];
  let matched = 0;
  let kept = false;
  for (let i = 0; i < choices.length; i++) {
    const [value, label] = choices[i];
    const hit = q === '' || String(label).toLowerCase().includes(q) || String(value) === q || String(i + 1) === q;
    if (!hit) continue;
    matched++;
    if (shown.length < PICKER_CAP) {
      shown.push(choices[i]);
      if (String(value) === String(keep)) kept = true;
    }
  }
  if (!kept && keep !== undefined && keep !== null) {
    const chosen = choices.find(([v]) => String(v) === String(keep));
    if (chosen) shown.unshift(chosen);
  }
  return { shown, matched };
}

/** The search box beside a capped `select` (made on first need, hidden with the select via CSS). */
function findBox(select) {
  const entry = lists.get(select);
  if (entry.find) return entry.find;
  const find = document.createElement('input');
  find.type = 'search';
  find.className = 'picker-find';
  find.spellcheck = false;
  find.dataset.for = select.id;
  if (select.dataset.testid) find.dataset.testid = `${select.dataset.testid}-find`;
  find.setAttribute('aria-label', `find among the choices of ${select.getAttribute('aria-label') || select.id}`);
  // Typing filters (the choice stays); Enter picks the first match, as a typed number would.
  find.addEventListener('input', () => render(select, find.value, select.value));
  find.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const [first] = visibleChoices(lists.get(select).choices, find.value, null).shown;
    if (!first || String(first[0]) === select.value) return;
    render(select, find.value, first[0]);
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
  select.after(find);
  entry.find = find;
  return find;
}

/** Rebuilds `select`'s options for `query`, keeping `keep` chosen when it is a choice. */
function render(select, query, keep) {
  const { choices } = lists.get(select);
  const { shown, matched } = visibleChoices(choices, query, keep);
  const fragment = document.createDocumentFragment();
  for (const [value, label, disabled] of shown) fragment.append(option(value, label, Boolean(disabled)));
  const capped = choices.length > PICKER_CAP;
  if (capped) {
    const rest = matched - Math.min(matched, PICKER_CAP);
    const note = query.trim()
      ? `${matched.toLocaleString('en')} of ${choices.length.toLocaleString('en')} match${rest ? ` (${PICKER_CAP} shown)` : ''}`
      : `… ${rest.toLocaleString('en')} more: type a name or number in the box`;
    if (rest || query.trim()) fragment.append(option('', note, true));
  }
  select.replaceChildren(fragment);
  if (shown.length) {
    const wanted = shown.some(([v]) => String(v) === String(keep)) ? keep : shown[0][0];
    select.value = String(wanted);
  }
  select.dataset.choices = String(choices.length);
  const find = capped ? findBox(select) : lists.get(select).find;
  if (find) {
    find.hidden = !capped;
    find.placeholder = `find 1 of ${choices.length.toLocaleString('en')}`;
  }
}

/**
 * Fills `select` with `choices` ([value, label] pairs, or [value, label, true] for one
 * that cannot be chosen, e.g. a prompt; any number of them), showing at most
 * PICKER_CAP and offering a search box for the rest; chooses `selected` if it is a choice.
 */
export function fillPicker(select, choices, selected) {
  const entry = lists.get(select) ?? { choices: [], find: null };
  entry.choices = choices;
  lists.set(select, entry);
  if (entry.find) entry.find.value = '';
  render(select, '', selected);
}

/** Whether `select`'s choices (shown or not) include `value`. */
export function pickerOffers(select, value) {
  const entry = lists.get(select);
  if (!entry) return [...select.options].some((o) => o.value === String(value));
  return entry.choices.some(([v]) => String(v) === String(value));
}

/** Chooses `value` in `select`, bringing it into the shown options when it was not; false if it is no choice. */
export function pickerSet(select, value) {
  const entry = lists.get(select);
  if (!entry) {
    select.value = String(value);
    return select.value === String(value);
  }
  if (!pickerOffers(select, value)) return false;
  if (![...select.options].some((o) => o.value === String(value) && !o.disabled)) render(select, entry.find?.value ?? '', value);
  select.value = String(value);
  return true;
}

/** How many choices `select` has, shown or not. */
export function pickerSize(select) {
  return lists.get(select)?.choices.length ?? select.options.length;
}
