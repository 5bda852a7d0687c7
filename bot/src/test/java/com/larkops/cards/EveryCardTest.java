package com.larkops.cards;

import com.larkops.i18n.Text;

import com.larkops.approval.ApprovalView;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.larkops.approval.ApprovalRequest;
import com.larkops.config.ServiceConfig;
import com.larkops.i18n.Text;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.release.DeployPlanner;
import com.larkops.release.PlanCodec;
import com.larkops.release.Target;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders every card kind larkops produces, with edge-case data (long names, many services, failure
 * evidence, markdown and mention injection in labels and logs), and validates each against the card
 * JSON 2.0 schema in test resources; then checks that untrusted text stayed inert.
 */
class EveryCardTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final CardSchema SCHEMA = CardSchema.load();
    static final Instant T0 = Instant.parse("2026-11-28T04:00:00Z");
    static final Instant NOW = T0.plusSeconds(95);
    static final String D = "sha256:" + "0123456789ab".repeat(5) + "cdef";
    static final String EVIL = "**bold** <at id=ou_evil></at> <at user_id=\"all\"></at> [click](https://evil.example) `x` | a | <font color='red'>x</font>";
    static final String LONG = "a-very-long-service-name-".repeat(8);

    static Map<String, Map<String, Object>> everyCard() {
        Map<String, Map<String, Object>> cards = new LinkedHashMap<>();
        List<String> steps = List.of("pull registry.example/skills/echo@" + D, "create echo-staging-r7", "start echo-staging-r7",
                "wait until echo-staging-r7 is healthy (/healthz, timeout 60s)", "route echo-staging → echo-staging-r7",
                "stop echo-staging-r6 (kept for rollback)");

        ChangeCard running = new ChangeCard("deploy", "echo", "staging", "ou_dev1", T0).target("1.1.0", D).steps(steps)
                .line(com.larkops.i18n.Text.verbatim("**Now serving** 1.0.0")).footer(com.larkops.i18n.Msg.of("release.card.release_id", 7));
        running.step(0, ChangeCard.StepState.SKIPPED, com.larkops.i18n.Text.verbatim("image already on this host"), T0.plusSeconds(1));
        running.step(1, ChangeCard.StepState.RUNNING, com.larkops.i18n.Text.verbatim(""), T0.plusSeconds(1));
        running.step(1, ChangeCard.StepState.DONE, com.larkops.i18n.Text.verbatim(""), T0.plusSeconds(2));
        running.step(2, ChangeCard.StepState.RUNNING, com.larkops.i18n.Text.verbatim(""), T0.plusSeconds(2));
        cards.put("change running", running.render(NOW));

        ChangeCard live = new ChangeCard("deploy", "echo", "staging", "ou_dev1", T0).target("1.1.0", D).steps(steps);
        for (int i = 0; i < steps.size(); i++) {
            live.step(i, ChangeCard.StepState.RUNNING, com.larkops.i18n.Text.verbatim(""), T0.plusSeconds(i)).step(i, ChangeCard.StepState.DONE, com.larkops.i18n.Text.verbatim(""), T0.plusSeconds(i + 1));
        }
        live.finish(ChangeCard.Outcome.LIVE, com.larkops.i18n.Text.verbatim("live in staging in 6s"), NOW).action(Actions.promote("echo", D))
                .action(Actions.rollback("echo", "staging", 7)).action(Actions.history("echo"));
        cards.put("change live with next actions", live.render(NOW));

        ChangeCard failed = new ChangeCard("deploy", LONG, "prod", "ou_dev2", T0).target(EVIL, D).steps(steps)
                .line(com.larkops.i18n.Text.verbatim("**Approved by** " + Md.mention("ou_lead") + " · **requested by** " + Md.mention("ou_dev2")));
        failed.step(3, ChangeCard.StepState.RUNNING, com.larkops.i18n.Text.verbatim(""), T0.plusSeconds(3)).step(3, ChangeCard.StepState.FAILED, com.larkops.i18n.Text.verbatim(EVIL), T0.plusSeconds(63));
        StringBuilder logs = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            logs.append("line ").append(i).append(" ``` ").append(EVIL).append(" password=****\n");
        }
        failed.evidence(new ChangeCard.Evidence(137, com.larkops.i18n.Text.verbatim("wait until healthy: " + EVIL), logs.toString()))
                .finish(ChangeCard.Outcome.FAILED, com.larkops.i18n.Text.verbatim("failed in prod and rolled back; still serving 1.0.0"), NOW)
                .action(Actions.history(LONG));
        cards.put("change failed with evidence and injection", failed.render(NOW));

        cards.put("change rolled back", new ChangeCard("rollback", "echo", "prod", "os:root", T0).target("1.0.0", D)
                .finish(ChangeCard.Outcome.ROLLED_BACK, com.larkops.i18n.Text.verbatim("rolled back"), NOW).render(NOW));
        cards.put("change settled by recovery, serving line replaced", ChangeCards.recovered("deploy", "larkops", "staging", "ou_dev1", T0,
                new ChangeCards.Serving("0.9.2", D), 7, true, com.larkops.i18n.Text.verbatim(EVIL),
                java.util.Optional.of(new ChangeCards.Serving("0.9.1", "sha256:" + "1".repeat(64))), NOW));
        cards.put("change cancelled, no steps, no digest", new ChangeCard("prune", "all", "", "ou_lead", T0)
                .finish(ChangeCard.Outcome.CANCELLED, com.larkops.i18n.Text.verbatim(EVIL), NOW).render(NOW));

        List<String> many = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            many.add("delete " + LONG + "@" + D + " (" + EVIL + ")");
        }
        ChangeCard prune = new ChangeCard("prune", "all", "", "ou_lead", T0).steps(many);
        for (int i = 0; i < 250; i++) {
            prune.step(i, ChangeCard.StepState.RUNNING, com.larkops.i18n.Text.verbatim(""), T0).step(i, i % 50 == 7 ? ChangeCard.StepState.FAILED : ChangeCard.StepState.DONE,
                    com.larkops.i18n.Text.verbatim(i % 50 == 7 ? EVIL : ""), T0.plusSeconds(1));
        }
        prune.step(250, ChangeCard.StepState.RUNNING, com.larkops.i18n.Text.verbatim(""), T0.plusSeconds(2));
        cards.put("change with 400 steps", prune.render(NOW));

        for (ApprovalRequest.Status s : ApprovalRequest.Status.values()) {
            cards.put("approval " + s.label(), ApprovalView.CARD.render(approval(s), NOW));
        }
        List<FormCards.Option> services = List.of(new FormCards.Option("echo", "echo"), new FormCards.Option(EVIL, LONG + EVIL));
        List<FormCards.Option> versions = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            versions.add(new FormCards.Option("echo:1." + i + ".0", "echo 1." + i + ".0 ✓ ★" + (i == 3 ? EVIL : "")));
        }
        cards.put("form deploy", FormCards.deploy(services, versions, "oc_ops"));
        cards.put("form rollback", FormCards.servicePicker("rollback", services, true, "oc_ops"));
        cards.put("form digest", FormCards.servicePicker("digest", services, false, ""));
        cards.put("form freeze", FormCards.freeze(services, "oc_ops"));
        cards.put("approval with what changed and evil labels", ApprovalView.CARD.render(withSummary(approval(ApprovalRequest.Status.PENDING),
                "**Service** echo\n" + whatChanged().markdown()), NOW));
        ApprovalRequest pending = approval(ApprovalRequest.Status.PENDING);
        cards.put("approval quorum 1 of 2", ApprovalView.CARD.render(quorum(pending, 2, List.of("ou_lead")), NOW));
        cards.put("approval quorum done by 2", ApprovalView.CARD.render(quorum(approval(ApprovalRequest.Status.DONE), 2,
                List.of("ou_lead", "ou_lead2")), NOW));
        cards.put("approval pending, scheduled from its card", ApprovalView.CARD.render(withSummary(pending,
                "**Service** echo\n**Scheduled for** Tue 2026-12-08 10:00 UTC — approving now runs it then, every gate checked again"), NOW));
        cards.put("approval pending in Lark's Approval app", ApprovalView.CARD.render(quorum(pending, 2, List.of("ou_lead"))
                .inLarkApproval("81D31358-93AF-92D6-7425-01A5D67C4E71"), NOW));

        List<StatusCard.Row> rows = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            rows.add(new StatusCard.Row(i == 0 ? LONG : "svc" + i, i % 2 == 0 ? "staging" : "prod", i == 1 ? EVIL : "1." + i + ".0",
                    D, T0.minusSeconds(i * 3600L), i % 3 == 0 ? "os:root" : "ou_dev" + i, i % 5 == 0 ? "UNHEALTHY" : "healthy",
                    i % 7 == 0 ? List.of(Text.verbatim("history says " + EVIL)) : List.of(), Optional.of("1.0.0"), Optional.of(D)));
        }
        rows.add(new StatusCard.Row("idle", "prod", "", "", null, "", "", List.of(), Optional.empty(), Optional.empty()));
        StatusCard.Row mid = new StatusCard.Row("mid", "staging", "1.0.0", D, T0, "ou_dev1", "running", List.of(), Optional.empty(), Optional.empty(),
                List.of(new StatusCard.Share("1.0.0", D, 1), new StatusCard.Share(EVIL, D, 1)),
                Optional.of(new StatusCard.Change(Text.verbatim("deploy"), EVIL, D, "ou_dev1", Text.verbatim("health gate: " + EVIL))),
                List.of(new StatusCard.TaskOn(1, "node-a", D), new StatusCard.TaskOn(2, EVIL, D)));
        cards.put("digest in the middle of a change", StatusCard.render(Text.verbatim("Digests — 1 service(s)"), List.of(mid), NOW));
        cards.put("status many services", StatusCard.render(Text.verbatim("Status — 121 services"), rows, NOW));
        cards.put("digest one service", StatusCard.render(Text.verbatim("Digests — 1 service(s)"), rows.subList(1, 3), NOW));
        cards.put("status no services", StatusCard.render(Text.verbatim("Status — 0 service(s)"), List.of(), NOW));
        List<StatusCard.Node> nodes = new ArrayList<>();
        for (int i = 0; i < 35; i++) {
            List<String> tasks = new ArrayList<>();
            for (int t = 1; t <= (i == 0 ? 25 : i % 3); t++) {
                tasks.add((i == 2 ? EVIL : "svc" + i + "-prod") + "." + t);
            }
            nodes.add(new StatusCard.Node(i == 1 ? EVIL : i == 3 ? LONG : "node-" + i, "n" + i + "abcdefghijklmnopqrstuvwxyz",
                    i == 0 ? "manager" : "worker", i == 4 ? "down/drain" : "ready/active", i == 5 ? "{zone=" + EVIL + "}" : "{zone=a}", tasks));
        }
        cards.put("status swarm nodes", StatusCard.render(Text.verbatim("Status — 2 service(s)"), rows.subList(0, 4), nodes, NOW));

        List<HistoryCard.Row> history = new ArrayList<>();
        for (int i = 60; i > 0; i--) {
            history.add(new HistoryCard.Row(i, T0.minusSeconds((61 - i) * 600L), i % 2 == 0 ? "prod" : "staging",
                    com.larkops.i18n.Msg.of(i % 4 == 0 ? "release.kind.rollback" : "release.kind.deploy"),
                    i == 3 ? EVIL : "1." + i + ".0", D, i % 3 == 0 ? "failed" : "superseded",
                    com.larkops.i18n.Msg.of(i % 3 == 0 ? "release.outcome_word.failed" : "release.outcome_word.superseded"), i % 5 == 0, "ou_dev1",
                    Optional.of(Duration.ofMillis(1500L * i)), i % 3 == 0 ? "wait until healthy: " + EVIL + "\nlast log lines:\nboom" : ""));
        }
        cards.put("history with chart", HistoryCard.render(LONG, history, NOW));
        cards.put("history empty", HistoryCard.render("echo", List.of(), NOW));

        cards.put("logs long", LogsCard.render("echo", "prod", "echo-prod-r9", 500, logs.toString(), NOW));
        cards.put("logs empty", LogsCard.render("echo", "staging", "echo-staging-r1", 50, "", NOW));
        cards.put("status with skills appended", CardJson.appended(StatusCard.render(Text.verbatim("Status"), rows.subList(0, 4), NOW),
                CardJson.markdown(com.larkops.i18n.Text.verbatim("**Skills**\n" + Md.escape(EVIL)))));
        cards.put("skill card rebuilt from a hostile one", SkillCard.rebuild(LONG, SkillCardTest.hostile(EVIL, 40 * 1024)));
        ScheduleCard.View schedule = new ScheduleCard.View("sch-abc", "echo", "prod", EVIL, D, com.larkops.i18n.Text.verbatim("Tue 2026-12-08 10:00 Asia/Shanghai"),
                com.larkops.i18n.Text.verbatim("in 2h 10m"), "pending", "ou_dev1", com.larkops.i18n.Msg.of("command.schedule.approval_waiting", "apr-abc", "pending"), "");
        cards.put("schedule pending", ScheduleCard.render(schedule));
        cards.put("schedule failed with hostile result", ScheduleCard.render(new ScheduleCard.View("sch-abc", LONG, "staging", "1.4.2", D,
                com.larkops.i18n.Text.verbatim("Tue 2026-12-08 10:00 UTC"), com.larkops.i18n.Msg.of("command.countdown.due"), "failed", "os:root", com.larkops.i18n.Text.verbatim(""), EVIL)));
        cards.put("schedule cancelled", ScheduleCard.render(new ScheduleCard.View("sch-abc", "echo", "staging", "1.4.2", D,
                com.larkops.i18n.Text.verbatim("Tue 2026-12-08 10:00 UTC"), com.larkops.i18n.Msg.of("command.countdown.minutes", 5), "cancelled", "ou_dev1", com.larkops.i18n.Text.verbatim(""), "cancelled by <at id=ou_lead></at>")));
        cards.put("schedules list", ScheduleCard.list(java.util.Collections.nCopies(25, schedule), "Asia/Shanghai"));
        cards.put("schedules list empty", ScheduleCard.list(List.of(), "UTC"));
        IncidentCard.Digests serving = new IncidentCard.Digests(EVIL, D);
        IncidentCard.Digests good = new IncidentCard.Digests("1.0.0", "sha256:" + "ab".repeat(32));
        cards.put("incident open", IncidentCard.render(new IncidentCard.View(7, "echo", "prod", Text.verbatim("health check failed: " + EVIL + EVIL.repeat(40)),
                T0, serving, Optional.of(good), Optional.empty()), NOW));
        cards.put("incident open, no other known-good", IncidentCard.render(new IncidentCard.View(8, LONG, "prod", Text.verbatim(EVIL), T0,
                new IncidentCard.Digests("", ""), Optional.empty(), Optional.empty()), NOW));
        cards.put("incident closed", IncidentCard.render(new IncidentCard.View(7, "echo", "prod", Text.verbatim(EVIL), T0, good, Optional.empty(),
                Optional.of(new IncidentCard.Closed(NOW, "ou_dev1"))), NOW));
        cards.put("drift", DriftCard.render(new DriftCard.View("echo", "prod", List.of(Text.verbatim("runs " + EVIL), Text.verbatim(EVIL.repeat(30))), serving,
                Optional.of(good), false), NOW));
        cards.put("drift, nothing deployed", DriftCard.render(new DriftCard.View(LONG, "prod", List.of(Text.verbatim(EVIL)), serving, Optional.empty(), false), NOW));
        cards.put("drift, prod tag moved", DriftCard.render(new DriftCard.View("echo", "prod", List.of(Text.verbatim("the registry's prod tag names x")),
                good, Optional.of(good), true), NOW));
        return cards;
    }

    /** Labels that try everything: markup, mentions, links, a javascript: source, very long text. */
    static WhatChanged whatChanged() {
        Map<String, String> evil = Map.of(WhatChanged.REVISION, EVIL, WhatChanged.SOURCE, "javascript:alert(1) " + EVIL,
                WhatChanged.CREATED, LONG + LONG, WhatChanged.VERSION, EVIL);
        Map<String, String> good = Map.of(WhatChanged.REVISION, "0123456789abcdef0123456789abcdef01234567",
                WhatChanged.SOURCE, "https://github.com/acme/echo", WhatChanged.VERSION, "1.4.2");
        return new WhatChanged(Optional.of(new WhatChanged.Side(D, evil, 12_000_000)), new WhatChanged.Side(D, good, 13_000_000),
                Optional.of(Duration.ofMinutes(95)), java.util.OptionalInt.of(0));
    }

    static ApprovalRequest withSummary(ApprovalRequest r, String summary) {
        return new ApprovalRequest(r.id(), r.service(), r.env(), r.releaseId(), r.digest(), r.version(), r.planJson(), r.runningBefore(),
                summary, r.requester(), r.chat(), r.createdAt(), r.expiresAt(), r.status(), r.decidedBy(), r.decidedAt(),
                r.cardMessageId(), r.result());
    }

    static ApprovalRequest approval(ApprovalRequest.Status status) {
        Digest d = Digest.parse(D);
        ServiceConfig echo = new ServiceConfig("echo", "skills/echo", 8080, "/healthz", Optional.empty(), Duration.ofSeconds(60),
                Duration.ofSeconds(30), Optional.empty(), Optional.empty(), Duration.ofSeconds(10));
        var plan = DeployPlanner.plan(new Target("echo", Env.PROD, d, "1.4.2", "reg/skills/echo@" + D), Release.Kind.DEPLOY, echo,
                "larkops", 12, "ou_dev1", List.of(), 3);
        Optional<String> decided = status == ApprovalRequest.Status.PENDING ? Optional.empty() : Optional.of("ou_lead");
        return new ApprovalRequest("apr-abc", new ServiceName("echo"), Env.PROD, 12, d, "1.4.2", PlanCodec.toJson(plan), List.of(),
                "**Service** echo\n**Version** " + Md.escape(EVIL), "ou_dev1", "oc_ops", T0, T0.plus(Duration.ofDays(14)), status,
                decided, decided.map(x -> T0.plusSeconds(60)), Optional.of("om_card"), EVIL);
    }

    static ApprovalRequest quorum(ApprovalRequest r, int required, List<String> approvedBy) {
        return new ApprovalRequest(r.id(), r.service(), r.env(), r.releaseId(), r.digest(), r.version(), r.planJson(), r.runningBefore(),
                r.summary(), r.requester(), r.chat(), r.createdAt(), r.expiresAt(), r.status(), r.decidedBy(), r.decidedAt(),
                r.cardMessageId(), r.result(), 0, required, approvedBy);
    }

    @Test
    void aQuorumCardShowsWhoApprovedAndHowManyAreStillNeeded() {
        String pending = JSON.valueToTree(everyCard().get("approval quorum 1 of 2")).toString();
        assertThat(pending).contains("**Approved so far** <at id=ou_lead></at> (1 of 2) — 1 more approval needed")
                .contains("\"action\":\"approve\"");
        String done = JSON.valueToTree(everyCard().get("approval quorum done by 2")).toString();
        assertThat(done).contains("**Approved by <at id=ou_lead></at>, <at id=ou_lead2></at>**").doesNotContain("\"action\":\"approve\"");
        String app = JSON.valueToTree(everyCard().get("approval pending in Lark's Approval app")).toString();
        assertThat(app).contains("Decide in Lark's Approval app** (instance `81D31358-93AF-92D6-7425-01A5D67C4E71`)")
                .contains("(1 of 2)").doesNotContain("\"behaviors\"");
    }

    @Test
    void aPendingApprovalCardOffersScheduleBesideExactlyOneApproveAndOneReject() {
        Map<String, Object> pending = everyCard().get("approval pending");
        List<Map<String, String>> buttons = CardButtons.of(pending);
        assertThat(buttons).filteredOn(b -> b.get("action").equals("approve")).hasSize(1);
        assertThat(buttons).filteredOn(b -> b.get("action").equals("reject")).hasSize(1);
        assertThat(buttons).contains(Map.of("action", "schedule_approval", "request_id", "apr-abc"));
        assertThat(JSON.valueToTree(pending).toString()).contains("\"tag\":\"picker_datetime\"").contains("\"name\":\"at\"");
        // once it has a time, the card says when and keeps Approve/Reject, without a second Schedule
        Map<String, Object> scheduled = everyCard().get("approval pending, scheduled from its card");
        assertThat(CardButtons.of(scheduled)).extracting(b -> b.get("action")).containsExactly("approve", "reject");
        assertThat(JSON.valueToTree(scheduled).toString()).contains("**Scheduled for** Tue 2026-12-08 10:00 UTC");
        // a canary or a decided request offers no Schedule
        assertThat(CardButtons.of(everyCard().get("approval approved"))).isEmpty();
    }

    @Test
    void everyCardIsValidCardJson2() {
        Map<String, Map<String, Object>> cards = everyCard();
        assertThat(cards).hasSizeGreaterThan(15);
        cards.forEach((name, card) -> assertThat(SCHEMA.validate(card)).as(name).isEmpty());
    }

    @Test
    void untrustedTextCannotMentionFormatOrLink() {
        everyCard().forEach((name, card) -> {
            // markdown is where text renders; titles and summaries are plain_text, shown literally
            String json = JSON.valueToTree(card).findParents("tag").stream().filter(n -> n.path("tag").asText().equals("markdown"))
                    .map(n -> n.path("content").asText()).toList().toString();
            assertThat(json).as(name + ": nothing becomes a mention, even in a code block").doesNotContain("<at id=ou_evil>");
            json = json.replaceAll("(?s)```.*?```", "[code block]"); // literal inside
            assertThat(json).as(name).doesNotContain("<at id=ou_evil>").doesNotContain("<at user_id=")
                    .doesNotContain("[click](https").doesNotContain("**bold**").doesNotContain("<font color='red'>x</font>");
        });
        String failed = JSON.valueToTree(everyCard().get("change failed with evidence and injection")).toString();
        assertThat(failed).contains("‹at id=ou_evil›").contains("∗∗bold∗∗").contains("[click］(").contains("∣ a ∣");
    }

    @Test
    void usersAreMentionsAndShellUsersStayText() {
        String live = JSON.valueToTree(everyCard().get("change live with next actions")).toString();
        assertThat(live).contains("<at id=ou_dev1></at>").doesNotContain("By** ou_dev1");
        String rolled = JSON.valueToTree(everyCard().get("change rolled back")).toString();
        assertThat(rolled).contains("os:root").doesNotContain("<at id=os:root>");
    }

    @Test
    void aFinishedChangeCardCarriesTheContractWordsAndTheShortDigest() {
        String shortHex = D.substring("sha256:".length(), "sha256:".length() + 12);
        assertThat(JSON.valueToTree(everyCard().get("change live with next actions")).toString()).contains(shortHex).contains("live");
        assertThat(JSON.valueToTree(everyCard().get("change failed with evidence and injection")).toString()).contains(shortHex)
                .contains("failed").contains("rolled back");
        assertThat(JSON.valueToTree(everyCard().get("change rolled back")).toString()).contains(shortHex).contains("rolled back");
    }

    @Test
    void failureEvidenceIsInACollapsedPanelWithExitCodeAndBoundedLogs() {
        JsonNode card = JSON.valueToTree(everyCard().get("change failed with evidence and injection"));
        JsonNode panel = card.findParents("tag").stream().filter(n -> n.path("tag").asText().equals("collapsible_panel")).findFirst().orElseThrow();
        assertThat(panel.path("expanded").asBoolean()).isFalse();
        assertThat(panel.path("header").path("title").path("content").asText()).isEqualTo("Failure evidence · exit code 137");
        String logs = panel.path("elements").get(1).path("content").asText();
        assertThat(logs).startsWith("**Last log lines** (redacted)\n```\n…").endsWith("\n```").contains("line 399");
        assertThat(logs.substring(logs.indexOf("```") + 3, logs.lastIndexOf("```"))).doesNotContain("```").doesNotContain("<at");
    }

    @Test
    void nextActionButtonsCarryWhatTheyWereMadeFor() {
        JsonNode card = JSON.valueToTree(everyCard().get("change live with next actions"));
        List<JsonNode> values = card.findValues("behaviors").stream().map(b -> b.get(0).path("value")).toList();
        assertThat(values).extracting(v -> v.path("action").asText()).containsExactly("promote", "rollback", "history");
        assertThat(values.get(0).path("digest").asText()).isEqualTo(D);
        assertThat(values.get(1).path("release_id").asText()).isEqualTo("7");
        assertThat(JSON.valueToTree(everyCard().get("change running")).findValues("behaviors")).as("no buttons while running").isEmpty();
    }

    @Test
    void aLongPlanShowsAWindowAroundTheRunningStepAndEveryFailure() {
        String steps = JSON.valueToTree(everyCard().get("change with 400 steps")).findParents("tag").stream()
                .filter(n -> n.path("tag").asText().equals("markdown")).map(n -> n.path("content").asText()).toList().toString();
        assertThat(steps).contains("400 steps: 245 done, 0 skipped, 5 failed, 149 pending").contains("▶ 251. delete")
                .contains("✗ 8. delete").contains("✗ 208. delete").doesNotContain("○ 300. ");
    }

    @Test
    void theStatusCardCapsRowsAndMarksDriftInRed() {
        String json = JSON.valueToTree(everyCard().get("status many services")).toString();
        assertThat(json).contains("<font color='red'>**DRIFT**</font>").contains("31 more rows not shown");
        assertThat(JSON.valueToTree(everyCard().get("status many services")).path("header").path("template").asText()).isEqualTo("red");
    }

    @Test
    void theSwarmStatusCardListsNodesAndTheirTasksBounded() {
        List<String> md = JSON.valueToTree(everyCard().get("status swarm nodes")).findParents("tag").stream()
                .filter(n -> n.path("tag").asText().equals("markdown")).map(n -> n.path("content").asText()).toList();
        String all = md.toString();
        assertThat(md.get(0)).startsWith("**Nodes: 35**\n| Node | Role | State | Tasks |")
                .contains("| node-0 <font color='grey'>n0abcdefghij</font> <font color='grey'>{zone=a}</font> | manager | "
                        + "<font color='green'>ready/active</font> | svc0-prod.1, ")
                .contains("svc0-prod.10 +15 more |").doesNotContain("svc0-prod.11");
        assertThat(all).contains("<font color='red'>down/drain</font>").contains("| node-29 ").doesNotContain("| node-30 ")
                .contains("svc7-prod.1");
        assertThat(JSON.valueToTree(everyCard().get("status swarm nodes")).toString()).contains("5 more nodes not shown");
        assertThat(md.subList(0, 3)).allSatisfy(t -> assertThat(t.length()).isLessThan(CardJson.MAX_MARKDOWN));
        assertThat(JSON.valueToTree(everyCard().get("status swarm nodes")).toString().length()).as("well under Lark's 30 KB")
                .isLessThan(30_000);
        // and the service rows follow the nodes (three node tables, then the "more nodes" note)
        assertThat(md.get(4)).startsWith("| Service | Env |");
    }

    @Test
    void theHistoryCardHasAChartOfTheReleases() {
        JsonNode chart = JSON.valueToTree(everyCard().get("history with chart")).findParents("chart_spec").get(0).path("chart_spec");
        assertThat(chart.path("type").asText()).isEqualTo("bar");
        assertThat(chart.path("data").get(0).path("values")).hasSize(50);
        assertThat(chart.path("data").get(0).path("values").get(0).path("release").asText()).as("oldest left").startsWith("#11 ");
        assertThat(chart.path("data").get(0).path("values").get(49).path("release").asText()).startsWith("#60 ");
    }

    @Test
    void theIncidentCardOffersRollbackToTheKnownGoodLogsAndHoldUntilClosed() {
        String open = JSON.valueToTree(everyCard().get("incident open")).toString();
        assertThat(open).contains("\"action\":\"incident_rollback\"").contains("sha256:" + "ab".repeat(32))
                .contains("incident_logs").contains("incident_hold").contains("Roll back to 1.0.0");
        String none = JSON.valueToTree(everyCard().get("incident open, no other known-good")).toString();
        assertThat(none).doesNotContain("incident_rollback").contains("incident_logs");
        String closed = JSON.valueToTree(everyCard().get("incident closed")).toString();
        assertThat(closed).doesNotContain("\"behaviors\"").contains("Incident closed #7").contains("<at id=ou_dev1></at>");
        String drift = JSON.valueToTree(everyCard().get("drift")).toString();
        assertThat(drift).contains("drift_adopt").contains("drift_revert").contains("sha256:" + "ab".repeat(32));
    }

    @Test
    void theSchemaRejectsWhatCardJson2Rejects() {
        Map<String, Object> ok = everyCard().get("change live with next actions");
        assertThat(SCHEMA.validate(ok)).isEmpty();
        Map<String, Object> unknown = new LinkedHashMap<>(ok);
        unknown.put("wide_screen_mode", true);
        assertThat(SCHEMA.validate(unknown)).anyMatch(e -> e.contains("unknown property 'wide_screen_mode'"));
        Map<String, Object> v1 = Map.of("schema", "2.0", "config", Map.of("update_multi", true), "header",
                Map.of("title", Map.of("tag", "plain_text", "content", "x")),
                "body", Map.of("elements", List.of(Map.of("tag", "action", "actions", List.of()), Map.of("tag", "note", "elements", List.of()))));
        assertThat(SCHEMA.validate(v1)).hasSize(2).allMatch(e -> e.contains("is not an element card JSON 2.0 allows"));
        Map<String, Object> badButton = Map.of("schema", "2.0", "config", Map.of("update_multi", false), "header",
                Map.of("title", Map.of("tag", "plain_text", "content", "x")),
                "body", Map.of("elements", List.of(Map.of("tag", "button", "text", Map.of("tag", "plain_text", "content", "Go"),
                        "value", Map.of("action", "approve")))));
        assertThat(SCHEMA.validate(badButton)).anyMatch(e -> e.contains("update_multi")).anyMatch(e -> e.contains("unknown property 'value'"))
                .anyMatch(e -> e.contains("missing required property 'behaviors'"));
    }
}
