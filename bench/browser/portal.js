// Starts the release demo portal for a benchmark, serving the built app, and waits until it
// answers (a million-event log takes a while to generate); counts the API's bytes a page gets.
const { spawn } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');

/** The portal on `port` with these extra arguments; resolves to its process once it answers. */
async function startPortal(port, args = []) {
  const portal = spawn(path.join(ROOT, 'target/release/demo-portal'),
    ['--port', String(port), '--dist', path.join(ROOT, 'dist'), ...args], { stdio: 'ignore' });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return portal;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  portal.kill();
  throw new Error('the demo portal did not start');
}

/** Counts the bodies of the API's answers to the page and to its loader worker (encoded, as on
 * the wire), from the browser's network events: a worker's requests are not in the page's
 * Resource Timing. Returns a function that waits for the sizes and gives the sum. */
function watchApiBytes(page) {
  const sizes = [];
  page.on('requestfinished', (request) => {
    if (request.url().includes('/api/')) sizes.push(request.sizes().then((s) => s.responseBodySize, () => 0));
  });
  return async () => (await Promise.all(sizes)).reduce((sum, size) => sum + size, 0);
}

module.exports = { startPortal, watchApiBytes };
