#!/usr/bin/env bash
# The benchmark: the chat WAR on the run command's Tomcat and the Socket.io tutorial's chat
# server, one after the other on this machine, each pinned to core 0 while the load tool runs
# on core 1, through the same scenarios. Prints the comparison table; the JSON lines stay in
# target/bench/.
#   bash bench/run.sh [--quick]
# Needs ports 8080 and 3000 free, Node and npm, and the JDK's jcmd.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=${1:-}
source bench/common.sh
results=$out/results-$(date -u +%Y%m%dT%H%M%SZ).jsonl
build
(cd bench/socketio && npm ci --no-audit --no-fund --silent)

echo "== chat WAR on Tomcat ($(java -version 2>&1 | sed -n 1p))"
env "${war_limits[@]}" taskset -c 0 mvn -B -q -DskipTests cargo:run > "$out/tomcat.log" 2>&1 &
pids+=($!)
await http://127.0.0.1:8080/chat/health
tomcat=$(pgrep -f "catalina.startup.Bootstrap" | sed -n 1p)
pids+=("$tomcat")
"${tool[@]}" --wire chat --url ws://127.0.0.1:8080 --pid "$tomcat" --out "$results" $quick
# Cargo's run goal waits for a stop it started itself: end Maven too.
kill "$tomcat" "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true

echo "== Socket.io $(node -p 'require("./bench/socketio/node_modules/socket.io/package.json").version') on Node $(node --version)"
taskset -c 0 node bench/socketio/server.js > "$out/socketio.log" 2>&1 &
node=$!
pids+=("$node")
await "http://127.0.0.1:3000/socket.io/?EIO=4&transport=polling" any
"${tool[@]}" --wire socketio --url ws://127.0.0.1:3000 --pid "$node" --out "$results" $quick
kill "$node"

echo "== $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | sed -n 1p), $(free -g | awk '/Mem:/ {print $2}') GiB; results in $results"
java -cp "$out/classes" org.jakartachat.bench.Report "$results"
