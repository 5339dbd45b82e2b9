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
 * Refuses a WebSocket handshake from a foreign origin with HTTP 403, and one whose query string
 * is not well-formed percent-encoding ({@code ?name=%}, {@code %zz}, {@code %2}) with HTTP 400,
 * before the upgrade. Containers parse the query while upgrading, and Tomcat answered a broken
 * escape with a 500 and a stack trace naming its version and our classes. Both answers are a
 * short text written here, not the container's error page, which may advertise the server.
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
        String query = request.getQueryString();
        if (query != null && !wellFormed(query)) {
            refuse(response, HttpServletResponse.SC_BAD_REQUEST, "malformed query string");
            return;
        }
        OriginPolicy policy = (OriginPolicy) getServletContext().getAttribute(ChatBootstrap.ORIGIN_POLICY);
        String origin = request.getHeader("Origin");
        if (policy != null && !policy.allows(origin, request.getScheme(), request.getServerName(),
                request.getServerPort())) {
            LOG.log(Level.INFO, "refused handshake from origin {0} to {1}://{2}:{3}", origin,
                    request.getScheme(), request.getServerName(), String.valueOf(request.getServerPort()));
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "origin not allowed");
            return;
        }
        chain.doFilter(request, response);
    }

    /** True when every {@code %} starts an escape of two hex digits. */
    static boolean wellFormed(String query) {
        for (int i = 0; i < query.length(); i++) {
            if (query.charAt(i) == '%') {
                if (i + 2 >= query.length() || Character.digit(query.charAt(i + 1), 16) < 0
                        || Character.digit(query.charAt(i + 2), 16) < 0) {
                    return false;
                }
                i += 2;
            }
        }
        return true;
    }

    private static void refuse(HttpServletResponse response, int status, String why) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(why + "\n");
    }
}
