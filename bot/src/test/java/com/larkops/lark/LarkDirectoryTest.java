package com.larkops.lark;

import com.larkops.model.ApproverRef;
import com.larkops.release.Directory;
import com.larkops.testing.FakeLark;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contact API through the SDK against WireMock: members read, answers cached, failures never cached. */
class LarkDirectoryTest {
    static final String GROUP = "/open-apis/contact/v3/group/g_leads/member/simplelist";
    final FakeLark lark = new FakeLark();
    final List<String> calls = new ArrayList<>();
    // each test its own app id: the SDK's token cache is per client, ours is per app id (see DESIGN)
    final LarkDirectory directory = new LarkDirectory(LarkClients.create("cli_dir_" + UUID.randomUUID().toString().substring(0, 8),
            "secret", lark.baseUrl()), (api, outcome) -> calls.add(api + " " + outcome));

    @AfterEach
    void tearDown() {
        lark.close();
    }

    void group(int status, String body) {
        lark.server().stubFor(get(urlPathEqualTo(GROUP)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(body)));
    }

    @Test
    void aGroupsMembersAreReadOnceAndCached() {
        group(200, """
                {"code":0,"msg":"success","data":{"memberlist":[{"member_id":"ou_a","member_type":"user","member_id_type":"open_id"},
                 {"member_id":"ou_b","member_type":"user","member_id_type":"open_id"}],"page_token":"","has_more":false}}""");
        ApproverRef ref = ApproverRef.parse("group:g_leads");

        assertThat(directory.members(ref)).containsExactly("ou_a", "ou_b");
        assertThat(directory.members(ref)).containsExactly("ou_a", "ou_b");

        lark.server().verify(1, getRequestedFor(urlPathEqualTo(GROUP)));
        assertThat(calls).containsExactly("contact.group_member.simplelist ok");
    }

    @Test
    void aFailureIsNotCachedAndSaysWhatLarkAnswered() {
        group(400, "{\"code\":99991672,\"msg\":\"Access denied. One of the following scopes is required: [contact:group:readonly].\"}");
        ApproverRef ref = ApproverRef.parse("group:g_leads");

        assertThatThrownBy(() -> directory.members(ref)).isInstanceOf(Directory.Unavailable.class).hasMessageContaining("99991672");
        group(200, "{\"code\":0,\"msg\":\"success\",\"data\":{\"memberlist\":[{\"member_id\":\"ou_a\",\"member_type\":\"user\","
                + "\"member_id_type\":\"open_id\"}],\"has_more\":false}}");
        assertThat(directory.members(ref)).containsExactly("ou_a");
        lark.server().verify(2, getRequestedFor(urlPathEqualTo(GROUP)));
    }
}
