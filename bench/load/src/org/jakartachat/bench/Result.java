package org.jakartachat.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** One scenario's figures for one server, printed as one line of JSON. */
final class Result {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    Result(String server, String scenario, String size) {
        put("server", server).put("scenario", scenario).put("size", size);
    }

    Result put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    String json() {
        return fields.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + value(e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String value(Object value) {
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return "\"" + value + "\"";
    }
}
