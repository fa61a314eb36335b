package dev.keyplane.webhook;

import dev.keyplane.KeyplaneConfig;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.ErrorKind;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a webhook may point, checked on address literals only (no DNS): form, address classes, the allowlist. */
class WebhookTargetsTest {

    /** WebhookTargets as configured with {@code KEYPLANE_WEBHOOK_ALLOWED_NETWORKS}. */
    private static WebhookTargets allowing(String... networks) {
        KeyplaneConfig.Webhooks webhooks = (KeyplaneConfig.Webhooks) Proxy.newProxyInstance(
                WebhookTargetsTest.class.getClassLoader(), new Class<?>[] {KeyplaneConfig.Webhooks.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("allowedNetworks")) {
                        return networks.length == 0 ? Optional.empty() : Optional.of(List.of(networks));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        KeyplaneConfig config = (KeyplaneConfig) Proxy.newProxyInstance(WebhookTargetsTest.class.getClassLoader(),
                new Class<?>[] {KeyplaneConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("webhooks")) {
                        return webhooks;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new WebhookTargets(config);
    }

    private static ApiException refused(Runnable check) {
        ApiException e = assertThrows(ApiException.class, check::run);
        assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
        assertEquals("url", e.param());
        return e;
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    /** {@code ::ffff:<v4>} as an Inet6Address (InetAddress.getByName would turn it into IPv4 itself). */
    private static InetAddress mapped(String v4) throws Exception {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(ip(v4).getAddress(), 0, b, 12, 4);
        return Inet6Address.getByAddress(null, b, -1);
    }

    // --- the URL's form ---

    @Test
    void onlyAbsoluteHttpUrlsWithAHostAndNoCredentialsOrFragment() {
        assertEquals("hooks.example.com", WebhookTargets.parse("https://hooks.example.com/x").getHost());
        assertTrue(refused(() -> WebhookTargets.parse("ftp://hooks.example.com/")).getMessage().contains("https"));
        refused(() -> WebhookTargets.parse("/relative/path"));
        refused(() -> WebhookTargets.parse("javascript:alert(1)"));
        assertTrue(refused(() -> WebhookTargets.parse("https:///no-host")).getMessage().contains("host"));
        assertTrue(refused(() -> WebhookTargets.parse("https://user:pw@hooks.example.com/")).getMessage().contains("credentials"));
        assertTrue(refused(() -> WebhookTargets.parse("https://hooks.example.com/#frag")).getMessage().contains("fragment"));
        assertTrue(refused(() -> WebhookTargets.parse("https://hooks example.com/")).getMessage().contains("valid URL"));
    }

    // --- address classes ---

    @Test
    void internalAddressesAreForbiddenByClass() throws Exception {
        assertEquals("loopback", WebhookTargets.forbiddenClass(ip("127.0.0.1")));
        assertEquals("loopback", WebhookTargets.forbiddenClass(ip("127.255.0.9")));
        assertEquals("loopback", WebhookTargets.forbiddenClass(ip("::1")));
        assertEquals("unspecified", WebhookTargets.forbiddenClass(ip("0.0.0.0")));
        assertEquals("unspecified", WebhookTargets.forbiddenClass(ip("0.1.2.3")));
        assertEquals("unspecified", WebhookTargets.forbiddenClass(ip("::")));
        assertEquals("link-local (cloud metadata)", WebhookTargets.forbiddenClass(ip("169.254.169.254")));
        assertEquals("link-local (cloud metadata)", WebhookTargets.forbiddenClass(ip("fe80::1")));
        for (String privateAddress : List.of("10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "fec0::1")) {
            assertEquals("private", WebhookTargets.forbiddenClass(ip(privateAddress)), privateAddress);
        }
        assertEquals("multicast", WebhookTargets.forbiddenClass(ip("224.0.0.1")));
        assertEquals("multicast", WebhookTargets.forbiddenClass(ip("ff02::1")));
        assertEquals("broadcast", WebhookTargets.forbiddenClass(ip("255.255.255.255")));
        assertEquals("shared (carrier-grade NAT)", WebhookTargets.forbiddenClass(ip("100.64.0.1")));
        assertEquals("shared (carrier-grade NAT)", WebhookTargets.forbiddenClass(ip("100.127.255.255")));
        assertEquals("IETF protocol", WebhookTargets.forbiddenClass(ip("192.0.0.8")));
        assertEquals("benchmarking", WebhookTargets.forbiddenClass(ip("198.19.0.1")));
        assertEquals("reserved", WebhookTargets.forbiddenClass(ip("240.0.0.1")));
        assertEquals("unique-local", WebhookTargets.forbiddenClass(ip("fd12:3456::1")));
        assertEquals("discard", WebhookTargets.forbiddenClass(ip("100::1")));
    }

    @Test
    void publicAddressesJustOutsideEachRangeAreAllowed() throws Exception {
        for (String publicAddress : List.of("8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.63.255.255",
                "100.128.0.0", "169.253.255.255", "169.255.0.1", "192.0.1.1", "198.17.255.255", "198.20.0.1",
                "223.255.255.255", "11.0.0.1", "2606:4700:4700::1111", "2001:4860:4860::8888", "fbff::1", "fe00::1")) {
            assertNull(WebhookTargets.forbiddenClass(ip(publicAddress)), publicAddress);
        }
    }

    @Test
    void anIpv4AddressInsideIpv6IsJudgedAsIpv4() throws Exception {
        InetAddress mapped = mapped("169.254.169.254");
        assertInstanceOf(Inet6Address.class, mapped);
        assertEquals("link-local (cloud metadata)", WebhookTargets.forbiddenClass(mapped));
        assertEquals("loopback", WebhookTargets.forbiddenClass(ip("::127.0.0.1")), "IPv4-compatible");
        assertEquals("private", WebhookTargets.forbiddenClass(ip("64:ff9b::10.0.0.1")), "NAT64");
        assertEquals("loopback", WebhookTargets.forbiddenClass(ip("2002:7f00:1::")), "6to4 of 127.0.0.1");
        assertNull(WebhookTargets.forbiddenClass(ip("64:ff9b::8.8.8.8")));
        assertNull(WebhookTargets.forbiddenClass(ip("2002:808:808::")));
    }

    // --- resolve: the class, the allowlist and the scheme together ---

    @Test
    void aPublicHttpsAddressResolvesToTheAddressChecked() {
        WebhookTargets.Target target = allowing().resolve("https://8.8.8.8/hooks/in?x=1&y=%20");
        assertEquals("8.8.8.8", target.host());
        assertEquals(443, target.port());
        assertTrue(target.tls());
        assertEquals("/hooks/in?x=1&y=%20", target.requestUri());
        assertEquals("8.8.8.8", target.address().getHostAddress());
        assertEquals("/", allowing().resolve("HTTPS://1.1.1.1:8443").requestUri());
        assertEquals(8443, allowing().resolve("HTTPS://1.1.1.1:8443").port());
    }

    @Test
    void internalAddressesAreRefusedNamingTheirClass() {
        WebhookTargets targets = allowing();
        assertTrue(refused(() -> targets.resolve("https://127.0.0.1/")).getMessage().contains("loopback address (127.0.0.1)"));
        assertTrue(refused(() -> targets.resolve("https://169.254.169.254/latest/meta-data/")).getMessage()
                .contains("link-local (cloud metadata)"));
        assertTrue(refused(() -> targets.resolve("https://[::1]:8443/")).getMessage().contains("loopback"));
        assertTrue(refused(() -> targets.resolve("https://[::ffff:10.0.0.1]/")).getMessage().contains("private"));
        assertTrue(refused(() -> targets.resolve("https://[64:ff9b::a9fe:a9fe]/")).getMessage().contains("link-local"));
        assertTrue(refused(() -> targets.resolve("https://0.0.0.0/")).getMessage().contains("unspecified"));
    }

    @Test
    void plainHttpIsRefusedOutsideTheAllowedNetworks() {
        ApiException e = refused(() -> allowing().resolve("http://8.8.8.8/"));
        assertTrue(e.getMessage().contains("https"), e.getMessage());
        refused(() -> allowing("10.0.0.0/8").resolve("http://8.8.8.8/"));
    }

    @Test
    void anAllowedNetworkAdmitsItsInternalAddressesAndPlainHttp() {
        WebhookTargets targets = allowing(" 10.20.0.0/16 ", "", "::1");
        WebhookTargets.Target intranet = targets.resolve("http://10.20.3.4:8080/in");
        assertFalse(intranet.tls());
        assertEquals(8080, intranet.port());
        assertEquals(80, targets.resolve("http://10.20.3.4/in").port());
        WebhookTargets.Target loopback = targets.resolve("http://[::1]/in");
        assertEquals("::1", loopback.host(), "brackets are not part of the host");
        // only the networks allowed: a neighbouring one, and other internal classes, stay refused
        refused(() -> targets.resolve("https://10.21.0.1/"));
        refused(() -> targets.resolve("https://127.0.0.1/"));
        refused(() -> targets.resolve("https://169.254.169.254/"));
    }

    @Test
    void anAllowedPublicNetworkAdmitsPlainHttp() {
        assertFalse(allowing("8.8.8.0/24").resolve("http://8.8.8.8/").tls());
        refused(() -> allowing("8.8.8.0/24").resolve("http://8.8.4.4/"));
    }

    // --- CIDR ---

    @Test
    void aCidrContainsExactlyItsPrefix() throws Exception {
        WebhookTargets.Cidr nine = WebhookTargets.Cidr.parse("10.0.0.0/9");
        assertTrue(nine.contains(ip("10.127.255.255")));
        assertFalse(nine.contains(ip("10.128.0.0")));
        assertFalse(nine.contains(ip("11.0.0.0")));
        assertTrue(WebhookTargets.Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9")));
        assertFalse(WebhookTargets.Cidr.parse("0.0.0.0/0").contains(ip("2001:db8::1")), "IPv4 networks hold no IPv6");
        WebhookTargets.Cidr host = WebhookTargets.Cidr.parse("192.168.1.10");
        assertEquals(32, host.prefix());
        assertTrue(host.contains(ip("192.168.1.10")));
        assertFalse(host.contains(ip("192.168.1.11")));
        WebhookTargets.Cidr v6 = WebhookTargets.Cidr.parse("fd00:abcd::/32");
        assertTrue(v6.contains(ip("fd00:abcd:ffff::1")));
        assertFalse(v6.contains(ip("fd00:abce::1")));
    }

    @Test
    void aCidrThatIsNotAnAddressLiteralIsRefusedWithoutResolvingIt() {
        for (String bad : List.of("intranet.example.com/16", "localhost", "10.0.0.0/33", "::/129", "10.0.0.0/-1",
                "10.0.0.0/x", "")) {
            assertThrows(IllegalArgumentException.class, () -> WebhookTargets.Cidr.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> allowing("intranet.local/24"));
    }

    /** Java reads "10" as 0.0.0.10: a short form would silently allow 0.0.0.0/8, which reaches this host. */
    @Test
    void aShortOrOutOfRangeIpv4FormIsRefused() {
        for (String bad : List.of("10/8", "10.20/16", "10.1.2/24", "999.1.1.1/8", "256.0.0.0/8", "01.2.3.4", "1.2.3.4.5")) {
            assertThrows(IllegalArgumentException.class, () -> WebhookTargets.Cidr.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> allowing("10/8"));
    }
}
