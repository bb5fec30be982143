// Second visits of 1M events (the kept copy read back, nothing new): three visits after a first
// one, each timed to the dashboard drawn and complete, with the page's long tasks and the app's
// measures (`cache:*`, `agg:*`, `draw:*`) in the order they happened.
//   node probe-second-visit.js   (needs target/release/demo-portal and dist/)
const { chromium } = require('@playwright/test');
const { startPortal } = require('./portal');
const { readyByFrame, kpiByFrame } = require('./paint');
(async () => {
  const portal = await startPortal(4198, ['--events', '1000000', '--now', '2026-04-01T10:00:00Z']);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const url = 'http://127.0.0.1:4198/?from=2026-01-02&to=2026-04-01&tz=Europe/Paris&agg=browser';
  try {
    const context = await browser.newContext();
    const first = await context.newPage();
    await first.goto(url);
    await first.waitForFunction(() => performance.getEntriesByName('cache:write').length > 0, null, { timeout: 600_000 });
    await first.close();
    for (let run = 0; run < 3; run++) {
      const page = await context.newPage();
      await page.addInitScript(() => {
        window.__lt = [];
        new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__lt.push([Math.round(e.startTime), Math.round(e.duration)]))).observe({ type: 'longtask', buffered: true });
      });
      const t0 = Date.now();
      await page.goto(url);
      await kpiByFrame(page);
      const drawn = Date.now() - t0;
      await readyByFrame(page);
      const ready = Date.now() - t0;
      await page.waitForTimeout(1500);
      const r = await page.evaluate(() => ({ lt: window.__lt, m: performance.getEntriesByType('measure').map((m) => [Math.round(m.startTime), Math.round(m.duration), m.name]), marks: performance.getEntriesByType('mark').map((m) => [Math.round(m.startTime), 0, 'mark ' + m.name]) }));
      console.log(`run ${run}: drawn ${drawn} ready ${ready}`);
      const ev = [...r.lt.map(([s, d]) => [s, d, '** LONG TASK']), ...r.m, ...r.marks].sort((a, b) => a[0] - b[0]);
      for (const [s, d, n] of ev) if (d >= 3 || n.startsWith('**') || n.startsWith('mark')) console.log('  ', s, d, n);
      await page.close();
    }
  } finally { await browser.close(); portal.kill(); }
})();
