package com.larkops.lark;

import com.lark.oapi.core.response.BaseResponse;
import com.lark.oapi.core.response.RawResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LarkMessengerTest {
    @Test
    void onlyMentionsFromTypedUserFieldsBecomeMentions() {
        assertThat(LarkMessenger.mentions("echo staging is being changed by " + com.larkops.model.Text.mention("ou_dev2") + " since 10:00"))
                .isEqualTo("echo staging is being changed by <at user_id=\"ou_dev2\"></at> since 10:00");
        assertThat(LarkMessenger.mentions("os:root and you_ou_x")).isEqualTo("os:root and you_ou_x");
    }

    @Test
    void freeTextNeverMentionsAnyone() {
        // a hold reason, a skill's text: a bare id, "by ou_…" and a raw tag all stay text
        assertThat(LarkMessenger.mentions("held (by ou_evil) since 10:00")).isEqualTo("held (by ou_evil) since 10:00");
        assertThat(LarkMessenger.mentions("<at id=ou_evil></at> and \u2063\u200Bou_evil\u2064")).doesNotContain("<at");
        assertThat(LarkMessenger.mentions("<at user_id=\"all\"></at> and <AT id=all></at>"))
                .doesNotContain("<at").doesNotContain("<AT").contains("‹at user_id=\"all\"");
    }

    @Test
    void aRateLimitIsRecognisedByCodeOrStatusAndItsResetIsRead() {
        BaseResponse<Object> limited = new BaseResponse<>();
        limited.setCode(99991400);
        RawResponse raw = new RawResponse();
        raw.setStatusCode(429);
        raw.setHeaders(Map.of("X-Ogw-Ratelimit-Reset", List.of("7")));
        limited.setRawResponse(raw);
        assertThat(LarkMessenger.isRateLimited(limited)).isTrue();
        assertThat(LarkMessenger.resetSeconds(limited)).isEqualTo(7);

        BaseResponse<Object> byStatus = new BaseResponse<>();
        byStatus.setCode(0);
        RawResponse r2 = new RawResponse();
        r2.setStatusCode(429);
        r2.setHeaders(Map.of());
        byStatus.setRawResponse(r2);
        assertThat(LarkMessenger.isRateLimited(byStatus)).isTrue();
        assertThat(LarkMessenger.resetSeconds(byStatus)).as("no header: wait a second").isEqualTo(1);

        BaseResponse<Object> refused = new BaseResponse<>();
        refused.setCode(230002);
        assertThat(LarkMessenger.isRateLimited(refused)).isFalse();
    }
}
