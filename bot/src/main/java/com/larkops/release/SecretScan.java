package com.larkops.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks for secrets carried in an image's metadata: config Env, labels and the history's commands.
 * A finding names the key and where it is (env, label, history layer N) — never the value.
 */
public final class SecretScan {
    // every quantifier is bounded and every text is capped: the scan stays linear whatever an image carries
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i)(passw(or)?d|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth[_-]?key|client[_-]?secret)");
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "([A-Za-z_][A-Za-z0-9_.-]{0,127})[ \\t]{0,8}=[ \\t]{0,8}(\"[^\"]{0,4096}\"|'[^']{0,4096}'|[^\\s;&|]{1,4096})");
    /** A longer history command is not scanned but reported: an unscanned command must not pass as clean. */
    static final int MAX_COMMAND_CHARS = 64 * 1024;
    private static final List<Pattern> SECRET_VALUES = List.of(
            Pattern.compile("-----BEGIN [A-Z ]{0,64}PRIVATE KEY-----"),
            Pattern.compile("\\bAKIA[0-9A-Z]{16}\\b"),
            Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{30,255}\\b"),
            Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,255}\\b"),
            Pattern.compile("\\bsk-[A-Za-z0-9]{20,255}\\b"));

    private SecretScan() {
    }

    /** Where a secret-looking value was found. */
    public record Finding(String key, String where) {
        @Override
        public String toString() {
            return com.larkops.model.Text.clip(key) + " in " + where; // the key is the image author's text
        }
    }

    public static List<Finding> scan(List<String> env, Map<String, String> labels, List<String> historyCommands) {
        List<Finding> findings = new ArrayList<>();
        for (String entry : env) {
            int eq = entry.indexOf('=');
            String key = eq < 0 ? entry : entry.substring(0, eq);
            String value = eq < 0 ? "" : entry.substring(eq + 1);
            if (isSecret(key, value)) {
                findings.add(new Finding(key, "config Env"));
            }
        }
        labels.forEach((key, value) -> {
            if (isSecret(key, value)) {
                findings.add(new Finding(key, "label"));
            }
        });
        for (int i = 0; i < historyCommands.size(); i++) {
            String command = historyCommands.get(i) == null ? "" : historyCommands.get(i);
            if (command.length() > MAX_COMMAND_CHARS) {
                findings.add(new Finding("(command longer than " + MAX_COMMAND_CHARS / 1024 + " KiB, not scanned)", "history layer " + i));
                continue;
            }
            Matcher m = ASSIGNMENT.matcher(command);
            boolean found = false;
            while (m.find()) {
                if (isSecret(m.group(1), unquote(m.group(2)))) {
                    findings.add(new Finding(m.group(1), "history layer " + i));
                    found = true;
                }
            }
            if (!found && SECRET_VALUES.stream().anyMatch(p -> p.matcher(command).find())) {
                findings.add(new Finding("(secret-looking value)", "history layer " + i));
            }
        }
        return findings;
    }

    static boolean isSecret(String key, String value) {
        String v = value == null ? "" : value.strip();
        if (key.length() > 256 || v.length() > MAX_COMMAND_CHARS) {
            return true; // too big to judge cheaply: refuse rather than wave it through
        }
        if (SECRET_VALUES.stream().anyMatch(p -> p.matcher(v).find())) {
            return true;
        }
        // a name alone is not a secret: FOO_TOKEN_FILE=/run/secrets/x or an empty placeholder is fine
        return key.length() <= 256 && SECRET_NAME.matcher(key).find() && !v.isEmpty() && !v.startsWith("$") && !v.startsWith("/run/secrets/")
                && !key.toUpperCase().endsWith("_FILE");
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
