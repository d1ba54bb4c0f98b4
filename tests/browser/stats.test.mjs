// stats.test.mjs (browser) — the statistics page in Chromium, as the
// commune administrator of Annecy on a desktop (1280x800): the charts are
// drawn from the accessible tables (numeric columns only), axe-core finds
// no WCAG 2.1 A/AA violation, and without JavaScript every table is there.
//
// A small data set is seeded in a window of local days nothing else uses
// (2024-05-06 .. 2024-05-19, summer time) so that every figure has rows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { BASE_URL } from '../lib/client.mjs';
import { closeDb, q } from '../lib/db.mjs';
import { EMAILS, PASSWORD, STATS_KEYS, deleteBookings, insertBooking, insertSlot } from '../lib/stats.mjs';
import { browserSignIn } from '../lib/staff.mjs';

const EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const STATS = '/stats/?du=2024-05-06&au=2024-05-19';
// Figures drawn as a chart (the others are a few numbers: table only).
const CHARTED = ['par_jour', 'par_semaine', 'par_site', 'par_appareil', 'remplissage', 'canaux', 'communes_origine',
  'partenaires', 'etapes', 'annulations', 'delai_prochain', 'messages', 'ants', 'retraits', 'liste_attente',
  'satisfaction', 'reclamations', 'urgences', 'assistance_canaux', 'assistance_appelants', 'assistance_sujets',
  'assistance_suivi'];

let browser;
const ids = [];

async function cleanup() {
  const old = await q(`SELECT id FROM bookings WHERE start_utc >= '2024-05-01' AND start_utc < '2024-06-01'
                         AND device_id IN (1, 2, 3)`);
  await deleteBookings([...ids, ...old.map((r) => r.id)]);
  ids.length = 0;
  await q(`DELETE FROM slots WHERE start_utc >= '2024-05-01' AND start_utc < '2024-06-01' AND device_id IN (1, 3)`);
  await q(`DELETE FROM message_counts WHERE commune_id = 1 AND month = '2024-05-01'`);
  await q(`DELETE FROM delay_snapshots WHERE day >= '2024-05-01' AND day < '2024-06-01' AND site_id IN (1, 2)`);
  await q(`DELETE FROM ants_queue WHERE idem_key LIKE 'browser-stats:%'`);
  await q(`DELETE FROM waitlist_events WHERE commune_id = 1 AND at_utc >= '2024-05-01' AND at_utc < '2024-06-01'`);
  await q(`DELETE FROM survey_answers WHERE commune_id = 1 AND month = '2024-05-01'`);
  await q(`DELETE FROM urgency_requests WHERE ref IN ('BRSTURG1', 'BRSTURG2')`);
  await q(`DELETE FROM complaints WHERE ref IN ('BRSTCPL1', 'BRSTCPL2')`);
  await q(`DELETE FROM hd_tickets WHERE subject = 'browser-stats'`);
}

before(async () => {
  await cleanup();
  const steps = (t0) => [[1, 'Accueil', t0], [2, 'Vérification des pièces', t0.replace(/:(\d\d)$/, (_, m) => `:${String(+m + 5).padStart(2, '0')}`)]]
    .map(([position, name, at]) => ({ position, name, at }));
  const seed = [
    { device: 1, procedure: 1, party: 1, channel: 'web', home: '74010', start: '2024-05-06 09:00', leadHours: 200,
      attendance: 'finished', arrived: '08:50', started: '09:00', finished: '09:15', steps: steps('08:50') },
    { device: 1, procedure: 2, party: 2, channel: 'phone', home: '74010', start: '2024-05-07 10:00', leadHours: 100,
      attendance: 'finished', arrived: '09:40', started: '10:00', finished: '10:30', steps: steps('09:40') },
    { device: 2, procedure: 1, party: 1, channel: 'partner', partner: 8, home: '74267', start: '2024-05-09 14:00', leadHours: 50 },
    { device: 3, procedure: 1, party: 3, channel: 'counter', home: '74123', start: '2024-05-14 11:00', leadHours: 30, attendance: 'noshow' },
    { device: 3, procedure: 3, party: 1, channel: 'web', home: '74010', start: '2024-05-16 15:00', leadHours: 400 },
    { status: 'cancelled', cancelledBy: 'person', device: 1, procedure: 1, party: 1, channel: 'web', home: '74010', start: '2024-05-08 09:00' },
    { status: 'cancelled', cancelledBy: 'commune', device: 2, procedure: 1, party: 1, channel: 'web', home: '74010', start: '2024-05-15 09:00' },
    // A pickup (retrait), moved once.
    { device: 2, procedure: 4, party: 1, channel: 'counter', home: '74010', start: '2024-05-17 10:00', leadHours: 300, moved: 1,
      attendance: 'finished', arrived: '09:58', started: '10:00', finished: '10:04' },
  ];
  for (const b of seed) ids.push((await insertBooking(b)).id);
  await insertSlot({ device: 1, start: '2024-05-06 09:00', cap: [2, 1, 1], booked: [1, 1, 0] });
  await insertSlot({ device: 3, start: '2024-05-14 11:00', cap: [1, 0, 0], booked: [1, 0, 0] });
  await q(`INSERT INTO message_counts (commune_id, month, channel, sent, segments) VALUES
           (1, '2024-05-01', 'sms', 12, 15), (1, '2024-05-01', 'email', 9, 0)`);
  await q(`INSERT INTO delay_snapshots (day, site_id, procedure_id, delay_hours) VALUES
           ('2024-05-06', 1, 1, 48), ('2024-05-06', 2, 1, 24), ('2024-05-07', 1, 1, 72), ('2024-05-07', 2, 1, 30),
           ('2024-05-08', 1, 1, 96), ('2024-05-08', 2, 1, 12)`);
  // Declarations to ANTS (never due: the worker leaves them alone).
  for (const [k, op, status] of [['a', 'create', 'done'], ['b', 'create', 'failed'], ['c', 'delete', 'done']]) {
    await q(`INSERT INTO ants_queue (idem_key, op, booking_id, commune_id, application_id, meeting_point, meeting_point_id,
               appointment_date, status, next_try_utc, created_utc)
             VALUES (?, ?, 0, 1, 'BROWSER000', 'x', '1', '2024-05-06 11:00:00', ?, '2099-01-01 00:00:00', '2024-05-06 09:00:00')`,
    [`browser-stats:${k}`, op, status]);
  }
  // The waiting list's events.
  await q(`INSERT INTO waitlist_events (commune_id, kind, at_utc) VALUES (1, 'joined', '2024-05-06 09:00:00'),
           (1, 'joined', '2024-05-06 10:00:00'), (1, 'offered', '2024-05-07 09:00:00'), (1, 'taken', '2024-05-07 09:05:00'),
           (1, 'left', '2024-05-08 09:00:00')`);
  // The satisfaction survey's answers.
  await q(`INSERT INTO survey_answers (id, commune_id, site_id, procedure_id, month, overall, ease, clarity, waiting, called)
           VALUES (MD5(RAND()), 1, 1, 1, '2024-05-01', 1, 1, 2, 1, 0), (MD5(RAND()), 1, 1, 1, '2024-05-01', 2, 1, 1, 3, 1)`);
  // Two complaints, one answered within its deadline.
  await q(`INSERT INTO complaints (ref, commune_id, channel, status, name, contact_email, body, lang, secret, created_utc,
             received_utc, deadline_utc, answered_utc) VALUES
           ('BRSTCPL1', 1, 'email', 'repondue', 'Stats', 'stats@example.org', 'x', 'fr', REPEAT('0', 32), '2024-05-06 09:00:00',
            '2024-05-06 09:00:00', '2024-05-21 09:00:00', '2024-05-09 09:00:00'),
           ('BRSTCPL2', 1, 'guichet', 'recue', 'Stats', NULL, 'x', 'fr', REPEAT('0', 32), '2024-05-07 09:00:00',
            '2024-05-07 09:00:00', '2024-05-22 09:00:00', NULL)`);
  // Two urgent requests, one granted after 3 hours.
  await q(`INSERT INTO urgency_requests (ref, status, commune_id, procedure_id, reason, channel, created_utc, submitted_utc,
             decided_utc, purged) VALUES ('BRSTURG1', 'granted', 1, 1, 'travel', 'sms', '2024-05-06 09:00:00',
             '2024-05-06 09:00:00', '2024-05-06 12:00:00', 1), ('BRSTURG2', 'waiting', 1, 1, 'lost', 'sms',
             '2024-05-07 09:00:00', '2024-05-07 09:00:00', NULL, 1)`);
  // Help-desk tickets about Annecy.
  for (const [channel, caller, topic, outcome, first, res, at] of [
    ['phone', 'citizen', 2, 'closed_at_once', 0, 0, '2024-05-06 08:00:00'],
    ['email', 'agent', 1, 'open', 3600, 7200, '2024-05-07 08:00:00'],
    ['desk', 'citizen', 3, 'delegated', 5400, null, '2024-05-13 08:00:00']]) {
    await q(`INSERT INTO hd_tickets (channel, caller_type, topic_id, commune_id, subject, body, outcome, state, created_utc, updated_utc,
               first_answer_bs, resolution_bs) VALUES (?, ?, ?, 1, 'browser-stats', 'x', ?, 'closed', ?, ?, ?, ?)`,
    [channel, caller, topic, outcome, at, at, first, res]);
  }
  browser = await chromium.launch({ executablePath: EXECUTABLE, headless: true, args: ARGS });
});

after(async () => {
  try {
    if (browser) await browser.close();
    await cleanup();
  } finally {
    await closeDb();
  }
});

/** A signed-in page of a fresh context (the sign-in form, as a person would). */
async function signedIn(contextOptions = {}) {
  const context = await browser.newContext({ baseURL: BASE_URL, locale: 'fr-FR', viewport: { width: 1280, height: 800 }, ...contextOptions });
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) errors.push(m.text()); });
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await browserSignIn(page, EMAILS.cadmin, PASSWORD);
  return { context, page, errors };
}

async function axeReport(page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((x) => `  [${x.impact}] ${x.id}: ${x.help} (${x.helpUrl})\n` +
    x.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`).join('\n'));
}

/** What each chart of the page shows: {key, kind, visible, width, height, painted, labels, datasets, numericCols}. */
function chartsOf(page) {
  return page.evaluate(() => [...document.querySelectorAll('div.chart[data-table]')].map((box) => {
    const key = box.dataset.table.replace(/^t-/, '');
    const table = document.getElementById(box.dataset.table);
    const canvas = box.querySelector('canvas');
    const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
    const rows = [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent.trim()));
    const numericCols = heads.filter((h, i) => i > 0 && rows.length > 0 && rows.every((r) => /^-?\d+([.,]\d+)?$/.test(r[i])));
    const out = { key, kind: box.dataset.chart, visible: !box.hidden && box.offsetParent !== null, rows: rows.length, numericCols };
    if (!canvas) return out;
    out.width = canvas.width;
    out.height = canvas.height;
    out.label = canvas.getAttribute('aria-label');
    // Painted: some pixel is not transparent.
    const ctx = canvas.getContext('2d');
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4 * 7) if (data[i] !== 0) painted++;
    out.painted = painted;
    const chart = window.Chart && window.Chart.getChart ? window.Chart.getChart(canvas) : undefined;
    if (chart) {
      out.labels = chart.data.labels;
      out.datasets = chart.data.datasets.map((d) => d.label);
    }
    return out;
  }));
}

describe('statistics page in a browser (commune administrator, desktop 1280x800)', () => {
  test('every chart is drawn, from the table beside it', { timeout: 60000 }, async () => {
    const { context, page, errors } = await signedIn();
    try {
      const resp = await page.goto(STATS);
      assert.equal(resp.status(), 200);
      assert.equal(await page.getAttribute('html', 'lang'), 'fr');
      assert.equal(await page.locator('h1').count(), 1);
      await page.waitForFunction(() => document.querySelectorAll('div.chart canvas').length > 0, null, { timeout: 10000 });
      const charts = await chartsOf(page);
      for (const key of CHARTED) {
        const c = charts.find((x) => x.key === key);
        assert.ok(c, `a chart box for ${key}`);
        assert.ok(c.rows > 0, `${key}: the seeded data gives rows`);
        assert.ok(c.visible, `${key}: the chart is shown`);
        assert.ok(c.width > 0 && c.height > 0, `${key}: a canvas with a size (${c.width}x${c.height})`);
        assert.ok(c.painted > 0, `${key}: something is drawn on the canvas`);
        assert.ok(c.datasets && c.datasets.length > 0, `${key}: a Chart.js chart with data`);
        assert.ok(c.label && c.label.length > 0, `${key}: the canvas has a text alternative`);
      }
      for (const key of STATS_KEYS.filter((k) => !CHARTED.includes(k))) {
        const c = charts.find((x) => x.key === key);
        assert.ok(!c || !c.visible, `${key}: no chart (a table of a few numbers)`);
      }
      assert.deepEqual(errors, [], 'no console error nor failed load');
    } finally {
      await context.close();
    }
  });

  test('charts plot numeric columns only, one point per label', { timeout: 60000 }, async () => {
    // A text column (a site, a procedure, a channel) turned into numbers
    // draws a meaningless series of zeros; an axis needs one label per day,
    // site or step, not one per table row ("Annecy", "Annecy"...).
    const { context, page } = await signedIn();
    try {
      await page.goto(STATS);
      await page.waitForFunction(() => document.querySelectorAll('div.chart canvas').length > 0, null, { timeout: 10000 });
      const wrong = [];
      for (const c of await chartsOf(page)) {
        if (!c.datasets) continue;
        const text = c.datasets.filter((d) => !c.numericCols.includes(d));
        if (text.length) wrong.push(`${c.key}: series ${JSON.stringify(text)} are not numeric columns (numeric: ${JSON.stringify(c.numericCols)})`);
        if (new Set(c.labels).size !== c.labels.length) {
          wrong.push(`${c.key}: repeated labels on a ${c.kind} chart ${JSON.stringify(c.labels)}`);
        }
      }
      assert.deepEqual(wrong, [], `\n${wrong.join('\n')}`);
    } finally {
      await context.close();
    }
  });

  test('axe-core: no WCAG 2.1 A/AA violation, charts drawn', { timeout: 60000 }, async () => {
    const { context, page } = await signedIn();
    try {
      await page.goto(STATS);
      await page.waitForFunction(() => document.querySelectorAll('div.chart canvas').length > 0, null, { timeout: 10000 });
      const v = await axeReport(page);
      assert.equal(v.length, 0, `axe on ${STATS}:\n${v.join('\n')}`);
    } finally {
      await context.close();
    }
  });

  test('axe-core: no violation on the page with a period error', { timeout: 60000 }, async () => {
    const { context, page } = await signedIn();
    try {
      const resp = await page.goto('/stats/?du=2024-05-19&au=2024-05-06');
      assert.equal(resp.status(), 400);
      const v = await axeReport(page);
      assert.equal(v.length, 0, `axe:\n${v.join('\n')}`);
    } finally {
      await context.close();
    }
  });

  test('without JavaScript: every table is there with its rows, no empty chart box', { timeout: 60000 }, async () => {
    const { context, page } = await signedIn({ javaScriptEnabled: false });
    try {
      const resp = await page.goto(STATS);
      assert.equal(resp.status(), 200);
      for (const key of STATS_KEYS) {
        const t = page.locator(`table#t-${key}`);
        assert.equal(await t.count(), 1, `table t-${key}`);
        assert.ok(await t.isVisible(), `t-${key} visible`);
        assert.ok((await t.locator('caption').innerText()).length > 0, `t-${key} caption`);
        assert.ok(await t.locator('tbody tr').count() > 0, `t-${key} has rows`);
      }
      assert.equal(await page.locator('div.chart:visible').count(), 0, 'chart boxes stay hidden');
      assert.equal(await page.locator('canvas').count(), 0);
      // The filters work without JavaScript (a GET form).
      await page.selectOption('#lieu', '2');
      await Promise.all([page.waitForURL(/lieu=2/), page.locator('form.filters button[type="submit"]').click()]);
      assert.match(await page.locator('#t-par_site').innerText(), /Mairie déléguée de Seynod/);
      assert.doesNotMatch(await page.locator('#t-par_site tbody').innerText(), /Hôtel de ville d'Annecy/);
    } finally {
      await context.close();
    }
  });
});
