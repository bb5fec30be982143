const { expect } = require('@playwright/test');
const {
  test, ZONE, addDays, defaultWindow, oracleKpis, waitReady, expectKpis, startOfDay, spanWhere, tableRows, rowsWhere,
  watchRequests,
} = require('./helpers');
const { demoEvents } = require('./oracle');

test('default window: the last 14 days, KPIs equal the oracle\'s', async ({ page, request }) => {
  const response = await page.goto('/');
  // The page is asked again on each visit; it says what it is to a search engine.
  expect(response.headers()['cache-control']).toBe('no-cache');
  await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /Opendatasoft/);
  await waitReady(page);
  const window = defaultWindow();
  await expect(page.locator('input[name="from"]')).toHaveValue(window.from);
  await expect(page.locator('input[name="to"]')).toHaveValue(window.to);
  await expect(page.locator('select[name="tz"]')).toHaveValue(ZONE);
  const kpis = await oracleKpis(request, window);
  expect(kpis.actions).toBeGreaterThan(0);
  await expectKpis(page, kpis);
});

test('the app asks the portal for the window, in the zone', async ({ page }) => {
  // Exports of the activity log (dataset titles come from another dataset).
  const exports = watchRequests(page, {
    keep: (url) => url.includes('/ods-backoffice-activity/exports/'),
    read: (url) => new URL(url),
  });
  await page.goto('/');
  await waitReady(page);
  const window = defaultWindow();
  expect(exports).toHaveLength(1);
  const url = exports[0];
  expect(url.pathname).toBe('/api/explore/v2.1/monitoring/datasets/ods-backoffice-activity/exports/json/');
  expect(url.searchParams.get('timezone')).toBe(ZONE);
  // The local days' bounds as instants: right however a portal reads a bare date.
  expect(url.searchParams.get('where')).toBe(spanWhere(startOfDay(window.from), startOfDay(addDays(window.to, 1))));
});

test('changing the window updates the URL and the KPIs', async ({ page, request }) => {
  await page.goto('/');
  await waitReady(page);
  await page.getByRole('button', { name: '30 days' }).click();
  const to = defaultWindow().to;
  const thirty = { from: addDays(to, -29), to };
  await expect(page).toHaveURL(new RegExp(`from=${thirty.from}&to=${thirty.to}`));
  await expect(page.getByRole('button', { name: '30 days' })).toHaveAttribute('aria-pressed', 'true');
  await expectKpis(page, await oracleKpis(request, thirty));

  const custom = { from: addDays(to, -40), to: addDays(to, -20) };
  await page.locator('input[name="from"]').fill(custom.from);
  await page.locator('input[name="to"]').fill(custom.to);
  await expect(page).toHaveURL(new RegExp(`from=${custom.from}&to=${custom.to}`));
  await expectKpis(page, await oracleKpis(request, custom));

  // Back restores the previous window.
  await page.goBack();
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`from=${thirty.from}`));
  await expectKpis(page, await oracleKpis(request, thirty));
});

test('a link reproduces the view: window and time zone from the URL', async ({ page, request }) => {
  const to = defaultWindow('Asia/Tokyo').to;
  const window = { from: addDays(to, -6), to };
  await page.goto(`/?from=${window.from}&to=${window.to}&tz=Asia%2FTokyo`);
  await expect(page.locator('select[name="tz"]')).toHaveValue('Asia/Tokyo');
  await expectKpis(page, await oracleKpis(request, window, 'Asia/Tokyo'));

  await page.locator('select[name="tz"]').selectOption('America/New_York');
  await expect(page).toHaveURL(/tz=America%2FNew_York/);
  await expectKpis(page, await oracleKpis(request, window, 'America/New_York'));
});

test('the zone list is filled a task after the first draw, the zone of the link kept chosen', async ({ page }) => {
  // The app starts the select with the zone in force alone (its first task stays short), then
  // lists every zone the browser knows, and UTC, which it always offers (Chromium does not list
  // it): the count comes from the browser itself.
  await page.goto('/?tz=Asia%2FTokyo');
  const zones = page.locator('select[name="tz"] option');
  const known = await page.evaluate(() => {
    const listed = Intl.supportedValuesOf('timeZone');
    return listed.length + (listed.includes('UTC') ? 0 : 1);
  });
  expect(known).toBeGreaterThan(300);
  await expect(zones).toHaveCount(known);
  await expect(page.locator('select[name="tz"]')).toHaveValue('Asia/Tokyo');
  await expect(page.locator('select[name="tz"] option:checked')).toHaveText('Asia/Tokyo');
});

for (const agg of ['browser', 'portal']) {
  test(`a zone change redraws the lists' times, even where their lines are otherwise the same (agg=${agg})`, async ({ page, request }) => {
    // A window holding every event in either zone: the top users are the same lines, and only
    // their last action's time moves (in portal mode the old lines stay shown until the new
    // ones come, equal but for the zone).
    const lastIn = (user, zone) => {
      const ms = Math.max(...events.filter((e) => e.fields.user_id === user).map((e) => e.ms));
      return new Date(ms).toLocaleString('sv-SE', { timeZone: zone }).slice(0, 16);
    };
    const events = await demoEvents(request);
    await page.goto(`/?from=2000-01-01&to=2099-12-31&tz=Europe%2FParis&agg=${agg}`);
    const paris = await tableRows(page, 'top-users');
    const [user, , , shownInParis] = paris[0];
    expect(shownInParis).toBe(lastIn(user, 'Europe/Paris'));
    await page.locator('select[name="tz"]').selectOption('Asia/Tokyo');
    await expect(page).toHaveURL(/tz=Asia%2FTokyo/);
    const tokyo = await rowsWhere(page, 'top-users', (rows) => rows[0][3] !== shownInParis);
    expect(tokyo.map((row) => row.slice(0, 3))).toEqual(paris.map((row) => row.slice(0, 3)));
    expect(tokyo[0][3]).toBe(lastIn(user, 'Asia/Tokyo'));
  });
}

test('an unknown dataset says what failed, and Retry keeps the filters', async ({ page }) => {
  const query = '?dataset=no-such-log&from=2024-01-01&to=2024-01-31&tz=UTC';
  await page.goto(`/${query}`);
  await expect(page.locator('main')).toHaveAttribute('data-state', 'error');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Dataset not found (404)');
  await expect(alert).toContainText('Unknown dataset: no-such-log');
  await expect(alert).toContainText('monitoring/');
  await alert.getByRole('button').click();
  await expect(page.locator('main')).toHaveAttribute('data-state', 'error');
  expect(new URL(page.url()).search).toBe(query);
  await expect(page.locator('input[name="from"]')).toHaveValue('2024-01-01');
});

test('a narrower window needs no new request; a wider one asks only for what the log lacks', async ({ page, request }) => {
  // Exports of the activity log only (dataset titles come from another dataset, once).
  const exports = watchRequests(page, { keep: (url) => url.includes('/ods-backoffice-activity/exports/') });
  await page.goto('/');
  await waitReady(page);
  expect(exports).toHaveLength(1);
  await page.getByRole('button', { name: '7 days' }).click();
  const to = defaultWindow().to;
  await expectKpis(page, await oracleKpis(request, { from: addDays(to, -6), to }));
  expect(exports).toHaveLength(1);
  await page.getByRole('button', { name: '30 days' }).click();
  await expectKpis(page, await oracleKpis(request, { from: addDays(to, -29), to }));
  // The 16 days before the 14 held, and anything newer than the newest event held (from its
  // second, to the end of today).
  const newest = (await (await request.get('/api/explore/v2.1/monitoring/datasets/ods-backoffice-activity/records?order_by=timestamp%20desc&limit=1')).json()).results[0].timestamp;
  const newestSecond = new Date(newest).toISOString().replace(/\.\d+Z$/, 'Z');
  const wheres = exports.slice(1).map((url) => new URL(url).searchParams.get('where'));
  expect(wheres).toEqual([
    spanWhere(startOfDay(addDays(to, -29)), startOfDay(addDays(to, -13))),
    spanWhere(newestSecond, startOfDay(addDays(to, 1))),
  ]);
});

test('a workspace the log does not hold is named in the filter, with a message, not "All workspaces"', async ({ page }) => {
  await page.goto('/?ws=no-such-workspace');
  await waitReady(page);
  await expect(page.locator('[data-kpi="actions"]')).toHaveText('0');
  const select = page.locator('select[name="ws"]');
  await expect(select).toHaveValue('no-such-workspace');
  await expect(select.locator('option:checked')).toHaveText('no-such-workspace (no action here)');
  await expect(page.getByRole('status').filter({ hasText: 'no-such-workspace' })).toContainText('has no action in this window');
  // Choosing all of them clears it.
  await select.selectOption('');
  await expect(page).not.toHaveURL(/ws=/);
  await expect(page.getByRole('status').filter({ hasText: 'no-such-workspace' })).toHaveCount(0);
});
