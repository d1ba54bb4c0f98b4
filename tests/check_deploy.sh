#!/usr/bin/env bash
# The production deployment files cover every program `make build` makes:
#   - every daemon (each program but the command-line tools) has a unit
#     conf/systemd/<program>.service that starts it;
#   - every FastCGI program (its main() calls server_run() on
#     "<socket_dir>/<name>.sock") declares the shared /run/creneau, and the
#     production nginx example routes the program's URL prefix (taken from
#     the first route of its table: "/" or "/<first segment>/") to
#     unix:/run/creneau/<name>.sock;
#   - nginx -t accepts the example (wrapped in events{} http{}, with its
#     include, certificate and log paths pointed at temporary files), when
#     nginx and openssl are installed;
#   - systemd-analyze verify finds no syntax error in the units, when it is
#     installed (missing binaries and users are expected off the target).
# Prints "ok ..." or "not ok ...: <reason>" per check ("ok # skip ..." for
# a check that cannot run here); exit 1 if any fails.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 1

UNITS=conf/systemd
NGINX_EXAMPLE=conf/nginx-production.conf.example
HEADERS=conf/nginx-security-headers.conf.in
RUNDIR=/run/creneau
# Programs that are run by hand or by a oneshot unit, not as daemons
# (creneau-mailin: by the mail server, one message at a time; README).
CLI_TOOLS=" creneau-admin creneau-mailin "

pass=0 fail=0
ok()    { echo "ok $*"; pass=$(( pass + 1 )); }
notok() { echo "not ok $*"; fail=$(( fail + 1 )); }
skip()  { echo "ok # skip $*"; pass=$(( pass + 1 )); }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/check_deploy.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

# Value of the last KEY= line of a unit file (what systemd uses for
# single-valued settings).
unit_value() {  # unit_value FILE KEY
  sed -nE "s/^[[:space:]]*$2[[:space:]]*=[[:space:]]*(.*[^[:space:]])[[:space:]]*$/\\1/p" "$1" | tail -n 1
}

# ---------------------------------------------------------------- programs
progs=$(make -s --no-print-directory -C "$ROOT" print-progs 2>"$TMP/make.err")
if [[ -z "$progs" ]]; then
  notok "make print-progs: no program listed ($(head -c 200 "$TMP/make.err"))"
  echo "# deploy: $pass passed, $fail failed"
  exit 1
fi

# ------------------------------------------------- (a) a unit per daemon
for p in $progs; do
  if [[ "$CLI_TOOLS" == *" $p "* ]]; then
    # A tool has no unit of its own; check that what runs it is installed
    # with the same path.
    if grep -lqE "^[[:space:]]*ExecStart(Pre|Post)?=[-@:+!]*[^[:space:]]*/$p([[:space:]]|$)" "$UNITS"/*.service 2>/dev/null; then
      ok "$p: command-line tool, run by $(grep -lE "^[[:space:]]*ExecStart(Pre|Post)?=[-@:+!]*[^[:space:]]*/$p([[:space:]]|$)" "$UNITS"/*.service | head -n 1)"
    else
      ok "$p: command-line tool, no unit needed"
    fi
    continue
  fi
  u="$UNITS/$p.service"
  if [[ ! -f "$u" ]]; then
    notok "$p: no unit $u"
    continue
  fi
  exe=$(unit_value "$u" ExecStart)
  exe=${exe%%[[:space:]]*}
  exe=${exe##[-@:+!]}
  if [[ "$exe" == */"$p" ]]; then
    ok "$p: $u starts $exe"
  else
    notok "$p: $u: ExecStart does not end with /$p (got: ${exe:-nothing})"
  fi
done

# Every unit of a program writes the free-places counters (freegen.h), a
# file in the socket directory: under ProtectSystem=strict it must be
# writable there, or the pages keep stale free places for a minute.
for u in "$UNITS"/creneau-*.service; do
  rw=$(unit_value "$u" ReadWritePaths)
  if [[ " $rw " == *" $RUNDIR "* || " $rw " == *" -$RUNDIR "* ]]; then
    ok "$u may write $RUNDIR (the free-places counters)"
  else
    notok "$u: ReadWritePaths lacks $RUNDIR (the free-places counters live there; got: '$rw')"
  fi
done

# ------------------------------- (b) FastCGI programs: unit and nginx route
# Location blocks of the example, one line each: "<modifier> <path> <pass>"
# (modifier "-" for a prefix location, pass "-" when there is none,
# "+hdr" appended when the location includes the security headers).
awk '
  function flush() { if (path != "") print (mod == "" ? "-" : mod), path, (pass == "" ? "-" : pass) (hdr ? " +hdr" : ""); path = "" }
  { sub(/#.*/, "") }
  /^[[:space:]]*location[[:space:]]/ {
    n = split($0, w, /[[:space:]{]+/); i = 1; while (w[i] == "") i++
    i++   # "location"
    if (w[i] ~ /^(=|\^~|~|~\*)$/) { mod = w[i]; i++ } else mod = ""
    path = w[i]; pass = ""; hdr = 0; depth = 0
  }
  path != "" && /fastcgi_pass[[:space:]]/ { v = $0; sub(/.*fastcgi_pass[[:space:]]+/, "", v); sub(/[[:space:]]*;.*/, "", v); pass = v }
  path != "" && /include[[:space:]].*security-headers/ { hdr = 1 }
  path != "" {
    o = gsub(/\{/, "{"); c = gsub(/\}/, "}"); depth += o - c
    if (depth <= 0 && c > 0) flush()
  }
' "$NGINX_EXAMPLE" > "$TMP/locations"

fastcgi=0
for src in cgi-bin/*.c; do
  grep -qE '^[[:space:]]*return[[:space:]]+server_run\(|[^a-z_]server_run\(' "$src" || continue
  grep -qE '^int main\(' "$src" || continue
  base=$(basename "$src" .c)
  p="creneau-$base"
  fastcgi=$(( fastcgi + 1 ))
  sock=$(sed -nE 's/.*"%s\/([A-Za-z0-9_-]+)\.sock".*/\1/p' "$src" | head -n 1)
  first=$(awk '
    /routes\[\][[:space:]]*=[[:space:]]*\{/ { t = 1; next }
    t && match($0, /\{[[:space:]]*"[A-Z]+"[[:space:]]*,[[:space:]]*"[^"]*"/) {
      s = substr($0, RSTART, RLENGTH); sub(/.*,[[:space:]]*"/, "", s); sub(/"$/, "", s); print s; exit
    }' "$src")
  if [[ " $progs " != *" $p "* ]]; then
    notok "$src: FastCGI main() but no program $p in the Makefile's PROGS"
    continue
  fi
  if [[ -z "$sock" || -z "$first" ]]; then
    notok "$p: cannot read the socket (\"%s/<name>.sock\") or the first route from $src"
    continue
  fi
  if [[ "$first" == / ]]; then
    prefix=/
  else
    seg=${first#/}; seg=${seg%%/*}
    prefix="/$seg/"
  fi
  want="unix:$RUNDIR/$sock.sock"

  # The unit makes the socket directory itself, as the other FastCGI units
  # do, so that it starts on its own.
  u="$UNITS/$p.service"
  if [[ -f "$u" ]]; then
    rd=$(unit_value "$u" RuntimeDirectory) rm=$(unit_value "$u" RuntimeDirectoryMode)
    rp=$(unit_value "$u" RuntimeDirectoryPreserve) grp=$(unit_value "$u" Group)
    rw=$(unit_value "$u" ReadWritePaths)
    if [[ "$rd" == "${RUNDIR#/run/}" && "$rm" == 0750 && "$rp" == yes && "$grp" == www-data && " $rw " == *" $RUNDIR "* ]]; then
      ok "$p: $u declares $RUNDIR (0750, preserved, group www-data, writable)"
    else
      notok "$p: $u must declare RuntimeDirectory=${RUNDIR#/run/}, RuntimeDirectoryMode=0750, RuntimeDirectoryPreserve=yes, Group=www-data, ReadWritePaths with $RUNDIR (got: '$rd' '$rm' '$rp' '$grp' '$rw')"
    fi
  else
    notok "$p: serves $sock.sock but has no unit $u"
  fi

  # nginx: the program's prefix goes to its socket, with the headers (the
  # example's port-80 server also has a "location /": the one that passes
  # to the socket counts).
  line=$(awk -v p="$prefix" -v w="$want" '($1 == "-" || $1 == "^~") && $2 == p && $3 == w' "$TMP/locations" | head -n 1)
  if [[ -n "$line" ]]; then
    if [[ "$line" == *" +hdr" ]]; then
      ok "$p: $NGINX_EXAMPLE routes $prefix to $want"
    else
      notok "$p: $NGINX_EXAMPLE: location $prefix does not include the security headers"
    fi
  else
    got=$(awk -v p="$prefix" '($1 == "-" || $1 == "^~") && $2 == p { printf "%s%s", s, $3; s = ", " }' "$TMP/locations")
    if [[ -z "$got" ]]; then
      notok "$p: $NGINX_EXAMPLE has no 'location $prefix' (the prefix of $first, its first route)"
    else
      notok "$p: $NGINX_EXAMPLE: location $prefix passes to ${got//-/nothing}, not $want"
    fi
  fi
  if ! grep -qE "^[^#]*fastcgi_pass[[:space:]]+$want;" "$NGINX_EXAMPLE"; then
    notok "$p: $NGINX_EXAMPLE has no fastcgi_pass $want"
  fi
  # /agent (no slash) must not fall through to the public portal.
  if [[ "$prefix" != / ]]; then
    exact=${prefix%/}
    if awk -v p="$exact" '$1 == "=" && $2 == p { f = 1 } END { exit !f }' "$TMP/locations"; then
      ok "$p: $NGINX_EXAMPLE has 'location = $exact'"
    else
      notok "$p: $NGINX_EXAMPLE has no 'location = $exact' (it would go to the public portal)"
    fi
  fi
done
(( fastcgi > 0 )) || notok "no FastCGI program found in cgi-bin/*.c (server_run)"

# ------------------------------------------------------- (c) nginx -t
nginx_check() {
  if ! command -v nginx >/dev/null 2>&1; then
    skip "nginx -t: nginx is not installed"; return
  fi
  if ! command -v openssl >/dev/null 2>&1; then
    skip "nginx -t: openssl is not installed (needed for a test certificate)"; return
  fi
  local d="$TMP/nginx" inc
  mkdir -p "$d/logs" "$d/tmp"
  cp "$HEADERS" "$d/security-headers.conf"
  if ! openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=rdv.example.fr \
         -keyout "$d/key.pem" -out "$d/cert.pem" >/dev/null 2>&1; then
    skip "nginx -t: openssl could not make a test certificate"; return
  fi
  sed -E \
    -e "s#/etc/nginx/snippets/creneau-security-headers\\.conf#$d/security-headers.conf#g" \
    -e "s#^([[:space:]]*ssl_certificate)[[:space:]]+[^;]+;#\\1 $d/cert.pem;#" \
    -e "s#^([[:space:]]*ssl_certificate_key)[[:space:]]+[^;]+;#\\1 $d/key.pem;#" \
    -e "s#/var/log/nginx/#$d/logs/#g" \
    "$NGINX_EXAMPLE" > "$d/site.conf"
  # Every other include must exist on this host (fastcgi_params does
  # wherever nginx is installed).
  while read -r inc; do
    if [[ ! -e "$inc" ]]; then
      skip "nginx -t: the example includes $inc, absent here"; return
    fi
  done < <(sed -nE 's/^[^#]*include[[:space:]]+([^;[:space:]]+);.*/\1/p' "$d/site.conf" | sort -u)
  cat > "$d/nginx.conf" <<EOF
pid $d/nginx.pid;
error_log $d/logs/error.log;
events {}
http {
    client_body_temp_path $d/tmp/client-body;
    fastcgi_temp_path     $d/tmp/fastcgi;
    proxy_temp_path       $d/tmp/proxy;
    uwsgi_temp_path       $d/tmp/uwsgi;
    scgi_temp_path        $d/tmp/scgi;
    include $d/site.conf;
}
EOF
  if nginx -t -p "$d" -c "$d/nginx.conf" > "$d/out" 2>&1; then
    ok "nginx -t accepts $NGINX_EXAMPLE"
  else
    notok "nginx -t rejects $NGINX_EXAMPLE: $(grep -v 'test failed' "$d/out" | head -n 3 | tr '\n' ' ')"
  fi
}
nginx_check

# -------------------------------------------- (d) systemd-analyze verify
if ! command -v systemd-analyze >/dev/null 2>&1; then
  skip "systemd-analyze verify: systemd-analyze is not installed"
else
  mkdir -p "$TMP/units"
  cp "$UNITS"/*.service "$UNITS"/*.timer "$TMP/units/" 2>/dev/null
  for f in "$TMP/units"/*; do
    [[ -f "$f" ]] || continue
    n=$(basename "$f")
    # Off the target the binaries and the user are missing: only what
    # points at the unit's text counts.
    (cd "$TMP/units" && systemd-analyze verify --man=no "./$n") > "$TMP/verify.out" 2>&1
    errs=$(grep -E "Unknown (key|section|lvalue)|[Ii]nvalid|Failed to parse|[Mm]issing '='|bad-setting|fatal|[Uu]nknown|ignoring" "$TMP/verify.out" \
             | grep -vE 'is not executable|No such file or directory' | head -n 3)
    if [[ -z "$errs" ]]; then
      ok "systemd-analyze verify $UNITS/$n"
    else
      notok "systemd-analyze verify $UNITS/$n: $(echo "$errs" | sed "s#$TMP/units/##g" | tr '\n' ' ')"
    fi
  done
fi

echo "# deploy: $pass passed, $fail failed"
(( fail == 0 ))
