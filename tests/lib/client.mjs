// client.mjs — a tiny HTTP client for the Créneau tests: Node's fetch, a
// cookie jar per client, manual redirects, and helpers to read forms.
export const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:18080').replace(/\/$/, '');

/** Decodes the few HTML entities the templates produce. */
export function unescapeHtml(s) {
  return String(s)
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/&#0*39;/g, "'").replace(/&#x0*27;/gi, "'").replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&');
}

/** Visible text of an HTML page (tags dropped, entities decoded, blanks squashed). */
export function textOf(html) {
  return unescapeHtml(String(html)
    .replace(/<script\b[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style\b[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ').trim();
}

function attr(tag, name) {
  const m = tag.match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'));
  return m ? unescapeHtml(m[1] ?? m[2] ?? m[3]) : undefined;
}

/** The csrf hidden input of a page. */
export function csrfOf(html) {
  for (const m of String(html).matchAll(/<input\b[^>]*>/gi)) {
    if (attr(m[0], 'name') === 'csrf') return attr(m[0], 'value');
  }
  return undefined;
}

/**
 * Forms of a page: [{action, method, fields: {name: value}, tag, html}].
 * Text/hidden inputs give their value, checked checkboxes/radios theirs,
 * selects their selected (or first) option, textareas their content.
 */
export function formsOf(html) {
  const out = [];
  for (const m of String(html).matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const tag = `<form${m[1]}>`;
    const body = m[2];
    const fields = {};
    for (const im of body.matchAll(/<input\b[^>]*>/gi)) {
      const name = attr(im[0], 'name');
      if (!name) continue;
      const type = (attr(im[0], 'type') || 'text').toLowerCase();
      const value = attr(im[0], 'value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '');
      if (type === 'checkbox' || type === 'radio') {
        if (/\schecked\b/i.test(im[0])) fields[name] = value;
        else if (!(name in fields) && type === 'radio') { /* unchecked radio: nothing */ }
      } else if (type !== 'submit' && type !== 'button' && type !== 'image' && type !== 'reset') {
        fields[name] = value;
      }
    }
    for (const sm of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const name = attr(`<select${sm[1]}>`, 'name');
      if (!name) continue;
      const opts = [...sm[2].matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)];
      const sel = opts.find((o) => /\sselected\b/i.test(o[1])) || opts[0];
      if (sel) fields[name] = attr(`<option${sel[1]}>`, 'value') ?? textOf(sel[2]);
    }
    for (const tm of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) {
      const name = attr(`<textarea${tm[1]}>`, 'name');
      if (name) fields[name] = unescapeHtml(tm[2]);
    }
    out.push({ action: attr(tag, 'action') ?? '', method: (attr(tag, 'method') || 'get').toLowerCase(), fields, tag, html: m[0] });
  }
  return out;
}

/** All href values of links, decoded. */
export function linksOf(html) {
  return [...String(html).matchAll(/<a\b[^>]*>/gi)].map((m) => attr(m[0], 'href')).filter(Boolean);
}

export class Client {
  constructor(opts = {}) {
    this.cookies = new Map();
    this.lang = opts.lang; // Accept-Language, if any
    this.last = null;
    this.setCookieHeaders = [];
  }

  url(path) {
    return /^https?:/.test(path) ? path : BASE_URL + path;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  storeCookies(res) {
    const list = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
    for (const c of list) {
      this.setCookieHeaders.push(c);
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  /**
   * Low-level request. opts: {method, body (string|Buffer), headers,
   * follow (follow 303/302/301 with GET), contentType}.
   * Returns {status, headers, text, location, url}.
   */
  async request(path, opts = {}) {
    let url = this.url(path);
    let method = opts.method || 'GET';
    let body = opts.body;
    let hops = 0;
    for (;;) {
      const headers = { ...(opts.headers || {}) };
      const ck = this.cookieHeader();
      if (ck) headers.cookie = ck;
      if (this.lang) headers['accept-language'] = this.lang;
      if (body !== undefined && !headers['content-type']) {
        headers['content-type'] = opts.contentType || 'application/x-www-form-urlencoded';
      }
      const res = await fetch(url, { method, headers, body, redirect: 'manual' });
      this.storeCookies(res);
      const text = await res.text();
      const location = res.headers.get('location');
      const out = { status: res.status, headers: res.headers, text, location, url };
      this.last = out;
      if (opts.follow && [301, 302, 303, 307, 308].includes(res.status) && location && hops++ < 10) {
        url = new URL(location, url).href;
        if (res.status === 303 || method === 'POST') { method = 'GET'; body = undefined; }
        continue;
      }
      return out;
    }
  }

  get(path, opts = {}) {
    return this.request(path, { ...opts, method: 'GET' });
  }

  /** POST urlencoded fields (object or array of pairs, or a raw string). */
  post(path, fields, opts = {}) {
    const body = typeof fields === 'string' || Buffer.isBuffer(fields) ? fields : encodeForm(fields);
    return this.request(path, { ...opts, method: 'POST', body });
  }

  /** GET a page, then POST fields with the page's csrf token added. */
  async postWithCsrf(formPath, path, fields, opts = {}) {
    const page = await this.get(formPath);
    const csrf = csrfOf(page.text);
    if (!csrf) throw new Error(`no csrf token on ${formPath} (status ${page.status})`);
    return this.post(path, { csrf, ...fields }, opts);
  }

  /** A csrf token for this client's cookie (from /gerer, a page with a POST form). */
  async csrf() {
    if (this.csrfToken && this.cookies.has('csrf')) return this.csrfToken;
    const page = await this.get('/gerer');
    const t = csrfOf(page.text);
    if (!t) throw new Error(`no csrf token on /gerer (status ${page.status})`);
    this.csrfToken = t;
    return t;
  }
}

/** application/x-www-form-urlencoded; values keep their UTF-8. */
export function encodeForm(fields) {
  const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
  return pairs
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
}

/** A path + query with the relative location of a redirect. */
export function pathOf(location) {
  const u = new URL(location, BASE_URL);
  return u.pathname + u.search;
}

/** Random letters only (names must be letters). */
export function letters(n = 8, upperFirst = true) {
  const a = 'abcdefghijklmnopqrstuvwxyz';
  let s = '';
  for (let i = 0; i < n; i++) s += a[Math.floor(Math.random() * 26)];
  return upperFirst ? s[0].toUpperCase() + s.slice(1) : s;
}

/** A unique, valid French mobile number (+33 6 ...), 10 digits. */
let phoneSeq = Math.floor(Math.random() * 1e6);
export function uniquePhone() {
  phoneSeq = (phoneSeq + 1 + Math.floor(Math.random() * 50)) % 1e8;
  return '06' + String(phoneSeq).padStart(8, '0');
}

export function uniqueEmail(tag = 't') {
  return `${tag}.${letters(10, false)}@example.org`;
}

/** A valid pre-application number (10 upper-case letters/digits). */
export function predemande() {
  const a = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let s = '';
  for (let i = 0; i < 10; i++) s += a[Math.floor(Math.random() * a.length)];
  return s;
}

/** A random plausible birth date, DD/MM/YYYY. */
export function birthDate() {
  const y = 1950 + Math.floor(Math.random() * 50);
  const m = 1 + Math.floor(Math.random() * 12);
  const d = 1 + Math.floor(Math.random() * 28);
  return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
}

/** A fresh person: {nom, prenoms, naissance, predemande}. */
export function person() {
  return { nom: letters(9), prenoms: letters(7), naissance: birthDate(), predemande: predemande() };
}

/**
 * The fields of a POST /reserver for the given slot, procedure and people.
 * opts: {email, telephone, canal, domicile, consent}
 */
export function bookingFields({ slotId, procedure = 'CNI', persons, email, telephone, canal = 'email', domicile = '74000', consent = true, extra = {} }) {
  const f = { creneau: String(slotId), procedure, personnes: String(persons.length) };
  persons.forEach((p, i) => {
    const n = i + 1;
    f[`nom_${n}`] = p.nom;
    f[`prenoms_${n}`] = p.prenoms;
    f[`naissance_${n}`] = p.naissance;
    if (p.predemande !== undefined) f[`predemande_${n}`] = p.predemande;
  });
  if (telephone !== undefined) f.telephone = telephone;
  if (email !== undefined) f.email = email;
  f.canal = canal;
  f.domicile = domicile;
  if (consent) f.consentement = '1';
  return { ...f, ...extra };
}

/** Asserts-free summary of a response for failure messages. */
export function describe(res) {
  return `HTTP ${res.status} ${res.location ? '-> ' + res.location + ' ' : ''}${textOf(res.text).slice(0, 400)}`;
}
