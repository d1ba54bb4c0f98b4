/* voice.h — the voice server (creneau-voice): one call on one FastAGI
 * connection, its prompts and the way it speaks numbers, dates, times and
 * references. See voice.c for the server, voice_call.c for the menus. */
#ifndef CRENEAU_VOICE_H
#define CRENEAU_VOICE_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "util.h"
#include "voice_agi.h"

/* ------------------------------------------------------------- prompts */

/* The fixed prompts, generated at build time from their text (gettext'ed:
 * French source, English from po/en.po) by espeak-ng, one file each:
 * <voice_sounds_dir>/<lang>/<name>.wav. The building blocks of what varies
 * (numbers, days, months, letters) are prompts too. */
struct voice_prompt { const char *name, *text; };
/* Every prompt in the current gettext language: arena-owned, *n set. */
const struct voice_prompt *voice_prompts(struct arena *a, size_t *n);

/* ---------------------------------------------------------------- call */

struct voice_call {
	struct agi g;
	struct arena *a;
	const char *lang;            /* "fr" or "en" */
	const char *sounds;          /* voice_sounds_dir */
	const char *recorded;        /* voice_recorded_dir, "" when none */
	const char *transfer_to;     /* the agents' extension */
	char phone[20];              /* the caller's number, E.164, "" when unknown */
	long long held_id;           /* a hold of this call not yet confirmed */
	bool over;                   /* hung up or transferred: unwind */
	bool transferred;
	int key;                     /* a key pressed during the last prompt, 0 when none */
};

/* The whole call, from the environment block read to the end. */
void voice_call_run(struct voice_call *c);
/* Frees this call's hold if it has one (hang-up, transfer, error). */
void voice_release_hold(struct voice_call *c);

/* ----------------------------------------------------- speaking (voice_say.c) */

/* Plays prompts one after the other, stopping at a key (kept in c->key,
 * also returned); 0 when all played, -1 when the call is over. Each
 * name is a prompt ("menu-main") or a file already resolved (a '/' in it). */
int voice_say(struct voice_call *c, const char *name);
int voice_say_number(struct voice_call *c, int n);
/* "le mardi 19 janvier à 10 heures 30" (local time). */
int voice_say_when(struct voice_call *c, time_t t);
/* Each character of a reference: letters and digits. */
int voice_say_ref(struct voice_call *c, const char *ref);
/* A text of the catalog (a procedure's name or documents, a site's
 * name): spoken by espeak-ng once and kept (voice_sounds_dir/cache). */
int voice_say_text(struct voice_call *c, const char *text);
/* The path Asterisk is given for a prompt (no extension). */
const char *voice_file(struct voice_call *c, const char *name);

/* The keypad key of a reference's character (A,B,C → 2 … ; digits as
 * they are), for references typed on a phone: "K7B2QX9A" → "57229929".
 * out >= 9 bytes. Pure. */
void voice_ref_keys(const char *ref, char *out);

#endif
