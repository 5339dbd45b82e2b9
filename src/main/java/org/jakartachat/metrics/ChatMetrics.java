package org.jakartachat.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jakartachat.cluster.ClusterMetrics;
import org.jakartachat.hub.Backplane;
import org.jakartachat.hub.ChatHub;
import org.jakartachat.hub.CloseKind;
import org.jakartachat.hub.HubMetrics;
import org.jakartachat.protocol.ErrorCode;

/**
 * The chat's metrics in a Micrometer Prometheus registry: what the hub and the Redis backplane
 * tell it (it implements both ports), what it reads from the hub when scraped, and the JVM's
 * own. README.adoc, "Operating", lists every metric.
 *
 * <p>Labels have few values, all known in advance (transports, close reasons, frame types,
 * error codes, Redis calls), never a user, a room or an id; each series is made at start, so
 * a scrape shows a 0 rather than nothing for what has not happened yet, and an event costs a
 * map read and an add, no registry lookup.
 */
public final class ChatMetrics implements HubMetrics, ClusterMetrics, AutoCloseable {
    private static final Logger LOG = System.getLogger(ChatMetrics.class.getName());

    /** The Prometheus text format, version 0.0.4: what a scraper gets unless it asks for OpenMetrics. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    public static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /** Every value of the {@code transport} label (see Transport#kind). */
    public static final List<String> TRANSPORTS = List.of("websocket", "socketio-websocket", "socketio-polling");
    /** Every value of the {@code type} label of frames in: the client frames of docs/protocol.adoc. */
    static final List<String> FRAME_TYPES = List.of("join", "leave", "message", "typing", "rename", "ping", "direct",
            "directs", "block", "unblock");
    static final List<String> REDIS_CALLS = List.of("post", "join", "direct");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> opened = new HashMap<>();
    private final Map<String, Map<CloseKind, Counter>> closed = new HashMap<>();
    private final Map<String, Counter> framesIn = new HashMap<>();
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Map<String, Timer> redisCalls = new HashMap<>();
    private final Counter framesOut;
    private final Counter bytesOut;
    private final Counter posted;
    private final DistributionSummary outboxDepth;
    private final Timer broadcast;
    private final Timer feedLag;
    private final Counter outages;
    /** The JVM binders that hold resources (GC notification listeners): closed with the registry. */
    private final List<AutoCloseable> closeables = new ArrayList<>();

    public ChatMetrics() {
        for (String transport : TRANSPORTS) {
            opened.put(transport, Counter.builder("chat.connections.opened").tag("transport", transport)
                    .description("Connections that joined the chat").register(registry));
            Map<CloseKind, Counter> byReason = new EnumMap<>(CloseKind.class);
            for (CloseKind reason : CloseKind.values()) {
                byReason.put(reason, Counter.builder("chat.connections.closed").tag("transport", transport)
                        .tag("reason", reason.label()).description("Connections that left the chat, by why")
                        .register(registry));
            }
            closed.put(transport, byReason);
        }
        for (String type : FRAME_TYPES) {
            framesIn.put(type, Counter.builder("chat.frames.in").tag("type", type)
                    .description("Frames read from clients, by type (unreadable ones count as errors sent)")
                    .register(registry));
        }
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, Counter.builder("chat.errors.sent").tag("code", code.wire())
                    .description("Error frames sent to clients, by code").register(registry));
        }
        framesOut = Counter.builder("chat.frames.out").description("Frames handed to the container to send")
                .register(registry);
        bytesOut = Counter.builder("chat.frames.out.bytes").baseUnit("bytes")
                .description("UTF-8 bytes of the frames handed to the container to send").register(registry);
        posted = Counter.builder("chat.messages.posted").description("Room messages posted on this server")
                .register(registry);
        outboxDepth = DistributionSummary.builder("chat.outbox.depth").baseUnit("frames")
                .description("Frames waiting in a connection's outbound queue, as each heartbeat finds it")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256) // 0 falls in le="1"
                .register(registry);
        broadcast = Timer.builder("chat.broadcast")
                .description("A room message encoded and queued for every member on this server")
                .serviceLevelObjectives(micros(10), micros(50), micros(100), micros(500), millis(1), millis(5),
                        millis(10), millis(50), millis(100), millis(500), millis(1000))
                .register(registry);
        for (String call : REDIS_CALLS) {
            redisCalls.put(call, Timer.builder("chat.redis.call").tag("call", call)
                    .description("Cluster mode: a Redis round trip made for a client's frame, answered or not")
                    .serviceLevelObjectives(micros(100), micros(500), millis(1), millis(2), millis(5), millis(10),
                            millis(50), millis(100), millis(500), millis(2000))
                    .register(registry));
        }
        feedLag = Timer.builder("chat.feed.lag")
                .description("Cluster mode: the age of a feed entry when this server reads it")
                .serviceLevelObjectives(millis(1), millis(5), millis(10), millis(50), millis(100), millis(500),
                        millis(1000), millis(5000))
                .register(registry);
        outages = Counter.builder("chat.redis.outages").description("Cluster mode: times Redis stopped answering")
                .register(registry);
        bindJvm();
    }

    private static Duration micros(long n) {
        return Duration.ofNanos(n * 1000);
    }

    private static Duration millis(long n) {
        return Duration.ofMillis(n);
    }

    /**
     * The JVM's own metrics that work on all three servers. The GC binder listens for GC
     * notifications through {@code com.sun.management}, which an application server's module
     * system may not give a deployment: if it cannot bind, the chat runs without it and says so.
     */
    private void bindJvm() {
        List<MeterBinder> binders = List.of(new JvmMemoryMetrics(), new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics());
        binders.forEach(binder -> binder.bindTo(registry));
        try {
            JvmGcMetrics gc = new JvmGcMetrics();
            gc.bindTo(registry);
            closeables.add(gc);
        } catch (RuntimeException | LinkageError unavailable) {
            LOG.log(Level.WARNING, "JVM GC metrics unavailable here: {0}", unavailable.toString());
        }
    }

    /**
     * Gauges read at each scrape: connections by transport, rooms and memberships from the hub;
     * unreadable feed entries and (in cluster mode) Redis's availability from the backplane.
     * Micrometer holds a gauge's object weakly: each is given one the application holds anyway,
     * and gauges hold theirs strongly too (a lambda made here would be collected, and its gauge
     * read NaN from then on).
     */
    public void watch(ChatHub hub, Backplane backplane, boolean cluster) {
        for (String transport : TRANSPORTS) {
            Gauge.builder("chat.connections", hub, h -> h.connectionsByTransport().getOrDefault(transport, 0))
                    .tag("transport", transport).description("Connections in the chat now").strongReference(true)
                    .register(registry);
        }
        // Counted here, not through health(): in cluster mode that asks Redis for the online count.
        Gauge.builder("chat.rooms", hub, ChatHub::roomsHeld).description("Rooms this server holds")
                .strongReference(true).register(registry);
        Gauge.builder("chat.memberships", hub, ChatHub::memberships)
                .description("Room memberships on this server (every room's members, summed)").strongReference(true)
                .register(registry);
        FunctionCounter.builder("chat.feed.unreadable.entries", backplane, Backplane::unreadableEntries)
                .description("Cluster mode: feed entries this server could not read and skipped").register(registry);
        if (cluster) {
            Gauge.builder("chat.redis.available", backplane, b -> b.available() ? 1 : 0)
                    .description("Cluster mode: 1 while Redis answers, 0 while it does not").strongReference(true)
                    .register(registry);
        }
    }

    /** The exposition in {@code contentType} (Prometheus text or OpenMetrics; see {@link MetricsServlet}). */
    public String scrape(String contentType) {
        return registry.scrape(contentType);
    }

    // ---------------------------------------------------------------- HubMetrics

    @Override
    public void opened(String transport) {
        Counter counter = opened.get(transport);
        if (counter != null) {
            counter.increment();
        }
    }

    @Override
    public void closed(String transport, CloseKind reason) {
        Map<CloseKind, Counter> byReason = closed.get(transport);
        if (byReason != null) {
            byReason.get(reason).increment();
        }
    }

    @Override
    public void frameIn(String type) {
        Counter counter = framesIn.get(type);
        if (counter != null) {
            counter.increment();
        }
    }

    @Override
    public void errorSent(ErrorCode code) {
        errors.get(code).increment();
    }

    @Override
    public void frameOut(int bytes) {
        framesOut.increment();
        bytesOut.increment(bytes);
    }

    @Override
    public void posted() {
        posted.increment();
    }

    @Override
    public void outboxDepth(int frames) {
        outboxDepth.record(frames);
    }

    @Override
    public void broadcast(long nanos) {
        broadcast.record(nanos, TimeUnit.NANOSECONDS);
    }

    // ---------------------------------------------------------------- ClusterMetrics

    @Override
    public void redisCall(String call, long nanos) {
        Timer timer = redisCalls.get(call);
        if (timer != null) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void feedLag(long millis) {
        feedLag.record(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void outage() {
        outages.increment();
    }

    /** Releases the JVM listeners the binders added, so that an undeployed WAR leaves none behind. */
    @Override
    public void close() {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "closing a metrics binder: {0}", e.toString());
            }
        }
        registry.close();
    }
}
