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
 *   <li>{@code chat:ref:<room>:<sender>:<ref>}: the message a sender (a login, or a guest's
 *       token hashed) first posted with that ref, for an hour, so a retry is recognised on any
 *       server and nobody else's ref ever matches.</li>
 * </ul>
 * A post is one Lua script, so the ref check and both appends happen together or not at all.
 *
 * <h2>Threads</h2>
 * One reader thread per server reads the feed, each entry into a typed
 * {@link org.jakartachat.cluster.FeedEntry} (one it cannot read is counted, logged and passed
 * over: the cursor moves past every entry), and delivers each message holding its room's
 * monitor; a join reads the room's history holding the same monitor and first delivers what
 * the reader has not yet, so the joiner gets each message once, either in its history or live.
 */
package org.jakartachat.cluster;
