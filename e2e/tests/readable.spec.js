// Readable at a glance: colours that keep their meaning, long windows per week or month,
// grouped thousands, a dark scheme that is remembered, and phone widths without sideways scroll.
const { expect } = require('@playwright/test');
const { test, addDays, defaultWindow, oracleKpis, oracleDashboard, grouped, tableRows, waitReady, ZONE } = require('./helpers');

/** Legend entries of the Actions chart: name → swatch colour. */
async function legendColours(page) {
  return page.locator('.legend button.legend__item').evaluateAll((buttons) => Object.fromEntries(
    buttons.map((b) => [b.dataset.series, getComputedStyle(b.querySelector('.legend__swatch')).backgroundColor]),
  ));
}

test('each series keeps its colour; many actions fold into one "other actions" entry', async ({ page }) => {
  await page.goto('/?by=action');
  await waitReady(page);
  const before = await legendColours(page);
  const names = Object.keys(before).filter((n) => n !== 'other-actions');
  expect(names.length).toBe(8);
  // No two visible series share a colour.
  expect(new Set(Object.values(before)).size).toBe(Object.keys(before).length);

  // Hiding the largest re-ranks nothing: every other entry keeps its colour.
  await page.locator(`.legend button[data-series="${names[0]}"]`).click();
  await expect(page).toHaveURL(new RegExp(`hide=${names[0]}`));
  const after = await legendColours(page);
  for (const name of names) expect(after[name]).toBe(before[name]);

  // The group toggles as one: every folded action goes into `hide`, then comes back.
  const group = page.locator('.legend button[data-series="other-actions"]');
  const folded = Number((await group.locator('.legend__label').textContent()).match(/\d+/)[0]);
  expect(folded).toBeGreaterThan(1);
  await group.click();
  await expect(group).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(async () => new URL(page.url()).searchParams.getAll('hide').length).toBe(folded + 1);
  await group.click();
  await expect(group).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => new URL(page.url()).searchParams.getAll('hide').length).toBe(1);

  // Listed one by one, every action has a colour of its own.
  await page.getByRole('button', { name: 'List every action' }).click();
  const all = await legendColours(page);
  expect(Object.keys(all).length).toBe(8 + folded);
  expect(new Set(Object.values(all)).size).toBe(8 + folded);
  // Actions about datasets are shades of the Datasets colour: blue has the largest share.
  const [r, g, b] = all.edit_dataset.match(/\d+/g).map(Number);
  expect(b).toBeGreaterThan(r);
  expect(b).toBeGreaterThan(g);

  // By type, Datasets has the colour of its most frequent action, edit_dataset.
  await page.getByRole('button', { name: 'By object type', exact: true }).click();
  await expect(page.locator('.legend button[data-series="dataset"]')).toBeVisible();
  expect((await legendColours(page)).dataset).toBe(all.edit_dataset);
});

/** The static colour key of a history page: label → colour. */
async function historyKey(page) {
  return page.locator('.legend--static').first().locator('li').evaluateAll((items) => items.map((li) => [
    li.textContent.replace(/\s*\(.*\)$/, '').trim(),
    getComputedStyle(li.querySelector('.legend__swatch')).backgroundColor,
  ]));
}

test('histories colour each action and type as the dashboard does', async ({ page }) => {
  await page.goto('/?by=action');
  await waitReady(page);
  await page.getByRole('button', { name: 'List every action' }).click();
  const byAction = await legendColours(page);
  await page.getByRole('button', { name: 'By object type', exact: true }).click();
  await expect(page.locator('.legend button[data-series="dataset"]')).toBeVisible();
  const byType = await page.locator('.legend button.legend__item').evaluateAll((buttons) => Object.fromEntries(
    buttons.map((b) => [b.querySelector('.legend__label').textContent, getComputedStyle(b.querySelector('.legend__swatch')).backgroundColor]),
  ));

  // An object's history is by action.
  await page.locator('table[data-table="top-objects"] tbody tr').first().getByRole('link').first().click();
  await expect(page.locator('main')).toHaveAttribute('data-view', 'object');
  const objectKey = await historyKey(page);
  expect(objectKey.length).toBeGreaterThan(0);
  for (const [action, colour] of objectKey) expect(colour, action).toBe(byAction[action]);

  // A user's history is by object type.
  await page.goBack();
  await page.locator('table[data-table="top-users"] tbody tr').first().getByRole('link').click();
  await expect(page.locator('main')).toHaveAttribute('data-view', 'user');
  const userKey = await historyKey(page);
  expect(userKey.length).toBeGreaterThan(0);
  for (const [type, colour] of userKey) expect(colour, type).toBe(byType[type]);
});

test('a long window is drawn per week, a longer one per month, counts grouped', async ({ page, request }) => {
  const { to } = defaultWindow();
  const weeks = { from: addDays(to, -200), to };
  await page.goto(`/?from=${weeks.from}&to=${weeks.to}`);
  await waitReady(page);
  await expect(page.locator('[data-bucket]').first()).toHaveAttribute('data-bucket', 'week');
  await expect(page.locator('table[data-table="actions-by-type"]')).toHaveAttribute('data-bucket', 'week');
  const weekRows = await tableRows(page, 'actions-by-type');
  // 201 days: 29 Mondays-to-Sundays or 30 with partial weeks at both ends.
  expect(weekRows.length).toBeGreaterThanOrEqual(29);
  expect(weekRows.length).toBeLessThanOrEqual(30);
  for (const row of weekRows.slice(1)) {
    expect(new Date(`${row[0]}T00:00:00Z`).getUTCDay(), row[0]).toBe(1);
  }

  const months = { from: '2015-01-01', to };
  await page.goto(`/?from=${months.from}&to=${months.to}`);
  await waitReady(page);
  await expect(page.locator('[data-bucket]').first()).toHaveAttribute('data-bucket', 'month');
  const monthRows = await tableRows(page, 'actions-by-type');
  // The demo log covers the last 90 days: the empty months before are left out, and said.
  const note = await page.locator('.twin__note').first().textContent();
  const [, lastEmpty] = note.match(/^Months without any action are left out: 2015-01 to (\d{4}-\d{2})\.$/);
  const [ly, lm] = lastEmpty.split('-').map(Number);
  const [y, m] = to.split('-').map(Number);
  expect(monthRows.length).toBe((y - ly) * 12 + m - lm);
  expect(monthRows[0][0]).toBe(lm === 12 ? `${ly + 1}-01` : `${ly}-${String(lm + 1).padStart(2, '0')}`);
  expect(monthRows[monthRows.length - 1][0]).toBe(to.slice(0, 7));
  const headers = await page.locator('table[data-table="actions-by-type"] thead th').allTextContents();
  expect(headers[0]).toBe('Month');

  const kpis = await oracleKpis(request, months, ZONE);
  expect(kpis.actions).toBeGreaterThan(999);
  await expect(page.locator('[data-kpi="actions"]')).toHaveText(grouped(kpis.actions));
  expect(grouped(kpis.actions)).toContain(',');

  await page.goto(`/?from=${addDays(to, -13)}&to=${to}`);
  await waitReady(page);
  await expect(page.locator('[data-bucket]').first()).toHaveAttribute('data-bucket', 'day');
});

/** The colour of a chart canvas's top-left pixel. */
function cornerPixel(page) {
  return page.locator('canvas.chart__canvas').first().evaluate((canvas) => [
    ...canvas.getContext('2d').getImageData(2, 2, 1, 1).data.slice(0, 3),
  ]);
}

test('dark mode follows the system, and the switch overrides it and is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await waitReady(page);
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-scheme', 'dark');
  await expect.poll(() => cornerPixel(page)).toEqual([0x11, 0x18, 0x27]);

  await page.getByRole('button', { name: 'Light', exact: true }).click();
  await expect(html).toHaveAttribute('data-scheme', 'light');
  await expect.poll(() => cornerPixel(page)).toEqual([255, 255, 255]);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe('rgb(245, 247, 250)');

  await page.reload();
  await waitReady(page);
  await expect(html).toHaveAttribute('data-scheme', 'light');
  await expect(page.getByRole('button', { name: 'Light', exact: true })).toHaveAttribute('aria-pressed', 'true');

  await page.getByRole('button', { name: 'Auto' }).click();
  await expect(html).toHaveAttribute('data-scheme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html).toHaveAttribute('data-scheme', 'light');
});

for (const width of [360, 390, 414]) {
  test(`at ${width} px nothing scrolls sideways but the tables themselves`, async ({ page, request }) => {
    await page.setViewportSize({ width, height: 800 });
    const expected = await oracleDashboard(request, defaultWindow(), '', ZONE);
    const [kind, id] = expected.top_objects[0];
    for (const route of ['/', '/objects', `/objects/${kind.toLowerCase()}/${encodeURIComponent(id)}`, '/users', '/log', '/connect']) {
      await page.goto(route);
      await expect(page.locator('h1')).toBeVisible();
      if (route !== '/connect') await waitReady(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${route} is ${overflow}px too wide`).toBeLessThanOrEqual(0);
      // Every view link of the header is on screen (the nav wraps).
      const links = await page.locator('.app-nav a').evaluateAll((all) => all.map((a) => a.getBoundingClientRect().right));
      for (const right of links) expect(right).toBeLessThanOrEqual(width);
    }
    // A wide table scrolls inside itself and keeps its first column in view.
    await page.goto('/log');
    await waitReady(page);
    const scroller = page.locator('.table-scroll').first();
    await scroller.evaluate((el) => { el.scrollLeft = 400; });
    const [boxLeft, cellLeft] = await scroller.evaluate((el) => [
      el.getBoundingClientRect().left,
      el.querySelector('tbody tr > :first-child').getBoundingClientRect().left,
    ]);
    expect(Math.abs(cellLeft - boxLeft)).toBeLessThanOrEqual(2);
  });
}
