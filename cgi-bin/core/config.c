/* config.c — see config.h. */
#include "config.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kv { char *key, *val; };
static struct kv *kvs;
static size_t nkv;
static unsigned char secret[64];
static size_t secret_len;

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

char *config_read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char buf[4096];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return xstrdup(trim(buf));
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

void config_load(const char *path)
{
	if (!path)
		path = getenv("CRENEAU_CONF");
	if (!path) {
		fprintf(stderr, "creneau: CRENEAU_CONF is not set\n");
		exit(2);
	}
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "creneau: cannot read settings %s\n", path);
		exit(2);
	}
	char line[1024];
	while (fgets(line, sizeof(line), f)) {
		char *s = trim(line);
		if (!*s || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq)
			continue;
		*eq = '\0';
		kvs = xrealloc(kvs, (nkv + 1) * sizeof(*kvs));
		kvs[nkv].key = xstrdup(trim(s));
		kvs[nkv].val = xstrdup(trim(eq + 1));
		nkv++;
	}
	fclose(f);

	const char *sf = config_get("secret_file", NULL);
	char *hex = sf ? config_read_file(sf) : NULL;
	size_t hl = hex ? strlen(hex) : 0;
	if (hl < 64 || hl % 2) {
		fprintf(stderr, "creneau: secret_file missing or shorter than 64 hex digits\n");
		exit(2);
	}
	secret_len = 0;          /* a second load replaces the secret */
	for (size_t i = 0; i + 1 < hl && secret_len < sizeof(secret); i += 2) {
		int hi = hexval(hex[i]), lo = hexval(hex[i + 1]);
		if (hi < 0 || lo < 0) {
			fprintf(stderr, "creneau: secret_file is not hexadecimal\n");
			exit(2);
		}
		secret[secret_len++] = (unsigned char)(hi << 4 | lo);
	}
	free(hex);
}

const char *config_get(const char *key, const char *def)
{
	/* Later lines win, so an override can be appended to the file. */
	for (size_t i = nkv; i-- > 0;)
		if (strcmp(kvs[i].key, key) == 0)
			return kvs[i].val;
	return def;
}

long config_int(const char *key, long def)
{
	const char *v = config_get(key, NULL);
	if (!v || !*v)
		return def;
	char *end;
	long n = strtol(v, &end, 10);
	return *end ? def : n;
}

const unsigned char *config_secret(size_t *len)
{
	*len = secret_len;
	return secret;
}
