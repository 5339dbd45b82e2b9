package org.jakartachat.hub;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.jakartachat.protocol.ErrorCode;
import org.jakartachat.protocol.InvalidFrameException;

/**
 * The rooms the server holds, at most {@code maxRooms}. A room outlives its last member so its
 * history can still be resumed; when the limit is reached, the longest-idle empty room is
 * evicted to make way, and if every room has members a new one is refused.
 *
 * <p>Lookups are lock-free. Creation and eviction take this directory's monitor (rare, and so
 * the limit is exact); eviction also takes the candidate room's monitor, after the directory's.
 */
final class RoomDirectory {
    private final ConcurrentMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final int maxRooms;
    private final int historySize;
    private final LongSupplier clock;

    RoomDirectory(int maxRooms, int historySize, LongSupplier clock) {
        this.maxRooms = maxRooms;
        this.historySize = historySize;
        this.clock = clock;
    }

    /** The room of that name, created if needed; it may be retired by the time the caller locks it. */
    Room open(String name, String ref) throws InvalidFrameException {
        Room room = rooms.get(name);
        if (room != null) {
            return room;
        }
        synchronized (this) {
            room = rooms.get(name);
            if (room != null) {
                return room;
            }
            if (rooms.size() >= maxRooms && !evictIdleEmptyRoom()) {
                throw new InvalidFrameException(ErrorCode.ROOMS_FULL,
                        "the server holds its maximum of " + maxRooms + " rooms; join an existing room", ref);
            }
            String epoch = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
            room = new Room(name, new History(epoch, historySize), clock.getAsLong());
            rooms.put(name, room);
            return room;
        }
    }

    /** The room of that name if this server holds it, else null. */
    Room find(String name) {
        return rooms.get(name);
    }

    int size() {
        return rooms.size();
    }

    Collection<Room> all() {
        return rooms.values();
    }

    /** Holds the directory's monitor. */
    private boolean evictIdleEmptyRoom() {
        while (true) {
            Room oldest = null;
            for (Room room : rooms.values()) {
                synchronized (room) {
                    if (room.isEmpty() && (oldest == null || room.lastActive() < oldest.lastActive())) {
                        oldest = room;
                    }
                }
            }
            if (oldest == null) {
                return false;
            }
            synchronized (oldest) {
                if (oldest.isEmpty()) {
                    oldest.retire();
                    rooms.remove(oldest.name, oldest);
                    return true;
                }
            }
            // Someone joined it meanwhile; look again.
        }
    }
}
