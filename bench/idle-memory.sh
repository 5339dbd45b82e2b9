#!/usr/bin/env bash
# Heap per idle chat connection on the run command's Tomcat.
#   bash bench/idle-memory.sh [connections, default 15000]
# Starts the README's run command (port 8080 must be free), opens the connections from a
# second JVM, and compares the server's heap used after a full GC before and with them.
# Needs the JDK's jcmd. The server's process may hold 20,000 open files on the machine the
# README's figures come from, hence the default of 15,000.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-15000}

# Every connection comes from 127.0.0.1: the per-address limit (32 by default) is lifted.
RUN_LOG=idle-memory-server.log RUN_ENV=(CHAT_MAX_CONNECTIONS_PER_ADDRESS=20000)
source bench/run-command.sh

sleep 2; before=$(heap_kb)
coproc CLIENTS { java -Xss256k bench/IdleClients.java "$count"; }
read -r line <&"${CLIENTS[0]}"
echo "$line; /health: $(curl -s http://127.0.0.1:8080/chat/health)"
sleep 2; with=$(heap_kb)
rss=$(ps -o rss= -p "$server" | tr -d ' ')
exec {CLIENTS[1]}>&-
awk -v b="$before" -v w="$with" -v n="$count" -v r="$rss" 'BEGIN {
  printf "heap used after GC: %.1f MB idle, %.1f MB with %d connections: %.1f KB per connection (server RSS %.0f MB)\n",
    b / 1024, w / 1024, n, (w - b) / n, r / 1024 }'
