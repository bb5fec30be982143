const { chromium } = require('@playwright/test');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const { clickToPaint } = require('./paint');
const PORT = 4195;
const MARKS = [
  'table[data-table="weekday-hour"] tbody tr:nth-child(2) th button',
  'table[data-table="top-users"] tbody tr:first-child button.mark--filter',
];
async function main() {
  const dist = process.argv[2];
  const portal = spawn('/work/main/target/release/demo-portal', ['--port', String(PORT), '--dist', dist, '--events', '1000000', '--now', '2026-04-01T10:00:00Z'], { stdio: 'ignore' });
  for (let i = 0; i < 600; i++) { try { if ((await fetch(`http://127.0.0.1:${PORT}/`)).ok) break; } catch {} await new Promise((r) => setTimeout(r, 200)); }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${PORT}/?from=2026-01-02&to=2026-04-01&tz=Europe/Paris&agg=browser`);
    await page.locator('main[data-state="ready"]').waitFor({ timeout: 600_000 });
    await page.waitForTimeout(2000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    const clicks = Number(process.argv[3] || 1);
    for (let i = 0; i < clicks; i++) {
      await cdp.send('Profiler.start');
      const t = await clickToPaint(page, MARKS[i % 2]);
      const { profile } = await cdp.send('Profiler.stop');
      fs.writeFileSync(`/tmp/wm/click${i}.cpuprofile`, JSON.stringify(profile));
      console.log('click', i, t);
      await page.waitForTimeout(300);
    }
  } finally { await browser.close(); portal.kill(); }
}
main().catch((e) => { console.error(e); process.exit(1); });
