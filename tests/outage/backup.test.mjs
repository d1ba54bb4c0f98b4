// backup.test.mjs — backups that restore: `creneau-admin backup` writes a
// consistent dump while the stack runs, keeps the newest backup_keep, and
// `creneau-admin restore` loads it into a fresh instance (a second private
// stack) with the same rows and the same checksum of the bookings.
// In the outage group: it starts a second MariaDB beside the stack's.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mariadb from 'mariadb';
import { VAR, closeDb, one, q } from '../lib/db.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD = process.env.CRENEAU_BUILD || ['build-asan', 'build'].find((b) => fs.existsSync(path.join(ROOT, b, 'bin', 'creneau-admin')));
const ADMIN = path.join(ROOT, BUILD, 'bin', 'creneau-admin');
const VAR2 = path.join(ROOT, 'var', 'test-restore');
// TEST_PORT + 7 is the ANTS stand-in (tests/run.sh --ants-port).
const PORT2 = Number(process.env.TEST_PORT || 18080) + 9;
const TABLES = ['communes', 'sites', 'devices', 'procedures', 'slots', 'bookings', 'booking_persons', 'person_locks', 'outbox', 'staff', 'audit_log'];

const admin = (conf, ...args) => execFileSync(ADMIN, args, { env: { ...process.env, CRENEAU_CONF: conf }, encoding: 'utf8', timeout: 300000 });
const stack2 = (...args) => execFileSync(path.join(ROOT, 'scripts', 'stack.sh'), args, { stdio: 'pipe', timeout: 300000 });

let second;
before(() => {
  try { stack2('stop', '--var', VAR2); } catch { /* not running */ }
  fs.rmSync(VAR2, { recursive: true, force: true });
});
after(async () => {
  if (second) await second.end();
  try { stack2('stop', '--var', VAR2); } catch { /* already stopped */ }
  fs.rmSync(VAR2, { recursive: true, force: true });
  await closeDb();
});

async function counts(query) {
  const out = {};
  for (const t of TABLES) out[t] = Number((await query(`SELECT COUNT(*) AS n FROM ${t}`))[0].n);
  // A checksum of the stored columns: CHECKSUM TABLE changes with the
  // table's first reads when it has generated columns (pickup_active).
  const cols = (await query(`SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
                               AND TABLE_NAME = 'bookings' AND EXTRA NOT LIKE '%GENERATED%' ORDER BY ORDINAL_POSITION`)).map((r) => r.c);
  const row = cols.map((c) => `COALESCE(\`${c}\`, '\\N')`).join(', ');
  out.checksum = String((await query(`SELECT SUM(CRC32(CONCAT_WS('|', ${row}))) AS k FROM bookings`))[0].k);
  return out;
}

test('a backup taken while the stack runs restores into a fresh instance, row for row', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'creneau-backup-'));
  const outText = admin(path.join(VAR, 'creneau.conf'), 'backup', dir);
  const file = outText.match(/backup written to (\S+)/)?.[1];
  assert.ok(file && fs.existsSync(file), outText);
  assert.match(path.basename(file), /^creneau-\d{8}T\d{6}Z\.sql$/);
  assert.equal(fs.statSync(file).mode & 0o077, 0, 'the dump is readable by its owner only');
  assert.ok(!fs.readdirSync(dir).some((f) => f.endsWith('.part')), 'no partial file left');
  const text = fs.readFileSync(file, 'utf8');
  assert.match(text, /-- Dump completed/);
  const password = fs.readFileSync(path.join(VAR, 'secrets', 'db_password'), 'utf8').trim();
  assert.ok(!text.includes(password), 'the password is not in the dump');
  const before0 = await counts((s) => q(s));

  // A fresh instance: a second private stack without demo data, its
  // programs stopped as for a real restore (its MariaDB alone runs).
  stack2('start', '--var', VAR2, '--port', String(PORT2), '--build', BUILD, '--workers', '1');
  stack2('stop', '--var', VAR2);
  stack2('db-start', '--var', VAR2);
  const r = admin(path.join(VAR2, 'creneau.conf'), 'restore', file);
  assert.match(r, /restored/);
  second = await mariadb.createConnection({
    socketPath: path.join(VAR2, 'run', 'mysqld.sock'), user: 'creneau', database: 'creneau', dateStrings: true,
    password: fs.readFileSync(path.join(VAR2, 'secrets', 'db_password'), 'utf8').trim(),
  });
  const after0 = await counts((s) => second.query(s));
  // The running stack may have moved on since the dump (its workers keep
  // working), so the rows that do not move are compared here, and the
  // dump's rows as a whole just below.
  for (const t of ['communes', 'sites', 'devices', 'procedures', 'staff']) assert.equal(after0[t], before0[t], t);
  assert.ok(after0.bookings > 0, 'bookings restored');
  // Exactly the dump: the restored instance's own dump has the same rows.
  const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'creneau-backup2-'));
  const file2 = admin(path.join(VAR2, 'creneau.conf'), 'backup', dir2).match(/backup written to (\S+)/)[1];
  const rows = (f) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.startsWith('INSERT INTO')).join('\n');
  assert.equal(rows(file2), rows(file), 'the restored database dumps to the same rows');
  // The checksum of the bookings, restored twice into the same instance.
  const ck1 = after0.checksum;
  admin(path.join(VAR2, 'creneau.conf'), 'restore', file);
  assert.equal((await counts((s) => second.query(s))).checksum, ck1, 'the same checksum of the bookings');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(dir2, { recursive: true, force: true });
});

test('a restored database serves the booking pages', async () => {
  stack2('start', '--var', VAR2, '--port', String(PORT2), '--build', BUILD, '--workers', '1');
  const res = await fetch(`http://127.0.0.1:${PORT2}/healthz`);
  assert.equal(res.status, 200);
  const ref = (await second.query("SELECT ref FROM bookings WHERE status = 'confirmed' LIMIT 1"))[0]?.ref;
  assert.ok(ref, 'a confirmed booking');
  const page = await fetch(`http://127.0.0.1:${PORT2}/gerer`);
  assert.equal(page.status, 200);
});

test('the newest backup_keep dumps are kept, older ones removed', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'creneau-rotate-'));
  const keep = Number((fs.readFileSync(path.join(VAR, 'creneau.conf'), 'utf8').match(/^backup_keep = (\d+)$/m) || [])[1]);
  assert.ok(keep >= 1, 'backup_keep in the settings');
  for (let i = 0; i < keep + 3; i++) fs.writeFileSync(path.join(dir, `creneau-2020010${Math.floor(i / 10)}T00000${i % 10}Z.sql`), '-- old\n');
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a backup');
  admin(path.join(VAR, 'creneau.conf'), 'backup', dir);
  const left = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  assert.equal(left.length, keep, left.join(' '));
  assert.ok(!left.includes('creneau-20200100T000000Z.sql'), 'the oldest is gone');
  assert.ok(left[left.length - 1].startsWith(`creneau-${new Date().getUTCFullYear()}`), 'the new one is there');
  assert.ok(fs.existsSync(path.join(dir, 'notes.txt')), 'other files are left alone');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a failed backup leaves no file under a backup name', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'creneau-fail-'));
  const conf = path.join(dir, 'bad.conf');
  fs.writeFileSync(conf, fs.readFileSync(path.join(VAR, 'creneau.conf'), 'utf8').replace(/^db_name = .*$/m, 'db_name = no_such_database'));
  assert.throws(() => admin(conf, 'backup', dir), /status 1|backup failed/);
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('creneau-')), []);
  fs.rmSync(dir, { recursive: true, force: true });
});
