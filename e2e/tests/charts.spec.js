const { expect } = require('@playwright/test');
const { test, defaultWindow, oracleDashboard, tableRows, rowsWhere, waitReady, expectKpis, num } = require('./helpers');

test('every chart has a table twin whose numbers equal the oracle\'s', async ({ page, request }) => {
  await page.goto('/');
  await waitReady(page);
  const expected = await oracleDashboard(request, defaultWindow());
  await expectKpis(page, expected);

  const byType = await tableRows(page, 'actions-by-type');
  expect(byType).toHaveLength(14);
  const headers = await page.locator('table[data-table="actions-by-type"] thead th').allTextContents();
  expect(headers[0]).toBe('Day');
  expect(headers).toContain('Datasets');
  // Every cell: the day's actions of each type, and the day's total.
  const LABELS = {
    dataset: 'Datasets', page: 'Pages', map: 'Maps', group: 'Groups', reuse: 'Reuses', user: 'Users', workspace: 'Workspaces',
  };
  const shownDays = Object.fromEntries(byType.map((row) => [row[0], Object.fromEntries(
    headers.slice(1).map((header, i) => [header, num(row[i + 1])]).filter(([, n]) => n > 0),
  )]));
  const expectedDays = Object.fromEntries(byType.map(([day]) => {
    const perType = Object.entries(expected.series_days[day] || {}).map(([type, n]) => [LABELS[type], n]);
    const total = perType.reduce((sum, [, n]) => sum + n, 0);
    return [day, Object.fromEntries(total ? [...perType, ['Total', total]] : [])];
  }));
  expect(shownDays).toEqual(expectedDays);

  const weekday = await tableRows(page, 'weekday');
  expect(weekday.map((r) => r[0])).toEqual(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);
  expect(weekday.map((r) => num(r[1]))).toEqual(expected.weekdays);

  const objects = await tableRows(page, 'top-objects');
  expect(objects.map((r) => [r[0], r[1], num(r[2]), num(r[3])])).toEqual(expected.top_objects);
  const users = await tableRows(page, 'top-users');
  expect(users.map((r) => [r[0], num(r[1]), num(r[2])])).toEqual(expected.top_users);
  const names = await tableRows(page, 'actions-by-name');
  expect(names.map((r) => [r[0], num(r[1])])).toEqual(expected.action_counts);
  // Users by action: the ten most active users, each action's count and the total.
  const actionHeaders = await page.locator('table[data-table="users-by-action"] thead th').allTextContents();
  const byAction = await tableRows(page, 'users-by-action');
  expect(byAction.map((r) => r[0])).toEqual(Object.keys(expected.users_by_action));
  for (const row of byAction) {
    const cells = Object.fromEntries(actionHeaders.slice(1, -1).map((action, i) => [action, num(row[i + 1])]).filter(([, n]) => n > 0));
    expect(cells, row[0]).toEqual(expected.users_by_action[row[0]]);
  }
  // The weekday × hour table, every cell.
  const heat = await tableRows(page, 'weekday-hour');
  expect(heat.map((row) => row.slice(1).map(num))).toEqual(expected.week_hours);
});

test('a legend click hides a series and every view follows', async ({ page, request }) => {
  await page.goto('/');
  await waitReady(page);
  const window = defaultWindow();
  const pages = page.locator('.legend button[data-series="page"]');
  await expect(pages).toHaveAttribute('aria-pressed', 'true');
  await pages.click();
  await expect(page).toHaveURL(/hide=page/);
  await expect(pages).toHaveAttribute('aria-pressed', 'false');

  const hidden = await oracleDashboard(request, window, '&hide=page');
  const all = await oracleDashboard(request, window);
  expect(hidden.actions).toBeLessThan(all.actions);
  await expectKpis(page, hidden);
  const weekday = await tableRows(page, 'weekday');
  expect(weekday.map((r) => num(r[1]))).toEqual(hidden.weekdays);
  const objects = await tableRows(page, 'top-objects');
  expect(objects.map((r) => [r[0], r[1], num(r[2]), num(r[3])])).toEqual(hidden.top_objects);
  expect(objects.every((r) => r[0] !== 'Page')).toBeTruthy();
  const headers = await page.locator('table[data-table="actions-by-type"] thead th').allTextContents();
  expect(headers).not.toContain('Pages');

  // Back restores the series; forward hides it again.
  await page.goBack();
  await expect(pages).toHaveAttribute('aria-pressed', 'true');
  await expectKpis(page, all);
  await page.goForward();
  await expect(pages).toHaveAttribute('aria-pressed', 'false');
  await expectKpis(page, hidden);
});

test('the legend works from the keyboard', async ({ page, request }) => {
  await page.goto('/');
  await waitReady(page);
  const datasets = page.locator('.legend button[data-series="dataset"]');
  await datasets.focus();
  await page.keyboard.press('Space');
  await expect(datasets).toHaveAttribute('aria-pressed', 'false');
  await expect(page).toHaveURL(/hide=dataset/);
  await expectKpis(page, await oracleDashboard(request, defaultWindow(), '&hide=dataset'));
  await expect(datasets).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(datasets).toHaveAttribute('aria-pressed', 'true');
});

test('the per-action switch makes one series per action name', async ({ page, request }) => {
  await page.goto('/');
  await waitReady(page);
  await page.getByRole('button', { name: 'By action', exact: true }).click();
  await expect(page).toHaveURL(/by=action/);
  await expect(page.getByRole('button', { name: 'By action', exact: true })).toHaveAttribute('aria-pressed', 'true');
  const edit = page.locator('.legend button[data-series="edit_dataset"]');
  await expect(edit).toBeVisible();
  await expect(page.locator('table[data-table="actions-by-action"]')).toHaveCount(1);
  await edit.click();
  await expect(page).toHaveURL(/hide=edit_dataset/);
  await expectKpis(page, await oracleDashboard(request, defaultWindow(), '&by=action&hide=edit_dataset'));
  // Switching back starts with every series shown.
  await page.getByRole('button', { name: 'By object type', exact: true }).click();
  await expect(page).not.toHaveURL(/hide=/);
  await expect(page.locator('table[data-table="actions-by-type"]')).toHaveCount(1);
});

test('charts show values in a tooltip that Esc dismisses', async ({ page }) => {
  await page.goto('/');
  await waitReady(page);
  const chart = page.locator('.chart').first();
  await chart.focus();
  await page.keyboard.press('ArrowRight');
  const tooltip = chart.locator('.chart__tooltip');
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText('actions');
  await page.keyboard.press('Escape');
  await expect(tooltip).toBeHidden();

  const canvas = chart.locator('canvas');
  const box = await canvas.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(tooltip).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(tooltip).toBeHidden();
  // Crisp on high-DPI screens: the canvas has device pixels.
  const scale = await canvas.evaluate((c) => c.width / c.clientWidth);
  expect(scale).toBeCloseTo(await page.evaluate(() => window.devicePixelRatio), 1);
});

test('the workspace filter keeps one workspace, in the URL', async ({ page, request }) => {
  await page.goto('/');
  await waitReady(page);
  const select = page.locator('select[name="ws"]');
  await expect(select.locator('option')).toHaveText(['All workspaces', 'demo-regional', 'demo-workspace']);
  await select.selectOption('demo-regional');
  await expect(page).toHaveURL(/ws=demo-regional/);
  const regional = await oracleDashboard(request, defaultWindow(), '&ws=demo-regional');
  const all = await oracleDashboard(request, defaultWindow());
  expect(regional.actions).toBeLessThan(all.actions / 2);
  await expectKpis(page, regional);
  // The filter follows to the lists.
  await page.locator('section', { hasText: 'Active users' }).getByRole('link', { name: 'Show more' }).click();
  await expect(page).toHaveURL(/\/users\?.*ws=demo-regional/);
  await rowsWhere(page, 'users', (rows) => rows.reduce((s, r) => s + num(r[1]), 0) === regional.actions);
});

test('the dashboard\'s sections arrive one frame after another, the heatmap apart from the notable actions', async ({ page }) => {
  // Which headings each painted frame holds, from the first frame on: no frame may build the
  // heatmap and the notable actions at once (drawn together, they made the load's longest task).
  await page.addInitScript(() => {
    window.__frames = [];
    const look = () => {
      const ids = ['actions-title', 'weekday-title', 'names-title', 'objects-title', 'week-hours-title', 'notable-title', 'source-title'];
      window.__frames.push(ids.filter((id) => document.getElementById(id)).join(' '));
      if (window.__frames.length < 2000) requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  await page.goto('/');
  await waitReady(page);
  const frames = await page.evaluate(() => [...new Set(window.__frames)]);
  const firstWith = (id) => frames.findIndex((seen) => seen.split(' ').includes(id));
  const order = ['actions-title', 'weekday-title', 'names-title', 'objects-title', 'week-hours-title', 'notable-title'];
  const arrivals = order.map(firstWith);
  expect(arrivals.every((at) => at >= 0)).toBe(true);
  // Each section first seen in a later frame than the one before it.
  for (let i = 1; i < arrivals.length; i++) expect(arrivals[i], order[i]).toBeGreaterThan(arrivals[i - 1]);
  expect(firstWith('source-title')).toBe(firstWith('notable-title'));
});
