package org.jakartachat.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A TCP proxy on 127.0.0.1 that passes requests on at once and every reply {@code delay} late,
 * in order: a slow network between a server and Redis, each round trip {@code delay} longer.
 */
public final class DelayingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final String host;
    private final int targetPort;
    private final long delayNanos;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private record Chunk(long dueNanos, byte[] bytes) {
    }

    public DelayingProxy(String host, int targetPort, Duration delay) throws IOException {
        this.host = host;
        this.targetPort = targetPort;
        this.delayNanos = delay.toNanos();
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ProxySockets.daemon("proxy-accept", this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The Redis URL of the proxy. */
    public String url() {
        return "redis://127.0.0.1:" + port();
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listener.accept();
                Socket server = new Socket(host, targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                ProxySockets.daemon("proxy-up", () -> copy(client, server));
                BlockingQueue<Chunk> late = new LinkedBlockingQueue<>();
                ProxySockets.daemon("proxy-down-read", () -> {
                    try (InputStream in = server.getInputStream()) {
                        byte[] buffer = new byte[65536];
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            late.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
                        }
                    } catch (IOException ended) {
                        // either side closed
                    }
                    late.add(new Chunk(0, null));
                });
                ProxySockets.daemon("proxy-down-write", () -> {
                    try (OutputStream out = client.getOutputStream()) {
                        while (true) {
                            Chunk chunk = late.take();
                            if (chunk.bytes() == null) {
                                break;
                            }
                            long wait = chunk.dueNanos() - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            }
                            out.write(chunk.bytes());
                            out.flush();
                        }
                    } catch (IOException | InterruptedException ended) {
                        // closed
                    }
                    ProxySockets.closeQuietly(client);
                });
            }
        } catch (IOException closed) {
            // the proxy was closed
        }
    }

    private void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ended) {
            // either side closed
        }
        ProxySockets.closeQuietly(to);
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(ProxySockets::closeQuietly);
    }
}
