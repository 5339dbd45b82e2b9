package org.jakartachat.protocol;

import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;

/**
 * A frame a client sends. The JSON {@code "type"} names the record; see docs/protocol.adoc.
 *
 * <p>Each record's fields are exactly the JSON fields of that frame. Which fields are
 * required, and of which JSON type, is checked by {@link FrameCodec} before binding,
 * because JSON-B alone would coerce {@code 42} into {@code "42"}.
 */
@JsonbTypeInfo(key = "type", value = {
        @JsonbSubtype(alias = "join", type = ClientFrame.Join.class),
        @JsonbSubtype(alias = "leave", type = ClientFrame.Leave.class),
        @JsonbSubtype(alias = "message", type = ClientFrame.Post.class),
        @JsonbSubtype(alias = "typing", type = ClientFrame.Typing.class),
        @JsonbSubtype(alias = "rename", type = ClientFrame.Rename.class),
        @JsonbSubtype(alias = "ping", type = ClientFrame.Ping.class)
})
public sealed interface ClientFrame {

    /** The client's own id for this frame, echoed in an error about it; null if it sent none. */
    default String ref() {
        return null;
    }

    /** {@code {"type":"join","room":"lobby","since":"<id>"}}: since is optional. */
    record Join(String room, String since) implements ClientFrame {
    }

    /** {@code {"type":"leave","room":"lobby"}}. */
    record Leave(String room) implements ClientFrame {
    }

    /** {@code {"type":"message","room":"lobby","text":"hi","ref":"<id>"}}: ref is optional. */
    record Post(String room, String text, String ref) implements ClientFrame {
    }

    /** {@code {"type":"typing","room":"lobby","active":true}}. */
    record Typing(String room, boolean active) implements ClientFrame {
    }

    /** {@code {"type":"rename","name":"bob"}}. */
    record Rename(String name) implements ClientFrame {
    }

    /** {@code {"type":"ping","ref":"<id>"}}: ref is optional. */
    record Ping(String ref) implements ClientFrame {
    }
}
