// stats.test.mjs — the statistics section (creneau-stats, /stats/) over
// HTTP, on a SEEDED data set whose right answers are worked out by hand:
// every figure of every table, for the commune administrator of Annecy and
// the platform administrator (all communes, one commune), the filters,
// the isolation of communes in every export and for every role, the CSV
// format (RFC 4180, BOM, ';', fixed columns, formula guard), bad input,
// and the public delays page /delais.
//
// The seeded bookings live in a window of local days nothing else uses,
// 2024-03-04 (Monday) .. 2024-03-17 (Sunday), winter time (UTC+1): they are
// inserted by SQL in before() and removed in after().
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Client, describe as show, linksOf, person, textOf } from '../lib/client.mjs';
import { clearRateLimits, closeDb, one, q } from '../lib/db.mjs';
import { book, postManage } from '../lib/flow.mjs';
import {
  EMAILS, EXPORTS, HEADERS, STATS_KEYS, deleteBookings, exportPath, getCsv, insertBooking, insertSlot,
  pagePath, pageTable, parisDay, rawGet, signInAs, sorted,
} from '../lib/stats.mjs';

const W = { du: '2024-03-04', au: '2024-03-17' };
const ANNECY = 1;
const THONON = 2;
const SITE = { annecy: "Hôtel de ville d'Annecy", seynod: 'Mairie déléguée de Seynod', thonon: 'Hôtel de ville de Thonon-les-Bains' };

// ----------------------------------------------------------------- data
// Annecy: devices 1 (DR 1) and 2 (DR 2) at the town hall (site 1), 3 (DR 3)
// at Seynod (site 2). Thonon: devices 5 (DR 1) and 6 (DR 2), site 3.
// Procedures: 1 CNI, 2 PASSEPORT, 3 CNI_PASSEPORT, 4 RETRAIT.
// Partner communes: 7 Faverges-Seythenex (74123), 8 Sevrier (74267).
// Times are local (Europe/Paris); leadHours = booked that long before.
const BOOKINGS = {
  // ---- Annecy, confirmed (10 seen + 2 no-shows)
  C1: { device: 1, procedure: 1, party: 1, channel: 'web', home: '74010', start: '2024-03-04 09:00', leadHours: 240,
    attendance: 'finished', arrived: '08:55', started: '09:00', finished: '09:10',
    steps: [[1, 'Accueil', '08:55'], [2, 'Vérification des pièces', '09:01'], [3, 'Recueil des empreintes', '09:05'], [4, 'Sortie', '09:10']] },
  C2: { device: 1, procedure: 2, party: 2, channel: 'phone', home: '74010', start: '2024-03-04 09:30', leadHours: 480,
    attendance: 'finished', arrived: '09:20', started: '09:35', finished: '09:55',
    steps: [[1, 'Accueil', '09:22'], [2, 'Vérification des pièces', '09:30'], [3, 'Recueil des empreintes', '09:40'], [4, 'Sortie', '09:55']] },
  C3: { device: 2, procedure: 1, party: 1, channel: 'counter', home: null, start: '2024-03-05 10:00', leadHours: 12,
    attendance: 'finished', arrived: '09:30', started: '10:10', finished: '11:10',
    steps: [[1, 'Accueil', '09:34'], [2, 'Vérification des pièces', '09:44']] },
  // Step names chosen for the CSV: a formula, quotes + both separators, a line break.
  C4: { device: 3, procedure: 1, party: 3, channel: 'partner', partner: 8, home: '74267', start: '2024-03-06 14:00', leadHours: 720,
    attendance: 'arrived', arrived: '13:50',
    steps: [[1, '=1+2', '13:53'], [2, 'Contrôle "pièces", étape; 2', '13:45'], [3, 'Ligne 1\nLigne 2', '13:58']] },
  C5: { device: 3, procedure: 3, party: 1, channel: 'web', home: '74010', start: '2024-03-07 14:00', leadHours: 120 },
  // 00:30 local on Monday 11 is still Sunday 10 in UTC: day and week are local.
  C6: { device: 1, procedure: 1, party: 1, channel: 'web', home: '74010', start: '2024-03-11 00:30', leadHours: 336 },
  C7: { device: 1, procedure: 2, party: 1, channel: 'phone', home: '74123', start: '2024-03-12 10:00', leadHours: 168 },
  C8: { device: 2, procedure: 1, party: 2, channel: 'partner', partner: 7, home: '74123', start: '2024-03-13 11:00', leadHours: 72 },
  // The pickup (retrait) of C1's filing, moved once.
  C9: { device: 2, procedure: 4, party: 1, channel: 'counter', home: '74010', level: 'urgent', start: '2024-03-14 15:00', leadHours: 24,
    pickupOf: 'C1', moved: 1 },
  C10: { device: 3, procedure: 1, party: 1, channel: 'web', home: '74010', start: '2024-03-15 09:00', leadHours: 48,
    attendance: 'arrived', arrived: '08:50',
    steps: [[1, '+cmd', '08:51'], [2, '@SUM(A1)', '08:52'], [3, '-2+3', '08:54'], [4, '<img src=x onerror=alert(1)>', '08:55']] },
  N1: { device: 1, procedure: 1, party: 1, channel: 'web', home: '74010', start: '2024-03-05 11:00', leadHours: 96, attendance: 'noshow' },
  N2: { device: 2, procedure: 2, party: 1, channel: 'web', home: '74267', start: '2024-03-12 11:00', leadHours: 144, attendance: 'noshow' },
  // ---- Annecy, cancelled: 3 by the person, 2 by the commune
  // 00:30 local on the first day is the day before in UTC: still inside.
  X1: { status: 'cancelled', cancelledBy: 'person', device: 1, procedure: 1, party: 1, channel: 'web', home: '74010', start: '2024-03-04 00:30', leadHours: 216 },
  X2: { status: 'cancelled', cancelledBy: 'person', device: 2, procedure: 1, party: 1, channel: 'phone', home: '74010', start: '2024-03-06 10:00' },
  X3: { status: 'cancelled', cancelledBy: 'person', device: 3, procedure: 2, party: 2, channel: 'web', home: '74267', start: '2024-03-13 10:00' },
  X4: { status: 'cancelled', cancelledBy: 'commune', device: 1, procedure: 1, party: 1, channel: 'web', home: '74010', start: '2024-03-07 09:00' },
  X5: { status: 'cancelled', cancelledBy: 'commune', device: 2, procedure: 1, party: 1, channel: 'counter', home: '74010', start: '2024-03-14 09:00' },
  // ---- Annecy, never counted: an expired hold, and two bookings just
  // outside the local days (23:30 the day before; 00:15 the day after,
  // which is still 2024-03-17 in UTC).
  E1: { status: 'expired', device: 1, procedure: 1, party: 1, channel: 'web', home: '74010', start: '2024-03-08 09:00' },
  O1: { device: 1, procedure: 1, party: 1, channel: 'web', home: '74010', start: '2024-03-03 23:30', leadHours: 1,
    attendance: 'finished', arrived: '23:30', started: '23:31', finished: '23:50' },
  O2: { device: 2, procedure: 1, party: 1, channel: 'phone', home: '74010', start: '2024-03-18 00:15', leadHours: 1 },
  // ---- Thonon
  T1: { device: 5, procedure: 1, party: 1, channel: 'web', home: '74281', start: '2024-03-05 09:00', leadHours: 192 },
  T2: { device: 6, procedure: 2, party: 2, channel: 'phone', home: '74281', start: '2024-03-12 09:00', leadHours: 48,
    attendance: 'finished', arrived: '08:50', started: '09:00', finished: '09:45', steps: [[1, 'Accueil', '08:51']] },
  T3: { status: 'cancelled', cancelledBy: 'person', device: 5, procedure: 1, party: 1, channel: 'web', home: '74281', start: '2024-03-13 09:00', leadHours: 72 },
  // ---- Annecy, around the change to summer time (Sunday 2024-03-31,
  // 02:00 -> 03:00), outside W: 00:30 (UTC+1) and 23:30 (UTC+2) are that
  // local day, 00:30 the next day is still 2024-03-31 in UTC.
  D1: { device: 2, procedure: 1, party: 1, channel: 'web', home: '74010', start: '2024-03-31 00:30' },
  D2: { device: 2, procedure: 1, party: 1, channel: 'web', home: '74010', start: '2024-03-31 23:30' },
  D3: { device: 2, procedure: 1, party: 1, channel: 'web', home: '74010', start: '2024-04-01 00:30' },
};

// Offered slots: [device, local start, caps (regular, urgent, extreme), booked].
const SLOTS = [
  [1, '2024-03-04 09:00', [2, 1, 1], [2, 1, 1]],
  [1, '2024-03-04 09:15', [2, 1, 0], [1, 0, 0]],
  [1, '2024-03-04 09:30', [2, 1, 0], [0, 0, 0]],
  [1, '2024-03-04 09:45', [2, 1, 0], [1, 0, 0]],
  [3, '2024-03-06 14:00', [1, 0, 0], [1, 0, 0]],
  [3, '2024-03-06 14:15', [1, 0, 0], [1, 0, 0]],
  [3, '2024-03-06 14:30', [1, 0, 0], [0, 0, 0]],
  [5, '2024-03-05 09:00', [3, 1, 0], [3, 0, 0]],
  [5, '2024-03-05 09:15', [3, 1, 0], [2, 1, 0]],
  // outside the local days
  [1, '2024-03-03 23:45', [5, 0, 0], [0, 0, 0]],
  [1, '2024-03-18 00:15', [5, 0, 0], [5, 0, 0]],
];

// Monthly message counters: [commune, month, channel, sent, segments].
const MESSAGES = [
  [ANNECY, '2024-03-01', 'sms', 40, 55],
  [ANNECY, '2024-03-01', 'email', 30, 0],
  [THONON, '2024-03-01', 'sms', 10, 12],
  [THONON, '2024-03-01', 'email', 5, 0],
  [ANNECY, '2024-02-01', 'sms', 999, 999], // before the period's month
  [ANNECY, '2024-04-01', 'sms', 888, 888], // after the period
];

// Daily delay snapshots: [day, site, procedure, hours (null: nothing free)].
const SNAPSHOTS = [
  ['2024-03-04', 1, 1, 48],
  ['2024-03-04', 1, 2, 72],
  ['2024-03-04', 2, 1, 30],
  ['2024-03-05', 1, 1, null],
  ['2024-03-17', 2, 1, 12],
  ['2024-03-03', 1, 1, 216], // outside
  ['2024-03-18', 1, 1, 216], // outside
  ['2024-03-04', 3, 1, 100],
  ['2024-03-05', 3, 1, 12],
];

const refs = {};
const idOf = {};
const ids = [];
const slotIds = [];

before(async () => {
  await clearRateLimits();
  // Leftovers of an interrupted run of this suite.
  await cleanup();
  for (const [k, b] of Object.entries(BOOKINGS)) {
    const r = await insertBooking({ ...b, pickupFor: b.pickupOf ? idOf[b.pickupOf] : null,
      steps: (b.steps || []).map(([position, name, at]) => ({ position, name, at })) });
    refs[k] = r.ref;
    idOf[k] = r.id;
    ids.push(r.id);
  }
  for (const [device, start, cap, booked] of SLOTS) slotIds.push(await insertSlot({ device, start, cap, booked }));
  for (const m of MESSAGES) {
    await q('INSERT INTO message_counts (commune_id, month, channel, sent, segments) VALUES (?, ?, ?, ?, ?)', m);
  }
  for (const [commune, op, status, n] of ANTS_ROWS) {
    // Never due: the worker leaves them alone.
    for (let i = 0; i < n; i++) {
      await q(`INSERT INTO ants_queue (idem_key, op, booking_id, commune_id, application_id, meeting_point,
                 meeting_point_id, appointment_date, status, next_try_utc, created_utc)
               VALUES (?, ?, 0, ?, 'STATS00000', 'x', '1', '2024-03-05 10:00:00', ?, '2099-01-01 00:00:00', '2024-03-05 09:00:00')`,
      [`stats-test:${commune}:${op}:${status}:${i}`, op, commune, status]);
    }
  }
  for (const [commune, kind, at, n] of WAIT_EVENTS) {
    for (let i = 0; i < n; i++) await q('INSERT INTO waitlist_events (commune_id, kind, at_utc) VALUES (?, ?, ?)', [commune, kind, at]);
  }
  for (const [commune, site, proc, month, o, e, c, w, called, n] of SURVEY) {
    for (let i = 0; i < n; i++) {
      await q(`INSERT INTO survey_answers (id, commune_id, site_id, procedure_id, month, overall, ease, clarity, waiting,
                 called, free_text) VALUES (MD5(RAND()), ?, ?, ?, ?, ?, ?, ?, ?, ?, 'stats-test')`,
      [commune, site, proc, month, o, e, c, w, called]);
    }
  }
  for (const [commune, status, submitted, hours, n] of URGENCY_ROWS) {
    for (let i = 0; i < n; i++) {
      await q(`INSERT INTO urgency_requests (ref, status, commune_id, procedure_id, reason, channel, created_utc,
                 submitted_utc, decided_utc, purged)
               VALUES (?, ?, ?, 1, 'expiring', 'email', ?, ?, IF(? IS NULL, NULL, ? + INTERVAL ? HOUR), 1)`,
      [`ST${commune}${status.slice(0, 1)}${hours ?? 0}${i}`.slice(0, 8).toUpperCase(), status, commune, submitted, submitted,
        hours, submitted, hours ?? 0]);
    }
  }
  for (const s of SNAPSHOTS) {
    await q('INSERT INTO delay_snapshots (day, site_id, procedure_id, delay_hours) VALUES (?, ?, ?, ?)', s);
  }
});

async function cleanup() {
  // Everything this suite seeds lies in March 2024 (UTC), message counters
  // aside (February to April 2024):
  // nothing else uses those days.
  const old = await q(`SELECT id FROM bookings WHERE start_utc >= '2024-03-01' AND start_utc < '2024-04-01'
                         AND device_id IN (1, 2, 3, 5, 6)`);
  await deleteBookings([...ids, ...old.map((r) => r.id)]);
  ids.length = 0;
  await q(`DELETE FROM slots WHERE start_utc >= '2024-03-01' AND start_utc < '2024-04-01' AND device_id IN (1, 3, 5)`);
  await q(`DELETE FROM message_counts WHERE commune_id IN (1, 2) AND month IN ('2024-02-01', '2024-03-01', '2024-04-01')`);
  await q(`DELETE FROM ants_queue WHERE idem_key LIKE 'stats-test:%'`);
  await q(`DELETE FROM waitlist_events WHERE at_utc >= '2024-02-01' AND at_utc < '2024-05-01' AND commune_id IN (1, 2)`);
  await q(`DELETE FROM urgency_requests WHERE submitted_utc >= '2024-02-01' AND submitted_utc < '2024-05-01' AND commune_id IN (1, 2)`);
  await q(`DELETE FROM delay_snapshots WHERE day >= '2024-03-01' AND day < '2024-04-01' AND site_id IN (1, 2, 3)`);
  await q(`DELETE FROM survey_answers WHERE month >= '2024-02-01' AND month < '2024-05-01' AND commune_id IN (1, 2)`);
}

after(async () => {
  try {
    await cleanup();
  } finally {
    await closeDb();
  }
});

const clients = {};
async function as(role) {
  if (!clients[role]) clients[role] = await signInAs(EMAILS[role]);
  return clients[role];
}

// --------------------------------------------------------- expectations
// Worked out by hand from the data above.
// Declarations to ANTS: commune, operation, status, how many (5 March 2024).
const ANTS_ROWS = [[1, 'create', 'done', 3], [1, 'create', 'failed', 1], [1, 'delete', 'done', 1],
  [2, 'create', 'pending', 2]];

// Waiting-list events: [commune, kind, at (UTC), how many].
// Urgent requests sent online: [commune, status, sent (UTC), hours to the decision, count].
const URGENCY_ROWS = [[1, 'granted', '2024-03-05 09:00:00', 2, 1], [1, 'granted', '2024-03-06 09:00:00', 4, 1],
  [1, 'refused', '2024-03-07 09:00:00', 30, 1], [2, 'waiting', '2024-03-08 09:00:00', null, 1],
  [1, 'granted', '2024-02-20 09:00:00', 50, 1]]; // before the period
const WAIT_EVENTS = [[1, 'joined', '2024-03-05 09:00:00', 3], [1, 'offered', '2024-03-06 09:00:00', 2],
  [1, 'taken', '2024-03-06 09:10:00', 1], [1, 'left', '2024-03-12 09:00:00', 1],
  [2, 'joined', '2024-03-05 09:00:00', 1], [2, 'expired', '2024-03-14 09:00:00', 1],
  [1, 'joined', '2024-02-20 09:00:00', 5]]; // before the period

// Survey answers: [commune, site, procedure, month, overall, ease, clarity,
// waiting, called, how many] (scores: 1 best .. 3).
const SURVEY = [[1, 1, 1, '2024-03-01', 1, 1, 1, 1, 0, 2], [1, 1, 2, '2024-03-01', 2, 3, 1, 2, 1, 1],
  [1, 2, 1, '2024-03-01', 3, 2, 2, 3, 1, 1], [2, 3, 1, '2024-03-01', 1, 1, 2, 1, 0, 1],
  [1, 1, 1, '2024-02-01', 3, 3, 3, 3, 1, 1], [1, 1, 1, '2024-04-01', 3, 3, 3, 3, 1, 1]]; // outside the period

const EXPECT_ANNECY = {
  par_jour: [
    ['2024-03-04', '2', '3'], ['2024-03-05', '2', '2'], ['2024-03-06', '1', '3'], ['2024-03-07', '1', '1'],
    ['2024-03-11', '1', '1'], ['2024-03-12', '2', '2'], ['2024-03-13', '1', '2'], ['2024-03-14', '1', '1'],
    ['2024-03-15', '1', '1'],
  ],
  par_semaine: [['2024-S10', '6', '9'], ['2024-S11', '6', '7']],
  par_site: [['Annecy', SITE.annecy, '9'], ['Annecy', SITE.seynod, '3']],
  par_appareil: [['Annecy', SITE.annecy, 'DR 1', '5'], ['Annecy', SITE.annecy, 'DR 2', '4'], ['Annecy', SITE.seynod, 'DR 3', '3']],
  remplissage: [['normal', '11', '6', '54.5'], ['urgence', '4', '1', '25.0'], ['extrême urgence', '1', '1', '100.0']],
  canaux: [['web', '6', '50.0'], ['phone', '2', '16.7'], ['counter', '2', '16.7'], ['partner', '2', '16.7']],
  communes_origine: [['74010', 'Annecy', '7', '0'], ['74123', 'Faverges-Seythenex', '2', '1'], ['74267', 'Sevrier', '2', '1'], ['', '?', '1', '0']],
  partenaires: [['Sevrier', '1', '3'], ['Faverges-Seythenex', '1', '2']],
  durees: [
    ['Durée moyenne', '30.0', '3'], ['Durée médiane', '20.0', '3'],
    ['Attente moyenne (arrivée → début)', '20.0', '3'], ['Attente médiane (arrivée → début)', '15.0', '3'],
  ],
  etapes: [
    [SITE.annecy, 'Accueil', '2.0', '3'], [SITE.annecy, 'Vérification des pièces', '10.0', '3'],
    [SITE.annecy, 'Recueil des empreintes', '15.0', '2'], [SITE.annecy, 'Sortie', '25.0', '2'],
    [SITE.seynod, '=1+2', '3.0', '1'], [SITE.seynod, 'Contrôle "pièces", étape; 2', '-5.0', '1'],
    [SITE.seynod, 'Ligne 1\nLigne 2', '8.0', '1'],
    [SITE.seynod, '+cmd', '1.0', '1'], [SITE.seynod, '@SUM(A1)', '2.0', '1'], [SITE.seynod, '-2+3', '4.0', '1'],
    [SITE.seynod, '<img src=x onerror=alert(1)>', '5.0', '1'],
  ],
  annulations: [['2024-S10', '9', '2', '1', '1', '33.3', '16.7'], ['2024-S11', '8', '1', '1', '1', '25.0', '16.7']],
  taux: [['Annulés par la personne', '3', '17.6'], ['Annulés par la mairie', '2', '11.8'], ['Absences (rendez-vous passés)', '2', '16.7']],
  delai_reservation: [['Délai moyen', '8.5', '12'], ['Délai médian', '5.5', '12']],
  delai_prochain: [
    ['2024-03-04', SITE.annecy, 'CNI', '2.0'], ['2024-03-04', SITE.annecy, 'PASSEPORT', '3.0'],
    ['2024-03-04', SITE.seynod, 'CNI', '1.3'], ['2024-03-05', SITE.annecy, 'CNI', ''],
    ['2024-03-17', SITE.seynod, 'CNI', '0.5'],
  ],
  messages: [['2024-03', 'sms', '40', '55', '3.85'], ['2024-03', 'email', '30', '0', '0.00']],
  ants: [['2024-03', 'create', '3', '0', '1'], ['2024-03', 'delete', '1', '0', '0']],
  retraits: [['2024-03', '1', '1', '0', '1', '0', '0']],
  liste_attente: [['2024-03', '3', '2', '1', '1', '0']],
  satisfaction: [['2024-03', 'Annecy', SITE.annecy, '3', '66.7', '33.3', '0.0', '66.7', '100.0', '66.7', '33.3'],
    ['2024-03', 'Annecy', SITE.seynod, '1', '0.0', '0.0', '100.0', '0.0', '0.0', '0.0', '100.0']],
  reclamations: [], // figures of their own in complaints.test.mjs
  urgences: [['2024-03', '3', '2', '1', '3.0', '3.0']],
  // The help desk's figures are checked in helpdesk.test.mjs (no ticket here).
  assistance_canaux: [],
  assistance_appelants: [],
  assistance_sujets: [],
  assistance_suivi: [],
};

const EXPECT_THONON = {
  par_jour: [['2024-03-05', '1', '1'], ['2024-03-12', '1', '2']],
  par_semaine: [['2024-S10', '1', '1'], ['2024-S11', '1', '2']],
  par_site: [['Thonon-les-Bains', SITE.thonon, '2']],
  par_appareil: [['Thonon-les-Bains', SITE.thonon, 'DR 1', '1'], ['Thonon-les-Bains', SITE.thonon, 'DR 2', '1']],
  remplissage: [['normal', '6', '5', '83.3'], ['urgence', '2', '1', '50.0'], ['extrême urgence', '0', '0', '0.0']],
  canaux: [['web', '1', '50.0'], ['phone', '1', '50.0']],
  communes_origine: [['74281', 'Thonon-les-Bains', '2', '0']],
  partenaires: [],
  durees: [
    ['Durée moyenne', '45.0', '1'], ['Durée médiane', '45.0', '1'],
    ['Attente moyenne (arrivée → début)', '10.0', '1'], ['Attente médiane (arrivée → début)', '10.0', '1'],
  ],
  etapes: [[SITE.thonon, 'Accueil', '1.0', '1']],
  annulations: [['2024-S10', '1', '0', '0', '0', '0.0', '0.0'], ['2024-S11', '2', '1', '0', '0', '50.0', '0.0']],
  taux: [['Annulés par la personne', '1', '33.3'], ['Annulés par la mairie', '0', '0.0'], ['Absences (rendez-vous passés)', '0', '0.0']],
  delai_reservation: [['Délai moyen', '5.0', '2'], ['Délai médian', '5.0', '2']],
  delai_prochain: [['2024-03-04', SITE.thonon, 'CNI', '4.2'], ['2024-03-05', SITE.thonon, 'CNI', '0.5']],
  messages: [['2024-03', 'sms', '10', '12', '0.84'], ['2024-03', 'email', '5', '0', '0.00']],
  ants: [['2024-03', 'create', '0', '2', '0']],
  retraits: [],
  liste_attente: [['2024-03', '1', '0', '0', '0', '1']],
  satisfaction: [['2024-03', 'Thonon-les-Bains', SITE.thonon, '1', '100.0', '0.0', '0.0', '100.0', '0.0', '100.0', '0.0']],
  reclamations: [],
  urgences: [['2024-03', '1', '0', '0', '0.0', '0.0']],
  assistance_canaux: [],
  assistance_appelants: [],
  assistance_sujets: [],
  assistance_suivi: [],
};

const EXPECT_ALL = {
  par_jour: [
    ['2024-03-04', '2', '3'], ['2024-03-05', '3', '3'], ['2024-03-06', '1', '3'], ['2024-03-07', '1', '1'],
    ['2024-03-11', '1', '1'], ['2024-03-12', '3', '4'], ['2024-03-13', '1', '2'], ['2024-03-14', '1', '1'],
    ['2024-03-15', '1', '1'],
  ],
  par_semaine: [['2024-S10', '7', '10'], ['2024-S11', '7', '9']],
  par_site: [...EXPECT_ANNECY.par_site, ...EXPECT_THONON.par_site],
  par_appareil: [...EXPECT_ANNECY.par_appareil, ...EXPECT_THONON.par_appareil],
  remplissage: [['normal', '17', '11', '64.7'], ['urgence', '6', '2', '33.3'], ['extrême urgence', '1', '1', '100.0']],
  canaux: [['web', '7', '50.0'], ['phone', '3', '21.4'], ['counter', '2', '14.3'], ['partner', '2', '14.3']],
  communes_origine: [...EXPECT_ANNECY.communes_origine, ...EXPECT_THONON.communes_origine],
  partenaires: EXPECT_ANNECY.partenaires,
  durees: [
    ['Durée moyenne', '33.8', '4'], ['Durée médiane', '32.5', '4'],
    ['Attente moyenne (arrivée → début)', '17.5', '4'], ['Attente médiane (arrivée → début)', '12.5', '4'],
  ],
  etapes: [...EXPECT_ANNECY.etapes, ...EXPECT_THONON.etapes],
  annulations: [['2024-S10', '10', '2', '1', '1', '30.0', '14.3'], ['2024-S11', '10', '2', '1', '1', '30.0', '14.3']],
  taux: [['Annulés par la personne', '4', '20.0'], ['Annulés par la mairie', '2', '10.0'], ['Absences (rendez-vous passés)', '2', '14.3']],
  delai_reservation: [['Délai moyen', '8.0', '14'], ['Délai médian', '5.5', '14']],
  delai_prochain: [...EXPECT_ANNECY.delai_prochain, ...EXPECT_THONON.delai_prochain],
  messages: [['2024-03', 'sms', '50', '67', '4.69'], ['2024-03', 'email', '35', '0', '0.00']],
  ants: [['2024-03', 'create', '3', '2', '1'], ['2024-03', 'delete', '1', '0', '0']],
  retraits: EXPECT_ANNECY.retraits,
  liste_attente: [['2024-03', '4', '2', '1', '1', '1']],
  satisfaction: [...EXPECT_ANNECY.satisfaction, ...EXPECT_THONON.satisfaction],
  reclamations: [],
  urgences: [['2024-03', '4', '2', '1', '3.0', '3.0']],
  assistance_canaux: [],
  assistance_appelants: [],
  assistance_sujets: [],
  assistance_suivi: [],
};

// Figures whose row order is part of the answer (time series, fixed rows).
const ORDERED = new Set(['par_jour', 'par_semaine', 'remplissage', 'durees', 'annulations', 'taux', 'delai_reservation']);

/** How the CSV writes a cell: text starting with = + - @ gets an apostrophe. */
function csvCell(v) {
  return /^[=+\-@]/.test(v) && !/^[+-]?\d+(\.\d+)?$/.test(v) ? `'${v}` : v;
}

/** The page shows words where the CSV keeps stored codes (channels), and
 * says "no value" in words where the CSV leaves the cell empty. */
const CHANNEL_WORDS = { internet: 'web', 'téléphone': 'phone', guichet: 'counter',
  'mairie partenaire': 'partner', 'serveur vocal': 'voice' };
function pageToCsvRows(key, rows, sep = ',') {
  return rows.map((r) => r.map((v, c) => {
    if (key === 'canaux' && c === 0 && CHANNEL_WORDS[v]) return CHANNEL_WORDS[v];
    if (v === 'aucun créneau libre' || v === '—') return '';
    // With ';' the CSV writes decimals with a comma (French spreadsheets).
    if (sep === ';' && /^[+-]?\d+\.\d+$/.test(v)) return v.replace('.', ',');
    return csvCell(v);
  }));
}

/** Compares the rows of a figure with the expected ones. */
function sameRows(got, want, key, label) {
  if (ORDERED.has(key)) {
    assert.deepEqual(got, want, `${label}: ${key}`);
  } else {
    assert.deepEqual(sorted(got), sorted(want), `${label}: ${key} (any order)`);
  }
}

/** Downloads every figure as CSV and compares with the expectations. */
async function checkFigures(client, query, expect, label) {
  // Every figure is checked; the wrong ones are reported together.
  const wrong = [];
  for (const key of Object.keys(expect)) {
    const { header, rows } = await getCsv(client, key, query);
    try {
      assert.deepEqual(header, HEADERS[key], `${label}: header of ${key}`);
      sameRows(rows, expect[key].map((r) => r.map(csvCell)), key, label);
    } catch (e) {
      wrong.push(`${key}: got ${JSON.stringify(e.actual)}, expected ${JSON.stringify(e.expected)}`);
    }
  }
  assert.ok(wrong.length === 0, `${label} (${new URLSearchParams(query)}), wrong figures:\n  ${wrong.join('\n  ')}`);
}

// ============================================================= figures
describe('figures on the seeded data set', () => {
  test('the keys of the test match the page (cgi-bin/core/stats.c stats_keys[])', async () => {
    const src = fs.readFileSync(new URL('../../cgi-bin/core/stats.c', import.meta.url), 'utf8');
    const m = src.match(/stats_keys\[\]\s*=\s*\{([\s\S]*?)\};/);
    assert.ok(m, 'stats_keys[] in cgi-bin/core/stats.c');
    const keys = [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]);
    assert.deepEqual(keys, STATS_KEYS, 'STATS_KEYS of tests/lib/stats.mjs in step with stats_keys[]');
    const res = await (await as('cadmin')).get(pagePath(W));
    assert.equal(res.status, 200, show(res));
    const onPage = [...res.text.matchAll(/<table\b[^>]*\bid="t-([a-z_]+)"/g)].map((x) => x[1]);
    assert.deepEqual(onPage, STATS_KEYS, 'one table per key, in order');
  });

  test('commune administrator of Annecy: every figure (CSV)', async () => {
    await checkFigures(await as('cadmin'), W, EXPECT_ANNECY, 'Annecy admin');
  });

  test('commune administrator of Annecy: every accessible table of the page holds the same numbers', async () => {
    const res = await (await as('cadmin')).get(pagePath(W));
    assert.equal(res.status, 200, show(res));
    for (const key of STATS_KEYS) {
      const t = pageTable(res.text, key);
      assert.ok(t, `table t-${key}`);
      assert.deepEqual(t.headers, HEADERS[key], `columns of t-${key}`);
      assert.ok(t.caption.length > 0, `a caption for t-${key}`);
      const want = EXPECT_ANNECY[key].map((r) => r.map((v) => v.replace(/\s+/g, ' ')));
      let got = key === 'canaux' ? pageToCsvRows(key, t.rows) : t.rows;
      if (key === 'delai_prochain') {
        // Nothing free that day: how the page says it is checked by its own test.
        const NONE = '<nothing free>';
        got = got.map((r) => [...r.slice(0, 3), /^\d+(\.\d)?$/.test(r[3]) ? r[3] : NONE]);
        for (const r of want) if (r[3] === '') r[3] = NONE;
      }
      sameRows(got, want, key, 'page (Annecy admin)');
    }
  });

  test('platform administrator, all communes: every figure', async () => {
    await checkFigures(await as('padmin'), W, EXPECT_ALL, 'platform, all communes');
  });

  test('platform administrator, commune=2 (Thonon): every figure', async () => {
    await checkFigures(await as('padmin'), { ...W, commune: THONON }, EXPECT_THONON, 'platform, Thonon');
  });

  test('platform administrator, commune=1 gets exactly what the Annecy administrator gets', async () => {
    const p = await as('padmin');
    const c = await as('cadmin');
    for (const key of EXPORTS) {
      const a = await getCsv(p, key, { ...W, commune: ANNECY });
      const b = await getCsv(c, key, W);
      assert.deepEqual(a.header, b.header, `${key}: header`);
      // Rows in any order: ties (same count) may come in any order.
      assert.deepEqual(sorted(a.rows), sorted(b.rows), `${key}: platform with commune=1 vs Annecy admin`);
    }
  });

  test('the page of the platform administrator offers a commune filter; the commune administrator\'s does not', async () => {
    const p = await (await as('padmin')).get(pagePath(W));
    assert.equal(p.status, 200, show(p));
    assert.match(p.text, /<select id="commune" name="commune">/);
    assert.match(p.text, /<option value="2"[^>]*>Thonon-les-Bains<\/option>/);
    const c = await (await as('cadmin')).get(pagePath(W));
    assert.doesNotMatch(c.text, /name="commune"/);
    assert.doesNotMatch(c.text, /Thonon/, 'no other commune anywhere on the Annecy page');
  });

  test('names are escaped on the page', async () => {
    const res = await (await as('cadmin')).get(pagePath(W));
    assert.ok(!res.text.includes('<img src=x'), 'no markup from the data');
    assert.ok(res.text.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the name shown as text');
  });

  test('a day with nothing free over the horizon is shown explicitly, not as a blank cell', async () => {
    // delay_snapshots.delay_hours NULL = nothing free: the worst delay, the
    // one the figure exists to reveal. A blank cell reads as "no data" and
    // the chart draws it as 0 days.
    const res = await (await as('cadmin')).get(pagePath(W));
    const t = pageTable(res.text, 'delai_prochain');
    const row = t.rows.find((r) => r[0] === '2024-03-05' && r[1] === SITE.annecy && r[2] === 'CNI');
    assert.ok(row, 'the row of 2024-03-05');
    assert.notEqual(row[3], '', 'the delay cell of a day with nothing free says so (e.g. "aucun créneau libre")');
  });
});

// ============================================================= filters
describe('filters restrict the numbers', () => {
  const cases = [
    ['lieu=2 (Seynod)', { lieu: 2 }, {
      par_jour: [['2024-03-06', '1', '3'], ['2024-03-07', '1', '1'], ['2024-03-15', '1', '1']],
      par_site: [['Annecy', SITE.seynod, '3']],
      par_appareil: [['Annecy', SITE.seynod, 'DR 3', '3']],
      remplissage: [['normal', '3', '2', '66.7'], ['urgence', '0', '0', '0.0'], ['extrême urgence', '0', '0', '0.0']],
      canaux: [['web', '2', '66.7'], ['partner', '1', '33.3']],
      taux: [['Annulés par la personne', '1', '25.0'], ['Annulés par la mairie', '0', '0.0'], ['Absences (rendez-vous passés)', '0', '0.0']],
      etapes: EXPECT_ANNECY.etapes.filter((r) => r[0] === SITE.seynod),
      satisfaction: EXPECT_ANNECY.satisfaction.filter((r) => r[2] === SITE.seynod),
      delai_prochain: EXPECT_ANNECY.delai_prochain.filter((r) => r[1] === SITE.seynod),
      durees: [
        ['Durée moyenne', '', '0'], ['Durée médiane', '', '0'],
        ['Attente moyenne (arrivée → début)', '', '0'], ['Attente médiane (arrivée → début)', '', '0'],
      ],
    }],
    ['appareil=1 (DR 1)', { appareil: 1 }, {
      par_jour: [['2024-03-04', '2', '3'], ['2024-03-05', '1', '1'], ['2024-03-11', '1', '1'], ['2024-03-12', '1', '1']],
      par_appareil: [['Annecy', SITE.annecy, 'DR 1', '5']],
      remplissage: [['normal', '8', '4', '50.0'], ['urgence', '4', '1', '25.0'], ['extrême urgence', '1', '1', '100.0']],
      durees: [
        ['Durée moyenne', '15.0', '2'], ['Durée médiane', '15.0', '2'],
        ['Attente moyenne (arrivée → début)', '10.0', '2'], ['Attente médiane (arrivée → début)', '10.0', '2'],
      ],
      annulations: [['2024-S10', '5', '1', '1', '1', '40.0', '33.3'], ['2024-S11', '2', '0', '0', '0', '0.0', '0.0']],
    }],
    ['procedure=2 (passport)', { procedure: 2 }, {
      par_jour: [['2024-03-04', '1', '2'], ['2024-03-12', '2', '2']],
      canaux: [['phone', '2', '66.7'], ['web', '1', '33.3']],
      delai_prochain: [['2024-03-04', SITE.annecy, 'PASSEPORT', '3.0']],
      satisfaction: [['2024-03', 'Annecy', SITE.annecy, '1', '0.0', '100.0', '0.0', '0.0', '100.0', '0.0', '100.0']],
      taux: [['Annulés par la personne', '1', '25.0'], ['Annulés par la mairie', '0', '0.0'], ['Absences (rendez-vous passés)', '1', '33.3']],
    }],
    ['canal=partner', { canal: 'partner' }, {
      par_jour: [['2024-03-06', '1', '3'], ['2024-03-13', '1', '2']],
      communes_origine: [['74123', 'Faverges-Seythenex', '1', '1'], ['74267', 'Sevrier', '1', '1']],
      partenaires: EXPECT_ANNECY.partenaires,
      canaux: [['partner', '2', '100.0']],
    }],
    ['canal=phone', { canal: 'phone' }, {
      canaux: [['phone', '2', '100.0']],
      taux: [['Annulés par la personne', '1', '33.3'], ['Annulés par la mairie', '0', '0.0'], ['Absences (rendez-vous passés)', '0', '0.0']],
      delai_reservation: [['Délai moyen', '13.5', '2'], ['Délai médian', '13.5', '2']],
    }],
    ['lieu=1 and canal=web', { lieu: 1, canal: 'web' }, {
      par_jour: [['2024-03-04', '1', '1'], ['2024-03-05', '1', '1'], ['2024-03-11', '1', '1'], ['2024-03-12', '1', '1']],
      par_appareil: [['Annecy', SITE.annecy, 'DR 1', '3'], ['Annecy', SITE.annecy, 'DR 2', '1']],
    }],
  ];
  for (const [label, f, expect] of cases) {
    test(`Annecy admin, ${label}`, async () => {
      await checkFigures(await as('cadmin'), { ...W, ...f }, expect, label);
    });
  }

  test('the export links of a filtered page carry the filters and give the rows of the tables', async () => {
    const c = await as('cadmin');
    const res = await c.get(pagePath({ ...W, lieu: 2 }));
    assert.equal(res.status, 200, show(res));
    const links = linksOf(res.text);
    for (const key of STATS_KEYS) {
      for (const sep of [',', ';']) {
        const link = links.find((h) => h.startsWith(`/stats/export/${key}.csv?`) && (sep === ';') === /[?&]sep=(%3B|;)/i.test(h));
        assert.ok(link, `a ${sep} export link for ${key}`);
        const u = new URL(link, 'http://x');
        assert.equal(u.searchParams.get('du'), W.du);
        assert.equal(u.searchParams.get('au'), W.au);
        assert.equal(u.searchParams.get('lieu'), '2');
        const query = [...u.searchParams].filter(([k]) => k !== 'sep');
        const { rows } = await getCsv(c, key, new URLSearchParams(query).toString(), { sep });
        const table = pageTable(res.text, key);
        assert.deepEqual(rows.map((r) => r.map((v) => v.replace(/\s+/g, ' '))), pageToCsvRows(key, table.rows, sep),
          `${key} (${sep}): the CSV holds the rows of the table`);
      }
    }
    const rdv = links.find((h) => h.startsWith('/stats/export/rendez-vous.csv?') && !/sep=/.test(h));
    assert.ok(rdv, 'a link to the appointments list');
    const { rows } = await getCsv(c, 'rendez-vous', new URL(rdv, 'http://x').search.slice(1));
    assert.deepEqual(sorted(rows.map((r) => [r[0]])), sorted(['C4', 'C5', 'C10', 'X3'].map((k) => [refs[k]])));
  });

  test('Annecy admin, procedure=2: the appointments list holds only passports', async () => {
    const { rows } = await getCsv(await as('cadmin'), 'rendez-vous', { ...W, procedure: 2 });
    assert.deepEqual(sorted(rows.map((r) => [r[0]])), sorted([['C2'], ['C7'], ['N2'], ['X3']].map(([k]) => [refs[k]])));
    assert.ok(rows.every((r) => r[3] === 'PASSEPORT'), JSON.stringify(rows));
  });

  test('a one-day period (du = au) counts that local day only', async () => {
    const { rows } = await getCsv(await as('cadmin'), 'par_jour', { du: '2024-03-11', au: '2024-03-11' });
    assert.deepEqual(rows, [['2024-03-11', '1', '1']]);
  });

  test('local days across the change to summer time', async () => {
    const c = await as('cadmin');
    const day = await getCsv(c, 'par_jour', { du: '2024-03-31', au: '2024-03-31' });
    assert.deepEqual(day.rows, [['2024-03-31', '2', '2']], 'the 23-hour day holds 00:30 and 23:30');
    const next = await getCsv(c, 'par_jour', { du: '2024-04-01', au: '2024-04-01' });
    assert.deepEqual(next.rows, [['2024-04-01', '1', '1']]);
    const rdv = await getCsv(c, 'rendez-vous', { du: '2024-03-31', au: '2024-04-01' });
    assert.deepEqual(rdv.rows.map((r) => [r[0], r[1]]),
      [[refs.D1, '2024-03-31 00:30'], [refs.D2, '2024-03-31 23:30'], [refs.D3, '2024-04-01 00:30']]);
  });
});

// ============================================================= pickups
// The pickups (retrait, #20) over two months of their own (September and
// October 2024, nothing else uses them): taken, proposed at filing (linked
// to it), kept, moved, cancelled, no-shows, per local month.
describe('pickup statistics (retraits)', () => {
  const PW = { du: '2024-09-02', au: '2024-10-27' };
  const made = [];
  const PICKUPS = {
    F1: { device: 1, procedure: 1, start: '2024-09-02 09:00', attendance: 'finished', arrived: '08:55', started: '09:00', finished: '09:10' },
    F2: { device: 3, procedure: 2, start: '2024-09-16 09:00', attendance: 'finished', arrived: '08:55', started: '09:00', finished: '09:20' },
    P1: { device: 1, procedure: 4, channel: 'counter', start: '2024-09-23 10:00', pickupOf: 'F1', attendance: 'finished', arrived: '09:58', started: '10:00', finished: '10:05' },
    P2: { device: 2, procedure: 4, start: '2024-09-24 10:00', attendance: 'noshow' },
    P3: { status: 'cancelled', cancelledBy: 'person', device: 2, procedure: 4, start: '2024-09-25 10:00', moved: 1 },
    // 00:30 on 1 October is still September in UTC: the month is local.
    P4: { device: 3, procedure: 4, channel: 'counter', start: '2024-10-01 00:30', pickupOf: 'F2', moved: 2, attendance: 'arrived', arrived: '00:30' },
    E1: { status: 'expired', device: 1, procedure: 4, start: '2024-09-26 10:00' },
    T1: { device: 5, procedure: 4, start: '2024-09-26 10:00' },
  };
  async function clean() {
    const old = await q(`SELECT id FROM bookings WHERE start_utc >= '2024-08-31' AND start_utc < '2024-11-01'
                           AND device_id IN (1, 2, 3, 5, 6)`);
    await deleteBookings([...made, ...old.map((r) => r.id)]);
    made.length = 0;
  }
  before(async () => {
    await clean();
    const id = {};
    for (const [k, b] of Object.entries(PICKUPS)) {
      const r = await insertBooking({ party: 1, channel: 'web', home: '74010', ...b, pickupFor: b.pickupOf ? id[b.pickupOf] : null });
      id[k] = r.id;
      made.push(r.id);
    }
  });
  after(clean);

  const ANNECY_P = [['2024-09', '3', '1', '1', '1', '1', '1'], ['2024-10', '1', '1', '1', '1', '0', '0']];
  const THONON_P = [['2024-09', '1', '0', '0', '0', '0', '0']];
  test('Annecy administrator, the platform (all, one commune), a site', async () => {
    const get = async (who, query) => (await getCsv(await as(who), 'retraits', query));
    const a = await get('cadmin', PW);
    assert.deepEqual(a.header, HEADERS.retraits);
    assert.deepEqual(a.rows, ANNECY_P);
    assert.deepEqual((await get('padmin', PW)).rows, [['2024-09', '4', '1', '1', '1', '1', '1'], ANNECY_P[1]]);
    assert.deepEqual((await get('padmin', { ...PW, commune: THONON })).rows, THONON_P);
    assert.deepEqual((await get('cadmin', { ...PW, lieu: 2 })).rows, [['2024-10', '1', '1', '1', '1', '0', '0']], 'Seynod only');
    // The page's table holds the same.
    const res = await (await as('cadmin')).get(pagePath(PW));
    assert.deepEqual(pageTable(res.text, 'retraits').rows, ANNECY_P);
  });
});

// ===================================================== appointments list
describe('the appointments export (rendez-vous.csv)', () => {
  test('Annecy admin: every confirmed or cancelled appointment of the period, by start, with every column', async () => {
    const { header, rows } = await getCsv(await as('cadmin'), 'rendez-vous', W);
    assert.deepEqual(header, HEADERS['rendez-vous']);
    const expected = ['X1', 'C1', 'C2', 'C3', 'N1', 'X2', 'C4', 'X4', 'C5', 'C6', 'C7', 'N2', 'X3', 'C8', 'X5', 'C9', 'C10'];
    assert.deepEqual(rows.map((r) => r[0]), expected.map((k) => refs[k]), 'references in start order');
    const byRef = Object.fromEntries(rows.map((r) => [r[0], r]));
    assert.deepEqual(byRef[refs.C4], [refs.C4, '2024-03-06 14:00', 'confirmed', 'CNI', '3', 'partner', 'regular', 'Annecy',
      SITE.seynod, 'DR 3', '74267', 'Sevrier', 'arrived', '2024-02-05 13:00:00', '']);
    assert.deepEqual(byRef[refs.X1], [refs.X1, '2024-03-04 00:30', 'cancelled', 'CNI', '1', 'web', 'regular', 'Annecy',
      SITE.annecy, 'DR 1', '74010', '', 'none', '2024-02-23 23:30:00', 'person']);
    assert.deepEqual(byRef[refs.C9], [refs.C9, '2024-03-14 15:00', 'confirmed', 'RETRAIT', '1', 'counter', 'urgent', 'Annecy',
      SITE.annecy, 'DR 2', '74010', '', 'none', '2024-03-13 14:00:00', '']);
    assert.deepEqual(byRef[refs.C3].slice(10, 13), ['', '', 'finished'], 'no home commune: an empty field');
    assert.deepEqual(byRef[refs.N1][12], 'noshow');
    for (const k of ['E1', 'O1', 'O2', 'T1', 'T2', 'T3']) assert.ok(!byRef[refs[k]], `${k} is not listed`);
  });

  test('platform admin: both communes', async () => {
    const { rows } = await getCsv(await as('padmin'), 'rendez-vous', W);
    const got = new Set(rows.map((r) => r[0]));
    for (const k of ['C1', 'C10', 'X5', 'T1', 'T2', 'T3']) assert.ok(got.has(refs[k]), `${k} listed`);
    assert.equal(rows.filter((r) => r[7] === 'Thonon-les-Bains').length, 3);
    assert.equal(rows.filter((r) => r[7] === 'Annecy').length, 17);
  });
});

// =========================================================== isolation
describe('isolation of communes, every export, every role', () => {
  let markersW, markersNow, nowQuery;

  before(async () => {
    // In the seeded window: nothing of Thonon may show (no Annecy row there
    // mentions it: home communes are Annecy, Sevrier and Faverges).
    markersW = ['Thonon', refs.T1, refs.T2, refs.T3, SITE.thonon];
    // Around today (the demo bookings and today's delay snapshots): the
    // other communes' sites and their bookings' references.
    nowQuery = { du: parisDay(-7), au: parisDay(30) };
    const sites = await q('SELECT name FROM sites WHERE commune_id <> ?', [ANNECY]);
    const others = await q(`SELECT b.ref FROM bookings b JOIN devices d ON d.id = b.device_id JOIN sites si ON si.id = d.site_id
                             WHERE si.commune_id <> ? AND b.start_utc >= UTC_TIMESTAMP() - INTERVAL 8 DAY
                               AND b.start_utc < UTC_TIMESTAMP() + INTERVAL 29 DAY`, [ANNECY]);
    markersNow = [...sites.map((s) => s.name), ...others.map((r) => r.ref)];
    assert.ok(others.length > 0, 'the demo data has bookings of other communes around today');
  });

  const tricks = [
    {}, { commune: THONON }, { lieu: 3 }, { appareil: 5 }, { commune: THONON, lieu: 3, appareil: 5, procedure: 1 },
  ];

  test('the Annecy administrator never gets a row of another commune, whatever the query string', async () => {
    const c = await as('cadmin');
    for (const [base, markers] of [[W, markersW], [nowQuery, markersNow]]) {
      for (const t of tricks) {
        const query = { ...base, ...t };
        for (const key of EXPORTS) {
          const { body, rows, path } = await getCsv(c, key, query);
          for (const m of markers) assert.ok(!body.includes(m), `${path} holds ${JSON.stringify(m)}`);
          const communeCol = HEADERS[key].indexOf('Commune');
          if (communeCol >= 0) {
            for (const r of rows) assert.equal(r[communeCol], 'Annecy', `${path}: ${JSON.stringify(r)}`);
          }
        }
        const page = await c.get(pagePath(query));
        assert.equal(page.status, 200, show(page));
        for (const m of markers) assert.ok(!page.text.includes(m.replace(/'/g, '&#39;')) && !textOf(page.text).includes(m), `page ${JSON.stringify(query)} holds ${m}`);
      }
    }
  });

  test('with lieu / appareil of another commune, the Annecy administrator gets empty figures', async () => {
    const c = await as('cadmin');
    for (const t of [{ lieu: 3 }, { appareil: 5 }]) {
      for (const key of ['par_jour', 'par_site', 'canaux', 'etapes', 'rendez-vous']) {
        const { rows } = await getCsv(c, key, { ...W, ...t });
        assert.deepEqual(rows, [], `${key} ${JSON.stringify(t)}`);
      }
    }
  });

  test('the platform administrator gets both communes', async () => {
    const p = await as('padmin');
    const site = await getCsv(p, 'par_site', W);
    assert.deepEqual(sorted(site.rows), sorted(EXPECT_ALL.par_site));
    const rdv = await getCsv(p, 'rendez-vous', W);
    for (const k of ['T1', 'C1']) assert.ok(rdv.body.includes(refs[k]), k);
    const now = await getCsv(p, 'rendez-vous', nowQuery);
    assert.ok(now.body.includes('Thonon-les-Bains') && now.body.includes('Annecy'), 'both communes around today');
    const page = await p.get(pagePath(W));
    assert.ok(textOf(page.text).includes(SITE.thonon) && textOf(page.text).includes(SITE.annecy));
  });

  for (const role of ['agent', 'agentThonon', 'partner']) {
    test(`${role} (${EMAILS[role]}) gets 403 on the page and on every export`, async () => {
      const c = await as(role);
      for (const p of [pagePath(), pagePath(W), '/stats', ...EXPORTS.map((k) => exportPath(k, W))]) {
        const res = await rawGet(c, p);
        if (p === '/stats' && res.status === 301) continue; // nginx adds the slash
        assert.equal(res.status, 403, `${p}: HTTP ${res.status}`);
        assert.ok(!res.text.includes(refs.C1) && !res.text.includes('2024-S10'), `${p}: no figure in the 403 page`);
        assert.doesNotMatch(res.headers.get('content-type') || '', /csv/, `${p}: not a CSV`);
      }
    });
  }

  test('not signed in: 303 to the sign-in page, for the page and every export', async () => {
    for (const p of [pagePath(), pagePath(W), ...EXPORTS.map((k) => exportPath(k, W))]) {
      const res = await rawGet(null, p);
      assert.equal(res.status, 303, `${p}: HTTP ${res.status}`);
      assert.match(res.location || '', /^\/agent\/connexion(\?|$)/, `${p}: to the sign-in page`);
      assert.ok(!res.text.includes(refs.C1), `${p}: no data`);
    }
  });

  test('a forged session cookie is not signed in', async () => {
    const c = new Client();
    c.cookies.set('session', 'f'.repeat(64));
    const res = await rawGet(c, exportPath('rendez-vous', W));
    assert.equal(res.status, 303);
  });
});

// ========================================================== CSV format
describe('CSV format', () => {
  test('RFC 4180, UTF-8 with BOM, CRLF, attachment named after the key and the period', async () => {
    const c = await as('cadmin');
    for (const key of EXPORTS) {
      const { res, body, header } = await getCsv(c, key, W);
      assert.deepEqual(header, HEADERS[key], `${key}: header`);
      assert.ok(body.endsWith('\r\n'), `${key}: ends with CRLF`);
      assert.equal(res.text.charCodeAt(0), 0xfeff);
      assert.match(res.headers.get('content-disposition') || '', new RegExp(`^attachment; filename="creneau-${key}-2024-03-04-2024-03-17\\.csv"$`));
    }
  });

  test('exact header lines (columns may only be added at the end)', async () => {
    const c = await as('cadmin');
    const raw = async (key, sep) => {
      const { body } = await getCsv(c, key, W, { sep });
      return body.slice(0, body.indexOf('\r\n') + 2);
    };
    assert.equal(await raw('rendez-vous', ','),
      'Référence,Début (heure locale),État,Démarche,Personnes,Canal,Niveau,Commune,Lieu,Appareil,' +
      'Commune de résidence (INSEE),Mairie partenaire,Présence,Réservé le (UTC),Annulé par\r\n');
    assert.equal(await raw('par_jour', ','), 'Jour,Rendez-vous,Personnes\r\n');
    assert.equal(await raw('communes_origine', ','), 'Code INSEE,Commune de résidence,Rendez-vous,Dont pris par une mairie partenaire\r\n');
    assert.equal(await raw('messages', ';'), 'Mois;Canal;Messages envoyés;Segments SMS;Coût estimé (€)\r\n');
    assert.equal(await raw('etapes', ','), "Lieu,Étape,Minutes après l'arrivée (moyenne),Passages\r\n");
  });

  test('quotes doubled, separators and line breaks inside quoted fields', async () => {
    const c = await as('cadmin');
    const comma = await getCsv(c, 'etapes', W);
    assert.ok(comma.body.includes('"Contrôle ""pièces"", étape; 2"'), 'quoted, quotes doubled');
    assert.ok(comma.body.includes('"Ligne 1\nLigne 2"'), 'a line break inside quotes');
    assert.ok(comma.body.includes(`${SITE.annecy},Accueil,2.0,3\r\n`), 'plain fields unquoted');
    const semi = await getCsv(c, 'etapes', W, { sep: ';' });
    assert.ok(semi.body.includes('"Contrôle ""pièces"", étape; 2"'), 'quoted in the ; variant too');
    assert.ok(semi.body.startsWith("Lieu;Étape;Minutes après l'arrivée (moyenne);Passages\r\n"));
    assert.deepEqual(sorted(semi.rows.map((r) => r.slice(0, 2))), sorted(comma.rows.map((r) => r.slice(0, 2))),
      'the same text cells in both variants');
  });

  test('sep=; uses semicolons for every export', async () => {
    const c = await as('cadmin');
    for (const key of EXPORTS) {
      const { header, rows } = await getCsv(c, key, W, { sep: ';' });
      assert.deepEqual(header, HEADERS[key], `${key}: header with ;`);
      const ref = await getCsv(c, key, W);
      assert.equal(rows.length, ref.rows.length, `${key}: as many rows as with ,`);
      for (const r of rows) assert.equal(r.length, HEADERS[key].length, `${key}: ${JSON.stringify(r)}`);
    }
  });

  test('sep=; (French spreadsheets) writes decimal commas', async () => {
    // A French spreadsheet reads 54,5 as a number and 54.5 as text (or a
    // date): the ';' variant exists for them.
    const { rows } = await getCsv(await as('cadmin'), 'remplissage', W, { sep: ';' });
    assert.deepEqual(rows[0], ['normal', '11', '6', '54,5'], JSON.stringify(rows));
  });

  test('a text starting with = + - @ gets a leading apostrophe; negative numbers do not', async () => {
    const { rows } = await getCsv(await as('cadmin'), 'etapes', W);
    const names = rows.map((r) => r[1]);
    for (const v of ["'=1+2", "'+cmd", "'@SUM(A1)", "'-2+3"]) assert.ok(names.includes(v), `${v} in ${JSON.stringify(names)}`);
    for (const v of ['=1+2', '+cmd', '@SUM(A1)', '-2+3']) assert.ok(!names.includes(v), `${v} left unguarded`);
    const neg = rows.find((r) => r[1].startsWith('Contrôle'));
    assert.equal(neg[2], '-5.0', 'a negative number stays a number');
    for (const r of rows) assert.ok(!/^[=+@]/.test(r[1]) && !/^[=+@-]/.test(r[0]), `guarded: ${JSON.stringify(r)}`);
  });
});

// =========================================================== bad input
describe('bad input', () => {
  const bad = [
    ['du=garbage', { du: 'garbage', au: '2024-03-17' }, /date/i],
    ['au before du', { du: '2024-03-17', au: '2024-03-04' }, /La période doit aller d'une date à une date postérieure/],
    ['a 5-year period', { du: '2019-01-01', au: '2023-12-31' }, /trois ans au plus/],
    ['a day that does not exist', { du: '2024-02-30', au: '2024-03-17' }, /date/i],
  ];
  for (const [label, query, msg] of bad) {
    test(`${label}: 400 with a French message on the page and on every export`, async () => {
      const c = await as('cadmin');
      const res = await c.get(pagePath(query));
      assert.equal(res.status, 400, show(res));
      assert.match(res.text, /<html[^>]*lang="fr"/);
      const alert = (res.text.match(/<div class="alert" role="alert">([\s\S]*?)<\/div>/) || [])[1];
      assert.ok(alert, 'an alert');
      assert.match(textOf(alert), msg);
      assert.ok(!pageTable(res.text, 'par_jour'), 'no figure');
      for (const key of EXPORTS) {
        const e = await rawGet(c, exportPath(key, query));
        assert.equal(e.status, 400, `${key}: HTTP ${e.status}`);
        assert.doesNotMatch(e.headers.get('content-type') || '', /csv/);
        assert.match(textOf(e.text), /n'est pas valable|période|date/i, `${key}: a French message`);
      }
    });
  }

  test('a period of exactly three years is accepted', async () => {
    const res = await (await as('cadmin')).get(pagePath({ du: '2021-03-18', au: '2024-03-17' }));
    assert.equal(res.status, 200, show(res));
  });

  test('unknown export keys get 404', async () => {
    const c = await as('cadmin');
    for (const p of ['/stats/export/inconnu.csv', '/stats/export/par_jour.txt', '/stats/export/.csv',
      '/stats/export/par_jour', '/stats/export/PAR_JOUR.csv', '/stats/export/rendez-vous.json']) {
      const res = await rawGet(c, `${p}?du=${W.du}&au=${W.au}`);
      assert.equal(res.status, 404, `${p}: HTTP ${res.status}`);
      assert.match(textOf(res.text), /Cet export n'existe pas/);
    }
  });

  test('a non-numeric filter gets 400', async () => {
    const res = await (await as('cadmin')).get(pagePath({ ...W, lieu: 'abc' }));
    assert.equal(res.status, 400, show(res));
  });
});

// ==================================================== public delays page
describe('public delays page /delais', () => {
  /** Rows of the delays table: [site, commune, procedure, next, days]. */
  function delayRows(html) {
    const m = html.match(/<table\b[^>]*>([\s\S]*?)<\/table>/);
    assert.ok(m, 'a table');
    const t = pageTable(`<table id="t-x">${m[1]}</table>`, 'x');
    return t.rows;
  }

  test('200, each equipped site with its identity card and passport rows', async () => {
    const res = await new Client().get('/delais');
    assert.equal(res.status, 200, show(res));
    assert.match(res.text, /<html[^>]*lang="fr"/);
    const rows = delayRows(res.text);
    const sites = await q(`SELECT DISTINCT si.name, c.name AS commune FROM sites si JOIN communes c ON c.id = si.commune_id
                            JOIN devices d ON d.site_id = si.id AND d.active = 1 AND d.kind = 'dr'
                           WHERE si.active = 1 AND c.equipped = 1`);
    assert.ok(sites.length >= 7, 'the demo sites');
    for (const s of sites) {
      for (const proc of ["Carte nationale d'identité", 'Passeport']) {
        const r = rows.find((x) => x[0] === s.name && x[2] === proc);
        assert.ok(r, `${s.name} / ${proc}`);
        assert.equal(r[1], s.commune);
        assert.ok(r[3].length > 0 && r[4].length > 0, JSON.stringify(r));
      }
    }
    // Planning-only procedures (weddings...) are not titles.
    assert.ok(!rows.some((r) => /mariage/i.test(r[2])), 'no wedding rows');
  });

  test('the delay in days is the days until the next free time, not one more', async () => {
    const res = await new Client().get('/delais');
    const rows = delayRows(res.text);
    const proc = await one("SELECT id FROM procedures WHERE code = 'CNI'");
    const site = await one("SELECT id, name FROM sites WHERE name = 'Hôtel de ville de Rumilly'");
    const r = rows.find((x) => x[0] === site.name && x[2] === "Carte nationale d'identité");
    assert.ok(r && /\d{1,2} h \d\d$/.test(r[3]), JSON.stringify(r));
    const next = await firstFreeFromPage(r[3], site.id, proc.id);
    assert.ok(next, `the slot shown (${r[3]}) exists and is free`);
    const days = (Date.parse(next.start_utc.replace(' ', 'T') + 'Z') - Date.now()) / 86400000;
    const calendar = Math.round((Date.parse(localDayOf(next.start_utc)) - Date.parse(parisDay(0))) / 86400000);
    const allowed = new Set([Math.round(days), Math.floor(days), calendar].map(String));
    assert.ok(allowed.has(r[4]), `delay ${r[4]} days for ${days.toFixed(2)} days (calendar ${calendar}), expected one of ${[...allowed]}`);
  });

  test('a booking of the earliest free time moves the delay shown for that site', async () => {
    await clearRateLimits();
    const site = await one("SELECT id, name FROM sites WHERE name = 'Hôtel de ville de Rumilly'");
    const proc = await one("SELECT id FROM procedures WHERE code = 'CNI'");
    const rowOf = async () => {
      const res = await new Client().get('/delais');
      assert.equal(res.status, 200);
      return delayRows(res.text).find((x) => x[0] === site.name && x[2] === "Carte nationale d'identité");
    };
    const before_ = await rowOf();
    const slot = await firstFreeFromPage(before_[3], site.id, proc.id);
    assert.ok(slot, `the earliest free time shown (${before_[3]}) is a free slot of ${site.name}`);
    let managed;
    try {
      managed = await book({ slotId: slot.id, procedure: 'CNI', persons: [person()], canal: 'email',
        domicile: 'Rumilly', extra: { domicile_insee: '74225' } });
      const after_ = await rowOf();
      assert.notEqual(after_[3], before_[3], 'the earliest free time moved');
      const next = await firstFreeFromPage(after_[3], site.id, proc.id);
      assert.ok(next, `the new time shown (${after_[3]}) is a free slot`);
      assert.ok(next.start_utc > slot.start_utc, `later than the booked one (${next.start_utc} > ${slot.start_utc})`);
      // No free slot of the site between the two.
      const between = await q(
        `SELECT s.id FROM slots s JOIN devices d ON d.id = s.device_id AND d.active = 1
           JOIN device_procedures dp ON dp.device_id = d.id AND dp.procedure_id = ?
          WHERE d.site_id = ? AND s.start_utc > ? AND s.start_utc < ? AND s.booked_regular < s.cap_regular`,
        [proc.id, site.id, slot.start_utc, next.start_utc]);
      assert.deepEqual(between, [], 'nothing free in between');
    } finally {
      if (managed) {
        const res = await postManage(managed.client, managed.manageBase, 'annuler');
        assert.ok([200, 303].includes(res.status), `cancelling the test booking: ${show(res)}`);
      }
    }
    const again = await rowOf();
    assert.equal(again[3], before_[3], 'cancelling frees the time again');
  });
});

/** Local day (YYYY-MM-DD, Europe/Paris) of a UTC 'YYYY-MM-DD HH:MM:SS'. */
function localDayOf(utc) {
  const d = new Date(utc.replace(' ', 'T') + 'Z');
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

/** French text of a local time as /delais writes it: "lundi 23 novembre 2026 8 h 45". */
function frenchWhen(utc) {
  const d = new Date(utc.replace(' ', 'T') + 'Z');
  const date = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric',
  }).format(d);
  const p = Object.fromEntries(new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris', hour: 'numeric', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(d).map((x) => [x.type, x.value]));
  return `${date} ${Number(p.hour)} h ${p.minute}`;
}

/** The free slot (regular level) of a site and procedure whose local time reads `text`. */
async function firstFreeFromPage(text, siteId, procId) {
  const rows = await q(
    `SELECT s.id, s.start_utc FROM slots s JOIN devices d ON d.id = s.device_id AND d.active = 1
       JOIN device_procedures dp ON dp.device_id = d.id AND dp.procedure_id = ?
      WHERE d.site_id = ? AND s.start_utc > UTC_TIMESTAMP() AND s.start_utc < UTC_TIMESTAMP() + INTERVAL 100 DAY
        AND s.booked_regular < s.cap_regular
      ORDER BY s.start_utc LIMIT 400`, [procId, siteId]);
  return rows.find((r) => frenchWhen(r.start_utc) === text);
}
