-- stats.lua — a statistics page over a year for one commune (GET on the
-- path given in $BENCH_STATS_PATH, e.g. /stats/commune/1?annee=2026).
local R = dofile((os.getenv("BENCH_DIR") or "bench") .. "/report.lua")
wrk.method = "GET"
wrk.path = os.getenv("BENCH_STATS_PATH") or "/stats/"
done = R.done
