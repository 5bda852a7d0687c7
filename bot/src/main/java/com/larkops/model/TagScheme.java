package com.larkops.model;

import com.larkops.i18n.Msg;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How versions map to OCI tags. {@code +} is illegal in a tag, so SemVer build metadata is written with
 * {@code _} (as Helm does): {@code 1.4.2+git.abc1234} is tagged {@code 1.4.2_git.abc1234}.
 *
 * <ul>
 *   <li>immutable tag {@code 1.4.2_git.abc1234}: names exactly one build;</li>
 *   <li>convenience tag {@code 1.4.2}: the version without build metadata;</li>
 *   <li>environment tags {@code staging} / {@code prod}: move with promotions.</li>
 * </ul>
 *
 * <p>Tags written with a leading {@code v} are not version tags here: {@link #versionOf} only reverses
 * {@link #toTag}, so a tag always maps back to itself.
 */
public final class TagScheme {
    private static final Pattern TAG = Pattern.compile("\\w[\\w.-]{0,127}");
    private static final Pattern GIT_SHA = Pattern.compile("[0-9a-fA-F]{7,64}");
    private static final Pattern IMMUTABLE_BUILD = Pattern.compile("git\\.[0-9a-f]{7}");
    private static final int SHORT_SHA = 7;

    private TagScheme() {
    }

    /** Whether {@code tag} is a legal OCI tag: up to 128 letters, digits, '_', '.', '-', not starting with '.' or '-'. */
    public static boolean isValidTag(String tag) {
        return tag != null && TAG.matcher(tag).matches();
    }

    /** {@code 1.4.2} and {@code abc1234...} → {@code 1.4.2_git.abc1234}. */
    public static String immutableTag(Version version, String gitSha) {
        if (gitSha == null || !GIT_SHA.matcher(gitSha).matches()) {
            throw new InvalidInputException(Msg.of("command.tag.not_a_commit", Text.clip(gitSha), SHORT_SHA));
        }
        String build = "git." + gitSha.substring(0, SHORT_SHA).toLowerCase(Locale.ROOT);
        if (version.build() != null && !version.build().equals(build)) {
            // silently replacing it would hide which build the caller meant
            throw new InvalidInputException(Msg.of("command.tag.has_build", version, build));
        }
        return toTag(version.withBuild(build));
    }

    /** {@code 1.4.2+git.abc1234} → {@code 1.4.2}. */
    public static String convenienceTag(Version version) {
        return toTag(version.withoutBuild());
    }

    /** The version written as a tag, {@code +} as {@code _}. */
    public static String toTag(Version version) {
        String tag = version.toString().replace('+', '_');
        if (!isValidTag(tag)) {
            throw new InvalidInputException(Msg.of("command.tag.too_long", Text.clip(version.toString())));
        }
        return tag;
    }

    /** The version a tag stands for, if it is one written by {@link #toTag}: {@code 1.4.2_git.abc1234} → {@code 1.4.2+git.abc1234}. */
    public static Optional<Version> versionOf(String tag) {
        if (!isValidTag(tag)) {
            return Optional.empty();
        }
        // '_' cannot occur in the version core or a prerelease, so the first one starts the build metadata
        String text = tag.replaceFirst("_", "+");
        return Version.tryParse(text).filter(v -> toTag(v).equals(tag));
    }

    /** A version tag whose build metadata is {@code git.<sha7>}, e.g. {@code 1.4.2_git.abc1234}. */
    public static boolean isImmutable(String tag) {
        return versionOf(tag)
                .map(v -> v.build() != null && IMMUTABLE_BUILD.matcher(v.build()).matches())
                .orElse(false);
    }

    /** {@code staging} or {@code prod}, exactly: tags are case-sensitive. */
    public static boolean isEnvTag(String tag) {
        for (Env env : Env.values()) {
            if (env.tag().equals(tag)) {
                return true;
            }
        }
        return false;
    }

    /** Any tag that names a version, immutable ones included: {@code 1.4.2}, {@code 1.5.0-rc.1}, {@code 1.4.2_git.abc1234}. */
    public static boolean isVersionTag(String tag) {
        return versionOf(tag).isPresent();
    }
}
