// stats.mjs — helpers for the statistics suites (creneau-stats, under
// /stats/): the keys of the figures, signing in, raw CSV downloads and a
// strict RFC 4180 parser, the accessible tables of the page, seeded
// bookings in past windows (inserted and removed by SQL), the memory of
// the stats workers.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BASE_URL, Client, csrfOf, describe as show, unescapeHtml } from './client.mjs';
import { VAR, q } from './db.mjs';
import { signIn } from './staff.mjs';

/** cgi-bin/core/stats.c stats_keys[], in display order: keep in step. */
export const STATS_KEYS = [
  'par_jour', 'par_semaine', 'par_site', 'par_appareil', 'remplissage', 'canaux',
  'communes_origine', 'partenaires', 'durees', 'etapes', 'annulations', 'taux',
  'delai_reservation', 'delai_prochain', 'messages', 'ants', 'retraits', 'liste_attente', 'satisfaction', 'reclamations',
  'urgences', 'assistance_canaux', 'assistance_appelants', 'assistance_sujets', 'assistance_suivi',
];

/**
 * The French header of every export, in its contractual order (columns may
 * only be added at the end in later versions).
 */
export const HEADERS = {
  par_jour: ['Jour', 'Rendez-vous', 'Personnes'],
  par_semaine: ['Semaine', 'Rendez-vous', 'Personnes'],
  par_site: ['Commune', 'Lieu', 'Rendez-vous'],
  par_appareil: ['Commune', 'Lieu', 'Appareil', 'Rendez-vous'],
  remplissage: ['Niveau', 'Places offertes', 'Places réservées', 'Remplissage (%)'],
  canaux: ['Canal', 'Rendez-vous', 'Part (%)'],
  communes_origine: ['Code INSEE', 'Commune de résidence', 'Rendez-vous', 'Dont pris par une mairie partenaire'],
  partenaires: ['Mairie partenaire', 'Rendez-vous pris', 'Personnes'],
  durees: ['Mesure', 'Minutes', 'Rendez-vous mesurés'],
  etapes: ['Lieu', 'Étape', "Minutes après l'arrivée (moyenne)", 'Passages'],
  annulations: ['Semaine', 'Rendez-vous', 'Annulés par la personne', 'Annulés par la mairie', 'Absences',
    "Taux d'annulation (%)", "Taux d'absence (%)"],
  taux: ['Mesure', 'Nombre', 'Taux (%)'],
  delai_reservation: ['Mesure', 'Jours', 'Rendez-vous'],
  delai_prochain: ['Jour', 'Lieu', 'Démarche', "Délai jusqu'au premier créneau libre (jours)"],
  messages: ['Mois', 'Canal', 'Messages envoyés', 'Segments SMS', 'Coût estimé (€)'],
  ants: ['Mois', 'Opération', 'Faites', 'En attente', 'Échouées'],
  retraits: ['Mois', 'Retraits pris', 'Dont proposés au dépôt', 'Honorés', 'Déplacés', 'Annulés', 'Absences'],
  liste_attente: ['Mois', 'Inscriptions', 'Propositions', 'Propositions acceptées', 'Départs de la liste',
    'Inscriptions terminées sans rendez-vous'],
  satisfaction: ['Mois', 'Commune', 'Lieu', 'Réponses', 'Satisfaits (%)', 'Moyennement satisfaits (%)',
    'Pas satisfaits (%)', 'Prise de rendez-vous facile (%)', 'Informations claires (%)', 'Attente satisfaisante (%)',
    'Ont dû appeler (%)'],
  reclamations: ['Canal', 'Sujet', 'Réclamations reçues', 'Répondues dans le délai', 'Part répondue dans le délai (%)',
    'Délai médian de réponse (jours)'],
  urgences: ['Mois', 'Demandes', 'Accordées', 'Refusées', 'Délai pour accorder, médiane (heures)',
    'Délai pour accorder, moyenne (heures)'],
  assistance_canaux: ['Mois', 'Canal', 'Tickets'],
  assistance_appelants: ["Type d'appelant", 'Tickets', 'Part (%)'],
  assistance_sujets: ['Code du sujet', 'Sujet', 'Tickets', 'Part (%)'],
  assistance_suivi: ['Mois', 'Tickets', 'Clos immédiatement (%)', 'Délégués (%)',
    'Première réponse, médiane (heures ouvrées)', 'Résolution, médiane (heures ouvrées)'],
  'rendez-vous': ['Référence', 'Début (heure locale)', 'État', 'Démarche', 'Personnes', 'Canal', 'Niveau',
    'Commune', 'Lieu', 'Appareil', 'Commune de résidence (INSEE)', 'Mairie partenaire', 'Présence',
    'Réservé le (UTC)', 'Annulé par'],
};

/** Every export: the figures plus the appointments list. */
export const EXPORTS = [...STATS_KEYS, 'rendez-vous'];

export const PASSWORD = 'demo-creneau-2026';
export const EMAILS = {
  padmin: 'admin@creneau.demo',
  cadmin: 'admin.annecy@creneau.demo',
  agent: 'agent.annecy@creneau.demo',
  agentThonon: 'agent.thonon@creneau.demo',
  partner: 'partenaire.sevrier@creneau.demo',
};

/** A client signed in at /agent/connexion, second factor included. */
export async function signInAs(email, password = PASSWORD) {
  return signIn(email, password);
}

/**
 * GET with the client's cookies, keeping the raw bytes (fetch's text()
 * drops a UTF-8 byte order mark). Returns {status, headers, location,
 * bytes (Buffer), text (decoded, BOM kept)}.
 */
export async function rawGet(client, p) {
  const headers = {};
  const ck = client ? client.cookieHeader() : '';
  if (ck) headers.cookie = ck;
  const res = await fetch(BASE_URL + p, { headers, redirect: 'manual' });
  const bytes = Buffer.from(await res.arrayBuffer());
  return {
    status: res.status,
    headers: res.headers,
    location: res.headers.get('location'),
    bytes,
    text: new TextDecoder('utf-8', { ignoreBOM: true, fatal: false }).decode(bytes),
  };
}

/** The URL of an export. query: object or string (without '?'). */
export function exportPath(key, query = {}) {
  const qs = typeof query === 'string' ? query : new URLSearchParams(query).toString();
  return `/stats/export/${key}.csv${qs ? '?' + qs : ''}`;
}

/** The URL of the statistics page. */
export function pagePath(query = {}) {
  const qs = typeof query === 'string' ? query : new URLSearchParams(query).toString();
  return `/stats/${qs ? '?' + qs : ''}`;
}

/**
 * Strict RFC 4180 parser: records end with CRLF (the last one too),
 * fields are quoted when they hold the separator, a quote, CR or LF, and
 * quotes inside are doubled. Throws on anything else (a bare LF or CR
 * outside quotes, a quote inside an unquoted field, text after a closing
 * quote, a missing final CRLF). Returns an array of records.
 */
export function parseCsv(text, sep = ',') {
  const rows = [];
  let row = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return rows;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) throw new Error('CSV: unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
          i++;
          break;
        }
        field += text[i++];
      }
      if (i < n && text[i] !== sep && text[i] !== '\r') {
        throw new Error(`CSV: unexpected ${JSON.stringify(text[i])} after a closing quote at ${i}`);
      }
    } else {
      while (i < n && text[i] !== sep && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`CSV: quote inside an unquoted field at ${i}`);
        field += text[i++];
      }
      if (text[i] === '\n') throw new Error(`CSV: bare LF at ${i} (records must end with CRLF)`);
    }
    row.push(field);
    if (i >= n) throw new Error('CSV: the last record does not end with CRLF');
    if (text[i] === sep) { i++; continue; }
    // CRLF
    if (text[i] !== '\r' || text[i + 1] !== '\n') throw new Error(`CSV: bare CR at ${i}`);
    i += 2;
    rows.push(row);
    row = [];
    if (i >= n) return rows;
  }
}

/**
 * Downloads an export and parses it. Asserts 200, text/csv, the UTF-8 BOM
 * and a well-formed RFC 4180 body. Returns {res, header, rows, body}.
 */
export async function getCsv(client, key, query = {}, { sep = ',' } = {}) {
  const qs = typeof query === 'string' ? query : new URLSearchParams(query).toString();
  const p = exportPath(key, sep === ';' ? `${qs}${qs ? '&' : ''}sep=%3B` : qs);
  const res = await rawGet(client, p);
  assert.equal(res.status, 200, `${p}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
  assert.match(res.headers.get('content-type') || '', /^text\/csv;\s*charset=utf-8$/i, `${p}: content type`);
  assert.deepEqual([...res.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], `${p}: starts with a UTF-8 BOM`);
  const body = res.text.slice(1);
  let parsed;
  try {
    parsed = parseCsv(body, sep);
  } catch (e) {
    assert.fail(`${p}: ${e.message}\n${JSON.stringify(body.slice(0, 500))}`);
  }
  assert.ok(parsed.length >= 1, `${p}: a header line`);
  return { res, header: parsed[0], rows: parsed.slice(1), body, path: p };
}

/** Text of an HTML fragment: tags dropped, entities decoded, blanks squashed. */
function cellText(html) {
  return unescapeHtml(String(html).replace(/<[^>]+>/g, '')).replace(/[ \t\r\n]+/g, ' ').trim();
}

/**
 * The accessible table <table id="t-KEY"> of the statistics page:
 * {caption, headers, rows (cells as text, the row header first)}, or
 * undefined when missing.
 */
export function pageTable(html, key) {
  const m = String(html).match(new RegExp(`<table\\b[^>]*\\bid="t-${key}"[^>]*>([\\s\\S]*?)</table>`));
  if (!m) return undefined;
  const t = m[1];
  const caption = cellText((t.match(/<caption\b[^>]*>([\s\S]*?)<\/caption>/) || [])[1] || '');
  const thead = (t.match(/<thead\b[^>]*>([\s\S]*?)<\/thead>/) || [])[1] || '';
  const tbody = (t.match(/<tbody\b[^>]*>([\s\S]*?)<\/tbody>/) || [])[1] || '';
  const headers = [...thead.matchAll(/<th\b[^>]*>([\s\S]*?)<\/th>/g)].map((x) => cellText(x[1]));
  const rows = [...tbody.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...r[1].matchAll(/<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]>/g)].map((x) => cellText(x[1])));
  return { caption, headers, rows };
}

/** Rows sorted (for figures whose order among ties is not specified). */
export function sorted(rows) {
  return [...rows].map((r) => [...r]).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

// ------------------------------------------------------------ times

/** Offset of Europe/Paris from UTC, in minutes, at a UTC instant (ms). */
function parisOffset(ms) {
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  });
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  return Math.round((asUtc - ms) / 60000);
}

/** 'YYYY-MM-DD HH:MM' in Europe/Paris -> Date (UTC instant). */
export function parisToDate(local) {
  const m = local.match(/^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)$/);
  assert.ok(m, `a local time: ${local}`);
  const naive = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  let ms = naive - parisOffset(naive) * 60000;
  ms = naive - parisOffset(ms) * 60000;
  return new Date(ms);
}

/** Date -> 'YYYY-MM-DD HH:MM:SS' in UTC (the database's DATETIME). */
export function sqlUtc(d) {
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
}

/** 'YYYY-MM-DD HH:MM' local + minutes -> SQL UTC string. */
export function utcOf(local, plusMinutes = 0) {
  return sqlUtc(new Date(parisToDate(local).getTime() + plusMinutes * 60000));
}

/** Today's date in Europe/Paris, plus `days`: 'YYYY-MM-DD'. */
export function parisDay(days = 0) {
  const d = new Date(Date.now() + days * 86400000);
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

// ----------------------------------------------------------- seeding

export const REF_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random booking reference (8 characters of the reference alphabet). */
export function randomRef() {
  let s = '';
  for (let i = 0; i < 8; i++) s += REF_ALPHABET[crypto.randomInt(REF_ALPHABET.length)];
  return s;
}

/**
 * Inserts one booking. b: {status, cancelledBy, device, procedure, party,
 * channel, partner, home, level, start ('YYYY-MM-DD HH:MM' local),
 * minutes (length, default 15 x party), leadHours (booked that long before
 * the start), attendance, arrived/started/finished (local 'HH:MM' of the
 * same day, or null), steps: [{position, name, at: 'HH:MM'}], moved (times
 * moved), pickupFor (the filing's id, for a pickup)}.
 * Returns {id, ref}.
 */
export async function insertBooking(b) {
  const start = parisToDate(b.start);
  const day = b.start.slice(0, 10);
  const minutes = b.minutes ?? 15 * (b.party ?? 1);
  const at = (hm) => (hm ? utcOf(`${day} ${hm}`) : null);
  const created = sqlUtc(new Date(start.getTime() - (b.leadHours ?? 24) * 3600000));
  const status = b.status ?? 'confirmed';
  for (let attempt = 0; ; attempt++) {
    const ref = randomRef();
    try {
      const r = await q(
        `INSERT INTO bookings (ref, status, device_id, procedure_id, level, party_size, start_utc, end_utc,
           channel, home_insee, partner_commune_id, lang, secret, created_utc, confirmed_utc, cancelled_utc,
           cancelled_by, attendance, arrived_utc, started_utc, finished_utc, noshow_utc, moved_count, pickup_for)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'fr', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [ref, status, b.device, b.procedure ?? 1, b.level ?? 'regular', b.party ?? 1, sqlUtc(start),
          sqlUtc(new Date(start.getTime() + minutes * 60000)), b.channel ?? 'web', b.home ?? null,
          b.partner ?? null, crypto.randomBytes(16).toString('hex'), created,
          status === 'confirmed' || status === 'cancelled' ? created : null,
          status === 'cancelled' ? created : null, b.cancelledBy ?? null, b.attendance ?? 'none',
          at(b.arrived), at(b.started), at(b.finished),
          b.attendance === 'noshow' ? sqlUtc(new Date(start.getTime() + 30 * 60000)) : null,
          b.moved ?? 0, b.pickupFor ?? null]);
      const id = r.insertId;
      for (const s of b.steps || []) {
        await q('INSERT INTO booking_steps (booking_id, position, name, at_utc) VALUES (?, ?, ?, ?)',
          [id, s.position, s.name, at(s.at)]);
      }
      return { id, ref };
    } catch (e) {
      if (e.code === 'ER_DUP_ENTRY' && attempt < 5) continue;
      throw e;
    }
  }
}

/** Deletes seeded bookings (and their check-in steps) by id. */
export async function deleteBookings(ids) {
  if (!ids.length) return;
  const marks = ids.map(() => '?').join(',');
  await q(`DELETE FROM booking_steps WHERE booking_id IN (${marks})`, ids);
  await q(`DELETE FROM bookings WHERE id IN (${marks})`, ids);
}

/**
 * Inserts a slot: {device, start (local 'YYYY-MM-DD HH:MM'), minutes,
 * cap: [regular, urgent, extreme], booked: [regular, urgent, extreme]}.
 * Returns its id.
 */
export async function insertSlot(s) {
  const start = parisToDate(s.start);
  const [cr, cu, ce] = s.cap;
  const [br, bu, be] = s.booked;
  const r = await q(
    `INSERT INTO slots (device_id, start_utc, end_utc, cap_regular, cap_urgent, cap_extreme,
       booked_regular, booked_urgent, booked_extreme) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [s.device, sqlUtc(start), sqlUtc(new Date(start.getTime() + (s.minutes ?? 15) * 60000)), cr, cu, ce, br, bu, be]);
  return r.insertId;
}

// ------------------------------------------------------------ memory

/** Pid of the stats master (run/stats.pid) and of its worker children. */
export function statsWorkers(varDir = VAR) {
  const master = Number(fs.readFileSync(path.join(varDir, 'run', 'stats.pid'), 'utf8').trim());
  const kids = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const st = fs.readFileSync(`/proc/${d}/status`, 'utf8');
      const pp = st.match(/^PPid:\s+(\d+)/m);
      if (pp && Number(pp[1]) === master && !/^State:\s+Z/m.test(st)) kids.push(Number(d));
    } catch { /* gone */ }
  }
  return { master, workers: kids };
}

/** VmRSS and VmHWM (peak) of a process, in KiB. */
export function memOf(pid) {
  const st = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number((st.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm')) || [])[1]);
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** Resets the peak RSS (VmHWM) of a process to its current RSS; false if refused. */
export function resetPeak(pid) {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
