-- report.lua — shared by the wrk scripts of bench/: reads the data files
-- written by bench/run.sh and prints one machine-readable result line.
local M = {}

-- Lines of $BENCH_DATA/<name> (one value per line).
function M.lines(name)
  local dir = os.getenv("BENCH_DATA") or "."
  local t = {}
  local f = assert(io.open(dir .. "/" .. name, "r"), "missing " .. dir .. "/" .. name)
  for l in f:lines() do
    if l ~= "" then t[#t + 1] = l end
  end
  f:close()
  assert(#t > 0, "empty " .. name)
  return t
end

-- Each wrk thread has its own Lua state: seed each differently.
local seeded = false
function M.seed()
  if not seeded then
    local n = tonumber(tostring({}):match("0x(%x+)"), 16) or 0
    math.randomseed(os.time() + n % 100000)
    seeded = true
  end
end

function M.pick(t)
  return t[math.random(#t)]
end

-- RESULT line parsed by bench/run.sh: requests per second, latency
-- percentiles in ms, and errors (socket errors + HTTP statuses >= 400).
function M.done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "RESULT rps=%.1f requests=%d bytes=%d p50=%.2f p99=%.2f max=%.2f errors=%d connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests / secs, summary.requests, summary.bytes,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.status + e.timeout,
    e.connect, e.read, e.write, e.status, e.timeout))
end

return M
