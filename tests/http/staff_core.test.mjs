// staff_core.test.mjs — the staff side on the core (#17): each defect the
// review found, with a test that failed on the code before the fix.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, describe as show, formsOf, person, textOf, uniqueEmail } from '../lib/client.mjs';
import { bookingByRef, closeDb, one, q } from '../lib/db.mjs';
import { ACCOUNTS, COMMUNE, DEVICE, bookingToken, freeRunAt, localParts, outbox, signIn, staffBookOk, staffPost, tag } from '../lib/staff.mjs';

const C = {};
before(async () => {
  await q('DELETE FROM rate_events');
  for (const k of ['padmin', 'cadmin', 'agentAnnecy']) C[k] = await signIn(ACCOUNTS[k]);
});
after(closeDb);

describe('sites', () => {
  test('a new site is created (its coordinates bound as numbers) and audited with its own id', async () => {
    const name = `Annexe ${tag(6)}`;
    const res = await staffPost(C.cadmin, '/agent/lieux', { nom: name, adresse: '3 rue Sommeiller', code_postal: '74000', ville: 'Annecy', lat: '45.9016', lon: '6.1256' });
    assert.equal(res.status, 200, show(res));
    assert.match(textOf(res.text), /Lieu ajouté/);
    const site = await one('SELECT * FROM sites WHERE name = ?', [name]);
    assert.ok(site, 'the site exists');
    assert.ok(Math.abs(site.lat - 45.9016) < 1e-4 && Math.abs(site.lon - 6.1256) < 1e-4, `coordinates ${site.lat}, ${site.lon}`);
    const a = await one("SELECT * FROM audit_log WHERE action = 'site_create' AND details = ?", [name]);
    assert.equal(a.entity_id, String(site.id), 'the audit line names the new site');
    await q('DELETE FROM sites WHERE id = ?', [site.id]);
  });
});

describe('words, not codes', () => {
  test('the booking page says the channel, the level and the attendance in words', async () => {
    const run = await freeRunAt({ deviceIds: [DEVICE.annecyDr1, DEVICE.annecyDr2], minHours: 24 });
    const { ref } = await staffBookOk(C.agentAnnecy, { slotId: run.id, canal: 'phone' });
    const t = textOf((await C.agentAnnecy.get(`/agent/rdv/${ref}`)).text);
    assert.match(t, /présence : attendu/);
    assert.match(t, /niveau normal/);
    assert.match(t, /canal téléphone/);
    assert.doesNotMatch(t, /présence : none|niveau regular|canal phone/);
  });
});

describe('quick search', () => {
  test('"%" and "_" in a name are matched literally, not as wildcards', async () => {
    const nom = `Z${tag(5).toUpperCase()}`;
    await staffBookOk(C.agentAnnecy, { slotId: (await freeRunAt({ deviceIds: [DEVICE.annecyDr1, DEVICE.annecyDr2], minHours: 24 })).id, persons: [{ ...person(), nom }] });
    const hit = textOf((await C.agentAnnecy.get(`/agent/recherche?q=${encodeURIComponent(nom)}`)).text);
    assert.ok(hit.includes(nom), 'found by its name');
    for (const w of ['%', '_', 'Z%', '%A', '__']) {
      const t = textOf((await C.agentAnnecy.get(`/agent/recherche?q=${encodeURIComponent(w)}`)).text);
      assert.ok(!t.includes(nom), `"${w}" is no wildcard`);
      assert.match(t, /Aucun rendez-vous/, `"${w}": nothing found`);
    }
  });
});

describe('forms too large to read whole', () => {
  test('a form with more fields than the cap is refused (413), not cut short', async () => {
    const fields = { q: 'x' };
    for (let i = 0; i < 1100; i++) fields[`f${i}`] = '1';
    const res = await staffPost(C.cadmin, '/agent/parametres', { ...fields, rappel: '12', horizon: '90', delai_min: '2', limite_annulation: '0' });
    assert.equal(res.status, 413, show(res));
    assert.notEqual((await one('SELECT reminder_hours FROM communes WHERE id = ?', [COMMUNE.annecy])).reminder_hours, 12);
  });
});

describe('closures of a site and of a commune, and who may cancel', () => {
  let ref, email, day, fields;
  before(async () => {
    const run = await freeRunAt({ deviceIds: [DEVICE.annecyDr1], minHours: 24 * 50, maxHours: 24 * 60 });
    email = uniqueEmail('fermeture');
    ref = (await staffBookOk(C.agentAnnecy, { slotId: run.id, email })).ref;
    day = localParts(run.start_utc);
    fields = { appareil: 'lieu-1', type: 'closure', du: day.frDay, au: day.frDay, motif: `Pont de l'Ascension ${tag(4)}` };
  });

  test('an agent may not apply a closure that cancels appointments: refused, and an administrator can be asked', async () => {
    const preview = await staffPost(C.agentAnnecy, '/agent/fermetures', fields);
    assert.equal(preview.status, 200, show(preview));
    assert.ok(textOf(preview.text).includes(ref));
    assert.ok(!formsOf(preview.text).some((f) => f.action === '/agent/fermetures/confirmer'), 'no confirmation form for an agent');
    const ask = formsOf(preview.text).find((f) => f.action === '/agent/fermetures/demander');
    assert.ok(ask, 'a form to ask an administrator');
    const forced = await staffPost(C.agentAnnecy, '/agent/fermetures/confirmer', fields);
    assert.equal(forced.status, 403, show(forced));
    assert.equal((await bookingByRef(ref)).status, 'confirmed', 'nothing cancelled');
    assert.equal((await one('SELECT COUNT(*) AS n FROM closures WHERE reason = ?', [fields.motif])).n, 0, 'no closure');
    const asked = await staffPost(C.agentAnnecy, '/agent/fermetures/demander', fields);
    assert.equal(asked.status, 303, show(asked));
    const mail = (await outbox({ kind: 'closure_request', recipient: ACCOUNTS.cadmin })).find((m) => m.body.includes(fields.motif));
    assert.ok(mail, 'the administrator is asked by email');
    assert.equal((await bookingByRef(ref)).status, 'confirmed', 'still nothing cancelled');
  });

  test('an agent may declare an outage that cancels nothing', async () => {
    const f = { appareil: String(DEVICE.annecyDr2), type: 'outage', du: day.frDay, de: '23:00', au: day.frDay, a: '23:30', motif: `Maintenance ${tag(4)}` };
    const res = await staffPost(C.agentAnnecy, '/agent/fermetures/confirmer', f);
    assert.equal(res.status, 303, show(res));
    assert.equal((await one('SELECT COUNT(*) AS n FROM closures WHERE reason = ?', [f.motif])).n, 1);
  });

  test('a whole site in one action: every device closed, the people told with the reason', async () => {
    const res = await staffPost(C.cadmin, '/agent/fermetures/confirmer', fields);
    assert.equal(res.status, 303, show(res));
    const rows = await q('SELECT device_id FROM closures WHERE reason = ? ORDER BY device_id', [fields.motif]);
    const devs = (await q('SELECT id FROM devices WHERE site_id = 1 AND active = 1 ORDER BY id')).map((d) => d.id);
    assert.deepEqual(rows.map((r) => r.device_id), devs, 'one closure per device of the site');
    const b = await bookingByRef(ref);
    assert.equal(b.status, 'cancelled');
    assert.equal(b.cancelled_by, 'commune');
    const msgs = await outbox({ bookingRef: ref, kind: 'cancelled_commune' });
    assert.ok(msgs.some((m) => m.recipient === email && m.body.includes(fields.motif)), 'the reason reaches the person');
    const free = await one(`SELECT COUNT(*) AS n FROM slots s JOIN devices d ON d.id = s.device_id WHERE d.site_id = 1
      AND DATE(CONVERT_TZ(s.start_utc, '+00:00', 'Europe/Paris')) = ? AND s.cap_regular > s.booked_regular`, [day.isoDay]);
    assert.equal(free.n, 0, 'no free place left on the site that day');
  });

  test('a whole commune in one action (platform administrator)', async () => {
    const run = await freeRunAt({ deviceIds: [DEVICE.thononDr1, DEVICE.thononDr2], minHours: 24 * 62, maxHours: 24 * 75 });
    const d = localParts(run.start_utc);
    const motif = `Fête communale ${tag(4)}`;
    const res = await staffPost(C.padmin, '/agent/fermetures/confirmer', { appareil: `commune-${COMMUNE.thonon}`, type: 'closure', du: d.frDay, au: d.frDay, motif });
    assert.equal(res.status, 303, show(res));
    const rows = await q('SELECT device_id FROM closures WHERE reason = ? ORDER BY device_id', [motif]);
    const devs = (await q('SELECT d.id FROM devices d JOIN sites s ON s.id = d.site_id WHERE s.commune_id = ? AND d.active = 1 ORDER BY d.id', [COMMUNE.thonon])).map((x) => x.id);
    assert.deepEqual(rows.map((r) => r.device_id), devs);
    const free = await one(`SELECT COUNT(*) AS n FROM slots s JOIN devices d ON d.id = s.device_id JOIN sites si ON si.id = d.site_id
      WHERE si.commune_id = ? AND DATE(CONVERT_TZ(s.start_utc, '+00:00', 'Europe/Paris')) = ? AND s.cap_regular > s.booked_regular`, [COMMUNE.thonon, d.isoDay]);
    assert.equal(free.n, 0);
  });

  test('the rebooking page names the device when two times are alike at one site', async () => {
    const page = await new Client().get(`/rdv/${ref}/reprendre?t=${await bookingToken(ref, 'rebook')}`);
    assert.equal(page.status, 200, show(page));
    const labels = [...page.text.matchAll(/class="button time">([^<]*)</g)].map((m) => m[1]);
    assert.ok(labels.length > 0);
    const seen = new Map();
    for (const l of labels) seen.set(l, (seen.get(l) || 0) + 1);
    assert.deepEqual([...seen].filter(([, n]) => n > 1), [], 'no two lines read the same');
  });
});
