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

/* Sealing a secret the programs must read back (a TOTP key, a webhook's
 * signing secret): libsodium secretbox under a key derived from the
 * application secret with its own domain (so a dump of the database does
 * not give it away, and it is no other use's HMAC). crypto_seal writes
 * hex(nonce | box) of the len bytes of plain into hex, which must hold
 * crypto_sealed_hex_len(len) bytes. crypto_unseal opens it into plain
 * (exactly len bytes expected); false when it is not a box of that size
 * sealed under that domain. */
size_t crypto_sealed_hex_len(size_t len);
void crypto_seal(const char *domain, const unsigned char *plain, size_t len, char *hex);
bool crypto_unseal(const char *domain, const char *hex, unsigned char *plain, size_t len);

/* Six-digit one-time code, uniform over 000000..999999. out >= 7 bytes. */
void crypto_code6(char *out);

#endif
