// The log kept in the browser (issue 12): the second visit drawn at once from the kept copy,
// only what it lacks asked of the portal; freshness, Refresh and Live; a refused storage; a
// kept copy of another format; imported files across a reload; Clear local data; and the
// progress bar with partial figures during a slow load.
const { expect } = require('@playwright/test');
const { NOW } = require('./clock');
const {
  test, addDays, defaultWindow, oracleKpis, expectKpis, grouped, num, spanWhere, startOfDay, waitReady,
  faults, watchRequests,
} = require('./helpers');

const LOG = '/api/explore/v2.1/monitoring/datasets/ods-backoffice-activity';

test.afterEach(async ({ request }) => faults(request, ''));

/** The `where` of every export of the log the page asks for from now on. */
function watchExports(page) {
  return watchRequests(page, {
    keep: (url) => url.includes('/ods-backoffice-activity/exports/'),
    read: (url) => new URL(url).searchParams.get('where'),
  });
}

/** The second of the newest event at or before an instant, as the app asks from it. */
async function newestSecond(request, until) {
  const where = encodeURIComponent(`timestamp <= date'${until}'`);
  const answer = await (await request.get(`${LOG}/records?order_by=timestamp%20desc&limit=1&where=${where}`)).json();
  return new Date(answer.results[0].timestamp).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** The files the app keeps in the browser's storage, with their sizes (0 for a file being
 * replaced by the app at that moment, which cannot be read then). */
async function keptFiles(page) {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const files = {};
    for await (const [name, handle] of root.entries()) {
      if (name !== 'backoffice-analytics') continue;
      for await (const [file, fileHandle] of handle.entries()) {
        files[file] = await fileHandle.getFile().then((f) => f.size, () => 0);
      }
    }
    return files;
  });
}

/** Waits until the portal's log is kept (it is written just after the dashboard is drawn). */
async function waitKept(page) {
  await expect.poll(async () => {
    const sizes = Object.entries(await keptFiles(page)).filter(([f]) => f.startsWith('log-'));
    return sizes.length === 1 && sizes[0][1] > 1000;
  }).toBe(true);
}

const kpi = (page, name) => page.locator(`[data-kpi="${name}"]`);

test('the second visit is drawn from the kept copy at once and asks only for the new events', async ({ page, request }) => {
  // The first visit sees the log as it was three hours before NOW.
  const until = new Date(Date.parse(NOW) - 3 * 3600e3).toISOString();
  await faults(request, `until=${until}`);
  await page.goto('/');
  await waitReady(page);
  const firstActions = num(await kpi(page, 'actions').textContent());
  await waitKept(page);

  // Three hours of events have arrived since; the portal answers slowly.
  await faults(request, 'latency_ms=2000');
  const wheres = watchExports(page);
  await page.reload();
  await expect(page.locator('main')).toHaveAttribute('data-state', 'loading');
  await expect(page.locator('[data-partial]')).toContainText('copy kept in this browser');
  await expect(kpi(page, 'actions')).toHaveText(grouped(firstActions));
  await waitReady(page);
  await expectKpis(page, await oracleKpis(request, defaultWindow()));
  expect(num(await kpi(page, 'actions').textContent())).toBeGreaterThan(firstActions);
  // One request: from the second of the newest event held to the end of the window.
  expect(wheres).toEqual([spanWhere(await newestSecond(request, until), startOfDay(addDays(defaultWindow().to, 1)))]);
});

test('freshness: a past window kept needs no request and says when it was updated; Refresh asks for what is new', async ({ page, request }) => {
  const to = defaultWindow().to;
  const past = { from: addDays(to, -30), to: addDays(to, -20) };
  await page.goto(`/?from=${past.from}&to=${past.to}`);
  await waitReady(page);
  await expect(page.locator('[data-updated]')).toHaveText('Updated just now');
  await waitKept(page);

  // Three minutes later, the same link: drawn from the kept copy, nothing asked.
  await page.clock.setFixedTime(new Date(Date.parse(NOW) + 3 * 60e3));
  const wheres = watchExports(page);
  await page.reload();
  await waitReady(page);
  await expectKpis(page, await oracleKpis(request, past));
  await expect(page.locator('[data-updated]')).toHaveText('Updated 3 min ago');
  expect(wheres).toEqual([]);

  // The default window: Refresh asks only from the newest event's second on.
  await page.goto('/');
  await waitReady(page);
  wheres.length = 0;
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect.poll(() => wheres.length).toBe(1);
  await waitReady(page);
  expect(wheres).toEqual([spanWhere(await newestSecond(request, NOW), startOfDay(addDays(to, 1)))]);
  await expectKpis(page, await oracleKpis(request, defaultWindow()));
});

test('live mode asks for new events every minute, and is in the URL', async ({ page, request }) => {
  await page.clock.install({ time: new Date(NOW) });
  await page.goto('/');
  await waitReady(page);
  const live = page.getByRole('button', { name: 'Live', exact: true });
  await expect(live).toHaveAttribute('aria-pressed', 'false');
  await live.click();
  await expect(page).toHaveURL(/live=1/);
  await expect(live).toHaveAttribute('aria-pressed', 'true');
  const wheres = watchExports(page);
  await page.clock.runFor(61_000);
  await expect.poll(() => wheres.length).toBe(1);
  await waitReady(page);
  expect(wheres[0]).toContain(`timestamp >= date'${await newestSecond(request, NOW)}'`);
  await page.clock.runFor(60_000);
  await expect.poll(() => wheres.length).toBe(2);
  // Off: no more requests (once the switch has been seen: timers run in fake time, the page's
  // own work in real time).
  await waitReady(page);
  await live.click();
  await expect(page).not.toHaveURL(/live=/);
  await expect(live).toHaveAttribute('aria-pressed', 'false');
  await page.clock.runFor(1_000);
  await page.waitForTimeout(500);
  const before = wheres.length;
  await page.clock.runFor(180_000);
  await page.waitForTimeout(1_000);
  expect(wheres).toHaveLength(before);
});

test('a refused storage is said once, and the dashboard works without it', async ({ page, request }) => {
  await page.addInitScript(() => {
    StorageManager.prototype.getDirectory = () => Promise.reject(new DOMException('refused', 'SecurityError'));
  });
  await page.goto('/');
  await waitReady(page);
  await expectKpis(page, await oracleKpis(request, defaultWindow()));
  const notice = page.locator('[data-storage-problem]');
  await expect(notice).toHaveCount(1);
  await expect(notice).toContainText('does not let the app keep the log');
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
  // Another window fails to be kept too: not said again.
  await page.getByRole('button', { name: '30 days' }).click();
  await waitReady(page);
  await expect(notice).toHaveCount(0);
});

test('a browser that writes OPFS files only from workers (no createWritable) is told the same, once', async ({ page, request }) => {
  await page.addInitScript(() => { delete FileSystemFileHandle.prototype.createWritable; });
  await page.goto('/');
  await waitReady(page);
  await expectKpis(page, await oracleKpis(request, defaultWindow()));
  await expect(page.locator('[data-storage-problem]')).toContainText('does not let the app keep the log');
  await page.getByRole('button', { name: '30 days' }).click();
  await waitReady(page);
  await expect(page.locator('[data-storage-problem]')).toHaveCount(1);
});

test('a kept copy of another format is ignored and rebuilt, never misread', async ({ page, request }) => {
  await page.goto('/');
  await waitReady(page);
  await waitKept(page);
  // An older app's copy: the same file with format version 0.
  await expect(async () => page.evaluate(async () => {
    const directory = await (await navigator.storage.getDirectory()).getDirectoryHandle('backoffice-analytics');
    for await (const [name, handle] of directory.entries()) {
      if (!name.startsWith('log-')) continue;
      const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
      bytes.set([0, 0, 0, 0], 8);
      const writable = await handle.createWritable();
      await writable.write(bytes);
      await writable.close();
    }
  })).toPass();
  const wheres = watchExports(page);
  await page.reload();
  await waitReady(page);
  const { from, to } = defaultWindow();
  expect(wheres).toEqual([spanWhere(startOfDay(from), startOfDay(addDays(to, 1)))]);
  await expectKpis(page, await oracleKpis(request, defaultWindow()));
  // Rebuilt in the current format: the next visit asks only for what is new. While the app
  // writes the copy, reading it can fail (the file is being replaced): asked again then.
  await expect.poll(async () => {
    const bytes = await page.evaluate(async () => {
      const directory = await (await navigator.storage.getDirectory()).getDirectoryHandle('backoffice-analytics');
      for await (const [name, handle] of directory.entries()) {
        if (!name.startsWith('log-')) continue;
        try {
          return Array.from(new Uint8Array(await (await handle.getFile()).arrayBuffer()).slice(8, 12));
        } catch {
          return [];
        }
      }
      return [];
    });
    return bytes[0];
  }).toBe(1);
});

test('imported files are kept across a reload, listed on Connect, removed one by one; Clear local data removes all', async ({ page, request }) => {
  const to = defaultWindow().to;
  const exportOf = async (from, until) => {
    const where = encodeURIComponent(spanWhere(from, addDays(until, 1)));
    return (await request.get(`${LOG}/exports/json/?timezone=Europe%2FParis&where=${where}`)).body();
  };
  const older = { from: addDays(to, -20), to: addDays(to, -11) };
  const newer = { from: addDays(to, -10), to: addDays(to, -1) };
  await page.goto('/connect');
  await page.locator('input[name="files"]').setInputFiles([
    { name: 'older.json', mimeType: 'application/json', buffer: await exportOf(older.from, older.to) },
    { name: 'newer.json', mimeType: 'application/json', buffer: await exportOf(newer.from, newer.to) },
  ]);
  await expect(page).toHaveURL(/source=files/);
  await waitReady(page);
  const both = { from: older.from, to: newer.to };
  await expectKpis(page, await oracleKpis(request, both));
  const link = page.url();

  // A reload: the same figures, from the kept files.
  await page.reload();
  await waitReady(page);
  await expectKpis(page, await oracleKpis(request, both));

  // Connect lists them, with their events counted by the portal.
  await page.goto('/connect');
  const rows = page.locator('table[data-table="kept-files"] tbody tr');
  await expect(rows).toHaveCount(2);
  const olderCount = (await oracleKpis(request, older)).actions;
  await expect(rows.nth(0).locator('th')).toHaveText('older.json');
  await expect(rows.nth(0).locator('td').nth(0)).toHaveText(grouped(olderCount));
  await expect(rows.nth(0).locator('td').nth(1)).toContainText(older.from);
  await rows.nth(0).getByRole('button', { name: 'Remove older.json' }).click();
  await expect(rows).toHaveCount(1);
  await page.goto(link);
  await waitReady(page);
  await expectKpis(page, await oracleKpis(request, newer));

  // Clear local data: the files, the portal's log and the settings are gone.
  await page.goto('/');
  await waitReady(page);
  await waitKept(page);
  await page.evaluate(() => localStorage.setItem('backoffice-analytics.scheme', 'dark'));
  await page.goto('/connect');
  await page.getByRole('button', { name: 'Clear local data' }).click();
  await expect(page.getByText('Everything this app kept in this browser is removed')).toBeVisible();
  await expect(rows).toHaveCount(0);
  expect(await keptFiles(page)).toEqual({});
  expect(await page.evaluate(() => localStorage.getItem('backoffice-analytics.scheme'))).toBeNull();
  await page.goto(link);
  await expect(page.locator('main')).toHaveAttribute('data-state', 'error');
  await expect(page.getByRole('alert')).toContainText('No imported files');
});

test('a slow load shows a progress bar with the time left and draws what has arrived', async ({ page, request }) => {
  // About 63 kB gzipped (1.3 MB of JSON) at 8 kB/s: some 8 seconds.
  await faults(request, 'bytes_per_second=8000');
  await page.goto('/');
  const bar = page.getByRole('progressbar', { name: 'Loading the activity log' });
  await expect(bar).toBeVisible();
  // Part-way: a percent, the time left, and figures drawn from the events so far.
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 20_000 }).toBeGreaterThan(10);
  await expect(bar).toHaveAttribute('aria-valuetext', /^\d+ %, about \d+ s left$/);
  await expect(page.locator('[data-partial]')).toContainText('events received so far');
  await expect(page.locator('main')).toHaveAttribute('data-state', 'loading');
  const final = await oracleKpis(request, defaultWindow());
  const partial = num(await kpi(page, 'actions').textContent());
  expect(partial).toBeGreaterThan(0);
  expect(partial).toBeLessThan(final.actions);
  await waitReady(page);
  await expect(bar).toHaveCount(0);
  await expectKpis(page, final);
});
