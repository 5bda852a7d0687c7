package com.larkops.tryit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlainTextTest {
    static final String DIGEST = "sha256:209d252a2811a7043e9bc6898b2d8ba2c4a5214343fec7efa649dc8b5429162d";

    @Test
    void markdownBecomesWhatATerminalShows() {
        String card = "**Service** echo by <at id=ou_lead></at>\n```\nstart echo-staging-r1\n```\n"
                + "<font color='red'>failed</font> `sha256:abc`";
        assertThat(PlainText.markdown(card)).isEqualTo("Service echo by @ou_lead\nstart echo-staging-r1\nfailed sha256:abc");
        assertThat(PlainText.markdown("<at user_id=\"ou_x\">Lead</at> approved")).isEqualTo("@ou_x approved");
    }

    @Test
    void wrapsAtWordsWithinEightyColumnsAndKeepsEveryWord() {
        String text = "echo 1.0.0 (sha256:209d252a2811) failed in staging and was rolled back after the health check "
                + "timed out; the old container kept serving " + DIGEST;
        String wrapped = PlainText.wrap("larkops ▸ ", "    ", text);
        assertThat(wrapped.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
        assertThat(wrapped).startsWith("larkops ▸ echo 1.0.0").endsWith("\n");
        assertThat(wrapped.replace("\n    ", " ").strip()).isEqualTo("larkops ▸ " + text);
        assertThat(wrapped.lines().skip(1)).allSatisfy(l -> assertThat(l).startsWith("    "));
    }

    @Test
    void cutsAWordLongerThanALine() {
        String word = "x".repeat(200);
        String wrapped = PlainText.wrap("> ", "  ", word);
        assertThat(wrapped.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
        assertThat(wrapped.replace("\n  ", "").strip()).isEqualTo("> " + word);
    }

    @Test
    void chineseTakesTwoColumnsACharacterAndIsCutWithinEightyColumnsKeepingEveryCharacter() {
        String text = "你在 2026-12-07 10:00:00 UTC 发出的命令“/deploy echo 1.0.0”因机器人停止而中断，可能没有完成；"
                + "再次运行前请先查看 /digest 和 /history，确认哪个摘要正在运行以及最近一次发布的结果，然后再决定是否重新运行，"
                + "如果仍不确定，请联系值班的审批人一起确认当前线上版本与预期一致之后再继续操作";
        String wrapped = PlainText.wrap("larkops ▸ ", "    ", text);
        assertThat(wrapped.lines()).hasSizeGreaterThan(2)
                .allSatisfy(l -> assertThat(PlainText.width(l)).isLessThanOrEqualTo(80));
        assertThat(wrapped.lines().map(l -> l.startsWith("    ") ? l.substring(4) : l).reduce("", (x, y) -> x + y).replace(" ", ""))
                .isEqualTo(("larkops ▸ " + text).replace(" ", ""));
        assertThat(PlainText.width("部署 echo")).isEqualTo(9);
        assertThat(Welcome.terminalHelp(com.larkops.i18n.Language.ZH_CN).lines())
                .allSatisfy(l -> assertThat(PlainText.width(l)).isLessThanOrEqualTo(80));
        assertThat(Welcome.terminalHelp(com.larkops.i18n.Language.JA_JP).lines())
                .allSatisfy(l -> assertThat(PlainText.width(l)).isLessThanOrEqualTo(80));
    }

    @Test
    void theTerminalHelpFitsEightyColumns() {
        assertThat(Welcome.terminalHelp().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    }
}
