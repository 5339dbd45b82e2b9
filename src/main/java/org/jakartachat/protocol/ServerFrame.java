package org.jakartachat.protocol;

import jakarta.json.bind.annotation.JsonbCreator;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import java.util.List;

/**
 * A frame the server sends. The JSON {@code "type"} names the record; null fields are left
 * out of the JSON. See docs/protocol.adoc for who receives each one and when.
 */
@JsonbTypeInfo(key = "type", value = {
        @JsonbSubtype(alias = "welcome", type = ServerFrame.Welcome.class),
        @JsonbSubtype(alias = "joined", type = ServerFrame.Joined.class),
        @JsonbSubtype(alias = "presence", type = ServerFrame.Presence.class),
        @JsonbSubtype(alias = "presence_diff", type = ServerFrame.PresenceDiff.class),
        @JsonbSubtype(alias = "message", type = ServerFrame.Message.class),
        @JsonbSubtype(alias = "renamed", type = ServerFrame.Renamed.class),
        @JsonbSubtype(alias = "typing", type = ServerFrame.TypingNotice.class),
        @JsonbSubtype(alias = "pong", type = ServerFrame.Pong.class),
        @JsonbSubtype(alias = "error", type = ServerFrame.Error.class),
        @JsonbSubtype(alias = "direct", type = ServerFrame.Direct.class),
        @JsonbSubtype(alias = "directs", type = ServerFrame.Directs.class),
        @JsonbSubtype(alias = "blocks", type = ServerFrame.Blocks.class)
})
public sealed interface ServerFrame {

    /**
     * First frame after the handshake: the name this connection got, who is online, and for a
     * guest the token that makes its next connection the same sender (null for a login).
     */
    @JsonbPropertyOrder({"name", "online", "from", "text", "token", "person"})
    record Welcome(String name, int online, String from, String text, String token, String person)
            implements ServerFrame {
        /** The constructor JSON-B binds with, the record having a shorter one too. */
        @JsonbCreator
        public Welcome {
        }

        public Welcome(String name, int online, String from, String text, String token) {
            this(name, online, from, text, token, null);
        }
    }

    /** Answer to a join: the members now in the room and the history the client asked for; the join's ref. */
    @JsonbPropertyOrder({"room", "members", "history", "complete", "ref"})
    record Joined(String room, List<String> members, List<Message> history, boolean complete, String ref)
            implements ServerFrame {
        /** The constructor JSON-B binds with, the record having a shorter one too. */
        @JsonbCreator
        public Joined {
        }

        public Joined(String room, List<String> members, List<Message> history, boolean complete) {
            this(room, members, history, complete, null);
        }
    }

    /** Someone else joined, left or was renamed in a room; count is the members now in it. */
    @JsonbPropertyOrder({"room", "name", "event", "previous", "count"})
    record Presence(String room, String name, String event, String previous, int count)
            implements ServerFrame {
        public static final String JOIN = "join";
        public static final String LEAVE = "leave";
        public static final String RENAME = "rename";
    }

    /**
     * A large room's presence changes since its last diff, sent instead of one presence frame
     * per change: {@code leaves} and {@code joins} are net (someone who came and went in
     * between is in neither), to be applied as set operations, leaves first.
     */
    @JsonbPropertyOrder({"room", "joins", "leaves", "count"})
    record PresenceDiff(String room, List<String> joins, List<String> leaves, int count) implements ServerFrame {
    }

    /** A posted chat message; ref is set only on the sender's own copy. */
    @JsonbPropertyOrder({"room", "id", "from", "text", "ts", "ref"})
    record Message(String room, String id, String from, String text, String ts, String ref)
            implements ServerFrame {

        /** The same message as the sender sees it, carrying the sender's ref. */
        public Message withRef(String sendersRef) {
            return new Message(room, id, from, text, ts, sendersRef);
        }
    }

    /** Answer to a successful rename; the rename's ref. */
    @JsonbPropertyOrder({"name", "previous", "ref"})
    record Renamed(String name, String previous, String ref) implements ServerFrame {
        /** The constructor JSON-B binds with, the record having a shorter one too. */
        @JsonbCreator
        public Renamed {
        }

        public Renamed(String name, String previous) {
            this(name, previous, null);
        }
    }

    /** Someone else in a room started or stopped typing. */
    @JsonbPropertyOrder({"room", "name", "active"})
    record TypingNotice(String room, String name, boolean active) implements ServerFrame {
    }

    /** Answer to a ping. */
    record Pong(String ref) implements ServerFrame {
    }

    /** A frame was refused; the connection stays open. */
    @JsonbPropertyOrder({"code", "message", "ref"})
    record Error(String code, String message, String ref) implements ServerFrame {
    }

    /**
     * A direct message, to every connection of both people; ref is set only on the sending
     * connection's copy. Its id orders it among every direct message either person has.
     * {@code sender} and {@code recipient} are the two people's handles (see welcome's person).
     */
    @JsonbPropertyOrder({"id", "from", "to", "text", "ts", "sender", "recipient", "ref"})
    record Direct(String id, String from, String to, String text, String ts, String sender, String recipient,
                  String ref) implements ServerFrame {

        /** The same message as the sending connection sees it, carrying its ref. */
        public Direct withRef(String sendersRef) {
            return new Direct(id, from, to, text, ts, sender, recipient, sendersRef);
        }
    }

    /**
     * Answer to {@code directs}: the person's direct messages after its {@code since}, oldest
     * first, up to those this connection gets live; complete when none is missing.
     */
    @JsonbPropertyOrder({"messages", "complete", "ref"})
    record Directs(List<Direct> messages, boolean complete, String ref) implements ServerFrame {
    }

    /** Answer to {@code block} and {@code unblock}: every name the person blocks now. */
    @JsonbPropertyOrder({"names", "ref"})
    record Blocks(List<String> names, String ref) implements ServerFrame {
    }
}
