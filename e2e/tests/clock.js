// The fixed "now" of the end-to-end tests: the demo portal's log ends then (playwright.config.js
// passes it as --now) and every page's clock shows it (helpers.js), so a run covers the same
// days on any day it runs. Three days after Europe's spring DST change, so that it is in the
// default window.
const NOW = '2026-04-01T10:00:00Z';

module.exports = { NOW };
