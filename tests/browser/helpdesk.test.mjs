// helpdesk.test.mjs (browser) — the help desk's pages with axe-core (WCAG
// 2.1 A/AA), in every state: the operator's list (with an overdue and a
// paused ticket) and its new-ticket form (empty, with errors), a ticket's
// page as the operator and as the agent who opened it, the agent's own
// list and form, the groups page (platform, commune administrator), the
// FAQ draft form and the list of entries; the public /faq (all, searched,
// nothing found, thanked after a vote), on a phone too. The pages have no
// script of their own: every form is a plain HTML form (axe itself needs
// the page's JavaScript on, so it stays on).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { BASE_URL, letters } from '../lib/client.mjs';
import { closeDb, one, q } from '../lib/db.mjs';
import { ACCOUNTS, browserSignIn } from '../lib/staff.mjs';

const EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const HELPDESK = 'helpdesk@creneau.demo';
const TAG = letters(6);
let browser;

before(async () => {
  await q("DELETE FROM rate_events WHERE bucket LIKE 'faq%'");
  browser = await chromium.launch({ executablePath: EXECUTABLE, headless: true, args: ARGS });
});

after(async () => {
  if (browser) await browser.close();
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

/** Pages fail fast (a missing element is an error, not a wait). */
function fast(page) {
  page.setDefaultTimeout(15000);
  return page;
}

async function submit(page, selector) {
  await Promise.all([page.waitForLoadState('load'), page.locator(selector).click()]);
  await page.waitForLoadState('load');
}

test('the operator, the agent and the administrators: axe finds nothing on any page or state', { timeout: 300000 }, async () => {
  const problems = [];
  const ctx = await browser.newContext({ baseURL: BASE_URL, locale: 'fr-FR', viewport: { width: 1024, height: 768 } });
  const page = fast(await ctx.newPage());
  try {
    await browserSignIn(page, HELPDESK);
    await page.goto('/agent/assistance/nouveau');
    await axe(page, 'new ticket (operator)', problems);
    // Errors: nothing typed, closed at once without the answer.
    await page.check('#issue_closed');
    await submit(page, 'form[action="/agent/assistance/nouveau"] button[type=submit]');
    assert.match(await page.textContent('body'), /Ce champ est obligatoire/);
    await axe(page, 'new ticket with errors', problems);
    // Open, then a paused one and an overdue one.
    await page.fill('#objet', `Appel ${TAG}`);
    await page.fill('#texte', 'Question posée au téléphone.');
    await page.check('#issue_open');
    await submit(page, 'form[action="/agent/assistance/nouveau"] button[type=submit]');
    assert.match(page.url(), /\/agent\/assistance\/\d+$/);
    const id = Number(page.url().split('/').pop());
    await axe(page, 'ticket (operator)', problems);
    await page.fill('#texte', 'Note interne.');
    await submit(page, `form[action="/agent/assistance/${id}/note"] button[type=submit]`);
    await submit(page, 'button[name=etat][value=waiting]');
    assert.match(await page.textContent('#etat-ticket'), /en attente de l'appelant/);
    await axe(page, 'ticket waiting (clock paused)', problems);
    await q('UPDATE hd_tickets SET created_utc = UTC_TIMESTAMP() - INTERVAL 20 DAY WHERE id = ?', [id]);
    await submit(page, 'button[name=etat][value=open]');
    await page.goto('/agent/assistance');
    assert.match(await page.textContent('body'), /en retard/);
    await axe(page, 'ticket list with an overdue ticket', problems);
    await page.goto(`/agent/assistance?etat=closed&q=${encodeURIComponent('introuvable ' + TAG)}`);
    assert.match(await page.textContent('body'), /Aucun ticket/);
    await axe(page, 'ticket list, nothing found', problems);
    // Resolved: the FAQ draft, then the list of entries.
    await page.goto(`/agent/assistance/${id}`);
    await submit(page, 'button[name=etat][value=resolved]');
    await axe(page, 'ticket resolved (FAQ link)', problems);
    await page.goto(`/agent/assistance/${id}/faq`);
    await axe(page, 'FAQ draft form', problems);
    await page.fill('#question', '');
    await submit(page, `form[action="/agent/assistance/${id}/faq"] button[type=submit]`);
    await axe(page, 'FAQ draft form with errors', problems);
    await page.fill('#question', `Question navigateur ${TAG} ?`);
    await page.fill('#reponse', 'La réponse du navigateur.');
    await submit(page, `form[action="/agent/assistance/${id}/faq"] button[type=submit]`);
    assert.match(page.url(), /\/agent\/faq/);
    await axe(page, 'FAQ entries with the new draft', problems);
    await page.goto('/agent/assistance/groupes');
    await axe(page, 'groups (operator)', problems);

    // The agent of Annecy: its form, its list, its ticket.
    const actx = await browser.newContext({ baseURL: BASE_URL, locale: 'fr-FR', viewport: { width: 1024, height: 768 } });
    const ap = fast(await actx.newPage());
    await browserSignIn(ap, ACCOUNTS.agentAnnecy);
    await ap.goto('/agent/assistance/nouveau');
    await axe(ap, 'new ticket (agent)', problems);
    await submit(ap, 'form[action="/agent/assistance/nouveau"] button[type=submit]');
    await axe(ap, 'new ticket (agent) with errors', problems);
    await ap.fill('#objet', `Agent ${TAG}`);
    await ap.fill('#texte', 'Nos créneaux ne paraissent plus.');
    await submit(ap, 'form[action="/agent/assistance/nouveau"] button[type=submit]');
    await axe(ap, 'ticket (agent who opened it)', problems);
    await ap.goto('/agent/assistance');
    await axe(ap, "agent's list", problems);
    await actx.close();

    // Administrators: the platform's groups and topics, a commune's second line.
    for (const who of [ACCOUNTS.padmin, ACCOUNTS.cadmin]) {
      const c = await browser.newContext({ baseURL: BASE_URL, locale: 'fr-FR', viewport: { width: 1024, height: 768 } });
      const p = fast(await c.newPage());
      await browserSignIn(p, who);
      await p.goto('/agent/assistance/groupes');
      await axe(p, `groups (${who})`, problems);
      await c.close();
    }
  } finally {
    await ctx.close();
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('/faq on a phone: all, searched, nothing found, thanked; axe finds nothing', { timeout: 120000 }, async () => {
  const problems = [];
  const ctx = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, locale: 'fr-FR' });
  const page = fast(await ctx.newPage());
  try {
    let resp = await page.goto(`${BASE_URL}/faq`);
    assert.equal(resp.status(), 200);
    await axe(page, '/faq', problems);
    await page.fill('#q', 'famille');
    await submit(page, 'form[action="/faq"] button[type=submit]');
    assert.match(page.url(), /q=famille/);
    assert.equal(await page.locator('section.faq-entry').count(), 1);
    await axe(page, '/faq searched', problems);
    resp = await page.goto(`${BASE_URL}/faq?q=${encodeURIComponent('rien du tout ' + TAG)}`);
    assert.match(await page.textContent('body'), /Aucune question ne correspond/);
    await axe(page, '/faq nothing found', problems);
    await page.goto(`${BASE_URL}/faq`);
    const first = page.locator('section.faq-entry').first();
    const id = (await first.getAttribute('id')).replace('faq-', '');
    const before = await one('SELECT yes_count FROM faq_entries WHERE id = ?', [id]);
    await submit(page, `form[action="/faq/${id}/avis"] button[value=oui]`);
    assert.match(await page.textContent(`#faq-${id}`), /Merci pour votre avis/);
    assert.equal((await one('SELECT yes_count FROM faq_entries WHERE id = ?', [id])).yes_count, before.yes_count + 1);
    await axe(page, '/faq thanked', problems);
  } finally {
    await ctx.close();
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});
