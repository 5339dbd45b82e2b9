package org.jakartachat.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Every limit and setting of the chat, each with a documented default (README.adoc,
 * "Configuration"). Each setting has an environment variable name such as
 * {@code CHAT_HISTORY_SIZE} and a system property name such as {@code chat.history.size};
 * the system property wins when both are set.
 *
 * @param maxTextLength      longest message text, in Unicode code points
 * @param maxFrameChars      longest client frame, in characters; larger frames close with 1009
 * @param historySize        messages kept per room for {@code joined} and resume
 * @param maxRooms           rooms the server holds at once, {@code lobby} aside (empty rooms are evicted first)
 * @param roomsPerAddress    rooms created from one client address that the server holds at once
 * @param roomKeep           how long an empty room is kept for its users before another address's new room may evict it
 * @param maxRoomsPerConnection rooms one connection may have joined at once
 * @param directHistory      direct messages kept per person, sent and received, for {@code directs} and resume
 * @param directKeep         how long a person's direct messages and blocks are kept after their last use
 * @param maxMailboxes       people whose direct messages one server on its own keeps at once (the least recently used go first)
 * @param messageRate        chat messages per second per connection, sustained
 * @param messageBurst       chat messages a connection may send at once
 * @param frameRate          frames of any type per second per connection, sustained
 * @param frameBurst         frames of any type a connection may send at once
 * @param renameRate         renames per second per connection, sustained (each is announced in every room it is in)
 * @param renameBurst        renames a connection may send at once
 * @param joinRate           joins per second per connection, sustained (each answer carries a room's history)
 * @param joinBurst          joins a connection may send at once
 * @param floodStrikes       rate-limited frames, each less than a second after the last, after which the connection is closed (1008)
 * @param outboxFrames       frames queued for one slow connection before it is closed (1013)
 * @param outboxBytes        bytes (two a character) queued for one slow connection before it is closed (1013)
 * @param maxConnectionsPerAddress connections from one client address at once (an IPv6 address counts by its /64)
 * @param trustedProxies     addresses of reverse proxies whose {@code X-Forwarded-For} names the client
 * @param heartbeat          interval between server pings; a ping unanswered for an interval closes the connection
 * @param presenceBatchAbove members above which a room announces presence in diffs instead of one frame per change
 * @param presenceBatchInterval how long a large room collects presence changes before it sends them as one diff
 * @param allowedOrigins     origins accepted besides the page's own (exact {@code scheme://host[:port]})
 * @param publicOrigin       the page's origin as browsers see it ({@code https://chat.example.com}); when set, it
 *                           replaces the origin made of the request's Host header, which a DNS-rebinding page controls
 * @param allowMissingOrigin whether a handshake without an Origin header (not a browser) is accepted
 * @param botName            the {@code from} of the welcome greeting
 * @param redisUrl           {@code redis://[user:password@]host:port[/db]} of the cluster's Redis, or null for one server on its own
 * @param metricsAllow       networks (CIDR) whose clients may read {@code /metrics}; loopback only by default
 * @param metricsRole        a container role whose users may read {@code /metrics} from anywhere, or null
 */
public record ChatConfig(
        int maxTextLength,
        int maxFrameChars,
        int historySize,
        int maxRooms,
        int roomsPerAddress,
        Duration roomKeep,
        int maxRoomsPerConnection,
        int directHistory,
        Duration directKeep,
        int maxMailboxes,
        double messageRate,
        int messageBurst,
        double frameRate,
        int frameBurst,
        double renameRate,
        int renameBurst,
        double joinRate,
        int joinBurst,
        int floodStrikes,
        int outboxFrames,
        int outboxBytes,
        int maxConnectionsPerAddress,
        List<String> trustedProxies,
        Duration heartbeat,
        int presenceBatchAbove,
        Duration presenceBatchInterval,
        List<String> allowedOrigins,
        String publicOrigin,
        boolean allowMissingOrigin,
        String botName,
        String redisUrl,
        List<String> metricsAllow,
        String metricsRole) {

    public ChatConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
        trustedProxies = List.copyOf(trustedProxies);
        metricsAllow = List.copyOf(metricsAllow);
    }

    /** The shipped defaults. */
    public static ChatConfig defaults() {
        return load(name -> null, name -> null);
    }

    /** Reads the JVM's system properties and environment. */
    public static ChatConfig fromEnvironment() {
        return load(System::getProperty, System::getenv);
    }

    /** Reads from the given sources; throws {@link IllegalArgumentException} naming every bad setting. */
    public static ChatConfig load(Function<String, String> properties, Function<String, String> environment) {
        Reader r = new Reader(properties, environment);
        ChatConfig config = new ChatConfig(
                r.integer("CHAT_MAX_TEXT", 2000, 1, 100_000),
                r.integer("CHAT_MAX_FRAME", 32_768, 1024, 16 * 1024 * 1024),
                r.integer("CHAT_HISTORY_SIZE", 100, 0, 100_000),
                r.integer("CHAT_MAX_ROOMS", 256, 1, 1_000_000),
                r.integer("CHAT_ROOMS_PER_ADDRESS", 32, 1, 1_000_000),
                Duration.ofSeconds(r.integer("CHAT_ROOM_KEEP_SECONDS", 900, 0, 30 * 24 * 3600)),
                r.integer("CHAT_MAX_ROOMS_PER_CONNECTION", 20, 1, 10_000),
                r.integer("CHAT_DIRECT_HISTORY", 50, 0, 100_000),
                Duration.ofSeconds(r.integer("CHAT_DIRECT_KEEP_SECONDS", 7 * 24 * 3600, 60, 365 * 24 * 3600)),
                r.integer("CHAT_MAX_MAILBOXES", 500, 1, 1_000_000),
                r.decimal("CHAT_MESSAGE_RATE", 5, 0.01, 1_000_000),
                r.integer("CHAT_MESSAGE_BURST", 10, 1, 1_000_000),
                r.decimal("CHAT_FRAME_RATE", 20, 0.01, 1_000_000),
                r.integer("CHAT_FRAME_BURST", 40, 1, 1_000_000),
                r.decimal("CHAT_RENAME_RATE", 0.2, 0.001, 1_000_000),
                r.integer("CHAT_RENAME_BURST", 10, 1, 1_000_000),
                r.decimal("CHAT_JOIN_RATE", 1, 0.001, 1_000_000),
                r.integer("CHAT_JOIN_BURST", 25, 1, 1_000_000),
                r.integer("CHAT_FLOOD_STRIKES", 20, 1, 1_000_000),
                r.integer("CHAT_OUTBOX_FRAMES", 256, 1, 1_000_000),
                r.integer("CHAT_OUTBOX_BYTES", 1 << 20, 64 * 1024, Integer.MAX_VALUE),
                r.integer("CHAT_MAX_CONNECTIONS_PER_ADDRESS", 32, 1, 1_000_000),
                r.addresses("CHAT_TRUSTED_PROXIES"),
                Duration.ofMillis(r.integer("CHAT_HEARTBEAT_MILLIS", 25_000, 100, 3_600_000)),
                r.integer("CHAT_PRESENCE_BATCH_ABOVE", 100, 0, 1_000_000),
                Duration.ofMillis(r.integer("CHAT_PRESENCE_BATCH_MILLIS", 500, 10, 60_000)),
                r.origins("CHAT_ALLOWED_ORIGINS"),
                r.publicOrigin("CHAT_PUBLIC_ORIGIN"),
                r.bool("CHAT_ALLOW_NO_ORIGIN", true),
                r.text("CHAT_BOT_NAME", "ChatBot"),
                r.redisUrl("CHAT_REDIS_URL"),
                r.networks("CHAT_METRICS_ALLOW", List.of("127.0.0.0/8", "::1/128")),
                r.text("CHAT_METRICS_ROLE", null));
        if (config.maxFrameChars() < config.maxTextLength() * 2L + 512) {
            r.problems.add("CHAT_MAX_FRAME (" + config.maxFrameChars() + ") must be at least twice CHAT_MAX_TEXT plus 512,"
                    + " so that every text within the text limit fits in a frame");
        }
        if (config.roomsPerAddress() < config.maxRoomsPerConnection()) {
            r.problems.add("CHAT_ROOMS_PER_ADDRESS (" + config.roomsPerAddress() + ") must be at least"
                    + " CHAT_MAX_ROOMS_PER_CONNECTION (" + config.maxRoomsPerConnection() + ")");
        }
        if (config.joinBurst() <= config.maxRoomsPerConnection()) {
            r.problems.add("CHAT_JOIN_BURST (" + config.joinBurst() + ") must be more than"
                    + " CHAT_MAX_ROOMS_PER_CONNECTION (" + config.maxRoomsPerConnection() + "), so that a client"
                    + " coming back can rejoin all its rooms at once");
        }
        if (!r.problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid chat configuration: " + String.join("; ", r.problems));
        }
        return config;
    }

    /** The system property name of an environment variable name: CHAT_HISTORY_SIZE -> chat.history.size. */
    public static String propertyName(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** The settings as documented names and values, for the startup log line. */
    public Map<String, Object> describe() {
        return Map.ofEntries(
                Map.entry("CHAT_MAX_TEXT", maxTextLength), Map.entry("CHAT_MAX_FRAME", maxFrameChars),
                Map.entry("CHAT_HISTORY_SIZE", historySize), Map.entry("CHAT_MAX_ROOMS", maxRooms),
                Map.entry("CHAT_MAX_ROOMS_PER_CONNECTION", maxRoomsPerConnection),
                Map.entry("CHAT_DIRECT_HISTORY", directHistory),
                Map.entry("CHAT_DIRECT_KEEP_SECONDS", directKeep.toSeconds()),
                Map.entry("CHAT_MAX_MAILBOXES", maxMailboxes),
                Map.entry("CHAT_MESSAGE_RATE", messageRate), Map.entry("CHAT_MESSAGE_BURST", messageBurst),
                Map.entry("CHAT_FRAME_RATE", frameRate), Map.entry("CHAT_FRAME_BURST", frameBurst),
                Map.entry("CHAT_RENAME_RATE", renameRate), Map.entry("CHAT_RENAME_BURST", renameBurst),
                Map.entry("CHAT_JOIN_RATE", joinRate), Map.entry("CHAT_JOIN_BURST", joinBurst),
                Map.entry("CHAT_FLOOD_STRIKES", floodStrikes), Map.entry("CHAT_OUTBOX_FRAMES", outboxFrames),
                Map.entry("CHAT_OUTBOX_BYTES", outboxBytes),
                Map.entry("CHAT_MAX_CONNECTIONS_PER_ADDRESS", maxConnectionsPerAddress),
                Map.entry("CHAT_TRUSTED_PROXIES", String.join(",", trustedProxies)),
                Map.entry("CHAT_HEARTBEAT_MILLIS", heartbeat.toMillis()),
                Map.entry("CHAT_PRESENCE_BATCH_ABOVE", presenceBatchAbove),
                Map.entry("CHAT_PRESENCE_BATCH_MILLIS", presenceBatchInterval.toMillis()),
                Map.entry("CHAT_ALLOWED_ORIGINS", String.join(",", allowedOrigins)),
                Map.entry("CHAT_PUBLIC_ORIGIN", publicOrigin == null ? "(none: the request's Host)" : publicOrigin),
                Map.entry("CHAT_ALLOW_NO_ORIGIN", allowMissingOrigin), Map.entry("CHAT_BOT_NAME", botName),
                // the URL may carry a password: say only whether it is set
                Map.entry("CHAT_REDIS_URL", redisUrl == null ? "(none: one server)" : "(set)"),
                Map.entry("CHAT_METRICS_ALLOW", metricsAllow.isEmpty() ? "none" : String.join(",", metricsAllow)),
                Map.entry("CHAT_METRICS_ROLE", metricsRole == null ? "(none)" : metricsRole));
    }

    /** Looks each setting up and collects every problem, so one failed start names them all. */
    private static final class Reader {
        private final Function<String, String> properties;
        private final Function<String, String> environment;
        private final List<String> problems = new ArrayList<>();

        Reader(Function<String, String> properties, Function<String, String> environment) {
            this.properties = properties;
            this.environment = environment;
        }

        private String raw(String variable) {
            String value = properties.apply(propertyName(variable));
            if (value == null) {
                value = environment.apply(variable);
            }
            return value == null || value.isBlank() ? null : value.trim();
        }

        int integer(String variable, int fallback, int min, int max) {
            String value = raw(variable);
            if (value == null) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            problems.add(variable + "='" + value + "' is not a whole number from " + min + " to " + max);
            return fallback;
        }

        double decimal(String variable, double fallback, double min, double max) {
            String value = raw(variable);
            if (value == null) {
                return fallback;
            }
            try {
                double parsed = Double.parseDouble(value);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            problems.add(variable + "='" + value + "' is not a number from " + min + " to " + max);
            return fallback;
        }

        boolean bool(String variable, boolean fallback) {
            String value = raw(variable);
            if (value == null) {
                return fallback;
            }
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1" -> true;
                case "false", "no", "0" -> false;
                default -> {
                    problems.add(variable + "='" + value + "' is not true or false");
                    yield fallback;
                }
            };
        }

        String text(String variable, String fallback) {
            String value = raw(variable);
            return value == null ? fallback : value;
        }

        /** A redis:// or rediss:// URL with a host and a port, or null when unset. */
        String redisUrl(String variable) {
            String value = raw(variable);
            if (value == null) {
                return null;
            }
            try {
                java.net.URI uri = new java.net.URI(value);
                if (("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme()))
                        && uri.getHost() != null && uri.getPort() > 0) {
                    return value;
                }
            } catch (java.net.URISyntaxException ignored) {
                // reported below
            }
            problems.add(variable + " must be redis://host:port or rediss://host:port (with optional"
                    + " user:password@ and /database), was '" + value.replaceAll("//[^@/]*@", "//***@") + "'");
            return null;
        }

        /** Comma-separated IP addresses (literals, never host names: no lookup at startup). */
        List<String> addresses(String variable) {
            return items(variable, ClientAddresses::canonical, "an IPv4 or IPv6 address");
        }

        /** One origin like https://chat.example.com, or null when unset. */
        String publicOrigin(String variable) {
            String value = raw(variable);
            if (value == null) {
                return null;
            }
            String origin = origin(value);
            if (origin == null) {
                problems.add(variable + "='" + value + "' is not " + ORIGIN);
            }
            return origin;
        }

        /** Comma-separated networks like 10.0.0.0/8 or ::1; {@code none} for none; {@code fallback} when unset. */
        List<String> networks(String variable, List<String> fallback) {
            String value = raw(variable);
            if (value == null) {
                return fallback;
            }
            if (value.equalsIgnoreCase("none")) {
                return List.of();
            }
            return items(variable, Networks::canonical, "a network such as 10.0.0.0/8 or an address");
        }

        /** Comma-separated origins like https://chat.example.com. */
        List<String> origins(String variable) {
            return items(variable, Reader::origin, ORIGIN);
        }

        private static final String ORIGIN = "an origin like https://chat.example.com";

        /** {@code scheme://host[:port]} in lower case, or null if {@code value} is not that. */
        private static String origin(String value) {
            String origin = value.toLowerCase(Locale.ROOT);
            return origin.matches("https?://[^/\\s]+") ? origin : null;
        }

        /** Comma-separated items, each made canonical by {@code parse} (null: not one), blanks skipped. */
        private List<String> items(String variable, Function<String, String> parse, String what) {
            String value = raw(variable);
            if (value == null) {
                return List.of();
            }
            List<String> items = new ArrayList<>();
            for (String item : value.split(",")) {
                String trimmed = item.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                String parsed = parse.apply(trimmed);
                if (parsed == null) {
                    problems.add(variable + " entry '" + trimmed + "' is not " + what);
                } else {
                    items.add(parsed);
                }
            }
            return items;
        }
    }
}
