// The dashboard's tables are drawn in place: a mark or a legend click writes the cells whose
// numbers changed, keeps the rows of the objects and users still listed (moved if they moved),
// and every link follows the page's query. Checked against the oracle (oracle.js).
const { expect } = require('@playwright/test');
const { test, defaultWindow, oracleDashboard, rowsWhere, waitReady, num } = require('./helpers');

const objectsOf = (rows) => rows.map((r) => [r[0], r[1], num(r[2]), num(r[3])]);
const usersOf = (rows) => rows.map((r) => [r[0], num(r[1]), num(r[2])]);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Tags each top user's row element with its user: a row built again loses the tag. */
function tagUserRows(page) {
  return page.locator('table[data-table="top-users"] tbody tr').evaluateAll((rows) =>
    rows.forEach((row) => { row.dataset.probe = row.querySelector('th a').textContent; }));
}

/** Each top user's row: its user and the tag it carries, if any. */
function userRowTags(page) {
  return page.locator('table[data-table="top-users"] tbody tr').evaluateAll((rows) =>
    rows.map((row) => [row.querySelector('th a').textContent, row.dataset.probe ?? null]));
}

/** The weekday values of every link in the top tables and the notable actions. */
function linkWeekdays(page) {
  return page.locator('table[data-table="top-objects"] a, table[data-table="top-users"] a, table[data-table="notable"] a')
    .evaluateAll((links) => links.map((a) => new URL(a.href).searchParams.getAll('weekday').join(',')));
}

test('a mark writes the top tables in place: kept rows stay, numbers and links follow', async ({ page, request }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/?agg=browser');
  await waitReady(page);
  const window = defaultWindow();
  const all = await oracleDashboard(request, window);
  const sundays = await oracleDashboard(request, window, '&weekday=sun');
  expect(sundays.actions).toBeLessThan(all.actions);
  expect(sundays.top_users).not.toEqual(all.top_users);
  await rowsWhere(page, 'top-users', (rows) => same(usersOf(rows), all.top_users));
  await tagUserRows(page);

  // Sunday in the weekday × hour table (its row header).
  await page.locator('table[data-table="weekday-hour"] tbody tr').nth(6).locator('th button').click();
  await expect(page).toHaveURL(/weekday=sun/);
  await waitReady(page);
  await rowsWhere(page, 'top-objects', (rows) => same(objectsOf(rows), sundays.top_objects));
  await rowsWhere(page, 'top-users', (rows) => same(usersOf(rows), sundays.top_users));

  // The users listed before and still listed kept their rows; the others are new rows.
  const before = new Set(all.top_users.map(([user]) => user));
  const tags = await userRowTags(page);
  const kept = tags.filter(([user]) => before.has(user));
  expect(kept.length).toBeGreaterThan(0);
  for (const [user, tag] of tags) expect(tag, user).toBe(before.has(user) ? user : null);

  // Every link carries the mark, and none once it is cleared.
  const marked = await linkWeekdays(page);
  expect(marked.length).toBeGreaterThan(10);
  expect(marked.every((weekday) => weekday === 'sun')).toBeTruthy();
  await page.locator('[data-filter-clear]').click();
  await waitReady(page);
  await rowsWhere(page, 'top-users', (rows) => same(usersOf(rows), all.top_users));
  expect((await linkWeekdays(page)).every((weekday) => weekday === '')).toBeTruthy();
});
