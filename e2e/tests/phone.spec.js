// A phone's first screen (issue 24): the filters and the header's switches fold behind one
// button each, the first one saying what is in force, so that the Actions chart starts on it.
const { expect } = require('@playwright/test');
const { test, ZONE, defaultWindow, waitReady } = require('./helpers');

const PHONE = { width: 390, height: 844 };

test('on a phone the Actions chart starts on the first screen, the filters folded behind what they hold', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto('/');
  await waitReady(page);
  const chart = await page.locator('canvas').first().boundingBox();
  expect(chart.y).toBeLessThan(PHONE.height);

  const window = defaultWindow();
  const filters = page.locator('button[aria-controls="filter-fields"]');
  await expect(filters).toHaveText(`Filters: ${window.from} to ${window.to}, ${ZONE}`);
  await expect(filters).toHaveAttribute('aria-expanded', 'false');
  await expect(page.locator('input[name="from"]')).toBeHidden();
  // Unfolded from the keyboard, the fields work as on a wide screen.
  await filters.focus();
  await page.keyboard.press('Enter');
  await expect(filters).toHaveAttribute('aria-expanded', 'true');
  await page.locator('select[name="tz"]').selectOption('America/New_York');
  await expect(filters).toHaveText(`Filters: ${defaultWindow('America/New_York').from} to ${defaultWindow('America/New_York').to}, America/New_York`);

  // The switches: behind their own button; the language changes its words too.
  const settings = page.locator('button[aria-controls="header-tools"]');
  await expect(page.getByRole('button', { name: 'Français' })).toBeHidden();
  await settings.click();
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.locator('button[aria-controls="header-tools"]')).toHaveText('Lien, langue, couleurs');
  await expect(page.locator('button[aria-controls="filter-fields"]')).toContainText('Filtres : du');
});

test('on a wide screen nothing is folded', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await waitReady(page);
  await expect(page.locator('button[aria-controls="filter-fields"]')).toBeHidden();
  await expect(page.locator('input[name="from"]')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Français' })).toBeVisible();
});
