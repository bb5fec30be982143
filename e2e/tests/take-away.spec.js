// Take it with you: every table downloads as CSV and JSON with all its rows, every chart as PNG
// and SVG, the log in the platform's own formats that Connect imports back identically, and the
// view's link copies. On the hand-checked log (fixture.js) where figures are checked by hand,
// and on the generated log for a list longer than a page.
const fs = require('fs');
const { expect } = require('@playwright/test');
const { test, tableRows, waitReady } = require('./helpers');
const { FIXTURE_URL } = require('./fixture');

const WHOLE = 'from=2025-03-01&to=2025-11-30&tz=Europe%2FParis';

/** Clicks `button` and returns the download's file name and content (a Buffer). */
async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: file.suggestedFilename(), body: fs.readFileSync(await file.path()) };
}

test('a list downloads every row, not only the page shown', async ({ page }) => {
  await page.goto('/objects?from=2000-01-01');
  await waitReady(page);
  const summary = await page.locator('.summary').textContent();
  const count = Number(summary.match(/^([\d,]+) objects/)[1].replace(/,/g, ''));
  expect(count).toBeGreaterThan(100);
  await expect(page.locator('table[data-table="objects"] tbody tr')).toHaveCount(100);
  const { name, body } = await download(page, page.getByRole('button', { name: 'Download the object list as CSV' }));
  expect(name).toMatch(/^backoffice-objects-2000-01-01_\d{4}-\d{2}-\d{2}\.csv$/);
  const text = body.toString('utf8');
  expect(text.startsWith('\ufeffType;Object;Actions;Users;Last action\r\n')).toBeTruthy();
  expect(text.trim().split('\r\n')).toHaveLength(count + 1);
});

test.describe('on the hand-checked log', () => {
  test.use({ baseURL: FIXTURE_URL });

  test('tables and charts download with their numbers', async ({ page }) => {
    await page.goto(`/?${WHOLE}`);
    await waitReady(page);
    // The weekday twin as JSON: the counts worked out in hand-checked.spec.js.
    const twin = page.locator('section', { has: page.locator('#weekday-title') });
    await twin.getByText('Show as a table').click();
    const json = await download(page, twin.getByRole('button', { name: /as JSON$/ }));
    expect(json.name).toBe('backoffice-weekday-2025-03-01_2025-11-30.json');
    expect(JSON.parse(json.body.toString('utf8'))).toEqual(
      [['Monday', '13'], ['Tuesday', '5'], ['Wednesday', '6'], ['Thursday', '5'], ['Friday', '6'], ['Saturday', '5'], ['Sunday', '20']]
        .map(([day, count]) => ({ 'Day of the week': day, Actions: count })),
    );
    const png = await download(page, twin.getByRole('button', { name: /as PNG$/ }));
    expect(png.name).toBe('backoffice-weekday-2025-03-01_2025-11-30.png');
    expect(png.body.subarray(1, 4).toString('latin1')).toBe('PNG');
    const svg = await download(page, twin.getByRole('button', { name: /as SVG$/ }));
    expect(svg.name).toBe('backoffice-weekday-2025-03-01_2025-11-30.svg');
    const drawing = svg.body.toString('utf8');
    expect(drawing).toContain('<svg');
    expect(drawing).toContain('Sun');
    expect(drawing).toContain('Actions');

    // The top tables download every object and user, not only the ten shown.
    const objects = await download(page, page.getByRole('button', { name: 'Download the object list as CSV' }));
    expect(objects.name).toBe('backoffice-objects-2025-03-01_2025-11-30.csv');
    const lines = objects.body.toString('utf8').trim().split('\r\n');
    expect(lines).toHaveLength(1 + 13);
    expect(lines[1]).toBe('Dataset;trees;21;4;2025-11-02 07:30');
    // The heatmap and the notable actions too.
    const heat = await download(page, page.getByRole('button', { name: 'Download Actions by day of the week and hour as JSON' }));
    const sunday = JSON.parse(heat.body.toString('utf8'))[6];
    expect(sunday.Day).toBe('Sunday');
    expect(Object.entries(sunday).filter(([k]) => k !== 'Day').reduce((s, [, n]) => s + Number(n), 0)).toBe(20);
    const notable = await download(page, page.getByRole('button', { name: 'Download What to look at as CSV' }));
    expect(notable.body.toString('utf8').trim().split('\r\n')).toHaveLength(1 + 6);
  });

  test('the log downloads as the platform exports it, and Connect imports it back identically', async ({ page }) => {
    for (const format of ['csv', 'json']) {
      await page.goto(`/log?${WHOLE}`);
      await waitReady(page);
      const file = await download(page, page.locator(`button[data-download="platform-${format}"]`));
      expect(file.name).toBe(`backoffice-log-2025-03-01_2025-11-30.${format}`);
      if (format === 'csv') {
        expect(file.body.subarray(0, 3).toString('latin1')).toBe('\xef\xbb\xbf');
        expect(file.body.toString('utf8')).toContain('timestamp;domain_id;user_id;dataset_id;username;action;');
      }
      await page.goto('/connect');
      await page.locator('input[name="files"]').setInputFiles({ name: file.name, mimeType: 'text/plain', buffer: file.body });
      await expect(page).toHaveURL(/source=files/);
      await waitReady(page);
      // The file's dates become the window: 2025-03-09 (the first event, in Paris) to 2025-11-03.
      await expect(page.locator('input[name="from"]')).toHaveValue('2025-03-09');
      await expect(page.locator('[data-kpi="actions"]')).toHaveAttribute('data-value', '60');
      await expect(page.locator('[data-kpi="users"]')).toHaveText('4');
      const users = await tableRows(page, 'top-users');
      expect(users.map((r) => r.slice(0, 3))).toEqual([['ann', '25', '7'], ['bob', '13', '8'], ['zoë🚀', '12', '7'], ['山田太郎', '9', '7']]);
      // The features beyond the platform's page work on imported files too (figures of
      // beyond.spec.js): the notable actions, the heatmap, and the comparison.
      const notable = await tableRows(page, 'notable');
      expect(notable.map((r) => [r[0], r[1], r[2]])).toEqual([
        ['Access changes', 'ann', '1'], ['Access changes', 'zoë🚀', '1'],
        ['At night', 'ann', '6'], ['At night', 'zoë🚀', '4'], ['At night', '山田太郎', '3'], ['At night', 'bob', '2'],
      ]);
      const heat = await tableRows(page, 'weekday-hour');
      expect(heat.reduce((sum, row) => sum + row.slice(1).reduce((s, n) => s + Number(n), 0), 0)).toBe(60);
      await page.locator('input[name="compare"]').check();
      await expect(page).toHaveURL(/compare=previous/);
      // The 240 days before March 9 hold nothing of this log.
      await expect(page.locator('[data-kpi-previous="actions"]')).toHaveText('0');
      await expect(page.locator('table[data-table="compare-by-type"] tbody tr').first()).toContainText('+35 (new)');
    }
  });

  test('Copy link copies the view', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(`/?${WHOLE}&by=action`);
    await waitReady(page);
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect(page.getByText('Link copied.')).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(page.url());
    expect(copied).toContain('by=action');
  });
});
