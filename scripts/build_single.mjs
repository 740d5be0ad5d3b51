#!/usr/bin/env node
// build_single.mjs — turns the served page (index.html + www/ + www/pkg) into ONE html
// file that works from file://, offline: `node scripts/build_single.mjs [ROOT] [OUT]`
// (defaults: the repo root and dist/tunelab.html). `make dist` runs it after `make wasm`.
// Node built-ins only: no bundler, no dependency.
//
// How it works
//   1. index.html: each <link rel="stylesheet" href="REL"> becomes a <style> with the file
//      inlined (url(REL) inside it becomes a data: URL); each classic <script src="REL">
//      is inlined; <img src="REL"> and <link rel="icon" href="REL"> become data: URLs;
//      each <script type="module" src="REL"> is an entry of the module graph.
//   2. From the entries it follows, in every .js/.mjs module,
//        import … from './x.js'   import './x.js'   export … from './x.js'
//        import('./x.js')         new URL('./x.js' | 'x.wasm' | …, import.meta.url)
//      and takes every file so reached: modules (rewritten) and assets (wasm, json, csv,
//      images, stored as base64).
//   3. The output carries them all in one inline <script type="module"> loader that, in
//      dependency order, makes a Blob URL for each asset and each module (after putting
//      the Blob URLs of its dependencies in place of the relative specifiers), then imports
//      the entries. So `new Worker(new URL('./worker.js', import.meta.url), {type:'module'})`
//      becomes a module worker from a Blob URL (module workers from file:// fail; from
//      blob: they work), and the wasm-bindgen glue's own
//      `new URL('tunelab_bg.wasm', import.meta.url)` becomes a Blob URL of the wasm bytes,
//      so a plain `await init()` works in the page and in the worker alike.
//
// Conventions the page's JS must keep (checked here; the build fails loudly otherwise)
//   - index.html loads CSS with <link rel="stylesheet" href="www/…"> and the code with
//     <script type="module" src="www/main.js"></script>; no inline module script with
//     imports, no CDN, no absolute URL (http:, https:, //host) anywhere.
//   - Modules refer to each other only with string-literal relative specifiers
//     ('./protocol.js', './pkg/tunelab.js'), never computed ones; no bare specifiers
//     (no import map, no bundler).
//   - The worker is created exactly as
//       new Worker(new URL('./worker.js', import.meta.url), { type: 'module' })
//     (a string literal inside `new URL(…, import.meta.url)`), never `new Worker('www/worker.js')`.
//   - wasm is initialised with a bare `await init()` (or `init({ module_or_path: new
//     URL('./pkg/tunelab_bg.wasm', import.meta.url) })`), in main.js and in worker.js.
//   - Other files the page needs at run time (sample CSVs…) are reached the same way,
//     `fetch(new URL('./data/x.csv', import.meta.url))`, and live under www/.
//   - import.meta.url is used only inside `new URL('literal', import.meta.url)`: in the
//     single file every module's import.meta.url is a blob: URL, which has no folders.
//   - No cycles between modules (the loader needs a dependency order).
//   - The page may check `globalThis.TUNELAB_SINGLE_FILE === true` (set by the loader
//     before the entries run; only in the page, not the worker) to say e.g. "offline copy".
//   - Readiness: the page sets document.body.dataset.ready = "1" after init (the browser
//     tests wait for it, for index.html and for this file alike).
//   - HTML that only makes sense when served (say, a link to dist/tunelab.html) can be
//     wrapped in <!-- tunelab:http-only --> … <!-- /tunelab:http-only -->: it is dropped
//     from the single file.
//   - In the single file, `new Worker(url)` for a module of the page is a classic worker
//     (see the loader below): the worker code must not rely on being a module worker
//     beyond what import() gives it, i.e. top-level await and static imports are fine
//     (they are in the module it imports), but `import.meta` in worker.js is a blob: URL.

import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(process.argv[2] || path.join(here, '..'));
const OUT = path.resolve(process.argv[3] || path.join(ROOT, 'dist', 'tunelab.html'));

const MIME = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.csv': 'text/csv',
  '.txt': 'text/plain',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};
const mimeOf = (file) => MIME[path.extname(file).toLowerCase()] || 'application/octet-stream';
const isModule = (file) => /\.m?js$/i.test(file);
const isAbsoluteUrl = (s) => /^([a-z][a-z0-9+.-]*:|\/\/)/i.test(s);

/** Stops the build with a message that says where and what. */
function fail(msg) {
  console.error(`build_single: ${msg}`);
  process.exit(1);
}

/** Line number of `index` in `text` (for messages). */
const lineOf = (text, index) => text.slice(0, index).split('\n').length;

/** Resolves `spec` (relative to the file `from`) to a file inside ROOT, or fails. */
function resolveFile(from, spec, where) {
  const clean = spec.split(/[?#]/)[0];
  const file = path.resolve(path.dirname(from), clean);
  if (file !== ROOT && !file.startsWith(ROOT + path.sep)) fail(`${where}: '${spec}' points outside ${ROOT}`);
  if (!existsSync(file) || !statSync(file).isFile()) {
    const hint = file.includes(`${path.sep}pkg${path.sep}`) ? ' (run `make wasm` first)' : '';
    fail(`${where}: '${spec}' -> ${path.relative(ROOT, file)} does not exist${hint}`);
  }
  return file;
}

/** A data: URL for a file. */
async function dataUrl(file) {
  return `data:${mimeOf(file)};base64,${(await readFile(file)).toString('base64')}`;
}

// ---------------------------------------------------------------- module graph

/** file -> { file, text (modules), deps: Set<file>, refs: [{start,end,file,kind}] } */
const nodes = new Map();

const RE_STATIC = /\b(import|export)(\s*(?:[\w$*{}\s,]+?\s*from\s*)?)(['"])([^'"\n]+)\3/g;
const RE_DYNAMIC = /\bimport\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g;
const RE_NEW_URL = /\bnew\s+URL\s*\(\s*(['"])([^'"\n]+)\1\s*,\s*import\.meta\.url\s*\)/g;

/** Reads a module and every file it reaches, depth first. */
async function visit(file, stack = []) {
  if (stack.includes(file)) {
    fail(`import cycle: ${[...stack, file].map((f) => path.relative(ROOT, f)).join(' -> ')}`);
  }
  if (nodes.has(file)) return;
  const rel = path.relative(ROOT, file);
  if (!isModule(file)) {
    nodes.set(file, { file, deps: new Set(), refs: [] });
    return;
  }
  const text = await readFile(file, 'utf8');
  const node = { file, text, deps: new Set(), refs: [] };
  const add = (start, end, spec, kind) => {
    const where = `${rel}:${lineOf(text, start)}`;
    if (isAbsoluteUrl(spec)) fail(`${where}: absolute URL '${spec}' (the page must work offline)`);
    if (kind !== 'url' && !spec.startsWith('./') && !spec.startsWith('../')) {
      fail(`${where}: bare specifier '${spec}' (no bundler: use a relative path)`);
    }
    const target = resolveFile(file, spec, where);
    node.deps.add(target);
    node.refs.push({ start, end, target, kind });
  };
  for (const m of text.matchAll(RE_STATIC)) {
    // `import.meta` and `import(` are not static imports.
    if (m[1] === 'import' && /^\s*[.(]/.test(text.slice(m.index + 6))) continue;
    if (m[1] === 'export' && !/\bfrom\s*$/.test(m[2])) continue;
    const specStart = m.index + m[1].length + m[2].length;
    add(specStart, specStart + m[4].length + 2, m[4], 'static');
  }
  for (const m of text.matchAll(RE_DYNAMIC)) add(m.index, m.index + m[0].length, m[2], 'dynamic');
  for (const m of text.matchAll(RE_NEW_URL)) add(m.index, m.index + m[0].length, m[2], 'url');
  // Any import.meta.url left over would see a blob: URL with no folders.
  const withoutNewUrl = text.replace(RE_NEW_URL, '');
  const stray = withoutNewUrl.search(/import\.meta\.url/);
  if (stray >= 0) {
    console.warn(
      `build_single: warning: ${rel}:${lineOf(withoutNewUrl, stray)} uses import.meta.url outside ` +
        `new URL('literal', import.meta.url); in the single file it is a blob: URL`,
    );
  }
  nodes.set(file, node);
  for (const dep of node.deps) await visit(dep, [...stack, file]);
}

/** Dependencies before dependents. */
function order(entries) {
  const out = [];
  const seen = new Set();
  const walk = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const dep of nodes.get(file).deps) walk(dep);
    out.push(file);
  };
  entries.forEach(walk);
  return out;
}

/** The module's text with each reference replaced by a placeholder for its Blob URL. */
function rewrite(node, index) {
  let text = node.text;
  const refs = [...node.refs].sort((a, b) => b.start - a.start);
  for (const r of refs) {
    const ph = JSON.stringify(`__TUNELAB_URL_${index.get(r.target)}__`);
    const replacement =
      r.kind === 'static' ? ph : r.kind === 'dynamic' ? `import(${ph})` : `new URL(${ph})`;
    text = text.slice(0, r.start) + replacement + text.slice(r.end);
  }
  return text;
}

// ---------------------------------------------------------------- run-time pieces
// These two functions are copied into the output with Function.prototype.toString, so
// they may use only their arguments and browser globals.

/** Makes a Blob URL for each item named in `ids` (dependencies first); returns id -> URL. */
function link(items, ids) {
  const urls = {};
  for (const i of ids) {
    const item = items[i];
    let body;
    if (item.b64 !== undefined) {
      const s = atob(item.b64);
      body = new Uint8Array(s.length);
      for (let k = 0; k < s.length; k++) body[k] = s.charCodeAt(k);
    } else {
      body = item.text.replace(/__TUNELAB_URL_(\d+)__/g, (_, n) => urls[n]);
    }
    urls[i] = URL.createObjectURL(new Blob([body], { type: item.mime }));
  }
  return urls;
}

/** In a classic worker: holds messages, imports the module `url`, then delivers them. */
function bootTail(url) {
  const held = [];
  const hold = (e) => {
    held.push(e);
    e.stopImmediatePropagation();
  };
  self.addEventListener('message', hold);
  import(url).then(
    () => {
      self.removeEventListener('message', hold);
      for (const e of held) self.dispatchEvent(new MessageEvent('message', { data: e.data, ports: [...e.ports] }));
    },
    (err) => {
      // Surface the failure as the worker's error event, as a failed module worker would.
      setTimeout(() => {
        throw err;
      });
    },
  );
}

// ---------------------------------------------------------------- html

async function main() {
  const indexFile = path.join(ROOT, 'index.html');
  if (!existsSync(indexFile)) fail(`${indexFile} does not exist`);
  let html = await readFile(indexFile, 'utf8');
  const entries = [];

  // Tags we rewrite, one regex over all tags so positions stay simple.
  const tags = [...html.matchAll(/<(link|script|img)\b([^>]*)>(?:\s*<\/script>)?/gi)];
  const attr = (attrs, name) => attrs.match(new RegExp(`\\b${name}\\s*=\\s*(["'])(.*?)\\1`, 'i'))?.[2];
  const pieces = [];
  let last = 0;
  for (const m of tags) {
    const [whole, tag, attrs] = m;
    const where = `index.html:${lineOf(html, m.index)}`;
    let replacement = null;
    const name = tag.toLowerCase();
    if (name === 'link') {
      const rel = (attr(attrs, 'rel') || '').toLowerCase();
      const href = attr(attrs, 'href');
      if (href && isAbsoluteUrl(href) && !href.startsWith('data:')) fail(`${where}: absolute URL '${href}'`);
      if (href && !href.startsWith('data:')) {
        const file = resolveFile(indexFile, href, where);
        if (rel.split(/\s+/).includes('stylesheet')) {
          let css = await readFile(file, 'utf8');
          const urls = [...css.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)].reverse();
          for (const u of urls) {
            if (u[2].startsWith('data:') || u[2].startsWith('#')) continue;
            if (isAbsoluteUrl(u[2])) fail(`${path.relative(ROOT, file)}: absolute URL '${u[2]}'`);
            const asset = resolveFile(file, u[2], path.relative(ROOT, file));
            css = css.slice(0, u.index) + `url("${await dataUrl(asset)}")` + css.slice(u.index + u[0].length);
          }
          replacement = `<style>\n${css.replace(/<\/style/gi, '<\\/style')}\n</style>`;
        } else {
          replacement = whole.replace(href, await dataUrl(file));
        }
      }
    } else if (name === 'img') {
      const src = attr(attrs, 'src');
      if (src && isAbsoluteUrl(src) && !src.startsWith('data:')) fail(`${where}: absolute URL '${src}'`);
      if (src && !src.startsWith('data:')) replacement = whole.replace(src, await dataUrl(resolveFile(indexFile, src, where)));
    } else {
      const src = attr(attrs, 'src');
      const type = (attr(attrs, 'type') || '').toLowerCase();
      if (src) {
        if (isAbsoluteUrl(src)) fail(`${where}: absolute URL '${src}'`);
        if (!/<\/script>$/i.test(whole)) fail(`${where}: write <script src=…></script> with nothing between`);
        const file = resolveFile(indexFile, src, where);
        if (type === 'module') {
          entries.push(file);
          replacement = ''; // the loader imports it
        } else {
          const js = await readFile(file, 'utf8');
          replacement = `<script>\n${js.replace(/<\/script/gi, '<\\/script')}\n</script>`;
        }
      } else if (type === 'module') {
        const body = html.slice(m.index + whole.length, html.indexOf('</script>', m.index));
        if (/\bimport\b/.test(body)) fail(`${where}: inline module script with imports; put it in www/ and load it with src`);
      }
    }
    if (replacement !== null) {
      pieces.push(html.slice(last, m.index), replacement);
      last = m.index + whole.length;
    }
  }
  pieces.push(html.slice(last));
  html = pieces.join('');
  if (entries.length === 0) fail('index.html has no <script type="module" src="…"></script>');

  for (const entry of entries) await visit(entry);
  const files = order(entries);
  const index = new Map(files.map((f, i) => [f, i]));
  const items = [];
  let wasmBytes = 0;
  for (const file of files) {
    const node = nodes.get(file);
    const deps = [...node.deps].map((d) => index.get(d));
    const name = path.relative(ROOT, file);
    if (node.text !== undefined) {
      items.push({ name, mime: 'text/javascript', deps, text: rewrite(node, index) });
    } else {
      const bytes = await readFile(file);
      if (file.endsWith('.wasm')) wasmBytes += bytes.length;
      items.push({ name, mime: mimeOf(file), deps, b64: bytes.toString('base64') });
    }
  }
  // Modules reached through `new URL('./x.js', import.meta.url)` may become workers:
  // each gets the list of what it needs, dependencies first.
  const workers = {};
  for (const node of nodes.values()) {
    for (const r of node.refs) {
      if (r.kind !== 'url' || !isModule(r.target)) continue;
      const i = index.get(r.target);
      workers[i] = order([r.target]).map((f) => index.get(f));
    }
  }

  // `<` as \u003c keeps `</script>` and `<!--` in module text from ending the script.
  const json = (v) =>
    JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  const loader = `<script type="module">
// TuneLab single-file loader, written by scripts/build_single.mjs: each module and asset
// below becomes a Blob URL (dependencies first), then the page's entry modules run.
// From file:// Chromium refuses module workers and a worker cannot read the page's Blob
// URLs, so \`new Worker(<a module below>, {type: 'module'})\` starts a classic worker that
// makes its own Blob URLs from its share of the items and import()s its entry; messages
// sent to it meanwhile are held and delivered once the entry has run.
const items = ${json(items)};
const entries = ${json(entries.map((f) => index.get(f)))};
const workers = ${json(workers)};
${link.toString()}
const urls = link(items, [...items.keys()]);
const boots = new Map();
for (const [entry, needs] of Object.entries(workers)) {
  const share = {};
  for (const i of needs) share[i] = items[i];
  const src = [
    'const items = ' + JSON.stringify(share).replace(/</g, '\\\\u003c') + ';',
    link.toString(),
    'const urls = link(items, ' + JSON.stringify(needs) + ');',
    ${JSON.stringify(bootTail.toString())},
    'bootTail(urls[' + Number(entry) + ']);',
  ].join('\\n');
  boots.set(urls[Number(entry)], src);
}
const NativeWorker = globalThis.Worker;
const made = new Map();
globalThis.Worker = class TunelabWorker extends NativeWorker {
  constructor(url, options = {}) {
    const src = boots.get(String(url));
    if (src === undefined) {
      super(url, options);
      return;
    }
    if (!made.has(src)) made.set(src, URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
    super(made.get(src), { ...options, type: 'classic' });
  }
};
globalThis.TUNELAB_SINGLE_FILE = true;
for (const i of entries) await import(urls[i]);
</script>`;

  // The loader goes where the last entry script was… simplest: at the end of <body>.
  if (/<\/body>/i.test(html)) html = html.replace(/<\/body>(?![\s\S]*<\/body>)/i, `${loader}\n</body>`);
  else html += `\n${loader}\n`;
  html = html.replace(/<!--\s*tunelab:http-only\s*-->[\s\S]*?<!--\s*\/tunelab:http-only\s*-->/g, '');

  await mkdir(path.dirname(OUT), { recursive: true });
  await writeFile(OUT, html);
  const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(
    `build_single: wrote ${path.relative(process.cwd(), OUT) || OUT} (${kb(Buffer.byteLength(html))}; ` +
      `${files.length} files inlined, wasm ${kb(wasmBytes)})`,
  );
}

await main();
