/* crypto.c — see crypto.h. */
#include "crypto.h"
#include "config.h"

#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/hmac.h>
#include <openssl/params.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* HMAC-SHA256 keyed with the secret once per process: HMAC() fetches the
 * algorithm and keys it on every call, which took a twelfth of a worker's
 * time. Each call copies this context. Re-keyed if the secret changes. */
static EVP_MAC_CTX *keyed;
static unsigned char keyed_with[64];
static size_t keyed_len;

static EVP_MAC_CTX *hmac_keyed(void)
{
	size_t klen;
	const unsigned char *key = config_secret(&klen);
	if (keyed && klen == keyed_len && memcmp(key, keyed_with, klen) == 0)
		return keyed;
	EVP_MAC_CTX_free(keyed);
	keyed = NULL;
	if (klen == 0 || klen > sizeof(keyed_with))
		return NULL;
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *c = mac ? EVP_MAC_CTX_new(mac) : NULL;
	EVP_MAC_free(mac);              /* the context keeps its own reference */
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
		OSSL_PARAM_construct_end(),
	};
	if (!c || !EVP_MAC_init(c, key, klen, params)) {
		EVP_MAC_CTX_free(c);
		return NULL;
	}
	memcpy(keyed_with, key, klen);
	keyed_len = klen;
	keyed = c;
	return keyed;
}

void crypto_hmac_hex(const char *domain, const char *msg, char *out)
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	size_t mlen = 0;
	EVP_MAC_CTX *c = hmac_keyed() ? EVP_MAC_CTX_dup(keyed) : NULL;
	if (c && EVP_MAC_update(c, (const unsigned char *)domain, strlen(domain)) &&
	    EVP_MAC_update(c, (const unsigned char *)"|", 1) &&
	    EVP_MAC_update(c, (const unsigned char *)msg, strlen(msg)) &&
	    EVP_MAC_final(c, mac, &mlen, sizeof(mac))) {
		EVP_MAC_CTX_free(c);
	} else {
		/* No keyed context (empty secret, out of memory): the one-shot
		 * API over a joined copy, as before. */
		EVP_MAC_CTX_free(c);
		size_t klen;
		const unsigned char *key = config_secret(&klen);
		size_t dl = strlen(domain), ml = strlen(msg);
		unsigned char *data = OPENSSL_malloc(dl + ml + 1);
		unsigned int ulen = 0;
		if (data) {
			memcpy(data, domain, dl);
			data[dl] = '|';
			memcpy(data + dl + 1, msg, ml);
			HMAC(EVP_sha256(), key, (int)klen, data, dl + ml + 1, mac, &ulen);
		}
		OPENSSL_free(data);
		mlen = ulen;
	}
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

/* ---------------------------------------------------------------- seal */

#define SEAL_OVERHEAD (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
#define SEAL_MAX 256

static void seal_key(const char *domain, unsigned char *k)
{
	char hex[65];
	crypto_hmac_hex(domain, "v1", hex);
	sodium_hex2bin(k, crypto_secretbox_KEYBYTES, hex, 64, NULL, NULL, NULL);
	sodium_memzero(hex, sizeof(hex));
}

size_t crypto_sealed_hex_len(size_t len)
{
	return 2 * (SEAL_OVERHEAD + len) + 1;
}

void crypto_seal(const char *domain, const unsigned char *plain, size_t len, char *hex)
{
	unsigned char k[crypto_secretbox_KEYBYTES], box[SEAL_OVERHEAD + SEAL_MAX];
	if (len > SEAL_MAX) {
		hex[0] = '\0';
		return;
	}
	seal_key(domain, k);
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, plain, len, box, k);
	sodium_bin2hex(hex, crypto_sealed_hex_len(len), box, SEAL_OVERHEAD + len);
	sodium_memzero(k, sizeof(k));
}

bool crypto_unseal(const char *domain, const char *hex, unsigned char *plain, size_t len)
{
	unsigned char k[crypto_secretbox_KEYBYTES], box[SEAL_OVERHEAD + SEAL_MAX];
	size_t n = 0;
	if (!hex || len > SEAL_MAX ||
	    sodium_hex2bin(box, sizeof(box), hex, strlen(hex), NULL, &n, NULL) != 0 || n != SEAL_OVERHEAD + len)
		return false;
	seal_key(domain, k);
	bool ok = crypto_secretbox_open_easy(plain, box + crypto_secretbox_NONCEBYTES,
					     n - crypto_secretbox_NONCEBYTES, box, k) == 0;
	sodium_memzero(k, sizeof(k));
	return ok;
}
