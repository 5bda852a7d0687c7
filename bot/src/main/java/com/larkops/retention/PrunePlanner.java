package com.larkops.retention;

import com.larkops.model.LockKey;
import com.larkops.release.Check;
import com.larkops.release.Plan;
import com.larkops.release.Step;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a retention decision ({@link PrunePlan}, unchanged) into the plan the executor runs: stopped
 * containers first (each only if still stopped), then the manifest deletions, then the signatures and other
 * attached manifests of deleted or vanished digests (each only if its digests are gone by then and not
 * protected, so a skipped image keeps its signature), then host images (each only if its digest did not
 * become protected since the dry run). Pure.
 */
public final class PrunePlanner {
    static final String TITLE = "prune";

    private PrunePlanner() {
    }

    /** The plan, and which retention decision each step carries out (for the report). */
    public record Planned(Plan plan, Map<Integer, ImageDecision> deletions, Map<Integer, HostRemoval> host,
                          Map<Integer, AttachmentDecision> attachments) {
    }

    public static Planned plan(PrunePlan decision) {
        List<Step> steps = new ArrayList<>();
        Map<Integer, ImageDecision> deletions = new HashMap<>();
        Map<Integer, HostRemoval> host = new HashMap<>();
        Map<Integer, AttachmentDecision> attachments = new HashMap<>();
        for (HostRemoval h : decision.host()) {
            if (h.kind() == HostRemoval.Kind.CONTAINER) {
                host.put(steps.size(), h);
                steps.add(new Step.Remove(h.target(), h.why().in(com.larkops.i18n.Language.DEFAULT), new Check.StillStopped(h.target())));
            }
        }
        for (ImageDecision d : decision.deletions()) {
            deletions.put(steps.size(), d);
            steps.add(new Step.DeleteManifest(d.repository(), d.digest(), d.tags(),
                    new Check.NotProtected(d.repository(), d.digest(), decision.madeAt())));
        }
        for (AttachmentDecision a : decision.attachmentDeletions()) {
            attachments.put(steps.size(), a);
            steps.add(new Step.DeleteAttachment(a.repository(), a.manifest(), a.kind(), a.tags(), a.subjects(),
                    new Check.SubjectsGone(a.repository(), a.subjects(), decision.madeAt())));
        }
        for (HostRemoval h : decision.host()) {
            if (h.kind() == HostRemoval.Kind.IMAGE) {
                host.put(steps.size(), h);
                steps.add(new Step.RemoveImage(h.refs(), h.digest() == null ? Check.ALWAYS
                        : new Check.NotProtected(null, h.digest(), decision.madeAt())));
            }
        }
        return new Planned(Plan.of(TITLE, LockKey.prune(), steps), deletions, host, attachments);
    }
}
