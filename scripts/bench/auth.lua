-- wrk script: GET with the bearer token in $FELIX_TOKEN, reporting p99 and failures.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("FELIX_TOKEN")

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("p50_ms=%.2f p99_ms=%.2f non-2xx or failed: %d\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
