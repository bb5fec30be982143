// The README's screenshots: the same browser and demo portal as the end-to-end tests
// (playwright.config.js), another folder of scripts. Run by scripts/screenshots.sh.
const base = require('./playwright.config.js');

module.exports = { ...base, testDir: 'screenshots' };
