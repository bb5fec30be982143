// Takes the README's screenshots of the dashboard and of a dataset's history, light and dark,
// into docs/screenshots/. Not a test: scripts/screenshots.sh runs it.
const path = require('path');
const { expect } = require('@playwright/test');
const { test } = require('../tests/helpers');

const OUT = path.join(__dirname, '..', '..', 'docs', 'screenshots');

for (const scheme of ['light', 'dark']) {
  test(`screenshots, ${scheme}`, async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/');
    await expect(page.locator('main')).toHaveAttribute('data-state', 'ready');
    await expect(page.locator('html')).toHaveAttribute('data-scheme', scheme);
    await page.screenshot({ path: path.join(OUT, `dashboard-${scheme}.png`), fullPage: false });

    // The most modified dataset's history, once its title has come.
    await page.locator('table[data-table="top-objects"] tbody tr').filter({ hasText: 'Dataset' }).first().getByRole('link').click();
    await expect(page.locator('main')).toHaveAttribute('data-view', 'object');
    await page.locator('.object-id, .summary').first().waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(OUT, `object-${scheme}.png`), fullPage: false });
  });
}
