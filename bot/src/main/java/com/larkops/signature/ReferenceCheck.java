package com.larkops.signature;

/**
 * Does the name a signature carries ({@code critical.identity.docker-reference}, or an in-toto subject name)
 * name this service's repository? The registry host is not compared: one registry is reached under several
 * names (127.0.0.1:5000, a DNS name, a mirror), and the digest already pins the content. The repository path
 * is compared exactly, so an image signed as {@code team/other} does not pass as {@code skills/echo}.
 */
final class ReferenceCheck {
    private ReferenceCheck() {
    }

    static boolean names(String reference, String repository) {
        if (reference == null || reference.isEmpty() || reference.length() > 512) {
            return false;
        }
        String name = reference;
        int at = name.indexOf('@');
        if (at >= 0) {
            name = name.substring(0, at);
        }
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            name = name.substring(0, colon);
        }
        int slash = name.indexOf('/');
        if (slash > 0) {
            String first = name.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                name = name.substring(slash + 1);
            }
        }
        return name.equals(repository);
    }
}
