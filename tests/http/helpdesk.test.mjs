// helpdesk.test.mjs — the help desk (#22 §1): tickets opened by an
// operator with each of the three outcomes, their later states (the SLA
// clock paused while waiting for the caller), their history, who may see
// and work on them (operator, the agent who opened one, a second-line
// group's members, another commune), the email gateway creneau-mailin fed
// real MIME messages, the FAQ grown from a resolved ticket (draft,
// publish, /faq search and its yes/no counts), and the statistics.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, csrfOf, describe as show, letters, pathOf, textOf } from '../lib/client.mjs';
import { closeDb, one, q } from '../lib/db.mjs';
import { ACCOUNTS, COMMUNE, FORBIDDEN_RE, createStaff, signIn, signInAll, staffPost } from '../lib/staff.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(HERE, '..', '..');
const BUILD = process.env.CRENEAU_BUILD || ['build-asan', 'build'].find((b) => fs.existsSync(path.join(ROOT, b, 'bin', 'creneau-mailin')));
const MAILIN = path.join(ROOT, BUILD, 'bin', 'creneau-mailin');
const HELPDESK = 'helpdesk@creneau.demo';
const TAG = letters(6);

let C;
let topics;

before(async () => {
  await q("DELETE FROM rate_events WHERE bucket LIKE 'faq%'");
  C = await signInAll();
  C.helpdesk = await signIn(HELPDESK);
  topics = Object.fromEntries((await q('SELECT id, code FROM hd_topics')).map((t) => [t.code, t.id]));
});

after(async () => {
  await closeDb();
});

const idOf = (res) => Number((pathOf(res.location) || '').match(/^\/agent\/assistance\/(\d+)$/)?.[1]);
const ticket = (id) => one('SELECT * FROM hd_tickets WHERE id = ?', [id]);
const events = (id) => q('SELECT * FROM hd_events WHERE ticket_id = ? ORDER BY id', [id]);
const helpdeskId = async () => (await one('SELECT id FROM staff WHERE email = ?', [HELPDESK])).id;

/** An operator's new ticket: the 303's ticket id. */
async function open(fields, client = C.helpdesk) {
  const res = await staffPost(client, '/agent/assistance/nouveau', {
    canal: 'phone', appelant: 'citizen', nom: 'Jeanne Appelante', email: `appel.${TAG}.${letters(4).toLowerCase()}@example.org`,
    sujet: String(topics.rendez_vous), objet: `Question ${TAG} ${letters(5)}`, texte: 'Je ne trouve pas mon rendez-vous.\nMerci.',
    issue: 'open', ...fields,
  });
  assert.equal(res.status, 303, show(res));
  return idOf(res);
}

/** Runs the email gateway on one message. */
function mailin(message) {
  const r = spawnSync(MAILIN, [], { input: message, env: { ...process.env, CRENEAU_CONF: process.env.CRENEAU_CONF }, encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('tickets opened by an operator', () => {
  test('closed at once: closed, answered on the spot, first answer and resolution at 0', async () => {
    const id = await open({ issue: 'closed_at_once', reponse: 'Votre rendez-vous est le 12 à 9 h.' });
    const t = await ticket(id);
    assert.equal(t.state, 'closed');
    assert.equal(t.outcome, 'closed_at_once');
    assert.equal(t.first_answer_bs, 0);
    assert.equal(t.resolution_bs, 0);
    assert.equal(t.channel, 'phone');
    const ev = await events(id);
    assert.deepEqual(ev.map((e) => e.kind), ['created', 'note']);
    const page = await C.helpdesk.get(`/agent/assistance/${id}`);
    assert.equal(page.status, 200);
    assert.match(textOf(page.text), /Votre rendez-vous est le 12 à 9 h/);
    assert.match(textOf(page.text), new RegExp(`HD-${String(id).padStart(6, '0')}`));
  });

  test('closed at once needs the answer given (422, the form kept)', async () => {
    const res = await staffPost(C.helpdesk, '/agent/assistance/nouveau', {
      canal: 'desk', appelant: 'other', sujet: String(topics.autre), objet: `Sans réponse ${TAG}`, texte: 'Question', issue: 'closed_at_once', reponse: '',
    });
    assert.equal(res.status, 422, show(res));
    assert.match(textOf(res.text), /Notez la réponse donnée/);
    assert.match(res.text, new RegExp(`value="Sans réponse ${TAG}"`));
    assert.equal(await one('SELECT id FROM hd_tickets WHERE subject = ?', [`Sans réponse ${TAG}`]), undefined);
  });

  test('open: with its owner, listed as to do', async () => {
    const me = await helpdeskId();
    const id = await open({ issue: 'open', proprietaire: String(me) });
    const t = await ticket(id);
    assert.equal(t.state, 'open');
    assert.equal(t.owner_id, me);
    assert.equal(t.first_answer_utc, null);
    const list = await C.helpdesk.get('/agent/assistance');
    assert.ok(list.text.includes(`/agent/assistance/${id}"`), 'in the list of tickets to do');
  });

  test('delegated: to a second-line group, refused for a first-line one', async () => {
    const bad = await staffPost(C.helpdesk, '/agent/assistance/nouveau', {
      canal: 'email', appelant: 'partner', sujet: String(topics.technique), objet: `Délégué mal ${TAG}`, texte: 'x', issue: 'delegated', groupe: '1',
    });
    assert.equal(bad.status, 422, show(bad));
    assert.match(textOf(bad.text), /Choisissez le groupe de deuxième ligne/);
    const id = await open({ issue: 'delegated', groupe: '2', sujet: String(topics.technique), appelant: 'partner' });
    const t = await ticket(id);
    assert.equal(t.state, 'delegated');
    assert.equal(t.group_id, 2);
    assert.deepEqual((await events(id)).map((e) => e.kind), ['created', 'delegate']);
  });

  test('bad input: unknown channel and caller, a bad booking reference, kept on the form', async () => {
    const res = await staffPost(C.helpdesk, '/agent/assistance/nouveau', {
      canal: 'fax', appelant: 'robot', sujet: String(topics.autre), objet: `Mauvais ${TAG}`, texte: 'x', issue: 'open', reference: '12',
    });
    assert.equal(res.status, 422);
    const text = textOf(res.text);
    assert.match(text, /Choisissez un canal dans la liste/);
    assert.match(text, /Choisissez un type d'appelant dans la liste/);
    assert.match(text, /La référence compte 8 caractères/);
  });
});

describe('states, the SLA clock and the history', () => {
  test('waiting pauses the clock; the reply reopens; resolved then closed; every change in the history', async () => {
    const id = await open({ issue: 'open' });
    // Opened 30 days ago: well past both delays, flagged overdue.
    await q('UPDATE hd_tickets SET created_utc = UTC_TIMESTAMP() - INTERVAL 30 DAY WHERE id = ?', [id]);
    let list = await C.helpdesk.get(`/agent/assistance?q=HD-${id}`);
    assert.match(list.text, /en retard/, 'overdue flagged in the list');
    // A reply sent to the caller: the first answer, through the outbox with the reference.
    const caller = (await ticket(id)).caller_email;
    const sent = await staffPost(C.helpdesk, `/agent/assistance/${id}/note`, { texte: 'Pouvez-vous nous donner la référence ?', envoyer: '1' });
    assert.equal(sent.status, 303, show(sent));
    let t = await ticket(id);
    assert.ok(t.first_answer_bs > 8 * 3600, `first answer counted in opening hours: ${t.first_answer_bs}`);
    const mail = await one("SELECT * FROM outbox WHERE kind = 'helpdesk' AND recipient = ? ORDER BY id DESC LIMIT 1", [caller]);
    assert.ok(mail, 'the reply is in the outbox');
    assert.ok(mail.subject.startsWith(`[HD-${String(id).padStart(6, '0')}]`), mail.subject);
    assert.match(mail.body, /Pouvez-vous nous donner la référence/);
    // An internal note goes nowhere.
    const before = (await one('SELECT COUNT(*) AS n FROM outbox')).n;
    await staffPost(C.helpdesk, `/agent/assistance/${id}/note`, { texte: 'Note pour l\'équipe' });
    assert.equal((await one('SELECT COUNT(*) AS n FROM outbox')).n, before);
    // Waiting for the caller: the clock pauses (waiting since 30 days: no longer overdue).
    assert.equal((await staffPost(C.helpdesk, `/agent/assistance/${id}/etat`, { etat: 'waiting' })).status, 303);
    t = await ticket(id);
    assert.equal(t.state, 'waiting');
    assert.ok(t.waiting_since_utc);
    await q('UPDATE hd_tickets SET waiting_since_utc = created_utc WHERE id = ?', [id]);
    list = await C.helpdesk.get(`/agent/assistance?q=HD-${id}&etat=waiting`);
    assert.ok(list.text.includes(`/agent/assistance/${id}"`));
    assert.doesNotMatch(list.text, /en retard/, 'paused: the whole wait is out of the clock');
    assert.match(list.text, /horloge en pause/);
    // The caller writes back (email gateway): reopened, the pause summed up.
    const r = mailin(`From: Jeanne <${caller}>\r\nTo: assistance@creneau.test\r\nSubject: Re: [HD-${String(id).padStart(6, '0')}] ma question\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nLa référence est K7QM3XPA.\r\n`);
    assert.equal(r.status, 0, r.err);
    assert.match(r.out, /added to HD-/);
    t = await ticket(id);
    assert.equal(t.state, 'open', 'a reply reopens');
    assert.equal(t.waiting_since_utc, null);
    assert.ok(t.paused_bs > 8 * 3600 * 10, `the pause counted in opening hours: ${t.paused_bs}`);
    // Resolved, then closed.
    assert.equal((await staffPost(C.helpdesk, `/agent/assistance/${id}/etat`, { etat: 'resolved' })).status, 303);
    t = await ticket(id);
    assert.equal(t.state, 'resolved');
    assert.ok(t.resolution_bs !== null && t.resolution_bs < 3600, `resolution without the pause: ${t.resolution_bs}`);
    assert.equal((await staffPost(C.helpdesk, `/agent/assistance/${id}/etat`, { etat: 'closed' })).status, 303);
    assert.equal((await ticket(id)).state, 'closed');
    assert.equal((await staffPost(C.helpdesk, `/agent/assistance/${id}/etat`, { etat: 'nimporte' })).status, 422);
    const ev = await events(id);
    assert.deepEqual(ev.map((e) => `${e.kind}${e.detail && e.kind === 'state' ? `:${e.detail}` : ''}`),
      ['created', 'assign', 'note', 'note', 'state:open>waiting', 'incoming', 'state:waiting>open', 'state:open>resolved', 'state:resolved>closed']);
    assert.equal(ev[2].internal, 0, 'the sent note');
    assert.equal(ev[3].internal, 1, 'the internal note');
    const page = await C.helpdesk.get(`/agent/assistance/${id}`);
    const text = textOf(page.text);
    for (const s of ['Réponse envoyée à l\'appelant', 'Note interne', 'Message de l\'appelant', 'La référence est K7QM3XPA', 'État : ouvert → en attente de l\'appelant'])
      assert.ok(text.includes(s), `history shows ${s}`);
  });

  test('reassignment and delegation are recorded, a taken-back ticket is open again', async () => {
    const id = await open({ issue: 'delegated', groupe: '3', sujet: String(topics.planning) });
    const padmin = (await one('SELECT id FROM staff WHERE email = ?', [ACCOUNTS.padmin])).id;
    assert.equal((await staffPost(C.helpdesk, `/agent/assistance/${id}/attribuer`, { proprietaire: String(padmin) })).status, 303);
    let t = await ticket(id);
    assert.equal(t.state, 'open');
    assert.equal(t.owner_id, padmin);
    assert.equal(t.group_id, null);
    assert.equal((await staffPost(C.helpdesk, `/agent/assistance/${id}/attribuer`, { groupe: '4' })).status, 303);
    t = await ticket(id);
    assert.equal(t.state, 'delegated');
    assert.equal(t.group_id, 4);
    // Not an operator: refused.
    const agent = (await one('SELECT id FROM staff WHERE email = ?', [ACCOUNTS.agentAnnecy])).id;
    assert.equal((await staffPost(C.helpdesk, `/agent/assistance/${id}/attribuer`, { proprietaire: String(agent) })).status, 422);
    const text = textOf((await C.helpdesk.get(`/agent/assistance/${id}`)).text);
    assert.match(text, /Attribué à Camille Plateforme/);
    assert.match(text, /Délégué au groupe Deuxième ligne — état civil/);
  });
});

describe('who sees what', () => {
  let agentTicket, thononTicket;
  before(async () => {
    const res = await staffPost(C.agentAnnecy, '/agent/assistance/nouveau', {
      sujet: String(topics.planning), objet: `Agent Annecy ${TAG}`, texte: 'Nos créneaux de samedi ne paraissent plus.', reference: '',
    });
    assert.equal(res.status, 303, show(res));
    agentTicket = idOf(res);
    const r2 = await staffPost(C.agentThonon, '/agent/assistance/nouveau', { sujet: String(topics.technique), objet: `Agent Thonon ${TAG}`, texte: 'Un souci' });
    thononTicket = idOf(r2);
  });

  test("an agent's ticket: channel form, caller agent, the agent's commune and address", async () => {
    const t = await ticket(agentTicket);
    assert.equal(t.channel, 'form');
    assert.equal(t.caller_type, 'agent');
    assert.equal(t.commune_id, COMMUNE.annecy);
    assert.equal(t.caller_email, ACCOUNTS.agentAnnecy);
    assert.equal(t.state, 'open');
  });

  test('the agent follows its own tickets only; another commune sees none of them', async () => {
    const mine = await C.agentAnnecy.get('/agent/assistance');
    assert.ok(mine.text.includes(`Agent Annecy ${TAG}`));
    assert.ok(!mine.text.includes(`Agent Thonon ${TAG}`));
    assert.equal((await C.agentAnnecy.get(`/agent/assistance/${agentTicket}`)).status, 200);
    for (const [who, id] of [['agentThonon', agentTicket], ['cadmin', thononTicket], ['agentAnnecy', thononTicket], ['partner', agentTicket]]) {
      const res = await C[who].get(`/agent/assistance/${id}`);
      assert.equal(res.status, 403, `${who} on ${id}`);
      assert.match(textOf(res.text), FORBIDDEN_RE);
      assert.ok(!res.text.includes(TAG), 'nothing of the ticket shows');
    }
    const other = await C.agentThonon.get('/agent/assistance');
    assert.ok(!other.text.includes(`Agent Annecy ${TAG}`));
  });

  test("the agent replies (the caller's message) but cannot change states, assign, or read internal notes", async () => {
    await staffPost(C.helpdesk, `/agent/assistance/${agentTicket}/note`, { texte: `Interne ${TAG} à ne pas montrer` });
    await staffPost(C.helpdesk, `/agent/assistance/${agentTicket}/note`, { texte: `Réponse ${TAG} pour l'agent`, envoyer: '1' });
    const page = await C.agentAnnecy.get(`/agent/assistance/${agentTicket}`);
    assert.ok(!page.text.includes(`Interne ${TAG}`), 'internal notes are hidden from the opener');
    assert.ok(page.text.includes(`Réponse ${TAG}`));
    assert.ok(!page.text.includes(`/agent/assistance/${agentTicket}/etat`));
    const reply = await staffPost(C.agentAnnecy, `/agent/assistance/${agentTicket}/note`, { texte: 'Merci, ça remarche.' });
    assert.equal(reply.status, 303);
    const ev = await events(agentTicket);
    assert.equal(ev.at(-1).kind, 'incoming');
    const st = await staffPost(C.agentAnnecy, `/agent/assistance/${agentTicket}/etat`, { etat: 'closed' });
    assert.equal(st.status, 403);
    assert.equal((await ticket(agentTicket)).state, 'open');
    const as = await staffPost(C.agentAnnecy, `/agent/assistance/${agentTicket}/attribuer`, { groupe: '2' });
    assert.equal(as.status, 403);
    assert.equal((await ticket(agentTicket)).group_id, null);
  });

  test("a commune names its second line; its members work on what is delegated to it, no one else's", async () => {
    const member = await createStaff({ communeId: COMMUNE.annecy, name: `Second ${TAG}` });
    const thononStaff = await createStaff({ communeId: COMMUNE.thonon });
    // Another commune's person refused.
    const bad = await staffPost(C.cadmin, '/agent/assistance/groupes', [['sujet', String(topics.etat_civil)], ['membre', String(thononStaff.id)]]);
    assert.equal(bad.status, 422, show(bad));
    const ok = await staffPost(C.cadmin, '/agent/assistance/groupes', [['sujet', String(topics.etat_civil)], ['membre', String(member.id)]]);
    assert.equal(ok.status, 303, show(ok));
    const g = await one('SELECT * FROM hd_groups WHERE commune_id = ? AND topic_id = ?', [COMMUNE.annecy, topics.etat_civil]);
    assert.ok(g, 'the commune group exists');
    assert.ok(await one('SELECT 1 AS x FROM hd_group_members WHERE group_id = ? AND staff_id = ?', [g.id, member.id]));
    assert.ok(await one("SELECT id FROM audit_log WHERE action = 'helpdesk_group' AND entity_id = ?", [String(g.id)]), 'audited');
    const groups = await C.cadmin.get('/agent/assistance/groupes');
    assert.ok(groups.text.includes(`Second ${TAG}`));
    // The agent's own commune group is offered to operators for delegation.
    const id = await open({ issue: 'delegated', groupe: String(g.id), sujet: String(topics.etat_civil), commune: String(COMMUNE.annecy) });
    const m = await signIn(member.email);
    const list = await m.get('/agent/assistance');
    assert.ok(list.text.includes(`/agent/assistance/${id}"`), 'the member sees what is delegated to the group');
    assert.equal((await staffPost(m, `/agent/assistance/${id}/etat`, { etat: 'resolved' })).status, 303);
    assert.equal((await ticket(id)).state, 'resolved');
    // Not the groups page of the platform for a plain agent, nor the thonon agent on that ticket.
    assert.equal((await C.agentAnnecy.get('/agent/assistance/groupes')).status, 403);
    assert.equal((await C.agentThonon.get(`/agent/assistance/${id}`)).status, 403);
  });

  test('the operator sees no booking page; the platform administrator adds a topic', async () => {
    assert.equal((await C.helpdesk.get('/agent/rdv')).status, 403);
    assert.equal((await C.helpdesk.get('/agent/')).status, 303);
    const code = `t${TAG.toLowerCase()}`;
    const res = await staffPost(C.padmin, '/agent/assistance/sujets', { code, nom: `Sujet ${TAG}` });
    assert.equal(res.status, 303, show(res));
    assert.ok(await one('SELECT id FROM hd_topics WHERE code = ?', [code]));
    assert.equal((await staffPost(C.padmin, '/agent/assistance/sujets', { code, nom: 'encore' })).status, 409);
    assert.equal((await staffPost(C.padmin, '/agent/assistance/sujets', { code: 'Pas Bon!', nom: 'x' })).status, 422);
    assert.equal((await staffPost(C.helpdesk, '/agent/assistance/sujets', { code: `u${code}`, nom: 'x' })).status, 403);
  });

  test('the platform invites a help-desk operator (no commune); a commune administrator cannot', async () => {
    const email = `operateur.${TAG.toLowerCase()}@example.org`;
    const res = await staffPost(C.padmin, '/agent/personnel', { nom: 'Opérateur Nouveau', email, role: 'helpdesk', commune: String(COMMUNE.annecy) });
    assert.equal(res.status, 200, show(res));
    const row = await one('SELECT role, commune_id FROM staff WHERE email = ?', [email]);
    assert.equal(row.role, 'helpdesk');
    assert.equal(row.commune_id, null);
    const email2 = `operateur2.${TAG.toLowerCase()}@example.org`;
    const res2 = await staffPost(C.cadmin, '/agent/personnel', { nom: 'Pas Opérateur', email: email2, role: 'helpdesk' });
    assert.equal(res2.status, 422);
    assert.equal(await one('SELECT id FROM staff WHERE email = ?', [email2]), undefined);
  });
});

describe('the email gateway (creneau-mailin)', () => {
  const from = () => `courriel.${TAG.toLowerCase()}.${letters(4).toLowerCase()}@example.org`;
  const last = () => one('SELECT * FROM hd_tickets ORDER BY id DESC LIMIT 1');

  test('multipart/alternative with quoted-printable, an RFC 2047 UTF-8 subject and a base64 attachment ignored', async () => {
    const addr = from();
    const msg = [
      `From: =?UTF-8?Q?Fran=C3=A7oise_M=C3=BCller?= <${addr}>`,
      'To: assistance@creneau.test',
      `Subject: =?UTF-8?B?${Buffer.from(`Problème de réservation ${TAG} — été`).toString('base64')}?=`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="mixed-1"',
      '',
      '--mixed-1',
      'Content-Type: multipart/alternative; boundary="alt-2"',
      '',
      '--alt-2',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Bonjour, je n=E2=80=99arrive pas =C3=A0 r=C3=A9server pour ma fille=',
      ' (CNI).',
      '',
      '--alt-2',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>HTML version, not kept</p>',
      '--alt-2--',
      '',
      '--mixed-1',
      'Content-Type: application/pdf; name="scan.pdf"',
      'Content-Disposition: attachment; filename="scan.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4 SECRET-ATTACHMENT-CONTENT').toString('base64'),
      '--mixed-1--',
      '',
    ].join('\r\n');
    const r = mailin(msg);
    assert.equal(r.status, 0, r.err);
    assert.match(r.out, /^opened HD-\d{6}/);
    const t = await last();
    assert.equal(t.channel, 'email');
    assert.equal(t.caller_email, addr);
    assert.equal(t.caller_name, 'Françoise Müller');
    assert.equal(t.subject, `Problème de réservation ${TAG} — été`);
    assert.equal(t.body, 'Bonjour, je n’arrive pas à réserver pour ma fille (CNI).');
    assert.ok(!t.body.includes('SECRET') && !t.body.includes('HTML version'), 'attachment and HTML alternative not kept');
    assert.equal(t.state, 'open');
    assert.equal(t.caller_type, 'citizen');
  });

  test('a base64 text/plain body in ISO-8859-1, and a message from a staff address (caller: agent of its commune)', async () => {
    const r = mailin([
      `From: ${ACCOUNTS.agentThonon}`,
      `Subject: Latin-1 ${TAG}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=iso-8859-1',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('Le planning de la mairie ne s\'affiche plus depuis hier. Merci de votre aide.', 'latin1').toString('base64'),
      '',
    ].join('\r\n'));
    assert.equal(r.status, 0, r.err);
    const t = await last();
    assert.equal(t.caller_type, 'agent');
    assert.equal(t.commune_id, COMMUNE.thonon);
    assert.equal(t.body, 'Le planning de la mairie ne s\'affiche plus depuis hier. Merci de votre aide.');
    // base64 of accented latin-1
    const r2 = mailin(`From: ${from()}\r\nSubject: Accents ${TAG}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from('Élève à l\'école', 'latin1').toString('base64')}\r\n`);
    assert.equal(r2.status, 0, r2.err);
    assert.equal((await last()).body, 'Élève à l\'école');
  });

  test("a reply to an existing reference is appended; someone else's quoting it opens a new ticket", async () => {
    const addr = from();
    assert.equal(mailin(`From: ${addr}\r\nSubject: Premier ${TAG}\r\n\r\nPremière question.\r\n`).status, 0);
    const t = await last();
    const ref = `HD-${String(t.id).padStart(6, '0')}`;
    await staffPost(C.helpdesk, `/agent/assistance/${t.id}/etat`, { etat: 'resolved' });
    const r = mailin(`From: <${addr.toUpperCase()}>\r\nSubject: =?utf-8?q?R=C3=A9p=2E?= [${ref}] Premier\r\n\r\nMerci, encore une chose.\r\n`);
    assert.equal(r.status, 0, r.err);
    assert.match(r.out, new RegExp(`added to ${ref}`));
    const after = await ticket(t.id);
    assert.equal(after.state, 'open', 'reopened by the reply');
    const ev = await events(t.id);
    assert.equal(ev.at(-2).kind, 'incoming');
    assert.equal(ev.at(-2).body, 'Merci, encore une chose.');
    const n = (await one('SELECT COUNT(*) AS n FROM hd_tickets')).n;
    const r2 = mailin(`From: intrus.${TAG.toLowerCase()}@example.org\r\nSubject: [${ref}] je m'invite\r\n\r\nBonjour\r\n`);
    assert.equal(r2.status, 0);
    assert.match(r2.out, /^opened/);
    assert.equal((await one('SELECT COUNT(*) AS n FROM hd_tickets')).n, n + 1);
    assert.equal((await events(t.id)).length, ev.length, 'nothing added to the ticket');
  });

  test('an oversized message is refused (65) and nothing is stored; no sender or garbage is refused too', async () => {
    const n = (await one('SELECT COUNT(*) AS n FROM hd_tickets')).n;
    const big = `From: ${from()}\r\nSubject: Gros ${TAG}\r\n\r\n${'x'.repeat(1100 * 1024)}\r\n`;
    const r = mailin(big);
    assert.equal(r.status, 65, r.err);
    assert.match(r.err, /larger than/);
    assert.equal(mailin(`Subject: sans expéditeur\r\n\r\ncorps\r\n`).status, 65);
    assert.equal((await one('SELECT COUNT(*) AS n FROM hd_tickets')).n, n);
  });
});

describe('the FAQ grown from tickets, /faq', () => {
  test("today's entries are kept on /faq (French and English)", async () => {
    const fr = await new Client().get('/faq');
    assert.equal(fr.status, 200);
    assert.match(textOf(fr.text), /Puis-je prendre plusieurs rendez-vous \?/);
    assert.match(textOf(fr.text), /Je n'ai pas internet\./);
    const en = await new Client().get('/faq?lang=en');
    assert.equal(en.status, 200);
    assert.match(textOf(en.text), /Frequently asked questions|FAQ/i);
    assert.ok(en.text.includes('At which town hall can I apply for my national ID card or passport?'), 'the English entries');
    assert.ok(!en.text.includes('Dans quelle mairie'), 'not the French ones');
  });

  test('search with ?q=', async () => {
    const res = await new Client().get('/faq?q=famille');
    assert.equal(res.status, 200);
    assert.match(textOf(res.text), /Comment prendre rendez-vous pour ma famille/);
    assert.doesNotMatch(textOf(res.text), /Je n'ai pas internet/);
    const none = await new Client().get(`/faq?q=${encodeURIComponent('zzz%_introuvable')}`);
    assert.match(textOf(none.text), /Aucune question ne correspond/);
  });

  test('from a resolved ticket: draft (not public), then published, searchable, with yes/no counts rate-limited', async () => {
    const open1 = await open({ issue: 'open', objet: `Peut-on venir sans convocation ${TAG} ?` });
    // Not resolved yet: refused.
    assert.equal((await C.helpdesk.get(`/agent/assistance/${open1}/faq`)).status, 409);
    await staffPost(C.helpdesk, `/agent/assistance/${open1}/note`, { texte: `Oui, la référence suffit ${TAG}.`, envoyer: '1' });
    await staffPost(C.helpdesk, `/agent/assistance/${open1}/etat`, { etat: 'resolved' });
    const form = await C.helpdesk.get(`/agent/assistance/${open1}/faq`);
    assert.equal(form.status, 200);
    assert.ok(form.text.includes(`Oui, la référence suffit ${TAG}.`), 'the answer sent proposed');
    const bad = await staffPost(C.helpdesk, `/agent/assistance/${open1}/faq`, { question: '', reponse: '', langue: 'de' });
    assert.equal(bad.status, 422);
    const ok = await staffPost(C.helpdesk, `/agent/assistance/${open1}/faq`, {
      question: `Peut-on venir sans convocation ${TAG} ?`, reponse: `Oui, la référence suffit ${TAG}.`, langue: 'fr', sujet: String(topics.rendez_vous),
    });
    assert.equal(ok.status, 303, show(ok));
    const e = await one('SELECT * FROM faq_entries WHERE ticket_id = ?', [open1]);
    assert.equal(e.status, 'draft');
    assert.ok(!(await new Client().get(`/faq?q=${TAG}`)).text.includes(`convocation ${TAG}`), 'a draft is not public');
    // An agent may not publish.
    assert.equal((await staffPost(C.agentAnnecy, `/agent/faq/${e.id}`, { action: 'publier' })).status, 403);
    assert.equal((await staffPost(C.helpdesk, `/agent/faq/${e.id}`, { action: 'publier' })).status, 303);
    const pub = new Client();
    const page = await pub.get(`/faq?q=${TAG}`);
    assert.ok(page.text.includes(`Peut-on venir sans convocation ${TAG} ?`));
    // Feedback: CSRF required, one answer per entry and address.
    const nocsrf = await pub.post(`/faq/${e.id}/avis`, { avis: 'oui' });
    assert.equal(nocsrf.status, 403);
    const csrf = csrfOf(page.text);
    const yes = await pub.post(`/faq/${e.id}/avis`, { csrf, avis: 'oui' });
    assert.equal(yes.status, 303, show(yes));
    assert.match(pathOf(yes.location), /^\/faq\?merci=/);
    const again = await pub.post(`/faq/${e.id}/avis`, { csrf, avis: 'non' });
    assert.equal(again.status, 429);
    const counts = await one('SELECT yes_count, no_count FROM faq_entries WHERE id = ?', [e.id]);
    assert.deepEqual([counts.yes_count, counts.no_count], [1, 0]);
    assert.equal((await pub.post(`/faq/${e.id}/avis`, { csrf, avis: 'peut-être' })).status, 400);
    assert.equal((await pub.post('/faq/99999999/avis', { csrf, avis: 'oui' })).status, 404);
    // Unpublished: gone from the page.
    assert.equal((await staffPost(C.helpdesk, `/agent/faq/${e.id}`, { action: 'retirer' })).status, 303);
    assert.ok(!(await new Client().get(`/faq?q=${TAG}`)).text.includes(`convocation ${TAG}`));
    assert.ok(await one("SELECT id FROM audit_log WHERE action = 'faq_publish' AND entity_id = ?", [String(e.id)]));
  });
});

describe('statistics (assistance_*)', () => {
  // Tickets in June–July 2023 (summer time, UTC+2), a window nothing else
  // uses: [commune, channel, caller, topic, outcome, first answer s, resolution s, created UTC].
  const SEED = [
    [1, 'phone', 'citizen', 'planning', 'closed_at_once', 0, 0, '2023-06-05 08:00:00'],
    [1, 'email', 'agent', 'technique', 'open', 3600, 7200, '2023-06-06 08:00:00'],
    [1, 'phone', 'citizen', 'planning', 'delegated', 10800, null, '2023-06-07 08:00:00'],
    [2, 'desk', 'partner', 'technique', 'open', 1800, 3600, '2023-06-08 08:00:00'],
    // 01:30 local on 1 July: a July ticket.
    [null, 'form', 'other', 'autre', 'open', null, null, '2023-06-30 23:30:00'],
  ];
  const W2 = { du: '2023-06-01', au: '2023-07-31' };
  const SUBJECT = 'STATS-HD';
  let getCsv, pageTable;

  before(async () => {
    ({ getCsv, pageTable } = await import('../lib/stats.mjs'));
    await q('DELETE FROM hd_tickets WHERE subject = ?', [SUBJECT]);
    for (const [commune, channel, caller, topic, outcome, first, res, at] of SEED) {
      await q(`INSERT INTO hd_tickets (channel, caller_type, topic_id, commune_id, subject, body, outcome, state, created_utc, updated_utc,
                first_answer_bs, resolution_bs) VALUES (?, ?, ?, ?, ?, 'x', ?, 'closed', ?, ?, ?, ?)`,
      [channel, caller, topics[topic], commune, SUBJECT, outcome, at, at, first, res]);
    }
  });
  after(async () => {
    await q('DELETE FROM hd_tickets WHERE subject = ?', [SUBJECT]);
  });

  const sorted = (rows) => [...rows].map((r) => r.join('|')).sort();
  const expectAll = {
    assistance_canaux: [['2023-06', 'phone', '2'], ['2023-06', 'email', '1'], ['2023-06', 'desk', '1'], ['2023-07', 'form', '1']],
    assistance_appelants: [['citizen', '2', '40.0'], ['agent', '1', '20.0'], ['partner', '1', '20.0'], ['other', '1', '20.0']],
    assistance_sujets: [['planning', 'Planning et créneaux', '2', '40.0'], ['technique', 'Technique (connexion, pages, messages)', '2', '40.0'],
      ['autre', 'Autre question', '1', '20.0']],
    assistance_suivi: [['2023-06', '4', '25.0', '25.0', '0.75', '1.00'], ['2023-07', '1', '0.0', '0.0', '', '']],
  };
  const expectAnnecy = {
    assistance_canaux: [['2023-06', 'phone', '2'], ['2023-06', 'email', '1']],
    assistance_appelants: [['citizen', '2', '66.7'], ['agent', '1', '33.3']],
    assistance_sujets: [['planning', 'Planning et créneaux', '2', '66.7'], ['technique', 'Technique (connexion, pages, messages)', '1', '33.3']],
    assistance_suivi: [['2023-06', '3', '33.3', '33.3', '1.00', '1.00']],
  };

  test('the platform: every ticket; CSV headers as documented', async () => {
    const { HEADERS } = await import('../lib/stats.mjs');
    for (const [key, rows] of Object.entries(expectAll)) {
      const csv = await getCsv(C.padmin, key, W2);
      assert.deepEqual(csv.header, HEADERS[key], key);
      assert.deepEqual(sorted(csv.rows), sorted(rows), key);
    }
  });

  test("a commune administrator: its commune's tickets only", async () => {
    for (const [key, rows] of Object.entries(expectAnnecy)) {
      const csv = await getCsv(C.cadmin, key, W2);
      assert.deepEqual(sorted(csv.rows), sorted(rows), key);
    }
  });

  test('the page shows the four figures, codes as words', async () => {
    const res = await C.padmin.get(`/stats/?du=${W2.du}&au=${W2.au}`);
    assert.equal(res.status, 200);
    const callers = pageTable(res.text, 'assistance_appelants');
    assert.ok(callers, 'the table of callers');
    assert.deepEqual(callers.rows.map((r) => r[0]).sort(), ['agent communal', 'autre', 'citoyen', 'mairie partenaire']);
    const channels = pageTable(res.text, 'assistance_canaux');
    assert.ok(channels.rows.some((r) => r[1] === 'téléphone'));
    assert.ok(pageTable(res.text, 'assistance_sujets'));
    assert.ok(pageTable(res.text, 'assistance_suivi'));
  });
});

describe('retention (creneau-admin purge)', () => {
  test("a ticket settled more than 24 months ago loses its caller and texts, keeps its figures; a recent one is kept", async () => {
    const ins = async (updated, state) => (await q(`INSERT INTO hd_tickets (channel, caller_type, caller_name, caller_email, topic_id, subject, body,
        outcome, state, created_utc, updated_utc, first_answer_bs) VALUES ('phone', 'citizen', 'Nom Ancien', ?, ?, 'Objet ancien', 'Texte ancien',
        'open', ?, ?, ?, 60)`, [`ancien.${TAG.toLowerCase()}@example.org`, topics.autre, state, updated, updated])).insertId;
    const old = await ins('2023-01-10 10:00:00', 'closed');
    const oldOpen = await ins('2023-01-10 10:00:00', 'open');
    const recent = await ins(new Date(Date.now() - 86400e3).toISOString().slice(0, 19).replace('T', ' '), 'closed');
    for (const id of [old, oldOpen, recent]) await q("INSERT INTO hd_events (ticket_id, at_utc, kind, internal, body) VALUES (?, '2023-01-10 10:00:00', 'note', 1, 'Note ancienne')", [id]);
    const admin = path.join(ROOT, BUILD, 'bin', 'creneau-admin');
    const r = spawnSync(admin, ['purge'], { env: { ...process.env, CRENEAU_CONF: process.env.CRENEAU_CONF }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /[1-9]\d* help-desk texts/);
    const t = await ticket(old);
    assert.equal(t.caller_email, null);
    assert.equal(t.caller_name, null);
    assert.equal(t.body, '');
    assert.equal(t.channel, 'phone');
    assert.equal(t.first_answer_bs, 60, 'the figures stay');
    assert.equal((await events(old))[0].body, null);
    for (const id of [oldOpen, recent]) {
      assert.equal((await ticket(id)).body, 'Texte ancien', 'an open or recent ticket is kept');
      assert.equal((await events(id))[0].body, 'Note ancienne');
    }
    await q('DELETE FROM hd_tickets WHERE id IN (?, ?, ?)', [old, oldOpen, recent]);
  });
});
