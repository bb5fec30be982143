// Marks that filter (issue 23): days, weekdays, hours, actions and users picked on the figures
// narrow every other figure, in both modes, against the hand-checked log (hand-checked.spec.js
// numbers its events; the expected figures below were worked out from that list, with Python's
// zoneinfo for the local times, not by the app). Window: 2025-03-01 to 2025-11-30, Paris.
const { expect } = require('@playwright/test');
const {
  test, tableRows, waitReady, num, MODES, inMode, decoded, watchRequests,
} = require('./helpers');
const { FIXTURE_URL } = require('./fixture');

test.use({ baseURL: FIXTURE_URL });

const WHOLE = 'from=2025-03-01&to=2025-11-30&tz=Europe%2FParis';

async function expectKpis(page, actions, users) {
  await waitReady(page);
  await expect(page.locator('[data-kpi="actions"]')).toHaveAttribute('data-value', String(actions));
  await expect(page.locator('[data-kpi="users"]')).toHaveText(String(users));
}

async function weekdays(page) {
  const rows = await tableRows(page, 'weekday');
  return rows.map(([, count]) => num(count));
}

/** The URL's values of one name, in order. */
function values(page, name) {
  return new URL(page.url()).searchParams.getAll(name);
}

for (const agg of MODES) test.describe(`agg=${agg}`, () => {
test.beforeEach(async ({ page }) => inMode(page, agg));

test('a run of days across the spring change narrows every figure', async ({ page }) => {
  // Paris days 29–31 March 2025: events 1 (Sat 00:00), 3 (Sun 01:59:59 CET), 4 (Sun 03:00
  // CEST), 5 (Sun 23:59:59), 6 (Mon 00:00), 7 and 8 (Mon 10:15:30): 7 actions by ann, bob, 山田.
  await page.goto(`/?${WHOLE}&day=2025-03-29..2025-03-31`);
  await expectKpis(page, 7, 3);
  await expect(page.locator('[data-filter="day"]')).toContainText('2025-03-29 – 2025-03-31');
  // The users' table follows: ann 5 (1, 3, 4, 7, 8), bob 1 (5), 山田 1 (6).
  const users = await tableRows(page, 'top-users');
  expect(users.map(([user, actions]) => [user, num(actions)]).sort()).toEqual([
    ['ann', 5], ['bob', 1], ['山田太郎', 1],
  ]);
});

test('a night hour on the autumn change day: the repeated 02:00 counts twice', async ({ page }) => {
  // Sun 26 October 2025, Paris 02:00–02:59 happens twice: events 9 (02:30 CEST) and 10 (02:30
  // CET), both zoë's.
  await page.goto(`/?${WHOLE}&day=2025-10-26&hour=2`);
  await expectKpis(page, 2, 1);
  await expect(page.locator('[data-filter="hour"]')).toHaveText(/02:00–02:59/);
  // The weekday × hour table is drawn without its own marks (only the day's here): that
  // Sunday's 02:00 cell holds both, and its column header is marked as picked.
  const sunday = page.locator('table[data-table="weekday-hour"] tbody tr').nth(6);
  await expect(sunday.locator('td').nth(2)).toHaveText('2');
  await expect(page.locator('table[data-table="weekday-hour"] thead th[data-selected]')).toHaveText('02');
});

test('a user, then a weekday with the keyboard: both narrow, each view keeps its own context', async ({ page }) => {
  await page.goto(`/?${WHOLE}`);
  await expectKpis(page, 60, 4);
  // The window's workspaces and action names, asked before the mark.
  const windowQueries = watchRequests(page, {
    keep: (url) => /group_by=(subdomain_id,[+ ]domain_id|action)&/.test(decoded(url)),
    read: decoded,
  });
  const workspaces = await page.locator('select[name="ws"] option').allTextContents();
  await page.locator('table[data-table="top-users"] button[data-filter-user="ann"]').click();
  await expect.poll(() => values(page, 'user')).toEqual(['ann']);
  // ann's 25 actions, by weekday (Mon … Sun).
  await expectKpis(page, 25, 1);
  // The workspace filter's choices are the window's: a mark keeps them and, in portal mode,
  // asks neither them nor the window's action names again.
  await expect(page.locator('select[name="ws"] option')).toHaveText(workspaces);
  expect(windowQueries).toEqual([]);
  expect(await weekdays(page)).toEqual([7, 2, 2, 2, 2, 3, 7]);
  // The top users stay listed (drawn without the user mark), ann marked as picked.
  await expect(page.locator('table[data-table="top-users"] tbody tr')).toHaveCount(4);
  await expect(page.locator('table[data-table="top-users"] tbody tr[data-selected] th')).toContainText('ann');
  // Sunday on Users activity, from the keyboard: End goes to the last bar, Enter picks it.
  const chart = page.locator('section[aria-labelledby="weekday-title"] .chart');
  await chart.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect.poll(() => values(page, 'weekday')).toEqual(['sun']);
  // ann on Sundays: events 3, 4, 12, 15, 16, 57, 58.
  await expectKpis(page, 7, 1);
  // Users activity is drawn without its own mark: every day of ann's week, Sunday picked.
  expect(await weekdays(page)).toEqual([7, 2, 2, 2, 2, 3, 7]);
  await expect(page.locator('table[data-table="weekday"] tbody tr[data-selected] th')).toHaveText('Sunday');
  await expect(page.locator('[data-filter="weekday"]')).toContainText('Sunday');
  await expect(page.locator('[data-filter="user"]')).toContainText('ann');
  // Removing a chip removes its filter; Back brings it again; Clear all removes every one.
  const afterRemoval = watchRequests(page, { read: decoded });
  await page.locator('[data-filter="user"] button').click();
  await expect.poll(() => values(page, 'user')).toEqual([]);
  // Every user's Sundays: 20 actions by 4 users, as the live region says.
  await expectKpis(page, 20, 4);
  // In portal mode Sundays' figures were asked for Users activity's context: only the notable
  // actions' candidates (of users' events) are asked now.
  expect(afterRemoval.filter((url) => url.includes('/api/') && !/NOT[+ ]\(user_id[+ ]is[+ ]null/.test(url))).toEqual([]);
  await expect(page.locator('.filters-in-force[role="status"]')).toHaveText('Sunday: 20 actions by 4 users');
  await page.goBack();
  await expect.poll(() => values(page, 'user')).toEqual(['ann']);
  await expectKpis(page, 7, 1);
  await page.locator('[data-filter-clear]').click();
  await expectKpis(page, 60, 4);
  await expect(page.locator('[data-filter]')).toHaveCount(0);
});

test('days from the keyboard on the Actions chart: one, then a run with Shift', async ({ page }) => {
  // Twelve days: one bar a day, from 25 March.
  await page.goto('/?from=2025-03-25&to=2025-04-05&tz=Europe%2FParis');
  await waitReady(page);
  const chart = page.locator('[data-bucket] .chart');
  await chart.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 4; i += 1) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect.poll(() => values(page, 'day')).toEqual(['2025-03-29']);
  // Saturday 29 March: event 1 alone (ann, 00:00).
  await expectKpis(page, 1, 1);
  await chart.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+Enter');
  await expect.poll(() => values(page, 'day')).toEqual(['2025-03-29..2025-03-31']);
  // 29–31 March, across the spring change: 1, 3, 4, 5, 6, 7, 8.
  await expectKpis(page, 7, 3);
  // The chart keeps every day, the three picked marked in its table.
  const picked = await page.locator('table[data-table="actions-by-type"] tbody tr[data-selected] th').allTextContents();
  expect(picked).toHaveLength(3);
  await expect(page.locator('table[data-table="actions-by-type"] tbody tr')).toHaveCount(12);
});

/** Clicks bar `bar` of a chart's canvas with the mouse, in the middle of its slot. */
async function clickBar(canvas, bar, options = {}) {
  const [left, top, right, bottom, bars] = (await canvas.getAttribute('data-plot')).split(' ').map(Number);
  const slot = (right - left) / bars;
  await canvas.click({ position: { x: left + (bar + 0.5) * slot, y: bottom - 2 }, ...options });
}

test('days and a weekday by mouse on the charts', async ({ page }) => {
  await page.goto('/?from=2025-03-25&to=2025-04-05&tz=Europe%2FParis');
  await waitReady(page);
  const actions = page.locator('[data-bucket] canvas');
  // 29 March, then Shift+click 31 March: the run of three days.
  await clickBar(actions, 4);
  await expect.poll(() => values(page, 'day')).toEqual(['2025-03-29']);
  await expectKpis(page, 1, 1);
  await clickBar(actions, 6, { modifiers: ['Shift'] });
  await expect.poll(() => values(page, 'day')).toEqual(['2025-03-29..2025-03-31']);
  await expectKpis(page, 7, 3);
  // Sunday on Users activity: 30 March's 3, 4 and 5 (ann, ann, bob).
  await clickBar(page.locator('section[aria-labelledby="weekday-title"] canvas'), 6);
  await expect.poll(() => values(page, 'weekday')).toEqual(['sun']);
  await expectKpis(page, 3, 2);
});

test('an action from the keyboard on the distribution of actions', async ({ page }) => {
  await page.goto(`/?${WHOLE}`);
  await waitReady(page);
  // The most frequent action is the first bar: edit_dataset, 29 of the 60 (1, 3, 4, 7–10, 15,
  // 16, 21, 22, 25, 26, 32, 35, 36, 39, 40, 42, 43, 47–50, 53, 55, 57, 58, 60) by ann, bob, zoë
  // and 山田 (32 has no user).
  const [[first]] = await tableRows(page, 'actions-by-name');
  expect(first).toBe('edit_dataset');
  await page.locator('section[aria-labelledby="names-title"] .chart').focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await expect.poll(() => values(page, 'action')).toEqual(['edit_dataset']);
  await expectKpis(page, 29, 4);
});

test('two actions from the URL, and a weekday × hour cell from a click', async ({ page }) => {
  // publish_dataset (events 5, 12, 23, 37, 45) and add_page (14): 6 actions by ann, bob, zoë.
  await page.goto(`/?${WHOLE}&action=publish_dataset&action=add_page`);
  await expectKpis(page, 6, 3);
  await expect(page.locator('[data-filter="action"]')).toHaveCount(2);
  // The distribution of actions keeps every action, the two picked marked.
  const picked = await page.locator('table[data-table="actions-by-name"] tbody tr[data-selected] th').allTextContents();
  expect(picked.sort()).toEqual(['add_page', 'publish_dataset']);
  expect(await page.locator('table[data-table="actions-by-name"] tbody tr').count()).toBeGreaterThan(2);
  // Without the actions, the Sunday 02:00 cell: events 9 and 10 (zoë, 26 October).
  await page.locator('[data-filter-clear]').click();
  await expectKpis(page, 60, 4);
  const cell = page.locator('table[data-table="weekday-hour"] tbody tr').nth(6).locator('td').nth(2).locator('button');
  await cell.click();
  await expect.poll(() => [values(page, 'weekday'), values(page, 'hour')]).toEqual([['sun'], ['2']]);
  await expectKpis(page, 2, 1);
  await expect(page.locator('table[data-table="weekday-hour"] tbody td[data-selected]')).toHaveCount(1);
});
});
