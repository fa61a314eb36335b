-- wrk script: one request, repeated. BENCH_METHOD, BENCH_PATH, BENCH_AUTH, BENCH_BODY from the environment.
-- The request is formatted once, so wrk spends its CPU on sending, not on Lua (it shares the two cores).
local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH")
local auth = os.getenv("BENCH_AUTH")
local body = os.getenv("BENCH_BODY")
local prepared

function init(args)
  local headers = {}
  if auth and #auth > 0 then headers["Authorization"] = "Bearer " .. auth end
  if body and #body > 0 then headers["Content-Type"] = "application/json" end
  prepared = wrk.format(method, path, headers, body)
end

function request()
  return prepared
end
