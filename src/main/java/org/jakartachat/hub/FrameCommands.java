package org.jakartachat.hub;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.LongSupplier;
import org.jakartachat.config.ChatConfig;
import org.jakartachat.protocol.ClientFrame;
import org.jakartachat.protocol.EncodedFrame;
import org.jakartachat.protocol.ErrorCode;
import org.jakartachat.protocol.FrameCodec;
import org.jakartachat.protocol.InvalidFrameException;
import org.jakartachat.protocol.ServerFrame;
import org.jakartachat.protocol.ServerFrame.Message;

/**
 * What each client frame does, once the hub has admitted it (rate limits) under the
 * connection's {@code handling} lock: join, leave, post, typing, rename, ping, and the direct
 * messages' direct, directs, block and unblock. Every refusal
 * is an {@link InvalidFrameException}, which the hub turns into the sender's {@code error} (with
 * the frame's ref: the refusals here need not carry it). A direct answer carries the frame's ref.
 * The backplane is called holding no monitor (see the package documentation).
 */
final class FrameCommands {
    private final ChatConfig config;
    private final FrameCodec codec;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final RoomDirectory rooms;
    private final NameRegistry names;
    private final HubMetrics metrics;
    private final RoomLog log;
    private final RoomMembership membership;
    private final DirectLog directs;
    /** Whether the backplane can take joins and posts now. */
    private final java.util.function.BooleanSupplier available;

    FrameCommands(ChatConfig config, FrameCodec codec, Clock clock, LongSupplier nanoTime, RoomDirectory rooms,
                  NameRegistry names, Backplane backplane, HubMetrics metrics) {
        this.metrics = metrics;
        this.config = config;
        this.codec = codec;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.rooms = rooms;
        this.names = names;
        this.log = backplane.log();
        this.membership = backplane.membership();
        this.directs = backplane.directs();
        this.available = backplane::available;
    }

    void dispatch(Connection connection, ClientFrame frame) throws InvalidFrameException {
        if (frame instanceof ClientFrame.Join join) {
            join(connection, join);
        } else if (frame instanceof ClientFrame.Leave leave) {
            leave(connection, leave);
        } else if (frame instanceof ClientFrame.Post post) {
            post(connection, post);
        } else if (frame instanceof ClientFrame.Typing typing) {
            typing(connection, typing);
        } else if (frame instanceof ClientFrame.Rename rename) {
            rename(connection, rename);
        } else if (frame instanceof ClientFrame.Ping ping) {
            send(connection, new ServerFrame.Pong(ping.ref()));
        } else if (frame instanceof ClientFrame.Direct direct) {
            direct(connection, direct);
        } else if (frame instanceof ClientFrame.Directs read) {
            DirectSlice slice = directs.read(connection.owner(), read.since(), connection.directsFrom());
            send(connection, new ServerFrame.Directs(slice.messages(), slice.complete(), read.ref()));
        } else if (frame instanceof ClientFrame.Block block) {
            block(connection, block.name(), true, block.ref());
        } else if (frame instanceof ClientFrame.Unblock unblock) {
            block(connection, unblock.name(), false, unblock.ref());
        }
    }

    /**
     * A join: the connection becomes a member that is still joining (see {@link Room}), the
     * backplane records it and reads the room (no hub monitor held: in a cluster that is a
     * round trip to Redis), then {@code joined} goes out with what was delivered meanwhile after
     * it. If the read fails, the connection leaves the room as if it had never asked.
     */
    private void join(Connection connection, ClientFrame.Join join) throws InvalidFrameException {
        String roomName = requireRoomName(join.room(), null);
        Room current;
        synchronized (connection) {
            current = connection.room(roomName);
            if (current == null && connection.roomCount() >= config.maxRoomsPerConnection()) {
                throw new InvalidFrameException(ErrorCode.TOO_MANY_ROOMS, "a connection may be in at most "
                        + config.maxRoomsPerConnection() + " rooms; leave one first", null);
            }
        }
        if (current != null) {
            rejoin(connection, current, join);
            return;
        }
        if (!available.getAsBoolean()) {
            // Refused before the room is opened: a join the store cannot make leaves no trace here either.
            throw InvalidFrameException.unavailable(null);
        }
        Room room = enterRoom(connection, roomName);
        if (room == null) {
            return; // closed meanwhile
        }
        RoomView view;
        try {
            view = membership.enter(roomName, connection.id(), connection.owner(), connection.name(), join.since());
        } catch (InvalidFrameException | RuntimeException failed) {
            synchronized (connection) {
                connection.removeRoom(room);
            }
            synchronized (room) {
                room.joinFailed(connection);
            }
            throw failed;
        }
        EncodedFrame joined = joinedFrame(roomName, view, join.ref());
        boolean stayed;
        synchronized (room) {
            stayed = room.joined(connection, view.at(), joined);
        }
        if (!stayed) {
            // Closed while entering: its remover left the backplane's entry to this thread.
            membership.leave(roomName, connection.id(), connection.owner());
        }
    }

    /** Makes the connection a joining member of the room, opened if need be; null if the connection closed. */
    private Room enterRoom(Connection connection, String roomName) throws InvalidFrameException {
        while (true) {
            Room room = rooms.open(roomName, connection.address(), null);
            synchronized (room) {
                if (room.retired()) {
                    continue; // evicted between lookup and lock: open it anew
                }
                room.addJoining(connection, nanoTime.getAsLong());
            }
            synchronized (connection) {
                if (!connection.isClosed()) {
                    connection.addRoom(room);
                    return room;
                }
            }
            synchronized (room) {
                room.remove(connection, nanoTime.getAsLong());
            }
            return null;
        }
    }

    /** A member joins again (to resume after {@code since}, say): a new read of the room, the same membership. */
    private void rejoin(Connection connection, Room room, ClientFrame.Join join) throws InvalidFrameException {
        synchronized (room) {
            if (!room.rejoin(connection)) {
                return;
            }
        }
        RoomView view;
        try {
            view = membership.look(room.name, join.since());
        } catch (InvalidFrameException | RuntimeException failed) {
            synchronized (room) {
                room.joinFailed(connection);
            }
            throw failed;
        }
        EncodedFrame joined = joinedFrame(room.name, view, join.ref());
        synchronized (room) {
            room.joined(connection, view.at(), joined);
        }
    }

    private EncodedFrame joinedFrame(String room, RoomView view, String ref) {
        return codec.encode(new ServerFrame.Joined(room, view.members(), view.history().messages(),
                view.history().complete(), ref));
    }

    private void leave(Connection connection, ClientFrame.Leave leave) throws InvalidFrameException {
        Room room = requireMembership(connection, leave.room(), null);
        synchronized (connection) {
            connection.removeRoom(room);
        }
        Room.Removed removed;
        synchronized (room) {
            removed = room.remove(connection, nanoTime.getAsLong());
        }
        if (removed == Room.Removed.MEMBER) {
            membership.leave(room.name, connection.id(), connection.owner());
        }
    }

    private void post(Connection connection, ClientFrame.Post post) throws InvalidFrameException {
        String ref = post.ref();
        Room room = requireMembership(connection, post.room(), ref);
        String text = checkedText(post.text(), ref);
        String ts = now();
        Message original = log.post(room.name, connection.id(), connection.owner(), connection.name(), text, ts, ref);
        if (original != null) {
            // A retry of something already posted: the sender gets the original back, nobody else hears it again.
            send(connection, original.withRef(ref));
        } else {
            metrics.posted();
        }
    }

    /** The text of a message, room or direct, if it may be sent: the same rules for both. */
    private String checkedText(String text, String ref) throws InvalidFrameException {
        if (text.isBlank()) {
            throw new InvalidFrameException(ErrorCode.BAD_REQUEST, "field 'text' must not be blank", ref);
        }
        int length = text.codePointCount(0, text.length());
        if (length > config.maxTextLength()) {
            throw new InvalidFrameException(ErrorCode.TOO_LONG, "text is " + length + " characters; at most "
                    + config.maxTextLength() + " are allowed", ref);
        }
        String refused = MessageText.refusal(text);
        if (refused != null) {
            throw new InvalidFrameException(ErrorCode.BAD_REQUEST, "text may not hold control characters or bidi"
                    + " overrides (" + refused + ")", ref);
        }
        return text;
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /**
     * A direct message: {@code to} is looked up now, once, and the message is the two people's
     * from then on (see {@link Person}). Sent to someone online, or to a login the server keeps
     * messages for; to anyone else it is {@code not_online}.
     */
    private void direct(Connection connection, ClientFrame.Direct direct) throws InvalidFrameException {
        String ref = direct.ref();
        String to = Names.normalizeName(direct.to());
        if (to == null) {
            throw new InvalidFrameException(ErrorCode.INVALID_NAME, "field 'to' is not a name: a name is 1 to "
                    + Names.MAX_NAME + " letters, digits, spaces or _ - .", ref);
        }
        String text = checkedText(direct.text(), ref);
        Person recipient = names.personNamed(to);
        if (recipient == null) {
            throw new InvalidFrameException(ErrorCode.NOT_ONLINE, "nobody called '" + to + "' is online", ref);
        }
        if (direct.person() != null && !direct.person().equals(Identity.handle(recipient.owner()))) {
            // The client writes on in a conversation with someone the name no longer stands for.
            throw new InvalidFrameException(ErrorCode.NOT_ONLINE, "'" + to + "' is not the person you wrote to"
                    + " before: that person is not online under this name", ref);
        }
        if (recipient.owner().equals(connection.owner())) {
            throw new InvalidFrameException(ErrorCode.BAD_REQUEST, "a direct message goes to someone else", ref);
        }
        if (!recipient.online() && config.directHistory() == 0) {
            // A login that is away reads its messages from its mailbox, and this server keeps none.
            throw new InvalidFrameException(ErrorCode.NOT_ONLINE, "'" + to + "' is not online", ref);
        }
        if (!available.getAsBoolean()) {
            throw InvalidFrameException.unavailable(ref);
        }
        String from = connection.name();
        ServerFrame.Direct original = directs.send(new Person(connection.owner(), from, true), recipient, Names.key(from),
                text, now(), connection.id(), ref);
        if (original != null) {
            send(connection, original.withRef(ref)); // a retry: the sender gets the original back, nobody else
        }
    }

    private void block(Connection connection, String name, boolean blocked, String ref) throws InvalidFrameException {
        String valid = Names.normalizeName(name);
        if (valid == null) {
            throw new InvalidFrameException(ErrorCode.INVALID_NAME, "a name is 1 to " + Names.MAX_NAME
                    + " letters, digits, spaces or _ - .", ref);
        }
        List<String> now = directs.block(connection.owner(), Names.key(valid), valid, blocked);
        send(connection, new ServerFrame.Blocks(now, ref));
    }

    private void typing(Connection connection, ClientFrame.Typing typing) throws InvalidFrameException {
        Room room = requireMembership(connection, typing.room(), null);
        membership.typing(room.name, connection.id(), new ServerFrame.TypingNotice(room.name, connection.name(),
                typing.active()));
    }

    private void rename(Connection connection, ClientFrame.Rename rename) throws InvalidFrameException {
        if (connection.authenticated()) {
            throw new InvalidFrameException(ErrorCode.FORBIDDEN, "your name comes from your login and cannot be changed",
                    null);
        }
        String wanted = Names.normalizeName(rename.name());
        if (wanted == null) {
            throw new InvalidFrameException(ErrorCode.INVALID_NAME, "a name is 1 to " + Names.MAX_NAME
                    + " letters, digits, spaces or _ - .", null);
        }
        String previous = connection.name();
        if (names.sharing(previous, connection) > 1) {
            // One person, one name: renaming one connection would split it into two people.
            throw new InvalidFrameException(ErrorCode.FORBIDDEN, "'" + previous + "' is also in use on another"
                    + " connection of yours; rename there, or close it first", null);
        }
        if (!names.claim(wanted, connection)) {
            throw new InvalidFrameException(ErrorCode.NAME_TAKEN, "'" + wanted + "' is already taken", null);
        }
        connection.name(wanted);
        if (!Names.key(previous).equals(Names.key(wanted))) {
            names.release(previous, connection);
        }
        send(connection, new ServerFrame.Renamed(wanted, previous, rename.ref()));
        if (previous.equals(wanted)) {
            return;
        }
        List<Room> in;
        synchronized (connection) {
            in = List.copyOf(connection.rooms());
        }
        for (Room room : in) {
            membership.rename(room.name, connection.id(), connection.owner(), wanted, previous);
        }
    }

    private static String requireRoomName(String room, String ref) throws InvalidFrameException {
        if (!Names.validRoom(room)) {
            throw new InvalidFrameException(ErrorCode.INVALID_ROOM,
                    "a room name is 1 to 64 of A-Z a-z 0-9 _ -", ref);
        }
        return room;
    }

    private static Room requireMembership(Connection connection, String roomName, String ref)
            throws InvalidFrameException {
        requireRoomName(roomName, ref);
        Room room;
        synchronized (connection) {
            room = connection.room(roomName);
        }
        if (room == null) {
            throw new InvalidFrameException(ErrorCode.NOT_IN_ROOM, "you have not joined '" + roomName + "'", ref);
        }
        return room;
    }

    private void send(Connection connection, ServerFrame frame) {
        connection.deliver(codec.encode(frame));
    }
}
