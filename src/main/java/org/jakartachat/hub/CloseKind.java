package org.jakartachat.hub;

import java.util.Locale;

/** Why a connection left, in the few kinds an operator counts (a metrics label). */
public enum CloseKind {
    /** The client closed, or its Socket.io session ended, in good order. */
    NORMAL,
    /** The transport failed: a send that failed, a broken or abnormally closed connection. */
    ERROR,
    /** Closed by the server: its outbound queue filled up (1013). */
    TOO_SLOW,
    /** Closed by the server: rate limited again and again (1008). */
    FLOOD,
    /** Closed by the server: a frame over the size limit (1009). */
    TOO_BIG,
    /** Closed by the server: pings went unanswered. */
    HEARTBEAT,
    /** Closed by the server: stopping, undeployed, or restarting (1001, 1012). */
    SHUTDOWN,
    /** Closed by the server for another rule: a message never finished in time. */
    POLICY;

    /** The label value: the name in lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
