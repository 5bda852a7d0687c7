package com.larkops.command;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Authorisation and auditing happen in the router, before and after any handler, for every command. */
class CommandRouterTest {
    final List<AuditEntry> audit = new ArrayList<>();
    final AtomicInteger deploys = new AtomicInteger();
    CommandRouter router;

    @BeforeEach
    void setUp() {
        router = new CommandRouter(new Policy(List.of("oc_ops"), Set.of("ou_dev"), Set.of("ou_lead")), audit::add,
                CommandObserver.NONE, Clock.systemUTC());
        router.register(CommandSpec.of("deploy", "/deploy <service> <version>", "deploy", Role.DEPLOYER, r -> {
            if (r.command().args().size() != 2) {
                throw new UsageException("missing arguments");
            }
            deploys.incrementAndGet();
            return Reply.ok("deployed " + r.command().arg(0));
        }));
        router.register(new CommandSpec("prune", "/prune [--apply]", "prune",
                c -> c.hasFlag("apply") ? Role.APPROVER : Role.READER, r -> Reply.ok("pruned")));
        router.register(CommandSpec.of("boom", "/boom", "fails", Role.READER, r -> {
            throw new IllegalStateException("engine said no");
        }));
    }

    @Test
    void deployerRuns() {
        Reply r = router.route(Caller.lark("ou_dev", "oc_ops"), "/deploy echo 1.0.0", Progress.NONE);
        assertThat(r.outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(deploys).hasValue(1);
        assertThat(audit).singleElement().satisfies(a -> {
            assertThat(a.actor()).isEqualTo("ou_dev");
            assertThat(a.command()).isEqualTo("/deploy echo 1.0.0");
            assertThat(a.outcome()).isEqualTo("ok");
        });
    }

    @Test
    void approversMayDoWhatDeployersMay() {
        assertThat(router.route(Caller.lark("ou_lead", "oc_ops"), "/deploy echo 1.0.0", Progress.NONE).succeeded()).isTrue();
    }

    @Test
    void unauthorisedUserIsRefusedBeforeTheHandlerAndAudited() {
        Reply r = router.route(Caller.lark("ou_stranger", "oc_ops"), "/deploy echo 1.0.0", Progress.NONE);
        assertThat(r.outcome()).isEqualTo(Reply.Outcome.REFUSED);
        assertThat(r.text()).contains("needs the deployer role").contains("roles.deployers");
        assertThat(deploys).hasValue(0);
        assertThat(audit).singleElement().extracting(AuditEntry::outcome).isEqualTo("refused");
    }

    @Test
    void roleCanDependOnTheArguments() {
        assertThat(router.route(Caller.lark("ou_dev", "oc_ops"), "/prune", Progress.NONE).succeeded()).isTrue();
        Reply apply = router.route(Caller.lark("ou_dev", "oc_ops"), "/prune --apply", Progress.NONE);
        assertThat(apply.outcome()).isEqualTo(Reply.Outcome.REFUSED);
        assertThat(apply.text()).contains("approver");
        assertThat(router.route(Caller.lark("ou_lead", "oc_ops"), "/prune --apply", Progress.NONE).succeeded()).isTrue();
    }

    @Test
    void otherChatsAreRefusedAndNotAudited() {
        Reply r = router.route(Caller.lark("ou_dev", "oc_random"), "/deploy echo 1.0.0", Progress.NONE);
        assertThat(r.outcome()).isEqualTo(Reply.Outcome.REFUSED);
        assertThat(deploys).hasValue(0);
        assertThat(audit).isEmpty();
    }

    @Test
    void theShellActsAsApproverInAnyChat() {
        assertThat(router.route(Caller.shell("root"), "/prune --apply", Progress.NONE).succeeded()).isTrue();
        assertThat(audit).singleElement().extracting(AuditEntry::actor).isEqualTo("os:root");
    }

    @Test
    void usageErrorsShowTheUsageLine() {
        Reply r = router.route(Caller.lark("ou_dev", "oc_ops"), "/deploy echo", Progress.NONE);
        assertThat(r.outcome()).isEqualTo(Reply.Outcome.USAGE);
        assertThat(r.text()).isEqualTo("missing arguments\nusage: /deploy <service> <version>");
    }

    @Test
    void unknownCommandsPointToHelp() {
        Reply r = router.route(Caller.lark("ou_dev", "oc_ops"), "/depoly echo", Progress.NONE);
        assertThat(r.text()).isEqualTo("unknown command /depoly; type /help for the list");
        assertThat(audit).isEmpty();
    }

    @Test
    void handlerFailuresBecomeErrorRepliesNotCrashes() {
        Reply r = router.route(Caller.lark("ou_dev", "oc_ops"), "/boom", Progress.NONE);
        assertThat(r.outcome()).isEqualTo(Reply.Outcome.ERROR);
        assertThat(r.text()).isEqualTo("/boom failed: engine said no");
        assertThat(audit).singleElement().extracting(AuditEntry::outcome).isEqualTo("error");
    }
}
