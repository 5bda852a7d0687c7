package com.larkops.cards;

import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * "What changed" on a prod approval card: the OCI labels of what prod runs now and of the candidate (from the
 * registry, no layer pulled), a compare link when both name the same repository on a known forge, the size
 * difference, and how the candidate did in staging. Every label is untrusted: escaped and cut here; a link is
 * only ever built from a validated {@code https} forge URL and hex revisions, never passed through.
 */
public record WhatChanged(Optional<Side> prod, Side candidate, Optional<Duration> soaked, OptionalInt restarts) {
    public static final String REVISION = "org.opencontainers.image.revision";
    public static final String SOURCE = "org.opencontainers.image.source";
    public static final String CREATED = "org.opencontainers.image.created";
    public static final String VERSION = "org.opencontainers.image.version";
    static final int MAX_LABEL = 120;
    private static final Pattern FORGE = Pattern.compile(
            "https://(github\\.com|gitlab\\.com|gitee\\.com)/([A-Za-z0-9][A-Za-z0-9._-]{0,99}(?:/[A-Za-z0-9][A-Za-z0-9._-]{0,99}){1,4}?)(?:\\.git)?/?");
    private static final Pattern REV = Pattern.compile("[0-9a-f]{7,64}");

    /** One image: its labels (only the four above are kept) and the sum of its layer sizes as the manifest states them. */
    public record Side(String digest, Map<String, String> labels, long layerBytes) {
        public Side {
            Map<String, String> kept = new LinkedHashMap<>();
            for (String key : new String[]{VERSION, REVISION, SOURCE, CREATED}) {
                String v = labels == null ? null : labels.get(key);
                if (v != null && !v.isBlank()) {
                    kept.put(key, v);
                }
            }
            labels = Map.copyOf(kept);
        }

        String label(String key) {
            return labels.getOrDefault(key, "");
        }
    }

    /** Markdown for the card in every language: escaped, bounded, one row per fact. */
    public Text text() {
        List<Text> lines = new ArrayList<>();
        lines.add(Msg.of("approval.changed.head"));
        for (String[] row : new String[][]{{"version", VERSION}, {"revision", REVISION}, {"created", CREATED}, {"source", SOURCE}}) {
            lines.add(Msg.of("approval.changed.row", Msg.of("approval.changed." + row[0]),
                    cell(prod.map(p -> p.label(row[1])).orElse(""), prod.isPresent()), cell(candidate.label(row[1]), true)));
        }
        Text size = prod.<Text>map(p -> Msg.of("approval.changed.size.diff", mib(candidate.layerBytes()),
                difference(candidate.layerBytes() - p.layerBytes()))).orElse(Text.verbatim(mib(candidate.layerBytes())));
        lines.add(Msg.of("approval.changed.row", Msg.of("approval.changed.size"), prod.map(p -> mib(p.layerBytes())).orElse("—"), size));
        compareLink().ifPresent(url -> lines.add(Msg.of("approval.changed.commits", shortRev(prod.get().label(REVISION)),
                shortRev(candidate.label(REVISION)), url)));
        Text soak = soaked.<Text>map(d -> Msg.of("approval.changed.healthy_for", Md.human(d))).orElse(Msg.of("approval.changed.soak_unknown"));
        Text restarted = restarts.isPresent()
                ? (restarts.getAsInt() == 1 ? Msg.of("approval.changed.restart.one") : Msg.of("approval.changed.restarts", restarts.getAsInt()))
                : Msg.of("approval.changed.restarts_unknown");
        lines.add(Msg.of("approval.changed.staging", soak, restarted));
        return Text.lines(lines);
    }

    /** The same in English (logs, tests). */
    public String markdown() {
        return text().in(Language.DEFAULT);
    }

    private static Text cell(String value, boolean known) {
        if (!known) {
            return Text.verbatim("—");
        }
        if (value.isBlank()) {
            return Msg.of("approval.changed.none");
        }
        String v = value.length() > MAX_LABEL ? value.substring(0, MAX_LABEL) + "…" : value;
        return Text.verbatim(Md.escape(v.replace('\n', ' ')));
    }

    /**
     * {@code https://<forge>/<owner>/<repo>/compare/<old>...<new>} (GitLab: {@code /-/compare/}) when prod and the
     * candidate name the same repository on github.com, gitlab.com or gitee.com and both revisions are hex commits.
     */
    public Optional<String> compareLink() {
        if (prod.isEmpty()) {
            return Optional.empty();
        }
        String oldRev = prod.get().label(REVISION);
        String newRev = candidate.label(REVISION);
        Optional<String> repo = forgeRepository(candidate.label(SOURCE));
        if (repo.isEmpty() || !repo.equals(forgeRepository(prod.get().label(SOURCE))) || !REV.matcher(oldRev).matches()
                || !REV.matcher(newRev).matches() || oldRev.equals(newRev)) {
            return Optional.empty();
        }
        String compare = repo.get().startsWith("https://gitlab.com/") ? "/-/compare/" : "/compare/";
        return Optional.of(repo.get() + compare + oldRev + "..." + newRev);
    }

    /** {@code https://<forge>/<path>} without {@code .git} or a trailing slash, for a valid forge URL only. */
    static Optional<String> forgeRepository(String source) {
        var m = FORGE.matcher(source == null ? "" : source.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String path = m.group(2);
        path = path.endsWith(".git") ? path.substring(0, path.length() - 4) : path;
        int segments = path.split("/").length;
        // GitHub and Gitee: owner/repo exactly; GitLab: group(s)/project. ".." never names a repository
        if (path.contains("..") || path.endsWith(".") || (!m.group(1).equals("gitlab.com") && segments != 2)) {
            return Optional.empty();
        }
        return Optional.of("https://" + m.group(1) + "/" + path);
    }

    private static String shortRev(String rev) {
        return rev.substring(0, Math.min(7, rev.length()));
    }

    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    static Text difference(long bytes) {
        if (bytes == 0) {
            return Msg.of("approval.changed.same_size");
        }
        String sign = bytes > 0 ? "+" : "−";
        long abs = Math.abs(bytes);
        String size = abs < 1048576 ? String.format(java.util.Locale.ROOT, "%.1f KiB", abs / 1024.0) : mib(abs);
        return Text.verbatim(sign + size);
    }
}
