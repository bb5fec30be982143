// Beyond the platform's page, on the hand-checked log (fixture.js; its events are listed in
// hand-checked.spec.js): the comparison with the previous period, the weekday × hour heatmap
// and the notable actions, each expected figure worked out by hand from the fixture.
const { expect } = require('@playwright/test');
const {
  test, tableRows, waitReady, showNotable, num, MODES, inMode, decoded, watchRequests,
} = require('./helpers');
const { FIXTURE_URL } = require('./fixture');

test.use({ baseURL: FIXTURE_URL });

const ZOE = 'zoë🚀';
const YAMADA = '山田太郎';

// Every test below runs in both modes (agg=browser, agg=portal) against the same literals.
for (const agg of MODES) test.describe(`agg=${agg}`, () => {
test.beforeEach(async ({ page }) => inMode(page, agg));

test('compare=previous: the KPIs, the table by type and the chart, from one request', async ({ page }) => {
  const exports = watchRequests(page, {
    keep: (url) => url.includes('/ods-backoffice-activity/exports/'),
    read: decoded,
  });
  // This period: May 19 – June 22 (35 days): the June week, events 39–60. The previous one:
  // April 14 – May 18: the May week, events 27–38.
  await page.goto('/?from=2025-05-19&to=2025-06-22&tz=Europe%2FParis&compare=previous');
  await waitReady(page);
  await expect(page.locator('input[name="compare"]')).toBeChecked();
  await expect(page.locator('[data-kpi="actions"]')).toHaveText('22');
  await expect(page.locator('[data-kpi-previous="actions"]')).toHaveText('12');
  await expect(page.locator('[data-kpi-previous="users"]')).toHaveText('4');
  await expect(page.locator('[data-kpi-previous="actions-per-user"]')).toHaveText('3.0');
  await expect(page.locator('.kpi').filter({ has: page.locator('[data-kpi="actions"]') })).toContainText('+10 (+83%)');
  await expect(page.locator('.kpi').filter({ has: page.locator('[data-kpi="users"]') })).toContainText('no change');

  const rows = await tableRows(page, 'compare-by-type');
  expect(rows).toEqual([
    ['Datasets', '14', '4', '+10 (+250%)'],
    ['Pages', '4', '1', '+3 (+300%)'],
    ['Workspaces', '1', '2', '−1 (−50%)'],
    ['Groups', '1', '1', 'no change'],
    ['Maps', '1', '1', 'no change'],
    ['Reuses', '1', '1', 'no change'],
    ['Users', '0', '2', '−2 (−100%)'],
  ]);
  // The chart's table: a column of the previous period's totals, day by day.
  const headers = await page.locator('table[data-table="actions-by-type"] thead th').allTextContents();
  expect(headers[headers.length - 1]).toBe('Previous period');
  const days = await tableRows(page, 'actions-by-type');
  expect(days).toHaveLength(35);
  expect(days.reduce((sum, r) => sum + num(r[r.length - 1]), 0)).toBe(12);
  // May 12 (2 events) is day 29 of the previous period, aligned with June 16 (3 events).
  expect(days[28][0]).toBe('2025-06-16');
  expect([num(days[28][days[28].length - 2]), num(days[28][days[28].length - 1])]).toEqual([3, 2]);
  if (agg === 'browser') {
    // One download for both periods (portal mode asks for groups, not events).
    expect(exports).toHaveLength(1);
    // April 14 and June 23 start at 22:00 UTC the day before in Paris (summer time).
    expect(exports[0]).toContain("date'2025-04-13T22:00:00Z'");
    expect(exports[0]).toContain("date'2025-06-22T22:00:00Z'");
  }

  // By action name: the table is per action.
  await page.goto('/?from=2025-05-19&to=2025-06-22&tz=Europe%2FParis&compare=previous&by=action');
  await waitReady(page);
  const byAction = await tableRows(page, 'compare-by-action');
  expect(byAction[0]).toEqual(['edit_dataset', '13', '3', '+10 (+333%)']);

  // Unticking removes it from the URL and the figures go.
  await page.locator('input[name="compare"]').uncheck();
  await expect(page).not.toHaveURL(/compare=/);
  await expect(page.locator('[data-kpi-previous]')).toHaveCount(0);
  await expect(page.locator('table[data-table="compare-by-action"]')).toHaveCount(0);
});

test('when in the week: weekday × hour in Paris, DST hours included', async ({ page }) => {
  await page.goto('/?from=2025-03-01&to=2025-11-30&tz=Europe%2FParis');
  await waitReady(page);
  const heat = await tableRows(page, 'weekday-hour');
  expect(heat.map((r) => r[0])).toEqual(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);
  const hours = (row) => Object.fromEntries(row.slice(1).map((n, h) => [h, num(n)]).filter(([, n]) => n > 0));
  // Sunday: 11 at 00:00; 3 at 01:59:59; 9 and 10 at both 02:30 (autumn); 4 at 03:00 (spring:
  // no 02:xx); 17, 23 at 05:xx; 18, 21 at 06:xx; 15, 22 at 07:xx; 16 at 08:00; 56–60 at
  // 12:xx; 38 at 14:00; 5 and 12 at 23:59:59.
  expect(hours(heat[6])).toEqual({ 0: 1, 1: 1, 2: 2, 3: 1, 5: 2, 6: 2, 7: 2, 8: 1, 12: 5, 14: 1, 23: 2 });
  // Monday: 6 and 13 at 00:00; 19 at 04:59:59; 20, 24 at 05:xx; 25 at 06:00; 7, 8 at 10:15;
  // 39–41 at 12:xx; 27, 28 at 14:xx.
  expect(hours(heat[0])).toEqual({ 0: 2, 4: 1, 5: 2, 6: 1, 10: 2, 12: 3, 14: 2 });
  const total = heat.reduce((sum, row) => sum + row.slice(1).reduce((s, n) => s + num(n), 0), 0);
  expect(total).toBe(60);
});

test('what to look at: access changes and night actions, with links', async ({ page }) => {
  await page.goto('/?from=2025-03-01&to=2025-11-30&tz=Europe%2FParis');
  await waitReady(page);
  await showNotable(page);
  const rows = await tableRows(page, 'notable');
  // add_user_to_group (27 ann, 51 zoë); night (00:00–05:59 in Paris): ann 1, 3, 4, 20, 24, 26;
  // zoë 9, 10, 17, 23; 山田 6, 13, 19; bob 11, 14.
  expect(rows.map((r) => r.slice(0, 5))).toEqual([
    ['Access changes', 'ann', '1', '2025-05-12 14:00', '2025-05-12 14:00'],
    ['Access changes', ZOE, '1', '2025-06-19 12:20', '2025-06-19 12:20'],
    ['At night', 'ann', '6', '2025-03-10 05:00', '2025-11-03 05:59'],
    ['At night', ZOE, '4', '2025-03-09 05:59', '2025-11-02 05:00'],
    ['At night', YAMADA, '3', '2025-03-10 04:59', '2025-10-27 00:00'],
    ['At night', 'bob', '2', '2025-10-25 00:30', '2025-10-26 00:00'],
  ]);
  await expect(page.locator('table[data-table="notable"] tr[data-kind="night"]')).toHaveCount(4);
  // The user's link leads to their history.
  await page.locator('table[data-table="notable"] tr[data-kind="night"]').first().getByRole('link', { name: 'ann' }).click();
  await expect(page).toHaveURL(/\/users\/ann\?/);
  await expect(page.locator('h1')).toHaveText('User ann');
});

test('bursts of removals: across local midnight and across a DST change; a near miss is none', async ({ page }) => {
  // hand-checked.spec.js lists events 61–100. ann's 11 removals, 9 minutes apart from 02:15
  // CEST to 02:45 CET (the clock went back between them: on the wall the run goes 02:51 then
  // 02:00, in time it never pauses); bob's 10, 5 minutes apart from 23:40 to 00:25 the next
  // day; 山田's 9, then a 10th 11 minutes after the 9th: no run of 10. At night (00:00–05:59):
  // ann's 11 and bob's 6 after midnight.
  await page.goto('/?from=2024-10-26&to=2024-12-31&tz=Europe%2FParis');
  await waitReady(page);
  await showNotable(page);
  const rows = await tableRows(page, 'notable');
  expect(rows.map((r) => r.slice(0, 5))).toEqual([
    ['Burst of removals', 'ann', '11', '2024-10-27 02:15', '2024-10-27 02:45'],
    ['Burst of removals', 'bob', '10', '2024-12-10 23:40', '2024-12-11 00:25'],
    ['At night', 'ann', '11', '2024-10-27 02:15', '2024-10-27 02:45'],
    ['At night', 'bob', '6', '2024-12-11 00:00', '2024-12-11 00:25'],
  ]);
  await expect(page.locator('table[data-table="notable"] tr[data-kind="bulk-delete"]')).toHaveCount(2);
});
});

