/* slots.c — the pure part of the booking engine: weekly opening rules cut
 * into UTC slots, and the search for consecutive free slots. Opening hours
 * are wall-clock promises ("Mondays from 8:30"), so slots are laid out in
 * local time and only then converted; their length is real time. */
#include "slots.h"
#include "datetime.h"
#include "util.h"

#include <limits.h>
#include <string.h>
#include <stdint.h>
#include <stdlib.h>

static bool rule_ok(const struct slot_rule *r)
{
	if (r->weekday < 1 || r->weekday > 7 || r->slot_minutes <= 0
	    || r->start_min < 0 || r->end_min > 24 * 60
	    || r->start_min >= r->end_min)
		return false;
	/* A negative capacity would silently cancel another rule's places
	 * when merged. */
	for (int l = 0; l < LEVEL_COUNT; l++)
		if (r->cap[l] < 0)
			return false;
	return true;
}

static bool rule_applies(const struct slot_rule *r, int wd, int ymd)
{
	return r->weekday == wd
	    && (r->valid_from_ymd == 0 || ymd >= r->valid_from_ymd)
	    && (r->valid_to_ymd == 0 || ymd <= r->valid_to_ymd);
}

static int cmp_slot(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return 0;
}

static int add_cap(int a, int b)
{
	int r;
	return __builtin_add_overflow(a, b, &r) ? INT_MAX : r;
}

struct slot *slots_generate(const struct slot_rule *rules, size_t nrules,
                            int y, int mo, int d, int days, size_t *n)
{
	size_t len = 0, cap = 64;
	struct slot *out = xmalloc(cap * sizeof(*out));
	*n = 0;
	/* A bad start date (31 April) would be silently rolled over by the
	 * day arithmetic; adding zero days shows it. */
	int vy = y, vm = mo, vd = d;
	dt_add_days(&vy, &vm, &vd, 0);
	if (days <= 0 || !rules || vy != y || vm != mo || vd != d)
		return out;

	for (int i = 0; i < days; i++) {
		int cy = y, cm = mo, cd = d;
		dt_add_days(&cy, &cm, &cd, i);
		int wd = dt_weekday(cy, cm, cd);
		int ymd = cy * 10000 + cm * 100 + cd;
		for (size_t r = 0; r < nrules; r++) {
			const struct slot_rule *ru = &rules[r];
			if (!rule_ok(ru) || !rule_applies(ru, wd, ymd))
				continue;
			for (int m = ru->start_min; ru->end_min - m >= ru->slot_minutes;
			     m += ru->slot_minutes) {
				time_t t;
				if (!dt_local_to_utc(cy, cm, cd, m / 60, m % 60, &t))
					continue;    /* in the spring-forward gap */
				if (len == cap) {
					if (cap > SIZE_MAX / 2 / sizeof(*out))
						abort();
					cap *= 2;
					out = xrealloc(out, cap * sizeof(*out));
				}
				struct slot *s = &out[len++];
				s->start = t;
				s->end = t + (time_t)ru->slot_minutes * 60;
				for (int l = 0; l < LEVEL_COUNT; l++)
					s->cap[l] = ru->cap[l];
				s->cap_minors = 0;
				if (ru->minors_only) {
					s->cap_minors = ru->cap[LEVEL_REGULAR];
					s->cap[LEVEL_REGULAR] = 0;
				}
			}
		}
	}

	qsort(out, len, sizeof(*out), cmp_slot);
	/* The database keys slots on (device, start), so equal starts must
	 * become one slot. Sorting by end puts the shortest first and it is
	 * the one kept, so the slot still abuts its successor of the same
	 * rule for the consecutive-slot search. */
	size_t w = 0;
	for (size_t i = 0; i < len; i++) {
		if (w > 0 && out[w - 1].start == out[i].start) {
			for (int l = 0; l < LEVEL_COUNT; l++)
				out[w - 1].cap[l] = add_cap(out[w - 1].cap[l], out[i].cap[l]);
			out[w - 1].cap_minors = add_cap(out[w - 1].cap_minors, out[i].cap_minors);
			continue;
		}
		out[w++] = out[i];
	}
	*n = w;
	return out;
}

int slots_needed(int party, int minutes_per_person, int slot_minutes)
{
	if (party <= 0 || minutes_per_person <= 0 || slot_minutes <= 0)
		return 0;
	long long total = (long long)party * minutes_per_person;
	long long k = (total + slot_minutes - 1) / slot_minutes;
	return k > INT_MAX ? INT_MAX : (int)k;
}

long slots_find_run(const struct free_slot *s, size_t n, int k)
{
	if (!s || k < 1 || (size_t)k > n)
		return -1;
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i].free < 1)
			run = 0;
		else if (run > 0 && s[i - 1].end == s[i].start)
			run++;
		else
			run = 1;
		if (run == (size_t)k)
			return (long)(i + 1 - run);
	}
	return -1;
}

static const char *const level_codes[LEVEL_COUNT] = { "regular", "urgent", "extreme" };

const char *level_code(enum level l)
{
	return (unsigned)l < LEVEL_COUNT ? level_codes[l] : level_codes[0];
}

enum level level_parse(const char *code)
{
	for (int i = 0; code && i < LEVEL_COUNT; i++)
		if (strcmp(code, level_codes[i]) == 0)
			return (enum level)i;
	return LEVEL_REGULAR;
}

size_t slots_missing(const struct slot *gen, size_t ngen, const time_t *starts, size_t n)
{
	size_t missing = 0;
	for (size_t i = 0; i < n; i++) {
		size_t lo = 0, hi = ngen;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (gen[mid].start < starts[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == ngen || gen[lo].start != starts[i])
			missing++;
	}
	return missing;
}
