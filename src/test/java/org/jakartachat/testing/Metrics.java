package org.jakartachat.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scrape of a Prometheus text exposition, read as the series a test names:
 * {@code chat_messages_posted_total}, {@code chat_connections{transport="websocket"}} (labels in
 * the order the registry writes them, which is by name).
 */
public final class Metrics {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Map<String, Double> values;

    private Metrics(Map<String, Double> values) {
        this.values = values;
    }

    public static Metrics scrape(URI uri) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + uri + ": " + response.statusCode() + " " + response.body());
        }
        return parse(response.body());
    }

    public static Metrics parse(String exposition) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new Metrics(values);
    }

    /** The series' value; an AssertionError naming what there is when it is missing. */
    public double value(String series) {
        Double value = values.get(series);
        if (value == null) {
            throw new AssertionError("no series " + series + " in " + values.keySet());
        }
        return value;
    }

    public boolean has(String name) {
        return values.keySet().stream().anyMatch(series -> series.equals(name) || series.startsWith(name + "{"));
    }

    /** How much the series grew since {@code before}. */
    public double delta(Metrics before, String series) {
        return value(series) - before.value(series);
    }

    /**
     * Scrapes until {@code series} has kept its value for a second (what earlier tests left, such
     * as connections still closing, has settled), at most 15 s; returns that value.
     */
    public double settled(URI uri, String series) throws Exception {
        double last = value(series);
        long deadline = System.nanoTime() + 15_000_000_000L;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(200);
            double now = scrape(uri).value(series);
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > 1_000_000_000L) {
                return now;
            }
        }
        return last;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        values.forEach((series, value) -> {
            if (series.startsWith("chat_")) {
                out.append(series).append(' ').append(value).append('\n');
            }
        });
        return out.toString();
    }
}
