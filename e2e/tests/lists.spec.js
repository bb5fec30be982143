const { expect } = require('@playwright/test');
const { test, defaultWindow, oracleDashboard, tableRows, rowsWhere, waitReady, num } = require('./helpers');

test('Show more, search, and click through to an object and a user', async ({ page, request }) => {
  const expected = await oracleDashboard(request, defaultWindow());
  const [kind, id, actions, users] = expected.top_objects[0];
  await page.goto('/');
  await waitReady(page);
  await page.locator('section', { hasText: 'Modified datasets' }).getByRole('link', { name: 'Show more' }).click();
  await expect(page).toHaveURL(/\/objects/);
  await expect(page.getByRole('heading', { name: 'Modified datasets, pages and workspaces' })).toBeVisible();
  await page.locator('input[name="q"]').fill(id);
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(id)}`));
  const rows = await rowsWhere(page, 'objects', (rs) => rs.every((r) => r[1].includes(id)));
  // The most modified object is still first among those its id matches. (A dataset's link
  // reads its title; its id is beneath.)
  expect(rows[0][1]).toBe(id);
  await page.locator('table[data-table="objects"] tbody tr').first().getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/objects/${kind.toLowerCase()}/${encodeURIComponent(id)}`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(kind);
  await expect(page.locator('.summary')).toContainText(id);
  await expect(page.locator('.summary')).toContainText(`${actions} actions by ${users} users`);
  const who = await tableRows(page, 'object-users');
  expect(who).toHaveLength(users);
  expect(who.reduce((s, r) => s + num(r[1]), 0)).toBe(actions);
  await expect(page.locator('table[data-table="object-log"] tbody tr')).toHaveCount(Math.min(actions, 100));

  // From a user of this object to the user's own history.
  const user = who[0][0];
  await page.locator('table[data-table="object-users"]').getByRole('link', { name: user, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/users/${encodeURIComponent(user)}`));
  await expect(page.getByRole('heading', { name: `User ${user}` })).toBeVisible();
  const touched = await tableRows(page, 'user-objects');
  expect(touched.some((r) => r[1] === id)).toBeTruthy();
});

test('the users list searches, filters and sorts, all in the URL', async ({ page, request }) => {
  const expected = await oracleDashboard(request, defaultWindow());
  await page.goto('/');
  await waitReady(page);
  await page.locator('section', { hasText: 'Active users' }).getByRole('link', { name: 'Show more' }).click();
  await expect(page).toHaveURL(/\/users/);
  let rows = await tableRows(page, 'users');
  expect(rows.slice(0, 10).map((r) => [r[0], num(r[1]), num(r[2])])).toEqual(expected.top_users);

  await page.getByRole('button', { name: /^User/ }).click();
  await expect(page).toHaveURL(/sort=user/);
  rows = await rowsWhere(page, 'users', (rs) => rs.map((r) => r[0]).join('\n') === rs.map((r) => r[0]).sort().join('\n'));
  expect(rows.length).toBeGreaterThan(1);
  await expect(page.locator('th[aria-sort="ascending"]')).toContainText('User');

  await page.locator('select[name="type"]').selectOption('page');
  await expect(page).toHaveURL(/type=page/);
  await page.locator('input[name="q"]').fill('alice');
  await expect(page).toHaveURL(/q=alice/);
  rows = await rowsWhere(page, 'users', (rs) => rs.length === 1);
  expect(rows[0][0]).toBe('alice.a');
  await page.getByRole('link', { name: 'alice.a' }).click();
  await expect(page).toHaveURL(/\/users\/alice\.a$/);
  await expect(page).not.toHaveURL(/q=alice/);
});

test('deep links open every route', async ({ page, request }) => {
  const expected = await oracleDashboard(request, defaultWindow());
  const [, datasetId] = expected.top_objects.find((o) => o[0] === 'Dataset');
  const routes = [
    ['/objects?type=page&sort=id', 'Modified datasets, pages and workspaces', 'objects'],
    // The dataset's title once the titles are in (its id until then, and beneath it after).
    [`/objects/dataset/${encodeURIComponent(datasetId)}`, /^Dataset \S/, 'object-log', datasetId],
    ['/users?sort=-objects', 'Active users', 'users'],
    ['/users/alice.a', 'User alice.a', 'user-log'],
    ['/log', 'Source data', 'log'],
    ['/?by=action&hide=edit_dataset', 'Back office activity', 'actions-by-action'],
  ];
  for (const [url, heading, table, shown] of routes) {
    await page.goto(url);
    await waitReady(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(page.locator(`table[data-table="${table}"]`)).toHaveCount(1);
    if (shown) await expect(page.locator('main')).toContainText(shown);
  }
  await page.goto('/objects?type=page&sort=id');
  await waitReady(page);
  const types = await tableRows(page, 'objects');
  expect(types.every((r) => r[0] === 'Page')).toBeTruthy();
  const ids = types.map((r) => r[1]);
  expect(ids).toEqual([...ids].sort());
});

test('a diff containing <script> shows as text on the object page', async ({ page }) => {
  await page.goto('/log?q=trackVisit&from=2000-01-01');
  await waitReady(page);
  const pageId = (await tableRows(page, 'log'))[0][7];
  expect(pageId).not.toBe('');
  await page.goto(`/objects/page/${encodeURIComponent(pageId)}?q=x&from=2000-01-01`);
  await waitReady(page);
  const log = page.locator('table[data-table="object-log"]');
  await expect(log).toContainText('<script>trackVisit');
  await expect(log.locator('script')).toHaveCount(0);
  // Pretty-printed JSON: the diff spans several lines.
  const diff = await log.locator('pre.diff', { hasText: 'trackVisit' }).first().textContent();
  expect(diff.split('\n').length).toBeGreaterThan(3);
});

test('an unknown sort is the default sort, and the page says so', async ({ page }) => {
  await page.goto('/objects?sort=bogus');
  await waitReady(page);
  await expect(page.getByRole('status').filter({ hasText: 'objects, sorted by' })).toContainText('sorted by actions, descending');
  const table = page.locator('table[data-table="objects"]');
  await expect(table.locator('th[aria-sort="descending"]')).toHaveText(/Actions/);
  await expect(table.locator('th[aria-sort="ascending"]')).toHaveCount(0);
});

test('history pages: no always-1 users column, a narrow two-column table, a colour key that is not a button', async ({ page }) => {
  await page.goto('/users?from=2000-01-01');
  await waitReady(page);
  const user = (await tableRows(page, 'users'))[0][0];
  await page.goto(`/users/${encodeURIComponent(user)}?from=2000-01-01`);
  await waitReady(page);
  const headers = page.locator('table[data-table="user-objects"] thead th');
  await expect(headers).toHaveText([/Type/, /Object/, /Actions/, /Last action/]);
  const key = page.locator('.legend--static .legend__item').first();
  await expect(key).toBeVisible();
  expect(await key.evaluate((el) => getComputedStyle(el).borderTopColor)).toBe('rgba(0, 0, 0, 0)');

  const object = (await tableRows(page, 'user-objects'))[0];
  await page.goto(`/objects/${object[0].toLowerCase()}/${encodeURIComponent(object[1])}?from=2000-01-01`);
  await waitReady(page);
  const whoDidThem = page.locator('table[data-table="object-users"]');
  await expect(whoDidThem.locator('tbody tr').first()).toBeVisible();
  const width = (await whoDidThem.boundingBox()).width;
  const main = (await page.locator('main').boundingBox()).width;
  expect(width).toBeLessThan(main / 2);
});
