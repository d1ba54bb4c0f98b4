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
import { person, pathOf, textOf } from '../lib/client.mjs';
import { signIn, staffBook, staffPost, ACCOUNTS, COMMUNE } from '../lib/staff.mjs';
import { bookingByRef, closeDb, freeRuns, freeSlot, one, poll, q } from '../lib/db.mjs';
import { book, confirm, hold, postBooking, postManage } from '../lib/flow.mjs';

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
      // ANTS did not answer the check at booking either: the booking was
      // taken (the commune's default) and the number is checked first.
      assert.equal(tried.recheck, 1, 'checked again before it is declared');
      assert.match(tried.answer, /status check: no answer/);
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

  describe('the numbers checked at booking (GET /api/status)', () => {
    const ANNECY_INSEE = '74010';
    let w, agent, cadmin;
    before(async () => {
      w = start(confFast, 'check');
      agent = await signIn(ACCOUNTS.agentAnnecy);
      cadmin = await signIn(ACCOUNTS.cadmin);
    });
    after(async () => {
      ants.reset();
      await q("UPDATE communes SET ants_on_error = 'accept' WHERE id = ?", [COMMUNE.annecy]);
      await stop(w);
    });
    const slot = () => freeSlot('CNI', 1, { minHours: 30, communeInsee: ANNECY_INSEE });

    test('a used, expired or unknown number is refused on the form, the values kept', async () => {
      for (const [st, words] of [['consumed', /déjà servi pour un dossier déposé/], ['expired', /a expiré/],
        ['unknown', /ne connaît pas ce numéro/]]) {
        const p = person();
        ants.statuses[p.predemande] = st;
        const r = await postBooking({ slotId: await slot(), persons: [p] });
        assert.equal(r.res.status, 422, `${st}: ${r.res.status}`);
        assert.match(textOf(r.res.text), words);
        assert.ok(r.res.text.includes(`value="${p.nom}"`), `${st}: the name kept`);
        assert.ok(r.res.text.includes(p.predemande), `${st}: the number kept`);
        assert.ok(ants.requests.some((x) => x.path === '/api/status' && x.ids.includes(p.predemande) && x.token_ok));
        const n = await one('SELECT COUNT(*) AS n FROM booking_persons WHERE predemande = ?', [p.predemande]);
        assert.equal(Number(n.n), 0, `${st}: nothing booked`);
      }
    });

    test('a number with an appointment elsewhere: the message says where and when', async () => {
      const p = person();
      ants.statuses[p.predemande] = { status: 'declared', appointments: [{ meeting_point: 'Mairie de Lyon 3e',
        appointment_date: '2027-03-02 10:30:00', management_url: 'https://autre-editeur.example/rdv/42' }] };
      const r = await postBooking({ slotId: await slot(), persons: [p] });
      assert.equal(r.res.status, 422);
      const t = textOf(r.res.text);
      assert.match(t, /Mairie de Lyon 3e/);
      assert.match(t, /2027 à 10:30/);
      assert.match(t, /https:\/\/autre-editeur\.example\/rdv\/42/);
    });

    test('staff and partner forms check the numbers too', async () => {
      const p = person();
      ants.statuses[p.predemande] = 'expired';
      const r = await staffBook(agent, { slotId: await slot(), persons: [p] });
      assert.equal(r.res.status, 422, `staff: ${r.res.status}`);
      assert.match(textOf(r.res.text), /a expiré/);
      const ok = person();
      const r2 = await staffBook(agent, { slotId: await slot(), persons: [ok] });
      assert.equal(r2.res.status, 303, 'a validated number is booked');
    });

    test('ANTS silent, the commune accepts: booked, checked again before the declaration', async () => {
      ants.mode = 'fail';
      ants.onlyPaths = ['/api/status'];
      const p = person();
      const h = await book({ slotId: await slot(), persons: [p] });
      const bp = await one('SELECT bp.ants_recheck FROM booking_persons bp JOIN bookings b ON b.id = bp.booking_id WHERE b.ref = ?', [h.ref]);
      assert.equal(bp.ants_recheck, 1, 'the choice is recorded');
      const b = await bookingByRef(h.ref);
      // Meanwhile the number was used elsewhere: it is not declared.
      ants.reset();
      ants.statuses[p.predemande] = 'consumed';
      const [row] = await settled(b.id, 1, 'the checked declaration');
      assert.equal(row.status, 'failed');
      assert.equal(row.recheck, 1);
      assert.match(row.answer, /status check: consumed/);
      assert.equal(ants.calls('POST', p.predemande).length, 0, 'never declared');
      // The agent sees it, and sends it again once the number is right.
      const page = await agent.get(`/agent/rdv/${h.ref}`);
      assert.equal(page.status, 200);
      const t = textOf(page.text);
      assert.match(t, /Déclarations à l'ANTS/);
      assert.match(t, /échec — status check: consumed/);
      assert.match(t, /non vérifié à la réservation/);
      assert.match(page.text, new RegExp(`action="/agent/rdv/${h.ref}/ants"`));
      ants.statuses[p.predemande] = 'validated';
      const res = await staffPost(agent, `/agent/rdv/${h.ref}/ants`, {});
      assert.equal(res.status, 303);
      await poll(async () => (await rowsOf(b.id))[0].status === 'done', { timeoutMs: 20000, what: 'the retried declaration' });
      assert.equal(ants.calls('POST', p.predemande).filter((x) => x.created).length, 1);
      const audit = await one("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'ants_retry' AND entity_id = ?", [h.ref]);
      assert.equal(Number(audit.n), 1, 'the retry is audited');
      const after2 = textOf((await agent.get(`/agent/rdv/${h.ref}`)).text);
      assert.match(after2, /déclaration\s+\S.*fait/);
      assert.doesNotMatch((await agent.get(`/agent/rdv/${h.ref}`)).text, /\/ants" method/, 'nothing left to retry');
    });

    test('ANTS silent, the commune refuses (its setting): 503 with a message, the values kept', async () => {
      const cur = await one('SELECT reminder_hours, horizon_days, min_notice_hours, cancel_limit_hours, agents_need_totp FROM communes WHERE id = ?', [COMMUNE.annecy]);
      const fields = { rappel: String(cur.reminder_hours), horizon: String(cur.horizon_days),
        delai_min: String(cur.min_notice_hours), limite_annulation: String(cur.cancel_limit_hours), ants_bloquer: '1' };
      if (cur.agents_need_totp) fields.agents_totp = '1';
      const saved = await staffPost(cadmin, '/agent/parametres', fields);
      assert.equal(saved.status, 303, `settings: ${saved.status}`);
      assert.equal((await one('SELECT ants_on_error FROM communes WHERE id = ?', [COMMUNE.annecy])).ants_on_error, 'block');
      assert.match((await cadmin.get('/agent/parametres')).text, /id="ants_bloquer"[^>]*checked/);
      ants.mode = 'stall';
      ants.stall_ms = 8000;
      ants.onlyPaths = ['/api/status'];
      const p = person();
      const t0 = Date.now();
      const r = await postBooking({ slotId: await slot(), persons: [p] });
      assert.equal(r.res.status, 503, `blocked: ${r.res.status}`);
      assert.ok(Date.now() - t0 < 7500, 'the check gives up after its timeout (4 s)');
      assert.match(textOf(r.res.text), /ne répond pas\. Réessayez dans quelques minutes/);
      assert.ok(r.res.text.includes(`value="${p.nom}"`), 'the name kept');
      const n = await one('SELECT COUNT(*) AS n FROM booking_persons WHERE predemande = ?', [p.predemande]);
      assert.equal(Number(n.n), 0, 'nothing booked');
      ants.reset();
      const ok = await postBooking({ slotId: await slot(), persons: [person()] });
      assert.equal(ok.res.status, 303, 'booked again once ANTS answers');
    });
  });
});
