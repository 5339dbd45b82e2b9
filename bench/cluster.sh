#!/usr/bin/env bash
# Cluster mode's figures: two instances of the WAR (the run command's Tomcat on 8081 and
# 8082) on one Redis, all pinned to core 0, the load tool on core 1. Members of every room
# alternate between the instances, so half of each message's deliveries cross Redis.
# Prints the fan-out, rooms and echo figures; JSON lines stay in target/bench/.
#   bash bench/cluster.sh [--quick]
# Needs redis-server, ports 8081, 8082 and 6390 free, and the JDK's jcmd.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=${1:-}
source bench/common.sh
mkdir -p "$out/cluster-redis"
results=$out/cluster-$(date -u +%Y%m%dT%H%M%SZ).jsonl
build

# A Redis of the benchmark's own, without persistence, so no other data is touched.
taskset -c 0 redis-server --port 6390 --bind 127.0.0.1 --dir "$out/cluster-redis" --save "" --appendonly no \
  > "$out/cluster-redis.log" 2>&1 &
redis=$!
pids+=("$redis")
export CHAT_REDIS_URL=redis://127.0.0.1:6390
export "${war_limits[@]}"
for n in 1 2; do
  taskset -c 0 mvn -B -q -DskipTests cargo:run -Dchat.http.port=808$n -Dchat.shutdown.port=800$((5 + n)) \
    -Dchat.ajp.port=801$n -Dchat.cargo.home="$PWD/$out/cluster-tomcat-$n" > "$out/cluster-tomcat-$n.log" 2>&1 &
  pids+=($!)
done
tomcats=
for n in 1 2; do
  await "http://127.0.0.1:808$n/chat/health"
  tomcats+=",$(pgrep -f "cluster-tomcat-$n" | while read -r p; do grep -q Bootstrap "/proc/$p/cmdline" && echo "$p"; done | sed -n 1p)"
done
echo "== two instances ($(java -version 2>&1 | sed -n 1p)) on $(redis-server --version | cut -d' ' -f1-3)"
"${tool[@]}" --wire chat --url ws://127.0.0.1:8081,ws://127.0.0.1:8082 --pid "$redis$tomcats" --out "$results" $quick
java -cp "$out/classes" org.jakartachat.bench.Report "$results"
