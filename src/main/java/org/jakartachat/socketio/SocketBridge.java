package org.jakartachat.socketio;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;
import org.jakartachat.hub.ChatHub;
import org.jakartachat.hub.Closing;
import org.jakartachat.hub.Connection;
import org.jakartachat.hub.Transport;
import org.jakartachat.protocol.ClientFrame;
import org.jakartachat.protocol.EncodedFrame;
import org.jakartachat.protocol.ErrorCode;
import org.jakartachat.protocol.InvalidFrameException;

/**
 * One Socket.IO socket in the main namespace, on one Engine.IO session, as a hub connection
 * like any other: the hub's {@link Transport} for it, and the session's {@link EngineSession.Peer}.
 *
 * <p>In: a {@code CONNECT} (its auth object may hold {@code name} and {@code token}, as a native
 * client's query does) makes the hub connection; each {@code EVENT} becomes the native frame of
 * that name (see {@link EventMapping}) and goes through the chat's own codec and the hub, rate
 * limits included; pongs and other Engine.IO packets count as control frames. Out: each frame
 * becomes an event, or the ACK of the event it answers (see {@link PendingAcks}).
 *
 * <p>Concurrency: the session calls {@link #packet} for one packet at a time per transport
 * (a POST's packets in order; a WebSocket's frames in order), and the hub calls {@link #send}
 * one at a time. The ack book is shared by both sides and guarded by this object's monitor,
 * held only around the book.
 */
public final class SocketBridge implements Transport, EngineSession.Peer {
    private static final Logger LOG = System.getLogger(SocketBridge.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final String MESSAGE = String.valueOf(EnginePacket.Type.MESSAGE.code());

    private final ChatHub hub;
    private final EngineSession session;
    private final String socketId;
    private final String login;
    private final String address;
    private final PendingAcks acks;
    /** Set once by the CONNECT, on the packet-handling side; read by the hub's side after. */
    private volatile Connection connection;
    /** The session ended (guarded by this monitor with {@link #connection}, so that a CONNECT racing the end is let go). */
    private boolean ended;
    /** A CONNECT was taken (guarded by this monitor): a second one is refused. */
    private boolean connecting;
    /** Frames this bridge queued through the hub itself (acknowledgements), known by identity. */
    private final java.util.Set<EncodedFrame> ownFrames = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    SocketBridge(ChatHub hub, EngineSession session, String socketId, String login, String address) {
        this.hub = hub;
        this.session = session;
        this.socketId = socketId;
        this.login = login;
        this.address = address;
        this.acks = new PendingAcks(socketId);
    }

    /** Whether the client has connected its socket (sent its CONNECT). */
    boolean connected() {
        return connection != null;
    }

    // ---------------------------------------------------------------- from the client

    /**
     * One packet from the client. Nothing may escape: a fault of the server's while handling it
     * is logged and becomes an {@code internal} error to this client, as on the native endpoint,
     * and the rest of a POST's packets are still handled.
     */
    @Override
    public void packet(EnginePacket packet) {
        try {
            handle(packet);
        } catch (RuntimeException bug) {
            LOG.log(Level.ERROR, "failed to handle a Socket.io packet from " + session, bug);
            refuse(new InvalidFrameException(ErrorCode.INTERNAL,
                    "the server failed to handle this packet; it has been logged", null));
        }
    }

    private void handle(EnginePacket packet) {
        switch (packet.type()) {
            case MESSAGE -> socketPacket(packet.data());
            case PONG -> control();
            case PING -> { // an Engine.IO v3 habit; v4 clients only answer the server's pings. Its data is not echoed.
                control();
                session.push(String.valueOf(EnginePacket.Type.PONG.code()));
            }
            case CLOSE -> session.end("the client closed the Engine.IO session");
            case NOOP -> control();
            case OPEN, UPGRADE -> refuse(new InvalidFrameException(ErrorCode.BAD_REQUEST,
                    "Engine.IO packet type " + packet.type() + " is not one a client sends here", null));
        }
    }

    /** A binary packet (a Socket.IO attachment): the event it belonged to was refused already. */
    @Override
    public void binary() {
        control();
    }

    @Override
    public void malformed(String why) {
        refuse(new InvalidFrameException(ErrorCode.BAD_REQUEST, "not an Engine.IO packet: " + why, null));
    }

    private void control() {
        Connection c = connection;
        if (c != null) {
            hub.control(c);
        }
    }

    private void socketPacket(String text) {
        SocketPacket packet;
        try {
            packet = SocketCodec.decode(text);
        } catch (MalformedPacket malformed) {
            refuse(new InvalidFrameException(ErrorCode.BAD_REQUEST, malformed.getMessage(), null));
            return;
        }
        if (!SocketPacket.MAIN.equals(packet.namespace())) {
            // The chat is one namespace: the client's socket for another gets CONNECT_ERROR, whatever it sent.
            control();
            session.push(MESSAGE + SocketCodec.encode(new SocketPacket(SocketPacket.Type.CONNECT_ERROR,
                    packet.namespace(), null, 0, "{\"message\":\"Invalid namespace\"}")));
            return;
        }
        switch (packet.type()) {
            case CONNECT -> connect(packet.payload());
            case DISCONNECT -> session.end("the client disconnected its socket");
            case EVENT, BINARY_EVENT -> event(packet);
            case ACK, BINARY_ACK, CONNECT_ERROR -> refuse(new InvalidFrameException(ErrorCode.BAD_REQUEST,
                    "the server asks for no acknowledgements, and takes no " + packet.type(), null));
        }
    }

    /**
     * The client's CONNECT to the main namespace: the answer, then the hub connection, whose
     * welcome follows the answer through the same queue. If the session ended meanwhile (its
     * CONNECT time ran out, a rule broken on another request), the new connection is let go at once.
     */
    private void connect(String auth) {
        synchronized (this) {
            // A CONNECT on a POST and another on the WebSocket of the upgrade: one connection only.
            if (connecting) {
                refuse(new InvalidFrameException(ErrorCode.BAD_REQUEST, "this socket is connected already", null));
                return;
            }
            connecting = true;
        }
        String name;
        String token;
        try {
            JsonObject fields = auth == null ? JsonValue.EMPTY_JSON_OBJECT
                    : JSON.createReader(new StringReader(auth)).readObject();
            name = optionalString(fields, "name");
            token = optionalString(fields, "token");
        } catch (JsonException | IllegalStateException | ClassCastException badAuth) {
            connectError("the CONNECT payload must be an object whose name and token are strings");
            return;
        }
        session.push(MESSAGE + SocketCodec.encode(SocketPacket.of(SocketPacket.Type.CONNECT,
                "{\"sid\":\"" + socketId + "\"}")));
        Connection made;
        try {
            made = hub.connect(this, name, login, token, address);
        } catch (RuntimeException failed) {
            LOG.log(Level.ERROR, "could not connect " + session + " to the chat", failed);
            session.close(Closing.ERROR.code(), Closing.ERROR.reason()); // the client reconnects
            return;
        }
        boolean endedMeanwhile;
        synchronized (this) {
            connection = made;
            endedMeanwhile = ended;
        }
        if (endedMeanwhile) {
            hub.disconnect(made, "its Engine.IO session ended while it connected");
        }
    }

    private static String optionalString(JsonObject fields, String key) {
        JsonValue value = fields.get(key);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonString string)) {
            throw new ClassCastException(key);
        }
        return string.getString();
    }

    private void connectError(String message) {
        session.push(MESSAGE + SocketCodec.encode(SocketPacket.of(SocketPacket.Type.CONNECT_ERROR,
                JSON.createObjectBuilder().add("message", message).build().toString())));
    }

    /** An event: the native frame it names, through the chat's codec and the hub. */
    private void event(SocketPacket packet) {
        Connection c = connection;
        if (c == null) {
            connectError("send CONNECT before any event");
            return;
        }
        ClientFrame frame = null;
        InvalidFrameException problem = null;
        try {
            frame = hub.codec().decode(EventMapping.inbound(packet).frame());
        } catch (InvalidFrameException refused) {
            problem = refused;
        }
        Long ack = packet.ack();
        String ref = null;
        if (ack != null) {
            ref = frame != null ? frame.ref() : problem.ref();
            if (ref == null) {
                ref = acks.madeRef(ack);
                if (frame != null) {
                    frame = frame.withRef(ref);
                } else {
                    problem = problem.withRef(ref);
                }
            }
            synchronized (this) {
                acks.expect(ref, ack);
            }
        }
        if (problem != null) {
            hub.refuse(c, problem);
            return;
        }
        boolean handled = hub.receive(c, frame);
        if (handled && ack != null && !answered(frame)) {
            // leave and typing have no answer of their own: the ack says it was done, with no argument,
            // in its place among the frames the hub has queued for this connection.
            EncodedFrame done = new EncodedFrame(MESSAGE + SocketCodec.encode(new SocketPacket(SocketPacket.Type.ACK,
                    SocketPacket.MAIN, ack, 0, "[]")));
            synchronized (this) {
                acks.forget(ref);
                ownFrames.add(done);
            }
            hub.enqueue(c, done);
        }
    }

    /** Whether the hub answers this frame with one of its own (which then carries the ack). */
    private static boolean answered(ClientFrame frame) {
        return !(frame instanceof ClientFrame.Leave || frame instanceof ClientFrame.Typing);
    }

    /** A packet that is not one the chat takes: the sender's error, once it is connected. */
    private void refuse(InvalidFrameException problem) {
        Connection c = connection;
        if (c != null) {
            hub.refuse(c, problem);
        } else {
            connectError(problem.getMessage());
        }
    }

    // ---------------------------------------------------------------- the session's end

    @Override
    public void ended(String why) {
        Connection c;
        synchronized (this) {
            ended = true;
            c = connection;
        }
        if (c != null) {
            hub.disconnect(c, why);
        }
    }

    // ---------------------------------------------------------------- Transport, for the hub

    @Override
    public void send(EncodedFrame frame, Consumer<Throwable> done) {
        String json = frame.json();
        Long ack = null;
        synchronized (this) {
            if (ownFrames.remove(frame)) {
                session.offer(json, done); // an acknowledgement of this bridge's own, already a packet
                return;
            }
            PendingAcks.Answer answer = acks.match(json);
            if (answer != null) {
                ack = answer.ack();
                json = answer.frame();
            }
        }
        String packet;
        if (ack == null && json == frame.json()) {
            // A frame as it is, to be an event: the same for every socket it is sent to.
            CachedEvent last = lastEvent;
            if (last != null && last.frame() == frame) {
                packet = last.packet();
            } else {
                packet = MESSAGE + SocketCodec.encode(EventMapping.outbound(json, null));
                lastEvent = new CachedEvent(frame, packet);
            }
        } else {
            packet = MESSAGE + SocketCodec.encode(EventMapping.outbound(json, ack));
        }
        session.offer(packet, done);
    }

    /**
     * The event made last from a frame, shared by every socket. A broadcast hands one frame
     * instance to each member in turn, and the writers mostly start one after the other on the
     * broadcasting thread, so a room's members mostly get the event text made once, as native
     * members get the frame's text encoded once. A miss only makes the text again.
     */
    private record CachedEvent(EncodedFrame frame, String packet) {
    }

    private static volatile CachedEvent lastEvent;

    /** Engine.IO's ping; its pong comes back as a control frame. */
    @Override
    public void ping(Consumer<Throwable> done) {
        session.push(String.valueOf(EnginePacket.Type.PING.code()));
        done.accept(null);
    }

    /**
     * The hub closes the connection. For a refusal of the client's conduct (1008, 1009) the
     * socket is first disconnected ({@code 41}), which a Socket.IO client does not retry; for the
     * rest (shutdown, heartbeat, too slow, errors) only the Engine.IO session ends, and the
     * client reconnects as it would after a network failure.
     */
    @Override
    public void close(Closing closing) {
        if (closing.code() == 1008 || closing.code() == 1009) {
            session.push(MESSAGE + SocketCodec.encode(SocketPacket.of(SocketPacket.Type.DISCONNECT, null)));
        }
        session.close(closing.code(), closing.reason());
    }

    @Override
    public String describe() {
        return session + " " + session.mode().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public boolean writesOnCaller() {
        return session.writesOnCaller();
    }

    /** What {@link #kind} said last, for a session already closed: the transport it ended on. */
    private volatile String lastKind = "socketio-polling";

    /** {@code socketio-polling} until the session upgrades, then {@code socketio-websocket}. */
    @Override
    public String kind() {
        EngineSession.Mode mode = session.mode();
        if (mode != EngineSession.Mode.CLOSED) {
            lastKind = mode == EngineSession.Mode.WEBSOCKET ? "socketio-websocket" : "socketio-polling";
        }
        return lastKind;
    }
}
