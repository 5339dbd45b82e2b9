package org.jakartachat.hub;

/** Why the server closes a connection: a WebSocket close code, its reason text, and its kind for metrics. */
public record Closing(int code, String reason, CloseKind kind) {
    /** 1001: the server is stopping or the application is undeployed. */
    public static final Closing SHUTDOWN = new Closing(1001, "server shutting down", CloseKind.SHUTDOWN);
    /**
     * 1012 (service restart): this instance of a cluster is stopping or the application is
     * undeployed; the others go on, so a client should reconnect at once, without a backoff.
     */
    public static final Closing RESTART = new Closing(1012, "service restart", CloseKind.SHUTDOWN);
    /** 1001: the client did not answer a ping before the next one was due. */
    public static final Closing HEARTBEAT = new Closing(1001, "heartbeat timeout", CloseKind.HEARTBEAT);
    /** 1008: the client kept sending after being rate limited. */
    public static final Closing FLOODING = new Closing(1008, "rate limit exceeded repeatedly", CloseKind.FLOOD);
    /** 1008: the client's address has as many connections open as one address may. */
    public static final Closing TOO_MANY_CONNECTIONS = new Closing(1008, "too many connections from your address",
            CloseKind.POLICY);
    /** 1008: a message that did not finish within a heartbeat interval of its first part. */
    public static final Closing UNFINISHED = new Closing(1008, "message not finished in time", CloseKind.POLICY);
    /** 1008: a message in more parts than one may have. */
    public static final Closing TOO_MANY_PARTS = new Closing(1008, "message in too many parts", CloseKind.TOO_BIG);
    /** 1013: the client did not read fast enough and its outbound queue filled up. */
    public static final Closing TOO_SLOW = new Closing(1013, "too slow to keep up", CloseKind.TOO_SLOW);
    /** 1011: the transport reported an error (a failed send, a broken connection). */
    public static final Closing ERROR = new Closing(1011, "connection error", CloseKind.ERROR);

    /** 1009: a frame over the configured size. */
    public static Closing tooBig(int limit) {
        return new Closing(1009, "frame larger than " + limit + " characters", CloseKind.TOO_BIG);
    }
}
