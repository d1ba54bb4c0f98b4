// voice.test.mjs — the voice server (creneau-voice) driven by a scripted
// Asterisk (tests/voice/peer.mjs) over FastAGI: documents, booking with the
// SMS code, the reference heard, cancel by reference typed on the keypad,
// 0 for an agent, invalid keys, silence, hang-ups (no hold left behind),
// and 50 simultaneous calls for the same earliest times (no overbooking).
// The test starts its own creneau-voice on the stack's settings.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { uniquePhone } from '../lib/client.mjs';
import { clearRateLimits, closeDb, one, q } from '../lib/db.mjs';
import { call } from '../voice/peer.mjs';

const CONF = process.env.CRENEAU_CONF;
// The prompts of the stack's build (its settings say where), and by
// default that build's program (the sanitizer build under tests/run.sh).
const SOUNDS = (fs.readFileSync(CONF, 'utf8').match(/^voice_sounds_dir = (.*)$/m) || [])[1];
const BUILD = process.env.CRENEAU_BUILD ? path.resolve(process.env.CRENEAU_BUILD) : path.dirname(SOUNDS);
const PORT = 20000 + Math.floor(Math.random() * 20000);
let server;

before(async () => {
  await clearRateLimits();
  server = spawn(path.join(BUILD, 'bin', 'creneau-voice'), ['--port', String(PORT)], {
    env: { ...process.env, CRENEAU_CONF: CONF }, stdio: ['ignore', 'inherit', 'inherit'],
  });
  // Listening once a connection is accepted.
  const net = await import('node:net');
  for (let i = 0; i < 50; i++) {
    const ok = await new Promise((res) => {
      const s = net.connect(PORT, '127.0.0.1', () => { s.destroy(); res(true); });
      s.on('error', () => res(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('creneau-voice did not start');
});

after(async () => {
  if (server) server.kill('SIGTERM');
  await closeDb();
});

const e164 = (p) => '+33' + p.slice(1);
const KEYS = '22233344455566677778889999';
const keypad = (ref) => [...ref].map((c) => (/\d/.test(c) ? c : KEYS[c.charCodeAt(0) - 65])).join('');

function birth(i) {
  const d = 1 + (i % 28), m = 1 + (Math.floor(i / 28) % 12), y = 1950 + (i % 50);
  return `${String(d).padStart(2, '0')}${String(m).padStart(2, '0')}${y}`;
}

async function codeFor(phone, kind = 'code') {
  const row = await one(`SELECT o.body FROM outbox o JOIN bookings b ON b.id = o.booking_id
    WHERE b.contact_phone = ? AND o.kind = ? ORDER BY o.id DESC LIMIT 1`, [e164(phone), kind]);
  const m = row && String(row.body).match(/(?<!\d)(\d{6})(?!\d)/);
  return m ? m[1] : '999999';
}

/** The reference as spoken: the letters and digits after "your-ref". */
function heardRef(peer) {
  const i = peer.played.indexOf('your-ref');
  const j = peer.played.indexOf('ref-again');
  assert.ok(i >= 0 && j > i, 'the reference is spelt out');
  return peer.played.slice(i + 1, j).map((f) => (f.startsWith('l-') ? f.slice(2).toUpperCase() : f.slice(2))).join('');
}

/** A caller who books the first time offered for party people, answering
 * by what it last heard (so that "taken" then new offers work too). */
function booker(phone, births) {
  let person = 0;
  const answer = async (peer) => {
    const last = peer.played[peer.played.length - 1];
    if (last === 'menu-main') return peer.booked ? 'hangup' : '2';
    if (last === 'n-8') return '1';                        // the procedures: CNI
    if (last === 'n-5') return String(births.length);      // "1 to 5" people
    if (last === 'postcode') return { keys: '74000' };
    if (last === 'choose-time' || last === 'choose-time-last') return '1';
    if (last === 'birth') return { keys: births[person++] };
    if (last === 'code-sent') return { keys: await codeFor(phone) };
    return 'hangup';
  };
  return Array.from({ length: 40 }, () => async (peer) => {
    const a = await answer(peer);
    if (peer.played.includes('confirmed')) peer.booked = true;
    return a;
  });
}

test('documents to bring: heard for the procedure chosen', async () => {
  const p = await call({ port: PORT, inputs: ['1', '1'] });
  assert.deepEqual(p.protocolErrors, []);
  assert.equal(p.commands[0], 'ANSWER');
  const i = p.played.indexOf('documents-intro');
  assert.ok(i > 0, p.played.join(' '));
  const docs = p.played[i + 1];
  assert.match(docs, /^fr-[0-9a-f]{24}$/);
  assert.ok(fs.existsSync(path.join(SOUNDS, 'cache', docs + '.wav')), 'the documents were spoken to a file');
  assert.ok(fs.existsSync(path.join(SOUNDS, 'fr', 'welcome.wav')), 'prompts made at build time');
});

test('0 reaches an agent: the transfer variable is set, from the main menu and from inside a step', async () => {
  const p = await call({ port: PORT, inputs: ['0'] });
  assert.equal(p.vars.CRENEAU_TRANSFER, 'agents');
  assert.ok(p.played.includes('transfer'));
  assert.ok(!p.commands.includes('HANGUP'), 'a transfer leaves the channel to the dialplan');
  const p2 = await call({ port: PORT, inputs: ['2', '1', '1', { keys: '0' }] });   // "0" alone at the postcode
  assert.equal(p2.vars.CRENEAU_TRANSFER, 'agents');
  const p3 = await call({ port: PORT, inputs: [{ barge: '0' }] });                 // during the welcome
  assert.equal(p3.vars.CRENEAU_TRANSFER, 'agents');
});

test('invalid keys and silence: said so, then an agent after three', async () => {
  const p = await call({ port: PORT, inputs: ['7', '8', '#'] });
  assert.equal(p.played.filter((f) => f === 'invalid').length, 3);
  assert.equal(p.vars.CRENEAU_TRANSFER, 'agents');
  const t = await call({ port: PORT, inputs: [{ timeout: true }, { timeout: true }, { timeout: true }] });
  assert.equal(t.played.filter((f) => f === 'no-input').length, 3);
  assert.equal(t.vars.CRENEAU_TRANSFER, 'agents');
  const pc = await call({ port: PORT, inputs: ['2', '1', '1', { keys: '123', timeout: true }, { keys: '99999' }, 'hangup'] });
  assert.ok(pc.played.includes('invalid'), 'a postcode of 3 digits is refused');
  assert.ok(pc.played.includes('postcode-unknown'), 'an unknown postcode is said so');
});

test('a booking by phone: the code by SMS, confirmed, channel voice, the reference spelt out; then cancelled by the reference on the keypad', async () => {
  const phone = uniquePhone();
  const p = await call({ port: PORT, callerid: phone, inputs: booker(phone, [birth(1000 + Math.floor(Math.random() * 300))]) });
  assert.deepEqual(p.protocolErrors, []);
  assert.ok(p.played.includes('confirmed'), p.played.slice(-20).join(' '));
  const ref = heardRef(p);
  assert.match(ref, /^[A-Z0-9]{8}$/);
  const b = await one('SELECT * FROM bookings WHERE ref = ?', [ref]);
  assert.equal(b.status, 'confirmed');
  assert.equal(b.channel, 'voice');
  assert.equal(b.contact_phone, e164(phone));
  const persons = await q('SELECT * FROM booking_persons WHERE booking_id = ?', [b.id]).catch(() => []);
  if (persons.length) assert.equal(persons[0].last_name, 'À COMPLÉTER');
  // The date and time were said the French way: "le <jour> <n> <mois> à <h> heures".
  const i = p.played.indexOf('confirmed');
  assert.equal(p.played[i + 1], 'the');
  assert.match(p.played[i + 2], /^day-[1-7]$/);
  assert.match(p.played[i + 4], /^month-\d+$/);

  // The same person again from the same number: the duplicate rule.
  const d = await call({ port: PORT, callerid: phone, inputs: booker(phone, [birthOf(b, persons)]) });
  if (persons.length) assert.ok(d.played.includes('duplicate'), d.played.slice(-10).join(' '));

  // Cancel: the reference typed as keypad keys, # for the calling number,
  // the code sent by SMS. Past the commune's limit it is refused (an agent
  // then), within it done.
  const commune = await one(`SELECT c.id, c.cancel_limit_hours FROM bookings b JOIN devices d ON d.id = b.device_id
    JOIN sites s ON s.id = d.site_id JOIN communes c ON c.id = s.commune_id WHERE b.id = ?`, [b.id]);
  const cancel = () => call({ port: PORT, callerid: phone, inputs: ['3', { keys: keypad(ref) }, { keys: '' },
    async () => ({ keys: await codeFor(phone) }), '2', '1'] });
  try {
    await q('UPDATE communes SET cancel_limit_hours = 2000 WHERE id = ?', [commune.id]);
    const late = await cancel();
    assert.ok(late.played.includes('too-late'), late.played.slice(-10).join(' '));
    assert.equal(late.vars.CRENEAU_TRANSFER, 'agents');
    assert.equal((await one('SELECT status FROM bookings WHERE ref = ?', [ref])).status, 'confirmed');
    await clearRateLimits();
    await q('UPDATE communes SET cancel_limit_hours = 0 WHERE id = ?', [commune.id]);
    const c = await cancel();
    assert.ok(c.played.includes('appointment-is'), c.played.join(' '));
    assert.ok(c.played.includes('cancelled'), c.played.slice(-25).join(' '));
  } finally {
    await q('UPDATE communes SET cancel_limit_hours = ? WHERE id = ?', [commune.cancel_limit_hours, commune.id]);
  }
  assert.equal((await one('SELECT status FROM bookings WHERE ref = ?', [ref])).status, 'cancelled');
  const msg = await one(`SELECT COUNT(*) AS n FROM outbox o JOIN bookings b ON b.id = o.booking_id
    WHERE b.ref = ? AND o.kind = 'cancelled'`, [ref]);
  assert.ok(msg.n >= 1, 'the person is told by SMS');
  // A wrong reference: nothing opens, no code sent.
  const w = await call({ port: PORT, callerid: phone, inputs: ['3', { keys: '22222222' }, { keys: '' }, { keys: '123456' }, { keys: '123456' }, { keys: '123456' }] });
  assert.ok(w.played.includes('manage-not-found'));
  assert.ok(!w.played.includes('appointment-is'));
});

function birthOf(b, persons) {
  if (!persons.length) return birth(1);
  const [y, m, d] = String(persons[0].birth_date).slice(0, 10).split('-');
  return `${d}${m}${y}`;
}

test('hang-up while the code is awaited: the hold is freed at once', async () => {
  const phone = uniquePhone();
  const inputs = booker(phone, [birth(1500 + Math.floor(Math.random() * 300))]);
  // Hang up instead of typing the code.
  const p = await call({ port: PORT, callerid: phone, inputs: inputs.map((f) => async (peer) => {
    const last = peer.played[peer.played.length - 1];
    return last === 'code-sent' ? 'hangup' : f(peer);
  }) });
  assert.ok(p.played.includes('code-sent'));
  const b = await one('SELECT * FROM bookings WHERE contact_phone = ? ORDER BY id DESC LIMIT 1', [e164(phone)]);
  assert.ok(b, 'a hold was made');
  assert.notEqual(b.status, 'held', 'the hold did not outlive the call');
  const locks = await one('SELECT COUNT(*) AS n FROM person_locks WHERE booking_id = ?', [b.id]);
  assert.equal(locks.n, 0, 'the identities are free');
  const taken = await one('SELECT COUNT(*) AS n FROM booking_slots WHERE booking_id = ?', [b.id]).catch(() => ({ n: 0 }));
  void taken;
});

test('50 simultaneous calls for the same earliest times: no slot overbooked, every confirmed booking whole, no hold left', { timeout: 240000 }, async () => {
  const N = 50;
  const phones = Array.from({ length: N }, () => uniquePhone());
  const base = 2000 + Math.floor(Math.random() * 500);
  const peers = await Promise.all(phones.map((ph, i) => call({ port: PORT, callerid: ph, timeoutMs: 200000,
    inputs: booker(ph, [birth(base + i)]) })));
  for (const p of peers) assert.deepEqual(p.protocolErrors, []);
  const confirmed = peers.filter((p) => p.played.includes('confirmed'));
  assert.ok(confirmed.length >= 1, 'some calls booked');
  const taken = peers.filter((p) => p.played.includes('taken')).length;
  const rows = await q(`SELECT b.id, b.status, b.party_size, COUNT(bs.slot_id) AS nslots FROM bookings b
    LEFT JOIN booking_slots bs ON bs.booking_id = b.id WHERE b.contact_phone IN (?) GROUP BY b.id`, [phones.map(e164)]);
  assert.equal(rows.filter((r) => r.status === 'held').length, 0, 'no hold left behind');
  assert.equal(rows.filter((r) => r.status === 'confirmed').length, confirmed.length);
  for (const r of rows.filter((x) => x.status === 'confirmed')) assert.ok(r.nslots >= 1, 'a confirmed booking has its slots');
  const over = await one(`SELECT COUNT(*) AS n FROM slots WHERE (booked_regular > cap_regular OR booked_urgent > cap_urgent)
    AND id IN (SELECT bs.slot_id FROM booking_slots bs JOIN bookings b ON b.id = bs.booking_id WHERE b.contact_phone IN (?))`,
  [phones.map(e164)]);
  assert.equal(over.n, 0, 'no slot overbooked');
  // The counters are the bookings: each slot's booked places match the active bookings holding it.
  const bad = await one(`SELECT COUNT(*) AS n FROM (SELECT s.id, s.booked_regular,
      (SELECT COALESCE(SUM(b.party_size), 0) FROM booking_slots bs JOIN bookings b ON b.id = bs.booking_id
        WHERE bs.slot_id = s.id AND b.status IN ('held','confirmed') AND b.level = 'regular') AS held
      FROM slots s WHERE s.id IN (SELECT bs.slot_id FROM booking_slots bs JOIN bookings b ON b.id = bs.booking_id
        WHERE b.contact_phone IN (?))) x WHERE x.booked_regular < x.held`, [phones.map(e164)]);
  assert.equal(bad.n, 0, 'no slot holds more bookings than its counter says');
  console.log(`# voice race: ${confirmed.length} booked, ${taken} heard "taken"`);
});

test('move by phone: another time chosen among the offers, the old one freed, the person told', async () => {
  const phone = uniquePhone();
  const p = await call({ port: PORT, callerid: phone, inputs: booker(phone, [birth(1800 + Math.floor(Math.random() * 200))]) });
  const ref = heardRef(p);
  const before = await one('SELECT * FROM bookings WHERE ref = ?', [ref]);
  const oldSlots = await q('SELECT slot_id FROM booking_slots WHERE booking_id = ?', [before.id]);
  const commune = await one(`SELECT c.id, c.cancel_limit_hours FROM bookings b JOIN devices d ON d.id = b.device_id
    JOIN sites s ON s.id = d.site_id JOIN communes c ON c.id = s.commune_id WHERE b.id = ?`, [before.id]);
  try {
    await q('UPDATE communes SET cancel_limit_hours = 0 WHERE id = ?', [commune.id]);
    const m = await call({ port: PORT, callerid: phone, inputs: ['3', { keys: keypad(ref) }, { keys: phone },
      async () => ({ keys: await codeFor(phone) }), '3', '2'] });
    assert.ok(m.played.includes('moved'), m.played.slice(-25).join(' '));
  } finally {
    await q('UPDATE communes SET cancel_limit_hours = ? WHERE id = ?', [commune.cancel_limit_hours, commune.id]);
  }
  const afterMove = await one('SELECT * FROM bookings WHERE ref = ?', [ref]);
  assert.equal(afterMove.status, 'confirmed');
  assert.notEqual(afterMove.start_utc + afterMove.device_id, before.start_utc + before.device_id, 'another time or place');
  assert.equal(afterMove.moved_count, before.moved_count + 1);
  const nowSlots = await q('SELECT slot_id FROM booking_slots WHERE booking_id = ?', [before.id]);
  assert.notDeepEqual(nowSlots, oldSlots);
  const msg = await one(`SELECT COUNT(*) AS n FROM outbox WHERE booking_id = ? AND kind = 'moved'`, [before.id]);
  assert.ok(msg.n >= 1, 'the person is told');
});
