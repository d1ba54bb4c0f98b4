/* fuzz_mime.c — addresses of the email path (message_mime.c): a From
 * header parsed into a name and an address that mime_addr_ok accepts,
 * and any accepted address without CR or LF (no header injection). */
#include "fuzz.h"
#include "message_mime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	if (n > 600)
		return 0;
	char *s = fuzz_text(data, n);
	char name[256], addr[256];
	if (mime_parse_from(s, name, sizeof(name), addr, sizeof(addr)))
		CHECK(!strpbrk(addr, "\r\n") && !strpbrk(name, "\r\n"));
	if (mime_addr_ok(s))
		CHECK(!strpbrk(s, "\r\n<> "));
	free(s);
	return 0;
}
