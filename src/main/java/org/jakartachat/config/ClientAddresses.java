package org.jakartachat.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which client a connection comes from, for the limits per address: the peer's IP address,
 * or the client a trusted reverse proxy names in {@code X-Forwarded-For}.
 *
 * <p>An IPv6 client counts by its /64 network: one home or one cloud instance is routinely
 * given a whole /64, so counting single IPv6 addresses would give one client billions of
 * them. An IPv4-mapped IPv6 address counts as its IPv4 address.
 *
 * <p>Only literals are read, never host names: nothing here looks anything up.
 */
public final class ClientAddresses {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.]+)?]?");

    private ClientAddresses() {
    }

    /** The address in canonical form ({@code 10.0.0.1}, {@code 2001:db8:0:0:0:0:0:1}), or null if it is not a literal. */
    public static String canonical(String literal) {
        InetAddress address = parse(literal);
        return address == null ? null : address.getHostAddress();
    }

    /**
     * The key the limits count a client by: {@code peer}'s address, unless {@code peer} is one of
     * {@code trustedProxies}; then the rightmost address in {@code forwardedFor} that is not a
     * trusted proxy itself (each proxy appends the address it was reached from, so entries to the
     * left of that one were written by the client and prove nothing). Null when there is no
     * readable address at all.
     */
    public static String key(String peer, String forwardedFor, List<String> trustedProxies) {
        InetAddress client = client(peer, forwardedFor, trustedProxies);
        return client == null ? null : group(client);
    }

    /** The client's own address, found as {@link #key} finds it, whole (not grouped): null if none is readable. */
    public static InetAddress client(String peer, String forwardedFor, List<String> trustedProxies) {
        InetAddress client = parse(peer);
        if (client != null && forwardedFor != null && trustedProxies.contains(client.getHostAddress())) {
            String[] hops = forwardedFor.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                InetAddress hop = parse(hops[i].trim());
                if (hop == null) {
                    break; // garbage in the chain: the last proxy we trust is the client we know
                }
                client = hop;
                if (!trustedProxies.contains(hop.getHostAddress())) {
                    break;
                }
            }
        }
        return client;
    }

    /** IPv4 as it is; IPv6 as its /64 network. */
    static String group(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        StringBuilder network = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
        }
        return network.append(":/64").toString();
    }

    /** The address of a literal (never looked up), an IPv4-mapped IPv6 one as IPv4; null if it is not one. */
    static InetAddress parse(String literal) {
        if (literal == null || literal.isEmpty() || literal.length() > 64) {
            return null;
        }
        boolean v4 = IPV4.matcher(literal).matches();
        if (!v4 && !IPV6.matcher(literal).matches()) {
            return null; // a host name, or garbage: never looked up
        }
        try {
            InetAddress address = InetAddress.getByName(literal); // a literal: parsed, not resolved
            if (address instanceof Inet6Address six) {
                byte[] b = six.getAddress();
                boolean mapped = true;
                for (int i = 0; i < 10; i++) {
                    mapped &= b[i] == 0;
                }
                if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                }
                return InetAddress.getByAddress(b); // drops a scope id
            }
            return address;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
