/* server.h — a prefork pool of FastCGI workers on a Unix socket. The
 * parent opens the socket, forks `workers` children, and replaces any
 * child that dies (a crash costs one request, never the service). SIGTERM
 * stops the children after their current request, then the parent. */
#ifndef CRENEAU_SERVER_H
#define CRENEAU_SERVER_H
#include "route.h"

/* Called once in each child before it accepts (connect the database,
 * load templates). Returns false to make the child exit. */
typedef bool (*child_init_fn)(void);

/* Never returns except on shutdown; returns the exit status: 1 at once,
 * before any socket or fork, when the route table fails routes_check()
 * (route.h) with the route_guard the program set. */
int server_run(const char *socket_path, int workers, child_init_fn init,
               const struct route *routes, size_t nroutes);

#endif
