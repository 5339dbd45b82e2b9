/**
 * The chat itself: connections, names, rooms, direct messages and each connection's outbound queue. It knows a
 * connection only through the small {@link org.jakartachat.hub.Transport} port and never
 * imports {@code jakarta.websocket} or a Redis client, so it runs under any WebSocket
 * container, in a unit test with a fake transport, and on its own or behind a cluster
 * {@link org.jakartachat.hub.Backplane}: four ports out ({@link org.jakartachat.hub.RoomLog},
 * {@link org.jakartachat.hub.RoomMembership}, {@link org.jakartachat.hub.Registry},
 * {@link org.jakartachat.hub.DirectLog}) and one in
 * ({@link org.jakartachat.hub.Backplane.Deliveries}, implemented by
 * {@link org.jakartachat.hub.RoomDeliveries}). The Redis adapter is in package {@code cluster}.
 *
 * <h2>Concurrency, in one place</h2>
 * <ul>
 *   <li>No hub monitor is held across a call to a backplane port: in a cluster such a call is
 *       a round trip to Redis, and whatever waited on the monitor (the feed reader delivering
 *       to every room, the heartbeat closing connections) would wait on Redis too. So each
 *       monitor below is held only to read or change what it guards, and a call that needs
 *       the store (a join, a post, a rename) makes it between two such short holds.</li>
 *   <li>Each {@link org.jakartachat.hub.Connection}'s monitor guards its rooms and its closed
 *       flag. Its frames are handled one at a time under a lock of their own
 *       ({@code Connection.handling}), which may be held across a backplane call: only that
 *       connection's next frame waits on it (the container delivers them in turn anyway).</li>
 *   <li>Each {@link org.jakartachat.hub.Room}'s monitor guards its members. Every event of a
 *       room reaches its members through {@code Deliveries}, which takes that monitor, in the
 *       order of the events' {@link org.jakartachat.hub.FeedPosition}s; a member still joining
 *       holds what reaches it until its read of the room is in (see Room), so it gets each
 *       event once, in order. Nothing under a room monitor blocks: enqueuing is a lock-free
 *       offer to a bounded queue; the network write happens later on the connection's single
 *       writer ({@link org.jakartachat.hub.Outbox}).</li>
 *   <li>The local adapter gives each room's events their one order by holding a monitor of its
 *       own room state while it records an event and hands it to {@code Deliveries}. The only
 *       nestings there are: that adapter room, then a hub room; the room directory (creating
 *       or evicting a room), then a hub room. A connection's monitor is never held with another.</li>
 *   <li>Direct messages reach a person's connections through {@link org.jakartachat.hub.People}:
 *       each person's connections on this server under a monitor of their own, taken by a
 *       delivery and by a connection registering (which reads where deliveries have got to, so
 *       that each message reaches it once, live or from its mailbox). All direct messages have
 *       one order: the local adapter holds one monitor of its own ({@code LocalDirects}) while it
 *       gives a message its position and hands it on; the Redis adapter's feed reader hands them
 *       on in the feed's order. Nesting there: that monitor, then a person's.</li>
 *   <li>A writer that a hub call finds idle is started once the call has released every lock
 *       ({@link org.jakartachat.hub.DeferredWrites}): on the calling thread where a send only
 *       hands the frame to the container (Tomcat, Undertow), on the hub's writer threads where
 *       it writes on its caller (Tyrus, so Payara), so that a thread reading a client goes back
 *       to reading at once, however large the room it broadcast to. A send that completes later
 *       continues that connection's writes on the container's completion thread.</li>
 *   <li>A queue that overflows cannot close its connection in place (it may be under a room
 *       monitor), so it hands the close to an executor.</li>
 * </ul>
 */
package org.jakartachat.hub;
