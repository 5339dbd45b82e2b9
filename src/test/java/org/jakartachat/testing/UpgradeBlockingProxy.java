package org.jakartachat.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on 127.0.0.1 of the kind that breaks WebSocket: it forwards plain HTTP
 * requests to the server and answers every request asking for an {@code Upgrade} with 403, as
 * corporate proxies and some firewalls do. One request per connection (it tells the server
 * {@code Connection: close}), so that no upgrade can slip through on a kept-alive connection.
 * It can also cut the network: {@link #cut} breaks every connection and refuses new ones until
 * {@link #restore}.
 */
public final class UpgradeBlockingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final String host;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger upgradesRefused = new AtomicInteger();
    private volatile boolean cut;

    public UpgradeBlockingProxy(String host, int targetPort) throws IOException {
        this.host = host;
        this.targetPort = targetPort;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ProxySockets.daemon("upgrade-blocking-proxy", this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** How many upgrade requests were refused. */
    public int upgradesRefused() {
        return upgradesRefused.get();
    }

    /** The network goes down: every connection breaks, and new ones are closed at once. */
    public void cut() {
        cut = true;
        for (Socket socket : sockets) {
            ProxySockets.closeQuietly(socket);
        }
        sockets.clear();
    }

    public void restore() {
        cut = false;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (cut) {
                    ProxySockets.closeQuietly(client);
                    continue;
                }
                sockets.add(client);
                ProxySockets.daemon("upgrade-blocking-proxy", () -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            byte[] head = readHead(in);
            if (head == null) {
                return;
            }
            String text = new String(head, StandardCharsets.ISO_8859_1);
            if (text.toLowerCase(Locale.ROOT).contains("\nupgrade:")) {
                upgradesRefused.incrementAndGet();
                client.getOutputStream().write(("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: 25\r\nConnection: close\r\n\r\nWebSocket is blocked here").getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            try (Socket server = new Socket(host, targetPort)) {
                sockets.add(server);
                server.getOutputStream().write(oneRequest(text).getBytes(StandardCharsets.ISO_8859_1));
                ProxySockets.daemon("upgrade-blocking-proxy", () -> pipe(in, server)); // the body, if any
                pipe(server.getInputStream(), client);
            }
        } catch (IOException broken) {
            // cut, or the browser gave up
        } finally {
            sockets.remove(client);
        }
    }

    /** The request head with {@code Connection: close} in place of any Connection header. */
    private static String oneRequest(String head) {
        StringBuilder out = new StringBuilder();
        for (String line : head.split("\r\n")) {
            if (line.isEmpty() || line.toLowerCase(Locale.ROOT).startsWith("connection:")
                    || line.toLowerCase(Locale.ROOT).startsWith("keep-alive:")) {
                continue;
            }
            out.append(line).append("\r\n");
        }
        return out.append("Connection: close\r\n\r\n").toString();
    }

    /** Bytes up to and including the blank line that ends the head; null if the stream ends first. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toByteArray();
            }
            if (head.size() > 64 * 1024) {
                return null;
            }
        }
        return null;
    }

    private void pipe(InputStream from, Socket to) {
        byte[] buffer = new byte[8192];
        try {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = from.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException broken) {
            // either side closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        listener.close();
    }
}
