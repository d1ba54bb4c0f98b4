-- site.lua — a site's free times for a chosen day: a random site and one
-- of the chosen days (GET /site/<id>?procedure=CNI&personnes=1&jour=...).
local R = dofile((os.getenv("BENCH_DIR") or "bench") .. "/report.lua")
local sites, days

function init(args)
  R.seed()
  sites = R.lines("sites.txt")
  days = R.lines("days.txt")
end

function request()
  return wrk.format("GET", "/site/" .. R.pick(sites) ..
                    "?procedure=CNI&personnes=1&jour=" .. R.pick(days))
end

done = R.done
