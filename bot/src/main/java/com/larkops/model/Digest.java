package com.larkops.model;

import com.larkops.i18n.Msg;

import java.util.regex.Pattern;

/** A content digest, always {@code sha256:<64 lowercase hex>}. The only thing larkops ever deploys. */
public record Digest(String value) {
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    public Digest {
        if (value == null || !SHA256.matcher(value).matches()) {
            throw new InvalidInputException(Msg.of("command.digest.invalid", Text.clip(value)));
        }
    }

    public static Digest parse(String text) {
        return new Digest(text == null ? null : text.trim());
    }

    public static boolean looksLikeDigest(String text) {
        return text != null && text.startsWith("sha256:");
    }

    /** The 64 hex characters. */
    public String hex() {
        return value.substring("sha256:".length());
    }

    /** {@code sha256:ab12cd34ef56}: enough to recognise in chat, never used to deploy. */
    public String shortForm() {
        return value.substring(0, SHORT_LENGTH);
    }

    /**
     * The short form of text that should hold a digest (a container label, a stored row): {@code sha256:} and
     * 12 hex. Whatever else it holds is kept to digest characters and the same length, so a damaged or
     * hostile label never renders raw.
     */
    public static String shortOf(String text) {
        String kept = text == null ? "" : text.replaceAll("[^a-z0-9:]", "");
        return kept.length() > SHORT_LENGTH ? kept.substring(0, SHORT_LENGTH) : kept;
    }

    private static final int SHORT_LENGTH = "sha256:".length() + 12;

    @Override
    public String toString() {
        return value;
    }
}
