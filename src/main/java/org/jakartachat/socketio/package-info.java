/**
 * The Socket.IO world's wire, for its client libraries and its HTTP long-polling fallback
 * (issue 13): Engine.IO protocol v4 packets ({@link org.jakartachat.socketio.EngineCodec}) and
 * Socket.IO protocol v5 packets inside them ({@link org.jakartachat.socketio.SocketCodec}),
 * written from the public specifications. Pure text in, typed packets out: no transport, no hub.
 * Depends on nothing else in the project.
 */
package org.jakartachat.socketio;
