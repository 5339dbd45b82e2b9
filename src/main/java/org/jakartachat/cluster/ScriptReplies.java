package org.jakartachat.cluster;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the chat's Lua scripts answer, read the same way everywhere: values as text, field lists as maps. */
final class ScriptReplies {
    private ScriptReplies() {
    }

    /** A reply value as text, whether Jedis gives it as bytes or as a string. */
    static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    /** A flat {@code field, value, field, value…} list (a hash, a stream entry's fields) as a map. */
    static Map<String, String> fields(List<?> flat) {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(text(flat.get(i)), text(flat.get(i + 1)));
        }
        return fields;
    }
}
