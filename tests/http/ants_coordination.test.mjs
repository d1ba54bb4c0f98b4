// ants_coordination.test.mjs — the client of the ANTS coordination
// (anti-duplicate) API against its stand-in (tests/ants/coordination.mjs),
// which listens where the stack's settings say (ants_api_url: scripts/stack.sh
// --ants-port N). Without that setting the suite is skipped: the feature is off.
//   1. the stand-in: the token, what it answers
//   2. a booking confirmed -> one declaration per number, delivered by the
//      worker with the published parameters; a move -> delete + create; a
//      cancellation -> delete
//   3. ANTS down for the whole booking -> the booking is kept, the
//      declaration delivered once when ANTS is back
//   4. a worker killed after ANTS took a declaration and before it was
//      recorded -> delivered again after the lease, "already exists": done,
//      nothing lost, nothing twice
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AntsStandIn } from '../ants/coordination.mjs';
import * as H from '../notify/harness.mjs';
import { person, pathOf } from '../lib/client.mjs';
import { bookingByRef, closeDb, freeRuns, freeSlot, one, poll, q } from '../lib/db.mjs';
import { book, confirm, hold, postManage } from '../lib/flow.mjs';

const conf = fs.existsSync(H.STACK_CONF) ? fs.readFileSync(H.STACK_CONF, 'utf8') : '';
const urlLine = conf.match(/^ants_api_url\s*=\s*(\S+)/m);
const tokLine = conf.match(/^ants_api_token_file\s*=\s*(\S+)/m);
const SKIP = !urlLine || !tokLine ? 'the stack has no ants_api_url (scripts/stack.sh --ants-port N)' : false;

let ants, bin, saved, dir, confFast, confSlow;
const workers = new Set();

function start(c, name) {
  const w = H.startWorker(bin, c, `ants-test-${name}`);
  workers.add(w);
  return w;
}
async function stop(w, signal) {
  await H.stopWorker(w, signal);
  workers.delete(w);
}

const rowsOf = (bookingId) => q('SELECT * FROM ants_queue WHERE booking_id = ? ORDER BY id', [bookingId]);
const settled = (bookingId, n, what, timeoutMs = 30000) => poll(async () => {
  const r = await rowsOf(bookingId);
  return r.length === n && r.every((x) => x.status === 'done' || x.status === 'failed') ? r : null;
}, { timeoutMs, intervalMs: 200, what });

describe('ANTS coordination API', { skip: SKIP }, () => {
  before(async () => {
    const token = fs.readFileSync(tokLine[1], 'utf8').trim();
    ants = new AntsStandIn(token);
    await ants.start(Number(new URL(urlLine[1]).port));
    bin = H.workerBinary();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ants-test-'));
    const common = { notify_poll_ms: 200, notify_lease_s: 2, ants_send_timeout_s: 2, ants_batch: 1,
      ants_backoff_base_s: 1, notify_backoff_max_s: 2, ants_max_attempts: 100 };
    confFast = path.join(dir, 'fast.conf');
    H.writeConf(confFast, common);
    // The worker that gets killed waits longer for an answer, so that it is
    // surely still waiting when the kill comes.
    confSlow = path.join(dir, 'slow.conf');
    H.writeConf(confSlow, { ...common, ants_send_timeout_s: 6 });
    saved = await H.stopStackWorker();
  });

  after(async () => {
    for (const w of [...workers]) await stop(w);
    await ants?.stop();
    H.restoreStackWorker(saved);
    await closeDb();
  });

  test('the stand-in wants the token and answers the status per number', async () => {
    const u = new URL(urlLine[1]);
    const bad = await fetch(`${u.origin}/api/status?application_ids=ABCDE12345`);
    assert.equal(bad.status, 401);
    ants.statuses.ABCDE12345 = 'consumed';
    const ok = await fetch(`${u.origin}/api/status?application_ids=ABCDE12345&application_ids=ZZZZZ99999`,
      { headers: { 'x-rdv-opt-auth-token': ants.token } });
    assert.deepEqual(await ok.json(), { ABCDE12345: { status: 'consumed', appointments: [] },
      ZZZZZ99999: { status: 'validated', appointments: [] } });
    ants.reset();
  });

  describe('declarations follow the booking', () => {
    let w, h, b, persons, slotId;
    before(() => { w = start(confFast, 'life'); });
    after(async () => { await stop(w); });

    test('a confirmed booking declares each number once, with the published parameters', async () => {
      persons = [person(), person()];
      slotId = await freeSlot('CNI', 2, { minHours: 30 });
      h = await book({ slotId, persons, procedure: 'CNI' });
      b = await bookingByRef(h.ref);
      const rows = await settled(b.id, 2, 'the declarations');
      assert.deepEqual(rows.map((r) => [r.op, r.status, r.application_id]),
        persons.map((p) => ['create', 'done', p.predemande]));
      const site = await one('SELECT s.id, s.name FROM devices d JOIN sites s ON s.id = d.site_id WHERE d.id = ?', [b.device_id]);
      const local = await one("SELECT DATE_FORMAT(CONVERT_TZ(?, '+00:00', 'Europe/Paris'), '%Y-%m-%d %H:%i:%s') AS d", [b.start_utc]);
      for (const p of persons) {
        const calls = ants.calls('POST', p.predemande);
        assert.equal(calls.length, 1, 'one call per number');
        const c = calls[0];
        assert.ok(c.token_ok);
        assert.equal(c.path, '/api/appointments');
        assert.equal(c.params.meeting_point_id, String(site.id));
        assert.equal(c.params.meeting_point, site.name);
        if (local?.d) assert.equal(c.params.appointment_date, local.d);
        assert.match(c.params.appointment_date, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
        assert.match(c.params.management_url, new RegExp(`/rdv/${h.ref}\\?t=[0-9a-f]+$`));
      }
    });

    test('a move withdraws the old appointment and declares the new one', async () => {
      const runs = await freeRuns('CNI', 2, { siteId: freeSlot.last.site_id, minHours: 30 });
      const target = runs.find((r) => r.id !== slotId && r.start_utc !== freeSlot.last.start_utc);
      assert.ok(target, 'another free run');
      const res = await postManage(h.client, h.manageBase, 'deplacer', { creneau: target.id });
      assert.equal(res.status, 303, `move: ${res.status}`);
      const rows = await settled(b.id, 6, 'the move declarations');
      assert.deepEqual(rows.slice(2).map((r) => r.op).sort(), ['create', 'create', 'delete', 'delete']);
      for (const p of persons) {
        const del = ants.calls('DELETE', p.predemande);
        assert.equal(del.length, 1);
        assert.equal(del[0].deleted, 1, 'the old appointment was the one ANTS had');
        const mine = [...ants.appointments.values()].filter((a) => a.application_id === p.predemande);
        assert.equal(mine.length, 1, 'ANTS holds the new appointment only');
        assert.notEqual(mine[0].appointment_date, ants.calls('POST', p.predemande)[0].params.appointment_date);
      }
    });

    test('a cancellation withdraws it', async () => {
      const res = await postManage(h.client, h.manageBase, 'annuler');
      assert.equal(res.status, 303, `cancel: ${res.status}`);
      await settled(b.id, 8, 'the cancellation declarations');
      for (const p of persons)
        assert.equal([...ants.appointments.values()].filter((a) => a.application_id === p.predemande).length, 0);
    });

    test('a booking without numbers queues nothing', async () => {
      const p = person();
      p.predemande = '';
      const x = await book({ slotId: await freeSlot('CNI', 1, { minHours: 30 }), persons: [p] });
      const bb = await bookingByRef(x.ref);
      assert.equal((await rowsOf(bb.id)).length, 0);
    });
  });

  test('ANTS down for the whole booking: the booking is kept, declared once when ANTS is back', async () => {
    ants.mode = 'fail';
    const w = start(confFast, 'down');
    try {
      const p = person();
      const h = await hold({ slotId: await freeSlot('CNI', 1, { minHours: 30 }), persons: [p] });
      const c = await confirm(h);
      assert.match(pathOf(c.managePath), /^\/rdv\//);
      const b = await bookingByRef(h.ref);
      assert.equal(b.status, 'confirmed');
      const tried = await poll(async () => {
        const r = await rowsOf(b.id);
        return r.length === 1 && r[0].attempts >= 2 && r[0].status !== 'sending' ? r[0] : null;
      }, { timeoutMs: 30000, intervalMs: 200, what: 'two failed attempts' });
      assert.equal(tried.status, 'pending');
      assert.match(tried.answer, /HTTP 503/);
      assert.equal(ants.calls('POST', p.predemande).every((x) => x.answered === 503), true);
      ants.mode = 'ok';
      const [row] = await settled(b.id, 1, 'the declaration once ANTS is back');
      assert.equal(row.status, 'done');
      const created = ants.calls('POST', p.predemande).filter((x) => x.created);
      assert.equal(created.length, 1, 'declared once');
    } finally {
      ants.mode = 'ok';
      await stop(w);
    }
  });

  test('a worker killed after ANTS took the declaration: nothing lost, nothing twice', async () => {
    const p = person();
    ants.mode = 'accept_stall';
    const w1 = start(confSlow, 'killed');
    let w2;
    try {
      const h = await book({ slotId: await freeSlot('CNI', 1, { minHours: 30 }), persons: [p] });
      const b = await bookingByRef(h.ref);
      await poll(() => ants.calls('POST', p.predemande).find((x) => x.answered === 'stalled'),
        { timeoutMs: 20000, intervalMs: 20, what: 'ANTS to take the declaration' });
      await stop(w1, 'SIGKILL');
      ants.mode = 'ok';
      const [mid] = await rowsOf(b.id);
      assert.equal(mid.status, 'sending', 'held by the dead worker');
      w2 = start(confFast, 'after-kill');
      const [row] = await settled(b.id, 1, 'delivery after the lease ran out', 40000);
      assert.equal(row.status, 'done');
      assert.equal(row.attempts, 2);
      assert.match(row.answer, /already exists/i);
      const calls = ants.calls('POST', p.predemande);
      assert.equal(calls.filter((x) => x.created).length, 1, 'stored once by ANTS');
      assert.equal(calls.filter((x) => x.duplicate).length, 1, 'the repeat recognised');
      assert.equal([...ants.appointments.values()].filter((a) => a.application_id === p.predemande).length, 1);
    } finally {
      ants.mode = 'ok';
      await stop(w1, 'SIGKILL');
      if (w2) await stop(w2);
    }
  });
});
