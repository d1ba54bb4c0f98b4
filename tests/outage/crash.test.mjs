// crash.test.mjs — a database that survives a crash: MariaDB is killed
// with SIGKILL in the middle of a rush of bookings, then started again.
// Every booking that was answered "confirmed" is there and whole, no slot
// holds more than its capacity, the workers reconnect by themselves, and
// /healthz tells that the database restarted and the workers reconnected.
// In the outage group: it breaks the stack's database (runs alone).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, person } from '../lib/client.mjs';
import { HOLD_RE, MANAGE_RE, postBooking, postCode } from '../lib/flow.mjs';
import { VAR, closeDb, concurrencyDeviceId, freeRuns, latestCode, one, q } from '../lib/db.mjs';
import { pathOf } from '../lib/client.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const stack = (cmd) => execFileSync(path.join(ROOT, 'scripts', 'stack.sh'), [cmd, '--var', VAR], { stdio: 'pipe', timeout: 120000 });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

after(async () => {
  try { stack('db-start'); } catch { /* already up */ }
  await closeDb();
});

/** Retries fn while the database is away (a DB read of the test's own). */
async function patiently(fn, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    try { return await fn(); } catch (e) {
      if (Date.now() > end) throw e;
      await sleep(300);
    }
  }
}

/** One person's booking: hold, code, confirm. Returns the ref when the
 * site answered "confirmed" (303 to the booking's page), else null. */
async function oneBooking(slotId) {
  const client = new Client();
  try {
    const r = await postBooking({ client, slotId, persons: [person()], canal: 'email' });
    if (r.res.status !== 303) return null;
    const m = pathOf(r.res.location).match(HOLD_RE);
    if (!m) return null;
    const h = { client, ref: m[1], holdPath: pathOf(r.res.location) };
    const code = await patiently(() => latestCode(h.ref).then((c) => { if (!c) throw new Error('no code yet'); return c; }), 15000);
    const res = await postCode(h, code);
    return res.status === 303 && MANAGE_RE.test(pathOf(res.location)) ? h.ref : null;
  } catch {
    return null;     // the database was away: not answered "confirmed"
  }
}

test('MariaDB killed mid-rush: every confirmed booking survives whole, nothing overbooked, the workers reconnect', async () => {
  const dev = await concurrencyDeviceId();
  const runs = await freeRuns('CNI', 1, { deviceId: dev, excludeDevices: [], limit: 12 });
  assert.ok(runs.length >= 6, `free slots on the rush device (${runs.length})`);
  const slotIds = runs.map((r) => r.id);
  const confirmed = [];
  let attempts = 0;
  let killed = false;
  const deadline = Date.now() + 25000;
  // Eight people at a time, each on one of the slots, until the kill and
  // the restart are well behind.
  const worker = async (w) => {
    for (let i = 0; Date.now() < deadline && i < 30; i++) {
      attempts++;
      const ref = await oneBooking(slotIds[(w * 7 + i) % slotIds.length]);
      if (ref) confirmed.push(ref);
    }
  };
  const rush = Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
  // The kill, once a few bookings went through.
  while (confirmed.length < 3 && Date.now() < deadline) await sleep(100);
  const pid = Number(fs.readFileSync(path.join(VAR, 'run', 'mysqld.pid'), 'utf8').trim());
  process.kill(pid, 'SIGKILL');
  killed = true;
  const atKill = confirmed.length;
  await sleep(1500);
  stack('db-start');
  await rush;
  assert.ok(killed && atKill >= 3, 'the kill came in the middle of the rush');
  assert.ok(confirmed.length > atKill, `bookings went on after the restart (${atKill} before, ${confirmed.length} in all, ${attempts} tries)`);

  // Every "confirmed" is there, confirmed, with its slot and its person.
  for (const ref of confirmed) {
    const b = await patiently(() => one('SELECT id, status, party_size FROM bookings WHERE ref = ?', [ref]));
    assert.ok(b, `booking ${ref} answered confirmed is in the database`);
    assert.equal(b.status, 'confirmed', ref);
    const slots = await q('SELECT COUNT(*) AS n FROM booking_slots WHERE booking_id = ?', [b.id]);
    assert.ok(Number(slots[0].n) >= 1, `${ref} holds its slot`);
    const persons = await q('SELECT COUNT(*) AS n FROM booking_persons WHERE booking_id = ?', [b.id]);
    assert.equal(Number(persons[0].n), b.party_size, `${ref} has its persons`);
  }
  // Nothing overbooked, and each slot's counter is its bookings.
  const over = await q('SELECT id FROM slots WHERE booked_regular > cap_regular OR booked_urgent > cap_urgent OR booked_extreme > cap_extreme');
  assert.deepEqual(over, [], 'no slot above its capacity');
  const drift = await q(
    `SELECT s.id, s.booked_regular + s.booked_urgent + s.booked_extreme AS booked,
            (SELECT COUNT(*) FROM booking_slots bs JOIN bookings b ON b.id = bs.booking_id
              AND b.status IN ('held', 'confirmed') WHERE bs.slot_id = s.id) AS held
       FROM slots s WHERE s.id IN (${slotIds.map(() => '?').join(',')}) HAVING booked <> held`, slotIds);
  assert.deepEqual(drift, [], 'the counters match the bookings after recovery');

  // The workers reconnected by themselves, and /healthz says what happened.
  let h;
  for (let i = 0; i < 40; i++) {
    h = await fetch(`${process.env.BASE_URL}/healthz`);
    if (h.status === 200) break;
    await sleep(250);
  }
  assert.equal(h.status, 200, 'healthy again');
  const text = await h.text();
  const started = text.match(/^database started: (\S+ \S+) UTC$/m);
  assert.ok(started, text);
  assert.ok(Date.now() - Date.parse(`${started[1].replace(' ', 'T')}Z`) < 120000, `the restart shows: ${text}`);
  assert.match(text, /^this worker: \d+ reconnections/m);
});
