package com.larkops.release;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Scrubs container output before it reaches chat or logs: the values of the service's env file, and
 * anything written as {@code password=…}, {@code token: …}, a bearer token or a private key block.
 */
public final class Redactor {
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)\\b([A-Z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|credential)[A-Z0-9_.-]*)(\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|\\S+)");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}");
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)");

    private final List<String> secretValues;

    public Redactor(Collection<String> secretValues) {
        this.secretValues = secretValues.stream().filter(v -> v != null && v.length() >= 4)
                .sorted((a, b) -> b.length() - a.length()).toList();
    }

    public String redact(String text) {
        if (text == null) {
            return "";
        }
        String out = text;
        for (String v : secretValues) {
            out = out.replace(v, "****");
        }
        out = PRIVATE_KEY.matcher(out).replaceAll("[private key redacted]");
        out = ASSIGNMENT.matcher(out).replaceAll("$1$2****");
        out = BEARER.matcher(out).replaceAll("$1 ****");
        return out;
    }
}
