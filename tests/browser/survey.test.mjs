// survey.test.mjs (browser) — the satisfaction survey's pages with
// axe-core (WCAG 2.1 A/AA), on a phone for the public ones: the form
// reached from the invitation the stack's worker sends, its error state
// (the answers given kept), the thanks page, the "already answered" page,
// /qualite; and the staff pages: the survey settings (and their errors),
// /agent/qualite (and its errors). The pages have no script: plain forms.
// The appointment is seeded at Rumilly (commune 6), its settings restored.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { BASE_URL, uniqueEmail } from '../lib/client.mjs';
import { closeDb, one, poll, q } from '../lib/db.mjs';
import { ACCOUNTS, browserSignIn, linkIn } from '../lib/staff.mjs';
import { deleteBookings, insertBooking, parisDay } from '../lib/stats.mjs';

const EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const COMMUNE = 6;       // Rumilly
const DEVICE = 13;       // its one capture device
let browser, saved, booking, email;

before(async () => {
  saved = await one('SELECT survey_share, survey_delay_hours FROM communes WHERE id = ?', [COMMUNE]);
  await q('UPDATE communes SET survey_share = 100, survey_delay_hours = 2 WHERE id = ?', [COMMUNE]);
  // An appointment this morning, finished three hours ago.
  booking = await insertBooking({ device: DEVICE, start: `${parisDay(0)} 00:15`, attendance: 'finished' });
  email = uniqueEmail('sbrowser');
  await q(`UPDATE bookings SET contact_email = ?, arrived_utc = UTC_TIMESTAMP() - INTERVAL 4 HOUR,
             finished_utc = UTC_TIMESTAMP() - INTERVAL 3 HOUR WHERE id = ?`, [email, booking.id]);
  browser = await chromium.launch({ executablePath: EXECUTABLE, headless: true, args: ARGS });
});

after(async () => {
  if (browser) await browser.close();
  if (saved) {
    await q('UPDATE communes SET survey_share = ?, survey_delay_hours = ? WHERE id = ?',
      [saved.survey_share, saved.survey_delay_hours, COMMUNE]);
  }
  await q('DELETE FROM survey_answers WHERE commune_id = ?', [COMMUNE]);
  await q('DELETE FROM survey_actions WHERE commune_id = 1 AND body LIKE ?', ['Navigateur %']);
  if (booking) {
    await q('DELETE FROM outbox WHERE booking_id = ?', [booking.id]);
    await q('DELETE FROM survey_invites WHERE booking_id = ?', [booking.id]);
    await deleteBookings([booking.id]);
  }
  await closeDb();
});

async function axe(page, label, problems) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  for (const v of result.violations) {
    problems.push(`${label}: [${v.impact}] ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  }
  assert.equal(await page.getAttribute('html', 'lang'), 'fr', `${label}: lang`);
  assert.equal(await page.locator('h1').count(), 1, `${label}: one h1`);
}

test('the survey on a phone: axe finds nothing on any state', { timeout: 120000 }, async () => {
  const msg = await poll(() => one("SELECT body FROM outbox WHERE kind = 'survey' AND booking_id = ?", [booking.id]),
    { timeoutMs: 30000, what: 'the invitation' });
  const link = new URL(linkIn(msg.body, '/avis/'));
  const ctx = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true,
    locale: 'fr-FR' });
  ctx.setDefaultTimeout(15000);
  const page = await ctx.newPage();
  const problems = [];
  try {
    let resp = await page.goto(`${BASE_URL}${link.pathname}${link.search}`);
    assert.equal(resp.status(), 200);
    assert.equal(await page.locator('script').count(), 0, 'no script: the form works without JavaScript');
    await axe(page, 'survey form', problems);
    // Errors: one answer only, and a comment.
    await page.check('#satisfaction-2');
    await page.fill('#commentaire', 'Bon accueil');
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
    const body = await page.textContent('body');
    assert.match(body, /Le formulaire contient des erreurs/);
    assert.match(body, /Choisissez l'une des trois réponses\./);
    assert.ok(await page.isChecked('#satisfaction-2'), 'the answer given is kept');
    assert.equal(await page.inputValue('#commentaire'), 'Bon accueil');
    await axe(page, 'survey form with errors', problems);
    // Answered.
    await page.check('#facilite');
    await page.check('#clarte');
    await page.check('#attente-3');
    await page.check('#appel-non');
    await Promise.all([page.waitForURL(/\/avis\/merci$/), page.click('button[type=submit]')]);
    assert.match(await page.textContent('h1'), /Merci pour votre avis/);
    await axe(page, 'thanks', problems);
    resp = await page.goto(`${BASE_URL}${link.pathname}${link.search}`);
    assert.match(await page.textContent('h1'), /Vous avez déjà répondu/);
    await axe(page, 'already answered', problems);
    const a = await one('SELECT overall, ease, clarity, waiting, called, free_text FROM survey_answers WHERE commune_id = ?', [COMMUNE]);
    assert.deepEqual(a, { overall: 2, ease: 1, clarity: 1, waiting: 3, called: 0, free_text: 'Bon accueil' });
    // The published results.
    resp = await page.goto(`${BASE_URL}/qualite`);
    assert.equal(resp.status(), 200);
    assert.match(await page.textContent('body'), /moins de 20 réponses : résultat non publié/);
    await axe(page, '/qualite', problems);
    await page.selectOption('#trimestre', { index: 1 });
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="/qualite"] button[type=submit]')]);
    assert.match(page.url(), /trimestre=\d{4}-T[1-4]/);
    await axe(page, '/qualite, the previous quarter', problems);
  } finally {
    await ctx.close();
  }
  assert.deepEqual(problems, []);
});

test('the staff pages of the survey: axe finds nothing', { timeout: 120000 }, async () => {
  const ctx = await browser.newContext({ baseURL: BASE_URL, locale: 'fr-FR' });
  ctx.setDefaultTimeout(15000);
  const page = await ctx.newPage();
  const problems = [];
  try {
    await browserSignIn(page, ACCOUNTS.cadmin);
    let resp = await page.goto('/agent/parametres');
    assert.equal(resp.status(), 200);
    await axe(page, 'settings', problems);
    await page.fill('#avis_part', '150');
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="/agent/parametres"] button[type=submit]')]);
    assert.match(await page.textContent('body'), /Saisissez un nombre entre 0 et 100\./);
    assert.equal(await page.inputValue('#avis_part'), '150');
    await axe(page, 'settings with an error', problems);
    resp = await page.goto('/agent/qualite');
    assert.equal(resp.status(), 200);
    await axe(page, '/agent/qualite', problems);
    await page.fill('#actions', 'x'.repeat(2001));
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="/agent/qualite"] button[type=submit]')]);
    assert.match(await page.textContent('body'), /Le texte dépasse 2000 caractères/);
    await axe(page, '/agent/qualite with an error', problems);
    await page.fill('#actions', 'Navigateur : affichage des résultats\nUn guichet de plus le samedi');
    await Promise.all([page.waitForURL(/ok=1/), page.click('form[action="/agent/qualite"] button[type=submit]')]);
    assert.match(await page.textContent('body'), /Actions enregistrées/);
    await axe(page, '/agent/qualite, saved', problems);
  } finally {
    await ctx.close();
  }
  assert.deepEqual(problems, []);
});
