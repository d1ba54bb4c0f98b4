// status.test.mjs — the public service status (issue #22 §2, core/status.h):
// the states per component and overall on /statut, its JSON summary and
// Atom feed; the banner on public and staff pages only while the state is
// not normal; only the technical staff set it (others 403, CSRF checked,
// audited); comments in four languages with French as the fallback and the
// page itself translated; an incident's updates kept as a 90-day history
// (older ones hidden, then purged); a maintenance announced ahead; the
// notices by email (double opt-in, groups, unsubscribe) through the outbox;
// the automatic state from a simulated SMS backlog, overridden by staff.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { Client, describe as show, pathOf, textOf } from '../lib/client.mjs';
import { VAR, clearRateLimits, closeDb, one, poll, q } from '../lib/db.mjs';
import {
  ACCOUNTS, COMMUNE, CSRF_RE, FORBIDDEN_RE, ensureTechAccount, isSignInRedirect, outbox, lastOutboxId, signIn, staffPost,
} from '../lib/staff.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD = process.env.CRENEAU_BUILD || ['build-asan', 'build'].find((b) => fs.existsSync(path.join(ROOT, b, 'bin', 'creneau-admin')));
const ADMIN = path.join(ROOT, BUILD, 'bin', 'creneau-admin');
const env = { ...process.env, CRENEAU_CONF: process.env.CRENEAU_CONF || path.join(VAR, 'creneau.conf') };
const TAG = `st${Date.now().toString(36)}`;
const COMPS = ['reservation', 'personnel', 'sms', 'courriel', 'ants'];

let tech, others;

/** Everything back to normal, no event, and the workers told (version). */
// The components the worker sets from backlogs (SMS, email, ANTS): the
// other suites of a full run leave messages waiting, which would make them
// "ralenti" under a test that checks something else, so they are pinned to
// normal by hand (a manual state wins) unless a test watches them.
async function reset(pinned = ['sms', 'courriel', 'ants']) {
  await q('UPDATE status_components SET manual_state = NULL, auto_state = NULL, auto_reason = NULL');
  if (pinned.length) await q('UPDATE status_components SET manual_state = \'normal\' WHERE code IN (?)', [pinned]);
  await q('DELETE FROM status_updates');
  await q('DELETE FROM status_events');
  await q('UPDATE status_version SET v = v + 1 WHERE id = 1');
}

/** The form of a declaration: every component on "auto" unless given. */
function declaration(states = {}, extra = {}) {
  const f = { phase: 'investigating', commentaire_fr: 'Nous cherchons la cause.' };
  for (const c of COMPS) f[`etat_${c}`] = states[c] || 'auto';
  return { ...f, ...extra };
}

const json = async (client = new Client(), qs = '') => {
  const res = await client.get(`/statut.json${qs}`);
  assert.equal(res.status, 200, show(res));
  assert.match(res.headers.get('content-type'), /^application\/json/);
  return JSON.parse(res.text);
};
const compOf = (j, id) => j.components.find((c) => c.id === id);
const BANNER = /class="status-banner/;

/** The workers keep the status 2 s (status_cache_s): wait for a page to show it. */
async function waitFor(client, url, re, what, present = true) {
  let last;
  await poll(async () => {
    last = await client.get(url);
    return re.test(last.text) === present;
  }, { timeoutMs: 8000, intervalMs: 300, what: `${what} (last: ${last && last.status})` });
  return last;
}

before(async () => {
  await clearRateLimits();
  await reset();
  tech = await signIn(await ensureTechAccount());
  others = {};
  for (const k of ['padmin', 'cadmin', 'agentAnnecy', 'partner']) others[k] = await signIn(ACCOUNTS[k]);
});

after(async () => {
  await q("DELETE FROM outbox WHERE status = 'pending' AND idem_key LIKE ?", [`${TAG}%`]);
  await q("DELETE FROM status_subscribers WHERE email LIKE ?", [`${TAG}%`]);
  await q('DELETE o FROM status_optouts o JOIN staff s ON s.id = o.staff_id WHERE s.email = ?', [ACCOUNTS.partner]);
  await reset([]);
  await closeDb();
});

describe('states and who sets them', () => {
  test('normal: every component works, overall normal, and no banner anywhere', async () => {
    await reset();
    const j = await json();
    assert.equal(j.status.indicator, 'none');
    assert.deepEqual(j.components.map((c) => [c.id, c.status]), COMPS.map((c) => [c, 'operational']));
    await waitFor(new Client(), '/', BANNER, 'no banner on the home page', false);
    await waitFor(others.agentAnnecy, '/agent/', BANNER, 'no banner on a staff page', false);
    const page = await new Client().get('/statut');
    assert.equal(page.status, 200);
    assert.match(textOf(page.text), /Le service fonctionne normalement\./);
  });

  test('only the technical staff open /agent/statut and set the state: others 403, nobody signed in to the sign-in page', async () => {
    await reset();
    for (const [k, c] of Object.entries(others)) {
      const g = await c.get('/agent/statut');
      assert.equal(g.status, 403, `${k}: ${show(g)}`);
      assert.match(textOf(g.text), FORBIDDEN_RE);
      const p = await staffPost(c, '/agent/statut', declaration({ reservation: 'down' }));
      assert.equal(p.status, 403, `${k}: ${show(p)}`);
      const m = await staffPost(c, '/agent/statut/maintenance', { debut: '2099-01-01', debut_heure: '21:00', fin: '2099-01-01', fin_heure: '22:00', composant_reservation: '1', commentaire_fr: 'x' });
      assert.equal(m.status, 403, `${k}: ${show(m)}`);
    }
    const anon = new Client();
    assert.ok(isSignInRedirect(await anon.get('/agent/statut')));
    assert.ok(isSignInRedirect(await staffPost(anon, '/agent/statut', declaration({ reservation: 'down' }))));
    // The technical staff, without the CSRF token: refused too.
    const noCsrf = await tech.post('/agent/statut', declaration({ reservation: 'down' }));
    assert.equal(noCsrf.status, 403, show(noCsrf));
    assert.match(textOf(noCsrf.text), CSRF_RE);
    assert.equal((await one("SELECT COUNT(*) AS n FROM status_components WHERE manual_state IS NOT NULL AND manual_state <> 'normal' OR code IN ('reservation', 'personnel') AND manual_state IS NOT NULL")).n, 0, 'nothing set');
    assert.equal((await one('SELECT COUNT(*) AS n FROM status_events')).n, 0, 'no incident');
    // The technical staff's home is the status page, with its menu only.
    const home = await tech.get('/agent/');
    assert.equal(home.status, 303);
    assert.equal(pathOf(home.location), '/agent/statut');
    const page = await tech.get('/agent/statut');
    assert.equal(page.status, 200, show(page));
    assert.ok(!page.text.includes('href="/agent/rdv"'), 'no booking menu for the technical staff');
    assert.equal((await tech.get('/agent/rdv')).status, 403, 'and no booking pages');
  });

  test('a declaration: states per component, the worst overall, the banner on public and staff pages, audited', async () => {
    await reset();
    const res = await staffPost(tech, '/agent/statut', declaration({ reservation: 'down', sms: 'degraded' }, {
      phase: 'identified',
      commentaire_fr: 'Coupure du centre de données, retour prévu vers 15 h.',
      commentaire_nl: 'Stroomonderbreking in het datacenter, herstel verwacht rond 15 uur.',
      commentaire_en: 'Power cut at the data centre, back around 3 pm.',
    }));
    assert.equal(res.status, 303, show(res));
    assert.equal(pathOf(res.location), '/agent/statut?fait=etat');
    const j = await json();
    assert.equal(j.status.indicator, 'critical');
    assert.equal(j.status.description, 'Le service est interrompu.');
    assert.equal(compOf(j, 'reservation').status, 'major_outage');
    assert.equal(compOf(j, 'sms').status, 'degraded_performance');
    assert.equal(compOf(j, 'personnel').status, 'operational');
    assert.equal(compOf(j, 'reservation').manual, true);
    assert.equal(j.incidents.length, 1);
    assert.equal(j.incidents[0].status, 'identified');
    assert.deepEqual(j.incidents[0].components, ['reservation', 'sms']);
    const page = textOf((await new Client().get('/statut')).text);
    assert.match(page, /Réservation en ligne : Interrompu/);
    assert.match(page, /SMS : Ralenti \/ perturbé/);
    assert.match(page, /Espace du personnel : Fonctionne normalement/);
    assert.match(page, /Coupure du centre de données, retour prévu vers 15 h\./);
    const pub = await waitFor(new Client(), '/', /class="status-banner[^]*?Réservation en ligne : Interrompu/, 'the banner on the home page');
    assert.match(textOf(pub.text), /État du service : Réservation en ligne : Interrompu ; SMS : Ralenti \/ perturbé/);
    await waitFor(others.agentAnnecy, '/agent/', BANNER, 'the banner on a staff page');
    await waitFor(new Client(), '/faq', BANNER, 'the banner on another public page');
    const audit = await one("SELECT * FROM audit_log WHERE action = 'status_declare' ORDER BY id DESC LIMIT 1");
    assert.ok(audit, 'audited');
    assert.match(audit.details, /reservation=down/);
    assert.match(audit.details, /sms=degraded/);
    // A partial outage alone: the overall state is the worst, "ralenti".
    assert.equal((await staffPost(tech, '/agent/statut', declaration({ sms: 'degraded' }, { phase: 'monitoring', commentaire_fr: 'Les SMS partent lentement.' }))).status, 303);
    const j2 = await json();
    assert.equal(j2.status.indicator, 'minor');
    assert.equal(compOf(j2, 'reservation').status, 'operational');
  });

  test('bad input: the French comment is required, a state must be in the list (422, values kept, nothing changed)', async () => {
    await reset();
    const res = await staffPost(tech, '/agent/statut', declaration({ sms: 'en-panne' }, { commentaire_fr: '', commentaire_de: 'Nur Deutsch' }));
    assert.equal(res.status, 422, show(res));
    const t = textOf(res.text);
    assert.match(t, /Le formulaire contient des erreurs/);
    assert.match(t, /Ce champ est obligatoire\./);
    assert.match(t, /Choisissez un état dans la liste\./);
    assert.match(res.text, />Nur Deutsch<\/textarea>/, 'the German comment is kept');
    assert.equal((await one('SELECT COUNT(*) AS n FROM status_events')).n, 0);
  });
});

describe('languages', () => {
  before(async () => {
    await reset();
    const res = await staffPost(tech, '/agent/statut', declaration({ courriel: 'degraded' }, {
      commentaire_fr: 'Les courriels partent avec retard.',
      commentaire_nl: 'E-mails worden met vertraging verstuurd.',
      commentaire_en: 'Emails go out late.',
    }));
    assert.equal(res.status, 303, show(res));
  });

  test('?lang=nl: the Dutch comment and the page in Dutch', async () => {
    const res = await new Client().get('/statut?lang=nl');
    assert.equal(res.status, 200);
    assert.match(res.text, /<html lang="nl">/);
    const t = textOf(res.text);
    assert.match(t, /Status van de dienst/);
    assert.match(t, /E-mail : Vertraagd \/ verstoord/);
    assert.match(t, /E-mails worden met vertraging verstuurd\./);
    assert.ok(!t.includes('Les courriels partent avec retard.'));
    assert.match(res.text, /<p lang="nl">E-mails worden/);
  });

  test('?lang=de without a German comment: the page in German, the comment in French (marked lang="fr")', async () => {
    const c = new Client();
    const res = await c.get('/statut?lang=de');
    assert.match(res.text, /<html lang="de">/);
    const t = textOf(res.text);
    assert.match(t, /Dienststatus/);
    assert.match(t, /Der Dienst ist verlangsamt oder gestört\./);
    assert.match(res.text, /<p lang="fr">Les courriels partent avec retard\.<\/p>/);
    // The choice is remembered, and the language switch lists the three others.
    const again = await c.get('/statut');
    assert.match(again.text, /<html lang="de">/);
    for (const [code, name] of [['fr', 'Français'], ['en', 'English'], ['nl', 'Nederlands']]) {
      assert.match(again.text, new RegExp(`href="/statut\\?lang=${code}" lang="${code}" hreflang="${code}">${name}<`));
    }
    // The JSON follows the reader's language too.
    const j = await json(c);
    assert.equal(j.incidents[0].incident_updates[0].body, 'Les courriels partent avec retard.');
    assert.equal(compOf(j, 'courriel').name, 'E-Mail');
  });

  test('?lang=en: the English comment; a page not translated in Dutch falls back to French', async () => {
    const t = textOf((await new Client().get('/statut?lang=en')).text);
    assert.match(t, /Emails go out late\./);
    assert.match(t, /Service status/);
    const faq = await new Client().get('/faq?lang=nl');
    assert.equal(faq.status, 200);
    assert.match(faq.text, /<html lang="nl">/);
    assert.match(textOf(faq.text), /Veelgestelde vragen/, 'the frame in Dutch');
  });

  test('the catalogues: English complete, Dutch and German translate every string of the status pages and the banner', () => {
    const stats = (f) => execFileSync('msgfmt', ['--statistics', '-c', '-o', '/dev/null', path.join(ROOT, 'po', f)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const en = execFileSync('sh', ['-c', `msgfmt --statistics -c -o /dev/null ${path.join(ROOT, 'po', 'en.po')} 2>&1`], { encoding: 'utf8' });
    assert.doesNotMatch(en, /untranslated|fuzzy/, `en.po: ${en}`);
    stats('nl.po');
    for (const l of ['nl', 'de']) {
      const missing = execFileSync('sh', ['-c', `msggrep -N 'templates/status*.tpl' -N 'templates/header.tpl' -N 'templates/footer.tpl' -N 'cgi-bin/core/status.c' -N 'cgi-bin/public_status.c' -N 'cgi-bin/core/page.c' ${path.join(ROOT, 'po', `${l}.po`)} | msgattrib --untranslated --no-obsolete | grep -c '^msgid ' || true`], { encoding: 'utf8' }).trim();
      assert.equal(missing, '0', `${l}.po: untranslated strings of the status pages`);
    }
  });
});

describe('incidents, history and maintenance', () => {
  test('an incident goes through its updates and stays in the history once resolved; the banner goes', async () => {
    await reset();
    for (const [phase, states, fr] of [
      ['investigating', { personnel: 'down' }, 'Les pages du personnel ne répondent plus.'],
      ['identified', { personnel: 'degraded' }, 'Un disque plein, en cours de remplacement.'],
      ['monitoring', { personnel: 'degraded' }, 'Disque remplacé, nous surveillons.'],
      ['resolved', {}, 'Tout fonctionne de nouveau.'],
    ]) {
      const res = await staffPost(tech, '/agent/statut', declaration(states, { phase, commentaire_fr: fr }));
      assert.equal(res.status, 303, `${phase}: ${show(res)}`);
    }
    assert.equal((await one('SELECT COUNT(*) AS n FROM status_events')).n, 1, 'one incident for the four updates');
    const ev = await one('SELECT * FROM status_events');
    assert.ok(ev.resolved_utc, 'resolved');
    assert.equal(ev.impact, 'down', 'its worst impact is kept');
    const t = textOf((await new Client().get('/statut')).text);
    assert.match(t, /Le service fonctionne normalement\./);
    assert.match(t, /Historique des 90 derniers jours/);
    const order = ['Tout fonctionne de nouveau.', 'Disque remplacé, nous surveillons.', 'Un disque plein, en cours de remplacement.', 'Les pages du personnel ne répondent plus.'].map((s) => t.indexOf(s));
    assert.ok(order.every((i) => i >= 0), 'every update shown');
    assert.deepEqual([...order].sort((a, b) => a - b), order, 'newest first');
    assert.match(t, /Résolu/);
    assert.match(t, /Sous surveillance/);
    const j = await json();
    assert.equal(j.incidents.length, 0, 'a resolved incident is no longer current');
    await waitFor(new Client(), '/', BANNER, 'the banner is gone', false);
    // A new declaration opens a new incident.
    assert.equal((await staffPost(tech, '/agent/statut', declaration({ ants: 'degraded' }, { commentaire_fr: 'ANTS lent.' }))).status, 303);
    assert.equal((await one('SELECT COUNT(*) AS n FROM status_events')).n, 2);
  });

  test('the history keeps 90 days: an older incident is hidden, then purged', async () => {
    const old = await q(`INSERT INTO status_events (kind, components, impact, starts_utc, resolved_utc, created_utc, updated_utc)
      VALUES ('incident', 'sms', 'degraded', UTC_TIMESTAMP() - INTERVAL 100 DAY, UTC_TIMESTAMP() - INTERVAL 99 DAY,
              UTC_TIMESTAMP() - INTERVAL 100 DAY, UTC_TIMESTAMP() - INTERVAL 99 DAY)`);
    await q(`INSERT INTO status_updates (event_id, phase, body_fr, created_utc) VALUES (?, 'resolved', ?, UTC_TIMESTAMP() - INTERVAL 99 DAY)`,
      [old.insertId, `Très ancien incident ${TAG}`]);
    const recent = await q(`INSERT INTO status_events (kind, components, impact, starts_utc, resolved_utc, created_utc, updated_utc)
      VALUES ('incident', 'sms', 'degraded', UTC_TIMESTAMP() - INTERVAL 80 DAY, UTC_TIMESTAMP() - INTERVAL 80 DAY,
              UTC_TIMESTAMP() - INTERVAL 80 DAY, UTC_TIMESTAMP() - INTERVAL 80 DAY)`);
    await q(`INSERT INTO status_updates (event_id, phase, body_fr, created_utc) VALUES (?, 'resolved', ?, UTC_TIMESTAMP() - INTERVAL 80 DAY)`,
      [recent.insertId, `Incident récent ${TAG}`]);
    const page = (await new Client().get('/statut')).text;
    assert.ok(!page.includes(`Très ancien incident ${TAG}`), 'older than 90 days: not shown');
    assert.ok(page.includes(`Incident récent ${TAG}`), '80 days: shown');
    const atom = (await new Client().get('/statut.atom')).text;
    assert.ok(!atom.includes(`Très ancien incident ${TAG}`));
    assert.ok(atom.includes(`Incident récent ${TAG}`));
    execFileSync(ADMIN, ['purge'], { env, encoding: 'utf8', timeout: 300000 });
    assert.equal(await one('SELECT id FROM status_events WHERE id = ?', [old.insertId]), undefined, 'purged');
    assert.equal((await one('SELECT COUNT(*) AS n FROM status_updates WHERE event_id = ?', [old.insertId])).n, 0, 'its updates too');
    assert.ok(await one('SELECT id FROM status_events WHERE id = ?', [recent.insertId]), 'the recent one stays');
  });

  test('a maintenance is announced ahead: "maintenance prévue" with its window, then in progress, and it can be cancelled', async () => {
    await reset();
    const d = new Date(Date.now() + 3 * 86400000);
    const day = d.toISOString().slice(0, 10);
    // Bad input first: the end before the start, no component (422, kept).
    const bad = await staffPost(tech, '/agent/statut/maintenance', { debut: day, debut_heure: '23:00', fin: day, fin_heure: '21:00', commentaire_fr: 'Mise à jour.' });
    assert.equal(bad.status, 422, show(bad));
    assert.match(textOf(bad.text), /La fin doit venir après le début\./);
    assert.match(textOf(bad.text), /Cochez au moins un service concerné\./);
    assert.match(bad.text, /name="debut_heure" type="time" value="23:00"/);
    const res = await staffPost(tech, '/agent/statut/maintenance', {
      debut: day, debut_heure: '21:00', fin: day, fin_heure: '23:00', composant_reservation: '1', composant_personnel: '1',
      commentaire_fr: 'Mise à jour de la base de données.', commentaire_de: 'Aktualisierung der Datenbank.',
    });
    assert.equal(res.status, 303, show(res));
    const page = await new Client().get('/statut');
    const t = textOf(page.text);
    assert.match(t, /Maintenance prévue/);
    assert.match(t, /Le service fonctionne normalement\. Une maintenance est prévue\./);
    assert.match(t, /21 h 00/);
    assert.match(t, /23 h 00/);
    assert.match(t, /Réservation en ligne : Fonctionne normalement Maintenance prévue du/);
    const de = textOf((await new Client().get('/statut?lang=de')).text);
    assert.match(de, /Geplante Wartung/);
    assert.match(de, /Aktualisierung der Datenbank\./);
    const j = await json();
    assert.equal(j.status.indicator, 'none');
    assert.equal(j.scheduled_maintenances.length, 1);
    const m = j.scheduled_maintenances[0];
    assert.equal(m.status, 'scheduled');
    assert.deepEqual(m.components, ['reservation', 'personnel']);
    assert.ok(Date.parse(m.scheduled_until) - Date.parse(m.scheduled_for) === 2 * 3600000, 'two hours');
    assert.equal(compOf(j, 'reservation').status, 'operational', 'not under maintenance before its window');
    // The first banner may still be the one a worker kept from before the
    // reset (2 s): wait for the maintenance's.
    const pub = await waitFor(new Client(), '/', /class="status-banner[^]*?aintenance prévue du/, 'the banner announces the maintenance');
    assert.match(textOf(pub.text), /maintenance prévue du .* au /);
    // In its window: "en cours", the components under maintenance.
    await q('UPDATE status_events SET starts_utc = UTC_TIMESTAMP() - INTERVAL 1 HOUR, ends_utc = UTC_TIMESTAMP() + INTERVAL 1 HOUR');
    await q('UPDATE status_version SET v = v + 1 WHERE id = 1');
    const j2 = await json();
    assert.equal(j2.status.indicator, 'maintenance');
    assert.equal(j2.scheduled_maintenances[0].status, 'in_progress');
    assert.equal(compOf(j2, 'reservation').status, 'under_maintenance');
    assert.equal(compOf(j2, 'sms').status, 'operational');
    assert.match(textOf((await new Client().get('/statut')).text), /Maintenance en cours/);
    // Cancelled: gone from the page's current maintenances and from the banner.
    const id = j2.scheduled_maintenances[0].id;
    const others403 = await staffPost(others.padmin, `/agent/statut/maintenance/${id}/annuler`);
    assert.equal(others403.status, 403);
    const cancel = await staffPost(tech, `/agent/statut/maintenance/${id}/annuler`);
    assert.equal(cancel.status, 303, show(cancel));
    assert.equal((await json()).scheduled_maintenances.length, 0);
    assert.equal((await staffPost(tech, `/agent/statut/maintenance/${id}/annuler`)).status, 404, 'twice: gone');
    await waitFor(new Client(), '/', BANNER, 'no banner once cancelled', false);
  });
});

describe('feeds', () => {
  before(async () => {
    await reset();
    assert.equal((await staffPost(tech, '/agent/statut', declaration({ sms: 'down' }, { commentaire_fr: 'Le fournisseur de SMS est en panne <totalement> & "vraiment".' }))).status, 303);
    assert.equal((await staffPost(tech, '/agent/statut', declaration({ sms: 'degraded' }, { phase: 'monitoring', commentaire_fr: 'Les SMS repartent.' }))).status, 303);
  });

  test('Atom 1.0: well-formed XML with id, updated, and one entry per update, newest first', async () => {
    const res = await new Client().get('/statut.atom');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^application\/atom\+xml/);
    assert.ok(res.text.startsWith('<?xml version="1.0" encoding="utf-8"?>'), 'the XML declaration first');
    // xmllint checks that the document parses.
    execFileSync('xmllint', ['--noout', '-'], { input: res.text });
    const feed = res.text;
    assert.match(feed, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    assert.match(feed, /<id>[^<]+\/statut<\/id>/);
    assert.match(feed, /<updated>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/updated>/);
    const entries = [...feed.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((m) => m[1]);
    assert.equal(entries.length, 2);
    for (const e of entries) {
      assert.match(e, /<id>[^<]+#mise-a-jour-\d+<\/id>/);
      assert.match(e, /<updated>[^<]+<\/updated>/);
      assert.match(e, /<title>[^<]+<\/title>/);
    }
    assert.match(entries[0], /Les SMS repartent\./);
    assert.match(entries[0], /<title>Sous surveillance — Incident — SMS<\/title>/);
    assert.match(entries[1], /en panne &lt;totalement&gt; &amp; (&#34;|&quot;)vraiment(&#34;|&quot;)\./, 'escaped');
  });

  test('JSON: the Statuspage-like summary', async () => {
    const j = await json();
    assert.deepEqual(Object.keys(j), ['page', 'status', 'components', 'incidents', 'scheduled_maintenances']);
    assert.equal(j.page.name, 'Créneau');
    assert.match(j.page.url, /\/statut$/);
    assert.match(j.page.updated_at, /Z$/);
    assert.equal(j.status.indicator, 'minor');
    assert.equal(j.status.description, 'Le service est ralenti ou perturbé.');
    assert.deepEqual(j.components.map((c) => c.id), COMPS);
    for (const c of j.components) assert.ok(['operational', 'degraded_performance', 'major_outage', 'under_maintenance'].includes(c.status));
    const inc = j.incidents[0];
    assert.equal(inc.status, 'monitoring');
    assert.equal(inc.impact, 'critical');
    assert.deepEqual(inc.incident_updates.map((u) => u.status), ['monitoring', 'investigating']);
    assert.equal(inc.incident_updates[1].body, 'Le fournisseur de SMS est en panne <totalement> & "vraiment".');
    assert.deepEqual(j.scheduled_maintenances, []);
  });
});

describe('email notices', () => {
  const email = `${TAG}.abonne@example.org`;

  test('subscription with double opt-in, a notice to the group with its unsubscribe link, and unsubscribing', async () => {
    await reset();
    await clearRateLimits();
    const c = new Client();
    // Errors first: a bad address comes back with its message and value.
    const bad = await c.postWithCsrf('/statut', '/statut/abonnement', { email: 'pas-une-adresse' });
    assert.equal(bad.status, 422, show(bad));
    assert.match(textOf(bad.text), /Saisissez une adresse électronique valide/);
    assert.match(bad.text, /value="pas-une-adresse"/);
    assert.match(bad.text, /aria-invalid="true"/);
    const noCsrf = await c.post('/statut/abonnement', { email });
    assert.equal(noCsrf.status, 403, 'no CSRF token: refused');
    const since = await lastOutboxId();
    const res = await c.postWithCsrf('/statut', '/statut/abonnement', { email });
    assert.equal(res.status, 303, show(res));
    assert.equal(pathOf(res.location), '/statut?abonnement=1');
    assert.match(textOf((await c.get(res.location)).text), /Un courriel de confirmation vient de partir/);
    const [conf] = await outbox({ kind: 'status_confirm', recipient: email, since });
    assert.ok(conf, 'a confirmation email');
    const link = conf.body.match(/https?:\/\/\S+\/statut\/confirmer\?t=[0-9a-f]{64}/)[0];
    const row = await one('SELECT * FROM status_subscribers WHERE email = ?', [email]);
    assert.equal(row.confirmed_utc, null, 'not confirmed yet');
    // A notice now does not reach an unconfirmed address.
    assert.equal((await staffPost(tech, '/agent/statut', declaration({ sms: 'degraded' }, { commentaire_fr: 'Premier avis.', groupe_public: '1' }))).status, 303);
    assert.equal((await outbox({ kind: 'status_notice', recipient: email, since })).length, 0);
    // The link shows a button; following it confirms (a GET alone changes nothing).
    const linkPath = pathOf(link);
    const form = await c.get(linkPath);
    assert.equal(form.status, 200, show(form));
    assert.match(form.text, /Confirmer mon abonnement/);
    assert.equal((await one('SELECT confirmed_utc FROM status_subscribers WHERE email = ?', [email])).confirmed_utc, null);
    const t = linkPath.split('t=')[1];
    const ok = await c.postWithCsrf(linkPath, '/statut/confirmer', { t });
    assert.equal(ok.status, 200, show(ok));
    assert.match(textOf(ok.text), /Votre abonnement est confirmé/);
    assert.ok((await one('SELECT confirmed_utc FROM status_subscribers WHERE email = ?', [email])).confirmed_utc);
    assert.equal((await c.get(`/statut/confirmer?t=${'0'.repeat(64)}`)).status, 410, 'an unknown token');
    // A notice to the public group reaches it, with the state and the link.
    const since2 = await lastOutboxId();
    assert.equal((await staffPost(tech, '/agent/statut', declaration({ sms: 'down' }, {
      phase: 'identified', commentaire_fr: 'Le fournisseur de SMS est en panne.', groupe_public: '1',
    }))).status, 303);
    const [notice] = await outbox({ kind: 'status_notice', recipient: email, since: since2 });
    assert.ok(notice, 'a notice to the subscriber');
    assert.equal(notice.channel, 'email');
    assert.match(notice.subject, /État du service : Interrompu/);
    assert.match(notice.body, /- SMS : Interrompu/);
    assert.match(notice.body, /Le fournisseur de SMS est en panne\./);
    const unsub = notice.body.match(/https?:\/\/\S+\/statut\/desabonner\?a=s\d+&m=[0-9a-f]{32}/)[0];
    // A tampered link is refused; the right one shows a button, then unsubscribes.
    assert.equal((await c.get(pathOf(unsub).replace(/m=[0-9a-f]/, 'm=x'))).status, 404);
    const uform = await c.get(pathOf(unsub));
    assert.equal(uform.status, 200);
    const params = new URL(unsub).searchParams;
    const done = await c.postWithCsrf(pathOf(unsub), '/statut/desabonner', { a: params.get('a'), m: params.get('m') });
    assert.equal(done.status, 200, show(done));
    assert.equal(await one('SELECT id FROM status_subscribers WHERE email = ?', [email]), undefined, 'gone');
    const since3 = await lastOutboxId();
    assert.equal((await staffPost(tech, '/agent/statut', declaration({}, { phase: 'resolved', commentaire_fr: 'Réparé.', groupe_public: '1' }))).status, 303);
    assert.equal((await outbox({ kind: 'status_notice', recipient: email, since: since3 })).length, 0, 'no more notices');
  });

  test("a commune's staff get the notice; a staff member who unsubscribes gets no more", async () => {
    await reset();
    const since = await lastOutboxId();
    assert.equal((await staffPost(tech, '/agent/statut', declaration({ reservation: 'degraded' }, {
      commentaire_fr: 'Lenteurs.', groupe_commune: '1', commune: String(COMMUNE.sevrier),
    }))).status, 303);
    const sent = await outbox({ kind: 'status_notice', since });
    assert.ok(sent.some((m) => m.recipient === ACCOUNTS.partner), "Sevrier's partner account");
    assert.ok(!sent.some((m) => m.recipient === ACCOUNTS.agentAnnecy), 'not the agents of another commune');
    const mine = sent.find((m) => m.recipient === ACCOUNTS.partner);
    const unsub = new URL(mine.body.match(/https?:\/\/\S+\/statut\/desabonner\?a=p\d+&m=[0-9a-f]{32}/)[0]);
    const c = new Client();
    const done = await c.postWithCsrf(unsub.pathname + unsub.search, '/statut/desabonner', { a: unsub.searchParams.get('a'), m: unsub.searchParams.get('m') });
    assert.equal(done.status, 200, show(done));
    const since2 = await lastOutboxId();
    assert.equal((await staffPost(tech, '/agent/statut', declaration({}, {
      phase: 'resolved', commentaire_fr: 'Fini.', groupe_commune: '1', groupe_partenaires: '1', commune: String(COMMUNE.sevrier),
    }))).status, 303);
    assert.ok(!(await outbox({ kind: 'status_notice', since: since2 })).some((m) => m.recipient === ACCOUNTS.partner), 'opted out');
    // The commune group needs its commune (422).
    const bad = await staffPost(tech, '/agent/statut', declaration({}, { groupe_commune: '1' }));
    assert.equal(bad.status, 422);
    assert.match(textOf(bad.text), /Choisissez la commune dont le personnel reçoit l'avis\./);
  });
});

describe('automatic state', () => {
  test('an SMS backlog makes "SMS" slowed down automatically; staff override it; it clears when the backlog is gone', async () => {
    await reset(['courriel', 'ants']);
    // A text queued 30 minutes ago whose retry waits an hour: the provider fails.
    await q(`INSERT INTO outbox (idem_key, kind, channel, recipient, body, lang, status, next_try_utc, created_utc)
             VALUES (?, 'code', 'sms', '+33600000000', 'Votre code : 000000', 'fr', 'pending', UTC_TIMESTAMP() + INTERVAL 1 HOUR,
                     UTC_TIMESTAMP() - INTERVAL 30 MINUTE)`, [`${TAG}:backlog`]);
    let j;
    await poll(async () => { j = await json(); return compOf(j, 'sms').status === 'degraded_performance'; }, { timeoutMs: 20000, intervalMs: 500, what: 'the automatic SMS state' });
    assert.equal(compOf(j, 'sms').automatic, true);
    assert.equal(compOf(j, 'sms').manual, false);
    assert.equal(compOf(j, 'courriel').status, 'operational');
    const t = textOf((await new Client().get('/statut')).text);
    assert.match(t, /SMS : Ralenti \/ perturbé \(constat automatique : des SMS attendent d'être envoyés depuis plusieurs minutes\)/);
    await waitFor(new Client(), '/', BANNER, 'the banner for the automatic state');
    // The technical staff know better: normal, by hand, wins.
    assert.equal((await staffPost(tech, '/agent/statut', declaration({ sms: 'normal' }, { phase: 'resolved', commentaire_fr: 'Le retard est connu et sans effet.' }))).status, 303);
    j = await json();
    assert.equal(compOf(j, 'sms').status, 'operational');
    assert.equal(compOf(j, 'sms').manual, true);
    assert.match(textOf((await new Client().get('/statut')).text), /SMS : Fonctionne normalement \(indiqué par l'équipe technique\)/);
    // Back to automatic: the backlog shows again.
    assert.equal((await staffPost(tech, '/agent/statut', declaration({}, { commentaire_fr: 'Retour aux contrôles automatiques.' }))).status, 303);
    assert.equal(compOf(await json(), 'sms').status, 'degraded_performance');
    // The backlog is gone: cleared by itself.
    await q('DELETE FROM outbox WHERE idem_key = ?', [`${TAG}:backlog`]);
    await poll(async () => { j = await json(); return compOf(j, 'sms').status === 'operational'; }, { timeoutMs: 20000, intervalMs: 500, what: 'the SMS state cleared' });
    assert.equal(compOf(j, 'sms').automatic, false);
    assert.equal((await one("SELECT auto_state FROM status_components WHERE code = 'sms'")).auto_state, null);
  });
});
