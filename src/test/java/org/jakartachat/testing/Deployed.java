package org.jakartachat.testing;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Where the WAR under test is deployed: the failsafe property {@code chat.it.baseUrl}. */
public final class Deployed {
    private Deployed() {
    }

    /** e.g. {@code http://127.0.0.1:18080/chat} */
    public static URI base() {
        String base = System.getProperty("chat.it.baseUrl");
        if (base == null) {
            throw new IllegalStateException("chat.it.baseUrl is not set; run the integration tests with mvn verify");
        }
        return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    }

    public static URI http(String path) {
        return URI.create(base() + path);
    }

    public static URI ws(String name) {
        String query = name == null ? "" : "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        return URI.create(base().toString().replaceFirst("^http", "ws") + "/ws" + query);
    }
}
