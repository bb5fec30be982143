// Loading off the page's thread (issue 12): the log's export is fetched and parsed in the loader
// worker, which ends with its load; where no worker can start, the page loads it itself.
// These pages keep the browser's own clock: a fake one empties `performance`'s timeline, which
// tells the page's requests from the worker's. The window is in the link, so the day of the run
// does not matter.
const { test, expect } = require('@playwright/test');
const { defaultWindow, oracleKpis, expectKpis, waitReady, watchRequests } = require('./helpers');

const EXPORT = '/ods-backoffice-activity/exports/';
const WINDOW = defaultWindow();
const LINK = `/?from=${WINDOW.from}&to=${WINDOW.to}&tz=Europe%2FParis`;

/** The exports of the log that the page itself fetched (a worker's are in its own timeline). */
async function pageFetchedExports(page) {
  return page.evaluate((part) => performance.getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => name.includes(part)), EXPORT);
}

test('the export is fetched and parsed in the loader worker, which ends with its load', async ({ page, request }) => {
  const workers = [];
  const closed = [];
  page.on('worker', (worker) => {
    workers.push(worker.url());
    worker.on('close', () => closed.push(worker.url()));
  });
  const exports = watchRequests(page, { keep: (url) => url.includes(EXPORT) });
  await page.goto(LINK);
  await waitReady(page);
  await expectKpis(page, await oracleKpis(request, WINDOW));
  // The page's timeline is real: it holds what the page itself fetched.
  expect(await page.evaluate(() => performance.getEntriesByType('resource').length)).toBeGreaterThan(3);
  expect(exports).toHaveLength(1);
  expect(workers).toHaveLength(1);
  expect(new URL(workers[0]).pathname).toBe('/loader.js');
  // The browser saw the request, but not from the page.
  expect(await pageFetchedExports(page)).toEqual([]);
  await expect.poll(() => closed.length).toBe(1);
});

test('where the worker cannot start, the page fetches and parses the export itself', async ({ page, request }) => {
  await page.route('**/loader.js*', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(LINK);
  await waitReady(page);
  await expectKpis(page, await oracleKpis(request, WINDOW));
  expect(await pageFetchedExports(page)).toHaveLength(1);
});
