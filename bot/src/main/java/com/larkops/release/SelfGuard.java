package com.larkops.release;

import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import java.util.List;
import java.util.Optional;

/**
 * The bot must never stop itself with nothing to take over: a plan with a step that stops, retires or removes the
 * container this bot runs in is refused unless, before that step, another container passed its health gate and
 * took the traffic (a self-deploy's successor). Pure: the plan and the bot's container in, a refusal out.
 */
public final class SelfGuard {
    private SelfGuard() {
    }

    /** Why {@code plan} may not run while this bot runs in {@code self}, in English (logs, audit); empty when it may. */
    public static Optional<String> refusal(Plan plan, Optional<String> self) {
        return refused(plan, self).map(t -> t.in(Language.DEFAULT));
    }

    /** Why {@code plan} may not run while this bot runs in {@code self}, in every language; empty when it may. */
    public static Optional<Text> refused(Plan plan, Optional<String> self) {
        if (self.isEmpty()) {
            return Optional.empty();
        }
        String me = self.get();
        boolean healthySuccessor = false;
        boolean routedSuccessor = false;
        List<Step> steps = plan.steps();
        for (Step step : steps) {
            if (step instanceof Step.AwaitHealthy a && !a.container().equals(me)) {
                healthySuccessor = true;
            } else if (step instanceof Step.Route r && !r.container().equals(me) && healthySuccessor) {
                routedSuccessor = true;
            } else if (stops(step, me) && !routedSuccessor) {
                return Optional.of(Msg.of("release.self_guard.refused", step.label(), me));
            }
        }
        return Optional.empty();
    }

    private static boolean stops(Step step, String me) {
        return step instanceof Step.Stop s && s.container().equals(me)
                || step instanceof Step.Retire r && r.container().equals(me)
                || step instanceof Step.RetireLater l && l.container().equals(me)
                || step instanceof Step.Remove r && r.container().equals(me);
    }
}
