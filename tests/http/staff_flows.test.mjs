// staff_flows.test.mjs — the staff flows over HTTP: booking for a caller
// (regular, urgent, extreme urgency; duplicates and overbooking refused),
// the partner town hall, cancel and move on the person's behalf, check-in
// with timed named steps and no-show, agendas (day, week), quick search,
// the quota grid (slots follow, booked appointments kept, bad input), a
// closure over booked appointments (people told, rebooking link), the
// commune settings, staff invitations and disabling, the audit log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, describe as show, formsOf, linksOf, pathOf, person, textOf, uniqueEmail, uniquePhone } from '../lib/client.mjs';
import { bookingByRef, bookingSlots, closeDb, freeRuns, one, q, slot } from '../lib/db.mjs';
import { book } from '../lib/flow.mjs';
import {
  ACCOUNTS, CANCEL_KINDS, COMMUNE, DEVICE, bookingToken, freeRunAt, freeRunsAt, isSignInRedirect, lastOutboxId, linkIn, localParts,
  outbox, sessionsOf, signIn, signInAll, staffBook, staffBookOk, staffPost, staffRow, tag, trySignIn,
} from '../lib/staff.mjs';

let C;
const ids = {};

before(async () => {
  await q('DELETE FROM rate_events');
  C = await signInAll();
  for (const [k, email] of Object.entries(ACCOUNTS)) ids[k] = (await staffRow(email)).id;
});

after(async () => {
  await closeDb();
});

async function audits(action, entityId) {
  return q('SELECT * FROM audit_log WHERE action = ? AND entity_id = ? ORDER BY id', [action, String(entityId)]);
}

/** A free run at Annecy (not the wedding room) at a level. */
function annecyRun(opts = {}) {
  return freeRunAt({ deviceIds: [DEVICE.annecyDr1, DEVICE.annecyDr2, DEVICE.annecyDr3], ...opts });
}

describe('booking for a caller (agent of Annecy)', () => {
  test('free times -> form -> POST: confirmed at once, channel phone, created_by_staff, told by message', async () => {
    const run = await annecyRun({ minHours: 24 });
    const day = localParts(run.start_utc).isoDay;
    const list = await C.agentAnnecy.get(`/agent/creneaux?procedure=CNI&personnes=1&niveau=regular&jour=${day}`);
    assert.equal(list.status, 200, show(list));
    const links = linksOf(list.text).filter((h) => /^\/agent\/reserver\?creneau=\d+&procedure=CNI&personnes=1&niveau=regular$/.test(h));
    assert.ok(links.length > 0, 'free times link to the booking form');
    const mine = links.find((h) => h.includes(`creneau=${run.id}&`));
    assert.ok(mine, `the free slot ${run.id} is offered on ${day}`);
    assert.match(textOf(list.text), /Annecy/);

    const form = await C.agentAnnecy.get(mine);
    assert.equal(form.status, 200, show(form));
    const f = formsOf(form.text).find((x) => x.action === '/agent/reserver');
    assert.ok(f && f.method === 'post', 'a POST form');
    assert.equal(f.fields.creneau, String(run.id));
    assert.equal(f.fields.niveau, 'regular');
    assert.ok(f.fields.csrf);
    assert.ok(!('code' in f.fields), 'no confirmation code for staff bookings');

    const before = await slot(run.id);
    const p = person();
    const phone = uniquePhone();
    const email = uniqueEmail('caller');
    const { res, ref } = await staffBook(C.agentAnnecy, { slotId: run.id, persons: [p], telephone: phone, email, canal: 'phone', niveau: 'regular' });
    assert.equal(res.status, 303, show(res));
    assert.ok(ref);
    const b = await bookingByRef(ref);
    assert.equal(b.status, 'confirmed', 'confirmed at once, no code');
    assert.equal(b.channel, 'phone');
    assert.equal(b.level, 'regular');
    assert.equal(b.created_by_staff, ids.agentAnnecy);
    assert.equal(b.partner_commune_id, null);
    assert.equal((await slot(run.id)).booked_regular, before.booked_regular + 1);
    const msgs = await outbox({ bookingRef: ref, kind: 'confirmed' });
    assert.ok(msgs.some((m) => m.channel === 'sms') && msgs.some((m) => m.channel === 'email'), 'the person is told by SMS and email');
    assert.equal((await outbox({ bookingRef: ref, kind: 'code' })).length, 0, 'no code sent');
    assert.equal((await audits('book', ref)).length, 1, 'audited');

    const page = await C.agentAnnecy.get(pathOf(res.location));
    assert.equal(page.status, 200);
    assert.match(textOf(page.text), /Le rendez-vous est enregistré/);
    assert.ok(page.text.includes(p.nom));
    assert.ok(linksOf(page.text).includes(`/agent/rdv/${ref}/convocation`));
  });

  test('at the counter, without any contact: booked, channel counter, no message', async () => {
    const run = await annecyRun();
    const { ref } = await staffBookOk(C.agentAnnecy, { slotId: run.id, canal: 'counter' });
    const b = await bookingByRef(ref);
    assert.equal(b.channel, 'counter');
    assert.equal(b.contact_phone, null);
    assert.equal(b.contact_email, null);
    assert.equal((await outbox({ bookingRef: ref })).length, 0);
  });

  test('urgent level: the reserved quota is used (booked_urgent), then full: 409', async () => {
    const run = await annecyRun({ level: 'urgent' });
    const s0 = await slot(run.id);
    assert.equal(s0.cap_urgent - s0.booked_urgent, 1, 'one urgent place (demo grid)');
    const day = localParts(run.start_utc).isoDay;
    const list = await C.agentAnnecy.get(`/agent/creneaux?procedure=CNI&personnes=1&niveau=urgent&jour=${day}`);
    assert.ok(linksOf(list.text).includes(`/agent/reserver?creneau=${run.id}&procedure=CNI&personnes=1&niveau=urgent`), 'offered at the urgent level');
    const { ref } = await staffBookOk(C.agentAnnecy, { slotId: run.id, niveau: 'urgent', canal: 'phone', extra: { motif_urgence: 'expiring' } });
    const b = await bookingByRef(ref);
    assert.equal(b.level, 'urgent');
    const s1 = await slot(run.id);
    assert.equal(s1.booked_urgent, s0.booked_urgent + 1);
    assert.equal(s1.booked_regular, s0.booked_regular, 'the public quota is untouched');
    const again = await staffBook(C.agentAnnecy, { slotId: run.id, niveau: 'urgent', canal: 'phone', extra: { motif_urgence: 'travel' } });
    assert.equal(again.res.status, 409, show(again.res));
    assert.match(textOf(again.res.text), /vient d'être pris|quota/);
    assert.equal((await slot(run.id)).booked_urgent, s1.booked_urgent, 'no overbooking');
  });

  test('extreme urgency level uses its own quota', async () => {
    const run = await annecyRun({ level: 'extreme' });
    const s0 = await slot(run.id);
    const { ref } = await staffBookOk(C.agentAnnecy, { slotId: run.id, niveau: 'extreme', canal: 'counter', extra: { motif_urgence: 'health' } });
    assert.equal((await bookingByRef(ref)).level, 'extreme');
    const s1 = await slot(run.id);
    assert.equal(s1.booked_extreme, s0.booked_extreme + 1);
    assert.equal(s1.booked_urgent, s0.booked_urgent);
  });

  test('no overbooking: a full regular place answers 409 and changes nothing', async () => {
    const run = await annecyRun();
    await staffBookOk(C.agentAnnecy, { slotId: run.id });
    const s = await slot(run.id);
    assert.equal(s.booked_regular, s.cap_regular, 'now full');
    const p = person();
    const r = await staffBook(C.agentAnnecy, { slotId: run.id, persons: [p], niveau: 'regular' });
    assert.equal(r.res.status, 409, show(r.res));
    assert.ok(r.res.text.includes(`value="${p.nom}"`), 'the values are kept');
    assert.equal((await slot(run.id)).booked_regular, s.booked_regular);
    assert.equal((await one('SELECT COUNT(*) AS n FROM booking_persons WHERE last_name = ?', [p.nom])).n, 0);
  });

  test('duplicates are refused like on the public side (409), also against a public booking', async () => {
    const p = person();
    const { ref } = await staffBookOk(C.agentAnnecy, { slotId: (await annecyRun()).id, persons: [p] });
    const dup = await staffBook(C.agentAnnecy, { slotId: (await annecyRun()).id, persons: [{ ...p }] });
    assert.equal(dup.res.status, 409, show(dup.res));
    assert.match(textOf(dup.res.text), /déjà un rendez-vous/);
    assert.ok(textOf(dup.res.text).includes(ref), 'the existing reference is given');
    // Booked online, then called the town hall.
    const q2 = person();
    const runs = await freeRuns('CNI', 1, { communeInsee: '74010' });
    const online = await book({ slotId: runs[Math.floor(Math.random() * runs.length)].id, persons: [q2], domicile: '74010' });
    const dup2 = await staffBook(C.agentThonon, { slotId: (await freeRunAt({ communeId: COMMUNE.thonon })).id, persons: [{ ...q2 }] });
    assert.equal(dup2.res.status, 409, show(dup2.res));
    assert.ok(textOf(dup2.res.text).includes(online.ref));
    assert.equal((await one('SELECT COUNT(*) AS n FROM booking_persons WHERE last_name = ?', [q2.nom])).n, 1);
  });

  test('a party of two takes two back-to-back slots', async () => {
    const run = await annecyRun({ party: 2 });
    const { ref } = await staffBookOk(C.agentAnnecy, { slotId: run.id, persons: [person(), person()] });
    const slots = await bookingSlots(ref);
    assert.deepEqual(slots.map((s) => s.id), run.ids);
    assert.equal((await bookingByRef(ref)).party_size, 2);
  });

  test('bad input: 422, French messages, values kept, nothing booked', async () => {
    const run = await annecyRun();
    const p = person();
    const phone = uniquePhone();
    const r = await staffBook(C.agentAnnecy, { slotId: run.id, persons: [{ ...p, naissance: '31/02/1990' }], telephone: phone });
    assert.equal(r.res.status, 422, show(r.res));
    assert.match(textOf(r.res.text), /date valide/);
    assert.ok(r.res.text.includes(`value="${p.nom}"`) && r.res.text.includes(`value="${phone}"`), 'values kept');
    const r2 = await staffBook(C.agentAnnecy, { slotId: run.id, persons: [p], telephone: '12345' });
    assert.equal(r2.res.status, 422, show(r2.res));
    assert.ok(r2.res.text.includes('value="12345"'));
    const r3 = await staffBook(C.agentAnnecy, { slotId: run.id, persons: [{ ...p, nom: 'Dupont3' }] });
    assert.equal(r3.res.status, 422, show(r3.res));
    const r4 = await staffBook(C.agentAnnecy, { slotId: 'abc', persons: [p] });
    assert.equal(r4.res.status, 400, show(r4.res));
    assert.equal((await one('SELECT COUNT(*) AS n FROM booking_persons WHERE last_name = ?', [p.nom])).n, 0);
  });
});

describe('partner town hall (Sevrier)', () => {
  test('home goes to the free times, which cover every equipped commune and offer no service level', async () => {
    const home = await C.partner.get('/agent/');
    assert.equal(home.status, 303);
    assert.equal(pathOf(home.location), '/agent/creneaux');
    const run = await freeRunAt({ communeId: COMMUNE.thonon, minHours: 24 });
    const day = localParts(run.start_utc).isoDay;
    const res = await C.partner.get(`/agent/creneaux?procedure=CNI&personnes=1&jour=${day}`);
    assert.equal(res.status, 200);
    const t = textOf(res.text);
    assert.match(t, /Thonon-les-Bains/);
    assert.ok(!/name="niveau"/.test(res.text), 'no level choice');
    const urgent = await C.partner.get(`/agent/creneaux?procedure=CNI&personnes=1&niveau=urgent&jour=${day}`);
    for (const h of linksOf(urgent.text).filter((x) => x.startsWith('/agent/reserver'))) assert.match(h, /niveau=regular$/);
  });

  test("the day's free times are all offered, the last ones too", async () => {
    const run = await freeRunAt({ communeId: COMMUNE.annecy, minHours: 48 });
    const day = localParts(run.start_utc).isoDay;
    // Every free regular CNI place of that day at every equipped commune.
    const rows = await q(`SELECT s.id, s.start_utc FROM slots s JOIN devices d ON d.id = s.device_id AND d.active = 1
                            JOIN sites si ON si.id = d.site_id AND si.active = 1
                            JOIN device_procedures dp ON dp.device_id = d.id AND dp.procedure_id = 1
                           WHERE s.start_utc BETWEEN ? - INTERVAL 1 DAY AND ? + INTERVAL 1 DAY AND s.booked_regular < s.cap_regular
                           ORDER BY s.start_utc`, [run.start_utc, run.start_utc]);
    const sameDay = rows.filter((r) => localParts(r.start_utc).isoDay === day);
    const last = sameDay[sameDay.length - 1];
    const res = await C.partner.get(`/agent/creneaux?procedure=CNI&personnes=1&jour=${day}`);
    assert.equal(res.status, 200);
    const offered = linksOf(res.text).filter((h) => h.startsWith('/agent/reserver?creneau='));
    assert.ok(offered.length > 0);
    assert.ok(offered.some((h) => h.includes(`creneau=${last.id}&`)), `the last free time of ${day} (${localParts(last.start_utc).hm}, slot ${last.id}) is offered among ${offered.length} of ${sameDay.length} free places`);
  });

  test('books at the regular level only (niveau=urgent ignored), channel partner, its commune recorded', async () => {
    const run = await annecyRun();
    const s0 = await slot(run.id);
    const p = person();
    const { ref } = await staffBookOk(C.partner, { slotId: run.id, persons: [p], niveau: 'urgent', email: uniqueEmail('partner') });
    const b = await bookingByRef(ref);
    assert.equal(b.channel, 'partner');
    assert.equal(b.partner_commune_id, COMMUNE.sevrier);
    assert.equal(b.level, 'regular');
    assert.equal(b.created_by_staff, ids.partner);
    assert.equal(b.home_insee, '74267', 'a resident of Sevrier by default');
    const s1 = await slot(run.id);
    assert.equal(s1.booked_regular, s0.booked_regular + 1);
    assert.equal(s1.booked_urgent, s0.booked_urgent, 'never the urgent quota');
  });

  test('cannot take an urgent-only place', async () => {
    const rows = await q(`SELECT s.id FROM slots s WHERE s.device_id IN (1, 2, 3) AND s.start_utc > UTC_TIMESTAMP() + INTERVAL 1 DAY
                           AND s.cap_regular = 0 AND s.cap_urgent > s.booked_urgent LIMIT 20`);
    assert.ok(rows.length, 'urgent-only slots exist in the demo grid');
    const id = rows[Math.floor(Math.random() * rows.length)].id;
    const s0 = await slot(id);
    const r = await staffBook(C.partner, { slotId: id, niveau: 'urgent' });
    assert.ok(r.res.status >= 400 && r.res.status < 500, show(r.res));
    assert.equal((await slot(id)).booked_urgent, s0.booked_urgent);
  });

  test('prints the convocation with the documents to bring', async () => {
    const p = person();
    const { ref } = await staffBookOk(C.partner, { slotId: (await freeRunAt({ communeId: COMMUNE.thonon })).id, persons: [p] });
    const res = await C.partner.get(`/agent/rdv/${ref}/convocation`);
    assert.equal(res.status, 200, show(res));
    const t = textOf(res.text);
    assert.ok(t.includes(ref) && t.includes(p.nom));
    assert.match(t, /Pièces à apporter/);
    assert.match(t, /Justificatif de domicile/);
    assert.match(t, /Thonon-les-Bains/);
  });

  test('moves and cancels its own booking; the person is told', async () => {
    const email = uniqueEmail('partnermove');
    const { ref } = await staffBookOk(C.partner, { slotId: (await annecyRun({ minHours: 48 })).id, email });
    const b0 = await bookingByRef(ref);
    const target = await freeRunAt({ communeId: COMMUNE.annecy, minHours: 48 });
    const day = localParts(target.start_utc).isoDay;
    const form = await C.partner.get(`/agent/rdv/${ref}/deplacer?jour=${day}`);
    assert.equal(form.status, 200, show(form));
    assert.ok(form.text.includes(`value="${target.id}"`), 'the free slot is offered');
    const mv = await staffPost(C.partner, `/agent/rdv/${ref}/deplacer`, { creneau: String(target.id) });
    assert.equal(mv.status, 303, show(mv));
    const b1 = await bookingByRef(ref);
    assert.notEqual(b1.start_utc, b0.start_utc);
    assert.equal(b1.start_utc, target.start_utc);
    assert.ok((await outbox({ bookingRef: ref, kind: 'moved' })).length >= 1, 'moved message');
    const c = await staffPost(C.partner, `/agent/rdv/${ref}/annuler`);
    assert.equal(c.status, 303, show(c));
    assert.equal((await bookingByRef(ref)).status, 'cancelled');
    assert.ok((await outbox({ bookingRef: ref, kinds: CANCEL_KINDS })).length >= 1, 'cancelled message');
  });
});

describe('cancel and move on the person\'s behalf', () => {
  test('cancel: cancelled by the commune, places freed, the person told, audited; twice: 409', async () => {
    const email = uniqueEmail('cancel');
    const phone = uniquePhone();
    const run = await annecyRun();
    const { ref } = await staffBookOk(C.agentAnnecy, { slotId: run.id, email, telephone: phone });
    const s0 = await slot(run.id);
    const res = await staffPost(C.agentAnnecy, `/agent/rdv/${ref}/annuler`);
    assert.equal(res.status, 303, show(res));
    assert.equal(pathOf(res.location), `/agent/rdv/${ref}`);
    const b = await bookingByRef(ref);
    assert.equal(b.status, 'cancelled');
    assert.equal(b.cancelled_by, 'commune');
    assert.ok(b.cancelled_utc);
    assert.equal((await slot(run.id)).booked_regular, s0.booked_regular - 1, 'the place is free again');
    const msgs = await outbox({ bookingRef: ref, kinds: CANCEL_KINDS });
    assert.ok(msgs.some((m) => m.recipient === email), 'email to the person');
    assert.ok(msgs.some((m) => m.channel === 'sms'), 'SMS to the person');
    assert.equal((await audits('cancel', ref)).length, 1);
    const again = await staffPost(C.agentAnnecy, `/agent/rdv/${ref}/annuler`);
    assert.equal(again.status, 409, show(again));
  });

  test('move: the new time is taken, the old one freed, the person told, audited', async () => {
    const email = uniqueEmail('move');
    const from = await annecyRun({ minHours: 48 });
    const { ref } = await staffBookOk(C.agentAnnecy, { slotId: from.id, email });
    const to = await annecyRun({ minHours: 48 });
    assert.notEqual(to.id, from.id);
    const day = localParts(to.start_utc).isoDay;
    const form = await C.agentAnnecy.get(`/agent/rdv/${ref}/deplacer?jour=${day}`);
    assert.equal(form.status, 200);
    assert.ok(form.text.includes(`value="${to.id}"`), 'offered');
    const f0 = await slot(from.id);
    const t0 = await slot(to.id);
    const res = await staffPost(C.agentAnnecy, `/agent/rdv/${ref}/deplacer`, { creneau: String(to.id) });
    assert.equal(res.status, 303, show(res));
    const b = await bookingByRef(ref);
    assert.equal(b.status, 'confirmed');
    assert.equal(b.start_utc, to.start_utc);
    assert.equal(b.moved_count, 1);
    assert.equal((await slot(from.id)).booked_regular, f0.booked_regular - 1);
    assert.equal((await slot(to.id)).booked_regular, t0.booked_regular + 1);
    assert.ok((await outbox({ bookingRef: ref, kind: 'moved' })).some((m) => m.recipient === email));
    assert.equal((await audits('move', ref)).length, 1);
  });

  test('move to a full place: 409 and nothing changes', async () => {
    const { ref } = await staffBookOk(C.agentAnnecy, { slotId: (await annecyRun()).id });
    const full = await annecyRun();
    await staffBookOk(C.agentAnnecy, { slotId: full.id });
    const b0 = await bookingByRef(ref);
    const res = await staffPost(C.agentAnnecy, `/agent/rdv/${ref}/deplacer`, { creneau: String(full.id) });
    assert.equal(res.status, 409, show(res));
    assert.equal((await bookingByRef(ref)).start_utc, b0.start_utc);
  });
});

describe('check-in at the desk', () => {
  test('arrived, named steps of the site, started, finished: each timed, in order, audited', async () => {
    const p = person();
    const { ref } = await staffBookOk(C.agentAnnecy, { slotId: (await freeRunAt({ deviceIds: [DEVICE.annecyDr1, DEVICE.annecyDr2] })).id, persons: [p] });
    const page = await C.agentAnnecy.get(`/agent/rdv/${ref}`);
    const t = textOf(page.text);
    for (const s of ['Accueil', 'Vérification des pièces', 'Recueil des empreintes', 'Sortie']) assert.ok(t.includes(s), `step ${s} shown`);
    const steps = await q('SELECT position, name FROM site_steps WHERE site_id = 1 ORDER BY position');
    assert.ok(steps.length >= 4);

    const post = (etape) => staffPost(C.agentAnnecy, `/agent/rdv/${ref}/pointage`, { etape });
    let r = await post('arrived');
    assert.equal(r.status, 303, show(r));
    let b = await bookingByRef(ref);
    assert.equal(b.attendance, 'arrived');
    assert.ok(b.arrived_utc);
    r = await post('step:1');
    assert.equal(r.status, 303, show(r));
    r = await post('started');
    assert.equal(r.status, 303);
    assert.equal((await bookingByRef(ref)).attendance, 'started');
    for (const s of steps.slice(1)) assert.equal((await post(`step:${s.position}`)).status, 303);
    r = await post('finished');
    assert.equal(r.status, 303);
    b = await bookingByRef(ref);
    assert.equal(b.attendance, 'finished');
    assert.ok(b.arrived_utc && b.started_utc && b.finished_utc);
    assert.ok(b.arrived_utc <= b.started_utc && b.started_utc <= b.finished_utc, 'in order');
    const done = await q('SELECT bs.* FROM booking_steps bs WHERE bs.booking_id = ? ORDER BY position', [b.id]);
    assert.deepEqual(done.map((x) => x.name), steps.map((s) => s.name), 'each step recorded with its name');
    for (const x of done) {
      assert.ok(x.at_utc >= b.arrived_utc && x.at_utc <= b.finished_utc, 'steps between arrival and end');
      assert.equal(x.staff_id, ids.agentAnnecy);
    }
    for (const a of ['checkin_arrived', 'checkin_started', 'checkin_finished']) assert.equal((await audits(a, ref)).length, 1, a);
    assert.equal((await audits('checkin_step', ref)).length, steps.length);
    const shown = textOf((await C.agentAnnecy.get(`/agent/rdv/${ref}`)).text);
    assert.match(shown, /présence : finished|terminé/);
    const again = await post('arrived');
    assert.equal(again.status, 303);
    assert.equal((await bookingByRef(ref)).arrived_utc, b.arrived_utc, 'a timestamp is set once');
    const bad = await post('step:9');
    assert.equal(bad.status, 400, show(bad));
    const none = await post('envol');
    assert.equal(none.status, 400, show(none));
  });

  test('no-show: refused before the appointment starts (409, no letter); recorded once it has; refused after arrival (409)', async () => {
    const email = uniqueEmail('noshow');
    const { ref } = await staffBookOk(C.agentAnnecy, { slotId: (await annecyRun()).id, email });
    // Before its time: the letter must not go out (it did before the fix).
    const early = await staffPost(C.agentAnnecy, `/agent/rdv/${ref}/pointage`, { etape: 'noshow' });
    assert.equal(early.status, 409, show(early));
    assert.match(textOf(early.text), /pas encore commencé/);
    const b0 = await bookingByRef(ref);
    assert.equal(b0.attendance, 'none');
    assert.equal(b0.noshow_utc, null);
    assert.equal((await outbox({ bookingRef: ref, kind: 'noshow' })).length, 0, 'no letter queued');
    assert.doesNotMatch((await C.agentAnnecy.get(`/agent/rdv/${ref}`)).text, /value="noshow"/, 'no "absent" button before the time');
    // The appointment began an hour ago (moved back in time by hand).
    await q('UPDATE bookings SET start_utc = UTC_TIMESTAMP() - INTERVAL 1 HOUR, end_utc = UTC_TIMESTAMP() - INTERVAL 45 MINUTE WHERE ref = ?', [ref]);
    assert.match((await C.agentAnnecy.get(`/agent/rdv/${ref}`)).text, /value="noshow"/, 'the "absent" button once the time has come');
    const r = await staffPost(C.agentAnnecy, `/agent/rdv/${ref}/pointage`, { etape: 'noshow' });
    assert.equal(r.status, 303, show(r));
    assert.equal((await outbox({ bookingRef: ref, kind: 'noshow' })).length >= 1, true, 'the letter queued');
    const b = await bookingByRef(ref);
    assert.equal(b.attendance, 'noshow');
    assert.ok(b.noshow_utc);
    assert.equal((await audits('checkin_noshow', ref)).length, 1);

    const { ref: ref2 } = await staffBookOk(C.agentAnnecy, { slotId: (await annecyRun()).id });
    assert.equal((await staffPost(C.agentAnnecy, `/agent/rdv/${ref2}/pointage`, { etape: 'arrived' })).status, 303);
    const late = await staffPost(C.agentAnnecy, `/agent/rdv/${ref2}/pointage`, { etape: 'noshow' });
    assert.equal(late.status, 409, show(late));
    assert.match(textOf(late.text), /est arrivée/);
    const b2 = await bookingByRef(ref2);
    assert.equal(b2.attendance, 'arrived');
    assert.equal(b2.noshow_utc, null);
  });

  test('no check-in on a cancelled booking (409)', async () => {
    const { ref } = await staffBookOk(C.agentAnnecy, { slotId: (await annecyRun()).id });
    await staffPost(C.agentAnnecy, `/agent/rdv/${ref}/annuler`);
    const r = await staffPost(C.agentAnnecy, `/agent/rdv/${ref}/pointage`, { etape: 'arrived' });
    assert.equal(r.status, 409, show(r));
    assert.equal((await bookingByRef(ref)).arrived_utc, null);
  });
});

describe('agendas and quick search', () => {
  let B;
  before(async () => {
    const p = person();
    const phone = uniquePhone();
    const run = await freeRunAt({ deviceIds: [DEVICE.annecyDr1], minHours: 24 });
    const r = await staffBookOk(C.agentAnnecy, { slotId: run.id, persons: [p], telephone: phone, canal: 'phone' });
    const b = await bookingByRef(r.ref);
    B = { ref: r.ref, p, phone, b, lp: localParts(b.start_utc) };
  });

  test('day view: the booking with its time, people, procedure, level, channel, attendance, and free places per level', async () => {
    const res = await C.agentAnnecy.get(`/agent/agenda/${DEVICE.annecyDr1}?jour=${B.lp.isoDay}`);
    assert.equal(res.status, 200, show(res));
    const [hh, mm] = B.lp.hm.split(':');
    const label = `${Number(hh)} h ${mm}`; // French time, as on the page
    const row = res.text.split(/<tr>/).find((x) => x.includes(`>${label}</th>`));
    assert.ok(row, `a row for ${label}`);
    const rt = textOf(row);
    assert.ok(rt.includes(B.ref) && rt.includes(B.p.nom), 'the booking in its row');
    assert.match(rt, /CNI/);
    assert.match(rt, /téléphone/);
    assert.match(rt, /normal/);
    assert.match(rt, /attendu/);
    const s = (await bookingSlots(B.ref))[0];
    const m = rt.match(/(\d+)\/(\d+) · (\d+)\/(\d+) · (\d+)\/(\d+)/);
    assert.ok(m, `free/cap per level in the row: ${rt}`);
    assert.deepEqual(m.slice(1).map(Number), [
      s.cap_regular - s.booked_regular, s.cap_regular, s.cap_urgent - s.booked_urgent, s.cap_urgent,
      s.cap_extreme - s.booked_extreme, s.cap_extreme]);
  });

  test('week view: 7 days with places offered, booked and free, as in the database', async () => {
    const res = await C.agentAnnecy.get(`/agent/agenda/${DEVICE.annecyDr1}?jour=${B.lp.isoDay}&vue=semaine`);
    assert.equal(res.status, 200, show(res));
    const rows = [...res.text.matchAll(/<tr><th scope="row"><a href="\/agent\/agenda\/\d+\?jour=(\d{4}-\d\d-\d\d)">[^<]*<\/a><\/th><td>(\d+)<\/td><td>(\d+)<\/td><td>(-?\d+)<\/td><\/tr>/g)];
    assert.equal(rows.length, 7, 'seven days');
    assert.equal(rows[0][1], B.lp.isoDay);
    const first = rows[0];
    const sums = await q(`SELECT start_utc, cap_regular + cap_urgent + cap_extreme AS cap, booked_regular + booked_urgent + booked_extreme AS booked
                            FROM slots WHERE device_id = ? AND start_utc BETWEEN ? - INTERVAL 1 DAY AND ? + INTERVAL 1 DAY`, [DEVICE.annecyDr1, B.b.start_utc, B.b.start_utc]);
    const day = sums.filter((x) => localParts(x.start_utc).isoDay === B.lp.isoDay);
    const offered = day.reduce((a, x) => a + x.cap, 0);
    const booked = day.reduce((a, x) => a + x.booked, 0);
    assert.deepEqual([Number(first[2]), Number(first[3]), Number(first[4])], [offered, booked, offered - booked]);
    assert.ok(booked >= 1);
  });

  test('a closed day says so; a bad date is a 400', async () => {
    let d = new Date(B.b.start_utc.replace(' ', 'T') + 'Z');
    while (localParts(d.toISOString().slice(0, 19).replace('T', ' ')).weekday !== 7) d = new Date(d.getTime() + 86400000);
    const sunday = localParts(d.toISOString().slice(0, 19).replace('T', ' ')).isoDay;
    const res = await C.agentAnnecy.get(`/agent/agenda/${DEVICE.annecyDr1}?jour=${sunday}`);
    assert.equal(res.status, 200);
    assert.match(textOf(res.text), /Aucun créneau ce jour-là/);
    const bad = await C.agentAnnecy.get(`/agent/agenda/${DEVICE.annecyDr1}?jour=31/02/2026`);
    assert.equal(bad.status, 400, show(bad));
  });

  test('quick search by name, by reference (any case, spaces) and by phone number (any format)', async () => {
    const phoneVariants = [B.phone, B.phone.replace(/(\d\d)(?=\d)/g, '$1 '), '+33' + B.phone.slice(1)];
    const queries = [B.p.nom, B.p.nom.slice(0, 5), B.ref, B.ref.toLowerCase(), `${B.ref.slice(0, 4)} ${B.ref.slice(4)}`, ...phoneVariants];
    for (const qq of queries) {
      const res = await C.agentAnnecy.get(`/agent/recherche?q=${encodeURIComponent(qq)}`);
      assert.equal(res.status, 200, show(res));
      assert.ok(linksOf(res.text).includes(`/agent/rdv/${B.ref}`), `found by "${qq}"`);
    }
    const xss = await C.agentAnnecy.get(`/agent/recherche?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    assert.ok(xss.status < 500 && !xss.text.includes('<script>alert(1)'), 'the query is escaped');
    const none = await C.agentAnnecy.get(`/agent/recherche?q=${tag(12)}`);
    assert.match(textOf(none.text), /Aucun rendez-vous trouvé/);
    const form = await C.agentAnnecy.get('/agent/recherche');
    assert.equal(form.status, 200);
  });
});

describe('planning: the quota grid (commune administrator)', () => {
  const DEV = DEVICE.annecyWedding; // only MARIAGE and PACS: no other suite books there
  let original;
  let satBooking, tueBooking;

  /** The grid form's fields, as the page has them. */
  async function gridForm() {
    const res = await C.cadmin.get(`/agent/planning/${DEV}`);
    assert.equal(res.status, 200, show(res));
    const f = formsOf(res.text).find((x) => x.action === `/agent/planning/${DEV}`);
    assert.ok(f, 'the grid form');
    return { res, fields: f.fields };
  }

  function rowsOf(fields) {
    const out = [];
    for (let i = 0; `r${i}_jour` in fields; i++) out.push({ i, jour: fields[`r${i}_jour`], debut: fields[`r${i}_debut`], fin: fields[`r${i}_fin`], normal: fields[`r${i}_normal`] });
    return out;
  }

  /** POSTs rules [{jour, debut, fin, duree, normal, urgence, extreme, suppr, du, au}];
   *  extra: more fields (retire, fermer). */
  function postGrid(rules, extra = {}) {
    const f = { ...extra };
    rules.forEach((r, i) => {
      f[`r${i}_jour`] = String(r.jour);
      f[`r${i}_debut`] = r.debut;
      f[`r${i}_fin`] = r.fin;
      f[`r${i}_duree`] = String(r.duree ?? 30);
      f[`r${i}_normal`] = String(r.normal ?? 1);
      f[`r${i}_urgence`] = String(r.urgence ?? 0);
      f[`r${i}_extreme`] = String(r.extreme ?? 0);
      if (r.suppr) f[`r${i}_suppr`] = '1';
      if (r.du) f[`r${i}_du`] = r.du;
      if (r.au) f[`r${i}_au`] = r.au;
    });
    return staffPost(C.cadmin, `/agent/planning/${DEV}`, f);
  }

  /** Saves rules, confirming the free slots they take away when asked to. */
  async function saveGrid(rules) {
    const first = await postGrid(rules);
    if (first.status !== 409) return first;
    const f = formsOf(first.text).find((x) => x.action === `/agent/planning/${DEV}`);
    return postGrid(rules, { retire: f.fields.retire });
  }

  const asRule = (x) => ({ jour: x.weekday, debut: x.start_time.slice(0, 5), fin: x.end_time.slice(0, 5), duree: x.slot_minutes, normal: x.cap_regular, urgence: x.cap_urgent, extreme: x.cap_extreme });

  before(async () => {
    original = await q('SELECT * FROM opening_rules WHERE device_id = ? ORDER BY weekday, start_time', [DEV]);
    const runs = await freeRunsAt({ deviceIds: [DEV], procedure: 'MARIAGE', minHours: 48, excludeDevices: [] });
    const sat = runs.filter((r) => localParts(r.start_utc).weekday === 6);
    const tue = runs.filter((r) => localParts(r.start_utc).weekday === 2);
    assert.ok(sat.length && tue.length, 'free Saturday and Tuesday wedding slots');
    satBooking = (await staffBookOk(C.agentAnnecy, { slotId: sat[Math.floor(Math.random() * sat.length)].id, procedure: 'MARIAGE', persons: [{ ...person(), predemande: undefined }] })).ref;
    tueBooking = (await staffBookOk(C.agentAnnecy, { slotId: tue[Math.floor(Math.random() * tue.length)].id, procedure: 'MARIAGE', persons: [{ ...person(), predemande: undefined }] })).ref;
  });

  after(async () => {
    // Back to the demo grid (through the page: the slots follow).
    if (original && original.length) {
      const res = await saveGrid(original.map(asRule));
      assert.equal(res.status, 303, `restoring the grid: ${show(res)}`);
    }
  });

  test('GET shows the grid: each band with its day, hours, slot length and quota per level', async () => {
    const { res, fields } = await gridForm();
    const rows = rowsOf(fields);
    assert.ok(rows.length >= original.length + 1, 'the bands and empty rows to add one');
    original.forEach((o, i) => {
      assert.equal(rows[i].jour, String(o.weekday));
      assert.equal(rows[i].debut, o.start_time.slice(0, 5));
      assert.equal(rows[i].fin, o.end_time.slice(0, 5));
      assert.equal(fields[`r${i}_duree`], String(o.slot_minutes));
      assert.equal(fields[`r${i}_normal`], String(o.cap_regular));
      assert.equal(fields[`r${i}_urgence`], String(o.cap_urgent));
      assert.equal(fields[`r${i}_extreme`], String(o.cap_extreme));
    });
    assert.match(textOf(res.text), /Normal.*Urgence.*Extrême urgence/);
  });

  test('bad grids: 422 with a French message, typed values kept, nothing saved', async () => {
    const base = original.map(asRule);
    const cases = [
      ['overlapping bands', [...base, { jour: base[0].jour, debut: '15:00', fin: '18:00' }], /chevauche/, '18:00'],
      ['end before start', [...base, { jour: 3, debut: '10:00', fin: '09:00' }], /fin doit suivre/, '09:00'],
      ['quota 99', [...base, { jour: 3, debut: '09:00', fin: '10:00', normal: 99 }], /quota va de 0 à 50/, '99'],
      ['garbage time', [...base, { jour: 3, debut: '9h', fin: '10:00' }], /HH:MM/, '9h'],
      ['slot of 2 minutes', [...base, { jour: 3, debut: '09:00', fin: '10:00', duree: 2 }], /5 à 240 minutes/, '2'],
    ];
    const notKept = [];
    for (const [label, rules, re, typed] of cases) {
      const res = await postGrid(rules);
      assert.equal(res.status, 422, `${label}: ${show(res)}`);
      assert.match(textOf(res.text), re, label);
      assert.match(textOf(res.text), /n'a pas été enregistré/);
      const f = formsOf(res.text).find((x) => x.action === `/agent/planning/${DEV}`);
      const i = rules.length - 1;
      const keys = ['debut', 'fin', 'normal', 'duree'].map((k) => `r${i}_${k}`);
      if (!keys.some((k) => f.fields[k] === typed)) notKept.push(`${label}: typed ${typed}, shown ${keys.map((k) => `${k}=${f.fields[k]}`).join(' ')}`);
    }
    assert.deepEqual(notKept, [], 'the typed values are kept in the grid shown again');
    assert.deepEqual(await q('SELECT * FROM opening_rules WHERE device_id = ? ORDER BY weekday, start_time', [DEV]), original, 'rules unchanged');
  });

  test('an empty grid is refused unless "close this device" is ticked; the seasons of bands survive a save', async () => {
    const before = await q('SELECT * FROM opening_rules WHERE device_id = ? ORDER BY weekday, start_time', [DEV]);
    const freeBefore = (await one('SELECT COUNT(*) AS n FROM slots WHERE device_id = ? AND start_utc > UTC_TIMESTAMP() AND cap_regular > booked_regular', [DEV])).n;
    assert.ok(freeBefore > 0);
    // Every band ticked for deletion (before the fix: the week and every free slot went, with a 303).
    const empty = await postGrid(original.map((r) => ({ ...asRule(r), suppr: true })));
    assert.equal(empty.status, 422, show(empty));
    assert.match(textOf(empty.text), /Fermer cet appareil/);
    assert.deepEqual(await q('SELECT * FROM opening_rules WHERE device_id = ? ORDER BY weekday, start_time', [DEV]), before, 'rules unchanged');
    assert.equal((await one('SELECT COUNT(*) AS n FROM slots WHERE device_id = ? AND start_utc > UTC_TIMESTAMP() AND cap_regular > booked_regular', [DEV])).n, freeBefore, 'free slots unchanged');
    // A season on one band: kept by a save through the page.
    const rules = original.map(asRule);
    rules[0].du = '01/06/2031';
    rules[0].au = '31/08/2031';
    const saved = await saveGrid(rules);
    assert.equal(saved.status, 303, show(saved));
    const page = await gridForm();
    assert.equal(page.fields.r0_du, '01/06/2031', 'the season is shown');
    assert.equal(page.fields.r0_au, '31/08/2031');
    const again = await staffPost(C.cadmin, `/agent/planning/${DEV}`, Object.fromEntries(Object.entries(page.fields).filter(([k]) => k !== 'csrf')));
    assert.ok(again.status === 303 || again.status === 409, show(again));
    const season = await q('SELECT DATE_FORMAT(valid_from, "%Y-%m-%d") AS f, DATE_FORMAT(valid_to, "%Y-%m-%d") AS t FROM opening_rules WHERE device_id = ? AND valid_from IS NOT NULL', [DEV]);
    assert.deepEqual(season, [{ f: '2031-06-01', t: '2031-08-31' }], 'the season survives a save of the page as it is');
    // Back to the grid as it was.
    assert.equal((await saveGrid(original.map(asRule))).status, 303);
  });

  test('a changed grid: future free slots follow, booked appointments stay', async () => {
    const satSlot = (await bookingSlots(satBooking))[0];
    const tueSlot = (await bookingSlots(tueBooking))[0];
    const rules = original.map(asRule);
    const tue = rules.find((r) => r.jour === 2);
    const sat = rules.find((r) => r.jour === 6);
    assert.ok(tue && sat, 'the demo grid has Tuesday and Saturday bands');
    tue.normal = 2;
    sat.suppr = true;
    rules.push({ jour: 3, debut: '09:00', fin: '10:00', duree: 30, normal: 1, urgence: 1, extreme: 0 });
    // Taking Saturday away removes free slots: the page says how many
    // first, and nothing changes until confirmed.
    const satFree0 = await one(`SELECT COUNT(*) AS n FROM slots WHERE device_id = ? AND start_utc > UTC_TIMESTAMP()
      AND WEEKDAY(CONVERT_TZ(start_utc, '+00:00', 'Europe/Paris')) = 5 AND cap_regular > booked_regular`, [DEV]);
    assert.ok(satFree0.n > 0, 'free Saturday slots to lose');
    const ask = await postGrid(rules);
    assert.equal(ask.status, 409, show(ask));
    const m = textOf(ask.text).match(/retire (\d+) créneaux libres/);
    assert.ok(m, `the number of free slots lost is said: ${show(ask)}`);
    assert.ok(Number(m[1]) >= satFree0.n, `${m[1]} >= the ${satFree0.n} free Saturday slots`);
    assert.deepEqual((await q('SELECT * FROM opening_rules WHERE device_id = ? ORDER BY weekday, start_time', [DEV])).map(asRule), original.map(asRule), 'nothing saved before the confirmation');
    const askForm = formsOf(ask.text).find((x) => x.action === `/agent/planning/${DEV}`);
    assert.equal(askForm.fields.retire, m[1], 'the confirmation carries the count');
    assert.equal(askForm.fields.r0_debut, rules[0].debut, 'the typed grid is kept');
    const res = await postGrid(rules, { retire: askForm.fields.retire });
    assert.equal(res.status, 303, show(res));
    assert.equal(pathOf(res.location), `/agent/planning/${DEV}?ok=1`);
    const page = await C.cadmin.get(pathOf(res.location));
    assert.match(textOf(page.text), /Planning enregistré/);

    const now = await q(`SELECT * FROM opening_rules WHERE device_id = ? ORDER BY weekday, start_time`, [DEV]);
    assert.deepEqual(now.map((r) => r.weekday), [2, 3, 4], 'Tuesday, the new Wednesday, Thursday; Saturday gone');
    // Slots under a closure (another suite may close the whole site a day) offer nothing, whatever the grid.
    const future = await q(`SELECT s.* FROM slots s WHERE s.device_id = ? AND s.start_utc > UTC_TIMESTAMP() + INTERVAL 1 DAY
      AND NOT EXISTS (SELECT 1 FROM closures c WHERE c.device_id = s.device_id AND c.start_utc < s.end_utc AND c.end_utc > s.start_utc)
      ORDER BY s.start_utc`, [DEV]);
    const byDay = (w) => future.filter((s) => localParts(s.start_utc).weekday === w);
    assert.ok(byDay(2).length > 0 && byDay(2).every((s) => s.cap_regular === Math.max(2, s.booked_regular)), 'Tuesday: 2 regular places');
    const wed = byDay(3);
    assert.ok(wed.length >= 8, `the new band's slots exist (${wed.length})`);
    assert.ok(wed.every((s) => ['09:00', '09:30'].includes(localParts(s.start_utc).hm) && s.cap_regular === 1 && s.cap_urgent === 1), 'Wednesday 09:00 and 09:30');
    const satFree = byDay(6).filter((s) => s.cap_regular > s.booked_regular || s.cap_urgent > s.booked_urgent || s.cap_extreme > s.booked_extreme);
    assert.deepEqual(satFree, [], 'no free place left on Saturdays');
    assert.ok(byDay(4).length > 0 && byDay(4).every((s) => s.cap_regular >= 1), 'Thursday unchanged');

    const satAfter = await slot(satSlot.id);
    assert.ok(satAfter, "the booked Saturday slot still exists");
    assert.equal(satAfter.booked_regular, satSlot.booked_regular, 'its booking still counts');
    const sb = await bookingByRef(satBooking);
    assert.equal(sb.status, 'confirmed');
    assert.deepEqual((await bookingSlots(satBooking)).map((s) => s.id), [satSlot.id]);
    const tb = await bookingByRef(tueBooking);
    assert.equal(tb.status, 'confirmed');
    assert.equal((await slot(tueSlot.id)).booked_regular, tueSlot.booked_regular);
    assert.ok((await q("SELECT id FROM audit_log WHERE action = 'rules_update' AND entity_id = ?", [String(DEV)])).length >= 1, 'audited');

    // The agenda's free times follow too: the new band is offered to agents.
    const wedDay = localParts(wed[wed.length - 1].start_utc).isoDay;
    const free = await C.agentAnnecy.get(`/agent/creneaux?procedure=MARIAGE&personnes=1&jour=${wedDay}`);
    assert.ok(linksOf(free.text).some((h) => h.includes(`creneau=${wed[wed.length - 1].id}&`)), 'the new slots are bookable');
  });
});

describe('closure over booked appointments', () => {
  const DEV = DEVICE.annecyDr3;
  let run;
  const people = [];
  let preview;
  let fields;

  before(async () => {
    // Four free back-to-back places far ahead: three booked, one left free.
    run = await freeRunAt({ deviceIds: [DEV], party: 4, minHours: 24 * 30, maxHours: 24 * 80 });
    const contacts = [{ email: uniqueEmail('closure'), telephone: uniquePhone() }, { email: uniqueEmail('closure') }, { canal: 'counter' }];
    for (let i = 0; i < 3; i++) {
      const p = person();
      const r = await staffBookOk(C.agentAnnecy, { slotId: run.ids[i], persons: [p], canal: 'phone', ...contacts[i] });
      people.push({ ref: r.ref, p, ...contacts[i] });
    }
    const first = localParts(run.start_utc);
    const lastSlot = await slot(run.ids[3]);
    const end = localParts(lastSlot.end_utc);
    fields = { appareil: String(DEV), type: 'closure', du: first.frDay, de: first.hm, au: end.frDay, a: end.hm, motif: `Panne électrique ${tag(5)}` };
  });

  test('step 1: the preview lists the people affected; nothing changes yet', async () => {
    const caps = await q(`SELECT * FROM slots WHERE id IN (${run.ids.join(',')}) ORDER BY id`);
    preview = await staffPost(C.cadmin, '/agent/fermetures', fields);
    assert.equal(preview.status, 200, show(preview));
    const t = textOf(preview.text);
    for (const x of people) {
      assert.ok(t.includes(x.ref), `${x.ref} listed`);
      assert.ok(t.includes(x.p.nom), `${x.p.nom} listed`);
    }
    assert.match(t, /sans contact/, 'the person without contact is pointed out');
    for (const x of people) assert.equal((await bookingByRef(x.ref)).status, 'confirmed');
    assert.deepEqual(await q(`SELECT * FROM slots WHERE id IN (${run.ids.join(',')}) ORDER BY id`), caps, 'slots unchanged');
    assert.equal((await one('SELECT COUNT(*) AS n FROM closures WHERE reason = ?', [fields.motif])).n, 0);
  });

  test('step 2: confirmed — cancelled by the commune, each person told with a rebooking link, no free place left', async () => {
    const f = formsOf(preview.text).find((x) => x.action === '/agent/fermetures/confirmer');
    assert.ok(f, 'a confirmation form');
    const since = (await one('SELECT COALESCE(MAX(id), 0) AS id FROM outbox')).id;
    const res = await staffPost(C.cadmin, '/agent/fermetures/confirmer', Object.fromEntries(Object.entries(f.fields).filter(([k]) => k !== 'csrf')));
    assert.equal(res.status, 303, show(res));
    assert.equal(pathOf(res.location), '/agent/fermetures?ok=1');
    for (const x of people) {
      const b = await bookingByRef(x.ref);
      assert.equal(b.status, 'cancelled', x.ref);
      assert.equal(b.cancelled_by, 'commune');
    }
    const closure = await one('SELECT * FROM closures WHERE reason = ?', [fields.motif]);
    assert.ok(closure, 'the closure is recorded');
    assert.equal(closure.device_id, DEV);
    for (const s of await q(`SELECT * FROM slots WHERE id IN (${run.ids.join(',')})`)) {
      assert.equal(s.cap_regular, s.booked_regular, `slot ${s.id}: no free regular place`);
      assert.equal(s.cap_urgent, s.booked_urgent);
      assert.equal(s.cap_extreme, s.booked_extreme);
    }
    assert.equal((await q("SELECT id FROM audit_log WHERE action = 'closure' AND entity_id = ?", [String(DEV)])).length >= 1, true);
    for (const x of people) assert.equal((await audits('cancel_closure', x.ref)).length, 1, `audit of ${x.ref}`);
    const page = await C.cadmin.get('/agent/fermetures?ok=1');
    assert.ok(textOf(page.text).includes(fields.motif), 'listed among the closures to come');
    // The people with a contact are told, with a link to rebook in one step.
    const problems = [];
    for (const x of people.filter((y) => y.email || y.telephone)) {
      const msgs = (await outbox({ bookingRef: x.ref, since })).filter((m) => m.kind !== 'confirmed');
      if (!msgs.length) { problems.push(`${x.ref}: no message queued`); continue; }
      const link = msgs.map((m) => linkIn(m.body, `/rdv/${x.ref}/reprendre?t=`)).find(Boolean);
      if (!link) problems.push(`${x.ref}: no /rdv/${x.ref}/reprendre?t= link in ${msgs.map((m) => m.kind).join(',')}`);
      if (x.email && !msgs.some((m) => m.recipient === x.email)) problems.push(`${x.ref}: nothing to ${x.email}`);
    }
    assert.deepEqual(problems, [], 'each person with a contact gets a message with a rebooking link');
  });

  test('the rebooking link offers the next free times, bookable in one step with the same people', async () => {
    const x = people[0];
    const msgs = await outbox({ bookingRef: x.ref });
    const fromMsg = msgs.map((m) => linkIn(m.body, `/rdv/${x.ref}/reprendre?t=`)).find(Boolean);
    // The link as the message should carry it (computed when the message is missing).
    const link = fromMsg ? pathOf(fromMsg) : `/rdv/${x.ref}/reprendre?t=${await bookingToken(x.ref, 'rebook')}`;
    const c = new Client();
    const page = await c.get(link);
    assert.equal(page.status, 200, show(page));
    assert.ok(textOf(page.text).includes(x.ref));
    const form = formsOf(page.text).find((f) => f.action === `/rdv/${x.ref}/reprendre`);
    assert.ok(form, 'a one-step form');
    const offered = [...page.text.matchAll(/name="creneau" value="(\d+)"/g)].map((m) => Number(m[1]));
    assert.ok(offered.length > 0, 'free times offered');
    const offeredRows = await q(`SELECT s.id, s.start_utc, si.commune_id FROM slots s JOIN devices d ON d.id = s.device_id
                                  JOIN sites si ON si.id = d.site_id WHERE s.id IN (${offered.join(',')})`);
    assert.ok(offeredRows.every((r) => r.commune_id === COMMUNE.annecy), 'in the same commune');
    const sorted = [...offered].sort((a, b) => {
      const sa = offeredRows.find((r) => r.id === a).start_utc;
      const sb = offeredRows.find((r) => r.id === b).start_utc;
      return sa < sb ? -1 : sa > sb ? 1 : 0;
    });
    // Take one past the commune's minimum notice (2 hours): early in the day the first times offered are within 3 hours.
    const pick = sorted.find((id) => new Date(offeredRows.find((r) => r.id === id).start_utc.replace(' ', 'T') + 'Z') > Date.now() + 2 * 3600e3 + 60e3);
    assert.ok(pick, 'a time far enough ahead');
    const res = await c.post(`/rdv/${x.ref}/reprendre`, { csrf: form.fields.csrf, t: form.fields.t, creneau: String(pick) });
    assert.equal(res.status, 303, show(res));
    const m = pathOf(res.location).match(/^\/rdv\/([A-Z0-9]{8})\?t=[0-9a-f]{64}/);
    assert.ok(m, `to the new booking: ${res.location}`);
    const nb = await bookingByRef(m[1]);
    assert.notEqual(m[1], x.ref);
    assert.equal(nb.status, 'confirmed');
    assert.equal(nb.contact_email, x.email);
    assert.deepEqual((await bookingSlots(m[1])).map((s) => s.id), [pick]);
    const persons = await q('SELECT last_name, first_names, DATE_FORMAT(birth_date, "%d/%m/%Y") AS birth FROM booking_persons WHERE booking_id = ?', [nb.id]);
    assert.deepEqual(persons.map((p) => [p.last_name, p.birth]), [[x.p.nom, x.p.naissance]], 'the same person');
    assert.equal((await bookingByRef(x.ref)).status, 'cancelled', 'the old one stays cancelled');
    const bad = await new Client().get(`/rdv/${x.ref}/reprendre?t=${'0'.repeat(64)}`);
    assert.ok(bad.status >= 400 && bad.status < 500, `a forged link: ${show(bad)}`);
  });

  test('the rebooking page only offers times it accepts (minimum notice)', async () => {
    const x = people[1];
    const link = `/rdv/${x.ref}/reprendre?t=${await bookingToken(x.ref, 'rebook')}`;
    const c0 = await one('SELECT min_notice_hours FROM communes WHERE id = ?', [COMMUNE.annecy]);
    // A long notice for one page view makes the check independent of the time of day.
    await q('UPDATE communes SET min_notice_hours = 72 WHERE id = ?', [COMMUNE.annecy]);
    let page;
    try {
      page = await new Client().get(link);
    } finally {
      await q('UPDATE communes SET min_notice_hours = ? WHERE id = ?', [c0.min_notice_hours, COMMUNE.annecy]);
    }
    assert.equal(page.status, 200, show(page));
    const offered = [...page.text.matchAll(/name="creneau" value="(\d+)"/g)].map((m) => Number(m[1]));
    assert.ok(offered.length > 0);
    const early = await q(`SELECT id, start_utc FROM slots WHERE id IN (${offered.join(',')}) AND start_utc < UTC_TIMESTAMP() + INTERVAL 72 HOUR`);
    assert.deepEqual(early, [], 'no time inside the minimum notice (booking it would be refused)');
  });

  test('a later change of the grid keeps the closure (regenerated slots stay without places)', async () => {
    const page = await C.cadmin.get(`/agent/planning/${DEV}`);
    assert.equal(page.status, 200, show(page));
    const f = formsOf(page.text).find((x) => x.action === `/agent/planning/${DEV}`);
    const rulesBefore = await q('SELECT weekday, start_time, end_time, slot_minutes, cap_regular, cap_urgent, cap_extreme FROM opening_rules WHERE device_id = ? ORDER BY weekday, start_time', [DEV]);
    // The grid as shown, saved again as it is.
    const res = await staffPost(C.cadmin, `/agent/planning/${DEV}`, Object.fromEntries(Object.entries(f.fields).filter(([k]) => k !== 'csrf')));
    assert.equal(res.status, 303, show(res));
    assert.deepEqual(await q('SELECT weekday, start_time, end_time, slot_minutes, cap_regular, cap_urgent, cap_extreme FROM opening_rules WHERE device_id = ? ORDER BY weekday, start_time', [DEV]), rulesBefore, 'the same rules after a round trip through the page');
    for (const s of await q(`SELECT * FROM slots WHERE id IN (${run.ids.join(',')})`)) {
      assert.equal(s.cap_regular, s.booked_regular, `slot ${s.id} still closed`);
      assert.equal(s.cap_urgent, s.booked_urgent);
      assert.equal(s.cap_extreme, s.booked_extreme);
    }
  });

  test('what is typed in a closure is shown escaped', async () => {
    const motif = '<img src=x onerror=alert(1)>';
    const res = await staffPost(C.cadmin, '/agent/fermetures', { ...fields, du: '01/03/2030', au: '01/03/2030', de: '', a: '', motif });
    assert.equal(res.status, 200, show(res));
    assert.ok(!res.text.includes('<img src=x'), 'no raw markup');
    assert.ok(textOf(res.text).includes(motif), 'shown as text');
  });

  test('bad closure input: 422, a French message, values kept', async () => {
    const base = { appareil: String(DEV), type: 'closure', du: '01/03/2030', au: '02/03/2030', motif: 'Travaux' };
    const cases = [
      [{ du: '32/13/2030' }, /date/i, '32/13/2030'],
      [{ du: '05/03/2030', au: '01/03/2030' }, /La fin doit suivre le début/, '05/03/2030'],
      [{ de: '25h' }, /HH:MM/, '25h'],
      [{ type: 'vacances' }, /type/i, 'Travaux'],
      [{ motif: '' }, /obligatoire|Saisissez/, '01/03/2030'],
    ];
    for (const [over, re, kept] of cases) {
      const res = await staffPost(C.cadmin, '/agent/fermetures', { ...base, ...over });
      assert.equal(res.status, 422, `${JSON.stringify(over)}: ${show(res)}`);
      assert.match(textOf(res.text), re, JSON.stringify(over));
      assert.ok(res.text.includes(`value="${kept}"`), `${JSON.stringify(over)}: ${kept} kept`);
    }
  });
});

describe('commune settings', () => {
  test('GET shows the values; POST saves them (audited); bad values: 422 with the typed value kept', async () => {
    const c0 = await one('SELECT * FROM communes WHERE id = ?', [COMMUNE.annecy]);
    const page = await C.cadmin.get('/agent/parametres');
    assert.equal(page.status, 200, show(page));
    const f = formsOf(page.text).find((x) => x.action === '/agent/parametres');
    assert.equal(f.fields.rappel, String(c0.reminder_hours));
    assert.equal(f.fields.horizon, String(c0.horizon_days));
    assert.equal(f.fields.delai_min, String(c0.min_notice_hours));
    assert.equal(f.fields.limite_annulation, String(c0.cancel_limit_hours));
    const same = { rappel: String(c0.reminder_hours), horizon: String(c0.horizon_days), delai_min: String(c0.min_notice_hours), limite_annulation: String(c0.cancel_limit_hours) };
    try {
      const res = await staffPost(C.cadmin, '/agent/parametres', { ...same, rappel: '36' });
      assert.equal(res.status, 303, show(res));
      assert.equal((await one('SELECT reminder_hours FROM communes WHERE id = ?', [COMMUNE.annecy])).reminder_hours, 36);
      const again = await C.cadmin.get(pathOf(res.location));
      assert.match(textOf(again.text), /Paramètres enregistrés/);
      assert.ok(again.text.includes('value="36"'));
      const a = await q("SELECT details FROM audit_log WHERE action = 'settings_update' AND entity_id = ? ORDER BY id DESC LIMIT 1", [String(COMMUNE.annecy)]);
      assert.match(a[0].details, /reminder=36/);
      for (const [k, v, re] of [['rappel', '0', /Saisissez|entre|nombre/], ['horizon', 'abc', /Saisissez|nombre/], ['delai_min', '500', /Saisissez|entre|nombre/], ['limite_annulation', '-1', /Saisissez|entre|nombre/], ['rappel', '', /obligatoire/]]) {
        const bad = await staffPost(C.cadmin, '/agent/parametres', { ...same, [k]: v });
        assert.equal(bad.status, 422, `${k}=${v}: ${show(bad)}`);
        assert.match(textOf(bad.text), re, `${k}=${v}`);
        if (v) assert.ok(bad.text.includes(`value="${v}"`), `${k}=${v} kept`);
      }
      assert.equal((await one('SELECT reminder_hours FROM communes WHERE id = ?', [COMMUNE.annecy])).reminder_hours, 36, 'unchanged by the bad posts');
    } finally {
      await staffPost(C.cadmin, '/agent/parametres', same);
    }
    assert.equal((await one('SELECT reminder_hours FROM communes WHERE id = ?', [COMMUNE.annecy])).reminder_hours, c0.reminder_hours);
  });

  test('the platform administrator sets any commune (?commune=)', async () => {
    const c0 = await one('SELECT * FROM communes WHERE id = ?', [COMMUNE.thonon]);
    const page = await C.padmin.get(`/agent/parametres?commune=${COMMUNE.thonon}`);
    assert.equal(page.status, 200, show(page));
    assert.match(textOf(page.text), /Thonon-les-Bains/);
    const same = { commune: String(COMMUNE.thonon), rappel: String(c0.reminder_hours), horizon: String(c0.horizon_days), delai_min: String(c0.min_notice_hours), limite_annulation: String(c0.cancel_limit_hours) };
    try {
      const res = await staffPost(C.padmin, '/agent/parametres', { ...same, rappel: '24' });
      assert.equal(res.status, 303, show(res));
      assert.equal((await one('SELECT reminder_hours FROM communes WHERE id = ?', [COMMUNE.thonon])).reminder_hours, 24);
      assert.equal((await one('SELECT reminder_hours FROM communes WHERE id = ?', [COMMUNE.annecy])).reminder_hours, 48, 'Annecy untouched');
    } finally {
      await staffPost(C.padmin, '/agent/parametres', same);
    }
  });
});

describe('staff accounts and the audit log', () => {
  test('invite -> email with a link -> choose a password -> sign in; disable -> sessions end, sign-in fails', async () => {
    const t = tag(8);
    const email = `agent.${t}@example.org`;
    const nom = `Invite ${t[0].toUpperCase()}${t.slice(1)}`;
    const since = await lastOutboxId();
    const res = await staffPost(C.cadmin, '/agent/personnel', { nom, email, role: 'agent' });
    assert.equal(res.status, 200, show(res));
    assert.match(textOf(res.text), /Invitation envoyée/);
    assert.ok(textOf(res.text).includes(email), 'listed');
    const row = await staffRow(email);
    assert.ok(row);
    assert.equal(row.role, 'agent');
    assert.equal(row.commune_id, COMMUNE.annecy);
    assert.equal(row.password_hash, null, 'no password until chosen');
    assert.equal((await trySignIn(email, 'nimporte quoi du tout')).res.status, 401);
    assert.equal((await audits('staff_invite', row.id)).length, 1);
    const msgs = await outbox({ kind: 'invite', recipient: email, since });
    assert.equal(msgs.length, 1, 'an invitation email');
    const link = linkIn(msgs[0].body, '/agent/mot-de-passe/nouveau?t=');
    assert.ok(link, msgs[0].body);

    const c = new Client();
    const form = await c.get(pathOf(link));
    assert.equal(form.status, 200, show(form));
    const pw = `ma phrase secrete ${tag(6)} du guichet`;
    const setRes = await staffPost(c, '/agent/mot-de-passe/nouveau', { t: new URL(link).searchParams.get('t'), mot_de_passe: pw, confirmation: pw });
    assert.equal(setRes.status, 303, show(setRes));
    assert.match((await staffRow(email)).password_hash, /^\$argon2id\$/);
    const me = await signIn(email, pw);
    const home = await me.get('/agent/');
    assert.equal(home.status, 200);
    assert.ok(textOf(home.text).includes(nom));
    assert.equal((await C.cadmin.get(pathOf(link))).status, 410, 'the invitation link is used up');

    const dup = await staffPost(C.cadmin, '/agent/personnel', { nom, email, role: 'agent' });
    assert.equal(dup.status, 409, show(dup));
    assert.match(textOf(dup.text), /existe déjà/);

    assert.ok((await sessionsOf(row.id)).length >= 1);
    const dis = await staffPost(C.cadmin, `/agent/personnel/${row.id}/desactiver`);
    assert.equal(dis.status, 303, show(dis));
    assert.equal((await staffRow(email)).active, 0);
    assert.equal((await sessionsOf(row.id)).length, 0, 'its sessions are ended');
    assert.ok(isSignInRedirect(await me.get('/agent/')), 'signed out at once');
    assert.equal((await trySignIn(email, pw)).res.status, 401, 'sign-in fails');
    assert.equal((await audits('staff_disable', row.id)).length, 1);
    const list = await C.cadmin.get('/agent/personnel');
    assert.match(textOf(list.text), /désactivé/);
  });

  test('bad invitations: 422 with the values kept', async () => {
    const nom = `Personne ${tag(6)}`;
    const res = await staffPost(C.cadmin, '/agent/personnel', { nom, email: 'pas-une-adresse', role: 'agent' });
    assert.equal(res.status, 422, show(res));
    assert.ok(res.text.includes(`value="${nom}"`), 'name kept');
    assert.ok(res.text.includes('value="pas-une-adresse"'), 'email kept');
    const res2 = await staffPost(C.cadmin, '/agent/personnel', { nom, email: uniqueEmail('inv'), role: 'chef' });
    assert.equal(res2.status, 422, show(res2));
  });

  test('nobody disables themself', async () => {
    const res = await staffPost(C.cadmin, `/agent/personnel/${ids.cadmin}/desactiver`);
    assert.equal(res.status, 403, show(res));
    assert.equal((await staffRow(ACCOUNTS.cadmin)).active, 1);
  });

  test("the audit log shows the commune administrator its commune's actions: who, when, what, which record", async () => {
    const { ref } = await staffBookOk(C.agentAnnecy, { slotId: (await annecyRun()).id });
    await staffPost(C.agentAnnecy, `/agent/rdv/${ref}/annuler`);
    const res = await C.cadmin.get('/agent/journal');
    assert.equal(res.status, 200);
    const rows = res.text.split('<tr>').filter((r) => r.includes(ref)).map(textOf);
    assert.ok(rows.some((r) => /Antoine Agent/.test(r) && /\bbook\b/.test(r)), `the booking: ${rows}`);
    assert.ok(rows.some((r) => /Antoine Agent/.test(r) && /\bcancel\b/.test(r)), 'the cancellation');
    assert.ok(rows.every((r) => /\d{4}-\d\d-\d\d \d\d:\d\d/.test(r)), 'with the time');
    assert.ok(!textOf(res.text).includes('Thomas Guichet'), "no action of Thonon's agent");
  });
});
