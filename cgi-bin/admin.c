/* admin.c — creneau-admin, the command-line tool of the platform.
 *   creneau-admin regen-slots [DEVICE_ID]   add the slots of the opening
 *                                           rules over each horizon
 *   creneau-admin expire-holds              free the holds that ran out
 * Reads the settings from $CRENEAU_CONF like the FastCGI programs. */
#include "booking.h"
#include "config.h"

#include <sodium.h>
#include "datetime.h"
#include "db.h"
#include "i18n.h"
#include "slotgen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
	fprintf(stderr, "usage: creneau-admin regen-slots [DEVICE_ID] | expire-holds\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (sodium_init() < 0)
		return 1;
	config_load(NULL);
	dt_init(config_get("timezone", "Europe/Paris"));
	if (!db_connect()) {
		fprintf(stderr, "creneau-admin: cannot connect to the database\n");
		return 1;
	}
	struct arena *a = arena_new();
	int rc = 0;
	if (strcmp(argv[1], "regen-slots") == 0) {
		long long dev = argc > 2 ? atoll(argv[2]) : 0;
		long n = slotgen_run(a, dev);
		if (n < 0) {
			fprintf(stderr, "creneau-admin: slot generation failed\n");
			rc = 1;
		} else
			printf("%ld slots added\n", n);
	} else if (strcmp(argv[1], "expire-holds") == 0) {
		printf("%d holds expired\n", booking_expire_holds(a));
	} else
		rc = usage();
	arena_free(a);
	db_close();
	return rc;
}
