// Where a legend click's time goes: a CPU profile of one click (Chrome DevTools Protocol), its
// heaviest functions by self time, and the app's draw:/update measures. A tool for looking, not
// a benchmark:  node probe-click.js [EVENTS] [agg]   (needs target/release/demo-portal and dist/)
const { chromium } = require('@playwright/test');
const { startPortal } = require('./portal');
const { clickToPaint } = require('./paint');

const PORT = 4191;
const BASE = `http://127.0.0.1:${PORT}`;

async function main() {
  const events = Number(process.argv[2] || 1_000_000);
  const agg = process.argv[3] || 'portal';
  const portal = await startPortal(PORT, ['--events', String(events), '--now', '2026-04-01T10:00:00Z']);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.goto(`${BASE}/?from=2026-01-02&to=2026-04-01&tz=Europe/Paris&agg=${agg}`);
    await page.locator('main[data-state="ready"]').waitFor({ timeout: 600_000 });
    await page.waitForTimeout(2000);
    const size = await page.evaluate(() => ({
      elements: document.querySelectorAll('*').length,
      tables: [...document.querySelectorAll('table[data-table]')]
        .map((t) => `${t.dataset.table}: ${t.querySelectorAll('tr').length}`).join(', '),
    }));
    console.log(`the page: ${size.elements} elements; rows of ${size.tables}`);
    await page.evaluate(() => performance.clearMeasures());
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    const ms = await clickToPaint(page, 'button[data-series="dataset"]');
    const { profile } = await cdp.send('Profiler.stop');
    // The same click again, traced: the renderer's own work by event name.
    const events = [];
    cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
    const again = await clickToPaint(page, 'button[data-series="page"]');
    await cdp.send('Tracing.end');
    await done;
    const byName = new Map();
    for (const e of events) if (e.ph === 'X' && e.dur) byName.set(e.name, (byName.get(e.name) || 0) + e.dur / 1000);
    console.log(`traced click to paint: ${again} ms; renderer events (ms, nested ones counted in their parents too):`);
    [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).forEach(([n, t]) => console.log(`  ${t.toFixed(1)}  ${n}`));
    const measures = await page.evaluate(() => performance.getEntriesByType('measure').map((m) => `${m.name} ${m.duration.toFixed(1)}`));
    console.log(`click to paint: ${ms} ms`);
    console.log(measures.join('\n'));
    const self = new Map();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const dt = profile.timeDeltas;
    profile.samples.forEach((id, i) => {
      const node = byId.get(id);
      const name = `${node.callFrame.functionName || '(anon)'} ${node.callFrame.url.split('/').pop()}`;
      self.set(name, (self.get(name) || 0) + (dt[i] || 0) / 1000);
    });
    [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)
      .forEach(([name, t]) => console.log(`${t.toFixed(1)} ms  ${name}`));
  } finally {
    await browser.close();
    portal.kill();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
