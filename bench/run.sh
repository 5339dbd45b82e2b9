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
out=target/bench
mkdir -p "$out"
results=$out/results-$(date -u +%Y%m%dT%H%M%SZ).jsonl
tool=(taskset -c 1 java -Xms2g -Xmx4g -Xss256k -cp "$out/classes" org.jakartachat.bench.Bench)

javac -d "$out/classes" $(find bench/load/src -name '*.java')
(cd bench/socketio && npm ci --no-audit --no-fund --silent)
mvn -B -q -DskipTests package

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
# Any HTTP answer means the server is up (Socket.io answers 400 to a polling request it does not allow).
await() {
  for _ in $(seq 1 120); do
    [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "$1")" != 000 ] && return 0
    sleep 1
  done
  echo "no server at $1" >&2; exit 1
}

# The WAR with its shipped defaults, but for the per-connection rate limits: senders in the
# fan-out scenarios post up to 20 messages a second each.
echo "== chat WAR on Tomcat ($(java -version 2>&1 | sed -n 1p))"
CHAT_MESSAGE_RATE=50 CHAT_MESSAGE_BURST=50 CHAT_FRAME_RATE=400 CHAT_FRAME_BURST=400 \
  taskset -c 0 mvn -B -q -DskipTests cargo:run > "$out/tomcat.log" 2>&1 &
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
await "http://127.0.0.1:3000/socket.io/?EIO=4&transport=polling"
"${tool[@]}" --wire socketio --url ws://127.0.0.1:3000 --pid "$node" --out "$results" $quick
kill "$node"

echo "== $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | sed -n 1p), $(free -g | awk '/Mem:/ {print $2}') GiB; results in $results"
java -cp "$out/classes" org.jakartachat.bench.Report "$results"
