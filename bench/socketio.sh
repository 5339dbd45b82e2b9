#!/usr/bin/env bash
# Socket.io clients on the chat WAR beside Socket.io 4.8 itself (issue 13): the same load tool
# speaks the same Socket.io wire (the chat's events, docs/protocol.adoc "Socket.io clients") to
# the WAR's /chat/socket.io/ on the run command's Tomcat and to bench/socketio/server.js, over
# WebSocket and over HTTP long-polling, each server pinned to core 0 and the tool to core 1.
# The connect step of the polling run is the memory of 1,000 idle polling clients. Prints one
# comparison table per transport; the JSON lines stay in target/bench/.
#   bash bench/socketio.sh [--quick]
# Needs ports 8080 and 3000 free, Node and npm, and the JDK's jcmd.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=${1:-}
source bench/common.sh
stamp=$(date -u +%Y%m%dT%H%M%SZ)
build

start_war
for transport in websocket polling; do
  "${tool[@]}" --wire sio-chat --path /chat/socket.io/ --name chat-war --jvm --transport "$transport" \
    --url ws://127.0.0.1:8080 --pid "$tomcat" --out "$out/socketio-$transport-$stamp.jsonl" $quick
done
stop_war

start_socketio
for transport in websocket polling; do
  "${tool[@]}" --wire sio-chat --path /socket.io/ --name socket.io --transport "$transport" \
    --url ws://127.0.0.1:3000 --pid "$node" --out "$out/socketio-$transport-$stamp.jsonl" $quick
done
kill "$node"

echo "== $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | sed -n 1p), $(free -g | awk '/Mem:/ {print $2}') GiB"
for transport in websocket polling; do
  echo "--- Socket.io clients over $transport ($out/socketio-$transport-$stamp.jsonl)"
  java -cp "$out/classes" org.jakartachat.bench.Report "$out/socketio-$transport-$stamp.jsonl"
done
