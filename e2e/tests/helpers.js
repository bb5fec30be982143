// Shared steps of the end-to-end tests, and `test`: Playwright's, with every page's clock fixed
// at NOW (clock.js), the instant the demo portal's log ends.
const base = require('@playwright/test');
const { NOW } = require('./clock');
const { oracleKpis, oracleDashboard } = require('./oracle');

const { expect } = base;

const test = base.test.extend({
  page: async ({ page }, use) => {
    await page.clock.setFixedTime(new Date(NOW));
    await use(page);
  },
});

const ZONE = 'Europe/Paris';

/** The fixed today's date (YYYY-MM-DD) in a zone. */
function todayIn(zone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(NOW));
}

/** A YYYY-MM-DD date moved by `days`. */
function addDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The first instant of a local date in a zone, as the app writes it in a `where`
 * (`2026-03-02T23:00:00Z`): found by trying the offsets a zone can have. */
function startOfDay(date, zone = ZONE) {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  });
  for (let minutes = -14 * 60; minutes <= 12 * 60; minutes += 15) {
    const instant = new Date(Date.parse(`${date}T00:00:00Z`) - minutes * 60000);
    if (format.format(instant) === `${date}, 00:00`) return instant.toISOString().replace('.000Z', 'Z');
  }
  throw new Error(`no midnight on ${date} in ${zone}`);
}

/** The `where` of an export of the instants [start, end). */
function spanWhere(start, end) {
  return `(timestamp >= date'${start}') AND (timestamp < date'${end}')`;
}

/** The dashboard's default window: the last 14 days, today included. */
function defaultWindow(zone = ZONE) {
  const to = todayIn(zone);
  return { from: addDays(to, -13), to };
}

/** The text of a table's body cells, row by row, as they are now (possibly none); an object
 *  cell gives the object's id (a dataset shows its title with the id beneath), a user cell its
 *  id without the filter button beside it. */
async function readRows(page, name) {
  return page.locator(`table[data-table="${name}"] tbody tr`).evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll(':scope > th, :scope > td')].map((cell) => {
      const id = cell.querySelector('.object-id');
      if (id) return id.textContent.trim();
      const copy = cell.cloneNode(true);
      copy.querySelectorAll('.object-note, .mark--filter').forEach((extra) => extra.remove());
      return copy.textContent.trim();
    })),
  );
}

/** A table's rows once it has some: fails when it stays empty, so that a check over its rows
 *  cannot pass on no rows. */
async function tableRows(page, name) {
  await expect(page.locator(`table[data-table="${name}"] tbody tr`).first(), `table ${name} has rows`).toBeAttached();
  return readRows(page, name);
}

/** A table's rows once `check(rows)` holds on a non-empty table. After a URL change the old
 *  rows stay on screen until the new ones are drawn: reading them at once would check the old
 *  view. Fails when the check never holds. */
async function rowsWhere(page, name, check) {
  let rows = [];
  await expect.poll(async () => {
    rows = await readRows(page, name);
    return rows.length > 0 && check(rows);
  }, { message: `table ${name}: the rows never matched` }).toBe(true);
  return rows;
}

/** A count as the page shows it ("3,128", or "3 128" in French) as a number. */
function num(text) {
  return Number(String(text).replace(/[,\u202f\u00a0 ]/g, ''));
}

/** A count as the page shows it in English: "3,128". */
function grouped(n) {
  return Number(n).toLocaleString('en-US');
}

/** Sets the demo portal's fault switches to `query` (every other one reset). */
async function faults(request, query) {
  const response = await request.get(`/_demo/faults?reset=1&${query}`);
  expect(response.ok()).toBeTruthy();
}

/** A URL with its escapes decoded. */
function decoded(url) {
  return decodeURIComponent(url);
}

/** A URL as a form reads it: its escapes decoded, `+` a space. */
function formDecoded(url) {
  return decodeURIComponent(url).replace(/\+/g, ' ');
}

/** What the page asks from now on: for each request whose URL `keep` lets through, what
 *  `read(url, request)` gives (its URL as sent, by default), in the order they were sent. */
function watchRequests(page, { keep = () => true, read = (url) => url } = {}) {
  const seen = [];
  page.on('request', (request) => {
    if (keep(request.url())) seen.push(read(request.url(), request));
  });
  return seen;
}

async function waitReady(page) {
  await expect(page.locator('main')).toHaveAttribute('data-state', 'ready');
}

/** Scrolls the notable actions' card into view, as a reader would (a portal is asked for their
 *  candidates only then), and waits for its rows or its "none". */
async function showNotable(page) {
  await page.locator('#notable-title').scrollIntoViewIfNeeded();
  await expect(page.locator('section[aria-labelledby="notable-title"] [role="status"]')).toHaveCount(0);
  await waitReady(page);
}

/** The KPIs on screen equal `kpis` (retrying while a load finishes). */
async function expectKpis(page, kpis) {
  await waitReady(page);
  await expect(page.locator('[data-kpi="actions"]')).toHaveText(grouped(kpis.actions));
  await expect(page.locator('[data-kpi="actions"]')).toHaveAttribute('data-value', String(kpis.actions));
  await expect(page.locator('[data-kpi="users"]')).toHaveText(grouped(kpis.users));
  await expect(page.locator('[data-kpi="actions-per-user"]')).toHaveText(kpis.actions_per_user);
}

/** The two ways the dashboard counts (README, "Any size"): the hand-checked figures must hold in
 *  both. */
const MODES = ['browser', 'portal'];

/** Makes every `page.goto` of `page` carry `agg=<agg>`, so that a spec written once runs in
 *  either mode against the same literals. */
function inMode(page, agg) {
  const goto = page.goto.bind(page);
  page.goto = (url, options) => {
    const target = new URL(url, 'http://x');
    target.searchParams.set('agg', agg);
    return goto(`${target.pathname}${target.search}${target.hash}`, options);
  };
}

module.exports = {
  MODES, inMode,
  startOfDay,
  spanWhere,
  test, NOW, ZONE, todayIn, addDays, defaultWindow, oracleKpis, oracleDashboard, tableRows, rowsWhere, waitReady,
  showNotable, expectKpis, faults, decoded, formDecoded, watchRequests, num, grouped,
};
