/* fuzz_validate.c — the field validators and text helpers (validate.c,
 * text.c, datetime.c): what they accept has the shape they promise. */
#include "fuzz.h"
#include "datetime.h"
#include "text.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	static int ready;
	if (!ready++)
		dt_init("Europe/Paris");
	if (n > 400)
		return 0;
	char *s = fuzz_text(data, n);
	char out[512];
	(void)text_valid_utf8(s, strlen(s), true);
	char *f = text_fold(s);
	for (const char *c = f; *c; c++)
		CHECK((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == ' ');
	free(f);
	free(text_squash(s));
	(void)text_valid_person_name(s, 100);
	if (valid_phone(s, out, 20))
		CHECK(out[0] == '+' && strlen(out) <= 16);
	(void)valid_email(s, out, 255);
	if (valid_date(s, out, 11))
		CHECK(strlen(out) == 10);
	(void)valid_birth_date(s, "2026-11-22", out, 11);
	if (valid_predemande(s, out, 11))
		CHECK(strlen(out) == 10);
	if (valid_ref(s, out, 9))
		CHECK(strlen(out) == 8);
	long v;
	if (valid_int(s, -5, 5, &v))
		CHECK(v >= -5 && v <= 5);
	(void)valid_code(s, out, 7);
	double la, lo;
	if (valid_latlon(s, s, &la, &lo))
		CHECK(la >= -90 && la <= 90 && lo >= -180 && lo <= 180);
	int y, m, d;
	if (dt_parse_ymd(s, &y, &m, &d))
		CHECK(m >= 1 && m <= 12 && d >= 1 && d <= 31);
	time_t t;
	(void)dt_parse_sql(s, &t);
	free(s);
	return 0;
}
