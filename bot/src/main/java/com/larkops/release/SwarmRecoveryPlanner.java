package com.larkops.release;

import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import com.larkops.model.LockKey;
import com.larkops.model.Release;
import com.larkops.runtime.SwarmService;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Plans the recovery of a Swarm release a crash left in progress ({@code runtime: swarm}), from its record
 * and the service as the manager reports it. Pure. The engine carries on with an update without the bot, so
 * the service's own state says what happened:
 * <ul>
 * <li>the spec is on the release's image and the update completed or still rolls: wait (bounded) until every
 *     task runs the digest, then the release is live; if it does not converge, {@link #notConverged} puts the
 *     previous spec back;</li>
 * <li>the spec is on the release's image but the update paused: the previous spec is put back, the release failed;</li>
 * <li>the spec is on another image (the update never reached the engine, or the engine rolled it back): the
 *     release failed, and what the service runs is what serves.</li>
 * </ul>
 */
public final class SwarmRecoveryPlanner {
    /** The bot's and the manager's clocks may differ a little. */
    static final Duration CLOCK_SLACK = Duration.ofSeconds(1);

    private SwarmRecoveryPlanner() {
    }

    /** {@code converge}: how long the wait may take, the same bound a deploy of this service waits. */
    public static RecoveryPlanner.Recovery plan(Release r, Optional<Release> previous, Optional<SwarmService> seen, Duration converge) {
        String name = SwarmPlanner.serviceName(r.service(), r.env());
        Text label = RecoveryPlanner.label(r);
        String title = "recover release #" + r.id();
        LockKey lock = LockKey.of(r.service(), r.env());
        if (seen.isEmpty()) {
            return new RecoveryPlanner.Recovery(Plan.of(title, lock, List.of()), false,
                    "interrupted by a bot restart before its Swarm service existed",
                    Msg.of("release.recovery.swarm_no_service", label, name, r.service(), r.env()));
        }
        SwarmService s = seen.get();
        String state = s.updateState().orElse("");
        if (!s.image().equals(r.image())) {
            String serving = serving(s.image(), previous);
            // the state is about the engine's LAST update: this release's only if it started after the release did
            boolean ours = s.updateStartedAt().filter(t -> !t.isBefore(r.startedAt().minus(CLOCK_SLACK))).isPresent();
            Text why = state.startsWith("rollback") && ours ? (s.updateMessage().isBlank()
                    ? Msg.of("release.recovery.swarm_rolled_back", state) : Msg.of("release.recovery.swarm_rolled_back_why", state, s.updateMessage()))
                    : Msg.of("release.recovery.swarm_never_reached");
            return new RecoveryPlanner.Recovery(Plan.of(title, lock, List.of()), false,
                    Msg.of("release.recovery.detail_kept", why, serving).in(Language.DEFAULT),
                    Msg.of("release.recovery.swarm_other_serves", label, why, serving));
        }
        String before = s.previousImage().orElse(null);
        if (state.isEmpty() || state.equals("updating") || state.equals("completed")) {
            Text how = Msg.of(state.equals("updating") ? "release.recovery.swarm_still_rolling" : "release.recovery.swarm_finished");
            return new RecoveryPlanner.Recovery(Plan.of(title, lock, List.of(new Step.AwaitConverged(name, r.digest().value(), before, converge))),
                    true, "", Msg.of("release.recovery.swarm_live", label, how));
        }
        // paused (or anything else the engine stopped in): the new spec is half rolled out; the previous one goes back
        Text stopped = state.equals("paused") ? Msg.of("release.recovery.swarm_paused") : Msg.of("release.recovery.swarm_left", state);
        Text why = s.updateMessage().isBlank() ? stopped : Msg.of("release.recovery.with_reason", stopped, s.updateMessage());
        return restore(r, previous, name, before, why);
    }

    /**
     * After the wait of {@link #plan} failed ({@code why}, its first line the reason, then the tasks): the previous
     * spec back (or the new service away). The tasks follow the sentence.
     */
    public static RecoveryPlanner.Recovery notConverged(Release r, Optional<Release> previous, Optional<SwarmService> seen, String why) {
        String name = SwarmPlanner.serviceName(r.service(), r.env());
        String[] lines = why.strip().split("\n", 2);
        RecoveryPlanner.Recovery back = restore(r, previous, name, seen.flatMap(SwarmService::previousImage).orElse(null),
                Msg.of("release.recovery.not_converged", lines[0]));
        return lines.length < 2 ? back
                : new RecoveryPlanner.Recovery(back.plan(), false, back.failedDetail(), back.message().thenLine(Text.verbatim(lines[1].strip())));
    }

    private static RecoveryPlanner.Recovery restore(Release r, Optional<Release> previous, String name, String before, Text why) {
        Text back = before == null ? Msg.of("release.recovery.swarm_removed", name, r.service(), r.env())
                : Msg.of("release.recovery.swarm_put_back", serving(before, previous));
        Plan plan = Plan.of("recover release #" + r.id(), LockKey.of(r.service(), r.env()), List.of(new Step.RestoreService(name, before)));
        return new RecoveryPlanner.Recovery(plan, false, Msg.of("release.recovery.detail", why).in(Language.DEFAULT),
                Msg.of("release.recovery.swarm_restored", RecoveryPlanner.label(r), why, back));
    }

    /** The version and short digest of {@code image} when it is the previous release's, else its digest. */
    private static String serving(String image, Optional<Release> previous) {
        if (previous.isPresent() && previous.get().image().equals(image)) {
            return previous.get().version() + " (" + previous.get().digest().shortForm() + ")";
        }
        int at = image.indexOf('@');
        return com.larkops.model.Digest.shortOf(at < 0 ? image : image.substring(at + 1));
    }

}
