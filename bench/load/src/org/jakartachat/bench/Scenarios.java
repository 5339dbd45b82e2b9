package org.jakartachat.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** The benchmark's scenarios against one server; each returns its figures. */
final class Scenarios implements AutoCloseable {
    private final Wire wire;
    private final List<String> bases;
    private final String base;
    private final ServerProcess server;
    private final ExecutorService callbacks = Executors.newFixedThreadPool(2);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(callbacks).build();
    private final Deliveries deliveries = new Deliveries();
    private int users;
    /** The server's memory before its first connection: every connect step is measured against it. */
    private long rssFresh = -1;
    private long heapFresh = -1;

    /** Whether connections use Engine.IO's HTTP long-polling rather than WebSocket. */
    private final boolean polling;

    /** Connections go to each of {@code bases} in turn (one, or the instances of a cluster). */
    Scenarios(Wire wire, List<String> bases, ServerProcess server) {
        this(wire, bases, server, false);
    }

    Scenarios(Wire wire, List<String> bases, ServerProcess server, boolean polling) {
        this.polling = polling;
        this.wire = wire;
        this.bases = bases;
        this.base = bases.get(0);
        this.server = server;
    }

    /**
     * Opens n connections at a fixed rate and measures what holding them costs the server,
     * against the server as it was before any connection: Tomcat keeps the socket objects of
     * closed connections for reuse, so a step measured against the one before it would count
     * only the connections beyond those. Steps run in growing sizes.
     */
    Result connect(int n, int perSecond) throws Exception {
        settle();
        if (rssFresh < 0) {
            rssFresh = server.rssKb();
            heapFresh = server.heapAfterGcKb();
        }
        long rssBefore = rssFresh;
        long heapBefore = heapFresh;
        long start = System.nanoTime();
        List<Client> clients = open(n, perSecond);
        int ready = awaitReady(clients, Duration.ofSeconds(60));
        double seconds = (System.nanoTime() - start) / 1e9;
        long rssAfter = server.rssKb();
        long heapAfter = server.heapAfterGcKb();
        closeAll(clients);
        Result result = new Result(wire.name(), "connect", Integer.toString(n))
                .put("connected", ready).put("failed", n - ready).put("seconds", seconds)
                .put("rss_kb_per_conn", (rssAfter - rssBefore) / (double) n)
                .put("rss_mb", rssAfter / 1024.0);
        if (server.jvm()) {
            result.put("heap_kb_per_conn", (heapAfter - heapBefore) / (double) n);
        }
        return result;
    }

    /** n members in one room; senders post at a fixed total rate; every member gets every message. */
    Result fanOut(int n, int senders, int perSender, int seconds) throws Exception {
        settle();
        List<Client> clients = open(n, 2000);
        Result result = new Result(wire.name(), "fan-out", Integer.toString(n));
        try {
            check(awaitReady(clients, Duration.ofSeconds(60)), n, "connected");
            List<String> rooms = new ArrayList<>();
            clients.forEach(c -> rooms.add(wire.everyone()));
            joinStorm(clients, rooms, result);
            traffic(clients.subList(0, senders), java.util.Collections.singletonList(wire.everyone()), n, perSender, seconds, result);
        } finally {
            closeAll(clients);
        }
        return result.put("senders", senders).put("rate_per_sender", perSender);
    }

    /** Many small rooms, one sender in each, traffic in all at once. */
    Result rooms(int roomCount, int size, int perRoom, int seconds) throws Exception {
        settle();
        int n = roomCount * size;
        List<Client> clients = open(n, 2000);
        Result result = new Result(wire.name(), "rooms", roomCount + "x" + size);
        try {
            check(awaitReady(clients, Duration.ofSeconds(60)), n, "connected");
            List<String> rooms = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                rooms.add("room" + (i / size));
            }
            joinStorm(clients, rooms, result);
            List<Client> senders = new ArrayList<>();
            List<String> senderRooms = new ArrayList<>();
            for (int r = 0; r < roomCount; r++) {
                senders.add(clients.get(r * size));
                senderRooms.add("room" + r);
            }
            traffic(senders, senderRooms, size, perRoom, seconds, result);
        } finally {
            closeAll(clients);
        }
        return result;
    }

    /**
     * One client's round trips, one at a time, every 5 ms: a latency probe, not a flood (the
     * WAR's per-connection frame limit would answer a flood with rate_limited errors).
     */
    Result echo(int count) throws Exception {
        settle();
        List<Client> clients = open(1, 1);
        check(awaitReady(clients, Duration.ofSeconds(30)), 1, "connected");
        long[] rtt = new long[count];
        try {
            for (int i = 0; i < 200; i++) {
                clients.get(0).echo(i); // warm-up
                Thread.sleep(5);
            }
            for (int i = 0; i < count; i++) {
                rtt[i] = clients.get(0).echo(i);
                Thread.sleep(5);
            }
        } finally {
            closeAll(clients);
        }
        java.util.Arrays.sort(rtt);
        return new Result(wire.name(), "echo", Integer.toString(count))
                .put("p50_ms", rtt[count / 2] / 1e6).put("p99_ms", rtt[(int) (count * 0.99)] / 1e6)
                .put("max_ms", rtt[count - 1] / 1e6);
    }

    // ------------------------------------------------------------------ parts

    private void joinStorm(List<Client> clients, List<String> rooms, Result result) throws Exception {
        double cpu = server.cpuSeconds();
        long start = System.nanoTime();
        List<CompletableFuture<Void>> joins = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            joins.add(clients.get(i).join(rooms.get(i), i));
        }
        CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        long framesBefore = deliveries.frames();
        quiet(); // presence announcements still on their way
        result.put("join_seconds", (System.nanoTime() - start) / 1e9)
                .put("join_cpu_s", server.cpuSeconds() - cpu)
                .put("join_frames_after_answers", deliveries.frames() - framesBefore);
    }

    /**
     * Senders post round robin at {@code senders.size() * perSender} messages a second for
     * {@code seconds}, then waits until every member has every message or nothing has arrived
     * for ten seconds.
     */
    private void traffic(List<Client> senders, List<String> rooms, int members, int perSender, int seconds,
                         Result result) throws Exception {
        int total = senders.size() * perSender * seconds;
        long expected = (long) total * members;
        deliveries.start((int) Math.min(expected, 20_000_000));
        int closesBefore = deliveries.closes();
        double cpu = server.cpuSeconds();
        double sys = server.systemSeconds();
        long interval = 1_000_000_000L / (senders.size() * perSender);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int s = i % senders.size();
            senders.get(s).send(wire.post(rooms.get(s % rooms.size()), Deliveries.text(System.nanoTime(), i)));
        }
        long sendEnd = System.nanoTime();
        long seen = -1;
        long stalledSince = System.nanoTime();
        while (deliveries.count() < expected) {
            Thread.sleep(100);
            long now = deliveries.count();
            if (now != seen) {
                seen = now;
                stalledSince = System.nanoTime();
            } else if (System.nanoTime() - stalledSince > TimeUnit.SECONDS.toNanos(10)) {
                break;
            }
        }
        deliveries.stop();
        long delivered = deliveries.count();
        double cpuUsed = server.cpuSeconds() - cpu;
        double sysUsed = server.systemSeconds() - sys;
        double elapsed = (Math.max(deliveries.lastAt(), sendEnd) - start) / 1e9;
        double[] p = deliveries.percentilesMillis();
        result.put("sent", total).put("expected", expected).put("delivered", delivered)
                .put("lost", expected - delivered)
                .put("deliveries_per_s", delivered / elapsed)
                .put("p50_ms", p[0]).put("p99_ms", p[1]).put("max_ms", p[2])
                .put("cpu_s", cpuUsed).put("cpu_system_share", cpuUsed == 0 ? Double.NaN : sysUsed / cpuUsed)
                .put("cpu_ms_per_1000", delivered == 0 ? Double.NaN : cpuUsed * 1000 / (delivered / 1000.0))
                .put("closed_by_server", deliveries.closes() - closesBefore);
    }

    private List<Client> open(int n, int perSecond) {
        List<Client> clients = new ArrayList<>(n);
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String url = wire.url(bases.get(i % bases.size()), "u" + (users++));
            clients.add(polling ? PollingClient.open(http, wire, url, deliveries) : Client.open(http, wire, url, deliveries));
        }
        return clients;
    }

    private static int awaitReady(List<Client> clients, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        int ready = 0;
        for (Client client : clients) {
            try {
                client.ready.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                ready++;
            } catch (Exception failed) {
                // counted as not ready
            }
        }
        return ready;
    }

    private static void check(int got, int wanted, String what) {
        if (got != wanted) {
            throw new IllegalStateException(what + ": " + got + " of " + wanted);
        }
    }

    /** Waits until no frame has arrived for a second. */
    private void quiet() throws InterruptedException {
        long last = -1;
        while (deliveries.frames() != last) {
            last = deliveries.frames();
            Thread.sleep(1000);
        }
    }

    private void closeAll(List<Client> clients) {
        clients.forEach(Client::close);
    }

    /** Waits until the server holds no connections from an earlier scenario. */
    private void settle() throws IOException, InterruptedException {
        if (!(wire instanceof ChatWire)) {
            Thread.sleep(3000);
            return;
        }
        String health = base.replaceFirst("^ws", "http") + "/chat/health";
        for (int i = 0; i < 120; i++) {
            String body = http.send(HttpRequest.newBuilder(URI.create(health)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (body.matches("(?s).*\"online\":0[,}].*")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the server still holds connections: " + health);
    }

    @Override
    public void close() {
        callbacks.shutdownNow();
    }
}
