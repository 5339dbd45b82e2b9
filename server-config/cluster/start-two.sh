#!/usr/bin/env bash
# Two chat instances (Tomcat on 8081 and 8082, started by Cargo as the README's run command
# does) sharing rooms through Redis, behind nginx on http://localhost:8080/chat/.
#   bash server-config/cluster/start-two.sh        (Ctrl+C stops everything it started)
# Needs redis-server and nginx (Debian: apt-get install redis-server nginx). Uses the Redis
# on 127.0.0.1:6379 if one answers, else starts one there with an append-only file.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=target/cluster
mkdir -p "$work/nginx/temp"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; [ ! -f "$work/nginx/nginx.pid" ] || kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true' EXIT

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  redis-server --port 6379 --bind 127.0.0.1 --dir "$work" --appendonly yes --daemonize no > "$work/redis.log" 2>&1 &
  pids+=($!)
  sleep 1
fi
export CHAT_REDIS_URL=redis://127.0.0.1:6379
# Every client reaches the instances through nginx on 127.0.0.1: trust its X-Forwarded-For,
# so the per-address limits count the browsers, not nginx.
export CHAT_TRUSTED_PROXIES=127.0.0.1

mvn -B -q -DskipTests package
for n in 1 2; do
  mvn -B -q -DskipTests cargo:run -Dchat.http.port=808$n -Dchat.shutdown.port=800$((5 + n)) \
    -Dchat.ajp.port=801$n -Dchat.cargo.home="$PWD/$work/tomcat-$n" > "$work/instance-$n.log" 2>&1 &
  pids+=($!)
done
for n in 1 2; do
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:808$n/chat/health" >/dev/null && break; sleep 1; done
  echo "instance $n: $(curl -s "http://127.0.0.1:808$n/chat/health")"
done
cp server-config/cluster/nginx.conf "$work/nginx/nginx.conf"
nginx -p "$PWD/$work/nginx" -c nginx.conf
echo "The chat is at http://localhost:8080/chat/ (two instances behind nginx). Ctrl+C stops it all."
wait "${pids[@]}"
