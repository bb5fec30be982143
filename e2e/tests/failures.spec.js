const { expect } = require('@playwright/test');
const {
  test, defaultWindow, oracleKpis, waitReady, expectKpis, faults, watchRequests,
} = require('./helpers');

const KEY = 'S3CRET-KEY-42';

test.afterEach(async ({ request }) => faults(request, ''));

const alert = (page) => page.getByRole('alert');
const state = (page) => page.locator('main');

test('401: says why, then the connect page with a key works and the key never leaks', async ({ page, request, baseURL }) => {
  await faults(request, `api_key=${KEY}`);
  const urls = watchRequests(page);
  const authorizations = watchRequests(page, {
    keep: (url) => url.includes('/api/'),
    read: (_, request) => request.headers().authorization || '',
  });
  const consoleText = [];
  page.on('console', (m) => consoleText.push(m.text()));

  await page.goto('/');
  await expect(state(page)).toHaveAttribute('data-state', 'error');
  await expect(alert(page)).toContainText('The portal refused the API key (401)');
  await expect(alert(page)).toContainText('Browse analytics');
  await alert(page).getByRole('link', { name: 'Connect…' }).click();
  await expect(page).toHaveURL(/\/connect/);

  await expect(page.locator('input[name="portal"]')).toHaveValue(baseURL);
  await page.locator('input[name="apikey"]').fill(KEY);
  await page.getByRole('button', { name: 'List monitoring datasets' }).click();
  const log = page.locator('input[type="radio"][value="ods-backoffice-activity"]');
  await expect(log).toBeChecked();
  await expect(page.locator('label', { has: log })).toContainText('matches the activity log');
  await expect(page.locator('input[type="radio"][value="ods-api-monitoring"]')).not.toBeChecked();
  await page.getByRole('button', { name: 'Open the dashboard' }).click();
  await expect(page).toHaveURL(/dataset=ods-backoffice-activity/);
  await expectKpis(page, await oracleKpis(request, defaultWindow()));

  expect(urls.filter((u) => u.includes(KEY))).toEqual([]);
  expect(page.url()).not.toContain(KEY);
  expect(await page.content()).not.toContain(KEY);
  expect(consoleText.join('\n')).not.toContain(KEY);
  expect(authorizations).toContain(`Apikey ${KEY}`);
  // Kept in sessionStorage by default, not localStorage.
  const stored = await page.evaluate(() => [sessionStorage.length, localStorage.length]);
  expect(stored).toEqual([1, 0]);

  // Forget key: the next load is refused again.
  await page.goto('/connect');
  await page.getByRole('button', { name: 'Forget key' }).click();
  expect(await page.evaluate(() => sessionStorage.length + localStorage.length)).toBe(0);
});

test('429: says when the quota resets', async ({ page, request }) => {
  await faults(request, 'status=429');
  await page.goto('/');
  await expect(state(page)).toHaveAttribute('data-state', 'error');
  await expect(alert(page)).toContainText('API quota reached (429)');
  await expect(alert(page)).toContainText(/It resets at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
});

test('400: shows the API message', async ({ page, request }) => {
  await faults(request, 'status=400');
  await page.goto('/?from=2024-01-01&to=2024-01-05&tz=UTC');
  await expect(state(page)).toHaveAttribute('data-state', 'error');
  await expect(alert(page)).toContainText('The portal rejected the query (400)');
  await expect(alert(page)).toContainText('answers 400 on purpose');
});

test('5xx: retried with backoff until it works', async ({ page, request }) => {
  await faults(request, 'status=503&times=2');
  await page.goto('/');
  await expect(alert(page)).toContainText('The portal failed to answer (503)');
  await expect(alert(page)).toContainText(/Trying again in \d s/);
  await waitReady(page);
  await expectKpis(page, await oracleKpis(request, defaultWindow()));
});

test('5xx: the user can cancel the retries and keeps the filters', async ({ page, request }) => {
  await faults(request, 'status=500');
  const query = '?from=2024-01-01&to=2024-01-09&tz=UTC&hide=page';
  await page.goto(`/${query}`);
  await expect(alert(page)).toContainText('Trying again');
  await alert(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(state(page)).toHaveAttribute('data-state', 'error');
  await expect(alert(page)).toContainText('The portal failed to answer (500)');
  expect(new URL(page.url()).search).toBe(query);
  await faults(request, '');
  await alert(page).getByRole('button', { name: 'Retry' }).click();
  await waitReady(page);
  expect(new URL(page.url()).search).toBe(query);
});

test('network: an unreachable portal', async ({ page }) => {
  await page.goto('/?portal=http%3A%2F%2F127.0.0.1%3A9');
  await expect(alert(page)).toContainText('The portal could not be reached');
  await alert(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(state(page)).toHaveAttribute('data-state', 'error');
  await expect(alert(page)).toContainText('Check the portal address');
});

test('CORS: a refused Authorization header points to the apikey fallback, which works', async ({ page, request, baseURL }) => {
  await faults(request, `api_key=${KEY}&refuse_auth_header=1`);
  // Another origin than the page's: localhost instead of 127.0.0.1.
  const portal = baseURL.replace('127.0.0.1', 'localhost');
  await page.goto(`/connect?portal=${encodeURIComponent(portal)}`);
  await page.locator('input[name="portal"]').fill(portal);
  await page.locator('input[name="apikey"]').fill(KEY);
  await page.getByRole('button', { name: 'List monitoring datasets' }).click();
  await expect(page.getByRole('alert')).toContainText('CORS rules refuse');
  await expect(page.getByRole('alert')).toContainText('Send the key in the URL');
  await expect(page.getByRole('alert')).not.toContainText(KEY);

  await page.locator('input[name="in_query"]').check();
  await expect(page.locator('.note')).toContainText('logs');
  await page.getByRole('button', { name: 'List monitoring datasets' }).click();
  await page.getByRole('button', { name: 'Open the dashboard' }).click();
  await waitReady(page);
  expect(page.url()).not.toContain(KEY);
  expect(await page.content()).not.toContain(KEY);
});

test('a body that is not JSON, and one cut off mid-way', async ({ page, request }) => {
  await faults(request, 'garbage=1');
  await page.goto('/');
  await expect(state(page)).toHaveAttribute('data-state', 'error');
  await expect(alert(page)).toContainText('The answer is not JSON');
  await expect(alert(page)).toContainText('<html>');

  // Records first, then something else: not JSON, not "cut off".
  await faults(request, 'broken_after=5000');
  await page.goto('/?tz=Europe/Paris');
  await expect(state(page)).toHaveAttribute('data-state', 'error');
  await expect(alert(page)).toContainText('The answer is not JSON');
  await expect(alert(page)).toContainText(/not valid JSON \(the record at byte \d+ is broken\)/);

  await faults(request, 'cut_after=5000');
  await page.goto('/?tz=UTC');
  // Said as what it is: a download stopped part-way, with how far it got; nothing shown as data.
  await expect(alert(page)).toContainText('The download was interrupted');
  await expect(alert(page)).toContainText(/after 5 kB \(\d+ records\)/);
  await expect(state(page)).not.toHaveAttribute('data-state', 'ready');
  expect(await page.locator('[data-kpi="actions"]').allTextContents()).not.toContainEqual(expect.stringMatching(/\d/));
});

test('another monitoring dataset: says which fields are missing', async ({ page }) => {
  await page.goto('/?dataset=ods-api-monitoring');
  await expect(state(page)).toHaveAttribute('data-state', 'error');
  await expect(alert(page)).toContainText('This dataset is not the activity log');
  await expect(alert(page)).toContainText('domain_id, action');
});

test('a body dropped after the status, before any byte: interrupted, not unreachable', async ({ page, request }) => {
  await faults(request, 'reset_after=0');
  await page.goto('/');
  await expect(state(page)).toHaveAttribute('data-state', 'error');
  // The portal answered: it was reached, then cut.
  await expect(alert(page)).toContainText('The download was interrupted');
  await expect(alert(page)).toContainText('after 0 B (0 records)');
  await expect(alert(page)).not.toContainText('could not be reached');
  await expect(alert(page).getByRole('button', { name: 'Retry' })).toBeVisible();
});
