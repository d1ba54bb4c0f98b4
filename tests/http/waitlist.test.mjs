// waitlist.test.mjs — the waiting list (issue #20): joining with a code
// when nothing is free, offers made by creneau-notify in the order of
// registration when places free up (a real hold, confirmed from the
// message's link), an expired offer passing to the next person, the
// limits (quiet hours, delay, one a day, three at most), leaving from the
// message, and the race with a public booking. The MAIRE procedure (one
// agenda, Thonon's "Bureau du maire") on one day is used alone: its other
// free places that day are taken by the test and given back at the end.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Client, describe as desc, formsOf, letters, pathOf, person, textOf, uniqueEmail } from '../lib/client.mjs';
import { clearRateLimits, closeDb, one, poll, q } from '../lib/db.mjs';
import { book, postBooking, postManage } from '../lib/flow.mjs';

const PROC = 'MAIRE';
const SITE = 3;          // Thonon-les-Bains, Hôtel de ville
const DEVICE = 7;        // Bureau du maire
const COMMUNE = 2;
let day;                 // YYYY-MM-DD (local) of the test
let filled = [];         // [{id, delta}] places taken by the test
let spare = [];          // slot ids left free for real bookings, then freed
let savedCommune;

function frDate(ymd) {
  const [y, m, d] = ymd.split('-');
  return `${d}/${m}/${y}`;
}

async function joinPost(client, fields) {
  return client.post('/liste', { csrf: await client.csrf(), procedure: PROC, personnes: '1', site: String(SITE),
    mode: 'lieux', [`site_${SITE}`]: '1', du: frDate(day), au: frDate(day), canal: 'email', consentement: '1', ...fields });
}

async function entryCode(ref) {
  const r = await one(`SELECT o.body FROM outbox o JOIN waitlist w ON o.idem_key LIKE CONCAT('wait_code:', w.id, ':%')
                        WHERE w.ref = ? ORDER BY o.id DESC LIMIT 1`, [ref]);
  return r && String(r.body).match(/(?<!\d)(\d{6})(?!\d)/)[1];
}

/** Joins and confirms: {client, ref, entryPath, email, p}. */
async function join(opts = {}) {
  const client = new Client();
  const p = person();
  const email = opts.email || uniqueEmail('wait');
  const res = await joinPost(client, { nom_1: p.nom, prenoms_1: p.prenoms, naissance_1: p.naissance, email });
  assert.equal(res.status, 303, `join: ${desc(res)}`);
  const codePath = pathOf(res.location);
  const m = codePath.match(/^\/liste\/([A-Z0-9]{8})\/code\?h=([0-9a-f]{24})$/);
  assert.ok(m, codePath);
  const ref = m[1];
  const code = await entryCode(ref);
  const ok = await client.post(`/liste/${ref}/code`, { csrf: await client.csrf(), h: m[2], code });
  assert.equal(ok.status, 303, desc(ok));
  const entryPath = pathOf(ok.location).replace(/&.*$/, '');
  assert.match(entryPath, /^\/liste\/[A-Z0-9]{8}\?t=[0-9a-f]{24}$/);
  return { client, ref, entryPath, email, p, codePath };
}

const entry = (ref) => one('SELECT * FROM waitlist WHERE ref = ?', [ref]);
const offerOf = (ref) => one(`SELECT o.*, b.ref AS bref, b.status AS bstatus, b.start_utc FROM waitlist_offers o
  JOIN waitlist w ON w.id = o.waitlist_id JOIN bookings b ON b.id = o.booking_id WHERE w.ref = ? ORDER BY o.id DESC LIMIT 1`, [ref]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Books a spare slot for someone else, then returns a function freeing it (a cancellation). */
async function bookSpare(slotId) {
  const b = await book({ slotId, procedure: PROC, persons: [person()] });
  return async () => {
    const res = await postManage(b.client, b.manageBase, 'annuler');
    assert.equal(res.status, 303, desc(res));
  };
}

before(async () => {
  await clearRateLimits();
  savedCommune = await one('SELECT quiet_from_hour, quiet_to_hour, waitlist_min_hours FROM communes WHERE id = ?', [COMMUNE]);
  // No quiet hours for the test (the clock is whatever it is); restored after.
  await q('UPDATE communes SET quiet_from_hour = 0, quiet_to_hour = 0, waitlist_min_hours = 24 WHERE id = ?', [COMMUNE]);
  const r = await one(`SELECT DATE(CONVERT_TZ(s.start_utc, 'UTC', 'Europe/Paris')) AS d, COUNT(*) AS n FROM slots s
      WHERE s.device_id = ? AND s.start_utc > UTC_TIMESTAMP() + INTERVAL 3 DAY AND s.start_utc < UTC_TIMESTAMP() + INTERVAL 40 DAY
        AND s.cap_regular > s.booked_regular
      GROUP BY d HAVING n >= 4 ORDER BY d LIMIT 1`, [DEVICE]);
  assert.ok(r, 'a day with free places for MAIRE');
  day = typeof r.d === 'string' ? r.d.slice(0, 10) : r.d.toISOString().slice(0, 10);
  const slots = await q(`SELECT id, cap_regular - booked_regular AS free FROM slots WHERE device_id = ?
      AND DATE(CONVERT_TZ(start_utc, 'UTC', 'Europe/Paris')) = ? AND cap_regular > booked_regular ORDER BY start_utc`, [DEVICE, day]);
  spare = slots.slice(0, 3).map((s) => s.id);
  // Nothing else free that day.
  for (const s of slots.slice(3)) {
    await q('UPDATE slots SET booked_regular = booked_regular + ? WHERE id = ?', [s.free, s.id]);
    filled.push({ id: s.id, delta: s.free });
  }
});

after(async () => {
  for (const f of filled) await q('UPDATE slots SET booked_regular = booked_regular - ? WHERE id = ?', [f.delta, f.id]);
  if (savedCommune) {
    await q('UPDATE communes SET quiet_from_hour = ?, quiet_to_hour = ?, waitlist_min_hours = ? WHERE id = ?',
      [savedCommune.quiet_from_hour, savedCommune.quiet_to_hour, savedCommune.waitlist_min_hours, COMMUNE]);
  }
  await q(`UPDATE waitlist SET status = 'left', ended_utc = UTC_TIMESTAMP() WHERE procedure_id = (SELECT id FROM procedures WHERE code = ?)
           AND status IN ('pending_code', 'active', 'offered')`, [PROC]);
  await closeDb();
});

describe('waiting list', () => {
  let A, B, freeA, freeB, freeC;

  test('the site page and the search results lead to the form', async () => {
    const c = new Client();
    const site = await c.get(`/site/${SITE}?procedure=${PROC}&personnes=1`);
    assert.match(site.text, new RegExp(`/liste\\?procedure=${PROC}&amp;personnes=1&amp;site=${SITE}`));
    const form = await c.get(`/liste?procedure=${PROC}&personnes=1&site=${SITE}`);
    assert.equal(form.status, 200);
    assert.match(textOf(form.text), /S'inscrire sur la liste d'attente/);
    assert.ok(formsOf(form.text).some((f) => f.action === '/liste'));
    const bad = await c.get('/liste?procedure=NOPE&personnes=1');
    assert.equal(bad.status, 400);
  });

  test('bad input: 422 in French with the values kept', async () => {
    const c = new Client();
    const email = uniqueEmail('waitbad');
    const res = await joinPost(c, { nom_1: '', prenoms_1: 'Anne', naissance_1: '31/02/1980', email,
      du: frDate(day), au: '01/01/2000', [`site_${SITE}`]: '' , consentement: '' });
    assert.equal(res.status, 422, desc(res));
    const t = textOf(res.text);
    assert.match(t, /Le formulaire contient des erreurs/);
    assert.match(t, /Cochez au moins un lieu de rendez-vous/);
    assert.match(t, /La dernière date doit suivre la première/);
    assert.ok(res.text.includes(`value="${email}"`), 'the email is kept');
    assert.ok(res.text.includes('value="Anne"'), 'the first names are kept');
    assert.match(res.text, /aria-invalid="true"/);
  });

  test('join with nothing free: a code, a wrong try counted, then active', async () => {
    freeA = await bookSpare(spare[0]);
    freeB = await bookSpare(spare[1]);
    freeC = await bookSpare(spare[2]);
    const c = new Client();
    const p = person();
    const res = await joinPost(c, { nom_1: p.nom, prenoms_1: p.prenoms, naissance_1: p.naissance, email: uniqueEmail('waitA') });
    assert.equal(res.status, 303, desc(res));
    const codePath = pathOf(res.location);
    const ref = codePath.match(/^\/liste\/([A-Z0-9]{8})\/code/)[1];
    const page = await c.get(codePath);
    assert.equal(page.status, 200);
    assert.match(textOf(page.text), /Un code à 6 chiffres a été envoyé par courriel/);
    const code = await entryCode(ref);
    const h = new URL(codePath, 'http://x').searchParams.get('h');
    const wrong = await c.post(`/liste/${ref}/code`, { csrf: await c.csrf(), h, code: code === '000000' ? '111111' : '000000' });
    assert.equal(wrong.status, 422);
    assert.match(textOf(wrong.text), /Il vous reste 4 essais/);
    assert.equal((await entry(ref)).code_attempts, 1);
    const ok = await c.post(`/liste/${ref}/code`, { csrf: await c.csrf(), h, code });
    assert.equal(ok.status, 303);
    const e = await entry(ref);
    assert.equal(e.status, 'active');
    const joined = await one(`SELECT body FROM outbox WHERE idem_key = ?`, [`wait_joined:${e.id}:email`]);
    assert.ok(joined && /\/liste\/[A-Z0-9]{8}\?t=/.test(joined.body), 'the joined message holds the link to leave');
    A = { client: c, ref, entryPath: pathOf(ok.location).replace(/&.*$/, '') };
    // A second person joins after; a second entry of the same contact is refused.
    B = await join();
    const again = await joinPost(new Client(), { nom_1: 'Martin', prenoms_1: 'Paul', naissance_1: '01/01/1980', email: B.email });
    assert.equal(again.status, 409);
    // Nothing is free: no offer.
    await sleep(7000);
    assert.equal(await offerOf(A.ref), undefined);
  });

  test('a cancellation frees a run: the first registered gets it, held; a public booking cannot take it', async () => {
    await freeA();
    const o = await poll(() => offerOf(A.ref), { timeoutMs: 20000, what: 'an offer to A' });
    assert.equal(o.status, 'offered');
    assert.equal(o.bstatus, 'held');
    assert.equal((await entry(A.ref)).status, 'offered');
    assert.equal(await offerOf(B.ref), undefined, 'B is not offered that time');
    const msg = await poll(() => one(`SELECT body FROM outbox WHERE idem_key = ?`, [`wait_offer:${o.id}:email`]), { what: 'the offer message' });
    const link = String(msg.body).match(/https?:\/\/[^\s]+\/liste\/[A-Z0-9]{8}\/offre\/\d+\?t=[0-9a-f]{24}/)[0];
    // The database decides: the held place is not the public's.
    const pub = await postBooking({ slotId: spare[0], procedure: PROC, persons: [person()] });
    assert.equal(pub.res.status, 409, desc(pub.res));
    const page = await A.client.get(pathOf(link));
    assert.equal(page.status, 200);
    assert.match(textOf(page.text), /Un rendez-vous s'est libéré pour vous/);
    const form = formsOf(page.text).find((f) => /\/offre\//.test(f.action));
    const res = await A.client.post(form.action, form.fields);
    assert.equal(res.status, 303, desc(res));
    assert.match(pathOf(res.location), /^\/rdv\/[A-Z0-9]{8}\?t=[0-9a-f]+&confirme=1$/);
    const b = await one('SELECT status FROM bookings WHERE ref = ?', [o.bref]);
    assert.equal(b.status, 'confirmed');
    assert.equal((await entry(A.ref)).status, 'booked');
    assert.equal((await offerOf(A.ref)).status, 'taken');
    A.offerLink = pathOf(link);
  });

  test('an expired offer passes to the next person; the first is told it is gone only on clicking', async () => {
    await freeB();
    const o = await poll(() => offerOf(B.ref), { timeoutMs: 20000, what: 'an offer to B' });
    const msg = await poll(() => one(`SELECT body FROM outbox WHERE idem_key = ?`, [`wait_offer:${o.id}:email`]), { what: 'the offer message' });
    const link = pathOf(String(msg.body).match(/https?:\/\/[^\s]+\/liste\/[A-Z0-9]{8}\/offre\/\d+\?t=[0-9a-f]{24}/)[0]);
    const C = await join();
    // B lets the hold run out.
    await q('UPDATE bookings SET hold_expires_utc = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE id = ?', [o.booking_id]);
    const oc = await poll(() => offerOf(C.ref), { timeoutMs: 25000, what: 'the offer passing to C' });
    assert.equal(oc.start_utc, o.start_utc, 'the same time, now offered to C');
    const eb = await entry(B.ref);
    assert.equal(eb.status, 'active', 'B stays on the list');
    assert.equal(eb.offers_made, 1);
    assert.equal((await offerOf(B.ref)).status, 'expired');
    const gone = await B.client.get(link);
    assert.equal(gone.status, 410);
    assert.match(textOf(gone.text), /Ce créneau a déjà été pris/);
    assert.match(textOf(gone.text), /Vous restez sur la liste d'attente/);
    const post = await B.client.post(new URL(link, 'http://x').pathname, { csrf: await B.client.csrf(), t: new URL(link, 'http://x').searchParams.get('t') });
    assert.equal(post.status, 410);
    // A forged token is refused.
    const forged = await B.client.get(link.replace(/t=[0-9a-f]{24}/, 't=' + '0'.repeat(24)));
    assert.equal(forged.status, 404);
    B.C = C;
  });

  test('limits: quiet hours, delay, one a day, three at most', async () => {
    const C = B.C;
    // C's offer out: close it so C can be used again.
    await q(`UPDATE bookings b JOIN waitlist_offers o ON o.booking_id = b.id JOIN waitlist w ON w.id = o.waitlist_id
             SET b.hold_expires_utc = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE w.ref = ? AND o.status = 'offered'`, [C.ref]);
    await poll(async () => (await entry(C.ref)).status === 'active', { what: 'C waiting again' });
    // B (24 h since its offer) and C both wait; B is first but offered today: its one message a day.
    await q('UPDATE waitlist SET last_offer_utc = UTC_TIMESTAMP() - INTERVAL 1 HOUR WHERE ref IN (?, ?)', [B.ref, C.ref]);
    const D = await join();
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
    await q('UPDATE communes SET quiet_from_hour = ?, quiet_to_hour = ? WHERE id = ?', [hour, (hour + 1) % 24, COMMUNE]);
    await freeC();
    await sleep(7000);
    assert.equal(await offerOf(D.ref), undefined, 'quiet hours: nothing sent');
    await q('UPDATE communes SET quiet_from_hour = 0, quiet_to_hour = 0, waitlist_min_hours = 24 * 60 WHERE id = ?', [COMMUNE]);
    await sleep(7000);
    assert.equal(await offerOf(D.ref), undefined, 'the delay: nothing that close');
    await q('UPDATE waitlist SET offers_made = 3 WHERE ref = ?', [D.ref]);
    await q('UPDATE communes SET waitlist_min_hours = 24 WHERE id = ?', [COMMUNE]);
    await sleep(7000);
    assert.equal(await offerOf(D.ref), undefined, 'three offers at most');
    const free = await one('SELECT cap_regular - booked_regular AS f FROM slots WHERE id = ?', [spare[2]]);
    assert.equal(free.f, 1, 'nobody was offered the freed place (B and C had one today)');
    await q('UPDATE waitlist SET offers_made = 0 WHERE ref = ?', [D.ref]);
    const od = await poll(() => offerOf(D.ref), { timeoutMs: 20000, what: 'the offer to D' });
    assert.equal(od.status, 'offered');
    B.D = D;
  });

  test('leaving from the message link frees the held place', async () => {
    const D = B.D;
    const e = await entry(D.ref);
    const joined = await one(`SELECT body FROM outbox WHERE idem_key = ?`, [`wait_joined:${e.id}:email`]);
    const link = pathOf(String(joined.body).match(/https?:\/\/[^\s]+\/liste\/[A-Z0-9]{8}\?t=[0-9a-f]{24}/)[0]);
    const page = await D.client.get(link);
    assert.equal(page.status, 200);
    const form = formsOf(page.text).find((f) => /quitter$/.test(f.action));
    assert.ok(form, 'a leave form');
    const noCsrf = await new Client().post(form.action, { t: form.fields.t });
    assert.equal(noCsrf.status, 403);
    const res = await D.client.post(form.action, form.fields);
    assert.equal(res.status, 303);
    assert.equal((await entry(D.ref)).status, 'left');
    const o = await offerOf(D.ref);
    assert.equal(o.status, 'expired');
    assert.equal((await one('SELECT status FROM bookings WHERE id = ?', [o.booking_id])).status, 'expired');
    const again = await D.client.get(link);
    assert.match(textOf(again.text), /Vous avez quitté la liste d'attente/);
  });

  test('the events feed the statistics', async () => {
    const ev = await q(`SELECT kind, COUNT(*) AS n FROM waitlist_events WHERE commune_id = ? AND at_utc > UTC_TIMESTAMP() - INTERVAL 1 HOUR
                        GROUP BY kind`, [COMMUNE]);
    const by = Object.fromEntries(ev.map((r) => [r.kind, r.n]));
    assert.ok(by.joined >= 4 && by.offered >= 4 && by.taken >= 1 && by.left >= 1, JSON.stringify(by));
  });
});
