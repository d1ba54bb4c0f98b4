// noshow.test.mjs (browser) — absence letters in Chromium: the commune
// administrator picks "letter" on the settings page (a bad value first, its
// error state), an agent opens a booking noted absent with the person's
// past absences, prints its letter and the day's batch; axe-core (WCAG 2.1
// A/AA) on every page and state, and in print each letter is a page of its
// own without the staff navigation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { BASE_URL, person, uniqueEmail } from '../lib/client.mjs';
import { bookingByRef, closeDb, one, q } from '../lib/db.mjs';
import { ACCOUNTS, COMMUNE, DEVICE, browserSignIn, freeRunAt, localParts, signIn, staffBookOk, staffPost } from '../lib/staff.mjs';

const EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser;
let saved;

before(async () => {
  await q('DELETE FROM rate_events');
  saved = (await one('SELECT noshow_notice FROM communes WHERE id = ?', [COMMUNE.annecy])).noshow_notice;
  browser = await chromium.launch({ executablePath: EXECUTABLE, headless: true, args: ARGS });
});

after(async () => {
  if (browser) await browser.close();
  await q('UPDATE communes SET noshow_notice = ? WHERE id = ?', [saved, COMMUNE.annecy]);
  await closeDb();
});

async function axeReport(page, label) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const v = result.violations;
  if (!v.length) return '';
  return `axe: ${v.length} violation(s) on ${label} (${page.url()}):\n` + v.map((x) => `  [${x.impact}] ${x.id}: ${x.help}\n` +
    x.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`).join('\n')).join('\n');
}

/** Two past absences of one person at Annecy, and their new booking. */
async function absences(agent) {
  const p = person();
  const refs = [];
  for (let i = 0; i < 2; i++) {
    const run = await freeRunAt({ deviceIds: [DEVICE.annecyDr1, DEVICE.annecyDr2] });
    const { ref } = await staffBookOk(agent, { slotId: run.id, persons: [{ ...p, predemande: person().predemande }], email: uniqueEmail('nsb') });
    const b = await bookingByRef(ref);
    await q('UPDATE bookings SET start_utc = UTC_TIMESTAMP() - INTERVAL 1 HOUR, end_utc = UTC_TIMESTAMP() - INTERVAL 45 MINUTE WHERE id = ?', [b.id]);
    await q('UPDATE person_locks SET ends_utc = UTC_TIMESTAMP() - INTERVAL 45 MINUTE WHERE booking_id = ?', [b.id]);
    assert.equal((await staffPost(agent, `/agent/rdv/${ref}/pointage`, { etape: 'noshow' })).status, 303);
    refs.push(ref);
  }
  const run = await freeRunAt({ deviceIds: [DEVICE.annecyDr1, DEVICE.annecyDr2] });
  const { ref: next } = await staffBookOk(agent, { slotId: run.id, persons: [{ ...p, predemande: person().predemande }], email: uniqueEmail('nsn') });
  return { refs, next };
}

test('settings, a booking with past absences, its letter and the day\'s letters: axe-clean; one page per letter in print', async () => {
  const a11y = [];
  const errors = [];
  const context = await browser.newContext({ baseURL: BASE_URL, locale: 'fr-FR', viewport: { width: 1024, height: 768 } });
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) errors.push(m.text()); });
  const check = async (l) => {
    assert.equal(await page.getAttribute('html', 'lang'), 'fr', `${l}: lang`);
    assert.equal(await page.locator('h1').count(), 1, `${l}: one h1`);
    const r = await axeReport(page, l);
    if (r) a11y.push(r);
  };
  try {
    // The administrator: a bad value (the radio's value changed in the page), then "letter".
    await browserSignIn(page, ACCOUNTS.cadmin);
    await page.goto(`/agent/parametres?commune=${COMMUNE.annecy}#absences`);
    await check('settings');
    await page.evaluate(() => { const r = document.querySelector('#prevenir-deux'); r.value = 'pigeon'; r.checked = true; });
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/agent/parametres/absences"] button[type="submit"]').click()]);
    assert.match(await page.locator('main').innerText(), /Choisissez comment la personne absente est prévenue/);
    await check('settings, error');
    await page.check('#prevenir-lettre');
    await Promise.all([page.waitForURL(/absences=1/), page.locator('form[action="/agent/parametres/absences"] button[type="submit"]').click()]);
    assert.match(await page.locator('main').innerText(), /Choix enregistré/);
    assert.ok(await page.isChecked('#prevenir-lettre'));
    await check('settings, saved');

    // The agent: the new booking shows the two absences; the absent one, its letter.
    const agent = await signIn(ACCOUNTS.agentAnnecy);
    const { refs, next } = await absences(agent);
    await context.clearCookies();
    await browserSignIn(page, ACCOUNTS.agentAnnecy);
    await page.goto(`/agent/rdv/${next}`);
    assert.match(await page.locator('main').innerText(), /absent\(e\) à 2 autres rendez-vous/);
    await check('booking with past absences');
    await page.goto(`/agent/rdv/${refs[1]}`);
    await check('booking noted absent');
    await Promise.all([page.waitForURL(/\/absence$/), page.locator(`main a[href="/agent/rdv/${refs[1]}/absence"]`).click()]);
    assert.equal(await page.locator('article.letter').count(), 1);
    await check('letter');
    const day = localParts((await bookingByRef(refs[0])).start_utc).isoDay;
    await page.goto(`/agent/absences?jour=${day}`);
    assert.ok(await page.locator('article.letter').count() >= 2);
    await check('day\'s letters');
    // Printed: no navigation, a page break after each letter but the last.
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => {
      const ls = [...document.querySelectorAll('article.letter')];
      const nav = document.querySelector('.site-header nav');
      return { breaks: ls.map((l) => getComputedStyle(l).breakAfter), nav: nav ? getComputedStyle(nav).display : 'none' };
    });
    assert.equal(printed.nav, 'none', 'no navigation on paper');
    assert.deepEqual(printed.breaks.slice(0, -1).filter((b) => b !== 'page'), [], `a page per letter: ${printed.breaks}`);
    await page.emulateMedia({ media: 'screen' });
    // A bad day: the error page.
    const bad = await page.goto('/agent/absences?jour=99/99/2026');
    assert.equal(bad.status(), 400);
    await check('day\'s letters, bad day');
    assert.deepEqual(errors, []);
    assert.deepEqual(a11y, [], a11y.join('\n'));
  } finally {
    await context.close();
  }
});
