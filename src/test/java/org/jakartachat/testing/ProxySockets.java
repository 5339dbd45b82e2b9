package org.jakartachat.testing;

import java.io.IOException;
import java.net.Socket;

/** What the tests' TCP proxies share: daemon threads for each connection, and closes that cannot fail. */
final class ProxySockets {
    private ProxySockets() {
    }

    static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
