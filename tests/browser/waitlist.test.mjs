// waitlist.test.mjs (browser) — the waiting list's pages on a phone, with
// axe-core (WCAG 2.1 A/AA): the join form, its errors, the code page and a
// wrong code, the entry's page, an offer (made by the stack's worker) and
// the page of an offer that is gone. The form works without JavaScript.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { BASE_URL, birthDate, letters, uniqueEmail } from '../lib/client.mjs';
import { clearRateLimits, closeDb, one, poll, q } from '../lib/db.mjs';

const EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PROC = 'MAIRE';
const SITE = 3;
const COMMUNE = 2;
let browser, saved, day;

before(async () => {
  await clearRateLimits();
  saved = await one('SELECT quiet_from_hour, quiet_to_hour FROM communes WHERE id = ?', [COMMUNE]);
  await q('UPDATE communes SET quiet_from_hour = 0, quiet_to_hour = 0 WHERE id = ?', [COMMUNE]);
  const r = await one(`SELECT DATE_FORMAT(CONVERT_TZ(s.start_utc, 'UTC', 'Europe/Paris'), '%d/%m/%Y') AS d FROM slots s
      WHERE s.device_id = 7 AND s.start_utc > UTC_TIMESTAMP() + INTERVAL 3 DAY AND s.cap_regular > s.booked_regular
      ORDER BY s.start_utc LIMIT 1`);
  day = r.d;
  browser = await chromium.launch({ executablePath: EXECUTABLE, headless: true, args: ARGS });
});

after(async () => {
  if (browser) await browser.close();
  await q('UPDATE communes SET quiet_from_hour = ?, quiet_to_hour = ? WHERE id = ?', [saved.quiet_from_hour, saved.quiet_to_hour, COMMUNE]);
  await q(`UPDATE waitlist SET status = 'left', ended_utc = UTC_TIMESTAMP() WHERE contact_email LIKE 'wbrowser.%'
           AND status IN ('pending_code', 'active', 'offered')`);
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

test('the waiting list on a phone: axe finds nothing on any state', async () => {
  const ctx = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, locale: 'fr-FR' });
  const page = await ctx.newPage();
  const problems = [];
  try {
    let resp = await page.goto(`${BASE_URL}/liste?procedure=${PROC}&personnes=1&site=${SITE}`);
    assert.equal(resp.status(), 200);
    await axe(page, 'join form', problems);
    // Errors: nothing typed.
    await page.fill('#du', '');
    await page.click('button[type=submit]');
    await page.waitForLoadState();
    assert.match(await page.textContent('body'), /Le formulaire contient des erreurs/);
    await axe(page, 'join form with errors', problems);
    // Joined.
    const email = uniqueEmail('wbrowser');
    await page.fill('#du', day);
    await page.fill('#au', day);
    await page.fill('#nom_1', letters(8));
    await page.fill('#prenoms_1', letters(6));
    await page.fill('#naissance_1', birthDate());
    await page.fill('#email', email);
    await page.check('#canal-email');
    await page.check('#consentement');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/liste\/[A-Z0-9]{8}\/code\?h=/);
    await axe(page, 'code page', problems);
    const ref = page.url().match(/\/liste\/([A-Z0-9]{8})\//)[1];
    await page.fill('#code', '000000');
    await page.click('button[type=submit]');
    await page.waitForLoadState();
    await axe(page, 'code page, wrong code', problems);
    const row = await one(`SELECT o.body FROM outbox o JOIN waitlist w ON o.idem_key LIKE CONCAT('wait_code:', w.id, ':%')
                            WHERE w.ref = ? ORDER BY o.id DESC LIMIT 1`, [ref]);
    const code = String(row.body).match(/(?<!\d)(\d{6})(?!\d)/)[1];
    if (code !== '000000') {
      await page.fill('#code', code);
      await page.click('button[type=submit]');
    }
    await page.waitForURL(/\/liste\/[A-Z0-9]{8}\?t=/);
    assert.match(await page.textContent('body'), /Vous êtes inscrit sur la liste d'attente/);
    await axe(page, 'entry page', problems);
    // The worker offers the free time of that day.
    const offer = await poll(() => one(`SELECT o.id, o.booking_id FROM waitlist_offers o JOIN waitlist w ON w.id = o.waitlist_id
                                          WHERE w.ref = ? ORDER BY o.id DESC LIMIT 1`, [ref]), { timeoutMs: 25000, what: 'an offer' });
    const msg = await poll(() => one('SELECT body FROM outbox WHERE idem_key = ?', [`wait_offer:${offer.id}:email`]), { what: 'the offer message' });
    const link = String(msg.body).match(/https?:\/\/[^\s]+\/liste\/[A-Z0-9]{8}\/offre\/\d+\?t=[0-9a-f]{24}/)[0];
    resp = await page.goto(link.replace(/^https?:\/\/[^/]+/, BASE_URL));
    assert.equal(resp.status(), 200);
    assert.match(await page.textContent('body'), /Un rendez-vous s'est libéré pour vous/);
    await axe(page, 'offer page', problems);
    // It runs out: whoever clicks is told.
    await q('UPDATE bookings SET hold_expires_utc = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE id = ?', [offer.booking_id]);
    await poll(async () => (await one('SELECT status FROM waitlist_offers WHERE id = ?', [offer.id])).status === 'expired',
      { timeoutMs: 25000, what: 'the offer expired' });
    resp = await page.goto(link.replace(/^https?:\/\/[^/]+/, BASE_URL));
    assert.equal(resp.status(), 410);
    assert.match(await page.textContent('body'), /Ce créneau a déjà été pris/);
    await axe(page, 'offer gone', problems);
  } finally {
    await ctx.close();
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('without JavaScript the form shows and posts', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
  const page = await ctx.newPage();
  try {
    const resp = await page.goto(`${BASE_URL}/liste?procedure=${PROC}&personnes=1&site=${SITE}`);
    assert.equal(resp.status(), 200);
    await page.click('button[type=submit]');
    await page.waitForLoadState();
    assert.match(await page.textContent('body'), /Le formulaire contient des erreurs/);
  } finally {
    await ctx.close();
  }
});
