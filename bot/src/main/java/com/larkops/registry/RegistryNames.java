package com.larkops.registry;

import com.larkops.model.Digest;
import com.larkops.model.InvalidInputException;
import com.larkops.model.Text;

import java.util.regex.Pattern;

/**
 * Checks repository names, tags and hosts before they become part of a URL, so user input from
 * chat can never reach an unexpected path on the registry, and a typo gets a clear answer instead
 * of a registry error.
 */
final class RegistryNames {
    /** A path component as the OCI distribution spec defines it ({@code __} and runs of {@code -} included). */
    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final Pattern REPOSITORY = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final Pattern HOST = Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+])(?::[0-9]{1,5})?");

    private RegistryNames() {
    }

    static String repository(String repository) {
        if (repository == null || repository.length() > 255 || !REPOSITORY.matcher(repository).matches()) {
            throw new InvalidInputException("'" + Text.clip(repository) + "' is not a repository name; expected lowercase"
                    + " letters, digits and . _ - in path components separated by /, e.g. skills/echo");
        }
        return repository;
    }

    static String tag(String tag) {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new InvalidInputException(com.larkops.i18n.Msg.of("app.registry.bad_tag", Text.clip(tag)));
        }
        return tag;
    }

    /** A tag or a {@code sha256:} digest, returned in the form that goes into the URL. */
    static String reference(String reference) {
        if (Digest.looksLikeDigest(reference)) {
            return Digest.parse(reference).value();
        }
        return tag(reference);
    }

    static String host(String host) {
        if (host == null || !HOST.matcher(host).matches()) {
            throw new InvalidInputException("'" + Text.clip(host) + "' is not a registry host; expected a host name with"
                    + " an optional port and no scheme, e.g. ccr.ccs.tencentyun.com or 127.0.0.1:5000");
        }
        return host;
    }

    /** Loopback registries are reached over plain HTTP; everything else must use TLS unless marked insecure. */
    static boolean isLoopback(String host) {
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        return name.equals("localhost") || name.equals("[::1]") || name.matches("127(?:\\.[0-9]{1,3}){3}");
    }

    /** {@code repo:tag} or {@code repo@sha256:…}, the way people write image references in chat. */
    static String display(String repository, String reference) {
        return Digest.looksLikeDigest(reference) ? repository + "@" + reference : repository + ":" + reference;
    }
}
