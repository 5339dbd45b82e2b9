package org.jakartachat.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.List;
import java.util.Map;

/**
 * Turns client text into {@link ClientFrame}s and {@link ServerFrame}s into text.
 *
 * <p>Decoding is strict where JSON-B is lenient: the text is first read with JSON-P and each
 * field of the frame's type is checked for presence and JSON type (a number where a string is
 * due is refused, not coerced); only then does JSON-B bind it to its record. Unknown extra
 * fields are ignored. A JSON {@code null} counts as absent.
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
            "join", List.of(Field.required("room", ValueType.STRING), Field.optional("since", ValueType.STRING)),
            "leave", List.of(Field.required("room", ValueType.STRING)),
            "message", List.of(Field.required("room", ValueType.STRING), Field.required("text", ValueType.STRING),
                    Field.optional("ref", ValueType.STRING)),
            "typing", List.of(Field.required("room", ValueType.STRING), Field.required("active", ValueType.TRUE)),
            "rename", List.of(Field.required("name", ValueType.STRING)),
            "ping", List.of(Field.optional("ref", ValueType.STRING)));

    /** Refs are client ids such as UUIDs; longer ones are refused rather than stored and echoed. */
    public static final int MAX_REF_LENGTH = 128;

    private final Jsonb jsonb = JsonbBuilder.create();
    private final JsonReaderFactory readers = JsonProvider.provider().createReaderFactory(Map.of());

    /** Reads one client frame, or says exactly why it cannot be accepted. */
    public ClientFrame decode(String text) throws InvalidFrameException {
        JsonObject object = readObject(text);
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
        List<Field> fields = CLIENT_FIELDS.get(alias);
        if (fields == null) {
            throw new InvalidFrameException(ErrorCode.UNKNOWN_TYPE, "unknown type '" + printable(alias) + "'", ref);
        }
        for (Field field : fields) {
            check(object, field, ref);
        }
        try {
            return jsonb.fromJson(text, ClientFrame.class);
        } catch (JsonbException e) {
            // Not expected after the checks above; still the client's input, so still its error.
            throw new InvalidFrameException(ErrorCode.BAD_REQUEST, "frame could not be read: " + e.getMessage(), ref);
        }
    }

    /** Encodes a frame once; the result may be sent to any number of connections. */
    public EncodedFrame encode(ServerFrame frame) {
        // The runtime type, not ServerFrame.class: Yasson writes an interface as "{}".
        return new EncodedFrame(frame, jsonb.toJson(frame));
    }

    /** Reads a JSON text the server wrote (tests, other transports). */
    public ServerFrame decodeServerFrame(String text) {
        return jsonb.fromJson(text, ServerFrame.class);
    }

    public String toJson(Object value) {
        return jsonb.toJson(value);
    }

    private JsonObject readObject(String text) throws InvalidFrameException {
        JsonValue value;
        try (JsonReader reader = readers.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (RuntimeException e) {
            // JsonException for bad syntax, a plain RuntimeException from Parsson's nesting limit.
            throw new InvalidFrameException(ErrorCode.BAD_REQUEST, "frame is not valid JSON (or nests too deeply)", null);
        }
        if (value.getValueType() != ValueType.OBJECT) {
            throw new InvalidFrameException(ErrorCode.BAD_REQUEST, "frame must be a JSON object", null);
        }
        return value.asJsonObject();
    }

    private static void check(JsonObject object, Field field, String ref) throws InvalidFrameException {
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
    private static String optionalString(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value instanceof JsonString s ? s.getString() : null;
    }

    /** Keeps an echoed client value short and free of control characters. */
    private static String printable(String value) {
        String cut = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return out.toString();
    }
}
