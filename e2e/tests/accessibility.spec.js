// axe-core on every route (and the dashboard with filters in force), in both colour schemes, at
// desktop and phone widths, with every "Show as a table" and every "Raw" opened: no violation
// of WCAG 2.0/2.1/2.2 A and AA.
const { expect } = require('@playwright/test');
const { default: AxeBuilder } = require('@axe-core/playwright');
const { test, defaultWindow, oracleDashboard, waitReady } = require('./helpers');

const SIZES = { desktop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } };

async function routes(request) {
  const expected = await oracleDashboard(request, defaultWindow());
  const [kind, id] = expected.top_objects[0];
  const [user] = expected.top_users[0];
  return [
    '/', '/?by=action&compare=previous&lang=fr', '/objects', `/objects/${kind.toLowerCase()}/${encodeURIComponent(id)}`,
    '/users', `/users/${encodeURIComponent(user)}`, '/log', '/connect', '/no/such/view',
    // Marks in force: their chips, the picked marks, the views drawn without their own marks.
    `/?weekday=tue&weekday=wed&hour=9&hour=10&hour=11&hide=page&user=${encodeURIComponent(user)}`,
    // A search with qualifiers (its chips), and one that cannot be read (its message).
    `/log?q=${encodeURIComponent(`user:${user} -type:page`)}`, '/log?q=colour%3Ared',
  ];
}

/** Opens every disclosure so that the tables and raw diffs behind them are checked too. */
async function openEverything(page) {
  await page.locator('details').evaluateAll((all) => all.forEach((d) => { d.open = true; }));
}

for (const scheme of ['light', 'dark']) {
  for (const [size, viewport] of Object.entries(SIZES)) {
    test(`no axe violation on any route, ${scheme} scheme, ${size}`, async ({ page, request }) => {
      test.setTimeout(180_000);
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: scheme });
      for (const route of await routes(request)) {
        await page.goto(route);
        await expect(page.locator('h1')).toBeVisible();
        if (!route.startsWith('/connect') && !route.startsWith('/no/')) await waitReady(page);
        await expect(page.locator('html')).toHaveAttribute('data-scheme', scheme);
        await openEverything(page);
        const results = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
          .analyze();
        const found = results.violations.map((v) => `${route}: ${v.id} (${v.impact}) ×${v.nodes.length} — ${v.nodes[0].target.join(' ')}: ${v.nodes[0].failureSummary}`);
        expect(found, found.join('\n')).toEqual([]);
      }
    });
  }
}
