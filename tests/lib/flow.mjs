// flow.mjs — the booking steps shared by the HTTP suites.
import assert from 'node:assert/strict';
import { Client, bookingFields, describe, pathOf, person, uniqueEmail } from './client.mjs';
import { latestCode } from './db.mjs';

export const HOLD_RE = /^\/confirmer\/([A-Z0-9]{8})\?h=([0-9a-fA-F]+)(?:&|$)/;
export const MANAGE_RE = /^\/rdv\/([A-Z0-9]{8})\?t=([0-9a-fA-F]+)(?:&|$)/;

/**
 * POST /reserver. opts: slotId, procedure, persons (default one fresh
 * person), email (default unique), telephone, canal, client, csrf, extra.
 * Returns {client, res, fields, persons, email}.
 */
export async function postBooking(opts) {
  const client = opts.client || new Client();
  const persons = opts.persons || [person()];
  const email = opts.email === undefined ? uniqueEmail() : opts.email;
  const fields = bookingFields({ procedure: 'CNI', ...opts, persons, email });
  const csrf = opts.csrf ?? (await client.csrf());
  const res = await client.post('/reserver', { csrf, ...fields });
  return { client, res, fields, persons, email };
}

/** POST /reserver that must answer 303 to /confirmer: returns the hold. */
export async function hold(opts) {
  const r = await postBooking(opts);
  assert.equal(r.res.status, 303, `POST /reserver should redirect: ${describe(r.res)}`);
  const loc = pathOf(r.res.location);
  const m = loc.match(HOLD_RE);
  assert.ok(m, `unexpected redirect ${loc}`);
  return { ...r, ref: m[1], holdPath: loc };
}

/** Confirms a hold with the code from the outbox: returns the manage path. */
export async function confirm(h) {
  const code = await latestCode(h.ref);
  assert.match(code ?? '', /^\d{6}$/, `no code in the outbox for ${h.ref}`);
  const res = await postCode(h, code);
  assert.equal(res.status, 303, `confirming ${h.ref}: ${describe(res)}`);
  const loc = pathOf(res.location);
  assert.match(loc, MANAGE_RE);
  return { ...h, code, managePath: loc, manageBase: loc.replace(/&.*$/, '') };
}

/** POST /confirmer/REF with h and canal in the body, as the page's form does. */
export async function postCode(h, code, client = h.client) {
  const u = new URL(h.holdPath, 'http://x');
  return client.post(u.pathname, {
    csrf: await client.csrf(), h: u.searchParams.get('h'), canal: u.searchParams.get('canal') || 'sms', code,
  });
}

/** POST /rdv/REF/<action> with t in the body, as the page's forms do. */
export async function postManage(client, managePath, action, fields = {}) {
  const u = new URL(managePath, 'http://x');
  return client.post(`${u.pathname}/${action}`, { csrf: await client.csrf(), t: u.searchParams.get('t'), ...fields });
}

/** hold + confirm. */
export async function book(opts) {
  return confirm(await hold(opts));
}

/** "/rdv/REF?t=TOK" -> "/rdv/REF/<action>?t=TOK" */
export function actionPath(managePath, action) {
  const u = new URL(managePath, 'http://x');
  return `${u.pathname}/${action}?t=${u.searchParams.get('t')}`;
}
