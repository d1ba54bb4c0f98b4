-- search.lua — the public search: the nearest sites and their earliest
-- free time, for a random commune of the département and a random identity
-- procedure, one person (GET /recherche).
local R = dofile((os.getenv("BENCH_DIR") or "bench") .. "/report.lua")
local insee, procs

function init(args)
  R.seed()
  insee = R.lines("insee.txt")
  procs = R.lines("procedures.txt")
end

function request()
  return wrk.format("GET", "/recherche?procedure=" .. R.pick(procs) ..
                    "&personnes=1&insee=" .. R.pick(insee))
end

done = R.done
