#!/usr/bin/env bash
# bench/report.sh RESULTS CHECK — the Markdown report of bench/run.sh (which
# exports the settings it reads): the machine, then each scenario's median
# and spread (min–max over the rounds), as a ratio of the ceiling of the
# same round, the targets, the CPU split, the consistency counts, the RSS.
set -euo pipefail
RESULTS=$1 CHECK=$2
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

cpu_model=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?")
# The report being written (a tracked file when the date's run is redone)
# is not a change to the code measured.
[[ -z "$(git -C "$ROOT" status --porcelain -- . ':!bench/results' 2>/dev/null | head -n 1)" ]] ||
  commit="$commit + uncommitted changes"
mariadb_v=$(mariadbd --version 2>/dev/null | sed -n 's/.*Ver \([^ ]*\).*/\1/p')
nginx_v=$( (nginx -v 2>&1 || true) | sed "s|.*nginx/||")
wrk_v=$( (wrk -v 2>&1 || true) | head -n 1 | awk '{ print $2 }')
mode=$([[ "$QUICK" == 1 ]] && echo "QUICK=1" || echo "full")

cat <<EOF
# \`make bench\` — $(date '+%Y-%m-%d %H:%M %Z') ($mode)

Machine: **$(nproc) cores, ${cpu_model:-unknown CPU}**, $mem RAM, Linux $(uname -r).
MariaDB $mariadb_v (innodb_flush_log_at_trx_commit = 1), nginx $nginx_v, wrk $wrk_v; commit $commit.

Stack: scripts/stack.sh as \`make run\` starts it, $WORKERS public workers. Data
(bench/gen-data.sql): $N_COMMUNES communes, $N_SITES sites, $N_DEVICES devices, $N_SLOTS slots
($N_FUTURE still to come, 90-day horizon, a year of history), $N_BOOKED confirmed
appointments, generated in ${GEN_SECS} s. $ROUNDS rounds; wrk scenarios ${DUR} s each
($CONNS connections, $STATS_CONNS for the statistics), the rush with $RUSH_CONNS people at
once until the places of its days are gone. Ceiling: nginx serving \`$STATIC_PATH\`.
Whole run: ${TOTAL_SECS} s.

EOF

awk -v quick="$QUICK" -v ants_conns="${ANTS_CONNS:-16}" -v rss_series="$RSS_SERIES" -v rss_c="$RSS_COLD" -v rss_b="$RSS_BEFORE" -v rss_a="$RSS_AFTER" -v rssm_b="$RSS_MAX_BEFORE" -v rssm_a="$RSS_MAX_AFTER" \
    -v worker="$WORKER" -v stats_note="$STATS_NOTE" -v checkfile="$CHECK" -v cores="$(nproc)" '
function kv(line, key,   re, m) {
  re = " " key "=[^ ]*"
  if (match(" " line, re)) { m = substr(" " line, RSTART + length(key) + 2, RLENGTH - length(key) - 2); return m }
  return ""
}
function num(s) { gsub(/%/, "", s); return s + 0 }
# median and min-max of the values v[1..n]
function stats3(arr, n,   i, j, t, a) {
  for (i = 1; i <= n; i++) a[i] = arr[i]
  for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
  MED = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  LO = a[1]; HI = a[n]
}
function fmt(x, d) { return sprintf("%." d "f", x) }
{
  name = $1; r = kv($0, "round") + 0
  if (name == "check") { for (i = 2; i <= NF; i++) { split($i, p, "="); chk[r, p[1]] = p[2] }; next }
  seen[name] = 1; rounds[r] = 1
  if (name == "rush") {
    val[name, r] = kv($0, "rate") + 0
    conf[r] = kv($0, "confirmed") + 0; secs[r] = kv($0, "secs") + 0
    c409[r] = kv($0, "conflicts") + 0; reqs[r] = kv($0, "requests") + 0
    days[r] = kv($0, "days"); fallbacks[r] = kv($0, "fallbacks") + 0; complete[r] = kv($0, "complete")
    redo[r] = kv($0, "redo") + 0
    for (k = 1; k <= 6; k++) { split("site form book hold confirm booking", nm, " "); parts[r, nm[k]] = kv($0, nm[k]); lat[r, nm[k]] = kv($0, "lat_" nm[k]) }
  } else val[name, r] = kv($0, "rps") + 0
  p50[name, r] = kv($0, "p50") + 0; p99[name, r] = kv($0, "p99") + 0
  err[name, r] = kv($0, "errors") + 0
  cpu[name, r] = "MariaDB " kv($0, "mariadb") ", public workers " kv($0, "public") ", statistics " kv($0, "stats") ", nginx " kv($0, "nginx") ", api workers " kv($0, "api") ", load generator " kv($0, "client")
  mdb[name, r] = num(kv($0, "mariadb")); pub[name, r] = num(kv($0, "public")); ngx[name, r] = num(kv($0, "nginx"))
  apiw[name, r] = num(kv($0, "api")); byt[name, r] = kv($0, "bytes") + 0; nreq[name, r] = kv($0, "requests") + 0
  sts[name, r] = num(kv($0, "stats")); cli[name, r] = num(kv($0, "client"))
}
END {
  n = 0; for (r in rounds) n++
  NORD = split("ceiling search site ants stats rush", order, " ")
  label["ceiling"] = "ceiling: nginx, static file"; label["search"] = "public search"
  label["site"] = "a site\x27s free times for a day"; label["stats"] = "statistics, a year of one commune"
  label["ants"] = "ANTS hub: availableTimeSlots, 50 meeting points x 5 months"
  label["rush"] = "rush: confirmed bookings per second"
  target["search"] = 0.05; target["site"] = 0.07; target["rush"] = 0.025
  print "## Results (median, and min–max over the rounds)\n"
  print "| scenario | per second | ratio to the ceiling | p50 ms | p99 ms | errors |"
  print "|---|---|---|---|---|---|"
  for (o = 1; o <= NORD; o++) {
    s = order[o]
    if (!(s in seen)) { if (s == "stats") printf "| %s | %s | | | | |\n", label[s], stats_note; continue }
    for (r = 1; r <= n; r++) { a[r] = val[s, r]; rt[r] = val["ceiling", r] ? val[s, r] / val["ceiling", r] : 0 }
    stats3(a, n); vm = MED; vl = LO; vh = HI; VMED[s] = vm
    stats3(rt, n); RM[s] = MED; rl = LO; rh = HI
    for (r = 1; r <= n; r++) a[r] = p50[s, r]; stats3(a, n); pm = MED; pl = LO; ph = HI
    for (r = 1; r <= n; r++) a[r] = p99[s, r]; stats3(a, n); qm = MED; ql = LO; qh = HI; Q99[s] = MED; Q99MAX[s] = HI
    e = 0; for (r = 1; r <= n; r++) e += err[s, r]; ERR[s] = e
    printf "| %s | %s (%s–%s) | %s (%s–%s) | %s (%s–%s) | %s (%s–%s) | %d |\n", label[s],
      fmt(vm, 0), fmt(vl, 0), fmt(vh, 0),
      s == "ceiling" ? "1" : fmt(100 * RM[s], 2) " %", s == "ceiling" ? "1" : fmt(100 * rl, 2) " %", s == "ceiling" ? "1" : fmt(100 * rh, 2) " %",
      fmt(pm, 1), fmt(pl, 1), fmt(ph, 1), fmt(qm, 1), fmt(ql, 1), fmt(qh, 1), e
  }
  print ""
  if ("ants" in seen) {
    tb = 0; tn = 0; for (r = 1; r <= n; r++) { tb += byt["ants", r]; tn += nreq["ants", r] }
    cb = 0; cn = 0; for (r = 1; r <= n; r++) { cb += byt["ceiling", r]; cn += nreq["ceiling", r] }
    per = (tn > 0) ? tb / tn : 0; file = (cn > 0) ? cb / cn : 0; times = (file > 0) ? RM["ants"] * per / file : 0
    if (tn > 0) printf "An availableTimeSlots answer (the 50 meeting points, %d connections) weighs %.2f MB on average: the scenario moved %.0f MB/s (median rate), %.1f times the bytes per second of the ceiling (%.1f kB a file).\n\n", ants_conns, per / 1e6, VMED["ants"] * per / 1e6, times, file / 1e3
  }
  if ("rush" in seen) {
    print "### The rush, round by round\n"
    print "| round | days | all places taken | confirmed | seconds | per second | requests | \"no more places\" (409) | families booking alone | errors | overbooked slots | counter mismatches | bookings not whole | persons without lock | still held |"
    print "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    over = 0; bad = 0
    for (r = 1; r <= n; r++) {
      printf "| %d | %s | %s | %d | %.1f | %.1f | %d | %d | %d | %d | %s | %s | %s | %s | %s |\n", r, days[r], complete[r] == "0" ? "**no** (time limit)" : "yes", conf[r], secs[r],
        val["rush", r], reqs[r], c409[r], fallbacks[r], err["rush", r], chk[r, "slots_overbooked"],
        chk[r, "slots_counter_mismatch"], chk[r, "bookings_not_whole"], chk[r, "persons_without_lock"], chk[r, "bookings_held"]
      over += chk[r, "slots_overbooked"]
      bad += chk[r, "slots_counter_mismatch"] + chk[r, "bookings_not_whole"] + chk[r, "persons_without_lock"]
      newc[r] = chk[r, "new_confirmed"]
    }
    kinds = ""
    split("site form book hold confirm booking", nm, " ")
    split("free times page|form|POST /reserver|code page|POST /confirmer|booking page", lab, "|")
    for (k = 1; k <= 6; k++) if (parts[1, nm[k]] !~ /^0\//) kinds = kinds (kinds ? ", " : "") lab[k] " " parts[1, nm[k]]
    print "\nRequests of the rush by kind, round 1 (sent/409/errors): " kinds "."
    kinds = ""
    for (k = 1; k <= 6; k++) if (lat[1, nm[k]] != "") kinds = kinds (kinds ? ", " : "") lab[k] " " lat[1, nm[k]]
    if (kinds != "") print "\nLatency of the rush by kind, round 1 (p50/p99, ms): " kinds "."
    OVER = over; BAD = bad
  }
  while ((getline line < checkfile) > 0) { split(line, p, "\t"); fin[p[1]] = p[2] }
  printf "\n%s after the run: %s confirmed appointments (%s made by the rushes), %s held, %s overbooked slots (all slots), %s counter mismatches, %s confirmed bookings not whole, %s persons without their lock.\n\n",
    quick == 1 ? "The rushes\x27 bookings" : "The whole data set", fin["bookings_confirmed"], chk[n, "new_confirmed"], fin["bookings_held"],
    fin["slots_overbooked"], fin["slots_counter_mismatch"], fin["bookings_not_whole"], fin["persons_without_lock"]

  ns = split(rss_series, rs, " ")
  series = ""; for (i = 1; i <= ns; i++) series = series (i > 1 ? ", " : "") rs[i] " kB"
  grow = ns >= 2 ? rs[ns] - rs[1] : rss_a - rss_b
  printf "Public worker %s: RSS %d kB at start, %d kB after the warm-up, after each round: %s; largest worker %d kB -> %d kB. Growth from the first round to the last: %+d kB.\n\n", worker, rss_c, rss_b, series, rssm_b, rssm_a, grow

  print "## Targets (ratios to the ceiling of the same round)\n"
  print "| target | measured | met |"
  print "|---|---|---|"
  ok = (RM["search"] >= 0.05); printf "| public search >= 5 %% | %.2f %% | %s |\n", 100 * RM["search"], ok ? "yes" : "**no**"
  ok = (Q99["search"] < 50); printf "| public search p99 < 50 ms at 64 connections | %.1f ms | %s |\n", Q99["search"], ok ? "yes" : "**no**"
  ok = (RM["site"] >= 0.07); printf "| a site\x27s free times >= 7 %% | %.2f %% | %s |\n", 100 * RM["site"], ok ? "yes" : "**no**"
  if ("ants" in seen) {
    ok = (Q99["ants"] < 50); printf "| ANTS availableTimeSlots p99 < 50 ms at %d connections | %.1f ms | %s |\n", ants_conns, Q99["ants"], ok ? "yes" : "**no**"
    ok = (RM["ants"] >= 0.05); printf "| ANTS availableTimeSlots >= 5 %% | %.2f %% | %s |\n", 100 * RM["ants"], ok ? "yes" : "**no**"
    ok = (ERR["ants"] == 0); printf "| ANTS availableTimeSlots: 0 errors | %d | %s |\n", ERR["ants"], ok ? "yes" : "**no**"
  }
  if ("rush" in seen) {
    ok = (RM["rush"] >= 0.025); printf "| rush >= 2.5 %% in confirmed bookings per second | %.2f %% | %s |\n", 100 * RM["rush"], ok ? "yes" : "**no**"
    ok = (OVER == 0 && fin["slots_overbooked"] == 0); printf "| rush: 0 overbooked slots | %d | %s |\n", OVER + fin["slots_overbooked"], ok ? "yes" : "**no**"
    ok = (ERR["rush"] == 0); printf "| rush: 0 errors but \"no more places\" | %d | %s |\n", ERR["rush"], ok ? "yes" : "**no**"
    ok = (Q99["rush"] < 200); printf "| rush p99 < 200 ms at 256 connections | %.1f ms | %s |\n", Q99["rush"], ok ? "yes" : "**no**"
    ok = (BAD == 0); printf "| rush: every confirmed booking whole, counters right | %d faults | %s |\n", BAD, ok ? "yes" : "**no**"
  }
  ok = (rss_a < 16384); printf "| worker RSS < 16 MiB | %.1f MiB | %s |\n", rss_a / 1024, ok ? "yes" : "**no**"
  ok = (grow <= 256); printf "| worker RSS not growing (<= 256 kB from the first round to the last) | %+d kB | %s |\n", grow, ok ? "yes" : "**no**"

  print "\n## Where the CPU goes (share of all cores during each scenario, round 2)\n"
  print "| scenario | MariaDB | public workers | statistics | api workers | nginx | load generator | idle, other processes |"
  print "|---|---|---|---|---|---|---|---|"
  rr = (n >= 2) ? 2 : 1
  for (o = 1; o <= NORD; o++) {
    s = order[o]; if (!(s in seen)) continue
    idle = 100 - mdb[s, rr] - pub[s, rr] - sts[s, rr] - apiw[s, rr] - ngx[s, rr] - cli[s, rr]
    printf "| %s | %d %% | %d %% | %d %% | %d %% | %d %% | %d %% | %d %% |\n", s, mdb[s, rr], pub[s, rr], sts[s, rr], apiw[s, rr], ngx[s, rr], cli[s, rr], idle
  }
  # What the rush target leaves per booking, against what a booking took
  # in the same round: the whole machine, and all of it but MariaDB.
  if (("rush" in seen) && val["rush", rr] > 0 && val["ceiling", rr] > 0 && cores > 0) {
    whole = 1000 * cores / val["rush", rr]
    busy = (100 - (100 - mdb["rush", rr] - pub["rush", rr] - sts["rush", rr] - ngx["rush", rr] - cli["rush", rr])) / 100
    printf "\nIn the rush of round %d the machine (%d cores) spent %.2f ms per confirmed booking (%.0f %% busy): %.2f ms in MariaDB and %.2f ms in the public workers, nginx and the load generator. 2.5 %% of that round\x27s ceiling (%.0f bookings/s) would leave %.2f ms per booking for all of them.\n",
      rr, cores, whole * busy, 100 * busy, whole * mdb["rush", rr] / 100,
      whole * (pub["rush", rr] + ngx["rush", rr] + cli["rush", rr]) / 100, 0.025 * val["ceiling", rr], 1000 * cores / (0.025 * val["ceiling", rr])
  }
  if (("rush" in seen) && conf[rr] > 0 && redo[rr] > 0)
    printf "\nMariaDB wrote %.1f kB of redo log per confirmed booking in that rush (its messages\x27 delivery included).\n", redo[rr] / conf[rr] / 1000
}' "$RESULTS"

cat <<'EOF'

## What limits each scenario

Profiles (perf on MariaDB and the workers, the general and slow query
logs, the handler counters) say the same for every dynamic page: MariaDB's
CPU goes into setting each statement up (parsing the parameters,
fix_fields, the range optimizer's index dives, a thread switch per round
trip), far more than into reading rows. So each page now makes as few
statements as it can, and no statement pays a second round trip
(COM_STMT_RESET is sent only after an error):

- **ceiling**: nginx and wrk share the two cores.
- **search**: at most one statement a page. The procedures, sites,
  devices and the communes' windows come from each worker's copy of the
  catalog (`cgi-bin/core/catalog.c`), whose version a statement brings
  along (a change made anywhere shows at once); postcodes and INSEE codes
  are remembered per worker; each device's earliest run is kept by the
  worker while the device's counter of changes to its free places
  (`cgi-bin/core/freegen.c`, a file every program maps, bumped after the
  commit of every booking, cancellation, expired hold, closure and slot
  regeneration) has not moved. A page whose devices are all known asks
  MariaDB only for the catalog's version; the others read the first free
  slots of the changed devices from the index `ix_slot_free` (one
  subquery each). What is left is the worker (the page) and nginx; p99 is
  queueing (64 connections for 8 workers).
- **site**: the same for a site's strip of 14 days and the chosen day's
  times, kept per device and local day while the day's counter (moved
  only by changes to that day) holds, in memory all the public workers
  share (`cgi-bin/core/keptdays.c`: what one worker read, the others
  find): one statement reads the days that changed, else the page asks
  only for the catalog's version; then the page in the worker.
- **ants**: the hub's availableTimeSlots for the 50 meeting points over
  five months, megabytes of JSON a call. Each creneau-api worker keeps a
  meeting point's month of free runs, for a procedure and a number of
  people, with their times already written as the hub reads them
  (`cgi-bin/core/ants.c`), while the counters of the month's days
  (`free-places.gen`, the site page's) hold and for a minute at most; a
  month read again takes its days from the workers' shared kept days
  or one statement. A kept answer costs the sums of those counters, the
  JSON copied out, and nginx passing it on.
- **statistics**: seven passes over a year of the commune's bookings, each
  read from a covering index (`sql/007_stats_perf.sql`), plus the fill
  rate and the lead-time median: MariaDB at 98 %.
- **rush**: per confirmed booking about 18 statements and 2 durable
  commits (innodb_flush_log_at_trx_commit = 1) in the public workers: the
  free-times page (1 statement, reading only the day being booked), the
  form (1, the slot alone: procedure, site and device come from the
  catalog), the hold (9, its run read by the page's statement, and a
  transaction), the confirmation (3: the booking's row and people with
  the address's failed tries, the hold confirmed with its right code by
  one single-table UPDATE, its message, and a transaction; no temporary
  table, where MariaDB made one for a GROUP_CONCAT of the people and two
  for a two-table UPDATE of the code and the booking), the
  people who came too late (a 409 costs 1 or 2 statements and the site's
  day, and the form comes back with the nearest other times, so the
  person sends it again without a new form); the notification worker
  claims and records its messages per batch. MariaDB's CPU per statement
  (about 20 to 60 µs measured alone, a durable commit about 100 µs more)
  and the page's round trips (a thread switch each, in MariaDB and in
  the worker: a third of a worker's time is spent in the client library
  and the kernel around its statements) make the cost; the two cores are
  shared with nginx and 256 clients, and p99 is queueing (256 people for
  8 workers: every kind of page waits about as long, see the latency by
  kind above; p99 is about 1.5 times 256 divided by the requests per
  second). The load generator takes its share: it reads the codes with a
  non-blocking query on its event loop (a blocking one stopped every
  person a tenth of the time) and its people arrive over the first second
  (arriving at the same instant, they went through the pages in step for
  the whole run, each page waiting behind a queue of one kind). The line
  under the CPU split compares a booking's cost with what 2.5 % of the
  ceiling leaves: the public workers, nginx and the load generator alone
  already take more than that, for the four pages a person goes through
  (the free times, the form, the hold, the code), so that target is out
  of reach on this machine whatever MariaDB costs. Tried and dropped: a
  stored procedure writing a hold in one round trip (MariaDB spent more
  CPU on it than on the five statements it replaced), MariaDB's pool of
  threads (no better).
EOF
