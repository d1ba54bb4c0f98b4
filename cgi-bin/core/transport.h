/* transport.h — hands one message to a provider through libcurl, as the
 * settings say (conf/creneau.conf.in):
 *   email_transport = local | smtp   smtp:// (STARTTLS required, optional
 *                                    or none) or smtps://, AUTH with
 *                                    smtp_user + smtp_password_file
 *   sms_transport   = local | http   an HTTP gateway: sms_url, sms_method,
 *                                    sms_content_type, sms_body with {to}
 *                                    {text} {ref} {from} {secret}, sms_auth
 * "local" delivers nothing: the message stays readable in the outbox table
 * (and on /outbox in development).
 * Every call passes the message's idempotency reference to the provider
 * (the caller builds the Message-ID from it; the gateway gets {ref} and an
 * Idempotency-Key header), so that a repeat after a crash is recognised. */
#ifndef CRENEAU_TRANSPORT_H
#define CRENEAU_TRANSPORT_H
#include <stdbool.h>
#include <stddef.h>

enum tr_result {
	TR_OK,      /* the provider accepted the message (or had already) */
	TR_RETRY,   /* try again later: network, timeout, 4xx SMTP, 5xx HTTP ... */
	TR_FAIL     /* the provider refused this message for good */
};

enum tr_tls { TR_TLS_NONE, TR_TLS_OPTIONAL, TR_TLS_REQUIRED };
enum tr_auth { TR_AUTH_NONE, TR_AUTH_BASIC, TR_AUTH_BEARER, TR_AUTH_HEADER };
enum tr_escape { TR_ESC_NONE, TR_ESC_URL, TR_ESC_JSON, TR_ESC_XML };

struct transport {
	bool email_smtp, sms_http;      /* false: local */
	long timeout_s;                 /* whole transfer */
	/* SMTP */
	const char *smtp_url, *smtp_user, *smtp_ca_file;
	char *smtp_password;            /* read from smtp_password_file; owned */
	enum tr_tls smtp_tls;
	const char *email_from;         /* header From ("Name <addr>") */
	char from_addr[256];            /* envelope sender */
	char from_domain[256];          /* right part of Message-IDs */
	/* SMS gateway */
	const char *sms_url, *sms_method, *sms_content_type, *sms_body, *sms_from, *sms_ca_file;
	enum tr_auth sms_auth;
	char sms_auth_header[64];       /* TR_AUTH_HEADER: the header's name */
	char *sms_secret;               /* read from sms_credentials_file; owned */
	void *curl_smtp, *curl_sms;     /* CURL handles, reused (connection cache) */
};

/* Reads and checks the settings (config_load() done). Returns false with
 * a message in err when a transport is unknown or incomplete: the worker
 * must not start half configured. */
bool transport_load(struct transport *t, char *err, size_t errsz);
void transport_free(struct transport *t);

/* Sends a whole RFC 5322 message (mime, CRLF) to one recipient. answer
 * gets the server's last reply, printable ASCII, truncated. */
enum tr_result transport_smtp_send(struct transport *t, const char *to, const char *mime,
                                   char *answer, size_t answersz);

/* Sends one SMS through the gateway; success is a 2xx answer (409, a
 * gateway's "this reference was already accepted", counts as success).
 * answer gets "HTTP <code> <body>", printable ASCII, truncated. */
enum tr_result transport_sms_send(struct transport *t, const char *to, const char *text,
                                  const char *ref, char *answer, size_t answersz);

/* The escaping for a request body of this Content-Type: JSON strings for
 * *json, percent-encoding for x-www-form-urlencoded, XML text for *xml,
 * none otherwise. */
enum tr_escape transport_escape_for(const char *content_type);

struct tr_vars { const char *to, *text, *ref, *from, *secret; };

/* Replaces {to} {text} {ref} {from} {secret} in tpl by their values,
 * each escaped with esc; other text, unknown names included, is copied.
 * Returns a malloc'ed string (caller frees). */
char *transport_expand(const char *tpl, enum tr_escape esc, const struct tr_vars *v);

/* Printable ASCII copy of at most outsz-1 bytes (others become '?'), for
 * provider answers stored in the outbox. */
/* The first bytes of an HTTP answer: libcurl's CURLOPT_WRITEFUNCTION with
 * a struct tr_capture as CURLOPT_WRITEDATA keeps up to sizeof(buf) - 1
 * bytes, NUL-terminated, and reads the rest without keeping it. */
struct tr_capture { char buf[4096]; size_t len; };
size_t transport_capture(char *p, size_t size, size_t n, void *ud);

void transport_clean_answer(const char *in, size_t inlen, char *out, size_t outsz);

#endif
