// builtin-data.js — the CSV text of the built-in data sets other than Iris (www/data/),
// which the wasm module does not hold (they were a third of its download): fetched
// from beside this file once per set, when first chosen, and handed to the worker with
// the load request (REQUEST.LOAD_BUILTIN's `text`). Iris is compiled into the core.
// The one-file build (scripts/build_single.mjs) replaces this module with one that
// holds the texts inlined, so it works from file:// without a fetch.

/** The sets served as files beside the page. */
const FILES = new Set(['wine', 'breast_cancer', 'diabetes']);
/** name → the promise of its text. */
const texts = new Map();

/** The text of data/<name>.csv (fetched once; a failed fetch is tried again next time). */
function fetchText(name) {
  if (!texts.has(name)) {
    const url = new URL(`./data/${name}.csv`, import.meta.url);
    const text = fetch(url).then((reply) => {
      if (!reply.ok) throw new Error(`data/${name}.csv: ${reply.status} ${reply.statusText}`.trim());
      return reply.text();
    });
    text.catch(() => texts.delete(name));
    texts.set(name, text);
  }
  return texts.get(name);
}

/**
 * The payload of a LOAD_BUILTIN request for `name`: `{ name, text }` with the set's CSV
 * text, or `{ name }` for Iris (and for a name that is no set, which the core refuses).
 */
export async function builtinPayload(name) {
  return FILES.has(name) ? { name, text: await fetchText(name) } : { name };
}
