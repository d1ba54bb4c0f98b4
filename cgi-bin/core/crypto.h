/* crypto.h — the few primitives the platform needs: random tokens, HMAC
 * under the application secret (OpenSSL), and one-time codes. */
#ifndef CRENEAU_CRYPTO_H
#define CRENEAU_CRYPTO_H
#include <stdbool.h>
#include <stddef.h>

/* hex(HMAC-SHA256(app secret, domain "|" msg)) into out (>= 65 bytes).
 * The domain separates uses (codes, CSRF, links) of the same secret. */
void crypto_hmac_hex(const char *domain, const char *msg, char *out);

/* Random lowercase hex string of 2*nbytes characters into out. */
void crypto_random_hex(char *out, size_t nbytes);

/* Uniform random string of n characters from alphabet into out (n+1). */
void crypto_random_from(char *out, size_t n, const char *alphabet);

/* Six-digit one-time code, uniform over 000000..999999. out >= 7 bytes. */
void crypto_code6(char *out);

#endif
