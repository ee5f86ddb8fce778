-- wrk script: POSTs generated order-select bodies round-robin over keep-alive connections.
--   wrk ... -s post_bodies.lua URL -- BODY_DIR PATH
-- BODY_DIR holds req-0000.json ... (bench_generate); PATH is the service path to POST to.
-- With BENCH_STOP_AFTER=N in the environment, each thread stops after N responses and touches
-- BENCH_STOP_MARK.<thread> so the caller can end the run after an exact number of calls.
-- done() prints one "RESULT key=value ..." line (latencies in microseconds) for run.sh.

local bodies = {}
local next_body = 0
thread_id = 0  -- global: setup() sets it per thread with thread:set()

local stop_after = tonumber(os.getenv("BENCH_STOP_AFTER") or "0")
local stop_mark = os.getenv("BENCH_STOP_MARK") or ""

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
  table.insert(threads, thread)
end

function init(args)
  local dir, path = args[1], args[2]
  for i = 0, 9999 do
    local f = io.open(string.format("%s/req-%04d.json", dir, i), "rb")
    if not f then break end
    local body = f:read("*a")
    f:close()
    bodies[#bodies + 1] = wrk.format("POST", path, { ["Content-Type"] = "application/json" }, body)
  end
  if #bodies == 0 then
    io.stderr:write("post_bodies.lua: no req-*.json in " .. tostring(dir) .. "\n")
    os.exit(2)
  end
  -- Threads start at different bodies so the mix is spread from the first request.
  next_body = (thread_id * 7) % #bodies
end

-- With BENCH_UNIQUE_HOOK_INSTANCE=1 every request gets its own hookInstance (a ledger shared by
-- several instances stores a call once per hookInstance, so replayed bodies would be retries).
-- The replacement is a UUID of the same length, so Content-Length still holds. It holds the
-- run's start second as well as the thread and request number: the runs of one bench share the
-- ledger, and a hookInstance seen in an earlier run would be stored as a retry, not a new call.
local unique = os.getenv("BENCH_UNIQUE_HOOK_INSTANCE") == "1"
local run_id = os.time() % 0x10000
local sent = 0

function request()
  next_body = next_body % #bodies + 1
  if not unique then return bodies[next_body] end
  sent = sent + 1
  local id = string.format('"hookInstance":"%08x-%04x-4000-8000-%012x"', thread_id, run_id, sent)
  return (string.gsub(bodies[next_body], '"hookInstance":"[^"]*"', id, 1))
end

if stop_after > 0 then
  local seen = 0
  local bad = 0
  function response(status, headers, body)
    seen = seen + 1
    if status ~= 200 then bad = bad + 1 end
    if seen == stop_after then
      local f = io.open(stop_mark .. "." .. thread_id, "w")
      if f then
        f:write(string.format("%d %d\n", seen, bad))
        f:close()
      end
      wrk.thread:stop()
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50=%d p90=%d p99=%d max=%d mean=%.0f " ..
    "non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean, e.status, e.connect, e.read, e.write, e.timeout))
end
