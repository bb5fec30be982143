// Aggregating on the portal (agg=portal) shows the same figures as downloading the events
// (agg=browser): every table of the dashboard and the full lists, read in both modes on the same
// log, must be identical. On the hand-checked log (both DST changes of Paris and New York, empty
// fields, two workspaces) in two zones, with hidden series of both kinds, a workspace and a
// legend click; and on the generated log's default window.
const fs = require('fs');
const { expect } = require('@playwright/test');
const {
  test, waitReady, showNotable, tableRows, rowsWhere, defaultWindow, decoded, formDecoded, watchRequests,
} = require('./helpers');
const { FIXTURE_URL } = require('./fixture');

/** The tables a dashboard view shows (every chart's twin, the tops, the heatmap). */
function dashboardTables(by) {
  return [
    by === 'action' ? 'actions-by-action' : 'actions-by-type',
    'weekday', 'users-by-action', 'actions-by-name', 'top-objects', 'top-users', 'weekday-hour',
  ];
}

/** Everything the dashboard shows at `link` with `agg`, once drawn. */
async function figures(page, link, agg) {
  await page.goto(`${link}&agg=${agg}`);
  await waitReady(page);
  await expect(page.locator(`[data-mode="${agg}"]`)).toBeVisible();
  const params = new URL(link, 'http://x').searchParams;
  return read(page, params.get('by'), params.get('compare') === 'previous');
}

/** The KPIs and every table of the dashboard on screen (with the comparison's, when asked). */
async function read(page, by, compare = false) {
  const shown = { kpis: await page.locator('[data-kpi]').allTextContents() };
  const tables = dashboardTables(by);
  if (compare) {
    shown.previous = await page.locator('[data-kpi-previous]').allTextContents();
    expect(shown.previous.length).toBeGreaterThan(0);
    tables.push(by === 'action' ? 'compare-by-action' : 'compare-by-type');
  }
  for (const name of tables) shown[name] = await tableRows(page, name);
  return shown;
}

async function expectSameFigures(page, link) {
  const browser = await figures(page, link, 'browser');
  const portal = await figures(page, link, 'portal');
  expect(portal).toEqual(browser);
  return portal;
}

const WHOLE = `${FIXTURE_URL}/?from=2025-03-01&to=2025-11-30`;

test('the portal gives the figures the browser computes, on the hand-checked log, in Paris and New York', async ({ page }) => {
  const paris = await expectSameFigures(page, `${WHOLE}&tz=Europe/Paris`);
  expect(paris.kpis).toEqual(['60', '4', '15.0']);
  // The DST weeks, day by day, in the zone of each change.
  await expectSameFigures(page, `${FIXTURE_URL}/?from=2025-03-24&to=2025-04-02&tz=Europe/Paris`);
  await expectSameFigures(page, `${FIXTURE_URL}/?from=2025-10-27&to=2025-11-05&tz=America/New_York&by=action`);
  await expectSameFigures(page, `${FIXTURE_URL}/?from=2025-03-05&to=2025-03-12&tz=America/New_York`);
});

test('hidden series, a workspace and by=action: the same figures from the portal', async ({ page }) => {
  await expectSameFigures(page, `${WHOLE}&tz=Europe/Paris&hide=dataset&hide=page`);
  await expectSameFigures(page, `${WHOLE}&tz=Europe/Paris&by=action&hide=edit_dataset`);
  await expectSameFigures(page, `${WHOLE}&tz=Europe/Paris&ws=lab`);
  await expectSameFigures(page, `${WHOLE}&tz=Europe/Paris&ws=acme&by=action`);
});

test('compare=previous: the previous period\'s KPIs, line and table are the same from the portal', async ({ page }) => {
  // Five weeks with the events of 2025-06-16 against the five before, those of 2025-05-12;
  // then the days after New York's autumn change against those around Paris's.
  const weeks = await expectSameFigures(page, `${FIXTURE_URL}/?from=2025-05-19&to=2025-06-22&tz=Europe/Paris&compare=previous`);
  expect(weeks.previous.join(' ')).toMatch(/[1-9]/);
  await expectSameFigures(page, `${FIXTURE_URL}/?from=2025-10-27&to=2025-11-03&tz=America/New_York&compare=previous&by=action`);
});

test('a legend click or a series switch re-filters the groups held: no request, and the browser\'s figures', async ({ page }) => {
  const requests = watchRequests(page, { keep: (url) => url.includes('/api/explore/') });
  await page.goto(`${WHOLE}&tz=Europe/Paris&agg=portal`);
  await waitReady(page);
  const before = requests.length;
  expect(before).toBeGreaterThan(0);
  // Two clicks in a row, as fast as a person's double click.
  await page.evaluate(async () => {
    document.querySelector('button[data-series="dataset"]').click();
    await new Promise((resolve) => setTimeout(resolve, 40));
    document.querySelector('button[data-series="page"]').click();
  });
  await expect(page).toHaveURL(/hide=dataset/);
  await expect(page).toHaveURL(/hide=page/);
  await waitReady(page);
  const clicked = await read(page, null);
  // The series switch too: the groups hold both the type and the action of every count.
  await page.getByRole('button', { name: 'By action', exact: true }).click();
  await expect(page).toHaveURL(/by=action/);
  await waitReady(page);
  expect(requests.slice(before)).toEqual([]);
  const browser = await figures(page, `${WHOLE}&tz=Europe/Paris&hide=dataset&hide=page`, 'browser');
  expect(clicked).toEqual(browser);
});

test('in portal mode only the events the notable rules need cross the network, and the header says which mode and why', async ({ page }) => {
  const ofTheLog = (url) => url.includes('/exports/') && url.includes('ods-backoffice-activity');
  const exports = watchRequests(page, { keep: (url) => ofTheLog(url) && !url.includes('group_by='), read: formDecoded });
  const groups = watchRequests(page, { keep: (url) => ofTheLog(url) && url.includes('group_by='), read: formDecoded });
  await page.goto(`${WHOLE}&tz=Europe/Paris&agg=portal`);
  await waitReady(page);
  await expect(page.locator('[data-mode="portal"]')).toContainText('computed by the portal');
  // The notable actions' card is below the first screen: nothing of theirs is asked until it
  // comes into view, and it says that they are asked once it does.
  expect(exports).toEqual([]);
  expect(groups.filter((url) => /hour\(timestamp\) < 6|user_id is null/.test(url))).toEqual([]);
  await expect(page.locator('section[aria-labelledby="notable-title"] [role="status"]'))
    .toHaveText('Asking the portal for these actions…');
  await showNotable(page);
  // The only events asked for are the removals (the bursts need their instants), one answer
  // per object type; the access changes and the night actions count from groups.
  expect(exports).toHaveLength(7);
  for (const url of exports) expect(url).toContain('action IN ("delete_dataset")');
  // … and of them only what a burst reads (the type's id fields and the core ones), not
  // their diffs.
  const selects = exports.map((url) => new URL(url).searchParams.get('select'));
  expect(selects).toContain('timestamp, dataset_id, domain_id, user_id, action');
  expect(selects).toContain('timestamp, subdomain_id, domain_id, user_id, action');
  for (const select of selects) expect(select).toMatch(/^timestamp, \w+(, \w+)?, domain_id, user_id, action$|^timestamp, subdomain_id, domain_id, user_id, action$/);
  expect(groups.filter((url) => url.includes('action IN ("add_user_to_group")'))).toHaveLength(1);
  expect(groups.filter((url) => url.includes('hour(timestamp) < 6'))).toHaveLength(1);
  // /log searches on the portal too, a plain word through its text search: 21 events say
  // "trees" (the dataset's id, or its diff), out of the window's 60.
  await page.goto(`${WHOLE}&tz=Europe/Paris&agg=portal&q=trees`.replace('/?', '/log?'));
  await waitReady(page);
  await expect(page.locator('.summary')).toHaveText('Actions 1–21 of 21 matching, out of 60.');
  await page.goto(`${WHOLE}&tz=Europe/Paris&agg=browser`);
  await waitReady(page);
  await expect(page.locator('[data-mode="browser"]')).toContainText('as the link asks');
  // Without agg, the window's count decides: 60 events are downloaded.
  await page.goto(`${WHOLE}&tz=Europe/Paris`);
  await waitReady(page);
  await expect(page.locator('[data-mode="browser"]')).toContainText('60 in this window (up to 300,000)');
});

test('the generated log\'s default window and its full lists are the same in both modes', async ({ page }) => {
  const { from, to } = defaultWindow();
  await expectSameFigures(page, `/?from=${from}&to=${to}`);
  const list = async (agg, path, table, extra = '') => {
    await page.goto(`${path}?from=${from}&to=${to}&agg=${agg}${extra}`);
    await waitReady(page);
    return tableRows(page, table);
  };
  expect(await list('portal', '/objects', 'objects')).toEqual(await list('browser', '/objects', 'objects'));
  expect(await list('portal', '/users', 'users')).toEqual(await list('browser', '/users', 'users'));
  // Users' actions on one type of object only.
  const onPages = await list('portal', '/users', 'users', '&type=page');
  expect(onPages).toEqual(await list('browser', '/users', 'users', '&type=page'));
  expect(onPages).not.toEqual(await list('portal', '/users', 'users'));
});

test('an object\'s and a user\'s history count from its groups and list a page of its events, with the same tables and downloads', async ({ page }) => {
  const histories = [
    ['/objects/dataset/trees', ['object-actions', 'object-users', 'object-log'], 'dataset_id = "trees"'],
    ['/objects/workspace/acme', ['object-actions', 'object-users', 'object-log'], 'domain_id = "acme"'],
    ['/users/ann', ['user-actions', 'user-objects', 'user-log'], 'user_id = "ann"'],
  ];
  for (const [path, tables, condition] of histories) {
    const shown = {};
    for (const agg of ['browser', 'portal']) {
      const asked = watchRequests(page, { read: formDecoded });
      await page.goto(`${FIXTURE_URL}${path}?from=2025-03-01&to=2025-11-30&tz=Europe/Paris&agg=${agg}`);
      await waitReady(page);
      // The summary without the dataset's title, or the note that it has none (trees has none in
      // the titles' dataset since the 2024 events joined the fixture), which arrive on their
      // own time.
      const summary = await page.locator('.summary').textContent();
      shown[agg] = { summary: summary.replace(/^.* · /, '').replace(/^Not on the portal any more[^.]*\. /, '') };
      for (const name of tables) shown[agg][name] = await tableRows(page, name);
      if (agg === 'portal') {
        // Its figures from group_by, its events a page of records at a time: none of its
        // events is downloaded whole.
        const its = asked.filter((url) => url.includes('ods-backoffice-activity') && url.includes(condition));
        expect(its.filter((url) => url.includes('group_by=')).length, `${path}: its groups`).toBeGreaterThan(0);
        expect(its.filter((url) => url.includes('/records/')).length, `${path}: a page of its events`).toBeGreaterThan(0);
        const whole = its.filter((url) => url.includes('/exports/json') && !url.includes('group_by='));
        expect(whole, `${path}: no download of its events`).toEqual([]);
      }
      // Every action downloaded: in portal mode, asked for when the button is pressed.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('[data-download="csv"]').last().click(),
      ]);
      shown[agg].download = fs.readFileSync(await download.path(), 'utf8');
      expect(shown[agg].download.split('\n').length).toBeGreaterThan(1);
      page.removeAllListeners('request');
    }
    expect(shown.portal, path).toEqual(shown.browser);
  }
});

test('a history\'s download that fails in portal mode says so beside its buttons, keeps the page, and asks again when pressed', async ({ page }) => {
  let refuse = true;
  await page.route((url) => url.pathname.includes('/exports/json') && !url.searchParams.get('group_by')
    && (url.searchParams.get('where') || '').includes('dataset_id = "trees"'), (route) => (refuse
    ? route.fulfill({ status: 503, contentType: 'application/json', body: '{"error_code":"ServiceUnavailable","message":"down"}' })
    : route.continue()));
  await page.goto(`${FIXTURE_URL}/objects/dataset/trees?from=2025-03-01&to=2025-11-30&tz=Europe/Paris&agg=portal`);
  await waitReady(page);
  const rows = await tableRows(page, 'object-log');
  await page.locator('[data-download="csv"]').last().click();
  await expect(page.locator('[data-download-failed]')).toContainText('The download failed');
  await expect(page.locator('[data-download-failed]')).toContainText('Press CSV or JSON to try again');
  await expect(page.locator('main')).toHaveAttribute('data-state', 'ready');
  expect(await tableRows(page, 'object-log')).toEqual(rows);
  refuse = false;
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-download="csv"]').last().click(),
  ]);
  expect(fs.readFileSync(await download.path(), 'utf8').split('\n').length).toBeGreaterThan(1);
  await expect(page.locator('[data-download-failed]')).toHaveCount(0);
});

test('/log in portal mode asks one page at a time, after the last event shown, with the same rows', async ({ page }) => {
  const { from, to } = defaultWindow();
  const pages = {};
  for (const agg of ['browser', 'portal']) {
    const asked = watchRequests(page, { read: formDecoded });
    pages[agg] = [];
    for (const number of [1, 2, 3]) {
      await page.goto(`/log?from=${from}&to=${to}&agg=${agg}&page=${number}`);
      await waitReady(page);
      const summary = await page.locator('.summary').textContent();
      const rows = await rowsWhere(page, 'log', (r) => r.length > 0);
      // Events of the same second come in no set order (the export gives seconds): each page
      // is compared as a set, in order of time.
      const newestFirst = rows.every((row, i) => i === 0 || rows[i - 1][0] >= row[0]);
      expect(newestFirst, `${agg} page ${number} newest first`).toBe(true);
      pages[agg].push({ summary, rows: rows.map((row) => JSON.stringify(row)).sort() });
    }
    if (agg === 'portal') {
      const records = asked.filter((url) => url.includes('/records/') && url.includes('order_by=timestamp desc'));
      expect(records.length).toBeGreaterThan(0);
      // No page is asked by an offset: page N starts before page N − 1's last second, whose
      // events are asked for whole (one second's export) and told apart from those shown.
      expect(records.some((url) => url.includes('timestamp < date'))).toBe(true);
      records.forEach((url) => expect(new URL(url).searchParams.get('offset')).toBeNull());
      const exports = asked.filter((url) => url.includes('/exports/json') && !url.includes('group_by=')
        && !url.includes('action IN (') && url.includes('ods-backoffice-activity'));
      expect(exports.length).toBeGreaterThan(0);
      for (const url of exports) {
        // The window's bounds, then the second's.
        const [, from, until] = [...url.matchAll(/timestamp >= date'([^']+)' AND timestamp < date'([^']+)'/g)].pop() || [];
        expect(Date.parse(until) - Date.parse(from), url).toBe(1000);
      }
    }
    page.removeAllListeners('request');
  }
  expect(pages.portal).toEqual(pages.browser);
});

test('/log downloads every event of the window as the platform exports them, the same in both modes', async ({ page }) => {
  const files = {};
  for (const agg of ['browser', 'portal']) {
    await page.goto(`${FIXTURE_URL}/log?from=2025-03-01&to=2025-11-30&tz=Europe/Paris&agg=${agg}`);
    await waitReady(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button[data-download="platform-csv"]').click(),
    ]);
    const [header, ...lines] = fs.readFileSync(await download.path(), 'utf8').trim().split('\n');
    // Events of one second come in no set order: compared as sets, with the header.
    files[agg] = { header, lines: lines.sort() };
  }
  expect(files.portal.lines.length).toBeGreaterThan(40);
  expect(files.portal).toEqual(files.browser);
});

test('a download of more events than the threshold says so in portal mode and asks nothing', async ({ page }) => {
  await page.goto(`${FIXTURE_URL}/connect`);
  await page.getByLabel('Events past which the portal computes the figures').fill('10');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Saved on this device: past 10 events')).toBeVisible();
  await page.goto(`${WHOLE.replace('/?', '/log?')}&tz=Europe/Paris`);
  await waitReady(page);
  await expect(page.locator('[data-mode="portal"]')).toBeVisible();
  // The page's own round (the removals' rows, one query per object type) over first.
  await page.waitForLoadState('networkidle');
  const asked = watchRequests(page, {
    keep: (url) => url.includes('/exports/json') && !url.includes('group_by='),
    read: decoded,
  });
  await page.locator('button[data-download="platform-csv"]').click();
  await expect(page.locator('[data-download-failed]')).toContainText('Too many actions to download here');
  await expect(page.locator('[data-download-failed]')).toContainText('60 actions, more than the 10');
  // Pressing again would not help: the message does not offer it.
  await expect(page.locator('[data-download-failed]')).not.toContainText('try again');
  expect(asked).toEqual([]);
});

test('the threshold is settable on Connect: past it the portal computes, and the header says why', async ({ page }) => {
  await page.goto(`${FIXTURE_URL}/connect`);
  const field = page.getByLabel('Events past which the portal computes the figures');
  await expect(field).toHaveValue('300000');
  await field.fill('10');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Saved on this device: past 10 events')).toBeVisible();
  await page.goto(`${WHOLE}&tz=Europe/Paris`);
  await waitReady(page);
  await expect(page.locator('[data-mode="portal"]')).toContainText('60 events in this window, more than the 10');
  await expect(page.locator('[data-kpi="actions"]')).toHaveText('60');
  // An empty field goes back to the default.
  await page.goto(`${FIXTURE_URL}/connect`);
  await field.fill('');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(field).toHaveValue('300000');
});

test('the notable actions come from the rows their rules need, the same in both modes', async ({ page }) => {
  const { from, to } = defaultWindow();
  for (const link of [`${WHOLE}&tz=Europe/Paris`, `${WHOLE}&tz=America/New_York`, `/?from=${from}&to=${to}`]) {
    const shown = {};
    for (const agg of ['browser', 'portal']) {
      await page.goto(`${link}&agg=${agg}`);
      await waitReady(page);
      await showNotable(page);
      // Every row, not the first 20.
      const all = page.locator('button[data-action="notable-all"]');
      if (await all.count()) await all.click();
      shown[agg] = await tableRows(page, 'notable');
    }
    expect(shown.portal, link).toEqual(shown.browser);
  }
});
