package org.jakartachat.cluster;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * This server's changes to presence and names in Redis, made in the order they were asked
 * for, one at a time, on a thread of their own. Why a thread: a change is a network round
 * trip, and whoever asks for one may be a container thread reading a client, the heartbeat, or
 * a close; none of them waits on Redis, and none holds a lock while the change is made.
 *
 * <p>A change nobody waits for (a leave, a rename, a name given back) that Redis does not take
 * stays at the head of the queue and is tried again, with backoff, until it does: so changes
 * that pile up during an outage are made, in order, once Redis is back. A change someone
 * waits for (a join, a name claimed) is never held: it fails when Redis does not take it, when
 * changes are being held, and when it is not made within {@link #WAIT_MILLIS}; the one waiting
 * is then told {@code unavailable}. Between changes the thread renews this server's liveness
 * (see {@link ClusterPresence}).
 */
final class RedisChanges {
    private static final Logger LOG = System.getLogger(RedisChanges.class.getName());
    /** Changes held while Redis is away; beyond this the oldest are dropped (and logged). */
    static final int MAX_HELD = 100_000;
    /** How long a change someone waits for may wait for its turn. */
    static final long WAIT_MILLIS = 5000;
    private static final long MAX_BACKOFF_MILLIS = 5000;

    /** One change; {@code answer} is null for a change nobody waits for. */
    private static final class Change {
        final Supplier<Object> call;
        final CompletableFuture<Object> answer;
        /** Taken by the thread before it makes a waited-for change, or by its waiter giving up: once. */
        final AtomicBoolean taken = new AtomicBoolean();

        Change(Supplier<Object> call, CompletableFuture<Object> answer) {
            this.call = call;
            this.answer = answer;
        }
    }

    private final Deque<Change> queue = new ArrayDeque<>();
    private final Runnable between;
    private final Runnable failed;
    private final long betweenMillis;
    private final Thread thread;
    private volatile boolean running = true;
    /** True while a change nobody waits for has failed and waits at the head to be tried again. */
    private volatile boolean holding;
    /** True while the thread waits out a backoff; guarded by the queue's monitor. */
    private boolean backingOff;

    /**
     * @param between  run at least every {@code betweenMillis}; may throw JedisException
     * @param failed   told each time Redis does not take a change
     */
    RedisChanges(Runnable between, Runnable failed, long betweenMillis) {
        this.between = between;
        this.failed = failed;
        this.betweenMillis = betweenMillis;
        this.thread = new Thread(this::run, "chat-redis-changes");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues a change nobody waits for. */
    void submit(Supplier<Object> call) {
        synchronized (queue) {
            if (queue.size() >= MAX_HELD) {
                queue.pollFirst();
                LOG.log(Level.WARNING, "{0} presence changes held while Redis is away: the oldest dropped", MAX_HELD);
            }
            queue.addLast(new Change(call, null));
            if (!backingOff) {
                queue.notifyAll(); // during a backoff, a new change waits for it like the ones before
            }
        }
    }

    /**
     * Makes a change in its turn and returns its answer; throws the JedisException Redis gave, or
     * one saying Redis is away (changes are held) or did not get to it in time.
     */
    Object call(Supplier<Object> call) {
        Change change = new Change(call, new CompletableFuture<>());
        synchronized (queue) {
            if (holding || !running) {
                throw new JedisException("Redis away: presence changes are held until it is back");
            }
            queue.addLast(change);
            queue.notifyAll(); // also cuts a backoff short: a waiting caller is worth a try now
        }
        try {
            try {
                return change.answer.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException late) {
                if (change.taken.compareAndSet(false, true)) {
                    synchronized (queue) {
                        queue.remove(change);
                    }
                    throw new JedisException("Redis did not get to the change within " + WAIT_MILLIS + " ms");
                }
                // Being made: the client's socket timeout ends it well within this.
                return change.answer.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JedisException("interrupted waiting for Redis", e);
        } catch (TimeoutException e) {
            throw new JedisException("Redis did not answer the change in time", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof JedisException j ? j : new JedisException(e.getCause());
        }
    }

    /** Whether changes are held for an outage (a join must then wait until they are made). */
    boolean holding() {
        return holding;
    }

    /** Makes what is queued while Redis answers, then stops the thread. */
    void stop() {
        running = false;
        synchronized (queue) {
            queue.notifyAll();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long backoff = 100;
        long lastBetween = 0;
        while (true) {
            // The beat first, on its own: its failure is nobody's change.
            if (System.currentTimeMillis() - lastBetween >= betweenMillis) {
                lastBetween = System.currentTimeMillis();
                try {
                    between.run();
                } catch (JedisException e) {
                    failed.run();
                    LOG.log(Level.DEBUG, "liveness beat failed: {0}", e.toString());
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "liveness beat failed", e);
                }
            }
            Change next;
            synchronized (queue) {
                long idle;
                while (queue.isEmpty() && running
                        && (idle = betweenMillis - (System.currentTimeMillis() - lastBetween)) > 0) {
                    waitOn(idle);
                }
                if (queue.isEmpty()) {
                    if (!running) {
                        return;
                    }
                    continue; // time for the beat
                }
                next = queue.peekFirst();
                if (next.answer != null && !next.taken.compareAndSet(false, true)) {
                    queue.pollFirst(); // its waiter gave up on it
                    continue;
                }
            }
            try {
                Object answer = once(next.call);
                remove(next);
                holding = false;
                backoff = 100;
                if (next.answer != null) {
                    next.answer.complete(answer);
                }
            } catch (JedisException e) {
                if (e instanceof JedisDataException && !isTransient(e)) {
                    // Redis answered, and refused: trying again would only be refused again.
                    LOG.log(Level.ERROR, "Redis refused a presence change; dropped", e);
                    drop(next, e);
                    continue;
                }
                failed.run();
                if (next.answer != null) {
                    drop(next, e);
                    continue;
                }
                if (!running) {
                    LOG.log(Level.WARNING, "stopping with {0} presence changes Redis did not take", queue.size());
                    return;
                }
                if (!holding) {
                    LOG.log(Level.WARNING, "Redis away: presence changes held until it is back ({0})", e.toString());
                }
                holding = true;
                synchronized (queue) {
                    backingOff = true;
                    waitOn(backoff + ThreadLocalRandom.current().nextLong(backoff));
                    backingOff = false;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "a presence change failed; dropped", e);
                drop(next, e);
            } catch (Error e) {
                drop(next, new JedisException(e));
                throw e;
            }
        }
    }

    /**
     * Makes a call, and makes it once more at once if the connection it went out on had broken:
     * after Redis restarts, each connection the pool kept from before fails on its first use.
     * Every change here may be made twice (joins, leaves, claims and releases are recorded as
     * facts, not counted; a rename or typing notice announced twice changes nothing).
     */
    static <T> T once(Supplier<T> call) {
        try {
            return call.get();
        } catch (JedisConnectionException stale) {
            return call.get();
        }
    }

    private void remove(Change change) {
        synchronized (queue) {
            queue.remove(change);
        }
    }

    /** Takes a change that cannot be made off the queue, telling whoever waits on it. */
    private void drop(Change change, RuntimeException why) {
        if (change == null) {
            return;
        }
        remove(change);
        if (change.answer != null) {
            change.answer.completeExceptionally(why);
        }
    }

    /** An error Redis gives while it cannot serve for a moment (loading its file after a restart, say). */
    private static boolean isTransient(JedisException e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith("LOADING") || message.startsWith("BUSY") || message.startsWith("TRYAGAIN")
                || message.startsWith("MASTERDOWN");
    }

    /** Waits on the queue's monitor, which the caller holds. */
    private void waitOn(long millis) {
        try {
            queue.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
