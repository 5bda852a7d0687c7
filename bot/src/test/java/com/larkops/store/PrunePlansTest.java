package com.larkops.store;

import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.model.Digest;
import com.larkops.retention.AttachmentDecision;
import com.larkops.retention.HostRemoval;
import com.larkops.retention.ImageDecision;
import com.larkops.retention.PrunePlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PrunePlansTest {
    @Test
    void storesTheLatestPlanPerScopeUntilApplied(@TempDir Path dir) {
        Digest d = Digest.parse("sha256:" + "c".repeat(64));
        Instant made = Instant.parse("2024-06-01T10:00:00Z");
        PrunePlan plan = new PrunePlan("echo", made,
                List.of(new ImageDecision("team/echo", d, List.of("1.0.0"), null, 42L, true, List.of(com.larkops.i18n.Text.verbatim("old")))),
                List.of(new HostRemoval(HostRemoval.Kind.IMAGE, "sha256:id", List.of("r/team/echo@" + d), "echo", d, 7L, com.larkops.i18n.Text.verbatim("unused"))));
        try (Database db = Database.open(dir)) {
            PrunePlans plans = new PrunePlans(db);
            plans.save(plan);
            assertThat(plans.latest("echo", made.minusSeconds(60))).hasValueSatisfying(back -> assertThat(back.describe()).isEqualTo(plan.describe()));
            assertThat(plans.latest("all", made.minusSeconds(60))).isEmpty();
            assertThat(plans.latest("echo", made.plusSeconds(1))).as("too old").isEmpty();
            plans.markApplied("echo", made, made.plusSeconds(5));
            assertThat(plans.latest("echo", made.minusSeconds(60))).isEmpty();
        }
    }

    @Test
    void signatureDecisionsSurviveStorageAndOlderPlansReadWithoutThem() {
        Digest image = Digest.parse("sha256:" + "c".repeat(64));
        Digest sig = Digest.parse("sha256:" + "d".repeat(64));
        PrunePlan plan = new PrunePlan("echo", Instant.parse("2024-06-01T10:00:00Z"),
                List.of(new ImageDecision("team/echo", image, List.of("1.0.0"), null, 42L, true, List.of(com.larkops.i18n.Text.verbatim("old")))), List.of(),
                List.of(new AttachmentDecision("team/echo", sig, "signature", List.of("sha256-" + image.hex() + ".sig"), List.of(image),
                        true, com.larkops.i18n.Msg.of("pipeline.prune.attached_to", com.larkops.i18n.Msg.of("pipeline.prune.subject.deleted", image.shortForm())))));
        PrunePlan back = PrunePlans.read(PrunePlans.write(plan));
        assertThat(back.attachments()).extracting(AttachmentDecision::manifest).containsExactly(sig);
        for (com.larkops.i18n.Language l : com.larkops.i18n.Language.values()) {
            assertThat(back.text().in(l)).as(l.key()).isEqualTo(plan.text().in(l));
        }
        String older = PrunePlans.write(plan).replaceFirst(",\"attachments\":\\[.*\\]}$", "}");
        assertThat(older).doesNotContain("attachments");
        assertThat(PrunePlans.read(older).attachments()).isEmpty();
    }

    @Test
    void aStoredPlanReplaysItsReasonsInEachLanguageAndAnOlderOneAsWritten() {
        Digest old = Digest.parse("sha256:" + "c".repeat(64));
        Digest kept = Digest.parse("sha256:" + "e".repeat(64));
        Instant made = Instant.parse("2024-06-01T10:00:00Z");
        PrunePlan plan = new PrunePlan("echo", made, List.of(
                new ImageDecision("team/echo", old, List.of("1.0.0"), made.minusSeconds(40 * 86400L), 42L, true,
                        List.of(Msg.of("pipeline.prune.reason.unprotected", 10, 30))),
                new ImageDecision("team/echo", kept, List.of(), null, null, false,
                        List.of(Msg.of("pipeline.prune.reason.runs", "echo-prod-r9"), Msg.of("pipeline.prune.reason.build_unknown")))),
                List.of(new HostRemoval(HostRemoval.Kind.CONTAINER, "echo-staging-r1", List.of(), "echo", old, null,
                        Msg.of("pipeline.prune.why.stopped", "3d", 3, "echo staging"))));
        PrunePlan back = PrunePlans.read(PrunePlans.write(plan));
        assertThat(back.text().in(Language.ZH_CN)).contains(
                "  删除 1.0.0 " + old.value() + " 构建于 40d 前 42 B — 不属于最新的 10 个，30 天内未部署，不受保护",
                "  保留 （无标签） " + kept.value() + " 构建时间未知 — 运行于 echo-prod-r9; 构建时间未知",
                "  移除容器 echo-staging-r1 — 已停止（3d前），超出 echo staging 中为回滚保留的最新 3 个");
        assertThat(back.text().in(Language.JA_JP)).contains("最新 10 個に含まれず");
        assertThat(back.describe()).as("English as it always read").contains(
                "  delete 1.0.0 " + old.value() + " 40d old 42 B — not among the newest 10, not deployed within 30d, not protected",
                "  keep   (untagged) " + kept.value() + " age unknown — runs in echo-prod-r9; build time unknown",
                "  remove container echo-staging-r1 — stopped (3d ago), beyond the newest 3 kept for rollback in echo staging");

        // a plan stored before the reasons were stored in every language: its reasons read as written, the rest translated
        String stored = "{\"scope\":\"echo\",\"madeAt\":" + made.toEpochMilli() + ",\"registry\":[{\"repository\":\"team/echo\","
                + "\"digest\":\"" + old.value() + "\",\"delete\":true,\"tags\":[\"1.0.0\"],\"reasons\":[\"not among the newest 10\"],"
                + "\"size\":42}],\"host\":[]}";
        assertThat(PrunePlans.read(stored).text().in(Language.ZH_CN)).contains("  删除 1.0.0 " + old.value() + " 构建时间未知 42 B — not among the newest 10");
    }
}
