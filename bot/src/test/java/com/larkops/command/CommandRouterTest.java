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

    @Test
    void cardActionsTakeTheSamePathPolicyAuditAndMetrics() {
        List<String> observed = new ArrayList<>();
        CommandRouter r = new CommandRouter(new Policy(List.of("oc_ops"), Set.of("ou_dev"), Set.of("ou_lead")), audit::add,
                (name, outcome, took) -> observed.add(name + " " + outcome.label()), Clock.systemUTC())
                .bindClicks((message, action, value) -> message.equals("om_card") ? PostedButtons.Status.CURRENT : PostedButtons.Status.NOT_POSTED);
        AtomicInteger approved = new AtomicInteger();
        r.registerAction(new ActionSpec("approve", Role.APPROVER, a -> {
            approved.incrementAndGet();
            return new ActionSpec.Answer(Reply.Outcome.OK, ActionSpec.Tone.SUCCESS, "approved " + a.get("request_id"),
                    java.util.Optional.empty());
        }));
        java.util.Map<String, String> value = java.util.Map.of("action", "approve", "request_id", "apr-1");

        ActionSpec.Answer byDeployer = r.act(new CardAction("approve", value, Caller.lark("ou_dev", "oc_ops"), "om_card"));
        assertThat(byDeployer.tone()).isEqualTo(ActionSpec.Tone.ERROR);
        assertThat(byDeployer.text()).isEqualTo("only approvers (roles.approvers in larkops.yaml) may approve");
        assertThat(approved).hasValue(0);

        ActionSpec.Answer elsewhere = r.act(new CardAction("approve", value, Caller.lark("ou_lead", "oc_other"), "om_card"));
        assertThat(elsewhere.text()).isEqualTo("this chat is not one larkops obeys");
        assertThat(approved).hasValue(0);

        ActionSpec.Answer byLead = r.act(new CardAction("approve", value, Caller.lark("ou_lead", "oc_ops"), "om_card"));
        assertThat(byLead.text()).isEqualTo("approved apr-1");
        assertThat(approved).hasValue(1);

        assertThat(r.act(new CardAction("launch", value, Caller.lark("ou_lead", "oc_ops"), "om_card")).text())
                .isEqualTo("unknown card action");
        // audited like commands: the refusal and the success, not the click from a chat larkops does not obey
        assertThat(audit).extracting(AuditEntry::actor, AuditEntry::command, AuditEntry::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ou_dev", "card approve apr-1", "refused"),
                org.assertj.core.groups.Tuple.tuple("ou_lead", "card approve apr-1", "ok"));
        assertThat(observed).containsExactly("card:approve refused", "card:approve refused", "card:approve ok", "card:unknown refused");
    }

    @Test
    void aClickCountsOnlyForAButtonPostedOnThatCardStillShownAndAuthorisedAsTheTypedCommand() {
        java.util.Map<String, PostedButtons.Status> posted = new java.util.HashMap<>(java.util.Map.of(
                "om_card", PostedButtons.Status.CURRENT, "om_old", PostedButtons.Status.SUPERSEDED));
        CommandRouter r = new CommandRouter(new Policy(List.of("oc_ops"), Set.of("ou_dev"), Set.of("ou_lead")), audit::add,
                CommandObserver.NONE, Clock.systemUTC())
                .bindClicks((message, action, value) -> posted.getOrDefault(message, PostedButtons.Status.NOT_POSTED));
        r.register(CommandSpec.of("lead", "/lead", "approvers only", Role.APPROVER, req -> Reply.ok("led")));
        AtomicInteger ran = new AtomicInteger();
        r.registerAction(new ActionSpec("go", Role.READER, a -> {
            ran.incrementAndGet();
            return new ActionSpec.Answer(Reply.Outcome.OK, ActionSpec.Tone.INFO, "went", java.util.Optional.empty());
        }, ActionSpec.Binding.POSTED, a -> java.util.Optional.of("/lead")));
        java.util.Map<String, String> value = java.util.Map.of("action", "go");

        assertThat(r.act(new CardAction("go", value, Caller.lark("ou_lead", "oc_ops"), "om_forged")).text())
                .isEqualTo("this is not a button larkops posted on this card; nothing was done");
        assertThat(r.act(new CardAction("go", value, Caller.lark("ou_lead", "oc_ops"), "om_old")).text())
                .startsWith("this card has changed since; nothing was done");
        assertThat(r.act(new CardAction("go", value, Caller.lark("ou_dev", "oc_ops"), "om_card")).text())
                .as("the typed command's role, checked at click time").contains("/lead needs the approver role");
        assertThat(ran).hasValue(0);
        assertThat(r.act(new CardAction("go", value, Caller.lark("ou_lead", "oc_ops"), "om_card")).text()).isEqualTo("went");
        assertThat(ran).hasValue(1);
        assertThat(new CommandRouter(new Policy(List.of(), Set.of(), Set.of("ou_lead")), audit::add, CommandObserver.NONE,
                Clock.systemUTC()).registerAction(new ActionSpec("go", Role.READER, a -> {
                    ran.incrementAndGet();
                    return ActionSpec.Answer.refused("ran");
                })).act(new CardAction("go", value, Caller.lark("ou_lead", "oc_ops"), "om_card")).text())
                .as("no record of posted buttons: no click counts").contains("not a button larkops posted");
        assertThat(ran).hasValue(1);
    }
}
