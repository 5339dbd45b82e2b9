package org.jakartachat.testing;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.engineio.client.Transport;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;

/**
 * The official Socket.io Java client ({@code io.socket:socket.io-client}) as a test driver: it
 * connects to the WAR at {@code /chat/socket.io/} with the transports asked for, and records
 * every event the server emits, as JSON-P objects with their event name in {@code "type"}, so
 * the tests read them like native frames.
 */
public final class SioClient implements AutoCloseable {
    /** The transport modes a Socket.io client can be told to use. */
    public enum Mode {
        POLLING(new String[] {"polling"}), WEBSOCKET(new String[] {"websocket"}), DEFAULT(new String[] {"polling", "websocket"});

        final String[] transports;

        Mode(String[] transports) {
            this.transports = transports;
        }
    }

    private static final Duration WAIT = WsClient.WAIT;
    private static final List<String> EVENTS = List.of("welcome", "joined", "presence", "presence_diff", "message",
            "renamed", "typing", "pong", "error", "direct", "directs", "blocks");

    private final Socket socket;
    private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    private final List<String> transports = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> disconnected = new CompletableFuture<>();

    private SioClient(Socket socket) {
        this.socket = socket;
    }

    /** Connects with {@code auth} (name, token: either may be absent) and waits for the welcome event. */
    public static SioClient connect(Mode mode, Map<String, String> auth) throws Exception {
        return connect(Deployed.base(), mode, auth, null);
    }

    /**
     * Connects to the chat at {@code base} ({@code http://HOST:PORT/chat}); from the local address
     * {@code from} when it is not null (a load balancer sticky by client address tells clients apart by it).
     */
    public static SioClient connect(URI base, Mode mode, Map<String, String> auth, InetAddress from) throws Exception {
        IO.Options options = IO.Options.builder()
                .setPath(base.getPath() + "/socket.io/")
                .setTransports(mode.transports)
                .setReconnection(false)
                .setForceNew(true)
                .setAuth(auth)
                .build();
        if (from != null) {
            OkHttpClient http = new OkHttpClient.Builder().socketFactory(new BoundSocketFactory(from))
                    .readTimeout(1, TimeUnit.MINUTES).build();
            options.callFactory = http;
            options.webSocketFactory = http;
        }
        SioClient client = new SioClient(IO.socket(URI.create(base.getScheme() + "://" + base.getAuthority()), options));
        client.socket.io().on(Manager.EVENT_TRANSPORT, args -> client.transports.add(((Transport) args[0]).name));
        for (String event : EVENTS) {
            client.socket.on(event, args -> client.events.add(event(event, args)));
        }
        CompletableFuture<Object> connected = new CompletableFuture<>();
        client.socket.on(Socket.EVENT_CONNECT, args -> connected.complete("connected"));
        client.socket.on(Socket.EVENT_CONNECT_ERROR, args -> connected.completeExceptionally(
                new IllegalStateException("connect_error: " + List.of(args))));
        client.socket.on(Socket.EVENT_DISCONNECT, args -> client.disconnected.complete(args.length > 0 ? String.valueOf(args[0]) : ""));
        client.socket.connect();
        connected.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return client;
    }

    /** Sockets bound to one local address. */
    private static final class BoundSocketFactory extends SocketFactory {
        private final InetAddress local;

        BoundSocketFactory(InetAddress local) {
            this.local = local;
        }

        @Override
        public java.net.Socket createSocket() throws IOException {
            java.net.Socket socket = new java.net.Socket();
            socket.bind(new InetSocketAddress(local, 0));
            return socket;
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws IOException {
            return new java.net.Socket(host, port, local, 0);
        }

        @Override
        public java.net.Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return new java.net.Socket(host, port, localHost, localPort);
        }

        @Override
        public java.net.Socket createSocket(InetAddress host, int port) throws IOException {
            return new java.net.Socket(host, port, local, 0);
        }

        @Override
        public java.net.Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return new java.net.Socket(address, port, localAddress, localPort);
        }
    }

    private static JsonObject event(String name, Object[] args) {
        String fields = args.length > 0 && args[0] != null ? args[0].toString() : "{}";
        JsonObject object = Json.createReader(new StringReader(fields)).readObject();
        return Json.createObjectBuilder(object).add("type", name).build();
    }

    /** An event's argument of string fields: {@code fields("room", "lobby", "text", "hi")}. */
    public static JsonObject fields(String... keyValues) {
        var builder = Json.createObjectBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            builder.add(keyValues[i], keyValues[i + 1]);
        }
        return builder.build();
    }

    /** Emits an event with one argument (null: none). */
    public void emit(String event, JsonObject argument) {
        if (argument == null) {
            socket.emit(event);
        } else {
            socket.emit(event, new JSONObject(argument.toString()));
        }
    }

    /** Emits an event asking for an acknowledgement, and waits for it: its arguments as JSON text. */
    public List<String> emitWithAck(String event, JsonObject argument) throws Exception {
        CompletableFuture<List<String>> answer = new CompletableFuture<>();
        Ack ack = args -> answer.complete(java.util.Arrays.stream(args).map(String::valueOf).toList());
        if (argument == null) {
            socket.emit(event, new Object[0], ack);
        } else {
            socket.emit(event, new Object[] {new JSONObject(argument.toString())}, ack);
        }
        return answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The one argument of an acknowledgement, as a JSON object. */
    public static JsonObject only(List<String> ackArguments) {
        if (ackArguments.size() != 1) {
            throw new AssertionError("expected one argument, got " + ackArguments);
        }
        return Json.createReader(new StringReader(ackArguments.get(0))).readObject();
    }

    /** The next event, whatever it is. */
    public JsonObject next() throws InterruptedException {
        JsonObject event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no event within " + WAIT);
        }
        return event;
    }

    /** The next event, which must be {@code type}. */
    public JsonObject next(String type) throws InterruptedException {
        JsonObject event = next();
        if (!type.equals(event.getString("type"))) {
            throw new AssertionError("expected " + type + ", got " + event);
        }
        return event;
    }

    /** The next event of {@code type}, skipping others. */
    public JsonObject nextOfType(String type) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            JsonObject event = events.poll(Math.max(1, (end - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (event != null && type.equals(event.getString("type"))) {
                return event;
            }
        }
        throw new AssertionError("no " + type + " event within " + WAIT);
    }

    /** An event if one comes within {@code wait}, else null. */
    public JsonObject poll(Duration wait) throws InterruptedException {
        return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The transports the client has used, in order ("polling", then "websocket" after an upgrade). */
    public List<String> transports() {
        return List.copyOf(transports);
    }

    /** Waits for the server to disconnect the socket; returns the client's reason. */
    public String awaitDisconnect() throws Exception {
        return disconnected.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    public String id() {
        return socket.id();
    }

    @Override
    public void close() {
        socket.disconnect();
        socket.io().off();
        socket.off();
    }
}
