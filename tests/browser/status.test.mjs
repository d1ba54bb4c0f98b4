// status.test.mjs (browser) — the service status pages on a phone, with
// axe-core (WCAG 2.1 A/AA): /statut in French, Dutch, German and English
// while an incident and a maintenance are shown, the subscription form and
// its error state, the confirmation and unsubscribe pages, the banner on a
// public page, and the technical staff's page with its error state. The
// forms work without JavaScript.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { BASE_URL } from '../lib/client.mjs';
import { clearRateLimits, closeDb, one, poll, q } from '../lib/db.mjs';
import { appHmac, browserSignIn, ensureTechAccount } from '../lib/staff.mjs';

const EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TAG = `stb${Date.now().toString(36)}`;
let browser;

async function reset() {
  await q('UPDATE status_components SET manual_state = NULL, auto_state = NULL, auto_reason = NULL');
  await q('DELETE FROM status_updates');
  await q('DELETE FROM status_events');
  await q('UPDATE status_version SET v = v + 1 WHERE id = 1');
}

before(async () => {
  await clearRateLimits();
  await reset();
  // An incident in its second update and a maintenance ahead, as if declared.
  await q("UPDATE status_components SET manual_state = 'degraded' WHERE code = 'sms'");
  const e = await q(`INSERT INTO status_events (kind, components, impact, starts_utc, created_utc, updated_utc)
    VALUES ('incident', 'sms', 'degraded', UTC_TIMESTAMP() - INTERVAL 1 HOUR, UTC_TIMESTAMP() - INTERVAL 1 HOUR, UTC_TIMESTAMP())`);
  await q(`INSERT INTO status_updates (event_id, phase, body_fr, body_nl, body_en, created_utc) VALUES
    (?, 'investigating', 'Les SMS partent lentement.', 'Sms''jes vertrekken traag.', 'Texts go out slowly.', UTC_TIMESTAMP() - INTERVAL 1 HOUR),
    (?, 'identified', 'Le fournisseur a un incident.', 'De leverancier heeft een storing.', 'The provider has an incident.', UTC_TIMESTAMP())`,
  [e.insertId, e.insertId]);
  const m = await q(`INSERT INTO status_events (kind, components, impact, starts_utc, ends_utc, created_utc, updated_utc)
    VALUES ('maintenance', 'reservation,personnel', 'down', UTC_TIMESTAMP() + INTERVAL 2 DAY, UTC_TIMESTAMP() + INTERVAL 2 DAY + INTERVAL 2 HOUR,
            UTC_TIMESTAMP(), UTC_TIMESTAMP())`);
  await q(`INSERT INTO status_updates (event_id, phase, body_fr, body_de, created_utc)
    VALUES (?, 'scheduled', 'Mise à jour de la base de données.', 'Aktualisierung der Datenbank.', UTC_TIMESTAMP())`, [m.insertId]);
  await q('UPDATE status_version SET v = v + 1 WHERE id = 1');
  browser = await chromium.launch({ executablePath: EXECUTABLE, headless: true, args: ARGS });
});

after(async () => {
  if (browser) await browser.close();
  await q('DELETE FROM status_subscribers WHERE email LIKE ?', [`${TAG}%`]);
  await reset();
  await closeDb();
});

async function axe(page, label, problems, lang = 'fr') {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  for (const v of result.violations) {
    problems.push(`${label}: [${v.impact}] ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  }
  assert.equal(await page.getAttribute('html', 'lang'), lang, `${label}: lang`);
  assert.equal(await page.locator('h1').count(), 1, `${label}: one h1`);
}

test('the status page in four languages, the subscription and its links on a phone: axe finds nothing', async () => {
  const ctx = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, locale: 'fr-FR' });
  const page = await ctx.newPage();
  const problems = [];
  try {
    for (const [lang, title, comment] of [
      ['fr', 'État du service', 'Le fournisseur a un incident.'],
      ['nl', 'Status van de dienst', 'De leverancier heeft een storing.'],
      ['de', 'Dienststatus', 'Le fournisseur a un incident.'],
      ['en', 'Service status', 'The provider has an incident.'],
    ]) {
      const resp = await page.goto(`/statut?lang=${lang}`);
      assert.equal(resp.status(), 200);
      assert.equal((await page.textContent('h1')).trim(), title);
      assert.match(await page.textContent('main'), new RegExp(comment.replace('.', '\\.')));
      assert.equal(await page.locator('.status-banner').count(), 1, `${lang}: the banner`);
      await axe(page, `/statut in ${lang}`, problems, lang);
    }
    await page.goto('/statut?lang=fr');
    // The subscription form's error state, then the form sent.
    await page.fill('#email', 'pas-une-adresse');
    await Promise.all([page.waitForLoadState(), page.click('form[action="/statut/abonnement"] button[type=submit]')]);
    assert.match(await page.textContent('main'), /Le formulaire contient des erreurs/);
    assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'true');
    await axe(page, 'subscription form with errors', problems);
    const email = `${TAG}.abonne@example.org`;
    await page.fill('#email', email);
    await Promise.all([page.waitForURL(/abonnement=1/), page.click('form[action="/statut/abonnement"] button[type=submit]')]);
    assert.match(await page.textContent('main'), /Un courriel de confirmation vient de partir/);
    await axe(page, 'subscription sent', problems);
    const msg = await poll(async () => one("SELECT body FROM outbox WHERE kind = 'status_confirm' AND recipient = ? ORDER BY id DESC LIMIT 1", [email]), { what: 'the confirmation email' });
    const link = new URL(msg.body.match(/https?:\/\/\S+\/statut\/confirmer\?t=[0-9a-f]{64}/)[0]);
    await page.goto(link.pathname + link.search);
    await axe(page, 'confirmation page', problems);
    await Promise.all([page.waitForLoadState(), page.click('form[action="/statut/confirmer"] button[type=submit]')]);
    assert.match(await page.textContent('main'), /Votre abonnement est confirmé/);
    await axe(page, 'subscription confirmed', problems);
    const sub = await one('SELECT id FROM status_subscribers WHERE email = ? AND confirmed_utc IS NOT NULL', [email]);
    assert.ok(sub, 'confirmed');
    // The unsubscribe link of a notice (its MAC as the notice has it).
    const notice = appHmac('status-unsubscribe', `s${sub.id}`).slice(0, 32);
    await page.goto(`/statut/desabonner?a=s${sub.id}&m=${notice}`);
    assert.match(await page.textContent('main'), /Vous ne recevrez plus les avis/);
    await axe(page, 'unsubscribe page', problems);
    await Promise.all([page.waitForLoadState(), page.click('form[action="/statut/desabonner"] button[type=submit]')]);
    assert.match(await page.textContent('main'), /C'est fait/);
    await axe(page, 'unsubscribed', problems);
    // The banner on another public page.
    await page.goto('/faq');
    assert.equal(await page.locator('.status-banner').count(), 1);
    await axe(page, 'a public page with the banner', problems);
  } finally {
    await ctx.close();
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});

test("the technical staff's page and its error state: axe finds nothing", async () => {
  const email = await ensureTechAccount();
  const ctx = await browser.newContext({ baseURL: BASE_URL, locale: 'fr-FR' });
  const page = await ctx.newPage();
  const problems = [];
  try {
    await browserSignIn(page, email);
    await page.goto('/agent/statut');
    assert.equal((await page.textContent('h1')).trim(), 'État du service');
    assert.equal(await page.locator('.status-banner').count(), 1, 'the banner on a staff page');
    await axe(page, 'staff status page', problems);
    // No French comment: the error state, the values kept.
    await page.fill('#d-commentaire_nl', 'Alleen Nederlands');
    await Promise.all([page.waitForLoadState(), page.click('form[action="/agent/statut"] button[type=submit]')]);
    assert.match(await page.textContent('main'), /Le formulaire contient des erreurs/);
    assert.equal(await page.inputValue('#d-commentaire_nl'), 'Alleen Nederlands');
    await axe(page, 'staff status page with errors', problems);
    // The maintenance form's errors.
    await page.fill('#m-debut', '2099-01-02');
    await page.fill('#m-debut_heure', '22:00');
    await page.fill('#m-fin', '2099-01-02');
    await page.fill('#m-fin_heure', '21:00');
    await Promise.all([page.waitForLoadState(), page.click('form[action="/agent/statut/maintenance"] button[type=submit]')]);
    assert.match(await page.textContent('main'), /La fin doit venir après le début/);
    await axe(page, 'maintenance form with errors', problems);
    // A declaration that works.
    await page.selectOption('#d-etat_sms', 'auto');
    await page.selectOption('#d-phase', 'resolved');
    await page.fill('#d-commentaire_fr', 'Les SMS repartent normalement.');
    await Promise.all([page.waitForURL(/fait=etat/), page.click('form[action="/agent/statut"] button[type=submit]')]);
    assert.match(await page.textContent('main'), /L'état du service est enregistré/);
    await axe(page, 'staff status page after a declaration', problems);
  } finally {
    await ctx.close();
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});
