package org.jakartachat.hub;

import java.util.List;
import java.util.Set;
import org.jakartachat.protocol.ServerFrame.Message;
import org.jakartachat.protocol.ServerFrame.Presence;
import org.jakartachat.protocol.ServerFrame.TypingNotice;

/**
 * One server on its own: each room's history lives in the room, and a posted message is
 * delivered at once, on the posting thread, still under the room's monitor.
 */
final class LocalBackplane implements Backplane {
    private Receiver receiver;

    @Override
    public void attach(Receiver newReceiver) {
        this.receiver = newReceiver;
    }

    @Override
    public void start() {
        // every delivery happens on the posting thread
    }

    @Override
    public Message post(Room room, long origin, String owner, String from, String text, String ts, String ref) {
        Message original = ref == null ? null : room.history.byRef(owner, ref);
        if (original != null) {
            return original;
        }
        receiver.deliver(room.name, room.history.append(room.name, owner, from, text, ts, ref), origin, ref);
        return null;
    }

    @Override
    public HistorySlice history(Room room, String since) {
        return since == null ? room.history.latest() : room.history.after(since);
    }

    @Override
    public void presence(Room room, long origin, String owner, String event, String name, String previous) {
        // The hub has already added or removed the connection: the room knows whether its person came or went.
        boolean news = switch (event) {
            case Presence.JOIN -> room.connectionsOf(owner) == 1;
            case Presence.LEAVE -> room.connectionsOf(owner) == 0;
            default -> true;
        };
        if (news) {
            receiver.presence(room.name, new Presence(room.name, name, event, previous, room.people()),
                    Presence.LEAVE.equals(event) ? -1 : origin, Set.of());
        }
    }

    @Override
    public void typing(Room room, long origin, TypingNotice notice) {
        receiver.typing(room.name, notice, origin);
    }

    @Override
    public List<String> members(Room room) {
        return room.memberNames();
    }

    @Override
    public int online(int here) {
        return here;
    }

    @Override
    public void record(int here) {
        // nobody else to tell
    }

    /** The hub's own name registry is the whole truth on one server. */
    @Override
    public boolean claimName(String key, String name, long connection, String owner) {
        return true;
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
    public boolean available() {
        return true;
    }

    @Override
    public void stop() {
        // nothing held
    }
}
