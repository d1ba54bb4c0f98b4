// receiver.mjs — a stand-in for a webhook receiver, a real HTTP server on
// loopback, for tests/http/webhooks.test.mjs. It records every request it
// gets (method, path, headers, raw body, when, what it answered) and
// answers as its mode says:
//
//   mode   "ok"      200 {"ok": true}
//          "fail"    500 to everything
//          "stall"   reads the request, then never answers (until stop() or
//                    release()): the caller times out
//          "gone"    410 Gone
//          "refuse"  400 (a receiver that refuses the event for good)
//
// stop() closes the server (connections are then refused: "the receiver
// is down"); start() again on the same port brings it back, keeping what
// it recorded. verify(rec, secret) checks a request's X-Creneau-Signature
// as README.md tells receivers to.
//
// Standalone: node receiver.mjs --port N [--mode M] (prints "ready N").
import crypto from 'node:crypto';
import http from 'node:http';

export class WebhookReceiver {
  constructor() {
    this.mode = 'ok';
    this.requests = [];
    this.stalled = [];
    this.server = null;
    this.port = 0;
  }

  /** Listens on 127.0.0.1:port (0: any free port); resolves the port. */
  start(port = this.port) {
    this.server = http.createServer((req, res) => this.handle(req, res));
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.port = this.server.address().port;
        resolve(this.port);
      });
    });
  }

  /** Closes the server and every connection (stalled ones too). */
  stop() {
    this.release();
    const s = this.server;
    this.server = null;
    if (!s) return Promise.resolve();
    s.closeAllConnections?.();
    return new Promise((resolve) => s.close(() => resolve()));
  }

  /** Ends the stalled requests without an answer. */
  release() {
    for (const r of this.stalled) r.destroy();
    this.stalled = [];
  }

  get url() {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  /** The recorded requests with a given X-Creneau-Delivery, or for a booking reference. */
  byDelivery(id) {
    return this.requests.filter((r) => r.headers['x-creneau-delivery'] === String(id));
  }

  byRef(ref) {
    return this.requests.filter((r) => r.json?.data?.reference === ref);
  }

  handle(req, res) {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let json = null;
      try {
        json = JSON.parse(raw);
      } catch { /* recorded as it came */ }
      const rec = { method: req.method, path: req.url, headers: req.headers, raw, json, at: Date.now(), answered: null, mode: this.mode };
      this.requests.push(rec);
      const send = (status, obj) => {
        rec.answered = status;
        const body = JSON.stringify(obj);
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      };
      switch (this.mode) {
        case 'fail': return send(500, { error: 'receiver failing on purpose' });
        case 'gone': return send(410, { error: 'this endpoint is gone' });
        case 'refuse': return send(400, { error: 'not for us' });
        case 'stall':
          rec.answered = 'stalled';
          this.stalled.push(res.socket);
          return undefined;
        default: return send(200, { ok: true });
      }
    });
  }
}

/**
 * Checks X-Creneau-Signature ("t=<unix seconds>,v1=<hex>") of a recorded
 * request: HMAC-SHA256 keyed with the secret (its 64 hex characters as
 * text) over "<t>.<raw body>", compared in constant time, t within
 * toleranceS of now. Returns {ok, t, reason}.
 */
export function verify(rec, secret, toleranceS = 300, now = Date.now()) {
  const h = String(rec.headers['x-creneau-signature'] || '');
  const m = h.match(/^t=(\d+),v1=([0-9a-f]{64})$/);
  if (!m) return { ok: false, reason: `malformed header: ${h}` };
  const t = Number(m[1]);
  const want = crypto.createHmac('sha256', secret).update(`${m[1]}.${rec.raw}`).digest();
  const got = Buffer.from(m[2], 'hex');
  if (!crypto.timingSafeEqual(want, got)) return { ok: false, t, reason: 'signature mismatch' };
  if (Math.abs(now / 1000 - t) > toleranceS) return { ok: false, t, reason: `timestamp ${t} too far from now` };
  return { ok: true, t };
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const arg = (n, d) => {
    const i = process.argv.indexOf(`--${n}`);
    return i > 0 ? process.argv[i + 1] : d;
  };
  const r = new WebhookReceiver();
  r.mode = arg('mode', 'ok');
  const port = await r.start(Number(arg('port', 0)));
  console.log(`ready ${port}`);
}
