/* backup.h — backups of the database that restore: a consistent dump
 * (mariadb-dump --single-transaction: InnoDB gives it one snapshot, so the
 * booking path is never locked) written under a temporary name and renamed
 * once complete, the oldest removed beyond a number kept; and the restore
 * of such a file. The tools get the account from a private options file,
 * never from their command line (visible in ps). */
#ifndef CRENEAU_BACKUP_H
#define CRENEAU_BACKUP_H
#include <stdbool.h>
#include <stddef.h>

/* Dumps the database into dir (created if needed) as
 * creneau-YYYYMMDDTHHMMSSZ.sql and keeps the `keep` newest such files.
 * The path written goes into out. False on any failure (nothing half
 * written is left under the final name). */
bool backup_run(const char *dir, int keep, char *out, size_t outsz);
/* Loads a dump into the database of the settings (stop the programs
 * first). False on failure. */
bool backup_restore(const char *file);
/* The names of dir's backups, newest first, at most max, into names
 * (each malloc'ed; the caller frees); -1 when dir cannot be read. */
int backup_list(const char *dir, char **names, int max);

#endif
