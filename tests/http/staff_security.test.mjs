// staff_security.test.mjs — the second factor of staff sign-in (TOTP, RFC 6238):
// required of administrators, optional for agents unless their commune
// requires it; enrolment with a QR code and a key, the first code,
// recovery codes shown once and stored hashed; each code once, one step of
// drift either way; throttled code entry; a pending session opens no staff
// page; an administrator's reset of a colleague's factor, audited; the audit log's
// filters and its CSV export, and the exports it records.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, describe as show, pathOf, textOf } from '../lib/client.mjs';
import { closeDb, one, q } from '../lib/db.mjs';
import {
  ACCOUNTS, COMMUNE, createStaff, enrolSecretOf, isSignInRedirect, signIn, staffPost, totpCode, trySignIn,
} from '../lib/staff.mjs';

before(async () => {
  await q("DELETE FROM rate_events WHERE bucket LIKE 'mfa%' OR bucket LIKE 'login%'");
});
after(async () => {
  await q('UPDATE communes SET agents_need_totp = 0 WHERE id = ?', [COMMUNE.annemasse]);
  await closeDb();
});

/** Signs a fresh account in up to the enrolment page; returns {client, secret, page}. */
async function toEnrolment(email) {
  const { client, res } = await trySignIn(email);
  assert.equal(res.status, 303, show(res));
  assert.match(pathOf(res.location), /^\/agent\/securite\/activer\?suite=/, 'enrolment first');
  const page = await client.get(pathOf(res.location));
  assert.equal(page.status, 200, show(page));
  return { client, page, secret: enrolSecretOf(page.text) };
}

async function auditCount(staffId, action) {
  return Number((await one('SELECT COUNT(*) AS n FROM audit_log WHERE staff_id = ? AND action = ?', [staffId, action])).n);
}

describe('administrators enrol a second factor', () => {
  let admin, secret, recovery;

  test('the first sign-in of an administrator asks for enrolment; the pending session opens nothing', async () => {
    admin = await createStaff({ role: 'commune_admin', communeId: COMMUNE.annecy });
    const e = await toEnrolment(admin.email);
    secret = e.secret;
    assert.match(secret, /^[A-Z2-7]{32}$/, 'a 160-bit key in base32');
    assert.match(e.page.text, /<img src="\/agent\/securite\/qr\.svg"[^>]*alt="[^"]+"/, 'a QR code with a text alternative');
    assert.match(textOf(e.page.text), /Activer la double authentification/);
    for (const p of ['/agent/', '/agent/rdv', '/agent/personnel', '/stats/']) {
      const r = await e.client.get(p);
      assert.ok(r.status === 303 && /\/agent\/connexion/.test(pathOf(r.location)), `${p} refused to a pending session: ${show(r)}`);
    }
    const qr = await e.client.get('/agent/securite/qr.svg');
    assert.equal(qr.status, 200, show(qr));
    assert.match(qr.headers.get('content-type'), /^image\/svg\+xml/);
    assert.match(qr.text, /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(qr.text, /<path fill="#000000" d="(M\d+ \d+h1v1h-1z)+"/, 'dark modules drawn from libqrencode');
    // The same key when the page is opened again.
    assert.equal(enrolSecretOf((await e.client.get('/agent/securite/activer')).text), secret);
    // A wrong code: 422, the key kept.
    const wrong = await staffPost(e.client, '/agent/securite/activer', { code: totpCode(secret, Date.now(), 5) });
    assert.equal(wrong.status, 422, show(wrong));
    assert.match(textOf(wrong.text), /Ce code ne correspond pas/);
    // The right one: the recovery codes, once; the session is signed in.
    const ok = await staffPost(e.client, '/agent/securite/activer', { code: totpCode(secret) });
    assert.equal(ok.status, 200, show(ok));
    recovery = [...ok.text.matchAll(/<li><code>([a-z2-9]{5}-[a-z2-9]{5})<\/code><\/li>/g)].map((m) => m[1]);
    assert.equal(recovery.length, 10, 'ten recovery codes');
    assert.match(ok.headers.get('cache-control') || '', /no-store/);
    assert.equal((await e.client.get('/agent/')).status, 200);
    assert.equal((await e.client.get('/agent/securite')).status, 200);
    const row = await one('SELECT totp_secret, totp_pending FROM staff WHERE id = ?', [admin.id]);
    assert.ok(row.totp_secret && !row.totp_secret.includes(secret), 'the key is stored sealed, not in clear');
    assert.equal(row.totp_pending, null);
    const codes = await q('SELECT code_hash FROM staff_recovery_codes WHERE staff_id = ?', [admin.id]);
    assert.equal(codes.length, 10);
    for (const c of codes) assert.ok(!recovery.includes(c.code_hash) && /^[0-9a-f]{64}$/.test(c.code_hash), 'hashed');
    assert.equal(await auditCount(admin.id, 'mfa_enrol'), 1);
  });

  test('the next sign-in asks for a code; each code serves once; the next step is accepted', async () => {
    const { client, res } = await trySignIn(admin.email);
    assert.equal(res.status, 303, show(res));
    assert.match(pathOf(res.location), /^\/agent\/connexion\/code\?suite=/);
    assert.ok(isSignInRedirect(await client.get('/agent/rdv')), 'no staff page before the code');
    // The enrolment's code (or an older one) is spent.
    const replay = await staffPost(client, '/agent/connexion/code', { code: totpCode(secret, Date.now() - 30000) });
    assert.equal(replay.status, 401, show(replay));
    assert.match(textOf(replay.text), /déjà servi/);
    // A phone one step ahead is within the drift allowed.
    const code = totpCode(secret, Date.now(), 1);
    const ok = await staffPost(client, '/agent/connexion/code', { code, suite: '/agent/rdv' });
    assert.equal(ok.status, 303, show(ok));
    assert.equal(pathOf(ok.location), '/agent/rdv');
    assert.equal((await client.get('/agent/rdv')).status, 200);
    // The same code again, on another sign-in: refused.
    const again = await trySignIn(admin.email);
    const r2 = await staffPost(again.client, '/agent/connexion/code', { code });
    assert.equal(r2.status, 401, show(r2));
    // Two steps ahead is too far.
    const far = await staffPost(again.client, '/agent/connexion/code', { code: totpCode(secret, Date.now(), 3) });
    assert.equal(far.status, 401, show(far));
  });

  test('a recovery code signs in once', async () => {
    const a = await trySignIn(admin.email);
    const ok = await staffPost(a.client, '/agent/connexion/code', { code: recovery[0].toUpperCase() });
    assert.equal(ok.status, 303, show(ok));
    const b = await trySignIn(admin.email);
    const twice = await staffPost(b.client, '/agent/connexion/code', { code: recovery[0] });
    assert.equal(twice.status, 401, show(twice));
    assert.equal(await auditCount(admin.id, 'mfa_recovery_used'), 1);
    assert.ok(await auditCount(admin.id, 'mfa_failed') >= 3, 'failed codes are audited');
  });

  test('code entry is throttled per account', async () => {
    await q("DELETE FROM rate_events WHERE bucket = 'mfa_acct'");
    const a = await trySignIn(admin.email);
    let last;
    for (let i = 0; i < 12; i++) {
      last = await staffPost(a.client, '/agent/connexion/code', { code: String(100000 + i) });
      if (last.status === 429) break;
      assert.equal(last.status, 401, `try ${i + 1}: ${show(last)}`);
    }
    assert.equal(last.status, 429, show(last));
    assert.match(textOf(last.text), /Trop de codes erronés/);
    // Even the right code waits now.
    const right = await staffPost(a.client, '/agent/connexion/code', { code: recovery[1] });
    assert.equal(right.status, 429);
    await q("DELETE FROM rate_events WHERE bucket = 'mfa_acct'");
  });

  test("an administrator resets a colleague's factor: sessions end, enrolment again at the next sign-in", async () => {
    const colleague = await signIn(admin.email);
    const cadmin = await signIn(ACCOUNTS.cadmin);
    const list = await cadmin.get('/agent/personnel');
    assert.match(list.text, new RegExp(`/agent/personnel/${admin.id}/mfa`), 'a reset button for an enrolled colleague');
    const r = await staffPost(cadmin, `/agent/personnel/${admin.id}/mfa`, {});
    assert.equal(r.status, 303, show(r));
    assert.match(textOf((await cadmin.get(pathOf(r.location))).text), /La double authentification a été réinitialisée/);
    assert.ok(isSignInRedirect(await colleague.get('/agent/')), 'the colleague is signed out');
    const row = await one('SELECT totp_secret FROM staff WHERE id = ?', [admin.id]);
    assert.equal(row.totp_secret, null);
    assert.equal(Number((await one('SELECT COUNT(*) AS n FROM staff_recovery_codes WHERE staff_id = ?', [admin.id])).n), 0);
    const by = await one("SELECT staff_id FROM audit_log WHERE action = 'mfa_reset' AND entity_id = ? ORDER BY id DESC LIMIT 1", [String(admin.id)]);
    assert.equal(by.staff_id, (await one('SELECT id FROM staff WHERE email = ?', [ACCOUNTS.cadmin])).id, 'audited as the administrator');
    const e = await toEnrolment(admin.email);
    assert.notEqual(e.secret, secret, 'a new key');
  });
});

describe('agents', () => {
  test('an agent signs in with the password alone and may enrol from the security page', async () => {
    const agent = await createStaff({ role: 'agent', communeId: COMMUNE.annecy });
    const { client, res } = await trySignIn(agent.email);
    assert.equal(res.status, 303);
    assert.equal(pathOf(res.location), '/agent/');
    const sec = await client.get('/agent/securite');
    assert.equal(sec.status, 200);
    assert.match(textOf(sec.text), /Non active/);
    assert.match(textOf(sec.text), /30 minutes sans activité/);
    const page = await client.get('/agent/securite/activer');
    const secret = enrolSecretOf(page.text);
    const ok = await staffPost(client, '/agent/securite/activer', { code: totpCode(secret) });
    assert.equal(ok.status, 200, show(ok));
    const next = await trySignIn(agent.email);
    assert.match(pathOf(next.res.location), /^\/agent\/connexion\/code/, 'once enrolled, the code is asked');
  });

  test('a commune that requires it: its agents enrol at sign-in (the settings page sets it)', async () => {
    const padmin = await signIn(ACCOUNTS.padmin);
    const form = await padmin.get(`/agent/parametres?commune=${COMMUNE.annemasse}`);
    assert.equal(form.status, 200);
    assert.match(form.text, /name="agents_totp"/);
    const c = await one('SELECT * FROM communes WHERE id = ?', [COMMUNE.annemasse]);
    const saved = await staffPost(padmin, `/agent/parametres?commune=${COMMUNE.annemasse}`, {
      commune: String(COMMUNE.annemasse), rappel: String(c.reminder_hours), horizon: String(c.horizon_days),
      delai_min: String(c.min_notice_hours), limite_annulation: String(c.cancel_limit_hours), agents_totp: '1',
    });
    assert.equal(saved.status, 303, show(saved));
    assert.equal((await one('SELECT agents_need_totp FROM communes WHERE id = ?', [COMMUNE.annemasse])).agents_need_totp, 1);
    const agent = await createStaff({ role: 'agent', communeId: COMMUNE.annemasse });
    const e = await toEnrolment(agent.email);
    assert.match(textOf(e.page.text), /Votre rôle demande un second facteur/);
    const other = await createStaff({ role: 'agent', communeId: COMMUNE.thonon });
    const t = await trySignIn(other.email);
    assert.equal(pathOf(t.res.location), '/agent/', 'agents elsewhere are not concerned');
  });
});

test('a second-factor page without a session goes to the sign-in page', async () => {
  const c = new Client();
  for (const p of ['/agent/connexion/code', '/agent/securite/activer']) {
    const r = await c.get(p);
    assert.equal(r.status, 303);
    assert.equal(pathOf(r.location), '/agent/connexion');
  }
  assert.equal((await c.get('/agent/securite/qr.svg')).status, 404);
});

describe('the audit log', () => {
  test('filters by person, action, period; the CSV export holds the same lines and is itself recorded', async () => {
    const victim = await createStaff({ role: 'agent', communeId: COMMUNE.annecy });
    await trySignIn(victim.email, 'pas-le-bon-mot-de-passe');
    const cadmin = await signIn(ACCOUNTS.cadmin);
    const today = new Date().toISOString().slice(0, 10);
    const page = await cadmin.get(`/agent/journal?qui=${encodeURIComponent(victim.email)}&action=login_failed&du=${today}&au=${today}`);
    assert.equal(page.status, 200, show(page));
    const rows = [...page.text.matchAll(/<tr><td>[^<]*<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/g)];
    assert.equal(rows.length, 1, `one failed sign-in of that person: ${rows.map((m) => m.slice(1).join(' '))}`);
    assert.equal(rows[0][1], victim.name);
    assert.equal(rows[0][2], 'login_failed');
    // A period before it: nothing. A prefix with LIKE's wildcards is literal.
    const before0 = await cadmin.get(`/agent/journal?qui=${encodeURIComponent(victim.email)}&au=2020-01-01`);
    assert.match(textOf(before0.text), /Aucune ligne ne correspond/);
    const wild = await cadmin.get('/agent/journal?qui=%25');
    assert.match(textOf(wild.text), /Aucune ligne ne correspond/);
    // A reversed period: 400 with the message, values kept.
    const bad = await cadmin.get('/agent/journal?du=2026-03-02&au=2026-03-01');
    assert.equal(bad.status, 400);
    assert.match(textOf(bad.text), /La fin de la période précède son début/);
    assert.match(bad.text, /value="2026-03-02"/);
    // The CSV.
    const csv = await cadmin.get(`/agent/journal.csv?qui=${encodeURIComponent(victim.email)}&action=login_failed`);
    assert.equal(csv.status, 200, show(csv));
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    assert.equal(lines.length, 2, csv.text);
    assert.match(lines[1], new RegExp(victim.email.replace(/\./g, '\\.')));
    const me = await one('SELECT id FROM staff WHERE email = ?', [ACCOUNTS.cadmin]);
    const rec = await one("SELECT details FROM audit_log WHERE staff_id = ? AND action = 'csv_export' AND entity = 'audit_log' ORDER BY id DESC LIMIT 1", [me.id]);
    assert.ok(rec && /lignes=1/.test(rec.details), 'the export is in the log');
    // A Thonon line is not in Annecy's administrator's export.
    const all = await cadmin.get('/agent/journal.csv');
    assert.ok(!/Thonon-les-Bains/.test(all.text), 'scope kept in the export');
  });

  test('a statistics export is recorded in the audit log', async () => {
    const cadmin = await signIn(ACCOUNTS.cadmin);
    const res = await cadmin.get('/stats/export/par_jour.csv');
    assert.equal(res.status, 200, show(res));
    const me = await one('SELECT id FROM staff WHERE email = ?', [ACCOUNTS.cadmin]);
    const rec = await one("SELECT entity_id FROM audit_log WHERE staff_id = ? AND action = 'csv_export' AND entity = 'stats' ORDER BY id DESC LIMIT 1", [me.id]);
    assert.equal(rec?.entity_id, 'par_jour');
  });
});

test("the statistics program's database account reads, but cannot change a booking", async () => {
  const { default: mariadb } = await import('mariadb');
  const fs = await import('node:fs');
  const path = await import('node:path');
  const { VAR } = await import('../lib/db.mjs');
  const conf = fs.readFileSync(path.join(VAR, 'creneau.conf'), 'utf8');
  assert.match(conf, /^stats_db_user = creneau_stats$/m, 'the statistics program is set to its own account');
  const conn = await mariadb.createConnection({
    socketPath: path.join(VAR, 'run', 'mysqld.sock'), user: 'creneau_stats', database: 'creneau',
    password: fs.readFileSync(path.join(VAR, 'secrets', 'db_password_stats'), 'utf8').trim(),
  });
  try {
    const [row] = await conn.query('SELECT COUNT(*) AS n FROM bookings');
    assert.ok(Number(row.n) > 0, 'it reads');
    for (const sql of ["UPDATE bookings SET status = 'cancelled' WHERE id = 0", 'DELETE FROM slots WHERE id = 0',
      "UPDATE staff SET role = 'platform_admin' WHERE id = 0", 'DELETE FROM audit_log WHERE id = 0']) {
      await assert.rejects(conn.query(sql), (e) => e.errno === 1142 || e.errno === 1143, sql);
    }
  } finally {
    await conn.end();
  }
  // And the statistics pages work with it (the idle clock, the export's audit line).
  const cadmin = await signIn(ACCOUNTS.cadmin);
  assert.equal((await cadmin.get('/stats/')).status, 200);
  assert.equal((await cadmin.get('/stats/export/par_jour.csv')).status, 200);
});
