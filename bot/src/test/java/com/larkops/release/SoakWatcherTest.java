package com.larkops.release;

import com.larkops.config.ConfigFile;
import com.larkops.config.ServiceConfig;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.runtime.HttpHealthProbe;
import com.larkops.store.Database;
import com.larkops.store.ReleaseStore;
import com.larkops.testing.FakeRuntime;
import com.larkops.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak watch on a clock that jumps (the tests' clock): {@link SoakWatcher#checkNow} runs the due checks at
 * once, so a release is known-good as soon as its soak period has passed on the clock, and not before.
 */
class SoakWatcherTest {
    static final String CONTAINER = "echo-staging-r1";

    @TempDir
    Path dir;

    @Test
    void aReleaseIsKnownGoodOnceTheClockPassedItsSoakAndNotBefore() {
        TestClock clock = new TestClock();
        FakeRuntime runtime = new FakeRuntime(clock);
        runtime.existing(CONTAINER, "img", Map.of(), true, clock.instant(), "net", List.of("echo-staging"));
        ServiceConfig service = echoSoakingAnHour();
        try (Database db = Database.open(dir);
             SoakWatcher soak = new SoakWatcher(new ReleaseStore(db, clock), new HealthGate(runtime, new HttpHealthProbe()), "net", clock)) {
            ReleaseStore releases = new ReleaseStore(db, clock);
            Release r = releases.begin(new ReleaseHistory.NewRelease(new ServiceName("echo"), Env.STAGING, "1.0.0", Digest.parse("sha256:" + "ab".repeat(32)),
                    "img", Release.Kind.DEPLOY, "ou_dev1", "oc_ops", clock.instant()), Release.Outcome.IN_PROGRESS);
            releases.live(r.id(), CONTAINER, clock.instant());
            soak.watch(releases.byId(r.id()).orElseThrow(), service);

            soak.checkNow();
            clock.advance(Duration.ofMinutes(59));
            soak.checkNow();
            assertThat(releases.byId(r.id()).orElseThrow().isKnownGood()).as("59 of 60 minutes").isFalse();

            clock.advance(Duration.ofMinutes(1));
            soak.checkNow();
            assertThat(releases.byId(r.id()).orElseThrow().isKnownGood()).as("the soak hour passed").isTrue();
        }
    }

    static ServiceConfig echoSoakingAnHour() {
        return ConfigFile.parse("""
                registry: 127.0.0.1:5000
                services:
                  echo:
                    repository: skills/echo
                    soak: 1h
                """, "soak test").service("echo").orElseThrow();
    }

    @Test
    void twoReplicasWatchingOneSoakTellTheirListenersOnceBetweenThem() {
        TestClock clock = new TestClock();
        FakeRuntime runtime = new FakeRuntime(clock);
        runtime.existing(CONTAINER, "img", Map.of(), true, clock.instant(), "net", List.of("echo-staging"));
        ServiceConfig service = echoSoakingAnHour();
        List<Long> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Database db = Database.open(dir);
             SoakWatcher a = new SoakWatcher(new ReleaseStore(db, clock), new HealthGate(runtime, new HttpHealthProbe()), "net", clock);
             SoakWatcher b = new SoakWatcher(new ReleaseStore(db, clock), new HealthGate(runtime, new HttpHealthProbe()), "net", clock)) {
            a.onKnownGood(r -> told.add(r.id()));
            b.onKnownGood(r -> told.add(r.id()));
            ReleaseStore releases = new ReleaseStore(db, clock);
            Release r = releases.begin(new ReleaseHistory.NewRelease(new ServiceName("echo"), Env.STAGING, "1.0.0", Digest.parse("sha256:" + "ab".repeat(32)),
                    "img", Release.Kind.DEPLOY, "ou_dev1", "oc_ops", clock.instant()), Release.Outcome.IN_PROGRESS);
            releases.live(r.id(), CONTAINER, clock.instant());
            a.watch(releases.byId(r.id()).orElseThrow(), service);
            b.watch(releases.byId(r.id()).orElseThrow(), service);

            clock.advance(Duration.ofMinutes(60));
            a.checkNow();
            b.checkNow();

            assertThat(releases.byId(r.id()).orElseThrow().isKnownGood()).isTrue();
            assertThat(told).as("one listener told (e.g. one prod promotion asked for)").containsExactly(r.id());
        }
    }
}
