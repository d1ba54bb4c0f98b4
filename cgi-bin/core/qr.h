/* qr.h — a QR code as an SVG image, from Debian's libqrencode: the staff
 * member's authenticator app reads the TOTP key from it at enrolment. */
#ifndef CRENEAU_QR_H
#define CRENEAU_QR_H
#include <stdbool.h>
#include "util.h"

/* Appends to out a standalone SVG document of text's QR code (error
 * correction M, a quiet zone of 4 modules, one path of dark modules, no
 * style attribute or script, so the page's CSP holds). False when the
 * text cannot be encoded. */
bool qr_svg(struct sbuf *out, const char *text);

#endif
