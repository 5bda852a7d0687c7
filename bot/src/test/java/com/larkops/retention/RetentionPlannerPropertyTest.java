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
import java.util.Random;
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

    /**
     * The same random histories with signatures attached (cosign tags, referrers indexes with their bundles, one
     * manifest copied under two digests' tags, orphans of digests no longer in the registry): the image and host
     * verdicts are exactly those without signatures, and a signature goes exactly when every digest it is attached
     * to is deleted by the plan or already gone.
     */
    @Test
    void aSignatureGoesExactlyWithItsDigestsAndNeverChangesAnImageVerdict() {
        int signatureDeletions = 0;
        int signatureKeeps = 0;
        for (long seed = 1; seed <= HISTORIES / 4; seed++) {
            RetentionInputs plain = new History(seed).inputs();
            Random random = new Random(-seed); // not History's stream: the same seed would make the same digests
            Set<Digest> orphans = new HashSet<>();
            List<RepositorySnapshot> signed = new ArrayList<>();
            for (RepositorySnapshot repo : plain.repositories()) {
                signed.add(new RepositorySnapshot(repo.repository(), repo.services(), repo.policy(), repo.images(), repo.localImages(),
                        signatures(repo, random, orphans)));
            }
            PrunePlan without = RetentionPlanner.plan(plain);
            PrunePlan with = RetentionPlanner.plan(new RetentionInputs(plain.scope(), signed, plain.releases(), plain.containers(),
                    plain.pendingApprovals(), plain.knownGoodToKeep(), plain.keepStopped(), plain.now()));
            assertThat(with.registry()).as("seed %d", seed).isEqualTo(without.registry());
            assertThat(with.host()).as("seed %d", seed).isEqualTo(without.host());
            for (AttachmentDecision a : with.attachments()) {
                // per repository: the same content may be deleted in one repository and kept in another
                Set<Digest> going = new HashSet<>(orphans);
                with.deletions().stream().filter(d -> d.repository().equals(a.repository())).forEach(d -> going.add(d.digest()));
                assertThat(a.delete()).as("seed %d: %s", seed, a.describe()).isEqualTo(going.containsAll(a.subjects()));
                if (a.delete()) {
                    signatureDeletions++;
                } else {
                    signatureKeeps++;
                }
            }
        }
        assertThat(signatureDeletions).as("the histories must delete signatures").isGreaterThan(HISTORIES / 4);
        assertThat(signatureKeeps).as("and keep some").isGreaterThan(HISTORIES / 4);
    }

    private static List<RegistryAttachment> signatures(RepositorySnapshot repo, Random random, Set<Digest> orphans) {
        List<RegistryAttachment> out = new ArrayList<>();
        String name = repo.repository();
        RegistryImage previous = null;
        for (RegistryImage image : repo.images()) {
            Digest d = image.digest();
            if (random.nextBoolean()) {
                out.add(new RegistryAttachment(name, d, randomDigest(random), "sha256-" + d.hex() + ".sig", "signature", true));
            }
            if (random.nextInt(4) == 0) {
                out.add(new RegistryAttachment(name, d, randomDigest(random), "sha256-" + d.hex(), "referrers index", true));
                out.add(new RegistryAttachment(name, d, randomDigest(random), null, "signature bundle", true));
            }
            if (previous != null && random.nextInt(8) == 0) {
                Digest copied = randomDigest(random);
                out.add(new RegistryAttachment(name, d, copied, "sha256-" + d.hex() + ".att", "attestation", true));
                out.add(new RegistryAttachment(name, previous.digest(), copied, "sha256-" + previous.digest().hex() + ".att", "attestation", true));
            }
            previous = image;
        }
        if (random.nextBoolean()) {
            Digest gone = randomDigest(random);
            orphans.add(gone);
            out.add(new RegistryAttachment(name, gone, randomDigest(random), "sha256-" + gone.hex() + ".sig", "signature", false));
        }
        return out;
    }

    private static Digest randomDigest(Random random) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return Digest.parse("sha256:" + hex);
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
                        .filter(r -> r.service().value().equals(s) && r.env() == env && r.isKnownGood()).toList());
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
