package org.jakartachat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
    private static final List<String> NONE = List.of();

    @Test
    void thePeerIsTheClientUnlessItIsATrustedProxy() {
        assertEquals("203.0.113.7", ClientAddresses.key("203.0.113.7", null, NONE));
        assertEquals("203.0.113.7", ClientAddresses.key("203.0.113.7", "198.51.100.1", NONE),
                "X-Forwarded-For from anyone else proves nothing");
        List<String> proxy = List.of("10.0.0.5");
        assertEquals("198.51.100.1", ClientAddresses.key("10.0.0.5", "198.51.100.1", proxy));
        assertEquals("10.0.0.5", ClientAddresses.key("10.0.0.5", null, proxy), "no header: the proxy itself");
    }

    @Test
    void theRightmostAddressNotATrustedProxyIsTheClientWhatTheClientWroteLeftOfItIsIgnored() {
        List<String> proxies = List.of("10.0.0.5", "10.0.0.6");
        assertEquals("198.51.100.1", ClientAddresses.key("10.0.0.5", "1.2.3.4, 198.51.100.1, 10.0.0.6", proxies));
        assertEquals("198.51.100.1", ClientAddresses.key("10.0.0.5", "evil, 198.51.100.1", proxies));
        assertEquals("10.0.0.6", ClientAddresses.key("10.0.0.5", "not-an-address, 10.0.0.6", proxies),
                "garbage stops the walk at the last proxy trusted");
    }

    @Test
    void anIpv6ClientCountsByItsSlash64AndAMappedIpv4ByItsIpv4() {
        assertEquals("2001:db8:1:2::/64", ClientAddresses.key("2001:db8:1:2:aaaa::1", null, NONE));
        assertEquals("2001:db8:1:2::/64", ClientAddresses.key("2001:db8:1:2:ffff:ffff:ffff:fffe", null, NONE));
        assertEquals("192.0.2.9", ClientAddresses.key("::ffff:192.0.2.9", null, NONE));
        assertEquals("2001:db8:0:0:0:0:0:1", ClientAddresses.canonical("2001:DB8::1"));
    }

    @Test
    void namesAreNeverLookedUp() {
        assertNull(ClientAddresses.canonical("localhost"));
        assertNull(ClientAddresses.canonical("example.com"));
        assertNull(ClientAddresses.canonical("999.1.1.1"));
        assertNull(ClientAddresses.key(null, null, NONE));
    }
}
