// journey.test.mjs (browser) — the citizen journey in Chromium on a phone
// and a desktop viewport, with axe-core (WCAG 2.1 A/AA) on every page, and
// once with JavaScript disabled.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { BASE_URL, birthDate, letters, uniqueEmail } from '../lib/client.mjs';
import { bookingByRef, clearRateLimits, closeDb, latestCode, q } from '../lib/db.mjs';
import { hold } from '../lib/flow.mjs';

const EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// chromium.launch() always starts with a fresh, temporary user-data dir
// (Playwright refuses --user-data-dir here), removed when it closes.
let browser;

before(async () => {
  await clearRateLimits();
  browser = await chromium.launch({
    executablePath: EXECUTABLE,
    headless: true,
    args: ARGS,
  });
});

after(async () => {
  if (browser) await browser.close();
  await closeDb();
});

/** Runs axe on the page; returns a readable list of the violations ('' if none). */
async function axeReport(page, label) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const v = result.violations;
  if (v.length) {
    const lines = v.map((x) => `  [${x.impact}] ${x.id}: ${x.help} (${x.helpUrl})\n` +
      x.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`).join('\n'));
    return `axe: ${v.length} violation(s) on ${label} (${page.url()}):\n${lines.join('\n')}`;
  }
  return '';
}

/** Every page must be French, titled, with one h1 and no server error. */
async function checkPage(page, label, resp) {
  if (resp) assert.ok(resp.status() < 400, `${label}: HTTP ${resp.status()}`);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr', `${label}: lang="fr"`);
  assert.ok((await page.title()).length > 0, `${label}: a title`);
  assert.equal(await page.locator('h1').count(), 1, `${label}: one h1`);
}

async function journey(contextOptions, label) {
  const context = await browser.newContext({ baseURL: BASE_URL, locale: 'fr-FR', ...contextOptions });
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  // axe runs scripts in the page: impossible with JavaScript disabled (the
  // same pages are checked by the runs with JavaScript).
  // Violations are collected along the journey and reported together at the end.
  const a11y = [];
  const checkA11y = contextOptions.javaScriptEnabled === false ? async () => {}
    : async (p, l) => { const r = await axeReport(p, l); if (r) a11y.push(r); };
  const consoleErrors = [];
  // Map tiles come from the internet, unreachable here: answer them locally.
  await context.route((url) => !url.href.startsWith(BASE_URL), (route) => route.fulfill({
    status: 200, contentType: 'image/png',
    body: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
  }));
  page.on('console', (m) => {
    // Failed loads are reported with their URL by the 'response' handler.
    if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) consoleErrors.push(m.text());
  });
  page.on('response', (r) => {
    // The deliberate 422 of the form with an error and 409 of a time taken
    // meanwhile are expected.
    if (r.status() >= 400 && !([409, 422].includes(r.status()) && r.request().resourceType() === 'document')) {
      consoleErrors.push(`HTTP ${r.status()} ${r.url()}`);
    }
  });
  // ERR_ABORTED: loads cancelled by leaving the page (map tiles), not errors.
  page.on('requestfailed', (r) => { if (!/ERR_ABORTED/.test(r.failure()?.errorText ?? '')) consoleErrors.push(`failed ${r.url()} ${r.failure()?.errorText}`); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  try {
    // 1. Home.
    let resp = await page.goto('/');
    await checkPage(page, `${label} home`, resp);
    await checkA11y(page, `${label} home`);

    // 2. Search by typing a postcode.
    await page.selectOption('#procedure', 'CNI');
    await page.fill('#lieu', '74000');
    await Promise.all([page.waitForURL(/\/recherche\?/), page.locator('#search-form button[type="submit"]').click()]);
    await checkPage(page, `${label} results`);
    // Let the map (JavaScript) finish drawing, so that axe sees it too.
    if (await page.locator('#map').isVisible()) {
      await page.locator('.leaflet-control-attribution').waitFor({ timeout: 5000 }).catch(() => {});
    }
    await checkA11y(page, `${label} results`);
    const siteLink = page.locator('main a[href^="/site/"]').first();
    assert.ok(await siteLink.count(), 'a site link in the results');

    // 3. A site, its days and times.
    await Promise.all([page.waitForURL(/\/site\/\d+/), siteLink.click()]);
    await checkPage(page, `${label} site`);
    await checkA11y(page, `${label} site`);
    const time = page.locator('main a[href^="/reserver?creneau="]').first();
    assert.ok(await time.count(), 'a free time on the site page');

    // 4. The form.
    await Promise.all([page.waitForURL(/\/reserver\?/), time.click()]);
    await checkPage(page, `${label} form`);
    await checkA11y(page, `${label} form`);

    // A first submit with an error shows the error summary (also checked by axe).
    const nom = letters(9);
    const prenoms = letters(7);
    const email = uniqueEmail('browser');
    await page.fill('#nom_1', nom);
    await page.fill('#prenoms_1', prenoms);
    await page.fill('#naissance_1', '31/02/1990');
    await page.fill('#email', email);
    await page.check('#canal-email');
    await page.fill('#domicile', '74000');
    await page.check('#consentement');
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/reserver"] button[type="submit"]').click()]);
    await page.waitForURL(/\/reserver/);
    assert.match(await page.locator('main').innerText(), /date valide/, 'the error is shown');
    assert.equal(await page.inputValue('#nom_1'), nom, 'the values are kept');
    await checkA11y(page, `${label} form with errors`);

    // Someone else takes the time meanwhile: the form comes back with
    // other times of the site, the values kept (also checked by axe).
    const taken = await hold({ slotId: Number(await page.inputValue('input[name="creneau"]')) });
    await page.fill('#naissance_1', birthDate());
    if (!(await page.isChecked('#consentement'))) await page.check('#consentement');
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/reserver"] button[type="submit"]').click()]);
    assert.match(await page.locator('main').innerText(), /vient d'être réservé/, 'the time is said taken');
    assert.equal(await page.inputValue('#nom_1'), nom, 'the values are kept');
    assert.equal(await page.locator('input[name="creneau"][type="radio"]:checked').count(), 1, 'the nearest other time is chosen');
    await checkA11y(page, `${label} form, time taken`);
    await q('UPDATE bookings SET hold_expires_utc = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE ref = ?', [taken.ref]);

    if (!(await page.isChecked('#consentement'))) await page.check('#consentement');
    await Promise.all([page.waitForURL(/\/confirmer\//), page.locator('form[action="/reserver"] button[type="submit"]').click()]);

    // 5. The code.
    await checkPage(page, `${label} confirm`);
    await checkA11y(page, `${label} confirm`);
    const ref = new URL(page.url()).pathname.split('/')[2];
    const code = await latestCode(ref);
    assert.match(code ?? '', /^\d{6}$/, `a code for ${ref}`);
    await page.fill('#code', code);
    await Promise.all([page.waitForURL(/\/rdv\//), page.locator(`form[action="/confirmer/${ref}"] button[type="submit"]`).click()]);

    // 6. The booking page.
    await checkPage(page, `${label} booking`);
    await checkA11y(page, `${label} booking`);
    const text = await page.locator('main').innerText();
    assert.ok(text.includes(ref), 'the reference is shown');
    assert.ok(text.includes(nom), 'the name is shown');
    assert.match(text, /Justificatif de domicile/);
    assert.equal((await bookingByRef(ref)).status, 'confirmed');

    // 7. The convocation.
    const conv = page.locator('main a[href*="/convocation"]').first();
    if (await conv.count()) {
      await Promise.all([page.waitForURL(/\/convocation/), conv.click()]);
      await checkA11y(page, `${label} convocation`);
    }
    assert.equal(a11y.length, 0, `\n${a11y.join('\n')}`);
    assert.deepEqual(consoleErrors, [], 'no console error nor failed load (CSP violations show here)');
  } finally {
    await context.close();
  }
}

describe('browser journey', () => {
  test('phone (390x844)', { timeout: 90000 }, async () => {
    await journey({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }, 'phone');
  });

  test('desktop (1280x800)', { timeout: 90000 }, async () => {
    await journey({ viewport: { width: 1280, height: 800 } }, 'desktop');
  });

  test('without JavaScript', { timeout: 90000 }, async () => {
    await journey({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false }, 'no-JS');
  });
});
