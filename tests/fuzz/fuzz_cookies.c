/* fuzz_cookies.c — the Cookie header (request.c): names non-empty without
 * '=', ';' or a leading space, values without ';', nothing invented. */
#include "fuzz.h"
#include "request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct arena *a = arena_new();
	char *s = fuzz_text(data, n);
	struct param *p;
	size_t k = http_parse_cookies(a, s, &p);
	CHECK(k <= HTTP_MAX_COOKIES);
	size_t total = 0;
	for (size_t j = 0; j < k; j++) {
		size_t nl = strlen(p[j].name), vl = strlen(p[j].value);
		CHECK(nl > 0 && p[j].name[0] != ' ');
		CHECK(!strpbrk(p[j].name, "=;") && !strchr(p[j].value, ';'));
		total += nl + 1 + vl;
	}
	CHECK(total <= strlen(s));
	free(s);
	arena_free(a);
	return 0;
}
