/* test_ical.c — unit tests of ical.c: TEXT escaping, folding at 75 octets
 * without cutting a UTF-8 character, CRLF line ends, and a whole event. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "ical.h"

static char *escaped(const char *in)
{
	struct sbuf b;
	sbuf_init(&b);
	ical_escape(&b, in);
	return sbuf_take(&b);
}

static void test_escape(void **state)
{
	(void)state;
	char *s = escaped("a,b;c\\d\ne\r\nf\rg");
	assert_string_equal(s, "a\\,b\\;c\\\\d\\ne\\nf\\ng");
	free(s);
	s = escaped("Hôtel de ville d'Annecy");
	assert_string_equal(s, "Hôtel de ville d'Annecy");
	free(s);
	s = escaped("tab\there\x01");
	assert_string_equal(s, "tab\there ");
	free(s);
}

/* Unfolds per RFC 5545 (CRLF + one space is removed). */
static char *unfold(const char *s)
{
	struct sbuf b;
	sbuf_init(&b);
	for (; *s; s++) {
		if (s[0] == '\r' && s[1] == '\n' && s[2] == ' ') {
			s += 2;
			continue;
		}
		sbuf_addc(&b, *s);
	}
	return sbuf_take(&b);
}

static void check_lines(const char *s)
{
	/* Every line <= 75 octets, ends with CRLF, and starts on a UTF-8
	 * character boundary. */
	const char *p = s;
	while (*p) {
		const char *e = strstr(p, "\r\n");
		assert_non_null(e);
		assert_true(e - p <= 75);
		assert_true(((unsigned char)*p & 0xC0) != 0x80);
		for (const char *q = p; q < e; q++)
			assert_true(*q != '\n' && *q != '\r');
		p = e + 2;
	}
}

static void test_fold(void **state)
{
	(void)state;
	struct sbuf b;
	sbuf_init(&b);
	char line[400] = "DESCRIPTION:";
	/* 2-byte characters at every offset: a cut must move back. */
	for (int i = 0; i < 100; i++)
		strcat(line, i % 3 ? "é" : "a");
	ical_line(&b, line);
	check_lines(b.s);
	char *u = unfold(b.s);
	size_t n = strlen(u);
	assert_true(n >= 2);
	u[n - 2] = '\0';
	assert_string_equal(u, line);
	free(u);
	sbuf_free(&b);
	/* A short line is not folded. */
	sbuf_init(&b);
	ical_line(&b, "BEGIN:VEVENT");
	assert_string_equal(b.s, "BEGIN:VEVENT\r\n");
	sbuf_free(&b);
	/* Exactly 75 octets: one line; 76: two. */
	char l75[80];
	memset(l75, 'x', 75);
	l75[75] = '\0';
	sbuf_init(&b);
	ical_line(&b, l75);
	assert_int_equal(strlen(b.s), 77);
	sbuf_free(&b);
	l75[75] = 'y';
	l75[76] = '\0';
	sbuf_init(&b);
	ical_line(&b, l75);
	assert_non_null(strstr(b.s, "\r\n y\r\n"));
	sbuf_free(&b);
}

static void test_event(void **state)
{
	(void)state;
	struct ical_event e = {
		.uid = "K7QX2M9P@rdv.example.fr",
		.dtstamp = 1796900000,
		.start = 1797064200,          /* 2026-12-12 08:30 UTC */
		.end = 1797064200 + 1800,
		.sequence = 1,
		.summary = "Rendez-vous en mairie : Carte d'identité, passeport",
		.location = "Hôtel de ville d'Annecy, Esplanade de l'Hôtel de Ville, 74000 Annecy",
		.description = "Référence : K7QX2M9P\nPièces à apporter :\n- Photo; 1 justificatif, original\\copie",
		.url = "https://rdv.example.fr/rdv/K7QX2M9P?t=abc",
		.lat = 45.8992,
		.lon = 6.1294,
		.has_geo = true,
	};
	struct sbuf b;
	sbuf_init(&b);
	ical_build(&b, &e);
	check_lines(b.s);
	assert_true(str_starts(b.s, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
	char *u = unfold(b.s);
	assert_non_null(strstr(u, "\r\nMETHOD:PUBLISH\r\n"));
	assert_non_null(strstr(u, "\r\nBEGIN:VEVENT\r\n"));
	assert_non_null(strstr(u, "\r\nUID:K7QX2M9P@rdv.example.fr\r\n"));
	assert_non_null(strstr(u, "\r\nDTSTAMP:20261210T105320Z\r\n"));
	assert_non_null(strstr(u, "\r\nDTSTART:20261212T083000Z\r\n"));
	assert_non_null(strstr(u, "\r\nDTEND:20261212T090000Z\r\n"));
	assert_non_null(strstr(u, "\r\nSEQUENCE:1\r\n"));
	assert_non_null(strstr(u, "\r\nSUMMARY:Rendez-vous en mairie : Carte d'identité\\, passeport\r\n"));
	assert_non_null(strstr(u, "\r\nLOCATION:Hôtel de ville d'Annecy\\, Esplanade de l'Hôtel de Ville\\, 74000 Annecy\r\n"));
	assert_non_null(strstr(u, "\r\nGEO:45.899200;6.129400\r\n"));
	assert_non_null(strstr(u, "\r\nDESCRIPTION:Référence : K7QX2M9P\\nPièces à apporter :\\n- Photo\\; 1 justificatif\\, original\\\\copie\r\n"));
	assert_non_null(strstr(u, "\r\nURL:https://rdv.example.fr/rdv/K7QX2M9P?t=abc\r\n"));
	assert_true(strstr(u, "END:VEVENT\r\nEND:VCALENDAR\r\n") != NULL);
	free(u);
	sbuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_event),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
