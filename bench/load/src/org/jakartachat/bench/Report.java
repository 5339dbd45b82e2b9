package org.jakartachat.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints the side-by-side table (AsciiDoc) of one run's results file: for each scenario and
 * size, the chat WAR's figure, the bare relay's and the WAR's ratio to it, Socket.io's and the
 * WAR's ratio to it, then the same WAR on the other servers the run had (WildFly, Payara).
 *
 * <pre>java org.jakartachat.bench.Report results.jsonl</pre>
 */
public final class Report {
    private static final Pattern FIELD = Pattern.compile("\"([^\"]+)\":(\"[^\"]*\"|[^,}]+)");
    private static final String[][] FIGURES = {
            {"connected", "connected"}, {"seconds", "time (s)"}, {"rss_kb_per_conn", "RSS per connection (KB)"},
            {"heap_kb_per_conn", "heap after GC per connection (KB)"},
            {"join_seconds", "join storm (s)"}, {"join_cpu_s", "join storm server CPU (s)"},
            {"join_frames_after_answers", "frames after the join answers"},
            {"expected", "deliveries expected"}, {"lost", "lost"}, {"deliveries_per_s", "deliveries/s"},
            {"p50_ms", "latency p50 (ms)"}, {"p99_ms", "latency p99 (ms)"}, {"max_ms", "latency max (ms)"},
            {"cpu_ms_per_1000", "server CPU ms per 1,000 deliveries"}, {"closed_by_server", "closed by server"}};

    public static void main(String[] args) throws Exception {
        Map<String, Map<String, Map<String, String>>> byCase = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher m = FIELD.matcher(line);
            while (m.find()) {
                fields.put(m.group(1), m.group(2).replace("\"", ""));
            }
            byCase.computeIfAbsent(fields.get("scenario") + " " + fields.get("size"), k -> new LinkedHashMap<>())
                    .put(fields.get("server"), fields);
        }
        // A run without Socket.io (bench/cluster.sh) gets the WAR's column only; the bare relay's
        // column, and the WAR's distance from it, appear when the run has it.
        boolean compared = byCase.values().stream().anyMatch(servers -> servers.containsKey("socket.io"));
        boolean floor = byCase.values().stream().anyMatch(servers -> servers.containsKey("bare-relay"));
        // The WAR on other servers: results labelled chat-war-<server> (bench/run.sh's --label).
        List<String> others = byCase.values().stream().flatMap(servers -> servers.keySet().stream())
                .filter(server -> server.startsWith("chat-war-")).distinct().toList();
        List<String> rows = new ArrayList<>();
        rows.add("[cols=\"2,3,>1" + (floor ? ",>1,>1" : "") + (compared ? ",>1,>1" : "") + ",>1".repeat(others.size())
                + "\",options=\"header\"]");
        rows.add("|===");
        rows.add("|Scenario |Figure |chat WAR" + (floor ? " |bare relay |WAR / relay" : "")
                + (compared ? " |Socket.io |WAR / Socket.io" : "")
                + others.stream().map(server -> " |WAR on " + server.substring("chat-war-".length())).reduce("", String::concat));
        for (var entry : byCase.entrySet()) {
            Map<String, String> war = entry.getValue().getOrDefault("chat-war", Map.of());
            Map<String, String> relay = entry.getValue().getOrDefault("bare-relay", Map.of());
            Map<String, String> sio = entry.getValue().getOrDefault("socket.io", Map.of());
            for (String[] figure : FIGURES) {
                String a = war.get(figure[0]);
                String r = relay.get(figure[0]);
                String b = sio.get(figure[0]);
                List<String> elsewhere = others.stream()
                        .map(server -> entry.getValue().getOrDefault(server, Map.of()).get(figure[0])).toList();
                if (a == null && b == null && r == null && elsewhere.stream().allMatch(java.util.Objects::isNull)) {
                    continue;
                }
                rows.add("|" + entry.getKey() + " |" + figure[1] + " |" + show(a)
                        + (floor ? " |" + show(r) + " |" + ratio(a, r) : "")
                        + (compared ? " |" + show(b) + " |" + ratio(a, b) : "")
                        + elsewhere.stream().map(value -> " |" + show(value)).reduce("", String::concat));
            }
        }
        rows.add("|===");
        rows.forEach(System.out::println);
    }

    private static String show(String value) {
        if (value == null || value.equals("null")) {
            return "–";
        }
        double d = Double.parseDouble(value);
        return d == Math.rint(d) && Math.abs(d) < 1e12 ? Long.toString((long) d)
                : String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%.0f" : "%.2f", d);
    }

    private static String ratio(String a, String b) {
        try {
            double x = Double.parseDouble(a);
            double y = Double.parseDouble(b);
            return y == 0 ? "–" : String.format(Locale.ROOT, "%.2f", x / y);
        } catch (NullPointerException | NumberFormatException missing) {
            return "–";
        }
    }
}
