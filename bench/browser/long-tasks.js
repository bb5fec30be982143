// Long tasks of the page while it loads a link: each link opened RUNS times in a fresh browser
// context (nothing kept) against the demo portal's default log, the tasks over 50 ms seen by a
// `longtask` PerformanceObserver from navigation until the dashboard is drawn and settled, and
// the app's own measures of what ran on the page. The tasks that began before the app was mounted
// (its `app:mounted` mark: the wasm's compile and start-up, the page's own scripts) are left out.
//   node long-tasks.js [RUNS]       (default 3; needs target/release/demo-portal and dist/)
const { chromium } = require('@playwright/test');
const { startPortal } = require('./portal');
const { median } = require('./stats');

const PORT = Number(process.env.BENCH_PORT || 4181);
const BASE = `http://127.0.0.1:${PORT}`;
const LINKS = {
  'the default window': '/',
  'from=0001-01-01&to=9999-12-31 (bounded link)': '/?from=0001-01-01&to=9999-12-31',
};

async function once(browser, link) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__longTasks.push([e.startTime, e.duration])))
      .observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${BASE}${link}`);
  await page.locator('main[data-state="ready"]').waitFor({ timeout: 120_000 });
  await page.waitForTimeout(1000);
  const tasks = await page.evaluate(() => window.__longTasks);
  const mounted = await page.evaluate(() => performance.getEntriesByName('app:mounted')[0]?.startTime ?? 0);
  const measures = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('measure')
    .filter((m) => m.name.startsWith('load:') || m.name === 'update')
    .map((m) => [m.name, Math.round(m.duration)])));
  await context.close();
  return {
    after: tasks.filter(([start]) => start > mounted).map(([, duration]) => duration),
    measures,
  };
}

async function main() {
  const runs = Number(process.argv[2] || 3);
  const portal = await startPortal(PORT);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    console.log('| link | longest task after the app is mounted, each run | median | tasks over 50 ms | page measures (first run) |');
    console.log('|---|---|---|---|---|');
    for (const [name, link] of Object.entries(LINKS)) {
      const results = [];
      for (let i = 0; i < runs; i++) results.push(await once(browser, link));
      const longest = results.map((r) => Math.round(Math.max(0, ...r.after)));
      const over = results.map((r) => r.after.filter((d) => d > 50).length);
      console.log(`| ${name} | ${longest.join(', ')} ms | ${median(longest)} ms | ${over.join(', ')} | ${JSON.stringify(results[0].measures)} |`);
    }
  } finally {
    await browser.close();
    portal.kill();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
