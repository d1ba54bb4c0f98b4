// notify.test.mjs — messages that really go out (issue #4). A real SMTP
// server (aiosmtpd, STARTTLS required, AUTH) and an HTTP SMS gateway run on
// loopback (tests/notify/), both deduplicating on the idempotency reference
// as real providers do. The stack's own worker (transports "local") is set
// aside for the duration and workers configured with the smtp/http
// transports are started instead; the stack's worker is put back at the end.
//
//   1. every kind of message reaches the person with the right content
//      (MIME decoded, the .ics checked), in French and in English;
//   2. providers down for a while, then back: everything due is delivered,
//      nothing twice, codes and reminders past their deadline expire;
//   3. a worker killed (SIGKILL) in the middle of a batch, while a provider
//      holds its answer: nothing lost, nothing delivered twice;
//   4. two workers on 1,000 queued messages: each delivered exactly once;
//   5. reminders: 47 hours ahead -> once, at the right time, re-armed by a
//      move, never twice for the same time, never for a past start, and a
//      reminder made obsolete by a move is not sent;
//   6. bookkeeping per batch: 500 local messages cost well under one
//      statement each (SHOW GLOBAL STATUS) with exact monthly counters;
//      counters right after batches mixing communes, channels and SMS
//      lengths, with messages recorded 'sent' by someone else meanwhile;
//      a provider slow enough for a batch to outlast its lease (renewed:
//      the second worker never sends what the first holds); a worker
//      stopped (SIGSTOP) past its lease never sends what was taken back;
//      SIGTERM mid-batch records what was accepted, gives back the rest;
//      a hold expires on time while a slow provider keeps the worker busy.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { Client, uniqueEmail, uniquePhone } from '../lib/client.mjs';
import { bookingByRef, closeDb, freeRuns, freeSlot, latestCode, one, poll, q } from '../lib/db.mjs';
import { confirm, hold, postManage } from '../lib/flow.mjs';
import * as H from '../notify/harness.mjs';

const RUN = crypto.randomBytes(4).toString('hex');
const FROM_DOMAIN = 'creneau74.example';
let dir, smtpDir, smsDir, smtp, sms, bin, saved, confJson, confForm, confSlow, common;
const workers = new Set();

// GSM 03.38 basic set and extension table.
const GSM = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\[~\]|€]*$/;
function septets(s) {
  return [...s].reduce((n, c) => n + ('^{}\\[~]|€'.includes(c) ? 2 : 1), 0);
}

const logStart = new Map();
const logOf = (name) => path.join(H.VAR, 'log', `notify-test-${name}.log`);

function start(conf, name) {
  logStart.set(name, fs.existsSync(logOf(name)) ? fs.statSync(logOf(name)).size : 0);
  const w = H.startWorker(bin, conf, `notify-test-${name}`);
  workers.add(w);
  return w;
}

/** Until the worker's log says it started (its first loop follows). */
function started(name) {
  return poll(() => fs.existsSync(logOf(name))
      && / started /.test(fs.readFileSync(logOf(name), 'utf8').slice(logStart.get(name) || 0)),
  { timeoutMs: 20000, intervalMs: 50, what: `worker ${name} to start` });
}

async function stop(w, signal) {
  await H.stopWorker(w, signal);
  workers.delete(w);
}

async function stopAll() {
  for (const w of [...workers]) await stop(w);
}

/** Rows of the outbox for these idempotency keys (LIKE prefix). */
function rowsLike(prefix) {
  return q('SELECT id, idem_key, kind, channel, status, attempts, claimed_by, provider_answer, transport, segments'
    + ' FROM outbox WHERE idem_key LIKE ? ORDER BY id', [`${prefix}%`]);
}

async function waitStatus(sql, params, what, timeoutMs = 30000) {
  return poll(async () => {
    const r = await q(sql, params);
    return r.length && r.every((x) => ['sent', 'failed', 'expired'].includes(x.status)) ? r : null;
  }, { timeoutMs, intervalMs: 200, what });
}

/** Messages queued directly (the worker's side is what these scenarios
 * test): n rows, alternately email and SMS, prefix for their idem_key.
 * communes: commune ids to spread them over, their SMS then counting 1 to
 * 3 segments (by default: no commune, 1 segment). */
async function queueDirect(prefix, n, { deadlineS = null, kind = 'test', phone = '+3369999', domain = `run${RUN}.example`, communes = null } = {}) {
  const commune = communes ? `ELT(1 + seq % ${communes.length}, ${communes.map(Number).join(', ')})` : 'NULL';
  const segments = communes ? 'IF(seq % 2, 0, 1 + (seq DIV 2) % 3)' : 'IF(seq % 2, 0, 1)';
  await q(`INSERT INTO outbox (idem_key, kind, channel, recipient, subject, body, segments, booking_id, commune_id,
             lang, next_try_utc, deadline_utc, created_utc)
           SELECT CONCAT(?, seq), ?, IF(seq % 2, 'email', 'sms'),
                  IF(seq % 2, CONCAT('p', seq, '@', ?), CONCAT(?, LPAD(seq, 4, '0'))),
                  IF(seq % 2, CONCAT('Message de test n° ', seq), NULL),
                  CONCAT('Message de test n° ', seq, ' : créneau réservé.'), ${segments}, NULL, ${commune}, 'fr',
                  UTC_TIMESTAMP(), IF(? IS NULL, NULL, UTC_TIMESTAMP() + INTERVAL ? SECOND), UTC_TIMESTAMP()
             FROM seq_1_to_${Number(n)}`, [prefix, kind, domain, phone, deadlineS, deadlineS ?? 0]);
}

/** Commune ids no real commune has (outbox and message_counts have no
 * foreign key): counters of our own, removed at the end. */
const FAKE_COMMUNE = 4000000000 + crypto.randomInt(0, 250000000);
let fakeCommunes = 0;
function fakeCommuneIds(n) {
  const ids = Array.from({ length: n }, (_, i) => FAKE_COMMUNE + fakeCommunes + i);
  fakeCommunes += n;
  return ids;
}

/** message_counts of these communes, all months: "commune/channel" -> {sent, segments}. */
async function countsOf(communes) {
  const rows = await q(`SELECT commune_id, channel, SUM(sent) AS sent, SUM(segments) AS segments FROM message_counts
                         WHERE commune_id IN (?) GROUP BY commune_id, channel`, [communes]);
  return Object.fromEntries(rows.map((r) => [`${r.commune_id}/${r.channel}`, { sent: Number(r.sent), segments: Number(r.segments) }]));
}

/** What message_counts should hold for these outbox rows. */
function expectedCounts(rows) {
  const c = {};
  for (const r of rows) {
    const k = `${r.commune_id}/${r.channel}`;
    c[k] ??= { sent: 0, segments: 0 };
    c[k].sent++;
    c[k].segments += r.channel === 'sms' ? r.segments : 0;
  }
  return c;
}

/** What the providers hold for an outbox row: {count: new, dup, mail|sms}. */
function received(row) {
  const ref = H.providerRef(row.idem_key);
  const evDir = row.channel === 'sms' ? smsDir : smtpDir;
  const ev = H.events(evDir);
  const key = row.channel === 'sms' ? ref : `${ref}@${FROM_DOMAIN}`;
  return {
    ref,
    news: ev.new.get(key) || 0,
    dups: ev.dup.get(key) || 0,
    mail: row.channel === 'email' ? H.mailByRef(smtpDir, ref) : undefined,
    sms: row.channel === 'sms' ? H.smsByRef(smsDir, ref) : undefined,
  };
}

/** A leaf part of a mail; text parts with '\n' line ends (QP has CRLF). */
function textPart(m, type) {
  const p = H.leaves(m).find((x) => x.type === type);
  return p && type !== 'text/calendar' ? { ...p, text: p.text.replace(/\r\n/g, '\n') } : p;
}

before(async () => {
  fs.mkdirSync(path.join(H.VAR, 'tmp'), { recursive: true });
  dir = fs.mkdtempSync(path.join(H.VAR, 'tmp', 'notify-'));
  smtpDir = path.join(dir, 'smtp');
  smsDir = path.join(dir, 'sms');
  fs.mkdirSync(smtpDir);
  fs.mkdirSync(smsDir);
  const cert = H.makeCert(dir);
  const smtpPassword = `pw-${RUN}`;
  const smsToken = `tok-${RUN}`;
  fs.writeFileSync(path.join(dir, 'smtp_password'), smtpPassword, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'sms_token'), smsToken, { mode: 0o600 });
  const smtpPort = await H.freePort();
  const smsPort = await H.freePort();
  smtp = new H.Server('smtp', H.python(), [path.join(H.ROOT, 'tests/notify/smtp_server.py'), '--port', String(smtpPort),
    '--dir', smtpDir, '--cert', cert.cert, '--key', cert.key, '--starttls-required', '--auth', `creneau:${smtpPassword}`],
  path.join(dir, 'smtp.log'));
  sms = new H.Server('sms', process.execPath, [path.join(H.ROOT, 'tests/notify/sms_gateway.mjs'), '--port', String(smsPort),
    '--dir', smsDir, '--token', smsToken], path.join(dir, 'sms.log'));
  await smtp.start();
  await sms.start();
  bin = H.workerBinary();
  common = {
    email_transport: 'smtp',
    smtp_url: `smtp://127.0.0.1:${smtpPort}`,
    smtp_tls: 'required',
    smtp_user: 'creneau',
    smtp_password_file: path.join(dir, 'smtp_password'),
    smtp_ca_file: cert.cert,
    email_from: `Mairie – Créneau <ne-pas-repondre@${FROM_DOMAIN}>`,
    sms_transport: 'http',
    sms_url: `http://127.0.0.1:${smsPort}/v1/sms`,
    sms_method: 'POST',
    sms_from: 'MAIRIE',
    sms_auth: 'bearer',
    sms_credentials_file: path.join(dir, 'sms_token'),
    notify_poll_ms: 200,
    notify_batch: 20,
    notify_lease_s: 4,
    notify_send_timeout_s: 2,
    notify_backoff_base_s: 1,
    notify_backoff_max_s: 2,
    notify_max_attempts: 100,
    // The outbox alone: the stack's ANTS declarations (its stand-in is not
    // listening here) and webhooks are other suites' business.
    ants_api_url: '',
  };
  confJson = path.join(dir, 'worker-json.conf');
  H.writeConf(confJson, { ...common, sms_content_type: 'application/json',
    sms_body: '{"to":"{to}","text":"{text}","ref":"{ref}","sender":"{from}"}' });
  // The worker that gets killed waits longer for an answer, so that it is
  // surely still waiting when the kill comes, even on a loaded machine.
  confSlow = path.join(dir, 'worker-slow.conf');
  H.writeConf(confSlow, { ...common, notify_send_timeout_s: 8, notify_lease_s: 10, sms_content_type: 'application/json',
    sms_body: '{"to":"{to}","text":"{text}","ref":"{ref}","sender":"{from}"}' });
  confForm = path.join(dir, 'worker-form.conf');
  H.writeConf(confForm, { ...common, sms_content_type: 'application/x-www-form-urlencoded',
    sms_body: 'to={to}&text={text}&ref={ref}&sender={from}' });
  saved = await H.stopStackWorker();
});

after(async () => {
  if (fakeCommunes) await q('DELETE FROM message_counts WHERE commune_id BETWEEN ? AND ?', [FAKE_COMMUNE, FAKE_COMMUNE + fakeCommunes]);
  await stopAll();
  await smtp?.stop();
  await sms?.stop();
  H.restoreStackWorker(saved);
  await closeDb();
});

describe('every kind of message reaches the person', () => {
  let w;
  before(() => { w = start(confJson, 'content'); });
  after(async () => { await stop(w); });

  test('French: code by email, confirmation (.ics), move, cancellation; SMS and email', async () => {
    const phone = uniquePhone();
    const email = uniqueEmail('n4');
    const h = await hold({ slotId: await freeSlot('CNI', 1), email, telephone: phone, canal: 'email', domicile: 'Sallanches' });
    const b = await bookingByRef(h.ref);
    const commune = await one(`SELECT c.id, c.email, si.name AS site FROM devices d JOIN sites si ON si.id = d.site_id
                                JOIN communes c ON c.id = si.commune_id WHERE d.id = ?`, [b.device_id]);
    const countsBefore = await one('SELECT COALESCE(SUM(sms_sent), 0) AS sms, COALESCE(SUM(emails_sent), 0) AS emails'
      + ' FROM message_counts_monthly WHERE commune_id = ?', [commune.id]);

    // The code, by email.
    const [code] = await waitStatus("SELECT * FROM outbox WHERE booking_id = ? AND kind = 'code'", [b.id], 'the code');
    assert.equal(code.status, 'sent', code.provider_answer);
    assert.equal(code.channel, 'email');
    assert.equal(code.transport, 'smtp');
    const rc = received(code);
    assert.equal(rc.news, 1);
    assert.equal(rc.dups, 0);
    const m = rc.mail;
    assert.ok(m, 'the code email was received');
    assert.deepEqual(m.envelope.rcpt_tos, [email]);
    assert.equal(m.envelope.mail_from, `ne-pas-repondre@${FROM_DOMAIN}`);
    assert.equal(m.header('message-id'), `<${rc.ref}@${FROM_DOMAIN}>`);
    assert.match(m.header('date'), /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000$/);
    assert.equal(H.decodeWords(m.header('from')), `Mairie – Créneau <ne-pas-repondre@${FROM_DOMAIN}>`);
    assert.equal(H.decodeWords(m.header('subject')), 'Votre code de confirmation');
    assert.equal(m.header('mime-version'), '1.0');
    assert.equal(m.type, 'multipart/alternative');
    const digits = await latestCode(h.ref);
    const plain = textPart(m, 'text/plain');
    const html = textPart(m, 'text/html');
    assert.equal(plain.params.charset, 'UTF-8');
    assert.match(plain.header('content-transfer-encoding'), /quoted-printable/);
    assert.ok(plain.text.includes(digits), 'the code in the text part');
    assert.ok(html.text.includes(digits), 'the code in the HTML part');
    assert.match(html.text, /<html lang="fr">/);

    // Confirmation: SMS, and an email with the appointment as .ics.
    const c = await confirm(h);
    const conf = await waitStatus("SELECT * FROM outbox WHERE booking_id = ? AND kind = 'confirmed' ORDER BY channel", [b.id], 'the confirmation');
    assert.deepEqual(conf.map((r) => [r.channel, r.status]), [['sms', 'sent'], ['email', 'sent']]);
    const cs = received(conf.find((r) => r.channel === 'sms'));
    assert.equal(cs.news, 1);
    assert.equal(cs.sms.to, `+33${phone.slice(1)}`);
    assert.equal(cs.sms.sender, 'MAIRIE');
    assert.equal(cs.sms.idempotency_key, cs.ref);
    assert.match(cs.sms.text, new RegExp(`RDV confirmé le .*Réf\\. ${h.ref}\\..*/gerer$`));
    assert.match(cs.sms.text, GSM);
    assert.ok(septets(cs.sms.text) <= 160, cs.sms.text);
    const ce = received(conf.find((r) => r.channel === 'email'));
    const mail = ce.mail;
    assert.equal(mail.type, 'multipart/mixed');
    assert.equal(mail.header('reply-to'), commune.email);
    assert.match(H.decodeWords(mail.header('subject')), /^Rendez-vous confirmé : Carte nationale d'identité, /);
    assert.deepEqual(H.leaves(mail).map((p) => p.type), ['text/plain', 'text/html', 'text/calendar']);
    const body = textPart(mail, 'text/plain').text;
    assert.match(body, /Votre rendez-vous est confirmé\./);
    assert.ok(body.includes(`Référence : ${h.ref}`));
    assert.ok(body.includes(commune.site));
    assert.match(body, /Pièces à apporter :\n- /);
    assert.ok(!body.includes('&#39;') && !body.includes('&amp;'), 'no HTML escaping in the text part');
    assert.ok(textPart(mail, 'text/html').text.includes('d&#39;identit'), 'HTML escaping in the HTML part');
    const icsPart = textPart(mail, 'text/calendar');
    assert.match(icsPart.header('content-disposition'), /attachment; filename="rendez-vous.ics"/);
    assert.match(icsPart.header('content-transfer-encoding'), /base64/);
    const ics = H.parseIcs(icsPart.text);
    const prop = (n) => ics.find((p) => p.name === n)?.value;
    const utc = (s) => s.replace(/[-:]/g, '').replace(' ', 'T') + 'Z';
    assert.equal(prop('METHOD'), 'PUBLISH');
    assert.equal(prop('UID'), `${h.ref}@127.0.0.1`);
    assert.equal(prop('DTSTART'), utc(b.start_utc));
    assert.equal(prop('DTEND'), utc(b.end_utc));
    assert.equal(prop('SEQUENCE'), '0');
    assert.equal(H.icsUnescape(prop('SUMMARY')), "Rendez-vous en mairie : Carte nationale d'identité");
    assert.ok(H.icsUnescape(prop('LOCATION')).startsWith(`${commune.site}, `));
    assert.match(prop('LOCATION'), /\\,/, 'commas escaped');
    assert.match(H.icsUnescape(prop('DESCRIPTION')), new RegExp(`Référence : ${h.ref}\\n[\\s\\S]*Pièces à apporter :\\n- `));
    assert.ok(icsPart.text.split('\r\n').every((l) => Buffer.byteLength(l) <= 75), 'folded at 75 octets');

    // Move: SMS and email, with the .ics updated (same UID, SEQUENCE 1).
    // Beyond any commune's cancellation limit: it is cancelled online below.
    const runs = (await freeRuns('CNI', 1, { siteId: (await one('SELECT site_id FROM devices WHERE id = ?', [b.device_id])).site_id, minHours: 30 }))
      .filter((r) => r.start_utc !== b.start_utc);
    assert.ok(runs.length, 'another free slot on the site');
    const target = runs[Math.floor(Math.random() * Math.min(20, runs.length))];
    const mv = await postManage(c.client, c.managePath, 'deplacer', { creneau: target.id });
    assert.equal(mv.status, 303);
    const b2 = await bookingByRef(h.ref);
    const moved = await waitStatus("SELECT * FROM outbox WHERE booking_id = ? AND kind = 'moved' ORDER BY channel", [b.id], 'the move');
    assert.deepEqual(moved.map((r) => r.status), ['sent', 'sent']);
    const ms = received(moved.find((r) => r.channel === 'sms'));
    assert.match(ms.sms.text, new RegExp(`Votre RDV \\(réf\\. ${h.ref}\\) est déplacé au `));
    const mm = received(moved.find((r) => r.channel === 'email')).mail;
    const ics2 = H.parseIcs(textPart(mm, 'text/calendar').text);
    assert.equal(ics2.find((p) => p.name === 'UID').value, `${h.ref}@127.0.0.1`);
    assert.equal(ics2.find((p) => p.name === 'SEQUENCE').value, '1');
    assert.equal(ics2.find((p) => p.name === 'DTSTART').value, utc(b2.start_utc));

    // Cancellation by the person.
    const cn = await postManage(c.client, c.managePath, 'annuler');
    assert.equal(cn.status, 303);
    const cancelled = await waitStatus("SELECT * FROM outbox WHERE booking_id = ? AND kind = 'cancelled' ORDER BY channel", [b.id], 'the cancellation');
    assert.deepEqual(cancelled.map((r) => r.status), ['sent', 'sent']);
    assert.match(received(cancelled[0]).sms.text, /est annulé\. Nouveau RDV : http/);
    const cm = received(cancelled[1]).mail;
    assert.equal(cm.type, 'multipart/alternative', 'no .ics for a cancellation');
    assert.match(textPart(cm, 'text/plain').text, /Votre rendez-vous est annulé\./);

    // Each message went out once; the monthly counters moved.
    const all = await q('SELECT * FROM outbox WHERE booking_id = ?', [b.id]);
    for (const r of all) {
      const x = received(r);
      assert.equal(x.news, 1, r.idem_key);
      assert.equal(x.dups, 0, r.idem_key);
      assert.equal(r.segments, r.channel === 'sms' ? 1 : 0);
    }
    const countsAfter = await one('SELECT SUM(sms_sent) AS sms, SUM(emails_sent) AS emails'
      + ' FROM message_counts_monthly WHERE commune_id = ?', [commune.id]);
    assert.ok(countsAfter.sms - countsBefore.sms >= 3, 'SMS counted');
    assert.ok(countsAfter.emails - countsBefore.emails >= 4, 'emails counted');
  });

  test('English: code by SMS, reminder, no-show letter, cancellation by the commune with its link', async () => {
    const client = new Client();
    await client.get('/?lang=en');
    const phone = uniquePhone();
    const h = await hold({ client, slotId: await freeSlot('CNI', 1), email: uniqueEmail('n4en'), telephone: phone, canal: 'sms', domicile: 'Sallanches' });
    const b = await bookingByRef(h.ref);
    assert.equal(b.lang, 'en');
    const [code] = await waitStatus("SELECT * FROM outbox WHERE booking_id = ? AND kind = 'code'", [b.id], 'the code');
    assert.equal(code.channel, 'sms');
    const cs = received(code).sms;
    assert.ok(cs.text.includes(await latestCode(h.ref)));
    assert.match(cs.text, /confirmation code/i);
    await confirm(h);
    const link = `${process.env.BASE_URL || 'http://127.0.0.1:18080'}/?procedure=CNI`;
    H.queueCli(bin, 'reminder', h.ref);
    H.queueCli(bin, 'noshow', h.ref);
    H.queueCli(bin, 'cancelled_commune', h.ref, link, 'The capture device is out of order');
    const rows = await waitStatus("SELECT * FROM outbox WHERE booking_id = ? AND kind IN ('reminder', 'noshow', 'cancelled_commune') ORDER BY kind, channel",
      [b.id], 'the reminder, the letter, the cancellation');
    assert.equal(rows.length, 6);
    assert.ok(rows.every((r) => r.status === 'sent'), JSON.stringify(rows.map((r) => [r.kind, r.status, r.provider_answer])));
    const by = (kind, ch) => received(rows.find((r) => r.kind === kind && r.channel === ch));
    for (const r of rows.filter((x) => x.channel === 'sms')) {
      const t = received(r).sms.text;
      assert.match(t, GSM);
      assert.ok(septets(t) <= 160, t);
      assert.ok(t.includes(h.ref), t);
      assert.match(t, / at \d{1,2}:\d\d [ap]m/, t);
    }
    assert.match(by('reminder', 'sms').sms.text, /^Reminder/);
    assert.ok(by('cancelled_commune', 'sms').sms.text.endsWith(link));
    const cc = by('cancelled_commune', 'email').mail;
    const cct = textPart(cc, 'text/plain').text;
    assert.ok(cct.includes('The capture device is out of order'));
    assert.ok(cct.includes(link));
    assert.match(textPart(cc, 'text/html').text, /<html lang="en">/);
    const ns = by('noshow', 'email').mail;
    assert.match(H.decodeWords(ns.header('subject')), /appointment/i);
    assert.match(textPart(ns, 'text/plain').text, /did not (come|attend)|absence|missed/i);
    assert.match(H.decodeWords(by('reminder', 'email').mail.header('subject')), /reminder/i);
  });
});

describe('providers down, then back', () => {
  test('everything due is delivered after recovery, nothing twice; past deadlines expire', async () => {
    const w = start(confJson, 'down');
    await smtp.stop();
    await sms.stop();
    const prefix = `t4:${RUN}:down:`;
    await queueDirect(`${prefix}ok:`, 8);
    await queueDirect(`${prefix}code:`, 2, { deadlineS: 3, kind: 'code' });
    await queueDirect(`${prefix}rem:`, 2, { deadlineS: 3, kind: 'reminder' });
    // While down: attempts fail and are retried with back-off; the short
    // deadlines pass.
    await poll(async () => {
      const r = await rowsLike(prefix);
      const ok = r.filter((x) => x.idem_key.includes(':ok:'));
      const short = r.filter((x) => !x.idem_key.includes(':ok:'));
      return ok.every((x) => x.status === 'pending' && x.attempts >= 2) && short.every((x) => x.status === 'expired');
    }, { timeoutMs: 20000, intervalMs: 200, what: 'failed attempts and expired deadlines while down' });
    await smtp.start();
    await sms.start();
    const rows = await waitStatus('SELECT * FROM outbox WHERE idem_key LIKE ?', [`${prefix}%`], 'delivery after recovery');
    for (const r of rows) {
      const x = received(r);
      if (r.idem_key.includes(':ok:')) {
        assert.equal(r.status, 'sent', r.provider_answer);
        assert.ok(r.attempts >= 2, 'it failed while the provider was down');
        assert.equal(x.news, 1, r.idem_key);
        assert.equal(x.dups, 0, r.idem_key);
      } else {
        assert.equal(r.status, 'expired');
        assert.match(r.provider_answer, /deadline/);
        assert.equal(x.news + x.dups, 0, `${r.idem_key} never reached a provider`);
      }
    }
    await stop(w);
  });
});

describe('a worker killed in the middle of a batch', () => {
  test('no message lost, none delivered twice', async () => {
    const prefix = `t4:${RUN}:kill:`;
    const phone = '+3369998';
    await queueDirect(prefix, 120, { phone });
    // The gateway accepts the 10th of these SMS, then holds its answer:
    // the worker is killed right there, between the provider's acceptance
    // and the database update.
    H.setControl(smsDir, { hang_at: 10, hang_match: phone, hang_ms: 30000 });
    const w1 = start(confSlow, 'killed');
    const hung = await poll(() => H.events(smsDir).hang[0], { timeoutMs: 20000, intervalMs: 20, what: 'the gateway to hang' });
    await stop(w1, 'SIGKILL');
    H.setControl(smsDir, {});
    const mid = await rowsLike(prefix);
    const sending = mid.filter((r) => r.status === 'sending');
    assert.ok(sending.length >= 1, 'the killed worker held messages');
    assert.ok(mid.some((r) => r.status === 'sent'), 'and had sent some');
    const hungRow = mid.find((r) => H.providerRef(r.idem_key) === hung);
    assert.ok(hungRow, 'the held message is one of ours');
    assert.equal(hungRow.status, 'sending');

    const w2 = start(confJson, 'after-kill');
    const rows = await waitStatus('SELECT * FROM outbox WHERE idem_key LIKE ?', [`${prefix}%`], 'delivery after the lease ran out', 60000);
    assert.equal(rows.length, 120);
    for (const r of rows) {
      const x = received(r);
      assert.equal(r.status, 'sent', `${r.idem_key}: ${r.provider_answer}`);
      assert.equal(x.news, 1, `${r.idem_key} delivered once`);
      if (x.ref === hung) {
        // Sent again with the same reference after the lease ran out: the
        // gateway recognised it.
        assert.equal(x.dups, 1);
        assert.equal(r.attempts, 2);
      } else {
        assert.equal(x.dups, 0, r.idem_key);
      }
    }
    await stop(w2);
  });
});

describe('two workers at once', () => {
  test('1,000 queued messages, each delivered exactly once', { timeout: 150000 }, async (t) => {
    const prefix = `t4:${RUN}:two:`;
    const wa = start(confJson, 'two-a');
    const wb = start(confForm, 'two-b');
    // Stopped whatever happens: a worker left running would send the next
    // tests' messages with this test's transports.
    t.after(async () => { await stop(wa); await stop(wb); });
    await started('two-a');
    await started('two-b');
    await queueDirect(prefix, 1000, { phone: '+3369997' });
    const rows = await waitStatus('SELECT * FROM outbox WHERE idem_key LIKE ?', [`${prefix}%`], '1,000 deliveries', 120000);
    assert.equal(rows.length, 1000);
    const ev = { sms: H.events(smsDir), mail: H.events(smtpDir) };
    const by = new Map();
    for (const r of rows) {
      assert.equal(r.status, 'sent', `${r.idem_key}: ${r.provider_answer}`);
      assert.equal(r.attempts, 1, r.idem_key);
      const ref = H.providerRef(r.idem_key);
      const e = r.channel === 'sms' ? ev.sms : ev.mail;
      const key = r.channel === 'sms' ? ref : `${ref}@${FROM_DOMAIN}`;
      assert.equal(e.new.get(key), 1, `${r.idem_key} delivered once`);
      assert.equal(e.dup.get(key) || 0, 0, `${r.idem_key} never sent twice`);
      by.set(r.claimed_by, (by.get(r.claimed_by) || 0) + 1);
    }
    assert.equal(by.size, 2, `both workers took part: ${JSON.stringify([...by])}`);
    // Both request formats reached the gateway.
    const cts = new Set(rows.filter((r) => r.channel === 'sms').map((r) => received(r).sms.content_type));
    assert.ok(cts.has('application/json') && cts.has('application/x-www-form-urlencoded'), [...cts].join(', '));
  });
});

describe('reminders', () => {
  const made = { commune: 0, site: 0, device: 0, bookings: [] };

  async function makeBooking(ref, startSql) {
    const proc = await one("SELECT id FROM procedures WHERE code = 'CNI'");
    await q(`INSERT INTO bookings (ref, status, device_id, procedure_id, level, party_size, start_utc, end_utc, channel,
               contact_phone, contact_email, lang, secret, created_utc, confirmed_utc)
             VALUES (?, 'confirmed', ?, ?, 'regular', 1, ${startSql}, ${startSql} + INTERVAL 15 MINUTE, 'counter',
               ?, ?, 'fr', ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())`,
    [ref, made.device, proc.id, `+3369996${String(made.bookings.length).padStart(4, '0')}`,
      `rappel.${ref.toLowerCase()}@run${RUN}.example`, crypto.randomBytes(16).toString('hex')]);
    const b = await bookingByRef(ref);
    await q("INSERT INTO booking_persons (booking_id, position, last_name, first_names, birth_date) VALUES (?, 1, 'Dupont', 'Marie', '1980-05-04')", [b.id]);
    made.bookings.push(b.id);
    return b;
  }

  const reminders = (id) => q("SELECT * FROM outbox WHERE booking_id = ? AND kind = 'reminder' ORDER BY id", [id]);

  before(async () => {
    // A commune of our own, its site and device inactive: invisible to the
    // other suites' searches.
    const insee = `9${RUN.slice(0, 4).replace(/[a-f]/g, '7')}`.slice(0, 5);
    await q(`INSERT INTO communes (insee, name, equipped, lat, lon, phone, email, reminder_hours)
             VALUES (?, 'Saint-Julien-en-Genevois', 1, 46.144, 6.081, '04 50 35 14 14', 'etat-civil@st-julien.example', 48)`, [insee]);
    made.commune = (await one('SELECT id FROM communes WHERE insee = ?', [insee])).id;
    await q(`INSERT INTO sites (commune_id, name, address, postcode, city, lat, lon, active)
             VALUES (?, 'Hôtel de ville de Saint-Julien-en-Genevois', '1 place du Général de Gaulle', '74160',
                     'Saint-Julien-en-Genevois', 46.144, 6.081, 0)`, [made.commune]);
    made.site = (await one('SELECT id FROM sites WHERE commune_id = ?', [made.commune])).id;
    await q("INSERT INTO devices (site_id, name, kind, active) VALUES (?, 'DR test', 'dr', 0)", [made.site]);
    made.device = (await one('SELECT id FROM devices WHERE site_id = ?', [made.site])).id;
  });

  after(async () => {
    for (const id of made.bookings) {
      await q('DELETE FROM booking_persons WHERE booking_id = ?', [id]);
      await q('DELETE FROM booking_reminders WHERE booking_id = ?', [id]);
      await q('DELETE FROM outbox WHERE booking_id = ?', [id]);
      await q('DELETE FROM bookings WHERE id = ?', [id]);
    }
    if (made.device) await q('DELETE FROM bookings WHERE device_id = ?', [made.device]);
    if (made.device) await q('DELETE FROM devices WHERE id = ?', [made.device]);
    if (made.site) await q('DELETE FROM sites WHERE id = ?', [made.site]);
    if (made.commune) await q('DELETE FROM communes WHERE id = ?', [made.commune]);
  });

  test('47 hours ahead: once, at the right time, re-armed by a move, never for a past start', async () => {
    const r = RUN.toUpperCase().replace(/[^A-Z0-9]/g, 'X');
    const a = await makeBooking(`A${r.slice(0, 7)}`, 'UTC_TIMESTAMP() + INTERVAL 47 HOUR');
    const soon = await makeBooking(`B${r.slice(0, 7)}`, 'UTC_TIMESTAMP() + INTERVAL 48 HOUR + INTERVAL 15 SECOND');
    const past = await makeBooking(`C${r.slice(0, 7)}`, 'UTC_TIMESTAMP() - INTERVAL 1 HOUR');
    const later = await makeBooking(`D${r.slice(0, 7)}`, 'UTC_TIMESTAMP() + INTERVAL 46 HOUR');
    // D's reminder is queued, then D moves out of the window before any
    // worker runs: that reminder would announce the wrong time.
    H.queueCli(bin, 'reminder', later.ref);
    await q('UPDATE bookings SET start_utc = start_utc + INTERVAL 24 HOUR, end_utc = end_utc + INTERVAL 24 HOUR, moved_count = moved_count + 1 WHERE id = ?', [later.id]);

    const w = start(confJson, 'reminders');
    const first = await waitStatus("SELECT * FROM outbox WHERE booking_id = ? AND kind = 'reminder'", [a.id], "A's reminder");
    assert.deepEqual(first.map((x) => [x.channel, x.status]).sort(), [['email', 'sent'], ['sms', 'sent']]);
    const sm = received(first.find((x) => x.channel === 'sms'));
    assert.equal(sm.news, 1);
    assert.match(sm.sms.text, new RegExp(`^Rappel : RDV le .*Réf\\. ${a.ref}\\.`));
    assert.ok(septets(sm.sms.text) <= 160);
    const em = received(first.find((x) => x.channel === 'email')).mail;
    assert.match(H.decodeWords(em.header('subject')), /^Rappel de votre rendez-vous/);
    assert.match(textPart(em, 'text/plain').text, /Hôtel de ville de Saint-Julien-en-Genevois/);

    // B starts in 48 h + 15 s: not due yet, then due, on time.
    assert.equal((await reminders(soon.id)).length, 0, 'B is not due yet');
    const bRows = await waitStatus("SELECT * FROM outbox WHERE booking_id = ? AND kind = 'reminder'", [soon.id], "B's reminder", 30000);
    assert.equal(bRows.length, 2);
    const t = await one(`SELECT MIN(o.created_utc) >= b.start_utc - INTERVAL 48 HOUR AS not_early,
                                MIN(o.created_utc) <= b.start_utc - INTERVAL 48 HOUR + INTERVAL 10 SECOND AS not_late
                           FROM outbox o JOIN bookings b ON b.id = o.booking_id
                          WHERE o.booking_id = ? AND o.kind = 'reminder'`, [soon.id]);
    assert.equal(t.not_early, 1, 'not queued before start - reminder_hours');
    assert.equal(t.not_late, 1, 'queued as soon as it was due');

    // The move of D made its reminder obsolete: expired, never sent.
    const d = await waitStatus("SELECT * FROM outbox WHERE booking_id = ? AND kind = 'reminder'", [later.id], "D's old reminder");
    for (const x of d) {
      assert.equal(x.status, 'expired');
      assert.match(x.provider_answer, /obsolete/);
      const rx = received(x);
      assert.equal(rx.news + rx.dups, 0);
    }

    // A moves to 30 h ahead: re-armed for the new time.
    await q('UPDATE bookings SET start_utc = start_utc - INTERVAL 17 HOUR, end_utc = end_utc - INTERVAL 17 HOUR, moved_count = moved_count + 1 WHERE id = ?', [a.id]);
    await poll(async () => (await reminders(a.id)).filter((x) => x.status === 'sent').length === 4,
      { timeoutMs: 20000, intervalMs: 200, what: 'the reminder for the new time' });
    // ... and back to the first time: that reminder went out already.
    await q('UPDATE bookings SET start_utc = start_utc + INTERVAL 17 HOUR, end_utc = end_utc + INTERVAL 17 HOUR, moved_count = moved_count + 1 WHERE id = ?', [a.id]);
    await H.sleep(2500);
    const all = await reminders(a.id);
    assert.equal(all.length, 4, 'one reminder per start time, never twice for the same time');
    assert.equal(new Set(all.map((x) => x.idem_key)).size, 4);
    for (const x of all) {
      const rx = received(x);
      assert.equal(rx.news, 1, x.idem_key);
      assert.equal(rx.dups, 0, x.idem_key);
    }
    assert.equal((await reminders(past.id)).length, 0, 'never for a past start');
    assert.equal((await reminders(later.id)).length, 2, 'no new reminder for D, now 70 h ahead');
    await stop(w);
  });

  // The reminders due lie within the longest notice of any commune: the
  // scan reads those hours of bookings, not every future booking (at the
  // scale of a département, that was 300,000 index entries each second).
  test('a commune asking 72 hours gets them; the scan reads only the longest notice ahead', async (t) => {
    const r = RUN.toUpperCase().replace(/[^A-Z0-9]/g, 'X');
    await q('UPDATE communes SET reminder_hours = 72 WHERE id = ?', [made.commune]);
    const proc = await one("SELECT id FROM procedures WHERE code = 'CNI'");
    // 20,000 confirmed bookings a year ahead on this device: none is due.
    await q(`INSERT INTO bookings (ref, status, device_id, procedure_id, level, party_size, start_utc, end_utc, channel,
               contact_email, lang, secret, created_utc, confirmed_utc)
             SELECT CONCAT('Y', ?, LPAD(seq, 5, '0')), 'confirmed', ?, ?, 'regular', 1,
                    UTC_TIMESTAMP() + INTERVAL 365 DAY + INTERVAL seq MINUTE,
                    UTC_TIMESTAMP() + INTERVAL 365 DAY + INTERVAL seq + 15 MINUTE, 'counter',
                    'loin@example.org', 'fr', MD5(seq), UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM seq_1_to_20000`,
    [r.slice(0, 2), made.device, proc.id]);
    const e = await makeBooking(`E${r.slice(0, 7)}`, 'UTC_TIMESTAMP() + INTERVAL 60 HOUR');
    const w = start(confJson, 'reminders-72');
    const rows = await waitStatus("SELECT * FROM outbox WHERE booking_id = ? AND kind = 'reminder'", [e.id],
      "E's reminder, 60 h ahead with 72 h of notice");
    assert.deepEqual(rows.map((x) => [x.channel, x.status]).sort(), [['email', 'sent'], ['sms', 'sent']]);
    // Nothing more is due: three seconds of this worker and the stack's
    // (one scan a second each) read what lies within 72 hours, not the
    // 20,000 (the statement bounded by each commune's notice alone read
    // them all, six times).
    const names = ['Handler_read_next', 'Handler_icp_attempts'];
    const before = await globalStatus(names);
    await H.sleep(3000);
    const after = await globalStatus(names);
    await stop(w);
    const read = names.reduce((n, k) => n + after[k] - before[k], 0);
    t.diagnostic(`index entries read in 3 s: ${read}`);
    assert.ok(read < 20000, `the reminder scan read ${read} index entries in 3 s`);
    const far = await one("SELECT COUNT(*) AS n FROM outbox o JOIN bookings b ON b.id = o.booking_id WHERE b.device_id = ? AND b.ref LIKE 'Y%'", [made.device]);
    assert.equal(Number(far.n), 0, 'no reminder a year ahead');
  });
});

/** SHOW GLOBAL STATUS, as numbers. */
async function globalStatus(names) {
  const rows = await q('SHOW GLOBAL STATUS WHERE Variable_name IN (?)', [names]);
  return Object.fromEntries(rows.map((r) => [r.Variable_name, Number(r.Value)]));
}

/** A worker configuration: the common settings, JSON SMS, and these. */
function conf(name, overrides) {
  const file = path.join(dir, `worker-${name}.conf`);
  H.writeConf(file, { ...common, sms_content_type: 'application/json',
    sms_body: '{"to":"{to}","text":"{text}","ref":"{ref}","sender":"{from}"}', ...overrides });
  return file;
}

/** Both providers answer after ms (0: at once). */
function providersDelay(ms) {
  H.setControl(smsDir, ms ? { delay_ms: ms } : {});
  H.setControl(smtpDir, ms ? { delay_ms: ms } : {});
}

const rowsOf = (prefix) => q('SELECT * FROM outbox WHERE idem_key LIKE ? ORDER BY id', [`${prefix}%`]);
/** How many of these rows the providers hold (each events log read once). */
function accepted(rows) {
  const ev = { sms: H.events(smsDir), email: H.events(smtpDir) };
  return rows.filter((r) => {
    const ref = H.providerRef(r.idem_key);
    return r.channel === 'sms' ? ev.sms.new.has(ref) : ev.email.new.has(`${ref}@${FROM_DOMAIN}`);
  }).length;
}

describe('bookkeeping per batch', () => {
  after(() => providersDelay(0));

  test('500 local messages: a few statements and commits per batch, exact counters', async (t) => {
    const prefix = `t4:${RUN}:local:`;
    const communes = fakeCommuneIds(3);
    const file = path.join(dir, 'worker-local.conf');
    // Batches of 45: over the 32 ids one statement names, and 500 is no multiple.
    H.writeConf(file, { email_transport: 'local', sms_transport: 'local', notify_poll_ms: 1000, notify_batch: 45 });
    const w = start(file, 'local');
    await started('local');
    await H.sleep(300);
    const names = ['Com_stmt_execute', 'Com_commit', 'Handler_commit', 'Innodb_data_fsyncs'];
    const before = await globalStatus(names);
    await queueDirect(prefix, 500, { communes });
    const rows = await waitStatus('SELECT * FROM outbox WHERE idem_key LIKE ?', [`${prefix}%`], '500 local deliveries', 60000);
    const after = await globalStatus(names);
    await stop(w);
    const per = Object.fromEntries(names.map((k) => [k, (after[k] - before[k]) / 500]));
    t.diagnostic(`per message: ${JSON.stringify(per)}`);
    assert.equal(rows.length, 500);
    for (const r of rows) {
      assert.equal(r.status, 'sent', `${r.idem_key}: ${r.provider_answer}`);
      assert.equal(r.transport, 'local');
      assert.equal(r.provider_answer, 'local outbox');
      assert.equal(r.attempts, 1);
    }
    // One message at a time, the worker made about 5 statements and 3
    // commits (1 of them explicit) per message; a batch of 45 (two lists
    // of ids) takes about 9 statements and 2 commits.
    assert.ok(per.Com_stmt_execute < 1, `statements per message: ${per.Com_stmt_execute}`);
    assert.ok(per.Com_commit < 0.25, `commits per message: ${per.Com_commit}`);
    assert.deepEqual(await countsOf(communes), expectedCounts(rows));
  });

  test('sending a convocation-sized message rewrites its bookkeeping in place, not its bodies', async (t) => {
    // A confirmation email carries about 0.8 KB of text, 2.3 KB of HTML
    // and 1 KB of calendar. Claiming it and recording it 'sent' used to
    // change the size of NULL or variable-length columns, and InnoDB then
    // rewrote the whole row, often its whole page: about 24 KB of redo per
    // message. Fixed-width columns (sql/010) are overwritten where they lie.
    const prefix = `t4:${RUN}:inplace:`;
    const n = 200;
    await queueDirect(prefix, n, { communes: fakeCommuneIds(2) });
    await q(`UPDATE outbox SET channel = 'email', recipient = CONCAT('p', id, '@run${RUN}.example'), subject = 'Convocation',
               body = REPEAT('Votre rendez-vous. ', 42), body_html = REPEAT('<p>Convocation</p>', 128),
               ics = REPEAT('DESCRIPTION:pièces à apporter\\r\\n', 32), segments = 0 WHERE idem_key LIKE ?`, [`${prefix}%`]);
    const file = path.join(dir, 'worker-inplace.conf');
    H.writeConf(file, { email_transport: 'local', sms_transport: 'local', notify_poll_ms: 1000, notify_batch: 45 });
    const names = ['Innodb_os_log_written'];
    const before = await globalStatus(names);
    const w = start(file, 'inplace');
    const rows = await waitStatus('SELECT * FROM outbox WHERE idem_key LIKE ?', [`${prefix}%`], 'the deliveries', 60000);
    const after = await globalStatus(names);
    await stop(w);
    const redo = (after.Innodb_os_log_written - before.Innodb_os_log_written) / n;
    t.diagnostic(`redo per message sent: ${Math.round(redo)} bytes`);
    assert.equal(rows.length, n);
    for (const r of rows) {
      assert.equal(r.status, 'sent', `${r.idem_key}: ${r.provider_answer}`);
      assert.ok(r.body_html.length > 2000 && r.ics.length > 900, 'the bodies are the size of a convocation');
      assert.equal(r.provider_answer, 'local outbox');
      assert.match(r.claimed_by, /^[!-~]+:\d+:[0-9a-f]{8}$/, 'the worker that sent it');
    }
    assert.ok(redo < 2500, `${Math.round(redo)} bytes of redo per message sent`);
  });

  test('counters after batches mixing communes, channels and segments, one message recorded by someone else', async () => {
    const prefix = `t4:${RUN}:counts:`;
    const communes = fakeCommuneIds(3);
    providersDelay(150);
    await queueDirect(prefix, 20, { communes, phone: '+3369995' });
    const w = start(conf('counts', { notify_lease_s: 60 }), 'counts');
    const claimed = await poll(async () => {
      const r = await rowsOf(prefix);
      return r.length === 20 && r.every((x) => x.status === 'sending') ? r : null;
    }, { timeoutMs: 20000, intervalMs: 20, what: 'the batch to be claimed' });
    // The last SMS and the last email of the batch are recorded 'sent' by
    // someone else while the worker holds them (a second worker after a
    // lost lease): the worker sends them too (the provider would drop a
    // repeat) but must not count them again.
    const elsewhere = [claimed.findLast((r) => r.channel === 'sms'), claimed.findLast((r) => r.channel === 'email')];
    await q("UPDATE outbox SET status = 'sent', sent_utc = UTC_TIMESTAMP(), transport = 'elsewhere', provider_answer = 'recorded by another worker' WHERE id IN (?)",
      [elsewhere.map((r) => r.id)]);
    const rows = await waitStatus('SELECT * FROM outbox WHERE idem_key LIKE ? ORDER BY id', [`${prefix}%`], 'the batch', 30000);
    await stop(w);
    providersDelay(0);
    const ours = rows.filter((r) => !elsewhere.some((e) => e.id === r.id));
    for (const r of ours) {
      const x = received(r);
      assert.equal(r.status, 'sent', `${r.idem_key}: ${r.provider_answer}`);
      assert.equal(r.transport, r.channel === 'sms' ? 'http' : 'smtp');
      // Each message keeps its own provider answer (it names the reference).
      assert.ok(r.provider_answer.includes(x.ref), `${r.idem_key}: ${r.provider_answer}`);
      assert.equal(x.news, 1);
      assert.equal(x.dups, 0);
    }
    for (const e of elsewhere) {
      const r = rows.find((x) => x.id === e.id);
      assert.equal(r.transport, 'elsewhere', 'a message already sent is left as it is');
      assert.equal(r.provider_answer, 'recorded by another worker');
    }
    assert.ok(new Set(ours.map((r) => r.segments)).size >= 3, 'SMS of several lengths');
    assert.deepEqual(await countsOf(communes), expectedCounts(ours));
  });

  test('a slow provider: the lease is renewed, a second worker never sends what the first holds', { timeout: 90000 }, async () => {
    const prefix = `t4:${RUN}:lease:`;
    // 20 messages at 500 ms each: the batch lasts about twice the lease.
    providersDelay(500);
    const file = conf('lease', { notify_lease_s: 6, notify_send_timeout_s: 2, notify_batch: 20 });
    await queueDirect(prefix, 24, { phone: '+3369994' });
    const wa = start(file, 'lease-a');
    const claimed = await poll(async () => {
      const r = await rowsOf(prefix);
      return r.filter((x) => x.status === 'sending').length === 20 ? r : null;
    }, { timeoutMs: 20000, intervalMs: 20, what: 'A to claim a batch' });
    const a = claimed.find((x) => x.status === 'sending').claimed_by;
    const heldByA = claimed.filter((x) => x.claimed_by === a).map((x) => x.id);
    // B takes the 4 others, then looks for leases that ran out five times
    // a second.
    const wb = start(file, 'lease-b');
    const rows = await waitStatus('SELECT * FROM outbox WHERE idem_key LIKE ? ORDER BY id', [`${prefix}%`], 'the two batches', 60000);
    await stop(wa);
    await stop(wb);
    providersDelay(0);
    for (const r of rows) {
      const x = received(r);
      assert.equal(r.status, 'sent', `${r.idem_key}: ${r.provider_answer}`);
      assert.equal(x.news, 1, r.idem_key);
      assert.equal(x.dups, 0, `${r.idem_key} sent by one worker only`);
      assert.equal(r.attempts, 1, r.idem_key);
      if (heldByA.includes(r.id)) assert.equal(r.claimed_by, a, `${r.idem_key} stayed with A`);
    }
    const span = await one(`SELECT TIMESTAMPDIFF(SECOND, MIN(last_try_utc), MAX(sent_utc)) AS s FROM outbox
                             WHERE id IN (?)`, [heldByA]);
    assert.ok(span.s > 6, `A's batch outlasted its first lease (${span.s} s)`);
  });

  // Expired holds are freed by the same worker: neither a busy outbox nor
  // a slow provider may hold that back until the queue is empty.
  test('a hold expires on time while a slow provider keeps the worker busy', { timeout: 90000 }, async () => {
    const prefix = `t4:${RUN}:tend:`;
    providersDelay(500);
    // 20 messages at 500 ms each: the batch lasts about 10 s.
    const w = start(conf('tend', { notify_lease_s: 60, notify_batch: 20 }), 'tend');
    await started('tend');
    await queueDirect(prefix, 20, { phone: '+3369992' });
    await poll(async () => accepted(await rowsOf(prefix)) >= 2, { timeoutMs: 20000, intervalMs: 20, what: 'the batch to start' });
    const h = await hold({ slotId: await freeSlot('CNI', 1, { minHours: 30 }) });
    await q('UPDATE bookings SET hold_expires_utc = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE ref = ?', [h.ref]);
    const t0 = Date.now();
    await poll(async () => (await bookingByRef(h.ref)).status === 'expired', { timeoutMs: 5000, intervalMs: 50, what: 'the hold to expire' });
    const pending = (await rowsOf(prefix)).filter((r) => r.status !== 'sent').length;
    assert.ok(pending > 0, `freed in ${Date.now() - t0} ms, while the batch was still going (${pending} messages left)`);
    await waitStatus('SELECT * FROM outbox WHERE idem_key LIKE ?', [`${prefix}%`], 'the batch', 60000);
    await stop(w);
    providersDelay(0);
  });

  test('a worker stopped past its lease never sends what was taken back from it', { timeout: 120000 }, async () => {
    const prefix = `t4:${RUN}:paused:`;
    const communes = fakeCommuneIds(2);
    providersDelay(400);
    const file = conf('paused', { notify_lease_s: 6, notify_send_timeout_s: 2, notify_batch: 20 });
    await queueDirect(prefix, 20, { phone: '+3369993', communes });
    const wa = start(file, 'paused-a');
    let stopped = false;
    try {
      // Stopped while it waits for the provider's third answer.
      await poll(async () => accepted(await rowsOf(prefix)) >= 3, { timeoutMs: 20000, intervalMs: 10, what: 'three messages at the providers' });
      process.kill(wa.pid, 'SIGSTOP');
      stopped = true;
      const mid = await rowsOf(prefix);
      // Accepted but not yet recorded: these may go twice (deduplicated).
      const unrecorded = accepted(mid) - mid.filter((r) => r.status === 'sent').length;
      assert.ok(mid.filter((r) => r.status === 'sending').length >= 10, 'A holds most of the batch');
      const wb = start(file, 'paused-b');
      // B takes A's messages back once A's lease ran out.
      await poll(async () => (await rowsOf(prefix)).some((r) => r.attempts >= 2),
        { timeoutMs: 30000, intervalMs: 100, what: "B to take A's messages back" });
      process.kill(wa.pid, 'SIGCONT');
      stopped = false;
      const rows = await waitStatus('SELECT * FROM outbox WHERE idem_key LIKE ? ORDER BY id', [`${prefix}%`], 'the batch', 60000);
      await H.sleep(1000);   // A, awake, had its chance to (wrongly) send
      await stop(wa);
      await stop(wb);
      providersDelay(0);
      let dups = 0;
      for (const r of rows) {
        const x = received(r);
        assert.equal(r.status, 'sent', `${r.idem_key}: ${r.provider_answer}`);
        assert.equal(x.news, 1, r.idem_key);
        dups += x.dups;
      }
      // At most the accepted-but-unrecorded ones and the one A may have
      // been about to send when it stopped.
      assert.ok(dups <= unrecorded + 1, `${dups} repeat(s), ${unrecorded} unrecorded at the stop`);
      const log = fs.readFileSync(logOf('paused-a'), 'utf8').slice(logStart.get('paused-a'));
      assert.match(log, /no longer held by this worker, skipped/);
      assert.deepEqual(await countsOf(communes), expectedCounts(rows), 'each counted once');
    } finally {
      if (stopped) process.kill(wa.pid, 'SIGCONT');
    }
  });

  test('SIGTERM in the middle of a batch: what was accepted is recorded, the rest goes back untried', async () => {
    const prefix = `t4:${RUN}:term:`;
    providersDelay(300);
    const file = conf('term', { notify_lease_s: 60 });
    await queueDirect(prefix, 20, { phone: '+3369992' });
    const w = start(file, 'term');
    await poll(async () => accepted(await rowsOf(prefix)) >= 4, { timeoutMs: 20000, intervalMs: 10, what: 'four messages at the providers' });
    await stop(w, 'SIGTERM');
    const rows = await rowsOf(prefix);
    let sent = 0;
    for (const r of rows) {
      if (received(r).news) {
        sent++;
        assert.equal(r.status, 'sent', `${r.idem_key} accepted, so recorded before the worker exited`);
        assert.equal(r.attempts, 1);
      } else {
        assert.equal(r.status, 'pending', r.idem_key);
        assert.equal(r.attempts, 0, `${r.idem_key} was not tried`);
      }
    }
    assert.ok(sent >= 4 && sent < 20, `${sent} sent before the stop`);
    // The rest goes out once, with another worker.
    providersDelay(0);
    const w2 = start(file, 'term-after');
    const all = await waitStatus('SELECT * FROM outbox WHERE idem_key LIKE ?', [`${prefix}%`], 'the rest', 30000);
    await stop(w2);
    for (const r of all) {
      const x = received(r);
      assert.equal(r.status, 'sent');
      assert.equal(x.news, 1, r.idem_key);
      assert.equal(x.dups, 0, r.idem_key);
    }
  });
});
