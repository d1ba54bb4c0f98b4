/* test_message.c — unit tests of message.c and message_mime.c: the GSM
 * 03.38 alphabet and SMS segments, every SMS of every kind in both
 * languages within one GSM-7 segment with long realistic values, the email
 * parts (subject, plain text without HTML escaping, HTML with it), and the
 * MIME encodings (quoted-printable, base64, RFC 2047). Runs from the
 * repository root (templates/) with the catalogues of LOCALEDIR. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "i18n.h"
#include "message.h"
#include "message_mime.h"
#include "tpl.h"

#ifndef LOCALEDIR
#define LOCALEDIR "build/locale"
#endif

static struct arena *A;

static int setup(void **state)
{
	(void)state;
	dt_init("Europe/Paris");
	i18n_init(LOCALEDIR);
	static const char *const langs[] = { "fr", "en", NULL };
	if (!tpl_init("templates", langs))
		return -1;
	A = arena_new();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

static int segs(const char *s, int *units, bool *ucs2)
{
	return msg_sms_segments(s, units, ucs2);
}

static void test_gsm_segments(void **state)
{
	(void)state;
	int u;
	bool ucs2;
	assert_int_equal(segs("", &u, &ucs2), 0);
	char buf[400];
	memset(buf, 'a', 160);
	buf[160] = '\0';
	assert_int_equal(segs(buf, &u, &ucs2), 1);
	assert_false(ucs2);
	assert_int_equal(u, 160);
	buf[160] = 'a';
	buf[161] = '\0';
	assert_int_equal(segs(buf, &u, &ucs2), 2);
	memset(buf, 'a', 306);
	buf[306] = '\0';
	assert_int_equal(segs(buf, &u, &ucs2), 2);      /* 2 x 153 */
	buf[306] = 'a';
	buf[307] = '\0';
	assert_int_equal(segs(buf, &u, &ucs2), 3);
	/* French accents of the GSM set cost one septet. */
	assert_int_equal(segs("éèàùìòÉÇ", &u, &ucs2), 1);
	assert_false(ucs2);
	assert_int_equal(u, 8);
	/* Extension characters cost two. */
	segs("€[]{}|^~\\", &u, &ucs2);
	assert_false(ucs2);
	assert_int_equal(u, 18);
	/* An escape sequence never straddles two segments: 152 'a' then '€'
	 * (2 septets) would end at 154 > 153. */
	memset(buf, 'a', 152);
	strcpy(buf + 152, "€");
	strcat(buf, "bbbbbbbbbb");
	assert_int_equal(segs(buf, &u, &ucs2), 2);
	assert_int_equal(u, 164);
	/* One character outside GSM makes it UCS-2: 70 / 67. */
	assert_int_equal(segs("ê", &u, &ucs2), 1);
	assert_true(ucs2);
	memset(buf, 'a', 69);
	strcpy(buf + 69, "李");
	assert_int_equal(segs(buf, &u, &ucs2), 1);
	assert_int_equal(u, 70);
	strcat(buf, "a");
	assert_int_equal(segs(buf, &u, &ucs2), 2);
	/* An emoji is a surrogate pair: two UTF-16 units. */
	segs("😀", &u, &ucs2);
	assert_true(ucs2);
	assert_int_equal(u, 2);
}

static void test_gsm_fold(void **state)
{
	(void)state;
	assert_string_equal(msg_gsm_fold(A, "Châtel, Noël, reçu, œuvre, être"), "Chatel, Noel, recu, oeuvre, etre");
	assert_string_equal(msg_gsm_fold(A, "l’heure « juste »… 9\u00a0h\u202f30 – fin"), "l'heure \" juste \"... 9 h 30 - fin");
	assert_string_equal(msg_gsm_fold(A, "Évian, Thônes, Saint-Félix, Ölçer"), "Évian, Thones, Saint-Félix, Ölcer");
	/* Kept when there is no GSM spelling. */
	assert_string_equal(msg_gsm_fold(A, "李"), "李");
	/* Invalid UTF-8 never passes through. */
	assert_string_equal(msg_gsm_fold(A, "a\xC3(b\xFF"), "a?(b?");
	int u;
	bool ucs2;
	segs(msg_gsm_fold(A, "Â Ê Î Ô Û â ê î ô û ç Ç ë ï ÿ œ Œ æ ’ “ ” – — …"), &u, &ucs2);
	assert_false(ucs2);
}

/* Long but real values: the longest names a message may carry. */
static void long_values(struct msg_values *v, enum msg_kind k, const char *lang)
{
	memset(v, 0, sizeof(*v));
	v->kind = k;
	v->lang = lang;
	v->ref = "K7QX2M9P";
	v->code = "904217";
	/* 2026-12-12 08:30 UTC = 9 h 30 in Paris; a two-digit day and hour. */
	v->start = 1797064200;
	v->end = v->start + 30 * 60;
	v->procedure = str_eq(lang, "en") ? "Collection of an identity card or passport"
		: "Retrait d'une carte d'identité ou d'un passeport";
	v->party = 5;
	v->persons[0] = "Marie-Thérèse Dupont-Lefebvre";
	v->npersons = 1;
	v->documents = "Ancienne carte d'identité\nJustificatif de domicile de moins d'un an";
	v->site = "Hôtel de ville de Saint-Julien-en-Genevois";
	v->address = "1 place du Général de Gaulle";
	v->postcode = "74160";
	v->city = "Saint-Julien-en-Genevois";
	v->commune = "Saint-Julien-en-Genevois";
	v->commune_phone = "04 50 35 14 14";
	v->commune_email = "etat-civil@st-julien-en-genevois.fr";
	v->base_url = "https://rendez-vous.creneau74.fr";
	v->manage_url = "https://rendez-vous.creneau74.fr/rdv/K7QX2M9P?t=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	v->rebook_url = "https://rendez-vous.creneau74.fr/?procedure=CNI_PASSEPORT";
	v->survey_url = "https://rendez-vous.creneau74.fr/avis/K7QX2M9P?t=0123456789abcdef0123456789abcdef";
	v->reason = "Fermeture exceptionnelle du service (panne du dispositif de recueil)";
	v->sequence = 2;
	v->now = 1796900000;
}

static void test_sms_fit_one_segment(void **state)
{
	(void)state;
	static const char *const langs[] = { "fr", "en" };
	for (int l = 0; l < 2; l++) {
		for (int k = 0; k < MSG_KIND_COUNT; k++) {
			struct msg_values v;
			long_values(&v, (enum msg_kind)k, langs[l]);
			struct msg_rendered r;
			assert_true(msg_render(A, &v, &r));
			int u;
			bool ucs2;
			int n = msg_sms_segments(r.sms, &u, &ucs2);
			printf("# %s/%-17s %3d septets: %s\n", langs[l], msg_kind_name((enum msg_kind)k), u, r.sms);
			assert_false(ucs2);
			assert_true(u <= SMS_GSM_SINGLE);
			assert_int_equal(n, 1);
			assert_int_equal(r.sms_segments, 1);
			/* What the person needs is never shortened. */
			bool code = k == MSG_CODE || k == MSG_WAIT_CODE || k == MSG_COMPLAINT_CODE;
			/* A complaint or a survey: no appointment time in the text. */
			bool complaint = k == MSG_COMPLAINT_ACK || k == MSG_COMPLAINT_REPLY || k == MSG_SURVEY;
			if (code) {
				assert_non_null(strstr(r.sms, "904217"));
			} else {
				if (k != MSG_WAIT_OFFER)       /* an offer is not a booking yet */
					assert_non_null(strstr(r.sms, "K7QX2M9P"));
				/* A place on the list, a refused urgent request: no date. */
				if (k != MSG_WAIT_JOINED && !complaint && k != MSG_URG_REFUSED)
					assert_non_null(strstr(r.sms, "12/12/2026"));
			}
			if (k == MSG_CANCELLED_COMMUNE)
				assert_non_null(strstr(r.sms, v.rebook_url));
			/* In the booking's language (po/en.po translates them). */
			if (l == 1) {
				assert_null(strstr(r.sms, "RDV"));
				assert_null(strstr(r.sms, "votre"));
				assert_non_null(strstr(r.sms, code ? "code" : k == MSG_WAIT_JOINED || complaint || k == MSG_URG_REFUSED ? "K7QX2M9P" : "9:30 am"));
			} else
				assert_non_null(strstr(r.sms, code ? "code" : k == MSG_WAIT_JOINED || complaint || k == MSG_URG_REFUSED ? "K7QX2M9P" : "9 h 30"));
			if (k == MSG_CONFIRMED || k == MSG_REMINDER || k == MSG_MOVED)
				assert_non_null(strstr(r.sms, "https://rendez-vous.creneau74.fr/gerer"));
		}
	}
}

/* The staff program's rebooking link carries a 64-hex token: the normal
 * text cannot hold it, the compact variant does. */
static void test_sms_long_link(void **state)
{
	(void)state;
	static const char *const langs[] = { "fr", "en" };
	for (int l = 0; l < 2; l++) {
		struct msg_values v;
		long_values(&v, MSG_CANCELLED_COMMUNE, langs[l]);
		v.rebook_url = "https://rendez-vous.creneau74.fr/rdv/K7QX2M9P/reprendre?t="
			"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
		struct msg_rendered r;
		assert_true(msg_render(A, &v, &r));
		int u;
		bool ucs2;
		printf("# %s/long link       %3d septets: %s\n", langs[l], (msg_sms_segments(r.sms, &u, &ucs2), u), r.sms);
		assert_int_equal(r.sms_segments, 1);
		assert_false(ucs2);
		assert_non_null(strstr(r.sms, v.rebook_url));
		/* The email keeps everything. */
		assert_non_null(strstr(r.text, v.rebook_url));
		assert_non_null(strstr(r.text, "K7QX2M9P"));
	}
}

static void test_sms_language(void **state)
{
	(void)state;
	struct msg_values v;
	struct msg_rendered fr, en;
	long_values(&v, MSG_CONFIRMED, "fr");
	assert_true(msg_render(A, &v, &fr));
	long_values(&v, MSG_CONFIRMED, "en");
	assert_true(msg_render(A, &v, &en));
	assert_non_null(strstr(fr.sms, "9 h 30"));
	assert_non_null(strstr(en.sms, "9:30 am"));
	assert_string_not_equal(fr.sms, en.sms);
	assert_string_not_equal(fr.subject, en.subject);
	/* The language is restored. */
	assert_string_equal(i18n_lang(), "fr");
}

/* A caller names the parts it needs (a code goes by one channel): the
 * others are not rendered, and the ones rendered are the same as when
 * every part is. */
static void test_parts_asked(void **state)
{
	(void)state;
	static const enum msg_kind kinds[] = { MSG_CODE, MSG_CONFIRMED };
	for (size_t k = 0; k < 2; k++) {
		struct msg_values v;
		struct msg_rendered all, sms, email;
		long_values(&v, kinds[k], "fr");
		assert_true(msg_render(A, &v, &all));
		v.parts = MSG_PART_SMS;
		assert_true(msg_render(A, &v, &sms));
		v.parts = MSG_PART_EMAIL;
		assert_true(msg_render(A, &v, &email));
		assert_string_equal(sms.sms, all.sms);
		assert_int_equal(sms.sms_segments, all.sms_segments);
		assert_null(sms.subject);
		assert_null(sms.text);
		assert_null(sms.html);
		assert_null(sms.ics);
		assert_null(email.sms);
		assert_string_equal(email.subject, all.subject);
		assert_string_equal(email.text, all.text);
		assert_string_equal(email.html, all.html);
		if (kinds[k] == MSG_CONFIRMED)
			assert_string_equal(email.ics, all.ics);
		else
			assert_null(email.ics);
	}
}

static void test_email_parts(void **state)
{
	(void)state;
	struct msg_values v;
	long_values(&v, MSG_CONFIRMED, "fr");
	v.site = "Mairie d'<Annecy> & \"Co\"";
	struct msg_rendered r;
	assert_true(msg_render(A, &v, &r));
	/* Plain text: nothing HTML-escaped, paragraphs kept. */
	assert_non_null(strstr(r.text, "Mairie d'<Annecy> & \"Co\""));
	assert_null(strstr(r.text, "&amp;"));
	assert_null(strstr(r.text, "&#39;"));
	assert_non_null(strstr(r.text, "Retrait d'une carte d'identité"));
	assert_non_null(strstr(r.text, "\n\n"));
	assert_null(strstr(r.text, "\n\n\n"));
	assert_non_null(strstr(r.text, "- Justificatif de domicile de moins d'un an\n"));
	assert_non_null(strstr(r.text, v.manage_url));
	/* HTML: escaped. */
	assert_non_null(strstr(r.html, "Mairie d&#39;&lt;Annecy&gt; &amp; &quot;Co&quot;"));
	assert_null(strstr(r.html, "<Annecy>"));
	assert_non_null(strstr(r.html, "<li>Justificatif de domicile de moins d&#39;un an</li>"));
	assert_non_null(strstr(r.subject, "Rendez-vous confirmé"));
	assert_null(strchr(r.subject, '\n'));
	/* The confirmation carries the .ics. */
	assert_non_null(r.ics);
	assert_non_null(strstr(r.ics, "UID:K7QX2M9P@rendez-vous.creneau74.fr\r\n"));
	assert_non_null(strstr(r.ics, "SEQUENCE:2\r\n"));
	/* The reason shows only for a commune's cancellation. */
	assert_null(strstr(r.text, "panne du dispositif"));
	long_values(&v, MSG_CANCELLED_COMMUNE, "fr");
	assert_true(msg_render(A, &v, &r));
	assert_non_null(strstr(r.text, "panne du dispositif"));
	assert_non_null(strstr(r.text, v.rebook_url));
	assert_null(r.ics);
	/* A code message shows the code, not the appointment. */
	long_values(&v, MSG_CODE, "en");
	assert_true(msg_render(A, &v, &r));
	assert_non_null(strstr(r.text, "904217"));
	assert_non_null(strstr(r.html, "904217"));
	assert_null(strstr(r.text, "K7QX2M9P"));
}

static void test_qp(void **state)
{
	(void)state;
	struct sbuf b;
	sbuf_init(&b);
	mime_qp(&b, "Référence = 42 \nfin\t\n");
	assert_string_equal(b.s, "R=C3=A9f=C3=A9rence =3D 42=20\r\nfin=09\r\n");
	sbuf_free(&b);
	/* Long lines get soft breaks; no line over 76 characters, and the
	 * decoded text is the original. */
	char longline[400];
	for (int i = 0; i < 399; i++)
		longline[i] = (char)(i % 7 == 0 ? ' ' : i % 11 == 0 ? '=' : 'x');
	longline[399] = '\0';
	sbuf_init(&b);
	mime_qp(&b, longline);
	size_t col = 0;
	for (const char *p = b.s; *p; p++) {
		if (*p == '\r') {
			assert_true(p[1] == '\n');
			col = 0;
			p++;
			continue;
		}
		col++;
		assert_true(col <= 76);
	}
	/* decode */
	struct sbuf d;
	sbuf_init(&d);
	for (const char *p = b.s; *p; p++) {
		if (p[0] == '=' && p[1] == '\r' && p[2] == '\n') {
			p += 2;
		} else if (p[0] == '=') {
			unsigned v;
			sscanf(p + 1, "%2x", &v);
			sbuf_addc(&d, (char)v);
			p += 2;
		} else if (p[0] == '\r' && p[1] == '\n') {
			p++;
		} else
			sbuf_addc(&d, *p);
	}
	assert_string_equal(d.s, longline);
	sbuf_free(&d);
	sbuf_free(&b);
}

static void test_base64(void **state)
{
	(void)state;
	struct sbuf b;
	sbuf_init(&b);
	mime_base64(&b, (const unsigned char *)"Man", 3);
	mime_base64(&b, (const unsigned char *)"Ma", 2);
	mime_base64(&b, (const unsigned char *)"M", 1);
	assert_string_equal(b.s, "TWFu\r\nTWE=\r\nTQ==\r\n");
	sbuf_free(&b);
	unsigned char big[200];
	for (int i = 0; i < 200; i++)
		big[i] = (unsigned char)i;
	sbuf_init(&b);
	mime_base64(&b, big, sizeof(big));
	/* 57 bytes per 76-character line. */
	assert_int_equal(strcspn(b.s, "\r"), 76);
	sbuf_free(&b);
}

static void test_headers(void **state)
{
	(void)state;
	struct sbuf b;
	sbuf_init(&b);
	mime_header(&b, "Subject", "Plain ASCII subject");
	assert_string_equal(b.s, "Subject: Plain ASCII subject\r\n");
	sbuf_free(&b);
	sbuf_init(&b);
	mime_header(&b, "Subject", "Rendez-vous confirmé : Carte nationale d'identité, samedi 12 décembre 2026");
	assert_true(str_starts(b.s, "Subject: =?UTF-8?B?"));
	/* Several encoded words on folded lines, none longer than 78. */
	const char *p = b.s;
	while (*p) {
		size_t n = strcspn(p, "\r");
		assert_true(n <= 78);
		p += n;
		if (*p)
			p += 2;
	}
	assert_non_null(strstr(b.s, "?=\r\n =?UTF-8?B?"));
	sbuf_free(&b);
	/* An ASCII word too long to fold at a space (found by fuzz_mime): the
	 * value is encoded, whose words cut anywhere, so no line is over 78. */
	sbuf_init(&b);
	char word[121];
	memset(word, 'e', 120);
	word[120] = '\0';
	mime_header(&b, "Subject", word);
	for (p = b.s; *p;) {
		size_t n = strcspn(p, "\r");
		assert_true(n <= 78);
		p += n;
		if (*p)
			p += 2;
	}
	sbuf_free(&b);
	/* A header value never ends the header. */
	sbuf_init(&b);
	mime_header(&b, "Subject", "a\r\nBcc: x@example.org");
	assert_null(strstr(b.s, "\r\nBcc"));
	sbuf_free(&b);
	char name[64], addr[64];
	assert_true(mime_parse_from("Créneau <no-reply@example.fr>", name, sizeof(name), addr, sizeof(addr)));
	assert_string_equal(name, "Créneau");
	assert_string_equal(addr, "no-reply@example.fr");
	assert_true(mime_parse_from("\"Mairie\" <a@b.fr>", name, sizeof(name), addr, sizeof(addr)));
	assert_string_equal(name, "Mairie");
	assert_true(mime_parse_from("a@b.fr", name, sizeof(name), addr, sizeof(addr)));
	assert_string_equal(name, "");
	assert_false(mime_parse_from("x <a@b.fr>\r\nBcc: y", name, sizeof(name), addr, sizeof(addr)));
	assert_false(mime_addr_ok("a b@c.fr"));
	assert_false(mime_addr_ok("a@b.fr>"));
	assert_false(mime_addr_ok("nodomain"));
}

static void test_mime_build(void **state)
{
	(void)state;
	struct mime_mail m = {
		.from = "Créneau <no-reply@example.fr>",
		.to = "jean@example.org",
		.reply_to = "mairie@example.fr",
		.subject = "Rendez-vous confirmé",
		.text = "Bonjour,\n\nVotre rendez-vous est confirmé.\n",
		.html = "<p>Bonjour,</p>",
		.ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
		.ics_name = "rendez-vous.ics",
		.message_id = "<0123456789abcdef@example.fr>",
		.date = 1797064200,
		.lang = "fr",
	};
	struct sbuf b;
	sbuf_init(&b);
	assert_true(mime_build(&m, &b));
	assert_non_null(strstr(b.s, "Date: Sat, 12 Dec 2026 08:30:00 +0000\r\n"));
	assert_non_null(strstr(b.s, "From: =?UTF-8?B?"));
	assert_non_null(strstr(b.s, " <no-reply@example.fr>\r\n"));
	assert_non_null(strstr(b.s, "To: jean@example.org\r\n"));
	assert_non_null(strstr(b.s, "Reply-To: mairie@example.fr\r\n"));
	assert_non_null(strstr(b.s, "Message-ID: <0123456789abcdef@example.fr>\r\n"));
	assert_non_null(strstr(b.s, "MIME-Version: 1.0\r\n"));
	assert_non_null(strstr(b.s, "multipart/mixed"));
	assert_non_null(strstr(b.s, "multipart/alternative"));
	assert_non_null(strstr(b.s, "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable"));
	assert_non_null(strstr(b.s, "Content-Type: text/html; charset=UTF-8"));
	assert_non_null(strstr(b.s, "Content-Type: text/calendar; charset=UTF-8; method=PUBLISH"));
	assert_non_null(strstr(b.s, "filename=\"rendez-vous.ics\""));
	assert_non_null(strstr(b.s, "confirm=C3=A9"));
	assert_non_null(strstr(b.s, "--=_creneau_mixed--\r\n"));
	/* Only CRLF line ends. */
	for (const char *p = b.s; *p; p++)
		if (*p == '\n')
			assert_true(p > b.s && p[-1] == '\r');
	sbuf_free(&b);
	/* No HTML, no ics: a single text/plain part. */
	m.html = NULL;
	m.ics = NULL;
	sbuf_init(&b);
	assert_true(mime_build(&m, &b));
	assert_null(strstr(b.s, "multipart"));
	sbuf_free(&b);
	/* A recipient that would inject a header is refused. */
	m.to = "jean@example.org\r\nBcc: x@y.fr";
	sbuf_init(&b);
	assert_false(mime_build(&m, &b));
	sbuf_free(&b);
}

static void test_text_to_html(void **state)
{
	(void)state;
	char *h = msg_text_to_html(A, "Bonjour,\n\nOuvrez <ce> lien :\nhttps://x.fr/a?b=1&c=2\n", "fr");
	assert_non_null(strstr(h, "<html lang=\"fr\">"));
	assert_non_null(strstr(h, "<p>Bonjour,</p>"));
	assert_non_null(strstr(h, "Ouvrez &lt;ce&gt; lien :<br>"));
	assert_non_null(strstr(h, "<a href=\"https://x.fr/a?b=1&amp;c=2\">"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gsm_segments),
		cmocka_unit_test(test_gsm_fold),
		cmocka_unit_test(test_sms_fit_one_segment),
		cmocka_unit_test(test_sms_long_link),
		cmocka_unit_test(test_sms_language),
		cmocka_unit_test(test_email_parts),
		cmocka_unit_test(test_qp),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_mime_build),
		cmocka_unit_test(test_text_to_html),
		cmocka_unit_test(test_parts_asked),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
