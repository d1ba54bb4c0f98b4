/* netcheck.h — which network addresses a call to the outside must never
 * reach: the platform's own machine and networks (loopback, private,
 * link-local — where cloud metadata lives —, carrier NAT, multicast,
 * reserved). Webhook URLs are typed by commune administrators; without
 * this check one could make creneau-notify post to the database host or
 * another internal service (server-side request forgery). */
#ifndef CRENEAU_NETCHECK_H
#define CRENEAU_NETCHECK_H
#include <stdbool.h>
#include <sys/socket.h>

/* True when sa is such an address. allow_loopback lets 127.0.0.1 and ::1
 * through (test stacks, whose receivers listen there), nothing else. */
bool net_addr_internal(const struct sockaddr *sa, bool allow_loopback);

/* The same for a URL's host when it is a literal address ("10.0.0.1",
 * "[fd00::1]"); false for a name (resolved and checked at connect time). */
bool net_url_host_internal(const char *url, bool allow_loopback);

#endif
