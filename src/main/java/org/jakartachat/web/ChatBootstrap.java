package org.jakartachat.web;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.TreeMap;
import org.jakartachat.cluster.RedisBackplane;
import org.jakartachat.config.ChatConfig;
import org.jakartachat.endpoint.CurrentHub;
import org.jakartachat.hub.ChatHub;
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
    private static final Logger LOG = System.getLogger(ChatBootstrap.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ChatConfig config = ChatConfig.fromEnvironment();
        ChatHub hub = config.redisUrl() == null ? new ChatHub(config, new FrameCodec())
                : new ChatHub(config, new FrameCodec(), RedisBackplane.create(config));
        hub.start();
        ServletContext context = event.getServletContext();
        context.setAttribute(HUB, hub);
        context.setAttribute(ORIGIN_POLICY, new OriginPolicy(config.allowedOrigins(), config.allowMissingOrigin(),
                config.publicOrigin()));
        EngineSessions engineSessions = new EngineSessions(hub);
        context.setAttribute(ENGINE_SESSIONS, engineSessions);
        CurrentHub.install(hub, engineSessions);
        LOG.log(Level.INFO, "chat started at {0} with {1}", context.getContextPath(), new TreeMap<>(config.describe()));
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        ChatHub hub = (ChatHub) context.getAttribute(HUB);
        EngineSessions engineSessions = (EngineSessions) context.getAttribute(ENGINE_SESSIONS);
        CurrentHub.clear();
        context.removeAttribute(HUB);
        context.removeAttribute(ENGINE_SESSIONS);
        if (hub != null) {
            hub.shutdown(); // first: every Socket.io client hears the 1001 close through its session
        }
        if (engineSessions != null) {
            engineSessions.shutdown();
        }
    }
}
