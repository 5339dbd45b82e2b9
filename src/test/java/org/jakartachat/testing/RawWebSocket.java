package org.jakartachat.testing;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a bare socket, for clients no library would be: one that stops
 * reading, one that vanishes without a close, one whose socket is killed, one whose handshake
 * is refused (its status, headers and body are kept). It speaks just enough of RFC 6455: the
 * handshake, masked frames out, and reading frames in on request.
 */
public final class RawWebSocket implements Closeable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** The handshake answer's HTTP status: 101 when the upgrade was made. */
    public final int status;
    private final Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    private RawWebSocket(URI uri, int receiveBuffer, Map<String, String> headers) throws IOException {
        this(null, uri, uri.getRawQuery(), receiveBuffer, headers);
    }

    private RawWebSocket(String from, URI uri, int receiveBuffer, Map<String, String> headers) throws IOException {
        this(from, uri, uri.getRawQuery(), receiveBuffer, headers);
    }

    /**
     * @param from     a loopback address to connect from ({@code 127.0.0.2}…), so that a test is a
     *                 client address of its own to the per-address limits; null for the default
     * @param rawQuery the query, sent exactly as given (even one no URI accepts); null for none
     */
    private RawWebSocket(String from, URI uri, String rawQuery, int receiveBuffer, Map<String, String> headers)
            throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer); // before connect, so the window starts small
        }
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0));
        }
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
        socket.setSoTimeout(15_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        StringBuilder request = new StringBuilder()
                .append("GET ").append(uri.getRawPath()).append(rawQuery == null ? "" : "?" + rawQuery)
                .append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(':').append(uri.getPort())
                .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHead();
        status = Integer.parseInt(head.split(" ", 3)[1]);
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                this.headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
    }

    /** A handshake to {@code uri}'s path with a query sent exactly as given, even one no URI accepts. */
    public static RawWebSocket open(URI uri, String rawQuery, Map<String, String> headers) throws IOException {
        return new RawWebSocket(null, uri, rawQuery, 0, headers);
    }

    public int status() {
        return status;
    }

    /** A header of the handshake's answer, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /**
     * What the server sent after the handshake's headers, raw (chunk sizes included), up to 16 KB
     * or until it stops sending for a second: enough to check what a refusal's page reveals.
     */
    public String body() throws IOException {
        socket.setSoTimeout(1_000);
        StringBuilder body = new StringBuilder();
        try {
            for (int c = in.read(); c >= 0 && body.length() < 16_384; c = in.read()) {
                body.append((char) c);
            }
        } catch (java.net.SocketTimeoutException quiet) {
            // the server keeps the connection open: what came is the body
        }
        return body.toString();
    }

    public static RawWebSocket open(URI uri) throws IOException {
        return new RawWebSocket(uri, 0, Map.of());
    }

    /** A client with a tiny receive window, so that a client which stops reading blocks the server soon. */
    public static RawWebSocket openSmallWindow(URI uri) throws IOException {
        return new RawWebSocket(uri, 4096, Map.of());
    }

    public static RawWebSocket open(URI uri, Map<String, String> headers) throws IOException {
        return new RawWebSocket(uri, 0, headers);
    }

    /** A client connecting from the loopback address {@code from}. */
    public static RawWebSocket openFrom(String from, URI uri, Map<String, String> headers) throws IOException {
        return new RawWebSocket(from, uri, 0, headers);
    }

    /** A client connecting from the loopback address {@code from}, with a tiny receive window (see {@link #openSmallWindow}). */
    public static RawWebSocket openSmallWindowFrom(String from, URI uri) throws IOException {
        return new RawWebSocket(from, uri, 4096, Map.of());
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the handshake: " + head);
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    public void sendText(String text) throws IOException {
        sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** One final frame with the given opcode, masked as a client must; one writer at a time. */
    public synchronized void sendFrame(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** The close code of the close frame last read by {@link #readText}, or -1. */
    private int closeCode = -1;
    /** Whether {@link #readText} has met the end of the stream. */
    private boolean eof;

    /** Reads and drops frames up to the server's close frame; its code, or -1 if the socket ended without one. */
    public int readUntilClose() throws IOException {
        return readUntilClose(java.time.Duration.ofSeconds(30));
    }

    /**
     * As {@link #readUntilClose()}, but a connection still open after {@code within} (the server's
     * pings keep a read from timing out) is a failed expectation, not a hang.
     */
    public int readUntilClose(java.time.Duration within) throws IOException {
        java.util.concurrent.atomic.AtomicBoolean late = new java.util.concurrent.atomic.AtomicBoolean();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(within.toMillis());
                late.set(true);
                socket.close(); // ends the read below
            } catch (InterruptedException | IOException done) {
                // the close came in time
            }
        }, "raw-deadline");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            while (readText() != null) {
                // dropped
            }
            return closeCode;
        } catch (java.net.SocketException reset) {
            if (late.get()) {
                throw new AssertionError("still open after " + within);
            }
            return -1;
        } finally {
            watchdog.interrupt();
        }
    }

    /** The code of the close frame {@link #readText} returned null for; -1 before one, or when it had none. */
    public int closeCode() {
        return closeCode;
    }

    /** Reads the next text frame, answering pings on the way; null on a close frame. */
    public String readText() throws IOException {
        while (true) {
            int first = in.read();
            int second = in.read();
            if (first < 0 || second < 0) {
                eof = true;
                return null;
            }
            long length = second & 0x7F;
            if (length == 126) {
                length = (in.read() << 8) | in.read();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | in.read();
                }
            }
            byte[] payload = in.readNBytes((int) length);
            int opcode = first & 0x0F;
            if (opcode == 0x9) {
                sendFrame(0xA, payload);
            } else if (opcode == 0x8) {
                closeCode = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
                return null;
            } else if (opcode == 0x1) {
                return new String(payload, StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * Reads and drops every frame on a thread of its own, answering pings: a client that keeps
     * up with anything, at the cost of reading bytes and nothing more.
     */
    public void keepReading() {
        Thread reader = new Thread(() -> {
            try {
                while (readText() != null) {
                    // dropped
                }
            } catch (IOException closed) {
                // the test closed the socket
            }
        }, "raw-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** What a background reader saw: the server's close frame, and the end of the stream. */
    public record Watch(java.util.concurrent.CompletableFuture<Integer> closeFrame,
                 java.util.concurrent.CompletableFuture<Long> endedAtNanos) {
    }

    /**
     * Reads on a thread of its own, answering pings and dropping the rest, and tells when the
     * server's close frame came (its code) and when the stream ended (EOF or reset): a client
     * that ignores the close and goes on sending still learns when the server dropped it.
     */
    public Watch watch() {
        Watch watch = new Watch(new java.util.concurrent.CompletableFuture<>(), new java.util.concurrent.CompletableFuture<>());
        Thread reader = new Thread(() -> {
            try {
                while (true) {
                    if (readText() == null) {
                        if (eof) {
                            break;
                        }
                        watch.closeFrame().complete(closeCode);
                    }
                }
            } catch (IOException ended) {
                // reset, or the test closed the socket
            }
            watch.closeFrame().complete(-1);
            watch.endedAtNanos().complete(System.nanoTime());
        }, "raw-watcher");
        reader.setDaemon(true);
        reader.start();
        return watch;
    }

    /** Sends one frame without the final bit (opcode 1 or 2 to start a message, 0 to continue it). */
    public synchronized void sendFragment(int opcode, byte[] payload) throws IOException {
        byte[] masked = new byte[payload.length];
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            masked[i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        if (payload.length >= 126) {
            throw new IllegalArgumentException("short fragments only");
        }
        out.write(new byte[] {(byte) opcode, (byte) (0x80 | payload.length), mask[0], mask[1], mask[2], mask[3]});
        out.write(masked);
        out.flush();
    }

    /** Ends the connection with a TCP reset: no close frame, no FIN, as when a process is killed. */
    public void kill() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
