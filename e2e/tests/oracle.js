// The expected figures of the end-to-end tests (KPIs, series by day, weekdays, weekday × hour,
// tops, users by action, actions by name), computed here from the demo log's raw export and
// nothing of the app: JavaScript, the browser engine's own time zones (Intl.DateTimeFormat), and
// the rules as README states them. A mistake in the engine's calendar, its filters or its
// aggregates is not shared by this code, so a test that compares the page with it can fail.
//
// The log comes from a third demo portal (ORACLE_URL), started with the same seed and clock as
// the one the app reads but without fault switches: a test's faults (a slow network, a cut body,
// a key) never reach it, and it is read once per test process.
const { ORACLE_URL } = require('./fixture');

const LOG = '/api/explore/v2.1/monitoring/datasets/ods-backoffice-activity/exports/json?timezone=UTC';
const TYPES = ['dataset', 'page', 'map', 'group', 'reuse', 'user', 'workspace'];
/** The field that makes an event concern each type, in the rule's order (README). */
const TYPE_FIELDS = [
  ['dataset', 'dataset_id'], ['page', 'page_id'], ['map', 'map_id'], ['group', 'group_id'],
  ['reuse', 'reuse_title'], ['user', 'username'],
];
/** Ties between types in the Actions legend: datasets, workspaces, pages, then the rule's order. */
const HEADLINE = ['dataset', 'workspace', 'page', 'map', 'group', 'reuse', 'user'];
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

let events = null;

/** The demo log's events, read once: [{ ms, fields }]. */
async function demoEvents(request) {
  if (events) return events;
  const response = await request.get(`${ORACLE_URL}${LOG}`);
  if (!response.ok()) throw new Error(`the oracle's portal answered ${response.status()}`);
  events = (await response.json()).map((fields) => ({ ms: Date.parse(fields.timestamp), fields }));
  return events;
}

const set = (value) => value !== null && value !== undefined && value !== '';
const text = (value) => (set(value) ? String(value) : '');

/** The object an event concerns: the first type whose field is set; else its workspace. */
function objectOf(fields) {
  for (const [type, field] of TYPE_FIELDS) {
    if (set(fields[field])) return { type, id: String(fields[field]) };
  }
  return { type: 'workspace', id: workspaceOf(fields) };
}

function workspaceOf(fields) {
  return set(fields.subdomain_id) ? String(fields.subdomain_id) : text(fields.domain_id);
}

const formats = new Map();
/** An instant's local date (YYYY-MM-DD), weekday (0 = Monday) and hour in a zone. */
function local(ms, zone) {
  if (!formats.has(zone)) {
    formats.set(zone, new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      weekday: 'short', hour: '2-digit',
    }));
  }
  const parts = Object.fromEntries(formats.get(zone).formatToParts(ms).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS.indexOf(parts.weekday),
    hour: Number(parts.hour),
  };
}

/** How many bars the Actions chart has: days up to 92 days, weeks (Monday to Sunday) up to
 *  731, months past that; the first bar starts at `from`. */
function bucketCount(from, to) {
  const day = (date) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
  const days = day(to) - day(from) + 1;
  if (days <= 92) return days;
  let count = 1;
  for (let d = day(from) + 1; d <= day(to); d += 1) {
    const date = new Date(d * 86_400_000);
    const starts = days <= 731 ? date.getUTCDay() === 1 : date.getUTCDate() === 1;
    if (starts) count += 1;
  }
  return count;
}

/** A count by key, as [key, count] pairs. */
function tally(items, keyOf) {
  const counts = new Map();
  for (const item of items) {
    const key = keyOf(item);
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  return counts;
}

const byCountThenName = (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Actions per user with one decimal, a half rounded up: 9 actions by 4 users is 2.3. */
function perUser(actions, users) {
  if (users === 0) return '0.0';
  const tenths = Math.round((actions * 10) / users);
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/** Everything the dashboard shows for a window, zone and the dashboard's filters (`extra`:
 *  `&ws=…`, `&by=action`, `&hide=…`, `&weekday=…`), in the shape the tests read. */
async function oracleDashboard(request, { from, to }, extra = '', zone = 'Europe/Paris') {
  const params = new URLSearchParams(extra.replace(/^&/, ''));
  const ws = params.get('ws');
  const byAction = params.get('by') === 'action';
  const hidden = new Set(params.getAll('hide'));
  const seriesOf = (event) => (byAction ? text(event.fields.action) : objectOf(event.fields).type);

  const inWindow = (await demoEvents(request)).filter((event) => {
    const { date } = local(event.ms, zone);
    return from <= date && date <= to && (!ws || workspaceOf(event.fields) === ws);
  });
  // Weekday marks (`weekday=sun`, repeated): the local weekdays kept, Monday first.
  const picked = params.getAll('weekday').map((name) => WEEKDAY_NAMES.indexOf(name));
  const shown = inWindow.filter((event) => !hidden.has(seriesOf(event))
    && (picked.length === 0 || picked.includes(local(event.ms, zone).weekday)));

  const series = [...tally(inWindow, seriesOf)]
    .sort((a, b) => b[1] - a[1] || (byAction
      ? (a[0] < b[0] ? -1 : 1)
      : HEADLINE.indexOf(a[0]) - HEADLINE.indexOf(b[0])))
    .map(([name, total]) => ({ name, total }));

  const weekdays = [0, 0, 0, 0, 0, 0, 0];
  const weekHours = Array.from({ length: 7 }, () => new Array(24).fill(0));
  // Actions per local day and series (the Actions chart of a window of up to 92 days).
  const seriesDays = {};
  for (const event of shown) {
    const { date, weekday, hour } = local(event.ms, zone);
    weekdays[weekday] += 1;
    weekHours[weekday][hour] += 1;
    seriesDays[date] = seriesDays[date] || {};
    seriesDays[date][seriesOf(event)] = (seriesDays[date][seriesOf(event)] || 0) + 1;
  }

  const objects = new Map();
  const users = new Map();
  for (const event of shown) {
    const object = objectOf(event.fields);
    const key = `${object.type}\u0000${object.id}`;
    const user = text(event.fields.user_id);
    if (!objects.has(key)) objects.set(key, { ...object, actions: 0, users: new Set() });
    const line = objects.get(key);
    line.actions += 1;
    if (user) line.users.add(user);
    if (user) {
      if (!users.has(user)) users.set(user, { actions: 0, objects: new Set() });
      users.get(user).actions += 1;
      users.get(user).objects.add(key);
    }
  }
  const topObjects = [...objects.values()]
    .sort((a, b) => b.actions - a.actions || TYPES.indexOf(a.type) - TYPES.indexOf(b.type)
      || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, 10)
    .map((o) => [o.type[0].toUpperCase() + o.type.slice(1), o.id, o.actions, o.users.size]);
  const topUsers = [...users]
    .map(([user, line]) => [user, line.actions, line.objects.size])
    .sort(byCountThenName)
    .slice(0, 10);
  const actionCounts = [...tally(shown, (event) => text(event.fields.action))]
    .filter(([name]) => name !== '')
    .sort(byCountThenName);
  // The ten most active users' actions, by action name.
  const top = topUsers.map(([user]) => user);
  const usersByAction = Object.fromEntries(top.map((user) => [user, {}]));
  for (const event of shown) {
    const cells = usersByAction[text(event.fields.user_id)];
    if (cells) cells[text(event.fields.action)] = (cells[text(event.fields.action)] || 0) + 1;
  }

  return {
    actions: shown.length,
    users: users.size,
    actions_per_user: perUser(shown.length, users.size),
    weekdays,
    week_hours: weekHours,
    series_days: seriesDays,
    users_by_action: usersByAction,
    series,
    days: bucketCount(from, to),
    top_objects: topObjects,
    top_users: topUsers,
    action_counts: actionCounts,
  };
}

/** The three KPIs for a window and zone. */
async function oracleKpis(request, window, zone = 'Europe/Paris') {
  const { actions, users, actions_per_user } = await oracleDashboard(request, window, '', zone);
  return { actions, users, actions_per_user };
}

module.exports = { oracleDashboard, oracleKpis, demoEvents, objectOf, workspaceOf, local, perUser };
