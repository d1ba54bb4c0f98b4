/* freegen.c — see freegen.h. */
#include "freegen.h"
#include "config.h"
#include "datetime.h"
#include "db.h"
#include "log.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* The file: [0] every device; [1 + id] device id, any change; then
 * [WHOLE + id] device id, changes that may touch any day; then the day
 * counters, by hash of (device, day). A booking moves its device's
 * counter and its day's, not the whole device's: a site's other days
 * stay valid. */
#define WHOLE (1 + FREEGEN_DEVICES)
#define DAYS (WHOLE + FREEGEN_DEVICES)
#define SLOTS (DAYS + FREEGEN_DAYS)
#define WHOLE_DEVICE (-2147483647 - 1)   /* a pending entry's day: every day */

static uint64_t *counter;     /* NULL until mapped */
static bool tried;

/* Changes noted by the transaction under way. */
#define PENDING 16
static struct { long long device; int day; } pending[PENDING];
static int npending;
static bool pending_all;

static bool open_map(void)
{
	if (counter || tried)
		return counter != NULL;
	tried = true;
	const char *dir = config_get("socket_dir", NULL);
	if (!dir)
		return false;
	char path[512];
	snprintf(path, sizeof(path), "%s/free-places.gen", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0660);
	if (fd < 0) {
		log_error("freegen: cannot open %s: free places are read every time", path);
		return false;
	}
	size_t size = SLOTS * sizeof(uint64_t);
	struct stat st;
	/* A new file reads as zeros once extended: every process agrees. */
	if (fstat(fd, &st) < 0 || ((size_t)st.st_size < size && ftruncate(fd, (off_t)size) < 0)) {
		close(fd);
		return false;
	}
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return false;
	counter = p;
	return true;
}

static bool in_range(long long device_id)
{
	return device_id > 0 && device_id < FREEGEN_DEVICES;
}

static size_t day_slot(long long device_id, int day)
{
	uint64_t h = (uint64_t)device_id * 0x9E3779B97F4A7C15u ^ (uint64_t)(uint32_t)day * 0xC2B2AE3D27D4EB4Fu;
	return DAYS + (size_t)((h >> 20) % FREEGEN_DAYS);
}

static void add(size_t i)
{
	__atomic_add_fetch(&counter[i], 1, __ATOMIC_SEQ_CST);
}

static uint64_t get(size_t i)
{
	return __atomic_load_n(&counter[i], __ATOMIC_SEQ_CST);
}

static void bump(long long device_id, int day)
{
	if (!open_map())
		return;
	if (!in_range(device_id))
		add(0);
	else if (day == WHOLE_DEVICE) {
		add(WHOLE + (size_t)device_id);
		add(1 + (size_t)device_id);
	} else {
		/* The day first: a reader of the device's counter that sees it
		 * move then finds the day moved too. */
		add(day_slot(device_id, day));
		add(1 + (size_t)device_id);
	}
}

/* Counters only grow: a sum moves whenever one of its terms does. The +1
 * keeps 0 for "unusable". */
unsigned long long freegen_version(long long device_id)
{
	if (!in_range(device_id) || !open_map())
		return 0;
	return 1 + get(0) + get(1 + (size_t)device_id);
}

unsigned long long freegen_day_version(long long device_id, int day)
{
	if (!in_range(device_id) || !open_map())
		return 0;
	return 1 + get(0) + get(WHOLE + (size_t)device_id) + get(day_slot(device_id, day));
}

int freegen_day_of(time_t t)
{
	struct tm tm;
	dt_utc_to_local(t, &tm);
	return dt_days_between(1970, 1, 1, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static void note(long long device_id, int day)
{
	if (!db_in_tx()) {
		bump(device_id, day);
		return;
	}
	/* The counters move when the transaction ends (db.h's hooks). */
	db_hook(freegen_commit, freegen_discard);
	if (!in_range(device_id)) {
		pending_all = true;
		return;
	}
	for (int i = 0; i < npending; i++)
		if (pending[i].device == device_id && (pending[i].day == day || pending[i].day == WHOLE_DEVICE))
			return;
	if (npending == PENDING) {
		pending_all = true;
		return;
	}
	pending[npending].device = device_id;
	pending[npending].day = day;
	npending++;
}

void freegen_touch(long long device_id)
{
	note(device_id, WHOLE_DEVICE);
}

void freegen_touch_run(long long device_id, time_t start, time_t end)
{
	int first = freegen_day_of(start), last = end > start ? freegen_day_of(end - 1) : first;
	if (last - first > 2) {
		note(device_id, WHOLE_DEVICE);
		return;
	}
	for (int d = first; d <= last; d++)
		note(device_id, d);
}

void freegen_commit(void)
{
	if (pending_all)
		bump(0, WHOLE_DEVICE);
	else
		for (int i = 0; i < npending; i++)
			bump(pending[i].device, pending[i].day);
	freegen_discard();
}

void freegen_discard(void)
{
	npending = 0;
	pending_all = false;
}
