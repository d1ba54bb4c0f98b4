/* freegen.h — "the free places of this device changed" counters, shared
 * by every program of one installation, so that a public worker may keep
 * what it read of the free places and know without asking MariaDB when it
 * no longer holds.
 *
 * A file in socket_dir that every process maps: one counter per device
 * (ids below FREEGEN_DEVICES) and one for all devices, and finer ones per
 * device and local day. Whoever changes the places of a device calls,
 * after its statement, freegen_touch_run() when the change is one run of
 * slots (a booking, a cancellation, a move, an expired hold) or
 * freegen_touch() when it may be anywhere (new opening rules, a closure);
 * the
 * counter moves once the change is committed (freegen registers
 * freegen_commit() and freegen_discard() as db's commit hooks; outside a
 * transaction at once). A reader takes the
 * device's version before its statement and keeps the answer while the
 * version stays the same: a change committed meanwhile always moves it
 * later. Changes made outside the programs (SQL typed by hand) do not move
 * the counters: what a worker keeps is dropped after FREEGEN_TTL seconds
 * anyway. */
#ifndef CRENEAU_FREEGEN_H
#define CRENEAU_FREEGEN_H

#include <time.h>

#define FREEGEN_DEVICES 65536
#define FREEGEN_DAYS 65536      /* day counters, shared by hashing (a collision only drops more) */
#define FREEGEN_TTL 60

/* The version of a device's free places, any day; 0 when the counters
 * cannot be used (no file, an id out of range): then nothing may be kept. */
unsigned long long freegen_version(long long device_id);
/* The version of its free places starting on one local day (see
 * freegen_day_of); 0 as above. */
unsigned long long freegen_day_version(long long device_id, int day);
/* The local day (Europe/Paris) holding instant t, in days since
 * 1970-01-01. */
int freegen_day_of(time_t t);
/* Notes a change to the device's free places (0: every device). */
void freegen_touch(long long device_id);
/* Notes a change to the device's places starting in [start, end): the
 * days it spans, and the device. */
void freegen_touch_run(long long device_id, time_t start, time_t end);
/* The transaction committed: the noted counters move. */
void freegen_commit(void);
/* The transaction rolled back: nothing changed. */
void freegen_discard(void);

#endif
