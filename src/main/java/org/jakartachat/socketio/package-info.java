/**
 * The Socket.io world's wire, for its client libraries and its HTTP long-polling fallback:
 * Engine.IO protocol v4 packets ({@link org.jakartachat.socketio.EngineCodec}), Socket.IO
 * protocol v5 packets inside them ({@link org.jakartachat.socketio.SocketCodec}), both written
 * from the public specifications; the one mapping between the chat's frames and Socket.IO
 * events ({@link org.jakartachat.socketio.EventMapping}); an Engine.IO session with its packet
 * queue, polls and upgrade ({@link org.jakartachat.socketio.EngineSession}, kept by
 * {@link org.jakartachat.socketio.EngineSessions}); and the socket on it that is a hub
 * connection like any other ({@link org.jakartachat.socketio.SocketBridge}).
 *
 * <p>No Servlet or WebSocket API here: web.SocketIoServlet answers the polls and posts and
 * endpoint.SocketIoEndpoint carries the WebSocket, each through the small interfaces
 * {@code EngineSession.Poll} and {@code EngineSession.Pipe}. Each session's state is guarded
 * by its own monitor, held only to read or change it, never while a poll is answered, a
 * WebSocket written or the hub called; the hub is called as by the native endpoint, holding
 * nothing (see the hub package).
 */
package org.jakartachat.socketio;
