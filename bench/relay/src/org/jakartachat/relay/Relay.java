package org.jakartachat.relay;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The benchmark's floor: the least a Jakarta WebSocket application can do to relay a chat. Each
 * text goes, as it came, to every session, through one asynchronous writer per session (a
 * container allows one send in flight per session); no JSON, no rooms, no limits. A text
 * {@code ping:<n>} is answered {@code pong:<n>} to its sender only, for the echo scenario.
 * Not part of the chat: bench/run.sh deploys it beside the chat WAR on the same Tomcat.
 */
@ServerEndpoint("/relay")
public class Relay {
    private static final Set<Writer> EVERYONE = ConcurrentHashMap.newKeySet();

    /** One session's writer: a queue, and at most one send in flight. */
    static final class Writer implements SendHandler {
        private final RemoteEndpoint.Async remote;
        private final Queue<String> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean sending = new AtomicBoolean();

        Writer(Session session) {
            this.remote = session.getAsyncRemote();
        }

        void offer(String text) {
            queue.add(text);
            next();
        }

        private void next() {
            while (!queue.isEmpty() && sending.compareAndSet(false, true)) {
                String text = queue.poll();
                if (text != null) {
                    remote.sendText(text, this);
                    return;
                }
                sending.set(false);
            }
        }

        @Override
        public void onResult(SendResult result) {
            sending.set(false);
            if (result.isOK()) {
                next();
            }
        }
    }

    @OnOpen
    public void open(Session session) {
        Writer writer = new Writer(session);
        session.getUserProperties().put("writer", writer);
        EVERYONE.add(writer);
        writer.offer("ready");
    }

    @OnMessage
    public void message(String text, Session session) {
        if (text.startsWith("ping:")) {
            ((Writer) session.getUserProperties().get("writer")).offer("pong:" + text.substring(5));
            return;
        }
        for (Writer writer : EVERYONE) {
            writer.offer(text);
        }
    }

    @OnClose
    public void close(Session session) {
        EVERYONE.remove(session.getUserProperties().get("writer"));
    }

    @OnError
    public void error(Session session, Throwable failure) {
        EVERYONE.remove(session.getUserProperties().get("writer"));
    }
}
