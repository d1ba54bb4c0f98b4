/* fuzz_urlencoded.c — form bodies and query strings (request.c), fed raw
 * bytes, NULs included (a body is bytes): at most HTTP_MAX_PARAMS fields,
 * every name and value valid UTF-8 without controls, a value whose bytes
 * hold a NUL emptied and flagged, percent-decoding never longer than its
 * input. */
#include "fuzz.h"
#include "request.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct arena *a = arena_new();
	char *s = malloc(n + 1);
	memcpy(s, data, n);
	s[n] = '\0';
	size_t len = n;
	struct param *p;
	bool bad = false;
	const char *bad_name = NULL;
	size_t k = http_parse_urlencoded(a, s, len, &p, &bad, &bad_name);
	if (memchr(s, '\0', len) && k > 0) {
		/* Some field held the NUL: either it was dropped or flagged. */
		bool any_empty = false;
		for (size_t j = 0; j < k; j++)
			any_empty = any_empty || !*p[j].value;
		CHECK(bad || any_empty || k < http_count_params(s, len));
	}
	CHECK(k <= HTTP_MAX_PARAMS);
	CHECK(http_count_params(s, len) >= k);
	for (size_t j = 0; j < k; j++) {
		CHECK(text_valid_utf8(p[j].value, strlen(p[j].value), true));
		CHECK(text_valid_utf8(p[j].name, strlen(p[j].name), false));
	}
	char *d = http_url_decode(a, s, strlen(s), true);
	CHECK(strlen(d) <= strlen(s));
	(void)http_url_encode(a, d);
	free(s);
	arena_free(a);
	return 0;
}
