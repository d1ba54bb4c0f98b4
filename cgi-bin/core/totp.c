/* totp.c — see totp.h. */
#include "totp.h"
#include "util.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void totp_code(const unsigned char *key, size_t keylen, long long step, char *out)
{
	unsigned char msg[8], mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;
	uint64_t s = (uint64_t)step;
	for (int i = 7; i >= 0; i--, s >>= 8)
		msg[i] = (unsigned char)(s & 0xff);
	HMAC(EVP_sha1(), key, (int)keylen, msg, sizeof(msg), mac, &maclen);
	/* RFC 4226 5.3: dynamic truncation. */
	int off = mac[maclen - 1] & 0x0f;
	uint32_t bin = ((uint32_t)(mac[off] & 0x7f) << 24) | ((uint32_t)mac[off + 1] << 16) |
		       ((uint32_t)mac[off + 2] << 8) | (uint32_t)mac[off + 3];
	snprintf(out, 7, "%06u", (unsigned)(bin % 1000000u));
}

long long totp_step(time_t t)
{
	return t < 0 ? 0 : (long long)(t / TOTP_STEP);
}

long long totp_match(const unsigned char *key, size_t keylen, const char *code, time_t now, long long last_step)
{
	if (!code || strlen(code) != 6)
		return -1;
	long long now_step = totp_step(now), found = -1;
	/* Every candidate is computed and compared, so the time taken does
	 * not tell which step matched. */
	for (long long st = now_step - 1; st <= now_step + 1; st++) {
		char c[7];
		totp_code(key, keylen, st, c);
		if (CRYPTO_memcmp(c, code, 6) == 0 && st > last_step && found < 0)
			found = st;
	}
	return found;
}

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void totp_base32(const unsigned char *in, size_t n, char *out, size_t outsz)
{
	size_t o = 0;
	unsigned buf = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		buf = (buf << 8) | in[i];
		bits += 8;
		while (bits >= 5 && o + 1 < outsz) {
			out[o++] = b32[(buf >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0 && o + 1 < outsz)
		out[o++] = b32[(buf << (5 - bits)) & 31];
	if (outsz)
		out[o] = '\0';
}

int totp_base32_decode(const char *in, unsigned char *out, size_t outsz)
{
	size_t o = 0;
	unsigned buf = 0;
	int bits = 0;
	for (const char *p = in; *p; p++) {
		if (*p == ' ' || *p == '=')
			continue;
		char c = (*p >= 'a' && *p <= 'z') ? (char)(*p - 32) : *p;
		const char *at = strchr(b32, c);
		if (!at || !c)
			return -1;
		buf = (buf << 5) | (unsigned)(at - b32);
		bits += 5;
		if (bits >= 8) {
			if (o == outsz)
				return -1;
			out[o++] = (unsigned char)((buf >> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	return (int)o;
}

/* Percent-encodes everything but RFC 3986's unreserved characters. */
static void add_encoded(struct sbuf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_' || *p == '~')
			sbuf_addc(b, (char)*p);
		else
			sbuf_printf(b, "%%%02X", *p);
	}
}

char *totp_uri(const char *issuer, const char *account, const char *secret_b32)
{
	struct sbuf b;
	sbuf_init(&b);
	sbuf_adds(&b, "otpauth://totp/");
	add_encoded(&b, issuer);
	sbuf_addc(&b, ':');
	add_encoded(&b, account);
	sbuf_printf(&b, "?secret=%s&issuer=", secret_b32);
	add_encoded(&b, issuer);
	sbuf_printf(&b, "&algorithm=SHA1&digits=6&period=%d", TOTP_STEP);
	return sbuf_take(&b);
}
