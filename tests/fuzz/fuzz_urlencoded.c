/* fuzz_urlencoded.c — form bodies and query strings (request.c): at most
 * HTTP_MAX_PARAMS fields, every name and value valid UTF-8 without
 * controls, percent-decoding never longer than its input. */
#include "fuzz.h"
#include "request.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct arena *a = arena_new();
	char *s = fuzz_text(data, n);
	size_t len = strlen(s);
	struct param *p;
	bool bad = false;
	const char *bad_name = NULL;
	size_t k = http_parse_urlencoded(a, s, len, &p, &bad, &bad_name);
	CHECK(k <= HTTP_MAX_PARAMS);
	CHECK(http_count_params(s, len) >= k);
	for (size_t j = 0; j < k; j++) {
		CHECK(text_valid_utf8(p[j].value, strlen(p[j].value), true));
		CHECK(text_valid_utf8(p[j].name, strlen(p[j].name), false));
	}
	char *d = http_url_decode(a, s, len, true);
	CHECK(strlen(d) <= len);
	(void)http_url_encode(a, d);
	free(s);
	arena_free(a);
	return 0;
}
