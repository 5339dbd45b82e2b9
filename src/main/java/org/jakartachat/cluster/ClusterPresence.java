package org.jakartachat.cluster;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.IntSupplier;
import org.jakartachat.hub.Person;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.XAddParams;

/**
 * Who is in which room, which names are taken and how many are online, across servers, and the
 * liveness of each server. Presence changes go into the same feed as messages, so every
 * server announces them in one order with the messages around them.
 *
 * <p>Presence counts people, not connections (see {@code Identity}): a person's first
 * connection into a room, on any server, announces its join, and its last one out its leave.
 *
 * <p>Keys: {@code chat:members:<room>} (hash: server/connection to its person),
 * {@code chat:people:<room>} (hash: person to name; its size is the room's count) and
 * {@code chat:people:<room>:connections} (hash: person to its connections in the room);
 * {@code chat:names} (hash: name key to the person holding it) and
 * {@code chat:name:<key>:holders} (set of the server/connections using it: the name is free
 * when it empties), {@code chat:persons} (hash: person to the name it holds, so that its
 * connection on another server gets the same one); {@code chat:online} (hash: server to its connections),
 * {@code chat:server:<id>} (expires unless the server renews it), {@code chat:servers} (set),
 * and per server the indexes {@code chat:server:<id>:members} and {@code :names}, which let
 * any survivor remove a dead server's members (announced as {@code leave}) and names.
 */
final class ClusterPresence {
    private static final Logger LOG = System.getLogger(ClusterPresence.class.getName());

    /** A server that has not renewed its key for this long is dead. */
    static final long SERVER_TTL_MILLIS = 6000;
    /** How often a server renews its key and looks for dead ones. */
    static final long BEAT_MILLIS = 2000;
    /** Hash: server to its count of connections. */
    private static final String ONLINE = "chat:online";
    /** Hash: name key to the person holding it. */
    private static final String NAMES = "chat:names";
    /** Hash: person to the name it holds, as {@code key\nname}. */
    private static final String PERSONS = "chat:persons";
    /** Hash: name key to the login that has held it, as {@code person\nname}: the login's for good. */
    private static final String LOGINS = "chat:logins";

    /**
     * KEYS: members, server's member index, feed, people, people's connections. ARGV: field,
     * name, room, index entry, feed length, origin, event ('rename'), previous, person. Announced
     * if the connection is still in the room. 1 if announced.
     */
    private static final String RENAME = String.join("\n",
            "if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[9] then return 0 end",
            "redis.call('HSET', KEYS[4], ARGV[9], ARGV[2])",
            "local count = redis.call('HLEN', KEYS[4])",
            "redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[5], '*', 'kind', 'presence', 'room', ARGV[3],",
            "  'event', ARGV[7], 'name', ARGV[2], 'previous', ARGV[8], 'count', count, 'origin', ARGV[6])",
            "return 1");

    /**
     * A room read in one step, for a {@code joined}; with {@code ARGV[11] == 'enter'}, the
     * connection's entry first (counted once however often it is replayed, announced for the
     * person's first). KEYS: members, server's member index, feed, people, people's
     * connections, room stream. ARGV: field, name, room, index entry, feed length, origin,
     * person, history size, since (Redis form, '' for none), '1' if the client gave no since,
     * mode. Returns {announced, complete, newest first (1/0), feed position, names, entries}:
     * the history is every entry after {@code since} if the stream still holds it, else the
     * latest, and the feed position is the feed's last entry once this is done.
     */
    private static final String ROOM_VIEW = String.join("\n",
            "local announced = 0",
            "if ARGV[11] == 'enter' and redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[7]) == 1 then",
            "  redis.call('SADD', KEYS[2], ARGV[4])",
            "  redis.call('HSET', KEYS[4], ARGV[7], ARGV[2])",
            "  if redis.call('HINCRBY', KEYS[5], ARGV[7], 1) == 1 then",
            "    local count = redis.call('HLEN', KEYS[4])",
            "    redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[5], '*', 'kind', 'presence', 'room', ARGV[3],",
            "      'event', 'join', 'name', ARGV[2], 'previous', '', 'count', count, 'origin', ARGV[6])",
            "    announced = 1",
            "  end",
            "end",
            "local size = tonumber(ARGV[8])",
            "local found = ARGV[9] ~= '' and #redis.call('XRANGE', KEYS[6], ARGV[9], ARGV[9], 'COUNT', 1) > 0",
            "local entries, complete, newestFirst = {}, 0, 0",
            "if found then",
            "  complete = 1",
            "  if size > 0 then entries = redis.call('XRANGE', KEYS[6], '(' .. ARGV[9], '+', 'COUNT', size) end",
            "else",
            "  if ARGV[10] == '1' then complete = 1 end",
            "  if size > 0 then entries = redis.call('XREVRANGE', KEYS[6], '+', '-', 'COUNT', size) end",
            "  newestFirst = 1",
            "end",
            "local last = redis.call('XREVRANGE', KEYS[3], '+', '-', 'COUNT', 1)",
            "local at = '0-0'",
            "if #last > 0 then at = last[1][1] end",
            "return {announced, complete, newestFirst, at, redis.call('HVALS', KEYS[4]), entries}");

    /**
     * KEYS: members, server's member index, feed, people, people's connections. ARGV: field,
     * room, index entry, feed length, origin. Announces a leave only for the person's last
     * connection. 1 if announced, 0 if the person stays, -1 if the connection was not a member.
     */
    private static final String LEAVE = String.join("\n",
            "local person = redis.call('HGET', KEYS[1], ARGV[1])",
            "redis.call('SREM', KEYS[2], ARGV[3])",
            "if not person then return -1 end",
            "redis.call('HDEL', KEYS[1], ARGV[1])",
            "if redis.call('HINCRBY', KEYS[5], person, -1) > 0 then return 0 end",
            "redis.call('HDEL', KEYS[5], person)",
            "local name = redis.call('HGET', KEYS[4], person) or ''",
            "redis.call('HDEL', KEYS[4], person)",
            "local count = redis.call('HLEN', KEYS[4])",
            "redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[4], '*', 'kind', 'presence', 'room', ARGV[2],",
            "  'event', 'leave', 'name', name, 'previous', '', 'count', count, 'origin', ARGV[5])",
            "return 1");

    /**
     * KEYS: names, server's name index, the name's holders, persons, logins. ARGV: key, person,
     * holder (server/connection), name, '1' if the person is a login. 1 if the person has the
     * name now; a name left with no holder (an entry no sweep removed) is taken over, but never
     * a name a login other than this person has held. Records the person's name as
     * {@code key\nname}, and a login's as its own for good ({@code person\nname}).
     */
    private static final String CLAIM = String.join("\n",
            "local login = redis.call('HGET', KEYS[5], ARGV[1])",
            "if login and string.sub(login, 1, #ARGV[2] + 1) ~= ARGV[2] .. '\\n' then return 0 end",
            "local held = redis.call('HGET', KEYS[1], ARGV[1])",
            "if held and held ~= ARGV[2] and redis.call('SCARD', KEYS[3]) > 0 then return 0 end",
            "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])",
            "redis.call('SADD', KEYS[3], ARGV[3])",
            "redis.call('SADD', KEYS[2], ARGV[1])",
            "redis.call('HSET', KEYS[4], ARGV[2], ARGV[1] .. '\\n' .. ARGV[4])",
            "if ARGV[5] == '1' then redis.call('HSET', KEYS[5], ARGV[1], ARGV[2] .. '\\n' .. ARGV[4]) end",
            "return 1");

    /**
     * KEYS: names, the name's holders, persons, logins. ARGV: key. Who a direct message to the
     * name goes to: {person, its record} for the person holding it now, {'login', person\nname}
     * for a login that has held it, {} for nobody.
     */
    private static final String PERSON_NAMED = String.join("\n",
            "local person = redis.call('HGET', KEYS[1], ARGV[1])",
            "if person and redis.call('SCARD', KEYS[2]) > 0 then",
            "  return {person, redis.call('HGET', KEYS[3], person) or ''}",
            "end",
            "local login = redis.call('HGET', KEYS[4], ARGV[1])",
            "if login then return {'login', login} end",
            "return {}");

    /**
     * KEYS: names, server's name index, the name's holders, persons. ARGV: key, person, holder,
     * this server's holder prefix, name. The name is freed with its last holder; it leaves this
     * server's index once none of this server's connections holds it.
     */
    private static final String RELEASE = String.join("\n",
            "redis.call('SREM', KEYS[3], ARGV[3])",
            "local holders = redis.call('SMEMBERS', KEYS[3])",
            "if #holders == 0 and redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then",
            "  redis.call('HDEL', KEYS[1], ARGV[1])",
            "  if redis.call('HGET', KEYS[4], ARGV[2]) == ARGV[1] .. '\\n' .. ARGV[5] then",
            "    redis.call('HDEL', KEYS[4], ARGV[2])",
            "  end",
            "end",
            "for _, h in ipairs(holders) do",
            "  if string.sub(h, 1, #ARGV[4]) == ARGV[4] then return 1 end",
            "end",
            "redis.call('SREM', KEYS[2], ARGV[1])",
            "return 1");

    /**
     * KEYS: names, the name's holders, persons. ARGV: key, the dead server's holder prefix. Takes
     * the dead server's connections off the name, and frees it if no other server's holds it: in
     * one script, so a claim made meanwhile on a live server is never deleted.
     */
    private static final String SWEEP_NAME = String.join("\n",
            "for _, h in ipairs(redis.call('SMEMBERS', KEYS[2])) do",
            "  if string.sub(h, 1, #ARGV[2]) == ARGV[2] then redis.call('SREM', KEYS[2], h) end",
            "end",
            "if redis.call('SCARD', KEYS[2]) > 0 then return 0 end",
            "local person = redis.call('HGET', KEYS[1], ARGV[1])",
            "if not person then return 0 end",
            "redis.call('HDEL', KEYS[1], ARGV[1])",
            "local recorded = redis.call('HGET', KEYS[3], person)",
            "if recorded and string.sub(recorded, 1, #ARGV[1] + 1) == ARGV[1] .. '\\n' then",
            "  redis.call('HDEL', KEYS[3], person)",
            "end",
            "return 1");

    private final RedisClient redis;
    private final RedisClient own;
    private final String server;
    private final String feed;
    private final int feedLength;
    /** Where every change goes, in order; its thread also runs {@link #beat}. */
    private final RedisChanges changes;
    /**
     * Where this server's count of connections is read, and whether a write of it is queued. The
     * changes thread reads the count when it writes it, never when the write is asked for: two
     * threads that counted a moment apart could otherwise write in the other order, and the
     * older count would stand (and the beat write it again) until the next change. So the last
     * write, made in turn, is always the count of the moment ({@link #recordNow}'s direct write
     * is followed by one).
     */
    private volatile IntSupplier connections = () -> 0;
    private final java.util.concurrent.atomic.AtomicBoolean recordQueued = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param redis    for reads and typing notices, made on the caller's thread
     * @param own      the changes thread's own connection, for every change and the beat
     */
    ClusterPresence(RedisClient redis, RedisClient own, String server, String feed, int feedLength, Runnable failed) {
        this.redis = redis;
        this.own = own;
        this.server = server;
        this.feed = feed;
        this.feedLength = feedLength;
        this.changes = new RedisChanges(this::beat, failed, BEAT_MILLIS);
    }

    void start() {
        changes.start();
    }

    /** Whether changes are held for an outage. */
    boolean holding() {
        return changes.holding();
    }

    private static String membersKey(String room) {
        return "chat:members:" + room;
    }

    private static String peopleKey(String room) {
        return "chat:people:" + room;
    }

    private static String peopleConnectionsKey(String room) {
        return peopleKey(room) + ":connections";
    }

    private static String holdersKey(String nameKey) {
        return "chat:name:" + nameKey + ":holders";
    }

    private static List<String> roomKeys(String room, String ofServer, String feed) {
        return List.of(membersKey(room), memberIndex(ofServer), feed, peopleKey(room), peopleConnectionsKey(room));
    }

    /** Expires unless the server renews it: the server is alive. */
    private static String aliveKey(String ofServer) {
        return "chat:server:" + ofServer;
    }

    /** The server's memberships ({@code <room>|<connection>}), so a survivor can remove them. */
    private static String memberIndex(String ofServer) {
        return aliveKey(ofServer) + ":members";
    }

    /** The names the server claimed, so a survivor can free them. */
    private static String nameIndex(String ofServer) {
        return aliveKey(ofServer) + ":names";
    }

    private String field(long connection) {
        return server + "/" + connection;
    }

    // ------------------------------------------------------------------ presence

    /**
     * Reads the room for a {@code joined} (see {@link #ROOM_VIEW}), entering connection
     * {@code connection} first if {@code name} is not null; in its turn among this server's
     * changes, so after any leave of the same connection asked for before. If Redis does not
     * answer, the entry may still have been made: its undoing is queued, and the exception thrown.
     */
    List<?> view(String room, long connection, String owner, String name, int historySize, String since,
                 boolean sinceGiven) {
        boolean entering = name != null;
        List<String> keys = List.of(membersKey(room), memberIndex(server), feed, peopleKey(room),
                peopleConnectionsKey(room), "chat:room:" + room);
        List<String> args = List.of(field(connection), entering ? name : "", room, room + "|" + connection,
                Integer.toString(feedLength), field(connection), owner, Integer.toString(historySize),
                since == null ? "" : since, sinceGiven ? "0" : "1", entering ? "enter" : "look");
        if (!entering) {
            return (List<?>) RedisChanges.once(() -> redis.eval(ROOM_VIEW, keys, args));
        }
        try {
            return (List<?>) changes.call(() -> own.eval(ROOM_VIEW, keys, args));
        } catch (JedisException e) {
            leave(room, connection);
            throw e;
        }
    }

    /** The connection renamed itself, in a room it is in; made in its turn, never waited for. */
    void rename(String room, long connection, String owner, String name, String previous) {
        changes.submit(() -> own.eval(RENAME, roomKeys(room, server, feed),
                List.of(field(connection), name, room, room + "|" + connection, Integer.toString(feedLength),
                        field(connection), "rename", previous, owner)));
    }

    /** The connection left the room; made in its turn, never waited for. */
    void leave(String room, long connection) {
        changes.submit(() -> leaveNow(room, server, connection));
    }

    /**
     * Writes a typing notice on the caller's thread (no lock held): it is no change to wait its
     * turn behind joins, and worth nothing late, so one Redis does not take is dropped.
     */
    void typing(java.util.Map<String, String> entry) {
        try {
            redis.xadd(feed, XAddParams.xAddParams().maxLen(feedLength).approximateTrimming(), entry);
        } catch (JedisException e) {
            LOG.log(Level.DEBUG, "typing notice dropped, Redis away: {0}", e.toString());
        }
    }

    private Object leaveNow(String room, String ofServer, long connection) {
        String who = ofServer + "/" + connection;
        return own.eval(LEAVE, roomKeys(room, ofServer, feed),
                List.of(who, room, room + "|" + connection, Integer.toString(feedLength), who));
    }

    /**
     * Records this server's count of connections, in turn with every other change, without
     * waiting; records asked for meanwhile are made once. The flag is cleared before the count
     * is read, so a change after that read queues another write: the last write is never older
     * than the last change.
     */
    void record(IntSupplier count) {
        connections = count;
        if (recordQueued.compareAndSet(false, true)) {
            changes.submit(this::writeCount);
        }
    }

    /**
     * Writes this server's count at once, on the caller's connection: a connection told the count
     * after this is counted by every server that counts after it. Two such writes may cross and
     * the older land last, so a record in turn follows, which reads the count when it is made.
     * If Redis fails, that record is held and made once it is back.
     */
    void recordNow(IntSupplier count) {
        connections = count;
        try {
            redis.hset(ONLINE, server, Integer.toString(count.getAsInt()));
        } catch (JedisException e) {
            // the record below is made once Redis is back
        }
        record(count);
    }

    private Object writeCount() {
        recordQueued.set(false);
        return own.hset(ONLINE, server, Integer.toString(connections.getAsInt()));
    }

    /** The connections on every server: this one's {@code here} and the counts the others last recorded. */
    int online(int here) {
        try {
            int total = here;
            for (java.util.Map.Entry<String, String> count : redis.hgetAll(ONLINE).entrySet()) {
                if (!count.getKey().equals(server)) {
                    total += Integer.parseInt(count.getValue());
                }
            }
            return total;
        } catch (JedisException | NumberFormatException e) {
            return here; // Redis away: this server's own count is the best it knows
        }
    }

    boolean claimName(String key, String name, long connection, String owner, boolean login) {
        try {
            return Long.valueOf(1).equals(changes.call(() -> own.eval(CLAIM,
                    List.of(NAMES, nameIndex(server), holdersKey(key), PERSONS, LOGINS),
                    List.of(key, owner, field(connection), name, login ? "1" : "0"))));
        } catch (JedisException e) {
            LOG.log(Level.WARNING, "Redis away: name {0} checked on this server only", key);
            return true;
        }
    }

    void releaseName(String key, String name, long connection, String owner) {
        changes.submit(() -> own.eval(RELEASE, List.of(NAMES, nameIndex(server), holdersKey(key), PERSONS),
                List.of(key, owner, field(connection), server + "/", name)));
    }

    /** The name the person holds on any server, or null (also when Redis is away). */
    String nameHeldBy(String owner) {
        try {
            String recorded = redis.hget(PERSONS, owner);
            return recorded == null ? null : recorded.substring(recorded.indexOf('\n') + 1);
        } catch (JedisException e) {
            return null;
        }
    }

    /**
     * The person holding the name on any server, else the login that has held it, or null.
     *
     * @throws JedisException when Redis does not answer: a direct message cannot be addressed then
     */
    Person personNamed(String key) {
        List<?> found = (List<?>) redis.eval(PERSON_NAMED, List.of(NAMES, holdersKey(key), PERSONS, LOGINS),
                List.of(key));
        if (found.isEmpty()) {
            return null;
        }
        String first = String.valueOf(found.get(0));
        String record = String.valueOf(found.get(1));
        String name = record.substring(record.indexOf('\n') + 1);
        return first.equals("login") ? new Person(record.substring(0, record.indexOf('\n')), name, false)
                : new Person(first, name.isEmpty() ? null : name, true);
    }

    /** Connections on every server holding the name; 0 when Redis is away. */
    int nameHolders(String key) {
        try {
            return (int) redis.scard(holdersKey(key));
        } catch (JedisException e) {
            return 0;
        }
    }

    // ------------------------------------------------------------------ the changes thread's duties

    /**
     * Run by the changes thread at least every {@link #BEAT_MILLIS}: renews this server's key, and
     * removes servers whose key expired.
     */
    private void beat() {
        own.set(aliveKey(server), "alive", SetParams.setParams().px(SERVER_TTL_MILLIS));
        writeCount(); // also after a record was dropped from a full queue, which left its flag set
        own.sadd("chat:servers", server);
        for (String other : own.smembers("chat:servers")) {
            if (!other.equals(server) && !own.exists(aliveKey(other))
                    && "OK".equals(own.set("chat:sweep:" + other, server, SetParams.setParams().nx().px(30_000)))) {
                removeDead(other);
            }
        }
    }

    /**
     * Takes a server's members out of their rooms (announced as leave) and frees its names: a dead
     * server's, or this one's as it stops. Returns the memberships removed.
     */
    private int removeAll(String of) {
        int members = 0;
        for (String entry : own.smembers(memberIndex(of))) {
            int bar = entry.lastIndexOf('|');
            long connection;
            try {
                connection = Long.parseLong(entry.substring(bar + 1));
            } catch (NumberFormatException | IndexOutOfBoundsException notOurs) {
                LOG.log(Level.WARNING, "skipped member index entry {0} of server {1}", entry, of);
                continue;
            }
            leaveNow(entry.substring(0, bar), of, connection);
            members++;
        }
        for (String key : own.smembers(nameIndex(of))) {
            // the person's connections on other servers, if any, keep the name
            own.eval(SWEEP_NAME, List.of(NAMES, holdersKey(key), PERSONS), List.of(key, of + "/"));
        }
        own.hdel(ONLINE, of);
        own.srem("chat:servers", of);
        own.del(memberIndex(of), nameIndex(of));
        return members;
    }

    private void removeDead(String dead) {
        int members = removeAll(dead);
        LOG.log(Level.WARNING, "server {0} stopped renewing its key: removed its {1} memberships", dead, members);
    }

    /** This server is stopping (its connections have left already): its changes are made, its count and key go. */
    void withdraw() {
        changes.stop();
        try {
            // What is still indexed (a join that ended after the changes stopped, say) goes as a dead
            // server's would: no member of this server outlives it.
            removeAll(server);
            own.del(aliveKey(server));
        } catch (JedisException e) {
            // Redis away: the survivors will remove this server once its key expires
        } finally {
            own.close();
        }
    }
}
