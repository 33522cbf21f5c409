-- wrk script of bench/serving-compare: one single-record text/csv POST per request; at the end one
-- line "REQ_PER_S P50_MS P99_MS ERRORS" (errors: non-2xx answers, connect/read/write errors, time-outs).
wrk.method = "POST"
wrk.body = "L,298.4,308.2,1582,70.7,216"
wrk.headers["Content-Type"] = "text/csv"

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("%.1f %.3f %.3f %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status + e.connect + e.read + e.write + e.timeout))
end
