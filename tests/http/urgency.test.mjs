// urgency.test.mjs — urgent appointments and minors' places (issue #21 §4):
// the reason required of an agent booking on the urgent or extreme level
// and recorded with the agent; the public and partners kept off those
// levels; the online request (/urgence) confirmed by a code, its errors in
// French with the values kept, its limits; the commune's queue visible to
// its own agents only; granting (a real booking on the urgent level, the
// person told) and refusing (the person told why); the statistics and
// their CSV; the minors-only band of the quota grid: adults refused on its
// places (public and agent), a party of minors accepted, the searches
// consistent with it.
//
// The test has a device of its own in Annecy ("Test urgences", created
// once, its grid saved through the rules page): on one weekday, 06:00-06:30
// regular places for minors only plus one urgent place a slot, 06:30-07:00
// one ordinary regular place. Early morning hours nobody else's grid has.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Client, describe as show, pathOf, person, textOf, uniqueEmail } from '../lib/client.mjs';
import { bookingByRef, clearRateLimits, closeDb, one, q } from '../lib/db.mjs';
import { postBooking } from '../lib/flow.mjs';
import {
  ACCOUNTS, COMMUNE, FORBIDDEN_RE, freeRunAt, outbox, signIn, staffBook, staffPost, staffRow,
} from '../lib/staff.mjs';
import { getCsv } from '../lib/stats.mjs';

const DEVICE_NAME = 'Test urgences';
const SITE = 1;            // Annecy, Hôtel de ville
let device;                // its id
let day;                   // YYYY-MM-DD (local), the first test day
let S = {};                // slot ids of that day: m600, m615 (minors), r630, r645 (regular)
let C;                     // signed-in clients

function frDate(ymd) {
  const [y, m, d] = ymd.split('-');
  return `${d}/${m}/${y}`;
}

function yearsAgo(n, plusDays = 0) {
  const d = new Date();
  d.setFullYear(d.getFullYear() - n);
  d.setDate(d.getDate() + plusDays);
  return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
}

const minor = () => ({ ...person(), naissance: yearsAgo(10), predemande: undefined });
const adult = () => ({ ...person(), predemande: undefined });

/** The slots of the test device on `ymd` keyed by local HHMM. */
async function slotsOf(ymd) {
  const rows = await q(`SELECT id, DATE_FORMAT(CONVERT_TZ(start_utc, 'UTC', 'Europe/Paris'), '%H%i') AS hm,
      cap_regular, cap_urgent, cap_minors, booked_regular, booked_urgent, booked_minors FROM slots
      WHERE device_id = ? AND DATE(CONVERT_TZ(start_utc, 'UTC', 'Europe/Paris')) = ? ORDER BY start_utc`, [device, ymd]);
  return Object.fromEntries(rows.map((r) => [r.hm, r]));
}

const slotRow = (id) => one('SELECT * FROM slots WHERE id = ?', [id]);

/** Cancels (SQL) the test device's bookings and gives their places back. */
async function freeDevice() {
  const bs = await q("SELECT id FROM bookings WHERE device_id = ? AND status IN ('held', 'confirmed')", [device]);
  for (const b of bs) {
    await q(`UPDATE slots s JOIN booking_slots bs ON bs.slot_id = s.id JOIN bookings b ON b.id = bs.booking_id
               SET s.booked_regular = s.booked_regular - (bs.minors = 0 AND b.level = 'regular'),
                   s.booked_minors = s.booked_minors - (bs.minors = 1),
                   s.booked_urgent = s.booked_urgent - (b.level = 'urgent'),
                   s.booked_extreme = s.booked_extreme - (b.level = 'extreme')
             WHERE bs.booking_id = ?`, [b.id]);
    await q('DELETE FROM booking_slots WHERE booking_id = ?', [b.id]);
    await q('DELETE FROM person_locks WHERE booking_id = ?', [b.id]);
    await q("UPDATE bookings SET status = 'cancelled', cancelled_by = 'commune', cancelled_utc = UTC_TIMESTAMP() WHERE id = ?", [b.id]);
  }
}

before(async () => {
  await clearRateLimits();
  C = {
    agent: await signIn(ACCOUNTS.agentAnnecy),
    cadmin: await signIn(ACCOUNTS.cadmin),
    agentThonon: await signIn(ACCOUNTS.agentThonon),
    partner: await signIn(ACCOUNTS.partner),
    padmin: await signIn(ACCOUNTS.padmin),
  };
  let d = await one('SELECT id FROM devices WHERE site_id = ? AND name = ?', [SITE, DEVICE_NAME]);
  if (!d) {
    const r = await q("INSERT INTO devices (site_id, name, kind, active) VALUES (?, ?, 'dr', 1)", [SITE, DEVICE_NAME]);
    d = { id: r.insertId };
    await q("INSERT INTO device_procedures (device_id, procedure_id) SELECT ?, id FROM procedures WHERE code = 'CNI'", [d.id]);
  }
  device = d.id;
  await q('UPDATE devices SET active = 1 WHERE id = ?', [device]);
  await freeDevice();
  // The grid, through the rules page: Wednesdays (3).
  const grid = {
    r0_jour: '3', r0_debut: '06:00', r0_fin: '06:30', r0_duree: '15', r0_normal: '1', r0_urgence: '1', r0_extreme: '1',
    r0_mineurs: '1', r0_du: '', r0_au: '',
    r1_jour: '3', r1_debut: '06:30', r1_fin: '07:00', r1_duree: '15', r1_normal: '1', r1_urgence: '0', r1_extreme: '0',
    r1_du: '', r1_au: '',
  };
  const saved = await staffPost(C.cadmin, `/agent/planning/${device}`, grid);
  if (saved.status === 409 && /name="retire"/.test(saved.text)) {
    // Slots of an earlier run to confirm away (none are booked).
    const n = saved.text.match(/name="retire" value="(\d+)"/);
    const again = await staffPost(C.cadmin, `/agent/planning/${device}`, { ...grid, retire: n[1] });
    assert.equal(again.status, 303, show(again));
  } else assert.equal(saved.status, 303, show(saved));
  // The first Wednesday at least 3 days away.
  const r = await one(`SELECT DATE(CONVERT_TZ(MIN(start_utc), 'UTC', 'Europe/Paris')) AS d FROM slots
      WHERE device_id = ? AND start_utc > UTC_TIMESTAMP() + INTERVAL 3 DAY`, [device]);
  day = r.d instanceof Date ? r.d.toISOString().slice(0, 10) : String(r.d).slice(0, 10);
  const s = await slotsOf(day);
  S = { m600: s['0600'].id, m615: s['0615'].id, r630: s['0630'].id, r645: s['0645'].id };
});

after(async () => {
  if (device) {
    await freeDevice();
    // Out of everyone's way until the next run.
    await q('UPDATE devices SET active = 0 WHERE id = ?', [device]);
  }
  await closeDb();
});

describe('minors-only band of the quota grid', () => {
  test('the rules page saves the flag and the slots get minors-only places', async () => {
    const s = await slotsOf(day);
    assert.deepEqual([s['0600'].cap_regular, s['0600'].cap_minors, s['0600'].cap_urgent], [0, 1, 1], 'minors band');
    assert.deepEqual([s['0630'].cap_regular, s['0630'].cap_minors], [1, 0], 'ordinary band');
    const rule = await one("SELECT minors_only FROM opening_rules WHERE device_id = ? AND start_time = '06:00:00'", [device]);
    assert.equal(rule.minors_only, 1);
    const page = await C.cadmin.get(`/agent/planning/${device}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /id="r0_mineurs" name="r0_mineurs" type="checkbox" value="1" checked/);
    assert.doesNotMatch(page.text, /id="r1_mineurs" name="r1_mineurs" type="checkbox" value="1" checked/);
  });

  test('an adult is refused on a minors-only place (public), a party of minors gets it', async () => {
    const before_ = await slotRow(S.m600);
    const refused = await postBooking({ slotId: S.m600, persons: [adult()] });
    assert.equal(refused.res.status, 409, show(refused.res));
    assert.equal((await slotRow(S.m600)).booked_minors, before_.booked_minors, 'no place taken');
    // One minor and one adult: not all minors, refused too.
    const mixed = await postBooking({ slotId: S.m600, persons: [minor(), adult()] });
    assert.ok([409, 400].includes(mixed.res.status), show(mixed.res));
    const ok = await postBooking({ slotId: S.m600, persons: [minor()] });
    assert.equal(ok.res.status, 303, show(ok.res));
    const ref = pathOf(ok.res.location).match(/\/confirmer\/([A-Z0-9]{8})/)[1];
    const b = await bookingByRef(ref);
    const links = await q('SELECT minors FROM booking_slots WHERE booking_id = ?', [b.id]);
    assert.deepEqual(links.map((l) => l.minors), [1], 'taken in the minors pool');
    const after_ = await slotRow(S.m600);
    assert.equal(after_.booked_minors, 1);
    assert.equal(after_.booked_regular, 0);
    // Giving the hold up frees the minors' place.
    const h = ok.res.location.match(/h=([0-9a-f]+)/i)[1];
    const gu = await ok.client.post(`/confirmer/${ref}/abandonner`, { csrf: await ok.client.csrf(), h });
    assert.ok([200, 303].includes(gu.status), show(gu));
    assert.equal((await slotRow(S.m600)).booked_minors, 0, 'the minors place is back');
  });

  test('a minor on an ordinary slot takes an ordinary place; an adult is never given a minors place', async () => {
    const ok = await postBooking({ slotId: S.r630, persons: [minor()] });
    assert.equal(ok.res.status, 303, show(ok.res));
    const r = await slotRow(S.r630);
    assert.equal(r.booked_regular, 1);
    assert.equal(r.booked_minors, 0);
    // That ordinary place is gone: an adult cannot fall back on anything.
    const refused = await postBooking({ slotId: S.r630, persons: [adult()] });
    assert.equal(refused.res.status, 409, show(refused.res));
    await freeDevice();
  });

  test('agent: adult refused on minors places, all-minors party accepted (both pools used when needed)', async () => {
    const refused = await staffBook(C.agent, { slotId: S.m615, persons: [adult()], canal: 'phone' });
    assert.equal(refused.res.status, 409, show(refused.res));
    assert.equal((await slotRow(S.m615)).booked_minors, 0);
    const ok = await staffBook(C.agent, { slotId: S.m615, persons: [minor()], canal: 'phone' });
    assert.equal(ok.res.status, 303, show(ok.res));
    const b = await bookingByRef(ok.ref);
    assert.equal(b.level, 'regular');
    assert.equal((await slotRow(S.m615)).booked_minors, 1);
    // Cancelling by the agent gives the minors' place back.
    const cancel = await staffPost(C.agent, `/agent/rdv/${ok.ref}/annuler`, {});
    assert.equal(cancel.status, 303, show(cancel));
    assert.equal((await slotRow(S.m615)).booked_minors, 0);
  });

  test('searches: the public day and the agent free times show minors places only to a party of minors', async () => {
    const site = await new Client().get(`/site/${SITE}?procedure=CNI&personnes=1&jour=${day}`);
    assert.equal(site.status, 200, show(site));
    assert.ok(site.text.includes(`creneau=${S.r630}&`), 'the ordinary time is offered');
    assert.ok(!site.text.includes(`creneau=${S.m600}&`), 'the minors-only time is not offered to the public search');
    const plain = await C.agent.get(`/agent/creneaux?procedure=CNI&personnes=1&niveau=regular&jour=${day}`);
    assert.equal(plain.status, 200);
    assert.ok(plain.text.includes(`creneau=${S.r630}&`));
    assert.ok(!plain.text.includes(`creneau=${S.m600}&`), 'not offered to an adult party');
    const minors = await C.agent.get(`/agent/creneaux?procedure=CNI&personnes=1&niveau=regular&mineurs=1&jour=${day}`);
    assert.equal(minors.status, 200);
    assert.ok(minors.text.includes(`creneau=${S.m600}&`), 'offered to a party of minors');
    assert.ok(minors.text.includes(`creneau=${S.r630}&`), 'ordinary places too');
    assert.match(minors.text, /id="mineurs" name="mineurs" type="checkbox" value="1" checked/);
  });
});

describe('urgent and extreme levels', () => {
  test('an agent booking on the urgent level needs a reason, recorded with the agent', async () => {
    const p = adult();
    const missing = await staffBook(C.agent, { slotId: S.m600, niveau: 'urgent', persons: [p], canal: 'phone' });
    assert.equal(missing.res.status, 422, show(missing.res));
    assert.match(textOf(missing.res.text), /Indiquez le motif de l'urgence/);
    assert.ok(missing.res.text.includes(`value="${p.nom}"`), 'typed values kept');
    assert.equal((await slotRow(S.m600)).booked_urgent, 0);
    const bad = await staffBook(C.agent, { slotId: S.m600, niveau: 'urgent', persons: [p], canal: 'phone',
      extra: { motif_urgence: 'caprice' } });
    assert.equal(bad.res.status, 422, show(bad.res));
    const ok = await staffBook(C.agent, { slotId: S.m600, niveau: 'urgent', persons: [p], canal: 'phone',
      extra: { motif_urgence: 'expiring', detail_urgence: 'titre expirant dans 12 jours' } });
    assert.equal(ok.res.status, 303, show(ok.res));
    const b = await bookingByRef(ok.ref);
    assert.equal(b.level, 'urgent');
    const me = await staffRow(ACCOUNTS.agentAnnecy);
    const u = await one('SELECT * FROM booking_urgency WHERE booking_id = ?', [b.id]);
    assert.equal(u.reason, 'expiring');
    assert.equal(u.detail, 'titre expirant dans 12 jours');
    assert.equal(u.granted_by, me.id);
    const page = await C.agent.get(`/agent/rdv/${ok.ref}`);
    assert.match(textOf(page.text), /Urgence Titre expirant prochainement — titre expirant dans 12 jours — accordée par/);
    const audit = await one("SELECT * FROM audit_log WHERE action = 'book_urgent' AND entity_id = ?", [ok.ref]);
    assert.ok(audit, 'audited');
  });

  test('the extreme level needs a reason too', async () => {
    const missing = await staffBook(C.agent, { slotId: S.m615, niveau: 'extreme', persons: [adult()], canal: 'phone' });
    assert.equal(missing.res.status, 422, show(missing.res));
    const ok = await staffBook(C.agent, { slotId: S.m615, niveau: 'extreme', persons: [adult()], canal: 'phone',
      extra: { motif_urgence: 'health' } });
    assert.equal(ok.res.status, 303, show(ok.res));
    const u = await one('SELECT u.reason FROM booking_urgency u JOIN bookings b ON b.id = u.booking_id WHERE b.ref = ?', [ok.ref]);
    assert.equal(u.reason, 'health');
    await freeDevice();
  });

  test('the public and partners cannot book on the urgent level', async () => {
    // 06:15 has an urgent place and no regular one for adults.
    const pub = await postBooking({ slotId: S.m615, persons: [adult()], extra: { niveau: 'urgent' } });
    assert.equal(pub.res.status, 409, show(pub.res));
    const partner = await staffBook(C.partner, { slotId: S.m615, niveau: 'urgent', persons: [adult()],
      extra: { motif_urgence: 'travel' } });
    assert.equal(partner.res.status, 409, show(partner.res));
    const s = await slotRow(S.m615);
    assert.equal(s.booked_urgent, 0, 'no urgent place taken');
    // On an ordinary slot the partner's booking is a regular one whatever it asks.
    const ord = await staffBook(C.partner, { slotId: S.r645, niveau: 'urgent', persons: [adult()] });
    assert.equal(ord.res.status, 303, show(ord.res));
    assert.equal((await bookingByRef(ord.ref)).level, 'regular');
    const none = await one('SELECT COUNT(*) AS n FROM booking_urgency u JOIN bookings b ON b.id = u.booking_id WHERE b.ref = ?', [ord.ref]);
    assert.equal(Number(none.n), 0);
    await freeDevice();
  });
});

// ------------------------------------------------------- online requests

function requestFields(p, extra = {}) {
  return {
    procedure: 'CNI', site: String(SITE), motif: 'expiring', echeance: frDate(day), explication: 'Titre expiré bientôt',
    nom_1: p.nom, prenoms_1: p.prenoms, naissance_1: p.naissance, email: uniqueEmail('urg'), canal: 'email',
    consentement: '1', ...extra,
  };
}

async function requestCode(ref) {
  const r = await one(`SELECT o.body FROM outbox o JOIN urgency_requests u ON o.idem_key LIKE CONCAT('urg_code:', u.id, ':%')
                        WHERE u.ref = ? ORDER BY o.id DESC LIMIT 1`, [ref]);
  return r && String(r.body).match(/(?<!\d)(\d{6})(?!\d)/)[1];
}

/** Sends a request and confirms it: {client, ref, statusPath, email, p}. */
async function sendRequest(extra = {}) {
  const client = new Client();
  const p = adult();
  const f = requestFields(p, extra);
  const res = await client.post('/urgence', { csrf: await client.csrf(), ...f });
  assert.equal(res.status, 303, show(res));
  const m = pathOf(res.location).match(/^\/urgence\/([A-Z0-9]{8})\/code\?h=([0-9a-f]{24})$/);
  assert.ok(m, res.location);
  const code = await requestCode(m[1]);
  const ok = await client.post(`/urgence/${m[1]}/code`, { csrf: await client.csrf(), h: m[2], code });
  assert.equal(ok.status, 303, show(ok));
  const statusPath = pathOf(ok.location);
  assert.match(statusPath, /^\/urgence\/[A-Z0-9]{8}\?t=[0-9a-f]{24}&envoyee=1$/);
  return { client, ref: m[1], statusPath, email: f.email, p, codePath: pathOf(res.location) };
}

describe('asking online', () => {
  test('the form, its errors in French with the values kept', async () => {
    const client = new Client();
    const page = await client.get('/urgence?procedure=CNI&site=1');
    assert.equal(page.status, 200);
    assert.match(page.text, /<option value="1" selected>/);
    const p = adult();
    const bad = await client.post('/urgence', { csrf: await client.csrf(), ...requestFields(p, {
      motif: '', echeance: '', telephone: '0100', email: '', consentement: '' }) });
    assert.equal(bad.status, 422, show(bad));
    const t = textOf(bad.text);
    assert.match(t, /Le formulaire contient des erreurs/);
    assert.match(t, /Ce champ est obligatoire|Choisissez le motif/);
    assert.ok(bad.text.includes(`value="${p.nom}"`), 'name kept');
    assert.ok(bad.text.includes('Titre expiré bientôt'), 'explanation kept');
    // A dated reason without its date.
    const nodate = await client.post('/urgence', { csrf: await client.csrf(), ...requestFields(p, { echeance: '' }) });
    assert.equal(nodate.status, 422, show(nodate));
    assert.match(textOf(nodate.text), /Indiquez la date d'expiration du titre/);
    const travel = await client.post('/urgence', { csrf: await client.csrf(), ...requestFields(p, { motif: 'travel', echeance: '01/01/2020' }) });
    assert.equal(travel.status, 422, show(travel));
    assert.match(textOf(travel.text), /La date du voyage ne peut pas être passée/);
    const nosite = await client.post('/urgence', { csrf: await client.csrf(), ...requestFields(p, { site: '999999' }) });
    assert.equal(nosite.status, 422, show(nosite));
    assert.match(textOf(nosite.text), /Choisissez un lieu de rendez-vous de la liste/);
    // Without the CSRF token nothing is stored.
    const n0 = await one('SELECT COUNT(*) AS n FROM urgency_requests');
    const nocsrf = await client.post('/urgence', requestFields(p));
    assert.equal(nocsrf.status, 403, show(nocsrf));
    assert.equal((await one('SELECT COUNT(*) AS n FROM urgency_requests')).n, n0.n);
  });

  test('the code confirms it: wrong code counted, right code sends it to the commune', async () => {
    const client = new Client();
    const p = adult();
    const f = requestFields(p);
    const res = await client.post('/urgence', { csrf: await client.csrf(), ...f });
    assert.equal(res.status, 303, show(res));
    const [, ref, h] = pathOf(res.location).match(/^\/urgence\/([A-Z0-9]{8})\/code\?h=([0-9a-f]{24})$/);
    const row = await one('SELECT * FROM urgency_requests WHERE ref = ?', [ref]);
    assert.equal(row.status, 'pending_code');
    assert.equal(row.commune_id, COMMUNE.annecy);
    assert.equal(row.last_name, p.nom);
    assert.equal(row.reason, 'expiring');
    const codePage = await client.get(pathOf(res.location));
    assert.equal(codePage.status, 200);
    assert.ok(!codePage.text.includes(f.email), 'the contact is masked');
    const code = await requestCode(ref);
    assert.match(code, /^\d{6}$/);
    const wrong = await client.post(`/urgence/${ref}/code`, { csrf: await client.csrf(), h, code: code === '000000' ? '111111' : '000000' });
    assert.equal(wrong.status, 422, show(wrong));
    assert.match(textOf(wrong.text), /Ce code n'est pas le bon. Il vous reste 4 essais/);
    const bad = await client.get(`/urgence/${ref}/code?h=${'0'.repeat(24)}`);
    assert.equal(bad.status, 404);
    const ok = await client.post(`/urgence/${ref}/code`, { csrf: await client.csrf(), h, code });
    assert.equal(ok.status, 303, show(ok));
    assert.equal((await one('SELECT status FROM urgency_requests WHERE ref = ?', [ref])).status, 'waiting');
    const status = await client.get(pathOf(ok.location));
    assert.equal(status.status, 200);
    assert.match(textOf(status.text), /Votre demande est transmise à la mairie/);
    assert.match(textOf(status.text), /La mairie étudie votre demande/);
  });

  test('at most 3 codes an hour to one contact', async () => {
    const email = uniqueEmail('urglim');
    const client = new Client();
    for (let i = 0; i < 3; i++) {
      const r = await client.post('/urgence', { csrf: await client.csrf(), ...requestFields(adult(), { email }) });
      assert.equal(r.status, 303, show(r));
    }
    const p = adult();
    const r = await client.post('/urgence', { csrf: await client.csrf(), ...requestFields(p, { email }) });
    assert.equal(r.status, 429, show(r));
    assert.match(textOf(r.text), /Trop de codes ont été envoyés à ce contact/);
    assert.ok(r.text.includes(`value="${p.nom}"`), 'values kept');
  });
});

describe("the commune's queue", () => {
  let req;
  before(async () => { req = await sendRequest(); });

  test("visible to that commune's agents only", async () => {
    const list = await C.agent.get('/agent/urgences');
    assert.equal(list.status, 200);
    assert.ok(list.text.includes(`/agent/urgences/${req.ref}`), 'listed for Annecy');
    const other = await C.agentThonon.get('/agent/urgences');
    assert.equal(other.status, 200);
    assert.ok(!other.text.includes(req.ref), 'not listed for Thonon');
    const one_ = await C.agentThonon.get(`/agent/urgences/${req.ref}`);
    assert.equal(one_.status, 403);
    assert.match(textOf(one_.text), FORBIDDEN_RE);
    const grant = await staffPost(C.agentThonon, `/agent/urgences/${req.ref}/accorder`, { creneau: String(S.m600) });
    assert.equal(grant.status, 403);
    const refuse = await staffPost(C.agentThonon, `/agent/urgences/${req.ref}/refuser`, { motif: 'non' });
    assert.equal(refuse.status, 403);
    assert.equal((await one('SELECT status FROM urgency_requests WHERE ref = ?', [req.ref])).status, 'waiting');
    const partner = await C.partner.get('/agent/urgences');
    assert.equal(partner.status, 403);
    const anon = await new Client().get('/agent/urgences');
    assert.equal(anon.status, 303);
    // The platform administrator picks a commune, then sees its queue.
    const pick = await C.padmin.get('/agent/urgences');
    assert.equal(pick.status, 200);
    assert.ok(pick.text.includes('/agent/urgences?commune=1'));
    const pa = await C.padmin.get('/agent/urgences?commune=1');
    assert.ok(pa.text.includes(req.ref));
  });

  test('granting: a real booking on the urgent level, the person told with the manage link', async () => {
    const page = await C.agent.get(`/agent/urgences/${req.ref}?jour=${frDate(day)}`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(`value="${S.m600}"`), 'the urgent times of the day are offered');
    assert.ok(!page.text.includes(`value="${S.r630}"`), 'not the times without an urgent place');
    // Another commune's time is refused.
    const thononRun = await freeRunAt({ level: 'urgent', communeId: COMMUNE.thonon, minHours: 30 }).catch(() => null);
    if (thononRun) {
      const wrong = await staffPost(C.agent, `/agent/urgences/${req.ref}/accorder`, { creneau: String(thononRun.id) });
      assert.equal(wrong.status, 422, show(wrong));
      assert.match(textOf(wrong.text), /n'est pas un horaire de la commune/);
    }
    const nocsrf = await C.agent.post(`/agent/urgences/${req.ref}/accorder`, { creneau: String(S.m600) });
    assert.equal(nocsrf.status, 403);
    const since = (await one('SELECT COALESCE(MAX(id), 0) AS m FROM outbox')).m;
    const ok = await staffPost(C.agent, `/agent/urgences/${req.ref}/accorder`, { creneau: String(S.m600) });
    assert.equal(ok.status, 303, show(ok));
    const row = await one('SELECT * FROM urgency_requests WHERE ref = ?', [req.ref]);
    assert.equal(row.status, 'granted');
    const me = await staffRow(ACCOUNTS.agentAnnecy);
    assert.equal(row.decided_by, me.id);
    const b = await one('SELECT * FROM bookings WHERE id = ?', [row.booking_id]);
    assert.equal(b.level, 'urgent');
    assert.equal(b.status, 'confirmed');
    assert.equal(b.contact_email, req.email);
    assert.equal((await slotRow(S.m600)).booked_urgent, 1);
    const u = await one('SELECT * FROM booking_urgency WHERE booking_id = ?', [b.id]);
    assert.equal(u.request_id, row.id);
    assert.equal(u.granted_by, me.id);
    assert.equal(u.reason, 'expiring');
    const msgs = await outbox({ recipient: req.email, since });
    const conf = msgs.find((m) => m.kind === 'confirmed');
    assert.ok(conf, `a convocation for ${req.email}: ${JSON.stringify(msgs.map((m) => m.kind))}`);
    assert.match(String(conf.body), /\/rdv\/[A-Z0-9]{8}\?t=/, 'with the manage link');
    assert.ok(await one("SELECT 1 FROM audit_log WHERE action = 'urgency_grant' AND entity_id = ?", [req.ref]));
    // Decided once: a second grant changes nothing.
    const again = await staffPost(C.agent, `/agent/urgences/${req.ref}/accorder`, { creneau: String(S.m615) });
    assert.equal(again.status, 409, show(again));
    assert.equal((await slotRow(S.m615)).booked_urgent, 0);
    const status = await req.client.get(req.statusPath.replace(/&.*$/, ''));
    assert.match(textOf(status.text), /La mairie vous a accordé un rendez-vous urgent/);
    const detail = await C.agent.get(`/agent/urgences/${req.ref}`);
    assert.ok(detail.text.includes(`/agent/rdv/${b.ref}`));
  });

  test('two agents granting at once: one booking, the other told it is done', async () => {
    const r2 = await sendRequest();
    const other = await signIn(ACCOUNTS.cadmin);
    const [a, b] = await Promise.all([
      staffPost(C.agent, `/agent/urgences/${r2.ref}/accorder`, { creneau: String(S.m615) }),
      staffPost(other, `/agent/urgences/${r2.ref}/accorder`, { creneau: String(S.m615) }),
    ]);
    const codes = [a.status, b.status].sort();
    assert.deepEqual(codes, [303, 409], `${show(a)} / ${show(b)}`);
    const n = await one(`SELECT COUNT(*) AS n FROM booking_urgency u JOIN urgency_requests r ON r.id = u.request_id
                          WHERE r.ref = ?`, [r2.ref]);
    assert.equal(Number(n.n), 1);
    const s = await slotRow(S.m615);
    assert.equal(s.booked_urgent, 1);
    assert.ok(s.booked_urgent <= s.cap_urgent);
  });

  test('refusing: a reason required, the person told why', async () => {
    const r3 = await sendRequest({ motif: 'lost', echeance: '' });
    const empty = await staffPost(C.agent, `/agent/urgences/${r3.ref}/refuser`, { motif: '' });
    assert.equal(empty.status, 422, show(empty));
    assert.match(textOf(empty.text), /Ce champ est obligatoire/);
    const since = (await one('SELECT COALESCE(MAX(id), 0) AS m FROM outbox')).m;
    const ok = await staffPost(C.agent, `/agent/urgences/${r3.ref}/refuser`, { motif: 'Aucun justificatif de perte fourni' });
    assert.equal(ok.status, 303, show(ok));
    const row = await one('SELECT * FROM urgency_requests WHERE ref = ?', [r3.ref]);
    assert.equal(row.status, 'refused');
    assert.equal(row.refusal, 'Aucun justificatif de perte fourni');
    const msgs = await outbox({ recipient: r3.email, since });
    const m = msgs.find((x) => x.kind === 'urgency_refused');
    assert.ok(m, JSON.stringify(msgs.map((x) => x.kind)));
    assert.match(String(m.body), /Aucun justificatif de perte fourni/);
    assert.match(String(m.body), new RegExp(r3.ref));
    const status = await r3.client.get(r3.statusPath.replace(/&.*$/, ''));
    assert.match(textOf(status.text), /La mairie n'a pas pu accepter votre demande/);
    assert.match(textOf(status.text), /Aucun justificatif de perte fourni/);
    const list = await C.agent.get('/agent/urgences?fait=refusee');
    assert.match(textOf(list.text), /La demande est refusée/);
    assert.ok(await one("SELECT 1 FROM audit_log WHERE action = 'urgency_refuse' AND entity_id = ?", [r3.ref]));
  });

  test('statistics: requests, granted, refused and the delay per month, page and CSV', async () => {
    const now = new Date();
    const from = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-01`;
    const to = now.toISOString().slice(0, 10);
    const want = await one(`SELECT COUNT(*) AS n, SUM(status = 'granted') AS g, SUM(status = 'refused') AS r
        FROM urgency_requests WHERE commune_id = 1 AND submitted_utc >= ? AND submitted_utc < ? + INTERVAL 1 DAY`, [from, to]);
    const csv = await getCsv(C.cadmin, 'urgences', { du: from, au: to });
    assert.deepEqual(csv.header, ['Mois', 'Demandes', 'Accordées', 'Refusées', 'Délai pour accorder, médiane (heures)',
      'Délai pour accorder, moyenne (heures)']);
    const row = csv.rows.find((r) => r[0] === from.slice(0, 7));
    assert.ok(row, JSON.stringify(csv.rows));
    assert.deepEqual(row.slice(1, 4), [String(want.n), String(want.g), String(want.r)]);
    assert.ok(Number(want.g) >= 2 && Number(want.r) >= 1);
    const page = await C.cadmin.get(`/stats/?du=${from}&au=${to}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /id="t-urgences"/);
  });
});

describe('retention', () => {
  test('decided requests lose their personal data, never-confirmed ones go', async () => {
    await q(`INSERT INTO urgency_requests (ref, status, commune_id, procedure_id, reason, channel, last_name, first_names,
               birth_date, contact_email, created_utc, submitted_utc, decided_utc)
             VALUES ('RETURG01', 'refused', 1, 1, 'health', 'email', 'Ancien', 'Nom', '1980-01-01', 'old@example.org',
               UTC_TIMESTAMP() - INTERVAL 9 MONTH, UTC_TIMESTAMP() - INTERVAL 9 MONTH, UTC_TIMESTAMP() - INTERVAL 8 MONTH),
             ('RETURG02', 'pending_code', 1, 1, 'health', 'email', 'Jamais', 'Confirme', '1980-01-01', 'never@example.org',
               UTC_TIMESTAMP() - INTERVAL 3 DAY, NULL, NULL)
             ON DUPLICATE KEY UPDATE last_name = VALUES(last_name), purged = 0, status = VALUES(status)`);
    const { execFileSync } = await import('node:child_process');
    const bin = `${process.env.CRENEAU_BUILD || 'build'}/bin/creneau-admin`;
    const out = execFileSync(bin, ['purge'], { env: { ...process.env }, encoding: 'utf8' });
    assert.match(out, /\d+ urgent requests/);
    const old = await one("SELECT * FROM urgency_requests WHERE ref = 'RETURG01'");
    assert.equal(old.last_name, null);
    assert.equal(old.contact_email, null);
    assert.equal(old.purged, 1);
    assert.equal(old.status, 'refused', 'kept for the statistics');
    assert.equal(await one("SELECT * FROM urgency_requests WHERE ref = 'RETURG02'"), undefined);
    await q("DELETE FROM urgency_requests WHERE ref IN ('RETURG01', 'RETURG02')");
  });
});
