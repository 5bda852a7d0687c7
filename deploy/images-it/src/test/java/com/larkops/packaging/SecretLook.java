package com.larkops.packaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds secret-looking assignments in image metadata: a name with a word such as PASSWORD, SECRET, TOKEN
 * or KEY in it (words split at {@code _ . -}), then {@code =} or {@code :}, then a non-empty value.
 * Metadata (Env, Labels, history) is readable by anyone who can pull the image, so none may carry a secret.
 */
final class SecretLook {
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z][A-Za-z0-9_.-]*)\\s*[=:]\\s*[\"']?([^\\s\"']+)");
    private static final Set<String> SECRET_WORDS = Set.of(
            "password", "passwd", "pwd", "secret", "token", "key", "apikey", "credential", "credentials");

    private SecretLook() {
    }

    /** Every secret-looking assignment found in {@code texts}, as found. */
    static List<String> find(List<String> texts) {
        List<String> found = new ArrayList<>();
        for (String text : texts) {
            Matcher m = ASSIGNMENT.matcher(text);
            while (m.find()) {
                for (String word : m.group(1).toLowerCase(Locale.ROOT).split("[_.-]")) {
                    if (SECRET_WORDS.contains(word)) {
                        found.add(m.group());
                        break;
                    }
                }
            }
        }
        return found;
    }
}
