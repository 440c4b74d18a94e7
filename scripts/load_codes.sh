#!/usr/bin/env bash
# Load test of the code routes against 127.0.0.1, bounded in time: builds a city with `cordon bench codes`, serves it,
# and drives it with wrk. Prints, for the same connection count, the empty authenticated route (the ceiling), a
# citizen's own code and a door's verification of the passes those citizens' phones got from the server, with their
# ratios, and of a pass signed elsewhere (checked by its signature); then an overload at ten times the connections
# (503 + Retry-After expected for the excess, bounded p99 for what is admitted), the server's memory before and after,
# and a recovery run.
# usage: scripts/load_codes.sh CORDON_BINARY [RESIDENTS=1000000] [SECONDS=15] [CONNECTIONS=32]
set -euo pipefail
bin=$1; residents=${2:-1000000}; duration=${3:-15}; connections=${4:-32}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$bin" bench codes --residents "$residents" --serve-seconds 1800 --port "$port" --tokens "$work/tokens" > "$work/bench.out" 2> "$work/bench.err" &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 1800); do
  [ -s "$work/tokens" ] && curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break
  kill -0 $server 2>/dev/null || { cat "$work/bench.err"; exit 1; }
  sleep 1
done
cat "$work/bench.out"
run() { wrk -t1 -c"$2" -d"$3"s --latency -s "$here/wrk_codes.lua" "http://127.0.0.1:$port" -- "$work/tokens" "$1" ${4:-} | grep RESULT | sed "s/^RESULT/$1${4:+ issued} c=$2/"; }
rss() { awk '/VmRSS/ {print $2 / 1024 " MiB"}' /proc/$server/status; }
run empty "$connections" 3 > /dev/null   # warm up: connections, caches, and each citizen's first code stored
run code "$connections" 5 > /dev/null
empty=$(run empty "$connections" "$duration"); echo "$empty"
code=$(run code "$connections" "$duration"); echo "$code"
# The passes 500 citizens' phones were given just now, as doors would be shown them.
python3 - "$work/tokens" "http://127.0.0.1:$port/api/v1/me/codes" > "$work/passes" <<'PY'
import json, sys, urllib.request
for token in open(sys.argv[1]).read().split("\n")[2:502]:
    request = urllib.request.Request(sys.argv[2], headers={"Authorization": "Bearer " + token})
    print(json.load(urllib.request.urlopen(request))["codes"][0]["pass"])
PY
verify=$(run verify "$connections" "$duration" "$work/passes"); echo "$verify"
run verify "$connections" "$duration" | sed 's/^verify/verify signed-elsewhere/'
rps() { echo "$1" | sed 's/.* ok_rps=\([0-9]*\).*/\1/'; }
# Ratios of answered (2xx) requests per second: a shed request is not an answer.
echo "ratio code/empty   $(python3 -c "print(round($(rps "$code") / $(rps "$empty"), 3))")"
echo "ratio verify/empty $(python3 -c "print(round($(rps "$verify") / $(rps "$empty"), 3))")"
echo "memory before overload: $(rss)"
run code $((connections * 10)) "$duration"
run verify $((connections * 10)) "$duration" "$work/passes"
run code $((connections * 40)) "$duration"
echo "memory after overload: $(rss)"
run code "$connections" 5
echo "memory after recovery: $(rss)"
