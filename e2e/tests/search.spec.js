// `/log`'s search with qualifiers (issue 23), in both modes, against the hand-checked log
// (hand-checked.spec.js numbers its events; the counts below were worked out from that list
// with the object rule applied by hand, not by the app). Window: 2025-03-01 to 2025-11-30,
// Paris: 60 events.
const { expect } = require('@playwright/test');
const { test, waitReady, MODES, inMode } = require('./helpers');
const { FIXTURE_URL } = require('./fixture');

test.use({ baseURL: FIXTURE_URL });

const WHOLE = 'from=2025-03-01&to=2025-11-30&tz=Europe%2FParis';

async function searchFor(page, text) {
  await page.goto(`/log?${WHOLE}&q=${encodeURIComponent(text)}`);
  await waitReady(page);
}

for (const agg of MODES) test.describe(`agg=${agg}`, () => {
test.beforeEach(async ({ page }) => inMode(page, agg));

test('qualifiers narrow the log, and the page says how many match', async ({ page }) => {
  // ann's edit_* actions: 1, 3, 4, 7, 8, 15, 16, 20, 24, 26, 33, 39, 40, 42, 48, 49, 52, 53, 57, 58.
  await searchFor(page, 'user:ann action:edit_*');
  await expect(page.locator('.summary')).toHaveText('Actions 1–20 of 20 matching, out of 60.');
  await expect(page.locator('table[data-table="log"] tbody tr')).toHaveCount(20);
  // Pages (dataset id unset or "", a page id) not by ann: 2, 6, 13, 14, 17, 41, 44, 54.
  await searchFor(page, 'type:page -user:ann');
  await expect(page.locator('.summary')).toHaveText('Actions 1–8 of 8 matching, out of 60.');
  // Each term is a chip; removing one searches without it: every page, ann's 4 (20, 24, 33, 52) too.
  await expect(page.locator('[data-search-term]')).toHaveCount(2);
  await page.locator('[data-search-term="-user:ann"] button').click();
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('type:page');
  await expect(page.locator('.summary')).toHaveText('Actions 1–12 of 12 matching, out of 60.');
  // The lab workspace: 30, 35, 36, 37; a quoted value reads the same.
  await searchFor(page, 'ws:"lab"');
  await expect(page.locator('.summary')).toHaveText('Actions 1–4 of 4 matching, out of 60.');
  // The dataset trees as the object: 21 events; its publications among them: 12 and 45.
  await searchFor(page, 'object:trees action:publish_dataset');
  await expect(page.locator('.summary')).toHaveText('Actions 1–2 of 2 matching, out of 60.');
});

test('a search that cannot be read says what is wrong and where', async ({ page }) => {
  await searchFor(page, 'trees colour:red');
  await expect(page.locator('[data-search-error]')).toHaveText(/“colour:” at character 7 is not a qualifier/);
  // Nothing narrowed meanwhile: the window's 60 events.
  await expect(page.locator('.summary')).toHaveText('Actions 1–60 of 60, newest first.');
  await searchFor(page, 'type:cathedral');
  await expect(page.locator('[data-search-error]')).toHaveText(/“cathedral” at character 6 is not a type/);
  await searchFor(page, 'ws:"lab');
  await expect(page.locator('[data-search-error]')).toHaveText(/quote at character 4 is never closed/);
});
});
