-- wrk script of the load test (bench/loadtest.py): each request takes a random path of the
-- file LOADTEST_PATHS names; LOADTEST_DELAY_MS, if set, paces every connection (by default
-- none: as fast as the server answers); `done` prints the figures as one JSON line.
local paths = {}
local delay_ms = tonumber(os.getenv("LOADTEST_DELAY_MS") or "0")

function init(args)
  for line in io.lines(os.getenv("LOADTEST_PATHS")) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function delay()
  if delay_ms <= 0 then return 0 end
  -- Jittered, so connections do not fire in lock step.
  return math.floor(delay_ms * (0.5 + math.random()))
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'LOADTEST {"requests": %d, "duration_us": %d, "p50_ms": %.3f, "p95_ms": %.3f, '
      .. '"p99_ms": %.3f, "max_ms": %.3f, "connect": %d, "read": %d, "write": %d, '
      .. '"status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
