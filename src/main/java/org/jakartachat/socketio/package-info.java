/**
 * The Socket.IO world's wire, for its client libraries and its HTTP long-polling fallback
 * (issue 13): Engine.IO protocol v4 packets ({@link org.jakartachat.socketio.EngineCodec}),
 * Socket.IO protocol v5 packets inside them ({@link org.jakartachat.socketio.SocketCodec}), both
 * written from the public specifications, and the one mapping between the chat's frames and
 * Socket.IO events ({@link org.jakartachat.socketio.EventMapping}). Text in, typed packets out:
 * no transport and no hub here; it depends on the protocol package only (its error codes).
 */
package org.jakartachat.socketio;
