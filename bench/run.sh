#!/usr/bin/env bash
# The benchmark: the chat WAR on the run command's Tomcat, a bare relay endpoint on that same
# Tomcat (the most a Jakarta WebSocket application can get out of it), the Socket.io tutorial's
# chat server, then the same WAR on WildFly and on Payara, one after the other on this machine,
# each pinned to core 0 while the load tool runs on core 1, through the same scenarios. Prints
# the comparison table; the JSON lines stay in target/bench/.
#   bash bench/run.sh [--quick]
# BENCH_OTHERS="" leaves WildFly and Payara out; BENCH_ONLY=fan-out,echo runs only those scenarios
# (a repeat of the figures the performance targets are about).
# Needs ports 8080, 3000, 29080 and 30080 free, Node and npm, and the JDK's jcmd.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=${1:-}
source bench/common.sh
results=$out/results-$(date -u +%Y%m%dT%H%M%SZ).jsonl
only=${BENCH_ONLY:-connect,fan-out,rooms,echo}
build

start_war
"${tool[@]}" --wire chat --url ws://127.0.0.1:8080 --pid "$tomcat" --out "$results" --only "$only" $quick
stop_war

# The floor: the bare relay on the same Tomcat (the chat WAR idle beside it), for the scenarios
# it can play (it has no rooms).
start_war
deploy_relay
"${tool[@]}" --wire relay --url ws://127.0.0.1:8080 --pid "$tomcat" --out "$results" --only "${only/rooms/}" $quick
stop_war

start_socketio
"${tool[@]}" --wire socketio --url ws://127.0.0.1:3000 --pid "$node" --out "$results" --only "$only" $quick
kill "$node"

# The same WAR on WildFly and Payara, for the fan-out and the echo (the connect scenario's
# figures are the Tomcat connector's). BENCH_OTHERS="" leaves them out.
others_only=${only/connect/}
for other in ${BENCH_OTHERS-wildfly payara}; do
  start_other "$other"
  # Payara on one core does not finish the 5,000-member join storm within the tool's 2 minutes.
  "${tool[@]}" --wire chat --label "chat-war-$other" --url "$server_url" --pid "$server" --out "$results" \
    --only "${others_only/rooms/}" --max-members "$([ "$other" = payara ] && echo 1000 || echo 5000)" $quick
  stop_other
done

echo "== $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | sed -n 1p), $(free -g | awk '/Mem:/ {print $2}') GiB; results in $results"
java -cp "$out/classes" org.jakartachat.bench.Report "$results"
