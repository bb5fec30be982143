// The second demo portal of the end-to-end tests: it serves the hand-checked log
// (fixtures/hand-checked-log.json) instead of a generated one, on the port after the first.
const PORT = Number(process.env.E2E_PORT || 4173) + 1;

// The third: the same generated log as the first, without fault switches, for oracle.js.
const ORACLE_PORT = PORT + 1;

module.exports = {
  FIXTURE_PORT: PORT,
  FIXTURE_URL: `http://127.0.0.1:${PORT}`,
  ORACLE_PORT,
  ORACLE_URL: `http://127.0.0.1:${ORACLE_PORT}`,
};
