package com.larkops.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge from a {@code WWW-Authenticate} header, e.g.
 * {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a/b:pull"}.
 * Registries answer 401 with this to say how to authenticate; Docker Hub, GHCR and Tencent TCR
 * all send Bearer with a token realm, plain registries behind a proxy send Basic.
 */
record AuthChallenge(String scheme, Map<String, String> params) {

    AuthChallenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Map.copyOf(params);
    }

    boolean isBearer() {
        return scheme.equals("bearer");
    }

    boolean isBasic() {
        return scheme.equals("basic");
    }

    String param(String name) {
        return params.get(name);
    }

    /** The challenge we can answer, Bearer preferred, from all {@code WWW-Authenticate} header values. */
    static Optional<AuthChallenge> pick(List<String> headerValues) {
        List<AuthChallenge> all = new ArrayList<>();
        for (String value : headerValues) {
            all.addAll(parse(value));
        }
        return all.stream().filter(AuthChallenge::isBearer).findFirst()
                .or(() -> all.stream().filter(AuthChallenge::isBasic).findFirst());
    }

    /**
     * Parses one header value, which may hold several challenges. Parameter values may be quoted and
     * then contain commas (scopes like {@code repository:a:pull,push} do) and backslash escapes.
     */
    static List<AuthChallenge> parse(String header) {
        List<AuthChallenge> challenges = new ArrayList<>();
        Cursor c = new Cursor(header == null ? "" : header);
        while (c.skipSpaceAndCommas()) {
            String scheme = c.token();
            if (scheme.isEmpty()) {
                break; // garbage: keep what we understood so far
            }
            Map<String, String> params = new LinkedHashMap<>();
            while (c.atParam()) {
                String name = c.token().toLowerCase(Locale.ROOT);
                c.expect('=');
                params.put(name, c.value());
            }
            challenges.add(new AuthChallenge(scheme, params));
        }
        return challenges;
    }

    /** A tiny scanner over the header text. */
    private static final class Cursor {
        private final String s;
        private int i;

        Cursor(String s) {
            this.s = s;
        }

        boolean skipSpaceAndCommas() {
            while (i < s.length() && (s.charAt(i) == ',' || Character.isWhitespace(s.charAt(i)))) {
                i++;
            }
            return i < s.length();
        }

        /** True when the next item is {@code name=...} rather than the scheme of a new challenge. */
        boolean atParam() {
            if (!skipSpaceAndCommas()) {
                return false;
            }
            int j = i;
            while (j < s.length() && isTokenChar(s.charAt(j))) {
                j++;
            }
            while (j < s.length() && s.charAt(j) == ' ') {
                j++;
            }
            return j > i && j < s.length() && s.charAt(j) == '=';
        }

        String token() {
            int start = i;
            while (i < s.length() && isTokenChar(s.charAt(i))) {
                i++;
            }
            return s.substring(start, i);
        }

        void expect(char ch) {
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
            if (i < s.length() && s.charAt(i) == ch) {
                i++;
            }
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
        }

        String value() {
            if (i < s.length() && s.charAt(i) == '"') {
                StringBuilder out = new StringBuilder();
                i++;
                while (i < s.length() && s.charAt(i) != '"') {
                    char ch = s.charAt(i++);
                    if (ch == '\\' && i < s.length()) {
                        ch = s.charAt(i++);
                    }
                    out.append(ch);
                }
                i++; // closing quote
                return out.toString();
            }
            int start = i;
            while (i < s.length() && s.charAt(i) != ',' && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            return s.substring(start, i);
        }

        private static boolean isTokenChar(char ch) {
            return ch > ' ' && ch < 127 && "()<>@,;:\\\"/[]?={}".indexOf(ch) < 0;
        }
    }
}
