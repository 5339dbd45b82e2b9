/**
 * The Jakarta WebSocket face of the chat: one {@code @ServerEndpoint} that assembles frames,
 * decodes them and hands them to the hub, and adapts its {@code Session} to the hub's
 * {@link org.jakartachat.hub.Transport}. It decides nothing about the chat itself.
 *
 * <p>It uses no CDI (Tomcat has none): the hub is reached through {@link org.jakartachat.endpoint.CurrentHub},
 * installed by the web application's listener or by a test.
 */
package org.jakartachat.endpoint;
