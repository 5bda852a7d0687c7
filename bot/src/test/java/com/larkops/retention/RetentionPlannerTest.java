package com.larkops.retention;

import com.larkops.config.ConfigFile;
import com.larkops.config.ConfigException;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.RetentionPolicy;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Labels;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.runtime.ContainerState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The policy's soft keeps and the plan's text, on hand-made data. */
class RetentionPlannerTest {
    static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");
    static final RetentionPolicy POLICY = new RetentionPolicy(1, 30, 1, 7);

    @Test
    void keepsNewestAndRecentlyServingAndUnknownAgeDeletesTheRestWithReasons() {
        Digest newest = d('1'), servedUntilYesterday = d('2'), old = d('3'), unknownAge = d('4'), untaggedOld = d('5'), untaggedYoung = d('6');
        List<RegistryImage> images = List.of(
                new RegistryImage("team/echo", newest, List.of("5.0.0"), NOW.minus(days(1)), 10L),
                new RegistryImage("team/echo", servedUntilYesterday, List.of("4.0.0"), NOW.minus(days(90)), 10L),
                new RegistryImage("team/echo", old, List.of("3.0.0", "3.0.0_git.abc1234"), NOW.minus(days(80)), 10L),
                new RegistryImage("team/echo", unknownAge, List.of("2.0.0"), null, null),
                new RegistryImage("team/echo", untaggedOld, List.of(), NOW.minus(days(8)), 10L),
                new RegistryImage("team/echo", untaggedYoung, List.of(), NOW.minus(days(2)), 10L));
        // live 60 days ago, superseded yesterday: it served within the window
        List<Release> releases = List.of(
                release(1, servedUntilYesterday, NOW.minus(days(60)), Release.Outcome.SUPERSEDED, false),
                release(2, d('9'), NOW.minus(days(1)), Release.Outcome.LIVE, false));
        PrunePlan plan = RetentionPlanner.plan(new RetentionInputs("echo",
                List.of(new RepositorySnapshot("team/echo", List.of("echo"), POLICY, images, List.of())),
                releases, List.of(), Set.of(), Map.of("echo", 1), 3, NOW));

        assertThat(plan.deletions()).extracting(ImageDecision::digest).containsExactlyInAnyOrder(old, untaggedOld);
        assertThat(reasons(plan, newest)).contains("among the newest 1");
        assertThat(reasons(plan, servedUntilYesterday)).contains("deployed within 30d");
        assertThat(reasons(plan, unknownAge)).contains("build time unknown");
        assertThat(reasons(plan, untaggedYoung)).contains("untagged, younger than 7d");
        assertThat(plan.describe()).contains("delete 3.0.0, 3.0.0_git.abc1234 " + old.value() + " 80d old")
                .contains("delete (untagged) " + untaggedOld.value()).contains("delete 2 manifest(s)");
    }

    @Test
    void pendingApprovalAndKnownGoodAreProtectedWhateverThePolicy() {
        Digest pending = d('a'), good = d('b');
        List<RegistryImage> images = List.of(
                new RegistryImage("team/echo", pending, List.of("1.0.0"), NOW.minus(days(400)), 1L),
                new RegistryImage("team/echo", good, List.of("0.9.0"), NOW.minus(days(500)), 1L));
        PrunePlan plan = RetentionPlanner.plan(new RetentionInputs("all",
                List.of(new RepositorySnapshot("team/echo", List.of("echo"), new RetentionPolicy(0, 0, 1, 0), images, List.of())),
                List.of(release(1, good, NOW.minus(days(500)), Release.Outcome.SUPERSEDED, true)), List.of(), Set.of(pending),
                Map.of("echo", 1), 3, NOW));
        assertThat(plan.deletions()).isEmpty();
        assertThat(reasons(plan, pending)).containsExactly("pending approval");
        assertThat(reasons(plan, good)).contains("known-good #1 of echo staging");
    }

    @Test
    void signaturesGoWithTheirDigestOrWhenOrphanedAndNeverDecideAnImage() {
        Digest newest = d('1'), old = d('3'), platformChild = d('6'), gone = d('7'), goneButRunning = d('8');
        List<RegistryImage> images = List.of(
                new RegistryImage("team/echo", newest, List.of("5.0.0"), NOW.minus(days(1)), 10L),
                new RegistryImage("team/echo", old, List.of("3.0.0"), NOW.minus(days(80)), 10L));
        List<RegistryAttachment> attachments = List.of(
                tagged(old, d('a'), ".sig", "signature", true),
                tagged(newest, d('b'), ".sig", "signature", true),
                tagged(old, d('c'), "", "referrers index", true),
                new RegistryAttachment("team/echo", old, d('e'), null, "signature bundle", true),
                tagged(gone, d('f'), ".sig", "signature", false),
                tagged(goneButRunning, d('0'), ".sig", "signature", false),
                // one signature manifest copied under the tags of a deleted and a kept digest
                tagged(old, d('d'), ".sbom", "SBOM", true),
                tagged(newest, d('d'), ".sbom", "SBOM", true),
                tagged(platformChild, d('2'), ".sig", "signature", true));
        List<ContainerState> running = List.of(new ContainerState("id-r", "echo-prod-r9", "reg/team/echo@" + goneButRunning,
                "img", Map.of(Labels.SERVICE, "echo", Labels.ENV, "prod", Labels.DIGEST, goneButRunning.value()), true, "running",
                null, NOW, NOW, null, null, false));
        PrunePlan plan = RetentionPlanner.plan(new RetentionInputs("echo",
                List.of(new RepositorySnapshot("team/echo", List.of("echo"), POLICY, images, List.of(), attachments)),
                List.of(), running, Set.of(), Map.of("echo", 1), 3, NOW));
        PrunePlan withoutSignatures = RetentionPlanner.plan(new RetentionInputs("echo",
                List.of(new RepositorySnapshot("team/echo", List.of("echo"), POLICY, images, List.of())),
                List.of(), running, Set.of(), Map.of("echo", 1), 3, NOW));

        assertThat(plan.registry()).as("signatures are not versions: the image verdicts are unchanged").isEqualTo(withoutSignatures.registry());
        assertThat(plan.deletions()).extracting(ImageDecision::digest).containsExactly(old);
        assertThat(plan.attachmentDeletions()).extracting(AttachmentDecision::manifest).containsExactly(d('a'), d('c'), d('e'), d('f'));
        assertThat(attachment(plan, d('b')).reason()).isEqualTo("attached to " + newest.shortForm() + " stays");
        assertThat(attachment(plan, d('d')).delete()).isFalse();
        assertThat(attachment(plan, d('d')).tags()).containsExactly(tag(old, ".sbom"), tag(newest, ".sbom"));
        assertThat(attachment(plan, d('d')).reason()).contains(old.shortForm() + " is deleted in this plan").contains(newest.shortForm() + " stays");
        assertThat(attachment(plan, d('0')).reason()).contains("is gone from the registry but protected (runs in echo-prod-r9)");
        assertThat(attachment(plan, d('2')).delete()).as("an untagged subject still in the registry keeps its signature").isFalse();
        assertThat(attachment(plan, d('f')).reason()).isEqualTo("attached to " + gone.shortForm() + " is gone from the registry");
        assertThat(plan.describe())
                .contains("delete 1 manifest(s)").contains("keep 1;")
                .contains("signatures and other attached manifests: delete 4, keep 4")
                .contains("delete signature " + d('a').shortForm() + " — attached to " + old.shortForm() + " is deleted in this plan")
                .contains("delete signature bundle " + d('e').shortForm() + " (untagged) — attached to")
                .doesNotContain(d('b').shortForm());
    }

    @Test
    void aRepositoryWithOnlyAnOrphanSignatureStillHasSomethingToPrune() {
        Digest gone = d('7');
        PrunePlan plan = RetentionPlanner.plan(new RetentionInputs("echo",
                List.of(new RepositorySnapshot("team/echo", List.of("echo"), POLICY, List.of(), List.of(),
                        List.of(tagged(gone, d('f'), ".sig", "signature", false)))),
                List.of(), List.of(), Set.of(), Map.of("echo", 1), 3, NOW));
        assertThat(plan.isEmpty()).isFalse();
        assertThat(plan.describe()).contains("team/echo: delete 0, keep 0\n  delete signature " + d('f').shortForm());
    }

    static RegistryAttachment tagged(Digest subject, Digest manifest, String suffix, String kind, boolean subjectPresent) {
        return new RegistryAttachment("team/echo", subject, manifest, tag(subject, suffix), kind, subjectPresent);
    }

    static String tag(Digest subject, String suffix) {
        return "sha256-" + subject.hex() + suffix;
    }

    static AttachmentDecision attachment(PrunePlan plan, Digest manifest) {
        return plan.attachments().stream().filter(a -> a.manifest().equals(manifest)).findFirst().orElseThrow();
    }

    @Test
    void retentionKeysAreReadWithDefaultsAndBadValuesNamed() {
        LarkopsConfig c = ConfigFile.parse("""
                registry: 127.0.0.1:5000
                prune_schedule: {every: 24h, apply: false, chat: oc_ops}
                services:
                  echo: {repository: skills/echo, retention: {keep_versions: 5, untagged_days: 2}}
                  other: {repository: skills/other}
                """, "t.yaml");
        assertThat(c.service("echo").orElseThrow().retention()).isEqualTo(new RetentionPolicy(5, 30, 3, 2));
        assertThat(c.service("other").orElseThrow().retention()).isEqualTo(RetentionPolicy.DEFAULT);
        assertThat(c.pruneSchedule().orElseThrow().every()).isEqualTo(Duration.ofHours(24));
        assertThatThrownBy(() -> ConfigFile.parse("registry: r:1\nservices:\n  echo: {repository: a/b, retention: {keep_version: 5}}\n", "t"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("services.echo.retention.keep_version");
        assertThatThrownBy(() -> ConfigFile.parse("registry: r:1\nservices:\n  echo: {repository: a/b, retention: {keep_known_good: 0}}\n", "t"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("services.echo.retention.keep_known_good is 0");
        assertThat(ConfigFile.parse("registry: r:1\n", "t").pruneSchedule()).isEmpty();
    }

    static List<String> reasons(PrunePlan plan, Digest d) {
        return plan.registry().stream().filter(x -> x.digest().equals(d)).findFirst().orElseThrow().reasons();
    }

    static Release release(long id, Digest d, Instant at, Release.Outcome outcome, boolean good) {
        return new Release(id, new ServiceName("echo"), Env.STAGING, "v", d, "img", Release.Kind.DEPLOY, "ou", "oc", at, Optional.of(at), outcome,
                "", "c" + id, Optional.of(at), good ? Optional.of(at) : Optional.empty());
    }

    static Digest d(char c) {
        return Digest.parse("sha256:" + String.valueOf(c).repeat(64));
    }

    static Duration days(int n) {
        return Duration.ofDays(n);
    }
}
