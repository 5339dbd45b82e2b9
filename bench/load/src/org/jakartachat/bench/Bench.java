package org.jakartachat.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load tool: runs every scenario against one server and appends one JSON line per
 * result to a file. bench/run.sh starts the servers and calls it once for each.
 *
 * <pre>java org.jakartachat.bench.Bench --wire chat|socketio|relay --url ws://127.0.0.1:8080 --pid PID --out FILE [--quick] [--only SCENARIO[,SCENARIO]] [--seconds N] [--context /chat] [--label NAME] [--max-members N]</pre>
 * or, for the chat's own events over Socket.io (the WAR's /chat/socket.io/, or bench/socketio/server.js):
 * <pre>... --wire sio-chat --path /chat/socket.io/ --name NAME [--transport websocket|polling] [--jvm] ...</pre>
 */
public final class Bench {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Wire wire = switch (options.getOrDefault("wire", "chat")) {
            case "chat" -> new ChatWire(options.getOrDefault("context", "/chat"), options.get("label"));
            case "socketio" -> new SocketIoWire();
            case "sio-chat" -> new ChatEventsWire(options.getOrDefault("name", "socket.io"), options.get("path"));
            case "relay" -> new RelayWire();
            default -> throw new IllegalArgumentException("--wire chat, socketio, sio-chat or relay");
        };
        boolean polling = options.getOrDefault("transport", "websocket").equals("polling");
        List<Long> pids = java.util.Arrays.stream(options.get("pid").split(",")).map(Long::parseLong).toList();
        // --jvm: the server is a JVM (its heap is read with jcmd), as the WAR's Tomcat is whatever the wire.
        ServerProcess server = new ServerProcess(pids, wire instanceof ChatWire || wire instanceof RelayWire
                || options.containsKey("jvm"));
        // --url may list several instances, comma-separated: connections alternate between them.
        List<String> urls = List.of(options.get("url").split(","));
        boolean cluster = urls.size() > 1;
        Path out = Path.of(options.get("out"));
        boolean quick = options.containsKey("quick");
        int seconds = Integer.parseInt(options.getOrDefault("seconds", quick ? "3" : "10"));
        PrintStream console = System.out;
        try (Scenarios scenarios = new Scenarios(wire, urls, server, polling)) {
            List<Step> steps = new ArrayList<>();
            // A cluster's connect figures would mix instances and Redis: its run starts at the fan-out.
            for (int n : cluster ? new int[0] : quick ? new int[] {1000} : new int[] {1000, 5000, 10000, 15000}) {
                steps.add(only -> is(only, "connect") ? scenarios.connect(n, 1000) : null);
            }
            // 20,000 deliveries a second in every fan-out and in the rooms: senders x rate x members.
            // 250 rooms because the WAR holds 256 by default (CHAT_MAX_ROOMS).
            steps.add(only -> is(only, "fan-out") ? scenarios.fanOut(100, 10, 20, seconds) : null);
            steps.add(only -> is(only, "fan-out") ? scenarios.fanOut(1000, 4, 5, seconds) : null);
            // --max-members: a server that cannot take the 5,000-member join storm on one core (Payara).
            if (!quick && !cluster && Integer.parseInt(options.getOrDefault("max-members", "5000")) >= 5000) {
                steps.add(only -> is(only, "fan-out") ? scenarios.fanOut(5000, 4, 1, seconds) : null);
            }
            steps.add(only -> is(only, "rooms") ? scenarios.rooms(quick ? 100 : 250, 10, 8, seconds) : null);
            steps.add(only -> is(only, "echo") ? scenarios.echo(quick ? 200 : 2000) : null);
            String only = options.get("only");
            for (Step step : steps) {
                Result result = step.run(only);
                if (result == null) {
                    continue;
                }
                console.println(result.json());
                Files.writeString(out, result.json() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        }
        System.exit(0); // the JDK client's threads would keep the tool alive
    }

    /** One scenario at one size; null when --only names another scenario. */
    private interface Step {
        Result run(String only) throws Exception;
    }

    private static boolean is(String only, String scenario) {
        return only == null || java.util.Arrays.asList(only.split(",")).contains(scenario);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i].replaceFirst("^--", "");
            boolean flag = i + 1 == args.length || args[i + 1].startsWith("--");
            options.put(key, flag ? "true" : args[++i]);
        }
        return options;
    }
}
