/* freegen.c — see freegen.h. */
#include "freegen.h"
#include "config.h"
#include "db.h"
#include "log.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* [0] for every device, [1 + id] for device id. */
#define SLOTS (FREEGEN_DEVICES + 1)

static uint64_t *counter;     /* NULL until mapped */
static bool tried;

/* Devices touched by the transaction under way (0 stands for all). */
#define PENDING 16
static long long pending[PENDING];
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

static void bump(long long device_id)
{
	if (!open_map())
		return;
	if (device_id <= 0 || device_id >= FREEGEN_DEVICES)
		__atomic_add_fetch(&counter[0], 1, __ATOMIC_SEQ_CST);
	else
		__atomic_add_fetch(&counter[1 + device_id], 1, __ATOMIC_SEQ_CST);
}

unsigned long long freegen_version(long long device_id)
{
	if (device_id <= 0 || device_id >= FREEGEN_DEVICES || !open_map())
		return 0;
	/* Both only grow: their sum moves whenever either does. The +1 keeps
	 * 0 for "unusable". */
	return 1 + __atomic_load_n(&counter[0], __ATOMIC_SEQ_CST) +
	       __atomic_load_n(&counter[1 + device_id], __ATOMIC_SEQ_CST);
}

void freegen_touch(long long device_id)
{
	if (!db_in_tx()) {
		bump(device_id);
		return;
	}
	if (device_id <= 0 || npending == PENDING) {
		pending_all = true;
		return;
	}
	for (int i = 0; i < npending; i++)
		if (pending[i] == device_id)
			return;
	pending[npending++] = device_id;
}

void freegen_commit(void)
{
	if (pending_all)
		bump(0);
	else
		for (int i = 0; i < npending; i++)
			bump(pending[i]);
	freegen_discard();
}

void freegen_discard(void)
{
	npending = 0;
	pending_all = false;
}
