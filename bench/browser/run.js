// Browser benchmark: the dashboard at 100k and 1M events in headless Chromium against the demo
// portal, reading the `performance.measure` entries the app records; and DuckDB-WASM computing
// the same aggregates on the same export in the same browser, so the ratio holds whatever the
// machine. Prints a table and writes target/bench/browser.json.
//   node run.js [EVENTS ...]        (default: 100000 1000000)
//   BENCH_MBIT=100 node run.js ...  (the portal's answers at 100 Mbit/s, as over a real network,
//                                    for both apps; by default as fast as loopback and the
//                                    portal's gzip, which shares the machine's cores, allow)
const { clickToPaint: paintAfterClick, drawnInFull, readyByFrame, kpiByFrame } = require('./paint');
const { chromium } = require('@playwright/test');
const { startPortal, watchApiBytes } = require('./portal');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const PORT = Number(process.env.BENCH_PORT || 4180);
const BASE = `http://127.0.0.1:${PORT}`;
const ZONE = 'Europe/Paris';
const DUCK = path.join(__dirname, 'node_modules/@duckdb/duckdb-wasm/dist');
const ARROW = path.join(__dirname, 'node_modules/apache-arrow');
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());
}
function addDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Serves DuckDB-WASM and apache-arrow from node_modules, and the peer page, under /__bench/. */
async function routeBenchFiles(page) {
  await page.route('**/__bench/**', async (route) => {
    const url = new URL(route.request().url());
    const rest = url.pathname.replace('/__bench/', '');
    let file;
    if (rest.startsWith('duckdb/')) file = path.join(DUCK, rest.slice('duckdb/'.length));
    else if (rest.startsWith('arrow/')) file = path.join(ARROW, rest.slice('arrow/'.length));
    else file = path.join(__dirname, rest);
    if (!fs.existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ body: fs.readFileSync(file), contentType: TYPES[path.extname(file)] || 'application/octet-stream' });
  });
}

function measures(page, prefix) {
  return page.evaluate((p) => performance.getEntriesByType('measure')
    .filter((m) => m.name.startsWith(p)).map((m) => ({ name: m.name, duration: m.duration })), prefix);
}

function p95(values) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
}

async function benchOurs(browser, from, to) {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    window.__longTaskStarts = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => { window.__longTasks.push(e.duration); window.__longTaskStarts.push(e.startTime); }))
      .observe({ type: 'longtask', buffered: true });
  });
  const apiBytes = watchApiBytes(page);
  const started = Date.now();
  // Browser mode whatever the size (past the threshold the portal would count).
  await page.goto(`${BASE}/?from=${from}&to=${to}&tz=${encodeURIComponent(ZONE)}&agg=browser`);
  await readyByFrame(page);
  await kpiByFrame(page);
  const readyMs = Date.now() - started;
  const load = await measures(page, 'load:');
  const firstVisitBytes = await apiBytes();
  // Interactions: legend toggles, each recomputing every aggregate and redrawing the page.
  // Long tasks are counted apart: the load's (to the dashboard drawn), the kept copy's
  // writing, and the interactions'.
  await page.waitForTimeout(500);
  const loadLongTasks = await page.evaluate(() => window.__longTasks);
  // The app's start (the page's scripts, the wasm compiled and started, the shell mounted: the
  // tasks that begin before the `app:mounted` mark) apart from the load's.
  const mountedAt = await page.evaluate(() => performance.getEntriesByName('app:mounted')[0]?.startTime ?? 0);
  const taskStarts = await page.evaluate(() => window.__longTaskStarts);
  const startLongTasks = loadLongTasks.filter((_, i) => taskStarts[i] < mountedAt);
  const afterMountLongTasks = loadLongTasks.filter((_, i) => taskStarts[i] >= mountedAt);
  // What the app measured within the load's longest task, to tell where it comes from.
  const longest = loadLongTasks.indexOf(Math.max(...loadLongTasks));
  const inLongestTask = longest < 0 ? [] : await page.evaluate(([start, end]) => performance
    .getEntriesByType('measure')
    .filter((m) => m.startTime < end && m.startTime + m.duration > start)
    .map((m) => `${m.name} ${Math.round(m.duration)} ms`), [taskStarts[longest], taskStarts[longest] + loadLongTasks[longest]]);
  await page.evaluate(() => { window.__longTasks = []; window.__longTaskStarts = []; });
  await waitKept(page);
  await page.waitForTimeout(500);
  const keepLongTasks = await page.evaluate(() => window.__longTasks);
  await page.evaluate(() => { window.__longTasks = []; window.__longTaskStarts = []; });
  const before = (await measures(page, 'update')).length;
  // Each click timed as the user feels it (paint.js).
  const clickToPaint = [];
  const clickToFull = [];
  for (let i = 0; i < 6; i++) {
    clickToPaint.push(await paintAfterClick(page, '.legend button[data-series="page"]'));
    clickToFull.push(await drawnInFull(page));
    await page.waitForFunction((n) => performance.getEntriesByName('update').length > n, before + i);
  }
  const aggregates = await measures(page, 'agg:');
  const updates = (await measures(page, 'update')).slice(before).map((m) => m.duration);
  await page.waitForTimeout(500);
  const interactionLongTasks = await page.evaluate(() => window.__longTasks);
  const cacheWrite = (await measures(page, 'cache:write'))[0]?.duration;
  await page.close();
  const perAggregate = {};
  for (const { name, duration } of aggregates) (perAggregate[name] ||= []).push(duration);
  return {
    readyMs,
    firstVisitBytes,
    cacheWriteMs: cacheWrite,
    load: Object.fromEntries(load.map((m) => [m.name, m.duration])),
    updateP95: p95(updates),
    updates,
    clickToPaintP95: p95(clickToPaint),
    clickToPaint,
    clickToFullP95: p95(clickToFull),
    clickToFull,
    aggregates: Object.fromEntries(Object.entries(perAggregate).map(([k, v]) => [k, p95(v)])),
    longestTaskDuringInteractions: Math.max(0, ...interactionLongTasks),
    longestTaskDuringLoad: Math.max(0, ...loadLongTasks),
    inLongestTask,
    loadLongTasksOver50: loadLongTasks.filter((d) => d > 50).length,
    longestTaskOfTheStart: Math.max(0, ...startLongTasks),
    longestTaskAfterMount: Math.max(0, ...afterMountLongTasks),
    afterMountLongTasksOver50: afterMountLongTasks.filter((d) => d > 50).length,
    longestTaskWhileKeeping: Math.max(0, ...keepLongTasks),
  };
}

/** Waits until the app has written its kept copy (the `cache:write` measure). */
async function waitKept(page) {
  await page.waitForFunction(() => performance.getEntriesByName('cache:write').length > 0, null, { timeout: 600_000 });
}

/** The instant just before the newest `share` of the window's events: serving the log as it
 * was then makes the next visit's new events that share. */
async function instantBeforeNewest(where, share, total) {
  const offset = Math.max(0, Math.min(9_999, Math.round(total * share) - 1));
  const url = `${BASE}/api/explore/v2.1/monitoring/datasets/ods-backoffice-activity/records/?order_by=timestamp%20desc&limit=1&offset=${offset}&where=${encodeURIComponent(where)}`;
  const answer = await (await fetch(url)).json();
  return new Date(Date.parse(answer.results[0].timestamp) - 1).toISOString();
}

/** A visit after the first, in the same browser (the kept copy is there): navigation to the
 * dashboard drawn and complete, and the bytes asked of the portal. */
async function benchSecondVisit(browser, from, to) {
  const page = await browser.newPage();
  const apiBytes = watchApiBytes(page);
  const started = Date.now();
  // Browser mode whatever the size (past the threshold the portal would count).
  await page.goto(`${BASE}/?from=${from}&to=${to}&tz=${encodeURIComponent(ZONE)}&agg=browser`);
  await kpiByFrame(page);
  const drawnMs = Date.now() - started;
  await readyByFrame(page);
  const readyMs = Date.now() - started;
  const bytes = await apiBytes();
  const load = await measures(page, 'cache:');
  await waitKept(page);
  await page.close();
  return { drawnMs, readyMs, bytes, load: Object.fromEntries(load.map((m) => [m.name, m.duration])) };
}

/** The network's speed every answer goes at (BENCH_MBIT), in the demo portal's terms. */
const RATE = Number(process.env.BENCH_MBIT) > 0 ? `bytes_per_second=${Math.round(Number(process.env.BENCH_MBIT) * 125_000)}` : '';

async function faults(query) {
  await fetch(`${BASE}/_demo/faults?reset=1&${[query, RATE].filter(Boolean).join('&')}`);
}

async function benchJsonParse(browser, exportUrl) {
  const page = await browser.newPage();
  await page.goto(`${BASE}/__bench/duck.html`);
  const result = await page.evaluate(async (url) => {
    const text = await (await fetch(url)).text();
    const t = performance.now();
    const parsed = JSON.parse(text);
    const ms = performance.now() - t;
    return { bytes: new TextEncoder().encode(text).length, ms, rows: parsed.length };
  }, exportUrl);
  await page.close();
  return result;
}

async function benchDuck(browser, exportUrl) {
  const page = await browser.newPage();
  await page.goto(`${BASE}/__bench/duck.html`);
  await page.locator('#status', { hasText: 'ready' }).waitFor({ timeout: 60_000 });
  const timings = await page.evaluate((url) => window.runDuck(url), exportUrl);
  await page.close();
  return timings;
}

async function main() {
  const sizes = process.argv.slice(2).map(Number).filter(Boolean);
  const results = [];
  for (const events of sizes.length ? sizes : [100_000, 1_000_000]) {
    const portal = await startPortal(PORT, ['--events', String(events), '--fault-switches']);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--js-flags=--max-old-space-size=8192'],
    });
    try {
      const context = await browser.newContext();
      await routeBenchFiles(context);
      const to = today();
      const from = addDays(to, -89);
      const where = `(timestamp >= date'${from}') AND (timestamp < date'${addDays(to, 1)}')`;
      const exportUrl = `/api/explore/v2.1/monitoring/datasets/ods-backoffice-activity/exports/json/?timezone=${encodeURIComponent(ZONE)}&where=${encodeURIComponent(where)}`;
      // The first visit sees the log as it was before its newest 1 %; the second gets that 1 %
      // as new events; the third has nothing new.
      await faults('');
      const total = (await (await fetch(`${BASE}/api/explore/v2.1/monitoring/datasets/ods-backoffice-activity/records/?limit=0&where=${encodeURIComponent(where)}`)).json()).total_count;
      await faults(`until=${await instantBeforeNewest(where, 0.01, total)}`);
      const ours = await benchOurs(context, from, to);
      await faults('');
      ours.secondVisit = await benchSecondVisit(context, from, to);
      ours.nothingNew = await benchSecondVisit(context, from, to);
      const jsonParse = await benchJsonParse(context, exportUrl);
      let duck;
      try {
        duck = await benchDuck(context, exportUrl.replace('/exports/json/', '/exports/csv/'));
      } catch (error) {
        duck = { error: String(error).split('\n')[0] };
      }
      results.push({ events, ours, jsonParse, duck });
      report(results[results.length - 1]);
    } finally {
      await browser.close();
      portal.kill();
    }
  }
  const out = path.join(ROOT, 'target/bench');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'browser.json'), JSON.stringify({ date: new Date().toISOString(), results }, null, 2));
  console.log(`\nwritten: target/bench/browser.json`);
}

function ms(value) {
  return Number.isFinite(value) ? `${value.toFixed(1)} ms` : '—';
}
function ratio(a, b) {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) : '—';
}

function report({ events, ours, jsonParse, duck }) {
  const mb = jsonParse.bytes / 1e6;
  // Parsing runs in the loader worker; the page then reads the store it hands over
  // (load:receive) and indexes it (load:index).
  const parse = ours.load['load:parse'];
  const onPage = (ours.load['load:receive'] ?? 0) + ours.load['load:index'];
  // The dashboard is opened with agg=browser at every size (above 300,000 events the page would
  // otherwise count on the portal): portal mode is measured by modes.js.
  console.log(`\n== ${events.toLocaleString('en')} events, ${mb.toFixed(1)} MB of JSON, browser mode (agg=browser; portal mode: node modes.js)${RATE ? `, every answer at ${process.env.BENCH_MBIT} Mbit/s` : ''}`);
  console.log(`ready after navigation: ${ours.readyMs} ms`);
  console.log(`parse + index: ${(mb / ((parse + onPage) / 1000)).toFixed(0)} MB/s (parse alone, in the worker, ${(mb / (parse / 1000)).toFixed(0)} MB/s; on the page, receive ${ms(ours.load['load:receive'])} + index ${ms(ours.load['load:index'])}); browser JSON.parse: ${(mb / (jsonParse.ms / 1000)).toFixed(0)} MB/s`);
  const second = ours.secondVisit;
  const same = ours.nothingNew;
  console.log(`first visit: ${(ours.firstVisitBytes / 1e6).toFixed(1)} MB from the API (on the wire), kept in ${ms(ours.cacheWriteMs)}`);
  console.log(`second visit, 1 % new: drawn ${second.drawnMs} ms, complete ${second.readyMs} ms, ${(second.bytes / 1e6).toFixed(2)} MB (${(100 * second.bytes / ours.firstVisitBytes).toFixed(2)} % of the first), kept copy read in ${ms(second.load['cache:read'])}`);
  console.log(`second visit, nothing new: drawn ${same.drawnMs} ms, complete ${same.readyMs} ms, ${(same.bytes / 1e3).toFixed(1)} kB`);
  console.log(`first visit: longest main-thread task ${ms(ours.longestTaskDuringLoad)}, ${ours.loadLongTasksOver50} tasks over 50 ms (the app's start, before app:mounted: ${ms(ours.longestTaskOfTheStart)}; after it: ${ms(ours.longestTaskAfterMount)}, ${ours.afterMountLongTasksOver50} over 50 ms); while the copy is kept: ${ms(ours.longestTaskWhileKeeping)}`);
  if (ours.inLongestTask?.length) console.log(`the app's measures within the load's longest task: ${ours.inLongestTask.join(', ')}`);
  console.log(`legend click to the next painted frame, p95: ${ms(ours.clickToPaintP95)} (to the cards off screen drawn too: ${ms(ours.clickToFullP95)}; every figure re-finalized from the groups held, p95 ${ms(ours.updateP95)}); longest task during interactions: ${ms(ours.longestTaskDuringInteractions)}`);
  if (duck.error) console.log(`DuckDB-WASM: ${duck.error}`);
  // DuckDB answers each figure with a query over the events; ours counts the window's groups in
  // one pass, then finalizes every figure from them (all a legend click recomputes).
  const duckFigures = ['agg:kpis', 'agg:series', 'agg:weekday', 'agg:objects', 'agg:users', 'agg:actions', 'agg:users_by_action']
    .reduce((sum, name) => sum + (duck[name] ?? NaN), 0);
  const rows = [
    ['load: fetch', ours.load['load:fetch'], duck['load:fetch']],
    ['load: parse + index', parse + onPage, duck['load:parse+index']],
    // The issue's "fetch + parse + index": ours parses while it fetches.
    ['load in all (ours: the fetch with its parse, then receive and index)', ours.load['load:fetch'] + onPage, duck['load:fetch'] + duck['load:parse+index']],
    ['a window\'s figures (ours: its rows, its groups, every figure)', (ours.aggregates['agg:window'] ?? 0) + ours.aggregates['agg:groups'] + ours.updateP95, duckFigures],
    ['a legend click (ours: every figure from the groups held)', ours.updateP95, duckFigures],
  ];
  console.log('| measure | ours | DuckDB-WASM | ours / DuckDB |');
  console.log('|---|---|---|---|');
  for (const [name, a, b] of rows) console.log(`| ${name} | ${ms(a)} | ${ms(b)} | ${ratio(a, b)} |`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
