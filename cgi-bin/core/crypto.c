/* crypto.c — see crypto.h. */
#include "crypto.h"
#include "config.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

void crypto_hmac_hex(const char *domain, const char *msg, char *out)
{
	size_t klen;
	const unsigned char *key = config_secret(&klen);
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int mlen = 0;
	/* domain "|" msg, computed with the one-shot API over a joined copy. */
	size_t dl = strlen(domain), ml = strlen(msg);
	unsigned char buf[1024];
	unsigned char *data = buf;
	unsigned char *heap = NULL;
	if (dl + ml + 1 > sizeof(buf)) {
		heap = OPENSSL_malloc(dl + ml + 1);
		data = heap;
	}
	memcpy(data, domain, dl);
	data[dl] = '|';
	memcpy(data + dl + 1, msg, ml);
	HMAC(EVP_sha256(), key, (int)klen, data, dl + ml + 1, mac, &mlen);
	OPENSSL_free(heap);
	sodium_bin2hex(out, 65, mac, mlen > 32 ? 32 : mlen);
}

void crypto_random_hex(char *out, size_t nbytes)
{
	unsigned char b[64];
	if (nbytes > sizeof(b))
		nbytes = sizeof(b);
	randombytes_buf(b, nbytes);
	sodium_bin2hex(out, nbytes * 2 + 1, b, nbytes);
}

void crypto_random_from(char *out, size_t n, const char *alphabet)
{
	uint32_t len = (uint32_t)strlen(alphabet);
	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[randombytes_uniform(len)];
	out[n] = '\0';
}

void crypto_code6(char *out)
{
	snprintf(out, 7, "%06u", (unsigned)randombytes_uniform(1000000));
}
