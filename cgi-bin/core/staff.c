/* staff.c — see staff.h. */
#include "staff.h"
#include "audit.h"
#include "crypto.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "outbox.h"

long staff_list(struct arena *a, const struct scope *s, struct staff_row **out)
{
	struct db_res q;
	*out = NULL;
	if (db_exec(a, &q, "SELECT st.id, st.name, st.email, st.role, st.active, c.name, st.last_login_utc,"
		    " st.totp_secret IS NOT NULL"
		    " FROM staff st LEFT JOIN communes c ON c.id = st.commune_id"
		    " WHERE" SCOPE_COMMUNE_SQL("st.commune_id") " ORDER BY c.name, st.name",
		    SCOPE_COMMUNE_FMT, SCOPE_COMMUNE_ARGS(s)) < 0)
		return -1;
	struct staff_row *v = arena_alloc(a, (q.nrows + 1) * sizeof(*v));
	for (size_t i = 0; i < q.nrows; i++) {
		v[i].id = db_int(&q, i, 0);
		v[i].name = db_val(&q, i, 1);
		v[i].email = db_val(&q, i, 2);
		v[i].role = db_val(&q, i, 3);
		v[i].active = db_int(&q, i, 4) != 0;
		v[i].commune = db_val(&q, i, 5);
		v[i].last_login = db_val(&q, i, 6);
		v[i].totp = db_int(&q, i, 7) != 0;
	}
	*out = v;
	return (long)q.nrows;
}

int staff_get(struct arena *a, long long id, struct staff_account *out)
{
	struct db_res q;
	if (db_exec(a, &q, "SELECT id, COALESCE(commune_id, 0), role, email, active FROM staff WHERE id = ?", "i", id) < 0)
		return -1;
	if (q.nrows != 1)
		return 0;
	out->id = db_int(&q, 0, 0);
	out->commune_id = db_int(&q, 0, 1);
	out->role = auth_role_of(db_val(&q, 0, 2));
	out->email = db_val(&q, 0, 3);
	out->active = db_int(&q, 0, 4) != 0;
	return 1;
}

enum staff_status staff_invite(struct arena *a, long long by, const char *name, const char *email, enum role role,
                               long long commune_id, const char *lang, const char *base_url, long long *id)
{
	if (!db_begin())
		return STAFF_ERROR;
	if (db_exec(a, NULL, "INSERT INTO staff (email, name, role, commune_id, created_utc)"
		    " VALUES (?, ?, ?, ?, UTC_TIMESTAMP())", "ssss", email, name, auth_role_name(role),
		    auth_role_platform(role) ? NULL : arena_printf(a, "%lld", commune_id)) < 0) {
		bool dup = db_errno() == DB_ERR_DUP;
		db_rollback();
		return dup ? STAFF_DUPLICATE : STAFF_ERROR;
	}
	*id = (long long)db_insert_id();
	char tok[65], nonce[17];
	crypto_random_hex(nonce, 8);
	bool ok = auth_issue_token(a, *id, 48 * 3600, tok) &&
		  outbox_add(a, arena_printf(a, "invite:%lld:%s", *id, nonce), "invite", "email", email,
			     _("Votre accès à Créneau"),
			     arena_printf(a, _("Bonjour,\n\nUn compte Créneau a été ouvert pour vous. Choisissez votre mot de passe dans les 48 heures avec ce lien :\n%s/agent/mot-de-passe/nouveau?t=%s\n"),
					  base_url, tok),
			     0, commune_id, lang, 48 * 3600) &&
		  audit(a, by, commune_id, "staff_invite", "staff", arena_printf(a, "%lld", *id), auth_role_name(role));
	if (ok && db_commit())
		return STAFF_OK;
	db_rollback();
	return STAFF_ERROR;
}

bool staff_disable(struct arena *a, long long by, long long id, long long commune_id)
{
	if (!db_begin())
		return false;
	if (db_exec(a, NULL, "UPDATE staff SET active = 0 WHERE id = ?", "i", id) >= 0 &&
	    db_exec(a, NULL, "DELETE FROM staff_sessions WHERE staff_id = ?", "i", id) >= 0 &&
	    audit(a, by, commune_id, "staff_disable", "staff", arena_printf(a, "%lld", id), NULL) && db_commit())
		return true;
	db_rollback();
	return false;
}

bool staff_send_reset(struct arena *a, const char *email, const char *lang, const char *base_url)
{
	struct db_res q;
	if (db_exec(a, &q, "SELECT id, commune_id FROM staff WHERE email = ? AND active = 1", "s", email) < 0)
		return false;
	if (q.nrows != 1)
		return true;
	long long id = db_int(&q, 0, 0);
	char tok[65], nonce[17];
	crypto_random_hex(nonce, 8);
	if (!db_begin())
		return false;
	const char *link = NULL;
	bool ok = auth_issue_token(a, id, 30 * 60, tok);
	if (ok)
		link = arena_printf(a, "%s/agent/mot-de-passe/nouveau?t=%s", base_url, tok);
	ok = ok && outbox_add(a, arena_printf(a, "reset:%lld:%s", id, nonce), "reset", "email", email,
			      _("Réinitialisation de votre mot de passe Créneau"),
			      arena_printf(a, _("Bonjour,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien dans les 30 minutes :\n%s\n\nSi vous n'avez rien demandé, ignorez ce message."), link),
			      0, db_int(&q, 0, 1), lang, 30 * 60) &&
	     audit(a, 0, db_int(&q, 0, 1), "password_reset_request", "staff", arena_printf(a, "%lld", id), NULL);
	if (ok && db_commit()) {
		log_info("password reset link sent to staff %lld", id);
		return true;
	}
	db_rollback();
	return false;
}

enum staff_status staff_reset_password(struct arena *a, const char *token, const char *password)
{
	if (!db_begin())
		return STAFF_ERROR;
	long long id = auth_use_token(a, token);
	if (!id) {
		bool failed = db_failed();
		db_rollback();
		return failed ? STAFF_ERROR : STAFF_GONE;
	}
	if (auth_set_password(a, id, password) &&
	    audit(a, id, 0, "password_set", "staff", arena_printf(a, "%lld", id), NULL) && db_commit())
		return STAFF_OK;
	db_rollback();
	return STAFF_ERROR;
}
