package com.larkops.release;

import com.larkops.command.AuditEntry;
import com.larkops.command.Caller;
import com.larkops.command.CommandObserver;
import com.larkops.command.CommandRouter;
import com.larkops.command.Policy;
import com.larkops.command.Progress;
import com.larkops.command.Reply;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.testing.ReleaseRig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.larkops.testing.ReleaseRig.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which path a change takes, on data: a prod roll-forward only ever becomes an approval request, staging and a
 * break-glass prod rollback run at once; refusals change nothing. The commands as the router runs them.
 */
class ProdNeedsApprovalTest {
    static final Caller DEV = Caller.lark("ou_dev1", "oc_ops");

    @TempDir
    Path dir;
    ReleaseRig rig;
    CommandRouter router;
    final List<Target> asked = new ArrayList<>();
    final List<AuditEntry> audit = new ArrayList<>();

    @BeforeEach
    void setUp() {
        rig = new ReleaseRig(dir);
        router = new CommandRouter(new Policy(rig.config.chats(), rig.config.deployers(), rig.config.approvers()), audit::add,
                CommandObserver.NONE, rig.clock);
        ReleaseCommands.ProdRequests approvals = (service, target, caller, progress) -> {
            asked.add(target);
            return Reply.ok(com.larkops.i18n.Text.verbatim("approval requested"));
        };
        new ReleaseCommands(rig.config, rig.deployer, new RollbackTargets(rig.releases),
                new ReleaseQueries(rig.config, rig.runtime, rig.registry, rig.releases, rig.health, rig.clock,
                        rig.dbLocks, rig.audit), approvals, rig.releases)
                .specs().forEach(router::register);
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    Reply run(String command) {
        return router.route(DEV, command, Progress.NONE);
    }

    @Test
    void aProdDeployIsOnlyEverAskedForNeverRun() {
        Digest v1 = rig.push("1.0.0");

        Reply r = run("/deploy echo 1.0.0 prod");

        assertThat(r.text()).isEqualTo("approval requested");
        assertThat(asked).containsExactly(new Target("echo", Env.PROD, v1, "1.0.0", rig.image(v1)));
        assertThat(rig.runtime.calls()).isEmpty();
        assertThat(rig.fakeRegistry.writes()).isEmpty();
        assertThat(rig.releases.history(new ServiceName("echo"), null, 10)).isEmpty();
    }

    @Test
    void aStagingDeployRunsAtOnce() {
        Digest v1 = rig.push("1.0.0");

        Reply r = run("/deploy echo 1.0.0");

        assertThat(r.succeeded()).as(r.text()).isTrue();
        assertThat(r.text()).contains("live in staging");
        assertThat(asked).isEmpty();
        assertThat(rig.runtime.runningNames()).containsExactly("echo-staging-r1");
        assertThat(rig.fakeRegistry.tagged(ReleaseRig.REPO, "staging")).contains(v1);
    }

    @Test
    void aRollbackOfProdIsBreakGlassWithoutAnApproval() {
        Digest v1 = rig.push("1.0.0");
        Digest v2 = rig.push("2.0.0");
        Release old = rig.releases.begin(new ReleaseHistory.NewRelease(new ServiceName("echo"), Env.PROD, "1.0.0", v1, rig.image(v1), Release.Kind.DEPLOY,
                "ou_dev1", "oc_ops", NOW.minusSeconds(7200)), Release.Outcome.IN_PROGRESS);
        rig.releases.live(old.id(), "echo-prod-kept", NOW.minusSeconds(7200));
        rig.releases.knownGood(old.id(), NOW.minusSeconds(7000));
        Release cur = rig.releases.begin(new ReleaseHistory.NewRelease(new ServiceName("echo"), Env.PROD, "2.0.0", v2, rig.image(v2), Release.Kind.DEPLOY,
                "ou_dev1", "oc_ops", NOW.minusSeconds(3600)), Release.Outcome.IN_PROGRESS);
        rig.releases.live(cur.id(), "echo-prod-cur", NOW.minusSeconds(3600));
        rig.existing("echo-prod-kept", Env.PROD, "1.0.0", v1, false, NOW.minusSeconds(7200));
        rig.existing("echo-prod-cur", Env.PROD, "2.0.0", v2, true, NOW.minusSeconds(3600));

        Reply r = run("/rollback echo prod");

        assertThat(com.larkops.model.Text.plain(r.text())).startsWith("BREAK-GLASS rollback of echo prod by ou_dev1 (no approval needed for a rollback): echo 1.0.0");
        assertThat(asked).isEmpty();
        assertThat(rig.runtime.runningNames()).containsExactly("echo-prod-kept");
    }

    @Test
    void refusalsChangeNothingAndAskNobody() {
        rig.fakeRegistry.push(ReleaseRig.REPO, "latest", java.util.Map.of());

        assertThat(run("/deploy echo latest prod").text()).contains("never a floating tag like 'latest'");
        assertThat(run("/deploy nosuch 1.0.0").text()).contains("unknown service 'nosuch'");
        assertThat(run("/deploy echo 9.9.9 prod").text()).contains("not in registry");
        assertThat(router.route(Caller.lark("ou_nobody", "oc_ops"), "/deploy echo latest", Progress.NONE).text())
                .contains("needs the deployer role");
        assertThat(asked).isEmpty();
        assertThat(rig.runtime.calls()).isEmpty();
        assertThat(rig.fakeRegistry.writes()).isEmpty();
    }
}
