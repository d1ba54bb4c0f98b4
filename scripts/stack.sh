#!/usr/bin/env bash
# Run a private Créneau stack (MariaDB + FastCGI programs + nginx) whose
# whole state lives in one directory.
#
#   scripts/stack.sh start  --var DIR --port N --build BUILDDIR [--demo] [--workers N]
#   scripts/stack.sh stop   --var DIR
#   scripts/stack.sh status --var DIR
#
# A relative --var is taken from the current directory, a relative --build
# from the repository root. `start` is idempotent: what already runs is kept
# (the programs are restarted when their binary or creneau.conf changed),
# what is missing is started. Nothing listens outside 127.0.0.1.
#
# Layout of DIR:
#   mysql/    MariaDB data            run/      sockets and pid files
#   log/      every log               secrets/  db_password, app_secret,
#                                               ants_hub_token (600)
#   nginx/    generated nginx config  tmp/      temporary files
#   mariadb.cnf, creneau.conf         generated from conf/*.in
set -euo pipefail
set +m   # no job control: background programs keep the pid we record

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

log()  { printf 'stack: %s\n' "$*"; }
warn() { printf 'stack: warning: %s\n' "$*" >&2; }
die()  { printf 'stack: error: %s\n' "$*" >&2; exit 1; }

usage() {
  cat >&2 <<EOF
usage: $0 start  --var DIR --port N --build BUILDDIR [--demo] [--workers N] [--ants-port N]
       $0 stop   --var DIR
       $0 status --var DIR
       $0 db-stop --var DIR | db-start --var DIR   (MariaDB alone)
EOF
  exit 2
}

# ---------------------------------------------------------------- arguments
CMD=${1:-}
[[ -n "$CMD" ]] || usage
shift
VAR="" PORT="" BUILD="" DEMO=0 WORKERS=4 ANTS_PORT=""
while (( $# )); do
  case "$1" in
    --var)     VAR=${2:?--var needs a value}; shift 2 ;;
    --port)    PORT=${2:?--port needs a value}; shift 2 ;;
    --build)   BUILD=${2:?--build needs a value}; shift 2 ;;
    --workers) WORKERS=${2:?--workers needs a value}; shift 2 ;;
    --demo)    DEMO=1; shift ;;
    # The ANTS coordination API at http://127.0.0.1:N (the test suite's
    # stand-in, tests/ants/coordination.mjs); without it the feature is off.
    --ants-port) ANTS_PORT=${2:?--ants-port needs a value}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "stack: unknown argument: $1" >&2; usage ;;
  esac
done
[[ -n "$VAR" ]] || die "--var DIR is required"

# Absolute path of the var dir (created by start, must exist for the rest).
if [[ "$CMD" == start ]]; then
  [[ "$PORT" =~ ^[0-9]+$ ]] || die "--port N is required"
  [[ -n "$BUILD" ]] || die "--build BUILDDIR is required"
  [[ "$WORKERS" =~ ^[1-9][0-9]*$ ]] || die "--workers must be a positive number"
  mkdir -p "$VAR"
fi
if [[ -d "$VAR" ]]; then
  VAR=$(cd "$VAR" && pwd)
else
  VAR=$(realpath -m "$VAR")
fi

RUN="$VAR/run"
LOGDIR="$VAR/log"
SECRETS="$VAR/secrets"
SOCK="$RUN/mysqld.sock"
MY_CNF="$VAR/mariadb.cnf"
APP_CONF="$VAR/creneau.conf"
NGINX_CONF="$VAR/nginx/nginx.conf"
ME=$(id -un)

# ------------------------------------------------------------------ helpers
# A process is alive if it exists and is not a zombie (without an init
# that reaps quickly, a dead daemon can stay a zombie for a while).
is_alive() {
  kill -0 "$1" 2>/dev/null || return 1
  local state=""
  [[ -r "/proc/$1/status" ]] && state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null)
  [[ "$state" != Z ]]
}

# pid from a pid file if that process is alive, else nothing (status 1).
live_pid() {
  local f=$1 pid
  [[ -s "$f" ]] || return 1
  pid=$(tr -dc '0-9' < "$f")
  [[ -n "$pid" ]] && is_alive "$pid" || return 1
  echo "$pid"
}

# wait_gone PID SECONDS: 0 once the process has exited.
wait_gone() {
  local pid=$1 i
  for (( i = 0; i < $2 * 10; i++ )); do
    is_alive "$pid" || return 0
    sleep 0.1
  done
  ! is_alive "$pid"
}

show_tail() {
  local f
  for f in "$@"; do
    [[ -s "$f" ]] || continue
    echo "----- last lines of $f" >&2
    tail -n 25 "$f" >&2
  done
}

# Replace @KEY@ placeholders: render TEMPLATE OUT KEY=VALUE...
# Sets RENDER_CHANGED=1 when OUT was written (new or different), else 0.
RENDER_CHANGED=0
render() {
  local in=$1 out=$2 tmp kv key val left
  shift 2
  RENDER_CHANGED=0
  [[ -f "$in" ]] || die "missing template $in"
  tmp=$(mktemp "$out.XXXXXX") || die "cannot create a file next to $out"
  cp "$in" "$tmp" || die "cannot copy $in"
  for kv in "$@"; do
    key=${kv%%=*}
    val=${kv#*=}
    val=${val//\\/\\\\}; val=${val//|/\\|}; val=${val//&/\\&}
    sed -i "s|@${key}@|${val}|g" "$tmp" || die "cannot render $in"
  done
  left=$(grep -o '@[A-Z_][A-Z_]*@' "$tmp" | sort -u | tr '\n' ' ' || true)
  if [[ -n "$left" ]]; then
    rm -f "$tmp"
    die "unreplaced placeholder(s) in $in: $left"
  fi
  if [[ -f "$out" ]] && cmp -s "$tmp" "$out"; then
    rm -f "$tmp"
  else
    mv "$tmp" "$out" || die "cannot write $out"
    RENDER_CHANGED=1
  fi
}

# Administrator connection: the OS user through the socket (unix_socket auth).
db_admin() {
  mariadb --defaults-file="$MY_CNF" --user="$ME" "$@"
}

db_ping() {
  mariadb-admin --defaults-file="$MY_CNF" --user="$ME" --connect-timeout=2 ping >/dev/null 2>&1
}

# Value of one SQL query (no headers).
db_value() {
  db_admin --batch --skip-column-names creneau -e "$1"
}

random_hex() {  # random_hex NBYTES
  if command -v openssl >/dev/null 2>&1; then
    openssl rand -hex "$1"
  else
    od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'
  fi
}

nginx_cmd() {
  nginx -p "$VAR/nginx" -c "$NGINX_CONF" -e "$LOGDIR/nginx-error.log" "$@"
}

# ---------------------------------------------------------------- start: a
prepare_dirs() {
  local d
  for d in mysql run log secrets nginx tmp; do mkdir -p "$VAR/$d"; done
  chmod 700 "$SECRETS"
  if (( ${#SOCK} > 100 )); then
    die "socket path too long for a Unix socket (${#SOCK} chars): $SOCK — use a shorter --var"
  fi
}

make_secrets() {
  local f
  umask 077
  if [[ ! -s "$SECRETS/db_password" ]]; then
    # No trailing newline: the file holds exactly the password.
    printf '%s' "$(random_hex 16)" > "$SECRETS/db_password"
    log "generated $SECRETS/db_password"
  fi
  if [[ ! -s "$SECRETS/db_password_stats" ]]; then
    printf '%s' "$(random_hex 16)" > "$SECRETS/db_password_stats"
    log "generated $SECRETS/db_password_stats"
  fi
  if [[ ! -s "$SECRETS/app_secret" ]]; then
    printf '%s' "$(random_hex 32)" > "$SECRETS/app_secret"
    log "generated $SECRETS/app_secret"
  fi
  # The token the ANTS appointment hub sends to /api/ants/ (creneau-api):
  # on a real install, the one given to the ANTS (see README.md).
  if [[ ! -s "$SECRETS/ants_hub_token" ]]; then
    printf '%s' "$(random_hex 32)" > "$SECRETS/ants_hub_token"
    log "generated $SECRETS/ants_hub_token"
  fi
  umask 022
  for f in "$SECRETS/db_password" "$SECRETS/db_password_stats" "$SECRETS/app_secret" "$SECRETS/ants_hub_token"; do chmod 600 "$f"; done
}

# ---------------------------------------------------------------- start: b
start_mariadb() {
  render "$ROOT/conf/mariadb.cnf.in" "$MY_CNF" VAR="$VAR" USER="$ME"

  local pid
  if pid=$(live_pid "$RUN/mysqld.pid"); then
    wait_ping "$pid" || die "MariaDB (pid $pid) runs but does not answer on $SOCK"
    log "MariaDB already running (pid $pid)"
    return 0
  fi

  if [[ -z "$(ls -A "$VAR/mysql")" ]]; then
    log "initialising MariaDB data directory $VAR/mysql"
    local user_opt=()
    (( EUID == 0 )) && user_opt=(--user=root)
    if ! mariadb-install-db --defaults-file="$MY_CNF" "${user_opt[@]}" \
          --datadir="$VAR/mysql" --auth-root-authentication-method=socket \
          --skip-test-db > "$LOGDIR/mariadb-install.log" 2>&1; then
      show_tail "$LOGDIR/mariadb-install.log" "$LOGDIR/mariadb.log"
      die "mariadb-install-db failed (see $LOGDIR/mariadb-install.log)"
    fi
  fi

  rm -f "$SOCK" "$SOCK.lock" "$RUN/mysqld.pid"
  log "starting MariaDB (socket $SOCK)"
  nohup setsid mariadbd --defaults-file="$MY_CNF" \
      >> "$LOGDIR/mariadb-stdout.log" 2>&1 < /dev/null &
  local bg=$!
  if ! wait_ping "$bg"; then
    show_tail "$LOGDIR/mariadb.log" "$LOGDIR/mariadb-stdout.log"
    is_alive "$bg" || die "MariaDB exited during startup"
    die "MariaDB does not answer after 60 s"
  fi
  log "MariaDB is up (pid $(live_pid "$RUN/mysqld.pid" || echo "$bg"))"
}

# wait_ping PID: 0 once MariaDB answers (up to 60 s), 1 if PID dies first.
wait_ping() {
  local deadline=$(( SECONDS + 60 ))
  while (( SECONDS < deadline )); do
    db_ping && return 0
    is_alive "$1" || return 1
    sleep 0.2
  done
  db_ping
}

setup_database() {
  local pw
  pw=$(tr -dc '0-9a-f' < "$SECRETS/db_password")
  [[ ${#pw} -ge 16 ]] || die "bad password in $SECRETS/db_password"
  local spw
  spw=$(tr -dc '0-9a-f' < "$SECRETS/db_password_stats")
  [[ ${#spw} -ge 16 ]] || die "bad password in $SECRETS/db_password_stats"

  # Named time zones, for CONVERT_TZ() in SQL scripts (once).
  local tzn
  tzn=$(db_admin --batch --skip-column-names mysql -e 'SELECT COUNT(*) FROM time_zone_name')
  if [[ "$tzn" == 0 && -d /usr/share/zoneinfo ]]; then
    log "loading time zone tables"
    mariadb-tzinfo-to-sql /usr/share/zoneinfo 2>/dev/null | db_admin mysql \
      || warn "could not load the time zone tables (CONVERT_TZ with names will return NULL)"
  fi

  db_admin <<SQL
CREATE DATABASE IF NOT EXISTS creneau CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'creneau'@'localhost' IDENTIFIED BY '$pw';
ALTER USER 'creneau'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON creneau.* TO 'creneau'@'localhost';
SQL
  log "database creneau and user creneau@localhost ready"
}

# ---------------------------------------------------------------- start: c
run_migrations() {
  "$ROOT/scripts/migrate.sh" --var "$VAR" || die "migrations failed"
}

# The statistics program's account: it reads everything, and writes only
# what a signed-in page writes (the session's idle clock, the audit line of
# an export). After the migrations: the grants name tables.
grant_stats() {
  local spw
  spw=$(tr -dc '0-9a-f' < "$SECRETS/db_password_stats")
  db_admin <<SQL
CREATE USER IF NOT EXISTS 'creneau_stats'@'localhost' IDENTIFIED BY '$spw';
ALTER USER 'creneau_stats'@'localhost' IDENTIFIED BY '$spw';
GRANT SELECT ON creneau.* TO 'creneau_stats'@'localhost';
GRANT UPDATE (last_seen_utc) ON creneau.staff_sessions TO 'creneau_stats'@'localhost';
GRANT INSERT ON creneau.audit_log TO 'creneau_stats'@'localhost';
SQL
}

# ---------------------------------------------------------------- start: d
load_communes() {
  local tsv="$ROOT/sql/data/communes.tsv" n ignore="" path
  if [[ ! -f "$tsv" ]]; then
    log "no sql/data/communes.tsv: reference communes not loaded"
    return 0
  fi
  n=$(db_value 'SELECT COUNT(*) FROM ref_communes')
  if [[ "$n" == "$(grep -vc '^insee[[:space:]]' "$tsv")" ]]; then
    log "reference communes already loaded ($n rows)"
    return 0
  fi
  # Tolerate a header line.
  if head -n 1 "$tsv" | grep -qi '^insee[[:space:]]'; then ignore="IGNORE 1 LINES"; fi
  path=${tsv//\\/\\\\}; path=${path//\'/\\\'}
  log "loading reference communes from $tsv"
  db_admin --local-infile=1 creneau <<SQL
LOAD DATA LOCAL INFILE '$path' REPLACE INTO TABLE ref_communes
  CHARACTER SET utf8mb4
  FIELDS TERMINATED BY '\t'
  LINES TERMINATED BY '\n'
  $ignore
  (insee, name, name_key, postcodes, dept, lat, lon, population);
SQL
  log "reference communes: $(db_value 'SELECT COUNT(*) FROM ref_communes') rows"
}

# ---------------------------------------------------------------- start: e
CONF_CHANGED=0
write_app_conf() {
  local ants_off="# " ants_port=PORT
  if [[ -n "$ANTS_PORT" ]]; then
    [[ "$ANTS_PORT" =~ ^[0-9]+$ ]] || die "--ants-port must be a port number"
    ants_off="" ants_port=$ANTS_PORT
    if [[ ! -s "$SECRETS/ants_api_token" ]]; then
      ( umask 077; printf '%s' "$(random_hex 32)" > "$SECRETS/ants_api_token" )
      log "generated $SECRETS/ants_api_token"
    fi
  fi
  render "$ROOT/conf/creneau.conf.in" "$APP_CONF" \
      VAR="$VAR" ROOT="$ROOT" PORT="$PORT" BUILD="$BUILD" WORKERS="$WORKERS" \
      ANTS_OFF="$ants_off" ANTS_PORT="$ants_port" WEBHOOK_LOOPBACK=1
  if (( RENDER_CHANGED )); then
    CONF_CHANGED=1
    log "wrote $APP_CONF"
  fi
  chmod 644 "$APP_CONF"
}

# ---------------------------------------------------------------- start: f
admin_regen_slots() {
  log "creneau-admin regen-slots"
  if ! CRENEAU_CONF="$APP_CONF" "$BUILD/bin/creneau-admin" regen-slots \
        >> "$LOGDIR/admin.log" 2>&1; then
    show_tail "$LOGDIR/admin.log"
    die "creneau-admin regen-slots failed (see $LOGDIR/admin.log)"
  fi
  # Today's delay to the next free time (statistics); a timer does it
  # daily in production (conf/systemd/creneau-slots.service).
  CRENEAU_CONF="$APP_CONF" "$BUILD/bin/creneau-admin" snapshot-delays >> "$LOGDIR/admin.log" 2>&1 \
    || log "warning: creneau-admin snapshot-delays failed (see $LOGDIR/admin.log)"
}

migration_done() {
  [[ $(db_value "SELECT COUNT(*) FROM schema_migrations WHERE version = '$1'") != 0 ]]
}

record_migration() {
  db_value "INSERT IGNORE INTO schema_migrations (version, applied_utc) VALUES ('$1', UTC_TIMESTAMP())" >/dev/null
}

load_sql() {  # load_sql FILE (result sets, if any, go to log/sql.log)
  log "loading ${1#"$ROOT"/}"
  db_admin creneau < "$1" >> "$LOGDIR/sql.log" || die "loading $1 failed"
}

# The demo staff's password, printed by `make run` (demo only).
DEMO_PASSWORD="demo-creneau-2026"

load_demo_or_regen() {
  if (( ! DEMO )) || migration_done demo; then
    (( DEMO )) && log "demo data already loaded"
    admin_regen_slots
    (( DEMO )) && load_demo_staff
    return 0
  fi
  local d1="$ROOT/sql/demo/010_demo.sql" d2="$ROOT/sql/demo/020_demo_bookings.sql"
  [[ -f "$d1" ]] || die "--demo: missing $d1"
  [[ -f "$d2" ]] || die "--demo: missing $d2"
  # Step markers so a failure in a later step never reloads an earlier one.
  if ! migration_done demo:010_demo; then
    load_sql "$d1"
    record_migration demo:010_demo
  fi
  admin_regen_slots
  load_sql "$d2"
  record_migration demo
  log "demo data loaded"
  load_demo_staff
}

# Demo staff accounts (their passwords are hashed by creneau-admin, so they
# cannot be plain SQL) and the named check-in steps of one site.
load_demo_staff() {
  migration_done demo:staff && return 0
  local line email role insee name
  while IFS='|' read -r email role insee name; do
    [[ -z "$email" || "$email" = \#* ]] && continue
    CRENEAU_CONF="$APP_CONF" CRENEAU_PASSWORD="$DEMO_PASSWORD" \
      "$BUILD/bin/creneau-admin" create-staff "$email" "$role" "$insee" "$name" >> "$LOGDIR/admin.log" 2>&1 \
      || die "creating demo staff $email failed (see $LOGDIR/admin.log)"
  done < "$ROOT/sql/demo/staff.txt"
  load_sql "$ROOT/sql/demo/030_demo_steps.sql"
  record_migration demo:staff
  log "demo staff created"
}

# ---------------------------------------------------------------- start: g
# start_program NAME BINARY [SOCKET]: NAME.pid / NAME.log; restarted when the
# binary or creneau.conf changed since it started.
start_program() {
  local name=$1 bin=$2 sock=${3:-} pid i
  [[ -x "$bin" ]] || die "missing program $bin"
  if pid=$(live_pid "$RUN/$name.pid"); then
    if [[ "$bin" -nt "$RUN/$name.pid" ]] || (( CONF_CHANGED )); then
      log "$name: binary or configuration changed, restarting"
      stop_program "$name"
    else
      log "$name already running (pid $pid)"
      return 0
    fi
  fi
  [[ -n "$sock" ]] && rm -f "$sock"
  log "starting $name"
  CRENEAU_CONF="$APP_CONF" nohup setsid "$bin" >> "$LOGDIR/$name.log" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$RUN/$name.pid"
  if [[ -n "$sock" ]]; then
    for (( i = 0; i < 300; i++ )); do
      [[ -S "$sock" ]] && break
      is_alive "$pid" || break
      sleep 0.1
    done
    if [[ ! -S "$sock" ]]; then
      show_tail "$LOGDIR/$name.log"
      is_alive "$pid" && die "$name (pid $pid) did not create $sock within 30 s"
      die "$name exited during startup"
    fi
  else
    sleep 0.3
    if ! is_alive "$pid"; then
      show_tail "$LOGDIR/$name.log"
      die "$name exited during startup"
    fi
  fi
  log "$name is up (pid $pid)"
}

# ---------------------------------------------------------------- start: h
start_nginx() {
  local user_line=""
  (( EUID == 0 )) && user_line="user root;"
  mkdir -p "$VAR/nginx" "$VAR/tmp"
  render "$ROOT/conf/nginx-security-headers.conf.in" "$VAR/nginx/security-headers.conf" VAR="$VAR"
  render "$ROOT/conf/nginx.conf.in" "$NGINX_CONF" \
      VAR="$VAR" ROOT="$ROOT" PORT="$PORT" NGINX_USER="$user_line"
  if ! nginx_cmd -t -q 2>> "$LOGDIR/nginx-error.log"; then
    show_tail "$LOGDIR/nginx-error.log"
    die "nginx configuration test failed ($NGINX_CONF)"
  fi
  local pid
  if pid=$(live_pid "$RUN/nginx.pid"); then
    log "nginx already running (pid $pid): reloading its configuration"
    nginx_cmd -s reload
    return 0
  fi
  log "starting nginx on 127.0.0.1:$PORT"
  if ! nginx_cmd; then
    show_tail "$LOGDIR/nginx-error.log"
    die "nginx failed to start"
  fi
}

# ---------------------------------------------------------------- start: i
wait_healthy() {
  local url="http://127.0.0.1:$PORT/healthz" deadline=$(( SECONDS + 30 ))
  while (( SECONDS < deadline )); do
    curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null && return 0
    sleep 0.5
  done
  curl -sS --max-time 5 "$url" >&2 || true
  show_tail "$LOGDIR/nginx-error.log" "$LOGDIR/public.log" "$LOGDIR/notify.log" "$LOGDIR/mariadb.log"
  die "$url does not answer 200 after 30 s"
}

cmd_start() {
  local build_arg=$BUILD prog
  [[ "$BUILD" = /* ]] || BUILD="$ROOT/$BUILD"
  BUILD=$(realpath -m "$BUILD")
  for prog in creneau-public creneau-agent creneau-stats creneau-api creneau-notify creneau-admin; do
    [[ -x "$BUILD/bin/$prog" ]] || die "missing program $BUILD/bin/$prog (build it first: make BUILD=$build_arg build)"
  done
  command -v mariadbd >/dev/null || die "mariadbd not found (run scripts/install-deps.sh)"
  command -v nginx >/dev/null || die "nginx not found (run scripts/install-deps.sh)"

  prepare_dirs
  make_secrets
  start_mariadb
  setup_database
  run_migrations
  grant_stats
  load_communes
  write_app_conf
  load_demo_or_regen
  start_program public "$BUILD/bin/creneau-public" "$RUN/public.sock"
  start_program agent "$BUILD/bin/creneau-agent" "$RUN/agent.sock"
  start_program stats "$BUILD/bin/creneau-stats" "$RUN/stats.sock"
  start_program api "$BUILD/bin/creneau-api" "$RUN/api.sock"
  start_program notify "$BUILD/bin/creneau-notify"
  start_nginx
  wait_healthy

  echo
  echo "Créneau is running: http://127.0.0.1:$PORT/"
  echo "  state: $VAR   logs: $LOGDIR   stop: scripts/stack.sh stop --var $VAR"
  if [[ -f "$ROOT/conf/demo-logins.txt" ]]; then
    echo
    sed -e 's/^/  /' -e "s/PORT/$PORT/" "$ROOT/conf/demo-logins.txt"
  fi
}

# --------------------------------------------------------------------- stop
# Signal the whole process group when the program leads one (setsid), so
# forked workers go too.
signal_program() {
  local sig=$1 pid=$2 pgid
  pgid=$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ') || true
  if [[ "$pgid" == "$pid" ]]; then
    kill "-$sig" -- "-$pid" 2>/dev/null || true
  else
    kill "-$sig" "$pid" 2>/dev/null || true
  fi
}

stop_program() {
  local name=$1 pid
  if ! pid=$(live_pid "$RUN/$name.pid"); then
    rm -f "$RUN/$name.pid"
    return 0
  fi
  log "stopping $name (pid $pid)"
  signal_program TERM "$pid"
  if ! wait_gone "$pid" 10; then
    warn "$name did not stop within 10 s: SIGKILL"
    signal_program KILL "$pid"
    wait_gone "$pid" 5 || warn "$name (pid $pid) still alive"
  fi
  # Workers left behind by the master (same process group, see setsid).
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$RUN/$name.pid"
}

stop_nginx() {
  local pid
  if ! pid=$(live_pid "$RUN/nginx.pid"); then return 0; fi
  log "stopping nginx (pid $pid)"
  if [[ -f "$NGINX_CONF" ]]; then
    nginx_cmd -s quit 2>/dev/null || true
  else
    kill -QUIT "$pid" 2>/dev/null || true
  fi
  if ! wait_gone "$pid" 10; then
    warn "nginx did not quit within 10 s: SIGTERM"
    kill -TERM "$pid" 2>/dev/null || true
    wait_gone "$pid" 5 || { kill -KILL "$pid" 2>/dev/null || true; }
  fi
  rm -f "$RUN/nginx.pid"
}

stop_mariadb() {
  local pid
  if ! pid=$(live_pid "$RUN/mysqld.pid"); then return 0; fi
  log "stopping MariaDB (pid $pid)"
  if [[ -f "$MY_CNF" ]]; then
    mariadb-admin --defaults-file="$MY_CNF" --user="$ME" shutdown >/dev/null 2>&1 \
      || kill -TERM "$pid" 2>/dev/null || true
  else
    kill -TERM "$pid" 2>/dev/null || true
  fi
  if ! wait_gone "$pid" 60; then
    warn "MariaDB did not stop within 60 s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 5 || true
  fi
}

cmd_stop() {
  if [[ ! -d "$VAR" ]]; then
    log "nothing to stop ($VAR does not exist)"
    return 0
  fi
  stop_nginx
  stop_program public
  stop_program agent
  stop_program stats
  stop_program api
  stop_program notify
  stop_mariadb
  log "stopped"
}

# ------------------------------------------------------------------- status
cmd_status() {
  local name pid file any=0 port=""
  [[ -f "$APP_CONF" ]] && port=$(sed -n 's|^public_base_url *= *http://127.0.0.1:\([0-9]*\).*|\1|p' "$APP_CONF")
  for name in mysqld public agent stats api notify nginx; do
    file="$RUN/$name.pid"
    if pid=$(live_pid "$file" 2>/dev/null); then
      printf '%-8s running (pid %s)\n' "$name" "$pid"
      any=1
    else
      printf '%-8s stopped\n' "$name"
    fi
  done
  if [[ -n "$port" ]] && (( any )); then
    if curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz" 2>/dev/null; then
      echo "healthz  ok (http://127.0.0.1:$port/)"
    else
      echo "healthz  failing (http://127.0.0.1:$port/healthz)"
    fi
  fi
}

case "$CMD" in
  start)  cmd_start ;;
  stop)   cmd_stop ;;
  status) cmd_status ;;
  # MariaDB alone, the rest left running: for the outage tests.
  db-stop)  stop_mariadb ;;
  db-start) start_mariadb ;;
  *) usage ;;
esac
