#!/usr/bin/env bash
# The benchmark: the chat WAR on the run command's Tomcat, a bare relay endpoint on that same
# Tomcat (the most a Jakarta WebSocket application can get out of it), and the Socket.io
# tutorial's chat server, one after the other on this machine, each pinned to core 0 while the
# load tool runs on core 1, through the same scenarios. Prints the comparison table; the JSON lines stay in
# target/bench/.
#   bash bench/run.sh [--quick]
# Needs ports 8080 and 3000 free, Node and npm, and the JDK's jcmd.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=${1:-}
source bench/common.sh
results=$out/results-$(date -u +%Y%m%dT%H%M%SZ).jsonl
build

start_war
"${tool[@]}" --wire chat --url ws://127.0.0.1:8080 --pid "$tomcat" --out "$results" $quick
stop_war

# The floor: the bare relay on the same Tomcat (the chat WAR idle beside it), for the scenarios
# it can play (it has no rooms).
start_war
deploy_relay
"${tool[@]}" --wire relay --url ws://127.0.0.1:8080 --pid "$tomcat" --out "$results" --only connect,fan-out,echo $quick
stop_war

start_socketio
"${tool[@]}" --wire socketio --url ws://127.0.0.1:3000 --pid "$node" --out "$results" $quick
kill "$node"

echo "== $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | sed -n 1p), $(free -g | awk '/Mem:/ {print $2}') GiB; results in $results"
java -cp "$out/classes" org.jakartachat.bench.Report "$results"
