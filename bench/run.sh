#!/usr/bin/env bash
# bench/run.sh — `make bench` (issue #6): the platform under load, measured
# against this machine's own ceiling.
#
#   make bench            about 8 minutes: 3 rounds of 15 s per scenario
#   make bench QUICK=1    under 3 minutes: 3 rounds of 4 s, and a rush on
#                         the last places of days already 3/4 booked
#
# 1. Starts a private stack exactly as `make run` does (scripts/stack.sh,
#    var/bench, port 18180, conf/'s MariaDB settings with
#    innodb_flush_log_at_trx_commit = 1, 8 public workers: the best of 8,
#    16 and 32 on this 2-core machine, `make run` starts 4) and generates a
#    département (bench/gen-data.sql: 40 communes, 50 sites, 104 devices,
#    a year of history and the 90-day horizon of slots, 300,000
#    appointments), then checks its consistency (bench/check.sql).
# 2. Three rounds of, each for a fixed time with wrk on loopback:
#      ceiling  nginx serving a small static file (htdocs/static/css/app.css)
#      search   GET /recherche for a random commune of the département and
#               a random identity procedure, one person     (bench/search.lua)
#      site     GET /site/<id>?...&jour=<day>: a site's free times for a day
#                                                              (bench/site.lua)
#      ants     GET /api/ants/availableTimeSlots as the ANTS appointment hub
#               sends it: the 50 meeting points, from today to the end of
#               the month 150 days ahead, a reason and 1 to 3 people, with
#               the hub's token (bench/ants.lua, $ANTS_CONNS connections)
#      stats    a year of one commune's statistics, signed in as its
#               administrator (skipped when /stats/ does not answer)
#      rush     bench/rush.c: 256 people at once book the last places of the
#               same days and confirm with the code read from the outbox,
#               until no place is left (then bench/check.sql again)
#    Every figure is also given as a ratio of the ceiling of its round.
# 3. Writes bench/results/<date>.md (<date>-quick.md for QUICK=1): the
#    machine, the medians and spreads, the targets, the CPU split between
#    the processes (what limits each scenario), the consistency counts and
#    the RSS of one public worker before and after.
#
# Environment: QUICK=1, BUILD (build), BENCH_VAR (var/bench), BENCH_PORT
# (18180), BENCH_WORKERS (8). The stack is stopped at the end; its state
# stays in var/bench for a look (scripts/stack.sh start --var var/bench ...).
set -euo pipefail
set +m

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

QUICK=${QUICK:-0}
[[ "$QUICK" == 1 ]] || QUICK=0
BUILD=${BUILD:-build}
VAR=${BENCH_VAR:-$ROOT/var/bench}
PORT=${BENCH_PORT:-18180}
WORKERS=${BENCH_WORKERS:-8}
ROUNDS=3
CONNS=64            # wrk connections: ceiling, search, site
STATS_CONNS=16
# The hub's searches at once: one per person searching near the
# département at that instant, several megabytes each (past 4, the
# latency is queueing for the two cores: 16 give about 4 times the p99).
ANTS_CONNS=4
RUSH_CONNS=256
if (( QUICK )); then
  DUR=4 WARM=2 RUSH_DAYS=1 RUSH_MAX=40
else
  DUR=15 WARM=3 RUSH_DAYS=3 RUSH_MAX=120
fi
BASE="http://127.0.0.1:$PORT"
STATIC_PATH=/static/css/app.css
T0=$SECONDS

log() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

# ------------------------------------------------------------------ tools
if ! command -v wrk >/dev/null 2>&1; then
  (( EUID == 0 )) || die "wrk is missing (apt-get install wrk)"
  log "installing wrk"
  DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=60 install -y --no-install-recommends wrk >/dev/null \
    || die "cannot install wrk"
fi
for p in creneau-public creneau-api creneau-admin; do
  [[ -x "$BUILD/bin/$p" ]] || die "missing $BUILD/bin/$p (make build)"
done
RUSH="$BUILD/bench/rush"
if [[ ! -x "$RUSH" || bench/rush.c -nt "$RUSH" ]]; then
  log "building $RUSH"
  mkdir -p "$BUILD/bench"
  # shellcheck disable=SC2046
  gcc -std=c17 -O2 -g -Wall -Wextra -Werror -o "$RUSH" bench/rush.c \
      $(pkg-config --cflags --libs libcurl libmariadb) -lm || die "cannot build bench/rush.c"
fi

# ------------------------------------------------------------------ stack
MY_CNF="$VAR/mariadb.cnf"
db() { mariadb --defaults-file="$MY_CNF" --user="$(id -un)" --batch --skip-column-names creneau "$@"; }
stack_stop() { scripts/stack.sh stop --var "$VAR" >/dev/null 2>&1 || true; }

log "fresh stack in $VAR (port $PORT, $WORKERS public workers)"
stack_stop
rm -rf "$VAR"
mkdir -p "$VAR"
STACK_LOG="$VAR/stack-start.log"
if ! scripts/stack.sh start --var "$VAR" --port "$PORT" --build "$BUILD" --workers "$WORKERS" > "$STACK_LOG" 2>&1; then
  tail -n 30 "$STACK_LOG" >&2
  die "the stack did not start (see $STACK_LOG)"
fi
trap 'stack_stop' EXIT

[[ "$(db -e 'SELECT COUNT(*) FROM seq_1_to_3' 2>/dev/null)" == 3 ]] \
  || die "MariaDB has no SEQUENCE engine (seq_1_to_N): the generator needs it"

# ------------------------------------------------------------------- data
log "generating the data set (bench/gen-data.sql)"
t=$SECONDS
{ echo "SET @days_back = 365, @horizon = 90, @bookings = 300000, @cancelled = 12000;"
  cat bench/gen-data.sql; } | db > "$VAR/log/gen-data.log" || die "data generation failed (see $VAR/log/gen-data.log)"
GEN_SECS=$(( SECONDS - t ))
log "generated in ${GEN_SECS} s"

# check.sql: "name<TAB>count" lines; @since limits the booking checks to
# the bookings made after the generation (0: all of them).
check() {  # check SINCE_ID OUTFILE
  { echo "SET @since = $1;"; cat bench/check.sql; } | db > "$2" || die "bench/check.sql failed"
}
cval() { awk -F'\t' -v k="$2" '$1 == k { print $2 }' "$1"; }
# The generated data set is checked whole in the full run (QUICK=1 checks
# what the rushes did, and every slot's capacity, after each round).
GEN_MAX_BOOKING=$(db -e 'SELECT MAX(id) FROM bookings')
t=$SECONDS
check "$(( QUICK ? GEN_MAX_BOOKING : 0 ))" "$VAR/check-generated.txt"
CHECK_SECS=$(( SECONDS - t ))
for k in slots_overbooked slots_counter_mismatch bookings_not_whole persons_without_lock; do
  [[ "$(cval "$VAR/check-generated.txt" "$k")" == 0 ]] || die "generated data inconsistent: $k = $(cval "$VAR/check-generated.txt" $k)"
done
N_COMMUNES=$(db -e 'SELECT COUNT(*) FROM communes')
N_SITES=$(db -e 'SELECT COUNT(*) FROM sites')
N_DEVICES=$(db -e 'SELECT COUNT(*) FROM devices')
N_SLOTS=$(db -e 'SELECT COUNT(*) FROM slots')
N_FUTURE=$(db -e 'SELECT COUNT(*) FROM slots WHERE start_utc >= UTC_TIMESTAMP()')
N_BOOKED=$(cval "$VAR/check-generated.txt" bookings_confirmed)
log "data: $N_COMMUNES communes, $N_SITES sites, $N_DEVICES devices, $N_SLOTS slots ($N_FUTURE to come), $N_BOOKED appointments (checked in ${CHECK_SECS} s)"

# Inputs of the wrk scripts.
DATA="$VAR/benchdata"
mkdir -p "$DATA"
db -e "SELECT insee FROM ref_communes WHERE dept = '74' AND lat IS NOT NULL" > "$DATA/insee.txt"
db -e "SELECT p.code FROM procedures p WHERE EXISTS (SELECT 1 FROM device_procedures dp WHERE dp.procedure_id = p.id)" > "$DATA/procedures.txt"
db -e "SELECT id FROM sites WHERE active = 1" > "$DATA/sites.txt"
# The site scenario's days: weekdays 2 to 6 weeks ahead (some places left).
db -e "SELECT DISTINCT DATE(CONVERT_TZ(start_utc, '+00:00', 'Europe/Paris')) FROM slots
        WHERE start_utc BETWEEN UTC_TIMESTAMP() + INTERVAL 14 DAY AND UTC_TIMESTAMP() + INTERVAL 42 DAY
          AND WEEKDAY(start_utc) < 5 ORDER BY 1" > "$DATA/days.txt"
# The rush's days, a set of its own for each round: the nearly empty
# weekdays at the end of the horizon (the month a département has just
# opened); QUICK=1 takes the last places of days about three-quarters
# booked (5 to 7 weeks ahead), a shorter rush.
if (( QUICK )); then RUSH_WHERE="BETWEEN 500 AND 1200"; RUSH_FROM=30; else RUSH_WHERE="> 2000"; RUSH_FROM=70; fi
mapfile -t FREE_DAYS < <(db -e "SELECT d FROM (SELECT DATE(CONVERT_TZ(s.start_utc, '+00:00', 'Europe/Paris')) AS d,
        SUM(s.cap_regular - s.booked_regular) AS free FROM slots s
        WHERE s.start_utc >= UTC_TIMESTAMP() + INTERVAL $RUSH_FROM DAY GROUP BY d) x
        WHERE free $RUSH_WHERE ORDER BY d LIMIT $(( ROUNDS * RUSH_DAYS ))")
(( ${#FREE_DAYS[@]} == ROUNDS * RUSH_DAYS )) || die "not enough open days for the rush"
[[ -s "$DATA/days.txt" ]] || die "no day for the site scenario"
export BENCH_DATA="$DATA" BENCH_DIR="$ROOT/bench"

# The hub's window (its default 150 days, widened to whole months) and its
# token; the scenario must answer before it is measured.
ANTS_TOKEN=$(cat "$VAR/secrets/ants_hub_token")
ants_start=$(TZ=Europe/Paris date +%F)
ants_end=$(date -d "$(TZ=Europe/Paris date -d '+150 day' +%Y-%m-01) +1 month -1 day" +%F)
export BENCH_ANTS_DATES="start_date=$ants_start&end_date=$ants_end"
ants_ids=$(head -n 50 "$DATA/sites.txt" | sed 's/^/meeting_point_ids=/' | paste -sd '&')
ants_probe=$(curl -s -o "$VAR/tmp/ants-probe.json" -w '%{http_code} %{size_download}' \
    -H "x-hub-rdv-auth-token: $ANTS_TOKEN" "$BASE/api/ants/availableTimeSlots?$ants_ids&$BENCH_ANTS_DATES&reason=CNI&documents_number=1")
[[ "$ants_probe" == 200\ * ]] || die "availableTimeSlots answers $ants_probe (see $VAR/log/api.log)"
log "availableTimeSlots, 50 meeting points from $ants_start to $ants_end: ${ants_probe#* } bytes"

# The statistics scenario signs in as the administrator of commune 1.
STATS_PATH="" STATS_COOKIE=""
STATS_NOTE="skipped: /stats/ does not answer"
stats_login() {
  local pw email=bench.stats@example.org insee jar="$VAR/tmp/stats.jar" token code
  pw=$(openssl rand -hex 12)
  insee=$(db -e 'SELECT insee FROM communes WHERE id = 1')
  CRENEAU_CONF="$VAR/creneau.conf" CRENEAU_PASSWORD="$pw" "$BUILD/bin/creneau-admin" create-staff \
      "$email" commune_admin "$insee" "Banc d'essai" >> "$VAR/log/admin.log" 2>&1 || return 1
  token=$(curl -s -c "$jar" "$BASE/agent/connexion" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -n 1)
  [[ -n "$token" ]] || return 1
  code=$(curl -s -b "$jar" -c "$jar" -o /dev/null -w '%{http_code}' \
      --data-urlencode "csrf=$token" --data-urlencode "email=$email" --data-urlencode "mot_de_passe=$pw" \
      "$BASE/agent/connexion")
  [[ "$code" == 303 ]] || return 1
  # Administrators enrol a second factor first: the key from the page, its
  # TOTP code (RFC 6238) computed here.
  local page key totp
  page=$(curl -s -b "$jar" -c "$jar" "$BASE/agent/securite/activer")
  key=$(printf '%s' "$page" | sed -n 's/.*<code id="cle">\([A-Z2-7 ]*\)<\/code>.*/\1/p' | tr -d ' ')
  [[ -n "$key" ]] || return 1
  token=$(printf '%s' "$page" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -n 1)
  totp=$(python3 -c 'import base64,hmac,struct,sys,time
k=base64.b32decode(sys.argv[1]+"="*(-len(sys.argv[1])%8))
h=hmac.new(k,struct.pack(">Q",int(time.time())//30),"sha1").digest()
o=h[-1]&15
print("%06d"%((struct.unpack(">I",h[o:o+4])[0]&0x7fffffff)%1000000))' "$key")
  code=$(curl -s -b "$jar" -c "$jar" -o /dev/null -w '%{http_code}' \
      --data-urlencode "csrf=$token" --data-urlencode "code=$totp" "$BASE/agent/securite/activer")
  [[ "$code" == 200 ]] || return 1
  STATS_COOKIE="session=$(awk '$6 == "session" { print $7 }' "$jar" | head -n 1)"
  [[ "$STATS_COOKIE" != "session=" ]]
}
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/stats/" || true)
if [[ "$code" != 502 && "$code" != 404 && "$code" != 000 ]]; then
  if stats_login; then
    STATS_PATH="/stats/?du=$(date -d '-365 day' +%F)&au=$(date +%F)"
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $STATS_COOKIE" "$BASE$STATS_PATH")
    if [[ "$code" == 200 ]]; then
      STATS_NOTE=""
    else
      STATS_NOTE="skipped: $STATS_PATH answers $code"
      STATS_PATH=""
    fi
  else
    STATS_NOTE="skipped: cannot sign in as a commune administrator"
  fi
fi
[[ -z "$STATS_NOTE" ]] || log "stats: $STATS_NOTE"

# -------------------------------------------------------- CPU accounting
# CPU time (clock ticks) of each part, from /proc: MariaDB, the public
# workers, the statistics workers, nginx, the api workers; the load
# generator is timed separately.
TICK=$(getconf CLK_TCK)
tree_ticks() {  # tree_ticks PID: utime+stime of PID and its children
  local p t=0 s
  for p in "$1" $(pgrep -P "$1" 2>/dev/null); do
    s=$(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)
    t=$(( t + s ))
  done
  echo "$t"
}
pidof_part() { tr -dc '0-9' < "$VAR/run/$1.pid"; }
cpu_snapshot() {
  echo "$(tree_ticks "$(pidof_part mysqld)") $(tree_ticks "$(pidof_part public)") $(tree_ticks "$(pidof_part stats)") $(tree_ticks "$(pidof_part nginx)") $(tree_ticks "$(pidof_part api)")"
}
# cpu_split BEFORE AFTER CLIENT_SECS WALL_SECS -> "mariadb=..% public=..% ..."
# shares of the machine (cores x wall time).
cpu_split() {
  awk -v a="$1" -v b="$2" -v client="$3" -v wall="$4" -v tick="$TICK" -v cores="$(nproc)" 'BEGIN {
    split(a, x, " "); split(b, y, " ");
    cap = cores * wall; if (cap <= 0) cap = 1;
    printf "mariadb=%.0f%% public=%.0f%% stats=%.0f%% nginx=%.0f%% api=%.0f%% client=%.0f%%",
      100 * (y[1] - x[1]) / tick / cap, 100 * (y[2] - x[2]) / tick / cap,
      100 * (y[3] - x[3]) / tick / cap, 100 * (y[4] - x[4]) / tick / cap,
      100 * (y[5] - x[5]) / tick / cap, 100 * client / cap }'
}

# InnoDB's redo written so far (bytes): the disk writes a booking costs.
redo_bytes() { db -e "SHOW GLOBAL STATUS LIKE 'Innodb_os_log_written'" | awk '{ print $2 }'; }

rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
PUBLIC_MASTER=$(pidof_part public)
WORKER=$(pgrep -P "$PUBLIC_MASTER" | head -n 1)
worker_max_rss() { local p m=0 r; for p in $(pgrep -P "$PUBLIC_MASTER"); do r=$(rss_kb "$p"); (( r > m )) && m=$r; done; echo "$m"; }

# ------------------------------------------------------------- scenarios
RESULTS="$VAR/results.txt"
: > "$RESULTS"

# run_wrk NAME ROUND CONNS SCRIPT [wrk options...]: one RESULT line.
run_wrk() {
  local name=$1 round=$2 conns=$3 script=$4 out before after start secs line
  shift 4
  before=$(cpu_snapshot)
  start=$(date +%s.%N)
  out=$( { TIMEFORMAT='%U %S'; time wrk -t2 -c"$conns" -d"${DUR}s" --timeout 10s -s "bench/$script" "$@" "$BASE" 2>&1; } 2>&1 )
  secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
  after=$(cpu_snapshot)
  line=$(grep '^RESULT' <<< "$out" || true)
  [[ -n "$line" ]] || { echo "$out" >&2; die "wrk gave no result for $name"; }
  local client; client=$(tail -n 1 <<< "$out" | awk '{ print $1 + $2 }')
  echo "$name round=$round ${line#RESULT } $(cpu_split "$before" "$after" "$client" "$secs")" | tee -a "$RESULTS" >&2
}

warm() {
  wrk -t2 -c"$CONNS" -d"${WARM}s" -s bench/static.lua "$BASE" >/dev/null 2>&1 || true
  wrk -t2 -c"$CONNS" -d"${WARM}s" -s bench/search.lua "$BASE" >/dev/null 2>&1 || true
  wrk -t2 -c"$CONNS" -d"${WARM}s" -s bench/site.lua "$BASE" >/dev/null 2>&1 || true
  wrk -t2 -c"$ANTS_CONNS" -d"${WARM}s" -s bench/ants.lua -H "x-hub-rdv-auth-token: $ANTS_TOKEN" "$BASE" >/dev/null 2>&1 || true
}

RSS_COLD=$(rss_kb "$WORKER")
log "warming up (${WARM} s per scenario)"
warm
# "Before" is after the warm-up: a worker's first pages fill its caches
# (prepared statements, templates, malloc arenas); growth after that is a
# leak.
RSS_BEFORE=$(rss_kb "$WORKER")
RSS_MAX_BEFORE=$(worker_max_rss)
log "public worker $WORKER: RSS ${RSS_COLD} kB at start, ${RSS_BEFORE} kB after the warm-up"

export BENCH_STATIC="$STATIC_PATH"
RSS_ROUNDS=()
for (( r = 1; r <= ROUNDS; r++ )); do
  log "round $r/$ROUNDS"
  run_wrk ceiling "$r" "$CONNS" static.lua
  run_wrk search "$r" "$CONNS" search.lua
  run_wrk site "$r" "$CONNS" site.lua
  run_wrk ants "$r" "$ANTS_CONNS" ants.lua -H "x-hub-rdv-auth-token: $ANTS_TOKEN"
  if [[ -n "$STATS_PATH" ]]; then
    BENCH_STATS_PATH="$STATS_PATH" run_wrk stats "$r" "$STATS_CONNS" stats.lua -H "Cookie: $STATS_COOKIE"
  fi
  days=$(IFS=,; echo "${FREE_DAYS[*]:$(( (r - 1) * RUSH_DAYS )):$RUSH_DAYS}")
  log "rush on $days ($RUSH_CONNS people at once)"
  redo0=$(redo_bytes)
  before=$(cpu_snapshot)
  start=$(date +%s.%N)
  out=$( { TIMEFORMAT='%U %S'; time "$RUSH" --url "$BASE" --socket "$VAR/run/mysqld.sock" \
           --password-file "$VAR/secrets/db_password" --days "$days" --conns "$RUSH_CONNS" \
           --procedure PASSEPORT --max-seconds "$RUSH_MAX" --seed "$r" 2>&1; } 2>&1 )
  secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
  after=$(cpu_snapshot)
  redo1=$(redo_bytes)
  line=$(grep '^RESULT' <<< "$out" || true)
  [[ -n "$line" ]] || { echo "$out" >&2; die "the rush client gave no result"; }
  client=$(tail -n 1 <<< "$out" | awk '{ print $1 + $2 }')
  ferr=$(sed -n 's/^FIRST_ERROR //p' <<< "$out")
  [[ -z "$ferr" ]] || log "rush: first error: $ferr"
  # Latencies by kind, as lat_<kind>=p50/p99 (the kind alone counts requests).
  lat=$(sed -n 's/^LATENCY //p' <<< "$out" | sed 's/\([a-z]*\)=/lat_\1=/g')
  echo "rush round=$r days=$days ${line#RESULT } $lat redo=$(( redo1 - redo0 )) $(cpu_split "$before" "$after" "$client" "$secs")" | tee -a "$RESULTS" >&2
  check "$GEN_MAX_BOOKING" "$VAR/check-round$r.txt"
  echo "check round=$r $(awk -F'\t' '{ printf "%s=%s ", $1, $2 }' "$VAR/check-round$r.txt")" | tee -a "$RESULTS" >&2
  RSS_ROUNDS+=("$(rss_kb "$WORKER")")
done
RSS_AFTER=$(rss_kb "$WORKER")
RSS_MAX_AFTER=$(worker_max_rss)
RSS_SERIES="${RSS_ROUNDS[*]}"
log "public worker $WORKER: RSS ${RSS_BEFORE} kB after the warm-up, ${RSS_SERIES// / kB, } kB after each round (largest worker ${RSS_MAX_BEFORE} -> ${RSS_MAX_AFTER} kB)"

# The whole data set once more, rushes included (QUICK=1: the bookings of
# the rushes, and every slot's capacity).
t=$SECONDS
check "$(( QUICK ? GEN_MAX_BOOKING : 0 ))" "$VAR/check-final.txt"
log "final check in $(( SECONDS - t )) s: $(awk -F'\t' '{ printf "%s=%s ", $1, $2 }' "$VAR/check-final.txt")"

# ---------------------------------------------------------------- report
TOTAL_SECS=$(( SECONDS - T0 ))
mkdir -p bench/results
STAMP=$(date +%F)
SUFFIX=""
(( QUICK )) && SUFFIX=-quick
OUT="bench/results/$STAMP$SUFFIX.md"
export QUICK DUR WARM ROUNDS CONNS STATS_CONNS ANTS_CONNS RUSH_CONNS WORKERS GEN_SECS TOTAL_SECS RSS_COLD RSS_BEFORE RSS_AFTER RSS_SERIES \
  RSS_MAX_BEFORE RSS_MAX_AFTER WORKER STATS_NOTE STATIC_PATH N_COMMUNES N_SITES N_DEVICES N_SLOTS N_FUTURE N_BOOKED
bench/report.sh "$RESULTS" "$VAR/check-final.txt" > "$OUT"
cat "$OUT"
log "results written to $OUT (${TOTAL_SECS} s in all)"
