package com.larkops.retention;

import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Labels;
import com.larkops.model.Release;
import com.larkops.runtime.ContainerState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over many random histories (pushes, deploys, failed deploys, rollbacks, promotions, re-tags, tag deletions),
 * no protected digest is ever in a plan. The oracle below is written from the rules, not from the planner's code.
 */
class RetentionPlannerPropertyTest {
    private static final int HISTORIES = 2000;

    @Test
    void noProtectedDigestIsEverDeletedOrRemovedFromTheHost() {
        int deletions = 0;
        for (long seed = 1; seed <= HISTORIES; seed++) {
            History h = new History(seed);
            PrunePlan plan = RetentionPlanner.plan(h.inputs());
            Set<Digest> protectedDigests = oracle(h);
            for (ImageDecision d : plan.deletions()) {
                assertThat(protectedDigests).as("seed %d deletes %s: %s", seed, d.digest(), d.reasons()).doesNotContain(d.digest());
                assertThat(d.tags()).as("seed %d", seed).doesNotContain("staging", "prod");
                deletions++;
            }
            Set<String> removedContainers = new HashSet<>();
            for (HostRemoval r : plan.host()) {
                if (r.kind() == HostRemoval.Kind.IMAGE) {
                    assertThat(protectedDigests).as("seed %d removes image of %s", seed, r.digest()).doesNotContain(r.digest());
                } else {
                    removedContainers.add(r.target());
                }
            }
            for (ContainerState c : h.containers) {
                if (c.running()) {
                    assertThat(removedContainers).as("seed %d", seed).doesNotContain(c.name());
                }
            }
            assertKeptStoppedContainersKeepTheirDigest(h, plan, removedContainers, seed);
            assertThat(plan.registry()).as("every manifest gets a verdict").hasSize(h.built.size());
        }
        assertThat(deletions).as("the histories must exercise deletion at all").isGreaterThan(HISTORIES);
    }

    /** The rules of the issue: running, env-tagged, last K known-good per service/env, pending approval, in flight. */
    private static Set<Digest> oracle(History h) {
        Set<Digest> p = new HashSet<>(h.pending);
        h.containers.stream().filter(ContainerState::running).forEach(c -> p.add(Digest.parse(c.label(Labels.DIGEST))));
        h.tags.values().forEach(t -> {
            for (Env env : Env.values()) {
                if (t.containsKey(env.tag())) {
                    p.add(t.get(env.tag()));
                }
            }
        });
        for (String s : h.services) {
            for (Env env : Env.values()) {
                List<Release> good = new ArrayList<>(h.releases.stream()
                        .filter(r -> r.service().equals(s) && r.env() == env && r.isKnownGood()).toList());
                good.sort(Comparator.comparingLong(Release::id).reversed());
                Set<Digest> distinct = new LinkedHashSet<>();
                good.forEach(r -> distinct.add(r.digest()));
                distinct.stream().limit(h.policies.get(s).keepKnownGood()).forEach(p::add);
            }
        }
        h.releases.stream().filter(r -> r.outcome() == Release.Outcome.IN_PROGRESS).forEach(r -> p.add(r.digest()));
        return p;
    }

    /** A stopped container the plan keeps for rollback must still find its digest in the registry. */
    private static void assertKeptStoppedContainersKeepTheirDigest(History h, PrunePlan plan, Set<String> removed, long seed) {
        Set<Digest> deleted = new HashSet<>();
        plan.deletions().forEach(d -> deleted.add(d.digest()));
        for (ContainerState c : h.containers) {
            if (!c.running() && !removed.contains(c.name())) {
                assertThat(deleted).as("seed %d: kept container %s", seed, c.name()).doesNotContain(Digest.parse(c.label(Labels.DIGEST)));
            }
        }
        Map<String, Long> keptPerServiceEnv = new java.util.HashMap<>();
        h.containers.stream().filter(c -> !c.running() && !removed.contains(c.name()))
                .forEach(c -> keptPerServiceEnv.merge(c.label(Labels.SERVICE) + c.label(Labels.ENV), 1L, Long::sum));
        keptPerServiceEnv.values().forEach(n -> assertThat(n).as("seed %d", seed).isLessThanOrEqualTo(h.keepStopped));
    }
}
