// Navigation: the new view's heading takes the focus and names the tab; the filter bar only
// where it does something; dates commit when typed in full; a new page starts at its top.
const { expect } = require('@playwright/test');
const { test, addDays, defaultWindow, waitReady } = require('./helpers');

const PRODUCT = 'Back office analytics';

test('each view reached by a link focuses its heading and names the tab', async ({ page }) => {
  await page.goto('/');
  await waitReady(page);
  await expect(page).toHaveTitle(`Back office activity · ${PRODUCT}`);
  await page.locator('section', { hasText: 'Modified datasets' }).getByRole('link', { name: 'Show more' }).click();
  const listHeading = page.getByRole('heading', { level: 1, name: 'Modified datasets, pages and workspaces' });
  await expect(listHeading).toBeFocused();
  await expect(page).toHaveTitle(`Modified datasets, pages and workspaces · ${PRODUCT}`);
  await expect(page.locator('main')).toHaveAttribute('data-view', 'objects');

  const first = page.locator('table[data-table="objects"] tbody tr').first().getByRole('link');
  const id = (await first.textContent()).trim();
  await first.click();
  await expect(page.locator('main')).toHaveAttribute('data-view', 'object');
  const heading = page.locator('h1');
  await expect(heading).toBeFocused();
  await expect(heading).toContainText(id);
  await expect(page).toHaveTitle(new RegExp(`${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · ${PRODUCT}$`));

  // A filter is not a navigation: the focus stays on the control that changed it.
  const chip = page.getByRole('button', { name: '30 days' });
  await chip.click();
  await expect(page).toHaveURL(/from=/);
  await expect(chip).toBeFocused();

  await page.goBack();
  await page.goBack();
  await expect(listHeading).toBeFocused();
});

test('Connect and unknown paths have no date filter; an unknown path says so', async ({ page }) => {
  await page.goto('/connect');
  await expect(page.getByRole('heading', { level: 1, name: 'Connect' })).toBeVisible();
  await expect(page.locator('form.filters')).toHaveCount(0);
  await expect(page.locator('main')).toHaveAttribute('data-view', 'connect');

  await page.goto('/no/such/view');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page.locator('main')).toHaveAttribute('data-view', 'not-found');
  await expect(page).toHaveTitle(`Page not found · ${PRODUCT}`);
  await expect(page.locator('form.filters')).toHaveCount(0);

  await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
  await expect(page.locator('form.filters')).toBeVisible();
});

test('a typed date commits once, when complete, never as the years 0002, 0020, 0202', async ({ page }) => {
  // Every URL the app writes, in order.
  await page.addInitScript(() => {
    window.writtenUrls = [];
    for (const name of ['pushState', 'replaceState']) {
      const original = history[name].bind(history);
      history[name] = (state, title, url) => {
        if (url) window.writtenUrls.push(String(url));
        return original(state, title, url);
      };
    }
  });
  const window = defaultWindow();
  await page.goto(`/?from=${window.from}&to=${window.to}`);
  await waitReady(page);
  const target = addDays(window.to, -40);
  const [year, month, day] = target.split('-');
  const from = page.locator('input[name="from"]');
  await from.focus();
  // The browser runs with --lang=en-US: mm/dd/yyyy (playwright.config.js).
  await page.keyboard.type(`${month}${day}${year}`);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`from=${target}`));
  const written = await page.evaluate(() => window.writtenUrls);
  const froms = written.map((u) => new URL(u, 'http://x').searchParams.get('from')).filter(Boolean);
  expect(froms.some((f) => f.startsWith('0'))).toBeFalsy();
  expect(new Set(froms)).toEqual(new Set([target]));

  // Leaving the field commits too.
  const to = page.locator('input[name="to"]');
  const newTo = addDays(window.to, -1);
  const [y2, m2, d2] = newTo.split('-');
  await to.focus();
  await page.keyboard.type(`${m2}${d2}${y2}`);
  await page.keyboard.press('Tab');
  await expect(page).toHaveURL(new RegExp(`to=${newTo}`));
});

test('the next page of a long table starts at its first row', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 700 });
  await page.goto('/log');
  await waitReady(page);
  const scroller = page.locator('.table-scroll').first();
  await scroller.evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBe(0);
  await expect.poll(() => scroller.evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThanOrEqual(0);
});
