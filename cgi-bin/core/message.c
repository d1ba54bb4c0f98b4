/* message.c — see message.h. The words live in templates/msg_*.tpl (one
 * section per kind, [[...]] translated at load time); this file fills their
 * dictionaries, tidies plain text, fits SMS into one segment and builds the
 * iCalendar attachment. */
#include "message.h"
#include "datetime.h"
#include "i18n.h"
#include "ical.h"
#include "log.h"
#include "tpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[MSG_KIND_COUNT] = {
	"code", "confirmed", "reminder", "moved", "cancelled", "cancelled_commune", "noshow", "pickup", "pickup_moved",
	"wait_code", "wait_joined", "wait_offer", "survey", "complaint_code", "complaint_ack", "complaint_reply",
	"urgency_refused",
};
static const char *const kind_sections[MSG_KIND_COUNT] = {
	"K_CODE", "K_CONFIRMED", "K_REMINDER", "K_MOVED", "K_CANCELLED", "K_CANCELLED_COMMUNE", "K_NOSHOW",
	"K_PICKUP", "K_PICKUP_MOVED", "K_WAIT_CODE", "K_WAIT_JOINED", "K_WAIT_OFFER",
	"K_SURVEY", "K_COMPLAINT_CODE", "K_COMPLAINT_ACK", "K_COMPLAINT_REPLY", "K_URG_REFUSED",
};

const char *msg_kind_name(enum msg_kind k)
{
	return k < MSG_KIND_COUNT ? kind_names[k] : "";
}

bool msg_kind_parse(const char *name, enum msg_kind *out)
{
	for (int i = 0; i < MSG_KIND_COUNT; i++)
		if (str_eq(name, kind_names[i])) {
			*out = (enum msg_kind)i;
			return true;
		}
	return false;
}

/* ---------------------------------------------------------------- UTF-8 */

/* Decodes one code point at s (len bytes left); *n gets its length.
 * Invalid sequences give -1 with *n = 1. */
static long utf8_next(const unsigned char *s, size_t len, size_t *n)
{
	*n = 1;
	if (s[0] < 0x80)
		return s[0];
	int k = s[0] >= 0xF0 && s[0] <= 0xF4 ? 3 : s[0] >= 0xE0 ? 2 : s[0] >= 0xC2 && s[0] < 0xE0 ? 1 : -1;
	if (k < 0 || s[0] > 0xF4 || (size_t)k >= len)
		return -1;
	long cp = s[0] & (0x3F >> k);
	for (int i = 1; i <= k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*n = (size_t)k + 1;
	return cp;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* First `chars` code points of s (arena). */
static char *utf8_prefix(struct arena *a, const char *s, size_t chars)
{
	const char *p = s;
	for (size_t c = 0; *p; p++) {
		if (((unsigned char)*p & 0xC0) != 0x80) {
			if (c == chars)
				break;
			c++;
		}
	}
	return arena_strndup(a, s, (size_t)(p - s));
}

/* A name shortened to at most `chars` code points for an SMS: cut after a
 * whole word when one fits ("Hôtel de ville de Saint-Julien-en-Genevois"
 * -> "Hôtel de ville"), without the separators and the little words ("de",
 * "d'", "en" ...) the cut leaves at its end. */
static const char *shorten(struct arena *a, const char *s, size_t chars)
{
	static const char *const little[] = { "de", "du", "des", "d'", "la", "le", "les", "l'", "en",
		"et", "sur", "sous", "au", "aux" };
	char *p = utf8_prefix(a, s, chars);
	size_t n = strlen(p);
	/* A hyphenated name is one word ("Saint-Julien-en-Genevois"): cut
	 * at a space, or at a hyphen only when there is no space. */
	bool whole = s[n] == '\0' || s[n] == ' ' || s[n] == '-';
	for (const char *seps = " '"; !whole && *seps; seps = seps[0] == ' ' ? "-" : "") {
		size_t k = n;
		while (k > 0 && !strchr(seps, p[k - 1]))
			k--;
		if (k > 0) {
			n = k;
			whole = true;
		}
	}
	for (bool again = true; again && n > 0;) {
		again = false;
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '-' || p[n - 1] == ','))
			n--;
		for (size_t i = 0; i < ARRAY_LEN(little); i++) {
			size_t l = strlen(little[i]);
			bool apo = little[i][l - 1] == '\'';
			if (n > l && strncmp(p + n - l, little[i], l) == 0 &&
			    (apo || p[n - l - 1] == ' ' || p[n - l - 1] == '-')) {
				n -= l;
				again = true;
				break;
			}
		}
	}
	p[n] = '\0';
	return p;
}

/* ------------------------------------------------------------- GSM 03.38 */

/* The default alphabet beyond ASCII (ASCII letters, digits, space and
 * !"#$%&'()*+,-./:;<=>?@_ and LF, CR are in it too). */
static const unsigned short gsm_basic_nonascii[] = {
	0x00A1, 0x00A3, 0x00A4, 0x00A5, 0x00A7, 0x00BF, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
	0x00C9, 0x00D1, 0x00D6, 0x00D8, 0x00DC, 0x00DF, 0x00E0, 0x00E4, 0x00E5, 0x00E6,
	0x00E8, 0x00E9, 0x00EC, 0x00F1, 0x00F2, 0x00F6, 0x00F8, 0x00F9, 0x00FC,
	0x0393, 0x0394, 0x0398, 0x039B, 0x039E, 0x03A0, 0x03A3, 0x03A6, 0x03A8, 0x03A9,
};

/* 1: basic set, 2: extension table (escape + char), 0: not GSM. */
static int gsm_cost(long cp)
{
	if (cp == '\n' || cp == '\r')
		return 1;
	if (cp == '\f' || cp == '^' || cp == '{' || cp == '}' || cp == '\\' || cp == '[' ||
	    cp == '~' || cp == ']' || cp == '|' || cp == 0x20AC)
		return 2;
	if (cp >= 0x20 && cp < 0x7F)
		return cp == '`' ? 0 : 1;
	for (size_t i = 0; i < ARRAY_LEN(gsm_basic_nonascii); i++)
		if (gsm_basic_nonascii[i] == cp)
			return 1;
	return 0;
}

/* Usual GSM spellings of characters outside the alphabet. */
static const struct { unsigned short cp; const char *to; } gsm_folds[] = {
	{ 0x0009, " " }, { 0x0060, "'" }, { 0x00A0, " " }, { 0x00AB, "\"" }, { 0x00B0, "o" },
	{ 0x00B2, "2" }, { 0x00B3, "3" }, { 0x00B7, "." }, { 0x00BB, "\"" }, { 0x00BD, "1/2" },
	{ 0x00C0, "A" }, { 0x00C1, "A" }, { 0x00C2, "A" }, { 0x00C3, "A" }, { 0x00C8, "E" },
	{ 0x00CA, "E" }, { 0x00CB, "E" }, { 0x00CC, "I" }, { 0x00CD, "I" }, { 0x00CE, "I" },
	{ 0x00CF, "I" }, { 0x00D0, "D" }, { 0x00D2, "O" }, { 0x00D3, "O" }, { 0x00D4, "O" },
	{ 0x00D5, "O" }, { 0x00D9, "U" }, { 0x00DA, "U" }, { 0x00DB, "U" }, { 0x00DD, "Y" },
	{ 0x00DE, "Th" }, { 0x00E1, "a" }, { 0x00E2, "a" }, { 0x00E3, "a" }, { 0x00E7, "c" },
	{ 0x00EA, "e" }, { 0x00EB, "e" }, { 0x00ED, "i" }, { 0x00EE, "i" }, { 0x00EF, "i" },
	{ 0x00F0, "d" }, { 0x00F3, "o" }, { 0x00F4, "o" }, { 0x00F5, "o" }, { 0x00FA, "u" },
	{ 0x00FB, "u" }, { 0x00FD, "y" }, { 0x00FE, "th" }, { 0x00FF, "y" },
	{ 0x0104, "A" }, { 0x0105, "a" }, { 0x0106, "C" }, { 0x0107, "c" }, { 0x010C, "C" },
	{ 0x010D, "c" }, { 0x0118, "E" }, { 0x0119, "e" }, { 0x011A, "E" }, { 0x011B, "e" },
	{ 0x0141, "L" }, { 0x0142, "l" }, { 0x0143, "N" }, { 0x0144, "n" }, { 0x0150, "O" },
	{ 0x0151, "o" }, { 0x0152, "OE" }, { 0x0153, "oe" }, { 0x0158, "R" }, { 0x0159, "r" },
	{ 0x015A, "S" }, { 0x015B, "s" }, { 0x0160, "S" }, { 0x0161, "s" }, { 0x0170, "U" },
	{ 0x0171, "u" }, { 0x0178, "Y" }, { 0x0179, "Z" }, { 0x017A, "z" }, { 0x017B, "Z" },
	{ 0x017C, "z" }, { 0x017D, "Z" }, { 0x017E, "z" },
	{ 0x2007, " " }, { 0x2009, " " }, { 0x2010, "-" }, { 0x2011, "-" }, { 0x2013, "-" },
	{ 0x2014, "-" }, { 0x2018, "'" }, { 0x2019, "'" }, { 0x201A, "'" }, { 0x201C, "\"" },
	{ 0x201D, "\"" }, { 0x201E, "\"" }, { 0x2022, "-" }, { 0x2026, "..." }, { 0x202F, " " },
	{ 0x2032, "'" }, { 0x2033, "\"" }, { 0x2212, "-" },
};

char *msg_gsm_fold(struct arena *a, const char *utf8)
{
	struct sbuf b;
	sbuf_init(&b);
	const unsigned char *s = (const unsigned char *)(utf8 ? utf8 : "");
	size_t len = strlen((const char *)s);
	for (size_t i = 0; i < len;) {
		size_t n;
		long cp = utf8_next(s + i, len - i, &n);
		if (cp < 0) {
			sbuf_addc(&b, '?');
		} else if (gsm_cost(cp)) {
			sbuf_add(&b, (const char *)s + i, n);
		} else {
			const char *to = NULL;
			for (size_t k = 0; k < ARRAY_LEN(gsm_folds) && !to; k++)
				if (gsm_folds[k].cp == cp)
					to = gsm_folds[k].to;
			if (!to && cp < 0x20)
				to = " ";
			if (to)
				sbuf_adds(&b, to);
			else
				sbuf_add(&b, (const char *)s + i, n);   /* keeps it: UCS-2 */
		}
		i += n;
	}
	char *r = arena_strdup(a, b.s ? b.s : "");
	sbuf_free(&b);
	return r;
}

int msg_sms_segments(const char *utf8, int *units, bool *ucs2)
{
	const unsigned char *s = (const unsigned char *)(utf8 ? utf8 : "");
	size_t len = strlen((const char *)s);
	bool gsm = true;
	int septets = 0, u16 = 0;
	for (size_t i = 0; i < len;) {
		size_t n;
		long cp = utf8_next(s + i, len - i, &n);
		int c = cp < 0 ? 0 : gsm_cost(cp);
		if (!c)
			gsm = false;
		septets += c;
		u16 += cp > 0xFFFF ? 2 : 1;
		i += n;
	}
	*ucs2 = !gsm;
	*units = gsm ? septets : u16;
	if (*units == 0)
		return 0;
	int single = gsm ? SMS_GSM_SINGLE : SMS_UCS2_SINGLE;
	int multi = gsm ? SMS_GSM_MULTI : SMS_UCS2_MULTI;
	if (*units <= single)
		return 1;
	/* Greedy fill: a two-unit character (escape sequence, surrogate pair)
	 * never straddles two segments. */
	int segs = 1, used = 0;
	for (size_t i = 0; i < len;) {
		size_t n;
		long cp = utf8_next(s + i, len - i, &n);
		int c = gsm ? (cp < 0 ? 1 : gsm_cost(cp)) : (cp > 0xFFFF ? 2 : 1);
		if (used + c > multi) {
			segs++;
			used = 0;
		}
		used += c;
		i += n;
	}
	return segs;
}

/* ------------------------------------------------------------ plain text */

/* Trailing blanks removed from every line, at most one empty line in a
 * row, none at either end, one final newline. ctemplate drops the blank
 * lines of a template (STRIP_BLANK_LINES), so the plain-text templates
 * write a paragraph break as a line holding {{BI_NEWLINE}}. */
static char *tidy_text(struct arena *a, const char *in)
{
	struct sbuf b;
	sbuf_init(&b);
	int pending_blank = 0;
	bool any = false;
	const char *p = in;
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		size_t m = n;
		while (m > 0 && (p[m - 1] == ' ' || p[m - 1] == '\t' || p[m - 1] == '\r'))
			m--;
		if (m == 0) {
			if (any)
				pending_blank = 1;
		} else {
			if (pending_blank)
				sbuf_addc(&b, '\n');
			sbuf_add(&b, p, m);
			sbuf_addc(&b, '\n');
			pending_blank = 0;
			any = true;
		}
		p += n + (e ? 1 : 0);
	}
	char *r = arena_strdup(a, b.s ? b.s : "");
	sbuf_free(&b);
	return r;
}

static char *one_line(struct arena *a, const char *in)
{
	char *r = arena_strdup(a, in);
	for (char *p = r; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	char *s = r;
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	/* Squash the runs of blanks left by the template's layout. */
	char *w = s;
	for (char *q = s; *q; q++)
		if (!(*q == ' ' && q > s && q[-1] == ' '))
			*w++ = *q;
	*w = '\0';
	return s;
}

/* ------------------------------------------------------------ rendering */

struct strings {
	char date[96], time[32], when[96];
	const char *persons, *home_url, *gerer_url;
};

static bool has_details(enum msg_kind k)
{
	return k != MSG_CODE && k != MSG_WAIT_CODE && k != MSG_WAIT_JOINED && k != MSG_SURVEY && k != MSG_COMPLAINT_CODE &&
	       k != MSG_COMPLAINT_ACK && k != MSG_COMPLAINT_REPLY && k != MSG_URG_REFUSED;
}

static bool has_ics(enum msg_kind k)
{
	return k == MSG_CONFIRMED || k == MSG_MOVED || k == MSG_PICKUP || k == MSG_PICKUP_MOVED;
}

/* A pickup's documents are what to bring to collect the title: the
 * receipt of the filing, the old title. */
static bool has_docs(enum msg_kind k)
{
	return k == MSG_CONFIRMED || k == MSG_REMINDER || k == MSG_MOVED || k == MSG_PICKUP || k == MSG_PICKUP_MOVED;
}

static const char *rebook(const struct msg_values *v, const struct strings *s)
{
	return !str_empty(v->rebook_url) ? v->rebook_url : s->home_url;
}

/* Values shared by every template. SITE and COMMUNE come separately for
 * the SMS, which may shorten them; `compact` picks the kind's short SMS
 * variant (section K_..._SHORT) where msg_sms.tpl has one. */
static void fill(tpl_dict *d, const struct msg_values *v, const struct strings *s,
                 const char *site, const char *commune, bool compact)
{
	if (compact) {
		char sec[64];
		snprintf(sec, sizeof(sec), "%s_SHORT", kind_sections[v->kind]);
		tpl_show(d, sec);
	} else
		tpl_show(d, kind_sections[v->kind]);
	tpl_set(d, "LANG", v->lang);
	tpl_set(d, "REF", v->ref);
	tpl_set(d, "CODE", v->code);
	if (v->kind == MSG_CODE) {
		tpl_show(d, v->code_to_manage ? "TO_MANAGE" : "TO_CONFIRM");
		tpl_set_int(d, "MINUTES", v->code_minutes > 0 ? v->code_minutes : 10);
	}
	tpl_set(d, "PROCEDURE", v->procedure);
	tpl_set_int(d, "PARTY", v->party);
	tpl_set(d, "PERSONS", s->persons);
	tpl_set(d, "DATE", s->date);
	tpl_set(d, "TIME", s->time);
	tpl_set(d, "WHEN", s->when);
	tpl_set(d, "SITE", site);
	tpl_set(d, "COMMUNE", commune);
	tpl_set(d, "ADDRESS", v->address);
	tpl_set(d, "POSTCODE", v->postcode);
	tpl_set(d, "CITY", v->city);
	tpl_set(d, "HOME_URL", s->home_url);
	tpl_set(d, "BASE_URL", v->base_url);
	tpl_set(d, "GERER_URL", s->gerer_url);
	tpl_set(d, "MANAGE_URL", v->manage_url);
	tpl_set(d, "REBOOK_URL", rebook(v, s));
	tpl_set(d, "OFFER_URL", v->offer_url);
	tpl_set(d, "LEAVE_URL", v->leave_url);
	tpl_set(d, "SURVEY_URL", v->survey_url);
	if (!str_empty(v->leave_url))
		tpl_show(d, "LEAVE");
	if (v->until) {
		char until[32];
		i18n_time(v->until, until, sizeof(until));
		tpl_set(d, "UNTIL", until);
	}
	tpl_set(d, "REPLY_BY", v->reply_by);
	tpl_set(d, "REPLY", v->reply);
	if (!str_empty(v->access_info)) {
		tpl_show(d, "ACCESS");
		tpl_set(d, "ACCESS_INFO", v->access_info);
	}
	if (!str_empty(v->reason)) {
		tpl_show(d, "REASON");
		tpl_set(d, "REASON", v->reason);
	}
	if (!str_empty(v->commune_phone) || !str_empty(v->commune_email)) {
		tpl_show(d, "CONTACT");
		tpl_set(d, "COMMUNE_PHONE", v->commune_phone);
		tpl_set(d, "COMMUNE_EMAIL", v->commune_email);
	}
	if (has_details(v->kind))
		tpl_show(d, "DETAILS");
	if (has_ics(v->kind))
		tpl_show(d, "ICS");
	if (!str_empty(v->manage_url) && v->kind != MSG_CODE && v->kind != MSG_CANCELLED &&
	    v->kind != MSG_CANCELLED_COMMUNE && v->kind != MSG_NOSHOW && v->kind != MSG_SURVEY)
		tpl_show(d, "MANAGE");
	if (has_docs(v->kind) && !str_empty(v->documents)) {
		tpl_dict *docs = tpl_section(d, "DOCS");
		for (const char *p = v->documents; *p;) {
			const char *e = strchr(p, '\n');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == ' '))
				n--;
			if (n > 0) {
				char *line = xstrndup(p, n);
				tpl_set(tpl_section(docs, "DOC"), "DOC", line);
				free(line);
			}
			p += (e ? (size_t)(e - p) + 1 : strlen(p));
		}
	}
}

static char *expand(struct arena *a, const char *name, const char *lang, tpl_dict *d)
{
	struct sbuf b;
	sbuf_init(&b);
	char *r = NULL;
	if (tpl_expand(name, lang, d, &b))
		r = arena_strdup(a, b.s ? b.s : "");
	sbuf_free(&b);
	return r;
}

/* One rendering of the SMS: folded to GSM, its segments counted. */
static bool sms_once(struct arena *a, const struct msg_values *v, const struct strings *s,
                     const char *site, const char *commune, bool compact, char **text, int *units,
                     bool *ucs2, int *segments)
{
	tpl_dict *d = tpl_new();
	fill(d, v, s, site, commune, compact);
	char *raw = expand(a, "msg_sms", v->lang, d);
	tpl_free(d);
	if (!raw)
		return false;
	*text = msg_gsm_fold(a, one_line(a, raw));
	*segments = msg_sms_segments(*text, units, ucs2);
	return true;
}

/* The SMS text: rendered, folded to GSM; while it needs more than one
 * segment, the site's name then the commune's are shortened (never the
 * reference, the code, the time or a link); if that is not enough (a long
 * link given by the caller), the kind's compact variant is tried. */
static bool render_sms(struct arena *a, const struct msg_values *v, const struct strings *s,
                       struct msg_rendered *out)
{
	const char *site = v->site ? v->site : "", *commune = v->commune ? v->commune : "";
	int units;
	bool ucs2;
	for (int round = 0; round < 8; round++) {
		if (!sms_once(a, v, s, site, commune, false, &out->sms, &units, &ucs2, &out->sms_segments))
			return false;
		if (out->sms_segments <= 1)
			return true;
		size_t over = (size_t)(units - (ucs2 ? SMS_UCS2_SINGLE : SMS_GSM_SINGLE));
		size_t ls = utf8_chars(site), lc = utf8_chars(commune);
		/* Cut what is over; a shortened name keeps at least 12 (site)
		 * or 8 (commune) characters. */
		if (ls > 12) {
			size_t keep = ls > over + 12 ? ls - over : 12;
			site = shorten(a, site, keep);
			if (utf8_chars(site) >= ls)
				site = utf8_prefix(a, site, keep);
		} else if (lc > 8) {
			size_t keep = lc > over + 8 ? lc - over : 8;
			commune = shorten(a, commune, keep);
			if (utf8_chars(commune) >= lc)
				commune = utf8_prefix(a, commune, keep);
		} else
			break;
	}
	char *compact;
	int csegs;
	if (sms_once(a, v, s, site, commune, true, &compact, &units, &ucs2, &csegs) && compact[0] &&
	    csegs < out->sms_segments) {
		out->sms = compact;
		out->sms_segments = csegs;
	}
	if (out->sms_segments > 1)
		log_info("message %s (%s): the SMS needs %d segments", msg_kind_name(v->kind), v->lang,
			 out->sms_segments);
	return true;
}

static char *build_ics(struct arena *a, const struct msg_values *v, const struct strings *s)
{
	const char *host = v->base_url ? strstr(v->base_url, "://") : NULL;
	host = host ? host + 3 : "creneau.invalid";
	size_t hl = strcspn(host, ":/");
	struct sbuf desc;
	sbuf_init(&desc);
	sbuf_printf(&desc, _("Référence : %s\n"), v->ref ? v->ref : "");
	sbuf_printf(&desc, P_("Démarche : %s (%d personne)\n", "Démarche : %s (%d personnes)\n", (unsigned long)v->party),
		    v->procedure ? v->procedure : "", v->party);
	if (s->persons[0])
		sbuf_printf(&desc, "%s %s\n", _("Personnes :"), s->persons);
	if (has_docs(v->kind) && !str_empty(v->documents)) {
		sbuf_printf(&desc, "\n%s\n", _("Pièces à apporter :"));
		for (const char *p = v->documents; *p;) {
			const char *e = strchr(p, '\n');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			if (n > 0)
				sbuf_printf(&desc, "- %.*s\n", (int)n, p);
			p += n + (e ? 1 : 0);
		}
	}
	if (!str_empty(v->manage_url))
		sbuf_printf(&desc, "\n%s\n%s\n", _("Voir, imprimer la convocation, annuler ou déplacer :"), v->manage_url);
	struct ical_event e = {
		.uid = arena_printf(a, "%s@%.*s", v->ref ? v->ref : "", (int)hl, host),
		.dtstamp = v->now ? v->now : time(NULL),
		.start = v->start,
		.end = v->end,
		.sequence = v->sequence,
		.summary = arena_printf(a, _("Rendez-vous en mairie : %s"), v->procedure ? v->procedure : ""),
		.location = arena_printf(a, "%s, %s, %s %s", v->site ? v->site : "", v->address ? v->address : "",
					 v->postcode ? v->postcode : "", v->city ? v->city : ""),
		.description = desc.s,
		.url = v->manage_url,
		.lat = v->lat,
		.lon = v->lon,
		.has_geo = v->lat != 0 || v->lon != 0,
	};
	struct sbuf b;
	sbuf_init(&b);
	ical_build(&b, &e);
	char *r = arena_strdup(a, b.s);
	sbuf_free(&b);
	sbuf_free(&desc);
	return r;
}

bool msg_render(struct arena *a, const struct msg_values *v, struct msg_rendered *out)
{
	memset(out, 0, sizeof(*out));
	if (v->kind >= MSG_KIND_COUNT)
		return false;
	char saved[3];
	snprintf(saved, sizeof(saved), "%s", i18n_lang());
	const char *lang = str_eq(v->lang, "en") ? "en" : "fr";
	i18n_use(lang);
	struct msg_values vv = *v;
	vv.lang = lang;

	struct strings s;
	memset(&s, 0, sizeof(s));
	i18n_date(v->start, s.date, sizeof(s.date));
	i18n_time(v->start, s.time, sizeof(s.time));
	struct tm tm;
	dt_utc_to_local(v->start, &tm);
	snprintf(s.when, sizeof(s.when), _("%02d/%02d/%04d à %s"), tm.tm_mday, tm.tm_mon + 1,
		 tm.tm_year + 1900, s.time);
	struct sbuf p;
	sbuf_init(&p);
	for (int i = 0; i < v->npersons && i < MSG_MAX_PERSONS; i++)
		if (v->persons[i])
			sbuf_printf(&p, "%s%s", p.len ? ", " : "", v->persons[i]);
	s.persons = arena_strdup(a, p.s ? p.s : "");
	sbuf_free(&p);
	const char *base = v->base_url ? v->base_url : "";
	s.home_url = arena_printf(a, "%s/", base);
	s.gerer_url = arena_printf(a, "%s/gerer", base);

	unsigned parts = v->parts ? v->parts : MSG_PART_SMS | MSG_PART_EMAIL;
	bool ok = !(parts & MSG_PART_SMS) || render_sms(a, &vv, &s, out);
	if (ok && (parts & MSG_PART_EMAIL)) {
		tpl_dict *d = tpl_new();
		fill(d, &vv, &s, v->site, v->commune, false);
		char *subject = expand(a, "msg_subject", lang, d);
		char *text = subject ? expand(a, "msg_text", lang, d) : NULL;
		if (subject)
			tpl_set(d, "SUBJECT", one_line(a, subject));
		char *html = text ? expand(a, "msg_html", lang, d) : NULL;
		tpl_free(d);
		if (html) {
			out->subject = one_line(a, subject);
			out->text = tidy_text(a, text);
			out->html = html;
			if (has_ics(v->kind))
				out->ics = build_ics(a, &vv, &s);
		} else
			ok = false;
	}
	if (!ok)
		log_error("message %s (%s): a template failed", msg_kind_name(v->kind), lang);
	i18n_use(saved);
	return ok;
}

/* ------------------------------------------------------ text -> HTML */

static void html_escape(struct sbuf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': sbuf_adds(b, "&amp;"); break;
		case '<': sbuf_adds(b, "&lt;"); break;
		case '>': sbuf_adds(b, "&gt;"); break;
		case '"': sbuf_adds(b, "&quot;"); break;
		case '\'': sbuf_adds(b, "&#39;"); break;
		default: sbuf_addc(b, s[i]);
		}
	}
}

char *msg_text_to_html(struct arena *a, const char *text, const char *lang)
{
	struct sbuf b;
	sbuf_init(&b);
	sbuf_printf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head><meta charset=\"utf-8\"><title></title></head>\n"
		    "<body style=\"font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5\">\n<p>",
		    str_eq(lang, "en") ? "en" : "fr");
	const char *p = text ? text : "";
	while (*p) {
		if (*p == '\r') {
			p++;
			continue;
		}
		if (*p == '\n') {
			if (p[1] == '\n' || (p[1] == '\r' && p[2] == '\n')) {
				sbuf_adds(&b, "</p>\n<p>");
				while (*p == '\n' || *p == '\r')
					p++;
			} else {
				sbuf_adds(&b, "<br>\n");
				p++;
			}
			continue;
		}
		if (str_starts(p, "https://") || str_starts(p, "http://")) {
			size_t n = strcspn(p, " \t\r\n<>\"'");
			sbuf_adds(&b, "<a href=\"");
			html_escape(&b, p, n);
			sbuf_adds(&b, "\">");
			html_escape(&b, p, n);
			sbuf_adds(&b, "</a>");
			p += n;
			continue;
		}
		html_escape(&b, p, 1);
		p++;
	}
	sbuf_adds(&b, "</p>\n</body>\n</html>\n");
	char *r = arena_strdup(a, b.s);
	sbuf_free(&b);
	return r;
}
