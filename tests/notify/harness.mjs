// harness.mjs — what tests/http/notify.test.mjs needs around the stack:
// the provider servers of this folder (SMTP with STARTTLS and AUTH, the SMS
// gateway), workers configured with the smtp/http transports, the stack's
// own worker set aside and put back, and readers for what the providers
// received (MIME decoding included).
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const VAR = process.env.CRENEAU_VAR || path.join(ROOT, 'var/test');
export const STACK_CONF = path.join(VAR, 'creneau.conf');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Debian's python3 has python3-aiosmtpd; a pyenv shim may not. */
export function python() {
  for (const p of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(p, ['-c', 'import aiosmtpd'], { stdio: 'ignore' });
      return p;
    } catch { /* next */ }
  }
  throw new Error('python3 with aiosmtpd not found (apt-get install python3-aiosmtpd)');
}

function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const st = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^State:\s+(\w)/m);
    return !st || st[1] !== 'Z';
  } catch {
    return false;
  }
}

export async function waitGone(pid, ms = 10000) {
  const end = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > end) return false;
    await sleep(50);
  }
  return true;
}

/** A child process that prints "ready <port>" once it serves. */
export class Server {
  constructor(name, cmd, args, logFile) {
    Object.assign(this, { name, cmd, args, logFile, child: null });
  }

  async start() {
    const log = fs.openSync(this.logFile, 'a');
    this.child = spawn(this.cmd, this.args, { stdio: ['ignore', 'pipe', log] });
    fs.closeSync(log);
    const child = this.child;
    await new Promise((resolve, reject) => {
      let out = '';
      const t = setTimeout(() => reject(new Error(`${this.name} did not start (see ${this.logFile})`)), 15000);
      child.stdout.on('data', (d) => {
        out += d;
        if (/^ready \d+/m.test(out)) {
          clearTimeout(t);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(t);
        reject(new Error(`${this.name} exited (${code}) at start (see ${this.logFile})`));
      });
    });
    child.removeAllListeners('exit');
  }

  /** "The provider is down": the process is gone, connections are refused. */
  async stop() {
    if (!this.child) return;
    const pid = this.child.pid;
    this.child.kill('SIGTERM');
    if (!(await waitGone(pid, 5000))) this.child.kill('SIGKILL');
    await waitGone(pid, 5000);
    this.child = null;
  }
}

export function setControl(dir, obj) {
  fs.writeFileSync(path.join(dir, 'control.json'), JSON.stringify(obj || {}));
}

/** events.log -> {new: Map(key -> n), dup: Map(key -> n), hang: [key]}. */
export function events(dir) {
  const r = { new: new Map(), dup: new Map(), hang: [] };
  let text = '';
  try {
    text = fs.readFileSync(path.join(dir, 'events.log'), 'utf8');
  } catch { /* none yet */ }
  for (const line of text.split('\n')) {
    const [what, key] = line.split(' ');
    if (what === 'hang') r.hang.push(key);
    else if (what === 'new' || what === 'dup') r[what].set(key, (r[what].get(key) || 0) + 1);
  }
  return r;
}

// ------------------------------------------------------------ references

let secretKey = null;
/** The reference the worker gives providers for an idempotency key:
 * HMAC-SHA256(app secret, "outbox-ref|" + key), 32 hex characters. */
export function providerRef(idemKey) {
  if (!secretKey) secretKey = Buffer.from(fs.readFileSync(path.join(VAR, 'secrets', 'app_secret'), 'utf8').trim(), 'hex');
  return crypto.createHmac('sha256', secretKey).update(`outbox-ref|${idemKey}`).digest('hex').slice(0, 32);
}

// ------------------------------------------------------------------ MIME

function qpDecode(s) {
  const bytes = [];
  const t = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '=' && /^[0-9A-F]{2}$/i.test(t.slice(i + 1, i + 3))) {
      bytes.push(parseInt(t.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(t.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words (B and Q), adjacent ones joined. */
export function decodeWords(v) {
  return String(v).replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, cs, enc, data) => {
    const buf = /b/i.test(enc) ? Buffer.from(data, 'base64') : qpDecode(data.replace(/_/g, ' '));
    return buf.toString(/utf-?8/i.test(cs) ? 'utf8' : 'latin1');
  });
}

function params(v) {
  const [type, ...rest] = String(v || 'text/plain').split(';');
  const p = {};
  for (const kv of rest) {
    const m = kv.trim().match(/^([^=]+)=\s*"?([^"]*)"?$/);
    if (m) p[m[1].toLowerCase()] = m[2];
  }
  return { type: type.trim().toLowerCase(), params: p };
}

/** Parses a message (latin1 string of its bytes): {headers, header(name),
 * type, params, parts (multipart), body (Buffer, decoded), text (utf8)}. */
export function parseMime(raw) {
  const cut = raw.indexOf('\r\n\r\n');
  const head = cut < 0 ? raw : raw.slice(0, cut);
  const bodyRaw = cut < 0 ? '' : raw.slice(cut + 4);
  const headers = [];
  for (const line of head.split(/\r\n(?![ \t])/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.push([line.slice(0, i).toLowerCase(), line.slice(i + 1).replace(/\r\n[ \t]/g, ' ').trim()]);
  }
  const header = (n) => headers.find(([k]) => k === n.toLowerCase())?.[1];
  const ct = params(header('content-type'));
  const m = { raw, headers, header, type: ct.type, params: ct.params, parts: [] };
  if (ct.type.startsWith('multipart/')) {
    const b = `--${ct.params.boundary}`;
    const chunks = bodyRaw.split(b);
    for (const c of chunks.slice(1)) {
      if (c.startsWith('--')) break;
      m.parts.push(parseMime(c.replace(/^\r\n/, '').replace(/\r\n$/, '')));
    }
  } else {
    const cte = String(header('content-transfer-encoding') || '7bit').toLowerCase();
    m.body = cte === 'quoted-printable' ? qpDecode(bodyRaw)
      : cte === 'base64' ? Buffer.from(bodyRaw.replace(/\s+/g, ''), 'base64')
        : Buffer.from(bodyRaw, 'latin1');
    m.text = m.body.toString('utf8');
  }
  return m;
}

/** Every leaf part of a message, depth first. */
export function leaves(m) {
  return m.parts.length ? m.parts.flatMap(leaves) : [m];
}

/** The stored email whose Message-ID holds ref, parsed, or undefined. */
export function mailByRef(dir, ref) {
  const mail = path.join(dir, 'mail');
  let names = [];
  try {
    names = fs.readdirSync(mail);
  } catch { /* none yet */ }
  const f = names.find((n) => n.startsWith(`${ref}@`) && n.endsWith('.eml'));
  if (!f) return undefined;
  const m = parseMime(fs.readFileSync(path.join(mail, f)).toString('latin1'));
  m.envelope = JSON.parse(fs.readFileSync(path.join(mail, f.replace(/\.eml$/, '.json')), 'utf8'));
  return m;
}

export function smsByRef(dir, ref) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'sms', `${ref}.json`), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Unfolded iCalendar lines -> [{name, params, value}]; checks the folding. */
export function parseIcs(text) {
  const raw = text.split('\r\n');
  const lines = [];
  for (const l of raw) {
    if (Buffer.byteLength(l) > 75) throw new Error(`iCalendar line over 75 octets: ${l}`);
    if (l.startsWith(' ')) lines[lines.length - 1] += l.slice(1);
    else if (l) lines.push(l);
  }
  return lines.map((l) => {
    const i = l.indexOf(':');
    return { name: l.slice(0, i).split(';')[0], value: l.slice(i + 1) };
  });
}

export function icsUnescape(v) {
  return v.replace(/\\([\\;,nN])/g, (_, c) => (c === 'n' || c === 'N' ? '\n' : c));
}

// --------------------------------------------------------------- workers

/** The binary the stack runs (so the sanitizer build is the one tested). */
export function workerBinary() {
  try {
    const pid = Number(fs.readFileSync(path.join(VAR, 'run', 'notify.pid'), 'utf8').trim());
    const exe = fs.readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, '');
    if (exe && fs.existsSync(exe)) return exe;
  } catch { /* not running */ }
  for (const b of ['build-asan', 'build']) {
    const p = path.join(ROOT, b, 'bin', 'creneau-notify');
    if (fs.existsSync(p)) return p;
  }
  throw new Error('no creneau-notify binary (make build)');
}

/** A copy of the stack's settings with overrides appended (later lines win). */
export function writeConf(file, overrides) {
  const base = fs.readFileSync(STACK_CONF, 'utf8');
  const extra = Object.entries(overrides).map(([k, v]) => `${k} = ${v}`).join('\n');
  fs.writeFileSync(file, `${base}\n# --- tests/http/notify.test.mjs overrides\n${extra}\n`);
}

/** Starts a creneau-notify with these settings; its log goes to the stack's
 * log directory (where run.sh looks for sanitizer reports). */
export function startWorker(bin, conf, name) {
  const log = fs.openSync(path.join(VAR, 'log', `${name}.log`), 'a');
  const child = spawn(bin, [], { env: { ...process.env, CRENEAU_CONF: conf }, stdio: ['ignore', log, log], detached: true });
  fs.closeSync(log);
  child.on('error', (e) => console.error(`creneau-notify (${name}): ${e.message}`));
  child.unref();
  return child;
}

export async function stopWorker(child, signal = 'SIGTERM') {
  if (!child || !alive(child.pid)) return;
  child.kill(signal);
  if (!(await waitGone(child.pid, 15000))) {
    child.kill('SIGKILL');
    await waitGone(child.pid, 5000);
  }
}

/** Runs `creneau-notify queue KIND REF [LINK [REASON]]` with the stack's settings. */
export function queueCli(bin, ...args) {
  return execFileSync(bin, ['queue', ...args], { env: { ...process.env, CRENEAU_CONF: STACK_CONF }, encoding: 'utf8' });
}

/** Sets the stack's own worker (transports "local") aside: SIGTERM to the
 * pid of run/notify.pid. Returns what restoreStackWorker needs. */
export async function stopStackWorker() {
  const pidFile = path.join(VAR, 'run', 'notify.pid');
  let pid = 0;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  } catch { /* none */ }
  if (!pid || !alive(pid)) return { exe: null };
  const exe = fs.readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, '');
  process.kill(pid, 'SIGTERM');
  if (!(await waitGone(pid, 15000))) process.kill(pid, 'SIGKILL');
  await waitGone(pid, 5000);
  return { exe };
}

/** Starts the stack's worker again as scripts/stack.sh does (own session,
 * log appended to log/notify.log, pid in run/notify.pid). */
export function restoreStackWorker(saved) {
  if (!saved?.exe) return;
  const log = fs.openSync(path.join(VAR, 'log', 'notify.log'), 'a');
  const child = spawn(saved.exe, [], { env: { ...process.env, CRENEAU_CONF: STACK_CONF }, stdio: ['ignore', log, log], detached: true });
  fs.closeSync(log);
  child.on('error', (e) => console.error(`the stack's creneau-notify: ${e.message}`));
  child.unref();
  fs.writeFileSync(path.join(VAR, 'run', 'notify.pid'), `${child.pid}\n`);
}

/** A self-signed certificate for 127.0.0.1 (STARTTLS of the SMTP server). */
export function makeCert(dir) {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
    '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { key, cert };
}
