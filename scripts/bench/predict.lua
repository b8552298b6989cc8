-- wrk script: POST one image to /api/predict over kept-alive connections, and collect the server's own
-- inference time (timings.inferenceMs) and whole classify time (timings.totalMs, which adds the decode and
-- resize) from each answer, so the round trip can be split into inference, preprocessing and the rest.
-- Usage: IMAGE=path/to/image.jpg wrk -t1 -cN -dS --latency -s predict.lua http://127.0.0.1:PORT/api/predict

local image = assert(io.open(os.getenv("IMAGE"), "rb"), "set IMAGE to a JPEG file")
wrk.method = "POST"
wrk.body = image:read("*a")
wrk.headers["Content-Type"] = "image/jpeg"
image:close()

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

-- Per thread: the inference and total times seen, as comma-separated strings (wrk copies strings between threads).
inference = ""
total = ""
failures = 0

function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
    return
  end
  local ms = body:match('"inferenceMs":%s*([%d%.]+)')
  if ms then
    inference = inference .. ms .. ","
    local t = body:match('"totalMs":%s*([%d%.]+)')
    if t then total = total .. t .. "," end
  end
end

local function median(values)
  table.sort(values)
  return values[math.floor(#values / 2) + 1]
end

function done(summary, latency, requests)
  local times, totals, failed = {}, {}, 0
  for _, thread in ipairs(threads) do
    for ms in string.gmatch(thread:get("inference"), "([^,]+)") do
      table.insert(times, tonumber(ms))
    end
    for ms in string.gmatch(thread:get("total"), "([^,]+)") do
      table.insert(totals, tonumber(ms))
    end
    failed = failed + thread:get("failures")
  end
  local seconds = summary.duration / 1e6
  -- One machine-readable line; bench.sh turns it into the table.
  io.write(string.format("RESULT requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f server_inference_p50_ms=%.2f server_total_p50_ms=%.2f non200=%d errors=%d\n",
    summary.requests, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    #times > 0 and median(times) or 0, #totals > 0 and median(totals) or 0, failed, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
