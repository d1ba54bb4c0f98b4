/* netcheck.c — see netcheck.h. */
#include "netcheck.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static bool v4_internal(uint32_t a, bool allow_loopback)
{
	if (allow_loopback && a == 0x7F000001u)
		return false;
	static const struct { uint32_t net, mask; } nets[] = {
		{ 0x00000000u, 0xFF000000u },  /* 0/8 "this network" */
		{ 0x0A000000u, 0xFF000000u },  /* 10/8 */
		{ 0x64400000u, 0xFFC00000u },  /* 100.64/10 carrier NAT */
		{ 0x7F000000u, 0xFF000000u },  /* 127/8 loopback */
		{ 0xA9FE0000u, 0xFFFF0000u },  /* 169.254/16 link-local, cloud metadata */
		{ 0xAC100000u, 0xFFF00000u },  /* 172.16/12 */
		{ 0xC0000000u, 0xFFFFFF00u },  /* 192.0.0/24 protocol assignments */
		{ 0xC0A80000u, 0xFFFF0000u },  /* 192.168/16 */
		{ 0xC6120000u, 0xFFFE0000u },  /* 198.18/15 benchmarking */
		{ 0xE0000000u, 0xE0000000u },  /* 224/3 multicast, reserved, broadcast */
	};
	for (size_t i = 0; i < sizeof(nets) / sizeof(nets[0]); i++)
		if ((a & nets[i].mask) == nets[i].net)
			return true;
	return false;
}

static bool v6_internal(const unsigned char *b, bool allow_loopback)
{
	static const unsigned char zero[16] = { 0 };
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF };
	static const unsigned char nat64[12] = { 0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0 };
	/* An IPv4 address in IPv6 clothes is judged as IPv4. */
	if (memcmp(b, mapped, 12) == 0 || memcmp(b, nat64, 12) == 0)
		return v4_internal((uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 | b[15],
				   allow_loopback);
	if (memcmp(b, zero, 15) == 0 && (b[15] == 0 || b[15] == 1))   /* :: and ::1 */
		return !(allow_loopback && b[15] == 1);
	return (b[0] & 0xFE) == 0xFC ||                  /* fc00::/7 unique local */
	       (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) || /* fe80::/10 link-local */
	       (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0) || /* fec0::/10 old site-local */
	       b[0] == 0xFF;                              /* multicast */
}

bool net_addr_internal(const struct sockaddr *sa, bool allow_loopback)
{
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)(const void *)sa;
		return v4_internal(ntohl(s4->sin_addr.s_addr), allow_loopback);
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)(const void *)sa;
		return v6_internal(s6->sin6_addr.s6_addr, allow_loopback);
	}
	return true;   /* Unix sockets and the rest: never the outside */
}

bool net_url_host_internal(const char *url, bool allow_loopback)
{
	const char *p = strstr(url, "://");
	if (!p)
		return false;
	p += 3;
	char host[64];
	size_t n;
	if (*p == '[') {
		n = strcspn(p + 1, "]");
		if (n == 0 || n >= sizeof(host) || p[1 + n] != ']')
			return false;
		memcpy(host, p + 1, n);
		host[n] = '\0';
		struct in6_addr a6;
		return inet_pton(AF_INET6, host, &a6) == 1 && v6_internal(a6.s6_addr, allow_loopback);
	}
	n = strcspn(p, ":/?#");
	if (n == 0 || n >= sizeof(host))
		return false;
	memcpy(host, p, n);
	host[n] = '\0';
	struct in_addr a4;
	/* inet_pton takes dotted quads only; inet_aton would also read "10.1"
	 * or "0x7f.1", which curl resolves as addresses too. */
	if (inet_pton(AF_INET, host, &a4) == 1)
		return v4_internal(ntohl(a4.s_addr), allow_loopback);
	return inet_aton(host, &a4) != 0 && v4_internal(ntohl(a4.s_addr), allow_loopback);
}
