const { test, expect } = require('@playwright/test');
const { defaultWindow, engineKpis, waitReady } = require('./helpers');

test('deep link to /log with a search and a page', async ({ page, request }) => {
  await page.goto('/log?q=edit_dataset&page=2');
  await waitReady(page);
  await expect(page.getByRole('heading', { name: 'Source data' })).toBeVisible();
  await expect(page.locator('input[name="q"]')).toHaveValue('edit_dataset');
  const table = page.locator('table[data-table="log"]');
  await expect(table.locator('thead th')).toHaveCount(12);
  await expect(table.locator('tbody tr')).toHaveCount(100);
  await expect(page.getByRole('status').filter({ hasText: 'Actions 101–200' })).toBeVisible();
  const total = (await engineKpis(request, defaultWindow())).actions;
  await expect(page.locator('.summary')).toContainText(`out of ${total}`);
  // Every row matches and rows are newest first.
  const actions = await table.locator('tbody tr td:nth-child(6)').allTextContents();
  expect(actions.every((a) => a.includes('edit_dataset'))).toBeTruthy();
  const times = await table.locator('tbody tr td:nth-child(1)').allTextContents();
  expect([...times].sort().reverse()).toEqual(times);
});

test('typing a search filters rows and lands in the URL', async ({ page }) => {
  await page.goto('/log');
  await waitReady(page);
  await page.locator('input[name="q"]').fill('publish_page');
  await expect(page).toHaveURL(/q=publish_page/);
  const actions = await page.locator('table[data-table="log"] tbody tr td:nth-child(6)').allTextContents();
  expect(actions.length).toBeGreaterThan(0);
  expect(actions.every((a) => a === 'publish_page')).toBeTruthy();
});

test('HTML inside a diff is shown as text, never rendered', async ({ page }) => {
  await page.goto('/log?q=%3Cb%3E');
  await waitReady(page);
  const cell = page.locator('table[data-table="log"] tbody tr').first().locator('td:nth-child(9)');
  await expect(cell).toContainText('<b>');
  await expect(page.locator('table[data-table="log"] tbody b')).toHaveCount(0);
});

test('navigation between views keeps the filters', async ({ page }) => {
  await page.goto('/?from=2024-01-01&to=2024-01-31&tz=UTC');
  await waitReady(page);
  await page.getByRole('link', { name: 'Source data' }).click();
  await expect(page).toHaveURL(/\/log\?from=2024-01-01&to=2024-01-31&tz=UTC$/);
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page).toHaveURL(/\/\?from=2024-01-01&to=2024-01-31&tz=UTC$/);
});

test('an unknown route says so', async ({ page }) => {
  await page.goto('/no/such/view');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});
