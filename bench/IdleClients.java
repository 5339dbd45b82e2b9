import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Opens N idle chat connections and holds them until its standard input closes.
 * Run with: java bench/IdleClients.java N [ws://127.0.0.1:8080/chat/ws]
 * Prints "open N" once every connection has its welcome.
 */
public class IdleClients {
    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        String url = args.length > 1 ? args[1] : "ws://127.0.0.1:8080/chat/ws";
        HttpClient http = HttpClient.newHttpClient();
        List<WebSocket> open = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            open.add(http.newWebSocketBuilder()
                    .buildAsync(URI.create(url + "?name=idle" + i), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            ws.request(1);
                            return null;
                        }
                    }).join());
        }
        System.out.println("open " + open.size());
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold the connections until the caller closes our input
        }
    }
}
