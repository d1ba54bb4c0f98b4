/* fuzz.h — what the libFuzzer harnesses share: the input as a C string
 * (the parsers take NUL-terminated text), and a check that aborts, so
 * libFuzzer keeps the input that broke a parser's promise. */
#ifndef CRENEAU_FUZZ_H
#define CRENEAU_FUZZ_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "broken promise: %s (%s:%d)\n", #c, __FILE__, __LINE__); abort(); } } while (0)

/* A malloc'ed NUL-terminated copy (an embedded NUL ends the text, as it
 * does for the parsers' callers). */
static inline char *fuzz_text(const uint8_t *data, size_t n)
{
	char *s = malloc(n + 1);
	memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

#endif
