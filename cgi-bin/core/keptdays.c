/* keptdays.c — see keptdays.h.
 *
 * An entry is a sequence number and words. A writer makes the number odd
 * (compare-and-swap: one writer at a time), writes, then makes it even
 * again; a reader copies the words and keeps the copy only if the number
 * was even and the same before and after. Every word is read and written
 * with atomic (relaxed) operations, ordered by the fences around them.
 * A process killed while writing leaves its entry odd: that one entry is
 * then never used again, the others of its probe take its keys. */
#include "keptdays.h"
#include "freegen.h"
#include "log.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

enum { W_DEVICE, W_DAY, W_VERSION, W_AT, W_BASE, W_N, W_SLOTS };
#define WORDS (W_SLOTS + KEPTDAYS_SLOTS)
#define PROBE 8              /* entries looked at for a key */

struct entry {
	uint64_t seq;
	uint64_t w[WORDS];
};

static struct entry *table;  /* KEPTDAYS_ENTRIES */

bool keptdays_init(void)
{
	if (table)
		return true;
	void *p = mmap(NULL, KEPTDAYS_ENTRIES * sizeof(struct entry), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		log_error("keptdays: no shared memory: each worker keeps its own days");
		return false;
	}
	table = p;       /* zeros: no entry holds a device */
	return true;
}

static bool ready(void)
{
	if (!table)
		table = calloc(KEPTDAYS_ENTRIES, sizeof(struct entry));
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

/* The entry holding the key, or else the one to overwrite for it (the
 * least recently written of its probe). Read without the sequence: a
 * hint, checked again under it. */
static struct entry *entry_of(long long device_id, int day)
{
	uint64_t h = (uint64_t)device_id * 0x9E3779B97F4A7C15u ^ (uint64_t)(uint32_t)day * 0xC2B2AE3D27D4EB4Fu;
	h >>= 24;
	struct entry *oldest = NULL;
	uint64_t oldest_at = 0;
	for (int i = 0; i < PROBE; i++) {
		struct entry *e = &table[(h + (uint64_t)i) % KEPTDAYS_ENTRIES];
		if (ld(&e->w[W_DEVICE]) == (uint64_t)device_id && ld(&e->w[W_DAY]) == (uint64_t)(int64_t)day)
			return e;
		uint64_t at = ld(&e->w[W_AT]);
		if (!oldest || at < oldest_at) {
			oldest = e;
			oldest_at = at;
		}
	}
	return oldest;
}

/* A slot as one word: its id minus the entry's base (32 bits), its start
 * in minutes from local midnight and its length in minutes (16 each). */
static bool pack(const struct free_slot *s, long long base, time_t midnight, uint64_t *out)
{
	long long d = s->id - base, off = (long long)(s->start - midnight), len = (long long)(s->end - s->start);
	if (d < INT32_MIN || d > INT32_MAX || off < 0 || off % 60 || off / 60 > UINT16_MAX || len <= 0 ||
	    len % 60 || len / 60 > UINT16_MAX)
		return false;
	*out = (uint64_t)(uint32_t)(int32_t)d | (uint64_t)(off / 60) << 32 | (uint64_t)(len / 60) << 48;
	return true;
}

bool keptdays_get(struct arena *a, long long device_id, int day, unsigned long long version,
                  time_t midnight, time_t now, struct free_slot **fs, size_t *n)
{
	if (!version || device_id <= 0 || !ready())
		return false;
	struct entry *e = entry_of(device_id, day);
	uint64_t w[WORDS];
	uint64_t seq = __atomic_load_n(&e->seq, __ATOMIC_ACQUIRE);
	if (seq & 1)
		return false;
	for (int i = 0; i < W_SLOTS; i++)
		w[i] = ld(&e->w[i]);
	uint64_t count = w[W_N] <= KEPTDAYS_SLOTS ? w[W_N] : 0;
	for (uint64_t i = 0; i < count; i++)
		w[W_SLOTS + i] = ld(&e->w[W_SLOTS + i]);
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (ld(&e->seq) != seq)
		return false;           /* written meanwhile */
	if (w[W_DEVICE] != (uint64_t)device_id || w[W_DAY] != (uint64_t)(int64_t)day ||
	    w[W_VERSION] != version || w[W_N] > KEPTDAYS_SLOTS ||
	    (int64_t)now - (int64_t)w[W_AT] >= FREEGEN_TTL || (int64_t)w[W_AT] > (int64_t)now)
		return false;
	long long base = (long long)w[W_BASE];
	struct free_slot *out = arena_alloc(a, (count + 1) * sizeof(*out));
	for (uint64_t i = 0; i < count; i++) {
		uint64_t x = w[W_SLOTS + i];
		out[i].id = base + (int32_t)(uint32_t)x;
		out[i].start = midnight + (time_t)((x >> 32) & 0xFFFF) * 60;
		out[i].end = out[i].start + (time_t)(x >> 48) * 60;
		out[i].free = 1;
	}
	*fs = out;
	*n = (size_t)count;
	return true;
}

void keptdays_put(long long device_id, int day, unsigned long long version, time_t midnight,
                  const struct free_slot *fs, size_t n, time_t now)
{
	if (!version || device_id <= 0 || n > KEPTDAYS_SLOTS || !ready())
		return;
	uint64_t w[WORDS];
	long long base = n ? fs[0].id : 0;
	for (size_t i = 0; i < n; i++)
		if (!pack(&fs[i], base, midnight, &w[W_SLOTS + i]))
			return;
	w[W_DEVICE] = (uint64_t)device_id;
	w[W_DAY] = (uint64_t)(int64_t)day;
	w[W_VERSION] = version;
	w[W_AT] = (uint64_t)(int64_t)now;
	w[W_BASE] = (uint64_t)base;
	w[W_N] = n;

	struct entry *e = entry_of(device_id, day);
	uint64_t seq = ld(&e->seq);
	if ((seq & 1) ||
	    !__atomic_compare_exchange_n(&e->seq, &seq, seq + 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;                 /* someone else is writing it */
	/* A reader that sees any word below also sees the odd number. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	for (size_t i = 0; i < W_SLOTS + n; i++)
		st(&e->w[i], w[i]);
	__atomic_store_n(&e->seq, seq + 2, __ATOMIC_RELEASE);
}
