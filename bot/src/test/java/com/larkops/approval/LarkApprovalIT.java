package com.larkops.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.FakeLark;
import com.larkops.testing.Sqlite;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.larkops.testing.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code approvals.prod.mode: lark-approval}: a prod request becomes an instance in Lark's Approval app
 * ({@code POST /open-apis/approval/v4/instances}, WireMock) and the approvers' task events ({@code approval_task},
 * signed and encrypted as Lark sends them, in the 1.0 envelope the Approval app uses) decide it with the same checks
 * as a card click: the approver named by the event, listed or in a listed group, never the requester.
 */
class LarkApprovalIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String NETWORK = "larkops-la-" + SUFFIX;
    static final String SERVICE = "la" + SUFFIX + "-app";
    static final String CODE = "7C468A54-8745-2245-9675-08B7C63E7A85";
    static final String INSTANCE = "81D31358-93AF-92D6-7425-01A5D67C4E71";
    static String v1;
    static BotHarness bot;

    @BeforeAll
    static void setUp() {
        String host = TestRegistry.get().host();
        v1 = TestImages.push(host, "larkapprovalit/" + SERVICE, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        TestImages.push(host, "larkapprovalit/" + SERVICE, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY);
        bot = new BotHarness("""
                registry: %s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1, ou_dev2]
                  approvers: [ou_lead]
                network: %s
                approval_ttl: 1h
                approvals:
                  prod:
                    approvers: [ou_lead, "group:g_leads"]
                    mode: lark-approval
                    approval_code: %s
                services:
                  %s:
                    repository: larkapprovalit/%s
                    soak: 5m
                    health_timeout: 5s
                """.formatted(host, NETWORK, CODE, SERVICE, SERVICE)).start();
        var lark = bot.lark.server();
        lark.stubFor(post(urlPathEqualTo("/open-apis/approval/v4/approvals/" + CODE + "/subscribe")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody("{\"code\":0,\"msg\":\"success\",\"data\":{}}")));
        lark.stubFor(post(urlPathEqualTo("/open-apis/approval/v4/instances/cancel")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody("{\"code\":0,\"msg\":\"success\",\"data\":{}}")));
        lark.stubFor(post(urlPathEqualTo("/open-apis/approval/v4/instances")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"code\":0,\"msg\":\"success\",\"data\":{\"instance_code\":\"" + INSTANCE + "\"}}")));
        lark.stubFor(get(urlPathEqualTo("/open-apis/contact/v3/group/g_leads/member/simplelist")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("""
                        {"code":0,"msg":"success","data":{"memberlist":[
                          {"member_id":"ou_g1","member_type":"user","member_id_type":"open_id"}],"page_token":"","has_more":false}}""")));
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        DockerCli.removeService(SERVICE, NETWORK);
    }

    @Test
    void theApprovalAppsTaskEventsDecideTheRequestWithTheCardsChecks() throws Exception {
        bot.command("ou_dev1", "/deploy " + SERVICE + " 1.0.0", "live in staging");
        bot.passSoak(SERVICE, "staging", Duration.ofMinutes(5));
        String promote = bot.send("ou_dev1", "/promote " + SERVICE + " to prod");
        String reply = bot.lark.awaitReply(promote, t -> t.contains("approval requested"), Duration.ofSeconds(60)).text();
        assertThat(reply).contains("approvers decide in Lark's Approval app (instance " + INSTANCE + ")");
        String id = ApprovalIT.requestIdIn(reply);
        FakeLark.Sent card = bot.lark.await(s -> s.isReply() && s.text().contains(id), Duration.ofSeconds(10), "the approval card");
        assertThat(card.text()).contains("Decide in Lark's Approval app").contains(INSTANCE);
        assertThat(card.content().findValues("behaviors")).as("no buttons: the decision is in the Approval app").isEmpty();

        // the app subscribed to the definition's events before its first instance (else Lark sends no task event)
        assertThat(bot.lark.server().findAll(postRequestedFor(urlPathEqualTo("/open-apis/approval/v4/approvals/" + CODE + "/subscribe"))))
                .hasSize(1);
        // the instance: the configured definition, initiated by the requester, idempotent on the request id
        var created = bot.lark.server().findAll(postRequestedFor(urlPathEqualTo("/open-apis/approval/v4/instances")));
        assertThat(created).hasSize(1);
        JsonNode body = JSON.readTree(created.get(0).getBodyAsString());
        assertThat(body.path("approval_code").asText()).isEqualTo(CODE);
        assertThat(body.path("open_id").asText()).isEqualTo("ou_dev1");
        assertThat(body.path("uuid").asText()).isEqualTo(id);
        JsonNode form = JSON.readTree(body.path("form").asText());
        assertThat(form.get(0).path("id").asText()).isEqualTo("larkops");
        assertThat(form.get(0).path("type").asText()).isEqualTo("textarea");
        assertThat(form.get(0).path("value").asText()).contains(SERVICE).contains(v1).contains(id);

        // the requester approving their own request in the app counts for nothing, and the card's thread says so
        assertThat(task("ou_dev1", "APPROVED", "ev-own").statusCode()).isEqualTo(200);
        bot.lark.await(s -> s.isReply() && s.path().contains(card.responseMessageId()) && s.text().contains("you requested this"),
                Duration.ofSeconds(20), "the refusal in the card's thread");
        // so does a user who is no approver
        task("ou_dev2", "APPROVED", "ev-dev2");
        bot.lark.await(s -> s.isReply() && s.path().contains(card.responseMessageId()) && s.text().contains("only approvers"),
                Duration.ofSeconds(20), "the second refusal");
        assertThat(sql("SELECT status FROM approvals WHERE id='" + id + "'")).isEqualTo("PENDING");
        assertThat(prodContainers()).isEmpty();

        // a member of g_leads approves in the app: the stored plan runs, the card goes live; a redelivery changes nothing
        assertThat(task("ou_g1", "APPROVED", "ev-g1").statusCode()).isEqualTo(200);
        bot.lark.await(s -> s.method().equals("PATCH") && s.text().contains(SERVICE + " 1.0.0 → prod — live"), Duration.ofSeconds(60),
                "the card patched to live");
        assertThat(task("ou_g1", "APPROVED", "ev-g1").statusCode()).isEqualTo(200);
        assertThat(prodContainers()).hasSize(1);
        assertThat(docker("inspect", "--format", "{{index .Config.Labels \"larkops.digest\"}}", prodContainers().get(0)).strip())
                .isEqualTo(v1);
        assertThat(sql("SELECT decided_by FROM approvals WHERE id='" + id + "'")).isEqualTo("ou_g1");
        assertThat(sql("SELECT COUNT(*) FROM audit WHERE actor='ou_g1' AND command='card approve " + id + "'")).isEqualTo("1");
        assertThat(sql("SELECT outcome FROM audit WHERE actor='ou_dev1' AND command='card approve " + id + "'")).isEqualTo("refused");
    }

    @Test
    void whenTheApprovalAppRefusesTheInstanceProdIsNotChangedAndNothingWaits() throws Exception {
        StubMapping refused = bot.lark.server().stubFor(post(urlPathEqualTo("/open-apis/approval/v4/instances")).atPriority(1)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody("{\"code\":1390001,\"msg\":\"param is invalid\"}")));
        try {
            bot.command("ou_dev1", "/deploy " + SERVICE + " 2.0.0", "live in staging");
            bot.passSoak(SERVICE, "staging", Duration.ofMinutes(5));
            String answer = bot.command("ou_dev1", "/promote " + SERVICE + " to prod", "prod was not changed");
            assertThat(answer).contains("Approval app").contains("1390001");
            assertThat(sql("SELECT COUNT(*) FROM approvals WHERE version='2.0.0'")).isEqualTo("0");
            assertThat(sql("SELECT COUNT(*) FROM releases WHERE version='2.0.0' AND env='prod' AND outcome='AWAITING_APPROVAL'"))
                    .isEqualTo("0");
        } finally {
            bot.lark.server().removeStub(refused);
        }

        // the app answers again: the next request gets its instance; nobody decides, so at its TTL the instance is closed too
        String again = bot.send("ou_dev1", "/promote " + SERVICE + " to prod");
        String id = ApprovalIT.requestIdIn(bot.lark.awaitReply(again, t -> t.contains("approval requested"), Duration.ofSeconds(60)).text());
        bot.advance(Duration.ofMinutes(61));
        assertThat(sql("SELECT status FROM approvals WHERE id='" + id + "'")).isEqualTo("EXPIRED");
        var cancels = bot.lark.server().findAll(postRequestedFor(urlPathEqualTo("/open-apis/approval/v4/instances/cancel")));
        assertThat(cancels).hasSize(1);
        assertThat(cancels.get(0).getUrl()).contains("user_id_type=open_id");
        JsonNode cancel = JSON.readTree(cancels.get(0).getBodyAsString());
        assertThat(cancel.path("approval_code").asText()).isEqualTo(CODE);
        assertThat(cancel.path("instance_code").asText()).isEqualTo(INSTANCE);
        assertThat(cancel.path("user_id").asText()).isEqualTo("ou_dev1");
    }

    /** A signed, encrypted {@code approval_task} event as the Approval app sends it (1.0 envelope). */
    static java.net.http.HttpResponse<String> task(String openId, String status, String uuid) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("app_id", bot.appId);
        event.put("tenant_key", "tk");
        event.put("type", "approval_task");
        event.put("approval_code", CODE);
        event.put("instance_code", INSTANCE);
        event.put("task_id", "1234567890");
        event.put("user_id", openId.substring(3));
        event.put("open_id", openId);
        event.put("status", status);
        event.put("operate_time", String.valueOf(bot.clock.instant().toEpochMilli()));
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("ts", bot.clock.instant().getEpochSecond() + ".7171419");
        envelope.put("uuid", uuid);
        envelope.put("token", BotHarness.TOKEN);
        envelope.put("type", "event_callback");
        envelope.put("event", event);
        return bot.post(bot.events.deliver(envelope));
    }

    static List<String> prodContainers() {
        String out = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + SERVICE,
                "--filter", "label=larkops.env=prod").strip();
        return out.isEmpty() ? List.of() : out.lines().toList();
    }

    static String sql(String query) throws Exception {
        return Sqlite.query(bot.dataDir, query);
    }
}
