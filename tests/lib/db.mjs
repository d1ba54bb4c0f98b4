// db.mjs — direct access to the stack's MariaDB for the tests: read the
// codes sent through the outbox, find free slots, check slot counters.
import fs from 'node:fs';
import path from 'node:path';
import mariadb from 'mariadb';

export const VAR = process.env.CRENEAU_VAR || '/tmp/ttest';

let pool = null;

export function db() {
  if (!pool) {
    const password = fs.readFileSync(path.join(VAR, 'secrets', 'db_password'), 'utf8').trim();
    pool = mariadb.createPool({
      socketPath: path.join(VAR, 'run', 'mysqld.sock'),
      user: 'creneau',
      password,
      database: 'creneau',
      connectionLimit: 4,
      dateStrings: true,
      bigIntAsNumber: true,
      insertIdAsNumber: true,
      decimalAsNumber: true,
      timezone: '+00:00',
    });
  }
  return pool;
}

export async function closeDb() {
  if (pool) {
    const p = pool;
    pool = null;
    await p.end();
  }
}

export async function q(sql, params = []) {
  return db().query(sql, params);
}

export async function one(sql, params = []) {
  const rows = await q(sql, params);
  return rows[0];
}

/** Forget every rate-limit counter (tests share 127.0.0.1). */
export async function clearRateLimits() {
  await q('DELETE FROM rate_events');
}

export async function bookingByRef(ref) {
  return one('SELECT * FROM bookings WHERE ref = ?', [ref]);
}

/** The 6-digit code of the latest 'code' message of a booking. */
export async function latestCode(ref) {
  const row = await one(
    `SELECT o.body FROM outbox o JOIN bookings b ON b.id = o.booking_id
      WHERE b.ref = ? AND o.kind = 'code' ORDER BY o.id DESC LIMIT 1`, [ref]);
  if (!row) return undefined;
  const m = String(row.body).match(/(?<!\d)(\d{6})(?!\d)/);
  return m ? m[1] : undefined;
}

export async function codeMessages(ref) {
  return q(`SELECT o.* FROM outbox o JOIN bookings b ON b.id = o.booking_id
             WHERE b.ref = ? AND o.kind = 'code' ORDER BY o.id`, [ref]);
}

export async function slot(id) {
  return one('SELECT * FROM slots WHERE id = ?', [id]);
}

export async function bookingSlots(ref) {
  return q(`SELECT s.* FROM booking_slots bs JOIN bookings b ON b.id = bs.booking_id
             JOIN slots s ON s.id = bs.slot_id WHERE b.ref = ? ORDER BY s.start_utc`, [ref]);
}

export async function procedureByCode(code) {
  return one('SELECT * FROM procedures WHERE code = ?', [code]);
}

/** The device reserved for the concurrency test: other tests avoid it. */
export const CONCURRENCY_DEVICE_NAME = { site: 4, name: 'DR 2' }; // Annemasse, DR 2

export async function concurrencyDeviceId() {
  const r = await one('SELECT id FROM devices WHERE site_id = ? AND name = ?',
    [CONCURRENCY_DEVICE_NAME.site, CONCURRENCY_DEVICE_NAME.name]);
  return r ? r.id : 0;
}

/**
 * Runs of `k` back-to-back slots with a free regular place, for a
 * procedure and party size, bookable online now (after the commune's
 * minimum notice plus a margin, before its horizon).
 * opts: {siteId, communeInsee, deviceId, excludeDevices, minHours, maxDays, limit}
 * Returns [{id (first slot), ids, device_id, site_id, start_utc}], by start.
 */
export async function freeRuns(procedureCode, party = 1, opts = {}) {
  const proc = await procedureByCode(procedureCode);
  if (!proc) throw new Error(`unknown procedure ${procedureCode}`);
  const cond = [];
  const params = [proc.id, opts.minHours ?? 3];
  if (opts.siteId) { cond.push('si.id = ?'); params.push(opts.siteId); }
  if (opts.communeInsee) { cond.push('c.insee = ?'); params.push(opts.communeInsee); }
  if (opts.deviceId) { cond.push('d.id = ?'); params.push(opts.deviceId); }
  const exclude = opts.excludeDevices ?? [await concurrencyDeviceId()];
  if (exclude.length) { cond.push(`d.id NOT IN (${exclude.map(() => '?').join(',')})`); params.push(...exclude); }
  const rows = await q(
    `SELECT s.id, s.device_id, si.id AS site_id, s.start_utc, s.end_utc,
            s.cap_regular - s.booked_regular AS free
       FROM slots s JOIN devices d ON d.id = s.device_id AND d.active = 1
       JOIN sites si ON si.id = d.site_id AND si.active = 1
       JOIN communes c ON c.id = si.commune_id
       JOIN device_procedures dp ON dp.device_id = d.id AND dp.procedure_id = ?
      WHERE s.start_utc > UTC_TIMESTAMP() + INTERVAL GREATEST(c.min_notice_hours + 1, ?) HOUR
        AND s.start_utc < UTC_TIMESTAMP() + INTERVAL (c.horizon_days - 1) DAY
        ${opts.maxDays ? 'AND s.start_utc < UTC_TIMESTAMP() + INTERVAL ? DAY' : ''}
        ${cond.length ? 'AND ' + cond.join(' AND ') : ''}
      ORDER BY s.device_id, s.start_utc`,
    opts.maxDays ? [params[0], params[1], opts.maxDays, ...params.slice(2)] : params);
  const k = Math.ceil((party * proc.minutes_per_person) / 15);
  const runs = [];
  for (let i = 0; i + k <= rows.length; i++) {
    let ok = true;
    for (let j = 0; j < k; j++) {
      const r = rows[i + j];
      if (r.device_id !== rows[i].device_id || r.free <= 0) { ok = false; break; }
      if (j > 0 && rows[i + j - 1].end_utc !== r.start_utc) { ok = false; break; }
    }
    if (ok) runs.push({ id: rows[i].id, ids: rows.slice(i, i + k).map((r) => r.id), device_id: rows[i].device_id, site_id: rows[i].site_id, start_utc: rows[i].start_utc });
  }
  runs.sort((a, b) => (a.start_utc < b.start_utc ? -1 : a.start_utc > b.start_utc ? 1 : a.id - b.id));
  return opts.limit ? runs.slice(0, opts.limit) : runs;
}

/**
 * One free run, picked at random among the candidates (test files run in
 * parallel: a random pick keeps them from racing for the same place).
 * Returns the first slot's id (number); the run is in freeSlot.last.
 */
export async function freeSlot(procedureCode = 'CNI', party = 1, opts = {}) {
  const runs = await freeRuns(procedureCode, party, opts);
  if (!runs.length) throw new Error(`no free slot for ${procedureCode} x${party} ${JSON.stringify(opts)}`);
  const pool = opts.first ? runs.slice(0, 1) : runs;
  const pick = pool[Math.floor(Math.random() * pool.length)];
  freeSlot.last = pick;
  return pick.id;
}

/** Slots of a device that do not offer a procedure (for tamper tests). */
export async function slotNotOffering(procedureCode) {
  const proc = await procedureByCode(procedureCode);
  return one(
    `SELECT s.id FROM slots s
      WHERE s.start_utc > UTC_TIMESTAMP() + INTERVAL 1 DAY
        AND NOT EXISTS (SELECT 1 FROM device_procedures dp WHERE dp.device_id = s.device_id AND dp.procedure_id = ?)
      ORDER BY s.start_utc LIMIT 1`, [proc.id]);
}

/** Polls fn until it returns a truthy value (or throws on timeout). */
export async function poll(fn, { timeoutMs = 20000, intervalMs = 250, what = 'condition' } = {}) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
