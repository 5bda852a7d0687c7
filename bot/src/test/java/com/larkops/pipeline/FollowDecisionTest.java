package com.larkops.pipeline;

import com.larkops.config.FollowPolicy;
import com.larkops.model.Env;
import com.larkops.model.ServiceName;
import com.larkops.model.Version;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static com.larkops.pipeline.FollowDecision.Action.ANNOUNCE;
import static com.larkops.pipeline.FollowDecision.Action.DEPLOY;
import static com.larkops.pipeline.FollowDecision.Action.IGNORE;
import static org.assertj.core.api.Assertions.assertThat;

class FollowDecisionTest {
    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    static FollowDecision.Staging running(String version) {
        return new FollowDecision.Staging(Optional.of(Version.parse(version)), false, false, Optional.empty(), Optional.empty());
    }

    static FollowDecision.Verdict decide(FollowPolicy policy, String tag, FollowDecision.Staging staging) {
        return FollowDecision.decide(policy, tag, staging, NOW);
    }

    @Test
    void patchFollowsOnlyTheSameMinor() {
        assertThat(decide(FollowPolicy.PATCH, "1.4.3", running("1.4.2")).action()).isEqualTo(DEPLOY);
        assertThat(decide(FollowPolicy.PATCH, "1.4.3_git.abc1234", running("1.4.2")).action()).isEqualTo(DEPLOY);
        assertThat(decide(FollowPolicy.PATCH, "1.5.0", running("1.4.2")).action()).isEqualTo(ANNOUNCE);
        assertThat(decide(FollowPolicy.PATCH, "2.0.0", running("1.4.2")).reason()).contains("beyond follow: patch");
    }

    @Test
    void minorFollowsTheSameMajorAndAllFollowsEverything() {
        assertThat(decide(FollowPolicy.MINOR, "1.5.0", running("1.4.2")).action()).isEqualTo(DEPLOY);
        assertThat(decide(FollowPolicy.MINOR, "2.0.0", running("1.4.2")).action()).isEqualTo(ANNOUNCE);
        assertThat(decide(FollowPolicy.ALL, "2.0.0", running("1.4.2")).action()).isEqualTo(DEPLOY);
    }

    @Test
    void olderEqualPrereleaseAndNonVersionTagsAreIgnored() {
        assertThat(decide(FollowPolicy.ALL, "1.4.1", running("1.4.2")).action()).isEqualTo(IGNORE);
        assertThat(decide(FollowPolicy.ALL, "1.4.2_git.abc1234", running("1.4.2")).action()).isEqualTo(IGNORE);
        assertThat(decide(FollowPolicy.ALL, "1.5.0-rc.1", running("1.4.2")).action()).isEqualTo(IGNORE);
        assertThat(decide(FollowPolicy.ALL, "latest", running("1.4.2")).action()).isEqualTo(IGNORE);
        assertThat(decide(FollowPolicy.ALL, "staging", running("1.4.2")).action()).isEqualTo(IGNORE);
        assertThat(decide(FollowPolicy.OFF, "1.4.3", running("1.4.2")).action()).isEqualTo(IGNORE);
    }

    @Test
    void nothingInStagingDeploysOnlyForAll() {
        FollowDecision.Staging empty = new FollowDecision.Staging(Optional.empty(), false, false, Optional.empty(), Optional.empty());
        assertThat(decide(FollowPolicy.ALL, "1.0.0", empty).action()).isEqualTo(DEPLOY);
        assertThat(decide(FollowPolicy.PATCH, "1.0.0", empty).action()).isEqualTo(ANNOUNCE);
    }

    @Test
    void holdsAndFreezesTurnADeployIntoAnAnnouncement() {
        Hold hold = new Hold(new ServiceName("echo"), Env.STAGING, "sha256:" + "a".repeat(64), "ou_lead", NOW.minusSeconds(600), "rolled back");
        var held = new FollowDecision.Staging(Optional.of(Version.parse("1.4.2")), false, false, Optional.of(hold), Optional.empty());
        FollowDecision.Verdict v = decide(FollowPolicy.PATCH, "1.4.3", held);
        assertThat(v.action()).isEqualTo(ANNOUNCE);
        assertThat(v.reason()).contains("held at sha256:aaaaaaaaaaaa").contains(com.larkops.model.Text.mention("ou_lead")).contains("10m").contains("rolled back");

        Freeze freeze = new Freeze(1, Optional.empty(), Optional.empty(), "ou_lead", NOW, Optional.empty(), "release week");
        var frozen = new FollowDecision.Staging(Optional.of(Version.parse("1.4.2")), false, false, Optional.empty(), Optional.of(freeze));
        assertThat(decide(FollowPolicy.PATCH, "1.4.3", frozen).reason()).contains("frozen").contains("release week");
    }

    @Test
    void aDigestThatFailedOrRunsAlreadyIsNotDeployedAgain() {
        var failed = new FollowDecision.Staging(Optional.of(Version.parse("1.4.2")), true, false, Optional.empty(), Optional.empty());
        assertThat(decide(FollowPolicy.PATCH, "1.4.3", failed).action()).isEqualTo(ANNOUNCE);
        var runs = new FollowDecision.Staging(Optional.of(Version.parse("1.4.2")), false, true, Optional.empty(), Optional.empty());
        assertThat(decide(FollowPolicy.PATCH, "1.4.3", runs).action()).isEqualTo(IGNORE);
    }

    @Test
    void freezesCoverTheirScopeUntilTheyExpire() {
        Freeze echoProd = new Freeze(1, Optional.of(new ServiceName("echo")), Optional.of(Env.PROD), "ou_lead", NOW, Optional.of(NOW.plusSeconds(60)), "x");
        assertThat(echoProd.covers(new ServiceName("echo"), Env.PROD, NOW)).isTrue();
        assertThat(echoProd.covers(new ServiceName("echo"), Env.STAGING, NOW)).isFalse();
        assertThat(echoProd.covers(new ServiceName("other"), Env.PROD, NOW)).isFalse();
        assertThat(echoProd.covers(new ServiceName("echo"), Env.PROD, NOW.plusSeconds(61))).isFalse();
        Freeze all = new Freeze(2, Optional.empty(), Optional.empty(), "ou_lead", NOW, Optional.empty(), "x");
        assertThat(all.covers(new ServiceName("anything"), Env.STAGING, NOW.plusSeconds(86_400 * 365))).isTrue();
    }
}
