/* config.h — the application settings file (`key = value` lines, `#`
 * comments), read once at start-up from $CRENEAU_CONF. Values are owned by
 * this module for the life of the process. */
#ifndef CRENEAU_CONFIG_H
#define CRENEAU_CONFIG_H
#include <stdbool.h>
#include <stddef.h>

/* Loads the file named by $CRENEAU_CONF (or `path` when not NULL) and the
 * application secret it points to. Exits the process with a message on
 * any error: nothing can run without settings. */
void config_load(const char *path);

const char *config_get(const char *key, const char *def);
long config_int(const char *key, long def);

/* The application secret (raw bytes, >= 32), keying HMACs for codes,
 * CSRF tokens and signed links. */
const unsigned char *config_secret(size_t *len);

/* Reads a whole small file (secrets) into a malloc'ed string with the
 * trailing newline removed, or NULL. */
char *config_read_file(const char *path);

#endif
