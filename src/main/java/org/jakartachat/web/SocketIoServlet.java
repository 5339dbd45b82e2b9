package org.jakartachat.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jakartachat.socketio.EngineCodec;
import org.jakartachat.socketio.EngineRequest;
import org.jakartachat.socketio.EngineRequest.Refusal;
import org.jakartachat.socketio.EngineSession;
import org.jakartachat.socketio.EngineSessions;
import org.jakartachat.socketio.MalformedPacket;

/**
 * {@code /chat/socket.io/}: Engine.IO's HTTP long-polling transport (the WebSocket one is
 * endpoint/SocketIoEndpoint, at the same path), and the Socket.IO client script at
 * {@code /chat/socket.io/socket.io.js}. A GET without {@code sid} is the handshake; with it, a
 * poll that waits (asynchronously, holding no thread) until there are packets; a POST carries
 * the client's packets. The handshake filter has checked the origin of every request here.
 *
 * <p>Refusals are Engine.IO's: 400 with a {@code {code, message}} body for an unknown session,
 * a bad protocol version or transport; 400 and the session closed for a second GET or POST in
 * flight; 413 for a body over {@code CHAT_MAX_FRAME}.
 */
@WebServlet(urlPatterns = "/socket.io/*", asyncSupported = true)
public class SocketIoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** Where the build puts the client script of the npm package socket.io-client (see pom.xml). */
    static final String SCRIPT_RESOURCE = "/META-INF/socket.io-client/socket.io.min.js";
    static final String SCRIPT_PATH = "/socket.io.js";
    /** A polling body may hold this many packets; each still counts against the frame rate. */
    private static final int MAX_PACKETS_PER_POST = 64;
    private static final int PAYLOAD_TOO_LARGE = 413;
    private static final int TOO_MANY_REQUESTS = 429;

    private transient byte[] script;

    @Override
    public void init() throws ServletException {
        try (InputStream in = SocketIoServlet.class.getResourceAsStream(SCRIPT_RESOURCE)) {
            script = in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new ServletException("cannot read " + SCRIPT_RESOURCE, e);
        }
    }

    private EngineSessions sessions() {
        return (EngineSessions) getServletContext().getAttribute(ChatBootstrap.ENGINE_SESSIONS);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (SCRIPT_PATH.equals(request.getPathInfo())) {
            serveScript(response);
            return;
        }
        EngineRequest engine = engineRequest(request, response);
        if (engine == null) {
            return;
        }
        if (!EngineRequest.POLLING.equals(engine.transport())) {
            refuse(response, Refusal.BAD_REQUEST); // a WebSocket request that is not an upgrade
            return;
        }
        EngineSessions sessions = sessions();
        if (engine.sid() == null) {
            EngineSessions.Opened opened = sessions.open(null, address(request), login(request));
            if (opened == null) {
                response.setHeader("Retry-After", "10");
                text(response, TOO_MANY_REQUESTS, "text/plain", "too many connections from your address\n");
                return;
            }
            text(response, HttpServletResponse.SC_OK, "text/plain", opened.openPacket());
            return;
        }
        EngineSession session = sessions.get(engine.sid());
        if (session == null) {
            refuse(response, Refusal.UNKNOWN_SID);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(sessions.pollTimeoutMillis());
        AsyncPoll poll = new AsyncPoll(async);
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) {
                // Answered here, on the container's thread, before the listener returns: with what the
                // session was about to send if it had taken this GET, else a NOOP, and the client polls again.
                if (session.forget(poll)) {
                    poll.finishNow("6");
                } else {
                    poll.finishChosen(); // the session took it to answer: that answer, not a NOOP
                }
            }

            @Override
            public void onError(AsyncEvent event) {
                session.forget(poll);
                poll.abandon();
            }

            @Override
            public void onComplete(AsyncEvent event) {
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        switch (session.poll(poll)) {
            case ANSWERED, PARKED -> { }
            case UPGRADED -> poll.refuse(Refusal.BAD_REQUEST);
            case CLOSED -> poll.refuse(Refusal.UNKNOWN_SID);
            case SECOND_GET -> {
                poll.refuse(Refusal.BAD_REQUEST);
                session.end("a second GET while one was in flight");
            }
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        EngineRequest engine = engineRequest(request, response);
        if (engine == null) {
            return;
        }
        if (engine.sid() == null) {
            refuse(response, Refusal.BAD_HANDSHAKE_METHOD);
            return;
        }
        if (!EngineRequest.POLLING.equals(engine.transport())) {
            refuse(response, Refusal.BAD_REQUEST);
            return;
        }
        EngineSessions sessions = sessions();
        EngineSession session = sessions.get(engine.sid());
        if (session == null) {
            refuse(response, Refusal.UNKNOWN_SID);
            return;
        }
        if (!session.polling()) {
            refuse(response, Refusal.BAD_REQUEST); // upgraded: packets come over the WebSocket now
            return;
        }
        if (!session.beginPost()) {
            refuse(response, Refusal.BAD_REQUEST);
            session.end("a second POST while one was in flight");
            return;
        }
        try {
            String body = readBody(request, sessions.maxPayload());
            if (body == null) {
                // The client is told, and its session stays: it may send the same packets in smaller bodies.
                text(response, PAYLOAD_TOO_LARGE, "text/plain", "a body holds at most " + sessions.maxPayload()
                        + " characters (Engine.IO maxPayload)\n");
                return;
            }
            for (String packet : EngineCodec.splitPayload(body, MAX_PACKETS_PER_POST)) {
                session.receive(packet);
            }
            text(response, HttpServletResponse.SC_OK, "text/html", "ok");
        } catch (CharacterCodingException notUtf8) {
            refuse(response, Refusal.BAD_REQUEST);
        } catch (MalformedPacket tooMany) {
            refuse(response, Refusal.BAD_REQUEST);
        } finally {
            session.endPost();
        }
    }

    /** The request's Engine.IO parameters, or null once it has been refused. */
    private static EngineRequest engineRequest(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String path = request.getPathInfo();
        if (path != null && !path.equals("/")) {
            text(response, HttpServletResponse.SC_NOT_FOUND, "text/plain", "not found\n");
            return null;
        }
        try {
            return EngineRequest.parse(request.getQueryString());
        } catch (EngineRequest.Refused refused) {
            refuse(response, refused.refusal());
            return null;
        }
    }

    /**
     * The body as text, or null when it is longer than {@code maxChars} characters. Read in full
     * only up to that: a declared or actual length past what that many characters can take in
     * UTF-8 is refused without reading on.
     */
    private static String readBody(HttpServletRequest request, int maxChars) throws IOException {
        long maxBytes = 4L * maxChars;
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 256), 65_536));
        byte[] buffer = new byte[8192];
        try (InputStream in = request.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (bytes.size() + n > maxBytes) {
                    return null;
                }
                bytes.write(buffer, 0, n);
            }
        }
        String body = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        return body.length() > maxChars ? null : body;
    }

    private void serveScript(HttpServletResponse response) throws IOException {
        if (script == null) {
            text(response, HttpServletResponse.SC_NOT_FOUND, "text/plain", "the client script is not in this build\n");
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/javascript;charset=UTF-8");
        response.setHeader("Cache-Control", "public, max-age=3600");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(script.length);
        response.getOutputStream().write(script);
    }

    private static String address(HttpServletRequest request) {
        return (String) request.getAttribute(HandshakeFilter.CLIENT_ADDRESS);
    }

    private static String login(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        return principal == null ? null : principal.getName();
    }

    static void refuse(HttpServletResponse response, Refusal refusal) throws IOException {
        text(response, refusal.status(), "application/json", refusal.body());
    }

    private static void text(HttpServletResponse response, int status, String type, String body) throws IOException {
        response.setStatus(status);
        response.setContentType(type);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * A parked GET. Answered once, from whichever thread has the packets (a hub writer, the
     * heartbeat); the write itself runs on the container's threads, so a client slow to take it
     * holds none of the chat's. The container's own callbacks (the time limit) must finish the
     * request before they return, so they write on their thread, the answer already chosen if
     * the session had taken this GET to answer it, else a NOOP.
     */
    private static final class AsyncPoll implements EngineSession.Poll {
        private final AsyncContext async;
        private final AtomicBoolean chosen = new AtomicBoolean();
        private final AtomicBoolean finished = new AtomicBoolean();
        private final CountDownLatch answerSet = new CountDownLatch(1);
        private final CountDownLatch written = new CountDownLatch(1);
        private volatile int status;
        private volatile String type;
        private volatile String body;

        AsyncPoll(AsyncContext async) {
            this.async = async;
        }

        @Override
        public void answer(String packets) {
            respond(HttpServletResponse.SC_OK, "text/plain", packets);
        }

        void refuse(Refusal refusal) {
            respond(refusal.status(), "application/json", refusal.body());
        }

        private boolean choose(int status, String type, String body) {
            if (!chosen.compareAndSet(false, true)) {
                return false;
            }
            this.status = status;
            this.type = type;
            this.body = body;
            answerSet.countDown();
            return true;
        }

        private void respond(int status, String type, String body) {
            if (!choose(status, type, body)) {
                return;
            }
            try {
                async.start(this::finish);
            } catch (RuntimeException notStarted) {
                finish();
            }
        }

        /** On the container's callback thread: the chosen answer, or {@code fallback} if none was. */
        void finishNow(String fallback) {
            if (!choose(HttpServletResponse.SC_OK, "text/plain", fallback)) {
                finishChosen();
                return;
            }
            finish();
            awaitWritten();
        }

        /**
         * On the container's callback thread, for a GET the session has taken: waits the moment it
         * takes to choose its answer, writes it here if no other thread has begun to, and returns
         * once it is written, so the container does not end the request under a writer.
         */
        void finishChosen() {
            try {
                answerSet.await(1, TimeUnit.SECONDS); // chosen between two statements of the session's
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            finish();
            awaitWritten();
        }

        private void awaitWritten() {
            try {
                written.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private void finish() {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            try {
                if (body != null) {
                    text((HttpServletResponse) async.getResponse(), status, type, body);
                }
            } catch (IOException | RuntimeException gone) {
                // The client went away: the heartbeat notices a session whose polls stop.
            } finally {
                complete();
                written.countDown();
            }
        }

        /** The request broke: nothing is written to it. */
        void abandon() {
            chosen.set(true);
            answerSet.countDown();
            if (finished.compareAndSet(false, true)) {
                complete();
                written.countDown();
            }
        }

        private void complete() {
            try {
                async.complete();
            } catch (RuntimeException alreadyDone) {
                // Completed by the container after an error or a timeout.
            }
        }
    }
}
