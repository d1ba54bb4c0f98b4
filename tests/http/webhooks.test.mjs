// webhooks.test.mjs — signed webhooks (issue #18, section 3) against a
// stand-in receiver (tests/webhooks/receiver.mjs, a real HTTP server on
// loopback started here). The stack's notification worker is set aside;
// the suite runs its own with fast settings (tests/notify/harness.mjs).
//   1. an administrator registers an endpoint on /agent/webhooks (CSRF),
//      the secret shown once; an http:// URL off loopback is refused (422)
//   2. a public booking made and confirmed -> booking.created then
//      booking.confirmed, signed (checked here with node:crypto), the
//      payload's fields and types, no personal data; a move, a check-in and
//      a cancellation -> booking.moved, booking.attendance, booking.cancelled;
//      the endpoint of another commune receives nothing of it
//   3. receiver down -> the deliveries are kept and retried, each delivered
//      once when it is back, in order
//   4. a worker killed (SIGKILL) while the receiver stalls -> delivered again
//      after the lease with the same X-Creneau-Delivery, nothing lost
//   5. the delivery log, a failed delivery sent again, 410 Gone turns the
//      endpoint off, a new secret signs from then on, deleting
//   6. who may see the pages: administrators of the commune only
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WebhookReceiver, verify } from '../webhooks/receiver.mjs';
import * as H from '../notify/harness.mjs';
import { describe as show, person, textOf, uniqueEmail, uniquePhone } from '../lib/client.mjs';
import { bookingByRef, closeDb, freeRuns, freeSlot, one, poll, q } from '../lib/db.mjs';
import { book, postManage } from '../lib/flow.mjs';
import { ACCOUNTS, COMMUNE, DEVICE, FORBIDDEN_RE, freeRunAt, signIn, staffBookOk, staffPost } from '../lib/staff.mjs';

const ANNECY_INSEE = '74010';
const EVENTS = ['booking.created', 'booking.confirmed', 'booking.moved', 'booking.cancelled', 'booking.attendance'];
const ALL_EVENTS = { ev_created: '1', ev_confirmed: '1', ev_moved: '1', ev_cancelled: '1', ev_attendance: '1' };

let bin, dir, confFast, confSlow, saved;
let A, B; // receivers: Annecy's endpoint, Thonon's
let hookA, hookB; // {id, secret}
let cadmin, padmin;
const workers = new Set();

function startWorker(c, name) {
  const w = H.startWorker(bin, c, `webhook-test-${name}`);
  workers.add(w);
  return w;
}
async function stopWorker(w, signal) {
  await H.stopWorker(w, signal);
  workers.delete(w);
}

const secretOf = (html) => (html.match(/<code id="secret">([0-9a-f]{64})<\/code>/) || [])[1];

/** Registers url through the page; returns {id, secret, res}. */
async function register(client, url, fields = {}) {
  const res = await staffPost(client, '/agent/webhooks', { url, description: 'Test', ...ALL_EVENTS, ...fields });
  assert.equal(res.status, 200, show(res));
  const secret = secretOf(res.text);
  assert.ok(secret, 'the secret is shown');
  const row = await one('SELECT * FROM webhooks WHERE url = ? ORDER BY id DESC LIMIT 1', [url]);
  return { id: row.id, secret, res, row };
}

const deliveriesOf = (bookingId, webhookId) => q(
  'SELECT * FROM webhook_deliveries WHERE booking_id = ? AND webhook_id = ? ORDER BY id', [bookingId, webhookId]);
const settled = (bookingId, webhookId, n, what, timeoutMs = 30000) => poll(async () => {
  const r = await deliveriesOf(bookingId, webhookId);
  return r.length === n && r.every((x) => x.status === 'done' || x.status === 'failed') ? r : null;
}, { timeoutMs, intervalMs: 150, what });
/** The requests received for a booking that the receiver answered 200. */
const okFor = (rcv, ref) => rcv.byRef(ref).filter((r) => r.answered === 200);

/** A public booking at Annecy, confirmed. */
async function annecyBooking(persons = [person()], opts = {}) {
  const slotId = await freeSlot('CNI', persons.length, { communeInsee: ANNECY_INSEE, minHours: 30 });
  const email = uniqueEmail('webhook');
  const telephone = uniquePhone();
  const h = await book({ slotId, persons, procedure: 'CNI', email, telephone, canal: 'email', ...opts });
  return { ...h, email, telephone, persons, b: await bookingByRef(h.ref) };
}

describe('signed webhooks', () => {
  before(async () => {
    bin = H.workerBinary();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-test-'));
    const common = { notify_poll_ms: 200, notify_lease_s: 2, webhook_send_timeout_s: 2, webhook_batch: 1,
      webhook_backoff_base_s: 1, notify_backoff_max_s: 2, webhook_max_attempts: 100 };
    confFast = path.join(dir, 'fast.conf');
    H.writeConf(confFast, common);
    // The worker that gets killed waits longer for an answer, so that it is
    // surely still waiting when the kill comes.
    confSlow = path.join(dir, 'slow.conf');
    H.writeConf(confSlow, { ...common, webhook_send_timeout_s: 6 });
    saved = await H.stopStackWorker();
    A = new WebhookReceiver();
    B = new WebhookReceiver();
    await A.start(await H.freePort());
    await B.start(await H.freePort());
    cadmin = await signIn(ACCOUNTS.cadmin);
    padmin = await signIn(ACCOUNTS.padmin);
  });

  after(async () => {
    for (const w of [...workers]) await stopWorker(w);
    await A?.stop();
    await B?.stop();
    // No endpoint left behind: the other suites' bookings would queue events.
    if (hookA) await q('DELETE FROM webhooks WHERE id = ?', [hookA.id]);
    if (hookB) await q('DELETE FROM webhooks WHERE id = ?', [hookB.id]);
    H.restoreStackWorker(saved);
    await closeDb();
  });

  describe('registering an endpoint', () => {
    test('an http:// address off loopback is refused with 422, the form kept', async () => {
      const res = await staffPost(cadmin, '/agent/webhooks', { url: 'http://example.org/hooks', description: 'Refusée', ev_moved: '1' });
      assert.equal(res.status, 422, show(res));
      assert.match(textOf(res.text), /L'adresse doit commencer par https:\/\//);
      assert.match(res.text, /value="http:\/\/example\.org\/hooks"/);
      assert.match(res.text, /value="Refusée"/);
      assert.match(res.text, /id="ev_moved"[^>]*checked/);
      assert.doesNotMatch(res.text, /id="ev_created"[^>]*checked/);
      for (const url of ['http://127.0.0.1.example.org/x', 'https://user:pw@example.org/x', 'ftp://example.org/x'])
        assert.equal((await staffPost(cadmin, '/agent/webhooks', { url, ...ALL_EVENTS })).status, 422, url);
      const none = await staffPost(cadmin, '/agent/webhooks', { url: 'https://example.org/hooks' });
      assert.equal(none.status, 422);
      assert.match(textOf(none.text), /Choisissez au moins un événement/);
      assert.equal((await one('SELECT COUNT(*) AS n FROM webhooks WHERE url LIKE ?', ['%example.org%'])).n, 0);
    });

    test('an address on an internal network is refused with 422 (literal addresses, shorthand included)', async () => {
      for (const url of ['https://10.1.2.3/hooks', 'https://192.168.1.20:8443/h', 'https://169.254.169.254/latest/meta-data',
        'https://[::1]:8443/h', 'https://[fd00::7]/h', 'https://127.0.0.2/h', 'https://2130706433/h', 'https://172.20.0.5/h']) {
        const res = await staffPost(cadmin, '/agent/webhooks', { url, ...ALL_EVENTS });
        assert.equal(res.status, 422, `${url}: ${show(res)}`);
        assert.match(textOf(res.text), /réseau interne/, url);
      }
      assert.equal((await one("SELECT COUNT(*) AS n FROM webhooks WHERE url LIKE 'https://1%' OR url LIKE 'https://[%'")).n, 0);
    });

    test('the secret is shown once, stored sealed, the change audited', async () => {
      hookA = await register(cadmin, A.url);
      assert.equal(hookA.row.commune_id, COMMUNE.annecy);
      assert.deepEqual([].concat(hookA.row.events), EVENTS, 'every event by default');
      assert.equal(hookA.res.headers.get('cache-control'), 'no-store');
      assert.ok(!hookA.row.secret_sealed.includes(hookA.secret), 'not stored in the clear');
      const again = await cadmin.get('/agent/webhooks');
      assert.equal(again.status, 200);
      assert.ok(again.text.includes(A.url));
      assert.ok(!again.text.includes(hookA.secret), 'shown once only');
      const audit = await one("SELECT * FROM audit_log WHERE action = 'webhook_create' AND entity_id = ? ", [String(hookA.id)]);
      assert.ok(audit, 'audited');
      assert.ok(!String(audit.details).includes(hookA.secret));
      // The platform administrator registers Thonon's, choosing the commune.
      const choose = await padmin.get('/agent/webhooks');
      assert.match(choose.text, /\/agent\/webhooks\?commune=2/);
      const res = await staffPost(padmin, '/agent/webhooks', { url: B.url, commune: String(COMMUNE.thonon), ...ALL_EVENTS });
      assert.equal(res.status, 200, show(res));
      const row = await one('SELECT * FROM webhooks WHERE url = ?', [B.url]);
      assert.equal(row.commune_id, COMMUNE.thonon);
      hookB = { id: row.id, secret: secretOf(res.text) };
      assert.ok(hookB.secret);
    });
  });

  describe('events follow the booking', () => {
    let w, h;
    before(() => { w = startWorker(confFast, 'life'); });
    after(async () => { await stopWorker(w); });

    test('a public booking made and confirmed: created, then confirmed, signed, no personal data', async () => {
      h = await annecyBooking([person(), person()]);
      const rows = await settled(h.b.id, hookA.id, 2, 'created and confirmed');
      assert.deepEqual(rows.map((r) => [r.event, r.status, r.attempts, r.http_status]),
        [['booking.created', 'done', 1, 200], ['booking.confirmed', 'done', 1, 200]]);
      const got = okFor(A, h.ref);
      assert.deepEqual(got.map((r) => r.json.type), ['booking.created', 'booking.confirmed'], 'in order');
      const site = await one('SELECT s.id, s.name FROM devices d JOIN sites s ON s.id = d.site_id WHERE d.id = ?', [h.b.device_id]);
      for (const [i, r] of got.entries()) {
        assert.equal(r.method, 'POST');
        assert.equal(r.path, '/hooks');
        assert.equal(r.headers['content-type'], 'application/json');
        assert.equal(r.headers['user-agent'], 'creneau-webhooks');
        assert.equal(r.headers['x-creneau-event'], r.json.type);
        assert.equal(r.headers['x-creneau-delivery'], String(rows[i].id));
        const v = verify(r, hookA.secret);
        assert.ok(v.ok, v.reason);
        assert.ok(!verify(r, hookB.secret).ok, 'another secret does not verify it');
        assert.equal(verify({ ...r, raw: r.raw.replace('"party_size": 2', '"party_size": 3') }, hookA.secret).ok, false,
          'a changed body does not verify');
        const p = r.json;
        assert.deepEqual(Object.keys(p).sort(), ['created', 'data', 'id', 'type']);
        assert.equal(typeof p.id, 'string');
        assert.match(p.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        const d = p.data;
        assert.deepEqual(Object.keys(d).sort(), ['attendance', 'channel', 'device_id', 'end', 'level', 'moved_count',
          'party_size', 'procedure', 'reference', 'site', 'site_id', 'start', 'status'].sort());
        assert.equal(d.reference, h.ref);
        assert.equal(d.status, i === 0 ? 'held' : 'confirmed');
        assert.equal(d.procedure, 'CNI');
        assert.equal(d.site_id, site.id);
        assert.equal(d.site, site.name);
        assert.equal(d.device_id, h.b.device_id);
        assert.equal(d.start, `${h.b.start_utc.replace(' ', 'T')}Z`);
        assert.equal(d.end, `${h.b.end_utc.replace(' ', 'T')}Z`);
        assert.equal(d.party_size, 2);
        assert.equal(d.channel, 'web');
        assert.equal(d.level, 'regular');
        assert.equal(d.attendance, 'none');
        assert.equal(d.moved_count, 0);
        // No personal data.
        for (const x of h.persons)
          for (const s of [x.nom, x.prenoms, x.predemande, x.naissance])
            assert.ok(!r.raw.includes(s), `no ${s} in the payload`);
        for (const s of [h.email, h.telephone, h.telephone.replace(/^0/, '+33')])
          assert.ok(!r.raw.includes(s), `no ${s} in the payload`);
      }
      assert.notEqual(got[0].json.id, got[1].json.id, 'one id per event');
      assert.equal(B.byRef(h.ref).length, 0, "another commune's endpoint receives nothing");
    });

    test('a move, a check-in and a cancellation', async () => {
      const runs = await freeRuns('CNI', 2, { siteId: freeSlot.last.site_id, minHours: 30 });
      const target = runs.find((r) => r.start_utc !== freeSlot.last.start_utc);
      assert.ok(target, 'another free run');
      const mv = await postManage(h.client, h.manageBase, 'deplacer', { creneau: target.id });
      assert.equal(mv.status, 303, `move: ${show(mv)}`);
      let rows = await settled(h.b.id, hookA.id, 3, 'the move');
      assert.equal(rows[2].event, 'booking.moved');
      const moved = okFor(A, h.ref).at(-1).json;
      assert.equal(moved.type, 'booking.moved');
      assert.equal(moved.data.moved_count, 1);
      assert.equal(moved.data.start, `${target.start_utc.replace(' ', 'T')}Z`);
      // The commune's agent checks the person in.
      const agent = await signIn(ACCOUNTS.agentAnnecy);
      const ci = await staffPost(agent, `/agent/rdv/${h.ref}/pointage`, { etape: 'arrived' });
      assert.equal(ci.status, 303, show(ci));
      rows = await settled(h.b.id, hookA.id, 4, 'the check-in');
      assert.equal(rows[3].event, 'booking.attendance');
      assert.equal(okFor(A, h.ref).at(-1).json.data.attendance, 'arrived');
      // A second "arrived" changes nothing: no event.
      await staffPost(agent, `/agent/rdv/${h.ref}/pointage`, { etape: 'arrived' });
      const cancel = await staffPost(agent, `/agent/rdv/${h.ref}/annuler`, {});
      assert.equal(cancel.status, 303, show(cancel));
      rows = await settled(h.b.id, hookA.id, 5, 'the cancellation');
      assert.deepEqual(rows.map((r) => r.event), ['booking.created', 'booking.confirmed', 'booking.moved',
        'booking.attendance', 'booking.cancelled']);
      const last = okFor(A, h.ref).at(-1).json;
      assert.equal(last.type, 'booking.cancelled');
      assert.equal(last.data.status, 'cancelled');
      assert.equal(B.byRef(h.ref).length, 0);
    });

    test("a booking of another commune goes to that commune's endpoint only; updates that change nothing watched emit nothing", async () => {
      const staffThonon = await signIn(ACCOUNTS.agentThonon);
      const slot = await freeRunAt({ deviceIds: [DEVICE.thononDr1, DEVICE.thononDr2], minHours: 30 });
      const r = await staffBookOk(staffThonon, { slotId: slot.id, canal: 'phone', telephone: uniquePhone() });
      const bt = await bookingByRef(r.ref);
      // Booked confirmed at once by staff: created and confirmed together.
      const rows = await settled(bt.id, hookB.id, 2, "Thonon's events");
      assert.deepEqual(rows.map((x) => x.event), ['booking.created', 'booking.confirmed']);
      const got = okFor(B, r.ref);
      assert.equal(got.length, 2);
      assert.ok(verify(got[0], hookB.secret).ok);
      assert.equal(got[0].json.data.channel, 'phone');
      assert.equal(A.byRef(r.ref).length, 0, "Annecy's endpoint receives nothing of Thonon");
      assert.equal((await deliveriesOf(bt.id, hookA.id)).length, 0);
      // A hold extended and an anonymisation-like update (contacts,
      // secret) touch no watched column.
      await q("UPDATE bookings SET contact_phone = NULL, contact_email = NULL, secret = MD5(RANDOM_BYTES(16)) WHERE id = ?", [bt.id]);
      await q('UPDATE bookings SET hold_expires_utc = NULL WHERE id = ?', [bt.id]);
      assert.equal((await deliveriesOf(bt.id, hookB.id)).length, 2);
    });

    test('an endpoint subscribed to some events gets only those', async () => {
      await q("UPDATE webhooks SET events = 'booking.confirmed' WHERE id = ?", [hookB.id]);
      try {
        const staffThonon = await signIn(ACCOUNTS.agentThonon);
        const slot = await freeRunAt({ deviceIds: [DEVICE.thononDr1, DEVICE.thononDr2], minHours: 30 });
        const r = await staffBookOk(staffThonon, { slotId: slot.id, canal: 'phone', telephone: uniquePhone() });
        const bt = await bookingByRef(r.ref);
        const rows = await settled(bt.id, hookB.id, 1, 'the confirmation only');
        assert.equal(rows[0].event, 'booking.confirmed');
      } finally {
        await q('UPDATE webhooks SET events = ? WHERE id = ?', [EVENTS.join(','), hookB.id]);
      }
    });
  });

  test('receiver down: the deliveries are kept, retried, and delivered once when it is back, in order', async () => {
    await A.stop();
    const w = startWorker(confFast, 'down');
    try {
      const h = await annecyBooking();
      const tried = await poll(async () => {
        const r = await deliveriesOf(h.b.id, hookA.id);
        return r.length === 2 && r[0].attempts >= 2 && r[0].status === 'pending' ? r : null;
      }, { timeoutMs: 30000, intervalMs: 150, what: 'two failed attempts' });
      assert.equal(tried[0].http_status, 0);
      assert.match(tried[0].answer, /connect|refused/i);
      assert.equal(tried[1].status, 'pending', 'the confirmation waits behind the creation');
      assert.equal(tried[1].attempts, 0);
      await A.start();
      const rows = await settled(h.b.id, hookA.id, 2, 'delivery once the receiver is back');
      assert.ok(rows.every((r) => r.status === 'done'));
      const got = okFor(A, h.ref);
      assert.deepEqual(got.map((r) => r.json.type), ['booking.created', 'booking.confirmed']);
      for (const r of rows) assert.equal(A.byDelivery(r.id).length, 1, `delivery ${r.id} received once`);
    } finally {
      if (!A.server) await A.start();
      await stopWorker(w);
    }
  });

  test('an endpoint whose address is internal gets nothing: refused at the connect, failed at once with the reason', async () => {
    // Registered on loopback, then pointed (as a name re-pointed by DNS
    // would be) at internal addresses nobody listens on: without the check
    // the worker would try and wait for its timeout.
    const bad = await register(cadmin, `${A.url}?interne`);
    const w = startWorker(confFast, 'internal');
    try {
      // A literal address (refused before any connection), and a name
      // that resolves to loopback, reached over https (loopback is the
      // test receivers' over plain http only): refused at the connect.
      for (const [url, why] of [['https://10.255.255.1:9/hook', /URL names an internal network/],
        ['https://[fd00::1]:9/hook', /URL names an internal network/],
        [`https://localhost:${new URL(A.url).port}/hook`, /(127\.0\.0\.1|::1) is on an internal network/]]) {
        await q('UPDATE webhooks SET url = ? WHERE id = ?', [url, bad.id]);
        const h = await annecyBooking();
        const rows = await settled(h.b.id, bad.id, 2, `deliveries to ${url} settled`);
        for (const r of rows) {
          assert.equal(r.status, 'failed', `${url}: ${r.answer}`);
          assert.equal(r.attempts, 1, 'not retried: an administrator must change the address');
          assert.equal(r.http_status, 0);
          assert.match(r.answer, why);
        }
        assert.ok(rows.every((r) => r.status === 'failed'));
        // The other endpoint of the commune still receives.
        await settled(h.b.id, hookA.id, 2, 'the good endpoint');
      }
    } finally {
      await stopWorker(w);
      await q('DELETE FROM webhook_deliveries WHERE webhook_id = ?', [bad.id]);
      await q('DELETE FROM webhooks WHERE id = ?', [bad.id]);
    }
  });

  test('a worker killed while the receiver stalls: sent again after the lease, same delivery id, nothing lost', async () => {
    A.mode = 'stall';
    const w1 = startWorker(confSlow, 'killed');
    let w2;
    try {
      const h = await annecyBooking();
      const first = await poll(() => A.byRef(h.ref).find((r) => r.answered === 'stalled'),
        { timeoutMs: 20000, intervalMs: 20, what: 'the receiver to get the delivery' });
      await stopWorker(w1, 'SIGKILL');
      A.release();
      A.mode = 'ok';
      const [mid] = await deliveriesOf(h.b.id, hookA.id);
      assert.equal(mid.status, 'sending', 'held by the dead worker');
      w2 = startWorker(confFast, 'after-kill');
      const rows = await settled(h.b.id, hookA.id, 2, 'delivery after the lease ran out', 40000);
      assert.ok(rows.every((r) => r.status === 'done'));
      assert.equal(rows[0].attempts, 2);
      const again = A.byDelivery(rows[0].id);
      assert.equal(again.length, 2, 'the stalled attempt and the one after the lease');
      assert.equal(again[0].headers['x-creneau-delivery'], first.headers['x-creneau-delivery']);
      assert.equal(again[1].raw, first.raw, 'the same body');
      assert.ok(verify(again[1], hookA.secret).ok);
      assert.deepEqual(okFor(A, h.ref).map((r) => r.json.type), ['booking.created', 'booking.confirmed']);
    } finally {
      A.mode = 'ok';
      await stopWorker(w1, 'SIGKILL');
      if (w2) await stopWorker(w2);
    }
  });

  describe('the delivery log and the endpoint\'s life', () => {
    let w;
    before(() => { w = startWorker(confFast, 'log'); });
    after(async () => { await stopWorker(w); });

    test('a refused delivery fails for good, shows in the log, and is sent again on request', async () => {
      A.mode = 'refuse';
      const h = await annecyBooking();
      const rows = await settled(h.b.id, hookA.id, 2, 'two refusals');
      assert.deepEqual(rows.map((r) => [r.status, r.attempts, r.http_status]), [['failed', 1, 400], ['failed', 1, 400]]);
      assert.match(rows[0].answer, /^HTTP 400 /);
      A.mode = 'ok';
      const page = await cadmin.get(`/agent/webhooks/${hookA.id}`);
      assert.equal(page.status, 200);
      const text = textOf(page.text);
      assert.ok(text.includes(h.ref), 'the booking reference');
      assert.ok(page.text.includes('booking.created') && page.text.includes('booking.confirmed'));
      assert.match(text, /échec/);
      assert.match(page.text, new RegExp(`name="livraison" value="${rows[0].id}"`), 'a button to send it again');
      const list = await cadmin.get('/agent/webhooks');
      assert.match(textOf(list.text), /En échec\s*\d+/);
      const res = await staffPost(cadmin, `/agent/webhooks/${hookA.id}/renvoyer`, { livraison: String(rows[0].id) });
      assert.equal(res.status, 303, show(res));
      const [row] = await poll(async () => {
        const r = await deliveriesOf(h.b.id, hookA.id);
        return r[0].status === 'done' ? r : null;
      }, { timeoutMs: 20000, intervalMs: 150, what: 'the delivery sent again' });
      assert.equal(row.http_status, 200);
      assert.equal(A.byDelivery(row.id).filter((r) => r.answered === 200).length, 1);
      assert.ok(await one("SELECT 1 AS x FROM audit_log WHERE action = 'webhook_redeliver' AND entity_id = ?", [String(row.id)]));
      // Not a failed one (done now), or not this endpoint's: 422.
      assert.equal((await staffPost(cadmin, `/agent/webhooks/${hookA.id}/renvoyer`, { livraison: String(row.id) })).status, 422);
      const other = (await deliveriesOf((await q('SELECT booking_id FROM webhook_deliveries WHERE webhook_id = ? LIMIT 1', [hookB.id]))[0].booking_id, hookB.id))[0];
      assert.equal((await staffPost(cadmin, `/agent/webhooks/${hookA.id}/renvoyer`, { livraison: String(other.id) })).status, 422);
    });

    test('410 Gone turns the endpoint off: nothing new is queued; turned on again, what waited goes', async () => {
      A.mode = 'gone';
      const h = await annecyBooking();
      await poll(async () => (await one('SELECT active FROM webhooks WHERE id = ?', [hookA.id])).active === 0,
        { timeoutMs: 20000, intervalMs: 150, what: 'the endpoint turned off' });
      const rows = await deliveriesOf(h.b.id, hookA.id);
      assert.equal(rows[0].status, 'failed');
      assert.equal(rows[0].http_status, 410);
      assert.ok(await one("SELECT 1 AS x FROM audit_log WHERE action = 'webhook_gone' AND entity_id = ?", [String(hookA.id)]));
      const list = await cadmin.get('/agent/webhooks');
      assert.match(textOf(list.text), /désactivé \(HTTP 410 Gone\)/);
      // What was queued before waits (the confirmation, behind the
      // creation that got the 410); nothing new is queued while it is off.
      A.mode = 'ok';
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal((await deliveriesOf(h.b.id, hookA.id))[1].status, 'pending');
      const h2 = await annecyBooking();
      assert.equal((await deliveriesOf(h2.b.id, hookA.id)).length, 0, 'nothing queued for an endpoint turned off');
      const on = await staffPost(cadmin, `/agent/webhooks/${hookA.id}/activer`, {});
      assert.equal(on.status, 303, show(on));
      assert.equal((await one('SELECT disabled_reason FROM webhooks WHERE id = ?', [hookA.id])).disabled_reason, '');
      const after = await settled(h.b.id, hookA.id, 2, 'the waiting delivery once turned on');
      assert.deepEqual(after.map((r) => [r.event, r.status]), [['booking.created', 'failed'], ['booking.confirmed', 'done']]);
      // Turned off by hand, and on again.
      const off = await staffPost(cadmin, `/agent/webhooks/${hookA.id}/desactiver`, {});
      assert.equal(off.status, 303);
      assert.equal((await one('SELECT active FROM webhooks WHERE id = ?', [hookA.id])).active, 0);
      assert.ok(await one("SELECT 1 AS x FROM audit_log WHERE action = 'webhook_disable' AND entity_id = ?", [String(hookA.id)]));
      assert.match(textOf((await cadmin.get('/agent/webhooks')).text), /désactivé/);
      assert.equal((await staffPost(cadmin, `/agent/webhooks/${hookA.id}/activer`, {})).status, 303);
    });

    test('a new secret signs from then on, the old one no more', async () => {
      const res = await staffPost(cadmin, `/agent/webhooks/${hookA.id}/secret`, {});
      assert.equal(res.status, 200, show(res));
      const fresh = secretOf(res.text);
      assert.ok(fresh && fresh !== hookA.secret);
      const h = await annecyBooking();
      await settled(h.b.id, hookA.id, 2, 'deliveries after the rotation');
      for (const r of okFor(A, h.ref)) {
        assert.ok(verify(r, fresh).ok);
        assert.ok(!verify(r, hookA.secret).ok);
      }
      hookA.secret = fresh;
    });
  });

  test("the purge deletes the log past the receipts' retention, never what waits", async () => {
    const old = async (status) => (await q(`INSERT INTO webhook_deliveries (webhook_id, booking_id, event, payload, status,
      next_try_utc, created_utc) VALUES (?, 0, 'booking.created', '{}', ?, UTC_TIMESTAMP() + INTERVAL 1 YEAR,
      UTC_TIMESTAMP() - INTERVAL 7 MONTH)`, [hookA.id, status])).insertId;
    const done = await old('done');
    const failed = await old('failed');
    const waiting = await old('pending');
    const recent = (await q('SELECT id FROM webhook_deliveries WHERE webhook_id = ?', [hookA.id])).length;
    const out = execFileSync(path.join(H.ROOT, process.env.CRENEAU_BUILD || path.basename(path.dirname(path.dirname(bin))), 'bin', 'creneau-admin'),
      ['purge'], { env: { ...process.env, CRENEAU_CONF: H.STACK_CONF }, encoding: 'utf8', timeout: 300000 });
    assert.match(out, /\d+ webhook deliveries/);
    const left = (await q('SELECT id FROM webhook_deliveries WHERE webhook_id = ?', [hookA.id])).map((r) => r.id);
    assert.ok(!left.includes(done) && !left.includes(failed), 'the old settled ones deleted');
    assert.ok(left.includes(waiting), 'a delivery still to send is kept');
    assert.equal(left.length, recent - 2, 'the recent ones kept');
    await q('DELETE FROM webhook_deliveries WHERE id = ?', [waiting]);
  });

  describe('who may see the pages', () => {
    test('agents and partner town halls get 403; another commune\'s administrator too', async () => {
      const agent = await signIn(ACCOUNTS.agentAnnecy);
      const partner = await signIn(ACCOUNTS.partner);
      for (const c of [agent, partner]) {
        for (const p of ['/agent/webhooks', `/agent/webhooks/${hookA.id}`]) {
          const res = await c.get(p);
          assert.equal(res.status, 403, `${p}: ${show(res)}`);
          assert.match(textOf(res.text), FORBIDDEN_RE);
          assert.ok(!res.text.includes(A.url));
        }
        const res = await staffPost(c, `/agent/webhooks/${hookA.id}/desactiver`, {});
        assert.equal(res.status, 403);
      }
      // Annecy's administrator and Thonon's endpoint.
      const log = await cadmin.get(`/agent/webhooks/${hookB.id}`);
      assert.equal(log.status, 403);
      assert.ok(!log.text.includes(B.url));
      assert.ok(!(await cadmin.get('/agent/webhooks')).text.includes(B.url));
      for (const action of ['desactiver', 'secret', 'supprimer'])
        assert.equal((await staffPost(cadmin, `/agent/webhooks/${hookB.id}/${action}`, {})).status, 403, action);
      const row = await one('SELECT active FROM webhooks WHERE id = ?', [hookB.id]);
      assert.equal(row.active, 1, 'unchanged');
      // A commune given in the form is not one's own: refused.
      const forged = await staffPost(cadmin, '/agent/webhooks', { url: 'https://example.net/x', commune: String(COMMUNE.thonon), ...ALL_EVENTS });
      assert.equal(forged.status, 200);
      const made = await one('SELECT commune_id, id FROM webhooks WHERE url = ?', ['https://example.net/x']);
      assert.equal(made.commune_id, COMMUNE.annecy, 'created in its own commune');
      await q('DELETE FROM webhooks WHERE id = ?', [made.id]);
      // The platform administrator naming a commune that does not exist.
      assert.equal((await padmin.get('/agent/webhooks?commune=999999')).status, 404);
      assert.equal((await staffPost(padmin, '/agent/webhooks', { url: 'https://example.net/z', commune: '999999', ...ALL_EVENTS })).status, 404);
      // A POST without the CSRF token is refused.
      const nocsrf = await cadmin.post('/agent/webhooks', { url: 'https://example.net/y', ...ALL_EVENTS });
      assert.equal(nocsrf.status, 403);
      assert.equal((await one('SELECT COUNT(*) AS n FROM webhooks WHERE url = ?', ['https://example.net/y'])).n, 0);
    });

    test('deleting an endpoint takes its log with it', async () => {
      const res = await staffPost(padmin, `/agent/webhooks/${hookB.id}/supprimer`, {});
      assert.equal(res.status, 303, show(res));
      assert.match(res.location, /\/agent\/webhooks\?commune=2$/);
      assert.equal((await q('SELECT id FROM webhooks WHERE id = ?', [hookB.id])).length, 0);
      assert.equal((await q('SELECT id FROM webhook_deliveries WHERE webhook_id = ?', [hookB.id])).length, 0);
      assert.ok(await one("SELECT 1 AS x FROM audit_log WHERE action = 'webhook_delete' AND entity_id = ?", [String(hookB.id)]));
      hookB = null;
    });
  });
});
