package org.jakartachat.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jakartachat.protocol.EncodedFrame;
import org.junit.jupiter.api.Test;

class OutboxTest {

    /** A transport whose sends do what {@code send} says and whose pings complete at once. */
    private static Transport sending(BiConsumer<EncodedFrame, Consumer<Throwable>> send, Runnable onPing) {
        return new Transport() {
            @Override
            public void send(EncodedFrame frame, Consumer<Throwable> done) {
                send.accept(frame, done);
            }

            @Override
            public void ping(Consumer<Throwable> done) {
                onPing.run();
                done.accept(null);
            }

            @Override
            public void close(Closing closing) {
            }

            @Override
            public String describe() {
                return "test";
            }
        };
    }

    private static EncodedFrame frame(int i) {
        return new EncodedFrame(String.valueOf(i));
    }

    /** Completes each send later on another thread, and fails the test if two sends overlap. */
    private static final class AsyncTransport implements Transport {
        final ExecutorService completions = Executors.newFixedThreadPool(4);
        final AtomicBoolean inFlight = new AtomicBoolean();
        final AtomicReference<String> overlap = new AtomicReference<>();
        final List<String> written = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void send(EncodedFrame frame, Consumer<Throwable> done) {
            if (!inFlight.compareAndSet(false, true)) {
                overlap.set("send of " + frame.json() + " while another was in flight");
            }
            written.add(frame.json());
            completions.execute(() -> {
                inFlight.set(false);
                done.accept(null);
            });
        }

        @Override
        public void ping(Consumer<Throwable> done) {
            done.accept(null);
        }

        @Override
        public void close(Closing closing) {
        }

        @Override
        public String describe() {
            return "async";
        }
    }

    @Test
    void manyProducersOneWriterNothingLostNothingOverlapping() throws Exception {
        AsyncTransport transport = new AsyncTransport();
        Outbox outbox = new Outbox(transport, 100_000, () -> { }, e -> { });
        int producers = 4;
        int each = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        CountDownLatch go = new CountDownLatch(1);
        for (int p = 0; p < producers; p++) {
            int base = p * each;
            pool.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    outbox.offer(frame(base + i));
                }
            });
        }
        go.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (transport.written.size() < producers * each && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        transport.completions.shutdown();
        assertNull(transport.overlap.get());
        assertEquals(producers * each, transport.written.size());
        assertEquals(producers * each, transport.written.stream().distinct().count());
    }

    @Test
    void inlineCompletionsDoNotRecurse() {
        AtomicInteger sends = new AtomicInteger();
        AtomicReference<Consumer<Throwable>> first = new AtomicReference<>();
        Transport inline = sending((frame, done) -> {
            // The first send stalls, so the queue builds up behind it; every later one completes inline.
            if (sends.incrementAndGet() == 1) {
                first.set(done);
            } else {
                done.accept(null);
            }
        }, () -> { });
        Outbox outbox = new Outbox(inline, 1_000_000, () -> { }, e -> { });
        int frames = 200_000;
        for (int i = 0; i < frames; i++) {
            outbox.offer(frame(i));
        }
        assertEquals(1, sends.get(), "the stalled send holds the writer; the rest wait in the queue");
        // Its completion now writes the whole queue on this thread: a writer that recursed per
        // inline completion would overflow the stack here.
        first.get().accept(null);
        assertEquals(frames, sends.get());
    }

    @Test
    void overflowClosesOnceAndRefusesMore() {
        FakeTransport stuck = new FakeTransport();
        stuck.stall();
        AtomicInteger overflows = new AtomicInteger();
        Outbox outbox = new Outbox(stuck, 3, overflows::incrementAndGet, e -> { });
        for (int i = 0; i < 4; i++) {
            assertTrue(outbox.offer(frame(i)), "frame " + i); // one in flight, three queued
        }
        assertFalse(outbox.offer(frame(4)));
        assertFalse(outbox.offer(frame(5)));
        assertEquals(1, overflows.get());
    }

    @Test
    void finishWritesWhatIsQueuedThenRunsItsAction() {
        ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
        Transport recording = sending((frame, done) -> {
            events.add(frame.json());
            done.accept(null);
        }, () -> events.add("ping"));
        Outbox outbox = new Outbox(recording, 10, () -> { }, e -> { });
        outbox.offer(frame(1));
        outbox.ping();
        assertTrue(outbox.finish(() -> events.add("closed")));
        assertFalse(outbox.offer(frame(2)));
        assertFalse(outbox.finish(() -> events.add("twice")));
        assertEquals(List.of("1", "ping", "closed"), List.copyOf(events));
    }

    @Test
    void aFailedSendStopsTheWriterAndReportsOnce() {
        AtomicInteger failures = new AtomicInteger();
        Transport failing = sending((frame, done) -> done.accept(new java.io.IOException("broken pipe")), () -> { });
        Outbox outbox = new Outbox(failing, 10, () -> { }, e -> failures.incrementAndGet());
        outbox.offer(frame(1));
        assertFalse(outbox.offer(frame(2)));
        assertEquals(1, failures.get());
    }

    @Test
    void theQueueIsBoundedInBytesAsWell() {
        List<Consumer<Throwable>> stuckSends = new ArrayList<>();
        Transport stuck = sending((frame, done) -> stuckSends.add(done), () -> { });
        AtomicInteger overflows = new AtomicInteger();
        Outbox outbox = new Outbox(stuck, 1_000, 10_000, overflows::incrementAndGet, e -> { }, () -> { });
        EncodedFrame thousand = new EncodedFrame("x".repeat(1_000)); // 2,000 bytes
        assertTrue(outbox.offer(thousand));
        assertEquals(1, stuckSends.size(), "the first is being written: no longer counted");
        // Taken while what is queued, the frame next in line aside, is within the bound: 0 before the
        // 2nd frame, 10,000 before the 7th, 12,000 before the 8th.
        for (int i = 0; i < 7; i++) {
            assertTrue(outbox.offer(thousand), "frame " + i);
        }
        assertEquals(14_000, outbox.queuedBytes());
        assertFalse(outbox.offer(new EncodedFrame("y")), "over the bound, the frame next in line aside");
        assertEquals(1, overflows.get());
        assertFalse(outbox.offer(thousand));
        assertEquals(1, overflows.get(), "closed once");
    }

    @Test
    void oneFrameLargerThanTheBoundNeverGetsAReadingClientClosed() {
        List<Consumer<Throwable>> pending = new ArrayList<>();
        Transport later = sending((frame, done) -> pending.add(done), () -> { });
        AtomicInteger overflows = new AtomicInteger();
        Outbox outbox = new Outbox(later, 1_000, 10_000, overflows::incrementAndGet, e -> { }, () -> { });
        assertTrue(outbox.offer(new EncodedFrame("a")));  // being written
        assertTrue(outbox.offer(new EncodedFrame("h".repeat(20_000))), "40,000 bytes: four times the bound");
        for (int i = 0; i < 5; i++) {
            assertTrue(outbox.offer(new EncodedFrame("x".repeat(1_000))), "small frame " + i + " behind it");
        }
        assertTrue(outbox.ping(), "a ping counts no bytes");
        assertEquals(0, overflows.get());
        pending.remove(0).accept(null); // the client reads on
        assertEquals(10_000, outbox.queuedBytes(), "the large frame is being written now");
    }

    @Test
    void bytesAreCountedOffAsTheWriterTakesFrames() {
        List<Consumer<Throwable>> pending = new ArrayList<>();
        Transport later = sending((frame, done) -> pending.add(done), () -> { });
        AtomicInteger overflows = new AtomicInteger();
        Outbox outbox = new Outbox(later, 1_000, 10_000, overflows::incrementAndGet, e -> { }, () -> { });
        EncodedFrame frame = new EncodedFrame("x".repeat(2_000)); // 4,000 bytes
        for (int round = 0; round < 50; round++) {
            assertTrue(outbox.offer(frame));
            assertTrue(outbox.offer(frame));
            pending.remove(0).accept(null); // the client reads one
            if (!pending.isEmpty()) {
                pending.remove(0).accept(null);
            }
        }
        assertEquals(0, overflows.get(), "a client that keeps up is never closed");
    }
}
