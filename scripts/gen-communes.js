#!/usr/bin/env node
// gen-communes.js: writes sql/data/communes.tsv, the reference list of the
// current French communes (table ref_communes), from the npm package
// @etalab/decoupage-administratif (INSEE COG, La Poste postcodes, INSEE
// legal population).
//
// How to regenerate (node_modules stays outside the repository):
//
//   npm install --prefix /tmp/decoupage @etalab/decoupage-administratif@6.0.0
//   NODE_PATH=/tmp/decoupage/node_modules node scripts/gen-communes.js \
//       --coords sql/data/communes.tsv --out sql/data/communes.tsv
//
// (or pass the package folder explicitly:
//   --package /tmp/decoupage/node_modules/@etalab/decoupage-administratif)
//
// Coordinates: @etalab/decoupage-administratif has NO coordinates (no
// centre/mairie field, checked on 6.0.0), and no npm package with official
// coordinates for every commune was found. They therefore come from one or
// more --coords files (a later file overrides an earlier one); communes
// without coordinates get \N. Accepted formats:
//   - a previous communes.tsv (this script's output): keeps its lat/lon,
//     which is how the command above preserves the current coordinates;
//   - CSV/TSV with a header naming an INSEE column (insee, code,
//     code_insee, code_commune_insee, insee_com) and either lat/latitude +
//     lon/lng/longitude columns or a La Poste "coordonnees_gps" column
//     ("lat, lon");
//   - JSON from geo.api.gouv.fr (/communes?fields=code,centre,mairie):
//     an array of {code, centre|mairie: {coordinates: [lon, lat]}};
//   - GeoJSON FeatureCollection of Points whose properties carry the code
//     (code, insee_com, commune, INSEE_COM).
// The committed file has coordinates for the 279 communes of Haute-Savoie
// (74), taken from La Poste's "base officielle des codes postaux" commune
// centroids; every other commune has \N until an official national file
// (e.g. the geo.api.gouv.fr export above) is passed with --coords.
//
// Output: one line per commune of type "commune-actuelle", then one per
// delegated or associated commune (with its chef-lieu's postcodes and
// position), tab separated,
// no header, NULL written \N (MariaDB LOAD DATA LOCAL INFILE ... FIELDS
// TERMINATED BY '\t'):
//   insee  name  name_key  postcodes  dept  lat  lon  population
// name_key: lower case, accents removed, every character that is not a
// letter or a digit (apostrophes, hyphens, parentheses...) replaced by a
// space, spaces collapsed: "Saint-Julien-en-Genevois" -> "saint julien en
// genevois", "L'Haÿ-les-Roses" -> "l hay les roses".

'use strict';

const fs = require('fs');
const path = require('path');

function usage(msg) {
  if (msg) process.stderr.write(`gen-communes: ${msg}\n`);
  process.stderr.write(
    'usage: node scripts/gen-communes.js [--package DIR] [--coords FILE]... [--out FILE]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { pkg: null, coords: [], out: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--package') opts.pkg = next();
    else if (a === '--coords') opts.coords.push(next());
    else if (a === '--out') opts.out = next();
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument ${a}`);
  }
  return opts;
}

function loadCommunes(pkgDir) {
  let file;
  if (pkgDir) {
    file = path.join(pkgDir, 'data', 'communes.json');
  } else {
    try {
      file = require.resolve('@etalab/decoupage-administratif/data/communes.json');
    } catch (e) {
      usage('@etalab/decoupage-administratif not found: install it outside the ' +
            'repository and set NODE_PATH, or pass --package DIR');
    }
  }
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(data)) throw new Error(`${file}: not an array`);
  return data;
}

// Lower case, no accents, only [a-z0-9] and single spaces.
function nameKey(s) {
  return s
    .replace(/[œŒ]/g, 'oe')
    .replace(/[æÆ]/g, 'ae')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

// A TSV field for LOAD DATA: no tab/newline, backslash escaped.
function field(v) {
  if (v === null || v === undefined || v === '') return v === '' ? '' : '\\N';
  return String(v).replace(/\\/g, '\\\\').replace(/[\t\r\n]+/g, ' ');
}

function validCoord(lat, lon) {
  return Number.isFinite(lat) && Number.isFinite(lon) &&
    lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 && !(lat === 0 && lon === 0);
}

// Minimal CSV line splitter (quotes, doubled quotes), any one-char separator.
function splitLine(line, sep) {
  const out = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"') {
        if (line[i + 1] === '"') { cur += '"'; i++; } else q = false;
      } else cur += c;
    } else if (c === '"') q = true;
    else if (c === sep) { out.push(cur); cur = ''; }
    else cur += c;
  }
  out.push(cur);
  return out;
}

function addPoint(map, code, lat, lon) {
  if (!code) return;
  code = String(code).trim().toUpperCase();
  if (!/^[0-9][0-9AB][0-9]{3}$/.test(code)) return;
  lat = Number(lat);
  lon = Number(lon);
  if (validCoord(lat, lon)) map.set(code, [lat, lon]);
}

function loadCoordsText(text, map, file) {
  const lines = text.split(/\r?\n/).filter(l => l.length > 0);
  if (lines.length === 0) return;
  const first = lines[0];
  // Our own output: 8 tab-separated columns, no header, INSEE first.
  const f0 = first.split('\t');
  if (f0.length === 8 && /^[0-9][0-9AB][0-9]{3}$/.test(f0[0])) {
    for (const l of lines) {
      const f = l.split('\t');
      if (f.length !== 8 || f[5] === '\\N' || f[6] === '\\N') continue;
      addPoint(map, f[0], f[5], f[6]);
    }
    return;
  }
  const sep = ['\t', ';', ','].map(s => [s, first.split(s).length])
    .sort((a, b) => b[1] - a[1])[0][0];
  const head = splitLine(first, sep).map(h => h.trim().replace(/^#/, '').toLowerCase());
  const find = names => head.findIndex(h => names.includes(h));
  const iCode = find(['insee', 'code', 'code_insee', 'codeinsee', 'code_commune_insee',
    'insee_com', 'ref_insee', 'com']);
  const iLat = find(['lat', 'latitude']);
  const iLon = find(['lon', 'lng', 'long', 'longitude']);
  const iGps = find(['coordonnees_gps', 'coordonnees gps', 'gps']);
  if (iCode < 0 || ((iLat < 0 || iLon < 0) && iGps < 0)) {
    throw new Error(`${file}: no INSEE and coordinate columns found in header`);
  }
  for (const l of lines.slice(1)) {
    const f = splitLine(l, sep);
    if (iLat >= 0 && iLon >= 0) {
      addPoint(map, f[iCode], f[iLat], f[iLon]);
    } else {
      const m = /^\s*(-?[0-9.]+)\s*[, ]\s*(-?[0-9.]+)\s*$/.exec(f[iGps] || '');
      if (m) addPoint(map, f[iCode], m[1], m[2]);
    }
  }
}

function pointOf(geom) {
  if (geom && Array.isArray(geom.coordinates) && geom.coordinates.length >= 2 &&
      typeof geom.coordinates[0] === 'number') {
    return [geom.coordinates[1], geom.coordinates[0]];
  }
  return null;
}

function loadCoordsJson(obj, map, file) {
  if (Array.isArray(obj)) {
    for (const c of obj) {
      const p = pointOf(c.centre) || pointOf(c.mairie);
      if (p) addPoint(map, c.code, p[0], p[1]);
      else if (c.lat !== undefined && c.lon !== undefined) addPoint(map, c.code || c.insee, c.lat, c.lon);
    }
    return;
  }
  if (obj && obj.type === 'FeatureCollection' && Array.isArray(obj.features)) {
    for (const ft of obj.features) {
      const pr = ft.properties || {};
      const p = pointOf(ft.geometry);
      if (p) addPoint(map, pr.code || pr.insee_com || pr.INSEE_COM || pr.commune || pr.insee, p[0], p[1]);
    }
    return;
  }
  throw new Error(`${file}: unknown JSON layout`);
}

function loadCoords(files) {
  const map = new Map();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const t = text.trimStart();
    if (t.startsWith('[') || t.startsWith('{')) loadCoordsJson(JSON.parse(text), map, file);
    else loadCoordsText(text, map, file);
  }
  return map;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const coords = loadCoords(opts.coords); // read before --out may overwrite it
  const all = loadCommunes(opts.pkg);
  const communes = all
    .filter(c => c.type === 'commune-actuelle')
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const byCode = new Map(communes.map(c => [c.code, c]));

  const lines = [];
  const seen = new Set();
  let withCoords = 0;
  for (const c of communes) {
    if (!/^[0-9][0-9AB][0-9]{3}$/.test(c.code)) throw new Error(`bad INSEE code ${c.code}`);
    if (seen.has(c.code)) throw new Error(`duplicate INSEE code ${c.code}`);
    seen.add(c.code);
    const p = coords.get(c.code);
    if (p) withCoords++;
    const pop = Number.isInteger(c.population) ? c.population : null;
    lines.push([
      field(c.code),
      field(c.nom),
      field(nameKey(c.nom)),
      field([...new Set(c.codesPostaux || [])].sort().join(' ')),
      field(c.departement),
      p ? p[0].toFixed(6) : '\\N',
      p ? p[1].toFixed(6) : '\\N',
      field(pop),
    ].join('\t'));
  }
  // Delegated and associated communes (e.g. Seynod, merged into Annecy in
  // 2017): people still give them as their commune. They get their own
  // INSEE code and their chef-lieu's department and position, but no
  // postcode: a postcode names the current commune, the name the old one.
  let delegated = 0;
  for (const c of all.filter(x => x.type === 'commune-deleguee' || x.type === 'commune-associee')
                     .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))) {
    const parent = byCode.get(c.chefLieu);
    if (!parent || seen.has(c.code) || !/^[0-9][0-9AB][0-9]{3}$/.test(c.code)) continue;
    seen.add(c.code);
    const p = coords.get(c.code) || coords.get(parent.code);
    lines.push([
      field(c.code),
      field(c.nom),
      field(nameKey(c.nom)),
      field(''),
      field(parent.departement),
      p ? p[0].toFixed(6) : '\\N',
      p ? p[1].toFixed(6) : '\\N',
      '\\N',
    ].join('\t'));
    delegated++;
  }
  process.stderr.write(`gen-communes: ${delegated} delegated or associated communes added\n`);
  const out = lines.join('\n') + '\n';
  if (opts.out) {
    const tmp = `${opts.out}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, out);
    fs.renameSync(tmp, opts.out);
  } else {
    process.stdout.write(out);
  }
  process.stderr.write(`gen-communes: ${lines.length} communes, ${withCoords} with coordinates\n`);
}

main();
