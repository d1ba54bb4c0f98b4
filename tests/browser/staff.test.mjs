// staff.test.mjs (browser) — the staff side in Chromium, on a desktop
// (1280x800) and a counter tablet (1024x768): an agent signs in, opens an
// agenda (day and week), books for a caller (with a first mistake), and the
// commune administrator opens the quota grid and registers a webhook (a
// refused address first, the secret shown, its log). axe-core (WCAG 2.1 A/AA) on
// every page, with zero violations.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { BASE_URL, birthDate, letters } from '../lib/client.mjs';
import { bookingByRef, closeDb, q } from '../lib/db.mjs';
import { ACCOUNTS, DEVICE, PASSWORD, browserSignIn, freeRunAt, localParts } from '../lib/staff.mjs';

const EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser;

before(async () => {
  await q('DELETE FROM rate_events');
  browser = await chromium.launch({ executablePath: EXECUTABLE, headless: true, args: ARGS });
});

after(async () => {
  if (browser) await browser.close();
  await closeDb();
});

async function axeReport(page, label) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const v = result.violations;
  if (!v.length) return '';
  const lines = v.map((x) => `  [${x.impact}] ${x.id}: ${x.help} (${x.helpUrl})\n` +
    x.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`).join('\n'));
  return `axe: ${v.length} violation(s) on ${label} (${page.url()}):\n${lines.join('\n')}`;
}

async function checkPage(page, label) {
  assert.equal(await page.getAttribute('html', 'lang'), 'fr', `${label}: lang="fr"`);
  assert.ok((await page.title()).length > 0, `${label}: a title`);
  assert.equal(await page.locator('h1').count(), 1, `${label}: one h1`);
}

async function signIn(page, email) {
  await browserSignIn(page, email);
  await page.waitForURL(/\/agent\/$/);
}

async function session(contextOptions, label) {
  const context = await browser.newContext({ baseURL: BASE_URL, locale: 'fr-FR', ...contextOptions });
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  const a11y = [];
  const errors = [];
  const overflow = [];
  const check = async (l) => {
    await checkPage(page, `${label} ${l}`);
    // Usable at the counter: nothing wider than the screen (wide tables scroll in their own box).
    const w = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    if (w[0] > w[1] + 1) overflow.push(`${l}: page ${w[0]} px wide in a ${w[1]} px window`);
    const r = await axeReport(page, `${label} ${l}`);
    if (r) a11y.push(r);
  };
  page.on('console', (m) => { if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) errors.push(m.text()); });
  page.on('response', (r) => {
    // The deliberate 401 and 422 of the forms with an error are expected.
    if (r.status() >= 400 && !([401, 422].includes(r.status()) && r.request().resourceType() === 'document')) errors.push(`HTTP ${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    // 1. Sign-in page, a wrong password first.
    await page.goto('/agent/connexion');
    await check('sign-in');
    await page.fill('#email', ACCOUNTS.agentAnnecy);
    await page.fill('#mot_de_passe', 'pas-le-bon-mot-de-passe');
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/agent/connexion"] button[type="submit"]').click()]);
    assert.match(await page.locator('main').innerText(), /mot de passe incorrect/);
    assert.equal(await page.inputValue('#email'), ACCOUNTS.agentAnnecy, 'the email is kept');
    await check('sign-in error');
    await page.fill('#mot_de_passe', PASSWORD);
    await Promise.all([page.waitForURL(/\/agent\/$/), page.locator('form[action="/agent/connexion"] button[type="submit"]').click()]);
    await check('home');

    // 2. The agenda of DR 1, a day with slots, then the week.
    const run = await freeRunAt({ deviceIds: [DEVICE.annecyDr1], minHours: 24 });
    const day = localParts(run.start_utc).isoDay;
    await Promise.all([page.waitForURL(/\/agent\/agenda\/1/), page.locator('main a[href="/agent/agenda/1"]').click()]);
    await check('agenda today');
    await page.fill('#jour', day);
    await Promise.all([page.waitForURL(new RegExp(`jour=${day}`)), page.locator('form[action="/agent/agenda/1"] button[type="submit"]').click()]);
    assert.ok(await page.locator('table.agenda tbody tr').count() > 0, 'slots of the day');
    await check('agenda day');
    await Promise.all([page.waitForURL(/vue=semaine/), page.locator('nav.pager a[href*="vue=semaine"]').last().click()]);
    await check('agenda week');

    // 3. Book for a caller: free times, the form, a mistake, then right.
    await Promise.all([page.waitForURL(/\/agent\/creneaux/), page.locator('header a[href="/agent/creneaux"]').click()]);
    await check('free times');
    await page.selectOption('#procedure', 'CNI');
    await page.selectOption('#niveau', 'regular');
    await page.fill('#jour', day);
    await Promise.all([page.waitForURL(new RegExp(`jour=${day}`)), page.locator('form[action="/agent/creneaux"] button[type="submit"]').click()]);
    await check('free times of the day');
    const link = page.locator(`main a[href^="/agent/reserver?creneau=${run.id}&"]`);
    assert.equal(await link.count(), 1, `slot ${run.id} offered`);
    await Promise.all([page.waitForURL(/\/agent\/reserver\?/), link.click()]);
    await check('booking form');
    const nom = letters(9);
    const prenoms = letters(7);
    await page.fill('#nom_1', nom);
    await page.fill('#prenoms_1', prenoms);
    await page.fill('#naissance_1', '31/02/1990');
    await page.check('#canal-counter');
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/agent/reserver"] button[type="submit"]').click()]);
    assert.match(await page.locator('main').innerText(), /date valide/);
    assert.equal(await page.inputValue('#nom_1'), nom, 'values kept');
    await check('booking form with errors');
    await page.fill('#naissance_1', birthDate());
    if (!(await page.isChecked('#canal-counter'))) await page.check('#canal-counter');
    await Promise.all([page.waitForURL(/\/agent\/rdv\/[A-Z0-9]{8}\?nouveau=1/), page.locator('form[action="/agent/reserver"] button[type="submit"]').click()]);
    await check('booking');
    const ref = new URL(page.url()).pathname.split('/')[3];
    const b = await bookingByRef(ref);
    assert.equal(b.status, 'confirmed');
    assert.equal(b.channel, 'counter');
    assert.ok((await page.locator('main').innerText()).includes(nom));
    await Promise.all([page.waitForURL(/\/convocation$/), page.locator('main a[href$="/convocation"]').first().click()]);
    await check('convocation');

    // 4. Sign out; the commune administrator opens the quota grid.
    await Promise.all([page.waitForURL(/\/agent\/connexion\?fin=1/), page.locator('form[action="/agent/deconnexion"] button').click()]);
    await check('signed out');
    await signIn(page, ACCOUNTS.cadmin);
    await Promise.all([page.waitForURL(/\/agent\/planning$/), page.locator('header a[href="/agent/planning"]').click()]);
    await check('planning');
    await Promise.all([page.waitForURL(/\/agent\/planning\/1$/), page.locator('main a[href="/agent/planning/1"]').click()]);
    await check('quota grid');
    assert.ok(await page.locator('table.grid tbody tr').count() > 5, 'the grid rows');
    assert.equal(await page.inputValue('#r0_debut'), (await q("SELECT TIME_FORMAT(start_time, '%H:%i') AS t FROM opening_rules WHERE device_id = 1 ORDER BY weekday, start_time LIMIT 1"))[0].t);

    // 5. Webhooks: a refused address, one registered (its secret shown
    // once), its delivery log, then deleted.
    await Promise.all([page.waitForURL(/\/agent\/webhooks$/), page.locator('header a[href="/agent/webhooks"]').click()]);
    await check('webhooks');
    const hookUrl = `http://127.0.0.1:9/hooks/${label}-${Date.now()}`;
    await page.fill('#url', 'http://example.org/hooks');
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/agent/webhooks"] button[type="submit"]').click()]);
    assert.match(await page.locator('.alert').innerText(), /https:\/\//);
    await check('webhooks form with errors');
    await page.fill('#url', hookUrl);
    await page.fill('#description', 'Essai du navigateur');
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/agent/webhooks"] button[type="submit"]').click()]);
    assert.match(await page.locator('#secret').innerText(), /^[0-9a-f]{64}$/);
    await check('webhook secret');
    const hookId = (await q('SELECT id FROM webhooks WHERE url = ?', [hookUrl]))[0].id;
    await Promise.all([page.waitForURL(new RegExp(`/agent/webhooks/${hookId}$`)), page.locator(`main a[href="/agent/webhooks/${hookId}"]`).click()]);
    await check('webhook log');
    await page.goto('/agent/webhooks');
    await Promise.all([page.waitForURL(/\/agent\/webhooks$/), page.locator(`form[action="/agent/webhooks/${hookId}/supprimer"] button`).click()]);
    assert.equal((await q('SELECT id FROM webhooks WHERE id = ?', [hookId])).length, 0);

    assert.equal(a11y.length, 0, `\n${a11y.join('\n')}`);
    assert.deepEqual(overflow, [], 'no horizontal scrolling of the page');
    assert.deepEqual(errors, [], 'no console error nor failed load');
  } finally {
    await context.close();
  }
}

describe('staff side in the browser', () => {
  test('desktop (1280x800)', { timeout: 90000 }, async () => {
    await session({ viewport: { width: 1280, height: 800 } }, 'desktop');
  });

  test('counter tablet (1024x768)', { timeout: 90000 }, async () => {
    await session({ viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: false }, 'tablet');
  });
});
