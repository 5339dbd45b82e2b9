package org.jakartachat.protocol;

/**
 * A client frame that cannot be accepted as it is. Carries what the client is told: the
 * error code, a human readable message, and the frame's own {@code ref} when it had one.
 */
public final class InvalidFrameException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String ref;

    public InvalidFrameException(ErrorCode code, String message, String ref) {
        // No stack trace: this is an expected answer to client input, not a fault.
        super(message, null, false, false);
        this.code = code;
        this.ref = ref;
    }

    /** Cluster mode's refusal when the shared store is away and nothing was tried, so nothing was done. */
    public static InvalidFrameException unavailable(String ref) {
        return new InvalidFrameException(ErrorCode.UNAVAILABLE,
                "the chat cannot reach its shared store right now; nothing was done, try again shortly", ref);
    }

    /** The same refusal about a frame that carried {@code frameRef}. */
    public InvalidFrameException withRef(String frameRef) {
        return new InvalidFrameException(code, getMessage(), frameRef);
    }

    public ErrorCode code() {
        return code;
    }

    public String ref() {
        return ref;
    }

    public ServerFrame.Error toFrame() {
        return new ServerFrame.Error(code.wire(), getMessage(), ref);
    }
}
