package org.jakartachat.testing;

import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every field of every client frame type, given every kind of JSON value, one at a time, with
 * the answer docs/protocol.adoc documents for it. Beside each frame's own fields: its
 * {@code type}, a {@code ref} (which every frame may carry), an unknown extra field, and each
 * key given twice. The values are written as JSON text, so escaped and unpaired surrogates
 * reach the server exactly as a hostile client would send them.
 *
 * <p>The expected answer is an error code, or the type of the direct answer ({@code joined},
 * {@code renamed}, {@code pong}, {@code directs}, {@code blocks}, or {@code message} for the
 * sender's own copy). Each case is
 * sent on a connection that has joined {@code joinedRoom} and no other room.
 */
public final class FieldCorpus {

    /** One frame and its documented answer; {@code field} is what was changed. */
    public record Case(String type, String field, String value, String text, String expect) {
        public String describe() {
            return type + "." + field + " = " + value;
        }
    }

    private enum Shape { TEXT, BROKEN_TEXT, NUMBER, BOOLEAN, NULL, ARRAY, OBJECT }

    /** A JSON value as written in a frame; {@code text} is the decoded string for well-formed text. */
    private record Value(String kind, String json, Shape shape, String text) {
        static Value text(String kind, String decoded) {
            return new Value(kind, quote(decoded), Shape.TEXT, decoded);
        }

        static Value text(String kind, String json, String decoded) {
            return new Value(kind, json, Shape.TEXT, decoded);
        }

        static Value broken(String kind, String json) {
            return new Value(kind, json, Shape.BROKEN_TEXT, null);
        }

        static Value of(String kind, String json, Shape shape) {
            return new Value(kind, json, shape, null);
        }
    }

    private static final List<Value> VALUES = List.of(
            Value.text("empty string", ""),
            Value.text("a space", " "),
            Value.text("emoji", "😀"),
            Value.text("escaped surrogate pair", "\"\\ud83d\\ude00\"", "😀"),
            Value.broken("escaped lone high surrogate", "\"\\ud800\""),
            Value.broken("escaped lone low surrogate", "\"\\udc00\""),
            Value.broken("reversed surrogates", "\"\\udc00\\ud800\""),
            Value.broken("high surrogate at the end", "\"abc\\ud83d\""),
            Value.broken("lone surrogate past 40 characters", "\"" + "a".repeat(45) + "\\ude00\""),
            Value.text("surrogate pair across the 40th character", "a".repeat(39) + "😀" + "b".repeat(10)),
            Value.text("NUL", "\"a\\u0000b\"", "a\u0000b"),
            Value.text("ESC", "\"\\u001b[31mred\"", "\u001b[31mred"),
            Value.text("newline", "\"a\\nb\"", "a\nb"),
            Value.text("bidi override", "\u202Eabc"),
            Value.text("zero width space", "a\u200Bb"),
            Value.text("byte order mark", "\uFEFFx"),
            Value.text("long", "x".repeat(5000)),
            Value.text("long emoji", "😀".repeat(3000)),
            Value.of("zero", "0", Shape.NUMBER),
            Value.of("negative", "-1", Shape.NUMBER),
            Value.of("huge exponent", "1e400", Shape.NUMBER),
            Value.of("big integer", "123456789012345678901234567890", Shape.NUMBER),
            Value.of("fraction", "0.5", Shape.NUMBER),
            Value.of("true", "true", Shape.BOOLEAN),
            Value.of("false", "false", Shape.BOOLEAN),
            Value.of("null", "null", Shape.NULL),
            Value.of("empty array", "[]", Shape.ARRAY),
            Value.of("array", "[\"lobby\"]", Shape.ARRAY),
            Value.of("empty object", "{}", Shape.OBJECT),
            Value.of("object", "{\"room\":\"lobby\"}", Shape.OBJECT));

    private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_REF = 128;
    private static final List<String> TYPES = List.of("join", "leave", "message", "typing", "rename", "ping", "direct",
            "directs", "block", "unblock");

    private final String joinedRoom;
    private final String notJoined;
    private final int maxText;
    /** Keeps the names this corpus renames to apart from another run's on the same server. */
    private final String tag = Integer.toString(java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 20), 36);
    private int serial;

    /**
     * @param joinedRoom the room the sending connection has joined
     * @param notJoined  a valid room name it has not joined
     * @param maxText    the server's CHAT_MAX_TEXT
     */
    public FieldCorpus(String joinedRoom, String notJoined, int maxText) {
        this.joinedRoom = joinedRoom;
        this.notJoined = notJoined;
        this.maxText = maxText;
    }

    /** The whole corpus, in a fixed order. */
    public List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String type : TYPES) {
            Map<String, String> base = base(type);
            List<String> fields = new ArrayList<>(base.keySet());
            if (!fields.contains("ref")) {
                fields.add("ref");
            }
            fields.add("extra");
            for (String field : fields) {
                for (Value value : VALUES) {
                    Map<String, String> frame = base(type);
                    frame.put(field, value.json());
                    cases.add(new Case(type, field, value.kind(), write(frame, null), expect(type, field, value)));
                }
            }
            for (String key : base.keySet()) {
                Map<String, String> frame = base(type);
                cases.add(new Case(type, key, "given twice", write(frame, key), "bad_request"));
            }
        }
        return cases;
    }

    /** A valid frame of that type, as ordered JSON fields; its answer is {@link #baseAnswer}. */
    private Map<String, String> base(String type) {
        Map<String, String> frame = new LinkedHashMap<>();
        frame.put("type", quote(type));
        switch (type) {
            case "join" -> {
                frame.put("room", quote(joinedRoom));
                frame.put("since", quote("0-0"));
            }
            case "leave" -> frame.put("room", quote(notJoined));
            case "message" -> {
                frame.put("room", quote(joinedRoom));
                frame.put("text", quote("corpus"));
                frame.put("ref", quote("c" + ++serial));
            }
            case "typing" -> {
                frame.put("room", quote(notJoined));
                frame.put("active", "true");
            }
            case "rename" -> frame.put("name", quote("corpus-" + tag + "-" + ++serial));
            case "direct" -> {
                frame.put("to", quote("nobody-" + tag));
                frame.put("text", quote("corpus"));
            }
            case "directs" -> frame.put("since", quote("0-0"));
            case "block", "unblock" -> frame.put("name", quote("blocked-" + tag));
            default -> frame.put("ref", quote("p" + ++serial));
        }
        return frame;
    }

    /**
     * What the unchanged frame gets: a leave or typing in a room not joined is refused, and so
     * is a direct message to a name nobody holds.
     */
    private static String baseAnswer(String type) {
        return switch (type) {
            case "join" -> "joined";
            case "leave", "typing" -> "not_in_room";
            case "message" -> "message";
            case "rename" -> "renamed";
            case "direct" -> "not_online";
            case "directs" -> "directs";
            case "block", "unblock" -> "blocks";
            default -> "pong";
        };
    }

    private String expect(String type, String field, Value value) {
        Shape shape = value.shape();
        if (field.equals("extra")) {
            return baseAnswer(type); // unknown fields are ignored, whatever they hold
        }
        if (field.equals("type")) {
            return shape == Shape.TEXT ? "unknown_type" : "bad_request";
        }
        if (shape == Shape.NULL) {
            // null is absent: refused where the field is required
            return List.of("ref", "since").contains(field) ? baseAnswer(type) : "bad_request";
        }
        if (shape == Shape.BROKEN_TEXT) {
            return "bad_request";
        }
        if (field.equals("ref")) {
            if (shape != Shape.TEXT) {
                return "bad_request"; // every frame may carry a ref, and a ref is a string
            }
            return value.text().length() > MAX_REF ? "bad_request" : baseAnswer(type);
        }
        if (field.equals("active")) {
            return shape == Shape.BOOLEAN ? baseAnswer(type) : "bad_request";
        }
        if (shape != Shape.TEXT) {
            return "bad_request";
        }
        String text = value.text();
        return switch (field) {
            case "room" -> ROOM.matcher(text).matches() ? "unexpected: a valid room" : "invalid_room";
            case "since" -> baseAnswer(type);
            case "text" -> text.isBlank() ? "bad_request"
                    : text.codePointCount(0, text.length()) > maxText ? "too_long"
                    : refusedInText(text) ? "bad_request" : baseAnswer(type);
            case "name" -> !validName(text) ? "invalid_name" : type.equals("rename") ? "renamed" : "blocks";
            case "to" -> validName(text) ? "not_online" : "invalid_name";
            default -> throw new IllegalArgumentException(field);
        };
    }

    /** The text rule of docs/protocol.adoc: no controls but tab, LF and CR, no bidi embeddings, overrides or isolates. */
    private static boolean refusedInText(String text) {
        return text.codePoints().anyMatch(cp -> Character.isISOControl(cp) && cp != '\t' && cp != '\n' && cp != '\r'
                || cp >= 0x202A && cp <= 0x202E || cp >= 0x2066 && cp <= 0x2069);
    }

    /**
     * The name rule of docs/protocol.adoc ("Connecting"), written again here from the document:
     * NFC, spaces collapsed, letters and digits (each with up to 4 combining marks), space, _ - .,
     * and none of the invisible letters (the Hangul fillers) or format characters.
     */
    private static boolean validName(String raw) {
        String name = java.text.Normalizer.normalize(raw.strip(), java.text.Normalizer.Form.NFC).replaceAll(" {2,}", " ");
        int length = name.codePointCount(0, name.length());
        if (length < 1 || length > 32) {
            return false;
        }
        int marks = -1; // -1: no letter or digit to carry a mark
        for (int cp : name.codePoints().toArray()) {
            int type = Character.getType(cp);
            if (cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || type == Character.FORMAT) {
                return false;
            }
            if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK) {
                if (marks < 0 || ++marks > 4) {
                    return false;
                }
            } else if (Character.isLetterOrDigit(cp)) {
                marks = 0;
            } else if (cp == ' ' || cp == '_' || cp == '-' || cp == '.') {
                marks = -1;
            } else {
                return false;
            }
        }
        return true;
    }

    /** The fields as a JSON object; {@code twice}, if not null, is written a second time at the end. */
    private static String write(Map<String, String> fields, String twice) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((key, json) -> out.append(out.length() > 1 ? "," : "").append(quote(key)).append(':').append(json));
        if (twice != null) {
            out.append(',').append(quote(twice)).append(':').append(fields.get(twice));
        }
        return out.append('}').toString();
    }

    /** A JSON string for well-formed text, escaping what JSON requires and nothing else. */
    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.chars().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').append((char) c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append((char) c);
            }
        });
        return out.append('"').toString();
    }

    /**
     * Sends every case, {@code perConnection} of them on each new connection that has joined
     * the room, and checks each answer and that the connection is still open afterwards.
     * Returns what went wrong, one line per case or connection; empty when everything held.
     */
    public List<String> sendAll(Function<String, URI> uri, int perConnection) throws Exception {
        List<Case> cases = cases();
        List<String> problems = new ArrayList<>();
        for (int start = 0; start < cases.size(); start += perConnection) {
            List<Case> batch = cases.subList(start, Math.min(cases.size(), start + perConnection));
            try (WsClient client = WsClient.connect(uri.apply("corpus-" + tag))) {
                String me = client.next("welcome").getString("name");
                client.send("{\"type\":\"join\",\"room\":\"" + joinedRoom + "\"}");
                client.nextOfType("joined");
                for (Case c : batch) {
                    client.send(c.text());
                    JsonObject reply = answer(client, me);
                    if (reply == null) {
                        problems.add(c.describe() + ": no answer; closed " + client.closeReason());
                        break;
                    }
                    String got = reply.getString("type").equals("error") ? reply.getString("code")
                            : reply.getString("type");
                    if (!got.equals(c.expect())) {
                        problems.add(c.describe() + ": expected " + c.expect() + ", got " + reply);
                    }
                    if (got.equals("renamed")) {
                        me = reply.getString("name");
                    }
                }
                String ref = "still-open-" + start;
                client.send("{\"type\":\"ping\",\"ref\":\"" + ref + "\"}");
                JsonObject pong = answer(client, me);
                if (pong == null || !ref.equals(pong.getString("ref", null))) {
                    problems.add("the connection after " + batch.get(0).describe() + " … is not open: " + pong
                            + ", closed " + client.closeReason());
                }
            }
        }
        return problems;
    }

    /** The next frame meant for this client: not someone else's broadcast; null if none comes. */
    private static JsonObject answer(WsClient client, String me) throws InterruptedException {
        while (true) {
            JsonObject frame = client.poll(Duration.ofSeconds(5));
            if (frame == null) {
                return null;
            }
            String type = frame.getString("type");
            boolean othersBroadcast = type.equals("presence") || type.equals("presence_diff") || type.equals("typing")
                    || type.equals("message") && !me.equals(frame.getString("from"));
            if (!othersBroadcast) {
                return frame;
            }
        }
    }
}
