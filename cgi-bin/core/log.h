/* log.h — one-line logs to stderr (the supervisor sends them to a file).
 * Never log a code, a password, a token, a whole phone number or email:
 * use log_mask_contact() for contacts. */
#ifndef CRENEAU_LOG_H
#define CRENEAU_LOG_H
#include <stddef.h>

void log_set_request_id(const char *id);   /* "" when outside a request */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "+33612345678" -> "+336******78", "jean.dupont@example.fr" ->
 * "j***@example.fr". Writes into out (>= 64 bytes). */
const char *log_mask_contact(const char *contact, char *out, size_t outsz);

#endif
