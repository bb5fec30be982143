// The page's frame before the wasm (issue 24): index.html's own header and a loading state,
// translated and turned into advice when the app cannot start, replaced when it mounts.
const { expect } = require('@playwright/test');
const { test, waitReady } = require('./helpers');

test('while the wasm is on its way the page shows its frame and says it is loading', async ({ page }) => {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  await page.goto('/');
  await expect(page.locator('#boot [role="status"]')).toHaveText('Loading the dashboard…');
  await expect(page.locator('#boot .app-header__title')).toHaveText('Back office analytics');
  await expect(page.locator('#boot-intro')).toContainText('Who changed what in your Opendatasoft back office');
  release();
  await waitReady(page);
  await expect(page.locator('#boot')).toHaveCount(0);
  await expect(page.locator('main')).toHaveCount(1);
});

test('the browser\'s storage is asked for while the wasm is on its way, so that it has started when the app reads its kept copy', async ({ page }) => {
  await page.addInitScript(() => {
    window.__storageAsked = 0;
    const ask = StorageManager.prototype.getDirectory;
    StorageManager.prototype.getDirectory = function getDirectory() {
      window.__storageAsked += 1;
      return ask.call(this);
    };
  });
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  await page.goto('/');
  await expect(page.locator('#boot [role="status"]')).toHaveText('Loading the dashboard…');
  await expect.poll(() => page.evaluate(() => window.__storageAsked)).toBeGreaterThan(0);
  release();
  await waitReady(page);
});

test('in French, and when the wasm cannot be had, what to do', async ({ page }) => {
  await page.route(/_bg\.wasm$/, (route) => route.abort());
  await page.goto('/?lang=fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.locator('#boot-intro')).toContainText('Qui a modifié quoi dans le back office');
  await expect(page.locator('#boot [role="status"]')).toContainText('L’application n’a pas pu démarrer');
  await expect(page.locator('#boot [role="status"]')).toContainText('Rechargez la page');
});

test('a browser that cannot compile the app\'s wasm (one without WebAssembly SIMD, say) is told to try a recent one', async ({ page }) => {
  // A wasm header, then a section this engine cannot read: the compile fails as it would there.
  const unreadable = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x7f, 0x01, 0x00]);
  await page.route(/_bg\.wasm$/, (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: unreadable }));
  await page.goto('/?lang=en');
  await expect(page.locator('#boot [role="status"]')).toContainText('The app could not start');
  await expect(page.locator('#boot [role="status"]')).toContainText('CompileError');
  await expect(page.locator('#boot [role="status"]')).toContainText('try a recent browser');
});
