const { expect } = require('@playwright/test');
const { test, defaultWindow, oracleKpis, grouped, waitReady } = require('./helpers');

test('deep link to /log with a search and a page', async ({ page, request }) => {
  await page.goto('/log?q=edit_dataset&page=2');
  await waitReady(page);
  await expect(page.getByRole('heading', { name: 'Source data' })).toBeVisible();
  await expect(page.locator('input[name="q"]')).toHaveValue('edit_dataset');
  const table = page.locator('table[data-table="log"]');
  await expect(table.locator('thead th')).toHaveCount(12);
  await expect(table.locator('tbody tr')).toHaveCount(100);
  await expect(page.getByRole('status').filter({ hasText: 'Actions 101–200' })).toBeVisible();
  const total = (await oracleKpis(request, defaultWindow())).actions;
  await expect(page.locator('.summary')).toContainText(`out of ${grouped(total)}`);
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

test('a diff reads as a list of changes, in the log and on the object page, with the raw JSON behind Raw', async ({ page }) => {
  await page.goto('/log?q=Draft&from=2000-01-01');
  await waitReady(page);
  const row = page.locator('table[data-table="log"] tbody tr').first();
  const diff = row.locator('[data-diff]');
  await expect(diff).toHaveAttribute('data-diff', 'changes');
  const title = diff.locator('[data-change="changed"][data-path="metas.title"]');
  await expect(title).toHaveText(/^metas\.title: Draft (\d+) → Dataset \1$/);
  const keyword = diff.locator('[data-change="added"][data-path="metas.keyword"]');
  await expect(keyword).toHaveText('metas.keyword: + open data');
  // The raw JSON is one click away, not shown by default.
  const raw = diff.locator('details.diff-raw pre');
  await expect(raw).toBeHidden();
  await diff.getByText('Raw').click();
  await expect(raw).toContainText('"title": [');

  // The same reading on the dataset's own page.
  const datasetId = (await row.locator('td').nth(3).textContent()).trim();
  const number = (await title.textContent()).match(/Draft (\d+)/)[1];
  await page.goto(`/objects/dataset/${encodeURIComponent(datasetId)}?from=2000-01-01`);
  await waitReady(page);
  const history = page.locator('table[data-table="object-log"]');
  await expect(history.locator(`[data-change="changed"][data-path="metas.title"]`, { hasText: `Draft ${number} → Dataset ${number}` }).first()).toBeVisible();
});

test('a diff that is not the before/after shape shows as its text', async ({ page }) => {
  await page.goto('/log?q=changed+from+the+back+office&from=2000-01-01');
  await waitReady(page);
  const diff = page.locator('table[data-table="log"] tbody tr').first().locator('[data-diff]');
  await expect(diff).toHaveAttribute('data-diff', 'text');
  await expect(diff).toHaveText('changed from the back office');
  await expect(diff.locator('[data-change]')).toHaveCount(0);
});
