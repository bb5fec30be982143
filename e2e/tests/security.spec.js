// Hostile links and the page's policy: a portal that is not an http(s) address is refused
// before any request; every route runs under the Content-Security-Policy without a violation;
// nothing 404s on load (the favicon included).
const { expect } = require('@playwright/test');
const {
  test, defaultWindow, oracleDashboard, oracleKpis, waitReady, decoded, watchRequests,
} = require('./helpers');

test('a javascript: portal is refused before any request, and no link carries it', async ({ page }) => {
  const requested = watchRequests(page);
  await page.goto('/?portal=javascript:alert(document.domain)//x');
  await expect(page.locator('main')).toHaveAttribute('data-state', 'error');
  await expect(page.getByRole('alert')).toContainText('not a portal address');
  await expect(page.getByRole('alert')).toContainText('https://');
  expect(requested.filter((u) => !u.startsWith('http://127.0.0.1'))).toEqual([]);
  expect(requested.filter((u) => u.includes('/api/'))).toEqual([]);
  const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(hrefs.filter((h) => /^\s*javascript:/i.test(h) || h.includes('alert('))).toEqual([]);
  // Trying again refuses it again, still without a request.
  await page.getByRole('button', { name: /retry|try again/i }).click();
  await expect(page.getByRole('alert')).toContainText('not a portal address');
  expect(requested.filter((u) => u.includes('/api/') || !u.startsWith('http://127.0.0.1'))).toEqual([]);
});

test('the Connect form refuses an address that is not http(s)', async ({ page }) => {
  const requested = watchRequests(page);
  await page.goto('/connect');
  await page.locator('input[name="portal"]').fill('data:text/html,hi');
  await page.getByRole('button', { name: /list/i }).click();
  await expect(page.getByText('not a portal address', { exact: false }).first()).toBeVisible();
  expect(requested.filter((u) => u.startsWith('data:'))).toEqual([]);
});

test('a key the portal refuses is not kept', async ({ page, request }) => {
  await request.get('/_demo/faults?reset=1&api_key=RIGHT');
  try {
    await page.goto('/connect');
    await page.locator('input[name="portal"]').fill('http://127.0.0.1:4173');
    await page.locator('input[name="apikey"]').fill('WRONG');
    await page.getByRole('button', { name: /list/i }).click();
    await expect(page.getByText(/401/).first()).toBeVisible();
    const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
    expect(stored).not.toContain('WRONG');
    await page.locator('input[name="apikey"]').fill('RIGHT');
    await page.getByRole('button', { name: /list/i }).click();
    await expect(page.locator('input[type="radio"][value="ods-backoffice-activity"]')).toBeVisible();
    // Kept once the portal has answered.
    await expect.poll(() => page.evaluate(() => JSON.stringify({ ...sessionStorage }))).toContain('RIGHT');
  } finally {
    await request.get('/_demo/faults?reset=1');
  }
});

test('every route runs under the Content-Security-Policy, with no violation and no 404', async ({ page, request }) => {
  await page.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const missing = [];
  page.on('response', (r) => { if (r.status() === 404) missing.push(r.url()); });
  const expected = await oracleDashboard(request, defaultWindow());
  const [kind, id] = expected.top_objects[0];
  const [user] = expected.top_users[0];
  const response = await page.goto('/');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  const directives = Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
  expect(directives['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  expect(policy).not.toContain("'unsafe-eval'");
  // Inline styles only as attributes (swatch colours, tooltip places), never a <style> or script.
  expect(Object.entries(directives).filter(([, v]) => v.includes("'unsafe-inline'")).map(([n]) => n)).toEqual(['style-src-attr']);
  expect(policy).toContain("object-src 'none'");
  expect(response.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
  expect(response.headers()['referrer-policy']).toBe('no-referrer');
  for (const route of ['/', '/?by=action', '/objects', `/objects/${kind.toLowerCase()}/${encodeURIComponent(id)}`,
    '/users', `/users/${encodeURIComponent(user)}`, '/log', '/connect']) {
    await page.goto(route);
    await expect(page.locator('h1')).toBeVisible();
    if (route !== '/connect') await waitReady(page);
    await page.locator('details').evaluateAll((all) => all.forEach((d) => { d.open = true; }));
    await page.mouse.move(300, 600);
    expect(await page.evaluate(() => window.violations), route).toEqual([]);
  }
  expect(missing).toEqual([]);
  // The favicon is the app's own.
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', /favicon.*\.svg$/);
});

test('a window of ten thousand years is bounded, says so, and every figure agrees', async ({ page, request }) => {
  const exports = watchRequests(page, { keep: (url) => url.includes('/exports/'), read: decoded });
  await page.goto('/?from=0001-01-01&to=9999-12-31');
  await waitReady(page);
  await expect(page.locator('.filters__notices')).toContainText('showing 1970-01-01 to 2100-12-31');
  await expect(page.locator('input[name="from"]')).toHaveValue('1970-01-01');
  await expect(page.locator('input[name="to"]')).toHaveValue('2100-12-31');
  // Paris was an hour ahead of UTC on both days.
  expect(exports.some((u) => u.includes("date'1969-12-31T23:00:00Z'") && u.includes("date'2100-12-31T23:00:00Z'"))).toBeTruthy();
  expect(exports.some((u) => u.includes('+10000'))).toBeFalsy();
  await expect(page.locator('[data-bucket]').first()).toHaveAttribute('data-bucket', 'month');
  const kpis = await oracleKpis(request, { from: '1970-01-01', to: '2100-12-31' });
  await expect(page.locator('[data-kpi="actions"]')).toHaveAttribute('data-value', String(kpis.actions));
  // The chart has a bar per month of 131 years; its table leaves out the empty months at
  // either end and says so (the demo log ends on 2026-04-01).
  const twin = page.locator('table[data-table="actions-by-type"]');
  await expect(page.locator('.twin__note').first()).toHaveText(/^Months without any action are left out: 1970-01 to \d{4}-\d{2} and 2026-05 to 2100-12\.$/);
  const rows = await twin.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.lastElementChild.textContent));
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.length).toBeLessThan(40);
  await expect(twin.locator('tbody tr').last().locator('th')).toHaveText('2026-04');
  expect(rows.reduce((sum, cell) => sum + Number(cell.replace(/,/g, '')), 0)).toBe(kpis.actions);
});
