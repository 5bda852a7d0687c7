package com.larkops.release;

import com.larkops.command.Caller;
import com.larkops.command.Progress;
import com.larkops.command.RefusedException;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.InvalidInputException;
import com.larkops.model.LockKey;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.testing.ReleaseRig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.larkops.testing.ReleaseRig.NETWORK;
import static com.larkops.testing.ReleaseRig.NOW;
import static com.larkops.testing.ReleaseRig.REPO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The deployer's decisions on data: the real store (SQLite in a temp dir), executor and health gate over a fake
 * engine and an in-JVM fake registry. What DeployIT shows through Lark and Docker, here without either.
 */
class DeployerTest {
    static final Caller DEV = Caller.lark("ou_dev1", "oc_ops");

    @TempDir
    Path dir;
    ReleaseRig rig;
    Deployer deployer;

    @BeforeEach
    void setUp() {
        rig = new ReleaseRig(dir);
        deployer = rig.deployer;
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    Target resolve(String reference, Env env) {
        return deployer.resolve(deployer.service("echo"), env, reference);
    }

    List<Release> history() {
        return rig.releases.history(new ServiceName("echo"), null, 100);
    }

    // --- target resolution ---

    @Test
    void aVersionIsResolvedOnceToItsDigestAndEveryStepUsesThePinnedImage() {
        Digest v1 = rig.push("1.0.0");
        Target t = resolve("1.0.0", Env.STAGING);
        assertThat(t).isEqualTo(new Target("echo", Env.STAGING, v1, "1.0.0", rig.image(v1)));
    }

    @Test
    void aDigestTakesItsVersionFromTheRegistrysVersionTagNeverItsLabelOrElseItsShortForm() {
        Digest v1 = rig.push("1.0.0");
        assertThat(resolve(v1.value(), Env.PROD).version()).isEqualTo("1.0.0");
        Digest bare = rig.fakeRegistry.push(REPO, "bare", Map.of());
        assertThat(resolve(bare.value(), Env.STAGING).version()).isEqualTo(bare.shortForm());
        // an image naming itself 1.0.0 under no version tag is not 1.0.0 (#22, finding 6)
        Digest impostor = rig.fakeRegistry.push(REPO, "build-7", Map.of("org.opencontainers.image.version", "1.0.0"));
        assertThat(resolve(impostor.value(), Env.STAGING).version()).isEqualTo(impostor.shortForm());
        // a tag-shaped word that is no version names itself, whatever the image claims
        assertThat(resolve("bare", Env.STAGING).version()).isEqualTo("bare");
    }

    @Test
    void aFloatingTagGoesToStagingButNeverToProd() {
        Digest latest = rig.fakeRegistry.push(REPO, "latest", Map.of());
        assertThat(resolve("latest", Env.STAGING).digest()).isEqualTo(latest);
        assertThatThrownBy(() -> resolve("latest", Env.PROD)).isInstanceOf(RefusedException.class)
                .hasMessageContaining("never a floating tag like 'latest'");
    }

    @Test
    void whatTheRegistryDoesNotKnowIsRefusedInOneLine() {
        rig.push("1.0.0");
        assertThatThrownBy(() -> resolve("9.9.9", Env.STAGING)).isInstanceOf(RefusedException.class)
                .hasMessageContaining("skills/echo:9.9.9 is not in registry").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> resolve("sha256:" + "9".repeat(64), Env.STAGING)).isInstanceOf(RefusedException.class)
                .hasMessageContaining("not in registry");
    }

    @Test
    void aReferenceThatIsNoTagNorDigestIsTheUsersMistake() {
        assertThatThrownBy(() -> resolve("x;rm -rf /", Env.STAGING)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("neither a version, a tag nor a sha256: digest");
    }

    @Test
    void anImageThatSetsLarkopsLabelsItselfIsRefused() {
        rig.fakeRegistry.push(REPO, "6.6.6", Map.of("larkops.env", "prod", "larkops.service", "other"));
        assertThatThrownBy(() -> resolve("6.6.6", Env.STAGING)).isInstanceOf(RefusedException.class)
                .hasMessageContaining("sets larkops.env, larkops.service itself");
    }

    @Test
    void anUnknownServiceIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> deployer.service("nosuch")).isInstanceOf(InvalidInputException.class)
                .hasMessage("unknown service 'nosuch'; known: echo");
        assertThatThrownBy(() -> deployer.service(null)).isInstanceOf(InvalidInputException.class).hasMessage("name a service");
    }

    // --- the plan a deploy runs ---

    @Test
    void aFirstDeployPullsCreatesStartsRoutesAndMovesTheEnvTag() {
        Digest v1 = rig.push("1.0.0");
        Deployer.Outcome out = deployer.deploy(resolve("1.0.0", Env.STAGING), Release.Kind.DEPLOY, DEV, Progress.NONE);

        assertThat(out.live()).as(out.text()).isTrue();
        assertThat(out.text()).startsWith("echo 1.0.0 (" + v1.shortForm() + ") live in staging");
        assertThat(rig.runtime.calls()).containsExactly(
                "pull " + rig.image(v1),
                "create echo-staging-r1",
                "start echo-staging-r1",
                "disconnect echo-staging-r1 " + NETWORK,
                "connect echo-staging-r1 " + NETWORK + " [echo-staging]");
        assertThat(rig.fakeRegistry.writes()).containsExactly("tag skills/echo:staging → " + v1.value());
        assertThat(rig.runtime.container("echo-staging-r1").orElseThrow().labels()).containsEntry("larkops.digest", v1.value())
                .containsEntry("larkops.version", "1.0.0").containsEntry("larkops.release-id", "1")
                .containsEntry("larkops.deployed-by", "ou_dev1").containsEntry("larkops.env", "staging");
        Release r = rig.releases.byId(1).orElseThrow();
        assertThat(r.outcome()).isEqualTo(Release.Outcome.LIVE);
        assertThat(r.container()).isEqualTo("echo-staging-r1");
        assertThat(r.digest()).isEqualTo(v1);
    }

    /**
     * A live card handed to the sender is not yet shown: a bot killed before the PATCH went out (a self-deploy's old
     * bot, just after the switch) must leave the card to recovery, so it is recorded finished only once delivered.
     */
    @Test
    void aCardWhoseFinalStateDidNotReachTheChatIsLeftUnfinishedForRecovery() {
        rig.push("1.0.0");
        rig.push("2.0.0");
        assertThat(deployer.deploy(resolve("1.0.0", Env.STAGING), Release.Kind.DEPLOY, DEV, card(true)).live()).isTrue();
        assertThat(deployer.deploy(resolve("2.0.0", Env.STAGING), Release.Kind.DEPLOY, DEV, card(false)).live()).isTrue();

        // the card's message is noted off the plan's path: wait for it, then the deploy's own rows are all there
        com.larkops.testing.Poll.until("the cards noted", java.time.Duration.ofSeconds(10), () -> cardRows(1, "posted") == 1 && cardRows(2, "posted") == 1);
        assertThat(cardRows(1, "finished")).as("delivered: finished").isEqualTo(1);
        assertThat(cardRows(2, "finished")).as("never delivered: not finished").isZero();
        assertThat(rig.audit.unfinishedCards()).containsOnlyKeys(2L).containsEntry(2L, "om_card");
    }

    private long cardRows(long release, String outcome) {
        return rig.audit.recent(500).stream().filter(e -> e.command().equals(StepRecords.cardEntry(release)) && e.outcome().equals(outcome))
                .count();
    }

    /** A chat card that is shown ({@code om_card}), its updates {@code delivered} or not. */
    private static Progress card(boolean delivered) {
        return new Progress() {
            public void update(String text) {
            }

            public java.util.Optional<String> card(Map<String, Object> card) {
                return messageId();
            }

            public void showCard(Map<String, Object> card) {
            }

            public java.util.Optional<String> messageId() {
                return java.util.Optional.of("om_card");
            }

            public java.util.Optional<String> commandMessageId() {
                return java.util.Optional.of("om_cmd");
            }

            public boolean delivered() {
                return delivered;
            }
        };
    }

    @Test
    void theOldContainerStopsOnlyAfterTheNewOneServesAndStoppedOnesBeyondKeepStoppedGo() {
        Digest v0 = rig.push("0.9.0");
        Digest v1 = rig.push("1.0.0");
        Digest v2 = rig.push("2.0.0");
        rig.existing("echo-staging-old", Env.STAGING, "0.9.0", v0, false, NOW.minusSeconds(7200));
        rig.existing("echo-staging-cur", Env.STAGING, "1.0.0", v1, true, NOW.minusSeconds(3600));

        Deployer.Outcome out = deployer.deploy(resolve("2.0.0", Env.STAGING), Release.Kind.DEPLOY, DEV, Progress.NONE);

        assertThat(out.live()).as(out.text()).isTrue();
        // keep_stopped 1: the one that served last is kept, the older stopped one is removed
        assertThat(rig.runtime.calls()).containsExactly(
                "pull " + rig.image(v2),
                "create echo-staging-r1",
                "start echo-staging-r1",
                "disconnect echo-staging-r1 " + NETWORK,
                "connect echo-staging-r1 " + NETWORK + " [echo-staging]",
                "stop echo-staging-cur",
                "remove echo-staging-old");
        assertThat(rig.runtime.runningNames()).containsExactly("echo-staging-r1");
        assertThat(rig.runtime.container("echo-staging-cur")).as("kept for rollback").isPresent();
        assertThat(rig.fakeRegistry.tagged(REPO, "staging")).contains(v2);
    }

    @Test
    void whatAlreadyRunsIsNothingToDoAndNothingIsRecordedOrChanged() {
        Digest v1 = rig.push("1.0.0");
        rig.existing("echo-staging-cur", Env.STAGING, "1.0.0", v1, true, NOW.minusSeconds(60));

        Deployer.Outcome out = deployer.deploy(resolve("1.0.0", Env.STAGING), Release.Kind.DEPLOY, DEV, Progress.NONE);

        assertThat(out.live()).isTrue();
        assertThat(out.text()).isEqualTo("echo 1.0.0 (" + v1.shortForm() + ") already runs in staging; nothing to do");
        assertThat(rig.runtime.calls()).isEmpty();
        assertThat(rig.fakeRegistry.writes()).isEmpty();
        assertThat(history()).isEmpty();
    }

    @Test
    void aRollbackRestartsTheKeptContainerWhichStillHoldsTheAliasWithoutAPull() {
        Digest v1 = rig.push("1.0.0");
        Digest v2 = rig.push("2.0.0");
        rig.existing("echo-staging-kept", Env.STAGING, "1.0.0", v1, false, NOW.minusSeconds(7200));
        rig.existing("echo-staging-cur", Env.STAGING, "2.0.0", v2, true, NOW.minusSeconds(3600));

        Deployer.Outcome out = deployer.deploy(resolve("1.0.0", Env.STAGING), Release.Kind.ROLLBACK, DEV, Progress.NONE);

        assertThat(out.live()).as(out.text()).isTrue();
        assertThat(rig.runtime.calls()).containsExactly("start echo-staging-kept", "stop echo-staging-cur");
        assertThat(rig.fakeRegistry.writes()).containsExactly("tag skills/echo:staging → " + v1.value());
        Release r = history().get(0);
        assertThat(r.kind()).isEqualTo(Release.Kind.ROLLBACK);
        assertThat(r.outcome()).isEqualTo(Release.Outcome.LIVE);
        assertThat(r.container()).isEqualTo("echo-staging-kept");
    }

    @Test
    void aDeployOntoAKeptContainerTakesItOffTheAliasUntilItIsHealthy() {
        Digest v1 = rig.push("1.0.0");
        Digest v2 = rig.push("2.0.0");
        rig.existing("echo-staging-kept", Env.STAGING, "1.0.0", v1, false, NOW.minusSeconds(7200));
        rig.existing("echo-staging-cur", Env.STAGING, "2.0.0", v2, true, NOW.minusSeconds(3600));

        deployer.deploy(resolve("1.0.0", Env.STAGING), Release.Kind.DEPLOY, DEV, Progress.NONE);

        assertThat(rig.runtime.calls()).containsExactly(
                "disconnect echo-staging-kept " + NETWORK,
                "connect echo-staging-kept " + NETWORK + " []",
                "start echo-staging-kept",
                "disconnect echo-staging-kept " + NETWORK,
                "connect echo-staging-kept " + NETWORK + " [echo-staging]",
                "stop echo-staging-cur");
    }

    @Test
    void aContainerFailingItsHealthGateIsUndoneAndTheOldOneNeverStopsServing() {
        Digest v1 = rig.push("1.0.0");
        Digest v3 = rig.push("3.0.0");
        rig.existing("echo-staging-cur", Env.STAGING, "1.0.0", v1, true, NOW.minusSeconds(3600));
        rig.runtime.crashOnStart(rig.image(v3));

        Deployer.Outcome out = deployer.deploy(resolve("3.0.0", Env.STAGING), Release.Kind.DEPLOY, DEV, Progress.NONE);

        assertThat(out.live()).isFalse();
        assertThat(out.text()).startsWith("echo 3.0.0 (" + v3.shortForm() + ") failed in staging and was rolled back; still serving 1.0.0 ("
                + v1.shortForm() + ")").contains("container exited with code 1");
        assertThat(rig.runtime.calls()).containsExactly(
                "pull " + rig.image(v3),
                "create echo-staging-r1",
                "start echo-staging-r1",
                "stop echo-staging-r1",
                "remove echo-staging-r1");
        assertThat(rig.runtime.runningNames()).containsExactly("echo-staging-cur");
        assertThat(rig.fakeRegistry.writes()).as("the env tag stays").isEmpty();
        Release r = rig.releases.byId(1).orElseThrow();
        assertThat(r.outcome()).isEqualTo(Release.Outcome.FAILED);
        assertThat(r.detail()).contains("container exited with code 1");
    }

    // --- locks and refusals ---

    @Test
    void anotherHoldersLockRefusesTheDeployBeforeAnythingIsRecorded() {
        rig.push("1.0.0");
        Target t = resolve("1.0.0", Env.STAGING);
        String key = LockKey.of(new ServiceName("echo"), Env.STAGING).value();
        assertThat(rig.dbLocks.tryAcquire(key, "ou_other")).isEmpty();

        assertThatThrownBy(() -> deployer.deploy(t, Release.Kind.DEPLOY, DEV, Progress.NONE)).isInstanceOf(RefusedException.class)
                .satisfies(e -> assertThat(com.larkops.model.Text.plain(e.getMessage())).startsWith("echo staging is being changed by ou_other since"));
        assertThat(rig.runtime.calls()).isEmpty();
        assertThat(history()).isEmpty();

        rig.dbLocks.release(key);
        assertThat(deployer.deploy(t, Release.Kind.DEPLOY, DEV, Progress.NONE).live()).isTrue();
    }

    @Test
    void theLockIsGivenBackWhenADeployEndsLiveOrFailed() {
        rig.push("1.0.0");
        Digest v3 = rig.push("3.0.0");
        rig.runtime.crashOnStart(rig.image(v3));
        String key = LockKey.of(new ServiceName("echo"), Env.STAGING).value();

        assertThat(deployer.deploy(resolve("1.0.0", Env.STAGING), Release.Kind.DEPLOY, DEV, Progress.NONE).live()).isTrue();
        assertThat(rig.dbLocks.held()).doesNotContainKey(key);
        assertThat(deployer.deploy(resolve("3.0.0", Env.STAGING), Release.Kind.DEPLOY, DEV, Progress.NONE).live()).isFalse();
        assertThat(rig.dbLocks.held()).doesNotContainKey(key);
        assertThat(rig.dbLocks.tryAcquire(key, "ou_other")).isEmpty();
    }

    @Test
    void aFreezeRefusesADeployButNotABreakGlassRollback() {
        Digest v1 = rig.push("1.0.0");
        rig.push("2.0.0");
        rig.existing("echo-staging-kept", Env.STAGING, "1.0.0", v1, false, NOW.minusSeconds(7200));
        rig.freeze(Env.STAGING, "is frozen by ou_lead until 18:00");

        assertThatThrownBy(() -> deployer.deploy(resolve("2.0.0", Env.STAGING), Release.Kind.DEPLOY, DEV, Progress.NONE))
                .isInstanceOf(RefusedException.class).hasMessageContaining("echo staging is frozen by ou_lead until 18:00")
                .hasMessageContaining("break-glass /rollback still works");
        assertThat(rig.runtime.calls()).isEmpty();

        assertThat(deployer.deploy(resolve("1.0.0", Env.STAGING), Release.Kind.ROLLBACK, DEV, Progress.NONE).live()).isTrue();
    }

    // --- prod: prepared for approval, run later exactly as stored ---

    @Test
    void aPreparedProdPlanIsRecordedAwaitingApprovalAndChangesNothing() {
        Digest v1 = rig.push("1.0.0");
        Digest v2 = rig.push("2.0.0");
        rig.existing("echo-prod-cur", Env.PROD, "1.0.0", v1, true, NOW.minusSeconds(3600));

        Deployer.Prepared p = deployer.prepare(resolve("2.0.0", Env.PROD), Release.Kind.DEPLOY, DEV);

        assertThat(p.release().outcome()).isEqualTo(Release.Outcome.AWAITING_APPROVAL);
        assertThat(p.runningBefore()).as("what prod runs, by digest").containsExactly("echo-prod-cur@" + v1.value());
        assertThat(p.current()).map(c -> c.name()).contains("echo-prod-cur");
        assertThat(p.plan().steps()).extracting(Step::describe).contains("route echo-prod, echo → echo-prod-r1",
                "stop echo-prod-cur (kept for rollback)", "move tag skills/echo:prod → " + v2.shortForm());
        assertThat(rig.releases.byId(p.release().id()).orElseThrow().container()).isEqualTo("echo-prod-r1");
        assertThat(rig.runtime.calls()).isEmpty();
        assertThat(rig.fakeRegistry.writes()).isEmpty();

        assertThatThrownBy(() -> deployer.prepare(resolve("1.0.0", Env.PROD), Release.Kind.DEPLOY, DEV))
                .isInstanceOf(RefusedException.class).hasMessageContaining("already runs in prod; nothing to do");
    }

    @Test
    void anApprovedPlanRunsAsStoredWhenProdStillRunsWhatItRanAtTheRequest() {
        Digest v1 = rig.push("1.0.0");
        Digest v2 = rig.push("2.0.0");
        rig.existing("echo-prod-cur", Env.PROD, "1.0.0", v1, true, NOW.minusSeconds(3600));
        Deployer.Prepared p = deployer.prepare(resolve("2.0.0", Env.PROD), Release.Kind.DEPLOY, DEV);
        Plan stored = PlanCodec.fromJson(PlanCodec.toJson(p.plan()));

        Deployer.Outcome out = deployer.runApproved(stored, p.release().id(), p.runningBefore(), "ou_lead", "ou_dev1", Progress.NONE);

        assertThat(out.live()).as(out.text()).isTrue();
        assertThat(rig.runtime.runningNames()).containsExactly("echo-prod-r1");
        assertThat(rig.fakeRegistry.tagged(REPO, "prod")).contains(v2);
        assertThat(rig.releases.byId(p.release().id()).orElseThrow().outcome()).isEqualTo(Release.Outcome.LIVE);
    }

    @Test
    void anApprovedPlanIsCancelledWhenProdChangedSinceTheRequest() {
        Digest v1 = rig.push("1.0.0");
        Digest v2 = rig.push("2.0.0");
        rig.existing("echo-prod-cur", Env.PROD, "1.0.0", v1, true, NOW.minusSeconds(3600));
        Deployer.Prepared p = deployer.prepare(resolve("2.0.0", Env.PROD), Release.Kind.DEPLOY, DEV);
        rig.existing("echo-prod-other", Env.PROD, "1.0.0", v1, true, NOW.minusSeconds(60));

        Deployer.Outcome out = deployer.runApproved(p.plan(), p.release().id(), p.runningBefore(), "ou_lead", "ou_dev1", Progress.NONE);

        assertThat(out.live()).isFalse();
        assertThat(out.text()).startsWith("echo prod changed since the request (then echo-prod-cur (" + Digest.shortOf(v1.value())
                + "), now echo-prod-cur").contains("; new: echo-prod-other (" + Digest.shortOf(v1.value()) + ")")
                .endsWith("); nothing was done — ask again");
        assertThat(rig.runtime.calls()).isEmpty();
        assertThat(rig.fakeRegistry.tagged(REPO, "prod")).isEmpty();
        assertThat(rig.releases.byId(p.release().id()).orElseThrow().outcome()).isEqualTo(Release.Outcome.CANCELLED);
    }
}
