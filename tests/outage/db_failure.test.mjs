// db_failure.test.mjs — a failed statement is not an empty result (#17).
// Runs last and alone (tests/run.sh): it breaks the stack's database under
// the running workers, three ways:
//   1. the audit log refuses writes (a trigger that SIGNALs): every staff
//      change answers 503 and leaves nothing behind, since its audit line
//      is written in its own transaction;
//   2. the bookings table is away: a device with a failed count of its
//      appointments ahead is not taken out of service;
//   3. MariaDB stopped: every staff and statistics page answers 503 in
//      French (never a sign-in redirect, an empty list or a 200), the ANTS
//      hub's API a 503 with a JSON error, nothing changes, and the pages
//      work again once it is back; meanwhile the public status page says
//      the booking and staff pages are interrupted, by itself.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_URL, describe as show, person, textOf } from '../lib/client.mjs';
import { VAR, bookingByRef, closeDb, one, q } from '../lib/db.mjs';
import { ACCOUNTS, COMMUNE, DEVICE, freeRunAt, localParts, signIn, staffBookOk, staffCsrf, staffPost, tag } from '../lib/staff.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const UNAVAILABLE = /momentanément indisponible/;
const stack = (cmd) => execFileSync(path.join(ROOT, 'scripts', 'stack.sh'), [cmd, '--var', VAR], { stdio: 'pipe', timeout: 120000 });

const C = {};
let ref;       // a confirmed appointment at Annecy
let runStart;  // its start, local parts

/** The state the failures must leave untouched. */
async function snapshot() {
  const counts = {};
  for (const t of ['bookings', 'closures', 'opening_rules', 'staff', 'sites', 'devices'])
    counts[t] = (await one(`SELECT COUNT(*) AS n FROM ${t}`)).n;
  // The pages read again once MariaDB is back include CSV exports, whose
  // own audit line is a record of a read, not a change.
  counts.audit_log = (await one("SELECT COUNT(*) AS n FROM audit_log WHERE action <> 'csv_export'")).n;
  const b = await bookingByRef(ref);
  const settings = await one('SELECT reminder_hours, horizon_days FROM communes WHERE id = ?', [COMMUNE.annecy]);
  const dev = await one('SELECT name, active FROM devices WHERE id = ?', [DEVICE.annecyDr2]);
  const slots = await q('SELECT id, cap_regular, booked_regular FROM slots WHERE device_id = ? ORDER BY id', [DEVICE.annecyDr1]);
  return { counts, status: b.status, settings, dev, slots };
}

function unavailable(res, what) {
  assert.equal(res.status, 503, `${what}: ${show(res)}`);
  assert.match(textOf(res.text), UNAVAILABLE, `${what}: the French page`);
}

before(async () => {
  for (const k of ['padmin', 'cadmin', 'agentAnnecy', 'partner']) {
    C[k] = await signIn(ACCOUNTS[k]);
    await staffCsrf(C[k]);
  }
  const run = await freeRunAt({ deviceIds: [DEVICE.annecyDr1], minHours: 24 * 10, maxHours: 24 * 40 });
  ref = (await staffBookOk(C.agentAnnecy, { slotId: run.id, persons: [person()], email: `panne-${tag(6)}@example.org` })).ref;
  runStart = localParts(run.start_utc);
});

after(async () => {
  await q('DROP TRIGGER IF EXISTS test_audit_refused').catch(() => {});
  await closeDb();
});

describe('the audit log refuses writes: every change is refused whole', () => {
  before(async () => {
    await q("CREATE TRIGGER test_audit_refused BEFORE INSERT ON audit_log FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'test: audit refused'");
  });
  after(async () => { await q('DROP TRIGGER IF EXISTS test_audit_refused'); });

  test('cancel, settings, site, device, staff, closure, grid: 503 and nothing changed', async () => {
    const before0 = await snapshot();
    const grid = await q('SELECT * FROM opening_rules WHERE device_id = ? ORDER BY id', [DEVICE.annecyDr1]);
    unavailable(await staffPost(C.agentAnnecy, `/agent/rdv/${ref}/annuler`), 'cancel');
    unavailable(await staffPost(C.cadmin, '/agent/parametres', { rappel: '72', horizon: '90', delai_min: '2', limite_annulation: '0' }), 'settings');
    unavailable(await staffPost(C.cadmin, '/agent/lieux', { nom: `Annexe ${tag(4)}`, adresse: '1 rue de la Paix', code_postal: '74000', ville: 'Annecy', lat: '45.9', lon: '6.12' }), 'new site');
    unavailable(await staffPost(C.cadmin, `/agent/appareils/${DEVICE.annecyDr2}`, { nom_appareil: 'Renommé', actif: '1', p1: '1' }), 'device');
    unavailable(await staffPost(C.cadmin, '/agent/personnel', { nom: 'Nouvel Agent', email: `nouveau-${tag(6)}@example.org`, role: 'agent' }), 'invitation');
    unavailable(await staffPost(C.cadmin, '/agent/fermetures/confirmer', { appareil: String(DEVICE.annecyDr1), type: 'closure', du: runStart.frDay, au: runStart.frDay, motif: 'Essai de panne' }), 'closure');
    const rows = grid.map((g, i) => ({ [`r${i}_jour`]: String(g.weekday), [`r${i}_debut`]: g.start_time.slice(0, 5), [`r${i}_fin`]: g.end_time.slice(0, 5),
      [`r${i}_duree`]: String(g.slot_minutes), [`r${i}_normal`]: String(g.cap_regular + 1), [`r${i}_urgence`]: String(g.cap_urgent), [`r${i}_extreme`]: String(g.cap_extreme) }));
    unavailable(await staffPost(C.cadmin, `/agent/planning/${DEVICE.annecyDr1}`, Object.assign({}, ...rows)), 'grid');
    const after0 = await snapshot();
    assert.deepEqual(after0, before0, 'nothing changed');
    assert.deepEqual(await q('SELECT * FROM opening_rules WHERE device_id = ? ORDER BY id', [DEVICE.annecyDr1]), grid, 'the grid unchanged');
    assert.equal((await one("SELECT COUNT(*) AS n FROM closures WHERE reason = 'Essai de panne'")).n, 0);
  });
});

describe('a count that fails is not a count of zero', () => {
  test('deactivating a device whose appointments cannot be counted: 503, the device stays in service', async () => {
    const csrf = await staffCsrf(C.cadmin);
    await q('RENAME TABLE bookings TO bookings_away');
    let res;
    try {
      res = await C.cadmin.post(`/agent/appareils/${DEVICE.annecyDr1}`, { csrf, nom_appareil: 'DR 1', p1: '1' });
    } finally {
      await q('RENAME TABLE bookings_away TO bookings');
    }
    unavailable(res, 'deactivation');
    assert.equal((await one('SELECT active FROM devices WHERE id = ?', [DEVICE.annecyDr1])).active, 1, 'still in service');
  });
});

describe('MariaDB stopped mid-suite', () => {
  let before0;
  const gets = [
    ['agentAnnecy', '/agent/'], ['agentAnnecy', `/agent/agenda/${DEVICE.annecyDr1}`], ['agentAnnecy', '/agent/recherche?q=MARTIN'],
    ['agentAnnecy', '/agent/creneaux'], ['agentAnnecy', '/agent/rdv'], ['agentAnnecy', () => `/agent/rdv/${ref}`],
    ['agentAnnecy', () => `/agent/rdv/${ref}/convocation`], ['agentAnnecy', () => `/agent/rdv/${ref}/deplacer`],
    ['agentAnnecy', '/agent/planning'], ['agentAnnecy', '/agent/fermetures'], ['partner', '/agent/creneaux'], ['partner', '/agent/rdv'],
    ['cadmin', `/agent/planning/${DEVICE.annecyDr1}`], ['cadmin', '/agent/parametres'], ['cadmin', '/agent/lieux'],
    ['cadmin', `/agent/appareils/${DEVICE.annecyDr1}`], ['cadmin', '/agent/personnel'], ['cadmin', '/agent/journal'], ['cadmin', '/agent/journal.csv'], ['agentAnnecy', '/agent/securite'],
    ['padmin', '/agent/demarches'], ['padmin', '/agent/parametres'],
    ['cadmin', '/stats/'], ['padmin', '/stats/?commune=1'], ['cadmin', '/stats/export/par_jour.csv'], ['cadmin', '/stats/export/rendez-vous.csv'],
  ];

  before(async () => {
    before0 = await snapshot();
    await closeDb();
    stack('db-stop');
  });
  after(() => {
    // Whatever happened, the database comes back for what follows.
    try { stack('db-start'); } catch { /* reported by the last test */ }
  });

  test('every staff and statistics page answers 503 in French, not an empty page or a sign-in', async () => {
    const wrong = [];
    for (const [who, u] of gets) {
      const url = typeof u === 'function' ? u() : u;
      const res = await C[who].get(url);
      if (res.status !== 503 || !UNAVAILABLE.test(textOf(res.text))) wrong.push(`${who} ${url}: ${res.status}`);
    }
    assert.deepEqual(wrong, [], 'pages that did not say the service is unavailable');
  });

  test('changes answer 503 as well (and the sign-in does not lock anyone out)', async () => {
    unavailable(await staffPost(C.agentAnnecy, `/agent/rdv/${ref}/annuler`), 'cancel');
    unavailable(await staffPost(C.cadmin, '/agent/parametres', { rappel: '24', horizon: '90', delai_min: '2', limite_annulation: '0' }), 'settings');
    unavailable(await staffPost(C.agentAnnecy, `/agent/rdv/${ref}/pointage`, { etape: 'arrived' }), 'check-in');
    const { Client } = await import('../lib/client.mjs');
    const anon = new Client();
    const login = await staffPost(anon, '/agent/connexion', { email: ACCOUNTS.cadmin, mot_de_passe: 'demo-creneau-2026', suite: '/agent/' }).catch((e) => ({ status: 0, text: String(e) }));
    assert.ok(login.status === 503 || login.status === 0, `sign-in: ${login.status}`);
  });

  // The hub's three calls, with its token (creneau-api, tests/http/ants_api.test.mjs).
  const hub = async (p) => {
    const token = fs.readFileSync(path.join(VAR, 'secrets', 'ants_hub_token'), 'utf8').trim();
    const res = await fetch(`${BASE_URL}/api/ants/${p}`, { headers: { 'x-hub-rdv-auth-token': token } });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };
  const day = (ms) => new Date(Date.now() + ms).toISOString().slice(0, 10);
  const hubCalls = ['getManagedMeetingPoints',
    `availableTimeSlots?meeting_point_ids=1&meeting_point_ids=3&start_date=${day(86400000)}&end_date=${day(60 * 86400000)}&reason=CNI`,
    'searchApplicationIds?application_ids=ABCDE12345'];

  test('the ANTS hub\'s API answers 503 with a JSON error, never an empty list', async () => {
    for (const p of hubCalls) {
      const res = await hub(p);
      assert.equal(res.status, 503, `${p}: ${res.status} ${res.text.slice(0, 200)}`);
      assert.equal(res.type, 'application/json; charset=utf-8', p);
      assert.equal(JSON.parse(res.text).error.code, 503, p);
    }
  });

  test('the public status says so by itself: /statut and /statut.json answer, booking and staff pages "interrompu"; the 503 pages carry the banner', async () => {
    const page = await fetch(`${BASE_URL}/statut`);
    const html = await page.text();
    assert.equal(page.status, 200, `/statut: ${page.status}`);
    assert.match(textOf(html), /interrompu/, 'the page says the service is interrupted');
    const js = await fetch(`${BASE_URL}/statut.json`);
    assert.equal(js.status, 200);
    const sum = await js.json();
    const byId = Object.fromEntries(sum.components.map((c) => [c.id, c]));
    assert.equal(byId.reservation.status, 'major_outage');
    assert.equal(byId.personnel.status, 'major_outage');
    assert.equal(byId.reservation.automatic, true, 'set automatically, not by staff');
    assert.notEqual(sum.status.indicator, 'none');
    const staffPage = await C.agentAnnecy.get('/agent/rdv');
    assert.equal(staffPage.status, 503);
    assert.match(staffPage.text, /class="status-banner status-down"/, 'the banner on the 503 page');
  });

  test('once MariaDB is back, the same pages work again (the workers reconnect) and nothing changed', async () => {
    stack('db-start');
    let res;
    for (let i = 0; i < 20; i++) {
      res = await C.cadmin.get('/agent/journal');
      if (res.status === 200) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(res.status, 200, show(res));
    const wrong = [];
    for (const [who, u] of gets) {
      const url = typeof u === 'function' ? u() : u;
      const r = await C[who].get(url);
      if (r.status !== 200) wrong.push(`${who} ${url}: ${r.status}`);
    }
    assert.deepEqual(wrong, [], 'pages back to 200');
    for (const p of hubCalls) {
      const res = await hub(p);
      assert.equal(res.status, 200, `${p}: ${res.text.slice(0, 200)}`);
      JSON.parse(res.text);
    }
    assert.deepEqual(await snapshot(), before0, 'nothing changed while it was down');
  });
});
