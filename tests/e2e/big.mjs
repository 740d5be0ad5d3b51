// Helpers for large data in the page (not a test file itself): a frame monitor that
// counts animation frames and their largest gap, and each worker's wasm memory. Used by
// bigdata.test.mjs and `node tests/e2e/bench.mjs --big`.

/**
 * Starts a frame monitor in `page`: every animation frame, the gap since the one
 * before; `window.__frames.reset()` starts a new window and `window.__frames.read()`
 * returns `{ frames, maxGap, longTasks, longestTask, ms }` since then (long tasks from a
 * PerformanceObserver, when the browser has them). It also notes when `#data-summary`
 * first starts with a given file name (`window.__frames.watchLoad(name)` →
 * `read().loadedAt`, ms since the reset) and when the file input's change fired.
 */
export function startFrameMonitor(page) {
  return page.evaluate(() => {
    if (globalThis.__frames) return;
    const m = {
      t0: performance.now(),
      last: performance.now(),
      frames: 0,
      maxGap: 0,
      longTasks: 0,
      longestTask: 0,
      loadedAt: null,
      changedAt: null,
      progress: [],
      reset() {
        this.t0 = this.last = performance.now();
        this.frames = 0;
        this.maxGap = 0;
        this.longTasks = 0;
        this.longestTask = 0;
        this.loadedAt = null;
        this.changedAt = null;
        this.progress = [];
      },
      read() {
        return {
          frames: this.frames,
          maxGap: Math.max(this.maxGap, performance.now() - this.last),
          longTasks: this.longTasks,
          longestTask: this.longestTask,
          ms: performance.now() - this.t0,
          loadedAt: this.loadedAt,
          changedAt: this.changedAt,
          progress: this.progress,
        };
      },
      watchLoad(name) {
        const summary = document.getElementById('data-summary');
        const text = document.getElementById('progress-text');
        const seen = () => {
          if (this.loadedAt === null && summary.textContent.startsWith(name)) this.loadedAt = performance.now() - this.t0;
          const p = text?.textContent ?? '';
          if (this.loadedAt === null && p && p !== this.progress.at(-1)) this.progress.push(p);
        };
        new MutationObserver(seen).observe(summary, { childList: true, characterData: true, subtree: true });
        if (text) new MutationObserver(seen).observe(text, { childList: true, characterData: true, subtree: true });
      },
    };
    const tick = () => {
      const now = performance.now();
      m.maxGap = Math.max(m.maxGap, now - m.last);
      m.last = now;
      m.frames++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          m.longTasks++;
          m.longestTask = Math.max(m.longestTask, e.duration);
        }
      }).observe({ type: 'longtask', buffered: false });
    } catch {
      // no long-task timing in this browser: frames only
    }
    window.addEventListener('change', (e) => {
      if (e.target?.id === 'file-input' && m.changedAt === null) m.changedAt = performance.now() - m.t0;
    }, true);
    globalThis.__frames = m;
  });
}

/**
 * Each of `page`'s workers' wasm memory in bytes (or 'busy' for a worker that does not
 * answer within `timeout` ms) (`WebAssembly.Memory.buffer.byteLength`
 * of the core's instance in that worker): the worker imports the glue it already runs
 * (the same module instance) and asks it for its exports. Workers that have not loaded
 * the core are left out.
 */
export async function workerMemory(page, timeout = 10_000) {
  const sizes = [];
  for (const worker of page.workers()) {
    const asked = worker
      .evaluate(async () => {
        const glue = await import(new URL('./pkg/tunelab.js', self.location.href).href);
        const wasm = await glue.default();
        return wasm.memory.buffer.byteLength;
      })
      .catch(() => null);
    // A worker busy with a long computation answers only when it is done: 'busy'.
    const bytes = await Promise.race([asked, new Promise((r) => setTimeout(() => r('busy'), timeout))]);
    if (bytes !== null) sizes.push(bytes);
  }
  return sizes;
}

/** `bytes` in MB, e.g. "83 MB". */
export const mb = (bytes) => (typeof bytes === 'number' ? `${(bytes / 1e6).toFixed(0)} MB` : String(bytes));
