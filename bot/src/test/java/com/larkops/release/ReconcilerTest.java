package com.larkops.release;

import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.testing.ReleaseRig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static com.larkops.testing.ReleaseRig.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/** Crash recovery's decisions on data: the real store, executor and health gate over the fake engine. */
class ReconcilerTest {
    @TempDir
    Path dir;
    ReleaseRig rig;

    @AfterEach
    void tearDown() {
        rig.close();
    }

    /**
     * A self-deploy's old bot killed just after it started the new one: the new bot, booting, finds the release in
     * progress with its own container as the new one, not yet healthy (it settles before it serves). Undoing it
     * would put the dead bot's version back under a bot about to pass its gate; it waits until it serves, then
     * completes the change (issue #30's "kill -9 after the new bot started").
     */
    @Test
    void aReleaseWhoseNewContainerIsThisBotIsSettledOnceThisBotServesNotUndoneBeforeIt() {
        rig = new ReleaseRig(dir);
        Digest v1 = rig.push("1.0.0");
        Digest v2 = rig.push("2.0.0");
        rig.existing("echo-staging-r1", Env.STAGING, "1.0.0", v1, false, NOW.minusSeconds(3600)); // the killed old bot
        rig.existing("echo-staging-r2", Env.STAGING, "2.0.0", v2, true, NOW.minusSeconds(5));    // this bot, booting
        rig.runtime.starting("echo-staging-r2", true);
        Release before = begin("1.0.0", v1);
        rig.releases.live(before.id(), "echo-staging-r1", NOW.minusSeconds(3600));
        Release interrupted = begin("2.0.0", v2);
        rig.releases.assign(interrupted.id(), "echo-staging-r2");
        Reconciler reconciler = new Reconciler(rig.config, rig.runtime, rig.releases, rig.health, rig.executor, r -> false,
                Optional.of("echo-staging-r2"), rig.clock);

        assertThat(reconciler.settleLater()).extracting(Release::id).containsExactly(interrupted.id());
        assertThat(reconciler.reconcile()).isEmpty();
        assertThat(rig.releases.byId(interrupted.id()).orElseThrow().outcome()).isEqualTo(Release.Outcome.IN_PROGRESS);
        assertThat(rig.runtime.calls()).as("nothing changed under the booting bot").isEmpty();

        rig.runtime.starting("echo-staging-r2", false); // it serves
        assertThat(reconciler.reconcile()).singleElement().satisfies(n -> assertThat(n.text()).contains("completed and serves now"));
        assertThat(rig.releases.byId(interrupted.id()).orElseThrow().outcome()).isEqualTo(Release.Outcome.LIVE);
        assertThat(rig.runtime.runningNames()).containsExactly("echo-staging-r2");
        assertThat(rig.runtime.aliasesOn("echo-staging-r2", ReleaseRig.NETWORK)).contains("echo-staging");
    }

    /** A bot that never comes to serve is no reason to wait forever: past its health timeout it is undone as any. */
    @Test
    void thisBotNotServingWithinItsHealthTimeoutIsUndoneAsAnyUnhealthyContainer() {
        rig = new ReleaseRig(dir);
        Digest v1 = rig.push("1.0.0");
        Digest v2 = rig.push("2.0.0");
        rig.existing("echo-staging-r1", Env.STAGING, "1.0.0", v1, false, NOW.minusSeconds(3600));
        rig.existing("echo-staging-r2", Env.STAGING, "2.0.0", v2, true, NOW.minusSeconds(5));
        rig.runtime.starting("echo-staging-r2", true);
        Release before = begin("1.0.0", v1);
        rig.releases.live(before.id(), "echo-staging-r1", NOW.minusSeconds(3600));
        Release interrupted = begin("2.0.0", v2);
        rig.releases.assign(interrupted.id(), "echo-staging-r2");
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now = new java.util.concurrent.atomic.AtomicReference<>(NOW);
        java.time.Clock clock = new java.time.Clock() {
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public java.time.Instant instant() {
                return now.get();
            }
        };
        Reconciler reconciler = new Reconciler(rig.config, rig.runtime, rig.releases, rig.health, rig.executor, r -> false,
                Optional.of("echo-staging-r2"), clock);
        assertThat(reconciler.reconcile()).isEmpty();

        now.set(NOW.plus(rig.config.service("echo").orElseThrow().healthTimeout()).plusSeconds(1));
        assertThat(reconciler.reconcile()).singleElement().satisfies(n -> assertThat(n.text()).contains("was undone"));
        assertThat(rig.releases.byId(interrupted.id()).orElseThrow().outcome()).isEqualTo(Release.Outcome.FAILED);
        assertThat(rig.runtime.calls()).contains("start echo-staging-r1");
    }

    private Release begin(String version, Digest digest) {
        return rig.releases.begin(new ReleaseHistory.NewRelease(new ServiceName("echo"), Env.STAGING, version, digest, rig.image(digest),
                Release.Kind.DEPLOY, "ou_dev1", "oc_ops", NOW), Release.Outcome.IN_PROGRESS);
    }
}
