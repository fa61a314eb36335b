package dev.keyplane.webhook;

import dev.keyplane.access.Internal;
import dev.keyplane.KeyplaneConfig;
import dev.keyplane.common.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where a webhook may point: {@code https} to public addresses, and {@code http} or private addresses only
 * inside the operator's allowlist ({@code KEYPLANE_WEBHOOK_ALLOWED_NETWORKS}). The host is resolved and every
 * address checked, at create time and again before each delivery, and the delivery connects to the address
 * checked, so a DNS answer that changes in between (rebinding) cannot reach an internal service.
 */
@Internal("address checks for webhook endpoints being created by an authorized operation")
@ApplicationScoped
public class WebhookTargets {

    /** A checked URL: connect to {@code address}, and send {@code host} as the Host header and TLS server name. */
    public record Target(String host, int port, boolean tls, String requestUri, InetAddress address) {}

    /** Address classes no webhook reaches unless allowlisted, with the name a refusal gives. */
    private static final List<Object[]> FORBIDDEN = List.of(
            new Object[] {Cidr.parse("0.0.0.0/8"), "unspecified"},
            new Object[] {Cidr.parse("100.64.0.0/10"), "shared (carrier-grade NAT)"},
            new Object[] {Cidr.parse("192.0.0.0/24"), "IETF protocol"},
            new Object[] {Cidr.parse("198.18.0.0/15"), "benchmarking"},
            new Object[] {Cidr.parse("240.0.0.0/4"), "reserved"},
            new Object[] {Cidr.parse("fc00::/7"), "unique-local"},
            new Object[] {Cidr.parse("100::/64"), "discard"});

    private final List<Cidr> allowed;

    @Inject
    public WebhookTargets(KeyplaneConfig config) {
        this.allowed = config.webhooks().allowedNetworks().orElse(List.of()).stream()
                .map(String::trim).filter(s -> !s.isEmpty()).map(Cidr::parse).toList();
    }

    /** The URL's form, checked without resolving: absolute, http(s), a host, no credentials, no fragment. */
    public static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refused("url is not a valid URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw refused("url must be an https URL.");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw refused("url must name a host.");
        }
        if (uri.getRawUserInfo() != null) {
            throw refused("url must not carry credentials.");
        }
        if (uri.getRawFragment() != null) {
            throw refused("url must not have a fragment.");
        }
        return uri;
    }

    /** Resolves the URL's host and checks every address. Blocking (DNS): call it on a worker thread. */
    public Target resolve(String url) {
        URI uri = parse(url);
        boolean tls = uri.getScheme().equalsIgnoreCase("https");
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw refused("url's host '" + host + "' does not resolve.");
        }
        for (InetAddress address : addresses) {
            boolean inAllowlist = allowed.stream().anyMatch(n -> n.contains(address));
            if (!inAllowlist) {
                String forbidden = forbiddenClass(address);
                if (forbidden != null) {
                    throw refused("url's host resolves to a " + forbidden + " address (" + address.getHostAddress()
                            + "), which webhooks may not reach unless the operator allows its network.");
                }
                if (!tls) {
                    throw refused("url must be an https URL (plain http only reaches networks the operator allows).");
                }
            }
        }
        int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String requestUri = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new Target(host, port, tls, requestUri, addresses[0]);
    }

    /** The class that forbids an address, or null for a public one. IPv4 inside IPv6 is judged as IPv4. */
    static String forbiddenClass(InetAddress address) {
        InetAddress a = embeddedIpv4(address);
        if (a.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local (cloud metadata)";
        }
        if (a.isSiteLocalAddress()) {
            return "private";
        }
        if (a.isMulticastAddress()) {
            return "multicast";
        }
        if (a instanceof Inet4Address && Arrays.equals(a.getAddress(), new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 255})) {
            return "broadcast";
        }
        for (Object[] range : FORBIDDEN) {
            if (((Cidr) range[0]).contains(a)) {
                return (String) range[1];
            }
        }
        return null;
    }

    /** The IPv4 address an IPv6 one carries (IPv4-mapped, -compatible, NAT64 64:ff9b::/96, 6to4 2002::/16), or itself. */
    private static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        byte[] v4 = null;
        if (allZero(b, 0, 9) && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
            v4 = Arrays.copyOfRange(b, 12, 16); // IPv4-mapped ::ffff:a.b.c.d
        } else if (allZero(b, 0, 11) && !allZero(b, 12, 14)) {
            v4 = Arrays.copyOfRange(b, 12, 16); // IPv4-compatible ::a.b.c.d (not :: nor ::1)
        } else if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && allZero(b, 4, 11)) {
            v4 = Arrays.copyOfRange(b, 12, 16); // NAT64 64:ff9b::a.b.c.d
        } else if (b[0] == 0x20 && b[1] == 0x02) {
            v4 = Arrays.copyOfRange(b, 2, 6); // 6to4 2002:aabb:ccdd::
        }
        try {
            return v4 == null ? address : InetAddress.getByAddress(v4);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i <= to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static ApiException refused(String message) {
        return ApiException.invalid("url", message);
    }

    /** A network in CIDR notation, IPv4 or IPv6. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String cidr) {
            int slash = cidr.indexOf('/');
            String literal = slash < 0 ? cidr : cidr.substring(0, slash);
            // four dotted decimals exactly: Java reads "10" as 0.0.0.10, so "10/8" would allow 0.0.0.0/8 (this host)
            if (!literal.matches("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}"
                    + "|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
                throw new IllegalArgumentException("Not an address literal: " + cidr); // a host name would be resolved
            }
            try {
                // literals only: getByName does not resolve an address literal
                byte[] network = InetAddress.getByName(literal).getAddress();
                int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
                if (prefix < 0 || prefix > network.length * 8) {
                    throw new IllegalArgumentException("Not a network: " + cidr);
                }
                return new Cidr(network, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("Not a network in CIDR notation: " + cidr, e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }
}
