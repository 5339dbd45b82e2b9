#!/usr/bin/env bash
# A/B of the chat's CPU per delivery: this working tree's WAR (/chat), the WAR of a git ref
# deployed beside it on the same Tomcat (/base), and the bare relay (/relay), run in turns,
# ROUNDS times (default 3), through the fan-out to 100 and to 1,000 members. Figures taken
# minutes apart on shared cores differ by a third for the same build; taken in turns on one
# server they can be compared. Prints each round and the medians.
#   bash bench/ab.sh [REF] [ROUNDS]        (REF defaults to HEAD: the uncommitted change against the last commit)
set -euo pipefail
cd "$(dirname "$0")/.."
ref=${1:-HEAD}
rounds=${2:-3}
source bench/common.sh
results=$out/ab-$(date -u +%Y%m%dT%H%M%SZ).jsonl
build
base=$out/ab-base
rm -rf "$base" && git worktree prune && git worktree add -f --detach "$base" "$ref" > /dev/null
(cd "$base" && mvn -B -q -DskipTests package)
start_war
cp "$base/target/chat.war" "$(cargo_home)/webapps/base.war"
await http://127.0.0.1:8080/base/health
deploy_relay
targets=("chat --context /chat" "chat --context /base" "relay")
# Round 0 warms the JIT of all three and is not counted; each round after it starts with the
# next of the three, so none is always first after the others' garbage.
for round in $(seq 0 "$rounds"); do
  echo "== round $round of $rounds"
  for i in 0 1 2; do
    # shellcheck disable=SC2086
    "${tool[@]}" --wire ${targets[(round + i) % 3]} --url ws://127.0.0.1:8080 --pid "$tomcat" \
      --out "$([ "$round" -eq 0 ] && echo "$out/ab-warm-up.jsonl" || echo "$results")" --quick --only fan-out --seconds 10 > /dev/null
  done
done
stop_war
git worktree remove --force "$base"
java -cp "$out/classes" org.jakartachat.bench.AbReport "$results"
