// ants_api.test.mjs — the editor API the ANTS appointment hub calls
// (creneau-api, /api/ants/, cgi-bin/api_ants.c and core/ants.c): contract
// tests of its three endpoints against the field names, types and formats
// the hub reads (its package hubrdvmairie; RDV Service Public's
// spec/requests/api/ants/), on the real stack.
//
// A commune of our own (far from Haute-Savoie, its horizon 400 days) holds
// site A with two devices whose slots are written here, so that every
// answer is known in advance: a family's runs, a slot kept for urgent
// requests, the same time on both devices, and 09:00 on the Mondays either
// side of the spring change. Sites B (a wedding room only), C (closed) and
// D (its device out of service) are no meeting points.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { BASE_URL, Client, describe as show, person, predemande } from '../lib/client.mjs';
import { VAR, closeDb, one, q } from '../lib/db.mjs';
import { book, confirm, hold, postManage } from '../lib/flow.mjs';
import { localParts } from '../lib/staff.mjs';

const API = '/api/ants';
const TOKEN = fs.readFileSync(path.join(VAR, 'secrets', 'ants_hub_token'), 'utf8').trim();
const CONF = process.env.CRENEAU_CONF || path.join(VAR, 'creneau.conf');
const PUBLIC_BASE = (fs.readFileSync(CONF, 'utf8').match(/^public_base_url\s*=\s*(\S+)/m) || [])[1] || BASE_URL;
const WHEN_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/;

/**
 * GET an API path. opts: token (default the hub's; null sends none), from
 * (a loopback address of its own, for the throttling). Returns {status,
 * headers, text, json}.
 */
function api(p, { token = TOKEN, from } = {}) {
  const u = new URL(p, BASE_URL);
  const headers = {};
  if (token !== null) headers['x-hub-rdv-auth-token'] = token;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, headers, localAddress: from }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

function brief(res) {
  return `HTTP ${res.status} ${String(res.text).slice(0, 300)}`;
}

/** Asserts a JSON error answer: {"error": {"code": status, "message": "..."}}. */
function assertJsonError(res, status) {
  assert.equal(res.status, status, brief(res));
  assert.match(res.headers['content-type'] || '', /^application\/json; charset=utf-8$/);
  assert.ok(res.json, `a JSON body: ${res.text}`);
  assert.equal(res.json.error.code, status);
  assert.equal(typeof res.json.error.message, 'string');
  assert.ok(res.json.error.message.length > 0);
}

function slotsPath(ids, { start, end, reason = 'CNI', n } = {}) {
  const qs = ids.map((id) => `meeting_point_ids=${encodeURIComponent(id)}`);
  if (start !== undefined) qs.push(`start_date=${start}`);
  if (end !== undefined) qs.push(`end_date=${end}`);
  if (reason !== undefined) qs.push(`reason=${encodeURIComponent(reason)}`);
  if (n !== undefined) qs.push(`documents_number=${n}`);
  return `${API}/availableTimeSlots?${qs.join('&')}`;
}

// ------------------------------------------------------------ dates
/** Paris's date today plus `days`, YYYY-MM-DD. */
function parisDay(days = 0) {
  const t = localParts(new Date().toISOString().slice(0, 19).replace('T', ' ')).isoDay;
  const [y, m, d] = t.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function addDays(ymd, days) {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The UTC instant ('YYYY-MM-DD HH:MM:SS') of a Paris wall time. */
function parisToUtc(ymd, hm) {
  const [y, m, d] = ymd.split('-').map(Number);
  const [h, mi] = hm.split(':').map(Number);
  for (const off of [1, 2]) {
    const s = new Date(Date.UTC(y, m - 1, d, h - off, mi)).toISOString().slice(0, 19).replace('T', ' ');
    const p = localParts(s);
    if (p.isoDay === ymd && p.hm === hm) return s;
  }
  throw new Error(`no instant for ${ymd} ${hm} in Paris`);
}

/** The Monday after the next spring change (last Sunday of March). */
function mondayAfterSpringChange() {
  const today = parisDay(0);
  for (let y = Number(today.slice(0, 4)); ; y++) {
    const mar31 = new Date(Date.UTC(y, 2, 31));
    const sunday = new Date(Date.UTC(y, 2, 31 - mar31.getUTCDay())).toISOString().slice(0, 10);
    const monday = addDays(sunday, 1);
    if (addDays(monday, -7) > addDays(today, 1)) return monday;
  }
}

// ------------------------------------------------------------ fixture
const made = { communes: [], sites: [], devices: [], bookings: [] };
const F = {};           // ids of the fixture
const DST_MONDAY = mondayAfterSpringChange();
const MONDAY_BEFORE = addDays(DST_MONDAY, -7);
const DAY = [21, 23].map((n) => parisDay(n)).find((d) => d !== DST_MONDAY && d !== MONDAY_BEFORE);

function monthStart(ymd) { return `${ymd.slice(0, 8)}01`; }
function monthEnd(ymd) { return addDays(monthStart(addDays(monthStart(ymd), 32)), -1); }

/** How many of site A's times (one person, before any booking) fall in [start, end]. */
function expectedIn(start, end) {
  const inside = (d) => d >= start && d <= end;
  return (inside(DAY) ? 10 : 0) + [MONDAY_BEFORE, DST_MONDAY].filter(inside).length;
}

async function insertSlot(device, ymd, hm, { cap = 1, booked = 0, urgent = 0, minutes = 15 } = {}) {
  const start = parisToUtc(ymd, hm);
  await q(`INSERT INTO slots (device_id, start_utc, end_utc, cap_regular, cap_urgent, cap_extreme, booked_regular)
           VALUES (?, ?, ? + INTERVAL ? MINUTE, ?, ?, 0, ?)`, [device, start, start, minutes, cap, urgent, booked]);
  return (await one('SELECT id FROM slots WHERE device_id = ? AND start_utc = ?', [device, start])).id;
}

async function addSite(commune, name, active) {
  const r = await q(`INSERT INTO sites (commune_id, name, address, postcode, city, lat, lon, access_info, active)
                     VALUES (?, ?, '2 rue du Port', '29900', 'Concarneau', 47.8736, -3.9189, NULL, ?)`, [commune, name, active]);
  made.sites.push(r.insertId);
  return r.insertId;
}

async function addDevice(site, name, { kind = 'dr', active = 1, codes = ['CNI'] } = {}) {
  const r = await q('INSERT INTO devices (site_id, name, kind, active) VALUES (?, ?, ?, ?)', [site, name, kind, active]);
  made.devices.push(r.insertId);
  for (const code of codes) {
    await q('INSERT INTO device_procedures (device_id, procedure_id) SELECT ?, id FROM procedures WHERE code = ?', [r.insertId, code]);
  }
  return r.insertId;
}

before(async () => {
  await q("DELETE FROM rate_events WHERE bucket = 'ants_auth'");
  const tag = String(Date.now()).slice(-4);
  let insee;
  for (let i = 0; ; i++) {
    insee = `Z${String((Number(tag) + i * 7) % 10000).padStart(4, '0')}`;
    if (!(await one('SELECT id FROM communes WHERE insee = ?', [insee]))) break;
  }
  const c = await q(`INSERT INTO communes (insee, name, equipped, lat, lon, phone, email, horizon_days, min_notice_hours)
                     VALUES (?, 'Concarneau (essai ANTS)', 1, 47.8736, -3.9189, '02 98 00 00 00', 'etat-civil@concarneau.example', 400, 2)`, [insee]);
  made.communes.push(c.insertId);
  F.commune = c.insertId;
  F.siteName = `Mairie de Concarneau ${tag}`;
  F.A = await addSite(c.insertId, F.siteName, 1);
  F.B = await addSite(c.insertId, `Salle des mariages ${tag}`, 1);
  F.C = await addSite(c.insertId, `Mairie annexe fermée ${tag}`, 0);
  F.D = await addSite(c.insertId, `Mairie annexe sans appareil ${tag}`, 1);
  F.A1 = await addDevice(F.A, 'DR 1', { codes: ['CNI', 'PASSEPORT', 'CNI_PASSEPORT'] });
  F.A2 = await addDevice(F.A, 'DR 2', { codes: ['CNI'] });
  await addDevice(F.B, 'Salle', { kind: 'planning', codes: ['MARIAGE'] });
  await addDevice(F.C, 'DR 1', { codes: ['CNI', 'PASSEPORT'] });
  await addDevice(F.D, 'DR 1', { active: 0, codes: ['CNI', 'PASSEPORT'] });

  // DAY on DR 1: 08:45 for urgent requests only, 09:00-09:45 free, 10:00
  // full, 10:15-10:30 free, no 10:45, 11:00-11:30 free. DR 2: 09:00 and
  // 09:15 (the same times) and 14:00.
  F.slots = {};
  F.slots['08:45'] = await insertSlot(F.A1, DAY, '08:45', { cap: 0, urgent: 1 });
  for (const hm of ['09:00', '09:15', '09:30', '09:45', '10:15', '10:30', '11:00', '11:15', '11:30']) {
    F.slots[hm] = await insertSlot(F.A1, DAY, hm);
  }
  F.slots['10:00'] = await insertSlot(F.A1, DAY, '10:00', { booked: 1 });
  F.a2 = {};
  for (const hm of ['09:00', '09:15', '14:00']) F.a2[hm] = await insertSlot(F.A2, DAY, hm);
  // Either side of the spring change, 09:00 in Paris.
  F.dstBefore = await insertSlot(F.A1, MONDAY_BEFORE, '09:00');
  F.dstAfter = await insertSlot(F.A1, DST_MONDAY, '09:00');
});

after(async () => {
  await q("DELETE FROM rate_events WHERE bucket = 'ants_auth'");
  const devs = made.devices;
  if (devs.length) {
    const inDevs = devs.map(() => '?').join(',');
    const bookings = (await q(`SELECT id FROM bookings WHERE device_id IN (${inDevs})`, devs)).map((b) => b.id);
    for (const id of bookings) {
      for (const t of ['booking_slots', 'booking_persons', 'person_locks', 'otp_codes', 'outbox', 'booking_reminders', 'booking_steps']) {
        await q(`DELETE FROM ${t} WHERE booking_id = ?`, [id]);
      }
      await q('DELETE FROM bookings WHERE id = ?', [id]);
    }
    await q(`DELETE FROM slots WHERE device_id IN (${inDevs})`, devs);
    await q(`DELETE FROM opening_rules WHERE device_id IN (${inDevs})`, devs);
    await q(`DELETE FROM device_procedures WHERE device_id IN (${inDevs})`, devs);
    await q(`DELETE FROM devices WHERE id IN (${inDevs})`, devs);
  }
  for (const s of made.sites) {
    await q('DELETE FROM delay_snapshots WHERE site_id = ?', [s]);
    await q('DELETE FROM sites WHERE id = ?', [s]);
  }
  for (const c of made.communes) await q('DELETE FROM communes WHERE id = ?', [c]);
  await closeDb();
});

/** The slots answer for site A on DAY: [hh:mm] and the raw entries. */
async function dayTimes(n, reason = 'CNI') {
  const res = await api(slotsPath([F.A], { start: DAY, end: DAY, reason, n }));
  assert.equal(res.status, 200, brief(res));
  const list = res.json[String(F.A)];
  assert.ok(Array.isArray(list), `an array for ${F.A}: ${res.text}`);
  return { times: list.map((e) => e.datetime.slice(11, 16)), list };
}

// ------------------------------------------------------------ tests
describe('authentication', () => {
  test('without the token, or with a wrong one: 401 with a JSON error, on every endpoint', async () => {
    const wrong = TOKEN.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a'));
    const eps = ['getManagedMeetingPoints', `availableTimeSlots?meeting_point_ids=1&start_date=${DAY}&end_date=${DAY}&reason=CNI`,
      'searchApplicationIds?application_ids=ABCDE12345'];
    for (const [i, ep] of eps.entries()) {
      // Six failures per address: under the throttle's ten.
      for (const token of [null, '', 'x', wrong, TOKEN.slice(0, -1), `${TOKEN}0`]) {
        const res = await api(`${API}/${ep}`, { token, from: `127.0.1.${i + 1}` });
        assertJsonError(res, 401);
        assert.doesNotMatch(res.text, new RegExp(TOKEN), 'the answer never shows the token');
      }
    }
    await q("DELETE FROM rate_events WHERE bucket = 'ants_auth'");
  });

  test('repeated failures from one address are throttled (429), even with the right token then; others are not', async () => {
    await q("DELETE FROM rate_events WHERE bucket = 'ants_auth'");
    const from = '127.0.0.72';
    for (let i = 0; i < 10; i++) assertJsonError(await api(`${API}/getManagedMeetingPoints`, { token: `nope-${i}`, from }), 401);
    const throttled = await api(`${API}/getManagedMeetingPoints`, { token: 'nope-again', from });
    assertJsonError(throttled, 429);
    assert.ok(Number(throttled.headers['retry-after']) > 0, 'Retry-After');
    assertJsonError(await api(`${API}/getManagedMeetingPoints`, { from }), 429);
    const other = await api(`${API}/getManagedMeetingPoints`, { from: '127.0.0.73' });
    assert.equal(other.status, 200, brief(other));
    const rows = await q("SELECT key_hash FROM rate_events WHERE bucket = 'ants_auth'");
    assert.ok(rows.length >= 10 && rows.every((r) => /^[0-9a-f]{64}$/.test(r.key_hash)), 'only HMACs of addresses are stored');
    const log = fs.readFileSync(path.join(VAR, 'log', 'api.log'), 'utf8');
    assert.match(log, /ants: GET \/api\/ants\/getManagedMeetingPoints: wrong token from 127\.0\.0\.72 refused/);
    assert.ok(!log.includes(TOKEN) && !log.includes('nope-again'), 'no token, right or wrong, in the log');
    await q("DELETE FROM rate_events WHERE bucket = 'ants_auth'");
  });

  test('answers are JSON with the security headers, no cookie; an unknown endpoint is a JSON 404', async () => {
    const res = await api(`${API}/getManagedMeetingPoints`);
    assert.equal(res.status, 200, brief(res));
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.match(res.headers['content-security-policy'] || '', /frame-ancestors 'none'/);
    assert.equal(res.headers['set-cookie'], undefined, 'no cookie');
    assertJsonError(await api(`${API}/nothingHere`), 404);
  });
});

describe('getManagedMeetingPoints', () => {
  test('the sites that really offer CNI or passport slots, with the published fields and types', async () => {
    const res = await api(`${API}/getManagedMeetingPoints`);
    assert.equal(res.status, 200, brief(res));
    assert.ok(Array.isArray(res.json), 'an array');
    const ids = res.json.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length, 'each meeting point once');
    for (const p of res.json) {
      assert.equal(typeof p.id, 'string');
      assert.match(p.id, /^[1-9]\d*$/);
      for (const k of ['name', 'public_entry_address', 'zip_code', 'city_name']) {
        assert.equal(typeof p[k], 'string', `${k} of ${p.id}`);
      }
      assert.equal(typeof p.longitude, 'number');
      assert.equal(typeof p.latitude, 'number');
      assert.ok(Number.isFinite(p.longitude) && Number.isFinite(p.latitude));
      for (const k of ['website', 'city_logo']) assert.ok(!(k in p) || typeof p[k] === 'string', k);
    }
    const a = res.json.find((p) => p.id === String(F.A));
    assert.deepEqual(a, {
      id: String(F.A), name: F.siteName, longitude: -3.9189, latitude: 47.8736,
      public_entry_address: '2 rue du Port', zip_code: '29900', city_name: 'Concarneau',
    });
    for (const s of [F.B, F.C, F.D]) assert.ok(!ids.includes(String(s)), `site ${s} is no meeting point`);
    // The demo's seven sites each have a DR offering the identity titles.
    const demo = await q("SELECT id FROM sites WHERE active = 1 AND id <= 7");
    for (const s of demo) assert.ok(ids.includes(String(s.id)), `demo site ${s.id}`);
    const demoA = res.json.find((p) => p.id === '1');
    assert.equal(demoA.name, "Hôtel de ville d'Annecy", 'names in UTF-8, escaped as JSON');
  });

  test('the id stays the same when the site is renamed', async () => {
    const renamed = `${F.siteName} — « Centre » "B"`;
    try {
      await q('UPDATE sites SET name = ? WHERE id = ?', [renamed, F.A]);
      const res = await api(`${API}/getManagedMeetingPoints`);
      const a = res.json.find((p) => p.id === String(F.A));
      assert.ok(a, 'still listed under its id');
      assert.equal(a.name, renamed);
      assert.equal(res.json.filter((p) => p.name === F.siteName).length, 0, 'no entry under the old name');
    } finally {
      await q('UPDATE sites SET name = ? WHERE id = ?', [F.siteName, F.A]);
    }
  });
});

describe('availableTimeSlots', () => {
  test('repeated ids (no brackets) each once, unknown ones and non meeting points left out', async () => {
    const res = await api(slotsPath([F.A, F.A, 999999999, 'abc', F.B, F.C, F.D, 1], { start: DAY, end: DAY, n: 1 }));
    assert.equal(res.status, 200, brief(res));
    assert.match(res.headers['content-type'], /^application\/json; charset=utf-8$/);
    assert.deepEqual(Object.keys(res.json).sort(), [String(F.A), '1'].sort());
    for (const [id, list] of Object.entries(res.json)) {
      assert.ok(Array.isArray(list), id);
      for (const e of list) {
        assert.deepEqual(Object.keys(e).sort(), ['callback_url', 'datetime']);
        assert.match(e.datetime, WHEN_RE);
        assert.ok(e.callback_url.startsWith(`${PUBLIC_BASE}/reserver?creneau=`), e.callback_url);
      }
    }
  });

  test('one person: every free public time once, in order; the urgent-only and full slots never', async () => {
    const { times, list } = await dayTimes(1);
    assert.deepEqual(times, ['09:00', '09:15', '09:30', '09:45', '10:15', '10:30', '11:00', '11:15', '11:30', '14:00']);
    assert.ok(list.every((e) => e.datetime.startsWith(`${DAY}T`)));
    const dt = list.map((e) => e.datetime);
    assert.deepEqual([...dt].sort(), dt, 'sorted');
    assert.equal(new Set(dt).size, dt.length, 'no duplicate time (09:00 and 09:15 are on both devices)');
    const e900 = list[0];
    assert.equal(e900.callback_url, `${PUBLIC_BASE}/reserver?creneau=${F.slots['09:00']}&procedure=CNI&personnes=1`,
      'the first device (catalog order) gives the time');
  });

  test('a family (documents_number=3) only gets times where three runs fit back to back', async () => {
    assert.deepEqual((await dayTimes(3)).times, ['09:00', '09:15', '11:00']);
    assert.deepEqual((await dayTimes(2)).times, ['09:00', '09:15', '09:30', '10:15', '11:00', '11:15']);
    const { list } = await dayTimes(3);
    for (const e of list) assert.match(e.callback_url, /&procedure=CNI&personnes=3$/);
    // More people than one appointment of the procedure takes: nothing.
    assert.deepEqual((await dayTimes(6)).times, []);
  });

  test('each reason books its procedure: PASSPORT and CNI-PASSPORT only where the device offers them', async () => {
    const pass = await dayTimes(1, 'PASSPORT');
    assert.deepEqual(pass.times, ['09:00', '09:15', '09:30', '09:45', '10:15', '10:30', '11:00', '11:15', '11:30'],
      'DR 2 offers CNI only: no 14:00');
    assert.ok(pass.list.every((e) => e.callback_url.includes('&procedure=PASSEPORT&')));
    // CNI and passport together take 20 minutes a person: two 15-minute slots.
    const both = await dayTimes(1, 'CNI-PASSPORT');
    assert.deepEqual(both.times, ['09:00', '09:15', '09:30', '10:15', '11:00', '11:15']);
    assert.ok(both.list.every((e) => e.callback_url.includes('&procedure=CNI_PASSEPORT&')));
  });

  test('the callback_url opens the booking form on that time, prefilled', async () => {
    const { list } = await dayTimes(2);
    const u = new URL(list[0].callback_url);
    const res = await new Client().get(u.pathname + u.search);
    assert.equal(res.status, 200, show(res));
    assert.ok(res.text.includes(`value="${F.slots['09:00']}"`), 'the slot is in the form');
    assert.ok(res.text.includes('name="nom_2"'), 'two people to fill');
  });

  test('the Monday after the spring change: a 09:00 slot is written T09:00Z, as the one before', async () => {
    // Whole months, as the hub asks.
    const res = await api(slotsPath([F.A], { start: monthStart(MONDAY_BEFORE), end: monthEnd(DST_MONDAY), n: 1 }));
    assert.equal(res.status, 200, brief(res));
    const dt = res.json[String(F.A)].map((e) => e.datetime);
    assert.ok(dt.includes(`${DST_MONDAY}T09:00Z`), `${DST_MONDAY}T09:00Z in ${dt.join(' ')}`);
    assert.ok(dt.includes(`${MONDAY_BEFORE}T09:00Z`), `${MONDAY_BEFORE}T09:00Z in ${dt.join(' ')}`);
    // Stored 07:00 and 08:00 UTC: the wall clock is what is written.
    const s = await one('SELECT start_utc FROM slots WHERE id = ?', [F.dstAfter]);
    assert.equal(s.start_utc, `${DST_MONDAY} 07:00:00`);
    assert.equal((await one('SELECT start_utc FROM slots WHERE id = ?', [F.dstBefore])).start_utc, `${MONDAY_BEFORE} 08:00:00`);
  });

  test('dates bound the answer; the whole window (the hub asks for months) holds everything', async () => {
    for (const [start, end] of [[addDays(DAY, 1), addDays(DAY, 2)], [DAY, DAY], [monthStart(DAY), monthEnd(DAY)],
      [parisDay(0), addDays(parisDay(0), 365)], [addDays(parisDay(0), -40), parisDay(0)]]) {
      const res = await api(slotsPath([F.A], { start, end, n: 1 }));
      assert.equal(res.status, 200, brief(res));
      const dt = res.json[String(F.A)].map((e) => e.datetime);
      assert.equal(dt.length, expectedIn(start, end), `${start} to ${end}: ${dt.join(' ')}`);
      assert.ok(dt.every((d) => d.slice(0, 10) >= start && d.slice(0, 10) <= end));
    }
  });

  test('the same times as the public site page for the same day (demo data)', async () => {
    // A weekday a week or so ahead, with some places left.
    const day = [8, 9, 10, 11].map((n) => parisDay(n)).find((d) => {
      const wd = new Date(`${d}T12:00:00Z`).getUTCDay();
      return wd >= 1 && wd <= 5;
    });
    for (const n of [1, 2]) {
      const res = await api(slotsPath([1], { start: day, end: day, n }));
      assert.equal(res.status, 200, brief(res));
      const apiIds = res.json['1'].map((e) => new URL(e.callback_url).searchParams.get('creneau'));
      const page = await new Client().get(`/site/1?procedure=CNI&personnes=${n}&jour=${day}`);
      assert.equal(page.status, 200, show(page));
      const pageIds = [...page.text.matchAll(/\/reserver\?creneau=(\d+)&amp;procedure=CNI&amp;personnes=\d/g)].map((m) => m[1]);
      assert.ok(pageIds.length > 0, 'the demo day has free times');
      assert.deepEqual(apiIds, pageIds, `${n} person(s) on ${day}`);
    }
  });

  test('a time booked in between is gone on the next call, and back once cancelled (kept right by the counters)', async () => {
    assert.ok((await dayTimes(1)).times.includes('11:15'));
    assert.ok((await dayTimes(3)).times.includes('11:00'));
    // Asked again and again: every worker keeps the month.
    for (let i = 0; i < 4; i++) assert.ok((await dayTimes(1)).times.includes('11:15'));
    const p = person();
    const h = await hold({ slotId: F.slots['11:15'], persons: [p] });
    for (let i = 0; i < 4; i++) {
      assert.deepEqual((await dayTimes(1)).times, ['09:00', '09:15', '09:30', '09:45', '10:15', '10:30', '11:00', '11:30', '14:00']);
      assert.deepEqual((await dayTimes(3)).times, ['09:00', '09:15']);
    }
    const booked = await confirm(h);
    made.bookings.push(booked.ref);
    F.booked = { ref: booked.ref, person: p, client: booked.client, managePath: booked.managePath, manageBase: booked.manageBase };
    assert.ok(!(await dayTimes(1)).times.includes('11:15'), 'still taken once confirmed');
  });
});

describe('bad inputs: 400 with a JSON error', () => {
  const ok = { start: DAY, end: DAY, reason: 'CNI', n: 1 };
  const cases = [
    ['an unknown reason', () => slotsPath([1], { ...ok, reason: 'PERMIS' })],
    ['a reason in lower case', () => slotsPath([1], { ...ok, reason: 'cni' })],
    ['no reason', () => slotsPath([1], ok).replace('&reason=CNI', '')],
    ['no start_date', () => slotsPath([1], { ...ok, start: undefined })],
    ['a malformed date', () => slotsPath([1], { ...ok, start: '2027-1-05' })],
    ['an impossible date', () => slotsPath([1], { ...ok, end: '2027-02-30' })],
    ['a date and time', () => slotsPath([1], { ...ok, end: `${DAY}T10:00` })],
    ['start_date after end_date', () => slotsPath([1], { ...ok, start: addDays(DAY, 1) })],
    ['more than a year of dates', () => slotsPath([1], { ...ok, end: addDays(DAY, 366) })],
    ['documents_number 0', () => slotsPath([1], { ...ok, n: 0 })],
    ['documents_number not a number', () => slotsPath([1], { ...ok, n: 'deux' })],
    ['no meeting_point_ids', () => slotsPath([], ok)],
    ['301 meeting_point_ids', () => slotsPath(Array.from({ length: 301 }, (_, i) => i + 1), ok)],
  ];
  for (const [what, p] of cases) {
    test(what, async () => { assertJsonError(await api(p()), 400); });
  }
  test('RDV Service Public\'s messages for the reason and the order of dates', async () => {
    assert.equal((await api(cases[0][1]())).json.error.message, 'Invalid reason param');
    assert.equal((await api(cases[7][1]())).json.error.message, 'start_date is after end_date');
  });
});

describe('searchApplicationIds', () => {
  test('a confirmed appointment to come is found by its pre-application number, with working links', async () => {
    assert.ok(F.booked, 'the booking of the availableTimeSlots suite');
    const id = F.booked.person.predemande;
    const res = await api(`${API}/searchApplicationIds?application_ids=${id}`);
    assert.equal(res.status, 200, brief(res));
    assert.match(res.headers['content-type'], /^application\/json; charset=utf-8$/);
    assert.deepEqual(Object.keys(res.json), [id]);
    assert.equal(res.json[id].length, 1, res.text);
    const a = res.json[id][0];
    assert.deepEqual(Object.keys(a).sort(), ['cancel_url', 'datetime', 'management_url', 'meeting_point']);
    assert.equal(a.meeting_point, F.siteName);
    assert.equal(a.datetime, `${DAY}T11:15Z`);
    assert.equal(a.management_url, `${PUBLIC_BASE}${F.booked.managePath.replace(/&.*$/, '')}`);
    assert.equal(a.cancel_url, `${a.management_url}#annuler`);
    const page = await new Client().get(new URL(a.management_url).pathname + new URL(a.management_url).search);
    assert.equal(page.status, 200, show(page));
    assert.ok(page.text.includes('id="annuler"'), 'the cancel_url\'s anchor is the cancel form');
    // Lower case is the same number.
    const lower = await api(`${API}/searchApplicationIds?application_ids=${id.toLowerCase()}`);
    assert.equal(lower.json[id.toLowerCase()].length, 1, lower.text);
  });

  test('several ids (repeated keys): [] for a number without appointment, bad ids left out, each id once', async () => {
    const id = F.booked.person.predemande;
    const none = predemande();
    const res = await api(`${API}/searchApplicationIds?application_ids=${none}&application_ids=${id}&application_ids=${id}`
      + '&application_ids=ABC&application_ids=ABCDEFGHIJK&application_ids=ABCDE-1234&application_ids=%C3%A9BCDE12345&application_ids=');
    assert.equal(res.status, 200, brief(res));
    assert.deepEqual(Object.keys(res.json).sort(), [none, id].sort());
    assert.deepEqual(res.json[none], []);
    assert.equal(res.json[id].length, 1);
    const empty = await api(`${API}/searchApplicationIds`);
    assert.equal(empty.status, 200, brief(empty));
    assert.deepEqual(empty.json, {});
    const bad = await api(`${API}/searchApplicationIds?application_ids=%22%3E%3Cscript%3E`);
    assert.deepEqual(bad.json, {});
    assertJsonError(await api(`${API}/searchApplicationIds?${Array.from({ length: 101 }, () => `application_ids=${predemande()}`).join('&')}`), 400);
  });

  test('a held booking is not yet one, a cancelled one no more', async () => {
    const p = person();
    const h = await hold({ slotId: F.slots['09:45'], persons: [p] });
    assert.deepEqual((await api(`${API}/searchApplicationIds?application_ids=${p.predemande}`)).json, { [p.predemande]: [] });
    const b = await confirm(h);
    assert.equal((await api(`${API}/searchApplicationIds?application_ids=${p.predemande}`)).json[p.predemande].length, 1);
    const cancel = await postManage(b.client, b.manageBase, 'annuler');
    assert.equal(cancel.status, 303, show(cancel));
    assert.deepEqual((await api(`${API}/searchApplicationIds?application_ids=${p.predemande}`)).json, { [p.predemande]: [] });
    assert.ok((await dayTimes(1)).times.includes('09:45'), 'the cancelled time is offered again at once');
  });
});

describe('a family booked through the callback', () => {
  test('documents_number=3 then the booking of three people on that time', async () => {
    const { list } = await dayTimes(3);
    const first = new URL(list[0].callback_url).searchParams.get('creneau');
    const persons = [person(), person(), person()];
    const b = await book({ slotId: Number(first), persons });
    assert.ok(b.ref);
    assert.deepEqual((await dayTimes(3)).times, [], 'no run of three is left that day');
    for (const p of persons) {
      const r = await api(`${API}/searchApplicationIds?application_ids=${p.predemande}`);
      assert.equal(r.json[p.predemande][0].datetime, `${DAY}T09:00Z`);
    }
  });
});
