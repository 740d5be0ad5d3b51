// datasets.js — the data-set picker: built-in sets, generated teaching sets (with their
// rows / noise / seed, regenerated as they change) and the CSV entry. The names, sizes
// and noise levels come from the core's catalog().

const $ = (id) => document.getElementById(id);

export const dataDom = {
  select: $('dataset-select'),
  csvOption: $('csv-option'),
  generatedRow: $('generated-row'),
  rows: $('data-rows'),
  noise: $('data-noise'),
  seed: $('data-seed'),
};

/** The catalog entry of data set `name`, or undefined (e.g. a CSV). */
export function datasetInfo(catalog, name) {
  return catalog.datasets.find((d) => d.name === name);
}

/**
 * Fills the picker with <optgroup>s: Built in; Generated — classification; Generated —
 * regression; Your data (the CSV entry, kept as the element index.html has).
 */
export function fillDatasetSelect(catalog) {
  const group = (label, entries) => {
    const g = document.createElement('optgroup');
    g.label = label;
    for (const d of entries) {
      const option = document.createElement('option');
      option.value = d.name;
      option.textContent = d.generated ? d.name : `${d.name}${d.regression ? ' (numeric target)' : ''}`;
      g.append(option);
    }
    return g;
  };
  const { datasets } = catalog;
  const csv = document.createElement('optgroup');
  csv.label = 'Your data';
  csv.append(dataDom.csvOption);
  dataDom.select.replaceChildren(
    group('Built in', datasets.filter((d) => !d.generated)),
    group('Generated — classification', datasets.filter((d) => d.generated && !d.regression)),
    group('Generated — regression', datasets.filter((d) => d.generated && d.regression)),
    csv,
  );
  dataDom.rows.max = String(catalog.limits.max_generated_rows);
}

/** Shows the rows / noise / seed inputs for generated set `entry` (hides them otherwise). */
export function showGenerated(entry, spec = null) {
  const generated = Boolean(entry?.generated);
  dataDom.generatedRow.hidden = !generated;
  if (!generated) return;
  dataDom.rows.value = String(spec?.n_samples ?? entry.n_samples);
  dataDom.noise.value = String(spec?.noise ?? entry.noise);
  dataDom.seed.value = String(spec?.seed ?? 0);
}

/**
 * The generated-set spec from the inputs: `{ kind, n_samples, noise, seed }`; throws a
 * message naming the input (the core checks the rest, e.g. the largest noise).
 */
export function readGeneratedSpec(kind, limits) {
  const rows = Number(dataDom.rows.value);
  const noise = dataDom.noise.value.trim() === '' ? NaN : Number(dataDom.noise.value);
  const seed = Number(dataDom.seed.value);
  const max = limits.max_generated_rows;
  const bad = (el, message) => Object.assign(new Error(message), { control: el });
  if (!Number.isInteger(rows) || rows < 1 || rows > max) throw bad(dataDom.rows, `rows: give a whole number from 1 to ${max.toLocaleString('en')}`);
  if (!(noise >= 0)) throw bad(dataDom.noise, 'noise: give a number ≥ 0');
  if (!Number.isInteger(seed) || seed < 0) throw bad(dataDom.seed, 'seed: give a whole number ≥ 0');
  return { kind, n_samples: rows, noise, seed };
}

/** Marks the generated-set input `el` invalid (or clears all marks when `el` is null). */
export function markGeneratedInvalid(el) {
  for (const input of [dataDom.rows, dataDom.noise, dataDom.seed]) {
    if (input === el) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-errormessage', 'data-error');
    } else {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-errormessage');
    }
  }
}

/** Calls `onChange` ~300 ms after the last edit of rows, noise or seed. */
export function onGeneratedEdit(onChange, delay = 300) {
  let timer = 0;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, delay);
  };
  for (const el of [dataDom.rows, dataDom.noise, dataDom.seed]) {
    el.addEventListener('input', later);
    el.addEventListener('change', later);
  }
}
