// rights.test.mjs — a person's rights over their data (/agent/personne):
// an administrator finds the person (reference, name and birth date, or
// contact) within their scope, sees and exports everything held, and
// erases it — refused while an appointment is to come, confirmed by a box,
// audited without the erased values.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describe as show, textOf, uniqueEmail } from '../lib/client.mjs';
import { closeDb, one, q } from '../lib/db.mjs';
import { ACCOUNTS, DEVICE, signIn, staffPost } from '../lib/staff.mjs';
import { insertBooking, parisDay } from '../lib/stats.mjs';

const LAST = `RIGHTS${Math.random().toString(36).slice(2, 8).replace(/[0-9]/g, 'x').toUpperCase()}`;
const BIRTH = '1983-05-17';
const EMAIL = uniqueEmail('rights');
const made = {};

async function withPerson(key, device, days, status = 'confirmed') {
  const b = await insertBooking({ device, start: `${parisDay(days)} 10:00`, status });
  await q('UPDATE bookings SET contact_email = ?, contact_phone = ? WHERE id = ?', [EMAIL, '+33611223344', b.id]);
  await q('INSERT INTO booking_persons (booking_id, position, last_name, first_names, birth_date, predemande) VALUES (?, 1, ?, ?, ?, ?)',
    [b.id, LAST, 'Élodie', BIRTH, 'AB12CD34EF']);
  await q(`INSERT INTO outbox (idem_key, kind, channel, recipient, subject, body, booking_id, status, next_try_utc, created_utc)
           VALUES (?, 'confirmation', 'email', ?, 'Rendez-vous', ?, ?, 'sent', UTC_TIMESTAMP(), UTC_TIMESTAMP())`,
  [`rights:${b.ref}`, EMAIL, `Bonjour Élodie ${LAST}`, b.id]);
  made[key] = b;
}

let cadmin, padmin;
before(async () => {
  await withPerson('annecyPast', DEVICE.annecyDr1, -20);
  await withPerson('annecyOld', DEVICE.annecyDr2, -200, 'cancelled');
  await withPerson('thonon', DEVICE.thononDr1, -10);
  cadmin = await signIn(ACCOUNTS.cadmin);
  padmin = await signIn(ACCOUNTS.padmin);
});
after(closeDb);

const byName = `nom=${LAST}&naissance=17%2F05%2F1983`;

test('found by reference, by name and birth date, or by contact, within the scope', async () => {
  const r1 = await cadmin.get(`/agent/personne?reference=${made.annecyPast.ref}`);
  assert.equal(r1.status, 200, show(r1));
  assert.match(textOf(r1.text), new RegExp(`${LAST} Élodie`));
  assert.match(textOf(r1.text), /AB12CD34EF/);
  assert.match(textOf(r1.text), new RegExp(`Bonjour Élodie ${LAST}`), 'the messages sent too');
  const r2 = await cadmin.get(`/agent/personne?${byName}`);
  assert.match(textOf(r2.text), /Rendez-vous trouvés : 2/, 'Annecy sees its two, not Thonon\'s');
  assert.ok(!r2.text.includes(made.thonon.ref));
  const r3 = await padmin.get(`/agent/personne?email=${encodeURIComponent(EMAIL)}`);
  assert.match(textOf(r3.text), /Rendez-vous trouvés : 3/);
  const r4 = await cadmin.get('/agent/personne?nom=DUPONT');
  assert.equal(r4.status, 400);
  assert.match(textOf(r4.text), /ou le nom avec la date de naissance/);
  assert.match(r4.text, /value="DUPONT"/, 'the value typed is kept');
});

test('the export holds everything, as JSON, and is audited', async () => {
  const res = await cadmin.get(`/agent/personne/export.json?${byName}`);
  assert.equal(res.status, 200, show(res));
  assert.match(res.headers.get('content-type'), /^application\/json/);
  const data = JSON.parse(res.text);
  assert.equal(data.rendez_vous.length, 2);
  const b = data.rendez_vous.find((x) => x.reference === made.annecyPast.ref);
  assert.equal(b.email, EMAIL);
  assert.equal(b.telephone, '+33611223344');
  assert.deepEqual(b.personnes, [{ nom: LAST, prenoms: 'Élodie', date_naissance: BIRTH, numero_predemande: 'AB12CD34EF' }]);
  assert.equal(b.messages[0].texte, `Bonjour Élodie ${LAST}`);
  const me = await one('SELECT id FROM staff WHERE email = ?', [ACCOUNTS.cadmin]);
  assert.ok(await one("SELECT id FROM audit_log WHERE staff_id = ? AND action = 'person_export' AND details = 'count=2'", [me.id]));
});

test('an appointment to come blocks the erasure until it is cancelled', async () => {
  await withPerson('annecyFuture', DEVICE.annecyDr1, 20);
  const page = await cadmin.get(`/agent/personne?${byName}`);
  assert.match(textOf(page.text), /Un rendez-vous est encore à venir/);
  const res = await staffPost(cadmin, '/agent/personne/effacer', { nom: LAST, naissance: '17/05/1983', confirmer: '1' });
  assert.equal(res.status, 409, show(res));
  assert.equal(Number((await one('SELECT COUNT(*) AS n FROM booking_persons WHERE last_name = ?', [LAST])).n), 4, 'nothing erased');
  await q("UPDATE bookings SET status = 'cancelled' WHERE id = ?", [made.annecyFuture.id]);
});

test('the erasure: confirmed by a box, everything of the person gone, audited without the values', async () => {
  const unconfirmed = await staffPost(cadmin, '/agent/personne/effacer', { nom: LAST, naissance: '17/05/1983' });
  assert.equal(unconfirmed.status, 422, show(unconfirmed));
  assert.match(textOf(unconfirmed.text), /Cochez la case pour confirmer/);
  const res = await staffPost(cadmin, '/agent/personne/effacer', { nom: LAST, naissance: '17/05/1983', confirmer: '1' });
  assert.equal(res.status, 303, show(res));
  assert.match(textOf((await cadmin.get(res.location)).text), /Données effacées : 3 rendez-vous anonymisés/);
  for (const k of ['annecyPast', 'annecyOld', 'annecyFuture']) {
    const b = await one('SELECT * FROM bookings WHERE id = ?', [made[k].id]);
    assert.ok(b.anonymised_utc, k);
    assert.equal(b.contact_email, null);
    assert.equal(Number((await one('SELECT COUNT(*) AS n FROM booking_persons WHERE booking_id = ?', [b.id])).n), 0);
    assert.equal((await one('SELECT body, recipient FROM outbox WHERE booking_id = ?', [b.id])).body, '');
  }
  // Thonon's, out of the Annecy administrator's scope, is untouched.
  assert.equal((await one('SELECT contact_email FROM bookings WHERE id = ?', [made.thonon.id])).contact_email, EMAIL);
  const line = await one("SELECT details FROM audit_log WHERE action = 'person_erase' ORDER BY id DESC LIMIT 1");
  assert.match(line.details, /^count=3 ids=/);
  assert.ok(!line.details.includes(LAST) && !line.details.includes(EMAIL), 'no erased value in the audit log');
  const again = await cadmin.get(`/agent/personne?${byName}`);
  assert.match(textOf(again.text), /Rendez-vous trouvés : 0/);
});
