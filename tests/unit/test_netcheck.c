/* test_netcheck.c — the addresses a webhook must never reach (netcheck.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "netcheck.h"

static bool internal(const char *text, bool loopback)
{
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof(ss));
	if (strchr(text, ':')) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
		s6->sin6_family = AF_INET6;
		assert_int_equal(inet_pton(AF_INET6, text, &s6->sin6_addr), 1);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		s4->sin_family = AF_INET;
		assert_int_equal(inet_pton(AF_INET, text, &s4->sin_addr), 1);
	}
	return net_addr_internal((struct sockaddr *)&ss, loopback);
}

static void test_v4(void **state)
{
	(void)state;
	const char *in[] = { "0.0.0.0", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.254", "127.0.0.1",
			     "127.1.2.3", "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.0.0.8", "192.168.1.1",
			     "198.18.0.1", "198.19.255.1", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255" };
	const char *out[] = { "1.1.1.1", "8.8.8.8", "100.63.255.255", "100.128.0.1", "172.15.255.255", "172.32.0.1",
			      "192.0.2.1", "192.169.0.1", "198.17.255.255", "198.20.0.1", "223.255.255.255",
			      "9.255.255.255", "11.0.0.1", "169.253.1.1", "51.91.1.1" };
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		if (!internal(in[i], false))
			fail_msg("%s should be internal", in[i]);
	for (size_t i = 0; i < sizeof(out) / sizeof(out[0]); i++)
		if (internal(out[i], false))
			fail_msg("%s should be outside", out[i]);
	/* The test stacks' receivers: 127.0.0.1 only, not the rest of 127/8. */
	assert_false(internal("127.0.0.1", true));
	assert_true(internal("127.0.0.2", true));
	assert_true(internal("10.0.0.1", true));
}

static void test_v6(void **state)
{
	(void)state;
	assert_true(internal("::", false));
	assert_true(internal("::1", false));
	assert_false(internal("::1", true));
	assert_true(internal("fd00::1", false));
	assert_true(internal("fc12:3456::1", false));
	assert_true(internal("fe80::1", false));
	assert_true(internal("fec0::1", false));
	assert_true(internal("ff02::1", false));
	/* IPv4 inside: judged as IPv4. */
	assert_true(internal("::ffff:10.0.0.1", false));
	assert_true(internal("::ffff:127.0.0.1", false));
	assert_false(internal("::ffff:8.8.8.8", false));
	assert_true(internal("64:ff9b::192.168.0.1", false));
	assert_false(internal("64:ff9b::8.8.8.8", false));
	assert_false(internal("2001:4860:4860::8888", false));
	assert_false(internal("2a01:cb00::1", false));
}

static void test_url_literals(void **state)
{
	(void)state;
	assert_true(net_url_host_internal("https://10.1.2.3/hook", false));
	assert_true(net_url_host_internal("https://192.168.0.10:8443/hook", false));
	assert_true(net_url_host_internal("https://169.254.169.254/latest/meta-data", false));
	assert_true(net_url_host_internal("https://[::1]:8443/h", false));
	assert_true(net_url_host_internal("https://[fd00::5]/h", false));
	assert_true(net_url_host_internal("https://127.0.0.2/h", true));
	/* Shorthand forms curl would read as addresses. */
	assert_true(net_url_host_internal("https://2130706433/h", false));
	assert_true(net_url_host_internal("https://10.1/h", false));
	assert_true(net_url_host_internal("https://0x7f.1/h", false));
	/* Names are checked once resolved; public literals pass. */
	assert_false(net_url_host_internal("https://example.org/h", false));
	assert_false(net_url_host_internal("https://intranet/h", false));
	assert_false(net_url_host_internal("https://8.8.8.8/h", false));
	assert_false(net_url_host_internal("https://[2001:db8::1]/h", false));
	assert_false(net_url_host_internal("http://127.0.0.1:9000/h", true));
	assert_false(net_url_host_internal("no scheme", false));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v4),
		cmocka_unit_test(test_v6),
		cmocka_unit_test(test_url_literals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
