// survey.test.mjs — the satisfaction survey (issue #21, section 1): the
// invitation creneau-notify sends once, after the commune's delay, to the
// share of finished appointments the commune surveys; the signed form (a
// tampered link refused, one answer only, French errors with the values
// kept); answers that cannot be matched with a booking; /qualite showing
// figures only from 20 answers, with the actions the commune published;
// the "satisfaction" statistics and CSV; the free texts for the commune's
// administrators only; their purge. Everything happens at Sallanches (commune
// 4, one site), which no other suite uses; its settings are restored.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { Client, describe as desc, formsOf, pathOf, person, textOf, uniqueEmail, uniquePhone } from '../lib/client.mjs';
import { VAR, clearRateLimits, closeDb, freeSlot, one, poll, q } from '../lib/db.mjs';
import { book } from '../lib/flow.mjs';
import { ACCOUNTS, FORBIDDEN_RE, createStaff, isSignInRedirect, linkIn, signIn, staffPost } from '../lib/staff.mjs';
import { getCsv, parisDay } from '../lib/stats.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD = process.env.CRENEAU_BUILD || ['build-asan', 'build'].find((b) => fs.existsSync(path.join(ROOT, b, 'bin', 'creneau-admin')));
const ADMIN = path.join(ROOT, BUILD, 'bin', 'creneau-admin');

const COMMUNE = 5;       // Sallanches
const SITE = 6;          // Hôtel de ville de Sallanches
const SITE_NAME = 'Hôtel de ville de Sallanches';
const ROUND_MS = 7000;   // more than a round of the worker (survey_interval_s = 5)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let saved;
let cadmin;              // a commune administrator of Sallanches (client)
let cadminRow;

/** The current quarter, as /qualite and /agent/qualite name it. */
function quarterNow() {
  const [y, m] = parisDay(0).split('-').map(Number);
  return `${y}-T${Math.floor((m - 1) / 3) + 1}`;
}
function monthNow() {
  return `${parisDay(0).slice(0, 7)}-01`;
}

/** Posts the settings form of Sallanches with some fields changed. */
async function postSettings(changes) {
  const page = await cadmin.get('/agent/parametres');
  assert.equal(page.status, 200, desc(page));
  const form = formsOf(page.text).find((f) => f.action === '/agent/parametres');
  assert.ok(form, 'the settings form');
  return staffPost(cadmin, '/agent/parametres', { ...form.fields, ...changes });
}
async function setSurvey(share, delay) {
  const res = await postSettings({ avis_part: String(share), avis_delai: String(delay) });
  assert.equal(res.status, 303, desc(res));
  const c = await one('SELECT survey_share, survey_delay_hours FROM communes WHERE id = ?', [COMMUNE]);
  assert.deepEqual([c.survey_share, c.survey_delay_hours], [share, delay]);
}

/** A confirmed booking at Sallanches, its end recorded at the desk. */
async function finished(opts = {}) {
  const slotId = await freeSlot('CNI', 1, { siteId: SITE, excludeDevices: [] });
  const b = await book({ slotId, persons: [person()], email: opts.email === undefined ? uniqueEmail('avis') : opts.email,
    telephone: opts.telephone, canal: opts.telephone ? 'sms' : 'email', domicile: '74256' });
  const res = await staffPost(cadmin, `/agent/rdv/${b.ref}/pointage`, { etape: 'finished' });
  assert.equal(res.status, 303, `check-in: ${desc(res)}`);
  const row = await one('SELECT id, attendance, finished_utc FROM bookings WHERE ref = ?', [b.ref]);
  assert.equal(row.attendance, 'finished');
  assert.ok(row.finished_utc);
  return { ...b, id: row.id };
}
/** Moves the recorded end of the appointment back (hours). */
const endedAgo = (b, hours) => q('UPDATE bookings SET finished_utc = UTC_TIMESTAMP() - INTERVAL ? HOUR WHERE id = ?', [hours, b.id]);
const invite = (b) => one('SELECT * FROM survey_invites WHERE booking_id = ?', [b.id]);
const surveyMessages = (b) => q("SELECT * FROM outbox WHERE kind = 'survey' AND booking_id = ? ORDER BY id", [b.id]);

/** The survey's link (path and query) in the invitation of b. */
async function surveyPath(b) {
  const [m] = await surveyMessages(b);
  assert.ok(m, `an invitation for ${b.ref}`);
  const link = linkIn(m.body, '/avis/');
  assert.ok(link, `a survey link in ${m.body}`);
  return pathOf(link);
}

/** The survey token of cgi-bin/core/survey.c: 32 hex of
 * HMAC-SHA256(app secret, "survey|survey|REF|booking secret"). */
async function surveyToken(b) {
  const secret = Buffer.from(fs.readFileSync(path.join(VAR, 'secrets', 'app_secret'), 'utf8').trim(), 'hex');
  const r = await one('SELECT secret FROM bookings WHERE id = ?', [b.id]);
  return crypto.createHmac('sha256', secret).update(`survey|survey|${b.ref}|${r.secret}`).digest('hex').slice(0, 32);
}

const ANSWER = { satisfaction: '1', facilite: '2', clarte: '1', attente: '3', appel: 'non' };
async function answer(client, p, fields) {
  const u = new URL(p, 'http://x');
  return client.post(u.pathname, { csrf: await client.csrf(), t: u.searchParams.get('t'), ...fields });
}

before(async () => {
  await clearRateLimits();
  saved = await one('SELECT survey_share, survey_delay_hours FROM communes WHERE id = ?', [COMMUNE]);
  cadminRow = await createStaff({ role: 'commune_admin', communeId: COMMUNE });
  cadmin = await signIn(cadminRow.email);
});

after(async () => {
  try {
    if (saved) {
      await q('UPDATE communes SET survey_share = ?, survey_delay_hours = ? WHERE id = ?',
        [saved.survey_share, saved.survey_delay_hours, COMMUNE]);
    }
    await q('DELETE FROM survey_answers WHERE commune_id = ?', [COMMUNE]);
    await q('DELETE FROM survey_actions WHERE commune_id = ?', [COMMUNE]);
  } finally {
    await closeDb();
  }
});

describe('the commune settings', () => {
  test('the share and the delay are validated, in French, the values kept', async () => {
    const bad = await postSettings({ avis_part: '150', avis_delai: 'deux' });
    assert.equal(bad.status, 422, desc(bad));
    const t = textOf(bad.text);
    assert.match(t, /Saisissez un nombre entre 0 et 100\./);
    assert.match(t, /Saisissez un nombre entre 0 et 168\./);
    assert.match(bad.text, /id="avis_part"[^>]*value="150"/);
    assert.match(bad.text, /id="avis_delai"[^>]*value="deux"/);
    assert.match(bad.text, /aria-invalid="true"/);
    const c = await one('SELECT survey_share, survey_delay_hours FROM communes WHERE id = ?', [COMMUNE]);
    assert.deepEqual([c.survey_share, c.survey_delay_hours], [saved.survey_share, saved.survey_delay_hours], 'nothing saved');
  });

  test('saved, shown again, audited', async () => {
    await setSurvey(25, 5);
    const page = await cadmin.get('/agent/parametres');
    assert.match(page.text, /id="avis_part"[^>]*value="25"/);
    assert.match(page.text, /id="avis_delai"[^>]*value="5"/);
    const a = await one(`SELECT details FROM audit_log WHERE action = 'settings_update' AND entity_id = ? ORDER BY id DESC LIMIT 1`,
      [String(COMMUNE)]);
    assert.match(a.details, /survey_delay=5 survey_share=25/);
  });
});

describe('invitations', () => {
  let A, B, C, D;

  test('0 %: the draw is recorded, nobody is invited', async () => {
    await setSurvey(0, 2);
    A = await finished();
    await endedAgo(A, 3);
    const inv = await poll(() => invite(A), { timeoutMs: 30000, what: 'the decision on A' });
    assert.equal(inv.drawn, 0);
    assert.equal(inv.commune_id, COMMUNE);
    assert.deepEqual(await surveyMessages(A), []);
  });

  test('100 %: nothing before the delay, then one invitation, once, by one channel', async () => {
    await setSurvey(100, 2);
    B = await finished();                                   // email only
    C = await finished({ telephone: uniquePhone() });       // a mobile and an email
    await sleep(ROUND_MS);
    assert.ok(!(await invite(B)), 'not decided before the delay');
    assert.deepEqual(await surveyMessages(B), []);
    await endedAgo(B, 3);
    await endedAgo(C, 3);
    await poll(async () => (await surveyMessages(B)).length && (await surveyMessages(C)).length,
      { timeoutMs: 30000, what: 'the invitations' });
    await sleep(ROUND_MS);
    const mb = await surveyMessages(B), mc = await surveyMessages(C);
    assert.equal(mb.length, 1, 'one message for B, once');
    assert.equal(mb[0].channel, 'email');
    assert.equal(mb[0].recipient, B.email);
    assert.match(mb[0].subject, /Votre avis sur votre rendez-vous/);
    assert.equal(mc.length, 1, 'one message for C, not one per contact');
    assert.equal(mc[0].channel, 'sms');
    assert.ok(mc[0].segments === 1, `the SMS fits one segment: ${mc[0].body}`);
    assert.match(mc[0].body, /\/avis\/[A-Z0-9]{8}\?t=[0-9a-f]{32}/);
    assert.equal((await invite(B)).drawn, 1);
    // A, decided at 0 %, stays uninvited.
    assert.deepEqual(await surveyMessages(A), []);
  });

  test('the delay is the commune\'s: a finished appointment waits for it, 0 sends at the next round', async () => {
    D = await finished();
    await sleep(ROUND_MS);
    assert.ok(!(await invite(D)), 'still within the 2 hours');
    await setSurvey(100, 0);
    await poll(async () => (await surveyMessages(D)).length, { timeoutMs: 30000, what: 'the invitation of D' });
    await setSurvey(100, 2);
  });

  describe('the signed form', () => {
    let link;
    const anon = new Client();

    test('the link opens the form', async () => {
      link = await surveyPath(B);
      const res = await anon.get(link);
      assert.equal(res.status, 200, desc(res));
      const t = textOf(res.text);
      assert.match(t, /Votre avis sur votre rendez-vous/);
      assert.match(t, new RegExp(SITE_NAME));
      for (const name of ['satisfaction', 'facilite', 'clarte', 'attente', 'appel']) {
        assert.match(res.text, new RegExp(`type="radio" id="${name}" name="${name}"`), name);
      }
      assert.match(res.text, /<textarea id="commentaire" name="commentaire"/);
      assert.match(t, /Satisfait\(e\).*Moyennement satisfait\(e\).*Pas satisfait\(e\)/);
    });

    test('a tampered, shortened, foreign or missing token is refused', async () => {
      const u = new URL(link, 'http://x');
      const tok = u.searchParams.get('t');
      const flip = (tok[0] === 'a' ? 'b' : 'a') + tok.slice(1);
      for (const p of [`${u.pathname}?t=${flip}`, `${u.pathname}?t=${tok.slice(0, 31)}`, u.pathname,
        `/avis/${C.ref}?t=${tok}`, `/avis/NOTAREF1?t=${tok}`]) {
        const res = await anon.get(p);
        assert.equal(res.status, 403, `${p}: ${desc(res)}`);
        assert.match(textOf(res.text), /Ce lien vers le questionnaire n'est pas valable/);
      }
      const post = await answer(anon, `${u.pathname}?t=${flip}`, ANSWER);
      assert.equal(post.status, 403);
      assert.equal((await invite(B)).answered, 0, 'nothing recorded');
    });

    test('a booking not surveyed has no form, even with its right token', async () => {
      // The test's HMAC is the server's: it gives B's token of the message.
      assert.equal(new URL(link, 'http://x').searchParams.get('t'), await surveyToken(B));
      // A was decided at 0 %: its right token opens nothing.
      const res = await anon.get(`/avis/${A.ref}?t=${await surveyToken(A)}`);
      assert.equal(res.status, 404, desc(res));
      assert.match(textOf(res.text), /Aucun questionnaire n'est ouvert pour ce rendez-vous/);
    });

    test('errors in French next to the fields, the answers given kept', async () => {
      const res = await answer(anon, link, { satisfaction: '2', appel: 'peut-être', commentaire: 'Très bien accueilli' });
      assert.equal(res.status, 422, desc(res));
      const t = textOf(res.text);
      assert.match(t, /Le formulaire contient des erreurs/);
      assert.equal((t.match(/Choisissez l'une des trois réponses\./g) || []).length, 2 * 3, 'three questions, in the list and by each');
      assert.match(t, /Répondez par oui ou par non\./);
      assert.match(res.text, /id="satisfaction-2" name="satisfaction" value="2" checked/);
      assert.match(res.text, />Très bien accueilli<\/textarea>/);
      assert.match(res.text, /id="facilite-err"/);
      assert.match(res.text, /<a href="#facilite">/);
      const long = await answer(anon, link, { ...ANSWER, commentaire: 'x'.repeat(1001) });
      assert.equal(long.status, 422);
      assert.match(textOf(long.text), /Votre commentaire dépasse 1000 caractères : raccourcissez-le\./);
      assert.match(long.text, /value="3" checked/, 'the waiting time answer kept');
      const noCsrf = await anon.post(new URL(link, 'http://x').pathname, { t: new URL(link, 'http://x').searchParams.get('t'), ...ANSWER });
      assert.equal(noCsrf.status, 403);
      assert.equal((await invite(B)).answered, 0, 'nothing recorded');
      assert.equal((await one('SELECT COUNT(*) AS n FROM survey_answers WHERE commune_id = ?', [COMMUNE])).n, 0);
    });

    test('one answer, stored without the booking, then refused with a clear page', async () => {
      const text = `Accueil parfait ${Date.now()}`;
      const res = await answer(anon, link, { ...ANSWER, commentaire: text });
      assert.equal(res.status, 303, desc(res));
      assert.equal(pathOf(res.location), '/avis/merci');
      const thanks = await anon.get('/avis/merci');
      assert.equal(thanks.status, 200);
      assert.match(textOf(thanks.text), /Merci pour votre avis/);
      const again = await answer(anon, link, { ...ANSWER, satisfaction: '3' });
      assert.equal(again.status, 409, desc(again));
      assert.match(textOf(again.text), /Vous avez déjà répondu/);
      const page = await anon.get(link);
      assert.match(textOf(page.text), /Vous avez déjà répondu/);
      assert.ok(!/name="satisfaction"/.test(page.text), 'no form any more');
      const rows = await q('SELECT * FROM survey_answers WHERE commune_id = ?', [COMMUNE]);
      assert.equal(rows.length, 1, 'one answer');
      const r = rows[0];
      assert.deepEqual([r.site_id, r.overall, r.ease, r.clarity, r.waiting, r.called, r.free_text], [SITE, 1, 2, 1, 3, 0, text]);
      const start = await one(`SELECT DATE_FORMAT(CONVERT_TZ(start_utc, '+00:00', 'Europe/Paris'), '%Y-%m-01') AS m
                                 FROM bookings WHERE id = ?`, [B.id]);
      assert.equal(r.month, start.m, 'the month of the appointment, no day');
      assert.equal((await invite(B)).answered, 1, 'the booking only knows it was answered');
    });

    test('the answers table cannot be matched with a booking or a person', async () => {
      const cols = (await q(`SELECT column_name AS c FROM information_schema.columns WHERE table_schema = DATABASE()
                               AND table_name = 'survey_answers' ORDER BY ordinal_position`)).map((x) => x.c);
      assert.deepEqual(cols, ['id', 'commune_id', 'site_id', 'procedure_id', 'month', 'overall', 'ease', 'clarity', 'waiting',
        'called', 'free_text']);
      const inv = (await q(`SELECT column_name AS c FROM information_schema.columns WHERE table_schema = DATABASE()
                              AND table_name = 'survey_invites' ORDER BY ordinal_position`)).map((x) => x.c);
      assert.deepEqual(inv, ['booking_id', 'commune_id', 'decided_utc', 'drawn', 'answered'], 'the marker points at no answer');
      const r = await one('SELECT * FROM survey_answers WHERE commune_id = ?', [COMMUNE]);
      assert.match(r.id, /^[0-9a-f]{32}$/, 'a random key, no order of arrival');
      const values = Object.values(r).map(String);
      for (const v of [String(B.id), B.ref, B.email]) assert.ok(!values.includes(v), `${v} not in the answer`);
    });
  });

  describe('/qualite', () => {
    const insert = (n, o) => q(`INSERT INTO survey_answers (id, commune_id, site_id, procedure_id, month, overall, ease, clarity,
        waiting, called) VALUES ${Array.from({ length: n }, () => '(MD5(RAND()), ?, ?, 1, ?, ?, ?, ?, ?, ?)').join(', ')}`,
    Array.from({ length: n }, () => [COMMUNE, SITE, monthNow(), ...o]).flat());
    /** The cells of Sallanches's row on /qualite. */
    async function clusesRow(query = '') {
      const res = await new Client().get(`/qualite${query}`);
      assert.equal(res.status, 200, desc(res));
      const m = res.text.match(/<tr><th scope="row">Hôtel de ville de Sallanches<\/th>([\s\S]*?)<\/tr>/);
      assert.ok(m, 'a row for Sallanches');
      return { res, cells: [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((x) => textOf(x[1])) };
    }

    test('linked from every public page', async () => {
      const home = await new Client().get('/');
      assert.match(home.text, /<a href="\/qualite">/);
    });

    test('below 20 answers no figure is published; from 20 they are', async () => {
      // B's answer (1, 2, 1, 3, no call) and 18 more: 19.
      await q('DELETE FROM survey_answers WHERE commune_id = ? AND free_text IS NULL', [COMMUNE]);
      // B's appointment lies ahead (a test books the future): its answer
      // is counted in this quarter as if it had been today.
      await q('UPDATE survey_answers SET month = ? WHERE commune_id = ?', [monthNow(), COMMUNE]);
      assert.equal((await one('SELECT COUNT(*) AS n FROM survey_answers WHERE commune_id = ?', [COMMUNE])).n, 1);
      await insert(9, [1, 1, 1, 1, 0]);
      await insert(4, [3, 3, 3, 3, 0]);
      await insert(5, [3, 2, 2, 2, 1]);
      let { cells } = await clusesRow();
      assert.equal(cells[0], '19');
      assert.equal(cells[1], 'moins de 20 réponses : résultat non publié');
      assert.equal(cells.length, 3, 'no percentage at all');
      await insert(1, [1, 1, 2, 1, 1]);
      ({ cells } = await clusesRow());
      // 20 answers: satisfied 11, easy 10, clear 10, waiting fine 10, called 6.
      assert.deepEqual(cells.slice(0, 6), ['20', '55 %', '50 %', '50 %', '50 %', '30 %']);
      assert.match(cells[6], /^\d+ jours?$|^aucun créneau libre$/, `the delay now: ${cells[6]}`);
      // Last year's quarter has none of them.
      const [y] = parisDay(0).split('-').map(Number);
      ({ cells } = await clusesRow(`?trimestre=${quarterNow().replace(/^\d{4}/, String(y - 1))}`));
      assert.equal(cells[0], '0');
    });

    test('a quarter not offered is a 400 with a French message', async () => {
      const res = await new Client().get('/qualite?trimestre=2031-T9');
      assert.equal(res.status, 400);
      assert.match(textOf(res.text), /Choisissez un trimestre de la liste\./);
    });

    test('the actions the commune publishes are shown for their quarter, audited', async () => {
      const page = await cadmin.get('/agent/qualite');
      assert.equal(page.status, 200, desc(page));
      const none = await clusesSection();
      assert.match(none, /Aucune action publiée pour ce trimestre\./);
      const body = 'Affichage des résultats à l\'accueil\nDeux créneaux de plus le samedi <b>matin</b>';
      const bad = await staffPost(cadmin, '/agent/qualite', { trimestre: '2020-T1', actions: body });
      assert.equal(bad.status, 422);
      assert.match(textOf(bad.text), /Choisissez un trimestre de la liste\./);
      assert.ok(bad.text.includes('Deux créneaux de plus le samedi &lt;b&gt;matin&lt;/b&gt;'), 'the text kept');
      const long = await staffPost(cadmin, '/agent/qualite', { trimestre: quarterNow(), actions: 'é'.repeat(2001) });
      assert.equal(long.status, 422);
      assert.match(textOf(long.text), /Le texte dépasse 2000 caractères : raccourcissez-le\./);
      const noCsrf = await cadmin.post('/agent/qualite', { trimestre: quarterNow(), actions: body });
      assert.equal(noCsrf.status, 403);
      assert.equal((await q('SELECT * FROM survey_actions WHERE commune_id = ?', [COMMUNE])).length, 0, 'nothing saved');
      const ok = await staffPost(cadmin, '/agent/qualite', { trimestre: quarterNow(), actions: body });
      assert.equal(ok.status, 303, desc(ok));
      const shown = await clusesSection();
      assert.match(shown, /<p>Affichage des résultats à l&#39;accueil<\/p>/);
      assert.match(shown, /<p>Deux créneaux de plus le samedi &lt;b&gt;matin&lt;\/b&gt;<\/p>/, 'escaped, a paragraph a line');
      const a = await one(`SELECT details, staff_id FROM audit_log WHERE action = 'survey_actions_published' AND commune_id = ?
                             ORDER BY id DESC LIMIT 1`, [COMMUNE]);
      assert.equal(a.details, quarterNow());
      assert.equal(a.staff_id, cadminRow.id);
      // Withdrawn: an empty text.
      const off = await staffPost(cadmin, '/agent/qualite', { trimestre: quarterNow(), actions: '  ' });
      assert.equal(off.status, 303);
      assert.match(await clusesSection(), /Aucune action publiée pour ce trimestre\./);
      await staffPost(cadmin, '/agent/qualite', { trimestre: quarterNow(), actions: body });
    });

    async function clusesSection() {
      const res = await new Client().get('/qualite');
      const m = res.text.match(/<section class="card" aria-labelledby="commune-5">([\s\S]*?)<\/section>/);
      assert.ok(m, 'a section for Sallanches');
      return m[1];
    }
  });

  describe('staff side', () => {
    test('the "satisfaction" statistics and their CSV', async () => {
      const du = `${parisDay(0).slice(0, 7)}-01`;
      const { header, rows } = await getCsv(cadmin, 'satisfaction', { du, au: parisDay(0) });
      assert.deepEqual(header.slice(0, 4), ['Mois', 'Commune', 'Lieu', 'Réponses']);
      const n = (await one('SELECT COUNT(*) AS n FROM survey_answers WHERE commune_id = ? AND month = ?', [COMMUNE, monthNow()])).n;
      const sat = (await one('SELECT COUNT(*) AS n FROM survey_answers WHERE commune_id = ? AND month = ? AND overall = 1',
        [COMMUNE, monthNow()])).n;
      assert.deepEqual(rows, [[parisDay(0).slice(0, 7), 'Sallanches', SITE_NAME, String(n), (Math.round((1000 * sat) / n) / 10).toFixed(1),
        ...rows[0].slice(5)]]);
      assert.equal(rows[0].length, 11);
      const page = await cadmin.get(`/stats/?du=${du}&au=${parisDay(0)}`);
      assert.equal(page.status, 200);
      assert.match(page.text, /id="t-satisfaction"/);
      // Another commune's administrator does not see Sallanches.
      const annecy = await signIn(ACCOUNTS.cadmin);
      const other = await getCsv(annecy, 'satisfaction', { du, au: parisDay(0) });
      assert.ok(!other.rows.some((r) => r[1] === 'Sallanches'));
    });

    test('the free texts: the commune\'s administrators only, with site and month, never a person', async () => {
      const row = await one('SELECT free_text FROM survey_answers WHERE commune_id = ? AND free_text IS NOT NULL', [COMMUNE]);
      const page = await cadmin.get('/agent/qualite');
      assert.equal(page.status, 200);
      const t = textOf(page.text);
      assert.ok(t.includes(row.free_text), 'the text is listed');
      assert.match(t, new RegExp(`${parisDay(0).slice(0, 7)} ${SITE_NAME} satisfait ${row.free_text}`));
      assert.ok(!t.includes(B.email) && !t.includes(B.ref), 'no contact, no reference');
      // An agent of Sallanches, an agent and a commune administrator of other communes.
      const agentSallanches = await createStaff({ role: 'agent', communeId: COMMUNE });
      for (const c of [await signIn(agentSallanches.email), await signIn(ACCOUNTS.agentThonon), await signIn(ACCOUNTS.agentAnnecy)]) {
        const res = await c.get('/agent/qualite');
        assert.equal(res.status, 403, desc(res));
        assert.match(textOf(res.text), FORBIDDEN_RE);
        assert.ok(!res.text.includes(row.free_text));
      }
      const annecy = await signIn(ACCOUNTS.cadmin);
      const other = await annecy.get(`/agent/qualite?commune=${COMMUNE}`);
      assert.equal(other.status, 200);
      assert.ok(!other.text.includes(row.free_text), 'another commune\'s administrator sees their own commune only');
      const padmin = await signIn(ACCOUNTS.padmin);
      const choose = await padmin.get('/agent/qualite');
      assert.match(choose.text, /\/agent\/qualite\?commune=4/);
      const p = await padmin.get(`/agent/qualite?commune=${COMMUNE}`);
      assert.ok(textOf(p.text).includes(row.free_text), 'the platform administrator, choosing the commune');
      const anon = await new Client().get('/agent/qualite');
      assert.ok(isSignInRedirect(anon), desc(anon));
      // Never on the public page.
      const pub = await new Client().get('/qualite');
      assert.ok(!pub.text.includes(row.free_text));
    });
  });
});

test('the free texts are purged after their retention, the scores kept', async () => {
  const old = `Vieux commentaire ${Date.now()}`, recent = `Commentaire récent ${Date.now()}`;
  await q(`INSERT INTO survey_answers (id, commune_id, site_id, procedure_id, month, overall, ease, clarity, waiting, called, free_text)
           VALUES (MD5(RAND()), ?, ?, 1, DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 25 MONTH, '%Y-%m-01'), 2, 2, 2, 2, 1, ?),
                  (MD5(RAND()), ?, ?, 1, DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 22 MONTH, '%Y-%m-01'), 2, 2, 2, 2, 1, ?)`,
  [COMMUNE, SITE, old, COMMUNE, SITE, recent]);
  const out = execFileSync(ADMIN, ['purge'], { env: { ...process.env, CRENEAU_CONF: path.join(VAR, 'creneau.conf') }, encoding: 'utf8' });
  assert.match(out, /[1-9]\d* survey texts/);
  assert.equal((await q('SELECT * FROM survey_answers WHERE free_text = ?', [old])).length, 0);
  const kept = await q(`SELECT * FROM survey_answers WHERE commune_id = ? AND free_text IS NULL
                          AND month = DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 25 MONTH, '%Y-%m-01')`, [COMMUNE]);
  assert.equal(kept.length, 1, 'the old answer stays, without its text');
  assert.equal((await q('SELECT * FROM survey_answers WHERE free_text = ?', [recent])).length, 1, 'a recent text stays');
});
