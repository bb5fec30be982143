// Many legend clicks, each timed from the click to the next painted frame, and to the page drawn
// in full after it (paint.js),
// on the last 90 days of a demo log: their median and p95. A tool for comparing two builds (the
// benchmark's six clicks are too few to see a few milliseconds), and each in order (the first
// click pays for the wasm's code compiled on first use):
//   node clicks.js [EVENTS] [agg] [CLICKS]   (needs target/release/demo-portal and dist/)
const { chromium } = require('@playwright/test');
const { startPortal } = require('./portal');
const { clickToPaint, drawnInFull } = require('./paint');

const PORT = 4193;

async function main() {
  const events = Number(process.argv[2] || 1_000_000);
  const agg = process.argv[3] || 'browser';
  const clicks = Number(process.argv[4] || 40);
  const portal = await startPortal(PORT, ['--events', String(events), '--now', '2026-04-01T10:00:00Z']);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${PORT}/?from=2026-01-02&to=2026-04-01&tz=Europe/Paris&agg=${agg}`);
    await page.locator('main[data-state="ready"]').waitFor({ timeout: 600_000 });
    await page.waitForTimeout(2000);
    const series = ['dataset', 'page', 'user', 'map'];
    const times = [];
    const inFull = [];
    for (let i = 0; i < clicks; i += 1) {
      times.push(await clickToPaint(page, `.legend button[data-series="${series[i % series.length]}"]`));
      inFull.push(await drawnInFull(page));
      await page.waitForTimeout(300);
    }
    console.log(`in order: ${times.join(' ')} ms`);
    const summary = (list) => {
      const sorted = [...list].sort((a, b) => a - b);
      const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
      return `median ${at(0.5)} ms, p95 ${at(0.95)} ms [${sorted[0]}–${sorted[sorted.length - 1]}]`;
    };
    console.log(`${clicks} clicks to the next painted frame: ${summary(times)}`);
    console.log(`… to the page drawn in full (the parts off screen too): ${summary(inFull)}`);
  } finally {
    await browser.close();
    portal.kill();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
