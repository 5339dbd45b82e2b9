package org.jakartachat.hub;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.jakartachat.protocol.ServerFrame.Message;
import org.jakartachat.protocol.ServerFrame.Presence;
import org.jakartachat.protocol.ServerFrame.TypingNotice;

/**
 * One server on its own: what the Redis adapter keeps in Redis, kept in memory, per room. Each
 * room's state has a monitor of its own (never the hub's), held while an event is recorded and
 * handed to {@link Backplane.Deliveries}, so a room's events are delivered in the order of
 * their positions. Lock order: this adapter's room, then the hub's room (inside Deliveries).
 */
final class LocalBackplane implements Backplane, RoomLog, RoomMembership, Registry {
    /** Direct messages share the rooms' counter of positions, and keep their own order (see LocalDirects). */
    private final LocalDirects directs;

    /** One room's log and members; guarded by its own monitor. */
    private static final class LocalRoom {
        final History history;
        /** Member connections and the person each speaks for. */
        final Map<Long, String> connections = new HashMap<>();
        /** Per person in the room, how many of its connections are in it. */
        final Map<String, Integer> counts = new HashMap<>();
        /** Per person in the room, its name, in the order they came. */
        final Map<String, String> names = new LinkedHashMap<>();

        LocalRoom(int historySize) {
            this.history = new History(EpochIds.random().epoch(), historySize);
        }

        HistorySlice history(String since) {
            return since == null ? history.latest() : history.after(since);
        }
    }

    private final int historySize;
    private final Map<String, LocalRoom> rooms = new ConcurrentHashMap<>();
    /** Positions for every room's events; taken under the room's monitor, so each room's rise with its order. */
    private final AtomicLong positions = new AtomicLong();
    private Deliveries deliveries;

    /** A backplane with the shipped limits for direct messages. */
    LocalBackplane(int historySize) {
        this(historySize, org.jakartachat.config.ChatConfig.defaults());
    }

    LocalBackplane(org.jakartachat.config.ChatConfig config) {
        this(config.historySize(), config);
    }

    private LocalBackplane(int historySize, org.jakartachat.config.ChatConfig config) {
        this.historySize = historySize;
        this.directs = new LocalDirects(config.directHistory(), config.maxMailboxes(), config.directKeep().toNanos(),
                System::nanoTime, positions::incrementAndGet, positions::get);
    }

    private LocalRoom room(String name) {
        return rooms.computeIfAbsent(name, n -> new LocalRoom(historySize));
    }

    private FeedPosition next() {
        return new FeedPosition(0, positions.incrementAndGet());
    }

    private FeedPosition now() {
        return new FeedPosition(0, positions.get());
    }

    @Override
    public RoomLog log() {
        return this;
    }

    @Override
    public RoomMembership membership() {
        return this;
    }

    @Override
    public Registry registry() {
        return this;
    }

    @Override
    public DirectLog directs() {
        return directs;
    }

    @Override
    public void attach(Deliveries newDeliveries) {
        this.deliveries = newDeliveries;
        directs.attach(newDeliveries);
    }

    @Override
    public void start() {
        // every delivery happens on the thread that made the event
    }

    @Override
    public void forget(String room) {
        rooms.remove(room);
    }

    // ------------------------------------------------------------------ log

    @Override
    public Message post(String name, long origin, String owner, String from, String text, String ts, String ref) {
        LocalRoom room = room(name);
        synchronized (room) {
            Message original = ref == null ? null : room.history.byRef(owner, ref);
            if (original != null) {
                return original;
            }
            deliveries.message(name, next(), room.history.append(name, owner, from, text, ts, ref), origin, ref);
            return null;
        }
    }

    // ------------------------------------------------------------------ membership

    @Override
    public RoomView enter(String name, long origin, String owner, String who, String since) {
        LocalRoom room = room(name);
        synchronized (room) {
            if (room.connections.putIfAbsent(origin, owner) == null
                    && room.counts.merge(owner, 1, Integer::sum) == 1) {
                room.names.put(owner, who);
                deliveries.presence(name, next(), new Presence(name, who, Presence.JOIN, null, room.names.size()),
                        origin);
            }
            return new RoomView(new ArrayList<>(room.names.values()), room.history(since), now());
        }
    }

    @Override
    public RoomView look(String name, String since) {
        LocalRoom room = room(name);
        synchronized (room) {
            return new RoomView(new ArrayList<>(room.names.values()), room.history(since), now());
        }
    }

    @Override
    public void leave(String name, long origin, String owner) {
        LocalRoom room = rooms.get(name);
        if (room == null) {
            return;
        }
        synchronized (room) {
            if (room.connections.remove(origin) == null) {
                return;
            }
            if (room.counts.merge(owner, -1, Integer::sum) > 0) {
                return;
            }
            room.counts.remove(owner);
            String was = room.names.remove(owner);
            deliveries.presence(name, next(), new Presence(name, was, Presence.LEAVE, null, room.names.size()), -1);
        }
    }

    @Override
    public void rename(String name, long origin, String owner, String who, String previous) {
        LocalRoom room = rooms.get(name);
        if (room == null) {
            return;
        }
        synchronized (room) {
            if (!owner.equals(room.connections.get(origin))) {
                return;
            }
            room.names.put(owner, who);
            deliveries.presence(name, next(), new Presence(name, who, Presence.RENAME, previous, room.names.size()),
                    origin);
        }
    }

    @Override
    public void typing(String name, long origin, TypingNotice notice) {
        deliveries.typing(name, notice, origin);
    }

    // ------------------------------------------------------------------ registry: the hub's own is the truth

    @Override
    public boolean claimName(String key, String name, long connection, String owner, boolean login) {
        return true;
    }

    @Override
    public Person personNamed(String key) {
        return null;
    }

    @Override
    public void releaseName(String key, String name, long connection, String owner) {
        // nothing beyond the hub's registry
    }

    @Override
    public String nameHeldBy(String owner) {
        return null;
    }

    @Override
    public int nameHolders(String key) {
        return 0;
    }

    @Override
    public int online(int here) {
        return here;
    }

    @Override
    public void record(IntSupplier here) {
        // nobody else to tell
    }

    @Override
    public void recordNow(IntSupplier here) {
        // nobody else to tell
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public void stop() {
        // nothing held
    }
}
