package com.larkops.command;

import com.larkops.i18n.Msg;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A menu form's fields ({@code form_value}) as the typed command they stand for, validated like typed input: each
 * field one word of the command's grammar (no spaces, no second command), the reason one line. What comes out is
 * parsed, authorised and run by the router exactly as if the user had typed it. Pure.
 */
public final class FormSubmission {
    public static final String DEPLOY = "deploy";
    public static final String ROLLBACK = "rollback";
    public static final String DIGEST = "digest";
    public static final String FREEZE = "freeze";
    static final int MAX_REASON = 200;
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    /** Lark's date-time picker answers {@code 2026-12-08 10:00 +0800}; without an offset it is read as UTC. */
    private static final DateTimeFormatter WITH_ZONE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss] Z");
    private static final DateTimeFormatter NO_ZONE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");
    private static final DateTimeFormatter TYPED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'");

    private FormSubmission() {
    }

    /** The typed command for {@code form}'s fields; a {@link UsageException} says which field is wrong. */
    public static String command(String form, Map<String, String> fields) {
        return switch (form) {
            case DEPLOY -> {
                String service = word(fields, "service");
                String version = version(service, word(fields, "version"));
                yield "/deploy " + service + " " + version + " " + env(fields, false);
            }
            case ROLLBACK -> "/rollback " + word(fields, "service") + " " + env(fields, false);
            case DIGEST -> "/digest " + word(fields, "service");
            case FREEZE -> {
                String env = env(fields, true);
                yield "/freeze " + word(fields, "service") + (env.equals("all") ? "" : " " + env) + " until "
                        + until(fields.getOrDefault("until", "")) + " " + reason(fields.getOrDefault("reason", ""));
            }
            default -> throw new UsageException(Msg.of("command.form.unknown", com.larkops.model.Text.clip(form)));
        };
    }

    /** A version picked as {@code service:tag} (the picker lists every service's tags) must be of the picked service. */
    private static String version(String service, String picked) {
        int colon = picked.indexOf(':');
        if (colon < 0) {
            return picked;
        }
        if (!picked.substring(0, colon).equals(service)) {
            throw new UsageException(Msg.of("command.form.version_of_other", picked.substring(colon + 1), picked.substring(0, colon), service));
        }
        return word(Map.of("version", picked.substring(colon + 1)), "version");
    }

    private static String word(Map<String, String> fields, String name) {
        String v = fields.getOrDefault(name, "").strip();
        if (v.isEmpty()) {
            throw new UsageException(Msg.of("command.form.empty", name));
        }
        if (!WORD.matcher(v).matches()) {
            throw new UsageException(Msg.of("command.form.not_a_word", name, com.larkops.model.Text.clip(v)));
        }
        return v;
    }

    private static String env(Map<String, String> fields, boolean allowAll) {
        String v = fields.getOrDefault("env", "").strip();
        if (v.equals("staging") || v.equals("prod") || (allowAll && v.equals("all"))) {
            return v;
        }
        throw new UsageException(Msg.of(allowAll ? "command.form.env_or_all" : "command.form.env"));
    }

    /** The picked end as the typed grammar's UTC time ({@code 2026-12-08T02:00Z}); the freeze command checks its range. */
    static String until(String picked) {
        String t = picked.strip();
        try {
            return OffsetDateTime.parse(t, WITH_ZONE).withOffsetSameInstant(ZoneOffset.UTC).format(TYPED);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(t, NO_ZONE).atOffset(ZoneOffset.UTC).format(TYPED);
            } catch (DateTimeParseException e2) {
                throw new UsageException(Msg.of("command.form.not_a_time", com.larkops.model.Text.clip(t)));
            }
        }
    }

    private static String reason(String text) {
        String r = text.replaceAll("[\\r\\n\\t]+", " ").strip();
        if (r.isEmpty()) {
            throw new UsageException(Msg.of("command.form.no_reason"));
        }
        return r.length() > MAX_REASON ? r.substring(0, MAX_REASON) : r;
    }
}
