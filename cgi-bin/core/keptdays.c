/* keptdays.c — see keptdays.h.
 *
 * An entry is a sequence number and words. A writer makes the number odd
 * (compare-and-swap: one writer at a time), writes, then makes it even
 * again; a reader copies the words and keeps the copy only if the number
 * was even and the same before and after. Every word is read and written
 * with atomic (relaxed) operations, ordered by the fences around them.
 * A process killed while writing leaves its entry odd: that one entry is
 * then never used again, the others of its probe take its keys.
 *
 * Entries are small, so that the whole horizon of a département's devices
 * fits (100 devices x 90 days in 8,192 entries of 264 bytes) in the
 * memory one worker's own table used to take. */
#include "keptdays.h"
#include "freegen.h"
#include "log.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

/* Words: the key (device in the low half, day in the high half), the
 * version, when it was read (low half) and how many slots (high half),
 * the smallest slot id; then the slots, two to a word. */
enum { W_KEY, W_VERSION, W_AT_N, W_BASE, W_SLOTS };
#define WORDS (W_SLOTS + (KEPTDAYS_SLOTS + 1) / 2)
#define PROBE 8              /* entries looked at for a key */

struct entry {
	uint64_t seq;
	uint64_t w[WORDS];
};

static struct entry *table;  /* nentries */
static size_t nentries = KEPTDAYS_ENTRIES;

bool keptdays_init_sized(size_t entries)
{
	if (table)
		return true;
	if (entries >= PROBE)
		nentries = entries;
	void *p = mmap(NULL, nentries * sizeof(struct entry), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		log_error("keptdays: no shared memory: each worker keeps its own days");
		return false;
	}
	table = p;       /* zeros: no entry holds a device */
	return true;
}

bool keptdays_init(void)
{
	return keptdays_init_sized(KEPTDAYS_ENTRIES);
}

static bool ready(void)
{
	if (!table)
		table = calloc(nentries, sizeof(struct entry));
	return table != NULL;
}

static uint64_t ld(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static void st(uint64_t *p, uint64_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELAXED);
}

/* Devices have ids below FREEGEN_DEVICES, days fit 32 bits. */
static uint64_t key_of(long long device_id, int day)
{
	return (uint64_t)(uint32_t)device_id | (uint64_t)(uint32_t)day << 32;
}

/* The entry holding the key, or else the one to overwrite for it (the
 * least recently written of its probe). Read without the sequence: a
 * hint, checked again under it. */
static struct entry *entry_of(uint64_t key)
{
	uint64_t h = (key * 0x9E3779B97F4A7C15u) >> 32;
	struct entry *oldest = NULL;
	uint32_t oldest_at = 0;
	for (int i = 0; i < PROBE; i++) {
		struct entry *e = &table[(h + (uint64_t)i) % nentries];
		if (ld(&e->w[W_KEY]) == key)
			return e;
		uint32_t at = (uint32_t)ld(&e->w[W_AT_N]);
		if (!oldest || at < oldest_at) {
			oldest = e;
			oldest_at = at;
		}
	}
	return oldest;
}

/* A slot in 32 bits: its id minus the day's smallest (12 bits), its start
 * in minutes from local midnight (11 bits: a day of 25 hours fits), its
 * length in minutes (9 bits). A day whose slots do not fit is not kept. */
static bool pack(const struct free_slot *s, long long base, time_t midnight, uint32_t *out)
{
	long long d = s->id - base, off = (long long)(s->start - midnight), len = (long long)(s->end - s->start);
	if (d < 0 || d > 4095 || off < 0 || off % 60 || off / 60 > 2047 || len <= 0 || len % 60 ||
	    len / 60 > 511)
		return false;
	*out = (uint32_t)d | (uint32_t)(off / 60) << 12 | (uint32_t)(len / 60) << 23;
	return true;
}

static void unpack(uint32_t x, long long base, time_t midnight, struct free_slot *s)
{
	s->id = base + (long long)(x & 4095);
	s->start = midnight + (time_t)((x >> 12) & 2047) * 60;
	s->end = s->start + (time_t)(x >> 23) * 60;
	s->free = 1;
}

bool keptdays_get(struct arena *a, long long device_id, int day, unsigned long long version,
                  time_t midnight, time_t now, struct free_slot **fs, size_t *n)
{
	if (!version || device_id <= 0 || device_id >= FREEGEN_DEVICES || !ready())
		return false;
	uint64_t key = key_of(device_id, day);
	struct entry *e = entry_of(key);
	uint64_t w[WORDS];
	uint64_t seq = __atomic_load_n(&e->seq, __ATOMIC_ACQUIRE);
	if ((seq & 1) || ld(&e->w[W_KEY]) != key)
		return false;           /* being written, or not kept */
	for (int i = 0; i < W_SLOTS; i++)
		w[i] = ld(&e->w[i]);
	uint32_t count = (uint32_t)(w[W_AT_N] >> 32);
	if (count > KEPTDAYS_SLOTS)
		count = 0;              /* torn: refused below */
	for (uint32_t i = 0; i < (count + 1) / 2; i++)
		w[W_SLOTS + i] = ld(&e->w[W_SLOTS + i]);
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (ld(&e->seq) != seq)
		return false;           /* written meanwhile */
	/* Read within the last FREEGEN_TTL seconds (a second ahead is another
	 * worker's clock turning first). */
	int64_t age = (int64_t)(uint32_t)now - (int64_t)(uint32_t)w[W_AT_N];
	if (w[W_KEY] != key || w[W_VERSION] != version || (w[W_AT_N] >> 32) > KEPTDAYS_SLOTS ||
	    age >= FREEGEN_TTL || age < -1)
		return false;
	long long base = (long long)w[W_BASE];
	struct free_slot *out = arena_alloc(a, ((size_t)count + 1) * sizeof(*out));
	for (uint32_t i = 0; i < count; i++)
		unpack((uint32_t)(w[W_SLOTS + i / 2] >> (i % 2 * 32)), base, midnight, &out[i]);
	*fs = out;
	*n = count;
	return true;
}

void keptdays_put(long long device_id, int day, unsigned long long version, time_t midnight,
                  const struct free_slot *fs, size_t n, time_t now)
{
	if (!version || device_id <= 0 || device_id >= FREEGEN_DEVICES || n > KEPTDAYS_SLOTS || !ready())
		return;
	uint64_t w[WORDS] = { 0 };
	long long base = n ? fs[0].id : 0;
	for (size_t i = 1; i < n; i++)
		if (fs[i].id < base)
			base = fs[i].id;
	for (size_t i = 0; i < n; i++) {
		uint32_t x;
		if (!pack(&fs[i], base, midnight, &x))
			return;
		w[W_SLOTS + i / 2] |= (uint64_t)x << (i % 2 * 32);
	}
	uint64_t key = key_of(device_id, day);
	w[W_KEY] = key;
	w[W_VERSION] = version;
	w[W_AT_N] = (uint64_t)(uint32_t)now | (uint64_t)n << 32;
	w[W_BASE] = (uint64_t)base;

	struct entry *e = entry_of(key);
	uint64_t seq = ld(&e->seq);
	if ((seq & 1) ||
	    !__atomic_compare_exchange_n(&e->seq, &seq, seq + 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;                 /* someone else is writing it */
	/* A reader that sees any word below also sees the odd number. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	for (size_t i = 0; i < W_SLOTS + (n + 1) / 2; i++)
		st(&e->w[i], w[i]);
	__atomic_store_n(&e->seq, seq + 2, __ATOMIC_RELEASE);
}
