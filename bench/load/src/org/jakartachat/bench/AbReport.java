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
 * Summarises bench/ab.sh's rounds: for each fan-out size, every server's CPU per 1,000
 * deliveries round by round, its median, and each round's ratio to the bare relay measured
 * right after it on the same Tomcat. On shared cores one build's figure moves by a third from
 * one minute to the next, so only figures taken side by side, in turns, are compared.
 *
 * <pre>java org.jakartachat.bench.AbReport results.jsonl</pre>
 */
public final class AbReport {
    private static final Pattern FIELD = Pattern.compile("\"([^\"]+)\":(\"[^\"]*\"|[^,}]+)");

    public static void main(String[] args) throws Exception {
        // size -> server -> figures in round order
        Map<String, Map<String, List<Double>>> cpu = new LinkedHashMap<>();
        Map<String, Map<String, List<Double>>> p99 = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher m = FIELD.matcher(line);
            while (m.find()) {
                fields.put(m.group(1), m.group(2).replace("\"", ""));
            }
            if (!"fan-out".equals(fields.get("scenario"))) {
                continue;
            }
            if (!"0".equals(fields.get("lost"))) {
                System.out.println("LOST " + fields.get("lost") + " in " + line);
            }
            String size = fields.get("size");
            cpu.computeIfAbsent(size, k -> new LinkedHashMap<>())
                    .computeIfAbsent(fields.get("server"), k -> new ArrayList<>())
                    .add(Double.parseDouble(fields.get("cpu_ms_per_1000")));
            p99.computeIfAbsent(size, k -> new LinkedHashMap<>())
                    .computeIfAbsent(fields.get("server"), k -> new ArrayList<>())
                    .add(Double.parseDouble(fields.get("p99_ms")));
        }
        for (var bySize : cpu.entrySet()) {
            System.out.println("fan-out to " + bySize.getKey() + " members: CPU ms per 1,000 deliveries");
            List<Double> relay = bySize.getValue().getOrDefault("bare-relay", List.of());
            for (var server : bySize.getValue().entrySet()) {
                List<Double> values = server.getValue();
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-16s median %6.2f  rounds", server.getKey(),
                        median(values)));
                List<Double> ratios = new ArrayList<>();
                for (int i = 0; i < values.size(); i++) {
                    row.append(String.format(Locale.ROOT, " %6.2f", values.get(i)));
                    if (i < relay.size()) {
                        ratios.add(values.get(i) / relay.get(i));
                    }
                }
                if (!relay.isEmpty() && !server.getKey().equals("bare-relay")) {
                    row.append(String.format(Locale.ROOT, "   / relay: median %.2f, rounds", median(ratios)));
                    ratios.forEach(r -> row.append(String.format(Locale.ROOT, " %.2f", r)));
                }
                row.append(String.format(Locale.ROOT, "   p99 median %.1f ms", median(p99.get(bySize.getKey()).get(server.getKey()))));
                System.out.println(row);
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
