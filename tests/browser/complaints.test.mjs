// complaints.test.mjs (browser) — the complaints register's pages with
// axe-core (WCAG 2.1 A/AA): the public form on a phone (empty, with its
// errors), the code page (and a wrong code), the page of the registered
// complaint; the staff pages (the register, filtered and empty, the entry
// form and its errors, a complaint's page and an error on it, the
// acknowledgement and reply letters, the subjects page and its error, the
// agents' home with the overdue flag). The public form has no script:
// it works without JavaScript (axe itself needs it, so it is on here).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { BASE_URL, uniqueEmail } from '../lib/client.mjs';
import { closeDb, one, q } from '../lib/db.mjs';
import { ACCOUNTS, browserSignIn } from '../lib/staff.mjs';

const EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TAG = `Brecl${Date.now().toString(36)}`;
let browser;

before(async () => {
  await q("DELETE FROM rate_events WHERE bucket IN ('code_send', 'code_try')");
  browser = await chromium.launch({ executablePath: EXECUTABLE, headless: true, args: ARGS });
});

after(async () => {
  if (browser) await browser.close();
  await q('DELETE FROM complaints WHERE name LIKE ?', [`${TAG}%`]);
  await q('DELETE FROM complaint_subjects WHERE label LIKE ?', [`${TAG}%`]);
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

test('the public complaint form on a phone: axe finds nothing on any state', async () => {
  const ctx = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, locale: 'fr-FR' });
  const page = await ctx.newPage();
  const problems = [];
  try {
    const resp = await page.goto(`${BASE_URL}/reclamation`);
    assert.equal(resp.status(), 200);
    await axe(page, 'form', problems);
    await page.fill('#nom', `${TAG} Public`);
    await page.click('button[type=submit]');
    await page.waitForLoadState();
    assert.match(await page.textContent('body'), /Le formulaire contient des erreurs/);
    assert.equal(await page.inputValue('#nom'), `${TAG} Public`, 'values kept');
    await axe(page, 'form with errors', problems);
    await page.selectOption('#commune', '1');
    await page.fill('#message', 'Personne à l’accueil\nce samedi.');
    await page.fill('#email', uniqueEmail('brecl'));
    await page.check('#canal-email');
    await page.check('#consentement');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/reclamation\/[A-Z0-9]{8}\/code\?h=/);
    await axe(page, 'code page', problems);
    const ref = page.url().match(/\/reclamation\/([A-Z0-9]{8})\//)[1];
    await page.fill('#code', '000000');
    await page.click('button[type=submit]');
    await page.waitForLoadState();
    assert.match(await page.textContent('body'), /Ce code n'est pas le bon|Ce code a expiré/);
    await axe(page, 'code page, wrong code', problems);
    const c = await one('SELECT id FROM complaints WHERE ref = ?', [ref]);
    const m = await one('SELECT body FROM outbox WHERE idem_key LIKE ? ORDER BY id DESC LIMIT 1', [`complaint_code:${c.id}:%`]);
    await page.fill('#code', String(m.body).match(/(?<!\d)(\d{6})(?!\d)/)[1]);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/reclamation\/[A-Z0-9]{8}\?t=/);
    assert.match(await page.textContent('body'), new RegExp(ref));
    await axe(page, 'registered', problems);
  } finally {
    await ctx.close();
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('the staff pages of the register: axe finds nothing on any state', async () => {
  const ctx = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  const page = await ctx.newPage();
  const problems = [];
  try {
    await browserSignIn(page, ACCOUNTS.agentAnnecy);
    await page.goto('/agent/reclamations/nouvelle');
    await axe(page, 'new complaint', problems);
    await page.check('#canal-courrier');
    await page.fill('#nom', `${TAG} Lettre`);
    await page.click('form[action="/agent/reclamations/nouvelle"] button[type=submit]');
    await page.waitForLoadState();
    assert.match(await page.textContent('body'), /Indiquez l'adresse postale/);
    await axe(page, 'new complaint with errors', problems);
    await page.fill('#adresse', '3 place de la Mairie\n74000 Annecy');
    await page.fill('#message', 'Lettre reçue le 2 décembre.');
    await page.click('form[action="/agent/reclamations/nouvelle"] button[type=submit]');
    await page.waitForURL(/\/agent\/reclamations\/[A-Z0-9]{8}\?nouvelle=1/);
    const ref = page.url().match(/\/agent\/reclamations\/([A-Z0-9]{8})/)[1];
    await axe(page, 'complaint page', problems);
    await page.selectOption('#statut', 'repondue');
    await page.click('form[action$="/statut"] button[type=submit]');
    await page.waitForLoadState();
    assert.match(await page.textContent('body'), /quand sa réponse est enregistrée/);
    await axe(page, 'complaint page with an error', problems);
    await page.goto(`/agent/reclamations/${ref}/accuse`);
    await axe(page, 'acknowledgement letter', problems);
    await page.goto(`/agent/reclamations/${ref}`);
    await page.fill('#reponse', 'Nous avons pris note.\nCordialement.');
    await page.check('#mode-courrier');
    await page.click('form[action$="/reponse"] button[type=submit]');
    await page.waitForURL(/fait=courrier/);
    await axe(page, 'complaint page, answered', problems);
    await page.goto(`/agent/reclamations/${ref}/lettre`);
    assert.match(await page.textContent('body'), /Nous avons pris note/);
    await axe(page, 'reply letter', problems);
    await page.goto('/agent/reclamations');
    await axe(page, 'register', problems);
    await page.goto('/agent/reclamations?statut=close&retard=1');
    await axe(page, 'register, filtered (empty)', problems);
    // Overdue: on the home page.
    const other = await one("SELECT ref FROM complaints WHERE name = ?", [`${TAG} Lettre`]);
    await q("UPDATE complaints SET status = 'en_cours', deadline_utc = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE ref = ?", [other.ref]);
    await page.goto('/agent/');
    assert.match(await page.textContent('body'), /dépassé (son|leur) délai de réponse/);
    await axe(page, 'home with overdue complaints', problems);
  } finally {
    await ctx.close();
  }
  const admin = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  const p2 = await admin.newPage();
  try {
    await browserSignIn(p2, ACCOUNTS.cadmin);
    await p2.goto('/agent/reclamations/sujets');
    await axe(p2, 'subjects', problems);
    await p2.fill('#delai', '0');
    await p2.click('form[action="/agent/reclamations/delai"] button[type=submit]');
    await p2.waitForLoadState();
    assert.match(await p2.textContent('body'), /Le formulaire contient des erreurs/);
    await axe(p2, 'subjects with an error', problems);
  } finally {
    await admin.close();
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});
