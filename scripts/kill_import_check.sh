#!/usr/bin/env bash
# Fault check: SIGKILL `cordon import residents` in the middle of writing, then show that the database is exactly as
# it was before the import and that the server starts cleanly on it.
set -euo pipefail
bin=$1
work=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

"$bin" demo --residents 100000 --database "$work/source.sqlite" --no-serve >/dev/null 2>&1
"$bin" export areas --database "$work/source.sqlite" -o "$work/areas.csv"
"$bin" export residents --database "$work/source.sqlite" -o "$work/residents.csv"
"$bin" import areas "$work/areas.csv" --database "$work/target.sqlite" >/dev/null
before=$("$bin" export residents --database "$work/target.sqlite" | wc -l)

"$bin" import residents "$work/residents.csv" --database "$work/target.sqlite" >/dev/null 2>&1 &
pid=$!
caught=""
for _ in $(seq 1 600); do
  size=$(stat -c %s "$work/target.sqlite-wal" 2>/dev/null || echo 0)
  if [ "$size" -gt 4000000 ]; then kill -9 "$pid"; caught=1; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05
done
wait "$pid" 2>/dev/null || true
[ -n "$caught" ] || { echo "kill-import: the import finished before it could be killed"; echo "0 passed, 1 failed"; exit 1; }

after=$("$bin" export residents --database "$work/target.sqlite" | wc -l)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$bin" serve --database "$work/target.sqlite" --port "$port" >/dev/null 2>&1 &
server=$!
ok=""
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && { ok=1; break; }; sleep 0.5; done
kill "$server" 2>/dev/null || true
if [ "$before" = "1" ] && [ "$after" = "1" ] && [ -n "$ok" ]; then
  echo "kill-import: killed mid-write, residents before $((before - 1)), after $((after - 1)); server healthy"
  echo "1 passed, 0 failed"
else
  echo "kill-import: residents before $((before - 1)), after $((after - 1)), server healthy: ${ok:-no}"
  echo "0 passed, 1 failed"
  exit 1
fi
