-- GCRA for one key on one resource, decided and consumed atomically on the server, with the server's clock
-- (so replicas' clocks never matter). The same rules as RateLimiter.decide, in microseconds, for up to WANT requests
-- at once: a replica takes a lease of requests it then admits without asking again (SharedWindows).
-- KEYS[1]  the state: a hash of theoretical arrival times (rm: requests a minute, tm: tokens a minute, rd: requests a day)
-- ARGV     cost of one request (tokens), requests wanted (>= 1), requests a minute, tokens a minute, requests a day (0: none)
-- returns  {requests granted (0: refused), limit, remaining, reset seconds, retry-after seconds, retry-after microseconds}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local cost, want = tonumber(ARGV[1]), tonumber(ARGV[2])
local rpm, tpm, rpd = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local MINUTE, DAY = 60000000, 86400000000
local state = redis.call('HMGET', KEYS[1], 'rm', 'tm', 'rd')
local rm, tm, rd = tonumber(state[1]) or 0, tonumber(state[2]) or 0, tonumber(state[3]) or 0

local function interval(period, limit) return math.floor(period / limit) end
-- how many requests of `units` each conform now: the arrival time may run at most one period ahead of now
local function fits(tat, period, limit, units)
  if limit <= 0 or units > limit then return 0 end
  local room = now + period - math.max(tat, now)
  if room <= 0 then return 0 end
  return math.floor(room / (units * interval(period, limit)))
end
local function wait_for(tat, period, limit, units)
  if limit <= 0 or units > limit then return period end
  local allow_at = math.max(tat, now) + units * interval(period, limit) - period
  if allow_at > now then return allow_at - now end
  return 0
end
local function remaining(tat, period, limit)
  if limit <= 0 then return 0 end
  return math.max(0, math.min(limit, math.floor((period - (tat - now)) / interval(period, limit))))
end
local function int(x) return string.format('%.0f', x) end -- exact: Lua's default format keeps 14 digits
local function seconds(micros)
  if micros <= 0 then return 0 end
  return math.floor((micros + 999999) / 1000000)
end

local granted = math.min(want, fits(rm, MINUTE, rpm, 1), fits(tm, MINUTE, tpm, cost))
if rpd > 0 then granted = math.min(granted, fits(rd, DAY, rpd, 1)) end
if granted < 1 then
  local wait = math.max(wait_for(rm, MINUTE, rpm, 1), wait_for(tm, MINUTE, tpm, cost))
  if rpd > 0 then wait = math.max(wait, wait_for(rd, DAY, rpd, 1)) end
  wait = math.max(wait, 1)
  local tat = math.max(rm, now)
  return {0, rpm, remaining(tat, MINUTE, rpm), seconds(tat - now), math.max(1, seconds(wait)), wait}
end
local nrm = math.max(rm, now) + granted * interval(MINUTE, rpm)
local ntm = math.max(tm, now) + granted * cost * interval(MINUTE, tpm)
if rpd > 0 then
  local nrd = math.max(rd, now) + granted * interval(DAY, rpd)
  redis.call('HSET', KEYS[1], 'rm', int(nrm), 'tm', int(ntm), 'rd', int(nrd))
  redis.call('PEXPIREAT', KEYS[1], int(math.floor(math.max(nrm, ntm, nrd) / 1000) + 1000))
else
  redis.call('HSET', KEYS[1], 'rm', int(nrm), 'tm', int(ntm))
  redis.call('PEXPIREAT', KEYS[1], int(math.floor(math.max(nrm, ntm) / 1000) + 1000))
end
return {granted, rpm, remaining(nrm, MINUTE, rpm), seconds(nrm - now), 0, 0}
