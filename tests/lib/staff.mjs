// staff.mjs — helpers for the staff-side suites (creneau-agent, /agent/):
// the demo accounts, signing in, posting staff forms with their CSRF token,
// booking on someone's behalf, fresh throw-away staff accounts, free slots
// at any service level, the outbox, and the rebooking link's token.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { BASE_URL, Client, csrfOf, describe as show, encodeForm, letters, pathOf, person } from './client.mjs';
import { VAR, one, q } from './db.mjs';

/** The password of every demo staff account (sql/demo/staff.txt). */
export const PASSWORD = 'demo-creneau-2026';

/** Demo accounts by the role they play in the tests. */
export const ACCOUNTS = {
  padmin: 'admin@creneau.demo',
  cadmin: 'admin.annecy@creneau.demo',
  agentAnnecy: 'agent.annecy@creneau.demo',
  agentThonon: 'agent.thonon@creneau.demo',
  partner: 'partenaire.sevrier@creneau.demo',
};

/** The demo account of the platform's technical staff (sql/demo/staff.txt),
 * kept apart from ACCOUNTS: a stack made before it existed gets it from
 * ensureTechAccount(). */
export const TECH_ACCOUNT = 'technique@creneau.demo';
export async function ensureTechAccount() {
  if (!(await one('SELECT id FROM staff WHERE email = ?', [TECH_ACCOUNT]))) {
    await createStaff({ role: 'technique', email: TECH_ACCOUNT, name: 'Théo Technique' });
  }
  return TECH_ACCOUNT;
}

/** Commune ids of sql/demo/010_demo.sql. */
export const COMMUNE = { annecy: 1, thonon: 2, annemasse: 3, sevrier: 8 };
/** Devices: Annecy DR 1, DR 2, DR 3 (Seynod), wedding room; Thonon DR 1, DR 2. */
export const DEVICE = { annecyDr1: 1, annecyDr2: 2, annecyDr3: 3, annecyWedding: 4, thononDr1: 5, thononDr2: 6 };

export const LOGIN_PATH = '/agent/connexion';
export const FORBIDDEN_RE = /Vous n'avez pas accès à cette page ou à cet enregistrement/;
export const CSRF_RE = /Votre session a expiré ou le formulaire n'est plus valable/;

/** The value of the session cookie a response set last ('' when cleared). */
export function sessionCookieOf(res) {
  const list = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
  let v;
  for (const c of list) {
    const m = c.match(/^(?:__Secure-)?session=([^;]*)/);
    if (m) v = m[1];
  }
  return v;
}

/** The raw Set-Cookie header that sets a non-empty session. */
export function sessionSetCookie(res) {
  const list = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
  return list.filter((c) => /^(?:__Secure-)?session=[^;]+/.test(c)).pop();
}

/** A CSRF token for this client's cookie (from the sign-in page, open to all). */
export async function staffCsrf(client) {
  if (client.staffCsrfToken && client.cookies.get('csrf')) return client.staffCsrfToken;
  const page = await client.get(LOGIN_PATH);
  const t = csrfOf(page.text);
  if (!t) throw new Error(`no csrf token on ${LOGIN_PATH} (status ${page.status})`);
  client.staffCsrfToken = t;
  return t;
}

/** POST a staff form with the client's CSRF token added. */
export async function staffPost(client, p, fields = {}, opts = {}) {
  const csrf = await staffCsrf(client);
  const body = Array.isArray(fields) ? [['csrf', csrf], ...fields] : { csrf, ...fields };
  return client.post(p, body, opts);
}

/** POST /agent/connexion. Returns {client, res}. */
export async function trySignIn(email, password = PASSWORD, client = new Client(), extra = {}) {
  const res = await staffPost(client, LOGIN_PATH, { email, mot_de_passe: password, suite: '/agent/', ...extra });
  return { client, res };
}

/** The 6-digit TOTP code of a base32 key at a time (RFC 6238, SHA-1, 30 s). */
export function totpCode(secretB32, t = Date.now(), offsetSteps = 0) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secretB32.replace(/\s+/g, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(t / 1000 / 30) + offsetSteps));
  const mac = crypto.createHmac('sha1', key).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const bin = (mac.readUInt32BE(off) & 0x7fffffff) % 1000000;
  return String(bin).padStart(6, '0');
}

/** The key shown on the enrolment page (grouped by four). */
export function enrolSecretOf(html) {
  const m = html.match(/<code id="cle">([A-Z2-7 ]+)<\/code>/);
  return m ? m[1].replace(/ /g, '') : null;
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * A recovery code for an account, stored as cgi-bin/core/mfa.c stores
 * them (HMAC-SHA256(secret, "recovery|" + the ten characters)): the suites
 * sign in as the same administrators many times a minute, faster than
 * TOTP's one code per 30 seconds allows, so they pass the second step with
 * a fresh single-use recovery code (the TOTP path itself is tested in
 * staff_security.test.mjs).
 */
export async function addRecoveryCode(email) {
  let raw = '';
  for (const b of crypto.randomBytes(10)) raw += RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length];
  const h = crypto.createHmac('sha256', appSecret()).update(`recovery|${raw}`).digest('hex');
  await q('INSERT INTO staff_recovery_codes (staff_id, code_hash) SELECT id, ? FROM staff WHERE email = ?', [h, email]);
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

/**
 * Completes the second step of a sign-in whose password was right (res is
 * the 303 of POST /agent/connexion): the code page gets a recovery code,
 * the enrolment page a TOTP code of the key it shows. Returns the response
 * that signed the session in (a 303, or the 200 page of recovery codes).
 */
export async function passSecondFactor(client, email, res) {
  const to = pathOf(res.location || '');
  if (to.startsWith('/agent/connexion/code')) {
    const code = await addRecoveryCode(email);
    return staffPost(client, '/agent/connexion/code', { code, suite: '/agent/' });
  }
  if (to.startsWith('/agent/securite/activer')) {
    const page = await client.get(to);
    const secret = enrolSecretOf(page.text);
    if (!secret) throw new Error(`no key on the enrolment page (status ${page.status})`);
    return staffPost(client, '/agent/securite/activer', { code: totpCode(secret), suite: '/agent/' });
  }
  return res;
}

/** A client signed in as email, through the second factor when the account needs one. */
export async function signIn(email, password = PASSWORD, client = new Client()) {
  const { res } = await trySignIn(email, password, client);
  assert.equal(res.status, 303, `sign-in of ${email} should succeed: ${show(res)}`);
  const done = await passSecondFactor(client, email, res);
  assert.ok([200, 303].includes(done.status), `second factor of ${email}: ${show(done)}`);
  assert.ok(sessionCookieOf(done), `a session cookie for ${email}`);
  return client;
}

/**
 * Signs a Playwright page in as email, through the second factor (a
 * recovery code on the code page, a first TOTP code on the enrolment
 * page), and leaves it on /agent/ (or where the sign-in went).
 */
export async function browserSignIn(page, email, password = PASSWORD) {
  await page.goto('/agent/connexion');
  await page.fill('#email', email);
  await page.fill('#mot_de_passe', password);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/agent/connexion'),
    page.locator('form[action="/agent/connexion"] button[type="submit"]').click()]);
  if (/\/agent\/connexion\/code/.test(page.url())) {
    await page.fill('#code', await addRecoveryCode(email));
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/agent/connexion')),
      page.locator('form[action="/agent/connexion/code"] button[type="submit"]').click()]);
  } else if (/\/agent\/securite\/activer/.test(page.url())) {
    const key = (await page.textContent('#cle')).replace(/ /g, '');
    await page.fill('#code', totpCode(key));
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/agent/securite/activer"] button[type="submit"]').click()]);
    await page.goto('/agent/');
  }
}

/** Clients signed in as every demo account, by role key (see ACCOUNTS). */
export async function signInAll() {
  const out = {};
  for (const [k, email] of Object.entries(ACCOUNTS)) out[k] = await signIn(email);
  return out;
}

/** A signed-in page must not be the sign-in redirect. */
export function isSignInRedirect(res) {
  return res.status === 303 && /^\/agent\/connexion(\?|$)/.test(pathOf(res.location || ''));
}

/** Unique letters-only tag (names must be letters). */
export function tag(n = 8) {
  return letters(n, false);
}

/**
 * A fresh staff account with the demo password (its hash is copied from a
 * demo account: every demo account has the same password).
 * Returns {id, email, name, role, communeId}.
 */
export async function createStaff({ role = 'agent', communeId = COMMUNE.annecy, name, email } = {}) {
  const t = tag(10);
  email = email || `staff.${t}@example.org`;
  name = name || `Agent ${letters(8)}`;
  const src = await one("SELECT password_hash FROM staff WHERE email = ?", [ACCOUNTS.agentAnnecy]);
  const r = await q(
    `INSERT INTO staff (email, name, role, commune_id, password_hash, active, created_utc)
     VALUES (?, ?, ?, ?, ?, 1, UTC_TIMESTAMP())`,
    [email, name, role, role === 'platform_admin' || role === 'technique' ? null : communeId, src.password_hash]);
  return { id: r.insertId, email, name, role, communeId };
}

export async function staffRow(email) {
  return one('SELECT * FROM staff WHERE email = ?', [email]);
}

/** Sessions of a staff member. */
export async function sessionsOf(staffId) {
  return q('SELECT * FROM staff_sessions WHERE staff_id = ?', [staffId]);
}

/** SHA-256 hex of a session token (what the database keeps). */
export function sha256(s) {
  return crypto.createHash('sha256').update(s).digest('hex');
}

/** Outbox messages, newest first. where: {kind or kinds, recipient, bookingRef, since (id)}. */
export async function outbox({ kind, kinds, recipient, bookingRef, since = 0 } = {}) {
  const cond = ['o.id > ?'];
  const params = [since];
  if (kind) { cond.push('o.kind = ?'); params.push(kind); }
  if (kinds) { cond.push(`o.kind IN (${kinds.map(() => '?').join(',')})`); params.push(...kinds); }
  if (recipient) { cond.push('o.recipient = ?'); params.push(recipient); }
  if (bookingRef) { cond.push('b.ref = ?'); params.push(bookingRef); }
  return q(`SELECT o.* FROM outbox o LEFT JOIN bookings b ON b.id = o.booking_id
             WHERE ${cond.join(' AND ')} ORDER BY o.id DESC`, params);
}

export async function lastOutboxId() {
  const r = await one('SELECT COALESCE(MAX(id), 0) AS id FROM outbox');
  return r.id;
}

/** Kinds of message that tell a person of a cancellation. */
export const CANCEL_KINDS = ['cancelled', 'cancelled_commune'];

/** The first http(s) link of a message body that contains `needle`. */
export function linkIn(body, needle) {
  const links = String(body).match(/https?:\/\/[^\s<>"]+/g) || [];
  return links.find((l) => l.includes(needle));
}

/** The secret keying the HMACs (hex in the stack's secrets/app_secret). */
function appSecret() {
  return Buffer.from(fs.readFileSync(path.join(VAR, 'secrets', 'app_secret'), 'utf8').trim(), 'hex');
}

/**
 * The signed token of a booking link, as cgi-bin/core/booking.c computes
 * it: HMAC-SHA256(secret, "link|" + purpose + "|" + ref + "|" + secret).
 */
export async function bookingToken(ref, purpose) {
  const b = await one('SELECT secret FROM bookings WHERE ref = ?', [ref]);
  return crypto.createHmac('sha256', appSecret()).update(`link|${purpose}|${ref}|${b.secret}`).digest('hex');
}

/** The rate-limit key hash of cgi-bin/core/ratelimit.c. */
/** hex(HMAC-SHA256(app secret, domain|msg)): core/crypto.h's crypto_hmac_hex. */
export function appHmac(domain, msg) {
  return crypto.createHmac('sha256', appSecret()).update(`${domain}|${msg}`).digest('hex');
}

export function rateKeyHash(key) {
  return crypto.createHmac('sha256', appSecret()).update(`rate|${key}`).digest('hex');
}

const LEVEL_COL = { regular: 'regular', urgent: 'urgent', extreme: 'extreme' };

/**
 * Free places at a service level: runs of k back-to-back slots with a free
 * place at `level` (k from the procedure and party), on active devices that
 * offer the procedure. opts: {level, procedure, party, deviceIds,
 * communeId, excludeDevices, minHours, maxHours, limit}.
 * Returns [{id, ids, device_id, start_utc}] by start.
 */
export async function freeRunsAt(opts = {}) {
  const level = LEVEL_COL[opts.level || 'regular'];
  const procedure = opts.procedure || 'CNI';
  const party = opts.party || 1;
  const proc = await one('SELECT * FROM procedures WHERE code = ?', [procedure]);
  const cond = [];
  const params = [proc.id, opts.minHours ?? 3, opts.maxHours ?? 24 * 80];
  if (opts.deviceIds) { cond.push(`d.id IN (${opts.deviceIds.map(() => '?').join(',')})`); params.push(...opts.deviceIds); }
  if (opts.communeId) { cond.push('si.commune_id = ?'); params.push(opts.communeId); }
  const exclude = opts.excludeDevices ?? [10]; // Annemasse DR 2: the concurrency test's
  if (exclude.length) { cond.push(`d.id NOT IN (${exclude.map(() => '?').join(',')})`); params.push(...exclude); }
  const rows = await q(
    `SELECT s.id, s.device_id, s.start_utc, s.end_utc, s.cap_${level} - s.booked_${level} AS free,
            TIMESTAMPDIFF(MINUTE, s.start_utc, s.end_utc) AS minutes
       FROM slots s JOIN devices d ON d.id = s.device_id AND d.active = 1
       JOIN sites si ON si.id = d.site_id AND si.active = 1
       JOIN device_procedures dp ON dp.device_id = d.id AND dp.procedure_id = ?
      WHERE s.start_utc > UTC_TIMESTAMP() + INTERVAL ? HOUR
        AND s.start_utc < UTC_TIMESTAMP() + INTERVAL ? HOUR
        ${cond.length ? 'AND ' + cond.join(' AND ') : ''}
      ORDER BY s.device_id, s.start_utc`, params);
  const runs = [];
  for (let i = 0; i < rows.length; i++) {
    const k = Math.max(1, Math.ceil((party * proc.minutes_per_person) / rows[i].minutes));
    let ok = i + k <= rows.length;
    for (let j = 0; ok && j < k; j++) {
      const r = rows[i + j];
      if (r.device_id !== rows[i].device_id || r.free <= 0) ok = false;
      else if (j > 0 && rows[i + j - 1].end_utc !== r.start_utc) ok = false;
    }
    if (ok) runs.push({ id: rows[i].id, ids: rows.slice(i, i + k).map((r) => r.id), device_id: rows[i].device_id, start_utc: rows[i].start_utc });
  }
  runs.sort((a, b) => (a.start_utc < b.start_utc ? -1 : a.start_utc > b.start_utc ? 1 : a.id - b.id));
  return opts.limit ? runs.slice(0, opts.limit) : runs;
}

/** One run picked at random among the first `among` candidates (default all). */
export async function freeRunAt(opts = {}) {
  const runs = await freeRunsAt(opts);
  if (!runs.length) throw new Error(`no free run: ${JSON.stringify(opts)}`);
  const pool = opts.among ? runs.slice(0, opts.among) : runs;
  return pool[Math.floor(Math.random() * pool.length)];
}

/**
 * POST /agent/reserver as `client`. opts: slotId, procedure, persons,
 * niveau, canal, telephone, email, domicile, extra.
 * Returns {res, ref (on 303), persons, fields}.
 */
export async function staffBook(client, opts) {
  const persons = opts.persons || [person()];
  const f = {
    creneau: String(opts.slotId), procedure: opts.procedure || 'CNI', personnes: String(persons.length),
  };
  if (opts.niveau !== undefined) f.niveau = opts.niveau;
  persons.forEach((p, i) => {
    const n = i + 1;
    f[`nom_${n}`] = p.nom;
    f[`prenoms_${n}`] = p.prenoms;
    f[`naissance_${n}`] = p.naissance;
    if (p.predemande !== undefined) f[`predemande_${n}`] = p.predemande;
  });
  for (const k of ['canal', 'telephone', 'email', 'domicile']) if (opts[k] !== undefined) f[k] = opts[k];
  Object.assign(f, opts.extra || {});
  const res = await staffPost(client, '/agent/reserver', f);
  let ref;
  if (res.status === 303) {
    const m = pathOf(res.location).match(/^\/agent\/rdv\/([A-Z0-9]{8})\?nouveau=1$/);
    ref = m && m[1];
  }
  return { res, ref, persons, fields: f };
}

/** staffBook that must succeed: returns {ref, persons, ...}. */
export async function staffBookOk(client, opts) {
  const r = await staffBook(client, opts);
  assert.equal(r.res.status, 303, `staff booking should succeed: ${show(r.res)}`);
  assert.ok(r.ref, `redirect to the new booking: ${r.res.location}`);
  return r;
}

/** Local (Europe/Paris) date and time parts of a UTC 'YYYY-MM-DD HH:MM:SS'. */
export function localParts(utc) {
  const d = new Date(utc.replace(' ', 'T') + 'Z');
  const fmt = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', weekday: 'short',
  });
  const p = Object.fromEntries(fmt.formatToParts(d).map((x) => [x.type, x.value]));
  const isoDay = `${p.year}-${p.month}-${p.day}`;
  const wd = { 'lun.': 1, 'mar.': 2, 'mer.': 3, 'jeu.': 4, 'ven.': 5, 'sam.': 6, 'dim.': 7 }[p.weekday];
  return { isoDay, frDay: `${p.day}/${p.month}/${p.year}`, hm: `${p.hour}:${p.minute}`, weekday: wd };
}

/**
 * A request from another loopback address (127.0.0.x), so that per-address
 * throttling tests do not slow every other suite down. Returns
 * {status, headers: {get, getSetCookie}, text, location}.
 */
export function requestFrom(localAddress, p, { method = 'GET', body, cookie } = {}) {
  const u = new URL(p, BASE_URL);
  return new Promise((resolve, reject) => {
    const headers = {};
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers, localAddress }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const sc = res.headers['set-cookie'] || [];
        resolve({
          status: res.statusCode,
          text: Buffer.concat(chunks).toString('utf8'),
          location: res.headers.location,
          headers: { get: (n) => res.headers[n.toLowerCase()], getSetCookie: () => sc },
        });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** A sign-in attempt from another loopback address, with its own cookies. */
export async function signInFrom(localAddress, email, password) {
  const page = await requestFrom(localAddress, LOGIN_PATH);
  const csrfCookie = (page.headers.getSetCookie().find((c) => c.startsWith('csrf=')) || '').split(';')[0];
  const csrf = csrfOf(page.text);
  return requestFrom(localAddress, LOGIN_PATH, {
    method: 'POST', cookie: csrfCookie, body: encodeForm({ csrf, email, mot_de_passe: password, suite: '/agent/' }),
  });
}
