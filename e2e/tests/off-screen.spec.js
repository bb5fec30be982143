// A click paints what is on screen in its own frame; the cards off screen catch up in the task
// after that frame, `main[data-state]` saying `drawing` until they have (README, "Speed").
const { expect } = require('@playwright/test');
const {
  test, defaultWindow, oracleDashboard, tableRows, waitReady, expectKpis, num,
} = require('./helpers');

/** Clicks `selector` and reads, in the first task after the click's (before any frame's
 *  catch-up), the page's state, the actions KPI and the weekday table's counts. */
function clickAndReadAtOnce(page, selector) {
  return page.evaluate((target) => new Promise((resolve) => {
    document.querySelector(target).click();
    setTimeout(() => resolve({
      state: document.querySelector('main').dataset.state,
      actions: document.querySelector('[data-kpi="actions"]').dataset.value,
      weekdays: [...document.querySelectorAll('table[data-table="weekday"] tbody tr')]
        .map((row) => row.querySelector('td').textContent),
    }), 0);
  }), selector);
}

const weekdayCounts = async (page) => (await tableRows(page, 'weekday')).map((row) => num(row[1]));

test('off screen, the weekday card follows a legend click after the frame; on screen, in it', async ({ page, request }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?agg=browser');
  await waitReady(page);
  const window = defaultWindow();
  const all = await oracleDashboard(request, window);
  const withoutPages = await oracleDashboard(request, window, '&hide=page');
  expect(withoutPages.weekdays).not.toEqual(all.weekdays);
  expect(await weekdayCounts(page)).toEqual(all.weekdays);
  await expect(page.locator('section[aria-labelledby="weekday-title"]')).not.toBeInViewport();

  // Off screen: the KPI answers at once, the weekday card after the frame.
  const atOnce = await clickAndReadAtOnce(page, '.legend button[data-series="page"]');
  expect(Number(atOnce.actions)).toBe(withoutPages.actions);
  expect(atOnce.state).toBe('drawing');
  expect(atOnce.weekdays.map(num)).toEqual(all.weekdays);
  await waitReady(page);
  await expectKpis(page, withoutPages);
  expect(await weekdayCounts(page)).toEqual(withoutPages.weekdays);

  // On screen: the weekday card answers in the click's own task.
  await page.locator('section[aria-labelledby="weekday-title"]').scrollIntoViewIfNeeded();
  await expect(page.locator('section[aria-labelledby="weekday-title"]')).toBeInViewport();
  await page.waitForTimeout(100); // the observer's report comes with a frame
  const seen = await clickAndReadAtOnce(page, '.legend button[data-series="page"]');
  expect(Number(seen.actions)).toBe(all.actions);
  expect(seen.weekdays.map(num)).toEqual(all.weekdays);
  await waitReady(page);
});
