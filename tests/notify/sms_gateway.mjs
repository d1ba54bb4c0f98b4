#!/usr/bin/env node
// sms_gateway.mjs — a small HTTP server on loopback playing an SMS gateway
// for tests/http/notify.test.mjs. It takes the request the worker builds
// from its settings (POST, JSON or form body with to/text/ref, bearer
// token) and deduplicates on the client reference, as gateways do: the
// first request with a reference is stored, a repeat gets 200 with
// {"status":"duplicate"} and is only logged. Storage, under --dir:
//
//   sms/<ref>.json   {"to", "text", "ref", "idempotency_key", "content_type"}
//   events.log       "new <ref>", "dup <ref>", "hang <ref>"
//
// Behaviour read from <dir>/control.json before each request (optional):
//   {"status": 503}                   refuse with that status, store nothing
//   {"delay_ms": 100}                 store, then wait before answering
//   {"hang_at": 10, "hang_ms": 20000, "hang_match": "+33699"}
//                                     store the 10th new message (counted
//                                     since control.json changed, among those
//                                     whose "to" starts with hang_match), log
//                                     "hang <ref>", then wait hang_ms
//
// Usage: node sms_gateway.mjs --port N --dir DIR [--token T]
// Prints "ready <port>" once listening; stops on SIGTERM/SIGINT.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
}

const port = Number(arg('port'));
const dir = arg('dir');
const token = arg('token', '');
if (!port || !dir) {
  console.error('usage: sms_gateway.mjs --port N --dir DIR [--token T]');
  process.exit(2);
}
const smsDir = path.join(dir, 'sms');
fs.mkdirSync(smsDir, { recursive: true });
let matched = 0;
let controlStamp = '';

function control() {
  try {
    const f = path.join(dir, 'control.json');
    const stamp = String(fs.statSync(f).mtimeMs);
    if (stamp !== controlStamp) {
      controlStamp = stamp;
      matched = 0;
    }
    return JSON.parse(fs.readFileSync(f, 'utf8'));
  } catch {
    return {};
  }
}

function event(line) {
  fs.appendFileSync(path.join(dir, 'events.log'), `${line}\n`);
}

function answer(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    if (token && req.headers.authorization !== `Bearer ${token}`) return answer(res, 401, { error: 'unauthorized' });
    const ctl = control();
    if (ctl.status) return answer(res, ctl.status, { error: 'unavailable' });
    const raw = Buffer.concat(chunks).toString('utf8');
    const ct = String(req.headers['content-type'] || '');
    let msg;
    try {
      msg = ct.includes('json') ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw));
    } catch {
      return answer(res, 400, { error: 'bad body' });
    }
    const ref = String(msg.ref || '');
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(ref) || !msg.to || !msg.text) return answer(res, 400, { error: 'to, text and ref are required' });
    const file = path.join(smsDir, `${ref}.json`);
    if (fs.existsSync(file)) {
      event(`dup ${ref}`);
      return answer(res, 200, { status: 'duplicate', id: ref });
    }
    const rec = {
      to: msg.to, text: msg.text, ref, sender: msg.sender ?? null,
      idempotency_key: req.headers['idempotency-key'] || null, content_type: ct,
    };
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(rec));
    fs.renameSync(`${file}.tmp`, file);
    event(`new ${ref}`);
    if (!ctl.hang_match || String(msg.to).startsWith(ctl.hang_match)) matched++;
    if (ctl.hang_at && matched === Number(ctl.hang_at)) {
      event(`hang ${ref}`);
      await new Promise((r) => setTimeout(r, Number(ctl.hang_ms || 20000)));
    } else if (ctl.delay_ms) {
      await new Promise((r) => setTimeout(r, Number(ctl.delay_ms)));
    }
    if (!res.destroyed) answer(res, 200, { status: 'accepted', id: ref });
  });
});
server.keepAliveTimeout = 30000;
server.listen(port, '127.0.0.1', () => console.log(`ready ${port}`));
const stop = () => { server.close(); server.closeAllConnections?.(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
