/**
 * The chat itself: connections, names, rooms, history and each connection's outbound queue.
 * It knows a connection only through the small {@link org.jakartachat.hub.Transport} port and
 * never imports {@code jakarta.websocket}, so it runs under any WebSocket container, in a unit
 * test with a fake transport, and on its own or behind a cluster
 * {@link org.jakartachat.hub.Backplane} (the Redis adapter is in package {@code cluster}).
 *
 * <h2>Concurrency, in one place</h2>
 * <ul>
 *   <li>Each {@link org.jakartachat.hub.Connection} is a monitor guarding its name, its rooms
 *       and its closed flag. Every frame a connection sends is handled under that monitor; the
 *       container delivers one frame per connection at a time, so it is contended only by a
 *       disconnect arriving from another thread (close, error, heartbeat, overflow).</li>
 *   <li>Each {@link org.jakartachat.hub.Room} is a monitor guarding its members and history.
 *       Posting a message appends it and enqueues it for every member under that monitor, so
 *       every member's queue receives a room's messages in one order, the order of their ids.</li>
 *   <li>Lock order is always connection, then room directory, then room. Nothing under a room
 *       monitor blocks: enqueuing is a lock-free offer to a bounded queue; the network write
 *       happens later on the connection's single writer ({@link org.jakartachat.hub.Outbox}).</li>
 *   <li>A writer that a hub call finds idle is started once the call has released every lock
 *       ({@link org.jakartachat.hub.DeferredWrites}): on the calling thread where a send only
 *       hands the frame to the container (Tomcat, Undertow), on the hub's writer threads where
 *       it writes on its caller (Tyrus, so Payara), so that a thread reading a client goes back
 *       to reading at once, however large the room it broadcast to. A send that completes later
 *       continues that connection's writes on the container's completion thread.</li>
 *   <li>A queue that overflows cannot close its connection in place (that would take the
 *       connection's monitor under a room monitor), so it hands the close to an executor.</li>
 * </ul>
 */
package org.jakartachat.hub;
