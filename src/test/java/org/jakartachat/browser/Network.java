package org.jakartachat.browser;

import java.util.Map;

/**
 * Takes a page off the network, through DevTools. Chromium's offline emulation leaves a
 * WebSocket opened before it was first enabled alone, and silently holds the traffic of those
 * opened after. So a drop comes two ways: the server closes the socket (it is sent a frame
 * over the size limit, and closes with 1009 as for any client), or the network goes silent
 * and Engine.IO's heartbeat has to notice (the page is a Socket.io client).
 */
final class Network {
    /** Records the page's WebSockets in {@code window.__sockets}, before any page script runs. */
    private static final String RECORD_SOCKETS = """
            (() => {
              const Native = window.WebSocket;
              window.__sockets = [];
              function Recorded(url, protocols) {
                const socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
                window.__sockets.push(socket);
                return socket;
              }
              Recorded.prototype = Native.prototype;
              Object.assign(Recorded, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
              window.WebSocket = Recorded;
            })();
            """;

    private Network() {
    }

    static void recordSockets(ChatPage page) {
        page.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORD_SOCKETS));
    }

    /** No new connection can be made; sockets opened from now on carry nothing either. */
    static void offline(ChatPage page) {
        emulate(page, true);
    }

    static void online(ChatPage page) {
        emulate(page, false);
    }

    /** Makes the server close the page's current WebSocket (its Socket.io session's), by sending it a frame over the size limit. */
    static void closeByServer(ChatPage page) {
        page.script("const s = window.__sockets[window.__sockets.length - 1];"
                + "s.send('x'.repeat(64 * 1024));");
    }

    private static void emulate(ChatPage page, boolean offline) {
        page.driver.executeCdpCommand("Network.enable", Map.of());
        page.driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of(
                "offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    }
}
