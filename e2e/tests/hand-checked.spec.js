// The dashboard against a small log whose every expected figure is worked out by hand below,
// not computed by the engine: fixtures/hand-checked-log.json, 60 events served by a second
// demo portal (fixture.js). It holds both DST changes of Europe/Paris (2025-03-30, 2025-10-26)
// and of America/New_York (2025-03-09, 2025-11-02) with events a second either side of each
// change and of local midnight, the same second twice (two identical records), unicode and
// emoji user ids, HTML in `username`, `reuse_title` and `diff`, empty strings (an event with
// an empty `user_id`, a dataset id ""), an unknown action, and two workspaces (acme, lab).
//
// The events, numbered as in the fixture (UTC → local):
//  1 03-28 23:00Z ann edit_dataset trees       → Paris Sat 29 00:00 (midnight)
//  2 03-28 22:59:59Z zoë edit_page home        → Paris Fri 28 23:59:59
//  3 03-30 00:59:59Z ann edit_dataset trees    → Paris Sun 30 01:59:59 CET
//  4 03-30 01:00Z ann edit_dataset trees       → Paris Sun 30 03:00 CEST
//  5 03-30 21:59:59Z bob publish_dataset bike-counts → Paris Sun 30 23:59:59
//  6 03-30 22:00Z 山田 edit_page home           → Paris Mon 31 00:00
//  7, 8 03-31 08:15:30Z ann edit_dataset trees, twice → Paris Mon 31 10:15:30
//  9 10-26 00:30Z zoë edit_dataset café-terrasses → Paris Sun 26 02:30 CEST
// 10 10-26 01:30Z zoë edit_dataset café-terrasses → Paris Sun 26 02:30 CET
// 11 10-25 22:00Z bob edit_map traffic-map     → Paris Sun 26 00:00
// 12 10-26 22:59:59Z ann publish_dataset trees → Paris Sun 26 23:59:59
// 13 10-26 23:00Z 山田 edit_page about          → Paris Mon 27 00:00
// 14 10-24 22:30Z bob add_page about           → Paris Sat 25 00:30
// 15 03-09 06:59:59Z ann edit_dataset bike-counts → New York Sun 9 01:59:59 EST
// 16 03-09 07:00Z ann edit_dataset bike-counts → New York Sun 9 03:00 EDT
// 17 03-09 04:59:59Z zoë edit_page home        → New York Sat 8 23:59:59
// 18 03-09 05:00Z bob delete_dataset old-stats → New York Sun 9 00:00
// 19 03-10 03:59:59Z 山田 edit_map traffic-map  → New York Sun 9 23:59:59
// 20 03-10 04:00Z ann edit_page home           → New York Mon 10 00:00
// 21 11-02 05:30Z bob edit_dataset trees       → New York Sun 2 01:30 EDT
// 22 11-02 06:30Z bob edit_dataset trees       → New York Sun 2 01:30 EST
// 23 11-02 04:00Z zoë publish_dataset café-terrasses → New York Sun 2 00:00
// 24 11-03 04:59:59Z ann edit_page about       → New York Sun 2 23:59:59
// 25 11-03 05:00Z 山田 edit_dataset bike-counts → New York Mon 3 00:00
// 26 11-01 03:59:59Z ann edit_dataset trees    → New York Fri Oct 31 23:59:59
// 27–38 the week of Mon 2025-05-12 at 12:00Z (Paris 14:00): 27 ann add_user_to_group editors,
//   28 bob create_user <img…>, 29 zoë edit_reuse (HTML title and diff), 30 ann
//   frobnicate_widget (workspace lab), 31 山田 edit_domain_settings (workspace acme), 32 (no
//   user) edit_dataset trees, 33 ann edit_page home (dataset id ""), 34 zoë create_user Zoë 🚀,
//   35, 36 bob edit_dataset trees (lab), 37 ann publish_dataset bike-counts (lab), 38 山田 edit_map.
// 39–60 the week of Mon 2025-06-16 at 10:00Z (Paris 12:00): see the fixture.
// 61–100, in 2024 (outside every 2025 window above; beyond.spec.js counts their bursts):
// 61–71 ann delete_page draft-1…11, every 9 minutes from 2024-10-27 00:15Z (Paris 02:15 CEST)
//   to 01:45Z (02:45 CET), across the autumn change; 72–81 bob delete_dataset old-1…10, every
//   5 minutes from 2024-12-10 22:40Z (Paris 23:40) to 23:25Z (Dec 11 00:25), across midnight;
//   82–90 山田 delete_map m-1…9 every 5 minutes from 2024-12-20 10:00Z, 91 m-10 at 10:51Z
//   (11 minutes later); 92–100 on 2024-11-15 from 12:00Z, a minute apart: ann edit_dataset
//   trees ×3, bob edit_page home ×2, 山田 edit_map traffic-map ×2, zoë edit_dataset
//   bike-counts ×2.
const { expect } = require('@playwright/test');
const {
  test, tableRows, waitReady, num, MODES, inMode,
} = require('./helpers');
const { FIXTURE_URL } = require('./fixture');

test.use({ baseURL: FIXTURE_URL });

const ZOE = 'zoë🚀';
const YAMADA = '山田太郎';
const REUSE = '<b>Best reuse</b> & co';
const EVIL = '<img src=x onerror=alert(1)>';
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const WHOLE = 'from=2025-03-01&to=2025-11-30&tz=Europe%2FParis';

// Every test below runs in both modes (agg=browser, agg=portal) against the same literals.
for (const agg of MODES) test.describe(`agg=${agg}`, () => {
test.beforeEach(async ({ page }) => inMode(page, agg));

async function expectKpis(page, actions, users, perUser) {
  await waitReady(page);
  await expect(page.locator('[data-kpi="actions"]')).toHaveAttribute('data-value', String(actions));
  await expect(page.locator('[data-kpi="users"]')).toHaveText(String(users));
  if (perUser) await expect(page.locator('[data-kpi="actions-per-user"]')).toHaveText(perUser);
}

/** The Actions chart's table: its header and its rows as numbers after the day. */
async function actionsTable(page) {
  const headers = await page.locator('table[data-table="actions-by-type"] thead th').allTextContents();
  const rows = await tableRows(page, 'actions-by-type');
  return { headers, rows: rows.map(([day, ...counts]) => [day, ...counts.map(num)]) };
}

async function weekdays(page) {
  const rows = await tableRows(page, 'weekday');
  expect(rows.map((r) => r[0])).toEqual(WEEKDAYS);
  return rows.map((r) => num(r[1]));
}

test('Paris, spring change: the 30th has 23 hours, local midnight starts the day', async ({ page }) => {
  await page.goto('/?from=2025-03-28&to=2025-03-31&tz=Europe%2FParis');
  // 2 (page) on Fri 28; 1 on Sat 29 at 00:00; 3, 4, 5 on Sun 30 either side of the change and
  // at 23:59:59; 6 (page) at Mon 31 00:00 and 7, 8 the same second twice.
  await expectKpis(page, 8, 4, '2.0');
  expect(await actionsTable(page)).toEqual({
    headers: ['Day', 'Datasets', 'Pages', 'Total'],
    rows: [
      ['2025-03-28', 0, 1, 1],
      ['2025-03-29', 1, 0, 1],
      ['2025-03-30', 3, 0, 3],
      ['2025-03-31', 2, 1, 3],
    ],
  });
  expect(await weekdays(page)).toEqual([3, 0, 0, 0, 1, 1, 3]);

  // The same window in UTC: 1 and 2 fall on the 28th, 6 on the 30th.
  await page.goto('/?from=2025-03-28&to=2025-03-31&tz=UTC');
  await expectKpis(page, 8, 4, '2.0');
  expect((await actionsTable(page)).rows).toEqual([
    ['2025-03-28', 1, 1, 2],
    ['2025-03-29', 0, 0, 0],
    ['2025-03-30', 3, 1, 4],
    ['2025-03-31', 2, 0, 2],
  ]);
});

test('Paris, autumn change: the 26th has 25 hours and both 02:30 are on it', async ({ page }) => {
  await page.goto('/?from=2025-10-25&to=2025-10-27&tz=Europe%2FParis');
  await expectKpis(page, 6, 4, '1.5');
  expect(await actionsTable(page)).toEqual({
    headers: ['Day', 'Datasets', 'Pages', 'Maps', 'Total'],
    rows: [
      ['2025-10-25', 0, 1, 0, 1],
      ['2025-10-26', 3, 0, 1, 4],
      ['2025-10-27', 0, 1, 0, 1],
    ],
  });
  expect(await weekdays(page)).toEqual([1, 0, 0, 0, 0, 1, 4]);

  // The dataset's history: 10 then 9, both at 02:30 local, an hour apart.
  await page.goto('/objects/dataset/caf%C3%A9-terrasses?from=2025-10-25&to=2025-10-27&tz=Europe%2FParis');
  await waitReady(page);
  await expect(page.locator('h1')).toHaveText('Dataset Café terrasses');
  await expect(page.locator('.summary')).toContainText('2 actions by 1 user in the window.');
  const log = await tableRows(page, 'object-log');
  expect(log.map((r) => r.slice(0, 3))).toEqual([
    ['2025-10-26 02:30', ZOE, 'edit_dataset'],
    ['2025-10-26 02:30', ZOE, 'edit_dataset'],
  ]);
});

test('New York, spring change', async ({ page }) => {
  await page.goto('/?from=2025-03-08&to=2025-03-10&tz=America%2FNew_York');
  // 17 on Sat 8 at 23:59:59; 18 at Sun 9 00:00, 15 and 16 either side of the change, 19 at
  // 23:59:59; 20 at Mon 10 00:00.
  await expectKpis(page, 6, 4, '1.5');
  expect(await actionsTable(page)).toEqual({
    headers: ['Day', 'Datasets', 'Pages', 'Maps', 'Total'],
    rows: [
      ['2025-03-08', 0, 1, 0, 1],
      ['2025-03-09', 3, 0, 1, 4],
      ['2025-03-10', 0, 1, 0, 1],
    ],
  });
  expect(await weekdays(page)).toEqual([1, 0, 0, 0, 0, 1, 4]);
});

test('New York, autumn change: both 01:30 on the 2nd', async ({ page }) => {
  await page.goto('/?from=2025-11-01&to=2025-11-03&tz=America%2FNew_York');
  // 26 is on Oct 31 in New York: outside. 23, 21, 22, 24 on Sun 2; 25 at Mon 3 00:00.
  await expectKpis(page, 5, 4);
  expect(await actionsTable(page)).toEqual({
    headers: ['Day', 'Datasets', 'Pages', 'Total'],
    rows: [
      ['2025-11-01', 0, 0, 0],
      ['2025-11-02', 3, 1, 4],
      ['2025-11-03', 1, 0, 1],
    ],
  });
  await page.goto('/objects/dataset/trees?from=2025-11-01&to=2025-11-03&tz=America%2FNew_York');
  await waitReady(page);
  const log = await tableRows(page, 'object-log');
  expect(log.map((r) => r.slice(0, 3))).toEqual([
    ['2025-11-02 01:30', 'bob', 'edit_dataset'],
    ['2025-11-02 01:30', 'bob', 'edit_dataset'],
  ]);
});

test('the whole log: KPIs, weekdays, top objects and users, action names', async ({ page }) => {
  await page.goto(`/?${WHOLE}`);
  // 60 events; users ann, bob, zoë, 山田 (the event without a user_id counts as an action only).
  await expectKpis(page, 60, 4, '15.0');
  await expect(page.locator('[data-bucket]').first()).toHaveAttribute('data-bucket', 'week');
  // Mon: 6, 7, 8, 13, 19, 20, 24, 25 + May 27, 28 + June 39, 40, 41. Sun: 3, 4, 5, 9, 10, 11,
  // 12, 15, 16, 17, 18, 21, 22, 23 (in Paris) + 38 + 56–60. And so on.
  expect(await weekdays(page)).toEqual([13, 5, 6, 5, 6, 5, 20]);
  const objects = await tableRows(page, 'top-objects');
  expect(objects.map((r) => [r[0], r[1], num(r[2]), num(r[3])])).toEqual([
    ['Dataset', 'trees', 21, 4],
    ['Dataset', 'bike-counts', 8, 3],
    ['Page', 'home', 8, 4],
    ['Dataset', 'café-terrasses', 5, 3],
    ['Page', 'about', 4, 4],
    ['Map', 'traffic-map', 4, 2],
    ['Group', 'editors', 2, 2],
    ['Reuse', REUSE, 2, 1],
    ['Workspace', 'acme', 2, 2],
    ['Dataset', 'old-stats', 1, 1],
  ]);
  const users = await tableRows(page, 'top-users');
  expect(users.map((r) => [r[0], num(r[1]), num(r[2])])).toEqual([
    ['ann', 25, 7],
    ['bob', 13, 8],
    [ZOE, 12, 7],
    [YAMADA, 9, 7],
  ]);
  const names = await tableRows(page, 'actions-by-name');
  expect(names[0]).toEqual(['edit_dataset', '29']);
  expect(Object.fromEntries(names.map((r) => [r[0], num(r[1])]))).toEqual({
    edit_dataset: 29,
    edit_page: 11,
    publish_dataset: 5,
    edit_map: 4,
    add_user_to_group: 2,
    create_user: 2,
    edit_reuse: 2,
    frobnicate_widget: 2,
    add_page: 1,
    delete_dataset: 1,
    edit_domain_settings: 1,
  });

  // Datasets hidden: 60 − 35 dataset actions.
  await page.goto(`/?${WHOLE}&hide=dataset`);
  await expectKpis(page, 25, 4);
  // The second workspace: 30, 35, 36, 37, by ann and bob.
  await page.goto(`/?${WHOLE}&ws=lab`);
  await expectKpis(page, 4, 2, '2.0');
  await expect(page.locator('select[name="ws"] option')).toHaveText(['All workspaces', 'acme', 'lab']);
});

test('a user with an emoji in their id: history and objects', async ({ page }) => {
  await page.goto(`/users/${encodeURIComponent(ZOE)}?${WHOLE}`);
  await waitReady(page);
  await expect(page.locator('h1')).toHaveText(`User ${ZOE}`);
  await expect(page.locator('.summary')).toContainText('12 actions on 7 objects in the window.');
  const objects = await tableRows(page, 'user-objects');
  expect(objects.map((r) => [r[0], r[1], num(r[2])])).toEqual([
    ['Dataset', 'café-terrasses', 3],
    ['Dataset', 'trees', 2],
    ['Page', 'home', 2],
    ['Reuse', REUSE, 2],
    ['Page', 'about', 1],
    ['Group', 'editors', 1],
    ['User', 'Zoë 🚀', 1],
  ]);
  const log = await tableRows(page, 'user-log');
  expect(log).toHaveLength(12);
  // Newest first: 23 (Nov 2, 04:00Z = 05:00 CET), 10, 9, then 59 (June 22, 10:30Z = 12:30 CEST); the
  // oldest is 17 (March 9, 04:59:59Z = 05:59 CET).
  expect(log[0].slice(0, 3)).toEqual(['2025-11-02 05:00', 'café-terrasses', 'publish_dataset']);
  expect(log[1].slice(0, 3)).toEqual(['2025-10-26 02:30', 'café-terrasses', 'edit_dataset']);
  expect(log[3].slice(0, 3)).toEqual(['2025-06-22 12:30', `Reuse ${REUSE}`, 'edit_reuse']);
  expect(log[11].slice(0, 3)).toEqual(['2025-03-09 05:59', 'Page home', 'edit_page']);
});

test('HTML in names, titles and diffs is shown as text', async ({ page }) => {
  const alerts = [];
  page.on('dialog', (dialog) => { alerts.push(dialog.message()); dialog.dismiss(); });
  await page.goto(`/objects?${WHOLE}&type=user`);
  await waitReady(page);
  const users = await tableRows(page, 'objects');
  expect(users.map((r) => [r[0], r[1], num(r[2])])).toEqual([['User', EVIL, 1], ['User', 'Zoë 🚀', 1]]);
  await page.getByRole('link', { name: EVIL }).click();
  await waitReady(page);
  await expect(page.locator('h1')).toHaveText(`User ${EVIL}`);
  await expect(page.locator('main img')).toHaveCount(0);

  await page.goto(`/objects/reuse/${encodeURIComponent(REUSE)}?${WHOLE}`);
  await waitReady(page);
  await expect(page.locator('h1')).toHaveText(`Reuse ${REUSE}`);
  await expect(page.locator('main b, main script, main i')).toHaveCount(0);
  const log = await tableRows(page, 'object-log');
  expect(log).toHaveLength(2);
  // 29's diff: the description went from a script to italics, both as text.
  expect(log[1][3]).toContain('<script>alert(1)</script>');
  expect(log[1][3]).toContain('<i>safe</i>');
  expect(alerts).toEqual([]);
});

test('empty strings: no user is not a user, an empty dataset id is no dataset', async ({ page }) => {
  // Wednesday May 14: 31 (山田, workspace acme) and 32 (no user_id, dataset trees).
  await page.goto('/?from=2025-05-14&to=2025-05-14&tz=Europe%2FParis');
  await expectKpis(page, 2, 1, '2.0');
  // Thursday May 15: 33 has dataset_id "" and page_id home: a page.
  await page.goto('/?from=2025-05-15&to=2025-05-15&tz=Europe%2FParis');
  await expectKpis(page, 2, 2, '1.0');
  const objects = await tableRows(page, 'top-objects');
  expect(objects.map((r) => [r[0], r[1], num(r[2])])).toEqual([['Page', 'home', 1], ['User', 'Zoë 🚀', 1]]);
  // The unknown action is listed under its own name.
  await page.goto('/?from=2025-05-13&to=2025-05-13&tz=Europe%2FParis');
  await waitReady(page);
  const names = await tableRows(page, 'actions-by-name');
  expect(names.map((r) => r[0]).sort()).toEqual(['edit_reuse', 'frobnicate_widget']);
});

test('2024: a half rounds up in actions per user; users by action; an object\'s and a user\'s days', async ({ page }) => {
  // 92–100: 9 actions by ann, bob, 山田 and zoë: 9 / 4 = 2.25, shown 2.3 (a half up).
  await page.goto('/?from=2024-11-15&to=2024-11-15&tz=Europe%2FParis');
  await expectKpis(page, 9, 4, '2.3');

  // 61–100 (Oct 26 – Dec 31, 2024). Actions: delete_page 11 (61–71), delete_dataset 10
  // (72–81), delete_map 10 (82–91), edit_dataset 5 (92–94, 99, 100), edit_map 2 (97, 98),
  // edit_page 2 (95, 96); columns by total, then name. Users by actions, then name.
  await page.goto('/?from=2024-10-26&to=2024-12-31&tz=Europe%2FParis');
  await expectKpis(page, 40, 4, '10.0');
  const headers = await page.locator('table[data-table="users-by-action"] thead th').allTextContents();
  expect(headers).toEqual(['User', 'delete_page', 'delete_dataset', 'delete_map', 'edit_dataset', 'edit_map', 'edit_page', 'Total']);
  expect(await tableRows(page, 'users-by-action')).toEqual([
    ['ann', '11', '0', '0', '3', '0', '0', '14'],
    ['bob', '0', '10', '0', '0', '0', '2', '12'],
    [YAMADA, '0', '0', '10', '0', '2', '0', '12'],
    [ZOE, '0', '0', '0', '2', '0', '0', '2'],
  ]);

  // bob's days: Nov 15 (95, 96); Dec 10 in Paris (72–75, until 23:55); Dec 11 (76–81, from
  // 00:00). Every other day of the 67 is 0.
  await page.goto('/users/bob?from=2024-10-26&to=2024-12-31&tz=Europe%2FParis');
  await waitReady(page);
  const days = await tableRows(page, 'user-actions');
  expect(days).toHaveLength(67);
  const busy = Object.fromEntries(days.filter((r) => num(r[r.length - 1]) > 0).map((r) => [r[0], num(r[r.length - 1])]));
  expect(busy).toEqual({ '2024-11-15': 2, '2024-12-10': 4, '2024-12-11': 6 });

  // The dataset trees over Paris's spring change: 1 on the 29th (local midnight), 3 and 4 on
  // the 30th, 7 and 8 on the 31st; none on the 28th (event 2 at 23:59:59 is a page).
  await page.goto('/objects/dataset/trees?from=2025-03-28&to=2025-03-31&tz=Europe%2FParis');
  await waitReady(page);
  const trees = await tableRows(page, 'object-actions');
  expect(trees.map((r) => [r[0], num(r[r.length - 1])])).toEqual([
    ['2025-03-28', 0], ['2025-03-29', 1], ['2025-03-30', 2], ['2025-03-31', 2],
  ]);
});

test('the whole log by week and by month', async ({ page }) => {
  // Weeks from Monday (the first bar starts on the window's first day, Sat March 1): 40 bars.
  await page.goto(`/?${WHOLE}`);
  await waitReady(page);
  const weeks = await tableRows(page, 'actions-by-type');
  expect(weeks).toHaveLength(40);
  expect(weeks[0][0]).toBe('2025-03-01');
  const busyWeeks = Object.fromEntries(weeks.filter((r) => num(r[r.length - 1]) > 0).map((r) => [r[0], num(r[r.length - 1])]));
  expect(busyWeeks).toEqual({
    '2025-03-03': 4, // 15–18 (Sunday the 9th in Paris)
    '2025-03-10': 2, // 19, 20 (Monday the 10th)
    '2025-03-24': 5, // 1–5 (Friday 28 to Sunday 30)
    '2025-03-31': 3, // 6–8
    '2025-05-12': 12, // 27–38
    '2025-06-16': 22, // 39–60
    '2025-10-20': 5, // 9–12, 14 (Saturday 25 and Sunday 26)
    '2025-10-27': 5, // 13, 21–23, 26
    '2025-11-03': 2, // 24, 25 (Monday the 3rd in Paris)
  });

  // More than 731 days: months, the empty ones at either end left out and named.
  await page.goto('/?from=2024-01-01&to=2026-01-31&tz=Europe%2FParis');
  await expectKpis(page, 100, 4, '25.0');
  await expect(page.locator('[data-bucket]').first()).toHaveAttribute('data-bucket', 'month');
  const months = await tableRows(page, 'actions-by-type');
  expect(months.map((r) => [r[0], num(r[r.length - 1])])).toEqual([
    ['2024-10', 11], // 61–71
    ['2024-11', 9], // 92–100
    ['2024-12', 20], // 72–91
    ['2025-01', 0], ['2025-02', 0],
    ['2025-03', 14], // 1–8, 15–20
    ['2025-04', 0],
    ['2025-05', 12], // 27–38
    ['2025-06', 22], // 39–60
    ['2025-07', 0], ['2025-08', 0], ['2025-09', 0],
    ['2025-10', 6], // 9–14
    ['2025-11', 6], // 21–26
  ]);
  await expect(page.locator('.twin__note').first()).toHaveText('Months without any action are left out: 2024-01 to 2024-09 and 2025-12 to 2026-01.');
});
});
