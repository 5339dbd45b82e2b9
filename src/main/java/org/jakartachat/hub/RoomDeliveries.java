package org.jakartachat.hub;

import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.jakartachat.config.ChatConfig;
import org.jakartachat.protocol.EncodedFrame;
import org.jakartachat.protocol.FrameCodec;
import org.jakartachat.protocol.ServerFrame.Direct;
import org.jakartachat.protocol.ServerFrame.Message;
import org.jakartachat.protocol.ServerFrame.Presence;
import org.jakartachat.protocol.ServerFrame.TypingNotice;

/**
 * The backplane's way into the hub: hands each event to this server's members of its room.
 * Each call looks the room up and delivers, in one step, under the monitor of the room it
 * found, and of no other; a room evicted since the lookup is looked up again, so the members
 * walked are always those of the room whose monitor is held.
 *
 * <p>Direct messages are not a room's: they go to every connection of their two people, through
 * {@link People}.
 *
 * <p>Presence goes out at once in a room of up to {@code CHAT_PRESENCE_BATCH_ABOVE} members,
 * else in the room's next diff (see {@link PresenceBatch}).
 */
final class RoomDeliveries implements Backplane.Deliveries {
    private final RoomDirectory rooms;
    private final FrameCodec codec;
    private final ChatConfig config;
    private final HubTimer timer;
    private final Executor writers;
    private final LongSupplier nanoTime;
    private final People people;
    private final HubMetrics metrics;

    RoomDeliveries(RoomDirectory rooms, People people, FrameCodec codec, ChatConfig config, HubTimer timer,
                   Executor writers, LongSupplier nanoTime, HubMetrics metrics) {
        this.metrics = metrics;
        this.rooms = rooms;
        this.people = people;
        this.codec = codec;
        this.config = config;
        this.timer = timer;
        this.writers = writers;
        this.nanoTime = nanoTime;
    }

    /** What to do with the room, under its monitor. */
    private interface InRoom {
        void run(Room room);
    }

    /** Runs {@code action} holding the monitor of this server's current room of that name, if it holds one. */
    private void inRoom(String name, InRoom action) {
        DeferredWrites.run(writers, () -> {
            while (true) {
                Room room = rooms.find(name);
                if (room == null) {
                    return;
                }
                synchronized (room) {
                    if (!room.retired()) {
                        action.run(room);
                        return;
                    }
                }
            }
        });
    }

    @Override
    public void message(String name, FeedPosition at, Message message, long origin, String ref) {
        inRoom(name, room -> {
            long start = nanoTime.getAsLong();
            room.touch(start);
            if (room.isEmpty()) {
                return;
            }
            EncodedFrame own = ref == null || origin < 0 ? null : codec.encode(message.withRef(ref));
            room.deliver(at, codec.encode(message), own, origin);
            // The broadcast's own time: encoded and queued for every member here (the writes follow on
            // each member's writer, and are counted as frames out).
            metrics.broadcast(nanoTime.getAsLong() - start);
        });
    }

    @Override
    public void presence(String name, FeedPosition at, Presence presence, long except) {
        inRoom(name, room -> announce(room, at, presence, except));
    }

    @Override
    public void typing(String name, TypingNotice notice, long except) {
        inRoom(name, room -> {
            if (!room.isEmpty()) {
                room.broadcastLive(codec.encode(notice), except);
            }
        });
    }

    @Override
    public void direct(FeedPosition at, Direct message, String from, String to, long origin, String ref) {
        DeferredWrites.run(writers, () -> {
            if (!people.here(from) && !people.here(to)) {
                return; // neither person is on this server: nothing to encode
            }
            EncodedFrame frame = codec.encode(message);
            EncodedFrame own = ref == null || origin < 0 ? null : codec.encode(message.withRef(ref));
            people.deliver(from, at, frame, own, origin);
            people.deliver(to, at, frame, null, -1);
        });
    }

    @Override
    public boolean present(String person) {
        return people.here(person);
    }

    /**
     * Under the room's monitor. While a batch is pending every change joins it, even if the
     * room has shrunk, so no single frame overtakes the changes before it. A batched room sends
     * net diffs of names, which a member applies as set changes: one that has a name from its
     * member list already takes the same name again at no harm, so a diff reaches a member
     * still joining if its latest change is after the member's read.
     */
    private void announce(Room room, FeedPosition at, Presence presence, long except) {
        PresenceBatch batch = room.presenceBatch();
        if (batch == null && room.size() <= config.presenceBatchAbove()) {
            if (!room.isEmpty()) {
                room.broadcast(at, codec.encode(presence), except);
            }
            return;
        }
        if (batch == null) {
            batch = room.startPresenceBatch();
            timer.after(config.presenceBatchInterval(), () -> sendPresenceDiff(room));
        }
        batch.at(at, presence.count());
        switch (presence.event()) {
            case Presence.JOIN -> batch.joined(presence.name());
            case Presence.LEAVE -> batch.left(presence.name());
            default -> batch.renamed(presence.previous(), presence.name());
        }
    }

    private void sendPresenceDiff(Room room) {
        DeferredWrites.run(writers, () -> {
            synchronized (room) {
                PresenceBatch batch = room.takePresenceBatch();
                if (batch != null && !batch.isEmpty() && !room.isEmpty()) {
                    FeedPosition at = batch.at();
                    room.broadcast(at, codec.encode(batch.take(room.name)), -1);
                }
            }
        });
    }
}
