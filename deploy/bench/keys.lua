-- wrk script: rotates through a file of keys. Set by the environment:
--   BENCH_KEYS   file with one raw key per line
--   BENCH_MODE   verify | check | get | flood
--   BENCH_AUTH   the verifier's key (verify, flood)
--   BENCH_PATH   the path for "get"
--   BENCH_CERT_FP the client certificate's fingerprint to present (run.sh --mtls), if any
--   BENCH_RESOURCE the resource verify and check ask for (run.sh --redis), if any
-- Requests are formatted once in init, so wrk spends its CPU on sending, not on Lua.
local requests = {}
local i = 0
local mode = os.getenv("BENCH_MODE")
local auth = os.getenv("BENCH_AUTH")
local path = os.getenv("BENCH_PATH")
local cert = os.getenv("BENCH_CERT_FP")
local resource = os.getenv("BENCH_RESOURCE") -- run.sh --redis: the resource the project limits

local function format(key)
  if mode == "verify" or mode == "flood" then
    return wrk.format("POST", "/v1/keys/verify",
      { ["Authorization"] = "Bearer " .. auth, ["Content-Type"] = "application/json" },
      '{"key":"' .. key .. '"' .. (resource and (',"resource":"' .. resource .. '"') or '')
        .. (cert and (',"client_certificate_fingerprint":"' .. cert .. '"') or '') .. '}')
  elseif mode == "check" then
    local headers = { ["X-API-Key"] = key, ["X-Forwarded-Uri"] = resource or "/v1/models" }
    if cert then headers["X-Forwarded-Client-Cert"] = "Hash=" .. cert end
    return wrk.format("GET", "/v1/auth/check", headers)
  else
    return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. key })
  end
end

function init(args)
  for line in io.lines(os.getenv("BENCH_KEYS")) do
    if #line > 0 then requests[#requests + 1] = format(line) end
  end
  i = math.random(#requests)
end

function request()
  i = i % #requests + 1
  return requests[i]
end
