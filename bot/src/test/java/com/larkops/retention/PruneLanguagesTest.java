package com.larkops.retention;

import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.model.Digest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A /prune plan and its --apply report read in each language; digests, tags, names and the engine's words stay as they are. */
class PruneLanguagesTest {
    static final Instant MADE = Instant.parse("2026-11-24T12:00:00Z");
    static final Digest OLD = Digest.parse("sha256:" + "3".repeat(64));
    static final Digest SIG = Digest.parse("sha256:" + "5".repeat(64));

    @Test
    void thePlansDecisionLinesAndReasonsReadInChineseAndJapanese() {
        PrunePlan plan = new PrunePlan("echo", MADE, List.of(
                new ImageDecision("skills/echo", OLD, List.of("3.0.0"), MADE.minusSeconds(90 * 86400L), 2048L, true,
                        List.of(Msg.of("pipeline.prune.reason.unprotected", 10, 30)))),
                List.of(new HostRemoval(HostRemoval.Kind.IMAGE, "sha256:img", List.of("r/skills/echo:3.0.0"), "echo", OLD, null,
                        Msg.of("pipeline.prune.why.unused_image"))),
                List.of(new AttachmentDecision("skills/echo", SIG, "signature", List.of(), List.of(OLD), true,
                        Msg.of("pipeline.prune.attached_to", Msg.of("pipeline.prune.subject.deleted", OLD.shortForm())))));
        assertThat(plan.describe()).contains(
                "  delete 3.0.0 " + OLD.value() + " 90d old 2.0 KB — not among the newest 10, not deployed within 30d, not protected",
                "  delete signature " + SIG.shortForm() + " (untagged) — attached to " + OLD.shortForm() + " is deleted in this plan",
                "  remove image r/skills/echo:3.0.0 — no container uses it and its digest is not protected");
        assertThat(plan.text().in(Language.ZH_CN)).contains(
                "  删除 3.0.0 " + OLD.value() + " 构建于 90d 前 2.0 KB — 不属于最新的 10 个，30 天内未部署，不受保护",
                "  删除 signature " + SIG.shortForm() + "（无标签） — 附属于 " + OLD.shortForm() + " 在本计划中删除",
                "  移除镜像 r/skills/echo:3.0.0 — 没有容器使用，且其摘要不受保护");
        assertThat(plan.text().in(Language.JA_JP)).contains("  削除 3.0.0 " + OLD.value() + " 90d前にビルド 2.0 KB — 最新 10 個に含まれず");
    }

    @Test
    void theApplyReportsSkipsReadInChineseWithTheLiveReasons() {
        PruneReport report = new PruneReport(new PrunePlan("echo", MADE, List.of(), List.of()));
        report.skipped(Text.verbatim("skills/echo@" + OLD.value()),
                Msg.of("pipeline.prune.skip.now_protected", Text.joined("; ", List.of(Msg.of("pipeline.prune.reason.runs", "echo-prod-r9")))));
        report.removed(new HostRemoval(HostRemoval.Kind.CONTAINER, "echo-staging-r1", List.of(), "echo", OLD, null, Text.verbatim("")));
        assertThat(report.skipped()).containsExactly("skills/echo@" + OLD.value() + " — now protected: runs in echo-prod-r9");
        assertThat(report.text(MADE).in(Language.ZH_CN)).contains("已移除 容器 echo-staging-r1")
                .contains("已跳过 skills/echo@" + OLD.value() + " — 现已受保护：运行于 echo-prod-r9");
    }
}
