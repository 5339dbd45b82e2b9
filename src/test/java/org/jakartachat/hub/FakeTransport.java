package org.jakartachat.hub;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jakartachat.protocol.EncodedFrame;

/**
 * A transport that records what the hub sends. Sends complete at once unless the transport is
 * stalled, like a client that stopped reading: then nothing completes until it is released.
 */
final class FakeTransport implements Transport {
    private final List<String> sent = new ArrayList<>();
    private final List<Consumer<Throwable>> stalled = new ArrayList<>();
    private boolean stall;
    private int pings;
    final CompletableFuture<Closing> closed = new CompletableFuture<>();

    @Override
    public synchronized void send(EncodedFrame frame, Consumer<Throwable> done) {
        sent.add(frame.json());
        if (stall) {
            stalled.add(done);
        } else {
            done.accept(null);
        }
    }

    @Override
    public synchronized void ping(Consumer<Throwable> done) {
        pings++;
        done.accept(null);
    }

    @Override
    public void close(Closing closing) {
        closed.complete(closing);
    }

    @Override
    public String describe() {
        return "fake";
    }

    synchronized void stall() {
        stall = true;
    }

    synchronized int pings() {
        return pings;
    }

    /** Every frame sent so far, parsed; clears the record. */
    synchronized List<JsonObject> take() {
        List<JsonObject> frames = sent.stream().map(t -> Json.createReader(new StringReader(t)).readObject()).toList();
        sent.clear();
        return frames;
    }

    /** The frames of one type sent so far; clears the record. */
    List<JsonObject> take(String type) {
        return take().stream().filter(f -> f.getString("type").equals(type)).toList();
    }

    /** The single frame sent since the last take; fails otherwise. */
    JsonObject only() {
        List<JsonObject> frames = take();
        if (frames.size() != 1) {
            throw new AssertionError("expected one frame, got " + frames);
        }
        return frames.get(0);
    }
}
