// The whole journey with the keyboard only: Tab to a control, Enter or Space to use it.
const { expect } = require('@playwright/test');
const { test, waitReady } = require('./helpers');

/** Presses Tab (or Shift+Tab) until `target` has the focus; fails after `max` presses. */
async function tabTo(page, target, { back = false, max = 250 } = {}) {
  for (let i = 0; i < max; i += 1) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`never reached ${target} with the keyboard`);
}

test('window, legend, Show more, an object, back, a user, a long table: all by keyboard', async ({ page }) => {
  await page.goto('/');
  await waitReady(page);

  // Change the window.
  const chip = page.getByRole('button', { name: '30 days' });
  await tabTo(page, chip);
  await page.keyboard.press('Enter');
  await expect(chip).toHaveAttribute('aria-pressed', 'true');

  // Hide a series.
  const datasets = page.locator('.legend button[data-series="dataset"]');
  await tabTo(page, datasets);
  await page.keyboard.press('Space');
  await expect(datasets).toHaveAttribute('aria-pressed', 'false');
  await expect(page).toHaveURL(/hide=dataset/);
  await page.keyboard.press('Space');
  await expect(datasets).toHaveAttribute('aria-pressed', 'true');

  // Show more → the objects list, its heading focused.
  const more = page.locator('section', { hasText: 'Modified datasets' }).getByRole('link', { name: 'Show more' });
  await tabTo(page, more);
  await page.keyboard.press('Enter');
  await expect(page.locator('h1')).toHaveText('Modified datasets, pages and workspaces');
  await expect(page.locator('h1')).toBeFocused();
  await expect(page).toHaveURL(/from=/);

  // Open the first object.
  const object = page.locator('table[data-table="objects"] tbody tr').first().getByRole('link').first();
  const id = (await object.textContent()).trim();
  await tabTo(page, object);
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toHaveAttribute('data-view', 'object');
  await expect(page.locator('h1')).toContainText(id);

  // Back to the list by its breadcrumb, just before the heading.
  const back = page.getByRole('link', { name: 'All objects' });
  await tabTo(page, back, { back: true, max: 5 });
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toHaveAttribute('data-view', 'objects');

  // To the users, then one user.
  const users = page.locator('.app-nav').getByRole('link', { name: 'Users' });
  await tabTo(page, users, { back: true });
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toHaveAttribute('data-view', 'users');
  const user = page.locator('table[data-table="users"] tbody tr').first().getByRole('link');
  const name = (await user.textContent()).trim();
  await tabTo(page, user);
  await page.keyboard.press('Enter');
  await expect(page.locator('h1')).toHaveText(`User ${name}`);

  // Page a long table.
  const log = page.locator('.app-nav').getByRole('link', { name: 'Source data' });
  await tabTo(page, log, { back: true });
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toHaveAttribute('data-view', 'log');
  await waitReady(page);
  const next = page.getByRole('button', { name: 'Next' });
  await tabTo(page, next);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText(/^Page 2 of/)).toBeVisible();
  await expect(next).toBeFocused();
});
