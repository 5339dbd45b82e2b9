package org.jakartachat.abuse;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded, reproducible corpus of bad client frames, each with the answer the protocol
 * documents for it (docs/protocol.adoc): an error code, or "pong" for a ping that is odd but
 * valid. Every frame is bad by construction, so a wrong answer is a server bug, not luck.
 */
final class MalformedFrames {

    /** One frame to send (text, or binary when {@code binary} is set) and the expected answer. */
    record Case(String kind, String text, byte[] binary, String expect) {
        static Case text(String kind, String text, String expect) {
            return new Case(kind, text, null, expect);
        }
    }

    private static final String[] TYPES = {"join", "leave", "message", "typing", "rename", "ping"};
    private static final String PUNCTUATION = "<>\"'&/\\{}[]:,";
    private static final String[] BIDI_AND_CONTROL = {"\u202E", "\u202D", "\u200F", "\u2066", "\u0000", "\u0007",
        "\u001B", "\n", "\t", "\u007F", "\u0085", "\uFEFF", "\u200B"};

    private final Random random;
    private final String joinedRoom;

    MalformedFrames(long seed, String joinedRoom) {
        this.random = new Random(seed);
        this.joinedRoom = joinedRoom;
    }

    /** The hand-written cases: each documented error, at least once. */
    List<Case> handWritten() {
        String r = joinedRoom;
        List<Case> cases = new ArrayList<>(List.of(
                Case.text("empty", "", "bad_request"),
                Case.text("not json", "hello", "bad_request"),
                Case.text("not an object", "[\"join\"]", "bad_request"),
                Case.text("json null", "null", "bad_request"),
                Case.text("no type", "{\"room\":\"" + r + "\"}", "bad_request"),
                Case.text("number type", "{\"type\":7}", "bad_request"),
                Case.text("unknown type", "{\"type\":\"dance\"}", "unknown_type"),
                Case.text("huge number", "{\"type\":\"join\",\"room\":1e999999999}", "bad_request"),
                Case.text("huge integer", "{\"type\":\"typing\",\"room\":\"" + r + "\",\"active\":"
                        + "9".repeat(5000) + "}", "bad_request"),
                Case.text("text as number", "{\"type\":\"message\",\"room\":\"" + r + "\",\"text\":42}", "bad_request"),
                Case.text("room as bool", "{\"type\":\"leave\",\"room\":true}", "bad_request"),
                Case.text("active as string", "{\"type\":\"typing\",\"room\":\"" + r + "\",\"active\":\"no\"}",
                        "bad_request"),
                Case.text("lone surrogate", "{\"type\":\"message\",\"room\":\"" + r + "\",\"text\":\"a\\ud800b\"}",
                        "bad_request"),
                Case.text("reversed surrogates", "{\"type\":\"rename\",\"name\":\"\\udc00\\ud800\"}", "bad_request"),
                Case.text("blank text", "{\"type\":\"message\",\"room\":\"" + r + "\",\"text\":\" \\n\\t \"}",
                        "bad_request"),
                Case.text("bidi room", "{\"type\":\"join\",\"room\":\"lob\u202Eby\"}", "invalid_room"),
                Case.text("control in name", "{\"type\":\"rename\",\"name\":\"ali\\u0000ce\"}", "invalid_name"),
                Case.text("bidi in name", "{\"type\":\"rename\",\"name\":\"ali\u202Ece\"}", "invalid_name"),
                Case.text("not joined", "{\"type\":\"message\",\"room\":\"never-joined\",\"text\":\"x\"}",
                        "not_in_room"),
                Case.text("too long", "{\"type\":\"message\",\"room\":\"" + r + "\",\"text\":\"" + "y".repeat(2001)
                        + "\"}", "too_long"),
                Case.text("long ref", "{\"type\":\"ping\",\"ref\":\"" + "r".repeat(200) + "\"}", "bad_request"),
                Case.text("deep nesting", "{\"type\":\"ping\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
                        "bad_request"),
                Case.text("nesting within limits", "{\"type\":\"ping\",\"x\":" + "[".repeat(50) + "]".repeat(50) + "}",
                        "pong"),
                new Case("binary", null, new byte[] {0, 1, 2, (byte) 0xFF}, "bad_request"),
                new Case("binary json", null, "{\"type\":\"ping\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "bad_request")));
        return cases;
    }

    /** {@code count} generated cases. */
    List<Case> generated(int count) {
        List<Case> cases = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            cases.add(switch (random.nextInt(10)) {
                case 0 -> notAnObject();
                case 1 -> truncated();
                case 2 -> wrongFieldType();
                case 3 -> unknownType();
                case 4 -> invalidRoom();
                case 5 -> invalidName();
                case 6 -> missingField();
                case 7 -> notJoined();
                case 8 -> loneSurrogate();
                default -> badText();
            });
        }
        return cases;
    }

    private Case notAnObject() {
        return Case.text("not an object", randomValue(3).toString(), "bad_request");
    }

    private Case truncated() {
        String whole = validFrame();
        return Case.text("truncated", whole.substring(0, 1 + random.nextInt(whole.length() - 1)), "bad_request");
    }

    private Case wrongFieldType() {
        String type = TYPES[random.nextInt(5)]; // not ping: it has no required field
        JsonObjectBuilder frame = Json.createObjectBuilder(validObject(type));
        String field = requiredField(type);
        JsonValue wrong;
        do {
            wrong = randomValue(2);
        } while (wrong.getValueType() == JsonValue.ValueType.NULL || matches(field, wrong));
        return Case.text("wrong type for " + field, frame.add(field, wrong).build().toString(), "bad_request");
    }

    /** One of the required fields of a frame type (all but ping have some). */
    private String requiredField(String type) {
        return switch (type) {
            case "rename" -> "name";
            case "message" -> random.nextBoolean() ? "room" : "text";
            case "typing" -> random.nextBoolean() ? "room" : "active";
            default -> "room";
        };
    }

    private static boolean matches(String field, JsonValue value) {
        return field.equals("active")
                ? value == JsonValue.TRUE || value == JsonValue.FALSE
                : value.getValueType() == JsonValue.ValueType.STRING;
    }

    private Case missingField() {
        String type = TYPES[random.nextInt(5)];
        var object = Json.createObjectBuilder(validObject(type));
        String field = requiredField(type);
        if (random.nextBoolean()) {
            object.remove(field);
        } else {
            object.addNull(field);
        }
        return Case.text("missing " + field, object.build().toString(), "bad_request");
    }

    private Case unknownType() {
        String type;
        do {
            type = randomText(1 + random.nextInt(12), false);
        } while (List.of(TYPES).contains(type));
        return Case.text("unknown type", Json.createObjectBuilder().add("type", type).build().toString(),
                "unknown_type");
    }

    private Case invalidRoom() {
        String room;
        do {
            room = random.nextInt(8) == 0 ? "r".repeat(65 + random.nextInt(100)) : randomText(random.nextInt(20), false);
        } while (room.matches("[A-Za-z0-9_-]{1,64}"));
        String type = TYPES[random.nextInt(4)];
        String frame = Json.createObjectBuilder(validObject(type)).add("room", room).build().toString();
        return Case.text("invalid room", frame, "invalid_room");
    }

    private Case invalidName() {
        String name;
        do {
            name = switch (random.nextInt(4)) {
                case 0 -> "n".repeat(33 + random.nextInt(50));
                case 1 -> " ".repeat(random.nextInt(4));
                case 2 -> "ab" + BIDI_AND_CONTROL[random.nextInt(BIDI_AND_CONTROL.length)] + "cd";
                default -> randomText(1 + random.nextInt(10), false) + "<>";
            };
        } while (isValidName(name));
        return Case.text("invalid name", Json.createObjectBuilder().add("type", "rename").add("name", name).build()
                .toString(), "invalid_name");
    }

    private static boolean isValidName(String raw) {
        String name = raw.strip();
        int length = name.codePointCount(0, name.length());
        return length >= 1 && length <= 32 && name.codePoints().allMatch(cp -> Character.isLetterOrDigit(cp)
                || cp == ' ' || cp == '_' || cp == '-' || cp == '.');
    }

    private Case notJoined() {
        String frame = random.nextBoolean()
                ? "{\"type\":\"message\",\"room\":\"elsewhere" + random.nextInt(1000) + "\",\"text\":\"hi\"}"
                : "{\"type\":\"typing\",\"room\":\"elsewhere" + random.nextInt(1000) + "\",\"active\":true}";
        return Case.text("not joined", frame, "not_in_room");
    }

    private Case loneSurrogate() {
        String surrogate = random.nextBoolean() ? "\\ud83d" : "\\ude00";
        String field = random.nextBoolean()
                ? "{\"type\":\"message\",\"room\":\"" + joinedRoom + "\",\"text\":\"x" + surrogate + "\"}"
                : "{\"type\":\"rename\",\"name\":\"" + surrogate + "abc\"}";
        return Case.text("lone surrogate", field, "bad_request");
    }

    private Case badText() {
        if (random.nextBoolean()) {
            String blank = " \t\n\r\u000B\u000C\u001C".substring(0, 1 + random.nextInt(7));
            return Case.text("blank text", Json.createObjectBuilder().add("type", "message").add("room", joinedRoom)
                    .add("text", blank).build().toString(), "bad_request");
        }
        String text = "😀".repeat(2001 + random.nextInt(500));
        return Case.text("too long", Json.createObjectBuilder().add("type", "message").add("room", joinedRoom)
                .add("text", text).build().toString(), "too_long");
    }

    private String validFrame() {
        return validObject(TYPES[random.nextInt(TYPES.length)]).toString();
    }

    private jakarta.json.JsonObject validObject(String type) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("type", type);
        return switch (type) {
            case "join", "leave" -> b.add("room", joinedRoom).build();
            case "message" -> b.add("room", joinedRoom).add("text", "hello").build();
            case "typing" -> b.add("room", joinedRoom).add("active", true).build();
            case "rename" -> b.add("name", "somebody").build();
            default -> b.add("ref", "p").build();
        };
    }

    /** Any JSON value: strings with hostile characters, extreme numbers, nested arrays and objects. */
    private JsonValue randomValue(int depth) {
        int pick = random.nextInt(depth > 0 ? 8 : 6);
        return switch (pick) {
            case 0 -> Json.createValue(randomText(random.nextInt(30), false));
            case 1 -> Json.createValue(random.nextLong());
            case 2 -> Json.createValue(new java.math.BigDecimal("1e" + random.nextInt(400)));
            case 3 -> random.nextBoolean() ? JsonValue.TRUE : JsonValue.FALSE;
            case 4 -> JsonValue.NULL;
            case 5 -> Json.createValue(random.nextDouble() * 1e300);
            case 6 -> {
                var array = Json.createArrayBuilder();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomValue(depth - 1));
                }
                yield array.build();
            }
            default -> {
                var object = Json.createObjectBuilder();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.add(randomText(5, false), randomValue(depth - 1));
                }
                yield object.build();
            }
        };
    }

    /** Text mixing ASCII, letters of other scripts, emoji, control and bidi characters. */
    private String randomText(int length, boolean loneSurrogates) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0 -> text.append((char) ('a' + random.nextInt(26)));
                case 1 -> text.append(PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())));
                case 2 -> text.append(BIDI_AND_CONTROL[random.nextInt(BIDI_AND_CONTROL.length)]);
                case 3 -> text.appendCodePoint(0x4E00 + random.nextInt(500));
                case 4 -> text.appendCodePoint(0x1F600 + random.nextInt(50));
                default -> text.append((char) ('0' + random.nextInt(10)));
            }
        }
        return text.toString();
    }
}
