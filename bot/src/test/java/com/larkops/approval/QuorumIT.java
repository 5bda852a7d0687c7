package com.larkops.approval;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.larkops.testing.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code approvals.prod} with a quorum of two and approvers by Lark user group and department, through signed
 * {@code card.action.trigger} callbacks against the real engine and registry. Lark's contact API is WireMock,
 * answering in the shapes Lark documents: {@code group/{id}/member/simplelist} ({@code memberlist} of
 * {@code member_id}s) and {@code users/find_by_department} ({@code items} with {@code open_id}), paged with
 * {@code page_token}/{@code has_more}. Group {@code g_oncall} always fails (no permission): whoever is not found
 * before it is refused with that reason, never let through.
 */
class QuorumIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String NETWORK = "larkops-qu-" + SUFFIX;
    static final String RUNS = "qu" + SUFFIX + "-runs";
    static final String FAILS = "qu" + SUFFIX + "-fails";
    static final Duration SOAK = Duration.ofMinutes(5);
    static String v1;
    static BotHarness bot;

    @BeforeAll
    static void setUp() {
        String host = TestRegistry.get().host();
        v1 = TestImages.push(host, "quorumit/" + RUNS, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        TestImages.copy(host, "quorumit/" + RUNS, "1.0.0", "quorumit/" + FAILS);
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
                    approvers: [ou_lead, "group:g_leads", "department:od_sre", "group:g_oncall"]
                    required: 2
                services:
                  %s:
                    repository: quorumit/%s
                    soak: 5m
                    health_timeout: 5s
                  %s:
                    repository: quorumit/%s
                    soak: 5m
                    health_timeout: 5s
                """.formatted(host, NETWORK, RUNS, RUNS, FAILS, FAILS)).start();
        var lark = bot.lark.server();
        // g_leads: the requester ou_dev1 and ou_g1
        lark.stubFor(get(urlPathEqualTo("/open-apis/contact/v3/group/g_leads/member/simplelist"))
                .willReturn(json(200, """
                        {"code":0,"msg":"success","data":{"memberlist":[
                          {"member_id":"ou_dev1","member_type":"user","member_id_type":"open_id"},
                          {"member_id":"ou_g1","member_type":"user","member_id_type":"open_id"}],
                         "page_token":"","has_more":false}}""")));
        // od_sre: two pages, ou_d2 on the second
        lark.stubFor(get(urlPathEqualTo("/open-apis/contact/v3/users/find_by_department")).withQueryParam("page_token", absent())
                .willReturn(json(200, """
                        {"code":0,"msg":"success","data":{"has_more":true,"page_token":"AQD9/Rn9eij9Pm39ED40/page2",
                         "items":[{"open_id":"ou_d1","user_id":"d1","name":"D One","department_ids":["od_sre"]}]}}""")));
        lark.stubFor(get(urlPathEqualTo("/open-apis/contact/v3/users/find_by_department"))
                .withQueryParam("page_token", equalTo("AQD9/Rn9eij9Pm39ED40/page2"))
                .willReturn(json(200, """
                        {"code":0,"msg":"success","data":{"has_more":false,"page_token":"",
                         "items":[{"open_id":"ou_d2","user_id":"d2","name":"D Two","department_ids":["od_sre"]}]}}""")));
        // g_oncall: the app lacks the scope, as Lark answers it
        lark.stubFor(get(urlPathEqualTo("/open-apis/contact/v3/group/g_oncall/member/simplelist"))
                .willReturn(json(400, """
                        {"code":99991672,"msg":"Access denied. One of the following scopes is required: [contact:group:readonly]."}""")));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        DockerCli.removeService(RUNS, null);
        DockerCli.removeService(FAILS, NETWORK);
    }

    /** 1.0.0 known-good in staging, then {@code /promote} by ou_dev1; returns the request id. */
    static String requested(String service) {
        bot.command("ou_dev1", "/deploy " + service + " 1.0.0", "live in staging");
        bot.passSoak(service, "staging", SOAK);
        return ApprovalIT.requestIdIn(bot.command("ou_dev1", "/promote " + service + " to prod", "approval requested"));
    }

    @Test
    void twoDistinctApproversFromAGroupAndADepartmentRunThePlanOnce() throws Exception {
        String id = requested(RUNS);
        FakeLark.Sent card = bot.lark.await(s -> s.isReply() && s.text().contains(id), Duration.ofSeconds(10), "the approval card");
        assertThat(card.text()).contains("Approvals needed** 2").contains("members of Lark group g_leads")
                .contains("members of department od_sre").contains("Waiting for 2 different approvers.");

        assertThat(click("ou_dev1", "approve", id)).as("the requester, though in g_leads").contains("another approver must approve");
        String first = click("ou_g1", "approve", id);
        assertThat(first).contains("approved (1 of 2)").contains("1 more approval still needed")
                .contains("Approved so far** <at id=ou_g1></at> (1 of 2) — 1 more approval needed");
        assertThat(click("ou_g1", "approve", id)).as("a double click counts once").contains("you approved this already (1 of 2)");
        assertThat(sql("SELECT status FROM approvals WHERE id='" + id + "'")).isEqualTo("PENDING");
        assertThat(sql("SELECT COUNT(*) FROM approval_votes WHERE request_id='" + id + "'")).isEqualTo("1");
        assertThat(prodContainers(RUNS)).isEmpty();

        String second = click("ou_d2", "approve", id);
        assertThat(second).contains("approved — deploying").contains("Approved by <at id=ou_g1></at>, <at id=ou_d2></at>");
        bot.lark.await(s -> s.method().equals("PATCH") && s.text().contains(RUNS + " 1.0.0 → prod — live"), Duration.ofSeconds(60),
                "the card patched to live");
        assertThat(prodContainers(RUNS)).hasSize(1);
        assertThat(docker("inspect", "--format", "{{index .Config.Labels \"larkops.digest\"}}", prodContainers(RUNS).get(0)).strip())
                .isEqualTo(v1);
        assertThat(click("ou_lead", "approve", id)).contains("already done");
        assertThat(prodContainers(RUNS)).as("ran once").hasSize(1);
        assertThat(sql("SELECT status FROM approvals WHERE id='" + id + "'")).isEqualTo("DONE");

        // each approval is in the audit log, with the count it made
        assertThat(sql("SELECT detail FROM audit WHERE actor='ou_g1' AND command='card approve " + id + "' ORDER BY id LIMIT 1"))
                .contains("approved (1 of 2)");
        assertThat(sql("SELECT detail FROM audit WHERE actor='ou_d2' AND command='card approve " + id + "'")).contains("approved");
        // asked as Lark documents: open_ids of user members; the department walked page by page
        bot.lark.server().verify(getRequestedFor(urlPathEqualTo("/open-apis/contact/v3/group/g_leads/member/simplelist"))
                .withQueryParam("member_id_type", equalTo("open_id")).withQueryParam("member_type", equalTo("user")));
        bot.lark.server().verify(getRequestedFor(urlPathEqualTo("/open-apis/contact/v3/users/find_by_department"))
                .withQueryParam("department_id", equalTo("od_sre")).withQueryParam("user_id_type", equalTo("open_id"))
                .withQueryParam("page_token", equalTo("AQD9/Rn9eij9Pm39ED40/page2")));
    }

    @Test
    void aContactApiFailureRefusesTheClickWithItsReasonAndCountsNothing() throws Exception {
        String id = requested(FAILS);

        String refused = click("ou_dev2", "approve", id);
        assertThat(refused).contains("cannot check whether you may approve: Lark did not say who is in group:g_oncall")
                .contains("99991672").contains("nothing was done");
        assertThat(click("ou_dev2", "reject", id)).contains("cannot check whether you may approve");
        assertThat(sql("SELECT status FROM approvals WHERE id='" + id + "'")).isEqualTo("PENDING");
        assertThat(sql("SELECT COUNT(*) FROM approval_votes WHERE request_id='" + id + "'")).isEqualTo("0");
        assertThat(sql("SELECT outcome FROM audit WHERE actor='ou_dev2' AND command='card approve " + id + "'")).isEqualTo("refused");

        // a listed user needs no lookup; one approval of two runs nothing
        assertThat(click("ou_lead", "approve", id)).contains("approved (1 of 2)");
        assertThat(prodContainers(FAILS)).isEmpty();
        assertThat(click("ou_lead", "reject", id)).contains("rejected");
        assertThat(sql("SELECT status FROM approvals WHERE id='" + id + "'")).isEqualTo("REJECTED");
        assertThat(prodContainers(FAILS)).isEmpty();
    }

    static String click(String user, String action, String requestId) throws Exception {
        String message = sql("SELECT card_message_id FROM approvals WHERE id='" + requestId + "'");
        var event = bot.events.cardAction("ev_card_" + UUID.randomUUID(), user, "oc_ops", message,
                Map.of("action", action, "request_id", requestId));
        var r = bot.post(bot.events.deliver(event));
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    static List<String> prodContainers(String service) {
        String out = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + service,
                "--filter", "label=larkops.env=prod").strip();
        return out.isEmpty() ? List.of() : out.lines().toList();
    }

    static String sql(String query) throws Exception {
        return Sqlite.query(bot.dataDir, query);
    }
}
