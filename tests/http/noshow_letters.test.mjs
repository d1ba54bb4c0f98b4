// noshow_letters.test.mjs — absences as letters (issue #21 §3): the
// commune's choice (message, letter, or both) on the settings page, the
// printable letter of one booking and a day's batch, who may print them,
// and a person's absences of the last year shown to agents on their next
// booking (undone when the person came after all, forgotten after a year).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe as show, formsOf, person, textOf, uniqueEmail } from '../lib/client.mjs';
import { VAR, bookingByRef, closeDb, one, q } from '../lib/db.mjs';
import { ACCOUNTS, COMMUNE, DEVICE, FORBIDDEN_RE, freeRunAt, localParts, outbox, signInAll, staffBookOk, staffPost } from '../lib/staff.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD = process.env.CRENEAU_BUILD || ['build-asan', 'build'].find((b) => fs.existsSync(path.join(ROOT, b, 'bin', 'creneau-admin')));
const ADMIN = path.join(ROOT, BUILD, 'bin', 'creneau-admin');

let C;
let saved;

before(async () => {
  await q('DELETE FROM rate_events');
  C = await signInAll();
  saved = (await one('SELECT noshow_notice FROM communes WHERE id = ?', [COMMUNE.annecy])).noshow_notice;
});

after(async () => {
  await q('UPDATE communes SET noshow_notice = ? WHERE id = ?', [saved, COMMUNE.annecy]);
  await closeDb();
});

const annecyRun = (o = {}) => freeRunAt({ deviceIds: [DEVICE.annecyDr1, DEVICE.annecyDr2, DEVICE.annecyDr3], ...o });

/** Sets the commune's choice through the settings page; returns the answer. */
function setNotice(client, value) {
  return staffPost(client, '/agent/parametres/absences', { prevenir: value, commune: String(COMMUNE.annecy) });
}

/** A booking at Annecy for `persons`, moved an hour into the past (its lock
 * with it), then noted absent. Returns its reference. */
async function absentBooking(persons, email = uniqueEmail('absent')) {
  const { ref } = await staffBookOk(C.agentAnnecy, { slotId: (await annecyRun()).id, persons, email });
  await pastAndAbsent(ref);
  return ref;
}

async function pastAndAbsent(ref) {
  const b = await bookingByRef(ref);
  await q(`UPDATE bookings SET start_utc = UTC_TIMESTAMP() - INTERVAL 1 HOUR, end_utc = UTC_TIMESTAMP() - INTERVAL 45 MINUTE
           WHERE id = ?`, [b.id]);
  await q('UPDATE person_locks SET ends_utc = UTC_TIMESTAMP() - INTERVAL 45 MINUTE WHERE booking_id = ?', [b.id]);
  const r = await staffPost(C.agentAnnecy, `/agent/rdv/${ref}/pointage`, { etape: 'noshow' });
  assert.equal(r.status, 303, show(r));
}

describe('the commune chooses message, letter or both', () => {
  test('the settings page shows the choice; a bad value is refused in French with 422; a good one is saved and audited', async () => {
    const page = await C.cadmin.get(`/agent/parametres?commune=${COMMUNE.annecy}`);
    assert.equal(page.status, 200, show(page));
    const f = formsOf(page.text).find((x) => x.action === '/agent/parametres/absences');
    assert.ok(f && f.method === 'post' && f.fields.csrf, 'a POST form with its CSRF token');
    assert.match(textOf(page.text), /Personnes absentes à leur rendez-vous/);

    const bad = await setNotice(C.cadmin, 'pigeon');
    assert.equal(bad.status, 422, show(bad));
    assert.match(textOf(bad.text), /Choisissez comment la personne absente est prévenue/);
    assert.equal((await one('SELECT noshow_notice FROM communes WHERE id = ?', [COMMUNE.annecy])).noshow_notice, saved, 'nothing changed');

    const ok = await setNotice(C.cadmin, 'both');
    assert.equal(ok.status, 303, show(ok));
    assert.equal((await one('SELECT noshow_notice FROM communes WHERE id = ?', [COMMUNE.annecy])).noshow_notice, 'both');
    const audit = await q("SELECT * FROM audit_log WHERE action = 'noshow_notice' AND entity_id = ? ORDER BY id DESC LIMIT 1", [String(COMMUNE.annecy)]);
    assert.equal(audit.length, 1);
    assert.equal(audit[0].details, 'both');
    const again = await C.cadmin.get(`/agent/parametres?commune=${COMMUNE.annecy}&absences=1`);
    assert.match(again.text, /value="both" checked/);
    assert.match(textOf(again.text), /Choix enregistré/);
  });

  test('only the commune\'s administrators may choose (an agent: 403; without the token: refused)', async () => {
    const r = await setNotice(C.agentAnnecy, 'letter');
    assert.equal(r.status, 403, show(r));
    const noToken = await C.cadmin.post('/agent/parametres/absences', { prevenir: 'letter', commune: String(COMMUNE.annecy) });
    assert.ok(noToken.status >= 400 && noToken.status < 500, show(noToken));
    assert.notEqual((await one('SELECT noshow_notice FROM communes WHERE id = ?', [COMMUNE.annecy])).noshow_notice, 'letter');
  });
});

describe('the letter', () => {
  test('"letter": no message goes out, the booking offers its letter, which says when, how to book again and how to cancel', async () => {
    assert.equal((await setNotice(C.cadmin, 'letter')).status, 303);
    const p = person();
    const email = uniqueEmail('lettre');
    const { ref } = await staffBookOk(C.agentAnnecy, { slotId: (await annecyRun()).id, persons: [p], email });
    const early = await C.agentAnnecy.get(`/agent/rdv/${ref}/absence`);
    assert.equal(early.status, 409, 'no letter before the absence is noted');
    assert.match(textOf(early.text), /pas noté absent/);
    await pastAndAbsent(ref);
    assert.equal((await outbox({ bookingRef: ref, kind: 'noshow' })).length, 0, 'no message when the commune writes letters');

    const page = await C.agentAnnecy.get(`/agent/rdv/${ref}`);
    assert.match(page.text, new RegExp(`href="/agent/rdv/${ref}/absence"`));
    const letter = await C.agentAnnecy.get(`/agent/rdv/${ref}/absence`);
    assert.equal(letter.status, 200, show(letter));
    const t = textOf(letter.text);
    const b = await bookingByRef(ref);
    const { frDay, hm } = localParts(b.start_utc);
    assert.match(t, /Mairie d'Annecy/);
    assert.match(t, /Objet : rendez-vous non honoré/);
    assert.ok(t.includes(p.nom) && t.includes(p.prenoms), 'addressed to the person');
    assert.ok(t.includes(ref), 'the reference');
    assert.ok(t.includes(hm.replace(':', ' h ')) || t.includes(hm), `the time missed (${hm})`);
    const [, mm, yyyy] = frDay.split('/');
    assert.ok(t.includes(yyyy), `the date missed (${frDay})`);
    assert.match(t, /Pour reprendre rendez-vous/);
    assert.match(t, /Si vous ne pouvez pas venir/);
    assert.match(t, /\/gerer/);
    assert.equal((letter.text.match(/<article class="letter">/g) || []).length, 1, 'one letter');
    void mm;
  });

  test('"both": the message goes out and the letter is offered; "message": the message only', async () => {
    assert.equal((await setNotice(C.cadmin, 'both')).status, 303);
    const r1 = await absentBooking([person()]);
    assert.ok((await outbox({ bookingRef: r1, kind: 'noshow' })).length >= 1, 'the message');
    assert.match((await C.agentAnnecy.get(`/agent/rdv/${r1}`)).text, /\/absence"/, 'and the letter');

    assert.equal((await setNotice(C.cadmin, 'message')).status, 303);
    const r2 = await absentBooking([person()]);
    assert.ok((await outbox({ bookingRef: r2, kind: 'noshow' })).length >= 1, 'the message');
    assert.doesNotMatch((await C.agentAnnecy.get(`/agent/rdv/${r2}`)).text, /\/absence"/, 'no letter offered');
  });

  test('a day\'s letters in one printable page; bad day refused in French; another commune\'s agent sees only theirs', async () => {
    assert.equal((await setNotice(C.cadmin, 'letter')).status, 303);
    const a = await absentBooking([person()]);
    const b = await absentBooking([person()]);
    const day = localParts((await bookingByRef(a)).start_utc).isoDay;
    const page = await C.agentAnnecy.get(`/agent/absences?jour=${day}`);
    assert.equal(page.status, 200, show(page));
    const n = (page.text.match(/<article class="letter">/g) || []).length;
    const near = await q(`SELECT bk.ref, bk.start_utc FROM bookings bk JOIN devices d ON d.id = bk.device_id JOIN sites s ON s.id = d.site_id
      WHERE s.commune_id = ? AND bk.attendance = 'noshow' AND bk.start_utc BETWEEN UTC_TIMESTAMP() - INTERVAL 3 DAY AND UTC_TIMESTAMP() + INTERVAL 1 DAY`,
    [COMMUNE.annecy]);
    const dayRefs = near.filter((x) => localParts(x.start_utc).isoDay === day).map((x) => x.ref);
    assert.equal(n, dayRefs.length, 'one letter per absence of the day');
    for (const r of dayRefs) assert.ok(page.text.includes(r), `the letter of ${r}`);
    assert.ok(page.text.includes(a) && page.text.includes(b), 'both letters');
    assert.match(textOf(page.text), new RegExp(`${n} lettres? à imprimer`));

    const bad = await C.agentAnnecy.get('/agent/absences?jour=31/02/2026');
    assert.equal(bad.status, 400, show(bad));
    assert.match(textOf(bad.text), /Saisissez une date valide/);

    const thonon = await C.agentThonon.get(`/agent/absences?jour=${day}`);
    assert.equal(thonon.status, 200);
    assert.ok(!thonon.text.includes(a), 'Thonon does not see Annecy\'s letters');
    const other = await C.agentThonon.get(`/agent/rdv/${a}/absence`);
    assert.equal(other.status, 403, show(other));
    assert.match(textOf(other.text), FORBIDDEN_RE);
    const partner = await C.partner.get(`/agent/rdv/${a}/absence`);
    assert.equal(partner.status, 403, 'partner town halls do not print absence letters');

    // The agenda of the day links to them.
    const dev = (await bookingByRef(a)).device_id;
    const ag = await C.agentAnnecy.get(`/agent/agenda/${dev}?jour=${day}`);
    assert.match(ag.text, new RegExp(`/agent/absences\\?jour=${day}`));
  });
});

describe('repeated absences are visible on the next booking', () => {
  test('two past absences of the same person (name folded) show on their new booking, not on someone else\'s; an absence undone no longer counts', async () => {
    const p = person();
    const first = await absentBooking([p]);
    const second = await absentBooking([{ ...p, nom: p.nom.toUpperCase(), prenoms: p.prenoms.toLowerCase(), predemande: person().predemande }]);
    const other = person();
    const { ref: next } = await staffBookOk(C.agentAnnecy, {
      slotId: (await annecyRun({ party: 2 })).id, persons: [other, { ...p, predemande: person().predemande }], email: uniqueEmail('suivant'),
    });
    const page = await C.agentAnnecy.get(`/agent/rdv/${next}`);
    const t = textOf(page.text);
    assert.match(t, /Absences passées/);
    assert.ok(t.includes(`${p.nom} ${p.prenoms} : absent(e) à 2 autres rendez-vous au cours des 12 derniers mois`), t.slice(0, 600));
    assert.ok(!t.includes(`${other.nom} ${other.prenoms} : absent`), 'the other person has none');
    void first;

    // The person came after all to the second one: it no longer counts.
    assert.equal((await staffPost(C.agentAnnecy, `/agent/rdv/${second}/pointage`, { etape: 'arrived' })).status, 303);
    const t2 = textOf((await C.agentAnnecy.get(`/agent/rdv/${next}`)).text);
    assert.ok(t2.includes(`${p.nom} ${p.prenoms} : absent(e) à 1 autre rendez-vous`), t2.slice(0, 600));
    assert.equal((await one('SELECT COUNT(*) AS n FROM noshow_marks WHERE booking_id = ?', [(await bookingByRef(second)).id])).n, 0);
    // A mark holds no name.
    const marks = await q('SELECT * FROM noshow_marks WHERE booking_id = ?', [(await bookingByRef(first)).id]);
    assert.equal(marks.length, 1);
    assert.match(marks[0].identity_hash, /^[0-9a-f]{64}$/);
    assert.ok(!JSON.stringify(marks).includes(p.nom));
  });

  test('an absence older than a year is neither shown nor kept (creneau-admin purge)', async () => {
    const p = person();
    const old = await absentBooking([p]);
    const oldId = (await bookingByRef(old)).id;
    await q('UPDATE noshow_marks SET at_utc = UTC_TIMESTAMP() - INTERVAL 400 DAY WHERE booking_id = ?', [oldId]);
    const recent = await absentBooking([p]);
    const { ref: next } = await staffBookOk(C.agentAnnecy, {
      slotId: (await annecyRun()).id, persons: [{ ...p, predemande: person().predemande }], email: uniqueEmail('an'),
    });
    const t = textOf((await C.agentAnnecy.get(`/agent/rdv/${next}`)).text);
    assert.ok(t.includes(`${p.nom} ${p.prenoms} : absent(e) à 1 autre rendez-vous`), t.slice(0, 600));
    const out = execFileSync(ADMIN, ['purge'], { env: { ...process.env, CRENEAU_CONF: path.join(VAR, 'creneau.conf') }, encoding: 'utf8', timeout: 300000 });
    assert.match(out, /\d+ absence marks/);
    assert.equal((await one('SELECT COUNT(*) AS n FROM noshow_marks WHERE booking_id = ?', [oldId])).n, 0, 'the old mark is gone');
    assert.equal((await one('SELECT COUNT(*) AS n FROM noshow_marks WHERE booking_id = ?', [(await bookingByRef(recent)).id])).n, 1, 'the recent one stays');
    // A partner town hall booking for the same person does not see it.
    const { ref: viaPartner } = await staffBookOk(C.partner, {
      slotId: (await annecyRun({ procedure: 'PASSEPORT' })).id, procedure: 'PASSEPORT', persons: [{ ...p, predemande: person().predemande }], email: uniqueEmail('partenaire'),
    });
    const pt = textOf((await C.partner.get(`/agent/rdv/${viaPartner}`)).text);
    assert.ok(!pt.includes('absent(e) à'), 'not shown to partner town halls');
    assert.ok(textOf((await C.agentAnnecy.get(`/agent/rdv/${viaPartner}`)).text).includes('absent(e) à 1 autre'), 'but to the site\'s agents');
  });
});
