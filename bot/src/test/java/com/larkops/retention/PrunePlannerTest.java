package com.larkops.retention;

import com.larkops.model.Digest;
import com.larkops.release.Check;
import com.larkops.release.Plan;
import com.larkops.release.PlanCodec;
import com.larkops.release.Step;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The retention decision turned into a plan whose every removal re-checks just before it runs. */
class PrunePlannerTest {
    static final Instant MADE = Instant.parse("2026-11-24T12:00:00Z");
    static final Digest OLD = Digest.parse("sha256:" + "3".repeat(64));
    static final Digest KEPT = Digest.parse("sha256:" + "4".repeat(64));

    @Test
    void containersThenManifestsThenImagesEachWithItsPrecondition() {
        PrunePlan decision = new PrunePlan("all", MADE, List.of(
                new ImageDecision("skills/echo", OLD, List.of("3.0.0"), MADE.minusSeconds(86400 * 90L), 10L, true, List.of(com.larkops.i18n.Text.verbatim("old"))),
                new ImageDecision("skills/echo", KEPT, List.of("4.0.0"), MADE, 10L, false, List.of(com.larkops.i18n.Text.verbatim("newest")))),
                List.of(new HostRemoval(HostRemoval.Kind.IMAGE, "sha256:img", List.of("127.0.0.1:5000/skills/echo:3.0.0"), "echo", OLD, 5L, com.larkops.i18n.Text.verbatim("unused")),
                        new HostRemoval(HostRemoval.Kind.CONTAINER, "echo-staging-r1", List.of(), "echo", OLD, null, com.larkops.i18n.Text.verbatim("beyond the kept 3"))));
        PrunePlanner.Planned planned = PrunePlanner.plan(decision);
        Plan plan = planned.plan();
        assertThat(plan.lock().value()).isEqualTo("prune");
        assertThat(plan.steps()).containsExactly(
                new Step.Remove("echo-staging-r1", "beyond the kept 3", new Check.StillStopped("echo-staging-r1")),
                new Step.DeleteManifest("skills/echo", OLD, List.of("3.0.0"), new Check.NotProtected("skills/echo", OLD, MADE)),
                new Step.RemoveImage(List.of("127.0.0.1:5000/skills/echo:3.0.0"), new Check.NotProtected(null, OLD, MADE)));
        assertThat(planned.host()).containsKeys(0, 2);
        assertThat(planned.deletions()).containsOnlyKeys(1);
        assertThat(plan.steps().get(1).onFailure()).isEqualTo(Step.OnFailure.STOP);
        assertThat(plan.steps().get(0).onFailure()).isEqualTo(Step.OnFailure.WARN);
        // a plan with preconditions survives storage
        assertThat(PlanCodec.fromJson(PlanCodec.toJson(plan))).isEqualTo(plan);
    }

    @Test
    void signaturesAreDeletedAfterTheManifestsEachOnlyIfItsDigestsAreGoneByThen() {
        Digest sig = Digest.parse("sha256:" + "5".repeat(64));
        Digest bundle = Digest.parse("sha256:" + "6".repeat(64));
        String sigTag = "sha256-" + OLD.hex() + ".sig";
        PrunePlan decision = new PrunePlan("all", MADE,
                List.of(new ImageDecision("skills/echo", OLD, List.of("3.0.0"), MADE.minusSeconds(86400 * 90L), 10L, true, List.of(com.larkops.i18n.Text.verbatim("old")))),
                List.of(new HostRemoval(HostRemoval.Kind.IMAGE, "sha256:img", List.of("127.0.0.1:5000/skills/echo:3.0.0"), "echo", OLD, 5L, com.larkops.i18n.Text.verbatim("unused"))),
                List.of(new AttachmentDecision("skills/echo", sig, "signature", List.of(sigTag), List.of(OLD), true, com.larkops.i18n.Text.verbatim("attached to old")),
                        new AttachmentDecision("skills/echo", bundle, "signature bundle", List.of(), List.of(KEPT), false, com.larkops.i18n.Text.verbatim("attached to kept"))));
        PrunePlanner.Planned planned = PrunePlanner.plan(decision);
        assertThat(planned.plan().steps()).containsExactly(
                new Step.DeleteManifest("skills/echo", OLD, List.of("3.0.0"), new Check.NotProtected("skills/echo", OLD, MADE)),
                new Step.DeleteAttachment("skills/echo", sig, "signature", List.of(sigTag), List.of(OLD),
                        new Check.SubjectsGone("skills/echo", List.of(OLD), MADE)),
                new Step.RemoveImage(List.of("127.0.0.1:5000/skills/echo:3.0.0"), new Check.NotProtected(null, OLD, MADE)));
        assertThat(planned.attachments()).containsOnlyKeys(1);
        Step step = planned.plan().steps().get(1);
        assertThat(step.describe()).isEqualTo("delete signature skills/echo@" + sig.value() + " [" + sigTag + "] of " + OLD.shortForm());
        assertThat(step.onFailure()).isEqualTo(Step.OnFailure.STOP);
        assertThat(PlanCodec.fromJson(PlanCodec.toJson(planned.plan()))).isEqualTo(planned.plan());
    }
}
