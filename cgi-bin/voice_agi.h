/* voice_agi.h — Asterisk's AGI protocol as a FastAGI server speaks it on
 * one TCP connection: the agi_* environment block the PBX sends first
 * (ended by an empty line), then one command per line, each answered
 * "200 result=N [(extra)] [endpos=..]", "510 Invalid or unknown command",
 * "511 Command Not Permitted on a dead channel" or a 520 usage block.
 * When the caller hangs up Asterisk writes "HANGUP" on a line of its own
 * (FastAGI's stand-in for SIGHUP); from then on the channel is dead: the
 * call must end, and every command is answered 511. */
#ifndef CRENEAU_VOICE_AGI_H
#define CRENEAU_VOICE_AGI_H
#include <stdbool.h>
#include <stddef.h>

#define AGI_LINE 1024

struct agi {
	int fd;
	char buf[4096];
	size_t len;
	bool dead;                 /* hung up, or the connection is gone */
	/* From the environment block (empty strings when absent). */
	char request[256], callerid[64], language[16], uniqueid[64], script[128];
};

/* Reads the environment block; false when the peer sent no valid one
 * within the read timeout (the connection is then useless). */
bool agi_start(struct agi *g, int fd, int timeout_s);

/* One answer: the result token as sent ("06000" for GET DATA's keys,
 * "49" for a key's character code, "-1"), its number, and the
 * parenthesised part ("timeout", "dtmf" ...), empty when absent. */
struct agi_reply {
	int result;
	char value[64];
	char extra[64];
};

/* Sends one command line and reads its answer. Returns the result number
 * (-1 for a hang-up or a failure, as Asterisk's own -1). 510/520 answers
 * return -2 (a bug of ours, logged); 511 and "HANGUP" mark the channel
 * dead. rep may be NULL. */
int agi_cmd(struct agi *g, struct agi_reply *rep, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The commands used, over agi_cmd(). Each returns -1 once dead. */
/* Plays a sound (no extension); a key among `escape` interrupts it:
 * returns the key's character, 0 when it played to the end. */
int agi_stream(struct agi *g, const char *file, const char *escape);
/* Waits up to ms for one key: its character, 0 on timeout. */
int agi_wait_digit(struct agi *g, int ms);
/* Plays file then reads up to max keys (# ends early): the keys in out
 * (out[0] == 0 when none), true; *timeout when the time ran out (as
 * opposed to # pressed). False when dead. */
bool agi_get_data(struct agi *g, const char *file, int ms, int max, char *out, size_t outsz, bool *timeout);
bool agi_set_variable(struct agi *g, const char *name, const char *value);
void agi_hangup(struct agi *g);

/* Parses one answer line. Pure, for the unit test. */
enum agi_line { AGI_OK, AGI_HANGUP_LINE, AGI_DEAD, AGI_INVALID, AGI_USAGE, AGI_GARBAGE };
enum agi_line agi_parse_line(const char *line, struct agi_reply *rep);

#endif
