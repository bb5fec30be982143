// A first visit of 1M events in browser mode, the page's long tasks and the app's own measures
// (`load:*`, `agg:*`, `draw:*`, …) in the order they happened: where a load's long tasks come from.
//   node probe-load.js   (needs target/release/demo-portal and dist/)
const { chromium } = require('@playwright/test');
const { startPortal } = require('./portal');
(async () => {
  const portal = await startPortal(4197, ['--events', '1000000', '--now', '2026-04-01T10:00:00Z']);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      window.__lt = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__lt.push([Math.round(e.startTime), Math.round(e.duration)]))).observe({ type: 'longtask', buffered: true });
    });
    await page.goto('http://127.0.0.1:4197/?from=2026-01-02&to=2026-04-01&tz=Europe/Paris&agg=browser');
    await page.locator('main[data-state="ready"]').waitFor({ timeout: 600_000 });
    await page.waitForTimeout(3000);
    const r = await page.evaluate(() => ({ lt: window.__lt, m: performance.getEntriesByType('measure').map((m) => [Math.round(m.startTime), Math.round(m.duration), m.name]) }));
    const ev = [...r.lt.map(([s, d]) => [s, d, '** LONG TASK']), ...r.m].sort((a, b) => a[0] - b[0]);
    for (const [s, d, n] of ev) if (d >= 5 || n.startsWith('**')) console.log(s, d, n);
  } finally { await browser.close(); portal.kill(); }
})();
