// temporary: trace mark clicks
const { chromium } = require('@playwright/test');
const { startPortal } = require('./portal');
const { clickToPaint, drawnInFull } = require('./paint');
const fs = require('fs');
const PORT = 4195;
const MARKS = [
  'table[data-table="weekday-hour"] tbody tr:nth-child(2) th button',
  'table[data-table="top-users"] tbody tr:first-child button.mark--filter',
];
(async () => {
  const events = Number(process.argv[2] || 1_000_000);
  const portal = await startPortal(PORT, ['--events', String(events), '--now', '2026-04-01T10:00:00Z']);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${PORT}/?from=2026-01-02&to=2026-04-01&tz=Europe/Paris&agg=browser`);
    await page.locator('main[data-state="ready"]').waitFor({ timeout: 600_000 });
    await page.waitForTimeout(2000);
    const order = (process.env.ORDER || '0,0,1,1').split(',').map(Number);
    for (let i = 0; i < order.length; i += 1) {
      const sel = MARKS[order[i]];
      await page.locator(sel).scrollIntoViewIfNeeded();
      await page.waitForTimeout(200);
      await browser.startTracing(page, { path: `/tmp/probe/trace-${i}.json`, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.invalidationTracking', 'blink', 'v8.execute', 'disabled-by-default-v8.cpu_profiler'] });
      await page.evaluate(() => { window.__mut = []; window.__mo = new MutationObserver((l) => l.forEach((m) => window.__mut.push(m))); requestAnimationFrame(() => {}); window.__mo.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true, attributeOldValue: true }); });
      const tp = clickToPaint(page, sel); await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => { window.__mut.push(...window.__mo.takeRecords()); window.__pre = window.__mut.length; window.__mut.push('FRAME'); r(); })));  const t = await tp; console.log('pre-frame mutations', await page.evaluate(() => window.__pre), 'of', await page.evaluate(() => window.__mut.length));
      console.log(await page.evaluate(() => { const c = {}; let pre = 'PRE '; for (const m of window.__mut) { if (m === 'FRAME') { pre = 'POST '; continue; } const card = (m.target.closest ? m.target : m.target.parentElement)?.closest('section,header,nav,div.chips,div.kpis')?.querySelector('h2')?.textContent?.slice(0,25) ?? (m.target.nodeName); const same = m.type==='attributes' && m.oldValue === m.target.getAttribute(m.attributeName); const k = pre + `${card} | ${m.type} ${m.attributeName ?? ''} ${m.target.nodeName}${same ? ' SAME' : ''}`; c[k] = (c[k] || 0) + 1; } window.__mo.disconnect(); return Object.entries(c).sort((a,b)=>b[1]-a[1]).slice(0,25).map(([k,v])=>v+' '+k).join('\n'); }));
      const full = await drawnInFull(page);
      await page.waitForTimeout(100);
      await browser.stopTracing();
      console.log(`click ${i} (${order[i]}): ${t} ms, full ${full}`);
      await page.waitForTimeout(300);
    }
  } finally { await browser.close(); portal.kill(); }
})().catch((e) => { console.error(e); process.exit(1); });
