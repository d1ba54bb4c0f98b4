-- ants.lua — the ANTS appointment hub's search (GET /api/ants/
-- availableTimeSlots) as the hub sends it: the 50 meeting points of the
-- département, repeated keys without brackets, from today to the end of
-- the month 150 days ahead (the hub's default window widened to whole
-- months: $BENCH_ANTS_DATES), a reason and a number of people drawn as a
-- search mixes them. The hub's token comes as a header (wrk -H).
local R = dofile((os.getenv("BENCH_DIR") or "bench") .. "/report.lua")
local base
local reasons = { "CNI", "CNI", "PASSPORT", "CNI-PASSPORT" }
local people = { 1, 1, 1, 2, 3 }

function init(args)
  R.seed()
  local sites = R.lines("sites.txt")
  local ids = {}
  for i = 1, math.min(50, #sites) do
    ids[#ids + 1] = "meeting_point_ids=" .. sites[i]
  end
  base = "/api/ants/availableTimeSlots?" .. table.concat(ids, "&") .. "&" ..
         assert(os.getenv("BENCH_ANTS_DATES"), "BENCH_ANTS_DATES is not set")
end

function request()
  return wrk.format("GET", base .. "&reason=" .. R.pick(reasons) ..
                    "&documents_number=" .. R.pick(people))
end

done = R.done
