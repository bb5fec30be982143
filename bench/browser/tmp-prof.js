// temporary: CPU profile of mark clicks
const { chromium } = require('@playwright/test');
const { startPortal } = require('./portal');
const { clickToPaint, drawnInFull } = require('./paint');
const fs = require('fs');
const PORT = 4196;
const MARKS = [
  'table[data-table="weekday-hour"] tbody tr:nth-child(2) th button',
  'table[data-table="top-users"] tbody tr:first-child button.mark--filter',
];
(async () => {
  const portal = await startPortal(PORT, ['--events', '1000000', '--now', '2026-04-01T10:00:00Z']);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await page.goto(`http://127.0.0.1:${PORT}/?from=2026-01-02&to=2026-04-01&tz=Europe/Paris&agg=browser`);
    await page.locator('main[data-state="ready"]').waitFor({ timeout: 600_000 });
    await page.waitForTimeout(2000);
    const order = (process.env.ORDER || '0,0,0,0,1,1').split(',').map(Number);
    for (let i = 0; i < order.length; i += 1) {
      const sel = MARKS[order[i]];
      await page.locator(sel).scrollIntoViewIfNeeded();
      await page.waitForTimeout(200);
      await cdp.send('Profiler.start');
      const t = await clickToPaint(page, sel);
      const full = await drawnInFull(page);
      const { profile } = await cdp.send('Profiler.stop');
      fs.writeFileSync(`/tmp/probe/prof-${i}.json`, JSON.stringify(profile));
      console.log(`click ${i} (${order[i]}): ${t} ms, full ${full}`);
      await page.waitForTimeout(300);
    }
  } finally { await browser.close(); portal.kill(); }
})().catch((e) => { console.error(e); process.exit(1); });
