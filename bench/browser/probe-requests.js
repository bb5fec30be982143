// Lists every API request a portal-mode dashboard sends on its first draw: when it started and
// ended (ms after navigation), its answer's size and its query, to see where a slow draw goes.
//   node probe-requests.js [EVENTS] [PATH]   (needs target/release/demo-portal and dist/)
const { chromium } = require('@playwright/test');
const { startPortal } = require('./portal');
const { clickToPaint, readyByFrame } = require('./paint');

const PORT = Number(process.env.BENCH_PORT || 4184);
const NOW = '2026-04-01T10:00:00Z';
const WINDOW = 'from=2026-01-02&to=2026-04-01&tz=Europe/Paris';

(async () => {
  const events = Number(process.argv[2] || 10_000_000);
  const route = process.argv[3] || '/';
  const portal = await startPortal(PORT, ['--events', String(events), '--now', NOW]);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium' });
  try {
    const page = await browser.newPage();
    const rows = [];
    const started = Date.now();
    page.on('requestfinished', async (request) => {
      if (!request.url().includes('/api/')) return;
      const sizes = await request.sizes();
      const timing = request.timing();
      rows.push({
        start: Math.round(timing.startTime - started),
        took: Math.round(timing.responseEnd),
        bytes: sizes.responseBodySize,
        url: decodeURIComponent(request.url().replace(/^.*\/api\/explore\/v2\.1\/catalog\/datasets\/[^/]+/, '')),
      });
    });
    await page.goto(`http://127.0.0.1:${PORT}${route}?${WINDOW}&agg=portal`);
    await readyByFrame(page, 300_000);
    console.log(`drawn after ${Date.now() - started} ms`);
    // PAUSE=ms: a longer wait before the click (to attach a profiler to the portal meanwhile).
    await new Promise((r) => setTimeout(r, Number(process.env.PAUSE || 500)));
    const selector = process.argv[4];
    if (selector) {
      rows.length = 0;
      const clicked = Date.now();
      const drawn = await clickToPaint(page, selector);
      console.log(`clicked ${selector} ${clicked - started} ms after navigation: drawn in ${drawn} ms`);
    }
    rows.sort((a, b) => a.start - b.start);
    for (const row of rows) console.log(`${row.start}\t+${row.took}\t${row.bytes}\t${row.url}`);
  } finally {
    await browser.close();
    portal.kill();
  }
})();
