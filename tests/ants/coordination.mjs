// coordination.mjs — a stand-in for the ANTS coordination (anti-duplicate)
// API, a real HTTP server on loopback, for tests/http/ants_coordination.test.mjs.
// It answers what RDV Service Public's client (app/lib/ants_api.rb) reads:
//
//   GET    /api/status?application_ids=A&application_ids=B
//          -> {"A": {"status": "...", "appointments": [{management_url, meeting_point, appointment_date}]}}
//   POST   /api/appointments?application_id&meeting_point&meeting_point_id&appointment_date&management_url
//          -> {"success": true}; a repeat of a stored appointment (same number,
//             meeting point id and date): 400 {"detail": "... already exists in database"}
//   DELETE /api/appointments?application_id&meeting_point&meeting_point_id&appointment_date
//          -> {"rowcount": N}
//
// Every request needs the header x-rdv-opt-auth-token (401 otherwise).
// What the test controls (fields of the instance):
//   statuses     {id: "consumed" | {status, appointments}}: the status of a
//                number; otherwise "declared" with our stored appointments
//                when it has some, else "validated"
//   mode         "ok" | "fail" (503 to everything) | "stall" (no answer
//                until stall_ms) | "exists" (every POST answers "already exists")
//                | "accept_stall" (a POST is stored, then no answer: ANTS took
//                it, the caller cannot know)
//   onlyPaths    when set, mode applies only to these paths (e.g. ['/api/status'])
// What it records: requests [{method, path, params, token_ok, answered}],
// appointments (Map key "id|mpid|date" -> params), created / deleted counts.
//
// Standalone: node coordination.mjs --port N --token T (prints "ready N").
import http from 'node:http';

export class AntsStandIn {
  constructor(token) {
    this.token = token;
    this.statuses = {};
    this.mode = 'ok';
    this.onlyPaths = null;
    this.stall_ms = 30000;
    this.requests = [];
    this.appointments = new Map();
    this.stalled = [];
  }

  reset() {
    this.statuses = {};
    this.mode = 'ok';
    this.onlyPaths = null;
  }

  start(port) {
    this.server = http.createServer((req, res) => this.handle(req, res));
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve(this.server.address().port));
    });
  }

  stop() {
    for (const r of this.stalled) r.destroy();
    this.server?.closeAllConnections?.();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The requests made with a given method for a number. */
  calls(method, id) {
    return this.requests.filter((r) => r.method === method && (r.params.application_id === id));
  }

  handle(req, res) {
    const u = new URL(req.url, 'http://x');
    const params = Object.fromEntries(u.searchParams);
    const rec = { method: req.method, path: u.pathname, params, ids: u.searchParams.getAll('application_ids'),
      token_ok: req.headers['x-rdv-opt-auth-token'] === this.token, answered: null, at: Date.now() };
    this.requests.push(rec);
    req.resume();
    const send = (status, obj) => {
      rec.answered = status;
      const body = JSON.stringify(obj);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    req.on('end', () => {
      if (!rec.token_ok) return send(401, { detail: 'X-RDV-OPT-AUTH-TOKEN header invalid' });
      const applies = !this.onlyPaths || this.onlyPaths.includes(u.pathname);
      if (applies && this.mode === 'fail') return send(503, { detail: 'Service Unavailable' });
      if (applies && this.mode === 'stall') {
        rec.answered = 'stalled';
        this.stalled.push(res);
        setTimeout(() => { if (!res.writableEnded) res.destroy(); }, this.stall_ms).unref();
        return undefined;
      }
      if (u.pathname === '/api/status' && req.method === 'GET') {
        const out = {};
        for (const id of rec.ids) {
          const st = this.statuses[id];
          if (st) out[id] = typeof st === 'string' ? { status: st, appointments: [] } : st;
          else {
            const mine = [...this.appointments.values()].filter((a) => a.application_id === id);
            out[id] = mine.length
              ? { status: 'declared', appointments: mine.map((a) => ({ management_url: a.management_url,
                meeting_point: a.meeting_point, appointment_date: a.appointment_date })) }
              : { status: 'validated', appointments: [] };
          }
        }
        return send(200, out);
      }
      if (u.pathname === '/api/appointments') {
        for (const k of ['application_id', 'meeting_point', 'meeting_point_id', 'appointment_date']) {
          if (!params[k]) return send(422, { detail: [{ loc: ['query', k], msg: 'field required' }] });
        }
        const key = `${params.application_id}|${params.meeting_point_id}|${params.appointment_date}`;
        if (req.method === 'POST') {
          if (!params.management_url) return send(422, { detail: [{ loc: ['query', 'management_url'], msg: 'field required' }] });
          if ((applies && this.mode === 'exists') || this.appointments.has(key)) {
            rec.duplicate = true;
            return send(400, { detail: 'Appointment already exists in database' });
          }
          this.appointments.set(key, params);
          rec.created = true;
          if (applies && this.mode === 'accept_stall') {
            rec.answered = 'stalled';
            this.stalled.push(res);
            return undefined;
          }
          return send(200, { success: true });
        }
        if (req.method === 'DELETE') {
          const n = this.appointments.delete(key) ? 1 : 0;
          rec.deleted = n;
          return send(200, { rowcount: n });
        }
      }
      return send(404, { detail: 'Not Found' });
    });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (n) => { const i = process.argv.indexOf(`--${n}`); return i > 0 ? process.argv[i + 1] : undefined; };
  const s = new AntsStandIn(arg('token') || '');
  s.start(Number(arg('port') || 0)).then((p) => console.log(`ready ${p}`));
  const bye = () => s.stop().then(() => process.exit(0));
  process.on('SIGTERM', bye);
  process.on('SIGINT', bye);
}
