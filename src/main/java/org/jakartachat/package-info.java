/**
 * A real-time chat room in one Jakarta EE WAR.
 *
 * <p>Dependencies point one way: {@code web} (servlet-side bootstrap, health, origin check)
 * and {@code endpoint} (the WebSocket face) use {@code hub} (rooms, members, history,
 * outbound queues), which uses {@code protocol} (the typed frames and their JSON) and
 * {@code config} (one immutable configuration).
 */
package org.jakartachat;
