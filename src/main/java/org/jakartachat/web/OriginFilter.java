package org.jakartachat.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Refuses a WebSocket handshake from a foreign origin with HTTP 403, before the upgrade.
 *
 * <p>A servlet filter rather than {@code Configurator.checkOrigin}: that method sees only the
 * Origin header, not the host and port the request was sent to, so it cannot tell the page's
 * own origin. Tomcat, Undertow and Tyrus all run application filters before their upgrade.
 */
@WebFilter(urlPatterns = "/ws", asyncSupported = true)
public class OriginFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = System.getLogger(OriginFilter.class.getName());

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        OriginPolicy policy = (OriginPolicy) getServletContext().getAttribute(ChatBootstrap.ORIGIN_POLICY);
        String origin = request.getHeader("Origin");
        if (policy != null && !policy.allows(origin, request.getScheme(), request.getServerName(),
                request.getServerPort())) {
            LOG.log(Level.INFO, "refused handshake from origin {0} to {1}://{2}:{3}", origin,
                    request.getScheme(), request.getServerName(), String.valueOf(request.getServerPort()));
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "origin not allowed");
            return;
        }
        chain.doFilter(request, response);
    }
}
