/* freegen.h — "the free places of this device changed" counters, shared
 * by every program of one installation, so that a public worker may keep
 * what it read of the free places and know without asking MariaDB when it
 * no longer holds.
 *
 * A file in socket_dir that every process maps: one counter per device
 * (ids below FREEGEN_DEVICES) and one for all devices. Whoever changes the
 * places of a device (a booking, a cancellation, an expired hold, new
 * opening rules, a closure) calls freegen_touch() after its statement; the
 * counter moves once the change is committed (db_commit() calls
 * freegen_commit(); outside a transaction at once). A reader takes the
 * device's version before its statement and keeps the answer while the
 * version stays the same: a change committed meanwhile always moves it
 * later. Changes made outside the programs (SQL typed by hand) do not move
 * the counters: what a worker keeps is dropped after FREEGEN_TTL seconds
 * anyway. */
#ifndef CRENEAU_FREEGEN_H
#define CRENEAU_FREEGEN_H

#define FREEGEN_DEVICES 65536
#define FREEGEN_TTL 60

/* The version of a device's free places; 0 when the counters cannot be
 * used (no file, an id out of range): then nothing may be kept. */
unsigned long long freegen_version(long long device_id);
/* Notes a change to the device's free places (0: every device). */
void freegen_touch(long long device_id);
/* The transaction committed: the noted counters move. */
void freegen_commit(void);
/* The transaction rolled back: nothing changed. */
void freegen_discard(void);

#endif
