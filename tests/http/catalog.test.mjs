// catalog.test.mjs — what the workers keep: their copy of the sites,
// devices and procedures (cgi-bin/core/catalog.c), where a change made
// anywhere (here by SQL, as another program would) must show on the very
// next page of every worker; and the free places they read, which every
// booking and cancellation must make them read again (cgi-bin/core/freegen.c).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, describe as show, textOf } from '../lib/client.mjs';
import { clearRateLimits, closeDb, freeSlot, one, q, slot } from '../lib/db.mjs';
import { book, hold, postManage } from '../lib/flow.mjs';

after(async () => { await closeDb(); });

// More requests than workers (4 in the test stack, 8 at most), so that
// every worker has answered, and kept its copy, before each change.
const ROUNDS = 16;
const SEARCH = '/recherche?procedure=CNI&personnes=1&insee=74010';

async function pages(path) {
  const c = new Client();
  const out = [];
  for (let i = 0; i < ROUNDS; i++) out.push(await c.get(path));
  return out;
}

describe('the workers\' catalog follows every change at once', () => {
  test('a renamed site, a closed site and a device taken out of service', async () => {
    const site = await one("SELECT id, name FROM sites WHERE name = 'Hôtel de ville de Cluses'");
    assert.ok(site, 'the demo site of Cluses');
    const dev = await one('SELECT id FROM devices WHERE site_id = ? AND active = 1', [site.id]);
    const sitePath = `/site/${site.id}?procedure=CNI&personnes=1`;
    try {
      for (const res of await pages(SEARCH)) {
        assert.equal(res.status, 200, show(res));
        assert.ok(textOf(res.text).includes(site.name), 'the site is listed before the change');
      }
      for (const res of await pages(sitePath)) assert.equal(res.status, 200, show(res));

      const renamed = `Mairie de Cluses ${Date.now()}`;
      await q('UPDATE sites SET name = ? WHERE id = ?', [renamed, site.id]);
      for (const res of await pages(SEARCH)) {
        assert.equal(res.status, 200, show(res));
        const t = textOf(res.text);
        assert.ok(t.includes(renamed) && !t.includes(site.name), 'every worker shows the new name');
      }
      for (const res of await pages(sitePath)) assert.ok(textOf(res.text).includes(renamed), show(res));

      await q('UPDATE devices SET active = 0 WHERE id = ?', [dev.id]);
      for (const res of await pages(SEARCH)) {
        assert.equal(res.status, 200, show(res));
        assert.ok(!textOf(res.text).includes(renamed), 'a site without a device in service is not offered');
      }

      await q('UPDATE devices SET active = 1 WHERE id = ?', [dev.id]);
      await q('UPDATE sites SET active = 0 WHERE id = ?', [site.id]);
      for (const res of await pages(sitePath)) assert.equal(res.status, 404, show(res));
      for (const res of await pages(SEARCH)) assert.ok(!textOf(res.text).includes(renamed), show(res));
    } finally {
      await q('UPDATE sites SET name = ?, active = 1 WHERE id = ?', [site.name, site.id]);
      await q('UPDATE devices SET active = 1 WHERE id = ?', [dev.id]);
    }
    for (const res of await pages(SEARCH)) assert.ok(textOf(res.text).includes(site.name), show(res));
  });

  test('a renamed procedure shows at once on every worker', async () => {
    const p = await one("SELECT id, name_fr FROM procedures WHERE code = 'CNI'");
    const renamed = `Carte d'identité ${Date.now()}`;
    try {
      for (const res of await pages(SEARCH)) assert.ok(textOf(res.text).includes(p.name_fr), show(res));
      await q('UPDATE procedures SET name_fr = ? WHERE id = ?', [renamed, p.id]);
      for (const res of await pages(SEARCH)) {
        assert.equal(res.status, 200, show(res));
        assert.ok(textOf(res.text).includes(renamed), 'every worker shows the new name');
      }
    } finally {
      await q('UPDATE procedures SET name_fr = ? WHERE id = ?', [p.name_fr, p.id]);
    }
  });
});

describe('a booking\'s pages take its site and procedure from the catalog', () => {
  test('its own page shows a renamed site and procedure at once on every worker', async () => {
    await clearRateLimits();
    const b = await book({ slotId: await freeSlot('CNI', 1) });
    const row = await one(`SELECT si.id, si.name FROM bookings b JOIN devices d ON d.id = b.device_id
                             JOIN sites si ON si.id = d.site_id WHERE b.ref = ?`, [b.ref]);
    const proc = await one("SELECT id, name_fr FROM procedures WHERE code = 'CNI'");
    for (const res of await pages(b.manageBase)) {
      assert.equal(res.status, 200, show(res));
      assert.ok(textOf(res.text).includes(row.name), 'the site before the change');
    }
    const site = `Mairie annexe ${Date.now()}`;
    const title = `Carte nationale ${Date.now()}`;
    try {
      await q('UPDATE sites SET name = ? WHERE id = ?', [site, row.id]);
      await q('UPDATE procedures SET name_fr = ? WHERE id = ?', [title, proc.id]);
      for (const res of await pages(b.manageBase)) {
        assert.equal(res.status, 200, show(res));
        const t = textOf(res.text);
        assert.ok(t.includes(site) && !t.includes(row.name), `every worker shows the new site name: ${show(res)}`);
        assert.ok(t.includes(title), 'and the new name of the procedure');
      }
    } finally {
      await q('UPDATE sites SET name = ? WHERE id = ?', [row.name, row.id]);
      await q('UPDATE procedures SET name_fr = ? WHERE id = ?', [proc.name_fr, proc.id]);
    }
  });
});

describe('the free places the workers keep follow every booking at once', () => {
  test('the earliest time of a site, taken then given back', async () => {
    await clearRateLimits();
    // Rumilly: one device, no cancellation limit.
    const site = await one("SELECT id FROM sites WHERE name = 'Hôtel de ville de Rumilly'");
    const sitePath = `/site/${site.id}?procedure=CNI&personnes=1`;
    const searchPath = '/recherche?procedure=CNI&personnes=1&insee=74225&tri=distance';
    const ids = (res) => [...res.text.matchAll(/creneau=(\d+)/g)].map((m) => Number(m[1]));
    const first = async () => {
      const seen = new Set((await pages(sitePath)).map((res) => ids(res)[0]));
      assert.equal(seen.size, 1, `every worker shows the same first time (${[...seen]})`);
      return [...seen][0];
    };
    const earliest = await first();
    assert.ok(earliest, 'a free time at Rumilly');
    for (const res of await pages(searchPath)) assert.ok(ids(res).includes(earliest), 'the search offers it');

    const s = await slot(earliest);
    const taken = [];
    try {
      for (let i = 0; i < s.cap_regular - s.booked_regular; i++)
        taken.push(await book({ slotId: earliest }));
      assert.equal((await slot(earliest)).booked_regular, s.cap_regular, 'the slot is full');
      for (const res of await pages(sitePath)) {
        assert.equal(res.status, 200, show(res));
        assert.ok(!ids(res).includes(earliest), 'no worker offers the full slot any more');
      }
      for (const res of await pages(searchPath)) assert.ok(!ids(res).includes(earliest), 'nor does the search');
    } finally {
      for (const b of taken) {
        const res = await postManage(b.client, b.manageBase, 'annuler');
        assert.equal(res.status, 303, show(res));
      }
    }
    assert.equal(await first(), earliest, 'given back, it is the first time again on every worker');
    for (const res of await pages(searchPath)) assert.ok(ids(res).includes(earliest), 'and in the search');
  });

  // The site page keeps each device's free slots per day (place.c) and a
  // booking moves only its own day's counter (freegen.c): the booked day
  // must change on every worker, an expired hold and a cancellation must
  // give the time back, and the other days must stay as they were.
  test('a site\'s day: taken, held then expired, cancelled; the other days unchanged', async () => {
    await clearRateLimits();
    const site = await one("SELECT id FROM sites WHERE name = 'Hôtel de ville de Rumilly'");
    const days = await q(
      `SELECT DATE_FORMAT(CONVERT_TZ(s.start_utc, '+00:00', 'Europe/Paris'), '%Y-%m-%d') AS d
         FROM slots s JOIN devices dv ON dv.id = s.device_id
        WHERE dv.site_id = ? AND s.cap_regular > s.booked_regular
          AND s.start_utc > UTC_TIMESTAMP() + INTERVAL 4 DAY
        GROUP BY d HAVING COUNT(*) >= 3 ORDER BY d LIMIT 2`, [site.id]);
    assert.equal(days.length, 2, 'two open days at Rumilly');
    const dayPath = (d) => `/site/${site.id}?procedure=CNI&personnes=1&jour=${d}`;
    const ids = (res) => [...res.text.matchAll(/creneau=(\d+)/g)].map((m) => Number(m[1]));
    // Every worker's list of the day, which must be the same on all.
    const times = async (d) => {
      const seen = new Set();
      for (const res of await pages(dayPath(d))) {
        assert.equal(res.status, 200, show(res));
        seen.add(ids(res).join(','));
      }
      assert.equal(seen.size, 1, `every worker shows the same times on ${d} (${[...seen].join(' | ')})`);
      return [...seen][0].split(',').filter(Boolean).map(Number);
    };
    const before = await times(days[0].d), other = await times(days[1].d);
    assert.ok(before.length >= 3, `free times on ${days[0].d}`);
    const target = before[1];
    const s = await slot(target);
    const without = before.filter((id) => id !== target).join(',');

    // Taken: gone from that day on every worker; the other day unchanged.
    const taken = [];
    try {
      for (let i = 0; i < s.cap_regular - s.booked_regular; i++) taken.push(await book({ slotId: target }));
      assert.equal((await times(days[0].d)).join(','), without, 'the booked time is gone, the others stay');
      assert.equal((await times(days[1].d)).join(','), other.join(','), 'the other day is unchanged');
    } finally {
      for (const b of taken) {
        const res = await postManage(b.client, b.manageBase, 'annuler');
        assert.equal(res.status, 303, show(res));
      }
    }
    assert.equal((await times(days[0].d)).join(','), before.join(','), 'cancelled: the time is back everywhere');

    // Held by someone who never confirms: gone until the notification
    // worker frees the expired hold, then back on every worker.
    const held = [];
    const left = (await slot(target)).cap_regular - (await slot(target)).booked_regular;
    for (let i = 0; i < left; i++) held.push(await hold({ slotId: target }));
    assert.equal((await times(days[0].d)).join(','), without, 'held: the time is gone');
    await q(`UPDATE bookings SET hold_expires_utc = UTC_TIMESTAMP() - INTERVAL 1 SECOND
              WHERE ref IN (${held.map(() => '?').join(',')})`, held.map((h) => h.ref));
    let back = false;
    for (let i = 0; i < 40 && !back; i++) {
      await new Promise((r) => setTimeout(r, 250));
      back = (await slot(target)).booked_regular === s.booked_regular;
    }
    assert.ok(back, 'the notification worker freed the expired holds');
    assert.equal((await times(days[0].d)).join(','), before.join(','), 'expired: the time is back everywhere');
  });
});
