package com.larkops.skill.httpcheck;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses a URL typed in chat may reach: not this host (loopback), not the cloud's metadata
 * service (link-local), not private networks (RFC 1918, CGNAT 100.64/10, IPv6 unique-local) and no
 * special addresses — unless the operator lists the network in {@code HTTPCHECK_ALLOWED_NETWORKS}. IPv6
 * forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that IPv4 address.
 */
final class AddressRules {
    /** A network in CIDR form, e.g. {@code 172.16.0.0/12} or {@code fd00::/8}. */
    record Cidr(byte[] network, int bits) {
        static Cidr parse(String text) {
            String t = text.strip();
            int slash = t.indexOf('/');
            try {
                if (slash < 0 || !t.substring(0, slash).matches("[0-9a-fA-F:.]+")) {
                    throw new IllegalArgumentException();
                }
                byte[] address = InetAddress.getByName(t.substring(0, slash)).getAddress();
                int bits = Integer.parseInt(t.substring(slash + 1));
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException();
                }
                return new Cidr(address, bits);
            } catch (UnknownHostException | IllegalArgumentException e) {
                throw new IllegalArgumentException("HTTPCHECK_ALLOWED_NETWORKS: '" + t + "' is not a network like 172.18.0.0/16");
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final List<Named> BLOCKED = List.of(
            new Named("a wildcard or 'this network' address", "0.0.0.0/8"),
            new Named("loopback", "127.0.0.0/8"),
            new Named("private (10/8)", "10.0.0.0/8"),
            new Named("private (172.16/12)", "172.16.0.0/12"),
            new Named("private (192.168/16)", "192.168.0.0/16"),
            new Named("carrier-grade NAT (100.64/10)", "100.64.0.0/10"),
            new Named("link-local (cloud metadata lives here)", "169.254.0.0/16"),
            new Named("reserved", "192.0.0.0/24"),
            new Named("multicast", "224.0.0.0/4"),
            new Named("reserved", "240.0.0.0/4"),
            new Named("a wildcard address", "::/128"),
            new Named("loopback", "::1/128"),
            new Named("link-local (cloud metadata lives here)", "fe80::/10"),
            new Named("site-local", "fec0::/10"),
            new Named("private (unique-local fc00::/7)", "fc00::/7"),
            new Named("multicast", "ff00::/8"));

    private record Named(String what, Cidr cidr) {
        Named(String what, String cidr) {
            this(what, Cidr.parse(cidr));
        }
    }

    private final List<Cidr> allowed;

    AddressRules(List<String> allowedNetworks) {
        this.allowed = allowedNetworks.stream().filter(s -> !s.isBlank()).map(Cidr::parse).toList();
    }

    /** Why this address may not be reached, or empty when it may. */
    Optional<String> refusal(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (allowed.stream().anyMatch(c -> c.contains(bytes))) {
            return Optional.empty();
        }
        byte[] judged = embeddedV4(address).orElse(bytes);
        if (judged != bytes && allowed.stream().anyMatch(c -> c.contains(judged))) {
            return Optional.empty();
        }
        return BLOCKED.stream().filter(n -> n.cidr().contains(judged)).findFirst().map(Named::what);
    }

    /** The IPv4 address inside an IPv6 one, for the forms that route to it. */
    static Optional<byte[]> embeddedV4(InetAddress address) {
        if (address instanceof Inet4Address || !(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        boolean zeroTen = true;
        for (int i = 0; i < 10; i++) {
            zeroTen &= b[i] == 0;
        }
        boolean mapped = zeroTen && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeroTen && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        if (mapped || compatible || nat64) {
            return Optional.of(new byte[]{b[12], b[13], b[14], b[15]});
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) { // 6to4: 2002:AABB:CCDD::
            return Optional.of(new byte[]{b[2], b[3], b[4], b[5]});
        }
        return Optional.empty();
    }
}
