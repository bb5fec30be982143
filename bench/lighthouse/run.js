// Lighthouse's mobile run (slow 4G, 4× CPU: its default) of the demo as README's demo command
// serves it, RUNS times: the median score of each category with the spread, the performance
// metrics, each run's largest paint (observed and simulated) beside the end of the wasm's download,
// and every audit that did not pass in the last run.
//   node run.js [RUNS] [PATH]   (needs target/release/demo-portal and dist/; Lighthouse 12.2.3,
//                                the last that runs on Node 20)
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startPortal } = require('../browser/portal');
const { spread } = require('../browser/stats');

const PORT = 4233;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

function lighthouse(url, output) {
  const bin = path.join(__dirname, 'node_modules/.bin/lighthouse');
  execFileSync(bin, [url, '--quiet', '--output=json', `--output-path=${output}`,
    `--only-categories=${CATEGORIES.join(',')}`,
    '--chrome-flags=--headless --no-sandbox --disable-gpu'], {
    env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH || '/usr/bin/chromium' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return JSON.parse(fs.readFileSync(output, 'utf8'));
}

async function main() {
  const runs = Number(process.argv[2] || 3);
  const route = process.argv[3] || '/';
  const portal = await startPortal(PORT, ['--now', '2026-04-01T10:00:00Z']);
  const reports = [];
  try {
    for (let i = 0; i < runs; i += 1) {
      const output = path.join(os.tmpdir(), `lighthouse-${process.pid}-${i}.json`);
      reports.push(lighthouse(`http://127.0.0.1:${PORT}${route}`, output));
    }
  } finally {
    portal.kill();
  }
  for (const category of CATEGORIES) {
    console.log(`${category}: ${spread(reports.map((r) => Math.round(100 * r.categories[category].score)))}`);
  }
  const metric = (id) => reports.map((r) => Math.round(r.audits[id].numericValue));
  console.log(`Largest Contentful Paint: ${spread(metric('largest-contentful-paint'), ' ms')}`);
  console.log(`Total Blocking Time: ${spread(metric('total-blocking-time'), ' ms')}`);
  console.log(`First Contentful Paint: ${spread(metric('first-contentful-paint'), ' ms')}`);
  console.log(`Speed Index: ${spread(metric('speed-index'), ' ms')}`);
  console.log(`Cumulative Layout Shift: ${spread(reports.map((r) => r.audits['cumulative-layout-shift'].numericValue))}`);
  // Each run's largest paint, as observed (unthrottled) and as simulated. The simulation counts
  // every download that ended before the observed paint as needed for it: when the wasm's
  // download ends first (a race of a few ms on loopback), the simulated paint waits for the
  // whole wasm at slow 4G, though the frame painted did not.
  reports.forEach((report, i) => {
    const observed = report.audits.metrics.details.items[0].observedLargestContentfulPaint;
    const wasm = report.audits['network-requests'].details.items.find((r) => r.url.endsWith('.wasm'));
    console.log(`  run ${i + 1}: performance ${Math.round(100 * report.categories.performance.score)}, `
      + `largest paint ${Math.round(report.audits['largest-contentful-paint'].numericValue)} ms simulated, `
      + `${Math.round(observed)} ms observed; the wasm's download ended at ${Math.round(wasm?.networkEndTime ?? NaN)} ms`);
  });
  const last = reports[reports.length - 1];
  for (const category of CATEGORIES.slice(1)) {
    for (const ref of last.categories[category].auditRefs) {
      const audit = last.audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
        console.log(`  ${category} fails: ${ref.id} (${audit.title})`);
      }
    }
  }
}

main().catch((error) => { console.error(error); process.exit(1); });
