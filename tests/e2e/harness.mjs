// Shared helpers for TuneLab's browser tests (`node --test tests/e2e/`).
//
// A test does:
//
//   import { test, before, after } from 'node:test';
//   import { startSession } from './harness.mjs';
//   let s;
//   before(async () => { s = await startSession(); });   // server + fresh Chromium
//   after(async () => { await s?.close(); });
//   test('loads', async () => {
//     const page = await s.openPage('index.html');      // waits for body[data-ready="1"]
//     await s.screenshot(page, 'loaded');                 // tests/e2e/screenshots/loaded.png
//     s.assertClean();                                    // no console error, no outside request
//   });
//
// Always close the session in `after` (not at the end of a test): a test that throws
// before its own close() would leave Chromium running and `node --test` waiting.
//
// What it guarantees:
// - a static server on 127.0.0.1 and a free port (never a fixed one), serving the repo
//   root by default (index.html at the top, www/pkg built by `make wasm`), with the
//   MIME types modules and wasm need (.js/.mjs text/javascript, .wasm application/wasm);
// - Debian's /usr/bin/chromium (override with $CHROMIUM) driven by playwright-core from
//   tools/node_modules, with the flags below (CHROMIUM_ARGS) and a fresh
//   --user-data-dir that is deleted at the end;
// - every request of the pages and their workers is recorded; any that would leave the
//   machine (anything but http://127.0.0.1, data:, blob:, file:, about:) is aborted and
//   recorded in `external`, and `assertClean()` fails on it;
// - console errors, uncaught page/worker errors, failed requests and HTTP >= 400 answers
//   are collected in `errors`, and `assertClean()` fails on them;
// - `close()` stops the browser and the server and removes the profile.
//
// Page convention: a page sets `document.body.dataset.ready = "1"` once its wasm is
// initialised (and `document.body.dataset.ready = "error"` if it gave up); `openPage`
// waits for one of the two and fails fast on an uncaught error before that.

import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { mkdtemp, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root (two folders above this file). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where `screenshot()` writes (git-ignored). */
export const SCREENSHOT_DIR = path.join(ROOT, 'tests', 'e2e', 'screenshots');

/** Debian's Chromium; never a browser that playwright would download. */
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Root needs --no-sandbox; the rest keep Chromium off the network (without them it keeps trying to reach it). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const require = createRequire(path.join(ROOT, 'tools', 'package.json'));

/** playwright-core from tools/node_modules (installed by `make setup`). */
function playwright() {
  try {
    return require('playwright-core');
  } catch (err) {
    throw new Error(`playwright-core is not installed in tools/: run \`make setup\` (${err.message})`);
  }
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

/**
 * Serves `root` read-only on 127.0.0.1 at a free port.
 * Returns `{ origin, port, root, hits, close }`; `hits` lists the paths asked for.
 */
export async function startServer(root = ROOT) {
  const base = path.resolve(root);
  const hits = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let rel = decodeURIComponent(url.pathname);
    hits.push(rel);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(base, '.' + rel);
    if (file !== base && !file.startsWith(base + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    try {
      const info = await stat(file);
      if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': MIME[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    root: base,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** True for URLs that stay on this machine. */
export function isLocalUrl(u) {
  let url;
  try {
    url = new URL(u);
  } catch {
    return false;
  }
  switch (url.protocol) {
    case 'data:':
    case 'blob:':
    case 'file:':
    case 'about:':
      return true;
    case 'http:':
    case 'https:':
    case 'ws:':
    case 'wss:':
      return url.hostname === '127.0.0.1';
    default:
      return false;
  }
}

/**
 * Starts a server on `root` (default: repo root; pass `null` for none) and a fresh
 * headless Chromium. Returns the session object described at the top of this file.
 */
export async function startSession({ root = ROOT, viewport = { width: 1280, height: 900 } } = {}) {
  const server = root === null ? null : await startServer(root);
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'tunelab-chromium-'));
  let context;
  try {
    context = await playwright().chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      serviceWorkers: 'block',
      timeout: 60_000,
    });
  } catch (err) {
    await server?.close();
    await rm(userDataDir, { recursive: true, force: true });
    throw err;
  }

  /** @type {{url: string, method: string, type: string}[]} */
  const requests = [];
  /** @type {string[]} */
  const external = [];
  /** @type {string[]} */
  const errors = [];

  // Abort (and remember) anything that would leave the machine, from pages and workers.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocalUrl(url)) return route.continue();
    if (!external.includes(url)) external.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (req) => {
    const url = req.url();
    requests.push({ url, method: req.method(), type: req.resourceType() });
    if (!isLocalUrl(url) && !external.includes(url)) external.push(url);
  });
  context.on('requestfailed', (req) => {
    if (isLocalUrl(req.url())) errors.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  context.on('response', (res) => {
    if (res.status() >= 400) errors.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  context.on('console', (msg) => {
    if (msg.type() === 'error') {
      const where = msg.location()?.url ? ` (${msg.location().url}:${msg.location().lineNumber})` : '';
      errors.push(`console.error${msg.worker() ? ' [worker]' : ''}: ${msg.text()}${where}`);
    }
  });
  context.on('weberror', (e) => errors.push(`uncaught: ${e.error()?.stack || e.error()}`));
  // Workers' uncaught errors reach neither of the above in every version: listen per page.
  const watchPage = (page) => {
    page.on('crash', () => errors.push(`page crashed: ${page.url()}`));
  };
  context.on('page', watchPage);
  context.pages().forEach(watchPage);

  const session = {
    server,
    /** `http://127.0.0.1:PORT/` (null when started with `root: null`). */
    baseUrl: server ? `${server.origin}/` : null,
    context,
    requests,
    external,
    errors,

    /** A URL for a path on the server, an absolute URL as is, or a local file as file://. */
    url(target = 'index.html') {
      if (/^[a-z]+:/i.test(target)) return target;
      if (path.isAbsolute(target)) return pathToFileURL(target).href;
      if (!server) throw new Error('session has no server: pass an absolute URL or path');
      return new URL(target.replace(/^\//, ''), session.baseUrl).href;
    },

    /**
     * Opens `target` (server path, absolute URL or absolute file path) in a new tab and,
     * unless `waitReady` is false, waits until the page sets body[data-ready="1"].
     */
    async openPage(target = 'index.html', { waitReady = true, timeout = 60_000 } = {}) {
      const page = await context.newPage();
      const firstErrors = errors.length;
      await page.goto(session.url(target), { waitUntil: 'load', timeout });
      if (waitReady) {
        const ready = page
          .waitForFunction(() => document.body?.dataset.ready === '1' || document.body?.dataset.ready === 'error', null, {
            timeout,
            polling: 50,
          })
          .then(() => page.evaluate(() => document.body.dataset.ready));
        // Fail fast if the page throws before it is ready.
        let timer;
        const failed = new Promise((_, reject) => {
          timer = setInterval(() => {
            const fresh = errors.slice(firstErrors).filter((e) => e.startsWith('uncaught') || e.startsWith('page crashed'));
            if (fresh.length) reject(new Error(`page failed before ready:\n${fresh.join('\n')}`));
          }, 100);
        });
        try {
          const state = await Promise.race([ready, failed]);
          if (state !== '1') {
            throw new Error(`page set data-ready="${state}"; errors so far:\n${errors.join('\n')}`);
          }
        } catch (err) {
          if (errors.length) err.message += `\nerrors:\n${errors.join('\n')}`;
          throw err;
        } finally {
          clearInterval(timer);
          ready.catch(() => {});
        }
      }
      return page;
    },

    /** Saves a full-page PNG as tests/e2e/screenshots/NAME.png and returns its path. */
    async screenshot(page, name) {
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },

    /** Forgets the requests and errors seen so far (e.g. in `beforeEach`). */
    clear() {
      requests.length = 0;
      external.length = 0;
      errors.length = 0;
    },

    /** Throws if any console error or outside request was seen since the last `clear()`. */
    assertClean() {
      const problems = [];
      if (external.length) problems.push(`requests that left 127.0.0.1:\n  ${external.join('\n  ')}`);
      if (errors.length) problems.push(`console/page errors:\n  ${errors.join('\n  ')}`);
      if (problems.length) throw new Error(problems.join('\n'));
    },

    /** Stops the browser and the server and deletes the profile. */
    async close() {
      await context.close().catch(() => {});
      await server?.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
  return session;
}
