package com.larkops.app;

import com.larkops.approval.ApprovalRequest;
import com.larkops.command.ActionSpec;
import com.larkops.command.AuditEntry;
import com.larkops.command.Caller;
import com.larkops.command.CardAction;
import com.larkops.command.CommandObserver;
import com.larkops.command.CommandRouter;
import com.larkops.command.Messenger;
import com.larkops.command.PostedButtons;
import com.larkops.command.Progress;
import com.larkops.command.RateLimit;
import com.larkops.command.Reply;
import com.larkops.config.ConfigFile;
import com.larkops.config.Settings;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.ServiceName;
import com.larkops.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The router as the app wires it for production: the one table {@link Commands} builds (through {@link Services},
 * as the bot and the shell build it), with a real SQLite store and an engine that is not there — every case here is
 * decided before a handler would reach it, or by a handler that needs only the store. Authorisation, the rate limit
 * and auditing happen in the router, for typed commands and card clicks alike.
 */
class CommandRouterTest {
    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    static final String CARD = "om_card";

    @TempDir
    Path dir;
    Database db;
    Services services;
    CommandRouter router;
    final List<AuditEntry> audit = new ArrayList<>();
    final List<String> observed = new ArrayList<>();
    final Map<String, PostedButtons.Status> posted = new java.util.HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        Path config = dir.resolve("larkops.yaml");
        Files.writeString(config, """
                registry: 127.0.0.1:5000
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev]
                  approvers: [ou_lead, ou_lead2]
                services:
                  echo:
                    repository: skills/echo
                    port: 8080
                    health: /healthz
                """);
        Settings settings = Settings.forShell(Map.of("LARKOPS_CONFIG", config.toString(), "LARKOPS_DATA_DIR", dir.resolve("data").toString(),
                "DOCKER_HOST", "unix://" + dir.resolve("no-engine.sock")));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        db = Database.open(settings.dataDir(), settings.database());
        services = new Services(settings, ConfigFile.load(config), db, audit::add, Messenger.UNREACHABLE, clock);
        // the rate limit's time stands still: only the burst counts
        router = services.router((name, outcome, took) -> observed.add(name + " " + outcome.label()), Optional.empty(),
                RateLimit.standard(() -> 0L)).bindClicks((message, action, value) -> posted.getOrDefault(message,
                PostedButtons.Status.NOT_POSTED));
    }

    @AfterEach
    void tearDown() {
        services.close();
        db.close();
    }

    Reply type(String user, String chat, String text) {
        return router.route(Caller.lark(user, chat), text, Progress.NONE);
    }

    ActionSpec.Answer click(String user, String chat, String action, String requestId) {
        return router.act(new CardAction(action, Map.of("action", action, "request_id", requestId), Caller.lark(user, chat), CARD));
    }

    /** A pending prod request by {@code requester}, its card posted as {@link #CARD}. */
    String pendingRequest(String requester) {
        String id = "apr-test" + requester;
        Digest digest = Digest.parse("sha256:" + "a".repeat(64));
        var plan = com.larkops.release.DeployPlanner.plan(new com.larkops.release.Target("echo", Env.PROD, digest, "1.0.0",
                        "127.0.0.1:5000/skills/echo@" + digest.value()), com.larkops.model.Release.Kind.DEPLOY,
                services.config.service("echo").orElseThrow(), "larkops", 0, requester, List.of(), 3);
        services.store.approvals.create(new ApprovalRequest(id, new ServiceName("echo"), Env.PROD, 0, digest, "1.0.0",
                com.larkops.release.PlanCodec.toJson(plan), List.of(), "summary", requester, "oc_ops", NOW, NOW.plusSeconds(600), ApprovalRequest.Status.PENDING,
                Optional.empty(), Optional.empty(), Optional.empty(), ""));
        services.store.approvals.cardMessage(id, CARD);
        return id;
    }

    ApprovalRequest.Status status(String id) {
        return services.store.approvals.byId(id).orElseThrow().status();
    }

    @Test
    void aReaderCannotDeployAndIsRefusedBeforeTheHandlerAndAudited() {
        Reply r = type("ou_stranger", "oc_ops", "/deploy echo 1.0.0");

        assertThat(r.outcome()).isEqualTo(Reply.Outcome.REFUSED);
        assertThat(r.text()).isEqualTo("/deploy needs the deployer role; you are not in roles.deployers in larkops.yaml");
        assertThat(audit).singleElement().satisfies(a -> {
            assertThat(a.actor()).isEqualTo("ou_stranger");
            assertThat(a.command()).isEqualTo("/deploy echo 1.0.0");
            assertThat(a.outcome()).isEqualTo("refused");
        });
    }

    @Test
    void aDeployerRunsADeployersCommandAndTheRoleCanDependOnTheArguments() {
        Reply hold = type("ou_dev", "oc_ops", "/hold echo staging testing");
        assertThat(hold.outcome()).as(hold.text()).isEqualTo(Reply.Outcome.OK);
        assertThat(services.store.guards.hold(new ServiceName("echo"), Env.STAGING)).isPresent();

        assertThat(type("ou_dev", "oc_ops", "/freeze echo staging for 1h testing").text()).contains("needs the approver role");
        assertThat(type("ou_lead", "oc_ops", "/freeze echo staging for 1h testing").outcome()).isEqualTo(Reply.Outcome.OK);
    }

    @Test
    void commandsFromAChatLarkopsDoesNotObeyAreRefusedAndNotAudited() {
        Reply r = type("ou_lead", "oc_random", "/hold echo staging");

        assertThat(r.outcome()).isEqualTo(Reply.Outcome.REFUSED);
        assertThat(r.text()).contains("this chat is not one larkops obeys");
        assertThat(services.store.guards.hold(new ServiceName("echo"), Env.STAGING)).isEmpty();
        assertThat(audit).isEmpty();
    }

    @Test
    void theShellActsAsApproverInAnyChat() {
        assertThat(router.route(Caller.shell("root"), "/freeze echo staging for 1h testing", Progress.NONE).outcome())
                .isEqualTo(Reply.Outcome.OK);
        assertThat(audit).singleElement().extracting(AuditEntry::actor).isEqualTo("os:root");
    }

    @Test
    void usageErrorsShowTheUsageLineAndUnknownCommandsPointToHelp() {
        Reply r = type("ou_dev", "oc_ops", "/hold");
        assertThat(r.outcome()).isEqualTo(Reply.Outcome.USAGE);
        assertThat(r.text()).contains("\nusage: /hold <service> [staging|prod] [reason]");

        assertThat(type("ou_dev", "oc_ops", "/depoly echo").text()).isEqualTo("unknown command /depoly; type /help for the list");
    }

    @Test
    void aDeployerCannotApprove() {
        String id = pendingRequest("ou_dev");

        ActionSpec.Answer byDeployer = click("ou_dev2", "oc_ops", "approve", id);

        assertThat(byDeployer.tone()).isEqualTo(ActionSpec.Tone.ERROR);
        assertThat(byDeployer.text()).isEqualTo("only approvers (roles.approvers) may approve");
        assertThat(status(id)).isEqualTo(ApprovalRequest.Status.PENDING);
        assertThat(audit).extracting(AuditEntry::command, AuditEntry::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("card approve " + id, "refused"));
        assertThat(observed).containsExactly("card:approve refused");
    }

    @Test
    void anApproverCannotApproveTheirOwnRequestButMayRejectIt() {
        String id = pendingRequest("ou_lead");

        ActionSpec.Answer own = click("ou_lead", "oc_ops", "approve", id);

        assertThat(own.tone()).isEqualTo(ActionSpec.Tone.ERROR);
        assertThat(own.text()).isEqualTo("you requested this; another approver must approve it");
        assertThat(status(id)).isEqualTo(ApprovalRequest.Status.PENDING);
        assertThat(click("ou_lead", "oc_ops", "reject", id).text()).isEqualTo("rejected");
        assertThat(status(id)).isEqualTo(ApprovalRequest.Status.REJECTED);
    }

    @Test
    void theRequesterMayRejectTheirOwnRequestAndNobodyElseButAnApprover() {
        String id = pendingRequest("ou_dev");

        assertThat(click("ou_stranger", "oc_ops", "reject", id).text()).isEqualTo("only approvers or the requester may reject");
        assertThat(status(id)).isEqualTo(ApprovalRequest.Status.PENDING);
        assertThat(click("ou_dev", "oc_ops", "reject", id).text()).isEqualTo("rejected");
        assertThat(status(id)).isEqualTo(ApprovalRequest.Status.REJECTED);
    }

    @Test
    void aCardActionFromAChatLarkopsDoesNotObeyIsRefusedAndNotAudited() {
        String id = pendingRequest("ou_dev");

        ActionSpec.Answer elsewhere = click("ou_lead", "oc_elsewhere", "approve", id);

        assertThat(elsewhere.text()).isEqualTo("this chat is not one larkops obeys");
        assertThat(status(id)).isEqualTo(ApprovalRequest.Status.PENDING);
        assertThat(audit).isEmpty();
        assertThat(observed).containsExactly("card:approve refused");
    }

    @Test
    void unknownCardActionsAreRefused() {
        assertThat(click("ou_lead", "oc_ops", "launch", "apr-1").text()).isEqualTo("unknown card action");
    }

    @Test
    void theRateLimitAppliesToCardActionsAndTypedCommandsAlikePerUser() {
        for (int i = 0; i < RateLimit.STANDARD_BURST; i++) {
            assertThat(click("ou_lead", "oc_ops", "reject", "apr-none").text())
                    .isEqualTo("not an approval card of larkops; decide on the request's own card");
        }

        ActionSpec.Answer limited = click("ou_lead", "oc_ops", "reject", "apr-none");

        assertThat(limited.outcome()).isEqualTo(Reply.Outcome.REFUSED);
        assertThat(limited.text()).startsWith("too many commands in a short time; nothing was done");
        assertThat(type("ou_lead", "oc_ops", "/locks").text()).startsWith("too many commands in a short time");
        assertThat(type("ou_dev", "oc_ops", "/locks").outcome()).as("another user").isEqualTo(Reply.Outcome.OK);
        assertThat(audit).last().extracting(AuditEntry::actor).isEqualTo("ou_dev");
    }

    @Test
    void aNextActionClickCountsOnlyForAButtonPostedOnThatCardStillShown() {
        CommandRouter bot = services.router(CommandObserver.NONE, Optional.of(new Commands.Clicks(
                new com.larkops.command.CommandLanes(new com.larkops.command.CommandWorkers(1, 1), new com.larkops.command.CommandWorkers(1, 1), 1),
                Messenger.UNREACHABLE)), RateLimit.standard(() -> 0L))
                .bindClicks((message, action, value) -> message.equals("om_old") ? PostedButtons.Status.SUPERSEDED
                        : message.equals(CARD) ? PostedButtons.Status.CURRENT : PostedButtons.Status.NOT_POSTED);
        Map<String, String> value = Map.of("action", "history", "service", "echo");

        assertThat(bot.act(new CardAction("history", value, Caller.lark("ou_lead", "oc_ops"), "om_forged")).text())
                .isEqualTo("this is not a button larkops posted on this card; nothing was done");
        assertThat(bot.act(new CardAction("history", value, Caller.lark("ou_lead", "oc_ops"), "om_old")).text())
                .startsWith("this card has changed since; nothing was done");
        assertThat(bot.act(new CardAction("rollback", Map.of("action", "rollback", "service", "echo", "env", "staging", "release_id", "1"),
                Caller.lark("ou_stranger", "oc_ops"), CARD)).text()).as("a reader cannot click Roll back")
                .isEqualTo("only deployers (roles.deployers in larkops.yaml) may rollback");
        assertThat(router.act(new CardAction("history", value, Caller.lark("ou_lead", "oc_ops"), "om_old")).text())
                .as("the shell's table has no next-action buttons").isEqualTo("unknown card action");
    }
}
