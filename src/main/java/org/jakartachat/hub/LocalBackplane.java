package org.jakartachat.hub;

import org.jakartachat.protocol.ServerFrame.Message;

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
    public Message post(Room room, long origin, String from, String text, String ts, String ref) {
        Message original = ref == null ? null : room.history.byRef(ref);
        if (original != null) {
            return original;
        }
        receiver.deliver(room.name, room.history.append(room.name, from, text, ts, ref), origin, ref);
        return null;
    }

    @Override
    public HistorySlice history(Room room, String since) {
        return since == null ? room.history.latest() : room.history.after(since);
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
