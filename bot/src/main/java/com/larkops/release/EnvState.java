package com.larkops.release;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import com.larkops.model.Digest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an environment runs, by digest: one entry per running container ({@code echo-prod-r7@sha256:…}) or,
 * on Swarm, one for the service's spec and one per running task ({@code task 2@sha256:…}). An approval stores
 * it with its plan; at the click and again just before the run it is read anew, and any difference means
 * the plan would act on a state nobody approved. Entries stored before digests were recorded (a name alone)
 * are compared by name.
 */
public record EnvState(List<String> entries) {
    public EnvState {
        entries = entries.stream().filter(e -> !e.isBlank()).sorted().toList();
    }

    public static EnvState of(List<String> entries) {
        return new EnvState(entries);
    }

    static String entry(String what, String digest) {
        return what + "@" + digest;
    }

    /** {@link #changeText} in English (logs, the release history, callers that keep a String). */
    public Optional<String> changeTo(EnvState now) {
        return changeText(now).map(t -> t.in(com.larkops.i18n.Language.DEFAULT));
    }

    /** Empty when {@code now} runs what this state ran; otherwise what changed, in one line. */
    public Optional<Text> changeText(EnvState now) {
        boolean legacy = entries.stream().anyMatch(e -> !e.contains("@"));
        List<String> then = legacy ? names(entries) : entries;
        List<String> current = legacy ? names(now.entries) : now.entries;
        if (then.equals(current)) {
            return Optional.empty();
        }
        List<String> gone = new ArrayList<>(then);
        gone.removeAll(current);
        List<String> added = new ArrayList<>(current);
        added.removeAll(then);
        Text change = Msg.of("release.envstate.then_now", describe(then), describe(current));
        if (!gone.isEmpty()) {
            change = Msg.of("release.envstate.gone", change, describe(gone));
        }
        if (!added.isEmpty()) {
            change = Msg.of("release.envstate.added", change, describe(added));
        }
        return Optional.of(change);
    }

    private static List<String> names(List<String> entries) {
        return entries.stream().map(e -> e.contains("@") ? e.substring(0, e.indexOf('@')) : e).sorted().toList();
    }

    /** Entries with short digests: {@code echo-prod-r7 (0123456789ab)}. */
    private static Text describe(List<String> entries) {
        if (entries.isEmpty()) {
            return Msg.of("release.card.nothing");
        }
        return Text.verbatim(String.join(", ", entries.stream().map(e -> {
            int at = e.indexOf('@');
            return at < 0 ? e : e.substring(0, at) + " (" + Digest.shortOf(e.substring(at + 1)) + ")";
        }).toList()));
    }
}
