// urgency.test.mjs (browser) — the urgent appointments' pages with
// axe-core (WCAG 2.1 A/AA), on a phone and without JavaScript for the
// public: the request form, its errors, the code page and a wrong code,
// the request's page while it waits, once granted and once refused; for
// the staff: the queue, a request with its urgent times, with none that
// day, the agent booking form on the urgent level with its reason missing,
// the free times for a party of minors, and the quota grid with its
// "reserved for minors" column.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { BASE_URL, letters, uniqueEmail } from '../lib/client.mjs';
import { clearRateLimits, closeDb, one, q } from '../lib/db.mjs';
import { ACCOUNTS, browserSignIn, freeRunAt } from '../lib/staff.mjs';

const EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
let browser, run, day;
const refs = [];

function frOf(utc) {
  const s = new Date(utc.replace(' ', 'T') + 'Z').toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
  return s; // DD/MM/YYYY
}

before(async () => {
  await clearRateLimits();
  // A free urgent time in Annecy, for the grant.
  run = await freeRunAt({ level: 'urgent', deviceIds: [1, 2], minHours: 30, among: 20 });
  const r = await one('SELECT start_utc FROM slots WHERE id = ?', [run.id]);
  day = frOf(typeof r.start_utc === 'string' ? r.start_utc : r.start_utc.toISOString().slice(0, 19).replace('T', ' '));
  browser = await chromium.launch({ executablePath: EXECUTABLE, headless: true, args: ARGS });
});

after(async () => {
  if (browser) await browser.close();
  // The bookings granted here are cancelled (their places given back).
  for (const ref of refs) {
    const b = await one('SELECT booking_id FROM urgency_requests WHERE ref = ?', [ref]);
    if (b && b.booking_id) {
      await q(`UPDATE slots s JOIN booking_slots bs ON bs.slot_id = s.id SET s.booked_urgent = s.booked_urgent - 1
                WHERE bs.booking_id = ? AND s.booked_urgent > 0`, [b.booking_id]);
      await q('DELETE FROM booking_slots WHERE booking_id = ?', [b.booking_id]);
      await q('DELETE FROM person_locks WHERE booking_id = ?', [b.booking_id]);
      await q("UPDATE bookings SET status = 'cancelled', cancelled_by = 'commune', cancelled_utc = UTC_TIMESTAMP() WHERE id = ?", [b.booking_id]);
    }
  }
  await closeDb();
});

async function axe(page, label, problems) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  for (const v of result.violations) {
    problems.push(`${label}: [${v.impact}] ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  }
  assert.equal(await page.locator('h1').count(), 1, `${label}: one h1`);
}

async function codeOf(ref) {
  const r = await one(`SELECT o.body FROM outbox o JOIN urgency_requests u ON o.idem_key LIKE CONCAT('urg_code:', u.id, ':%')
                        WHERE u.ref = ? ORDER BY o.id DESC LIMIT 1`, [ref]);
  return String(r.body).match(/(?<!\d)(\d{6})(?!\d)/)[1];
}

/** Fills and sends the public form, then the code: returns {ref, statusUrl}. */
async function ask(page, label, problems, { withErrors = false, motif = 'expiring' } = {}) {
  let resp = await page.goto(`${BASE_URL}/urgence?procedure=CNI&site=1`);
  assert.equal(resp.status(), 200);
  if (withErrors) {
    await axe(page, `${label}: form`, problems);
    await page.click('button[type=submit]');
    await page.waitForLoadState();
    assert.match(await page.textContent('body'), /Le formulaire contient des erreurs/);
    await axe(page, `${label}: form with errors`, problems);
  }
  await page.selectOption('#site', '1');
  await page.check(`#motif-${motif}`);
  await page.fill('#echeance', day);
  await page.fill('#explication', 'Passeport expiré, voyage professionnel');
  await page.fill('#nom_1', letters(9));
  await page.fill('#prenoms_1', letters(7));
  await page.fill('#naissance_1', '14/07/1985');
  await page.fill('#email', uniqueEmail('urgbrowser'));
  await page.check('#canal-email');
  await page.check('#consentement');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/urgence\/[A-Z0-9]{8}\/code/);
  const ref = page.url().match(/\/urgence\/([A-Z0-9]{8})\/code/)[1];
  refs.push(ref);
  if (withErrors) {
    await axe(page, `${label}: code page`, problems);
    await page.fill('#code', '000000' === (await codeOf(ref)) ? '111111' : '000000');
    await page.click('button[type=submit]');
    await page.waitForLoadState();
    assert.match(await page.textContent('body'), /Ce code n'est pas le bon/);
    await axe(page, `${label}: code page, wrong code`, problems);
  }
  await page.fill('#code', await codeOf(ref));
  await page.click('button[type=submit]');
  await page.waitForURL(/\/urgence\/[A-Z0-9]{8}\?t=/);
  assert.match(await page.textContent('body'), /La mairie étudie votre demande/);
  return { ref, statusUrl: page.url().replace(/&.*$/, '') };
}

test('the request form works without JavaScript', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
  try {
    const page = await ctx.newPage();
    page.setDefaultTimeout(20000);
    await page.goto(`${BASE_URL}/urgence`);
    await page.click('button[type=submit]');
    await page.waitForLoadState();
    assert.match(await page.textContent('body'), /Le formulaire contient des erreurs/);
    await ask(page, 'no-JS', [], { motif: 'health', noAxe: true });
  } finally {
    await ctx.close();
  }
});

test('urgent requests: public pages (phone) and staff pages, axe finds nothing', async () => {
  const problems = [];
  const pub = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true,
    locale: 'fr-FR' });
  const staff = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  try {
    const page = await pub.newPage();
    page.setDefaultTimeout(20000);
    // From the home page and the FAQ.
    await page.goto(`${BASE_URL}/`);
    assert.equal(await page.locator('a[href="/urgence"]').count() > 0, true, 'linked from the home page');
    await page.goto(`${BASE_URL}/faq`);
    assert.equal(await page.locator('a[href="/urgence"]').count() > 0, true, 'linked from the FAQ');
    const a = await ask(page, 'public', problems, { withErrors: true });
    await axe(page, 'public: request waiting', problems);
    const b = await ask(page, 'second', problems, { motif: 'travel' });

    const sp = await staff.newPage();
    sp.setDefaultTimeout(20000);
    await browserSignIn(sp, ACCOUNTS.agentAnnecy);
    await sp.goto(`${BASE_URL}/agent/urgences`);
    assert.ok((await sp.textContent('body')).includes(a.ref));
    await axe(sp, 'staff: queue', problems);
    // A day without urgent times (far past the horizon).
    await sp.goto(`${BASE_URL}/agent/urgences/${a.ref}?jour=01/01/2099`);
    assert.match(await sp.textContent('body'), /Aucun créneau d'urgence libre ce jour-là/);
    await axe(sp, 'staff: request, no urgent time', problems);
    await sp.goto(`${BASE_URL}/agent/urgences/${a.ref}?jour=${encodeURIComponent(day)}`);
    await axe(sp, 'staff: request with urgent times', problems);
    await sp.click('form[action$="/accorder"] button[type=submit]');
    await sp.waitForURL(/\/agent\/urgences\?fait=accordee/);
    assert.match(await sp.textContent('body'), /Le rendez-vous urgent est accordé/);
    await axe(sp, 'staff: queue after a grant', problems);
    await sp.goto(`${BASE_URL}/agent/urgences/${a.ref}`);
    await axe(sp, 'staff: granted request', problems);
    // Refusal: the reason missing, then given.
    await sp.goto(`${BASE_URL}/agent/urgences/${b.ref}`);
    await sp.click('form[action$="/refuser"] button[type=submit]');
    await sp.waitForLoadState();
    assert.match(await sp.textContent('body'), /Ce champ est obligatoire/);
    await axe(sp, 'staff: refusal without a reason', problems);
    await sp.fill('#motif', 'Le justificatif de voyage manque.');
    await sp.click('form[action$="/refuser"] button[type=submit]');
    await sp.waitForURL(/\/agent\/urgences\?fait=refusee/);
    await sp.goto(`${BASE_URL}/agent/urgences/${b.ref}`);
    await axe(sp, 'staff: refused request', problems);

    await page.goto(a.statusUrl);
    assert.match(await page.textContent('body'), /La mairie vous a accordé un rendez-vous urgent/);
    await axe(page, 'public: request granted', problems);
    await page.goto(b.statusUrl);
    assert.match(await page.textContent('body'), /Le justificatif de voyage manque/);
    await axe(page, 'public: request refused', problems);

    // The agent booking form on the urgent level: the reason is asked for.
    const free = await freeRunAt({ level: 'urgent', communeId: 1, minHours: 30, among: 20 });
    await sp.goto(`${BASE_URL}/agent/reserver?creneau=${free.id}&procedure=CNI&personnes=1&niveau=urgent`);
    assert.equal(await sp.locator('#motif_urgence').count(), 1);
    await axe(sp, 'staff: urgent booking form', problems);
    await sp.fill('#nom_1', letters(9));
    await sp.fill('#prenoms_1', letters(7));
    await sp.fill('#naissance_1', '14/07/1985');
    await sp.click('form[action="/agent/reserver"] button[type=submit]');
    await sp.waitForLoadState();
    assert.match(await sp.textContent('body'), /Indiquez le motif de l'urgence/);
    await axe(sp, 'staff: urgent booking form, reason missing', problems);
    // Free times for a party of minors.
    await sp.goto(`${BASE_URL}/agent/creneaux?procedure=CNI&personnes=1&mineurs=1`);
    assert.equal(await sp.isChecked('#mineurs'), true);
    await axe(sp, 'staff: free times for minors', problems);

    // The quota grid with its minors column (an administrator).
    const ap = await staff.newPage();
    ap.setDefaultTimeout(20000);
    await ap.context().clearCookies();
    await browserSignIn(ap, ACCOUNTS.cadmin);
    await ap.goto(`${BASE_URL}/agent/planning/1`);
    assert.equal(await ap.locator('#r0_mineurs').count(), 1);
    await axe(ap, 'staff: quota grid with the minors column', problems);
  } finally {
    await pub.close();
    await staff.close();
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});
