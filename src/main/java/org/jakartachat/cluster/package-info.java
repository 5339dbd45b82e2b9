/**
 * Cluster mode: several servers behind one URL share rooms through Redis. {@link
 * org.jakartachat.cluster.RedisBackplane} is the hub's {@link org.jakartachat.hub.Backplane}
 * on Redis Streams; without {@code CHAT_REDIS_URL} nothing here is used.
 *
 * <h2>Redis keys</h2>
 * <ul>
 *   <li>{@code chat:room:<room>}: a stream per room, trimmed to one entry more than
 *       {@code CHAT_HISTORY_SIZE}: the room's one order (message ids are the entry ids) and its
 *       history (the extra entry lets a client whose last message just left the history resume
 *       complete, as on one server).</li>
 *   <li>{@code chat:feed}: every message of every room, in one stream (trimmed to about
 *       {@code FEED_LENGTH}), which each server reads with one blocking {@code XREAD}.</li>
 *   <li>{@code chat:inbox:<person>} and the rest of {@link org.jakartachat.cluster.RedisDirects}
 *       keys: each person's direct messages (also entries of {@code chat:feed}, so that every
 *       server delivers them in its one order), its blocks and its refs.</li>
 *   <li>{@code chat:ref:<room>:<sender>:<ref>}: the message a sender (a login, or a guest's
 *       token hashed) first posted with that ref, for an hour, so a retry is recognised on any
 *       server and nobody else's ref ever matches.</li>
 * </ul>
 * A post is one Lua script, so the ref check and both appends happen together or not at all.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>One {@link org.jakartachat.cluster.FeedReader} per server reads the feed, each entry
 *       into a typed {@link org.jakartachat.cluster.FeedEntry} (one it cannot read is counted,
 *       logged and passed over: the cursor moves past every entry), and hands it to the hub at
 *       the entry's position. It makes no other Redis call, so a slow call elsewhere never
 *       holds up delivery.</li>
 *   <li>One {@link org.jakartachat.cluster.RedisChanges} thread per server makes this server's
 *       presence and name changes in the order they were asked for; leaves and renames are
 *       never waited for and are held through an outage, joins and name claims wait for their
 *       answer. Between changes it renews the server's liveness key and removes dead servers.</li>
 *   <li>A post, a typing notice, a member joining a room again, and the reads behind a
 *       {@code welcome} or a rename are made on the thread handling the client's frame, holding
 *       no lock of the hub; a join and a name claim wait there for their turn on the changes
 *       thread. The reader and the changes thread have a connection each, so no call elsewhere
 *       keeps them waiting for one.</li>
 * </ul>
 * A join is one script (ClusterPresence's {@code ROOM_VIEW}): the connection's entry, its
 * announcement, the member list, the history and the feed's position after all of it, in one
 * round trip. The joiner takes of the feed only what comes after that position (see the hub's
 * {@code Room}), so it gets each message once, in its history or live.
 */
package org.jakartachat.cluster;
