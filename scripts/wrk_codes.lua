-- Requests for scripts/load_codes.sh. Arguments after "--": TOKENS_FILE MODE [PASSES_FILE], where the tokens file
-- holds the door's token, a pass signed outside the server, then one citizen token per line, and MODE is empty
-- (GET /api/v1/me, the authenticated empty route), code (a citizen's own code with its pass) or verify (a door checking
-- passes: those in PASSES_FILE, one per line, as citizens' phones got them from the server, else the outside one).
local tokens, passes, door, mode, n, p = {}, {}, nil, nil, 0, 0

function init(args)
  local lines = {}
  for line in io.lines(args[1]) do lines[#lines + 1] = line end
  door, mode = lines[1], args[2]
  for i = 3, #lines do tokens[#tokens + 1] = lines[i] end
  if args[3] then for line in io.lines(args[3]) do passes[#passes + 1] = line end end
  if #passes == 0 then passes[1] = lines[2] end
  n, p = math.random(#tokens), math.random(#passes)
end

function request()
  n = n % #tokens + 1
  if mode == "verify" then
    p = p % #passes + 1
    return wrk.format("POST", "/api/v1/passes/verify",
      { ["Authorization"] = "Bearer " .. door, ["Content-Type"] = "application/json" }, '{"pass":"' .. passes[p] .. '"}')
  elseif mode == "code" then
    return wrk.format("GET", "/api/v1/me/codes", { ["Authorization"] = "Bearer " .. tokens[n] })
  end
  return wrk.format("GET", "/api/v1/me", { ["Authorization"] = "Bearer " .. tokens[n] })
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT rps=%.0f ok_rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.1f requests=%d non2xx=%d socket_errors=%d\n",
    summary.requests / seconds, (summary.requests - e.status) / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
