-- wrk script: one request, repeated. BENCH_METHOD, BENCH_PATH, BENCH_AUTH, BENCH_BODY from the environment.
local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH")
local auth = os.getenv("BENCH_AUTH")
local body = os.getenv("BENCH_BODY")

function request()
  local headers = {}
  if auth and #auth > 0 then headers["Authorization"] = "Bearer " .. auth end
  if body and #body > 0 then headers["Content-Type"] = "application/json" end
  return wrk.format(method, path, headers, body)
end
