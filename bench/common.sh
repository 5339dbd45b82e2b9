# What bench/run.sh and bench/cluster.sh share; sourced from the project root.
out=target/bench
mkdir -p "$out"
# The load tool, pinned to core 1 while the servers have core 0.
tool=(taskset -c 1 java -Xms2g -Xmx4g -Xss256k -cp "$out/classes" org.jakartachat.bench.Bench)
# The WAR runs with its shipped defaults but for the per-connection rate limits (senders in
# the fan-out scenarios post up to 20 messages a second each; the echo scenario's one client
# pings as fast as the answers come, which the frame rate would otherwise cap) and the per-address limits on
# connections and on rooms created (every load-tool connection comes from 127.0.0.1, and the
# rooms scenario makes 250).
war_limits=(CHAT_MESSAGE_RATE=50 CHAT_MESSAGE_BURST=50 CHAT_FRAME_RATE=100000 CHAT_FRAME_BURST=100000
  CHAT_MAX_CONNECTIONS_PER_ADDRESS=20000 CHAT_ROOMS_PER_ADDRESS=1000)

# Everything a script starts is stopped when it ends, however it ends.
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# Compiles the load tool and builds the WAR.
build() {
  javac -d "$out/classes" $(find bench/load/src -name '*.java')
  mvn -B -q -DskipTests package
}

# Waits until a URL answers 2xx, or with `any`, answers at all (Socket.io answers 400 to a
# polling request it does not allow); gives up after two minutes.
await() {
  local url=$1 mode=${2:-ok}
  for _ in $(seq 1 120); do
    if [ "$mode" = any ]; then
      [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "$url")" != 000 ] && return 0
    else
      curl -sf -m 2 -o /dev/null "$url" && return 0
    fi
    sleep 1
  done
  echo "no server at $url" >&2
  exit 1
}

# The WAR on the run command's Tomcat, pinned to core 0, with the load limits above; sets $tomcat
# (the server's pid) and $maven (Cargo's, which waits for a stop it started itself).
start_war() {
  echo "== chat WAR on Tomcat ($(java -version 2>&1 | sed -n 1p))"
  env "${war_limits[@]}" taskset -c 0 mvn -B -q -DskipTests cargo:run > "$out/tomcat.log" 2>&1 &
  maven=$!
  pids+=("$maven")
  await http://127.0.0.1:8080/chat/health
  tomcat=$(pgrep -f "catalina.startup.Bootstrap" | sed -n 1p)
  pids+=("$tomcat")
}

# bench/relay (the bare relay) as a WAR of its own, deployed beside the chat on the running Tomcat:
# the same JVM, connector and settings, so the two differ only in what the application does.
deploy_relay() {
  local api classes=$out/relay-classes
  api=$(find ~/.m2/repository/jakarta/platform/jakarta.jakartaee-web-api -name '*.jar' | sort | tail -1)
  rm -rf "$classes" && mkdir -p "$classes/WEB-INF/classes"
  javac -d "$classes/WEB-INF/classes" -cp "$api" $(find bench/relay/src -name '*.java')
  cp bench/relay/webapp/* "$classes/"
  (cd "$classes" && jar cf ../relay.war .)
  cp "$out/relay.war" "$(cargo_home)/webapps/relay.war"
  await http://127.0.0.1:8080/relay/
}

# The same WAR on WildFly or Payara (the IT profiles' Cargo containers, on their IT ports
# 29080 / 30080), pinned to core 0 with the load limits above; sets $server (the server's pid),
# $maven (Cargo's, which stops the server when it ends) and $server_url. The profiles set the
# chat's settings as system properties, which win over the environment: those the load needs
# are passed here.
start_other() {
  local name=$1 port pattern
  case $name in
    wildfly) port=29080; pattern=jboss-modules ;;
    payara) port=30080; pattern='cargo/payara/cargo-domain/lib' ;;
  esac
  echo "== chat WAR on $name"
  env "${war_limits[@]}" taskset -c 0 mvn -B -q -P "$name" -DskipTests -Dit.history.size=100 -Dit.heartbeat.millis=25000 \
    -Dit.connections.per.address=20000 "cargo:run@start-$name" > "$out/$name.log" 2>&1 &
  maven=$!
  pids+=("$maven")
  await "http://127.0.0.1:$port/chat/health"
  server=$(pgrep -f "$pattern" | sed -n 1p)
  pids+=("$server")
  server_url=ws://127.0.0.1:$port
}

stop_other() {
  kill "$maven"; wait "$maven" 2>/dev/null || true
  kill "$server" 2>/dev/null || true
}

cargo_home() {
  echo target/cargo/tomcat
}

stop_war() {
  kill "$tomcat" "$maven"; wait "$maven" 2>/dev/null || true
}

# bench/socketio/server.js (its packages installed from the lock file), pinned to core 0; sets $node.
start_socketio() {
  (cd bench/socketio && npm ci --no-audit --no-fund --silent)
  echo "== Socket.io $(node -p 'require("./bench/socketio/node_modules/socket.io/package.json").version') on Node $(node --version)"
  taskset -c 0 node bench/socketio/server.js > "$out/socketio.log" 2>&1 &
  node=$!
  pids+=("$node")
  await "http://127.0.0.1:3000/socket.io/?EIO=4&transport=polling" any
}
