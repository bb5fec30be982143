// The two modes side by side (the issue "Any size"): the same window of the demo log drawn from
// the downloaded events (agg=browser) and from the portal's group_by answers (agg=portal), each
// in a fresh browser context (nothing kept), RUNS times per size: navigation to the dashboard
// drawn (checked at every frame), the API bytes on the wire, and in portal mode the notable actions (asked once their
// card is scrolled into view: the time to their rows and the bytes of that round), a legend
// toggle (click to painted frame, and the requests it sent), an object's history
// (a click on the top object) and the next page of /log (a click on the pager). Past
// BROWSER_MAX events the browser mode is not run: its download (400 MB per million) is more
// than a browser holds.
//   node modes.js [RUNS] [SIZES...]     (default 3 runs of 100000, 1000000 and 10000000 events;
//                                        needs target/release/demo-portal and dist/;
//                                        VERBOSE=1 prints each run's figures too)
const { chromium } = require('@playwright/test');
const { median, spread } = require('./stats');
const { startPortal, watchApiBytes } = require('./portal');
const { clickToPaint, eachFrameUntil, readyByFrame } = require('./paint');

const PORT = Number(process.env.BENCH_PORT || 4183);
const BASE = `http://127.0.0.1:${PORT}`;
const NOW = '2026-04-01T10:00:00Z';
const BROWSER_MAX = 2_000_000;
// The whole demo log: 90 days ending on NOW's day.
const WINDOW = 'from=2026-01-02&to=2026-04-01&tz=Europe/Paris';

async function ready(page) {
  await readyByFrame(page, 300_000);
}

async function once(browser, agg) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bytes = watchApiBytes(page);
  const started = Date.now();
  await page.goto(`${BASE}/?${WINDOW}&agg=${agg}`);
  await ready(page);
  const drawn = Date.now() - started;
  const result = { drawn, bytes: await bytes() };
  if (agg === 'portal') {
    const notable = await scrolledToNotable(page);
    result.notable = notable.took;
    result.notableBytes = (await bytes()) - result.bytes;
    // Back to the top, where the legend is, every candidate now held.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100))));
    // A legend click: the requests it sends (none: the groups held are re-filtered) and the
    // time to the next painted frame with the new figures (paint.js).
    const requests = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/explore/')) requests.push(request.url());
    });
    result.toggle = await clickToPaint(page, 'button[data-series="dataset"]');
    result.toggleRequests = requests.length;
    let at = Date.now();
    await page.locator('table[data-table="top-objects"] tbody tr:first-child a').first().click();
    await page.waitForURL(/\/objects\//);
    await ready(page);
    await eachFrameUntil(page, () => !!document.querySelector('table[data-table="object-log"] tbody tr'));
    result.history = Date.now() - at;
    await page.goto(`${BASE}/log?${WINDOW}&agg=portal`);
    await ready(page);
    const first = await page.locator('table[data-table="log"] tbody tr:first-child').textContent();
    at = Date.now();
    await page.locator('nav.pager button').last().click();
    await page.waitForURL(/page=2/);
    await eachFrameUntil(page, (shown) => {
      const row = document.querySelector('table[data-table="log"] tbody tr:first-child');
      return !!row && row.textContent !== shown
        && !!document.querySelector('main[data-state="ready"]');
    }, first);
    result.logPage = Date.now() - at;
  }
  await context.close();
  return result;
}

// Scrolls the notable actions' card into view, as a reader would, and times it to its rows
// (or its "none") drawn with the page ready.
async function scrolledToNotable(page) {
  const started = Date.now();
  await page.locator('#notable-title').scrollIntoViewIfNeeded();
  await eachFrameUntil(page, () => !document.querySelector('section[aria-labelledby="notable-title"] [role="status"]')
    && !!document.querySelector('main[data-state="ready"]'), null, 300_000);
  return { took: Date.now() - started };
}

async function main() {
  const runs = Number(process.argv[2] || 3);
  const sizes = process.argv.slice(3).map(Number).filter(Boolean);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  console.log('| events | mode | drawn, ms | API bytes | notable actions scrolled to, ms (API bytes) | legend toggle, ms (requests) | object history, ms | next /log page, ms |');
  console.log('|---|---|---|---|---|---|---|---|');
  try {
    for (const events of sizes.length ? sizes : [100_000, 1_000_000, 10_000_000]) {
      const portal = await startPortal(PORT, ['--events', String(events), '--now', NOW]);
      try {
        for (const agg of ['browser', 'portal']) {
          if (agg === 'browser' && events > BROWSER_MAX) {
            console.log(`| ${events.toLocaleString('en-US')} | browser | not run: more than a browser holds | | | | | |`);
            continue;
          }
          const results = [];
          for (let i = 0; i < runs; i++) results.push(await once(browser, agg));
          if (process.env.VERBOSE) console.error(JSON.stringify(results));
          const of = (key) => results.map((r) => r[key]).filter((v) => v !== undefined);
          const bytes = median(of('bytes'));
          const notable = agg === 'portal' ? `${spread(of('notable'))} (${median(of('notableBytes')).toLocaleString('en-US')})` : '—';
          console.log(`| ${events.toLocaleString('en-US')} | ${agg} | ${spread(of('drawn'))} | ${bytes.toLocaleString('en-US')} | ${notable} | ${agg === 'portal' ? `${spread(of('toggle'))} (${Math.max(...of('toggleRequests'))})` : '—'} | ${agg === 'portal' ? spread(of('history')) : '—'} | ${agg === 'portal' ? spread(of('logPage')) : '—'} |`);
        }
      } finally {
        portal.kill();
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
