// A click timed as the user feels it: from the click to the first painted frame after which the
// page is drawn in full (main[data-state="ready"] and the URL changed), measured in the page with
// performance.now(), requestAnimationFrame and a task after it (so that the frame's work counts).
// Shared by run.js (browser mode at 1M) and modes.js (both modes).

/** Milliseconds from a click on `selector` to the page drawn in full after it. */
async function clickToPaint(page, selector) {
  return page.evaluate((target) => new Promise((resolve, reject) => {
    const url = location.href;
    const button = document.querySelector(target);
    if (!button) {
      reject(new Error(`nothing to click: ${target}`));
      return;
    }
    const started = performance.now();
    button.click();
    const painted = () => requestAnimationFrame(() => setTimeout(() => {
      const ready = document.querySelector('main')?.dataset.state === 'ready';
      if (ready && location.href !== url) resolve(Math.round(10 * (performance.now() - started)) / 10);
      else painted();
    }, 0));
    painted();
  }), selector);
}

module.exports = { clickToPaint };
