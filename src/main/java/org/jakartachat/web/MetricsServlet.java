package org.jakartachat.web;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import org.jakartachat.config.ChatConfig;
import org.jakartachat.config.ClientAddresses;
import org.jakartachat.config.Networks;
import org.jakartachat.hub.ChatHub;
import org.jakartachat.metrics.ChatMetrics;

/**
 * {@code GET /chat/metrics}: the chat's metrics in the Prometheus text format, or OpenMetrics
 * when the scraper's {@code Accept} asks for {@code application/openmetrics-text} (Prometheus
 * itself does).
 *
 * <p>Metrics tell how busy the chat is and who gets closed for what, so not everyone may read
 * them: a client whose address is in {@code CHAT_METRICS_ALLOW} (loopback only by default; the
 * address behind a trusted proxy, as for the connection limits), or a user in the container
 * role {@code CHAT_METRICS_ROLE} when it is set (a login, as in server-config/tomcat/login).
 * Anyone else gets 403.
 */
@WebServlet("/metrics")
public class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ChatHub hub = (ChatHub) getServletContext().getAttribute(ChatBootstrap.HUB);
        ChatMetrics metrics = (ChatMetrics) getServletContext().getAttribute(ChatBootstrap.METRICS);
        response.setHeader("Cache-Control", "no-store");
        if (hub == null || metrics == null) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "starting");
            return;
        }
        if (!allowed(request, hub.config())) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "metrics are not open to this client");
            return;
        }
        String accept = request.getHeader("Accept");
        String type = accept != null && accept.contains("application/openmetrics-text") ? ChatMetrics.OPENMETRICS
                : ChatMetrics.PROMETHEUS_TEXT;
        String body = metrics.scrape(type);
        response.setContentType(type);
        response.getWriter().write(body);
    }

    /**
     * A request that came through a proxy is judged by the client the proxy names, never by the
     * proxy's own address: a reverse proxy on the same host would otherwise open the loopback
     * default to everyone behind it. So a request with {@code X-Forwarded-For} from a peer that is
     * not a trusted proxy, or whose chain names no client beyond the trusted proxies, is not let
     * in by address (a proxy that adds no such header cannot be told apart: README, Operating).
     */
    private static boolean allowed(HttpServletRequest request, ChatConfig config) {
        if (config.metricsRole() != null && request.isUserInRole(config.metricsRole())) {
            return true;
        }
        String forwardedFor = HandshakeFilter.forwardedFor(request);
        InetAddress client = ClientAddresses.client(request.getRemoteAddr(), forwardedFor, config.trustedProxies());
        if (forwardedFor != null) {
            boolean throughTrustedProxy = config.trustedProxies().contains(ClientAddresses.canonical(request.getRemoteAddr()));
            boolean clientNamed = client != null && !config.trustedProxies().contains(client.getHostAddress());
            if (!throughTrustedProxy || !clientNamed) {
                return false;
            }
        }
        return Networks.of(config.metricsAllow()).contains(client);
    }
}
