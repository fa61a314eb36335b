-- wrk script: rotates through a file of keys. Set by the environment:
--   BENCH_KEYS   file with one raw key per line
--   BENCH_MODE   verify | check | get | flood
--   BENCH_AUTH   the verifier's key (verify, flood)
--   BENCH_PATH   the path for "get"
local keys = {}
local i = 0
local mode = os.getenv("BENCH_MODE")
local auth = os.getenv("BENCH_AUTH")
local path = os.getenv("BENCH_PATH")

function init(args)
  for line in io.lines(os.getenv("BENCH_KEYS")) do
    if #line > 0 then keys[#keys + 1] = line end
  end
  i = math.random(#keys)
end

function request()
  i = i % #keys + 1
  local key = keys[i]
  if mode == "verify" or mode == "flood" then
    return wrk.format("POST", "/v1/keys/verify",
      { ["Authorization"] = "Bearer " .. auth, ["Content-Type"] = "application/json" },
      '{"key":"' .. key .. '"}')
  elseif mode == "check" then
    return wrk.format("GET", "/v1/auth/check", { ["X-API-Key"] = key, ["X-Forwarded-Uri"] = "/v1/models" })
  else
    return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. key })
  end
end
