/* admin.c — creneau-admin, the command-line tool of the platform.
 *   creneau-admin regen-slots [DEVICE_ID]   add the slots of the opening
 *                                           rules over each horizon
 *   creneau-admin expire-holds              free the holds that ran out
 *   creneau-admin snapshot-delays           record today's delay to the
 *                                           next free time per site (daily)
 *   creneau-admin create-staff EMAIL ROLE INSEE|- NAME
 *        creates (or updates) a staff account; the password is read from
 *        $CRENEAU_PASSWORD or the first line of standard input, never from
 *        the command line (visible to every user in ps). The first
 *        platform administrator is created this way.
 *   creneau-admin purge                     personal data past its retention
 *                                           (retention.h; daily)
 *   creneau-admin backup [DIR]              a consistent dump of the database
 *                                           into DIR (backup_dir), keeping
 *                                           the backup_keep newest
 *   creneau-admin restore FILE              loads such a dump (stop the
 *                                           programs first)
 * Reads the settings from $CRENEAU_CONF like the FastCGI programs. */
#include "booking.h"
#include "config.h"

#include <sodium.h>
#include "datetime.h"
#include "db.h"
#include "i18n.h"
#include "slotgen.h"
#include "stats.h"
#include "audit.h"
#include "backup.h"
#include "retention.h"
#include "auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
	fprintf(stderr, "usage: creneau-admin regen-slots [DEVICE_ID] | expire-holds | snapshot-delays\n"
		"       creneau-admin create-staff EMAIL ROLE INSEE|- NAME  (password in $CRENEAU_PASSWORD or stdin)\n"
		"       creneau-admin backup [DIR] | restore FILE | purge\n");
	return 2;
}

static int create_staff(struct arena *a, int argc, char **argv)
{
	if (argc != 6)
		return usage();
	const char *email = argv[2], *role = argv[3], *insee = argv[4], *name = argv[5];
	enum role r = auth_role_of(role);
	if (r == ROLE_NONE) {
		fprintf(stderr, "creneau-admin: role is one of agent, commune_admin, partner, platform_admin, helpdesk, technique\n");
		return 2;
	}
	char buf[256];
	const char *pw = getenv("CRENEAU_PASSWORD");
	if (!pw) {
		if (!fgets(buf, sizeof(buf), stdin)) {
			fprintf(stderr, "creneau-admin: no password given\n");
			return 2;
		}
		buf[strcspn(buf, "\r\n")] = '\0';
		pw = buf;
	}
	const char *problem = auth_password_problem(pw, email);
	if (problem) {
		fprintf(stderr, "creneau-admin: %s\n", problem);
		return 2;
	}
	long long commune = 0;
	if (!auth_role_platform(r)) {
		struct db_res c;
		if (db_exec(a, &c, "SELECT id FROM communes WHERE insee = ?", "s", insee) < 0 || c.nrows != 1) {
			fprintf(stderr, "creneau-admin: no member commune with INSEE code %s\n", insee);
			return 2;
		}
		commune = db_int(&c, 0, 0);
	}
	char hash[crypto_pwhash_STRBYTES];
	if (!auth_hash_password(pw, hash, sizeof(hash))) {
		fprintf(stderr, "creneau-admin: hashing failed (memory)\n");
		return 1;
	}
	/* The account and its audit line stay or go together. */
	bool ok = db_begin() &&
		  db_exec(a, NULL, "INSERT INTO staff (email, name, role, commune_id, password_hash, created_utc)"
			  " VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE name = VALUES(name),"
			  " role = VALUES(role), commune_id = VALUES(commune_id), password_hash = VALUES(password_hash), active = 1",
			  "sssss", email, name, role, commune ? arena_printf(a, "%lld", commune) : NULL, hash) >= 0 &&
		  audit(a, 0, commune, "staff_create_cli", "staff", email, role) && db_commit();
	if (!ok) {
		db_rollback();
		fprintf(stderr, "creneau-admin: could not save the account\n");
		return 1;
	}
	printf("staff account %s (%s) ready\n", email, role);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (sodium_init() < 0)
		return 1;
	config_load(NULL);
	dt_init(config_get("timezone", "Europe/Paris"));
	/* The dump tools connect by themselves. */
	if (strcmp(argv[1], "backup") == 0) {
		char path[4096];
		const char *dir = argc > 2 ? argv[2] : config_get("backup_dir", "var/backups");
		if (!backup_run(dir, (int)config_int("backup_keep", 14), path, sizeof(path))) {
			fprintf(stderr, "creneau-admin: backup failed\n");
			return 1;
		}
		printf("backup written to %s\n", path);
		return 0;
	}
	if (strcmp(argv[1], "restore") == 0) {
		if (argc != 3)
			return usage();
		if (!backup_restore(argv[2])) {
			fprintf(stderr, "creneau-admin: restore failed\n");
			return 1;
		}
		printf("restored %s\n", argv[2]);
		return 0;
	}
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
	} else if (strcmp(argv[1], "create-staff") == 0) {
		rc = create_staff(a, argc, argv);
	} else if (strcmp(argv[1], "snapshot-delays") == 0) {
		long n = stats_snapshot_delays(a);
		if (n < 0) {
			fprintf(stderr, "creneau-admin: delay snapshot failed\n");
			rc = 1;
		} else
			printf("%ld delays recorded\n", n);
	} else if (strcmp(argv[1], "purge") == 0) {
		struct retention ret;
		struct purge_counts pc;
		retention_settings(&ret);
		if (!retention_run(a, &ret, (int)config_int("retention_batch", 500), &pc)) {
			fprintf(stderr, "creneau-admin: purge failed\n");
			rc = 1;
		} else
			printf("purged: %ld bookings anonymised, %ld message bodies, %ld receipts, %ld codes,"
			       " %ld rate events, %ld sessions, %ld links, %ld audit lines, %ld webhook deliveries,"
			       " %ld ANTS declarations, %ld waiting-list entries, %ld absence marks, %ld survey texts,"
			       " %ld complaints, %ld urgent requests, %ld help-desk texts\n", pc.bookings, pc.bodies, pc.receipts,
			       pc.codes, pc.rate_events, pc.sessions, pc.tokens, pc.audit, pc.webhook_deliveries, pc.ants,
			       pc.waitlist, pc.noshow_marks, pc.survey_texts, pc.complaints, pc.urgency, pc.tickets);
	} else if (strcmp(argv[1], "expire-holds") == 0) {
		printf("%d holds expired\n", booking_expire_holds(a));
	} else
		rc = usage();
	arena_free(a);
	db_close();
	return rc;
}
