/**
 * The servlet side of the WAR: starting and stopping the hub with the application, the
 * {@code /health} probe, and the Origin check in front of the WebSocket handshake.
 */
package org.jakartachat.web;
