// keyboard.test.mjs (browser) — a whole appointment booked with the
// keyboard alone (Tab, Shift+Tab, Enter, Space, arrows), the focus always
// visible; then the same at 200 % zoom (a 1280x800 screen is 640x400 CSS
// px), with no horizontal scrolling on any page (WCAG 2.1.1, 2.4.7, 1.4.10).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { BASE_URL, birthDate, letters, uniqueEmail } from '../lib/client.mjs';
import { bookingByRef, clearRateLimits, closeDb, freeSlot, latestCode } from '../lib/db.mjs';
import { hold } from '../lib/flow.mjs';

const EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser;
before(async () => { await clearRateLimits(); browser = await chromium.launch({ executablePath: EXECUTABLE, headless: true, args: ARGS }); });
after(async () => { if (browser) await browser.close(); await closeDb(); });

/** What has the focus, and whether it can be seen (an outline of 2 px or more). */
const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return { none: true };
  const st = getComputedStyle(el);
  const seen = st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2;
  return { tag: el.tagName, id: el.id, name: el.getAttribute('name'), href: el.getAttribute('href'), text: (el.textContent || '').trim().slice(0, 40), seen };
});

/** Presses Tab (or Shift+Tab) until the focused element matches sel; every stop must show its focus. */
async function tabTo(page, sel, { back = false, max = 80 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (!f.none) assert.ok(f.seen, `focus visible on ${f.tag}#${f.id} ${f.href || f.name || f.text}`);
    if (await page.evaluate((s) => document.activeElement?.matches(s), sel)) return;
  }
  assert.fail(`${sel} not reached with the keyboard`);
}

async function noSideScroll(page, label) {
  const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(sw <= iw + 1, `${label}: no horizontal scrolling at this width (${sw} > ${iw})`);
}

async function bookWithKeys(contextOptions, label) {
  const context = await browser.newContext({ baseURL: BASE_URL, locale: 'fr-FR', ...contextOptions });
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  try {
    await page.goto('/');
    await noSideScroll(page, `${label} home`);
    await tabTo(page, '#procedure');
    for (let i = 0; i < 12 && (await page.inputValue('#procedure')) !== 'CNI'; i++) await page.keyboard.press('ArrowDown');
    assert.equal(await page.inputValue('#procedure'), 'CNI', 'the procedure chosen with the arrows');
    await tabTo(page, '#lieu');
    await page.keyboard.type('74000');
    await Promise.all([page.waitForURL(/\/recherche\?/), page.keyboard.press('Enter')]);
    await noSideScroll(page, `${label} results`);
    await tabTo(page, 'a.button[href^="/reserver"]');
    await Promise.all([page.waitForURL(/\/reserver\?/), page.keyboard.press('Enter')]);
    await noSideScroll(page, `${label} form`);
    const nom = letters(8).toUpperCase();
    await tabTo(page, '#nom_1');
    await page.keyboard.type(nom);
    await page.keyboard.press('Tab');
    await page.keyboard.type(letters(6));
    await tabTo(page, '#naissance_1');
    await page.keyboard.type(birthDate());
    await tabTo(page, '#email');
    await page.keyboard.type(uniqueEmail('clavier'));
    // Back to the phone field and forward again: Shift+Tab works too.
    await tabTo(page, '#telephone', { back: true });
    await tabTo(page, 'input[name=canal]');
    await page.keyboard.press('ArrowDown');
    assert.ok(await page.isChecked('#canal-email'), 'the email channel chosen with the arrows');
    await tabTo(page, '#domicile');
    await page.keyboard.type('74000');
    await tabTo(page, '#consentement');
    await page.keyboard.press('Space');
    assert.ok(await page.isChecked('#consentement'), 'consent ticked with Space');
    await tabTo(page, 'form[action="/reserver"] button[type=submit]');
    await Promise.all([page.waitForURL(/\/confirmer\//), page.keyboard.press('Enter')]);
    await noSideScroll(page, `${label} code page`);
    const ref = page.url().match(/\/confirmer\/([A-Z0-9]{8})/)[1];
    await tabTo(page, '#code');
    await page.keyboard.type(await latestCode(ref));
    await Promise.all([page.waitForURL(/\/rdv\//), page.keyboard.press('Enter')]);
    await noSideScroll(page, `${label} booking page`);
    assert.equal((await bookingByRef(ref)).status, 'confirmed', 'booked with the keyboard alone');
    assert.ok((await page.textContent('main')).includes(ref));
  } finally {
    await context.close();
  }
}

describe('the keyboard alone', () => {
  test('a whole booking with Tab, Shift+Tab, Enter, Space and arrows, the focus always visible', { timeout: 90000 }, async () => {
    await bookWithKeys({ viewport: { width: 1280, height: 800 } }, 'desktop');
  });
  test('the same at 200 % zoom, nothing scrolls sideways', { timeout: 90000 }, async () => {
    await bookWithKeys({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 }, '200 %');
  });
});

describe('error states under axe', () => {
  test('the form with errors, a wrong code, an unknown commune, an own pending request: no WCAG 2.1 AA violation', { timeout: 90000 }, async () => {
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'fr-FR', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const axe = async (label) => {
      const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      assert.deepEqual(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], label);
    };
    try {
      // The search with an unknown commune.
      await page.goto('/recherche?procedure=CNI&personnes=1&lieu=Zzyzxvillequixnexistepas');
      assert.match(await page.textContent('main'), /Nous ne trouvons pas cette commune/);
      await axe('unknown commune');
      // The booking form sent empty.
      const slotId = await freeSlot('CNI', 1);
      await page.goto(`/reserver?creneau=${slotId}&procedure=CNI&personnes=1`);
      await Promise.all([page.waitForLoadState('load'), page.click('form[action="/reserver"] button[type=submit]')]);
      assert.match(await page.textContent('main'), /Le formulaire contient des erreurs/);
      await axe('booking form with errors');
      // A wrong code.
      const h = await hold({ slotId: await freeSlot('CNI', 1) });
      await page.goto(h.holdPath);
      await page.fill('#code', '000000');
      await Promise.all([page.waitForLoadState('load'), page.click('form button[type=submit]')]);
      assert.match(await page.textContent('main'), /pas le bon|Trop d'essais/);
      await axe('wrong code');
      // The same person again while the request waits: the plain message.
      await page.goto(`/reserver?creneau=${await freeSlot('CNI', 1)}&procedure=CNI&personnes=1`);
      await page.fill('#nom_1', h.persons[0].nom);
      await page.fill('#prenoms_1', h.persons[0].prenoms);
      await page.fill('#naissance_1', h.persons[0].naissance);
      await page.fill('#email', h.email);
      await page.check('#canal-email');
      await page.fill('#domicile', '74000');
      await page.check('#consentement');
      await Promise.all([page.waitForLoadState('load'), page.click('form[action="/reserver"] button[type=submit]')]);
      assert.match(await page.textContent('main'), /Une demande non confirmée est en cours/);
      await axe('own pending request');
    } finally {
      await context.close();
    }
  });
});
