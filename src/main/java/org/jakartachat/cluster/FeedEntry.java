package org.jakartachat.cluster;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * One entry of the cluster's feed ({@code chat:feed}), read into typed values in one place.
 * Anything can be in a Redis stream (an operator's {@code XADD}, another version of the chat, a
 * bug), so every field is checked here, and an entry that is not one of these is
 * {@link Unreadable}: the reader counts it, logs it and goes on to the next, instead of failing
 * on it for ever.
 */
sealed interface FeedEntry {
    /** What the room field of every entry must be: a room name of the protocol. */
    Pattern ROOM = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** The server and connection that caused the entry ({@code <instance>/<connection>}), or "". */
    String origin();

    /** A posted message; {@code id} is its id in the room's stream. */
    record Posted(String room, StreamId id, String from, String text, String ts, String ref, String origin)
            implements FeedEntry {
        /** The message as every member gets it (no ref: that is the sender's own). */
        org.jakartachat.protocol.ServerFrame.Message message() {
            return new org.jakartachat.protocol.ServerFrame.Message(room, id.wire(), from, text, ts, null);
        }
    }

    /** A join, leave or rename in a room, with the room's count of people after it. */
    record PresenceChange(String room, String name, String event, String previous, int count, String origin)
            implements FeedEntry {
    }

    /** Someone started or stopped typing. */
    record Typing(String room, String name, boolean active, String origin) implements FeedEntry {
    }

    /**
     * A direct message between two people ({@code sender} and {@code recipient} are Identity
     * keys); its id is the feed entry's own. Its text is never put in a log line.
     */
    record DirectSent(String from, String to, String text, String ts, String ref, String origin, String sender,
                      String recipient) implements FeedEntry {
        org.jakartachat.protocol.ServerFrame.Direct message(StreamId id) {
            return new org.jakartachat.protocol.ServerFrame.Direct(id.wire(), from, to, text, ts,
                    org.jakartachat.hub.Identity.handle(sender), org.jakartachat.hub.Identity.handle(recipient), null);
        }
    }

    /** Why an entry could not be read. */
    final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String why) {
            super(why, null, false, false);
        }
    }

    /** The entry these fields make, as {@code RedisBackplane} and {@code ClusterPresence} write them. */
    static FeedEntry parse(Map<String, String> fields) throws Unreadable {
        String kind = fields.getOrDefault("kind", "message");
        if (kind.equals("direct")) {
            String ref = fields.get("ref");
            return new DirectSent(required(fields, "from"), required(fields, "to"), required(fields, "text"),
                    required(fields, "ts"), ref == null || ref.isEmpty() ? null : ref, fields.getOrDefault("origin", ""),
                    required(fields, "sender"), required(fields, "recipient"));
        }
        String room = required(fields, "room");
        if (!ROOM.matcher(room).matches()) {
            throw new Unreadable("room '" + shown(room) + "' is not a room name");
        }
        String origin = fields.getOrDefault("origin", "");
        return switch (kind) {
            case "message" -> {
                String id = required(fields, "id");
                StreamId streamId = StreamId.parse(id);
                if (streamId == null) {
                    throw new Unreadable("id '" + shown(id) + "' is not a stream id");
                }
                String ref = fields.get("ref");
                yield new Posted(room, streamId, required(fields, "from"), required(fields, "text"),
                        required(fields, "ts"), ref == null || ref.isEmpty() ? null : ref, origin);
            }
            case "presence" -> {
                String event = required(fields, "event");
                if (!event.equals("join") && !event.equals("leave") && !event.equals("rename")) {
                    throw new Unreadable("presence event '" + shown(event) + "' is not join, leave or rename");
                }
                String previous = fields.get("previous");
                yield new PresenceChange(room, required(fields, "name"), event,
                        previous == null || previous.isEmpty() ? null : previous, count(fields), origin);
            }
            case "typing" -> {
                String active = required(fields, "active");
                if (!active.equals("true") && !active.equals("false")) {
                    throw new Unreadable("typing 'active' is '" + shown(active) + "', not true or false");
                }
                yield new Typing(room, required(fields, "name"), Boolean.parseBoolean(active), origin);
            }
            default -> throw new Unreadable("kind '" + shown(kind) + "' is not message, presence, typing or direct");
        };
    }

    /** A message as a room's own stream keeps it (no room or id fields: they are the stream's and the entry's). */
    static Posted fromRoomStream(String room, String id, Map<String, String> fields) throws Unreadable {
        StreamId streamId = StreamId.parse(id);
        if (streamId == null) {
            throw new Unreadable("id '" + shown(id) + "' is not a stream id");
        }
        String ref = fields.get("ref");
        return new Posted(room, streamId, required(fields, "from"), required(fields, "text"), required(fields, "ts"),
                ref == null || ref.isEmpty() ? null : ref, fields.getOrDefault("origin", ""));
    }

    private static String required(Map<String, String> fields, String field) throws Unreadable {
        String value = fields.get(field);
        if (value == null) {
            throw new Unreadable("no '" + field + "'");
        }
        return value;
    }

    private static int count(Map<String, String> fields) throws Unreadable {
        String count = required(fields, "count");
        try {
            int parsed = Integer.parseInt(count);
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new Unreadable("count '" + shown(count) + "' is not a number of people");
    }

    /** A value for a log line: short, and with nothing that could forge a line of its own. */
    private static String shown(String value) {
        String cut = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
