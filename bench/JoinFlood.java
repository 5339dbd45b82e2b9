import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The join amplifier of issue 11: fills a room's history with the longest messages, then has
 * clients that never read ask for the room again and again, within the frame rate.
 * Run with: java bench/JoinFlood.java ATTACKERS SECONDS [http://127.0.0.1:8080/chat]
 * Prints "filled N", then "attacking", then a line per attacker saying when it was closed,
 * and waits for its standard input to close.
 */
public class JoinFlood {
    public static void main(String[] args) throws Exception {
        int attackers = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        URI base = URI.create(args.length > 2 ? args[2] : "http://127.0.0.1:8080/chat");
        String room = "flood" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        String text = "\uD83D\uDE00".repeat(2000); // 2000 code points, 8 KB in UTF-8: the longest text
        HttpClient http = HttpClient.newHttpClient();
        int posted = 0;
        for (int filler = 0; filler < 10; filler++) { // ten posters of ten: within each one's burst
            CompletableFuture<Void> echoes = new CompletableFuture<>();
            int[] seen = {0};
            StringBuilder frame = new StringBuilder();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws" + base.toString().substring(4)
                    + "/ws?name=filler" + filler), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            frame.append(data);
                            if (last) {
                                if (frame.toString().startsWith("{\"type\":\"message\"") && ++seen[0] == 10) {
                                    echoes.complete(null);
                                }
                                frame.setLength(0);
                            }
                            w.request(1);
                            return null;
                        }
                    }).join();
            ws.sendText("{\"type\":\"join\",\"room\":\"" + room + "\"}", true).join();
            for (int i = 0; i < 10; i++) {
                ws.sendText("{\"type\":\"message\",\"room\":\"" + room + "\",\"text\":\"" + text + "\"}", true).join();
            }
            echoes.join();
            posted += 10;
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        }
        System.out.println("filled " + posted);
        System.out.flush();

        List<Socket> sockets = new ArrayList<>();
        for (int a = 0; a < attackers; a++) {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(4096); // a client that stops reading, with a small window
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            byte[] key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            socket.getOutputStream().write(("GET " + base.getPath() + "/ws?name=amp" + a + " HTTP/1.1\r\nHost: "
                    + base.getHost() + ":" + base.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key)
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            sockets.add(socket);
        }
        System.out.println("attacking");
        System.out.flush();
        byte[] join = frame(("{\"type\":\"join\",\"room\":\"" + room + "\"}").getBytes(StandardCharsets.UTF_8));
        long start = System.nanoTime();
        long[] closedAfter = new long[attackers];
        while (System.nanoTime() - start < seconds * 1_000_000_000L) {
            for (int a = 0; a < attackers; a++) {
                if (closedAfter[a] != 0) {
                    continue;
                }
                try {
                    OutputStream out = sockets.get(a).getOutputStream();
                    out.write(join);
                    out.flush();
                } catch (java.io.IOException closed) {
                    closedAfter[a] = (System.nanoTime() - start) / 1_000_000;
                }
            }
            Thread.sleep(66); // 15 joins a second each, within the frame rate
        }
        for (int a = 0; a < attackers; a++) {
            System.out.println("attacker " + a + ": " + (closedAfter[a] == 0 ? "writes still accepted after "
                    + seconds + " s" : "dropped after " + closedAfter[a] + " ms"));
        }
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // hold the sockets until the caller closes our input
        }
    }

    /** One masked final text frame. */
    private static byte[] frame(byte[] payload) {
        byte[] frame = new byte[payload.length + 6];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return frame;
    }
}
