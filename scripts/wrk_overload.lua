-- The requests of wrk_codes.lua, with every answer looked at: how many were shed (503), and how many of those came
-- without Retry-After, which a client needs to back off instead of hammering. For the overload runs of load_codes.sh.
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "wrk_codes.lua")
local report = done
local threads = {}
shed, unmarked, other = 0, 0, 0

function setup(thread) threads[#threads + 1] = thread end

function response(status, headers, body)
  if status == 503 then
    shed = shed + 1
    if not (headers["Retry-After"] or headers["retry-after"]) then unmarked = unmarked + 1 end
  elseif status >= 300 then
    other = other + 1
  end
end

function done(summary, latency, requests)
  local s, u, o = 0, 0, 0
  for _, t in ipairs(threads) do s, u, o = s + t:get("shed"), u + t:get("unmarked"), o + t:get("other") end
  report(summary, latency, requests)
  io.write(string.format("SHED shed=%d without_retry_after=%d other_non2xx=%d\n", s, u, o))
end
