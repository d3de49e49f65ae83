-- wrk script: POST /api/orders with the rollout plan's body, signed in with $FELIX_TOKEN.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("FELIX_TOKEN")
wrk.body = '{"mechanic_name":"Test Mechanic","vin":"TEST123456789","car_number":"12-345-67","part_type":"brake_pads","category":"brakes","original_or_analog":"original"}'

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("non-2xx or failed: %d\n", errors))
end
