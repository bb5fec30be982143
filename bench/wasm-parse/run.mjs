// Times the engine's parse built for wasm (a fresh instance each run, as a worker's memory is
// fresh) and V8's JSON.parse on the same bytes: node run.mjs MODULE EXPORT [RUNS]
import fs from 'node:fs';

const [module, exportPath, runsArg] = process.argv.slice(2);
const wasm = fs.readFileSync(module);
const body = fs.readFileSync(exportPath);
const runs = Number(runsArg || 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mbps = (ms) => (body.length / ms / 1e3).toFixed(0);

const ours = [];
for (let i = 0; i < runs; i++) {
  const { instance } = await WebAssembly.instantiate(wasm, {});
  const { alloc, parse, memory } = instance.exports;
  const at = alloc(body.length);
  new Uint8Array(memory.buffer, at, body.length).set(body);
  const started = performance.now();
  const records = parse(at, body.length, 65536);
  ours.push(performance.now() - started);
  if (records === 0) throw new Error('the export did not parse');
}
const text = body.toString('utf8');
const theirs = [];
for (let i = 0; i < Math.min(runs, 3); i++) {
  const started = performance.now();
  JSON.parse(text);
  theirs.push(performance.now() - started);
}
const [a, b] = [median(ours), median(theirs)];
console.log(`${(body.length / 1e6).toFixed(1)} MB: the engine's parse in wasm ${mbps(a)} MB/s ` +
  `(median of ${runs}, ${ours.map((t) => t.toFixed(0)).join(' ')} ms), JSON.parse ${mbps(b)} MB/s ` +
  `(median of ${theirs.length}): ${(b / a).toFixed(2)}×`);
