// The dashboard's aggregates computed by DuckDB-WASM on the same export the app loads.
import * as duckdb from '/__bench/duckdb/duckdb-browser.mjs';

const TYPE = `CASE
  WHEN coalesce(dataset_id, '') <> '' THEN 'dataset'
  WHEN coalesce(page_id, '') <> '' THEN 'page'
  WHEN coalesce(map_id, '') <> '' THEN 'map'
  WHEN coalesce(group_id, '') <> '' THEN 'group'
  WHEN coalesce(reuse_title, '') <> '' THEN 'reuse'
  WHEN coalesce(username, '') <> '' THEN 'user'
  ELSE 'workspace' END`;
const ID = `CASE
  WHEN coalesce(dataset_id, '') <> '' THEN dataset_id
  WHEN coalesce(page_id, '') <> '' THEN page_id
  WHEN coalesce(map_id, '') <> '' THEN map_id
  WHEN coalesce(group_id, '') <> '' THEN group_id
  WHEN coalesce(reuse_title, '') <> '' THEN reuse_title
  WHEN coalesce(username, '') <> '' THEN username
  ELSE coalesce(nullif(subdomain_id, ''), domain_id) END`;

// Timestamps come rendered in the dashboard's zone (timezone=…): the local day is their date.
const QUERIES = {
  kpis: `SELECT count(*) AS actions, count(DISTINCT nullif(user_id, '')) AS users FROM log`,
  series: `SELECT left(timestamp, 10) AS day, ${TYPE} AS type, count(*) AS n FROM log GROUP BY ALL`,
  weekday: `SELECT isodow(CAST(left(timestamp, 10) AS DATE)) AS dow, count(*) AS n FROM log GROUP BY ALL`,
  objects: `SELECT ${TYPE} AS type, ${ID} AS id, count(*) AS n, count(DISTINCT nullif(user_id, '')) AS users, max(timestamp) AS last FROM log GROUP BY ALL ORDER BY n DESC`,
  users: `SELECT user_id, count(*) AS n, count(DISTINCT (${TYPE}, ${ID})) AS objects, max(timestamp) AS last FROM log WHERE user_id <> '' GROUP BY ALL ORDER BY n DESC`,
  actions: `SELECT action, count(*) AS n FROM log GROUP BY ALL ORDER BY n DESC`,
  users_by_action: `WITH top AS (SELECT user_id FROM log WHERE user_id <> '' GROUP BY ALL ORDER BY count(*) DESC LIMIT 10)
    SELECT user_id, action, count(*) AS n FROM log JOIN top USING (user_id) GROUP BY ALL`,
};

const COLUMNS = ['timestamp', 'domain_id', 'user_id', 'dataset_id', 'username', 'action', 'group_id',
  'page_id', 'diff', 'map_id', 'reuse_title', 'subdomain_id'];

window.runDuck = async (exportUrl) => {
  const worker = new Worker('/__bench/duckdb/duckdb-browser-mvp.worker.js');
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate('/__bench/duckdb/duckdb-mvp.wasm');
  const conn = await db.connect();
  const timings = {};
  const started = performance.now();
  const bytes = new Uint8Array(await (await fetch(exportUrl)).arrayBuffer());
  timings['load:fetch'] = performance.now() - started;
  // The CSV export: DuckDB-WASM's JSON reader is an extension it downloads, which this network
  // refuses; its CSV reader is built in.
  await db.registerFileBuffer('log.csv', bytes);
  const columns = COLUMNS.map((c) => `'${c}': 'VARCHAR'`).join(', ');
  const create = performance.now();
  await conn.query(`CREATE TABLE log AS SELECT * FROM read_csv('log.csv', delim = ';', header = true, quote = '"', escape = '"', columns = {${columns}})`);
  timings['load:parse+index'] = performance.now() - create;
  timings.rows = Number((await conn.query('SELECT count(*) AS n FROM log')).toArray()[0].n);
  for (const [name, sql] of Object.entries(QUERIES)) {
    const t = performance.now();
    const result = await conn.query(sql);
    result.toArray();
    timings[`agg:${name}`] = performance.now() - t;
  }
  await conn.close();
  await db.terminate();
  return timings;
};
document.getElementById('status').textContent = 'ready';
