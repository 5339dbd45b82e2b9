package org.jakartachat.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may open a chat connection: the page's own origin, plus any configured
 * ones. A handshake with no Origin header comes from a non-browser client; whether it is
 * accepted is configured.
 *
 * <p>The page's own origin is the configured public origin when there is one. Without it, it is
 * made of the scheme, host and port the request was sent to, and the host comes from the Host
 * header, which a DNS-rebinding page sets: {@code evil.example} resolved to this server sends
 * Origin and Host both {@code evil.example}, and matches. Setting the public origin closes that.
 */
public final class OriginPolicy {
    private final List<String> allowed;
    private final boolean allowMissing;
    /** The page's origin as configured, normalized; null to take it from the request. */
    private final String own;

    public OriginPolicy(List<String> allowed, boolean allowMissing) {
        this(allowed, allowMissing, null);
    }

    public OriginPolicy(List<String> allowed, boolean allowMissing, String publicOrigin) {
        this.allowed = allowed.stream().map(OriginPolicy::normalize).toList();
        this.allowMissing = allowMissing;
        this.own = publicOrigin == null ? null : normalize(publicOrigin);
    }

    /**
     * @param origin the Origin header, or null
     * @param scheme the request's scheme ({@code http} or {@code https})
     * @param host   the host the request was addressed to
     * @param port   the port the request was addressed to
     */
    public boolean allows(String origin, String scheme, String host, int port) {
        if (origin == null) {
            return allowMissing;
        }
        String normalized = normalize(origin);
        if (normalized == null) {
            return false; // "null" (sandboxed pages, file:) and anything unparsable
        }
        String page = own != null ? own : normalize(scheme + "://" + host + ":" + port);
        return normalized.equals(page) || allowed.contains(normalized);
    }

    /** {@code scheme://host:port} in lower case with the default port made explicit, or null. */
    static String normalize(String origin) {
        try {
            URI uri = new URI(origin.trim());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null || (uri.getPath() != null && !uri.getPath().isEmpty())) {
                return null;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            if (port == -1) {
                port = switch (scheme) {
                    case "http", "ws" -> 80;
                    case "https", "wss" -> 443;
                    default -> -1;
                };
            }
            return port == -1 ? null : scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
