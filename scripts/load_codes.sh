#!/usr/bin/env bash
# Load test of the code routes against 127.0.0.1, bounded in time: builds a city with `cordon bench codes`, serves it,
# and drives it with wrk. Prints, for the same connection count, the empty authenticated route (the ceiling), a
# citizen's own code and a door's verification of the passes those citizens' phones got from the server, with their
# ratios, and of a pass signed elsewhere (checked by its signature); then an overload at ten times the connections
# (503 + Retry-After expected for the excess, bounded p99 for what is admitted), the server's memory before and after,
# and a recovery run.
# With POSTGRES_URL (a server's admin database, e.g. postgres://postgres@127.0.0.1:5432/postgres) it also builds the
# same city in a new database there, serves it, runs the same three routes and prints each against SQLite's figure of
# the same run; the overload part runs on SQLite.
# usage: scripts/load_codes.sh CORDON_BINARY [RESIDENTS=1000000] [SECONDS=15] [CONNECTIONS=32] [POSTGRES_URL]
set -euo pipefail
bin=$1; residents=${2:-1000000}; duration=${3:-15}; connections=${4:-32}; postgres=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
server=""; pg_server=""; pg_database=""
cleanup() {
  kill $server $pg_server 2>/dev/null || true
  wait 2>/dev/null || true
  [ -n "$pg_database" ] && psql -q "$postgres" -c "DROP DATABASE IF EXISTS $pg_database" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# start NAME [--database URL]: serves a `bench codes` city; sets $started_pid and $started_port, tokens in $work/NAME.tokens.
start() {
  local name=$1; shift
  started_port=$(free_port)
  "$bin" bench codes --residents "$residents" --serve-seconds 1800 --port "$started_port" --tokens "$work/$name.tokens" "$@" \
    > "$work/$name.out" 2> "$work/$name.err" &
  started_pid=$!
  for _ in $(seq 1 1800); do
    [ -s "$work/$name.tokens" ] && curl -s -o /dev/null "http://127.0.0.1:$started_port/healthz" && break
    kill -0 $started_pid 2>/dev/null || { cat "$work/$name.err"; exit 1; }
    sleep 1
  done
  cat "$work/$name.out"
}
# run MODE CONNECTIONS SECONDS [PASSES_FILE] [PORT] [TOKENS]
run() {
  wrk -t1 -c"$2" -d"$3"s --latency -s "$here/wrk_codes.lua" "http://127.0.0.1:${5:-$port}" -- "${6:-$work/sqlite.tokens}" "$1" ${4:-} |
    grep RESULT | sed "s/^RESULT/$1${4:+ issued} c=$2/"
}
# passes TOKENS PORT: the passes 500 citizens' phones were given just now, as doors would be shown them.
passes() {
  python3 - "$1" "http://127.0.0.1:$2/api/v1/me/codes" <<'PY'
import json, sys, urllib.request
for token in open(sys.argv[1]).read().split("\n")[2:502]:
    request = urllib.request.Request(sys.argv[2], headers={"Authorization": "Bearer " + token})
    print(json.load(urllib.request.urlopen(request))["codes"][0]["pass"])
PY
}

start sqlite; server=$started_pid; port=$started_port
tokens="$work/sqlite.tokens"
rss() { awk '/VmRSS/ {print $2 / 1024 " MiB"}' /proc/$server/status; }
run empty "$connections" 3 > /dev/null   # warm up: connections, caches, and each citizen's first code stored
run code "$connections" 5 > /dev/null
empty=$(run empty "$connections" "$duration"); echo "$empty"
code=$(run code "$connections" "$duration"); echo "$code"
passes "$tokens" "$port" > "$work/passes"
verify=$(run verify "$connections" "$duration" "$work/passes"); echo "$verify"
run verify "$connections" "$duration" | sed 's/^verify/verify signed-elsewhere/'
rps() { echo "$1" | sed 's/.* ok_rps=\([0-9]*\).*/\1/'; }
# Ratios of answered (2xx) requests per second: a shed request is not an answer.
echo "ratio code/empty   $(python3 -c "print(round($(rps "$code") / $(rps "$empty"), 3))")"
echo "ratio verify/empty $(python3 -c "print(round($(rps "$verify") / $(rps "$empty"), 3))")"
if [ -n "$postgres" ]; then
  # The same city and routes on PostgreSQL, while the SQLite server idles; each figure beside SQLite's of this run.
  pg_database="cordon_load_$$"
  psql -q "$postgres" -c "CREATE DATABASE $pg_database"
  start postgres --database "${postgres%/*}/$pg_database"; pg_server=$started_pid; pg_port=$started_port
  kill -STOP $server
  run empty "$connections" 3 "" "$pg_port" "$work/postgres.tokens" > /dev/null
  run code "$connections" 5 "" "$pg_port" "$work/postgres.tokens" > /dev/null
  pg_empty=$(run empty "$connections" "$duration" "" "$pg_port" "$work/postgres.tokens" | sed 's/^/postgres /'); echo "$pg_empty"
  pg_code=$(run code "$connections" "$duration" "" "$pg_port" "$work/postgres.tokens" | sed 's/^/postgres /'); echo "$pg_code"
  passes "$work/postgres.tokens" "$pg_port" > "$work/pg_passes"
  pg_verify=$(run verify "$connections" "$duration" "$work/pg_passes" "$pg_port" "$work/postgres.tokens" | sed 's/^/postgres /'); echo "$pg_verify"
  kill $pg_server; wait $pg_server 2>/dev/null || true; pg_server=""
  kill -CONT $server
  echo "ratio postgres/sqlite empty  $(python3 -c "print(round($(rps "$pg_empty") / $(rps "$empty"), 3))")"
  echo "ratio postgres/sqlite code   $(python3 -c "print(round($(rps "$pg_code") / $(rps "$code"), 3))")"
  echo "ratio postgres/sqlite verify $(python3 -c "print(round($(rps "$pg_verify") / $(rps "$verify"), 3))")"
fi
# Overload: ten and forty times the connections, every answer inspected. It must shed with 503 + Retry-After and
# nothing else, stay up, keep its memory bounded, and answer as before once the load drops.
overload() { wrk -t1 -c"$2" -d"$3"s --latency -s "$here/wrk_overload.lua" "http://127.0.0.1:$port" -- "$tokens" "$1" ${4:-} |
             grep -E 'RESULT|SHED' | tr '\n' ' ' | sed "s/^RESULT/$1 overload c=$2/; s/ SHED//"; echo; }
field() { echo "$1" | sed -n "s/.* $2=\([0-9.]*\).*/\1/p"; }
failures=""
fail() { failures="$failures\n  $1"; }
before=$(awk '/VmRSS/ {print int($2 / 1024)}' /proc/$server/status)
echo "memory before overload: $(rss)"
for spec in "code $((connections * 10))" "verify $((connections * 10)) $work/passes" "code $((connections * 40))"; do
  set -- $spec
  line=$(overload "$1" "$2" "$duration" "${3:-}"); echo "$line"
  kill -0 $server 2>/dev/null || { echo "FAIL: the server died under $1 at c=$2"; exit 1; }
  [ "$(field "$line" shed)" -gt 0 ] || fail "$1 c=$2: nothing was shed; the admission limit did not hold"
  [ "$(field "$line" without_retry_after)" -eq 0 ] || fail "$1 c=$2: 503 without Retry-After"
  [ "$(field "$line" other_non2xx)" -eq 0 ] || fail "$1 c=$2: answers other than 2xx and 503"
done
after=$(awk '/VmRSS/ {print int($2 / 1024)}' /proc/$server/status)
echo "memory after overload: $(rss)"
[ "$after" -le $((before + 256)) ] || fail "memory grew from $before MiB to $after MiB under overload"
recovery=$(run code "$connections" 5); echo "$recovery"
echo "memory after recovery: $(rss)"
[ "$(field "$recovery" non2xx)" -eq 0 ] || fail "after the overload, $(field "$recovery" non2xx) requests were still refused"
python3 -c "import sys; sys.exit(0 if $(rps "$recovery") >= 0.7 * $(rps "$code") else 1)" ||
  fail "after the overload it answers $(rps "$recovery")/s, against $(rps "$code")/s before"
if [ -n "$failures" ]; then printf "FAIL:$failures\n"; exit 1; fi
echo "overload: shed with 503 + Retry-After only, stayed up, memory bounded, recovered"
