package com.larkops.skill.httpcheck;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a URL typed in chat may be fetched. Anyone in the chat can type one, so: http(s) only,
 * no credentials in the URL (they would be echoed back to chat), an optional host allow-list, and never a
 * link-local address, where cloud VMs (Tencent Cloud included) serve instance metadata and credentials.
 */
public final class UrlPolicy {
    private final List<String> allowedHosts;
    private final Resolver resolver;

    /** {@code allowedHosts}: exact names or {@code *.suffix}; empty allows any host that passes the other rules. */
    public UrlPolicy(List<String> allowedHosts, Resolver resolver) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        this.resolver = resolver;
    }

    /** From {@code HTTPCHECK_ALLOWED_HOSTS} (comma-separated), resolving names with the system resolver. */
    public static UrlPolicy fromEnv(String allowedHosts) {
        List<String> hosts = allowedHosts == null ? List.of() : Arrays.asList(allowedHosts.split(","));
        return new UrlPolicy(hosts, InetAddress::getAllByName);
    }

    /** The URI to fetch, or {@link Refused} saying why not. */
    public URI vet(String raw) throws Refused {
        URI uri;
        try {
            uri = new URI(raw.strip());
        } catch (URISyntaxException e) {
            throw new Refused("not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("only http:// and https:// URLs are checked");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("no credentials in the URL, please");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new Refused("the URL has no host");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (!allowedHosts.isEmpty() && allowedHosts.stream().noneMatch(pattern -> matches(pattern, uri.getHost()))) {
            throw new Refused("host " + host + " is not in HTTPCHECK_ALLOWED_HOSTS");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new Refused("unknown host " + host);
        }
        for (InetAddress a : addresses) {
            if (a.isLinkLocalAddress() || a.isMulticastAddress() || a.isAnyLocalAddress()) {
                throw new Refused("host " + host + " resolves to " + a.getHostAddress() + ", a link-local or special address");
            }
        }
        return uri;
    }

    private static boolean matches(String pattern, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return pattern.startsWith("*.") ? h.endsWith(pattern.substring(1)) : h.equals(pattern);
    }

    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A URL the policy will not fetch; the message is safe to show in chat. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }
}
