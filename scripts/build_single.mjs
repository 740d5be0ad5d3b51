#!/usr/bin/env node
// build_single.mjs — the one-file page: index.html, its CSS, every module of www/ and the
// wasm in ONE html file that works opened from disk (file://), offline:
//   node scripts/build_single.mjs [ROOT] [OUT]     (defaults: the repo root, ROOT/dist/tunelab.html)
// `make dist` runs it after `make wasm`. The bundling is esbuild's (tools/, `make setup-tools`).
//
// How:
//   1. The worker (www/worker.js and what it imports) becomes one classic script (IIFE):
//      from file:// a page cannot start a module worker, but it can start a classic one
//      from a Blob URL.
//   2. The page (www/main.js and what it imports) becomes one ES module, with the wasm
//      inlined once per build (with and without SIMD), as base64 (esbuild's base64
//      loader), and the worker's script as text.
//   3. Three modules of www/ are written for the served page and replaced here, and only
//      they: wasm.js (starts the wasm; here it hands the glue the inlined bytes of the
//      build wasm-flavour.js picks), spawn-worker.js (starts a worker; here from a Blob
//      URL of the worker's script, preceded by the picked build's name and base64, so the
//      file holds each build once) and
//      builtin-data.js (fetches a built-in set's CSV from www/data/; here every file of
//      www/data/ is inlined as text, in the page's script only).
//   4. index.html's stylesheet link becomes a <style>, its module script an inline one,
//      and its Content-Security-Policy one for this file: the inline script and style by
//      their SHA-256 hashes, the worker from blob:, nothing from anywhere else.
// Anything else index.html or the modules refer to (an absolute URL, a file outside the
// repository, a module that does not exist) stops the build with esbuild's message.

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(process.argv[2] || path.join(here, '..'));
const OUT = path.resolve(process.argv[3] || path.join(ROOT, 'dist', 'tunelab.html'));
const WWW = path.join(ROOT, 'www');
const GLUE = path.join(WWW, 'pkg', 'tunelab.js');
const WASM = path.join(WWW, 'pkg', 'tunelab_bg.wasm');
/** The build without SIMD (www/wasm-flavour.js): both are inlined, the page picks one. */
const WASM_SCALAR = path.join(WWW, 'pkg', 'tunelab_scalar_bg.wasm');
const FLAVOUR = path.join(WWW, 'wasm-flavour.js');
/** The built-in data sets' CSV files (builtin-data.js fetches them when served). */
const DATA = path.join(WWW, 'data');
const DATA_FILES = (await readdir(DATA)).filter((f) => /^[a-z_]+\.csv$/.test(f)).sort();

/** Stops the build with a message. */
function fail(message) {
  console.error(`build_single: ${message}`);
  process.exit(1);
}

let esbuild;
try {
  esbuild = createRequire(path.join(here, '..', 'tools', 'package.json'))('esbuild');
} catch (err) {
  fail(`esbuild is not installed in tools/: run \`make setup-tools\` (${err.message})`);
}
for (const file of [GLUE, WASM, WASM_SCALAR]) if (!existsSync(file)) fail(`${path.relative(ROOT, file)} is missing: run \`make wasm\` first`);

/** Decodes base64 to bytes (the text of this function is copied into the bundles). */
const DECODE = `function tunelabBytes(b64) {
  const s = atob(b64);
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}`;

/**
 * The replacements of www/wasm.js and www/spawn-worker.js for one bundle: `page` (the
 * wasm's base64 imported once; workers started from a Blob URL of `workerSource`) or
 * the worker (the wasm's base64 from the line the page puts before its script).
 */
function singleFilePlugin({ page, workerSource = '' }) {
  const replaced = {
    [path.join(WWW, 'wasm.js')]: 'wasm',
    [path.join(WWW, 'spawn-worker.js')]: 'spawn',
    [path.join(WWW, 'builtin-data.js')]: 'builtin',
  };
  const sources = {
    wasm: page
      ? `import init from ${JSON.stringify(GLUE)};
import { requireWasm, startError, wasmFlavour } from ${JSON.stringify(FLAVOUR)};
import simdBase64 from ${JSON.stringify(WASM)};
import scalarBase64 from ${JSON.stringify(WASM_SCALAR)};
${DECODE}
export const WASM_FLAVOUR = wasmFlavour();
export const WASM_BASE64 = WASM_FLAVOUR === 'simd' ? simdBase64 : scalarBase64;
export default async function startWasm() {
  requireWasm();
  try { await init({ module_or_path: tunelabBytes(WASM_BASE64) }); } catch (err) { throw startError(err); }
  return WASM_FLAVOUR;
}`
      : `import init from ${JSON.stringify(GLUE)};
${DECODE}
export default async function startWasm() { await init({ module_or_path: tunelabBytes(self.TUNELAB_WASM_BASE64) }); return self.TUNELAB_WASM_FLAVOUR; }`,
    spawn: `import { WASM_BASE64, WASM_FLAVOUR } from ${JSON.stringify(path.join(WWW, 'wasm.js'))};
const WORKER_SOURCE = ${JSON.stringify(workerSource)};
let url = null;
export function spawnWorker() {
  url ??= URL.createObjectURL(new Blob(['self.TUNELAB_WASM_FLAVOUR = ', JSON.stringify(WASM_FLAVOUR), '; self.TUNELAB_WASM_BASE64 = "', WASM_BASE64, '";\\n', WORKER_SOURCE], { type: 'text/javascript' }));
  return new Worker(url);
}`,
    builtin: `${DATA_FILES.map((f, i) => `import text${i} from ${JSON.stringify(path.join(DATA, f))};`).join('\n')}
const TEXTS = new Map([${DATA_FILES.map((f, i) => `[${JSON.stringify(f.replace(/\.csv$/, ''))}, text${i}]`).join(', ')}]);
export async function builtinPayload(name) { return TEXTS.has(name) ? { name, text: TEXTS.get(name) } : { name }; }`,
  };
  return {
    name: 'tunelab-single-file',
    setup(build) {
      build.onResolve({ filter: /^\.\/(wasm|spawn-worker|builtin-data)\.js$/ }, (args) => {
        const file = path.resolve(args.resolveDir, args.path);
        return replaced[file] ? { path: file, namespace: 'tunelab-single' } : undefined;
      });
      build.onResolve({ filter: /wasm\.js$/, namespace: 'tunelab-single' }, (args) => ({ path: args.path, namespace: 'tunelab-single' }));
      build.onResolve({ filter: /.*/, namespace: 'tunelab-single' }, (args) => ({ path: args.path }));
      build.onLoad({ filter: /.*/, namespace: 'tunelab-single' }, (args) => ({
        contents: sources[replaced[args.path]],
        loader: 'js',
        resolveDir: WWW,
      }));
    },
  };
}

/** Options every bundle shares. */
const common = {
  bundle: true,
  write: false,
  minify: true,
  legalComments: 'none',
  platform: 'browser',
  target: 'es2022',
  absWorkingDir: ROOT,
  loader: { '.wasm': 'base64', '.csv': 'text' },
  // wasm-bindgen's glue names import.meta.url for the wasm file it would fetch; both
  // bundles hand it the bytes instead, so that line never runs.
  logOverride: { 'empty-import-meta': 'silent' },
  logLevel: 'error',
};

/** The one output file of an esbuild result, as text. */
const textOf = (result) => result.outputFiles[0].text;

/** `'sha256-…'` of `text` for a CSP. */
const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Replaces the one match of `pattern` in `html` with `replacement`, or stops. */
function replaceOnce(html, pattern, replacement, what) {
  const matches = html.match(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`)) ?? [];
  if (matches.length !== 1) fail(`index.html: expected exactly one ${what}, found ${matches.length}`);
  return html.replace(pattern, () => replacement);
}

async function main() {
  const worker = textOf(
    await esbuild.build({ ...common, entryPoints: [path.join(WWW, 'worker.js')], format: 'iife', plugins: [singleFilePlugin({ page: false })] }),
  );
  const script = textOf(
    await esbuild.build({
      ...common,
      entryPoints: [path.join(WWW, 'main.js')],
      format: 'esm',
      banner: { js: 'globalThis.TUNELAB_SINGLE_FILE = true;' },
      plugins: [singleFilePlugin({ page: true, workerSource: worker })],
    }),
  );
  const style = textOf(
    await esbuild.build({ ...common, entryPoints: [path.join(WWW, 'style.css')], loader: { '.png': 'dataurl', '.svg': 'dataurl', '.woff2': 'dataurl' } }),
  );
  if (/<\/script/i.test(script)) fail('the bundled script contains "</script"');
  if (/<\/style/i.test(style)) fail('the bundled style contains "</style"');

  const policy = [
    "default-src 'none'",
    `script-src ${sha256(script)} 'wasm-unsafe-eval'`,
    'worker-src blob:',
    `style-src ${sha256(style)}`,
    'img-src data: blob:',
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

  let html = await readFile(path.join(ROOT, 'index.html'), 'utf8');
  html = replaceOnce(html, /<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${policy}">`, 'Content-Security-Policy meta tag');
  html = replaceOnce(html, /<link rel="stylesheet" href="www\/style\.css">/, `<style>${style}</style>`, 'stylesheet link to www/style.css');
  html = replaceOnce(html, /<script type="module" src="www\/main\.js"><\/script>/, `<script type="module">${script}</script>`, 'module script www/main.js');
  const left = html.match(/\b(?:src|href)="(?!data:|#)[^"]*"/);
  if (left) fail(`index.html still refers to a file: ${left[0]}`);

  await mkdir(path.dirname(OUT), { recursive: true });
  await writeFile(OUT, html);
  const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(`build_single: wrote ${path.relative(process.cwd(), OUT) || OUT} (${kb(Buffer.byteLength(html))}; script ${kb(script.length)}, worker ${kb(worker.length)}, style ${kb(style.length)})`);
}

await main();
