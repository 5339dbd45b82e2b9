package org.jakartachat.protocol;

import jakarta.json.bind.annotation.JsonbCreator;
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
        @JsonbSubtype(alias = "ping", type = ClientFrame.Ping.class),
        @JsonbSubtype(alias = "direct", type = ClientFrame.Direct.class),
        @JsonbSubtype(alias = "directs", type = ClientFrame.Directs.class),
        @JsonbSubtype(alias = "block", type = ClientFrame.Block.class),
        @JsonbSubtype(alias = "unblock", type = ClientFrame.Unblock.class)
})
public sealed interface ClientFrame {

    /**
     * The client's own id for this frame, echoed on the frame's direct answer (joined, renamed,
     * pong, the sender's own message) and on an error about it; null if it sent none.
     */
    String ref();

    /** The same frame carrying {@code ref} (a transport's own, to find the frame's answer by). */
    ClientFrame withRef(String ref);

    /** The frame's JSON {@code type} ("join", "message"…), as the annotation above names it. */
    static String type(ClientFrame frame) {
        return Types.BY_CLASS.get(frame.getClass());
    }

    /** Each record's alias, read once from {@link JsonbTypeInfo}: the protocol says it in one place. */
    final class Types {
        private static final java.util.Map<Class<?>, String> BY_CLASS = java.util.Arrays.stream(
                        ClientFrame.class.getAnnotation(JsonbTypeInfo.class).value())
                .collect(java.util.stream.Collectors.toUnmodifiableMap(JsonbSubtype::type, JsonbSubtype::alias));

        private Types() {
        }
    }

    /** {@code {"type":"join","room":"lobby","since":"<id>","ref":"<id>"}}: since and ref are optional. */
    record Join(String room, String since, String ref) implements ClientFrame {
        /** The constructor JSON-B binds with, the record having a shorter one too. */
        @JsonbCreator
        public Join {
        }

        public Join(String room, String since) {
            this(room, since, null);
        }

        @Override
        public Join withRef(String newRef) {
            return new Join(room, since, newRef);
        }
    }

    /** {@code {"type":"leave","room":"lobby","ref":"<id>"}}: ref is optional. */
    record Leave(String room, String ref) implements ClientFrame {
        /** The constructor JSON-B binds with, the record having a shorter one too. */
        @JsonbCreator
        public Leave {
        }

        public Leave(String room) {
            this(room, null);
        }

        @Override
        public Leave withRef(String newRef) {
            return new Leave(room, newRef);
        }
    }

    /** {@code {"type":"message","room":"lobby","text":"hi","ref":"<id>"}}: ref is optional. */
    record Post(String room, String text, String ref) implements ClientFrame {
        @Override
        public Post withRef(String newRef) {
            return new Post(room, text, newRef);
        }
    }

    /** {@code {"type":"typing","room":"lobby","active":true,"ref":"<id>"}}: ref is optional. */
    record Typing(String room, boolean active, String ref) implements ClientFrame {
        /** The constructor JSON-B binds with, the record having a shorter one too. */
        @JsonbCreator
        public Typing {
        }

        public Typing(String room, boolean active) {
            this(room, active, null);
        }

        @Override
        public Typing withRef(String newRef) {
            return new Typing(room, active, newRef);
        }
    }

    /** {@code {"type":"rename","name":"bob","ref":"<id>"}}: ref is optional. */
    record Rename(String name, String ref) implements ClientFrame {
        /** The constructor JSON-B binds with, the record having a shorter one too. */
        @JsonbCreator
        public Rename {
        }

        public Rename(String name) {
            this(name, null);
        }

        @Override
        public Rename withRef(String newRef) {
            return new Rename(name, newRef);
        }
    }

    /** {@code {"type":"ping","ref":"<id>"}}: ref is optional. */
    record Ping(String ref) implements ClientFrame {
        @Override
        public Ping withRef(String newRef) {
            return new Ping(newRef);
        }
    }

    /**
     * {@code {"type":"direct","to":"bob","text":"hi","person":"<handle>","ref":"<id>"}}: person
     * and ref are optional; with person, it goes to {@code to} only if that is still that person.
     */
    record Direct(String to, String text, String person, String ref) implements ClientFrame {
        /** The constructor JSON-B binds with, the record having a shorter one too. */
        @JsonbCreator
        public Direct {
        }

        public Direct(String to, String text, String ref) {
            this(to, text, null, ref);
        }

        @Override
        public Direct withRef(String newRef) {
            return new Direct(to, text, person, newRef);
        }
    }

    /** {@code {"type":"directs","since":"<id>","ref":"<id>"}}: both optional; answered with {@code directs}. */
    record Directs(String since, String ref) implements ClientFrame {
        @Override
        public Directs withRef(String newRef) {
            return new Directs(since, newRef);
        }
    }

    /** {@code {"type":"block","name":"mallory","ref":"<id>"}}: ref is optional; answered with {@code blocks}. */
    record Block(String name, String ref) implements ClientFrame {
        @Override
        public Block withRef(String newRef) {
            return new Block(name, newRef);
        }
    }

    /** {@code {"type":"unblock","name":"mallory","ref":"<id>"}}: ref is optional; answered with {@code blocks}. */
    record Unblock(String name, String ref) implements ClientFrame {
        @Override
        public Unblock withRef(String newRef) {
            return new Unblock(name, newRef);
        }
    }
}
