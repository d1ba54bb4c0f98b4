/* text.h — UTF-8 checks and the normalisations the domain relies on.
 * All functions are pure; returned strings are malloc'ed (xmalloc) and
 * owned by the caller unless the comment says otherwise. */
#ifndef CRENEAU_TEXT_H
#define CRENEAU_TEXT_H
#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF) and holds no control character other than
 * tab/newline/carriage return when allow_newlines, none at all otherwise. */
bool text_valid_utf8(const char *s, size_t len, bool allow_newlines);

/* Number of code points in a valid UTF-8 string. */
size_t text_utf8_len(const char *s);

/* Search key of a name: lower-case ASCII, accents folded (é->e, œ->oe,
 * ß->ss ...), every run of other characters (spaces, hyphens, apostrophes,
 * punctuation) turned into one space, trimmed. "Saint-Julien-en-Genevois"
 * -> "saint julien en genevois"; "  D'Aubigné  " -> "d aubigne".
 * Characters with no ASCII folding are dropped (treated as separators). */
char *text_fold(const char *s);

/* Trims ASCII white space at both ends and collapses inner runs of white
 * space to one space. New string. */
char *text_squash(const char *s);

/* A person's name as typed is acceptable: 1..max_chars code points after
 * squashing, letters (any script, accented Latin included) with spaces,
 * hyphens, apostrophes (' and ’) and dots; at least one letter. */
bool text_valid_person_name(const char *s, size_t max_chars);

/* Whether French elides "de" before w (a vowel or a mute h, accents
 * included): "près d'Annecy", "mairie d'Évian", but "près de Thonon". */
bool text_elides(const char *w);

#endif
