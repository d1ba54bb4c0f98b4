// retention.test.mjs — personal data kept only as long as the settings say
// (core/retention.c, `creneau-admin purge`): a data set spanning three
// years; after the purge no personal row is older than its limit, the
// statistics show the same figures, a second run changes nothing, a purge
// with a backlog runs beside a rush of bookings without blocking one, and
// the privacy page states the durations of the settings.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, textOf } from '../lib/client.mjs';
import { VAR, closeDb, freeSlot, one, q } from '../lib/db.mjs';
import { book } from '../lib/flow.mjs';
import { ACCOUNTS, DEVICE, signIn } from '../lib/staff.mjs';
import { STATS_KEYS, getCsv, insertBooking, parisDay } from '../lib/stats.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD = process.env.CRENEAU_BUILD || ['build-asan', 'build'].find((b) => fs.existsSync(path.join(ROOT, b, 'bin', 'creneau-admin')));
const ADMIN = path.join(ROOT, BUILD, 'bin', 'creneau-admin');
const env = { ...process.env, CRENEAU_CONF: path.join(VAR, 'creneau.conf') };
const purge = () => execFileSync(ADMIN, ['purge'], { env, encoding: 'utf8', timeout: 300000 });
const TAG = `ret${Date.now()}`;
const DEV = DEVICE.thononDr2;
// The period of the data set (the statistics allow three years at most).
const PERIOD = { du: parisDay(-3 * 365 + 40), au: parisDay(-30), appareil: String(DEV) };

const monthsAgo = (m) => parisDay(-Math.round(m * 30.5));
const ids = {};
const wl = {};   // waiting-list entries by key
const wref = {}; // and their references

/** A booking m months ago with everything personal a booking has. */
async function oldBooking(key, m) {
  const b = await insertBooking({ device: DEV, start: `${monthsAgo(m)} 09:15`, status: 'confirmed', home: '74281', attendance: 'finished', arrived: '09:10', started: '09:16', finished: '09:30' });
  await q('UPDATE bookings SET contact_email = ?, contact_phone = ? WHERE id = ?', [`${TAG}.${key}@example.org`, '+33612345678', b.id]);
  await q("INSERT INTO booking_persons (booking_id, position, last_name, first_names, birth_date) VALUES (?, 1, 'DUPONT', 'Marie', '1980-04-02')", [b.id]);
  await q("INSERT INTO person_locks (lock_group, identity, booking_id, ends_utc) VALUES ('T', ?, ?, UTC_TIMESTAMP())", [`N:${TAG}${key}`, b.id]);
  await q(`INSERT INTO otp_codes (booking_id, purpose, code_hash, expires_utc, created_utc)
           VALUES (?, 'confirm', REPEAT('a', 64), UTC_TIMESTAMP() - INTERVAL ? DAY, UTC_TIMESTAMP() - INTERVAL ? DAY)`, [b.id, m * 30, m * 30]);
  await q(`INSERT INTO outbox (idem_key, kind, channel, recipient, subject, body, booking_id, status, next_try_utc, created_utc, sent_utc)
           VALUES (?, 'confirmation', 'email', ?, 'Votre rendez-vous', 'Bonjour Marie DUPONT', ?, 'sent', UTC_TIMESTAMP(),
                   UTC_TIMESTAMP() - INTERVAL ? DAY, UTC_TIMESTAMP() - INTERVAL ? DAY)`,
  [`${TAG}:${key}`, `${TAG}.${key}@example.org`, b.id, Math.round(m * 30.5), Math.round(m * 30.5)]);
  ids[key] = b.id;
  return b;
}

async function statsNow(client) {
  const out = {};
  for (const k of STATS_KEYS) out[k] = (await getCsv(client, k, PERIOD)).rows;
  return out;
}

let padmin;
let before0;
before(async () => {
  for (const [k, m] of [['m34', 34], ['m30', 30], ['m26', 26], ['m20', 20], ['m14', 14]]) await oldBooking(k, m);
  // Messages of no booking at several ages, audit lines, expired secrets.
  for (const [k, d] of [['d200', 200], ['d120', 120], ['d40', 40]]) {
    await q(`INSERT INTO outbox (idem_key, kind, channel, recipient, subject, body, status, next_try_utc, created_utc, sent_utc)
             VALUES (?, 'reset', 'email', 'agent@example.org', 'Lien', 'Ouvrez ce lien', 'sent', UTC_TIMESTAMP(),
                     UTC_TIMESTAMP() - INTERVAL ? DAY, UTC_TIMESTAMP() - INTERVAL ? DAY)`, [`${TAG}:${k}`, d, d]);
  }
  for (const d of [400, 330]) {
    await q("INSERT INTO audit_log (at_utc, staff_id, commune_id, action, entity, entity_id) VALUES (UTC_TIMESTAMP() - INTERVAL ? DAY, 0, 2, 'test_retention', 'x', ?)", [d, `${TAG}${d}`]);
  }
  await q("INSERT INTO rate_events (bucket, key_hash, at_utc) VALUES ('test_ret', ?, UTC_TIMESTAMP() - INTERVAL 3 DAY), ('test_ret', ?, UTC_TIMESTAMP())",
    [TAG.padEnd(64, 'b'), TAG.padEnd(64, 'c')]);
  const staff = await one('SELECT id FROM staff WHERE email = ?', [ACCOUNTS.agentThonon]);
  await q('INSERT INTO staff_sessions (token_hash, staff_id, created_utc, last_seen_utc) VALUES (?, ?, UTC_TIMESTAMP() - INTERVAL 3 DAY, UTC_TIMESTAMP() - INTERVAL 3 DAY)', [`${TAG}`.padEnd(64, 'd'), staff.id]);
  await q('INSERT INTO staff_tokens (token_hash, staff_id, expires_utc) VALUES (?, ?, UTC_TIMESTAMP() - INTERVAL 3 DAY)', [`${TAG}`.padEnd(64, 'e'), staff.id]);
  // Declarations to ANTS: settled and old, settled and recent, old and due (never due: 2099).
  for (const [k, status, d] of [['a200', 'done', 200], ['a40', 'done', 40], ['p200', 'pending', 200]]) {
    await q(`INSERT INTO ants_queue (idem_key, op, booking_id, commune_id, application_id, meeting_point, meeting_point_id,
               appointment_date, management_url, status, next_try_utc, created_utc)
             VALUES (?, 'create', 0, 2, 'RETENT0000', 'x', '1', '2025-01-01 10:00:00', 'https://x/rdv/A?t=1', ?,
                     '2099-01-01 00:00:00', UTC_TIMESTAMP() - INTERVAL ? DAY)`, [`${TAG}:${k}`, status, d]);
  }
  // Waiting-list entries: ended 200 days ago, ended 40 days ago, a code never typed 3 days ago, waiting.
  for (const [k, status, endedDays, createdDays] of [['w200', 'left', 200, 250], ['w40', 'booked', 40, 60],
    ['wpend', 'pending_code', null, 3], ['wact', 'active', null, 250]]) {
    await q(`INSERT INTO waitlist (ref, status, procedure_id, party_size, commune_id, date_from, date_to, contact_email,
               channel, contact_key, secret, created_utc, ended_utc)
             VALUES (?, ?, 8, 1, 2, '2025-01-01', '2025-02-01', 'w@example.org', 'email', ?, ?,
                     UTC_TIMESTAMP() - INTERVAL ? DAY, IF(? IS NULL, NULL, UTC_TIMESTAMP() - INTERVAL ? DAY))`,
    [(wref[k] = Math.random().toString(16).slice(2, 10).toUpperCase().padEnd(8, 'X')), status, TAG.padEnd(64, 'w'), TAG.padEnd(32, 's').slice(0, 32), createdDays, endedDays, endedDays]);
    const w = await one('SELECT id FROM waitlist WHERE ref = ?', [wref[k]]);
    await q(`INSERT INTO waitlist_persons (waitlist_id, position, last_name, first_names, birth_date) VALUES (?, 1, 'X', 'Y', '1980-01-01')`, [w.id]);
    wl[k] = w.id;
  }
  padmin = await signIn(ACCOUNTS.padmin);
  before0 = await statsNow(padmin);
});
after(closeDb);

test('after the purge nothing personal is older than its limit, and the statistics are the same', async () => {
  const out = purge();
  assert.match(out, /purged: \d+ bookings anonymised/);
  for (const k of ['m34', 'm30', 'm26']) {
    const b = await one('SELECT * FROM bookings WHERE id = ?', [ids[k]]);
    assert.ok(b.anonymised_utc, `${k} anonymised`);
    assert.equal(b.contact_email, null);
    assert.equal(b.contact_phone, null);
    assert.equal(b.home_insee, '74281', 'what the statistics count stays');
    assert.equal(b.status, 'confirmed');
    for (const t of ['booking_persons', 'person_locks', 'otp_codes']) {
      assert.equal(Number((await one(`SELECT COUNT(*) AS n FROM ${t} WHERE booking_id = ?`, [ids[k]])).n), 0, `${k}: ${t}`);
    }
    assert.equal(await one('SELECT id FROM outbox WHERE idem_key = ?', [`${TAG}:${k}`]), undefined, `${k}: its message is past its receipt's retention`);
    assert.equal(Number((await one('SELECT COUNT(*) AS n FROM booking_steps WHERE booking_id = ?', [ids[k]])).n), 0, 'no steps inserted by the test');
  }
  for (const k of ['m20', 'm14']) {
    const b = await one('SELECT * FROM bookings WHERE id = ?', [ids[k]]);
    assert.equal(b.anonymised_utc, null, `${k} kept`);
    assert.equal(b.contact_email, `${TAG}.${k}@example.org`);
    assert.equal(Number((await one('SELECT COUNT(*) AS n FROM booking_persons WHERE booking_id = ?', [ids[k]])).n), 1);
  }
  // No booking past 24 months holds a person anywhere on the platform.
  const stale = await one(`SELECT COUNT(*) AS n FROM booking_persons p JOIN bookings b ON b.id = p.booking_id
                           WHERE b.end_utc < UTC_TIMESTAMP() - INTERVAL 24 MONTH`);
  assert.equal(Number(stale.n), 0);
  // Messages: bodies after 3 months, the whole record after 6.
  assert.equal(await one('SELECT id FROM outbox WHERE idem_key = ?', [`${TAG}:d200`]), undefined);
  const m120 = await one('SELECT body, subject, status FROM outbox WHERE idem_key = ?', [`${TAG}:d120`]);
  assert.deepEqual([m120.body, m120.subject, m120.status], ['', null, 'sent']);
  assert.equal((await one('SELECT body FROM outbox WHERE idem_key = ?', [`${TAG}:d40`])).body, 'Ouvrez ce lien');
  // The audit log after 12 months; expired secrets a day after.
  assert.equal(await one('SELECT id FROM audit_log WHERE entity_id = ?', [`${TAG}400`]), undefined);
  assert.ok(await one('SELECT id FROM audit_log WHERE entity_id = ?', [`${TAG}330`]));
  assert.deepEqual((await q("SELECT key_hash FROM rate_events WHERE bucket = 'test_ret' AND key_hash LIKE ?", [`${TAG}%`])).map((r) => r.key_hash),
    [TAG.padEnd(64, 'c')], 'the expired rate event went, the live one stayed');
  assert.equal(await one('SELECT staff_id FROM staff_sessions WHERE token_hash = ?', [`${TAG}`.padEnd(64, 'd')]), undefined);
  assert.equal(await one('SELECT staff_id FROM staff_tokens WHERE token_hash = ?', [`${TAG}`.padEnd(64, 'e')]), undefined);
  assert.equal(Number((await one('SELECT COUNT(*) AS n FROM otp_codes WHERE expires_utc < UTC_TIMESTAMP() - INTERVAL 1 DAY')).n), 0);
  // ANTS declarations: the number and the link go with the message receipts (6 months), once settled.
  const decl = async (k) => one('SELECT application_id, management_url, status FROM ants_queue WHERE idem_key = ?', [`${TAG}:${k}`]);
  assert.deepEqual(await decl('a200'), { application_id: '', management_url: '', status: 'done' });
  assert.equal((await decl('a40')).application_id, 'RETENT0000');
  assert.equal((await decl('p200')).application_id, 'RETENT0000', 'not yet delivered: kept');
  // The waiting list: ended entries with the message receipts (6 months), unconfirmed ones after a day.
  const wrow = async (k) => one('SELECT status FROM waitlist WHERE id = ?', [wl[k]]);
  assert.equal(await wrow('w200'), undefined, 'an entry ended 200 days ago is gone');
  assert.equal(Number((await one('SELECT COUNT(*) AS n FROM waitlist_persons WHERE waitlist_id = ?', [wl.w200])).n), 0, 'with its people');
  assert.equal(await wrow('wpend'), undefined, 'a code never typed: gone after a day');
  assert.equal((await wrow('w40')).status, 'booked');
  assert.equal((await wrow('wact')).status, 'active', 'a waiting entry stays');
  await q('DELETE FROM waitlist WHERE id IN (?, ?)', [wl.w40, wl.wact]);
  // The same figures.
  assert.deepEqual(await statsNow(padmin), before0, 'the statistics of the period did not change');
});

test('the purge run twice changes nothing more', async () => {
  const snap = async () => q('SELECT id, status, contact_email, anonymised_utc, secret FROM bookings WHERE id IN (?, ?, ?, ?, ?) ORDER BY id', Object.values(ids));
  const s1 = await snap();
  const out = purge();
  assert.match(out, /purged: 0 bookings anonymised/);
  assert.deepEqual(await snap(), s1);
});

test('a purge with a backlog blocks no booking made meanwhile', async () => {
  // 3,000 appointments of 30 months ago, with their persons.
  await q(`INSERT INTO bookings (ref, status, device_id, procedure_id, level, party_size, start_utc, end_utc, channel,
             home_insee, contact_email, lang, secret, created_utc, confirmed_utc)
           SELECT CONCAT('Z', LPAD(HEX(seq + ?), 7, '0')), 'confirmed', ?, 1, 'regular', 1,
                  UTC_TIMESTAMP() - INTERVAL 30 MONTH, UTC_TIMESTAMP() - INTERVAL 30 MONTH + INTERVAL 15 MINUTE, 'web',
                  '74010', CONCAT(?, seq, '@example.org'), 'fr', MD5(RAND()), UTC_TIMESTAMP() - INTERVAL 31 MONTH,
                  UTC_TIMESTAMP() - INTERVAL 31 MONTH
             FROM seq_1_to_3000`, [Math.floor(Math.random() * 200000000), DEV, `${TAG}.bulk`]);
  await q(`INSERT INTO booking_persons (booking_id, position, last_name, first_names, birth_date)
           SELECT id, 1, 'MARTIN', 'Paul', '1975-01-01' FROM bookings WHERE contact_email LIKE ?`, [`${TAG}.bulk%`]);
  const child = spawn(ADMIN, ['purge'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let outText = '';
  child.stdout.on('data', (d) => { outText += d; });
  const done = new Promise((ok) => child.on('exit', (code) => ok(code)));
  // Bookings meanwhile: every one goes through.
  const results = await Promise.all(Array.from({ length: 6 }, async () => {
    const slotId = await freeSlot('CNI', 1);
    return book({ slotId }).then(() => 'ok', (e) => `failed: ${e.message.slice(0, 200)}`);
  }));
  assert.deepEqual(results, Array(6).fill('ok'), 'bookings during the purge');
  assert.equal(await done, 0, 'the purge ended well');
  assert.match(outText, /purged: 3000 bookings anonymised/);
  assert.equal(Number((await one(`SELECT COUNT(*) AS n FROM booking_persons p JOIN bookings b ON b.id = p.booking_id
                                   WHERE b.contact_email LIKE ? OR b.anonymised_utc IS NOT NULL AND b.ref LIKE 'Z%'`, [`${TAG}.bulk%`])).n), 0);
});

test('the privacy page states the durations of the settings', async () => {
  const res = await new Client().get('/donnees-personnelles');
  assert.equal(res.status, 200);
  const t = textOf(res.text);
  const conf = fs.readFileSync(env.CRENEAU_CONF, 'utf8');
  const months = conf.match(/^retention_bookings_months = (\d+)$/m)[1];
  assert.match(t, new RegExp(`Rendez-vous, personnes et contacts : ${months} mois après la date du rendez-vous`));
  assert.match(t, /Texte des messages envoyés \(code, convocation, rappel\) : 3 mois/);
  assert.match(t, /Trace de leur envoi : 6 mois/);
  assert.ok(!/le temps de la démarche puis supprimées/.test(t), 'no vague promise');
});
