package org.jakartachat.socketio;

import org.jakartachat.config.QueryString;

/**
 * What an Engine.IO request asks for, from its query string: the protocol version
 * ({@code EIO}), the transport, and the session ({@code sid}, absent for a handshake). Each
 * answer a request can be refused with is an {@link Refusal}: Engine.IO's {@code {code, message}}
 * body with HTTP 400 (or 403).
 */
public record EngineRequest(String transport, String sid) {
    public static final String POLLING = "polling";
    public static final String WEBSOCKET = "websocket";

    /** Engine.IO's error codes, as its own server sends them. */
    public enum Refusal {
        UNKNOWN_TRANSPORT(0, "Transport unknown", 400),
        UNKNOWN_SID(1, "Session ID unknown", 400),
        BAD_HANDSHAKE_METHOD(2, "Bad handshake method", 400),
        BAD_REQUEST(3, "Bad request", 400),
        FORBIDDEN(4, "Forbidden", 403),
        UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version", 400);

        private final int code;
        private final String message;
        private final int status;

        Refusal(int code, String message, int status) {
            this.code = code;
            this.message = message;
            this.status = status;
        }

        public int status() {
            return status;
        }

        /** The JSON body: {@code {"code":1,"message":"Session ID unknown"}}. */
        public String body() {
            return "{\"code\":" + code + ",\"message\":\"" + message + "\"}";
        }
    }

    /** A request that cannot be served, and why. */
    public static final class Refused extends Exception {
        private final Refusal refusal;

        public Refused(Refusal refusal) {
            super(refusal.message, null, false, false);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    /** Reads the query string; refuses any protocol version but 4 and any transport but the two. */
    public static EngineRequest parse(String query) throws Refused {
        String version = QueryString.parameter(query, "EIO");
        if (!"4".equals(version)) {
            throw new Refused(Refusal.UNSUPPORTED_PROTOCOL_VERSION);
        }
        String transport = QueryString.parameter(query, "transport");
        if (!POLLING.equals(transport) && !WEBSOCKET.equals(transport)) {
            throw new Refused(Refusal.UNKNOWN_TRANSPORT);
        }
        return new EngineRequest(transport, QueryString.parameter(query, "sid"));
    }
}
