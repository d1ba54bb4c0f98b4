// staff_authz.test.mjs — the authorization matrix of the staff program:
// every route of cgi-bin/agent.c × every role (agent of Annecy, commune
// administrator of Annecy, agent of Thonon, partner town hall Sevrier,
// platform administrator, help-desk operator, the platform's technical staff, not signed in) × own / other commune's records,
// each with the status it must answer and, when forbidden, the data that
// must not show (names, references). Forbidden POSTs are real attempts and
// the database must be unchanged after them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, describe as show, pathOf, person, textOf, uniqueEmail, uniquePhone } from '../lib/client.mjs';
import { bookingByRef, closeDb, freeRuns, one, q } from '../lib/db.mjs';
import { book } from '../lib/flow.mjs';
import {
  ACCOUNTS, COMMUNE, DEVICE, FORBIDDEN_RE, TECH_ACCOUNT, createStaff, ensureTechAccount, freeRunAt, isSignInRedirect,
  localParts, signIn, signInAll, staffBookOk, staffPost,
} from '../lib/staff.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// Refused roles first: the allowed ones change records the refused ones' checks read.
const ROLES = ['anon', 'helpdesk', 'tech', 'partner', 'agentThonon', 'agentAnnecy', 'cadmin', 'padmin'];
// The help-desk operator (a platform role without a commune) is not one of
// the accounts the other suites sign in.
const EMAIL = { ...ACCOUNTS, helpdesk: 'helpdesk@creneau.demo' };
let maintId; // the announced maintenance of the latest cancel cell

let C; // clients by role
const B = {}; // bookings: {ref, name, phone, deviceId, day, startUtc}
let slotAnnecy, slotThonon, targetThonon, targetAnnecy;
const WH = {}; // webhooks of Annecy and Thonon: {id, url, delivery}
const URG = {}; // urgent requests waiting in Annecy's and Thonon's queues: {ref, name}
const WH_TAG = `authz-${Date.now().toString(36)}`;
const CP = {}; // complaints of Annecy and Thonon: {id, ref, name}; subjects SJ
const SJ = {};
const CP_TAG = `Authz${Date.now().toString(36)}`;
let savedReplyDays;
const HD_TAG = `hd${Date.now().toString(36)}`;
const T = {}; // help-desk tickets (ids) and a FAQ draft

/** A booking's data for the matrix. */
async function fixture(ref, persons, phone) {
  const b = await bookingByRef(ref);
  const lp = localParts(b.start_utc);
  return { ref, name: persons[0].nom, phone, deviceId: b.device_id, day: lp.isoDay, startUtc: b.start_utc, id: b.id };
}

/** A free slot soon on one of the devices (the lists show the next 200). */
async function soon(deviceIds) {
  return (await freeRunAt({ deviceIds, minHours: 4, maxHours: 24 * 6, among: 30 })).id;
}

async function staffFixture(client, deviceIds, extra = {}) {
  const persons = [person()];
  const phone = uniquePhone();
  const r = await staffBookOk(client, { slotId: await soon(deviceIds), persons, telephone: phone, email: uniqueEmail('authz'), canal: 'phone', ...extra });
  return fixture(r.ref, persons, phone);
}

before(async () => {
  await q('DELETE FROM rate_events');
  C = await signInAll();
  C.helpdesk = await signIn(EMAIL.helpdesk);
  C.tech = await signIn(await ensureTechAccount());
  C.anon = new Client();

  // Records of every kind: made by an agent of Annecy, by the agent of
  // Thonon, by the partner (at Annecy and at Thonon), by the public.
  B.annecy = await staffFixture(C.agentAnnecy, [DEVICE.annecyDr1]);
  B.thonon = await staffFixture(C.agentThonon, [DEVICE.thononDr1]);
  B.partnerAnnecy = await staffFixture(C.partner, [DEVICE.annecyDr2]);
  B.partnerThonon = await staffFixture(C.partner, [DEVICE.thononDr2]);
  const runs = await freeRuns('CNI', 1, { communeInsee: '74010', maxDays: 5 });
  const pub = runs[Math.floor(Math.random() * Math.min(runs.length, 30))];
  const pubPersons = [person()];
  const pubPhone = uniquePhone();
  const pb = await book({ slotId: pub.id, persons: pubPersons, telephone: pubPhone, canal: 'email', domicile: '74010' });
  B.public = await fixture(pb.ref, pubPersons, pubPhone);
  slotAnnecy = await soon([DEVICE.annecyDr1, DEVICE.annecyDr2]);
  slotThonon = await soon([DEVICE.thononDr1, DEVICE.thononDr2]);
  // An urgent request waiting in each commune's queue.
  for (const [k, communeId, siteId] of [['annecy', COMMUNE.annecy, 1], ['thonon', COMMUNE.thonon, 3]]) {
    const AL = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // the references' alphabet
    let ref = k === 'annecy' ? 'UA' : 'UT';
    while (ref.length < 8) ref += AL[Math.floor(Math.random() * AL.length)];
    const name = person().nom;
    await q(`INSERT INTO urgency_requests (ref, status, commune_id, site_id, procedure_id, reason, last_name, first_names,
               birth_date, contact_email, channel, created_utc, submitted_utc)
             VALUES (?, 'waiting', ?, ?, 1, 'lost', ?, 'Authz', '1980-01-01', ?, 'email', UTC_TIMESTAMP(), UTC_TIMESTAMP())`,
    [ref, communeId, siteId, name, uniqueEmail('authz')]);
    URG[k] = { ref, name };
  }
  targetThonon = await createStaff({ communeId: COMMUNE.thonon });
  targetAnnecy = await createStaff({ communeId: COMMUNE.annecy });
  // Help-desk tickets: opened by Annecy's agent, by Thonon's, by the
  // operator for a caller, and a resolved one; a FAQ draft.
  const opened = async (client, fields) => {
    const res = await staffPost(client, '/agent/assistance/nouveau', { sujet: '1', texte: `Question ${HD_TAG}`, ...fields });
    assert.equal(res.status, 303, show(res));
    return Number(pathOf(res.location).split('/').pop());
  };
  T.annecy = await opened(C.agentAnnecy, { objet: `Ticket Annecy ${HD_TAG}` });
  T.thonon = await opened(C.agentThonon, { objet: `Ticket Thonon ${HD_TAG}` });
  T.desk = await opened(C.helpdesk, { objet: `Ticket guichet ${HD_TAG}`, canal: 'phone', appelant: 'citizen', issue: 'open' });
  T.done = await opened(C.helpdesk, { objet: `Ticket résolu ${HD_TAG}`, canal: 'desk', appelant: 'other', issue: 'closed_at_once', reponse: 'Réponse' });
  const f = await q("INSERT INTO faq_entries (question, answer, lang, status, created_utc) VALUES (?, 'R', 'fr', 'draft', UTC_TIMESTAMP())", [`FAQ ${HD_TAG}`]);
  T.faq = f.insertId;
  // An endpoint per commune, subscribed to nothing (so that no booking of
  // the suite queues anything for it), each with a failed delivery.
  for (const [k, communeId, b] of [['annecy', COMMUNE.annecy, B.annecy], ['thonon', COMMUNE.thonon, B.thonon]]) {
    const url = `https://${WH_TAG}.example.org/${k}`;
    const r = await q("INSERT INTO webhooks (commune_id, url, secret_sealed, events, created_utc) VALUES (?, ?, 'x', '', UTC_TIMESTAMP())", [communeId, url]);
    const d = await q(`INSERT INTO webhook_deliveries (webhook_id, booking_id, event, payload, status, attempts, next_try_utc, created_utc)
      VALUES (?, ?, 'booking.confirmed', JSON_OBJECT('data', JSON_OBJECT('reference', ?)), 'failed', 1, UTC_TIMESTAMP(), UTC_TIMESTAMP())`, [r.insertId, b.id, b.ref]);
    WH[k] = { id: r.insertId, url, delivery: d.insertId };
  }
  // A survey answer's free text per commune (read on /agent/qualite).
  for (const [k, communeId, siteId] of [['annecy', COMMUNE.annecy, 1], ['thonon', COMMUNE.thonon, 3]]) {
    SURVEY_TEXT[k] = `${WH_TAG} avis ${k}`;
    await q(`INSERT INTO survey_answers (id, commune_id, site_id, procedure_id, month, overall, ease, clarity, waiting, called,
               free_text) VALUES (MD5(RAND()), ?, ?, 1, DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-01'), 2, 2, 2, 2, 0, ?)`,
    [communeId, siteId, SURVEY_TEXT[k]]);
  }
  // A complaint per commune (and one of Thonon already answered), a
  // subject per commune to retire.
  savedReplyDays = await q('SELECT id, complaint_reply_days FROM communes WHERE id IN (?, ?)', [COMMUNE.annecy, COMMUNE.thonon]);
  for (const [k, communeId] of [['annecy', COMMUNE.annecy], ['thonon', COMMUNE.thonon], ['thononReplied', COMMUNE.thonon]]) {
    const ref = `Z${Math.random().toString(36).slice(2, 9).toUpperCase().replace(/[01IO]/g, 'X')}`.slice(0, 8).padEnd(8, 'Z');
    const name = `${CP_TAG} ${k}`;
    const r = await q(`INSERT INTO complaints (ref, commune_id, channel, status, name, contact_email, body, lang, secret,
        created_utc, received_utc, deadline_utc) VALUES (?, ?, 'email', 'recue', ?, 'authz@example.org', 'Texte', 'fr', ?,
        UTC_TIMESTAMP(), UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 15 DAY)`, [ref, communeId, name, '0'.repeat(32)]);
    CP[k] = { id: r.insertId, ref, name };
    const sj = await q('INSERT INTO complaint_subjects (commune_id, label) VALUES (?, ?)', [communeId, `${CP_TAG} ${k}`]);
    SJ[k] = sj.insertId;
  }
  await q(`INSERT INTO complaint_events (complaint_id, at_utc, kind, reply_channel, text) VALUES (?, UTC_TIMESTAMP(), 'reply', 'courrier', 'Réponse')`, [CP.thononReplied.id]);
});

after(async () => {
  await q('DELETE FROM webhooks WHERE url LIKE ?', [`https://${WH_TAG}%`]);
  await q('DELETE FROM survey_answers WHERE free_text LIKE ?', [`${WH_TAG}%`]);
  await q('DELETE FROM complaints WHERE name LIKE ?', [`${CP_TAG}%`]);
  await q('UPDATE complaints SET subject_id = NULL WHERE subject_id IN (SELECT id FROM complaint_subjects WHERE label LIKE ?)', [`${CP_TAG}%`]);
  await q('DELETE FROM complaint_subjects WHERE label LIKE ?', [`${CP_TAG}%`]);
  for (const c of savedReplyDays || []) await q('UPDATE communes SET complaint_reply_days = ? WHERE id = ?', [c.complaint_reply_days, c.id]);
  for (const u of Object.values(URG)) await q('DELETE FROM urgency_requests WHERE ref = ?', [u.ref]);
  await q('DELETE FROM faq_entries WHERE id = ?', [T.faq]);
  const ids = (await q("SELECT DISTINCT event_id FROM status_updates WHERE body_fr = 'Essai de droits'")).map((r) => r.event_id);
  if (ids.length) {
    await q('DELETE FROM status_updates WHERE event_id IN (?)', [ids]);
    await q('DELETE FROM status_events WHERE id IN (?)', [ids]);
  }
  await q('UPDATE status_version SET v = v + 1 WHERE id = 1');
  await closeDb();
});

const SURVEY_TEXT = {};

// Who may see each kind of record (the server-side scope).
const VIS = {
  annecy:        { partner: false, agentThonon: false, agentAnnecy: true,  cadmin: true,  padmin: true },
  thonon:        { partner: false, agentThonon: true,  agentAnnecy: false, cadmin: false, padmin: true },
  partnerAnnecy: { partner: true,  agentThonon: false, agentAnnecy: true,  cadmin: true,  padmin: true },
  partnerThonon: { partner: true,  agentThonon: true,  agentAnnecy: false, cadmin: false, padmin: true },
  public:        { partner: false, agentThonon: false, agentAnnecy: true,  cadmin: true,  padmin: true },
};
// Who may open a device's agenda (equipped staff of the device's commune).
const DEVICE_ACCESS = {
  annecy: { partner: false, agentThonon: false, agentAnnecy: true, cadmin: true, padmin: true },
  thonon: { partner: false, agentThonon: true, agentAnnecy: false, cadmin: false, padmin: true },
};
const communeOfRecord = (k) => (/thonon/i.test(k) ? 'thonon' : 'annecy');

/** Expectation of a cell from a boolean visibility: shown or refused. */
// A map without the operator leaves its cell to the default of matrix();
// the technical staff are refused everything of the communes (403).
const rolesOf = (vis) => ROLES.filter((r) => r !== 'helpdesk' || 'helpdesk' in vis);
const seeOrNo = (vis) => Object.fromEntries(rolesOf(vis).map((r) => [r, r === 'anon' ? 'login' : vis[r] ? 'ok' : 'no']));
const seeOrHide = (vis) => Object.fromEntries(rolesOf(vis).map((r) => [r, r === 'anon' ? 'login' : r === 'tech' ? 'no' : vis[r] ? 'ok' : 'hidden']));
const byRole = (o) => ({ anon: 'login', tech: 'no', ...o });

/**
 * The matrix. route: the route table's "METHOD pattern"; url/fields: from
 * the fixtures; expect: per role — 'ok' (200, secret shown), 'hidden'
 * (200, secret absent; `shown`, when given, is what 'ok' must show
 * instead of the secret), 'no' (403, secret absent), 'refused' (403 or 422,
 * secret absent), 'login' (303 to the sign-in page), 'to:/path' (303
 * there), a status number, or 'skip'. fields(role, cell) for POSTs;
 * unchanged() checks the database after a refused POST.
 */
function matrix() {
  const rows = [];
  const recordKeys = Object.keys(VIS);
  // Public pages of the staff program: the same for everybody.
  rows.push({ route: 'GET /agent/connexion', url: () => '/agent/connexion', expect: Object.fromEntries(ROLES.map((r) => [r, 200])) });
  rows.push({ route: 'POST /agent/connexion', url: () => '/agent/connexion', fields: () => ({ email: 'personne@example.org', mot_de_passe: 'pas-le-bon-mot-de-passe', suite: '/agent/' }), expect: Object.fromEntries(ROLES.map((r) => [r, 401])) });
  rows.push({ route: 'GET /agent/mot-de-passe', url: () => '/agent/mot-de-passe', expect: Object.fromEntries(ROLES.map((r) => [r, 200])) });
  rows.push({ route: 'POST /agent/mot-de-passe', url: () => '/agent/mot-de-passe', fields: () => ({ email: 'personne@example.org' }), expect: Object.fromEntries(ROLES.map((r) => [r, 200])) });
  rows.push({ route: 'GET /agent/mot-de-passe/nouveau', url: () => `/agent/mot-de-passe/nouveau?t=${'0'.repeat(64)}`, expect: Object.fromEntries(ROLES.map((r) => [r, 410])) });
  rows.push({ route: 'POST /agent/mot-de-passe/nouveau', url: () => '/agent/mot-de-passe/nouveau', fields: () => ({ t: '0'.repeat(64), mot_de_passe: 'une phrase de passe longue', confirmation: 'une phrase de passe longue' }), expect: Object.fromEntries(ROLES.map((r) => [r, 410])) });
  // The second factor's pages serve a session awaiting it; a signed-in
  // one (or none) is sent on. Administrators are enrolled (signIn did it).
  const all = (v) => Object.fromEntries(ROLES.map((r) => [r, v]));
  const agents = (agentV, adminV, anonV) => ({ anon: anonV, partner: agentV, agentThonon: agentV, agentAnnecy: agentV, cadmin: adminV, padmin: adminV, tech: adminV });
  rows.push({ route: 'GET /agent/connexion/code', url: () => '/agent/connexion/code', expect: all('to:/agent/connexion') });
  rows.push({ route: 'POST /agent/connexion/code', url: () => '/agent/connexion/code', fields: () => ({ code: '123456' }), expect: all('to:/agent/connexion') });
  rows.push({ route: 'GET /agent/securite/activer', url: () => '/agent/securite/activer', expect: agents(200, 'to:/agent/securite', 'to:/agent/connexion') });
  rows.push({ route: 'POST /agent/securite/activer', url: () => '/agent/securite/activer', fields: () => ({ code: '12345' }), expect: agents(422, 'to:/agent/securite', 'to:/agent/connexion') });
  rows.push({ route: 'GET /agent/securite/qr.svg', url: () => '/agent/securite/qr.svg', expect: agents(200, 404, 404) });
  rows.push({ route: 'GET /agent/securite', url: () => '/agent/securite', expect: byRole({ partner: 'ok', agentThonon: 'ok', agentAnnecy: 'ok', cadmin: 'ok', padmin: 'ok', tech: 'ok' }) });
  // Sign-out (a fresh session per role: it ends it).
  rows.push({ route: 'POST /agent/deconnexion', url: () => '/agent/deconnexion', fields: () => ({}), fresh: true, expect: byRole({ partner: 'to:/agent/connexion?fin=1', agentThonon: 'to:/agent/connexion?fin=1', agentAnnecy: 'to:/agent/connexion?fin=1', cadmin: 'to:/agent/connexion?fin=1', padmin: 'to:/agent/connexion?fin=1', tech: 'to:/agent/connexion?fin=1' }) });
  // Home: devices of one's own commune only.
  rows.push({ route: 'GET /agent/', url: () => '/agent/', secret: () => 'Service scolaire', expect: byRole({ partner: 'to:/agent/creneaux', agentThonon: 'ok', agentAnnecy: 'hidden', cadmin: 'hidden', padmin: 'ok', tech: 'to:/agent/statut' }) });
  // nginx sends /agent to /agent/ before the program sees it.
  rows.push({ route: 'GET /agent', url: () => '/agent', expect: Object.fromEntries(ROLES.map((r) => [r, 'to:/agent/'])) });
  // Agendas: the device's day shows its bookings.
  for (const k of recordKeys) {
    const dev = DEVICE_ACCESS[communeOfRecord(k)];
    rows.push({ route: 'GET /agent/agenda/*', label: `agenda of ${k}'s device and day`, url: () => `/agent/agenda/${B[k].deviceId}?jour=${B[k].day}`, secret: () => B[k].name, expect: seeOrNo(dev) });
    rows.push({ route: 'GET /agent/agenda/*', label: `week of ${k}'s device`, url: () => `/agent/agenda/${B[k].deviceId}?jour=${B[k].day}&vue=semaine`, expect: seeOrNo(dev) });
  }
  rows.push({ route: 'GET /agent/agenda/*', label: 'agenda of a device that does not exist', url: () => '/agent/agenda/999999', expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 'no' }) });
  // Lists and search: 200 for all, but only the records in scope.
  for (const k of recordKeys) {
    rows.push({ route: 'GET /agent/rdv', label: `upcoming list: ${k}`, url: () => '/agent/rdv', secret: () => B[k].ref, expect: seeOrHide(VIS[k]) });
    rows.push({ route: 'GET /agent/recherche', label: `search by name: ${k}`, url: () => `/agent/recherche?q=${encodeURIComponent(B[k].name)}`, secret: () => B[k].ref, expect: seeOrHide(VIS[k]) });
    rows.push({ route: 'GET /agent/recherche', label: `search by reference: ${k}`, url: () => `/agent/recherche?q=${B[k].ref}`, secret: () => B[k].name, expect: seeOrHide(VIS[k]) });
    rows.push({ route: 'GET /agent/recherche', label: `search by phone: ${k}`, url: () => `/agent/recherche?q=${encodeURIComponent(B[k].phone)}`, secret: () => B[k].ref, expect: seeOrHide(VIS[k]) });
  }
  // Free times: an agent sees its own commune's, a partner and the platform every commune's.
  rows.push({ route: 'GET /agent/creneaux', label: 'free times (Thonon listed?)', url: () => `/agent/creneaux?procedure=CNI&personnes=1&jour=${B.thonon.day}`, secret: () => 'Hôtel de ville de Thonon-les-Bains', expect: byRole({ partner: 'ok', agentThonon: 'ok', agentAnnecy: 'hidden', cadmin: 'hidden', padmin: 'ok' }) });
  // Booking form for a slot of each commune.
  rows.push({ route: 'GET /agent/reserver', label: 'booking form, Annecy slot', url: () => `/agent/reserver?creneau=${slotAnnecy}&procedure=CNI&personnes=1`, expect: byRole({ partner: 'ok', agentThonon: 'no', agentAnnecy: 'ok', cadmin: 'ok', padmin: 'ok' }) });
  rows.push({ route: 'GET /agent/reserver', label: 'booking form, Thonon slot', url: () => `/agent/reserver?creneau=${slotThonon}&procedure=CNI&personnes=1`, expect: byRole({ partner: 'ok', agentThonon: 'ok', agentAnnecy: 'no', cadmin: 'no', padmin: 'ok' }) });
  // Booking POST: allowed roles get an incomplete form (422, nothing
  // booked); refused ones post a complete one, and nothing may be booked.
  for (const [where, slot, exp] of [
    ['Annecy', () => slotAnnecy, byRole({ partner: 422, agentThonon: 'no', agentAnnecy: 422, cadmin: 422, padmin: 422 })],
    ['Thonon', () => slotThonon, byRole({ partner: 422, agentThonon: 422, agentAnnecy: 'no', cadmin: 'no', padmin: 422 })],
  ]) {
    rows.push({
      route: 'POST /agent/reserver', label: `book a ${where} slot`, url: () => '/agent/reserver',
      fields: (role, cell) => {
        const p = person();
        cell.name = p.nom;
        return cell.expect === 'no' || cell.expect === 'login'
          ? { creneau: String(slot()), procedure: 'CNI', personnes: '1', nom_1: p.nom, prenoms_1: p.prenoms, naissance_1: p.naissance, canal: 'phone' }
          : { creneau: String(slot()), procedure: 'CNI', personnes: '1', nom_1: '', prenoms_1: p.prenoms, naissance_1: p.naissance, canal: 'phone' };
      },
      unchanged: async (cell) => {
        const n = await one('SELECT COUNT(*) AS n FROM booking_persons WHERE last_name = ?', [cell.name]);
        assert.equal(n.n, 0, 'nothing booked');
      },
      expect: exp,
    });
  }
  // One booking's pages.
  for (const k of recordKeys) {
    rows.push({ route: 'GET /agent/rdv/*', label: `booking page: ${k}`, url: () => `/agent/rdv/${B[k].ref}`, secret: () => B[k].name, expect: seeOrNo(VIS[k]) });
    rows.push({ route: 'GET /agent/rdv/*/convocation', label: `convocation: ${k}`, url: () => `/agent/rdv/${B[k].ref}/convocation`, secret: () => B[k].name, expect: seeOrNo(VIS[k]) });
    rows.push({ route: 'GET /agent/rdv/*/deplacer', label: `move form: ${k}`, url: () => `/agent/rdv/${B[k].ref}/deplacer?jour=${B[k].day}`, secret: () => B[k].name, shown: () => `Déplacer le rendez-vous ${B[k].ref}`, expect: seeOrNo(VIS[k]) });
    const unchanged = async () => {
      const b = await bookingByRef(B[k].ref);
      assert.equal(b.status, 'confirmed', `${k} still confirmed`);
      assert.equal(b.start_utc, B[k].startUtc, `${k} not moved`);
      assert.equal(b.attendance, 'none', `${k} not checked in`);
      assert.equal(b.arrived_utc, null);
      assert.equal(b.noshow_utc, null);
    };
    // Cancel: the refused roles try for real (allowed cancels are tested below).
    const vis = VIS[k];
    rows.push({
      route: 'POST /agent/rdv/*/annuler', label: `cancel: ${k}`, url: () => `/agent/rdv/${B[k].ref}/annuler`, fields: () => ({}), secret: () => B[k].name, unchanged,
      expect: Object.fromEntries(ROLES.map((r) => [r, r === 'anon' ? 'login' : vis[r] ? 'skip' : 'no'])),
    });
    // Move: refused roles try a real free slot of the booking's commune;
    // allowed ones send no slot (400, nothing moved).
    rows.push({
      route: 'POST /agent/rdv/*/deplacer', label: `move: ${k}`, url: () => `/agent/rdv/${B[k].ref}/deplacer`, secret: () => B[k].name, unchanged,
      fields: (role, cell) => (cell.expect === 400 ? { creneau: 'demain' } : { creneau: String(communeOfRecord(k) === 'thonon' ? slotThonon : slotAnnecy) }),
      expect: Object.fromEntries(ROLES.map((r) => [r, r === 'anon' ? 'login' : vis[r] ? 400 : 'no'])),
    });
    // Check-in: equipped staff of the commune only (a partner never).
    const dev = DEVICE_ACCESS[communeOfRecord(k)];
    rows.push({
      route: 'POST /agent/rdv/*/pointage', label: `check-in: ${k}`, url: () => `/agent/rdv/${B[k].ref}/pointage`, secret: () => B[k].name, unchanged,
      fields: (role, cell) => ({ etape: cell.expect === 400 ? 'envol' : 'arrived' }),
      expect: Object.fromEntries(ROLES.map((r) => [r, r === 'anon' ? 'login' : r === 'partner' ? 'no' : dev[r] && vis[r] ? 400 : 'no'])),
    });
    // ANTS declarations sent again: equipped staff of the commune only.
    rows.push({
      route: 'POST /agent/rdv/*/ants', label: `ANTS retry: ${k}`, url: () => `/agent/rdv/${B[k].ref}/ants`, secret: () => B[k].name, unchanged,
      fields: () => ({}),
      expect: Object.fromEntries(ROLES.map((r) => [r, r === 'anon' ? 'login' : r === 'partner' ? 'no' : dev[r] && vis[r] ? 'to:/agent/rdv/' : 'no'])),
    });
    // The pickup proposal (retrait): equipped staff of the commune; the
    // fixtures are not finished, so allowed roles get a 409.
    const noPickup = async () => {
      assert.equal((await one('SELECT COUNT(*) AS n FROM bookings WHERE pickup_for = ?', [B[k].id])).n, 0, 'no pickup linked');
    };
    rows.push({
      route: 'GET /agent/rdv/*/retrait', label: `pickup proposal: ${k}`, url: () => `/agent/rdv/${B[k].ref}/retrait`, secret: () => B[k].name,
      expect: Object.fromEntries(ROLES.map((r) => [r, r === 'anon' ? 'login' : r === 'partner' ? 'no' : dev[r] && vis[r] ? 409 : 'no'])),
    });
    rows.push({
      route: 'POST /agent/rdv/*/retrait', label: `pickup booked: ${k}`, url: () => `/agent/rdv/${B[k].ref}/retrait`, secret: () => B[k].name,
      fields: () => ({ creneau: String(communeOfRecord(k) === 'thonon' ? slotThonon : slotAnnecy) }), unchanged: noPickup, checkAlways: true,
      expect: Object.fromEntries(ROLES.map((r) => [r, r === 'anon' ? 'login' : r === 'partner' ? 'no' : dev[r] && vis[r] ? 409 : 'no'])),
    });
    // The absence letter: equipped staff of the commune; the fixtures are
    // not noted absent, so allowed roles get a 409.
    rows.push({
      route: 'GET /agent/rdv/*/absence', label: `absence letter: ${k}`, url: () => `/agent/rdv/${B[k].ref}/absence`, secret: () => B[k].name,
      expect: Object.fromEntries(ROLES.map((r) => [r, r === 'anon' ? 'login' : r === 'partner' ? 'no' : dev[r] && vis[r] ? 409 : 'no'])),
    });
  }
  // A day's absence letters (equipped staff of the commune).
  rows.push({ route: 'GET /agent/absences', label: "the day's absence letters", url: () => '/agent/absences', expect: byRole({ partner: 'no', agentThonon: 200, agentAnnecy: 200, cadmin: 200, padmin: 200 }) });
  rows.push({ route: 'GET /agent/absences', label: "Thonon's absence letters asked by URL", url: () => `/agent/absences?commune=${COMMUNE.thonon}`, expect: byRole({ partner: 'no', agentThonon: 200, agentAnnecy: 'no', cadmin: 'no', padmin: 200 }) });
  {
    const noticeOf = async () => (await one('SELECT noshow_notice FROM communes WHERE id = ?', [COMMUNE.thonon])).noshow_notice;
    let before;
    rows.push({
      route: 'POST /agent/parametres/absences', label: "Thonon's absence notice posted", url: () => '/agent/parametres/absences',
      // Allowed roles send a bad value (422); the others a valid one.
      fields: async (role, cell) => {
        before = await noticeOf();
        return { commune: String(COMMUNE.thonon), prevenir: cell.expect === 422 ? 'pigeon' : (before === 'both' ? 'letter' : 'both') };
      },
      unchanged: async () => { assert.equal(await noticeOf(), before, 'the notice is unchanged'); },
      checkAlways: true,
      expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 422 }),
    });
  }
  // A day's pickups (administrators of the commune).
  rows.push({ route: 'GET /agent/retraits', label: "the day's pickups", url: () => '/agent/retraits', expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'ok', padmin: 200 }) });
  rows.push({ route: 'GET /agent/retraits', label: "Thonon's pickups asked by URL", url: () => `/agent/retraits?commune=${COMMUNE.thonon}`, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 'ok' }) });
  {
    let before;
    rows.push({
      route: 'POST /agent/retraits', label: "Thonon's pickups moved", url: () => '/agent/retraits',
      // Refused roles send a valid move of Thonon's day; allowed ones a new
      // date before the day (422, nothing moved).
      fields: async (role, cell) => {
        before = await q("SELECT b.id, b.start_utc FROM bookings b JOIN procedures p ON p.id = b.procedure_id AND p.code = 'RETRAIT' WHERE b.status = 'confirmed' AND b.start_utc > UTC_TIMESTAMP() ORDER BY b.id");
        return cell.expect === 422 ? { commune: String(COMMUNE.thonon), du: B.thonon.day, au: B.thonon.day }
          : { commune: String(COMMUNE.thonon), du: B.thonon.day, au: '2099-01-01' };
      },
      unchanged: async () => {
        assert.deepEqual(await q("SELECT b.id, b.start_utc FROM bookings b JOIN procedures p ON p.id = b.procedure_id AND p.code = 'RETRAIT' WHERE b.status = 'confirmed' AND b.start_utc > UTC_TIMESTAMP() ORDER BY b.id"), before, 'no pickup moved');
      },
      checkAlways: true,
      expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 422 }),
    });
  }
  // The satisfaction survey: free texts and published actions, commune administrators only.
  rows.push({ route: 'GET /agent/qualite', label: "survey free texts (Annecy's shown?)", url: () => '/agent/qualite', secret: () => SURVEY_TEXT.annecy, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'ok', padmin: 'hidden' }) });
  rows.push({ route: 'GET /agent/qualite', label: "survey free texts of Thonon asked by URL", url: () => `/agent/qualite?commune=${COMMUNE.thonon}`, secret: () => SURVEY_TEXT.thonon, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'hidden', padmin: 'ok' }) });
  {
    let before;
    rows.push({
      route: 'POST /agent/qualite', label: 'survey actions of Thonon posted', url: () => '/agent/qualite',
      fields: async (role, cell) => {
        before = await q('SELECT * FROM survey_actions ORDER BY commune_id, year, quarter');
        // Allowed roles send a bad quarter (422); the others a valid form for Thonon.
        const now = new Date();
        const quarter = `${now.getUTCFullYear()}-T${Math.floor(now.getUTCMonth() / 3) + 1}`;
        return cell.expect === 422 ? { commune: String(COMMUNE.thonon), trimestre: '1999-T9', actions: 'x' }
          : { commune: String(COMMUNE.thonon), trimestre: quarter, actions: 'x' };
      },
      unchanged: async () => {
        assert.deepEqual(await q('SELECT * FROM survey_actions ORDER BY commune_id, year, quarter'), before, 'no actions changed');
      },
      checkAlways: true,
      expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 422, padmin: 422 }),
    });
  }
  // Urgent requests: the queue and the requests of one's own commune only.
  rows.push({ route: 'GET /agent/urgences', label: "the queue (Annecy's request listed?)", url: () => '/agent/urgences', secret: () => URG.annecy.name, expect: byRole({ partner: 'no', agentThonon: 'hidden', agentAnnecy: 'ok', cadmin: 'ok', padmin: 'hidden' }) });
  rows.push({ route: 'GET /agent/urgences', label: "Thonon's queue asked by URL", url: () => `/agent/urgences?commune=${COMMUNE.thonon}`, secret: () => URG.thonon.name, expect: byRole({ partner: 'no', agentThonon: 'ok', agentAnnecy: 'hidden', cadmin: 'hidden', padmin: 'ok' }) });
  for (const k of ['annecy', 'thonon']) {
    const dev = DEVICE_ACCESS[k];
    const waiting = async () => {
      assert.equal((await one('SELECT status FROM urgency_requests WHERE ref = ?', [URG[k].ref])).status, 'waiting', `${k} request undecided`);
    };
    rows.push({ route: 'GET /agent/urgences/*', label: `urgent request: ${k}`, url: () => `/agent/urgences/${URG[k].ref}`, secret: () => URG[k].name, expect: seeOrNo(dev) });
    // Refused roles try for real; allowed ones send no time / no reason (422).
    rows.push({
      route: 'POST /agent/urgences/*/accorder', label: `urgent request granted: ${k}`, url: () => `/agent/urgences/${URG[k].ref}/accorder`,
      secret: () => URG[k].name, unchanged: waiting, checkAlways: true,
      fields: (role, cell) => (cell.expect === 422 ? {} : { creneau: String(k === 'thonon' ? slotThonon : slotAnnecy) }),
      expect: Object.fromEntries(ROLES.map((r) => [r, r === 'anon' ? 'login' : dev[r] ? 422 : 'no'])),
    });
    rows.push({
      route: 'POST /agent/urgences/*/refuser', label: `urgent request refused: ${k}`, url: () => `/agent/urgences/${URG[k].ref}/refuser`,
      secret: () => URG[k].name, unchanged: waiting, checkAlways: true,
      fields: (role, cell) => (cell.expect === 422 ? { motif: '' } : { motif: 'Refus tenté sans droit' }),
      expect: Object.fromEntries(ROLES.map((r) => [r, r === 'anon' ? 'login' : dev[r] ? 422 : 'no'])),
    });
  }
  // Planning.
  rows.push({ route: 'GET /agent/planning', label: 'planning (Thonon devices listed?)', url: () => '/agent/planning', secret: () => 'Service scolaire', expect: byRole({ partner: 'no', agentThonon: 'ok', agentAnnecy: 'hidden', cadmin: 'hidden', padmin: 'ok' }) });
  rows.push({ route: 'GET /agent/planning', label: 'planning (Annecy devices listed?)', url: () => '/agent/planning', secret: () => 'Salle des mariages', expect: byRole({ partner: 'no', agentThonon: 'hidden', agentAnnecy: 'ok', cadmin: 'ok', padmin: 'ok' }) });
  rows.push({ route: 'GET /agent/planning/*', label: 'grid of Annecy DR 1', url: () => `/agent/planning/${DEVICE.annecyDr1}`, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'ok', padmin: 'ok' }) });
  rows.push({ route: 'GET /agent/planning/*', label: 'grid of Thonon DR 1', url: () => `/agent/planning/${DEVICE.thononDr1}`, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 'ok' }) });
  for (const [label, dev, exp] of [
    ['Annecy DR 2', DEVICE.annecyDr2, byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 422, padmin: 422 })],
    ['Thonon DR 2', DEVICE.thononDr2, byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 422 })],
  ]) {
    let rulesBefore;
    rows.push({
      route: 'POST /agent/planning/*', label: `save the grid of ${label}`, url: () => `/agent/planning/${dev}`,
      // Refused roles send a valid one-band grid (it would wipe the week);
      // allowed ones a bad one (422, nothing saved).
      fields: async (role, cell) => {
        rulesBefore = await q('SELECT * FROM opening_rules WHERE device_id = ? ORDER BY id', [dev]);
        return cell.expect === 422
          ? { r0_jour: '1', r0_debut: '10:00', r0_fin: '09:00', r0_duree: '15', r0_normal: '1', r0_urgence: '0', r0_extreme: '0' }
          : { r0_jour: '1', r0_debut: '10:00', r0_fin: '11:00', r0_duree: '15', r0_normal: '1', r0_urgence: '0', r0_extreme: '0' };
      },
      unchanged: async () => {
        assert.deepEqual(await q('SELECT * FROM opening_rules WHERE device_id = ? ORDER BY id', [dev]), rulesBefore, 'rules unchanged');
      },
      checkAlways: true,
      expect: exp,
    });
  }
  // Closures.
  rows.push({ route: 'GET /agent/fermetures', label: 'closures (Thonon devices listed?)', url: () => '/agent/fermetures', secret: () => 'Service scolaire', expect: byRole({ partner: 'no', agentThonon: 'ok', agentAnnecy: 'hidden', cadmin: 'hidden', padmin: 'ok' }) });
  const closureOver = (k) => ({ appareil: String(B[k].deviceId), type: 'closure', du: B[k].day, au: B[k].day, motif: 'Essai de droits' });
  for (const k of ['annecy', 'thonon']) {
    const dev = DEVICE_ACCESS[k];
    // Preview: lists the people affected, so only for the device's commune.
    rows.push({
      route: 'POST /agent/fermetures', label: `closure preview over ${k}'s booking`, url: () => '/agent/fermetures', fields: () => closureOver(k), secret: () => B[k].name,
      unchanged: async () => { assert.equal((await bookingByRef(B[k].ref)).status, 'confirmed'); },
      expect: Object.fromEntries(ROLES.map((r) => [r, r === 'anon' ? 'login' : r === 'partner' ? 'no' : dev[r] ? 'ok' : 'refused'])),
    });
    // Confirm: refused roles try for real; the booking must stay.
    rows.push({
      route: 'POST /agent/fermetures/confirmer', label: `closure over ${k}'s booking`, url: () => '/agent/fermetures/confirmer', fields: () => closureOver(k), secret: () => B[k].name,
      unchanged: async () => {
        assert.equal((await bookingByRef(B[k].ref)).status, 'confirmed', 'not cancelled');
        const n = await one("SELECT COUNT(*) AS n FROM closures WHERE device_id = ? AND reason = 'Essai de droits'", [B[k].deviceId]);
        assert.equal(n.n, 0, 'no closure recorded');
      },
      expect: Object.fromEntries(ROLES.map((r) => [r, r === 'anon' ? 'login' : r === 'partner' ? 'no' : dev[r] ? 'skip' : 'refused'])),
    });
    // Asking the administrators to apply it: nothing changes either way.
    rows.push({
      route: 'POST /agent/fermetures/demander', label: `closure request over ${k}'s booking`, url: () => '/agent/fermetures/demander', fields: () => closureOver(k), secret: () => B[k].name,
      unchanged: async () => {
        assert.equal((await bookingByRef(B[k].ref)).status, 'confirmed', 'not cancelled');
        const n = await one("SELECT COUNT(*) AS n FROM closures WHERE device_id = ? AND reason = 'Essai de droits'", [B[k].deviceId]);
        assert.equal(n.n, 0, 'no closure recorded');
      },
      expect: Object.fromEntries(ROLES.map((r) => [r, r === 'anon' ? 'login' : r === 'partner' ? 'no' : dev[r] ? 'skip' : 'refused'])),
    });
  }
  // Settings.
  rows.push({ route: 'GET /agent/parametres', label: 'settings', url: () => '/agent/parametres', expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'ok', padmin: 'ok' }) });
  rows.push({ route: 'GET /agent/parametres', label: "settings of Thonon asked by URL", url: () => `/agent/parametres?commune=${COMMUNE.thonon}`, secret: () => 'Thonon-les-Bains', expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'hidden', padmin: 'ok' }) });
  {
    let before;
    rows.push({
      route: 'POST /agent/parametres', label: 'settings of Thonon posted', url: () => '/agent/parametres',
      fields: async (role, cell) => {
        before = await q('SELECT id, reminder_hours, horizon_days, min_notice_hours, cancel_limit_hours FROM communes ORDER BY id');
        // Allowed roles send a bad value (422); the others a valid form for Thonon.
        return cell.expect === 422 ? { commune: String(COMMUNE.thonon), rappel: '0', horizon: '90', delai_min: '2', limite_annulation: '12' }
          : { commune: String(COMMUNE.thonon), rappel: '7', horizon: '30', delai_min: '1', limite_annulation: '1' };
      },
      unchanged: async () => {
        assert.deepEqual(await q('SELECT id, reminder_hours, horizon_days, min_notice_hours, cancel_limit_hours FROM communes ORDER BY id'), before, 'no commune settings changed');
      },
      checkAlways: true,
      expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 422, padmin: 422 }),
    });
  }
  {
    let before;
    rows.push({
      route: 'POST /agent/parametres/retraits', label: 'processing delays of Thonon posted', url: () => '/agent/parametres/retraits',
      fields: async (role, cell) => {
        before = await q('SELECT * FROM pickup_delays ORDER BY commune_id, procedure_id');
        // Allowed roles send a bad value (422); the others a valid one for Thonon.
        return cell.expect === 422 ? { commune: String(COMMUNE.thonon), delai_1: '0' } : { commune: String(COMMUNE.thonon), delai_1: '3' };
      },
      unchanged: async () => {
        assert.deepEqual(await q('SELECT * FROM pickup_delays ORDER BY commune_id, procedure_id'), before, 'no delay changed');
      },
      checkAlways: true,
      expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 422 }),
    });
  }
  // Sites, devices and the procedures they offer (commune administrators),
  // the procedure catalogue (the platform).
  rows.push({ route: 'GET /agent/lieux', label: 'sites (Thonon listed?)', url: () => '/agent/lieux', secret: () => 'Hôtel de ville de Thonon-les-Bains', expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'hidden', padmin: 200 }) });
  rows.push({ route: 'GET /agent/lieux', label: 'sites of Annecy', url: () => `/agent/lieux?commune=${COMMUNE.annecy}`, secret: () => 'Mairie déléguée de Seynod', expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'ok', padmin: 'ok' }) });
  rows.push({ route: 'GET /agent/lieux', label: 'sites of Thonon asked by URL', url: () => `/agent/lieux?commune=${COMMUNE.thonon}`, secret: () => 'Hôtel de ville de Thonon-les-Bains', expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'hidden', padmin: 'ok' }) });
  {
    let name;
    rows.push({
      route: 'POST /agent/lieux', label: 'add a site', url: () => '/agent/lieux',
      // Allowed roles: no address (422); refused ones: a complete site for Thonon.
      fields: (role, cell) => {
        name = `Annexe ${Math.random().toString(36).slice(2).replace(/[0-9]/g, 'q')}`;
        return { commune: String(COMMUNE.thonon), nom: name, adresse: cell.expect === 422 ? '' : '1 rue du Lac', code_postal: '74200', ville: 'Thonon-les-Bains', lat: '46.37', lon: '6.48' };
      },
      unchanged: async () => { assert.equal(await one('SELECT id FROM sites WHERE name = ?', [name]), undefined, 'no site created'); },
      checkAlways: true,
      expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 422, padmin: 422 }),
    });
  }
  for (const [label, site, exp] of [
    ['an Annecy site', 1, byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 422, padmin: 422 })],
    ['a Thonon site', 3, byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 422 })],
  ]) {
    let name;
    rows.push({
      route: 'POST /agent/lieux/*/appareils', label: `add a device to ${label}`, url: () => `/agent/lieux/${site}/appareils`,
      fields: (role, cell) => {
        name = `Poste ${Math.random().toString(36).slice(2).replace(/[0-9]/g, 'q')}`;
        return { nom_appareil: cell.expect === 422 ? '' : name, type: 'dr' };
      },
      unchanged: async () => { assert.equal(await one('SELECT id FROM devices WHERE name = ?', [name]), undefined, 'no device created'); },
      checkAlways: true,
      expect: exp,
    });
  }
  rows.push({ route: 'GET /agent/appareils/*', label: 'device page of Annecy DR 1', url: () => `/agent/appareils/${DEVICE.annecyDr1}`, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'ok', padmin: 'ok' }) });
  rows.push({ route: 'GET /agent/appareils/*', label: 'device page of Thonon DR 1', url: () => `/agent/appareils/${DEVICE.thononDr1}`, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 'ok' }) });
  for (const [label, dev, exp] of [
    ['Annecy DR 2', DEVICE.annecyDr2, byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 422, padmin: 422 })],
    ['Thonon DR 2', DEVICE.thononDr2, byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 422 })],
  ]) {
    let before;
    rows.push({
      route: 'POST /agent/appareils/*', label: `change ${label}`, url: () => `/agent/appareils/${dev}`,
      // Refused roles try to rename it and take its procedures away.
      fields: async (role, cell) => {
        before = { d: await one('SELECT name, active FROM devices WHERE id = ?', [dev]), p: await q('SELECT procedure_id FROM device_procedures WHERE device_id = ? ORDER BY procedure_id', [dev]) };
        return cell.expect === 422 ? { nom_appareil: '', actif: '1', p1: '1' } : { nom_appareil: 'Appareil pirate', actif: '1', p4: '1' };
      },
      unchanged: async () => {
        assert.deepEqual(await one('SELECT name, active FROM devices WHERE id = ?', [dev]), before.d, 'device unchanged');
        assert.deepEqual(await q('SELECT procedure_id FROM device_procedures WHERE device_id = ? ORDER BY procedure_id', [dev]), before.p, 'procedures unchanged');
      },
      checkAlways: true,
      expect: exp,
    });
  }
  rows.push({ route: 'GET /agent/demarches', label: 'procedure catalogue', url: () => '/agent/demarches', expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 'ok' }) });
  {
    let before;
    rows.push({
      route: 'POST /agent/demarches/*', label: 'change a procedure', url: () => '/agent/demarches/1',
      fields: async (role, cell) => {
        before = await one('SELECT * FROM procedures WHERE id = 1');
        return { nom_fr: cell.expect === 422 ? '' : 'Carte pirate', nom_en: 'Pirate card', minutes: '5', max: '1', pieces_fr: 'Rien', pieces_en: 'Nothing' };
      },
      unchanged: async () => { assert.deepEqual(await one('SELECT * FROM procedures WHERE id = 1'), before, 'procedure unchanged'); },
      checkAlways: true,
      expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 422 }),
    });
  }
  // Staff accounts.
  rows.push({ route: 'GET /agent/personnel', label: 'staff list (Thonon staff listed?)', url: () => '/agent/personnel', secret: () => ACCOUNTS.agentThonon, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'hidden', padmin: 'ok' }) });
  rows.push({ route: 'GET /agent/personnel', label: 'staff list (Annecy staff listed?)', url: () => '/agent/personnel', secret: () => ACCOUNTS.agentAnnecy, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'ok', padmin: 'ok' }) });
  {
    let email;
    rows.push({
      route: 'POST /agent/personnel', label: 'invite a person', url: () => '/agent/personnel',
      fields: (role, cell) => {
        email = `invite.${Math.random().toString(36).slice(2).replace(/[0-9]/g, 'x')}@example.org`;
        // Allowed roles: no name (422); refused roles: a complete invitation.
        return { nom: cell.expect === 422 ? '' : 'Personne Invitee', email, role: 'agent', commune: String(COMMUNE.annecy) };
      },
      unchanged: async () => { assert.equal(await one('SELECT id FROM staff WHERE email = ?', [email]), undefined, 'no account created'); },
      checkAlways: true,
      expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 422, padmin: 422 }),
    });
  }
  const stillActive = (who) => async () => {
    assert.equal((await one('SELECT active FROM staff WHERE id = ?', [who().id])).active, 1, 'still active');
  };
  // Cells run in ROLES order: the allowed (last) one really disables.
  rows.push({ route: 'POST /agent/personnel/*/desactiver', label: "disable a Thonon agent", url: () => `/agent/personnel/${targetThonon.id}/desactiver`, fields: () => ({}), unchanged: stillActive(() => targetThonon), expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 'to:/agent/personnel' }) });
  rows.push({ route: 'POST /agent/personnel/*/desactiver', label: "disable an Annecy agent", url: () => `/agent/personnel/${targetAnnecy.id}/desactiver`, fields: () => ({}), unchanged: stillActive(() => targetAnnecy), expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'to:/agent/personnel', padmin: 'skip' }) });
  rows.push({ route: 'POST /agent/personnel/*/desactiver', label: 'disable the platform administrator', url: async () => `/agent/personnel/${(await one('SELECT id FROM staff WHERE email = ?', [ACCOUNTS.padmin])).id}/desactiver`, fields: () => ({}), unchanged: async () => { assert.equal((await one('SELECT active FROM staff WHERE email = ?', [ACCOUNTS.padmin])).active, 1); }, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 'no' }) });
  const enrolled = (who) => async () => { await q("UPDATE staff SET totp_secret = 'aa' WHERE id = ?", [who().id]); return {}; };
  const stillEnrolled = (who) => async () => {
    assert.ok((await one('SELECT totp_secret FROM staff WHERE id = ?', [who().id])).totp_secret, 'second factor kept');
  };
  rows.push({ route: 'POST /agent/personnel/*/mfa', label: "reset a Thonon agent's second factor", url: () => `/agent/personnel/${targetThonon.id}/mfa`, fields: enrolled(() => targetThonon), unchanged: stillEnrolled(() => targetThonon), expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 'to:/agent/personnel' }) });
  rows.push({ route: 'POST /agent/personnel/*/mfa', label: "reset an Annecy agent's second factor", url: () => `/agent/personnel/${targetAnnecy.id}/mfa`, fields: enrolled(() => targetAnnecy), unchanged: stillEnrolled(() => targetAnnecy), expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'to:/agent/personnel', padmin: 'to:/agent/personnel' }) });
  // Audit log: each administrator its own scope.
  rows.push({ route: 'GET /agent/journal', label: "journal (Thonon's booking listed?)", url: () => '/agent/journal', secret: () => B.thonon.ref, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'hidden', padmin: 'ok' }) });
  rows.push({ route: 'GET /agent/journal', label: "journal (Annecy's booking listed?)", url: () => '/agent/journal', secret: () => B.annecy.ref, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'ok', padmin: 'ok' }) });
  rows.push({ route: 'GET /agent/journal.csv', label: "journal as CSV (Thonon's booking listed?)", url: () => '/agent/journal.csv', secret: () => B.thonon.ref, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'hidden', padmin: 'ok' }) });
  // A person's rights: Thonon's booking, for Annecy's administrator, is
  // out of scope (nothing found), for the platform's it is there.
  rows.push({ route: 'GET /agent/personne', label: "a person's data (Thonon's booking)", url: () => `/agent/personne?reference=${B.thonon.ref}`, secret: () => B.thonon.name, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'hidden', padmin: 'ok' }) });
  rows.push({ route: 'GET /agent/personne/export.json', label: "a person's export (Thonon's booking)", url: () => `/agent/personne/export.json?reference=${B.thonon.ref}`, secret: () => B.thonon.name, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'hidden', padmin: 'ok' }) });
  rows.push({ route: 'POST /agent/personne/effacer', label: "erase a person (Thonon's booking, to come)", url: () => '/agent/personne/effacer', fields: () => ({ reference: B.thonon.ref, confirmer: '1' }),
    unchanged: async () => { assert.equal(Number((await one('SELECT COUNT(*) AS n FROM booking_persons WHERE booking_id = ?', [B.thonon.id])).n) > 0, true, 'persons kept'); },
    checkAlways: true, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'to:/agent/personne', padmin: 409 }) });
  // Webhooks: administrators of the endpoint's commune (and the platform's).
  const whActive = (k, v) => async () => { assert.equal((await one('SELECT active FROM webhooks WHERE id = ?', [WH[k].id])).active, v, 'active unchanged'); };
  rows.push({ route: 'GET /agent/webhooks', label: "webhooks (Thonon's listed?)", url: () => '/agent/webhooks?commune=2', secret: () => WH.thonon.url, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'hidden', padmin: 'ok' }) });
  rows.push({ route: 'GET /agent/webhooks', label: "webhooks (Annecy's listed?)", url: () => '/agent/webhooks', secret: () => WH.annecy.url, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'ok', padmin: 'hidden' }) });
  rows.push({ route: 'POST /agent/webhooks', label: 'add a webhook', url: () => '/agent/webhooks',
    fields: (role) => ({ url: `https://${WH_TAG}-new.example.org/${role}`, commune: String(COMMUNE.annecy), ev_created: '1' }),
    unchanged: async () => { assert.equal((await one('SELECT COUNT(*) AS n FROM webhooks WHERE url LIKE ?', [`https://${WH_TAG}-new%`])).n, 0, 'nothing created'); },
    expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 200, padmin: 200 }) });
  rows.push({ route: 'GET /agent/webhooks/*', label: "Thonon's delivery log", url: () => `/agent/webhooks/${WH.thonon.id}`, secret: () => WH.thonon.url, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 'ok' }) });
  rows.push({ route: 'GET /agent/webhooks/*', label: "Annecy's delivery log", url: () => `/agent/webhooks/${WH.annecy.id}`, secret: () => WH.annecy.url, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'ok', padmin: 'ok' }) });
  rows.push({ route: 'POST /agent/webhooks/*/desactiver', label: "turn Thonon's webhook off", url: () => `/agent/webhooks/${WH.thonon.id}/desactiver`, fields: () => ({}), unchanged: whActive('thonon', 1), expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 'to:/agent/webhooks' }) });
  rows.push({ route: 'POST /agent/webhooks/*/desactiver', label: "turn Annecy's webhook off", url: () => `/agent/webhooks/${WH.annecy.id}/desactiver`, fields: () => ({}), unchanged: whActive('annecy', 1), expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'to:/agent/webhooks', padmin: 'skip' }) });
  rows.push({ route: 'POST /agent/webhooks/*/activer', label: "turn Thonon's webhook on", url: () => `/agent/webhooks/${WH.thonon.id}/activer`, fields: () => ({}), unchanged: whActive('thonon', 0), expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 'to:/agent/webhooks' }) });
  rows.push({ route: 'POST /agent/webhooks/*/activer', label: "turn Annecy's webhook on", url: () => `/agent/webhooks/${WH.annecy.id}/activer`, fields: () => ({}), unchanged: whActive('annecy', 0), expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'to:/agent/webhooks', padmin: 'skip' }) });
  const sealedOf = async (k) => (await one('SELECT secret_sealed FROM webhooks WHERE id = ?', [WH[k].id])).secret_sealed;
  rows.push({ route: 'POST /agent/webhooks/*/secret', label: "a new secret for Thonon's webhook", url: () => `/agent/webhooks/${WH.thonon.id}/secret`, fields: () => ({}), unchanged: async () => { assert.equal(await sealedOf('thonon'), 'x', 'secret unchanged'); }, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 200 }) });
  rows.push({ route: 'POST /agent/webhooks/*/secret', label: "a new secret for Annecy's webhook", url: () => `/agent/webhooks/${WH.annecy.id}/secret`, fields: () => ({}), unchanged: async () => { assert.equal(await sealedOf('annecy'), 'x', 'secret unchanged'); }, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 200, padmin: 'skip' }) });
  const deliveryFailed = (k) => async () => { assert.equal((await one('SELECT status FROM webhook_deliveries WHERE id = ?', [WH[k].delivery])).status, 'failed', 'still failed'); };
  rows.push({ route: 'POST /agent/webhooks/*/renvoyer', label: "send Thonon's failed delivery again", url: () => `/agent/webhooks/${WH.thonon.id}/renvoyer`, fields: () => ({ livraison: String(WH.thonon.delivery) }), unchanged: deliveryFailed('thonon'), expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 'to:/agent/webhooks/' }) });
  rows.push({ route: 'POST /agent/webhooks/*/renvoyer', label: "send Annecy's failed delivery again", url: () => `/agent/webhooks/${WH.annecy.id}/renvoyer`, fields: () => ({ livraison: String(WH.annecy.delivery) }), unchanged: deliveryFailed('annecy'), expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'to:/agent/webhooks/', padmin: 'skip' }) });
  const exists = (k) => async () => { assert.ok(await one('SELECT id FROM webhooks WHERE id = ?', [WH[k].id]), 'not deleted'); };
  rows.push({ route: 'POST /agent/webhooks/*/supprimer', label: "delete Thonon's webhook", url: () => `/agent/webhooks/${WH.thonon.id}/supprimer`, fields: () => ({}), unchanged: exists('thonon'), expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 'to:/agent/webhooks' }) });
  rows.push({ route: 'POST /agent/webhooks/*/supprimer', label: "delete Annecy's webhook", url: () => `/agent/webhooks/${WH.annecy.id}/supprimer`, fields: () => ({}), unchanged: exists('annecy'), expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'to:/agent/webhooks', padmin: 'skip' }) });
  // The complaints register (agent_complaints.c): the commune's staff only,
  // never a partner town hall; subjects and delay for administrators.
  const cpStatus = (k) => async () => { assert.equal((await one('SELECT status FROM complaints WHERE id = ?', [CP[k].id])).status, 'recue', 'status unchanged'); };
  const cpEvents = (k, kind) => async () => { assert.equal(Number((await one('SELECT COUNT(*) AS n FROM complaint_events WHERE complaint_id = ? AND kind = ?', [CP[k].id, kind])).n), 0, `no ${kind}`); };
  rows.push({ route: 'GET /agent/reclamations', label: "the register (Thonon's listed?)", url: () => '/agent/reclamations', secret: () => CP.thonon.name, expect: byRole({ partner: 'no', agentThonon: 'ok', agentAnnecy: 'hidden', cadmin: 'hidden', padmin: 'ok' }) });
  rows.push({ route: 'GET /agent/reclamations', label: "the register (Annecy's listed?)", url: () => '/agent/reclamations', secret: () => CP.annecy.name, expect: byRole({ partner: 'no', agentThonon: 'hidden', agentAnnecy: 'ok', cadmin: 'ok', padmin: 'ok' }) });
  rows.push({ route: 'GET /agent/reclamations/nouvelle', url: () => '/agent/reclamations/nouvelle', expect: byRole({ partner: 'no', agentThonon: 200, agentAnnecy: 200, cadmin: 200, padmin: 200 }) });
  rows.push({ route: 'POST /agent/reclamations/nouvelle', label: 'register a complaint', url: () => '/agent/reclamations/nouvelle',
    fields: () => ({ commune: String(COMMUNE.annecy), canal: 'guichet', nom: `${CP_TAG} new`, message: 'À l’accueil' }),
    unchanged: async () => { assert.equal(Number((await one('SELECT COUNT(*) AS n FROM complaints WHERE name = ?', [`${CP_TAG} new`])).n), 0, 'nothing registered'); },
    expect: byRole({ partner: 'no', agentThonon: 'to:/agent/reclamations/', agentAnnecy: 'to:/agent/reclamations/', cadmin: 'to:/agent/reclamations/', padmin: 'to:/agent/reclamations/' }) });
  rows.push({ route: 'GET /agent/reclamations/sujets', url: () => '/agent/reclamations/sujets', secret: () => SJ.annecy && `${CP_TAG} annecy`, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'ok', padmin: 200 }) });
  rows.push({ route: 'POST /agent/reclamations/sujets', label: 'add a subject', url: () => '/agent/reclamations/sujets',
    fields: () => ({ commune: String(COMMUNE.annecy), libelle: `${CP_TAG} added` }),
    unchanged: async () => { assert.equal(Number((await one('SELECT COUNT(*) AS n FROM complaint_subjects WHERE label = ?', [`${CP_TAG} added`])).n), 0, 'no subject added'); },
    expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'to:/agent/reclamations/sujets', padmin: 409 }) });
  rows.push({ route: 'POST /agent/reclamations/sujets/*/retirer', label: "retire Thonon's subject", url: () => `/agent/reclamations/sujets/${SJ.thonon}/retirer`,
    fields: () => ({ commune: String(COMMUNE.thonon) }),
    unchanged: async () => { assert.equal(Number((await one('SELECT active FROM complaint_subjects WHERE id = ?', [SJ.thonon])).active), 1, 'still active'); },
    expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 404, padmin: 'to:/agent/reclamations/sujets' }) });
  rows.push({ route: 'POST /agent/reclamations/delai', label: 'the reply delay', url: () => '/agent/reclamations/delai',
    fields: () => ({ commune: String(COMMUNE.thonon), delai: '15' }),
    expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'to:/agent/reclamations/sujets?commune=1', padmin: 'to:/agent/reclamations/sujets?commune=2' }) });
  for (const k of ['annecy', 'thonon']) {
    const vis = DEVICE_ACCESS[k];
    rows.push({ route: 'GET /agent/reclamations/*', label: `${k}'s complaint`, url: () => `/agent/reclamations/${CP[k].ref}`, secret: () => CP[k].name, expect: seeOrNo(vis) });
    rows.push({ route: 'GET /agent/reclamations/*/accuse', label: `${k}'s acknowledgement letter`, url: () => `/agent/reclamations/${CP[k].ref}/accuse`, secret: () => CP[k].name, expect: seeOrNo(vis) });
  }
  rows.push({ route: 'GET /agent/reclamations/*/lettre', label: "Thonon's reply letter", url: () => `/agent/reclamations/${CP.thononReplied.ref}/lettre`, secret: () => CP.thononReplied.name, expect: seeOrNo(DEVICE_ACCESS.thonon) });
  const thononPost = (route, action, fields, unchanged) => rows.push({ route, label: `${action} Thonon's complaint`, url: () => `/agent/reclamations/${CP.thonon.ref}/${action}`,
    fields, unchanged, expect: byRole({ partner: 'no', agentThonon: 'skip', agentAnnecy: 'no', cadmin: 'no', padmin: 'to:/agent/reclamations/' }) });
  thononPost('POST /agent/reclamations/*/statut', 'statut', () => ({ statut: 'en_cours' }), cpStatus('thonon'));
  thononPost('POST /agent/reclamations/*/note', 'note', () => ({ note: 'Note' }), cpEvents('thonon', 'note'));
  thononPost('POST /agent/reclamations/*/attribuer', 'attribuer', async () => ({ responsable: String((await one('SELECT id FROM staff WHERE email = ?', [ACCOUNTS.agentThonon])).id) }), cpEvents('thonon', 'assigned'));
  thononPost('POST /agent/reclamations/*/reponse', 'reponse', () => ({ reponse: 'Réponse', mode: 'courrier' }), cpEvents('thonon', 'reply'));
  helpdeskRows(rows);
  // The service status (agent_status.c): the technical staff only.
  const onlyTech = (techV) => byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 'no', tech: techV });
  const statusSnapshot = async () => ({
    c: await q('SELECT code, manual_state FROM status_components ORDER BY code'),
    e: (await one('SELECT COUNT(*) AS n FROM status_events')).n,
    u: (await one('SELECT COUNT(*) AS n FROM status_updates')).n,
  });
  rows.push({ route: 'GET /agent/statut', label: 'the status page of the technical staff', url: () => '/agent/statut', secret: () => 'Annoncer une maintenance', expect: onlyTech('ok') });
  {
    let before;
    rows.push({
      route: 'POST /agent/statut', label: 'declare the booking interrupted', url: () => '/agent/statut',
      // Allowed: no French comment (422); refused: a complete declaration.
      fields: async (role, cell) => {
        before = await statusSnapshot();
        const f = { phase: 'investigating', commentaire_fr: cell.expect === 422 ? '' : 'Essai de droits', etat_reservation: 'down' };
        for (const c of ['personnel', 'sms', 'courriel', 'ants']) f[`etat_${c}`] = 'auto';
        return f;
      },
      unchanged: async () => { assert.deepEqual(await statusSnapshot(), before, 'the status is unchanged'); },
      checkAlways: true,
      expect: onlyTech(422),
    });
  }
  {
    let before;
    rows.push({
      route: 'POST /agent/statut/maintenance', label: 'announce a maintenance', url: () => '/agent/statut/maintenance',
      fields: async (role, cell) => {
        before = await statusSnapshot();
        return { debut: '2099-01-01', debut_heure: '21:00', fin: '2099-01-01', fin_heure: cell.expect === 422 ? '20:00' : '22:00', composant_sms: '1', commentaire_fr: 'Essai de droits' };
      },
      unchanged: async () => { assert.deepEqual(await statusSnapshot(), before, 'no maintenance announced'); },
      checkAlways: true,
      expect: onlyTech(422),
    });
  }
  rows.push({
    route: 'POST /agent/statut/maintenance/*/annuler', label: 'cancel a maintenance',
    // A maintenance of its own for each cell, far ahead (so no banner shows).
    url: async () => {
      const m = await q(`INSERT INTO status_events (kind, components, impact, starts_utc, ends_utc, created_utc, updated_utc)
        VALUES ('maintenance', 'sms', 'down', UTC_TIMESTAMP() + INTERVAL 300 DAY, UTC_TIMESTAMP() + INTERVAL 300 DAY + INTERVAL 1 HOUR,
                UTC_TIMESTAMP(), UTC_TIMESTAMP())`);
      maintId = m.insertId;
      await q("INSERT INTO status_updates (event_id, phase, body_fr, created_utc) VALUES (?, 'scheduled', 'Essai de droits', UTC_TIMESTAMP())", [maintId]);
      return `/agent/statut/maintenance/${maintId}/annuler`;
    },
    fields: () => ({}),
    unchanged: async () => { assert.equal((await one('SELECT cancelled_utc FROM status_events WHERE id = ?', [maintId])).cancelled_utc, null, 'not cancelled'); },
    expect: onlyTech('to:/agent/statut'),
  });
  // The operator's column for the rows above: the pages every role gets
  // alike (sign-in, password reset), its own second factor as an
  // administrator's, its home is the help desk, and no booking, planning
  // or administration page (403).
  const HD = {
    'GET /agent/securite/activer': 'to:/agent/securite', 'POST /agent/securite/activer': 'to:/agent/securite',
    'GET /agent/securite/qr.svg': 404, 'GET /agent/securite': 'ok', 'POST /agent/deconnexion': 'to:/agent/connexion?fin=1',
    'GET /agent/': 'to:/agent/assistance',
  };
  for (const row of rows) {
    if ('helpdesk' in row.expect) continue;
    const others = ROLES.filter((r) => r !== 'helpdesk' && r !== 'tech').map((r) => row.expect[r]);
    row.expect.helpdesk = row.route in HD ? HD[row.route] : others.every((v) => v === others[0]) ? others[0] : 'no';
  }
  return rows;
}

/** The help desk's routes (agent_helpdesk.c). */
function helpdeskRows(rows) {
  const ticketVis = {
    annecy: { partner: false, agentThonon: false, agentAnnecy: true, cadmin: false, padmin: true, helpdesk: true },
    thonon: { partner: false, agentThonon: true, agentAnnecy: false, cadmin: false, padmin: true, helpdesk: true },
    desk: { partner: false, agentThonon: false, agentAnnecy: false, cadmin: false, padmin: true, helpdesk: true },
  };
  const runs = (v, other = 'no') => byRole({ partner: other, agentThonon: other, agentAnnecy: other, cadmin: other, padmin: v, helpdesk: v });
  const all = (v) => byRole({ partner: v, agentThonon: v, agentAnnecy: v, cadmin: v, padmin: v, helpdesk: v });
  const subject = { annecy: () => `Ticket Annecy ${HD_TAG}`, thonon: () => `Ticket Thonon ${HD_TAG}`, desk: () => `Ticket guichet ${HD_TAG}` };
  for (const k of Object.keys(ticketVis)) {
    rows.push({ route: 'GET /agent/assistance', label: `tickets listed: ${k}`, url: () => '/agent/assistance', secret: subject[k], expect: seeOrHide(ticketVis[k]) });
    rows.push({ route: 'GET /agent/assistance/*', label: `ticket page: ${k}`, url: () => `/agent/assistance/${T[k]}`, secret: subject[k], expect: seeOrNo(ticketVis[k]) });
    // A note: refused roles try for real, allowed ones post an empty one (422).
    const noteText = `Note ${HD_TAG} ${k}`;
    rows.push({
      route: 'POST /agent/assistance/*/note', label: `note on ${k}`, url: () => `/agent/assistance/${T[k]}/note`,
      fields: (role, cell) => ({ texte: cell.expect === 'no' || cell.expect === 'login' ? noteText : '' }),
      unchanged: async () => { assert.equal(await one('SELECT id FROM hd_events WHERE body = ?', [noteText]), undefined, 'no note added'); },
      checkAlways: true,
      expect: Object.fromEntries(ROLES.map((r) => [r, r === 'anon' ? 'login' : ticketVis[k][r] ? 422 : 'no'])),
    });
    // States: the operators only (the opener follows, it does not work on it).
    rows.push({
      route: 'POST /agent/assistance/*/etat', label: `state of ${k}`, url: () => `/agent/assistance/${T[k]}/etat`,
      fields: (role, cell) => ({ etat: cell.expect === 422 ? 'nimporte' : 'closed' }),
      unchanged: async () => { assert.equal((await one('SELECT state FROM hd_tickets WHERE id = ?', [T[k]])).state, 'open', 'still open'); },
      checkAlways: true, expect: runs(422),
    });
    rows.push({
      route: 'POST /agent/assistance/*/attribuer', label: `delegate ${k}`, url: () => `/agent/assistance/${T[k]}/attribuer`,
      fields: (role, cell) => (cell.expect === 422 ? {} : { groupe: '2' }),
      unchanged: async () => { assert.equal((await one('SELECT group_id FROM hd_tickets WHERE id = ?', [T[k]])).group_id, null, 'not delegated'); },
      checkAlways: true, expect: runs(422),
    });
  }
  rows.push({ route: 'GET /agent/assistance/nouveau', label: 'new ticket form', url: () => '/agent/assistance/nouveau', expect: all('ok') });
  rows.push({
    route: 'POST /agent/assistance/nouveau', label: 'new ticket without its subject line', url: () => '/agent/assistance/nouveau',
    fields: () => ({ sujet: '1', objet: '', texte: `Incomplet ${HD_TAG}`, canal: 'phone', appelant: 'citizen', issue: 'open' }),
    unchanged: async () => { assert.equal(await one('SELECT id FROM hd_tickets WHERE body = ?', [`Incomplet ${HD_TAG}`]), undefined, 'nothing opened'); },
    checkAlways: true, expect: all(422),
  });
  const groupsExp = byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'ok', padmin: 'ok', helpdesk: 'ok' });
  rows.push({ route: 'GET /agent/assistance/groupes', label: 'help-desk groups', url: () => '/agent/assistance/groupes', expect: groupsExp });
  rows.push({
    route: 'POST /agent/assistance/groupes', label: 'members of a group', url: () => '/agent/assistance/groupes',
    fields: (role, cell) => (cell.expect === 422 ? [['groupe', '2'], ['sujet', '1'], ['membre', '999999999']] : [['groupe', '2'], ['sujet', '1'], ['membre', String(targetAnnecy.id)]]),
    unchanged: async () => { assert.equal(await one('SELECT group_id FROM hd_group_members WHERE staff_id = ?', [targetAnnecy.id]), undefined, 'no member added'); },
    checkAlways: true, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 422, padmin: 422, helpdesk: 422 }),
  });
  rows.push({
    route: 'POST /agent/assistance/sujets', label: 'add a topic', url: () => '/agent/assistance/sujets',
    fields: (role, cell) => (cell.expect === 422 ? { code: 'Pas Bon', nom: 'x' } : { code: `s${HD_TAG}`, nom: 'Sujet pirate' }),
    unchanged: async () => { assert.equal(await one('SELECT id FROM hd_topics WHERE code = ?', [`s${HD_TAG}`]), undefined, 'no topic added'); },
    checkAlways: true, expect: byRole({ partner: 'no', agentThonon: 'no', agentAnnecy: 'no', cadmin: 'no', padmin: 422, helpdesk: 'no' }),
  });
  rows.push({ route: 'GET /agent/assistance/*/faq', label: 'FAQ draft form of a resolved ticket', url: () => `/agent/assistance/${T.done}/faq`, secret: () => `Ticket résolu ${HD_TAG}`, expect: runs('ok') });
  rows.push({
    route: 'POST /agent/assistance/*/faq', label: 'FAQ draft from a resolved ticket', url: () => `/agent/assistance/${T.done}/faq`,
    fields: (role, cell) => ({ question: cell.expect === 422 ? '' : `Question pirate ${HD_TAG}`, reponse: 'R', langue: 'fr' }),
    unchanged: async () => { assert.equal(await one('SELECT id FROM faq_entries WHERE question = ?', [`Question pirate ${HD_TAG}`]), undefined, 'no draft'); },
    checkAlways: true, expect: runs(422),
  });
  rows.push({ route: 'GET /agent/faq', label: 'FAQ entries (drafts)', url: () => '/agent/faq', secret: () => `FAQ ${HD_TAG}`, expect: runs('ok') });
  rows.push({
    route: 'POST /agent/faq/*', label: 'publish a FAQ draft', url: () => `/agent/faq/${T.faq}`,
    fields: (role, cell) => ({ action: cell.expect === 400 ? 'nimporte' : 'publier' }),
    unchanged: async () => { assert.equal((await one('SELECT status FROM faq_entries WHERE id = ?', [T.faq])).status, 'draft', 'still a draft'); },
    checkAlways: true, expect: runs(400),
  });
}

/** Checks one cell; returns '' or a description of the failure. */
async function runCell(row, role, expect) {
  let client = C[role];
  if (row.fresh && role !== 'anon') client = await signIn(role === 'tech' ? TECH_ACCOUNT : EMAIL[role]);
  const url = await row.url();
  const cell = { expect };
  let res;
  if (row.fields) {
    const f = await row.fields(role, cell);
    res = await staffPost(client, url, f);
  } else {
    res = await client.get(url);
  }
  const secret = row.secret ? await row.secret() : undefined;
  const shown = row.shown ? await row.shown() : secret;
  const body = res.text;
  const where = `${row.label || row.route} as ${role}: ${url}`;
  const fail = (m) => `${where}: ${m} — got ${show(res).slice(0, 300)}`;
  try {
    if (expect === 'login') {
      if (!isSignInRedirect(res)) return fail('expected a redirect to the sign-in page');
    } else if (typeof expect === 'string' && expect.startsWith('to:')) {
      if (![301, 302, 303].includes(res.status) || !pathOf(res.location).startsWith(expect.slice(3))) return fail(`expected a redirect to ${expect.slice(3)}`);
    } else if (expect === 'ok' || expect === 'hidden') {
      if (res.status !== 200) return fail('expected 200');
      if (shown && expect === 'ok' && !textOf(body).includes(shown) && !body.includes(shown)) return fail(`expected to show ${shown}`);
      if (secret && expect === 'hidden' && body.includes(secret)) return fail(`must not show ${secret}`);
    } else if (expect === 'no' || expect === 'refused') {
      const okStatus = expect === 'no' ? [403] : [403, 422];
      if (!okStatus.includes(res.status)) return fail(`expected ${okStatus.join(' or ')}`);
      if (res.status === 403 && !FORBIDDEN_RE.test(textOf(body))) return fail('expected the French "no access" message');
      if (secret && body.includes(secret)) return fail(`must not show ${secret}`);
    } else if (typeof expect === 'number') {
      if (res.status !== expect) return fail(`expected ${expect}`);
      if (expect >= 400 && secret && (expect === 403) && body.includes(secret)) return fail(`must not show ${secret}`);
    }
    if (row.unchanged && (expect === 'no' || expect === 'refused' || expect === 'login' || row.checkAlways)) {
      if (!(typeof expect === 'string' && expect.startsWith('to:'))) await row.unchanged(cell);
    }
  } catch (e) {
    return `${where}: ${e.message}`;
  }
  return '';
}

describe('authorization matrix', () => {
  test('every route of the route table is in the matrix', () => {
    const src = fs.readFileSync(path.join(HERE, '..', '..', 'cgi-bin', 'agent.c'), 'utf8');
    const table = [...src.matchAll(/\{\s*"(GET|POST)",\s*"([^"]+)",\s*a_\w+,/g)].map((m) => `${m[1]} ${m[2]}`);
    assert.ok(table.length >= 30, `routes found: ${table.length}`);
    const covered = new Set(matrix().map((r) => r.route));
    const missing = table.filter((r) => !covered.has(r));
    assert.deepEqual(missing, [], 'routes without a row in the matrix');
  });

  // One test per route, each checking all its rows × roles and listing
  // every failing cell.
  const byRoute = new Map();
  for (const row of matrix()) {
    if (!byRoute.has(row.route)) byRoute.set(row.route, []);
    byRoute.get(row.route).push(row);
  }
  for (const [route, rows] of byRoute) {
    test(route, async () => {
      const failures = [];
      let cells = 0;
      for (const row of rows) {
        for (const role of ROLES) {
          const expect = row.expect[role];
          if (expect === undefined || expect === 'skip') continue;
          cells++;
          const f = await runCell(row, role, expect);
          if (f) failures.push(f);
        }
      }
      assert.ok(cells > 0);
      assert.deepEqual(failures, [], `${failures.length} failing cell(s) of ${cells}:\n${failures.join('\n')}`);
    });
  }
});

describe('allowed changes on each kind of record', () => {
  const cases = [
    ['agentAnnecy', 'a public booking at Annecy', async () => {
      const runs = await freeRuns('CNI', 1, { communeInsee: '74010', maxDays: 20 });
      const r = await book({ slotId: runs[Math.floor(Math.random() * runs.length)].id, domicile: '74010' });
      return r.ref;
    }],
    ['cadmin', "an agent's booking at Annecy", async () => (await staffBookOk(C.agentAnnecy, { slotId: (await freeRunAt({ communeId: COMMUNE.annecy })).id })).ref],
    ['padmin', "an agent's booking at Thonon", async () => (await staffBookOk(C.agentThonon, { slotId: (await freeRunAt({ communeId: COMMUNE.thonon })).id })).ref],
    ['agentThonon', "a partner's booking at Thonon", async () => (await staffBookOk(C.partner, { slotId: (await freeRunAt({ communeId: COMMUNE.thonon })).id })).ref],
    ['partner', 'its own booking at Annecy', async () => (await staffBookOk(C.partner, { slotId: (await freeRunAt({ communeId: COMMUNE.annecy })).id })).ref],
  ];
  for (const [role, what, make] of cases) {
    test(`${role} cancels ${what}: 303, cancelled by the commune`, async () => {
      const ref = await make();
      const res = await staffPost(C[role], `/agent/rdv/${ref}/annuler`);
      assert.equal(res.status, 303, show(res));
      const b = await bookingByRef(ref);
      assert.equal(b.status, 'cancelled');
      assert.equal(b.cancelled_by, 'commune');
    });
  }
});

describe('whatever the form says', () => {
  test("an agent cannot move its own commune's booking to another commune's slot", async () => {
    const ref = (await staffBookOk(C.agentAnnecy, { slotId: (await freeRunAt({ communeId: COMMUNE.annecy })).id })).ref;
    const before = await bookingByRef(ref);
    const target = (await freeRunAt({ communeId: COMMUNE.thonon })).id;
    for (const role of ['agentAnnecy', 'cadmin']) {
      const res = await staffPost(C[role], `/agent/rdv/${ref}/deplacer`, { creneau: String(target) });
      assert.ok(res.status >= 400 && res.status < 500, show(res));
    }
    const after = await bookingByRef(ref);
    assert.equal(after.start_utc, before.start_utc);
    assert.equal(after.device_id, before.device_id);
  });

  test("a commune administrator's invitation never lands in another commune, nor makes a platform administrator", async () => {
    const email = `invite.${Math.random().toString(36).slice(2).replace(/[0-9]/g, 'y')}@example.org`;
    const res = await staffPost(C.cadmin, '/agent/personnel', { nom: 'Personne Ailleurs', email, role: 'agent', commune: String(COMMUNE.thonon) });
    assert.ok(res.status < 500, show(res));
    const row = await one('SELECT commune_id FROM staff WHERE email = ?', [email]);
    if (row) assert.equal(row.commune_id, COMMUNE.annecy, 'created in the administrator\'s own commune');
    const email2 = `invite.${Math.random().toString(36).slice(2).replace(/[0-9]/g, 'z')}@example.org`;
    const res2 = await staffPost(C.cadmin, '/agent/personnel', { nom: 'Personne Plateforme', email: email2, role: 'platform_admin' });
    assert.equal(res2.status, 422, show(res2));
    assert.equal(await one('SELECT id FROM staff WHERE email = ?', [email2]), undefined);
    const email3 = `invite.${Math.random().toString(36).slice(2).replace(/[0-9]/g, 'w')}@example.org`;
    const res3 = await staffPost(C.cadmin, '/agent/personnel', { nom: 'Personne Partenaire', email: email3, role: 'partner' });
    assert.equal(res3.status, 422, `an equipped commune has no partner accounts: ${show(res3)}`);
  });

  test('a signed-in page of another role never shows the staff menu of a higher role', async () => {
    const agentHome = await C.agentAnnecy.get('/agent/');
    assert.ok(!agentHome.text.includes('href="/agent/parametres"'), 'no settings link for an agent');
    assert.ok(!agentHome.text.includes('href="/agent/personnel"'));
    const partner = await C.partner.get('/agent/creneaux');
    assert.ok(!partner.text.includes('href="/agent/planning"'), 'no planning link for a partner');
    assert.ok(!partner.text.includes('name="niveau"'), 'no service level choice for a partner');
    const desk = await C.helpdesk.get('/agent/assistance');
    assert.ok(!desk.text.includes('href="/agent/rdv"'), 'no booking link for the help desk');
    assert.ok(!desk.text.includes('href="/agent/personnel"'));
    assert.ok(desk.text.includes('href="/agent/faq"'));
  });
});
