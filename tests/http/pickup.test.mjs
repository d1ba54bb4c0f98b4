// pickup.test.mjs — the appointment to collect a title (retrait, issue
// #20): when an agent records the end of a filing, the first free pickup
// time at the same site after the commune's processing delay is proposed
// (checked against the database's free slots), booked linked to the filing
// with the pickup convocation, or skipped; one active pickup per filing;
// the delays on the settings page (validated, used); moving every pickup
// of a day when the titles are late (each moved on or after the new date,
// each person told, audited; refused to agents and to other communes).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, describe as show, linksOf, pathOf, person, textOf, uniqueEmail, uniquePhone } from '../lib/client.mjs';
import { bookingByRef, closeDb, one, q } from '../lib/db.mjs';
import {
  ACCOUNTS, COMMUNE, DEVICE, FORBIDDEN_RE, bookingToken, createStaff, freeRunAt, freeRunsAt, localParts, outbox,
  signIn, staffBookOk, staffPost, staffRow,
} from '../lib/staff.mjs';

const SITE_ANNECY = 1; // Hôtel de ville d'Annecy: DR 1 and DR 2
let C;
let agentId;
let savedDelays;
const PROC = {};

before(async () => {
  await q('DELETE FROM rate_events');
  C = {
    agent: await signIn(ACCOUNTS.agentAnnecy),
    cadmin: await signIn(ACCOUNTS.cadmin),
    partner: await signIn(ACCOUNTS.partner),
    agentThonon: await signIn(ACCOUNTS.agentThonon),
  };
  const thononAdmin = await createStaff({ role: 'commune_admin', communeId: COMMUNE.thonon });
  C.thononAdmin = await signIn(thononAdmin.email);
  agentId = (await staffRow(ACCOUNTS.agentAnnecy)).id;
  for (const r of await q('SELECT id, code FROM procedures')) PROC[r.code] = r.id;
  savedDelays = await q('SELECT * FROM pickup_delays WHERE commune_id = ?', [COMMUNE.annecy]);
  await setDelays({ CNI: 21, PASSEPORT: 15, CNI_PASSEPORT: 21 });
});

after(async () => {
  try {
    await q('DELETE FROM pickup_delays WHERE commune_id = ?', [COMMUNE.annecy]);
    for (const d of savedDelays) {
      await q('INSERT INTO pickup_delays (commune_id, procedure_id, days) VALUES (?, ?, ?)', [d.commune_id, d.procedure_id, d.days]);
    }
  } finally {
    await closeDb();
  }
});

async function setDelays(days) {
  await q('DELETE FROM pickup_delays WHERE commune_id = ?', [COMMUNE.annecy]);
  for (const [code, n] of Object.entries(days)) {
    await q('INSERT INTO pickup_delays (commune_id, procedure_id, days) VALUES (?, ?, ?)', [COMMUNE.annecy, PROC[code], n]);
  }
}

/** UTC 'YYYY-MM-DD HH:MM:SS' of local (Paris) midnight of an ISO day. */
function parisMidnightUtc(isoDay) {
  for (const off of [1, 2]) {
    const d = new Date(`${isoDay}T00:00:00Z`);
    d.setUTCHours(d.getUTCHours() - off);
    if (localParts(d.toISOString().slice(0, 19).replace('T', ' ')).isoDay === isoDay
        && localParts(d.toISOString().slice(0, 19).replace('T', ' ')).hm === '00:00') {
      return d.toISOString().slice(0, 19).replace('T', ' ');
    }
  }
  throw new Error(`no midnight for ${isoDay}`);
}

function addDays(isoDay, n) {
  const d = new Date(`${isoDay}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The devices of the Annecy town hall that offer the pickup. */
async function pickupDevices() {
  return (await q(`SELECT d.id FROM devices d JOIN device_procedures dp ON dp.device_id = d.id AND dp.procedure_id = ?
                    WHERE d.site_id = ? AND d.active = 1`, [PROC.RETRAIT, SITE_ANNECY])).map((r) => r.id);
}

/** Free pickup runs at the Annecy town hall from a local day on. */
async function pickupRunsFrom(isoDay) {
  const from = parisMidnightUtc(isoDay);
  const runs = await freeRunsAt({ procedure: 'RETRAIT', deviceIds: await pickupDevices(), excludeDevices: [], minHours: 0, maxHours: 24 * 120 });
  return runs.filter((r) => r.start_utc >= from);
}

/** A CNI filing at the Annecy town hall, booked by the agent, ended. */
async function finishedFiling({ procedure = 'CNI', persons = [person()], contact = true } = {}) {
  const run = await freeRunAt({ procedure, party: persons.length, deviceIds: [DEVICE.annecyDr1, DEVICE.annecyDr2], minHours: 4, maxHours: 24 * 6, among: 40 });
  const phone = uniquePhone();
  const email = uniqueEmail('retrait');
  const r = await staffBookOk(C.agent, { slotId: run.id, procedure, persons, canal: 'counter', ...(contact ? { telephone: phone, email } : {}) });
  const res = await staffPost(C.agent, `/agent/rdv/${r.ref}/pointage`, { etape: 'finished' });
  assert.equal(res.status, 303, show(res));
  return { ref: r.ref, persons, phone, email, res, row: await bookingByRef(r.ref) };
}

const firstSlotOf = (html) => {
  const m = html.match(/name="creneau" value="(\d+)"/);
  return m ? Number(m[1]) : null;
};

async function pickupsOf(filingId) {
  return q('SELECT * FROM bookings WHERE pickup_for = ? ORDER BY id', [filingId]);
}

describe('the pickup proposed when a filing ends', () => {
  test('finished -> the first free pickup time after the delay, booked: linked, confirmed, same people, convocation sent', async () => {
    const f = await finishedFiling({ persons: [person(), person()] });
    assert.equal(pathOf(f.res.location), `/agent/rdv/${f.ref}/retrait`, 'the end of a filing goes on to the pickup');
    assert.ok(f.row.finished_utc, 'finished recorded');
    const day = addDays(localParts(f.row.finished_utc).isoDay, 21);
    const runs = await pickupRunsFrom(day);
    assert.ok(runs.length > 0, `free pickup times from ${day}`);

    const page = await C.agent.get(`/agent/rdv/${f.ref}/retrait`);
    assert.equal(page.status, 200, show(page));
    assert.match(textOf(page.text), /21 jours/);
    assert.match(textOf(page.text), /Réserver ce retrait/);
    const slotId = firstSlotOf(page.text);
    const proposed = await one('SELECT * FROM slots WHERE id = ?', [slotId]);
    assert.equal(proposed.start_utc, runs[0].start_utc, `the first free pickup time on or after ${day}`);
    assert.ok(runs.filter((r) => r.start_utc === runs[0].start_utc).some((r) => r.id === slotId), 'a free run of that time');
    assert.ok((await pickupDevices()).includes(proposed.device_id), 'at the filing\'s site');
    // Other times are offered too, and a date picker, and the skip.
    assert.ok((page.text.match(/name="creneau"/g) || []).length > 1, 'other times');
    assert.match(page.text, /name="jour"/);
    assert.match(page.text, /name="passer" value="1"/);

    const res = await staffPost(C.agent, `/agent/rdv/${f.ref}/retrait`, { creneau: String(slotId) });
    assert.equal(res.status, 303, show(res));
    const m = pathOf(res.location).match(/^\/agent\/rdv\/([A-Z0-9]{8})\?nouveau=1$/);
    assert.ok(m, res.location);
    const p = await bookingByRef(m[1]);
    assert.equal(p.pickup_for, f.row.id, 'linked to the filing');
    assert.equal(p.procedure_id, PROC.RETRAIT);
    assert.equal(p.status, 'confirmed');
    assert.equal(p.channel, 'counter');
    assert.equal(p.created_by_staff, agentId);
    assert.equal(p.start_utc, proposed.start_utc);
    assert.equal(p.party_size, 2);
    assert.equal(p.contact_phone, f.row.contact_phone);
    assert.equal(p.contact_email, f.row.contact_email);
    const people = await q('SELECT last_name, first_names, birth_date, predemande FROM booking_persons WHERE booking_id = ? ORDER BY position', [p.id]);
    const filed = await q('SELECT last_name, first_names, birth_date FROM booking_persons WHERE booking_id = ? ORDER BY position', [f.row.id]);
    assert.deepEqual(people.map(({ predemande, ...x }) => x), filed, 'the same people');
    assert.ok(people.every((x) => x.predemande === null), 'no pre-application number on the pickup');
    const msgs = await outbox({ bookingRef: m[1], kind: 'pickup' });
    assert.deepEqual(msgs.map((x) => x.recipient).sort(), [f.email, f.phone.replace(/^0/, '+33')].sort(), 'the pickup convocation to both contacts');
    const mail = msgs.find((x) => x.channel === 'email');
    assert.match(mail.body, /retirer le titre/);
    assert.match(mail.body, /récépissé/);
    assert.equal((await outbox({ bookingRef: m[1], kind: 'confirmed' })).length, 0, 'not the ordinary confirmation');
    assert.equal((await q("SELECT * FROM audit_log WHERE action = 'pickup_book' AND entity_id = ?", [m[1]])).length, 1, 'audited');

    // Each booking's page names the other.
    const filing = await C.agent.get(`/agent/rdv/${f.ref}`);
    assert.ok(linksOf(filing.text).includes(`/agent/rdv/${m[1]}`), 'the filing links to its pickup');
    const pickup = await C.agent.get(`/agent/rdv/${m[1]}`);
    assert.ok(linksOf(pickup.text).includes(`/agent/rdv/${f.ref}`), 'the pickup links to its filing');
    // The person's own page says it is the pickup.
    const mine = await new Client().get(`/rdv/${m[1]}?t=${await bookingToken(m[1], 'manage')}`);
    assert.equal(mine.status, 200, show(mine));
    assert.match(textOf(mine.text), /Ce rendez-vous sert à retirer votre titre/);
    assert.match(textOf(mine.text), /Il a été fixé au dépôt de votre demande/);

    // A second pickup for the same filing is refused, whatever is posted.
    const again = await C.agent.get(`/agent/rdv/${f.ref}/retrait`);
    assert.equal(again.status, 409, show(again));
    assert.match(textOf(again.text), new RegExp(`déjà un rendez-vous de retrait \\(référence ${m[1]}\\)`));
    const other = runs.find((r) => r.start_utc !== runs[0].start_utc);
    const post2 = await staffPost(C.agent, `/agent/rdv/${f.ref}/retrait`, { creneau: String(other.id) });
    assert.equal(post2.status, 409, show(post2));
    assert.match(textOf(post2.text), /déjà un rendez-vous de retrait/);
    assert.equal((await pickupsOf(f.row.id)).length, 1, 'still one pickup');
    // The database refuses it too (the unique key of sql/017).
    const other2 = await staffBookOk(C.agent, { slotId: other.id, procedure: 'RETRAIT', canal: 'counter' });
    await assert.rejects(q('UPDATE bookings SET pickup_for = ? WHERE ref = ?', [f.row.id, other2.ref]), /Duplicate entry/);

    // Cancelled, the pickup no longer counts: a new one can be proposed.
    assert.equal((await staffPost(C.agent, `/agent/rdv/${m[1]}/annuler`)).status, 303);
    const reopened = await C.agent.get(`/agent/rdv/${f.ref}/retrait`);
    assert.equal(reopened.status, 200, show(reopened));
    assert.ok(firstSlotOf(reopened.text));
  });

  test('skip: no pickup, recorded, and the booking page offers it again', async () => {
    const f = await finishedFiling();
    const res = await staffPost(C.agent, `/agent/rdv/${f.ref}/retrait`, { passer: '1' });
    assert.equal(res.status, 303, show(res));
    assert.equal(pathOf(res.location), `/agent/rdv/${f.ref}?retrait=passe`);
    assert.equal((await pickupsOf(f.row.id)).length, 0, 'no pickup booked');
    assert.equal((await q("SELECT * FROM audit_log WHERE action = 'pickup_skip' AND entity_id = ?", [f.ref])).length, 1);
    const page = await C.agent.get(pathOf(res.location));
    assert.match(textOf(page.text), /Aucun rendez-vous de retrait n'a été pris/);
    assert.ok(linksOf(page.text).includes(`/agent/rdv/${f.ref}/retrait`));
  });

  test('another day picked, a time of another site or a non-pickup slot refused, a filing not finished refused', async () => {
    const f = await finishedFiling();
    const later = addDays(localParts(f.row.finished_utc).isoDay, 35);
    const page = await C.agent.get(`/agent/rdv/${f.ref}/retrait?jour=${later}`);
    assert.equal(page.status, 200, show(page));
    const runs = await pickupRunsFrom(later);
    const proposed = await one('SELECT start_utc FROM slots WHERE id = ?', [firstSlotOf(page.text)]);
    assert.equal(proposed.start_utc, runs[0].start_utc, `the first free time from ${later}`);
    assert.equal((await C.agent.get(`/agent/rdv/${f.ref}/retrait?jour=31/02/2030`)).status, 400);
    // Seynod (another site of the commune) and a CNI slot: refused, nothing booked.
    const seynod = await freeRunAt({ procedure: 'RETRAIT', deviceIds: [DEVICE.annecyDr3], minHours: 24 * 22, maxHours: 24 * 60 });
    for (const slot of [seynod.id, (await freeRunAt({ procedure: 'MARIAGE', deviceIds: [DEVICE.annecyWedding], minHours: 24 * 22, maxHours: 24 * 80 })).id]) {
      const r = await staffPost(C.agent, `/agent/rdv/${f.ref}/retrait`, { creneau: String(slot) });
      assert.equal(r.status, 400, show(r));
      assert.match(textOf(r.text), /Choisissez un horaire de retrait dans la liste/);
    }
    assert.equal((await pickupsOf(f.row.id)).length, 0);
    // Not finished yet.
    const run = await freeRunAt({ deviceIds: [DEVICE.annecyDr1, DEVICE.annecyDr2], minHours: 4, maxHours: 24 * 6, among: 40 });
    const open = await staffBookOk(C.agent, { slotId: run.id, canal: 'counter' });
    const arrived = await staffPost(C.agent, `/agent/rdv/${open.ref}/pointage`, { etape: 'arrived' });
    assert.equal(pathOf(arrived.location), `/agent/rdv/${open.ref}`, 'only the end proposes the pickup');
    const no = await C.agent.get(`/agent/rdv/${open.ref}/retrait`);
    assert.equal(no.status, 409, show(no));
    assert.match(textOf(no.text), /Le dépôt n'est pas terminé/);
    // Partners and another commune's agents: no access.
    for (const who of ['partner', 'agentThonon']) {
      const r = await C[who].get(`/agent/rdv/${f.ref}/retrait`);
      assert.equal(r.status, 403, `${who}: ${show(r)}`);
      assert.match(textOf(r.text), FORBIDDEN_RE);
      const p = await staffPost(C[who], `/agent/rdv/${f.ref}/retrait`, { creneau: String(runs[0].id) });
      assert.equal(p.status, 403);
    }
    assert.equal((await pickupsOf(f.row.id)).length, 0);
  });
});

describe('the processing delays (settings page)', () => {
  test('shown, validated (422, values kept, nothing saved), saved, audited, and used', async () => {
    await setDelays({ CNI: 21, PASSEPORT: 15, CNI_PASSEPORT: 21 });
    const page = await C.cadmin.get('/agent/parametres');
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`name="delai_${PROC.CNI}"[^>]*value="21"`));
    assert.match(page.text, new RegExp(`name="delai_${PROC.PASSEPORT}"[^>]*value="15"`));
    const before = await q('SELECT * FROM pickup_delays WHERE commune_id = ? ORDER BY procedure_id', [COMMUNE.annecy]);
    const bad = await staffPost(C.cadmin, '/agent/parametres/retraits', {
      commune: String(COMMUNE.annecy), [`delai_${PROC.CNI}`]: 'trois', [`delai_${PROC.PASSEPORT}`]: '12', [`delai_${PROC.CNI_PASSEPORT}`]: '400',
    });
    assert.equal(bad.status, 422, show(bad));
    assert.match(textOf(bad.text), /Saisissez un nombre entre 1 et 180/);
    assert.match(bad.text, /value="trois"/);
    assert.match(bad.text, /value="400"/);
    assert.match(bad.text, /value="12"/);
    assert.deepEqual(await q('SELECT * FROM pickup_delays WHERE commune_id = ? ORDER BY procedure_id', [COMMUNE.annecy]), before, 'nothing saved');
    // Refused to an agent and to another commune's administrator.
    for (const who of ['agent', 'thononAdmin']) {
      const r = await staffPost(C[who], '/agent/parametres/retraits', { commune: String(COMMUNE.annecy), [`delai_${PROC.CNI}`]: '3' });
      assert.equal(r.status, 403, `${who}: ${show(r)}`);
    }
    assert.deepEqual(await q('SELECT * FROM pickup_delays WHERE commune_id = ? ORDER BY procedure_id', [COMMUNE.annecy]), before, 'nothing saved');

    const ok = await staffPost(C.cadmin, '/agent/parametres/retraits', {
      commune: String(COMMUNE.annecy), [`delai_${PROC.CNI}`]: '10', [`delai_${PROC.PASSEPORT}`]: '', [`delai_${PROC.CNI_PASSEPORT}`]: '30',
    });
    assert.equal(ok.status, 303, show(ok));
    const saved = Object.fromEntries((await q('SELECT procedure_id, days FROM pickup_delays WHERE commune_id = ?', [COMMUNE.annecy])).map((r) => [r.procedure_id, r.days]));
    assert.deepEqual(saved, { [PROC.CNI]: 10, [PROC.CNI_PASSEPORT]: 30 }, 'CNI 10, passport none, both 30');
    const a = await one("SELECT * FROM audit_log WHERE action = 'pickup_delays' AND commune_id = ? ORDER BY id DESC LIMIT 1", [COMMUNE.annecy]);
    assert.match(a.details, /CNI=10/);
    assert.match(textOf((await C.cadmin.get(pathOf(ok.location))).text), /Délais enregistrés/);

    // Used: a CNI filing is proposed a pickup from ten days on...
    const f = await finishedFiling();
    const day = addDays(localParts(f.row.finished_utc).isoDay, 10);
    const p = await C.agent.get(`/agent/rdv/${f.ref}/retrait`);
    assert.equal(p.status, 200, show(p));
    assert.match(textOf(p.text), /10 jours/);
    const proposed = await one('SELECT start_utc FROM slots WHERE id = ?', [firstSlotOf(p.text)]);
    assert.equal(proposed.start_utc, (await pickupRunsFrom(day))[0].start_utc);
    // ...a passport filing none: the end of the filing stays on its page.
    const pf = await finishedFiling({ procedure: 'PASSEPORT' });
    assert.equal(pathOf(pf.res.location), `/agent/rdv/${pf.ref}`);
    const none = await C.agent.get(`/agent/rdv/${pf.ref}/retrait`);
    assert.equal(none.status, 409);
    assert.match(textOf(none.text), /n'a pas fixé de délai de fabrication/);
    await setDelays({ CNI: 21, PASSEPORT: 15, CNI_PASSEPORT: 21 });
  });
});

describe("moving a day's pickups (the titles are late)", () => {
  test('every pickup of the day moves on or after the new date, in order, each person told, audited; agents and other communes refused', async () => {
    await setDelays({ CNI: 21, PASSEPORT: 15, CNI_PASSEPORT: 21 });
    // A day 10 to 40 days ahead with free pickup times at the town hall.
    const all = await freeRunsAt({ procedure: 'RETRAIT', deviceIds: await pickupDevices(), excludeDevices: [], minHours: 24 * 10, maxHours: 24 * 40 });
    const byDay = new Map();
    for (const r of all) {
      const d = localParts(r.start_utc).isoDay;
      if (!byDay.has(d)) byDay.set(d, []);
      byDay.get(d).push(r);
    }
    const [day, dayRuns] = [...byDay.entries()].find(([, v]) => new Set(v.map((r) => r.start_utc)).size >= 3);
    const times = [...new Set(dayRuns.map((r) => r.start_utc))];
    // Two pickups proposed at filing, and one booked directly (no filing).
    const mine = [];
    for (const t of times.slice(0, 2)) {
      const f = await finishedFiling();
      const slot = dayRuns.find((r) => r.start_utc === t);
      const res = await staffPost(C.agent, `/agent/rdv/${f.ref}/retrait`, { creneau: String(slot.id) });
      assert.equal(res.status, 303, show(res));
      mine.push({ ref: pathOf(res.location).match(/rdv\/([A-Z0-9]{8})/)[1], phone: f.phone, email: f.email, oldSlot: slot.id });
    }
    const direct = await staffBookOk(C.agent, { slotId: dayRuns.find((r) => r.start_utc === times[2]).id, procedure: 'RETRAIT', canal: 'phone', telephone: uniquePhone() });
    mine.push({ ref: direct.ref });

    const list = await C.cadmin.get(`/agent/retraits?jour=${day}`);
    assert.equal(list.status, 200, show(list));
    for (const m of mine) assert.ok(list.text.includes(m.ref), `${m.ref} listed on ${day}`);

    const to = addDays(day, 7);
    const beforeRows = await Promise.all(mine.map((m) => bookingByRef(m.ref)));
    // Refused: an agent, another commune's administrator, a bad date.
    for (const who of ['agent', 'thononAdmin', 'partner']) {
      const r = await staffPost(C[who], '/agent/retraits', { commune: String(COMMUNE.annecy), du: day, au: to });
      assert.equal(r.status, 403, `${who}: ${show(r)}`);
      assert.match(textOf(r.text), FORBIDDEN_RE);
    }
    const bad = await staffPost(C.cadmin, '/agent/retraits', { commune: String(COMMUNE.annecy), du: day, au: addDays(day, -1) });
    assert.equal(bad.status, 422, show(bad));
    assert.match(textOf(bad.text), /La nouvelle date doit suivre le jour des retraits/);
    assert.match(bad.text, new RegExp(`value="${addDays(day, -1)}"`), 'the value kept');
    assert.deepEqual(await Promise.all(mine.map((m) => bookingByRef(m.ref))), beforeRows, 'nothing moved');

    const expectedFirst = (await pickupRunsFrom(to))[0].start_utc;
    const res = await staffPost(C.cadmin, '/agent/retraits', { commune: String(COMMUNE.annecy), du: day, au: to });
    assert.equal(res.status, 200, show(res));
    assert.match(textOf(res.text), /retraits déplacés/);
    const afterRows = await Promise.all(mine.map((m) => bookingByRef(m.ref)));
    const from = parisMidnightUtc(to);
    const devices = await pickupDevices();
    afterRows.forEach((b, i) => {
      assert.equal(b.status, 'confirmed', `${mine[i].ref} still confirmed`);
      assert.ok(b.start_utc >= from, `${mine[i].ref} on or after ${to}: ${b.start_utc}`);
      assert.ok(devices.includes(b.device_id), `${mine[i].ref} at the same site`);
      assert.equal(b.moved_count, 1);
    });
    assert.equal(afterRows[0].start_utc, expectedFirst, 'the first pickup takes the first free time');
    assert.ok(afterRows[0].start_utc <= afterRows[1].start_utc && afterRows[1].start_utc <= afterRows[2].start_utc, 'in their order');
    for (const m of mine.slice(0, 2)) {
      const slot = await one('SELECT COUNT(*) AS n FROM booking_slots bs JOIN bookings b ON b.id = bs.booking_id WHERE b.ref = ? AND bs.slot_id = ?', [m.ref, m.oldSlot]);
      assert.equal(slot.n, 0, 'the old time is freed');
      const msgs = await outbox({ bookingRef: m.ref, kind: 'pickup_moved' });
      assert.equal(msgs.length, 2, `${m.ref}: told by SMS and email`);
      assert.match(msgs.find((x) => x.channel === 'email').body, /pas encore arrivé en mairie/);
    }
    assert.equal((await outbox({ bookingRef: direct.ref, kind: 'pickup_moved' })).length, 1, 'the direct pickup told by SMS');
    for (const m of mine) {
      assert.equal((await q("SELECT * FROM audit_log WHERE action = 'pickup_move' AND entity_id = ?", [m.ref])).length, 1, `${m.ref} audited`);
    }
    const empty = await C.cadmin.get(`/agent/retraits?jour=${day}`);
    for (const m of mine) assert.ok(!empty.text.includes(m.ref), `${m.ref} no longer on ${day}`);
    const moved = await C.cadmin.get(`/agent/retraits?jour=${localParts(afterRows[0].start_utc).isoDay}`);
    assert.ok(moved.text.includes(mine[0].ref));
    // Nothing left to move that day.
    const again = await staffPost(C.cadmin, '/agent/retraits', { commune: String(COMMUNE.annecy), du: day, au: to });
    assert.equal(again.status, 422);
    assert.match(textOf(again.text), /rien à décaler/);
  });
});
