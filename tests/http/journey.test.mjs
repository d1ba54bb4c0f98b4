// journey.test.mjs — the whole citizen journey over HTTP: search, site,
// form, hold, code, confirmation, booking page, convocation, move, cancel,
// finding the booking again (/gerer), a party of two, English.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, csrfOf, describe as show, formsOf, linksOf, pathOf, person, textOf, uniqueEmail,
} from '../lib/client.mjs';
import {
  bookingByRef, bookingSlots, clearRateLimits, closeDb, freeRuns, freeSlot, latestCode, one, q, slot,
} from '../lib/db.mjs';
import { HOLD_RE, MANAGE_RE, actionPath, book, confirm, hold, postBooking, postCode, postManage } from '../lib/flow.mjs';

before(async () => { await clearRateLimits(); });
after(async () => { await closeDb(); });

const SEARCH = '/recherche?procedure=CNI&personnes=1';

/** Site ids in the order of the result list. */
function siteIds(html) {
  return [...new Set(linksOf(html).map((h) => h.match(/^\/site\/(\d+)\?/)).filter(Boolean).map((m) => Number(m[1])))];
}

/** Distances in km of the result list, in order. */
function distances(html) {
  return [...html.matchAll(/class="distance"[^>]*>\s*([\d,.]+)\s*km/g)].map((m) => Number(m[1].replace(',', '.')));
}

describe('search', () => {
  test('GET / is a French page with the search form', async () => {
    const c = new Client();
    const res = await c.get('/');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') || '', /text\/html/);
    assert.match(res.text, /<html[^>]*\slang="fr"/);
    assert.match(res.text, /<form\b/);
    const f = formsOf(res.text).find((x) => x.action === '/recherche');
    assert.ok(f, 'a form to /recherche');
    assert.ok('procedure' in f.fields && 'personnes' in f.fields && 'lieu' in f.fields, JSON.stringify(f.fields));
    assert.match(textOf(res.text), /rendez-vous/i);
  });

  test('search by postcode 74000 lists sites, nearest first', async () => {
    const res = await new Client().get(`${SEARCH}&lieu=74000`);
    assert.equal(res.status, 200, show(res));
    const ids = siteIds(res.text);
    assert.ok(ids.length >= 2, `sites listed: ${ids}`);
    assert.ok([1, 2].includes(ids[0]), `an Annecy site first, got ${ids}`);
    const d = distances(res.text);
    assert.ok(d.length >= 2, 'distances shown');
    for (let i = 1; i < d.length; i++) assert.ok(d[i - 1] <= d[i], `nearest first: ${d}`);
    assert.match(textOf(res.text), /Annecy/);
  });

  test('search by name "Annecy" lists the same sites, nearest first', async () => {
    const res = await new Client().get(`${SEARCH}&lieu=Annecy`);
    assert.equal(res.status, 200, show(res));
    const ids = siteIds(res.text);
    assert.ok([1, 2].includes(ids[0]), `an Annecy site first, got ${ids}`);
    const d = distances(res.text);
    for (let i = 1; i < d.length; i++) assert.ok(d[i - 1] <= d[i], `nearest first: ${d}`);
  });

  test('sorting by date is offered and answers 200', async () => {
    const res = await new Client().get(`${SEARCH}&insee=74010&tri=date`);
    assert.equal(res.status, 200, show(res));
    assert.ok(siteIds(res.text).length >= 1);
  });

  test('a postcode that is also an INSEE code (74150) means the communes of that postcode', async () => {
    const res = await new Client().get(`${SEARCH}&lieu=74150`);
    assert.equal(res.status, 200, show(res));
    const choices = linksOf(res.text).filter((h) => /^\/recherche\?.*insee=\d{5}/.test(h));
    assert.ok(choices.length >= 2, `the communes of 74150 to choose from: ${choices}`);
    assert.ok(choices.some((h) => h.includes('insee=74225')), 'Rumilly (74150) among them');
    assert.ok(!choices.some((h) => h.includes('insee=74150')), 'not Loisin, whose INSEE code is 74150 (postcode 74140)');
    // A choice made on the list is that commune, even when its INSEE code is someone's postcode.
    const loisin = await new Client().get(`${SEARCH}&insee=74150`);
    assert.equal(loisin.status, 200);
    assert.match(textOf(loisin.text), /Loisin/);
  });

  test('an ambiguous postcode (74370) shows a choice of communes', async () => {
    const res = await new Client().get(`${SEARCH}&lieu=74370`);
    assert.equal(res.status, 200, show(res));
    const choices = linksOf(res.text).filter((h) => /^\/recherche\?.*insee=\d{5}/.test(h));
    assert.ok(choices.length >= 2, `several choices: ${choices}`);
    assert.ok(choices.some((h) => h.includes('insee=74010')), 'Annecy among the choices');
    const follow = await new Client().get(choices.find((h) => h.includes('insee=74010')));
    assert.equal(follow.status, 200);
    assert.ok(siteIds(follow.text).length >= 1);
  });

  test('an unknown commune gets 400, a French message and the typed value', async () => {
    const res = await new Client().get(`${SEARCH}&lieu=Zzyzxvillequixnexistepas`);
    assert.equal(res.status, 400, show(res));
    assert.match(textOf(res.text), /Nous ne trouvons pas cette commune/);
    assert.match(res.text, /value="Zzyzxvillequixnexistepas"/);
  });

  test('search by position (lat/lon)', async () => {
    const res = await new Client().get(`${SEARCH}&lat=46.3709&lon=6.4791`);
    assert.equal(res.status, 200, show(res));
    assert.equal(siteIds(res.text)[0], 3, 'Thonon first near Thonon');
  });

  test('GET /site/<id> shows days and times that lead to /reserver', async () => {
    const res = await new Client().get('/site/1?procedure=CNI&personnes=1');
    assert.equal(res.status, 200, show(res));
    assert.match(textOf(res.text), /Annecy/);
    const times = linksOf(res.text).filter((h) => /^\/reserver\?creneau=\d+&procedure=CNI&personnes=1$/.test(h));
    assert.ok(times.length >= 1, 'free times link to /reserver');
    const days = linksOf(res.text).filter((h) => /^\/site\/1\?.*jour=\d{4}-\d\d-\d\d/.test(h));
    assert.ok(days.length >= 7, 'a strip of days');
    const day = await new Client().get(days[days.length - 1]);
    assert.equal(day.status, 200);
  });
});

describe('booking journey', () => {
  const c = new Client();
  let slotId, h, managed, booked;

  test('GET /reserver shows the form for a free slot', async () => {
    slotId = await freeSlot('CNI', 1, { communeInsee: '74010' });
    const res = await c.get(`/reserver?creneau=${slotId}&procedure=CNI&personnes=1`);
    assert.equal(res.status, 200, show(res));
    const f = formsOf(res.text).find((x) => x.action === '/reserver');
    assert.ok(f, 'a form posting to /reserver');
    assert.equal(f.method, 'post');
    assert.equal(f.fields.creneau, String(slotId));
    assert.equal(f.fields.procedure, 'CNI');
    assert.ok(csrfOf(res.text), 'csrf token');
    for (const n of ['nom_1', 'prenoms_1', 'naissance_1', 'predemande_1', 'telephone', 'email', 'domicile']) {
      assert.ok(n in f.fields, `field ${n}`);
    }
  });

  test('POST /reserver holds the slot and redirects to /confirmer', async () => {
    const before_ = await slot(slotId);
    h = await hold({ client: c, slotId });
    const b = await bookingByRef(h.ref);
    assert.equal(b.status, 'held');
    const after_ = await slot(slotId);
    assert.equal(after_.booked_regular, before_.booked_regular + 1, 'one place taken');
    assert.match(await latestCode(h.ref), /^\d{6}$/, 'a code in the outbox');
  });

  test('GET /confirmer shows the code form', async () => {
    const res = await c.get(h.holdPath);
    assert.equal(res.status, 200, show(res));
    const f = formsOf(res.text).find((x) => 'code' in x.fields);
    assert.ok(f, 'a code field');
    assert.equal(f.action, `/confirmer/${h.ref}`);
    assert.equal(f.method, 'post');
    // Counts in words, with French plurals (never "personne(s)").
    const t = textOf(res.text);
    assert.match(t, /— 1 personne\b/, 'one person, singular');
    assert.match(t, /L'horaire reste réservé pendant encore (1 minute|([2-9]|\d\d) minutes)\./, 'minutes left');
    assert.doesNotMatch(t, /\(s\)/, 'no "(s)"');
  });

  test('a wrong code gets 422 with the tries left', async () => {
    const right = await latestCode(h.ref);
    const wrong = right === '000000' ? '111111' : '000000';
    const res = await postCode(h, wrong);
    assert.equal(res.status, 422, show(res));
    assert.match(textOf(res.text), /Il vous reste 4 essais\./);
  });

  test('the right code confirms and redirects to the booking page', async () => {
    managed = await confirm(h);
    const b = await bookingByRef(h.ref);
    assert.equal(b.status, 'confirmed');
  });

  test('the booking page shows the reference and the documents', async () => {
    const res = await c.get(managed.managePath);
    assert.equal(res.status, 200, show(res));
    const t = textOf(res.text);
    assert.match(t, new RegExp(h.ref));
    assert.match(t, /Justificatif de domicile/);
    assert.match(t, new RegExp(h.persons[0].nom));
    booked = await bookingByRef(h.ref);
  });

  test('the convocation answers 200', async () => {
    const res = await c.get(actionPath(managed.manageBase, 'convocation'));
    assert.equal(res.status, 200, show(res));
    assert.match(textOf(res.text), new RegExp(h.ref));
  });

  test('a wrong manage token gets 404', async () => {
    const res = await c.get(`/rdv/${h.ref}?t=${'0'.repeat(64)}`);
    assert.equal(res.status, 404, show(res));
  });

  test('the move page lists other times', async () => {
    const res = await c.get(actionPath(managed.manageBase, 'deplacer'));
    assert.equal(res.status, 200, show(res));
    assert.ok(formsOf(res.text).some((f) => f.action === `/rdv/${h.ref}/deplacer`), 'a move form');
  });

  test('moving to another slot frees the old one and takes the new one', async () => {
    // Beyond the commune's cancellation limit (24 h in Annecy): the next
    // test cancels online.
    const runs = await freeRuns('CNI', 1, { siteId: (await one(
      'SELECT d.site_id FROM devices d WHERE d.id = ?', [booked.device_id])).site_id, minHours: 30 });
    const target = runs.filter((r) => r.id !== slotId)[Math.floor(Math.random() * Math.min(20, runs.length - 1))];
    assert.ok(target, 'another free slot on the same site');
    const oldBefore = await slot(slotId);
    const newBefore = await slot(target.id);
    const res = await postManage(c, managed.manageBase, 'deplacer', { creneau: target.id });
    assert.equal(res.status, 303, show(res));
    assert.match(pathOf(res.location), MANAGE_RE);
    const b = await bookingByRef(h.ref);
    assert.equal(b.start_utc, newBefore.start_utc, 'new start');
    assert.equal(b.status, 'confirmed');
    assert.equal((await slot(slotId)).booked_regular, oldBefore.booked_regular - 1, 'old slot freed');
    assert.equal((await slot(target.id)).booked_regular, newBefore.booked_regular + 1, 'new slot taken');
    const bs = await bookingSlots(h.ref);
    assert.deepEqual(bs.map((s) => s.id), [target.id]);
    slotId = target.id;
  });

  test('cancelling frees the slot', async () => {
    const before_ = await slot(slotId);
    const res = await postManage(c, managed.manageBase, 'annuler');
    assert.equal(res.status, 303, show(res));
    const b = await bookingByRef(h.ref);
    assert.equal(b.status, 'cancelled');
    assert.equal((await slot(slotId)).booked_regular, before_.booked_regular - 1, 'slot freed');
    const page = await c.get(pathOf(res.location));
    assert.equal(page.status, 200);
    const again = await postManage(c, managed.manageBase, 'annuler');
    assert.equal(again.status, 409, show(again));
    const conv = await c.get(actionPath(managed.manageBase, 'convocation'));
    assert.equal(conv.status, 410, show(conv));
  });
});

describe('within the cancellation limit', () => {
  test('the booking page says how many hours before (plural) and the move form is refused', async () => {
    const h = await hold({ slotId: await freeSlot('CNI', 1, { communeInsee: '74010' }) });
    const m = await confirm(h);
    const { commune_id: cid, cancel_limit_hours: limit } = await one(
      'SELECT c.id AS commune_id, c.cancel_limit_hours FROM bookings b JOIN devices d ON d.id = b.device_id'
      + ' JOIN sites s ON s.id = d.site_id JOIN communes c ON c.id = s.commune_id WHERE b.ref = ?', [h.ref]);
    await q('UPDATE communes SET cancel_limit_hours = 9999 WHERE id = ?', [cid]);
    try {
      const res = await h.client.get(m.managePath);
      assert.equal(res.status, 200, show(res));
      const t = textOf(res.text);
      assert.match(t, /ne peut plus être modifié en ligne moins de 9999 heures avant l'horaire : contactez la mairie\./);
      assert.ok(!formsOf(res.text).some((f) => f.action === `/rdv/${h.ref}/annuler`), 'no cancel form');
      const move = await h.client.get(actionPath(m.manageBase, 'deplacer'));
      assert.equal(move.status, 409, show(move));
      const en = textOf((await h.client.get(`${m.managePath}&lang=en`)).text);
      assert.match(en, /cannot be changed online less than 9999 hours before its time: contact the town hall\./);
      await h.client.get('/?lang=fr');
    } finally {
      await q('UPDATE communes SET cancel_limit_hours = ? WHERE id = ?', [limit, cid]);
    }
  });
});

describe('/gerer: finding a booking again', () => {
  test('reference + contact -> code -> booking page', async () => {
    const b = await book({ slotId: await freeSlot('CNI', 1) });
    const c = new Client();
    const page = await c.get('/gerer');
    assert.equal(page.status, 200);
    const csrf = csrfOf(page.text);
    assert.ok(csrf);
    const res = await c.post('/gerer', { csrf, reference: b.ref, contact: b.email });
    assert.equal(res.status, 303, show(res));
    assert.equal(pathOf(res.location), `/gerer/${b.ref}/code`);
    const codePage = await c.get(pathOf(res.location));
    assert.equal(codePage.status, 200);
    const code = await latestCode(b.ref);
    assert.notEqual(code, b.code, 'a new code was sent');
    // The message names the code for what it is, and its real life.
    const msgs = await q(`SELECT o.subject, o.body FROM outbox o JOIN bookings bk ON bk.id = o.booking_id
                           WHERE bk.ref = ? AND o.kind = 'code' ORDER BY o.id`, [b.ref]);
    const [first, last] = [msgs[0], msgs[msgs.length - 1]];
    assert.match(String(first.subject), /^Votre code de confirmation$/, 'the first code confirms the request');
    assert.match(String(last.subject), /^Votre code pour gérer votre rendez-vous$/);
    assert.match(String(last.body), /Votre code pour gérer votre rendez-vous est/);
    assert.doesNotMatch(String(last.body), /code de confirmation/);
    assert.match(String(last.body), /Il expire dans 10 minutes/);
    const ok = await c.post(`/gerer/${b.ref}/code`, { csrf, code });
    assert.equal(ok.status, 303, show(ok));
    const loc = pathOf(ok.location);
    assert.match(loc, MANAGE_RE);
    const manage = await c.get(loc);
    assert.equal(manage.status, 200);
    assert.match(textOf(manage.text), new RegExp(b.ref));
  });

  test('an unknown reference gets the same answer and no code', async () => {
    const c = new Client();
    const csrf = await c.csrf();
    const res = await c.post('/gerer', { csrf, reference: 'ZZZZZZZZ', contact: uniqueEmail() });
    assert.equal(res.status, 303, show(res));
    assert.equal(pathOf(res.location), '/gerer/ZZZZZZZZ/code');
  });
});

describe('party of two', () => {
  test('a party of 2 takes 2 back-to-back slots', async () => {
    const slotId = await freeSlot('CNI', 2);
    const run = freeSlot.last;
    const before_ = await Promise.all(run.ids.map((id) => slot(id)));
    const h = await hold({ slotId, persons: [person(), person()], personnes: 2 });
    const page = textOf((await h.client.get(h.holdPath)).text);
    assert.match(page, /— 2 personnes\b/, 'two people, plural');
    const en = textOf((await h.client.get(`${h.holdPath}&lang=en`)).text);
    assert.match(en, /— 2 people\b/, 'in English');
    assert.match(en, /The time is held for you for another \d+ minutes?\./);
    await h.client.get('/?lang=fr');
    const bs = await bookingSlots(h.ref);
    assert.equal(bs.length, 2, 'two slots');
    assert.deepEqual(bs.map((s) => s.id), run.ids);
    assert.equal(bs[0].end_utc, bs[1].start_utc, 'back to back');
    for (let i = 0; i < 2; i++) assert.equal(bs[i].booked_regular, before_[i].booked_regular + 1);
    const b = await confirm(h);
    const row = await bookingByRef(b.ref);
    assert.equal(row.party_size, 2);
    const persons = await one('SELECT COUNT(*) AS n FROM booking_persons bp JOIN bookings b ON b.id = bp.booking_id WHERE b.ref = ?', [b.ref]);
    assert.equal(persons.n, 2);
  });
});

describe('language', () => {
  test('?lang=en shows English and is remembered', async () => {
    const c = new Client();
    const res = await c.get('/?lang=en');
    assert.equal(res.status, 200);
    assert.match(res.text, /<html[^>]*\slang="en"/);
    const t = textOf(res.text);
    assert.match(t, /appointment/i, 'English text on the home page');
    assert.doesNotMatch(res.text.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)?.[1] ?? '', /Prendre rendez-vous/, 'the title is translated');
    const next = await c.get(`${SEARCH}&lieu=74000`);
    assert.match(next.text, /<html[^>]*\slang="en"/, 'the choice is kept');
    const fr = await c.get('/?lang=fr');
    assert.match(fr.text, /<html[^>]*\slang="fr"/);
  });
});

describe('a time taken meanwhile', () => {
  /** Free runs of one site and UTC day with at least 4 times, the middle one. */
  async function crowdedDay() {
    const runs = await freeRuns('CNI', 1, { minHours: 30 });
    const groups = new Map();
    for (const r of runs) {
      const k = `${r.site_id} ${r.start_utc.slice(0, 10)}`;
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k).push(r);
    }
    const days = [...groups.values()].filter((g) => g.length >= 4);
    assert.ok(days.length, 'a site and day with 4 free times');
    const day = days[Math.floor(Math.random() * days.length)];
    return day[Math.floor(day.length / 2)];
  }

  test('the form comes back (409) with the nearest free times of the site and the values typed; one submit books', async () => {
    const target = await crowdedDay();
    const other = await hold({ slotId: target.id });           // someone was faster
    const c = new Client();
    const p = person();
    const email = uniqueEmail('taken');
    const r = await postBooking({ client: c, slotId: target.id, persons: [p], email });
    assert.equal(r.res.status, 409, show(r.res));
    const t = textOf(r.res.text);
    assert.match(t, /vient d'être réservé par quelqu'un d'autre/);
    assert.match(t, /vos informations sont conservées/);
    assert.match(t, /Autres horaires libres à ce lieu/);

    const form = formsOf(r.res.text).find((f) => f.action === '/reserver' && f.method === 'post');
    assert.ok(form, 'the booking form');
    assert.equal(form.fields.nom_1, p.nom);
    assert.equal(form.fields.prenoms_1, p.prenoms);
    assert.equal(form.fields.naissance_1, p.naissance);
    assert.equal(form.fields.email, email);
    assert.ok(!r.res.text.includes(`value="${target.id}"`), 'the taken time is not offered nor hidden');

    const offered = [...r.res.text.matchAll(/<input type="radio" id="creneau_\d+" name="creneau" value="(\d+)"/g)].map((m) => Number(m[1]));
    assert.ok(offered.length >= 2 && offered.length <= 6, `2 to 6 other times: ${offered}`);
    const rows = await q(
      `SELECT s.id, s.start_utc, d.site_id, s.cap_regular - s.booked_regular AS free
         FROM slots s JOIN devices d ON d.id = s.device_id WHERE s.id IN (${offered.map(() => '?').join(',')})`, offered);
    const byId = new Map(rows.map((x) => [x.id, x]));
    for (const id of offered) {
      assert.equal(byId.get(id).site_id, target.site_id, `slot ${id} is at the same site`);
      assert.ok(byId.get(id).free > 0, `slot ${id} is free`);
    }
    const starts = offered.map((id) => Date.parse(byId.get(id).start_utc.replace(' ', 'T') + 'Z'));
    assert.deepEqual([...starts].sort((a, b) => a - b), starts, 'in order of time');
    const aim = Date.parse(target.start_utc.replace(' ', 'T') + 'Z');
    const nearest = offered[starts.map((s) => Math.abs(s - aim)).reduce((bi, d, i, all) => (d < all[bi] ? i : bi), 0)];
    assert.equal(Number(form.fields.creneau), nearest, 'the nearest is chosen in advance');

    // The consent box is ticked again; everything else is sent back as it came.
    const res = await c.post('/reserver', { ...form.fields, consentement: '1' });
    assert.equal(res.status, 303, show(res));
    const ref = pathOf(res.location).match(HOLD_RE)[1];
    assert.deepEqual((await bookingSlots(ref)).map((s) => s.id), [nearest]);
    const row = await bookingByRef(ref);
    assert.equal(row.contact_email, email);

    // The form of the taken time, asked for by link, offers the same way.
    const g = await new Client().get(`/reserver?creneau=${target.id}&procedure=CNI&personnes=1`);
    assert.equal(g.status, 409, show(g));
    assert.match(g.text, /name="creneau" value="\d+" checked/);

    await q('UPDATE bookings SET hold_expires_utc = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE ref IN (?, ?)', [ref, other.ref]);
  });
});

describe('a landline given with an email', () => {
  test('never gets an SMS: the code, the confirmation and the reminders go by email only', async () => {
    const slotId = await freeSlot('CNI', 1);
    const h = await hold({ slotId, telephone: '04 50 33 88 88', email: uniqueEmail('fixe'), canal: 'email' });
    await confirm(h);
    const b = await bookingByRef(h.ref);
    assert.equal(b.contact_phone, '+33450338888', 'the number is kept for the town hall to call');
    const channels = (await q('SELECT DISTINCT channel FROM outbox WHERE booking_id = ?', [b.id])).map((r) => r.channel);
    assert.deepEqual(channels, ['email'], 'no SMS queued to a landline');
  });
});

describe('giving up a hold', () => {
  test('"Annuler cette demande" frees the places and the person at once', async () => {
    const slotId = await freeSlot('CNI', 1);
    const p = person();
    const before0 = await slot(slotId);
    const h = await hold({ slotId, persons: [p] });
    assert.equal((await slot(slotId)).booked_regular, before0.booked_regular + 1, 'held');
    const page = await h.client.get(h.holdPath);
    const f = formsOf(page.text).find((x) => x.action === `/confirmer/${h.ref}/abandonner`);
    assert.ok(f, 'the code page offers to give the request up');
    const res = await h.client.post(f.action, f.fields);
    assert.equal(res.status, 200, show(res));
    assert.match(textOf(res.text), /Votre demande n'a pas été confirmée et elle est maintenant annulée/);
    assert.equal((await bookingByRef(h.ref)).status, 'expired');
    assert.equal((await slot(slotId)).booked_regular, before0.booked_regular, 'the place is free again');
    // The same person may book again at once (the duplicate rule's lock went too).
    const again = await hold({ slotId, persons: [p] });
    assert.ok(again.ref, 'held again');
    // The code of the given-up request no longer confirms anything.
    const code = await latestCode(h.ref);
    const late = await postCode(h, code);
    assert.ok(late.status >= 400, `a given-up request cannot be confirmed: ${late.status}`);
    await q('UPDATE bookings SET hold_expires_utc = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE ref = ?', [again.ref]);
  });
});

describe('the strip of days at the horizon', () => {
  test('days past the commune\'s horizon are not links, and say so', async () => {
    const site = await one('SELECT si.id, c.horizon_days FROM sites si JOIN communes c ON c.id = si.commune_id WHERE si.active = 1 ORDER BY si.id LIMIT 1');
    const d = new Date(Date.now() + (site.horizon_days - 5) * 86400000).toISOString().slice(0, 10);
    const res = await new Client().get(`/site/${site.id}?procedure=CNI&personnes=1&debut=${d}`);
    assert.equal(res.status, 200, show(res));
    const links = linksOf(res.text).filter((h) => /[?&]jour=\d{4}-\d{2}-\d{2}/.test(h));
    const last = new Date(Date.now() + site.horizon_days * 86400000 + 86400000).toISOString().slice(0, 10);
    assert.ok(links.every((h) => h.match(/jour=(\d{4}-\d{2}-\d{2})/)[1] <= last), `no link past the horizon: ${links.slice(-3)}`);
    assert.ok(links.length < 14, 'some days of the strip are past it');
    assert.match(textOf(res.text), /pas encore ouvert/);
  });
});

describe('a party too large for a time', () => {
  test('a forced post says there is not enough room for the party, not that someone took the time', async () => {
    const runs = await freeRuns('CNI', 2);
    const run = runs[Math.floor(Math.random() * runs.length)];
    const second = await slot(run.ids[run.ids.length - 1]);
    await q('UPDATE slots SET booked_regular = cap_regular WHERE id = ?', [second.id]);
    try {
      const r = await postBooking({ slotId: run.id, procedure: 'CNI', persons: [person(), person()] });
      assert.equal(r.res.status, 409, show(r.res));
      assert.match(textOf(r.res.text), /pas assez de place pour 2 personnes à cet horaire/);
      assert.ok(!/réservé par quelqu'un d'autre/.test(textOf(r.res.text)));
    } finally {
      await q('UPDATE slots SET booked_regular = ? WHERE id = ?', [second.booked_regular, second.id]);
    }
  });
});

describe('a code sent again', () => {
  test('keeps the hold for the new code\'s own life', async () => {
    const slotId = await freeSlot('CNI', 1);
    const h = await hold({ slotId });
    await q('UPDATE bookings SET hold_expires_utc = UTC_TIMESTAMP() + INTERVAL 2 MINUTE WHERE ref = ?', [h.ref]);
    const page = await h.client.get(h.holdPath);
    const f = formsOf(page.text).find((x) => x.action === `/confirmer/${h.ref}/renvoyer`);
    const res = await h.client.post(f.action, f.fields);
    assert.equal(res.status, 303, show(res));
    const left = await one('SELECT TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), hold_expires_utc) AS s FROM bookings WHERE ref = ?', [h.ref]);
    assert.ok(left.s > 9 * 60, `the hold lasts as long as the new code (${left.s} s left)`);
    await q('UPDATE bookings SET hold_expires_utc = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE ref = ?', [h.ref]);
  });
});

describe('a person held back by their own unconfirmed request', () => {
  test('is told so plainly, with the way back to it for the same contact only', async () => {
    const p = person();
    const h = await hold({ slotId: await freeSlot('CNI', 1), persons: [p] });
    try {
      // The same person, the same email: the request is named, with a link to it.
      const again = await postBooking({ slotId: await freeSlot('CNI', 1), persons: [p], email: h.email });
      assert.equal(again.res.status, 409, show(again.res));
      const t = textOf(again.res.text);
      assert.match(t, /Une demande non confirmée est en cours pour/);
      assert.match(t, /prend fin dans \d+ minutes?/);
      assert.doesNotMatch(t, /message de confirmation/, 'not pointed to a message that was never sent');
      const link = linksOf(again.res.text).find((u) => u.startsWith(`/confirmer/${h.ref}?`));
      assert.ok(link, 'a link to the pending request');
      const page = await new Client().get(link);
      assert.equal(page.status, 200, show(page));
      assert.ok(formsOf(page.text).some((x) => x.action === `/confirmer/${h.ref}/abandonner`), 'where it can be given up');
      assert.ok(again.res.text.includes(`value="${p.nom}"`), 'the values kept');
      // Another contact: told, but no way into someone else's request.
      const other = await postBooking({ slotId: await freeSlot('CNI', 1), persons: [p] });
      assert.equal(other.res.status, 409);
      assert.match(textOf(other.res.text), /Une demande non confirmée est en cours pour .* attend le code envoyé au contact/);
      assert.ok(!linksOf(other.res.text).some((u) => u.startsWith('/confirmer/')), 'no link for another contact');
    } finally {
      await q('UPDATE bookings SET hold_expires_utc = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE ref = ?', [h.ref]);
    }
  });
});

describe('the search results say where, and how far', () => {
  test('"près d\'Annecy" elided, "près de Thonon-les-Bains" not; the first site comes before the map', async () => {
    const a = await new Client().get(`${SEARCH}&insee=74010`);
    assert.equal(a.status, 200, show(a));
    assert.match(textOf(a.text), /près d'Annecy \(74\)\./);
    assert.doesNotMatch(textOf(a.text), /près de Annecy/);
    assert.match(textOf(a.text), /Lieux de rendez-vous proches/);
    assert.ok(a.text.indexOf('class="site card"') < a.text.indexOf('id="map"'), 'the first site before the map');
    const t = await new Client().get(`${SEARCH}&insee=74281`);
    assert.match(textOf(t.text), /près de Thonon-les-Bains \(74\)\./);
  });

  test('sites far away are not called near: the page gives the distance', async () => {
    // Paris, about 440 km from the Haute-Savoie sites.
    const res = await new Client().get(`${SEARCH}&lat=48.85660&lon=2.35220`);
    assert.equal(res.status, 200, show(res));
    const text = textOf(res.text);
    assert.doesNotMatch(text, /Lieux de rendez-vous proches/);
    assert.match(text, /Lieux de rendez-vous/);
    const m = text.match(/Le lieu le plus proche est à (\d+) km/);
    assert.ok(m, 'the distance said');
    assert.ok(Number(m[1]) > 300, `far: ${m[1]} km`);
  });
});

describe('the consent box', () => {
  test('left unticked: the error says what is accepted, the values kept', async () => {
    const p = person();
    const r = await postBooking({ slotId: await freeSlot('CNI', 1), persons: [p], consent: false });
    assert.equal(r.res.status, 422, show(r.res));
    const t = textOf(r.res.text);
    assert.match(t, /accepter que la mairie utilise ces informations \(noms, dates de naissance, contact\) pour gérer ce rendez-vous/);
    assert.doesNotMatch(t, /Cette case doit être cochée/);
    assert.ok(r.res.text.includes(`value="${p.nom}"`), 'the name kept');
  });
});

describe('the forms\' examples', () => {
  test('each example of the home and booking forms leads to one commune, no choice to make', async () => {
    const home = await new Client().get('/');
    const hm = textOf(home.text).match(/Par exemple : (\S+) ou (\d{5})/);
    assert.ok(hm, 'the home form gives an example');
    for (const ex of [hm[1], hm[2]]) {
      const res = await new Client().get(`${SEARCH}&lieu=${encodeURIComponent(ex)}`);
      assert.equal(res.status, 200, show(res));
      assert.ok(siteIds(res.text).length >= 1, `"${ex}": the results at once, not a list of communes`);
    }
    const slotId = await freeSlot('CNI', 1);
    const form = await new Client().get(`/reserver?creneau=${slotId}&procedure=CNI&personnes=1`);
    const bm = textOf(form.text).match(/Nom ou code postal, par exemple (\S+) ou (\d{5})/);
    assert.ok(bm, 'the booking form gives an example');
    for (const ex of [bm[1], bm[2]]) {
      const r = await postBooking({ slotId: await freeSlot('CNI', 1), persons: [person()], domicile: ex });
      assert.equal(r.res.status, 303, `"${ex}" as the home commune: ${show(r.res)}`);
      await q('UPDATE bookings SET hold_expires_utc = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE ref = ?',
        [pathOf(r.res.location).match(/\/confirmer\/([A-Z0-9]+)/)[1]]);
    }
  });
});

describe('moving an appointment to another site', () => {
  test('the move page lists the other sites; a time there is taken before the old one is freed', async () => {
    const oldSlot = await freeSlot('CNI', 1, { communeInsee: '74010', minHours: 30 });
    const b = await book({ slotId: oldSlot, persons: [person()] });
    const booked = await bookingByRef(b.ref);
    const from = await one('SELECT d.site_id FROM devices d WHERE d.id = ?', [booked.device_id]);
    const page = await b.client.get(actionPath(b.manageBase, 'deplacer'));
    assert.equal(page.status, 200, show(page));
    assert.match(textOf(page.text), /Ou un autre lieu/);
    // Thonon's town hall, linked with its earliest time.
    const thonon = await one("SELECT si.id FROM sites si JOIN communes c ON c.id = si.commune_id WHERE c.insee = '74281' AND si.active = 1 ORDER BY si.id LIMIT 1");
    const link = linksOf(page.text).find((u) => u.includes(`&lieu=${thonon.id}`));
    assert.ok(link, 'a link to the other site');
    const there = await b.client.get(link);
    assert.equal(there.status, 200, show(there));
    assert.match(textOf(there.text), /Horaires à un autre lieu/);
    const form = formsOf(there.text).find((f) => f.action === `/rdv/${b.ref}/deplacer`);
    const times = [...there.text.matchAll(/name="creneau" value="(\d+)"/g)].map((m) => Number(m[1]));
    assert.ok(form && times.length, 'times of the other site');
    const target = await one('SELECT s.*, d.site_id FROM slots s JOIN devices d ON d.id = s.device_id WHERE s.id = ?', [times[0]]);
    assert.equal(target.site_id, thonon.id, 'the times are the other site\'s');
    const oldBefore = await slot(oldSlot);
    const res = await postManage(b.client, b.manageBase, 'deplacer', { creneau: target.id });
    assert.equal(res.status, 303, show(res));
    const after = await bookingByRef(b.ref);
    assert.equal(after.device_id, target.device_id, 'now on the other site\'s device');
    assert.equal(after.status, 'confirmed');
    assert.equal((await slot(oldSlot)).booked_regular, oldBefore.booked_regular - 1, 'the old place freed');
    assert.equal((await slot(target.id)).booked_regular, target.booked_regular + 1, 'the new one taken');
    assert.notEqual(from.site_id, thonon.id);
    const moved = await one(`SELECT COUNT(*) AS n FROM outbox o WHERE o.booking_id = ? AND o.kind = 'moved'`, [after.id]);
    assert.ok(Number(moved.n) >= 1, 'the person is told');
  });

  test('an unknown site on the move page: 400 with a message', async () => {
    const b = await book({ slotId: await freeSlot('CNI', 1, { minHours: 30 }), persons: [person()] });
    const res = await b.client.get(`${actionPath(b.manageBase, 'deplacer')}&lieu=999999`);
    assert.equal(res.status, 400, show(res));
    assert.match(textOf(res.text), /Ce lieu n'existe pas/);
  });
});

describe('closed days and full days', () => {
  // The state a strip shows for a day (its day of the month is unique
  // within the 14 days): 'fermé', 'complet', or 'open'.
  const stateOf = (html, iso) => {
    const day = Number(iso.slice(8, 10));
    const m = [...html.matchAll(/class="day[^"]*"[^>]*>([^<]+)(?:<span class="small">([^<]+)<\/span>)?<\/a>/g)]
      .find((x) => Number((x[1].match(/(\d+)/) || [])[1]) === day);
    assert.ok(m, `the day ${iso} in the strip`);
    return m[2] || 'open';
  };

  test('a day without opening hours says "fermé"; a day whose places are taken says "complet"; a closure over a day says "fermé"', async () => {
    const site = 1;
    const devs = (await q(`SELECT d.id FROM devices d JOIN device_procedures dp ON dp.device_id = d.id
                             JOIN procedures p ON p.id = dp.procedure_id AND p.code = 'CNI' WHERE d.site_id = ? AND d.active = 1`, [site])).map((r) => r.id);
    // Two weekdays with free CNI places far ahead (a strip no other test
    // shows: its days are read after the changes below), one 1-3 days after the other.
    const days = (await q(`SELECT DATE_FORMAT(CONVERT_TZ(s.start_utc, '+00:00', 'Europe/Paris'), '%Y-%m-%d') AS d FROM slots s
                             WHERE s.device_id IN (${devs.join(',')}) AND s.start_utc > UTC_TIMESTAMP() + INTERVAL 45 DAY
                               AND s.start_utc < UTC_TIMESTAMP() + INTERVAL 70 DAY AND s.cap_regular > s.booked_regular
                             GROUP BY d ORDER BY d`)).map((r) => r.d);
    assert.ok(days.length >= 3, `free days far ahead: ${days}`);
    const [full, closedDay] = [days[0], days[1]];
    const url = `/site/${site}?procedure=CNI&personnes=1&debut=${full}`;
    const dayRows = async (iso) => q(`SELECT id, cap_regular, booked_regular FROM slots WHERE device_id IN (${devs.join(',')})
                                        AND DATE(CONVERT_TZ(start_utc, '+00:00', 'Europe/Paris')) = ?`, [iso]);
    const fullRows = await dayRows(full);
    const closedRows = await dayRows(closedDay);
    const ids = [];
    try {
      // Every place of one day taken; the other closed as a closure does
      // (its places withdrawn, the closure recorded).
      await q(`UPDATE slots SET booked_regular = cap_regular WHERE id IN (${fullRows.map((x) => x.id).join(',')})`);
      await q(`UPDATE slots SET cap_regular = booked_regular WHERE id IN (${closedRows.map((x) => x.id).join(',')})`);
      for (const d of devs) {
        const r = await q(`INSERT INTO closures (device_id, kind, start_utc, end_utc, reason, created_utc)
                           VALUES (?, 'closure', CONVERT_TZ(?, 'Europe/Paris', '+00:00'), CONVERT_TZ(?, 'Europe/Paris', '+00:00'), 'test', UTC_TIMESTAMP())`,
        [d, `${closedDay} 00:00:00`, `${closedDay} 23:59:59`]);
        ids.push(r.insertId);
      }
      const page = await new Client().get(url);
      assert.equal(page.status, 200, show(page));
      assert.equal(stateOf(page.text, full), 'complet', `${full}: its places taken`);
      assert.equal(stateOf(page.text, closedDay), 'fermé', `${closedDay}: closed`);
      const start = new Date(`${full}T12:00:00Z`);
      const sunday = [...Array(14).keys()].map((i) => new Date(start.getTime() + i * 86400000))
        .find((d) => d.getUTCDay() === 0).toISOString().slice(0, 10);
      assert.equal(stateOf(page.text, sunday), 'fermé', `Sunday ${sunday}: no opening hours`);
    } finally {
      for (const x of [...fullRows, ...closedRows]) await q('UPDATE slots SET cap_regular = ?, booked_regular = ? WHERE id = ?', [x.cap_regular, x.booked_regular, x.id]);
      if (ids.length) await q(`DELETE FROM closures WHERE id IN (${ids.join(',')})`);
    }
  });
});
