// Cold starts of the demo (the default log, a fresh browser each time, three): the page's long
// tasks and the app's measures and marks in order, to see the app's start (the tasks before the
// `app:mounted` mark) apart from the load.
//   node probe-start.js [QUERY]   (needs target/release/demo-portal and dist/)
const { chromium } = require('@playwright/test');
const { startPortal } = require('./portal');
(async () => {
  const portal = await startPortal(4194, ['--events', '20000', '--now', '2026-04-01T10:00:00Z']);
  try {
    for (let i = 0; i < 3; i++) {
      const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
      const page = await browser.newPage();
      await page.addInitScript(() => { window.__lt = []; new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__lt.push([Math.round(e.startTime), Math.round(e.duration)]))).observe({ type: 'longtask', buffered: true }); });
      await page.goto('http://127.0.0.1:4194/' + (process.argv[2] || ''));
      await page.locator('main[data-state="ready"]').waitFor({ timeout: 600_000 });
      await page.waitForTimeout(1000);
      const r = await page.evaluate(() => ({ lt: window.__lt, m: performance.getEntriesByType('measure').map((m) => [Math.round(m.startTime), Math.round(m.duration), m.name]).concat(performance.getEntriesByType('mark').map((m) => [Math.round(m.startTime), 0, 'mark ' + m.name])) }));
      const ev = [...r.lt.map(([s, d]) => [s, d, '** LONG TASK']), ...r.m].sort((a, b) => a[0] - b[0]);
      console.log('run', i, ev.filter(([s, d, n]) => d >= 3 || n.startsWith('**') || n.startsWith('mark')).map(([s, d, n]) => `${s} ${d} ${n}`).join(' | '));
      await browser.close();
    }
  } finally { portal.kill(); }
})();
