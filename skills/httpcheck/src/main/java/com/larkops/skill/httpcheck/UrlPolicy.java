package com.larkops.skill.httpcheck;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a URL typed in chat may be fetched, and where. Anyone in the chat can type one, so:
 * http(s) only, no credentials in the URL (they would be echoed back to chat), an optional host
 * allow-list, and every address the name resolves to must pass {@link AddressRules} (no loopback,
 * link-local, private or CGNAT address unless the operator allow-lists its network). The name is resolved
 * ONCE, here: the check connects to the address vetted, so a DNS answer that changes in between (DNS
 * rebinding) cannot lead it elsewhere.
 */
public final class UrlPolicy {
    private final List<String> allowedHosts;
    private final AddressRules addresses;
    private final Resolver resolver;

    /** {@code allowedHosts}: exact names or {@code *.suffix}; empty allows any host that passes the other rules. */
    public UrlPolicy(List<String> allowedHosts, Resolver resolver) {
        this(allowedHosts, List.of(), resolver);
    }

    /** {@code allowedNetworks}: CIDRs (e.g. the Docker network {@code 172.18.0.0/16}) exempt from the address rules. */
    public UrlPolicy(List<String> allowedHosts, List<String> allowedNetworks, Resolver resolver) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        this.addresses = new AddressRules(allowedNetworks);
        this.resolver = resolver;
    }

    /** From {@code HTTPCHECK_ALLOWED_HOSTS} and {@code HTTPCHECK_ALLOWED_NETWORKS} (comma-separated), with the system resolver. */
    public static UrlPolicy fromEnv(String allowedHosts, String allowedNetworks) {
        return new UrlPolicy(words(allowedHosts), words(allowedNetworks), InetAddress::getAllByName);
    }

    private static List<String> words(String commaSeparated) {
        return commaSeparated == null ? List.of() : Arrays.asList(commaSeparated.split(","));
    }

    /** A URL that passed, with the one address the check must connect to. */
    public record Vetted(URI uri, InetAddress address) {
    }

    /** The URI to fetch and where, or {@link Refused} saying why not. */
    public Vetted vet(String raw) throws Refused {
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
        if (addresses.length == 0) {
            throw new Refused("unknown host " + host);
        }
        for (InetAddress a : addresses) {
            var why = this.addresses.refusal(a);
            if (why.isPresent()) {
                throw new Refused("host " + host + " resolves to " + a.getHostAddress() + ", " + why.get()
                        + "; the operator can allow its network in HTTPCHECK_ALLOWED_NETWORKS");
            }
        }
        return new Vetted(uri, addresses[0]);
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
