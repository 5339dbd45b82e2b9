# Sourced by the heap benchmarks: starts the README's run command (port 8080 must be free) in
# the background with the settings in the array RUN_ENV (NAME=value …), waits for /chat/health,
# and sets `server` to Tomcat's pid; both are stopped when the calling script ends. Its output
# goes to target/$RUN_LOG. Also defines heap_kb: the server's heap used after a full GC, in KB.
env ${RUN_ENV[@]+"${RUN_ENV[@]}"} mvn -B -q -DskipTests package cargo:run > "target/${RUN_LOG:-run-command.log}" 2>&1 &
maven=$!
server=
trap 'kill $maven 2>/dev/null || true; [ -z "$server" ] || kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf http://127.0.0.1:8080/chat/health >/dev/null 2>&1 && break
  sleep 1
done
server=$(pgrep -f "catalina.startup.Bootstrap" | head -1)
heap_kb() { jcmd "$server" GC.run >/dev/null; jcmd "$server" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | tr -dc 0-9; }
