// concurrency.test.mjs — 200 people race for the last 5 places: exactly 5
// win, the others get 409, nobody gets a 5xx, and no slot is overbooked.
// Uses the device reserved for this test (lib/db.mjs: Annemasse DR 2),
// on a day far in the future, and restores the capacities afterwards.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, bookingFields, describe as show, pathOf, person, textOf, uniqueEmail } from '../lib/client.mjs';
import { clearRateLimits, closeDb, concurrencyDeviceId, freeRuns, q } from '../lib/db.mjs';
import { HOLD_RE } from '../lib/flow.mjs';

const ATTEMPTS = 200;
const PLACES = 5;

let saved = [];

before(async () => { await clearRateLimits(); });

after(async () => {
  for (const s of saved) {
    await q('UPDATE slots SET cap_regular = GREATEST(?, booked_regular) WHERE id = ?', [s.cap_regular, s.id]);
  }
  await closeDb();
});

test(`${ATTEMPTS} simultaneous requests for the last ${PLACES} places`, { timeout: 120000 }, async () => {
  const device = await concurrencyDeviceId();
  assert.ok(device, 'the concurrency device exists');
  const runs = await freeRuns('CNI', 1, { deviceId: device, excludeDevices: [], minHours: 48 });
  // The latest day with enough free slots (far from the other tests' picks).
  const byDay = new Map();
  for (const r of runs) {
    const day = r.start_utc.slice(0, 10);
    if (!byDay.has(day)) byDay.set(day, []);
    byDay.get(day).push(r);
  }
  const days = [...byDay.keys()].filter((d) => byDay.get(d).length >= PLACES).sort();
  assert.ok(days.length, 'a day with 5 free slots on the device');
  const day = days[days.length - 1];
  const chosen = byDay.get(day).slice(0, PLACES).map((r) => r.id);

  // Exactly one free regular place on each chosen slot, none elsewhere on that day.
  saved = await q('SELECT id, cap_regular, booked_regular FROM slots WHERE device_id = ? AND DATE(start_utc) = ?', [device, day]);
  await q(`UPDATE slots SET cap_regular = booked_regular WHERE device_id = ? AND DATE(start_utc) = ? AND id NOT IN (${chosen.join(',')})`, [device, day]);
  await q(`UPDATE slots SET cap_regular = booked_regular + 1 WHERE id IN (${chosen.join(',')})`);
  const free = await q('SELECT SUM(cap_regular - booked_regular) AS n FROM slots WHERE device_id = ? AND DATE(start_utc) = ?', [device, day]);
  assert.equal(free[0].n, PLACES);

  // Everyone gets a cookie and a token first.
  const people = [];
  for (let i = 0; i < ATTEMPTS; i += 25) {
    const batch = await Promise.all(Array.from({ length: Math.min(25, ATTEMPTS - i) }, async (_, j) => {
      const client = new Client();
      const csrf = await client.csrf();
      const fields = bookingFields({ slotId: chosen[(i + j) % PLACES], persons: [person()], email: uniqueEmail('race'), canal: 'email' });
      return { client, csrf, fields };
    }));
    people.push(...batch);
  }

  const results = await Promise.all(people.map((p) => p.client.post('/reserver', { csrf: p.csrf, ...p.fields })));
  const count = {};
  for (const r of results) count[r.status] = (count[r.status] || 0) + 1;
  const errors = results.filter((r) => r.status >= 500);
  assert.equal(errors.length, 0, `no 5xx: ${JSON.stringify(count)} ${errors[0] ? show(errors[0]) : ''}`);
  assert.equal(count[303] || 0, PLACES, `exactly ${PLACES} holds: ${JSON.stringify(count)}`);
  assert.equal(count[409] || 0, ATTEMPTS - PLACES, `the others get 409: ${JSON.stringify(count)}`);

  const refs = results.filter((r) => r.status === 303).map((r) => pathOf(r.location).match(HOLD_RE)[1]);
  assert.equal(new Set(refs).size, PLACES);
  const rows = await q(`SELECT id, cap_regular, booked_regular FROM slots WHERE id IN (${chosen.join(',')})`);
  for (const s of rows) assert.equal(s.booked_regular, s.cap_regular, `slot ${s.id} full, not overbooked`);
  const over = await q('SELECT COUNT(*) AS n FROM slots WHERE booked_regular > cap_regular OR booked_urgent > cap_urgent OR booked_extreme > cap_extreme');
  assert.equal(over[0].n, 0, 'no slot overbooked anywhere');
  const held = await q(`SELECT COUNT(*) AS n FROM bookings b JOIN booking_slots bs ON bs.booking_id = b.id
                         WHERE bs.slot_id IN (${chosen.join(',')}) AND b.status = 'held'`);
  assert.equal(held[0].n, PLACES, 'one held booking per place');
  const losers = results.find((r) => r.status === 409);
  assert.match(textOf(losers.text), /vient d'être réservé/);

  // Let the worker release the holds.
  await q(`UPDATE bookings SET hold_expires_utc = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE ref IN (${refs.map(() => '?').join(',')})`, refs);
});
