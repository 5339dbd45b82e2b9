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
import java.util.Collections;
import java.util.Enumeration;
import org.jakartachat.config.ClientAddresses;
import org.jakartachat.config.QueryString;
import org.jakartachat.endpoint.HandshakeConfigurator;
import org.jakartachat.hub.ChatHub;

/**
 * Checks a WebSocket handshake before the upgrade, where a refusal can still be a plain HTTP
 * answer: a query string that is not well-formed percent-encoding ({@code ?name=%}, {@code %zz},
 * {@code %2}) gets 400, a foreign origin 403, and a client address that has as many connections
 * open as one address may 429. Containers parse the query while upgrading, and Tomcat answered a
 * broken escape with a 500 and a stack trace naming its version and our classes. Each answer is
 * a short text written here, not the container's error page, which may advertise the server.
 *
 * <p>It also works out the client address the per-address limits count (the peer, or the client
 * a trusted proxy names; see {@link ClientAddresses}) and hands it to the endpoint's configurator
 * for the length of the handshake (see {@link HandshakeConfigurator}). The hub's own count at
 * connect is the exact limit; the 429 here is the early, cheap answer for most such clients.
 *
 * <p>The same checks guard every request of the Socket.io transports ({@code /socket.io/}): each
 * polling GET and POST and the WebSocket upgrade, so that a page of a foreign origin can neither
 * read a session nor post into one (CSRF). The address limit applies to requests that would make
 * a new session (no {@code sid}); the client script is served to anyone.
 *
 * <p>A servlet filter rather than {@code Configurator.checkOrigin}: that method sees only the
 * Origin header, not the host and port the request was sent to, so it cannot tell the page's
 * own origin. Tomcat, Undertow and Tyrus all run application filters before their upgrade.
 */
@WebFilter(urlPatterns = {"/ws", "/socket.io/*"}, asyncSupported = true)
public class HandshakeFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    /** The request attribute holding the client address for the Socket.io servlet. */
    static final String CLIENT_ADDRESS = HandshakeFilter.class.getName() + ".clientAddress";
    private static final Logger LOG = System.getLogger(HandshakeFilter.class.getName());
    private static final int TOO_MANY_REQUESTS = 429;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean socketIo = request.getServletPath().equals("/socket.io");
        if (socketIo && SocketIoServlet.SCRIPT_PATH.equals(request.getPathInfo())) {
            chain.doFilter(request, response);
            return;
        }
        String query = request.getQueryString();
        if (query != null && !wellFormed(query)) {
            refuse(response, HttpServletResponse.SC_BAD_REQUEST, "malformed query string");
            return;
        }
        OriginPolicy policy = (OriginPolicy) getServletContext().getAttribute(ChatBootstrap.ORIGIN_POLICY);
        String origin = request.getHeader("Origin");
        if (policy != null && !originAllowed(policy, origin, request)) {
            LOG.log(Level.INFO, "refused handshake from origin {0} to {1}://{2}:{3}", origin,
                    request.getScheme(), request.getServerName(), String.valueOf(request.getServerPort()));
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "origin not allowed");
            return;
        }
        ChatHub hub = (ChatHub) getServletContext().getAttribute(ChatBootstrap.HUB);
        String address = hub == null ? null : ClientAddresses.key(request.getRemoteAddr(),
                forwardedFor(request), hub.config().trustedProxies());
        boolean newConnection = !socketIo || QueryString.parameter(query, "sid") == null;
        if (hub != null && newConnection && hub.addressFull(address)) {
            response.setHeader("Retry-After", "10");
            refuse(response, TOO_MANY_REQUESTS, "too many connections from your address");
            return;
        }
        request.setAttribute(CLIENT_ADDRESS, address);
        HandshakeConfigurator.withClientAddress(address, () -> chain.doFilter(request, response));
    }

    /**
     * The origin policy, and for a request without {@code Origin} what the browser says of it in
     * {@code Sec-Fetch-Site}: browsers leave Origin out of a GET of the page's own origin (the
     * page's first Socket.io poll), and also out of a GET a foreign page makes with an image or a
     * link. The first is allowed even where a missing Origin is not; the second never is, so a
     * foreign page cannot open sessions in the name of its visitors' address.
     */
    private static boolean originAllowed(OriginPolicy policy, String origin, HttpServletRequest request) {
        if (origin == null) {
            String site = request.getHeader("Sec-Fetch-Site");
            if ("cross-site".equals(site) || "same-site".equals(site)) {
                return false;
            }
            if ("same-origin".equals(site)) {
                return true;
            }
        }
        return policy.allows(origin, request.getScheme(), request.getServerName(), request.getServerPort());
    }

    /** Every X-Forwarded-For line joined, in order: a proxy may add a line rather than extend one. */
    static String forwardedFor(HttpServletRequest request) {
        Enumeration<String> lines = request.getHeaders("X-Forwarded-For");
        if (lines == null || !lines.hasMoreElements()) {
            return null;
        }
        return String.join(",", Collections.list(lines));
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
