// Datasets by their titles: from the monitoring dataset that lists them, else from the catalog;
// a dataset the portal no longer knows keeps its id with a quiet note.
const { expect } = require('@playwright/test');
const { test, tableRows, rowsWhere, waitReady, watchRequests } = require('./helpers');

/** The title the demo portal gives an id, written here independently: "a-b_c" → "A b c". */
function expectedTitle(id) {
  const words = id.replace(/[-_]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The dataset ids the demo portal knows, asked of its API directly. */
async function knownIds(request) {
  const response = await request.get('/api/explore/v2.1/monitoring/datasets/ods-datasets/exports/json/');
  expect(response.ok()).toBeTruthy();
  return new Set((await response.json()).map((row) => row.dataset_id));
}

test.afterEach(async ({ request }) => {
  await request.get('/_demo/faults?reset=1');
});

async function datasetCells(page) {
  return page.locator('table[data-table="objects"] tbody tr th').evaluateAll((cells) => cells.map((cell) => ({
    link: cell.querySelector('a').textContent.trim(),
    id: cell.querySelector('.object-id')?.textContent.trim() ?? null,
    note: cell.querySelector('.object-note')?.textContent.trim() ?? null,
  })));
}

test('datasets show their titles with the id beneath; a deleted one its id and a note', async ({ page, request }) => {
  const known = await knownIds(request);
  await page.goto('/objects?type=dataset&from=2000-01-01');
  await waitReady(page);
  await expect(page.locator('.object-id').first()).toBeVisible();
  const rows = await tableRows(page, 'objects');
  const cells = await datasetCells(page);
  let deleted = 0;
  cells.forEach((cell, i) => {
    const id = rows[i][1];
    if (known.has(id)) {
      expect(cell).toEqual({ link: expectedTitle(id), id, note: null });
    } else {
      deleted += 1;
      expect(cell.link).toBe(id);
      expect(cell.id).toBeNull();
      expect(cell.note).toContain('not on the portal');
    }
  });
  expect(deleted).toBeGreaterThan(0);

  // The search finds a dataset by a word of its title that its id does not hold.
  const target = rows.map((r) => r[1]).find((id) => known.has(id) && id.includes('-'));
  const title = expectedTitle(target);
  await page.locator('input[name="q"]').fill(title);
  await expect(page).toHaveURL(/q=/);
  await rowsWhere(page, 'objects', (rows) => rows.some((r) => r[1] === target));

  // Its page is headed by the title, and names it in the tab; the id is in the summary.
  await page.locator('table[data-table="objects"] tbody tr').filter({ has: page.locator(`.object-id:text-is("${target}")`) }).getByRole('link').click();
  await expect(page.locator('h1')).toHaveText(`Dataset ${title}`);
  await expect(page).toHaveTitle(`Dataset ${title} · Back office analytics`);
  await expect(page.locator('.summary')).toContainText(target);
});

test('without the listing dataset, titles come from the catalog in batches', async ({ page, request }) => {
  await request.get('/_demo/faults?hide_titles_dataset=1');
  const catalog = watchRequests(page, { keep: (url) => url.includes('/catalog/datasets') });
  await page.goto('/objects?type=dataset&from=2000-01-01');
  await waitReady(page);
  await expect(page.locator('.object-id').first()).toBeVisible();
  expect(catalog.length).toBeGreaterThan(0);
  for (const url of catalog) expect(new URL(url).searchParams.get('where')).toMatch(/^dataset_id = ".+"( OR dataset_id = ".+")*$/);
  const rows = await tableRows(page, 'objects');
  const cells = await datasetCells(page);
  const titled = cells.filter((c) => c.id);
  expect(titled.length).toBeGreaterThan(0);
  for (const cell of titled) expect(cell.link).toBe(expectedTitle(cell.id));
  expect(rows.length).toBe(cells.length);
});
