const { expect } = require('@playwright/test');
const {
  test, addDays, defaultWindow, oracleKpis, tableRows, waitReady, expectKpis, spanWhere,
} = require('./helpers');

const ID = 'ods-backoffice-activity';

/** An export of the demo log for a window, in a format, as the platform writes it. */
async function exportOf(request, format, { from, to }) {
  const where = spanWhere(from, addDays(to, 1));
  const url = `/api/explore/v2.1/monitoring/datasets/${ID}/exports/${format}/?timezone=Europe%2FParis&where=${encodeURIComponent(where)}`;
  const response = await request.get(url);
  expect(response.ok()).toBeTruthy();
  return response.body();
}

async function importFiles(page, files) {
  await page.goto('/connect');
  await page.locator('input[name="files"]').setInputFiles(files);
  await expect(page).toHaveURL(/source=files/);
  await waitReady(page);
}

test('a CSV export runs the whole dashboard exactly as the API', async ({ page, request }) => {
  const window = defaultWindow();
  const csv = await exportOf(request, 'csv', window);
  expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  await importFiles(page, [{ name: 'activity.csv', mimeType: 'text/csv', buffer: csv }]);
  await expect(page.locator('.app-header__source')).toContainText('Imported files: activity.csv');
  await expectKpis(page, await oracleKpis(request, window));
  // Every view works on the import.
  await page.getByRole('link', { name: 'Objects' }).click();
  await expect(page.locator('table[data-table="objects"] tbody tr').first()).toBeVisible();
});

test('several files merge and duplicates are dropped', async ({ page, request }) => {
  const to = defaultWindow().to;
  const older = { from: addDays(to, -20), to: addDays(to, -10) };
  const newer = { from: addDays(to, -15), to: addDays(to, -5) };
  await importFiles(page, [
    { name: 'older.json', mimeType: 'application/json', buffer: await exportOf(request, 'json', older) },
    { name: 'newer.jsonl', mimeType: 'application/jsonl', buffer: await exportOf(request, 'jsonl', newer) },
  ]);
  const union = { from: older.from, to: newer.to };
  await expect(page.getByRole('status').filter({ hasText: 'present in several files counted once' })).toBeVisible();
  await page.locator('input[name="from"]').fill(union.from);
  await page.locator('input[name="to"]').fill(union.to);
  await expectKpis(page, await oracleKpis(request, union));
  // The files are kept in the browser: a reload (a link) shows them again, merged the same way.
  await page.goto(`/?source=files&from=${union.from}&to=${union.to}&tz=Europe%2FParis`);
  await waitReady(page);
  await expect(page.getByRole('status').filter({ hasText: 'present in several files counted once' })).toBeVisible();
  await expectKpis(page, await oracleKpis(request, union));
});

test('a CSV with ; and newlines inside diff, and a file with malformed lines', async ({ page }) => {
  const csv = '\ufefftimestamp;domain_id;user_id;dataset_id;username;action;group_id;page_id;diff;map_id;reuse_title;subdomain_id\n'
    + '2024-01-01T10:00:00+01:00;ws;ann;trees;;edit_dataset;;;"{""a"": ""x;y""}\nsecond line";;;\n'
    + '2024-01-02T10:00:00+01:00;ws;bob;;;add_page;;home;;;;\n';
  const good = JSON.stringify({ timestamp: '2024-01-03T10:00:00+01:00', domain_id: 'ws', user_id: 'cid', action: 'edit_map', map_id: 'm' });
  const jsonl = `${good}\n{not json\n{"timestamp": "2024-01-03T11:00:00Z", "user_id": "x"}\n`;
  await importFiles(page, [
    { name: 'tricky.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) },
    { name: 'broken.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(jsonl) },
  ]);
  await expect(page).toHaveURL(/from=2024-01-01&to=2024-01-03/);
  await expect(page.locator('[data-kpi="actions"]')).toHaveText('3');
  await expect(page.locator('[data-kpi="users"]')).toHaveText('3');
  const skipped = page.getByRole('status').filter({ hasText: 'records were left out' });
  await expect(skipped).toContainText('1 record skipped: not valid JSON');
  await expect(skipped).toContainText('1 record skipped: no action');

  await page.getByRole('link', { name: 'Source data' }).click();
  await expect(page.locator('table[data-table="log"] tbody tr')).toHaveCount(3);
  const rows = await tableRows(page, 'log');
  const diff = rows.find((r) => r[2] === 'ann')[8];
  expect(diff).toContain('x;y');
  expect(diff).toContain('second line');
});

test('a file that is not an export says so and imports nothing', async ({ page }) => {
  await page.goto('/connect');
  await page.locator('input[name="files"]').setInputFiles([
    { name: 'notes.csv', mimeType: 'text/csv', buffer: Buffer.from('name;city\nAnn;Paris\n') },
    { name: 'empty.json', mimeType: 'application/json', buffer: Buffer.from(' \n') },
    { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('[{"timestamp": "2024-01-01T00:00:00Z", "action": garbage') },
  ]);
  await expect(page.locator('.problems')).toContainText("notes.csv: the CSV has none of the activity log's columns");
  await expect(page.locator('.problems')).toContainText('empty.json: the file is empty');
  await expect(page.locator('.problems')).toContainText('broken.json: not valid JSON (the record at byte 1 is broken)');
  await expect(page.locator('.problems')).toContainText('No file could be imported');
  await expect(page).toHaveURL(/\/connect/);
});

test('one file loses nothing; files drop only what they share', async ({ page }) => {
  const event = (at, user) => ({ timestamp: at, domain_id: 'ws', user_id: user, action: 'edit_dataset', dataset_id: 'trees', diff: '{"title": ["a", "b"]}' });
  const twice = event('2024-01-01T10:00:00Z', 'ann');
  // The same change twice within the timestamp's precision: two events.
  const one = JSON.stringify([twice, twice, event('2024-01-02T10:00:00Z', 'bob')]);
  await importFiles(page, [{ name: 'one.json', mimeType: 'application/json', buffer: Buffer.from(one) }]);
  await expect(page.locator('[data-kpi="actions"]')).toHaveText('3');
  await expect(page.getByText('present in several files')).toHaveCount(0);

  // A second file sharing bob's event and one of ann's: 3 + 1 new = 4 events, 2 shared.
  const other = JSON.stringify([twice, event('2024-01-02T10:00:00Z', 'bob'), event('2024-01-03T10:00:00Z', 'cid')]);
  await importFiles(page, [
    { name: 'one.json', mimeType: 'application/json', buffer: Buffer.from(one) },
    { name: 'other.json', mimeType: 'application/json', buffer: Buffer.from(other) },
  ]);
  await expect(page.locator('[data-kpi="actions"]')).toHaveText('4');
  await expect(page.getByRole('status').filter({ hasText: '2 records present in several files counted once' })).toBeVisible();
});
