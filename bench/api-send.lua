-- wrk script of bench/api-send.sh (LOADER=wrk): POSTs small JSON messages to
-- /api/v1/messages with a bearer token, each request with its own subject, and prints
-- one line in the format of bench/ApiSendLoad.java. Environment: MAILROOM_TOKEN,
-- BENCH_FROM, BENCH_TO, BENCH_LABEL.
local token = os.getenv("MAILROOM_TOKEN")
local from = os.getenv("BENCH_FROM")
local to = os.getenv("BENCH_TO")
local label = os.getenv("BENCH_LABEL") or "run"
local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  accepted = 0
  refused = 0
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"from":{"email":"%s","name":"Bench"},"to":[{"email":"%s"}],"subject":"Bench %s %d-%d",'
      .. '"text":"A small message from the REST API benchmark, number %d-%d. Nothing to read here."}',
    from, to, label, tid, counter, tid, counter)
  return wrk.format("POST", "/api/v1/messages",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  if status == 202 then
    accepted = accepted + 1
  else
    refused = refused + 1
    if refused <= 3 then
      io.stderr:write("error: " .. status .. " " .. body .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local ok, other = 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("accepted")
    other = other + thread:get("refused")
  end
  local seconds = summary.duration / 1e6
  other = other + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    "label=%s accepted=%d other=%d seconds=%.3f rps=%.1f p50=%.2f p90=%.2f p99=%.2f p999=%.2f max=%.2f\n",
    label, ok, other, seconds, ok / seconds, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000))
end
