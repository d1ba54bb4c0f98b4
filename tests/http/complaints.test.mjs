// complaints.test.mjs — the complaints register (issue #21 §2): the public
// form confirmed by a one-time code (wrong code, limits, values kept on
// errors, French messages), complaints typed in by agents (email, letter,
// desk), the acknowledgement with its reference in the outbox or as a
// printable letter, status changes, owner and notes with their history,
// the reply by email (outbox) and as a printable letter, the overdue flag
// on the agents' home, the commune check (another commune's agent, the
// partner town hall), the subjects and the reply delay, the statistics
// (page and CSV) and the purge of the person's data.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { execFileSync } from 'node:child_process';

import { Client, describe as desc, pathOf, textOf, uniqueEmail, uniquePhone } from '../lib/client.mjs';
import { VAR, closeDb, one, q } from '../lib/db.mjs';
import { ACCOUNTS, COMMUNE, FORBIDDEN_RE, signIn, staffPost, staffRow } from '../lib/staff.mjs';
import { getCsv, pageTable, pagePath } from '../lib/stats.mjs';

const TAG = `Recl${Date.now().toString(36)}`;
let C;
let agentId;
let savedDays;

const complaint = (ref) => one('SELECT * FROM complaints WHERE ref = ?', [ref]);
const events = (ref) => q('SELECT e.* FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id WHERE c.ref = ? ORDER BY e.id', [ref]);
const messagesOf = (id, kind) => q("SELECT * FROM outbox WHERE idem_key LIKE ? ORDER BY id", [`${kind}:${id}%`]);

async function codeOf(ref) {
  const c = await complaint(ref);
  const m = await one("SELECT body FROM outbox WHERE idem_key LIKE ? ORDER BY id DESC LIMIT 1", [`complaint_code:${c.id}:%`]);
  return m && String(m.body).match(/(?<!\d)(\d{6})(?!\d)/)[1];
}

function publicFields(extra = {}) {
  return { commune: String(COMMUNE.annecy), nom: `${TAG} Dupont`, email: uniqueEmail('recl'), canal: 'email',
    message: "L'accueil du samedi\nétait fermé sans affichage.", consentement: '1', ...extra };
}

/** Posts the public form; returns {client, res, ref, h, fields}. */
async function submit(extra = {}, client = new Client()) {
  const fields = publicFields(extra);
  const res = await client.post('/reclamation', { csrf: await client.csrf(), ...fields });
  const m = res.location && pathOf(res.location).match(/^\/reclamation\/([A-Z0-9]{8})\/code\?h=([0-9a-f]{24})$/);
  return { client, res, ref: m && m[1], h: m && m[2], fields };
}

async function postCode(s, code) {
  return s.client.post(`/reclamation/${s.ref}/code`, { csrf: await s.client.csrf(), h: s.h, code });
}

/** A complaint typed in by an agent; returns its ref. */
async function staffNew(client, fields, status = 303) {
  const res = await staffPost(client, '/agent/reclamations/nouvelle', { nom: `${TAG} Martin`, message: 'Attente trop longue au guichet.', ...fields });
  assert.equal(res.status, status, desc(res));
  if (status !== 303) return res;
  const m = pathOf(res.location).match(/^\/agent\/reclamations\/([A-Z0-9]{8})\?nouvelle=1$/);
  assert.ok(m, res.location);
  return m[1];
}

before(async () => {
  await q("DELETE FROM rate_events WHERE bucket IN ('code_send', 'code_try')");
  C = {
    agent: await signIn(ACCOUNTS.agentAnnecy),
    cadmin: await signIn(ACCOUNTS.cadmin),
    agentThonon: await signIn(ACCOUNTS.agentThonon),
    partner: await signIn(ACCOUNTS.partner),
  };
  agentId = (await staffRow(ACCOUNTS.agentAnnecy)).id;
  savedDays = (await one('SELECT complaint_reply_days AS d FROM communes WHERE id = ?', [COMMUNE.annecy])).d;
  await q('UPDATE communes SET complaint_reply_days = 15 WHERE id = ?', [COMMUNE.annecy]);
});

after(async () => {
  await q("DELETE FROM rate_events WHERE bucket IN ('code_send', 'code_try')");
  await q('UPDATE communes SET complaint_reply_days = ? WHERE id = ?', [savedDays, COMMUNE.annecy]);
  await q('DELETE FROM complaints WHERE name LIKE ? OR body LIKE ?', [`${TAG}%`, `${TAG}%`]);
  await q('DELETE FROM complaints WHERE ref LIKE ?', ['STAT%']);
  await q('DELETE FROM complaint_subjects WHERE label LIKE ?', [`${TAG}%`]);
  await closeDb();
});

describe('the public form', () => {
  test('the form is a public page, in French, linked from every page', async () => {
    const c = new Client();
    const res = await c.get('/reclamation');
    assert.equal(res.status, 200);
    assert.match(textOf(res.text), /Faire une réclamation/);
    assert.match(res.text, /<option value="1">Annecy/);
    const home = await c.get('/');
    assert.match(home.text, /href="\/reclamation"/);
  });

  test('errors: French messages next to the fields, 422, values kept', async () => {
    const s = await submit({ email: 'pas-une-adresse', message: '', nom: `${TAG} Gardé` });
    assert.equal(s.res.status, 422, desc(s.res));
    const t = textOf(s.res.text);
    assert.match(t, /Saisissez une adresse électronique valide/);
    assert.match(t, /Ce champ est obligatoire/);
    assert.match(s.res.text, new RegExp(`value="${TAG} Gardé"`));
    assert.match(s.res.text, /value="pas-une-adresse"/);
    const none = await submit({ email: '', telephone: '', commune: '999999' });
    assert.equal(none.res.status, 422);
    assert.match(textOf(none.res.text), /Indiquez une adresse électronique ou un numéro de portable/);
    assert.match(textOf(none.res.text), /Choisissez la mairie concernée dans la liste/);
    assert.match(none.res.text, /L&#39;accueil du samedi\nétait fermé|L'accueil du samedi\nétait fermé/);
    const noConsent = await submit({ consentement: '' });
    assert.equal(noConsent.res.status, 422);
    const landline = await submit({ email: '', telephone: '04 50 33 88 88', canal: 'sms' });
    assert.equal(landline.res.status, 422);
    assert.match(textOf(landline.res.text), /Ce numéro ne peut pas recevoir de SMS/);
    assert.equal(Number((await one('SELECT COUNT(*) AS n FROM complaints WHERE name = ?', [`${TAG} Gardé`])).n), 0, 'nothing stored');
  });

  let S;
  test('a valid form sends a code; nothing is registered before it is typed', async () => {
    S = await submit();
    assert.equal(S.res.status, 303, desc(S.res));
    assert.ok(S.ref, S.res.location);
    const c = await complaint(S.ref);
    assert.equal(c.status, 'pending_code');
    assert.equal(c.channel, 'web');
    assert.equal(c.received_utc, null);
    const codes = await messagesOf(c.id, 'complaint_code');
    assert.equal(codes.length, 1);
    assert.equal(codes[0].channel, 'email');
    assert.equal(codes[0].recipient, S.fields.email);
    assert.equal(codes[0].kind, 'complaint_code');
    const page = await S.client.get(`/reclamation/${S.ref}/code?h=${S.h}`);
    assert.equal(page.status, 200);
    assert.match(textOf(page.text), /Un code à 6 chiffres a été envoyé par courriel/);
    assert.doesNotMatch(page.text, new RegExp(S.fields.email.replace('.', '\\.')), 'the contact is masked');
    // Not in the register yet.
    const list = await C.agent.get('/agent/reclamations');
    assert.doesNotMatch(list.text, new RegExp(S.ref));
    const bad = await new Client().get(`/reclamation/${S.ref}/code?h=${'0'.repeat(24)}`);
    assert.equal(bad.status, 404);
  });

  test('a wrong code is refused in French and counted', async () => {
    const code = await codeOf(S.ref);
    const wrong = code === '000000' ? '111111' : '000000';
    const res = await postCode(S, wrong);
    assert.equal(res.status, 422, desc(res));
    assert.match(textOf(res.text), /Ce code n'est pas le bon\. Il vous reste 4 essais\./);
    assert.equal((await complaint(S.ref)).status, 'pending_code');
    assert.equal(Number((await complaint(S.ref)).code_attempts), 1);
    const malformed = await postCode(S, '12a');
    assert.equal(malformed.status, 422);
  });

  test('too many failed tries from one address: 429, even with the right code', async () => {
    const row = await one("SELECT key_hash FROM rate_events WHERE bucket = 'code_try' ORDER BY at_utc DESC LIMIT 1");
    assert.ok(row, 'the wrong try was counted for the address');
    for (let i = 0; i < 30; i++) await q("INSERT INTO rate_events (bucket, key_hash, at_utc) VALUES ('code_try', ?, UTC_TIMESTAMP())", [row.key_hash]);
    const res = await postCode(S, await codeOf(S.ref));
    assert.equal(res.status, 429, desc(res));
    assert.match(textOf(res.text), /Trop d'essais depuis cette connexion/);
    assert.equal((await complaint(S.ref)).status, 'pending_code');
    await q("DELETE FROM rate_events WHERE bucket = 'code_try'");
  });

  test('the right code registers it: reference, deadline, acknowledgement by email', async () => {
    const res = await postCode(S, await codeOf(S.ref));
    assert.equal(res.status, 303, desc(res));
    const done = pathOf(res.location);
    assert.match(done, new RegExp(`^/reclamation/${S.ref}\\?t=[0-9a-f]{24}$`));
    const c = await complaint(S.ref);
    assert.equal(c.status, 'recue');
    assert.ok(c.received_utc);
    const days = (new Date(c.deadline_utc) - new Date(c.received_utc)) / 86400000;
    assert.equal(days, 15, 'the commune\'s reply delay');
    const acks = await messagesOf(c.id, 'complaint_ack');
    assert.equal(acks.length, 1);
    assert.equal(acks[0].recipient, S.fields.email);
    assert.match(acks[0].subject, new RegExp(S.ref));
    assert.match(acks[0].body, new RegExp(`Référence : ${S.ref}`));
    assert.match(acks[0].body, /Nous vous répondrons au plus tard le/);
    const page = await S.client.get(done);
    assert.equal(page.status, 200);
    assert.match(textOf(page.text), new RegExp(`Référence ${S.ref}`));
    assert.match(textOf(page.text), /Réponse au plus tard le/);
    const kinds = (await events(S.ref)).map((e) => e.kind);
    assert.deepEqual(kinds, ['received', 'ack']);
    // The code is spent: the code page leads to the complaint.
    const again = await S.client.get(`/reclamation/${S.ref}/code?h=${S.h}`);
    assert.equal(again.status, 303);
    const listed = await C.agent.get('/agent/reclamations');
    assert.match(listed.text, new RegExp(S.ref));
  });

  test('by SMS to a mobile; three codes an hour per contact, then 429 with the values kept', async () => {
    const phone = uniquePhone();
    for (let i = 0; i < 3; i++) {
      const s = await submit({ email: '', telephone: phone, canal: 'sms' });
      assert.equal(s.res.status, 303, desc(s.res));
      if (i === 0) {
        const m = await messagesOf((await complaint(s.ref)).id, 'complaint_code');
        assert.equal(m[0].channel, 'sms');
        assert.equal(m[0].recipient, `+33${phone.slice(1)}`);
      }
    }
    const s = await submit({ email: '', telephone: phone, canal: 'sms', nom: `${TAG} Limité` });
    assert.equal(s.res.status, 429, desc(s.res));
    assert.match(textOf(s.res.text), /Trop de codes ont été envoyés à ce contact/);
    assert.match(s.res.text, new RegExp(`value="${TAG} Limité"`));
  });
});

describe('the register, for the agents', () => {
  let byEmail, byLetter, atDesk;

  test('an email typed in: the email address is required, then acknowledged by email', async () => {
    const form = await C.agent.get('/agent/reclamations/nouvelle');
    assert.equal(form.status, 200);
    assert.match(textOf(form.text), /Enregistrer une réclamation/);
    const bad = await staffNew(C.agent, { canal: 'email', nom: `${TAG} Sans adresse` }, 422);
    assert.match(textOf(bad.text), /Indiquez l'adresse électronique de la personne/);
    assert.match(bad.text, new RegExp(`value="${TAG} Sans adresse"`));
    const email = uniqueEmail('recl-mail');
    byEmail = await staffNew(C.agent, { canal: 'email', email, reference: 'abcd2345' });
    const c = await complaint(byEmail);
    assert.equal(c.channel, 'email');
    assert.equal(c.status, 'recue');
    assert.equal(c.booking_ref, 'ABCD2345');
    assert.equal(c.commune_id, COMMUNE.annecy);
    const acks = await messagesOf(c.id, 'complaint_ack');
    assert.equal(acks.length, 1);
    assert.equal(acks[0].recipient, email);
    assert.match(acks[0].body, new RegExp(byEmail));
    const page = await C.agent.get(`/agent/reclamations/${byEmail}?nouvelle=1`);
    assert.equal(page.status, 200);
    assert.match(textOf(page.text), /L'accusé de réception avec sa référence est envoyé à la personne/);
    assert.ok(await one("SELECT id FROM audit_log WHERE action = 'complaint_create' AND entity_id = ?", [byEmail]), 'audited');
  });

  test('a paper letter: the postal address is required; the acknowledgement is a printable letter', async () => {
    const bad = await staffNew(C.agent, { canal: 'courrier' }, 422);
    assert.match(textOf(bad.text), /Indiquez l'adresse postale de la personne/);
    byLetter = await staffNew(C.agent, { canal: 'courrier', adresse: '12 rue des Lilas\n74000 Annecy' });
    const c = await complaint(byLetter);
    assert.equal(c.channel, 'courrier');
    assert.equal((await messagesOf(c.id, 'complaint_ack')).length, 0, 'nothing sent: the letter is printed');
    const letter = await C.agent.get(`/agent/reclamations/${byLetter}/accuse`);
    assert.equal(letter.status, 200);
    const t = textOf(letter.text);
    assert.match(t, /Mairie de Annecy/);
    assert.match(t, /Accusé de réception/);
    assert.match(t, new RegExp(`référence ${byLetter}`));
    assert.match(t, new RegExp(`${TAG} Martin`));
    assert.match(t, /12 rue des Lilas/);
    assert.match(t, /Nous nous engageons à vous répondre au plus tard le/);
    assert.match(letter.text, /print\.js/);
  });

  test('at the desk: acknowledged by SMS when only a mobile is given', async () => {
    const phone = uniquePhone();
    atDesk = await staffNew(C.agent, { canal: 'guichet', telephone: phone });
    const c = await complaint(atDesk);
    assert.equal(c.channel, 'guichet');
    const acks = await messagesOf(c.id, 'complaint_ack');
    assert.equal(acks.length, 1);
    assert.equal(acks[0].channel, 'sms');
    assert.equal(acks[0].recipient, `+33${phone.slice(1)}`);
    assert.match(acks[0].body, new RegExp(atDesk));
    const refused = await staffNew(C.agent, { canal: 'web' }, 422);
    assert.match(textOf(refused.text), /Choisissez comment la réclamation est arrivée/);
  });

  test('owner, subject, status and notes: each in the history with who and when, audited', async () => {
    const sj = { id: (await q('INSERT INTO complaint_subjects (commune_id, label) VALUES (?, ?)', [COMMUNE.annecy, `${TAG} Accueil`])).insertId };
    let res = await staffPost(C.agent, `/agent/reclamations/${byEmail}/attribuer`, { responsable: String(agentId), sujet: String(sj.id) });
    assert.equal(res.status, 303, desc(res));
    let c = await complaint(byEmail);
    assert.equal(c.owner_id, agentId);
    assert.equal(c.subject_id, sj.id);
    assert.equal(c.status, 'en_cours', 'taken in hand');
    // Another commune's staff member cannot own it.
    const thononAgent = await staffRow(ACCOUNTS.agentThonon);
    res = await staffPost(C.agent, `/agent/reclamations/${byEmail}/attribuer`, { responsable: String(thononAgent.id) });
    assert.equal(res.status, 422);
    assert.match(textOf(res.text), /Choisissez un membre du personnel de la commune/);
    res = await staffPost(C.agent, `/agent/reclamations/${byEmail}/statut`, { statut: 'repondue' });
    assert.equal(res.status, 422);
    assert.match(textOf(res.text), /quand sa réponse est enregistrée/);
    res = await staffPost(C.agent, `/agent/reclamations/${byEmail}/statut`, { statut: 'nimporte' });
    assert.equal(res.status, 422);
    res = await staffPost(C.agent, `/agent/reclamations/${byEmail}/note`, { note: 'Appelé la personne,\nrappel demain.' });
    assert.equal(res.status, 303);
    res = await staffPost(C.agent, `/agent/reclamations/${byEmail}/note`, { note: '' });
    assert.equal(res.status, 422);
    const ev = await events(byEmail);
    const kinds = ev.map((e) => e.kind);
    assert.deepEqual(kinds, ['received', 'ack', 'assigned', 'subject', 'status', 'note']);
    for (const e of ev.slice(2)) {
      assert.equal(e.staff_id, agentId, `${e.kind}: who`);
      assert.ok(e.at_utc, `${e.kind}: when`);
    }
    assert.equal(ev[4].from_status, 'recue');
    assert.equal(ev[4].to_status, 'en_cours');
    assert.equal(ev[5].text, 'Appelé la personne,\nrappel demain.');
    const page = await C.agent.get(`/agent/reclamations/${byEmail}`);
    const t = textOf(page.text);
    assert.match(t, /Statut : reçue → en cours/);
    assert.match(t, /Note interne/);
    assert.match(t, new RegExp(`${TAG} Accueil`));
    for (const a of ['complaint_assign', 'complaint_note']) {
      assert.ok(await one('SELECT id FROM audit_log WHERE action = ? AND entity_id = ?', [a, byEmail]), `${a} audited`);
    }
  });

  test('the reply by email goes through the outbox and answers the complaint', async () => {
    const text = `${TAG} Nous avons revu les horaires.\nMerci de votre message.`;
    const res = await staffPost(C.agent, `/agent/reclamations/${byEmail}/reponse`, { reponse: text, mode: 'email' });
    assert.equal(res.status, 303, desc(res));
    assert.match(pathOf(res.location), /fait=courriel/);
    const c = await complaint(byEmail);
    assert.equal(c.status, 'repondue');
    assert.ok(c.answered_utc);
    const ev = (await events(byEmail)).filter((e) => e.kind === 'reply');
    assert.equal(ev.length, 1);
    const m = await messagesOf(ev[0].id, 'complaint_reply');
    assert.equal(m.length, 1);
    assert.equal(m[0].channel, 'email');
    assert.equal(m[0].recipient, c.contact_email);
    assert.match(m[0].subject, new RegExp(`Réponse à votre réclamation ${byEmail}`));
    assert.match(m[0].body, /Nous avons revu les horaires\.\nMerci de votre message\./);
    const page = await C.agent.get(`/agent/reclamations/${byEmail}?fait=courriel`);
    assert.match(textOf(page.text), /Réponse envoyée par courriel/);
    assert.ok(await one("SELECT id FROM audit_log WHERE action = 'complaint_reply' AND entity_id = ?", [byEmail]));
  });

  test('a reply by email needs an email address; by letter it is a printable page', async () => {
    let res = await staffPost(C.agent, `/agent/reclamations/${byLetter}/reponse`, { reponse: 'Bonjour', mode: 'email' });
    assert.equal(res.status, 422);
    assert.match(textOf(res.text), /envoyez la réponse par courrier/);
    assert.match(res.text, />Bonjour<\/textarea>/, 'the reply typed is kept');
    const none = await C.agent.get(`/agent/reclamations/${byLetter}/lettre`);
    assert.equal(none.status, 404);
    res = await staffPost(C.agent, `/agent/reclamations/${byLetter}/reponse`, { reponse: `${TAG} Réponse par lettre.`, mode: 'courrier' });
    assert.equal(res.status, 303);
    const letter = await C.agent.get(`/agent/reclamations/${byLetter}/lettre`);
    assert.equal(letter.status, 200);
    const t = textOf(letter.text);
    assert.match(t, /Mairie de Annecy/);
    assert.match(t, /Réponse à votre réclamation/);
    assert.match(t, new RegExp(`${TAG} Réponse par lettre\\.`));
    assert.match(t, /12 rue des Lilas/);
    assert.equal((await complaint(byLetter)).status, 'repondue');
    assert.equal((await messagesOf((await complaint(byLetter)).id, 'complaint_reply')).length, 0);
    res = await staffPost(C.agent, `/agent/reclamations/${byLetter}/statut`, { statut: 'close', motif: 'Dossier clos' });
    assert.equal(res.status, 303);
    const c = await complaint(byLetter);
    assert.equal(c.status, 'close');
    assert.ok(c.closed_utc);
    const last = (await events(byLetter)).pop();
    assert.equal(last.kind, 'status');
    assert.equal(last.to_status, 'close');
    assert.equal(last.text, 'Dossier clos');
  });

  test('overdue complaints are flagged on the agents\' home, with the link to them', async () => {
    await q('UPDATE complaints SET deadline_utc = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE ref = ?', [atDesk]);
    const n = Number((await one(`SELECT COUNT(*) AS n FROM complaints WHERE commune_id = ? AND status IN ('recue', 'en_cours')
      AND deadline_utc < UTC_TIMESTAMP()`, [COMMUNE.annecy])).n);
    const home = await C.agent.get('/agent/');
    assert.equal(home.status, 200);
    const t = textOf(home.text);
    assert.match(t, new RegExp(n === 1 ? '1 réclamation a dépassé son délai de réponse' : `${n} réclamations ont dépassé leur délai de réponse`));
    assert.match(home.text, /href="\/agent\/reclamations\?retard=1"/);
    const list = await C.agent.get('/agent/reclamations?retard=1');
    assert.match(list.text, new RegExp(atDesk));
    assert.doesNotMatch(list.text, new RegExp(byEmail), 'answered: not overdue');
    assert.match(textOf(list.text), /en retard/);
    const byStatus = await C.agent.get('/agent/reclamations?statut=close');
    assert.match(byStatus.text, new RegExp(byLetter));
    assert.doesNotMatch(byStatus.text, new RegExp(atDesk));
    // Thonon's home does not count Annecy's.
    const thononCount = Number((await one(`SELECT COUNT(*) AS n FROM complaints WHERE commune_id = ? AND status IN ('recue', 'en_cours')
      AND deadline_utc < UTC_TIMESTAMP()`, [COMMUNE.thonon])).n);
    const th = textOf((await C.agentThonon.get('/agent/')).text);
    if (thononCount === 0) assert.match(th, /aucune réclamation en retard/);
    const thList = await C.agentThonon.get('/agent/reclamations?retard=1');
    assert.doesNotMatch(thList.text, new RegExp(atDesk));
    // Answered in the end: no longer overdue.
    await staffPost(C.agent, `/agent/reclamations/${atDesk}/reponse`, { reponse: 'Réponse tardive', mode: 'courrier' });
    const after2 = await C.agent.get('/agent/reclamations?retard=1');
    assert.doesNotMatch(after2.text, new RegExp(atDesk));
  });

  test('another commune\'s agent and the partner town hall get 403, nothing changes', async () => {
    for (const p of [`/agent/reclamations/${atDesk}`, `/agent/reclamations/${atDesk}/accuse`, `/agent/reclamations/${byLetter}/lettre`]) {
      const res = await C.agentThonon.get(p);
      assert.equal(res.status, 403, `${p}: ${desc(res)}`);
      assert.match(textOf(res.text), FORBIDDEN_RE);
      assert.doesNotMatch(res.text, new RegExp(`${TAG} Martin`));
    }
    const before2 = (await events(atDesk)).length;
    for (const [action, fields] of [['statut', { statut: 'close' }], ['note', { note: 'x' }], ['reponse', { reponse: 'x', mode: 'courrier' }], ['attribuer', { responsable: '' }]]) {
      const res = await staffPost(C.agentThonon, `/agent/reclamations/${atDesk}/${action}`, fields);
      assert.equal(res.status, 403, action);
      const pr = await staffPost(C.partner, `/agent/reclamations/${atDesk}/${action}`, fields);
      assert.equal(pr.status, 403, `partner ${action}`);
    }
    assert.equal((await events(atDesk)).length, before2, 'history unchanged');
    assert.equal((await complaint(atDesk)).status, 'repondue');
    for (const p of ['/agent/reclamations', '/agent/reclamations/nouvelle', `/agent/reclamations/${atDesk}`]) {
      const res = await C.partner.get(p);
      assert.equal(res.status, 403, `partner ${p}`);
    }
    const list = await C.agentThonon.get('/agent/reclamations');
    assert.doesNotMatch(list.text, new RegExp(atDesk));
    const unknown = await C.agent.get('/agent/reclamations/ZZZZZZZZ');
    assert.equal(unknown.status, 404);
    // Agents do not set the subjects.
    assert.equal((await C.agent.get('/agent/reclamations/sujets')).status, 403);
  });

  test('subjects and the reply delay, for the commune administrators', async () => {
    const page = await C.cadmin.get('/agent/reclamations/sujets');
    assert.equal(page.status, 200);
    let res = await staffPost(C.cadmin, '/agent/reclamations/sujets', { libelle: `${TAG} Délais` });
    assert.equal(res.status, 303, desc(res));
    res = await staffPost(C.cadmin, '/agent/reclamations/sujets', { libelle: `${TAG} Délais` });
    assert.equal(res.status, 409);
    assert.match(textOf(res.text), /Ce sujet existe déjà/);
    res = await staffPost(C.cadmin, '/agent/reclamations/sujets', { libelle: '' });
    assert.equal(res.status, 422);
    const sj = await one('SELECT id FROM complaint_subjects WHERE commune_id = ? AND label = ?', [COMMUNE.annecy, `${TAG} Délais`]);
    const form = await C.agent.get('/agent/reclamations/nouvelle');
    assert.match(form.text, new RegExp(`${TAG} Délais`));
    res = await staffPost(C.cadmin, `/agent/reclamations/sujets/${sj.id}/retirer`, {});
    assert.equal(res.status, 303);
    assert.doesNotMatch((await C.agent.get('/agent/reclamations/nouvelle')).text, new RegExp(`${TAG} Délais`));
    const retired = await staffNew(C.agent, { canal: 'guichet', sujet: String(sj.id) }, 422);
    assert.match(textOf(retired.text), /Choisissez un sujet de la liste/);
    res = await staffPost(C.cadmin, '/agent/reclamations/delai', { delai: '0' });
    assert.equal(res.status, 422);
    res = await staffPost(C.cadmin, '/agent/reclamations/delai', { delai: '30' });
    assert.equal(res.status, 303);
    const ref = await staffNew(C.agent, { canal: 'guichet' });
    const c = await complaint(ref);
    assert.equal((new Date(c.deadline_utc) - new Date(c.received_utc)) / 86400000, 30, 'the new delay');
    assert.ok(await one("SELECT id FROM audit_log WHERE action = 'complaint_reply_days' ORDER BY id DESC LIMIT 1"));
    await q('UPDATE communes SET complaint_reply_days = 15 WHERE id = ?', [COMMUNE.annecy]);
  });
});

describe('statistics and retention', () => {
  test('"reclamations": volume per channel and subject, share answered in time, median reply time (page and CSV)', async () => {
    await q('DELETE FROM complaints WHERE ref LIKE ?', ['STAT%']);
    const sj = { id: (await q('INSERT INTO complaint_subjects (commune_id, label) VALUES (?, ?)', [COMMUNE.annecy, `${TAG} Stat`])).insertId };
    // March 2023, Annecy: web × 3 of the subject (answered after 2 and 20
    // days with 15 allowed, one not answered), email × 1 without subject
    // (answered after 4 days); Thonon: one, not counted for Annecy.
    const rows = [
      ['STATAAA2', COMMUNE.annecy, 'web', sj.id, '2023-03-06 10:00:00', 2],
      ['STATAAA3', COMMUNE.annecy, 'web', sj.id, '2023-03-07 10:00:00', 20],
      ['STATAAA4', COMMUNE.annecy, 'web', sj.id, '2023-03-08 10:00:00', null],
      ['STATAAA5', COMMUNE.annecy, 'email', null, '2023-03-09 10:00:00', 4],
      ['STATAAA6', COMMUNE.thonon, 'email', null, '2023-03-09 10:00:00', 1],
      ['STATAAA7', COMMUNE.annecy, 'email', null, '2023-04-09 10:00:00', 1],
    ];
    for (const [ref, commune, channel, subject, at, days] of rows) {
      await q(`INSERT INTO complaints (ref, commune_id, channel, subject_id, status, name, body, lang, secret, created_utc, received_utc,
          deadline_utc, answered_utc) VALUES (?, ?, ?, ?, ?, ?, 'x', 'fr', ?, ?, ?, ? + INTERVAL 15 DAY, IF(? IS NULL, NULL, ? + INTERVAL ? DAY))`,
      [ref, commune, channel, subject, days === null ? 'recue' : 'repondue', `${TAG} stat`, '0'.repeat(32), at, at, at, days, at, days]);
    }
    const { header, rows: csv } = await getCsv(C.cadmin, 'reclamations', { du: '2023-03-01', au: '2023-03-31' });
    assert.deepEqual(header, ['Canal', 'Sujet', 'Réclamations reçues', 'Répondues dans le délai',
      'Part répondue dans le délai (%)', 'Délai médian de réponse (jours)']);
    assert.deepEqual(csv, [
      ['web', `${TAG} Stat`, '3', '1', '33.3', '11.0'],
      ['email', '', '1', '1', '100.0', '4.0'],
      ['total', '', '4', '2', '50.0', '4.0'],
    ]);
    const padmin = await signIn(ACCOUNTS.padmin);
    const all = await getCsv(padmin, 'reclamations', { du: '2023-03-01', au: '2023-03-31' });
    assert.deepEqual(all.rows.at(-1), ['total', '', '5', '3', '60.0', '3.0'], 'both communes for the platform');
    const page = await C.cadmin.get(pagePath({ du: '2023-03-01', au: '2023-03-31' }));
    assert.equal(page.status, 200);
    const t = pageTable(page.text, 'reclamations');
    assert.ok(t, 'the table on the page');
    assert.match(t.caption, /Réclamations par canal et par sujet/);
    assert.deepEqual(t.rows[0], ['internet', `${TAG} Stat`, '3', '1', '33.3', '11.0'], 'channels in words on the page');
    assert.equal(t.rows[2][0], 'toutes');
    assert.match(page.text, /data-chart="bar"[^>]*data-table="t-reclamations"|data-table="t-reclamations"[^>]*data-chart="bar"/);
  });

  test('the purge wipes the person\'s data 3 years after closing, keeps the figures', async () => {
    const email = uniqueEmail('recl-purge');
    const ref = await staffNew(C.agent, { canal: 'email', email, nom: `${TAG} Purge` });
    await staffPost(C.agent, `/agent/reclamations/${ref}/note`, { note: 'Note à effacer' });
    await staffPost(C.agent, `/agent/reclamations/${ref}/statut`, { statut: 'close' });
    const young = await staffNew(C.agent, { canal: 'email', email, nom: `${TAG} Jeune` });
    await staffPost(C.agent, `/agent/reclamations/${young}/statut`, { statut: 'close' });
    await q('UPDATE complaints SET closed_utc = UTC_TIMESTAMP() - INTERVAL 37 MONTH WHERE ref = ?', [ref]);
    await q('UPDATE complaints SET closed_utc = UTC_TIMESTAMP() - INTERVAL 35 MONTH WHERE ref = ?', [young]);
    // An unconfirmed public one, two days old.
    const s = await submit();
    await q('UPDATE complaints SET created_utc = UTC_TIMESTAMP() - INTERVAL 2 DAY WHERE ref = ?', [s.ref]);
    const build = process.env.CRENEAU_BUILD || 'build';
    execFileSync(`${build}/bin/creneau-admin`, ['purge'], { env: { ...process.env, CRENEAU_CONF: `${VAR}/creneau.conf` }, stdio: 'pipe', timeout: 300000 });
    const c = await complaint(ref);
    assert.ok(c, 'the row stays for the statistics');
    assert.equal(c.name, null);
    assert.equal(c.contact_email, null);
    assert.equal(c.body, null);
    assert.ok(c.purged_utc);
    assert.equal(c.channel, 'email');
    const ev = await events(ref);
    assert.ok(ev.every((e) => e.text === null), 'the history keeps no text');
    const y = await complaint(young);
    assert.equal(y.name, `${TAG} Jeune`, 'not yet');
    assert.equal(await complaint(s.ref), undefined, 'never confirmed: deleted');
    const page = await C.agent.get(`/agent/reclamations/${ref}`);
    assert.equal(page.status, 200);
    assert.match(textOf(page.text), /données effacées/);
    assert.doesNotMatch(page.text, /Note à effacer/);
  });
});
