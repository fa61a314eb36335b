-- GCRA for one key on one resource, decided and consumed atomically on the server, with the server's clock
-- (so replicas' clocks never matter). The same rules as RateLimiter.decide, in microseconds:
-- KEYS[1]  the state: a hash of theoretical arrival times (rm: requests a minute, tm: tokens a minute, rd: requests a day)
-- ARGV     cost, requests a minute, tokens a minute, requests a day (0: no daily limit)
-- returns  {allowed 1|0, limit, remaining, reset seconds, retry-after seconds}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local cost = tonumber(ARGV[1])
local rpm, tpm, rpd = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local MINUTE, DAY = 60000000, 86400000000
local state = redis.call('HMGET', KEYS[1], 'rm', 'tm', 'rd')
local rm, tm, rd = tonumber(state[1]) or 0, tonumber(state[2]) or 0, tonumber(state[3]) or 0

local function new_tat(tat, units, period, limit)
  if limit <= 0 then return math.huge end
  return math.max(tat, now) + units * math.floor(period / limit)
end
local function wait_for(tat, period, limit, units)
  if limit <= 0 or units > limit then return period end
  local allow_at = tat - period
  if allow_at > now then return allow_at - now end
  return 0
end
local function remaining(tat, period, limit)
  if limit <= 0 then return 0 end
  return math.min(limit, math.floor((period - (tat - now)) / math.floor(period / limit)))
end
local function int(x) return string.format('%.0f', x) end -- exact: Lua's default format keeps 14 digits
local function seconds(micros)
  if micros <= 0 then return 0 end
  return math.floor((micros + 999999) / 1000000)
end

local nrm = new_tat(rm, 1, MINUTE, rpm)
local ntm = new_tat(tm, cost, MINUTE, tpm)
local nrd = now
if rpd > 0 then nrd = new_tat(rd, 1, DAY, rpd) end
local wait = math.max(wait_for(nrm, MINUTE, rpm, 1), wait_for(ntm, MINUTE, tpm, cost))
if rpd > 0 then wait = math.max(wait, wait_for(nrd, DAY, rpd, 1)) end
if wait > 0 then
  local tat = math.max(rm, now)
  return {0, rpm, math.max(0, remaining(tat, MINUTE, rpm)), seconds(tat - now), math.max(1, seconds(wait))}
end
if rpd > 0 then
  redis.call('HSET', KEYS[1], 'rm', int(nrm), 'tm', int(ntm), 'rd', int(nrd))
  redis.call('PEXPIREAT', KEYS[1], int(math.floor(math.max(nrm, ntm, nrd) / 1000) + 1000))
else
  redis.call('HSET', KEYS[1], 'rm', int(nrm), 'tm', int(ntm))
  redis.call('PEXPIREAT', KEYS[1], int(math.floor(math.max(nrm, ntm) / 1000) + 1000))
end
return {1, rpm, remaining(nrm, MINUTE, rpm), seconds(nrm - now), 0}
