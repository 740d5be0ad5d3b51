// Helpers shared by the playground's browser tests (not a test file itself).

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT } from './harness.mjs';

/** The five chart canvases' test ids. */
export const CHARTS = ['chart-heatmap', 'chart-validation', 'chart-loss', 'chart-trajectory', 'chart-confusion'];

/** `[data-testid="ID"]`. */
export const tid = (id) => `[data-testid="${id}"]`;

/**
 * Pixel statistics of a canvas: `ink` = pixels that are not (near) white, `hash` = a
 * checksum of all pixels, `version` = how many times the page has drawn it.
 */
export function canvasStats(page, id) {
  return page.$eval(tid(id), (c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let ink = 0;
    let hash = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      if (!(r > 240 && g > 240 && b > 240)) ink++;
      hash = (Math.imul(hash, 31) + r + 7 * g + 13 * b) >>> 0;
    }
    return {
      ink,
      share: ink / (c.width * c.height),
      hash,
      width: c.width,
      height: c.height,
      drawn: c.dataset.drawn,
      version: Number(c.dataset.version ?? 0),
    };
  });
}

/** Waits until canvas `id` has been drawn more than `version` times and shows a chart. */
export async function waitRedrawn(page, id, version, timeout = 30_000) {
  await page.waitForFunction(
    ([sel, v]) => {
      const c = document.querySelector(sel);
      return Number(c.dataset.version ?? 0) > v && c.dataset.drawn === '1';
    },
    [tid(id), version],
    { timeout, polling: 50 },
  );
}

/** Clicks Run and waits for the results and all five charts (or fails with the status line). */
export async function runAndWait(page, timeout = 60_000) {
  const before = Object.fromEntries(await Promise.all(CHARTS.map(async (id) => [id, (await canvasStats(page, id)).version])));
  await page.click(tid('run-button'));
  await page.waitForFunction(
    ([charts, versions]) => {
      const status = document.getElementById('status');
      if (status.dataset.kind === 'error') return true;
      // Charts may be redrawn while the search still runs (stale notes, a pool's helpers
      // starting): only a finished run counts.
      if (globalThis.tunelab?.state?.machine?.running) return false;
      if (!document.querySelector('[data-testid="best-params"]').dataset.value) return false;
      return charts.every((id) => {
        const c = document.querySelector(`[data-testid="${id}"]`);
        return c.dataset.drawn === '1' && Number(c.dataset.version) > versions[id];
      });
    },
    [CHARTS, before],
    { timeout, polling: 50 },
  );
  const status = await page.textContent('#status');
  if ((await page.getAttribute('#status', 'data-kind')) === 'error') throw new Error(`run failed: ${status}`);
  return {
    status,
    bestParams: JSON.parse(await page.getAttribute(tid('best-params'), 'data-value')),
    bestScore: Number(await page.getAttribute(tid('best-score'), 'data-value')),
    testScore: await page.getAttribute(tid('test-score'), 'data-value'),
  };
}

const run = promisify(execFile);

/** The native CLI's JSON answer for `args` (built with cargo if needed). */
export async function cliSearch(args) {
  const { stdout } = await run(
    'cargo',
    ['run', '--quiet', '--release', '--bin', 'tunelab', '--', 'search', ...args, '--format', 'json'],
    { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 },
  );
  return JSON.parse(stdout);
}

/**
 * Clicks heatmap cell (row, col): finds a point of it with the chart's own hit test
 * (`heatmap_cell_at` on the page's heatmap data), then clicks there like a user.
 */
export async function clickHeatmapCell(page, row, col, modifiers = []) {
  const heatmap = page.locator(tid('chart-heatmap'));
  await heatmap.scrollIntoViewIfNeeded();
  const spot = await page.evaluate(
    async ([r, c]) => {
      const { heatmap_cell_at } = await import('./www/pkg/tunelab.js');
      const canvas = document.querySelector('[data-testid="chart-heatmap"]');
      const data = globalThis.tunelab.state.charts.heatmap;
      const box = canvas.getBoundingClientRect();
      const dpr = window.devicePixelRatio;
      const scale = Number(canvas.dataset.scale); // the page's drawing scale (smaller on phones)
      for (let y = 0; y < box.height; y += 4) {
        for (let x = 0; x < box.width; x += 4) {
          const cell = heatmap_cell_at(data, scale, canvas.width, canvas.height, x * dpr, y * dpr);
          if (cell && cell[0] === r && cell[1] === c) return { x: x + 10, y: y + 10 };
        }
      }
      return null;
    },
    [row, col],
  );
  if (!spot) throw new Error(`the heatmap has no cell (${row}, ${col})`);
  await heatmap.click({ position: spot, modifiers });
}

/** The selected rows' candidate indices, in table order. */
export function selectedRows(page) {
  return page.locator(`${tid('results-table')} tr.selected`).evaluateAll((rows) => rows.map((r) => Number(r.dataset.index)));
}

/** Opens every collapsed group of settings (<details class="more">), so that its controls can be used. */
export function openDetails(page) {
  return page.evaluate(() => {
    for (const box of document.querySelectorAll('details.more')) box.open = true;
  });
}
