package org.jakartachat.endpoint;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.function.Consumer;
import org.jakartachat.socketio.EngineRequest;
import org.jakartachat.socketio.EngineSession;
import org.jakartachat.socketio.EngineSessions;

/**
 * {@code ws://HOST:PORT/chat/socket.io/?EIO=4&transport=websocket[&sid=…]}: Engine.IO's WebSocket
 * transport. Without {@code sid} it is a session of its own from the start (a client told to use
 * WebSocket only); with one it is the upgrade of that polling session: the probe
 * ({@code 2probe} answered {@code 3probe}), then the client's {@code 5}, after which every packet
 * of the session goes this way. Each text frame is one packet, assembled from its parts under
 * the same limit as a polling body ({@code CHAT_MAX_FRAME}); a larger one closes with 1009.
 */
@ServerEndpoint(value = "/socket.io/", configurator = HandshakeConfigurator.class)
public class SocketIoEndpoint {
    private static final String PROBE = "2probe";
    private static final String UPGRADE = "5";

    private EngineSession session;
    private Pipe pipe;
    /** True while this WebSocket is the probe of a polling session, until the client's {@code 5}. */
    private boolean probing;
    private FrameAssembler assembler;

    @OnOpen
    public void open(Session ws) {
        EngineSessions sessions = CurrentHub.engineSessions();
        TyrusSessions.noIdleTimeout(ws); // the hub's heartbeat watches the session
        ChatEndpoint.boundTomcatWaits(ws);
        assembler = new FrameAssembler(sessions.maxPayload());
        pipe = new Pipe(ws);
        String address = (String) ws.getUserProperties().remove(HandshakeConfigurator.CLIENT_ADDRESS);
        EngineRequest request;
        try {
            request = EngineRequest.parse(ws.getQueryString());
        } catch (EngineRequest.Refused refused) {
            pipe.close(CloseReason.CloseCodes.PROTOCOL_ERROR.getCode(), refused.getMessage());
            return;
        }
        if (request.sid() != null) {
            EngineSession upgrading = sessions.get(request.sid());
            if (upgrading == null || !upgrading.probe(pipe)) {
                pipe.close(CloseReason.CloseCodes.VIOLATED_POLICY.getCode(), "Session ID unknown");
                return;
            }
            session = upgrading;
            probing = true;
            return;
        }
        Principal login = ws.getUserPrincipal();
        EngineSessions.Opened opened = sessions.open(pipe, address, login == null ? null : login.getName());
        if (opened == null) {
            pipe.close(CloseReason.CloseCodes.VIOLATED_POLICY.getCode(), "too many connections from your address");
            return;
        }
        session = opened.session(); // its open packet is on its way; the socket waits for the client's CONNECT
    }

    @OnMessage
    public void text(String part, boolean last) {
        if (session == null) {
            return;
        }
        String whole;
        try {
            whole = assembler.add(part, last);
        } catch (FrameAssembler.Overrun overrun) {
            session.end("a WebSocket message over the limit");
            pipe.close(overrun.closing().code(), overrun.closing().reason());
            return;
        }
        if (whole == null) {
            return;
        }
        if (probing) {
            if (PROBE.equals(whole)) {
                session.probed(pipe);
            } else if (UPGRADE.equals(whole) && session.upgraded(pipe)) {
                probing = false;
            }
            return; // nothing else belongs on a probe
        }
        session.receive(whole);
    }

    @OnMessage
    public void binary(ByteBuffer part, boolean last) {
        if (session == null) {
            return;
        }
        try {
            assembler.count(part.remaining(), last);
        } catch (FrameAssembler.Overrun overrun) {
            session.end("a WebSocket message over the limit");
            pipe.close(overrun.closing().code(), overrun.closing().reason());
            return;
        }
        if (last && !probing) {
            session.binary();
        }
    }

    @OnClose
    public void closed(CloseReason reason) {
        if (session != null) {
            session.pipeClosed(pipe, "closed " + reason.getCloseCode().getCode());
        }
    }

    @OnError
    public void failed(Throwable error) {
        if (session != null) {
            session.pipeClosed(pipe, "WebSocket error: " + error);
        }
    }

    /** The WebSocket as the session writes to it. */
    private static final class Pipe implements EngineSession.Pipe {
        private final Session ws;
        /** Tyrus (Payara): writes on the sender's thread, and sends as TyrusSessions explains. */
        private final boolean tyrus;

        Pipe(Session ws) {
            this.ws = ws;
            this.tyrus = TyrusSessions.isTyrus(ws);
        }

        @Override
        public void send(String text, Consumer<Throwable> done) {
            try {
                if (tyrus) {
                    TyrusSessions.send(() -> sendText(text, done));
                } else {
                    sendText(text, done);
                }
            } catch (RuntimeException closed) {
                done.accept(closed);
            }
        }

        private void sendText(String text, Consumer<Throwable> done) {
            ws.getAsyncRemote().sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
        }

        @Override
        public void close(int code, String reason) {
            if (!ws.isOpen()) {
                return;
            }
            try {
                ws.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            } catch (IOException | RuntimeException gone) {
                // Already closing.
            }
        }

        @Override
        public boolean writesOnCaller() {
            return tyrus;
        }
    }
}
