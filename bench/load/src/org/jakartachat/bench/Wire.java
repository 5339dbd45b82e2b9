package org.jakartachat.bench;

/**
 * What the load tool needs to know about one server's protocol. The scenarios speak only
 * this, so the WAR and the Socket.io peer get the same load.
 */
interface Wire {

    /** The server's name in results. */
    String name();

    /** The WebSocket URL of one connection. */
    String url(String base, String user);

    /** Sent right after the socket opens, or null. */
    String hello();

    /** True for the frame that says the connection is ready to use. */
    boolean isReady(String frame);

    /** A join for this room, or null where joining needs no frame. */
    String join(String room, int ack);

    /** True for the answer to {@link #join}. */
    boolean isJoinAnswer(String frame);

    /** True for a frame that refuses what the client asked. */
    boolean isError(String frame);

    /** A chat message; {@code room} null means "the everyone room" of the fan-out scenario. */
    String post(String room, String text);

    /** The text of a delivered chat message, or null if the frame is something else. */
    String chatText(String frame);

    /** A frame to answer this one with (engine.io's ping), or null. */
    String reply(String frame);

    /** A request the server answers at once: our ping, an acknowledged Socket.io event. */
    String echo(int ref);

    /** The ref of an echo answer, or -1. */
    int echoed(String frame);

    /** The room every member of the fan-out scenario joins. */
    String everyone();
}
