package org.jakartachat.web;

import jakarta.servlet.GenericServlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebListener;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.TreeMap;
import org.jakartachat.cluster.RedisBackplane;
import org.jakartachat.config.ChatConfig;
import org.jakartachat.endpoint.CurrentHub;
import org.jakartachat.hub.Backplane;
import org.jakartachat.hub.ChatHub;
import org.jakartachat.metrics.ChatMetrics;
import org.jakartachat.protocol.FrameCodec;
import org.jakartachat.socketio.EngineSessions;

/**
 * Starts the chat with the application and stops it with it. An invalid configuration throws
 * here, which fails the deployment with the message naming the bad settings.
 */
@WebListener
public class ChatBootstrap implements ServletContextListener {
    static final String HUB = ChatHub.class.getName();
    static final String ORIGIN_POLICY = OriginPolicy.class.getName();
    static final String ENGINE_SESSIONS = EngineSessions.class.getName();
    static final String METRICS = ChatMetrics.class.getName();
    private static final Logger LOG = System.getLogger(ChatBootstrap.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ChatConfig config = ChatConfig.fromEnvironment();
        ChatMetrics metrics = new ChatMetrics();
        ChatHub hub;
        try {
            Backplane backplane = config.redisUrl() == null ? Backplane.local(config)
                    : RedisBackplane.create(config, metrics);
            hub = new ChatHub(config, new FrameCodec(), backplane, metrics);
            metrics.watch(hub, backplane, config.redisUrl() != null);
        } catch (RuntimeException failed) {
            metrics.close(); // its JVM listeners would keep the failed application's classes
            throw failed;
        }
        hub.start();
        ServletContext context = event.getServletContext();
        context.setAttribute(HUB, hub);
        context.setAttribute(METRICS, metrics);
        context.setAttribute(ORIGIN_POLICY, new OriginPolicy(config.allowedOrigins(), config.allowMissingOrigin(),
                config.publicOrigin()));
        EngineSessions engineSessions = new EngineSessions(hub);
        context.setAttribute(ENGINE_SESSIONS, engineSessions);
        CurrentHub.install(hub, engineSessions);
        // Stops the chat when the application stops, before the container closes the WebSockets itself.
        context.addServlet("chat-stopper", new Stopper()).setLoadOnStartup(0);
        LOG.log(Level.INFO, "chat started at {0} with {1}", context.getContextPath(), new TreeMap<>(config.describe()));
    }

    /**
     * Stops the chat from its {@code destroy}: a container destroys an application's servlets
     * before it tells its listeners, and Tomcat's own WebSocket listener closes every session
     * with 1001 when it is told. The chat's clients must hear the chat's close (1012 in a cluster,
     * so that they reconnect at once) and the leaves must be announced before that. Mapped to no
     * URL; loaded at start so that it is there to be destroyed.
     */
    private static final class Stopper extends GenericServlet {
        private static final long serialVersionUID = 1L;

        @Override
        public void service(ServletRequest request, ServletResponse response) {
            // never mapped
        }

        @Override
        public void destroy() {
            stop(getServletContext());
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        stop(event.getServletContext()); // if no servlet was destroyed first (the chat is stopped once)
    }

    private static void stop(ServletContext context) {
        ChatHub hub = (ChatHub) context.getAttribute(HUB);
        if (hub == null) {
            return; // stopped already
        }
        EngineSessions engineSessions = (EngineSessions) context.getAttribute(ENGINE_SESSIONS);
        CurrentHub.clear();
        context.removeAttribute(HUB);
        context.removeAttribute(ENGINE_SESSIONS);
        ChatMetrics metrics = (ChatMetrics) context.getAttribute(METRICS);
        context.removeAttribute(METRICS);
        hub.shutdown(); // first: every Socket.io client hears the close (1001, or 1012 in a cluster) through its session
        if (engineSessions != null) {
            engineSessions.shutdown();
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
