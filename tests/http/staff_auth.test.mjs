// staff_auth.test.mjs — staff sign-in (/agent/connexion): the page, bad and
// good passwords, the session cookie and its rotation, sign-out on the
// server, idle and absolute expiry, throttling per address and per account,
// the password reset by a one-time link, the password rules, Argon2id
// hashes, audit and logs without the password, CSRF.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, csrfOf, describe as show, formsOf, pathOf, textOf } from '../lib/client.mjs';
import { VAR, closeDb, one, q } from '../lib/db.mjs';
import {
  ACCOUNTS, CSRF_RE, LOGIN_PATH, PASSWORD, createStaff, isSignInRedirect, lastOutboxId, linkIn, outbox,
  sessionCookieOf, sessionSetCookie, sha256, signIn, signInFrom, staffCsrf, staffPost, staffRow,
  tag, trySignIn,
} from '../lib/staff.mjs';

before(async () => {
  await q('DELETE FROM rate_events');
});
after(async () => {
  await closeDb();
});

const BAD_RE = /Adresse électronique ou mot de passe incorrect/;
const THROTTLED_RE = /Trop de tentatives de connexion/;
const GONE_RE = /Ce lien n'est plus valable/;

/** A loopback address of its own for each throttling test (127.0.0.10..250). */
function otherAddress() {
  return `127.0.${1 + Math.floor(Math.random() * 250)}.${10 + Math.floor(Math.random() * 240)}`;
}

describe('sign-in page and sign-in', () => {
  test('GET /agent/connexion: a French sign-in form with a CSRF token', async () => {
    const res = await new Client().get(LOGIN_PATH);
    assert.equal(res.status, 200, show(res));
    assert.match(res.text, /<html[^>]*\slang="fr"/);
    assert.match(textOf(res.text), /Connexion du personnel/);
    const f = formsOf(res.text).find((x) => x.action === LOGIN_PATH);
    assert.ok(f, 'a form posting to /agent/connexion');
    assert.equal(f.method, 'post');
    assert.ok('email' in f.fields && 'mot_de_passe' in f.fields, JSON.stringify(f.fields));
    assert.ok(f.fields.csrf, 'csrf token');
    assert.match(f.html, /type="password"/);
    assert.match(res.text, /href="\/agent\/mot-de-passe"/, 'a link to reset the password');
  });

  test('a wrong password: 401, a French message, the email kept, no session', async () => {
    const { res } = await trySignIn(ACCOUNTS.agentAnnecy, 'pas-le-bon-mot-de-passe');
    assert.equal(res.status, 401, show(res));
    assert.match(textOf(res.text), BAD_RE);
    assert.ok(res.text.includes(`value="${ACCOUNTS.agentAnnecy}"`), 'the email is kept');
    assert.ok(!res.text.includes('pas-le-bon-mot-de-passe'), 'the password is not echoed');
    assert.ok(!sessionCookieOf(res), 'no session cookie');
  });

  test('an unknown address gets the same answer as a wrong password', async () => {
    const email = `personne.${tag()}@example.org`;
    const { res } = await trySignIn(email, 'pas-le-bon-mot-de-passe');
    assert.equal(res.status, 401, show(res));
    assert.match(textOf(res.text), BAD_RE);
    assert.ok(res.text.includes(`value="${email}"`));
  });

  test('an empty form: 4xx with a message, never a session', async () => {
    const c = new Client();
    const res = await staffPost(c, LOGIN_PATH, { email: '', mot_de_passe: '' });
    assert.ok(res.status >= 400 && res.status < 500, show(res));
    assert.ok(!sessionCookieOf(res));
    assert.match(textOf(res.text), /obligatoire|Saisissez/);
  });

  test('the right password: 303, a session cookie HttpOnly, SameSite, for /agent and /stats only, random and stored hashed', async () => {
    const c = new Client();
    const { res } = await trySignIn(ACCOUNTS.agentAnnecy, PASSWORD, c);
    assert.equal(res.status, 303, show(res));
    assert.equal(pathOf(res.location), '/agent/');
    const raw = sessionSetCookie(res);
    assert.ok(raw, 'Set-Cookie: session=...');
    assert.match(raw, /;\s*HttpOnly/i);
    assert.match(raw, /;\s*SameSite=(Lax|Strict)/i);
    const paths = res.headers.getSetCookie().filter((x) => /^session=[^;]+/.test(x))
      .map((x) => (x.match(/;\s*Path=([^;]*)/) || [])[1]).sort();
    assert.deepEqual(paths, ['/agent', '/stats'], 'the session travels with the staff pages only, not with the public ones');
    const token = sessionCookieOf(res);
    assert.match(token, /^[0-9a-f]{32,}$/i, 'at least 128 random bits');
    const row = await one('SELECT * FROM staff_sessions WHERE token_hash = ?', [sha256(token)]);
    assert.ok(row, 'the session is stored by the SHA-256 of its token');
    assert.equal(await one('SELECT 1 AS x FROM staff_sessions WHERE token_hash = ?', [token]), undefined, 'never the clear token');
    const home = await c.get('/agent/');
    assert.equal(home.status, 200, show(home));
    assert.match(textOf(home.text), /Antoine Agent/);
    assert.ok((await staffRow(ACCOUNTS.agentAnnecy)).last_login_utc, 'last_login_utc set');
  });

  test('sign-in is audited (action login) and logged without the password', async () => {
    const s = await createStaff();
    const wrong = `Faux${tag(12)}Passe`;
    await trySignIn(s.email, wrong);
    await signIn(s.email);
    const rows = await q("SELECT * FROM audit_log WHERE staff_id = ? AND action = 'login'", [s.id]);
    assert.equal(rows.length, 1, 'one login line in the audit log');
    const logs = fs.readdirSync(path.join(VAR, 'log')).filter((f) => f.endsWith('.log'))
      .map((f) => fs.readFileSync(path.join(VAR, 'log', f), 'utf8')).join('\n');
    assert.ok(!logs.includes(wrong), 'the wrong password is in no log');
    assert.ok(!logs.includes(PASSWORD), 'the right password is in no log');
    assert.match(logs, /sign-in failed/, 'failures are logged');
  });

  test('suite= brings back to the page asked for, never off the staff side', async () => {
    const anon = await new Client().get('/agent/rdv');
    assert.ok(isSignInRedirect(anon), show(anon));
    assert.match(pathOf(anon.location), /suite=%2Fagent%2Frdv/);
    const c = new Client();
    const { res } = await trySignIn(ACCOUNTS.agentAnnecy, PASSWORD, c, { suite: '/agent/rdv' });
    assert.equal(res.status, 303);
    assert.equal(pathOf(res.location), '/agent/rdv');
    const c2 = new Client();
    const { res: r2 } = await trySignIn(ACCOUNTS.agentAnnecy, PASSWORD, c2, { suite: '//evil.example/agent' });
    assert.equal(r2.status, 303);
    assert.equal(pathOf(r2.location), '/agent/');
    assert.equal(new URL(r2.location, 'http://127.0.0.1').host, '127.0.0.1', 'stays on the site');
  });

  test('a disabled account cannot sign in', async () => {
    const s = await createStaff();
    await q('UPDATE staff SET active = 0 WHERE id = ?', [s.id]);
    const { res } = await trySignIn(s.email);
    assert.equal(res.status, 401, show(res));
  });
});

describe('session token rotation', () => {
  test('a pre-set session cookie is replaced at sign-in', async () => {
    const c = new Client();
    const planted = 'a'.repeat(64);
    c.cookies.set('session', planted);
    const { res } = await trySignIn(ACCOUNTS.agentAnnecy, PASSWORD, c);
    assert.equal(res.status, 303, show(res));
    const token = sessionCookieOf(res);
    assert.ok(token && token !== planted, 'a fresh token, not the planted one');
    assert.equal(c.cookies.get('session'), token);
  });

  test('signing in again gives a new token and ends the old session', async () => {
    const c = await signIn(ACCOUNTS.agentAnnecy);
    const first = c.cookies.get('session');
    const { res } = await trySignIn(ACCOUNTS.agentAnnecy, PASSWORD, c);
    assert.equal(res.status, 303);
    const second = sessionCookieOf(res);
    assert.ok(second && second !== first, 'rotated');
    const old = new Client();
    old.cookies.set('session', first);
    const r = await old.get('/agent/');
    assert.ok(isSignInRedirect(r), `the old token no longer works: ${show(r)}`);
    assert.equal(await one('SELECT 1 AS x FROM staff_sessions WHERE token_hash = ?', [sha256(first)]), undefined);
    assert.equal((await c.get('/agent/')).status, 200, 'the new one does');
  });
});

describe('sign-out', () => {
  test('POST /agent/deconnexion ends the session on the server', async () => {
    const c = await signIn(ACCOUNTS.agentAnnecy);
    const token = c.cookies.get('session');
    const res = await staffPost(c, '/agent/deconnexion');
    assert.equal(res.status, 303, show(res));
    assert.match(pathOf(res.location), /^\/agent\/connexion\?fin=1/);
    assert.ok(!sessionCookieOf(res), 'the cookie is cleared');
    const again = new Client();
    again.cookies.set('session', token);
    const r = await again.get('/agent/');
    assert.ok(isSignInRedirect(r), `reusing the old cookie: ${show(r)}`);
    assert.equal(await one('SELECT 1 AS x FROM staff_sessions WHERE token_hash = ?', [sha256(token)]), undefined);
    const page = await c.get(res.location);
    assert.match(textOf(page.text), /Vous êtes déconnecté/);
  });

  test('sign-out without the CSRF token is refused (403) and the session lives on', async () => {
    const c = await signIn(ACCOUNTS.agentAnnecy);
    const res = await c.post('/agent/deconnexion', {});
    assert.equal(res.status, 403, show(res));
    assert.match(textOf(res.text), CSRF_RE);
    assert.equal((await c.get('/agent/')).status, 200);
  });
});

describe('session expiry', () => {
  async function fresh() {
    const s = await createStaff();
    const c = await signIn(s.email);
    return { s, c, h: sha256(c.cookies.get('session')) };
  }

  test('idle for 31 minutes: signed out', async () => {
    const { c, h } = await fresh();
    await q('UPDATE staff_sessions SET last_seen_utc = UTC_TIMESTAMP() - INTERVAL 31 MINUTE WHERE token_hash = ?', [h]);
    const r = await c.get('/agent/rdv');
    assert.ok(isSignInRedirect(r), show(r));
  });

  test('idle for 29 minutes: still signed in, and the idle clock restarts', async () => {
    const { c, h } = await fresh();
    await q('UPDATE staff_sessions SET last_seen_utc = UTC_TIMESTAMP() - INTERVAL 29 MINUTE WHERE token_hash = ?', [h]);
    const r = await c.get('/agent/rdv');
    assert.equal(r.status, 200, show(r));
    const row = await one('SELECT TIMESTAMPDIFF(SECOND, last_seen_utc, UTC_TIMESTAMP()) AS idle FROM staff_sessions WHERE token_hash = ?', [h]);
    assert.ok(row.idle < 60, `last_seen_utc slides (idle ${row.idle} s)`);
  });

  test('12 hours at most: a session started 13 hours ago is over, even if active', async () => {
    const { c, h } = await fresh();
    await q(`UPDATE staff_sessions SET created_utc = UTC_TIMESTAMP() - INTERVAL 13 HOUR,
             last_seen_utc = UTC_TIMESTAMP() WHERE token_hash = ?`, [h]);
    const r = await c.get('/agent/rdv');
    assert.ok(isSignInRedirect(r), show(r));
  });

  test('a session started 11 hours ago and active is still valid', async () => {
    const { c, h } = await fresh();
    await q(`UPDATE staff_sessions SET created_utc = UTC_TIMESTAMP() - INTERVAL 11 HOUR,
             last_seen_utc = UTC_TIMESTAMP() WHERE token_hash = ?`, [h]);
    assert.equal((await c.get('/agent/rdv')).status, 200);
  });

  test('a made-up or malformed session cookie is not a session', async () => {
    for (const v of ['0'.repeat(64), 'abc', "' OR 1=1 --", 'f'.repeat(65)]) {
      const c = new Client();
      c.cookies.set('session', v);
      const r = await c.get('/agent/');
      assert.ok(isSignInRedirect(r), `${v}: ${show(r)}`);
    }
  });
});

describe('throttling', () => {
  test('many failures from one address: 429, even with the right password; other addresses unaffected', async () => {
    const addr = otherAddress();
    const s = await createStaff();
    let last;
    let n = 0;
    for (; n < 40; n++) {
      last = await signInFrom(addr, s.email, `mauvais-${n}-${tag(6)}`);
      if (last.status === 429) break;
      assert.equal(last.status, 401, `attempt ${n + 1}: ${last.status}`);
    }
    assert.equal(last.status, 429, `throttled after ${n} failures`);
    assert.ok(n >= 5 && n <= 30, `throttled after a reasonable number of failures (${n})`);
    assert.match(textOf(last.text), THROTTLED_RE);
    const right = await signInFrom(addr, s.email, PASSWORD);
    assert.equal(right.status, 429, 'the right password from the same address is throttled too');
    const elsewhere = await signInFrom(otherAddress(), ACCOUNTS.cadmin, PASSWORD);
    assert.equal(elsewhere.status, 303, 'another address is not slowed down');
  });

  test('failures on one account from several addresses slow it down, never lock it out; the person is told', async () => {
    const s = await createStaff();
    const since = await lastOutboxId();
    const ADDRS = [otherAddress(), otherAddress(), otherAddress(), otherAddress(), otherAddress()];
    // 10 failures, 2 from each of 5 addresses: under the per-(account, address) limit.
    // The 10th starts in the middle of a second, and the next try comes
    // just after the following second starts: times kept to the second
    // made that 1 s pause last 0 s.
    const pause = (ms) => new Promise((ok) => setTimeout(ok, ms));
    for (let k = 0; k < 10; k++) {
      if (k === 9) await pause((1500 - (Date.now() % 1000)) % 1000);
      const r = await signInFrom(ADDRS[k % 5], s.email, `faux-${k}-${tag(5)}`);
      assert.equal(r.status, 401, `failure ${k + 1}: ${r.status}`);
    }
    await pause(1000 - (Date.now() % 1000) + 20);
    // At once, even the right password from a new address waits a moment...
    const next = await signInFrom(otherAddress(), s.email, PASSWORD);
    assert.equal(next.status, 429, `the account is slowed down: ${next.status}`);
    assert.match(textOf(next.text), /patientez \d+ secondes? avant de réessayer/);
    // ... then gets in: a slowed account is not a locked one.
    await new Promise((ok) => setTimeout(ok, 2100));
    const right = await signInFrom(otherAddress(), s.email, PASSWORD);
    assert.equal(right.status, 303, `the right password gets in after the pause: ${right.status}`);
    const notices = await outbox({ kind: 'login_notice', recipient: s.email, since });
    assert.equal(notices.length, 1, 'one email tells the person of the failures');
    assert.match(notices[0].body, /ont échoué/);
    const failed = await one("SELECT COUNT(*) AS n FROM audit_log WHERE staff_id = ? AND action = 'login_failed'", [s.id]);
    assert.equal(Number(failed.n), 10, 'each failure is in the audit log');
    const throttled = await one("SELECT COUNT(*) AS n FROM audit_log WHERE staff_id = ? AND action = 'login_throttled'", [s.id]);
    assert.ok(Number(throttled.n) >= 1, 'and the throttled try');
    // A success clears the account's failures: the next wrong password is a plain 401.
    const after = await signInFrom(otherAddress(), s.email, `faux-${tag(5)}`);
    assert.equal(after.status, 401);
  });

  test('a hundred failures from four addresses cannot keep the right person out for long', async () => {
    const s = await createStaff();
    const addrs = [otherAddress(), otherAddress(), otherAddress(), otherAddress()];
    let plain = 0;
    await Promise.all(addrs.map(async (a, i) => {
      for (let k = 0; k < 25; k++) if ((await signInFrom(a, s.email, `faux-${i}-${k}-${tag(5)}`)).status === 401) plain++;
    }));
    assert.ok(plain <= 40, `per (account, address), at most 10 failures each: ${plain} plain failures`);
    const wait = await signInFrom(otherAddress(), s.email, PASSWORD);
    if (wait.status === 429) {
      const m = textOf(wait.text).match(/patientez (\d+) secondes?/);
      assert.ok(m && Number(m[1]) <= 60, `a wait of at most a minute: ${textOf(wait.text).slice(0, 200)}`);
    } else assert.equal(wait.status, 303);
  });
});

describe('password reset', () => {
  /** Asks for a link; returns its path (/agent/mot-de-passe/nouveau?t=...). */
  async function requestLink(email) {
    const since = await lastOutboxId();
    const c = new Client();
    const res = await staffPost(c, '/agent/mot-de-passe', { email });
    assert.equal(res.status, 200, show(res));
    assert.match(textOf(res.text), /Si un compte existe avec cette adresse/);
    const msgs = await outbox({ kind: 'reset', recipient: email, since });
    assert.equal(msgs.length, 1, `one reset message to ${email}`);
    assert.equal(msgs[0].channel, 'email');
    const link = linkIn(msgs[0].body, '/agent/mot-de-passe/nouveau?t=');
    assert.ok(link, `a link in the message: ${msgs[0].body}`);
    const p = pathOf(link);
    assert.match(p, /^\/agent\/mot-de-passe\/nouveau\?t=[0-9a-f]{64}$/);
    return p;
  }

  async function postNew(linkPath, pw, confirmation = pw, c = new Client()) {
    const t = new URL(linkPath, 'http://x').searchParams.get('t');
    return staffPost(c, '/agent/mot-de-passe/nouveau', { t, mot_de_passe: pw, confirmation });
  }

  test('GET /agent/mot-de-passe: the request form', async () => {
    const res = await new Client().get('/agent/mot-de-passe');
    assert.equal(res.status, 200);
    assert.ok(formsOf(res.text).some((f) => f.action === '/agent/mot-de-passe' && 'email' in f.fields));
  });

  test('an unknown address gets the same answer and no message', async () => {
    const email = `inconnu.${tag()}@example.org`;
    const since = await lastOutboxId();
    const res = await staffPost(new Client(), '/agent/mot-de-passe', { email });
    assert.equal(res.status, 200);
    assert.match(textOf(res.text), /Si un compte existe avec cette adresse/);
    assert.equal((await outbox({ recipient: email, since })).length, 0);
  });

  test("a new password clears the account's failures: no slowing down after a reset", async () => {
    const s = await createStaff();
    for (let k = 0; k < 10; k++) {
      const r = await signInFrom(`127.0.${200 + (k % 5)}.${10 + k}`, s.email, `faux-${k}-${tag(5)}`);
      assert.equal(r.status, 401, `failure ${k + 1}`);
    }
    const slowed = await signInFrom('127.0.210.10', s.email, PASSWORD);
    assert.equal(slowed.status, 429, 'slowed down after 10 failures');
    const link = await requestLink(s.email);
    const pw = `une phrase de passe ${tag(6)} neuve`;
    assert.equal((await postNew(link, pw)).status, 303);
    const right = await signInFrom('127.0.210.11', s.email, pw);
    assert.equal(right.status, 303, `the new password gets in at once: ${right.status}`);
  });

  test('a link by email, valid 30 minutes, usable once; the new password signs in', async () => {
    const s = await createStaff();
    const before = await staffRow(s.email);
    const signedIn = await signIn(s.email);
    const link = await requestLink(s.email);
    const t = new URL(link, 'http://x').searchParams.get('t');
    const tok = await one('SELECT TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), expires_utc) AS ttl FROM staff_tokens WHERE token_hash = ?', [sha256(t)]);
    assert.ok(tok, 'the token is stored hashed');
    assert.ok(tok.ttl > 28 * 60 && tok.ttl <= 30 * 60 + 5, `valid 30 minutes (${tok.ttl} s)`);

    const form = await new Client().get(link);
    assert.equal(form.status, 200, show(form));
    const f = formsOf(form.text).find((x) => x.action === '/agent/mot-de-passe/nouveau');
    assert.ok(f && f.fields.t === t, 'the form carries the token');

    const pw = `une phrase de passe ${tag(6)} pour la mairie`;
    const res = await postNew(link, pw);
    assert.equal(res.status, 303, show(res));
    assert.match(pathOf(res.location), /^\/agent\/connexion/);

    const after = await staffRow(s.email);
    assert.match(after.password_hash, /^\$argon2id\$/);
    assert.notEqual(after.password_hash, before.password_hash);
    assert.equal((await trySignIn(s.email, PASSWORD)).res.status, 401, 'the old password no longer works');
    await signIn(s.email, pw);
    const r = await signedIn.get('/agent/');
    assert.ok(isSignInRedirect(r), 'sessions opened before the reset are ended');

    const again = await new Client().get(link);
    assert.equal(again.status, 410, `second use of the link: ${show(again)}`);
    assert.match(textOf(again.text), GONE_RE);
    const againPost = await postNew(link, `encore une autre phrase ${tag(6)}`);
    assert.equal(againPost.status, 410, show(againPost));
    await signIn(s.email, pw);
  });

  test('an expired link: 410', async () => {
    const s = await createStaff();
    const link = await requestLink(s.email);
    const t = new URL(link, 'http://x').searchParams.get('t');
    await q('UPDATE staff_tokens SET expires_utc = UTC_TIMESTAMP() - INTERVAL 1 MINUTE WHERE token_hash = ?', [sha256(t)]);
    const g = await new Client().get(link);
    assert.equal(g.status, 410, show(g));
    assert.match(textOf(g.text), GONE_RE);
    const p = await postNew(link, `une phrase de passe ${tag(6)} correcte`);
    assert.equal(p.status, 410, show(p));
    assert.equal((await trySignIn(s.email)).res.status, 303, 'the password did not change');
  });

  test('a made-up token: 410', async () => {
    for (const t of ['0'.repeat(64), 'abc', '']) {
      const g = await new Client().get(`/agent/mot-de-passe/nouveau?t=${t}`);
      assert.equal(g.status, 410, `${t}: ${show(g)}`);
    }
  });

  test('weak passwords are refused with a French message, the link still works', async () => {
    const s = await createStaff();
    const link = await requestLink(s.email);
    const cases = [
      ['court', /au moins 12 caractères/],
      ['motdepasse123', /trop courant/],
      ['MotDePasse123', /trop courant/],
      ['azerty123456', /trop courant/],
      ['aaaaaaaaaaaaaaaa', /trop courant/],
      ['x'.repeat(129), /au plus 128 caractères/],
    ];
    for (const [pw, re] of cases) {
      const res = await postNew(link, pw);
      assert.equal(res.status, 422, `${pw.slice(0, 20)}: ${show(res)}`);
      assert.match(textOf(res.text), re, pw.slice(0, 20));
      assert.ok(formsOf(res.text).some((f) => f.action === '/agent/mot-de-passe/nouveau' && f.fields.t), 'the form again, with the token');
    }
    const local = s.email.split('@')[0];
    const own = await postNew(link, `${local}1`);
    assert.equal(own.status, 422, `the account's own address: ${show(own)}`);
    const mismatch = await postNew(link, 'une phrase assez longue', 'une autre phrase longue');
    assert.equal(mismatch.status, 422, show(mismatch));
    assert.match(textOf(mismatch.text), /pas identiques/);
    assert.equal((await trySignIn(s.email)).res.status, 303, 'still the old password');
    const ok = await postNew(link, `une phrase de passe ${tag(6)} correcte`);
    assert.equal(ok.status, 303, `the link was not used up by refusals: ${show(ok)}`);
  });
});

describe('password hashes', () => {
  test('stored hashes are Argon2id, at least the INTERACTIVE limits', async () => {
    const rows = await q("SELECT email, password_hash FROM staff WHERE email LIKE '%@creneau.demo'");
    assert.ok(rows.length >= 5);
    for (const r of rows) {
      assert.match(r.password_hash, /^\$argon2id\$/, r.email);
      const m = r.password_hash.match(/\$m=(\d+),t=(\d+),p=\d+\$/);
      assert.ok(m, r.password_hash);
      assert.ok(Number(m[1]) >= 65536 && Number(m[2]) >= 2, `limits of ${r.email}: m=${m[1]} t=${m[2]}`);
    }
  });
});

describe('CSRF', () => {
  test('POST /agent/connexion without a token: 403', async () => {
    const c = new Client();
    await c.get(LOGIN_PATH); // the csrf cookie, but no token in the form
    const res = await c.post(LOGIN_PATH, { email: ACCOUNTS.agentAnnecy, mot_de_passe: PASSWORD });
    assert.equal(res.status, 403, show(res));
    assert.match(textOf(res.text), CSRF_RE);
    assert.ok(!sessionCookieOf(res));
  });

  test("another browser's token is refused", async () => {
    const a = new Client();
    const tokenOfA = await staffCsrf(a);
    const b = new Client();
    await b.get(LOGIN_PATH);
    const res = await b.post(LOGIN_PATH, { csrf: tokenOfA, email: ACCOUNTS.agentAnnecy, mot_de_passe: PASSWORD });
    assert.equal(res.status, 403, show(res));
  });

  test('signed-in POSTs without the token: 403, nothing done', async () => {
    const c = await signIn(ACCOUNTS.cadmin);
    const before = await one('SELECT reminder_hours FROM communes WHERE id = 1');
    const res = await c.post('/agent/parametres', { rappel: '12', horizon: '90', delai_min: '2', limite_annulation: '24' });
    assert.equal(res.status, 403, show(res));
    assert.match(textOf(res.text), CSRF_RE);
    assert.equal((await one('SELECT reminder_hours FROM communes WHERE id = 1')).reminder_hours, before.reminder_hours);
    for (const p of ['/agent/reserver', '/agent/fermetures', '/agent/personnel', '/agent/mot-de-passe']) {
      const r = await c.post(p, { x: '1' });
      assert.equal(r.status, 403, `${p}: ${show(r)}`);
    }
  });

  test('the staff pages carry the token in every POST form', async () => {
    const c = await signIn(ACCOUNTS.cadmin);
    for (const p of ['/agent/', '/agent/fermetures', '/agent/parametres', '/agent/personnel', '/agent/planning/1']) {
      const res = await c.get(p);
      assert.equal(res.status, 200, `${p}: ${show(res)}`);
      for (const f of formsOf(res.text).filter((x) => x.method === 'post')) {
        assert.ok(f.fields.csrf, `${p}: form ${f.action} has a csrf field`);
      }
      assert.ok(csrfOf(res.text));
    }
  });
});

describe('command-line tool and re-hashing', () => {
  const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const BIN = ['build', 'build-asan'].map((b) => path.join(ROOT, b, 'bin', 'creneau-admin')).find((f) => fs.existsSync(f));
  const CONF = process.env.CRENEAU_CONF || path.join(VAR, 'creneau.conf');

  function admin(args, password, conf = CONF) {
    return spawnSync(BIN, args, {
      env: { ...process.env, CRENEAU_CONF: conf, CRENEAU_PASSWORD: password, ASAN_OPTIONS: 'detect_leaks=0' },
      encoding: 'utf8', timeout: 30000,
    });
  }

  test('creneau-admin create-staff makes the first platform administrator, who can sign in', { skip: !BIN && 'no creneau-admin built' }, async () => {
    const email = `plateforme.${tag()}@example.org`;
    const pw = `la premiere phrase ${tag(6)} de la plateforme`;
    const r = admin(['create-staff', email, 'platform_admin', '-', 'Premiere Administratrice'], pw);
    assert.equal(r.status, 0, r.stderr);
    const row = await staffRow(email);
    assert.equal(row.role, 'platform_admin');
    assert.equal(row.commune_id, null);
    assert.match(row.password_hash, /^\$argon2id\$/);
    const c = await signIn(email, pw);
    const home = await c.get('/agent/');
    assert.equal(home.status, 200);
    assert.match(textOf(home.text), /administration de la plateforme/);
  });

  test('creneau-admin refuses a weak password and creates nothing', { skip: !BIN && 'no creneau-admin built' }, async () => {
    const email = `plateforme.${tag()}@example.org`;
    const r = admin(['create-staff', email, 'platform_admin', '-', 'Personne Faible'], 'motdepasse123');
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /trop courant/);
    assert.equal(await staffRow(email), undefined);
  });

  test('a hash made with other limits is re-hashed at sign-in', { skip: !BIN && 'no creneau-admin built' }, async () => {
    // The tool hashes with a higher opslimit; the server runs with its own
    // (the INTERACTIVE limits): at sign-in the hash follows the server's.
    const conf = path.join(os.tmpdir(), `creneau-rehash-${process.pid}-${tag(4)}.conf`);
    fs.writeFileSync(conf, `${fs.readFileSync(CONF, 'utf8')}\npwhash_opslimit = 3\n`, { mode: 0o600 });
    const email = `rehash.${tag()}@example.org`;
    const pw = `une phrase a re-hacher ${tag(6)} ce matin`;
    try {
      const r = admin(['create-staff', email, 'agent', '74010', 'Agent Rehash'], pw, conf);
      assert.equal(r.status, 0, r.stderr);
    } finally {
      fs.rmSync(conf, { force: true });
    }
    const before = (await staffRow(email)).password_hash;
    assert.match(before, /\$m=\d+,t=3,/, `made with t=3: ${before}`);
    await signIn(email, pw);
    const after = (await staffRow(email)).password_hash;
    assert.notEqual(after, before, 're-hashed');
    assert.match(after, /^\$argon2id\$v=19\$m=65536,t=2,/, `the server's limits: ${after}`);
    await signIn(email, pw);
    assert.equal((await staffRow(email)).password_hash, after, 'no re-hash when the limits match');
  });
});
