// Mark filters (issue 23) timed as the user feels them: a click on a mark, scrolled into view
// first as a user would, to the next painted frame that shows its answer on screen, and to the
// page drawn in full after it (paint.js), and to the notable actions drawn (in portal mode a
// round after the figures), alternating a weekday on and off (the weekday × hour table's
// Tuesday header) and a user on and off (the top users' first filter button), with the page's
// long tasks meanwhile. Browser mode at 1M, portal mode at 10M:
//   node marks.js [EVENTS] [agg] [CLICKS]   (needs target/release/demo-portal and dist/)
const { chromium } = require('@playwright/test');
const { startPortal } = require('./portal');
const { clickToPaint, drawnInFull } = require('./paint');

const PORT = 4194;
const MARKS = [
  'table[data-table="weekday-hour"] tbody tr:nth-child(2) th button',
  'table[data-table="top-users"] tbody tr:first-child button.mark--filter',
];

async function main() {
  const events = Number(process.argv[2] || 1_000_000);
  const agg = process.argv[3] || 'browser';
  const clicks = Number(process.argv[4] || 12);
  const portal = await startPortal(PORT, ['--events', String(events), '--now', '2026-04-01T10:00:00Z']);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__longTasks.push(e.duration)))
        .observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`http://127.0.0.1:${PORT}/?from=2026-01-02&to=2026-04-01&tz=Europe/Paris&agg=${agg}`);
    await page.locator('main[data-state="ready"]').waitFor({ timeout: 600_000 });
    await page.waitForTimeout(2000);
    await page.evaluate(() => { window.__longTasks = []; });
    const times = [];
    const inFull = [];
    const notable = [];
    for (let i = 0; i < clicks; i += 1) {
      // Weekday on, user on, weekday off, user off, …
      await page.locator(MARKS[i % 2]).scrollIntoViewIfNeeded();
      await page.waitForTimeout(100); // the cards' observers report with a frame
      // A card scrolled into view may start its own round (in portal mode the notable actions'
      // candidates, once their card is seen): clicked once it is answered, as a user reading
      // the card would; SETTLE=0 clicks at once.
      if (process.env.SETTLE !== '0') {
        await page.waitForFunction(() => !document.querySelector('[data-asking]') && document.querySelector('main')?.dataset.state === 'ready', null, { polling: 'raf', timeout: 600_000 });
      }
      await page.evaluate(() => { performance.clearMeasures(); window.__clickAt = performance.now(); });
      times.push(await clickToPaint(page, MARKS[i % 2]));
      inFull.push(await drawnInFull(page));
      // In portal mode the notable actions' candidates come in a round of their own, after the
      // figures: until then their card says it is asking (`[data-asking]`).
      await page.waitForFunction(() => !document.querySelector('[data-asking]'), null, { polling: 'raf', timeout: 600_000 });
      notable.push(Math.round(10 * await page.evaluate(() => performance.now() - window.__clickAt)) / 10);
      if (process.env.MEASURES) {
        console.log(await page.evaluate(() => performance.getEntriesByType('measure')
          .map((m) => `${m.name} ${m.duration.toFixed(1)}`).join(', ')));
      }
      await page.waitForTimeout(300);
    }
    const longTasks = await page.evaluate(() => window.__longTasks);
    console.log(`in order: ${times.join(' ')} ms`);
    const summary = (list) => {
      const sorted = [...list].sort((a, b) => a - b);
      const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
      return `median ${at(0.5)} ms, p95 ${at(0.95)} ms [${sorted[0]}–${sorted[sorted.length - 1]}]`;
    };
    console.log(`${events} events, agg=${agg}, ${clicks} mark clicks to the next painted frame: ${summary(times)}; to the page drawn in full: ${summary(inFull)}; longest task ${Math.max(0, ...longTasks).toFixed(0)} ms, ${longTasks.filter((d) => d > 50).length} over 50 ms; the notable actions drawn: ${summary(notable)}`);
  } finally {
    await browser.close();
    portal.kill();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
