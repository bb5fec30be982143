// End-to-end tests in Debian's Chromium (never a downloaded browser) against the demo portal,
// which serves both the API and the built app (dist/). scripts/test.sh builds both first.
const { defineConfig } = require('@playwright/test');

const { NOW } = require('./tests/clock');
const { FIXTURE_PORT, ORACLE_PORT } = require('./tests/fixture');

const port = Number(process.env.E2E_PORT || 4173);
const portal = process.env.DEMO_PORTAL_BIN || '../target/debug/demo-portal';

module.exports = defineConfig({
  testDir: 'tests',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    timezoneId: 'Europe/Paris',
    locale: 'en-GB',
    launchOptions: {
      executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
      // --lang fixes the order of a date input's fields (mm/dd/yyyy), which tests type into.
      args: [
        '--lang=en-US', '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      command: `${portal} --port ${port} --dist ../dist --fault-switches --now ${NOW}`,
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // The hand-checked log: hand-checked.spec.js.
      command: `${portal} --port ${FIXTURE_PORT} --dist ../dist --log fixtures/hand-checked-log.json`,
      url: `http://127.0.0.1:${FIXTURE_PORT}/`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // The first one's log again, out of reach of the tests' faults: the expected values'
      // source (oracle.js).
      command: `${portal} --port ${ORACLE_PORT} --dist ../dist --now ${NOW}`,
      url: `http://127.0.0.1:${ORACLE_PORT}/`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
