package org.jakartachat.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** A WebSocket handshake sent by hand, to read the HTTP status and headers of the answer. */
public final class RawHandshake implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader answer;
    private final int status;
    private final Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    private RawHandshake(URI uri, Map<String, String> headers) throws Exception {
        this(uri, uri.getRawQuery(), headers);
    }

    private RawHandshake(URI uri, String rawQuery, Map<String, String> headers) throws Exception {
        socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(15_000);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        StringBuilder request = new StringBuilder("GET " + uri.getRawPath()
                + (rawQuery == null ? "" : "?" + rawQuery) + " HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        OutputStream out = socket.getOutputStream();
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        status = Integer.parseInt(answer.readLine().split(" ")[1]);
        for (String line = answer.readLine(); line != null && !line.isEmpty(); line = answer.readLine()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                this.headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
    }

    public static RawHandshake open(URI uri, Map<String, String> headers) throws Exception {
        return new RawHandshake(uri, headers);
    }

    /** A handshake to {@code uri}'s path with a query sent exactly as given, even one no URI accepts. */
    public static RawHandshake open(URI uri, String rawQuery, Map<String, String> headers) throws Exception {
        return new RawHandshake(uri, rawQuery, headers);
    }

    public int status() {
        return status;
    }

    /**
     * What the server sent after the headers, raw (chunk sizes included), up to 16 KB or until it
     * stops sending for a second: enough to check what an error page reveals.
     */
    public String body() throws java.io.IOException {
        socket.setSoTimeout(1_000);
        StringBuilder body = new StringBuilder();
        try {
            for (int c = answer.read(); c >= 0 && body.length() < 16_384; c = answer.read()) {
                body.append((char) c);
            }
        } catch (java.net.SocketTimeoutException quiet) {
            // the server keeps the connection open: what came is the body
        }
        return body.toString();
    }

    /** A header of the answer, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    @Override
    public void close() throws Exception {
        socket.close();
    }
}
