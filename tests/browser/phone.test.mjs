// phone.test.mjs (browser) — the public pages phone first (issue #20):
// on a 360x740 screen the header takes at most 15 % of the height, its
// menu opens without JavaScript, every tap target (links that stand
// alone, radios and checkboxes with their labels, buttons) is at least
// 44x44 CSS px, the search shows the first site before the map, and the
// convocation prints without the site's menu.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { BASE_URL } from '../lib/client.mjs';
import { closeDb, freeSlot } from '../lib/db.mjs';
import { book } from '../lib/flow.mjs';

const EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let browser;
before(async () => { browser = await chromium.launch({ executablePath: EXECUTABLE, headless: true, args: ARGS }); });
after(async () => { if (browser) await browser.close(); await closeDb(); });

async function phonePage(opts = {}) {
  const context = await browser.newContext({ baseURL: BASE_URL, locale: 'fr-FR', ...PHONE, ...opts });
  context.setDefaultTimeout(15000);
  return { context, page: await context.newPage() };
}

/** The tap targets of the page smaller than 44x44: standalone links, buttons, and the labels of radios and checkboxes. */
async function smallTargets(page) {
  return page.evaluate(() => {
    const out = [];
    const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
    const check = (el, what) => {
      const r = el.getBoundingClientRect();
      if (r.width < 44 - 0.5 || r.height < 44 - 0.5) out.push(`${what} "${(el.textContent || el.value || '').trim().slice(0, 40)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
    };
    // Links inside running text (a sentence of a paragraph) are exempt (WCAG 2.5.8).
    const inSentence = (a) => {
      const p = a.closest('p, li, dd, label');
      if (!p || p.closest('nav, .actions, .site-footer')) return false;
      return (p.textContent || '').trim().length > (a.textContent || '').trim().length + 25;
    };
    for (const a of document.querySelectorAll('main a, header a, footer a')) {
      if (!visible(a) || a.classList.contains('skip') || inSentence(a)) continue;
      check(a, 'link');
    }
    for (const b of document.querySelectorAll('button, input[type=submit]')) if (visible(b)) check(b, 'button');
    for (const i of document.querySelectorAll('input[type=radio], input[type=checkbox]')) {
      const l = i.id && document.querySelector(`label[for="${i.id}"]`);
      if (l && visible(l)) check(l, `label of ${i.type}`);
      else out.push(`${i.type} ${i.id} without a label`);
    }
    return out;
  });
}

describe('public pages on a 360x740 phone', () => {
  test('the header takes at most 15 % of the screen; its menu opens without JavaScript', async () => {
    const { context, page } = await phonePage({ javaScriptEnabled: false });
    try {
      await page.goto('/');
      const h = (await page.locator('header.site-header').boundingBox()).height;
      assert.ok(h <= 740 * 0.15, `header ${h}px > 111px`);
      assert.equal(await page.locator('#menu').isVisible(), false, 'the menu is folded');
      await page.locator('a.menu-toggle').click();
      assert.ok(await page.locator('#menu').isVisible(), 'the menu opens');
      assert.ok(await page.locator('#menu a[href="/gerer"]').isVisible());
      await page.locator('#menu a[href="/gerer"]').click();
      await page.waitForURL(/\/gerer$/);
    } finally {
      await context.close();
    }
  });

  test('every tap target is at least 44x44 CSS px (home, search, site, form)', async () => {
    const { context, page } = await phonePage();
    try {
      const slotId = await freeSlot('CNI', 1);
      const siteId = freeSlot.last.site_id;
      const pages = ['/', '/recherche?procedure=CNI&personnes=1&insee=74010',
        `/site/${siteId}?procedure=CNI&personnes=1`, `/reserver?creneau=${slotId}&procedure=CNI&personnes=1`, '/gerer', '/faq'];
      for (const p of pages) {
        await page.goto(p);
        await page.locator('a.menu-toggle').click();      // the menu's links too
        const small = await smallTargets(page);
        assert.deepEqual(small, [], `${p}: ${small.join('; ')}`);
      }
    } finally {
      await context.close();
    }
  });

  test('the search shows the first site before the map', async () => {
    const { context, page } = await phonePage();
    try {
      await page.goto('/recherche?procedure=CNI&personnes=1&insee=74010');
      const first = await page.locator('ol.sites > li').first().boundingBox();
      const map = page.locator('#map');
      await map.waitFor({ state: 'visible' });
      const m = await map.boundingBox();
      assert.ok(first.y < m.y, `first site at ${first.y}px, the map at ${m.y}px`);
    } finally {
      await context.close();
    }
  });

  test('the convocation prints without the site menu', async () => {
    const b = await book({ slotId: await freeSlot('CNI', 1) });
    const { context, page } = await phonePage();
    try {
      await page.goto(b.managePath.replace(/^\/rdv\/([A-Z0-9]+)\?t=([0-9a-f]+).*$/, '/rdv/$1/convocation?t=$2'));
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('#menu').isVisible(), false, 'no menu');
      assert.equal(await page.locator('a.menu-toggle').isVisible(), false, 'no menu link');
      assert.equal(await page.locator('footer.site-footer').isVisible(), false, 'no footer');
      assert.ok(await page.locator('h1').isVisible(), 'the convocation itself');
    } finally {
      await context.close();
    }
  });
});
