// A click timed as the user feels it: from the click to the first painted frame that shows its
// answer on screen (main[data-state] `ready`, or `drawing`: what is on screen drawn, the parts
// off screen catching up after that frame; and the URL changed), measured in the page with
// performance.now(), requestAnimationFrame and a task after it (so that the frame's work
// counts). The same click's time until the page is drawn in full (`ready`: the parts off screen
// too) is kept for drawnInFull(). Shared by run.js (browser mode at 1M), clicks.js, marks.js and
// modes.js (both modes), with the waits that time a navigation (checked at every frame).

/** Milliseconds from a click on `selector` to the first painted frame showing its answer. */
async function clickToPaint(page, selector) {
  return page.evaluate((target) => new Promise((resolve, reject) => {
    const url = location.href;
    const button = document.querySelector(target);
    if (!button) {
      reject(new Error(`nothing to click: ${target}`));
      return;
    }
    window.clickDrawnInFull = undefined;
    const started = performance.now();
    const since = () => Math.round(10 * (performance.now() - started)) / 10;
    button.click();
    let seen = false;
    const painted = () => requestAnimationFrame(() => setTimeout(() => {
      const state = document.querySelector('main')?.dataset.state;
      if (location.href === url) return painted();
      if (!seen && (state === 'ready' || state === 'drawing')) {
        seen = true;
        resolve(since());
      }
      if (state === 'ready') window.clickDrawnInFull = since();
      else painted();
    }, 0));
    painted();
  }), selector);
}

/** Milliseconds from the last click timed by clickToPaint to the page drawn in full (waits
 *  for it). */
async function drawnInFull(page) {
  await page.waitForFunction(() => window.clickDrawnInFull !== undefined);
  return page.evaluate(() => window.clickDrawnInFull);
}

/** Waits until `predicate(arg)` holds in the page, checked at every frame. A time measured
 *  around a locator's wait would include its polling: it checks at 0, 20, 70, 170 and 270 ms,
 *  then every 500 ms, so a page drawn in 1.3 s was noticed at about 1.8 s. */
async function eachFrameUntil(page, predicate, arg, timeout = 600_000) {
  await page.waitForFunction(predicate, arg, { polling: 'raf', timeout });
}

/** Waits for main[data-state="ready"], checked at every frame. */
async function readyByFrame(page, timeout = 600_000) {
  await eachFrameUntil(page, () => !!document.querySelector('main[data-state="ready"]'), null, timeout);
}

/** Waits for a KPI with a figure in it, checked at every frame. */
async function kpiByFrame(page, timeout = 600_000) {
  await eachFrameUntil(page, () => /\d/.test(document.querySelector('[data-kpi="actions"]')?.textContent ?? ''), null, timeout);
}

module.exports = { clickToPaint, drawnInFull, eachFrameUntil, readyByFrame, kpiByFrame };
