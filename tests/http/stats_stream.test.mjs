// stats_stream.test.mjs — the appointments export streams: a period with
// 100,000 appointments exports every row, and the creneau-stats worker
// that serves it does not grow with the rows (peak RSS, read from
// /proc/<pid>/status of the children of $CRENEAU_VAR/run/stats.pid).
//
// The rows are inserted by one INSERT ... SELECT over MariaDB's Sequence
// engine in a window of local days nothing else uses (October 2023), and
// deleted afterwards.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeDb, one, q } from '../lib/db.mjs';
import {
  EMAILS, REF_ALPHABET, exportPath, getCsv, memOf, rawGet, resetPeak, signInAs, statsWorkers,
} from '../lib/stats.mjs';

const ROWS = 100000;
const WINDOW = { du: '2023-10-02', au: '2023-10-29' }; // 4 weeks, summer time until the 29th
// UTC bounds of the window (2023-10-02 00:00 +02:00 .. 2023-10-30 00:00 +01:00).
const FROM_UTC = '2023-10-01 22:00:00';
const UNTIL_UTC = '2023-10-29 23:00:00';
const MAX_GROWTH_KIB = 8 * 1024;
// Three letters of the reference alphabet shared by every row of this run
// (the last five spell the row number in base 32).
const PREFIX = Array.from({ length: 3 }, () => REF_ALPHABET[Math.floor(Math.random() * 32)]).join('');

async function cleanup() {
  // Any row of the window: this suite is the only user of these days.
  for (;;) {
    const r = await q(`DELETE FROM bookings WHERE device_id = 1 AND start_utc >= ? AND start_utc < ? LIMIT 50000`,
      [FROM_UTC, UNTIL_UTC]);
    if (!r.affectedRows) break;
  }
}

before(async () => {
  await cleanup();
  const seq = await one(`SELECT COUNT(*) AS n FROM seq_1_to_${ROWS}`);
  assert.equal(seq.n, ROWS, 'the Sequence engine of MariaDB');
  const digit = (k) => `SUBSTRING('${REF_ALPHABET}', FLOOR(seq / ${32 ** k}) % 32 + 1, 1)`;
  // Starts spread over the 28 days, every quarter of an hour (2688 times),
  // from 2023-10-02 00:00 local; party of 1..3; a few cancelled.
  await q(`INSERT INTO bookings (ref, status, device_id, procedure_id, level, party_size, start_utc, end_utc,
             channel, home_insee, lang, secret, created_utc, confirmed_utc, cancelled_utc, cancelled_by)
           SELECT CONCAT(?, ${[4, 3, 2, 1, 0].map(digit).join(', ')}),
                  IF(seq % 10 = 0, 'cancelled', 'confirmed'), 1, 1, 'regular', 1 + seq % 3,
                  ? + INTERVAL (seq % 2688) * 15 MINUTE, ? + INTERVAL (seq % 2688) * 15 + 15 MINUTE,
                  ELT(1 + seq % 4, 'web', 'phone', 'counter', 'web'), '74010', 'fr', MD5(seq),
                  ? - INTERVAL 10 DAY, ? - INTERVAL 10 DAY,
                  IF(seq % 10 = 0, ? - INTERVAL 1 DAY, NULL), IF(seq % 10 = 0, 'person', NULL)
             FROM seq_1_to_${ROWS}`,
  [PREFIX, FROM_UTC, FROM_UTC, FROM_UTC, FROM_UTC, FROM_UTC]);
  const n = await one('SELECT COUNT(*) AS n FROM bookings WHERE device_id = 1 AND start_utc >= ? AND start_utc < ?',
    [FROM_UTC, UNTIL_UTC]);
  assert.equal(n.n, ROWS, 'rows seeded');
});

after(async () => {
  try {
    await cleanup();
  } finally {
    await closeDb();
  }
});

describe('streamed export of the appointments', () => {
  test(`${ROWS} appointments export completely, without the worker growing with the rows`, { timeout: 60000 }, async (t) => {
    const c = await signInAs(EMAILS.cadmin);
    const { workers } = statsWorkers();
    assert.ok(workers.length >= 1, 'stats workers found under run/stats.pid');
    // Warm every worker up on a small export (buffers, prepared statements).
    for (let i = 0; i < workers.length * 3; i++) {
      const w = await rawGet(c, exportPath('rendez-vous', { du: '2023-10-02', au: '2023-10-02' }));
      assert.equal(w.status, 200);
    }
    const base = new Map();
    let peakReset = true;
    for (const pid of workers) {
      peakReset = resetPeak(pid) && peakReset;
      base.set(pid, memOf(pid));
    }
    const t0 = Date.now();
    const { rows, header, body } = await getCsv(c, 'rendez-vous', WINDOW);
    const seconds = (Date.now() - t0) / 1000;
    assert.equal(header[0], 'Référence');
    assert.equal(rows.length, ROWS, 'one line per appointment');
    assert.ok(rows.every((r) => r.length === 15), 'every line has its 15 columns');
    assert.equal(rows.filter((r) => r[2] === 'cancelled').length, ROWS / 10);
    assert.equal(new Set(rows.map((r) => r[0])).size, ROWS, 'each appointment once');
    // By start time (local days: the hour 02:00-03:00 of 2023-10-29 comes twice).
    for (let i = 1; i < rows.length; i++) {
      assert.ok(rows[i - 1][1].slice(0, 10) <= rows[i][1].slice(0, 10), `by start: ${rows[i - 1][1]} then ${rows[i][1]}`);
    }
    const growth = [];
    for (const pid of workers) {
      let m;
      try { m = memOf(pid); } catch { continue; } // a worker replaced meanwhile
      const b = base.get(pid);
      // With the peak reset, VmHWM is the most the worker held during the
      // export; otherwise compare what it holds now.
      growth.push({ pid, kib: (peakReset ? m.hwm : m.rss) - b.rss, before: b.rss, after: m.rss, peak: m.hwm });
    }
    const worst = growth.reduce((a, g) => (g.kib > a.kib ? g : a), { kib: -Infinity });
    const mib = (body.length / 1048576).toFixed(1);
    t.diagnostic(`${mib} MiB of CSV in ${seconds}s; growth (KiB, peak reset ${peakReset}): ` +
      growth.map((g) => `${g.pid}: ${g.kib}`).join(', '));
    assert.ok(worst.kib < MAX_GROWTH_KIB,
      `a worker grew by ${(worst.kib / 1024).toFixed(1)} MiB while streaming ${mib} MiB of CSV in ${seconds}s ` +
      `(limit ${MAX_GROWTH_KIB / 1024} MiB; ${JSON.stringify(growth)})`);
  });

  test('the stats program answers other requests while a large export runs', { timeout: 60000 }, async (t) => {
    const c = await signInAs(EMAILS.cadmin);
    const big = getCsv(c, 'rendez-vous', WINDOW);
    // Give the export a head start, then ask for a page.
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    const small = await rawGet(c, exportPath('par_jour', { du: '2023-10-02', au: '2023-10-02' }));
    const smallMs = Date.now() - t0;
    assert.equal(small.status, 200);
    const { rows } = await big;
    const bigMs = Date.now() - t0;
    assert.equal(rows.length, ROWS);
    t.diagnostic(`small export: ${smallMs} ms, large one: ${bigMs} ms`);
    assert.ok(smallMs < 2000, `a small export took ${smallMs} ms during a large one (${bigMs} ms)`);
  });
});
