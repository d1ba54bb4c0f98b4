/* qr.c — see qr.h. */
#include "qr.h"

#include <qrencode.h>

#define QUIET 4

bool qr_svg(struct sbuf *out, const char *text)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return false;
	int w = q->width, size = w + 2 * QUIET;
	sbuf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
		    " shape-rendering=\"crispEdges\" role=\"img\">"
		    "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/><path fill=\"#000000\" d=\"",
		    size, size, size * 6, size * 6, size, size);
	/* One "move, 1×1 square" per dark module: the low bit of each byte
	 * of q->data is the module's colour (qrencode.h). */
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w; x++)
			if (q->data[y * w + x] & 1)
				sbuf_printf(out, "M%d %dh1v1h-1z", x + QUIET, y + QUIET);
	sbuf_adds(out, "\"/></svg>\n");
	QRcode_free(q);
	return true;
}
