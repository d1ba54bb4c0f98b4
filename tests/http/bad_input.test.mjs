// bad_input.test.mjs — every bad input gets a 4xx (never a 5xx), a French
// message, and the form again with the other values kept; nothing typed is
// ever echoed unescaped.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, Client, bookingFields, describe as show, encodeForm, person, textOf, uniqueEmail } from '../lib/client.mjs';
import { clearRateLimits, closeDb, freeSlot, one, q, slotNotOffering } from '../lib/db.mjs';
import { hold, postCode } from '../lib/flow.mjs';

let slotId;
const inserted = [];

before(async () => {
  await clearRateLimits();
  slotId = await freeSlot('CNI', 1);
});

after(async () => {
  if (inserted.length) await q(`DELETE FROM slots WHERE id IN (${inserted.join(',')}) AND booked_regular = 0`);
  await closeDb();
});

function is4xx(res) {
  assert.ok(res.status >= 400 && res.status < 500, `expected a 4xx, got ${show(res)}`);
}

/** A valid form for the test slot, with overrides (undefined removes a field). */
function fields(over = {}) {
  const f = bookingFields({ slotId, persons: [{ ...person(), nom: 'Martin', prenoms: 'Claire' }], email: uniqueEmail('bad'), telephone: '', canal: 'email' });
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete f[k];
    else f[k] = v;
  }
  return f;
}

async function postReserver(over, client = new Client()) {
  const f = fields(over);
  const res = await client.post('/reserver', { csrf: await client.csrf(), ...f });
  return { res, f };
}

/** 4xx, the French message, and the other typed values kept. */
function formAgain(res, f, message, changed) {
  is4xx(res);
  const t = textOf(res.text);
  assert.match(t, message);
  assert.match(res.text, /<form[^>]*action="\/reserver"/, 'the form again');
  if (changed !== 'email' && f.email) assert.ok(res.text.includes(`value="${f.email}"`), `email kept: ${f.email}`);
  if (changed !== 'nom_1') assert.ok(res.text.includes(`value="${f.nom_1}"`), 'last name kept');
  if (changed !== 'prenoms_1') assert.ok(res.text.includes(`value="${f.prenoms_1}"`), 'first name kept');
  if (changed !== 'naissance_1') assert.ok(res.text.includes(`value="${f.naissance_1}"`), 'birth date kept');
}

describe('POST /reserver: bad person fields', () => {
  const cases = [
    ['nom_1', 'Dupont3', /Saisissez un nom en lettres/],
    ['prenoms_1', 'Jean2', /Saisissez un nom en lettres/],
    ['nom_1', '<script>alert(1)</script>', /Saisissez un nom en lettres/],
    ['nom_1', 'x'.repeat(5000), /trop long/],
    ['naissance_1', '01/01/2999', /n'est pas plausible/],
    ['naissance_1', '31/02/2020', /date valide/],
    ['naissance_1', 'garbage', /date valide/],
    ['naissance_1', '', /obligatoire/],
    ['nom_1', '', /obligatoire/],
    ['predemande_1', 'ABCDE1234', /10 lettres ou chiffres/],
    ['email', 'a@b', /adresse électronique valide/],
    ['domicile', '', /obligatoire/],
    ['domicile', 'Zzyzxvillequixnexistepas', /Nous ne trouvons pas cette commune/],
  ];
  for (const [name, value, msg] of cases) {
    test(`${name} = ${JSON.stringify(value.length > 40 ? value.slice(0, 20) + '…(' + value.length + ')' : value)}`, async () => {
      const { res, f } = await postReserver({ [name]: value });
      formAgain(res, f, msg, name);
      assert.ok(!res.text.includes('<script>alert(1)</script>'), 'never echoed unescaped');
    });
  }

  test('telephone "12" with canal sms', async () => {
    const { res, f } = await postReserver({ telephone: '12', canal: 'sms' });
    formAgain(res, f, /numéro de téléphone valide/, 'telephone');
    assert.ok(res.text.includes('value="12"'), 'the typed phone kept');
  });

  test('no phone and no email', async () => {
    const { res, f } = await postReserver({ telephone: '', email: '' });
    formAgain(res, f, /portable ou une adresse électronique/, 'email');
  });

  test('a landline with canal sms', async () => {
    const { res, f } = await postReserver({ telephone: '04 50 33 88 88', email: '', canal: 'sms' });
    formAgain(res, f, /ne peut pas recevoir de SMS/, 'email');
  });

  test('missing consent', async () => {
    const { res, f } = await postReserver({ consentement: undefined });
    formAgain(res, f, /Cochez la case pour accepter que la mairie utilise ces informations/, 'consentement');
  });

  test('every person field missing', async () => {
    const { res } = await postReserver({ nom_1: undefined, prenoms_1: undefined, naissance_1: undefined, email: undefined, domicile: undefined });
    is4xx(res);
    assert.match(textOf(res.text), /obligatoire/);
  });

  test('non-UTF-8 bytes (%FF%FE) in a name', async () => {
    const c = new Client();
    const f = fields();
    delete f.nom_1;
    const body = `${encodeForm({ csrf: await c.csrf(), ...f })}&nom_1=%FF%FEabc`;
    const res = await c.post('/reserver', body);
    is4xx(res);
    assert.match(textOf(res.text), /caractères non valides/);
    assert.ok(res.text.includes(`value="${f.email}"`), 'email kept');
  });
  test('a raw NUL byte in a name: 4xx, no booking under a cut name', async () => {
    const c = new Client();
    const f = fields();
    delete f.nom_1;
    const cut = `Nul${Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 6)}`;
    const body = Buffer.concat([Buffer.from(`${encodeForm({ csrf: await c.csrf(), ...f })}&nom_1=${cut}`), Buffer.from([0]), Buffer.from('Suite')]);
    const res = await c.post('/reserver', body);
    is4xx(res);
    assert.match(textOf(res.text), /caractères non valides/);
    assert.ok(res.text.includes(`value="${f.email}"`), 'email kept');
    assert.equal(await one('SELECT booking_id FROM booking_persons WHERE last_name = ?', [cut.toUpperCase()]), undefined, 'no booking under the cut name');
    assert.equal(await one('SELECT booking_id FROM booking_persons WHERE last_name = ?', [cut]), undefined);
  });

  test('a raw NUL byte in a field name: the field is dropped, the form says what is missing', async () => {
    const c = new Client();
    const f = fields();
    delete f.prenoms_1;
    const body = Buffer.concat([Buffer.from(`${encodeForm({ csrf: await c.csrf(), ...f })}&prenoms`), Buffer.from([0]), Buffer.from('_1=Anne')]);
    const res = await c.post('/reserver', body);
    is4xx(res);
  });
});

describe('POST /reserver: bad head (slot, procedure, party)', () => {
  for (const party of ['0', '6', 'abc', '']) {
    test(`personnes = ${JSON.stringify(party)}`, async () => {
      const { res } = await postReserver({ personnes: party });
      is4xx(res);
      assert.equal(res.status, 400, show(res));
      assert.match(textOf(res.text), /créneau|personnes/i);
    });
  }

  test('an unknown slot id', async () => {
    const { res } = await postReserver({ creneau: '999999999' });
    assert.equal(res.status, 400, show(res));
    assert.match(textOf(res.text), /Ce créneau n'existe pas/);
  });

  test('a garbage slot id', async () => {
    const { res } = await postReserver({ creneau: '12abc' });
    assert.equal(res.status, 400, show(res));
  });

  test("another device's slot that does not offer the procedure", async () => {
    const other = await slotNotOffering('CNI');
    assert.ok(other, 'a slot of a device without CNI');
    const { res } = await postReserver({ creneau: String(other.id) });
    assert.equal(res.status, 400, show(res));
    assert.match(textOf(res.text), /ne correspond pas à la démarche/);
    const get = await new Client().get(`/reserver?creneau=${other.id}&procedure=CNI&personnes=1`);
    assert.equal(get.status, 400, show(get));
  });

  test('an unknown procedure', async () => {
    const { res } = await postReserver({ procedure: 'NOPE' });
    assert.equal(res.status, 400, show(res));
  });

  async function oddSlot(offsetSql) {
    const dev = await one(`SELECT d.id FROM devices d JOIN device_procedures dp ON dp.device_id = d.id
                            JOIN procedures p ON p.id = dp.procedure_id AND p.code = 'CNI' WHERE d.id = 1`);
    // Minute 7 + a random second: never collides with generated slots.
    const sec = Math.floor(Math.random() * 59);
    const r = await q(`INSERT INTO slots (device_id, start_utc, end_utc, cap_regular, cap_urgent, cap_extreme)
      VALUES (?, DATE_FORMAT(${offsetSql}, '%Y-%m-%d %H:07:${String(sec).padStart(2, '0')}'),
              DATE_FORMAT(${offsetSql}, '%Y-%m-%d %H:07:${String(sec).padStart(2, '0')}') + INTERVAL 15 MINUTE, 1, 0, 0)`, [dev.id]);
    inserted.push(r.insertId);
    return r.insertId;
  }

  test('a slot in the past', async () => {
    const id = await oddSlot('UTC_TIMESTAMP() - INTERVAL 3 DAY');
    const get = await new Client().get(`/reserver?creneau=${id}&procedure=CNI&personnes=1`);
    is4xx(get);
    const { res } = await postReserver({ creneau: String(id) });
    is4xx(res);
    assert.equal(res.status, 400, show(res));
    assert.match(textOf(res.text), /trop proche ou trop lointain|n'est pas ouvert/);
  });

  test('a slot within the minimum notice (in 30 minutes)', async () => {
    const id = await oddSlot('UTC_TIMESTAMP() + INTERVAL 30 MINUTE');
    const { res } = await postReserver({ creneau: String(id) });
    assert.equal(res.status, 400, show(res));
  });

  test('a slot beyond the horizon', async () => {
    const id = await oddSlot('UTC_TIMESTAMP() + INTERVAL 200 DAY');
    const { res } = await postReserver({ creneau: String(id) });
    assert.equal(res.status, 400, show(res));
    assert.match(textOf(res.text), /trop proche ou trop lointain|n'est pas ouvert/);
  });
});

describe('protocol', () => {
  test('a body over 64 KiB gets 413', async () => {
    const c = new Client();
    const f = fields({ nom_1: 'a'.repeat(70 * 1024) });
    const res = await c.post('/reserver', { csrf: await c.csrf(), ...f });
    assert.equal(res.status, 413, show(res));
    assert.match(textOf(res.text), /trop volumineux/);
  });

  test('a body over what nginx takes (256 KiB) gets the French 413 page, with the security headers', async () => {
    const c = new Client();
    const f = fields({ nom_1: 'a'.repeat(300 * 1024) });
    const res = await c.post('/reserver', { csrf: await c.csrf(), ...f });
    assert.equal(res.status, 413, show(res));
    assert.match(res.headers.get('content-type') || '', /^text\/html/);
    assert.match(res.text, /<html lang="fr">/);
    assert.match(textOf(res.text), /Envoi trop volumineux/);
    assert.match(res.headers.get('content-security-policy') || '', /default-src/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    const direct = await c.get('/erreur/413.html');
    assert.equal(direct.status, 404, 'the error pages are not pages of their own');
  });

  test('POST without the CSRF token gets 403', async () => {
    const c = new Client();
    await c.csrf();
    const res = await c.post('/reserver', fields());
    assert.equal(res.status, 403, show(res));
    assert.match(textOf(res.text), /session a expiré|rechargez/);
  });

  test('POST with a token of another cookie gets 403', async () => {
    const a = new Client();
    const b = new Client();
    const res = await b.post('/reserver', { csrf: await a.csrf(), ...fields() }, { headers: {} });
    await b.csrf();
    const res2 = await b.post('/reserver', { csrf: await a.csrf(), ...fields() });
    assert.equal(res.status, 403, show(res));
    assert.equal(res2.status, 403, show(res2));
  });

  test('POST without any cookie gets 403', async () => {
    const res = await fetch(`${BASE_URL}/gerer`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'reference=ABCDEFGH&contact=a%40b.fr&csrf=' + 'a'.repeat(64) });
    assert.equal(res.status, 403);
  });

  test('wrong methods get 405', async () => {
    const c = new Client();
    for (const [m, p] of [['POST', '/'], ['PUT', '/reserver'], ['DELETE', '/gerer'], ['GET', '/rdv/ABCDEFGH/annuler']]) {
      const res = m === 'POST' ? await c.post(p, { csrf: await c.csrf() }) : await c.request(p, { method: m });
      assert.equal(res.status, 405, `${m} ${p}: ${show(res)}`);
    }
  });

  test('unknown paths get 404 in French', async () => {
    for (const p of ['/nexistepas', '/site/abc?procedure=CNI&personnes=1', '/site/999999?procedure=CNI&personnes=1',
      '/rdv/XXXXXXXX?t=bad', '/rdv/ABCDEFGH?t=bad', '/rdv/ABCDEFGH/convocation?t=bad', '/confirmer/ABCDEFGH?h=bad', '/gerer/abc/code']) {
      const res = await new Client().get(p);
      assert.equal(res.status, 404, `${p}: ${show(res)}`);
      assert.match(res.text, /<html[^>]*lang="fr"/, `${p} is a French page`);
    }
  });

  test('bad search parameters get 400, never 5xx', async () => {
    for (const p of ['/recherche', '/recherche?procedure=CNI&personnes=9&lieu=74000', '/recherche?procedure=XX&personnes=1&lieu=74000',
      '/recherche?procedure=CNI&personnes=1&lieu=%FF%FE', '/recherche?procedure=CNI&personnes=1&lat=999&lon=abc',
      '/recherche?procedure=CNI&personnes=1&lieu=' + 'a'.repeat(5000), '/site/1?procedure=CNI&personnes=1&jour=2020-13-45',
      '/site/1?procedure=CNI&personnes=abc']) {
      const res = await new Client().get(p);
      is4xx(res);
      assert.ok(textOf(res.text).length > 0);
    }
  });
});

describe('codes and manage forms', () => {
  test('a code too short gets 422', async () => {
    const h = await hold({ slotId: await freeSlot('CNI', 1) });
    const res = await postCode(h, '123');
    assert.equal(res.status, 422, show(res));
    assert.match(textOf(res.text), /6 chiffres/);
    const res2 = await postCode(h, 'abcdef');
    assert.equal(res2.status, 422, show(res2));
    await q("UPDATE bookings SET hold_expires_utc = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE ref = ? AND status = 'held'", [h.ref]);
  });

  test('a bad hold token gets 404', async () => {
    const c = new Client();
    const res = await c.post('/confirmer/ABCDEFGH', { csrf: await c.csrf(), h: 'bad', code: '123456' });
    assert.equal(res.status, 404, show(res));
  });

  test('/gerer with a bad reference or contact gets 422 and keeps the values', async () => {
    const c = new Client();
    const res = await c.post('/gerer', { csrf: await c.csrf(), reference: 'AB', contact: 'claire@example.org' });
    assert.equal(res.status, 422, show(res));
    assert.match(textOf(res.text), /La référence compte 8 caractères/);
    assert.ok(res.text.includes('value="claire@example.org"'));
    const res2 = await c.post('/gerer', { csrf: await c.csrf(), reference: 'ABCDEFGH', contact: '<script>alert(1)</script>' });
    assert.equal(res2.status, 422, show(res2));
    assert.ok(!res2.text.includes('<script>alert(1)</script>'), 'escaped');
    assert.ok(res2.text.includes('value="ABCDEFGH"'));
  });

  test('/gerer code too short gets 422', async () => {
    const c = new Client();
    const res = await c.post('/gerer/ABCDEFGH/code', { csrf: await c.csrf(), code: '12' });
    assert.equal(res.status, 422, show(res));
    assert.match(textOf(res.text), /6 chiffres/);
  });
});

describe('escaping', () => {
  const xss = '<script>alert(1)</script>';
  test('typed values are escaped in every form page', async () => {
    const pages = [
      `/recherche?procedure=CNI&personnes=1&lieu=${encodeURIComponent(xss)}`,
      `/recherche?procedure=${encodeURIComponent(xss)}&personnes=1&lieu=Annecy`,
      `/site/1?procedure=CNI&personnes=1&jour=${encodeURIComponent(xss)}`,
      `/reserver?creneau=${slotId}&procedure=CNI&personnes=1&nom_1=${encodeURIComponent(xss)}`,
    ];
    for (const p of pages) {
      const res = await new Client().get(p);
      assert.ok(res.status < 500, `${p}: ${res.status}`);
      assert.ok(!res.text.includes(xss), `${p} echoes the script unescaped`);
    }
    for (const name of ['nom_1', 'prenoms_1', 'email', 'telephone', 'domicile', 'predemande_1', 'naissance_1']) {
      const { res } = await postReserver({ [name]: xss });
      is4xx(res);
      assert.ok(!res.text.includes(xss), `${name} echoed unescaped`);
      assert.ok(!/<script>alert/i.test(res.text), `${name} echoed unescaped`);
      assert.ok(res.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;') || res.text.includes('&lt;script&gt;alert(1)&lt;&#x2F;script&gt;') || name === 'predemande_1' || name === 'naissance_1' || name === 'nom_1' || name === 'prenoms_1' || res.text.includes('&lt;script'), `${name} kept, escaped`);
    }
  });
});
