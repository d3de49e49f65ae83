-- wrk script for scripts/bench/workloads: one request shape per run, chosen by $WORKLOAD, so that
-- successive requests ask for different things and the order-list cache cannot answer them all.
--   list     the same admin list, 50 per page (what the cache serves best)
--   pages    pages 1-150 of the admin list in turn, 50 per page
--   filters  status, mechanic and search-text filters in turn, each over its first 20 pages
--   seed     new orders, each with its own VIN and car number
--   move     moves orders 1..$MAX_ID to in_progress, spread over the threads
-- Signed in with the bearer token in $FELIX_TOKEN. Reports p50, p99 and failures.
local workload = os.getenv("WORKLOAD") or "list"
local token = os.getenv("FELIX_TOKEN")
local mechanics = {}
for id in string.gmatch(os.getenv("MECHANIC_IDS") or "", "%d+") do mechanics[#mechanics + 1] = id end
local max_id = tonumber(os.getenv("MAX_ID") or "1")

wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Content-Type"] = "application/json"

local threads = {}
function setup(thread)
  thread:set("offset", #threads)
  threads[#threads + 1] = thread
end

local n = 0
local parts = { "brake_pads", "oil_filter", "air_filter", "spark_plugs", "timing_belt" }
local filters = { "status=new", "status=in_progress", "status=open", "q=BP-1", "q=TEST12", "vin=FH0" }

function request()
  n = n + 1
  local i = n * 2 + (offset or 0)
  if workload == "pages" then
    return wrk.format("GET", "/api/orders?per_page=50&page=" .. (n % 150 + 1))
  elseif workload == "filters" then
    local choice = n % (#filters + #mechanics)
    local filter = filters[choice + 1] or ("mechanic_id=" .. mechanics[choice - #filters + 1])
    return wrk.format("GET", "/api/orders?per_page=50&" .. filter .. "&page=" .. (math.floor(n / 7) % 20 + 1))
  elseif workload == "seed" then
    local body = string.format(
      '{"mechanic_name":"Bench Mechanic","vin":"FH0%014d","car_number":"%02d-%03d-%02d","part_type":"%s","category":"brakes","original_or_analog":"%s"}',
      i, i % 100, i % 1000, math.floor(i / 1000) % 100, parts[i % #parts + 1], (i % 2 == 0) and "original" or "analog")
    return wrk.format("POST", "/api/orders", nil, body)
  elseif workload == "move" then
    local id = (i % max_id) + 1
    return wrk.format("PATCH", "/api/admin/orders/" .. id .. "/status", nil, '{"status":"in_progress"}')
  end
  return wrk.format("GET", "/api/orders?per_page=50")
end

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("p50_ms=%.2f p99_ms=%.2f failed=%d\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
