-- static.lua — the ceiling: nginx serving a small static file (wrk -s).
local R = dofile((os.getenv("BENCH_DIR") or "bench") .. "/report.lua")
wrk.method = "GET"
wrk.path = os.getenv("BENCH_STATIC") or "/static/css/app.css"
done = R.done
