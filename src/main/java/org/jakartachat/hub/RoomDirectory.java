package org.jakartachat.hub;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jakartachat.protocol.ErrorCode;
import org.jakartachat.protocol.InvalidFrameException;

/**
 * The rooms the server holds. A room outlives its last member so its history can still be
 * resumed, so the table has limits that keep one client from taking it from everyone else:
 * <ul>
 *   <li>{@value #LOBBY}, where every page starts, is always there for everyone: it does not
 *       count against any limit and is never evicted.</li>
 *   <li>At most {@code maxRooms} other rooms. To make way for a new one, an empty room is
 *       evicted with its history: first one created from the same address, else the longest
 *       idle of those idle for {@code keepNanos} at least. A room someone used a moment ago is
 *       never evicted for a stranger; if there is none to evict, a new room is refused.</li>
 *   <li>At most {@code perAddress} rooms held that were created from one client address
 *       (see {@code ClientAddresses}). An address at its limit recycles its own longest-idle
 *       empty room, and is refused when there is none. Filling the table so takes
 *       {@code maxRooms / perAddress} addresses, not one client cycling through names.</li>
 *   <li>A room counts as an address's own, to recycle at once, only while nobody from another
 *       address has been in it: a room others have used waits for the keep time like any other,
 *       so creating a popular room's name first gives no power over its history (and a visitor
 *       to all of an address's rooms blocks its new rooms for the keep time at most).</li>
 * </ul>
 *
 * <p>Lookups are lock-free. Creation and eviction take this directory's monitor (rare, and so
 * the limits are exact); eviction also takes the candidate room's monitor, after the directory's.
 */
final class RoomDirectory {
    /** The room every page joins first. */
    static final String LOBBY = "lobby";

    private final ConcurrentMap<String, Room> rooms = new ConcurrentHashMap<>();
    /** Rooms held per creating address; guarded by this directory's monitor. */
    private final Map<String, Integer> heldByAddress = new HashMap<>();
    private final int maxRooms;
    private final int perAddress;
    private final long keepNanos;
    private final LongSupplier clock;
    /** Told the name of each room evicted (under this directory's monitor and the room's): must not block. */
    private final Consumer<String> evicted;

    RoomDirectory(int maxRooms, int perAddress, Duration keep, LongSupplier clock, Consumer<String> evicted) {
        this.maxRooms = maxRooms;
        this.perAddress = perAddress;
        this.keepNanos = keep.toNanos();
        this.clock = clock;
        this.evicted = evicted;
    }

    /**
     * The room of that name, created if needed for a connection from {@code address} (null when
     * the transport gives none); it may be retired by the time the caller locks it.
     */
    Room open(String name, String address, String ref) throws InvalidFrameException {
        Room room = rooms.get(name);
        if (room != null) {
            return room;
        }
        synchronized (this) {
            room = rooms.get(name);
            if (room != null) {
                return room;
            }
            boolean counted = !LOBBY.equals(name);
            if (counted && address != null && heldByAddress.getOrDefault(address, 0) >= perAddress
                    && !evict(address, true)) {
                throw new InvalidFrameException(ErrorCode.ROOMS_FULL, "rooms created from your address are at"
                        + " their maximum of " + perAddress + " and none can make way yet; join an existing room",
                        ref);
            }
            if (counted && countedRooms() >= maxRooms && !evict(address, false)) {
                throw new InvalidFrameException(ErrorCode.ROOMS_FULL, "the server holds its maximum of " + maxRooms
                        + " rooms and none has been unused long enough to make way; join an existing room", ref);
            }
            room = new Room(name, counted ? address : null, clock.getAsLong());
            rooms.put(name, room);
            if (counted && address != null) {
                heldByAddress.merge(address, 1, Integer::sum);
            }
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

    /** Rooms held that were created from this address. */
    synchronized int heldBy(String address) {
        return heldByAddress.getOrDefault(address, 0);
    }

    /** Rooms that count against {@code maxRooms}: all but the lobby. Holds the directory's monitor. */
    private int countedRooms() {
        return rooms.size() - (rooms.containsKey(LOBBY) ? 1 : 0);
    }

    /**
     * Evicts one empty room to make way for a room of {@code address}: the longest-idle of its
     * own that only it has used, or that has been idle for the keep time; else (unless
     * {@code ownOnly}) the longest-idle one idle for the keep time. Holds the directory's monitor.
     */
    private boolean evict(String address, boolean ownOnly) {
        long now = clock.getAsLong();
        while (true) {
            Room own = null;
            Room stranger = null;
            for (Room room : rooms.values()) {
                if (LOBBY.equals(room.name)) {
                    continue;
                }
                synchronized (room) {
                    if (!room.isEmpty()) {
                        continue;
                    }
                    boolean idleForKeep = now - room.lastActive() >= keepNanos;
                    if (address != null && address.equals(room.creator) && (room.creatorsOnly() || idleForKeep)) {
                        if (own == null || room.lastActive() < own.lastActive()) {
                            own = room;
                        }
                    } else if (idleForKeep
                            && (stranger == null || room.lastActive() < stranger.lastActive())) {
                        stranger = room;
                    }
                }
            }
            Room oldest = own != null ? own : ownOnly ? null : stranger;
            if (oldest == null) {
                return false;
            }
            synchronized (oldest) {
                if (oldest.isEmpty()) {
                    oldest.retire();
                    rooms.remove(oldest.name, oldest);
                    evicted.accept(oldest.name);
                    if (oldest.creator != null) {
                        heldByAddress.computeIfPresent(oldest.creator, (a, n) -> n == 1 ? null : n - 1);
                    }
                    return true;
                }
            }
            // Someone joined it meanwhile; look again.
        }
    }
}
