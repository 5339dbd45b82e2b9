package org.jakartachat.protocol;

import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns client text into {@link ClientFrame}s and {@link ServerFrame}s into text.
 *
 * <p>Decoding is strict where JSON-B is lenient: the text is first read with JSON-P and each
 * field of the frame's type is checked for presence and JSON type (a number where a string is
 * due is refused, not coerced); only then does JSON-B bind it to its record. Unknown extra
 * fields are ignored. A JSON {@code null} counts as absent. A key given twice, or anything
 * after the object, is refused: JSON-P and JSON-B would otherwise each pick their own of the
 * two values, and the checks would pass one value while the record got the other.
 *
 * <p>Every refusal is an {@link InvalidFrameException}, whatever the input: nothing a client
 * sends can make decoding throw anything else.
 *
 * <p>Encoding is where the server's text meets the wire, so it is where text that cannot be
 * sent is made sendable: an unpaired surrogate (from a client value echoed in an error, a
 * name, a Redis entry, anything) becomes U+FFFD, because a container cannot encode it as
 * UTF-8 and would fail the connection (1011) instead of sending the frame.
 *
 * <p>One instance is shared by every connection: {@link Jsonb} and the JSON-P reader factory
 * are thread-safe and costly to create.
 */
public final class FrameCodec {

    private record Field(String name, ValueType type, boolean required) {
        static Field required(String name, ValueType type) {
            return new Field(name, type, true);
        }

        static Field optional(String name, ValueType type) {
            return new Field(name, type, false);
        }
    }

    /** The fields of each client frame type, matching docs/protocol.adoc. */
    private static final Map<String, List<Field>> CLIENT_FIELDS = Map.of(
            "join", List.of(Field.required("room", ValueType.STRING), Field.optional("since", ValueType.STRING),
                    Field.optional("ref", ValueType.STRING)),
            "leave", List.of(Field.required("room", ValueType.STRING), Field.optional("ref", ValueType.STRING)),
            "message", List.of(Field.required("room", ValueType.STRING), Field.required("text", ValueType.STRING),
                    Field.optional("ref", ValueType.STRING)),
            "typing", List.of(Field.required("room", ValueType.STRING), Field.required("active", ValueType.TRUE),
                    Field.optional("ref", ValueType.STRING)),
            "rename", List.of(Field.required("name", ValueType.STRING), Field.optional("ref", ValueType.STRING)),
            "ping", List.of(Field.optional("ref", ValueType.STRING)),
            "direct", List.of(Field.required("to", ValueType.STRING), Field.required("text", ValueType.STRING),
                    Field.optional("person", ValueType.STRING), Field.optional("ref", ValueType.STRING)),
            "directs", List.of(Field.optional("since", ValueType.STRING), Field.optional("ref", ValueType.STRING)),
            "block", List.of(Field.required("name", ValueType.STRING), Field.optional("ref", ValueType.STRING)),
            "unblock", List.of(Field.required("name", ValueType.STRING), Field.optional("ref", ValueType.STRING)));

    /** Refs are client ids such as UUIDs; longer ones are refused rather than stored and echoed. */
    public static final int MAX_REF_LENGTH = 128;

    /** How much of a client value an error message repeats, in code points. */
    private static final int ECHOED_CODE_POINTS = 40;

    private final Jsonb jsonb = JsonbBuilder.create();
    private final JsonParserFactory parsers = JsonProvider.provider().createParserFactory(Map.of());

    /** Reads one client frame, or says exactly why it cannot be accepted. */
    public ClientFrame decode(String text) throws InvalidFrameException {
        Map<String, JsonValue> object = readObject(text);
        String ref = optionalString(object, "ref");
        if (ref != null && (ref.length() > MAX_REF_LENGTH || !wellFormed(ref))) {
            throw new InvalidFrameException(ErrorCode.BAD_REQUEST,
                    "field 'ref' must be valid text of at most " + MAX_REF_LENGTH + " characters", null);
        }
        JsonValue type = object.get("type");
        if (type == null || type.getValueType() != ValueType.STRING) {
            throw new InvalidFrameException(ErrorCode.BAD_REQUEST, "field 'type' is required and must be a string", ref);
        }
        String alias = ((JsonString) type).getString();
        if (!wellFormed(alias)) {
            throw new InvalidFrameException(ErrorCode.BAD_REQUEST, "field 'type' has an unpaired surrogate", ref);
        }
        List<Field> fields = CLIENT_FIELDS.get(alias);
        if (fields == null) {
            throw new InvalidFrameException(ErrorCode.UNKNOWN_TYPE, "unknown type '" + printable(alias) + "'", ref);
        }
        for (Field field : fields) {
            check(object, field, ref);
        }
        try {
            return jsonb.fromJson(text, ClientFrame.class);
        } catch (RuntimeException e) {
            // Not expected after the checks above; still the client's input, so still its error.
            // The exception's own message is not repeated: it may quote the input or name classes.
            throw new InvalidFrameException(ErrorCode.BAD_REQUEST, "frame could not be read as a '"
                    + alias + "' frame", ref);
        }
    }

    /** Encodes a frame once; the result may be sent to any number of connections. */
    public EncodedFrame encode(ServerFrame frame) {
        // The runtime type, not ServerFrame.class: Yasson writes an interface as "{}".
        return new EncodedFrame(sendable(jsonb.toJson(frame)));
    }

    /**
     * The text with every unpaired surrogate replaced by U+FFFD, so that it can be encoded as
     * UTF-8; the same instance when there is none, which is nearly always.
     */
    static String sendable(String text) {
        if (wellFormed(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    /** Reads a JSON text the server wrote (tests, other transports). */
    public ServerFrame decodeServerFrame(String text) {
        return jsonb.fromJson(text, ServerFrame.class);
    }

    public String toJson(Object value) {
        return jsonb.toJson(value);
    }

    /** The frame's top-level fields: exactly one JSON object, each key once, nothing after it. */
    private Map<String, JsonValue> readObject(String text) throws InvalidFrameException {
        Map<String, JsonValue> fields = new HashMap<>();
        try (JsonParser parser = parsers.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new InvalidFrameException(ErrorCode.BAD_REQUEST, "frame must be a JSON object", null);
            }
            for (JsonParser.Event event = parser.next(); event != JsonParser.Event.END_OBJECT; event = parser.next()) {
                String key = parser.getString();
                parser.next();
                if (fields.putIfAbsent(key, parser.getValue()) != null) {
                    throw new InvalidFrameException(ErrorCode.BAD_REQUEST,
                            "field '" + printable(key) + "' is given more than once", null);
                }
            }
            if (hasMore(parser)) {
                throw new InvalidFrameException(ErrorCode.BAD_REQUEST, "frame has data after its JSON object", null);
            }
        } catch (RuntimeException e) {
            // JsonException for bad syntax, a plain RuntimeException from Parsson's nesting limit.
            throw new InvalidFrameException(ErrorCode.BAD_REQUEST, "frame is not valid JSON (or nests too deeply)", null);
        }
        return fields;
    }

    /** Parsson answers trailing text after the value with an exception, other parsers with true. */
    private static boolean hasMore(JsonParser parser) {
        try {
            return parser.hasNext();
        } catch (RuntimeException trailing) {
            return true;
        }
    }

    private static void check(Map<String, JsonValue> object, Field field, String ref) throws InvalidFrameException {
        JsonValue value = object.get(field.name());
        if (value == null || value.getValueType() == ValueType.NULL) {
            if (field.required()) {
                throw new InvalidFrameException(ErrorCode.BAD_REQUEST, "field '" + field.name() + "' is required", ref);
            }
            return;
        }
        ValueType actual = value.getValueType();
        boolean matches = field.type() == ValueType.TRUE
                ? actual == ValueType.TRUE || actual == ValueType.FALSE
                : actual == field.type();
        if (!matches) {
            String expected = field.type() == ValueType.TRUE ? "a boolean" : "a string";
            throw new InvalidFrameException(ErrorCode.BAD_REQUEST,
                    "field '" + field.name() + "' must be " + expected, ref);
        }
        if (actual == ValueType.STRING && !wellFormed(((JsonString) value).getString())) {
            // JSON allows "\ud800" alone; it is not text and cannot be sent on as UTF-8.
            throw new InvalidFrameException(ErrorCode.BAD_REQUEST,
                    "field '" + field.name() + "' has an unpaired surrogate", ref);
        }
    }

    /** True when every surrogate in the string is part of a pair. */
    static boolean wellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The frame's ref if it is a string; a ref of another type is reported by the field check. */
    private static String optionalString(Map<String, JsonValue> object, String name) {
        JsonValue value = object.get(name);
        return value instanceof JsonString s ? s.getString() : null;
    }

    /**
     * Keeps an echoed client value short and harmless to show: cut by code points (never inside
     * a surrogate pair), control and formatting characters (bidi overrides, zero widths) shown
     * as {@code ?}, and unpaired surrogates as U+FFFD.
     */
    static String printable(String value) {
        boolean cut = value.codePointCount(0, value.length()) > ECHOED_CODE_POINTS;
        String kept = cut ? value.substring(0, value.offsetByCodePoints(0, ECHOED_CODE_POINTS)) : value;
        StringBuilder out = new StringBuilder(kept.length() + 1);
        kept.codePoints().forEach(cp -> out.appendCodePoint(Character.isISOControl(cp)
                || Character.getType(cp) == Character.FORMAT ? '?' : Character.isSurrogate((char) cp)
                && cp <= 0xFFFF ? 0xFFFD : cp));
        return cut ? out.append('…').toString() : out.toString();
    }
}
