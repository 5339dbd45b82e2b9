package org.jakartachat.web;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jakartachat.hub.ChatHub;

/**
 * {@code GET /chat/health}: 200 with
 * {@code {"memberships":…,"online":…,"rooms":…,"status":"ok","unreadableFeedEntries":…}}
 * for probes ({@code "degraded"} in cluster mode while Redis is away).
 */
@WebServlet("/health")
public class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ChatHub hub = (ChatHub) getServletContext().getAttribute(ChatBootstrap.HUB);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        if (hub == null) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.getWriter().write("{\"status\":\"starting\",\"online\":0,\"rooms\":0,\"memberships\":0,\"unreadableFeedEntries\":0}");
            return;
        }
        response.getWriter().write(hub.codec().toJson(hub.health()));
    }
}
