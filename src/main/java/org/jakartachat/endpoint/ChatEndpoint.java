package org.jakartachat.endpoint;

import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.security.Principal;
import org.jakartachat.config.QueryString;
import org.jakartachat.hub.ChatHub;
import org.jakartachat.hub.CloseKind;
import org.jakartachat.hub.Closing;
import org.jakartachat.hub.Connection;
import org.jakartachat.protocol.ClientFrame;
import org.jakartachat.protocol.ErrorCode;
import org.jakartachat.protocol.InvalidFrameException;

/**
 * {@code ws://HOST:PORT/chat/ws?name=NICK}: one instance per connection, translating between
 * the WebSocket session and the hub. The protocol is in docs/protocol.adoc.
 */
@ServerEndpoint(value = "/ws", encoders = EncodedFrameEncoder.class, configurator = HandshakeConfigurator.class)
public class ChatEndpoint {
    private static final Logger LOG = System.getLogger(ChatEndpoint.class.getName());

    /**
     * How long Tomcat may block a thread on one blocking send (default 20 s): a close frame, a
     * ping, and the answer to a client's close. That answer waits on one of Tomcat's request
     * threads for the write still in flight to the client, so clients that stop reading and
     * then close could hold every request thread for the whole timeout and stall everyone
     * (AbuseIT shows it). After half a second the client is taken as gone and its socket closed.
     */
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    private static final Long BLOCKING_SEND_MILLIS = 500L; // one boxed value for every session
    /**
     * How long Tomcat waits for the client's answer to a close the server sent before it drops
     * the socket (default 30 s). Until then it goes on reading whatever the client sends: a
     * client closed for flooding that keeps flooding had a core read 1.9 GB of its frames in
     * 30 s. Tomcat looks for sessions past this in a background round, every
     * {@code org.apache.tomcat.websocket.DEFAULT_PROCESS_PERIOD} seconds (10 by default; the
     * run command and server-config/tomcat/setenv.sh set 1), so such a client is dropped 1 to 2 s
     * after the close. AbuseIT measures it on every server.
     */
    private static final String TOMCAT_SESSION_CLOSE_TIMEOUT = "org.apache.tomcat.websocket.SESSION_CLOSE_TIMEOUT";
    private static final Long SESSION_CLOSE_MILLIS = 1_000L;

    private ChatHub hub;
    private Connection connection;
    private ClientFrameDecoder decoder;
    private FrameAssembler assembler;

    @OnOpen
    public void open(Session session) {
        hub = CurrentHub.get();
        decoder = new ClientFrameDecoder(hub.codec());
        assembler = new FrameAssembler(hub.config().maxFrameChars());
        TyrusSessions.noIdleTimeout(session); // liveness is the heartbeat's job
        boundTomcatWaits(session);
        Principal login = session.getUserPrincipal();
        // Taken out of the session's properties: the hub keeps one copy per address, not one per connection.
        String address = (String) session.getUserProperties().remove(HandshakeConfigurator.CLIENT_ADDRESS);
        connection = hub.connect(new SessionTransport(session), queryParameter(session, "name"),
                login == null ? null : login.getName(), queryParameter(session, "token"), address);
    }

    /** Tomcat's waits on a client, bounded as above (other containers ignore these properties). */
    static void boundTomcatWaits(Session session) {
        session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, BLOCKING_SEND_MILLIS);
        session.getUserProperties().put(TOMCAT_SESSION_CLOSE_TIMEOUT, SESSION_CLOSE_MILLIS);
    }

    /** A query parameter ({@code name}, {@code token}), decoded as {@link QueryString} does for every handshake. */
    static String queryParameter(Session session, String parameter) {
        return QueryString.parameter(session.getQueryString(), parameter);
    }

    /**
     * Takes a text message in parts and decodes it here rather than through a declared
     * {@code decoders} entry: a container decodes only whole messages, which it buffers up to
     * its own limit (closing larger ones with 1009 before the chat sees them), so the chat's
     * frame limit and small idle buffers need the parts, and the decoder is then called by hand.
     *
     * <p>Nothing may escape this method: an exception thrown here reaches {@link #failed} and
     * would close the connection with 1011. A client's bad frame is an {@code error} to it; a
     * fault of the server's while handling a frame is an {@code internal} error, logged.
     */
    @OnMessage
    public void text(String part, boolean last) {
        String whole;
        try {
            whole = assembler.add(part, last);
        } catch (FrameAssembler.Overrun overrun) {
            closeFor(overrun);
            return;
        }
        if (whole == null) {
            hub.partial(connection); // a part, or the discarded rest of a frame too large: the client is sending
            return;
        }
        ClientFrame frame = null;
        try {
            try {
                frame = decoder.decode(whole);
            } catch (DecodeException e) {
                hub.refuse(connection, (InvalidFrameException) e.getCause());
                return;
            }
            hub.receive(connection, frame);
        } catch (RuntimeException bug) {
            String what = frame == null ? "frame" : "a " + frame.getClass().getSimpleName();
            LOG.log(Level.ERROR, "failed to handle " + what + " from " + connection, bug);
            try {
                hub.refuse(connection, new InvalidFrameException(ErrorCode.INTERNAL,
                        "the server failed to handle this frame; it has been logged", frame == null ? null : frame.ref()));
            } catch (RuntimeException alsoFailed) {
                LOG.log(Level.ERROR, "could not tell " + connection + " either", alsoFailed);
            }
        }
    }

    /** A message over the size or part limit: the client is sending, and is closed (1009 or 1008). */
    private void closeFor(FrameAssembler.Overrun overrun) {
        hub.alive(connection);
        hub.close(connection, overrun.closing());
    }

    /** Binary frames are not part of the protocol; each gets an error once it is complete. */
    @OnMessage
    public void binary(ByteBuffer part, boolean last) {
        try {
            assembler.count(part.remaining(), last);
        } catch (FrameAssembler.Overrun overrun) {
            closeFor(overrun);
            return;
        }
        if (last) {
            hub.refuse(connection, new InvalidFrameException(ErrorCode.BAD_REQUEST,
                    "binary frames are not supported; send JSON text frames", null));
        } else {
            hub.partial(connection);
        }
    }

    /**
     * A pong: the answer to the heartbeat's ping, or one the client sent unasked. Either way it
     * counts against the frame rate, so a pong flood is limited and closed like any other. (A
     * ping the client sends is answered by the container, which tells the application nothing:
     * see README.adoc, "Security and limits".)
     */
    @OnMessage
    public void pong(PongMessage pong) {
        hub.control(connection);
    }

    @OnClose
    public void closed(CloseReason reason) {
        if (connection != null) {
            String phrase = reason.getReasonPhrase(); // null on Tomcat when the client gave none
            int code = reason.getCloseCode().getCode();
            // 1000 and 1001 are a client leaving; 1005 a close frame without a code; anything
            // else (1006: the connection broke with no close frame at all) is an error.
            hub.disconnect(connection, "closed " + code + (phrase == null || phrase.isEmpty() ? "" : " " + phrase),
                    code == 1000 || code == 1001 || code == 1005 ? CloseKind.NORMAL : CloseKind.ERROR);
        }
    }

    @OnError
    public void failed(Throwable error) {
        if (connection == null) {
            LOG.log(Level.WARNING, "WebSocket error before the connection opened: {0}", error.toString());
            return;
        }
        if (error instanceof java.io.IOException) {
            // A client that vanished mid-write is routine on the open internet: one line.
            LOG.log(Level.INFO, "WebSocket error on {0}: {1}", connection, error.toString());
        } else {
            LOG.log(Level.WARNING, "WebSocket error on " + connection, error);
        }
        hub.close(connection, Closing.ERROR);
    }
}
