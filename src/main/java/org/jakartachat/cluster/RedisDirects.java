package org.jakartachat.cluster;

import static org.jakartachat.cluster.ScriptReplies.fields;
import static org.jakartachat.cluster.ScriptReplies.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jakartachat.hub.DirectLog;
import org.jakartachat.hub.DirectSlice;
import org.jakartachat.hub.FeedPosition;
import org.jakartachat.hub.Identity;
import org.jakartachat.hub.Person;
import org.jakartachat.protocol.ErrorCode;
import org.jakartachat.protocol.InvalidFrameException;
import org.jakartachat.protocol.ServerFrame.Direct;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Direct messages in Redis. A message is an entry of the feed ({@code kind direct}), which every
 * server's reader delivers to the two people's connections it holds, so all direct messages have
 * the feed's one order; and a copy under the same id in each person's mailbox stream, for resume.
 *
 * <p>Keys: {@code chat:inbox:<person>} (stream, at most {@code CHAT_DIRECT_HISTORY} entries, ids
 * those of the feed), {@code chat:inbox-dropped:<person>} (the id of the newest entry trimmed
 * from it, so a resume can tell whether it is complete), {@code chat:dmref:<person>:<ref>} (what
 * the person first sent with that ref, for an hour) and {@code chat:blocks:<person>} (hash: name
 * key to the name as typed). Each person's keys expire {@code CHAT_DIRECT_KEEP_SECONDS} after
 * their last use. A send is one script: the ref check, the block check and every write happen
 * together or not at all.
 */
final class RedisDirects implements DirectLog {
    private static final int REF_SECONDS = 3600;
    private static final int MAX_BLOCKS = 100;

    /**
     * KEYS: feed, sender's inbox, its dropped, recipient's inbox, its dropped, recipient's blocks,
     * ref key ('' for none), sender's blocks. Both people's keys are used: kept for another keep. ARGV: sender's name key, inbox size, feed length, keep seconds, ref
     * seconds, from, to, text, ts, ref, origin, sender, recipient. Returns {'new', id},
     * {'blocked'}, or the ref's hash when the ref was sent before.
     */
    private static final String SEND = String.join("\n",
            "if KEYS[7] ~= '' then",
            "  local seen = redis.call('HGETALL', KEYS[7])",
            "  if #seen > 0 then return seen end",
            "end",
            "if redis.call('HEXISTS', KEYS[6], ARGV[1]) == 1 then return {'blocked'} end",
            "local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', 'kind', 'direct',",
            "  'from', ARGV[6], 'to', ARGV[7], 'text', ARGV[8], 'ts', ARGV[9], 'ref', ARGV[10], 'origin', ARGV[11],",
            "  'sender', ARGV[12], 'recipient', ARGV[13])",
            "local size = tonumber(ARGV[2])",
            "local function keep(inbox, dropped)",
            "  if size == 0 then",
            "    redis.call('SET', dropped, id, 'EX', ARGV[4])",
            "    return",
            "  end",
            "  redis.call('XADD', inbox, id, 'from', ARGV[6], 'to', ARGV[7], 'text', ARGV[8], 'ts', ARGV[9],",
            "    'sender', ARGV[12], 'recipient', ARGV[13])",
            "  local over = redis.call('XLEN', inbox) - size",
            "  if over > 0 then",
            "    local old = redis.call('XRANGE', inbox, '-', '+', 'COUNT', over)",
            "    redis.call('SET', dropped, old[#old][1])",
            "    redis.call('XTRIM', inbox, 'MAXLEN', size)",
            "  end",
            "  redis.call('EXPIRE', inbox, ARGV[4])",
            "  redis.call('EXPIRE', dropped, ARGV[4])",
            "end",
            "keep(KEYS[2], KEYS[3])",
            "keep(KEYS[4], KEYS[5])",
            "redis.call('EXPIRE', KEYS[6], ARGV[4])",
            "redis.call('EXPIRE', KEYS[8], ARGV[4])",
            "if KEYS[7] ~= '' then",
            "  redis.call('HSET', KEYS[7], 'id', id, 'from', ARGV[6], 'to', ARGV[7], 'text', ARGV[8], 'ts', ARGV[9],",
            "    'recipient', ARGV[13])",
            "  redis.call('EXPIRE', KEYS[7], ARGV[5])",
            "end",
            "return {'new', id}");

    /**
     * KEYS: inbox, its dropped, blocks. ARGV: since (Redis form, '' for none), up to (Redis
     * form), size, keep seconds. Returns {dropped or '0-0', entries, 1 if the inbox exists}:
     * entries after since (oldest first), else the latest (newest first), at or before up to.
     * The person's keys are used: they are kept for another keep.
     */
    private static final String READ = String.join("\n",
            "local size = tonumber(ARGV[3])",
            "local dropped = redis.call('GET', KEYS[2]) or '0-0'",
            "local held = redis.call('EXISTS', KEYS[1])",
            "for _, key in ipairs(KEYS) do redis.call('EXPIRE', key, ARGV[4]) end",
            "if size == 0 then return {dropped, {}, held} end",
            "if ARGV[1] == '' then",
            "  return {dropped, redis.call('XREVRANGE', KEYS[1], ARGV[2], '-', 'COUNT', size), held}",
            "end",
            "return {dropped, redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], ARGV[2], 'COUNT', size), held}");

    /**
     * KEYS: blocks. ARGV: name key, name, '1' to block or '0' to unblock, most names, keep seconds.
     * Returns {'full'} when the person blocks as many names as it may, else {'ok', names...}.
     */
    private static final String BLOCK = String.join("\n",
            "if ARGV[3] == '1' then",
            "  if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then",
            "    return {'full'}",
            "  end",
            "  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])",
            "else",
            "  redis.call('HDEL', KEYS[1], ARGV[1])",
            "end",
            "redis.call('EXPIRE', KEYS[1], ARGV[5])",
            "local answer = {'ok'}",
            "for _, name in ipairs(redis.call('HVALS', KEYS[1])) do answer[#answer + 1] = name end",
            "return answer");

    private final RedisClient redis;
    private final String feed;
    private final int feedLength;
    private final int size;
    private final long keepSeconds;
    private final Origins origins;
    /** Where the feed reader has got to: see {@link DirectLog#delivered}. */
    private final Supplier<FeedPosition> reached;
    /** Where it started: the cut for connections registered before it had read the feed at all. */
    private final Supplier<FeedPosition> started;
    /** Whether Redis is known to answer, and what to do when a call finds it does not. */
    private final Supplier<Boolean> available;
    private final Runnable failed;

    private final ClusterMetrics metrics;

    RedisDirects(RedisClient redis, String feed, int feedLength, int size, long keepSeconds, Origins origins,
                 Supplier<FeedPosition> reached, Supplier<FeedPosition> started, Supplier<Boolean> available,
                 Runnable failed, ClusterMetrics metrics) {
        this.metrics = metrics;
        this.redis = redis;
        this.feed = feed;
        this.feedLength = feedLength;
        this.size = size;
        this.keepSeconds = keepSeconds;
        this.origins = origins;
        this.reached = reached;
        this.started = started;
        this.available = available;
        this.failed = failed;
    }

    @Override
    public Direct send(Person from, Person to, String fromKey, String text, String ts, long origin, String ref)
            throws InvalidFrameException {
        requireAvailable(ref);
        String refKey = ref == null ? "" : "chat:dmref:" + from.owner().length() + ":" + from.owner() + ":" + ref;
        Supplier<Object> call = () -> redis.eval(SEND,
                List.of(feed, inbox(from.owner()), dropped(from.owner()), inbox(to.owner()), dropped(to.owner()),
                        blocks(to.owner()), refKey, blocks(from.owner())),
                List.of(fromKey, Integer.toString(size), Integer.toString(feedLength), Long.toString(keepSeconds),
                        Integer.toString(REF_SECONDS), from.name(), to.name(), text, ts, ref == null ? "" : ref,
                        origins.of(origin), from.owner(), to.owner()));
        List<?> reply;
        long start = System.nanoTime();
        try {
            // With a ref a second try is never sent twice; without one it might be, so it is the client's to make.
            reply = (List<?>) (ref != null ? RedisChanges.once(call) : call.get());
        } catch (JedisException e) {
            throw unavailable(ref);
        } finally {
            metrics.redisCall("direct", System.nanoTime() - start);
        }
        String first = text(reply.get(0));
        if (first.equals("new")) {
            return null; // the reader delivers it, in the feed's order
        }
        if (first.equals("blocked")) {
            throw new InvalidFrameException(ErrorCode.BLOCKED, "this person does not take direct messages from you",
                    ref);
        }
        Map<String, String> seen = fields(reply);
        StreamId id = StreamId.parse(seen.get("id"));
        if (id == null) {
            // The ref's record is the chat's own, written with the message: not readable means a bug.
            throw new IllegalStateException("unreadable ref record of a direct message");
        }
        return new Direct(id.wire(), seen.get("from"), seen.get("to"), seen.get("text"), seen.get("ts"),
                Identity.handle(from.owner()), Identity.handle(seen.getOrDefault("recipient", to.owner())), null);
    }

    @Override
    public DirectSlice read(String owner, String since, FeedPosition upTo) throws InvalidFrameException {
        requireAvailable(null);
        // A connection that came before the reader first read the feed gets live what came after
        // the reader's start, so its cut is there.
        FeedPosition cut = upTo.equals(FeedPosition.START) ? started.get() : upTo;
        if (cut == null) {
            throw unavailable(null);
        }
        StreamId after = StreamId.parse(since);
        List<?> reply;
        try {
            reply = (List<?>) redis.eval(READ, List.of(inbox(owner), dropped(owner), blocks(owner)),
                    List.of(after == null ? "" : after.toString(), cut.high() + "-" + cut.low(),
                            Integer.toString(size), Long.toString(keepSeconds)));
        } catch (JedisException e) {
            throw unavailable(null);
        }
        StreamId dropped = StreamId.parse(text(reply.get(0)));
        boolean held = Long.valueOf(1).equals(reply.get(2));
        List<Direct> messages = new ArrayList<>();
        for (Object raw : (List<?>) reply.get(1)) {
            List<?> entry = (List<?>) raw;
            List<?> flat = (List<?>) entry.get(1);
            Map<String, String> fields = fields(flat);
            StreamId id = StreamId.parse(text(entry.get(0)));
            if (id != null && fields.containsKey("from") && fields.containsKey("to") && fields.containsKey("text")
                    && fields.containsKey("ts") && fields.containsKey("sender") && fields.containsKey("recipient")) {
                messages.add(new Direct(id.wire(), fields.get("from"), fields.get("to"), fields.get("text"),
                        fields.get("ts"), Identity.handle(fields.get("sender")), Identity.handle(fields.get("recipient")),
                        null));
            }
        }
        if (after == null) {
            Collections.reverse(messages);
        }
        boolean nothingDropped = dropped == null || dropped.compareTo(new StreamId(0, 0)) == 0;
        // A mailbox that has expired is gone with its dropped marker: a since of its is not complete.
        boolean complete = since == null ? nothingDropped
                : after != null && held && (nothingDropped || after.compareTo(dropped) >= 0);
        return new DirectSlice(messages, complete);
    }

    @Override
    public List<String> block(String owner, String key, String name, boolean blocked) throws InvalidFrameException {
        requireAvailable(null);
        List<?> reply;
        try {
            reply = (List<?>) redis.eval(BLOCK, List.of(blocks(owner)), List.of(key, name, blocked ? "1" : "0",
                    Integer.toString(MAX_BLOCKS), Long.toString(keepSeconds)));
        } catch (JedisException e) {
            throw unavailable(null);
        }
        if (text(reply.get(0)).equals("full")) {
            throw new InvalidFrameException(ErrorCode.FORBIDDEN, "you block " + MAX_BLOCKS
                    + " names already; unblock one first", null);
        }
        List<String> names = new ArrayList<>();
        for (Object value : reply.subList(1, reply.size())) {
            names.add(text(value));
        }
        Collections.sort(names);
        return names;
    }

    @Override
    public FeedPosition delivered() {
        return reached.get();
    }

    private void requireAvailable(String ref) throws InvalidFrameException {
        if (!available.get()) {
            throw InvalidFrameException.unavailable(ref);
        }
    }

    /** A call Redis did not answer: nothing was done, or (a send with a ref) it was done once. */
    private InvalidFrameException unavailable(String ref) {
        failed.run();
        return ref == null ? InvalidFrameException.unavailable(null) : new InvalidFrameException(ErrorCode.UNAVAILABLE,
                "the chat cannot reach its shared store right now; try again shortly (a retry with the same ref"
                        + " is never sent twice)", ref);
    }

    private static String inbox(String owner) {
        return "chat:inbox:" + owner;
    }

    private static String dropped(String owner) {
        return "chat:inbox-dropped:" + owner;
    }

    private static String blocks(String owner) {
        return "chat:blocks:" + owner;
    }

}
