/* util.h — allocation that cannot fail silently, a per-request arena, and a
 * growable string buffer. Out of memory aborts the worker loudly: the
 * supervisor replaces it, which is better than limping on. */
#ifndef CRENEAU_UTIL_H
#define CRENEAU_UTIL_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Arena: every allocation lives until arena_reset()/arena_free(). Each
 * request gets one (see serve.c), so handlers never free what they build. */
struct arena;
struct arena *arena_new(void);
void *arena_alloc(struct arena *a, size_t n);          /* zeroed */
char *arena_strdup(struct arena *a, const char *s);    /* NULL -> NULL */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void arena_reset(struct arena *a);
void arena_free(struct arena *a);

/* Growable NUL-terminated buffer; buf.s is malloc'ed and owned by the
 * sbuf until sbuf_free() (or taken by the caller with sbuf_take()). */
struct sbuf { char *s; size_t len, cap; };
void sbuf_init(struct sbuf *b);
void sbuf_add(struct sbuf *b, const char *s, size_t n);
/* Room for `extra` more bytes (and the NUL) without growing again: for a
 * writer that knows what comes, and may then write at b->s + b->len. */
void sbuf_reserve(struct sbuf *b, size_t extra);
void sbuf_adds(struct sbuf *b, const char *s);
void sbuf_addc(struct sbuf *b, char c);
void sbuf_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbuf_vprintf(struct sbuf *b, const char *fmt, va_list ap);
char *sbuf_take(struct sbuf *b);
void sbuf_free(struct sbuf *b);

bool str_eq(const char *a, const char *b);          /* NULL-safe */
bool str_empty(const char *s);                      /* NULL or "" */
bool str_starts(const char *s, const char *prefix);
/* Constant-time comparison of two equal-length secrets. */
bool str_ct_eq(const char *a, const char *b);

#endif
