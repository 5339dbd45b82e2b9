#!/usr/bin/env bash
# Heap held by clients that never read and keep re-joining a room full of history (issue 11's
# join amplifier), on the run command's Tomcat with the shipped limits.
#   bash bench/join-flood.sh [attackers, default 5] [seconds, default 20]
# Starts the README's run command (port 8080 must be free), fills a room's history with 100
# messages of 2000 emoji, then the attackers each send `join` 15 times a second without
# reading. The server's heap used after a full GC is sampled before, during and after.
# Needs the JDK's jcmd.
set -euo pipefail
cd "$(dirname "$0")/.."
attackers=${1:-5}
seconds=${2:-20}

RUN_LOG=join-flood-server.log
source bench/run-command.sh

coproc FLOOD { java bench/JoinFlood.java "$attackers" "$seconds"; }
read -r line <&"${FLOOD[0]}"; echo "$line"
before=$(heap_kb)
read -r line <&"${FLOOD[0]}"; echo "$line"
peak=0
end=$((SECONDS + seconds))
samples=0
while [ $SECONDS -lt $end ]; do
  now=$(heap_kb) # a full GC each time: what the attackers keep alive, sampled as often as it can be
  samples=$((samples + 1))
  [ "$now" -gt "$peak" ] && peak=$now
done
for _ in $(seq 1 "$attackers"); do read -r line <&"${FLOOD[0]}"; echo "$line"; done
after=$(heap_kb)
exec {FLOOD[1]}>&-
awk -v b="$before" -v p="$peak" -v a="$after" -v n="$attackers" -v s="$samples" 'BEGIN {
  printf "heap used after GC: %.1f MB before, at most %.1f MB during (%d samples; %.1f MB per attacker), %.1f MB after\n",
    b / 1024, p / 1024, s, (p - b) / 1024 / n, a / 1024 }'
