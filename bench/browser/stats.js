// The figures the benchmarks print from several runs: the median, and the median with the
// spread ("35.9 [35.1–40.7]", a unit after the median when given).
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function spread(values, unit = '') {
  return `${median(values)}${unit} [${Math.min(...values)}–${Math.max(...values)}]`;
}

module.exports = { median, spread };
