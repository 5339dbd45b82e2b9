package org.jakartachat.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of networks in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}; a bare address is
 * the network of that one address), and whether an address is in one of them. IPv4 and IPv6
 * are separate: {@code 127.0.0.0/8} does not hold {@code ::1}.
 */
public final class Networks {
    private record Network(byte[] prefix, int bits) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (prefix[whole] & mask);
        }
    }

    private final List<Network> networks;

    private Networks(List<Network> networks) {
        this.networks = List.copyOf(networks);
    }

    /**
     * Each network in canonical form ({@code 127.0.0.0/8}), or null for an entry that is not a
     * network: for the configuration reader, which reports it.
     */
    static String canonical(String cidr) {
        Network network = parse(cidr);
        if (network == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(network.prefix()).getHostAddress() + "/" + network.bits();
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    /** The networks of a list made by the configuration (each entry valid). */
    public static Networks of(List<String> cidrs) {
        List<Network> parsed = new ArrayList<>();
        for (String cidr : cidrs) {
            Network network = parse(cidr);
            if (network == null) {
                throw new IllegalArgumentException("not a network: " + cidr);
            }
            parsed.add(network);
        }
        return new Networks(parsed);
    }

    public boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] bytes = address.getAddress();
        return networks.stream().anyMatch(network -> network.contains(bytes));
    }

    private static Network parse(String cidr) {
        String text = cidr.trim();
        int slash = text.indexOf('/');
        InetAddress address = ClientAddresses.parse(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            return null;
        }
        byte[] bytes = address.getAddress();
        int max = bytes.length * 8;
        int bits = max;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (bits < 0 || bits > max) {
                return null;
            }
        }
        // The prefix keeps only its network bits, so 10.1.2.3/8 is 10.0.0.0/8.
        for (int i = 0; i < bytes.length; i++) {
            int kept = Math.max(0, Math.min(8, bits - i * 8));
            bytes[i] &= (byte) ((0xff << (8 - kept)) & 0xff);
        }
        return new Network(bytes, bits);
    }
}
