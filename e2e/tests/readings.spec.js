// What the platform's documentation leaves open, each reading served by a switch of the demo
// portal: the figures must be the oracle's under every one, in both modes.
const { expect } = require('@playwright/test');
const {
  test, defaultWindow, oracleDashboard, oracleKpis, expectKpis, tableRows, num, faults, watchRequests,
} = require('./helpers');

test.afterEach(async ({ request }) => faults(request, ''));

const NEW_YORK = 'America/New_York';

test('a portal that reads a bare date as UTC midnight: the window is sent as instants, the figures hold', async ({ page, request }) => {
  // New York is 4 or 5 hours behind UTC: read as UTC, a bare date moves the window by as much.
  await faults(request, 'bare_dates=utc');
  const expected = await oracleKpis(request, defaultWindow(NEW_YORK), NEW_YORK);
  for (const agg of ['browser', 'portal']) {
    await page.goto(`/?tz=${encodeURIComponent(NEW_YORK)}&agg=${agg}`);
    await expectKpis(page, expected);
  }
});

test('a portal that sends min and max of timestamp as numbers, or without an offset', async ({ page, request }) => {
  // In portal mode the users' "Last action" is max(timestamp): read with an offset first, then
  // in each other form; every row (the times included) must be the same.
  const expected = await oracleDashboard(request, defaultWindow());
  await page.goto('/users?agg=portal');
  const withOffset = await tableRows(page, 'users');
  expect(withOffset.slice(0, 10).map((r) => [r[0], num(r[1])]))
    .toEqual(expected.top_users.map(([user, actions]) => [user, actions]));
  for (const instants of ['epoch_ms', 'naive']) {
    await faults(request, `instants=${instants}`);
    await page.goto('/users?agg=portal');
    expect(await tableRows(page, 'users'), instants).toEqual(withOffset);
    await page.goto('/?agg=portal');
    await expectKpis(page, expected);
  }
});

test('a portal that ignores group_by: the events are downloaded instead, and the header says why', async ({ page, request }) => {
  await faults(request, 'ignore_group_by=1');
  const groups = watchRequests(page, { keep: (url) => url.includes('group_by=') });
  await page.goto('/?agg=portal');
  await expectKpis(page, await oracleKpis(request, defaultWindow()));
  await expect(page.locator('[data-mode="browser"]')).toContainText('answered a group_by query with events');
  // The one-group probe only: no figure was asked of it.
  expect(groups).toHaveLength(1);
  expect(new URL(groups[0]).searchParams.get('limit')).toBe('1');
});

test('a portal that orders one instant\'s events differently on every answer: /log shows each event once', async ({ page, request }) => {
  await faults(request, 'shuffle_ties=1');
  const { to } = defaultWindow();
  const window = `from=${to}&to=${to}`;
  // Every page of the day in each mode, as a multiset of rows.
  const walk = async (agg) => {
    const rows = [];
    for (let number = 1; ; number += 1) {
      await page.goto(`/log?${window}&agg=${agg}&page=${number}`);
      await expect(page.locator('main')).toHaveAttribute('data-state', 'ready');
      await expect(page.locator('.summary')).toContainText(`Actions ${(number - 1) * 100 + 1}–`);
      const summary = await page.locator('.summary').textContent();
      rows.push(...(await tableRows(page, 'log')).map((row) => JSON.stringify(row)));
      const [, end, total] = summary.match(/–([\d,]+) of ([\d,]+)/).map((n) => String(n).replace(/,/g, ''));
      if (Number(end) >= Number(total)) return { rows: rows.sort(), total: Number(total) };
    }
  };
  const portal = await walk('portal');
  const browser = await walk('browser');
  expect(portal.total).toBeGreaterThan(100);
  expect(portal.rows).toHaveLength(portal.total);
  expect(portal.rows).toEqual(browser.rows);
});
