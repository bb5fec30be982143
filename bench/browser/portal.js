// Starts the release demo portal for a benchmark, serving the built app, and waits until it
// answers (a million-event log takes a while to generate).
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

module.exports = { startPortal };
