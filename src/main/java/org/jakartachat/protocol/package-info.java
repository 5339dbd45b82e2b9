/**
 * The wire protocol: the frames a client sends ({@link org.jakartachat.protocol.ClientFrame}),
 * the frames the server sends ({@link org.jakartachat.protocol.ServerFrame}), and the one
 * JSON-B codec that turns text into frames and back ({@link org.jakartachat.protocol.FrameCodec}).
 *
 * <p>This package depends on nothing else in the project. {@code docs/protocol.adoc} is the
 * contract these types implement; change both together.
 */
package org.jakartachat.protocol;
