/* test_transport.c — unit tests of the pure parts of transport.c: the SMS
 * gateway's request body built from its template (escaped for JSON, form
 * or XML bodies and for the URL), and provider answers made safe to
 * store. The real exchanges with an SMTP server and a gateway are in
 * tests/http/notify.test.mjs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "transport.h"

static const struct tr_vars V = {
	.to = "+33612345678",
	.text = "RDV confirmé le 12/12 à 9 h 30, \"Mairie\" & co\\x\nfin",
	.ref = "0123456789abcdef0123456789abcdef",
	.from = "MAIRIE",
	.secret = "s3cr&t=1",
};

static void check(const char *tpl, enum tr_escape esc, const char *want)
{
	char *got = transport_expand(tpl, esc, &V);
	assert_string_equal(got, want);
	free(got);
}

static void test_escape_for(void **state)
{
	(void)state;
	assert_int_equal(transport_escape_for("application/json"), TR_ESC_JSON);
	assert_int_equal(transport_escape_for("application/vnd.api+JSON; charset=utf-8"), TR_ESC_JSON);
	assert_int_equal(transport_escape_for("application/x-www-form-urlencoded"), TR_ESC_URL);
	assert_int_equal(transport_escape_for("text/xml"), TR_ESC_XML);
	assert_int_equal(transport_escape_for("text/plain"), TR_ESC_NONE);
	assert_int_equal(transport_escape_for(NULL), TR_ESC_NONE);
}

static void test_json(void **state)
{
	(void)state;
	check("{\"to\":\"{to}\",\"text\":\"{text}\",\"ref\":\"{ref}\",\"from\":\"{from}\"}", TR_ESC_JSON,
	      "{\"to\":\"+33612345678\",\"text\":\"RDV confirmé le 12/12 à 9 h 30, \\\"Mairie\\\" & co\\\\x\\nfin\","
	      "\"ref\":\"0123456789abcdef0123456789abcdef\",\"from\":\"MAIRIE\"}");
	struct tr_vars ctl = { .text = "a\x01" "b\tc\r" };
	char *got = transport_expand("{text}", TR_ESC_JSON, &ctl);
	assert_string_equal(got, "a\\u0001b\\tc\\r");
	free(got);
}

static void test_form(void **state)
{
	(void)state;
	check("to={to}&msg={text}&key={secret}", TR_ESC_URL,
	      "to=%2B33612345678&msg=RDV%20confirm%C3%A9%20le%2012%2F12%20%C3%A0%209%20h%2030%2C%20%22Mairie%22%20%26%20co%5Cx%0Afin"
	      "&key=s3cr%26t%3D1");
}

static void test_xml(void **state)
{
	(void)state;
	check("<sms><to>{to}</to><text>{text}</text></sms>", TR_ESC_XML,
	      "<sms><to>+33612345678</to><text>RDV confirmé le 12/12 à 9 h 30, &quot;Mairie&quot; &amp; co\\x\nfin</text></sms>");
}

static void test_unknown_and_missing(void **state)
{
	(void)state;
	/* Unknown names and unbalanced braces are copied; NULL values are
	 * empty. */
	struct tr_vars none = { 0 };
	char *got = transport_expand("{x} {to {ref}} {} {", TR_ESC_JSON, &none);
	assert_string_equal(got, "{x} {to } {} {");
	free(got);
	got = transport_expand(NULL, TR_ESC_NONE, &none);
	assert_string_equal(got, "");
	free(got);
}

static void test_clean_answer(void **state)
{
	(void)state;
	char out[16];
	transport_clean_answer("250 OK\r\n\x01\xC3\xA9", 11, out, sizeof(out));
	assert_string_equal(out, "250 OK  ???");
	transport_clean_answer("0123456789abcdefghij", 20, out, sizeof(out));
	assert_string_equal(out, "0123456789abcde");
	transport_clean_answer("", 0, out, sizeof(out));
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_for),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_xml),
		cmocka_unit_test(test_unknown_and_missing),
		cmocka_unit_test(test_clean_answer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
