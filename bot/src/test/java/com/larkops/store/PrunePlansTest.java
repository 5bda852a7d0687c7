package com.larkops.store;

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
                List.of(new ImageDecision("team/echo", d, List.of("1.0.0"), null, 42L, true, List.of("old"))),
                List.of(new HostRemoval(HostRemoval.Kind.IMAGE, "sha256:id", List.of("r/team/echo@" + d), "echo", d, 7L, "unused")));
        try (Database db = Database.open(dir)) {
            PrunePlans plans = new PrunePlans(db);
            plans.save(plan);
            assertThat(plans.latest("echo", made.minusSeconds(60))).contains(plan);
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
                List.of(new ImageDecision("team/echo", image, List.of("1.0.0"), null, 42L, true, List.of("old"))), List.of(),
                List.of(new AttachmentDecision("team/echo", sig, "signature", List.of("sha256-" + image.hex() + ".sig"), List.of(image),
                        true, "attached to " + image.shortForm() + " is deleted in this plan")));
        assertThat(PrunePlans.read(PrunePlans.write(plan))).isEqualTo(plan);
        String older = PrunePlans.write(plan).replaceFirst(",\"attachments\":\\[.*\\]}$", "}");
        assertThat(older).doesNotContain("attachments");
        assertThat(PrunePlans.read(older).attachments()).isEmpty();
    }
}
